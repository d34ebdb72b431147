"""User lexicon folders extend the built-in lexicons at every depth, and bad folders are named."""
import json

import pytest
from click.testing import CliRunner

from claimtrack.cli import main
from claimtrack.lexicon import MAX_FORM_VARIANTS, LexiconError, load_lexicon


def _folder(tmp_path, **files):
    d = tmp_path / "lex"
    d.mkdir(exist_ok=True)
    for name, data in files.items():
        (d / f"{name}.json").write_text(json.dumps({"version": 1, **data}), encoding="utf-8")
    return str(d)


def test_user_frame_forms_extend_every_language(tmp_path):
    base = load_lexicon().triggers.frames["supply_weapons"]
    d = _folder(tmp_path, triggers={"frames": {"supply_weapons": {"en": ["hand{s,ed} over"]}}})
    merged = load_lexicon((d,)).triggers.frames["supply_weapons"]
    assert merged["en"] == base["en"] + ["hand{s,ed} over"]
    assert merged["uk"] == base["uk"] and merged["ru"] == base["ru"]
    assert set(merged) == set(base)


def test_user_pronouns_extend_the_built_in_ones(tmp_path):
    base = load_lexicon().speakers.pronouns
    d = _folder(tmp_path, speakers={"pronouns": {"en": {"person": ["the envoy"]}}})
    merged = load_lexicon((d,)).speakers.pronouns
    assert merged["en"]["person"] == base["en"]["person"] + ["the envoy"]
    assert merged["en"]["group"] == base["en"]["group"]
    assert merged["uk"] == base["uk"]


def test_lists_are_unions_without_duplicates(tmp_path):
    base = load_lexicon().cues.cues["en"]
    d = _folder(tmp_path, cues={"cues": {"en": [base[0].model_dump(), {"forms": ["opin{e,ed}"], "type": "say"}]}})
    merged = load_lexicon((d,)).cues.cues["en"]
    assert merged[: len(base)] == base and len(merged) == len(base) + 1


def test_same_canonical_replaces_an_actor_and_new_ones_are_added(tmp_path):
    d = _folder(tmp_path, actors={"actors": [
        {"canonical": "Belarus", "kind": "country", "aliases": ["Belarus", "Bielorussia"]},
        {"canonical": "Ivo Testaroli", "kind": "person", "affiliation": "Italy", "aliases": ["Ivo Testaroli"]},
    ]})
    base = load_lexicon()
    lex = load_lexicon((d,))
    assert len(lex.actors.actors) == len(base.actors.actors) + 1
    assert lex.actor_by_name["Belarus"].aliases == ["Belarus", "Bielorussia"]
    assert lex.actor_by_name["Ivo Testaroli"].affiliation == "Italy"


def test_remove_section_takes_entries_out(tmp_path):
    base = load_lexicon()
    first_cue = base.cues.cues["en"][0].model_dump()
    d = _folder(tmp_path,
                actors={"actors": [], "remove": {"actors": ["Belarus"]}},
                speakers={"remove": {"pronouns": {"en": {"person": ["the latter"]}}}},
                cues={"remove": {"cues": {"en": [first_cue]}}})
    lex = load_lexicon((d,))
    assert "Belarus" not in lex.actor_by_name
    assert "the latter" not in lex.speakers.pronouns["en"]["person"]
    assert "he" in lex.speakers.pronouns["en"]["person"]
    assert len(lex.cues.cues["en"]) == len(base.cues.cues["en"]) - 1


def test_user_cue_works_beside_the_built_in_cues(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("The minister opined that the border would stay open. "
                   "The general said the talks had failed.\n", encoding="utf-8")
    d = _folder(tmp_path, cues={"cues": {"en": [{"forms": ["opin{e,es,ed}"], "type": "say"}]}})
    r = CliRunner().invoke(main, ["--store", str(tmp_path / "s.db"), "--lexicon", d, "extract",
                                  str(art), "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    cues = {json.loads(line)["cue"] for line in r.stdout.splitlines()}
    assert {"opined", "said"} <= cues


@pytest.mark.parametrize("files, message", [
    ({"cues": {"version": 2, "cues": {}}}, "version: 2"),
    ({"cue": {"version": 1, "cues": {}}}, "unknown lexicon file cue.json"),
])
def test_bad_folders_are_named(tmp_path, files, message):
    d = tmp_path / "lex"
    d.mkdir()
    for name, data in files.items():
        (d / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        load_lexicon((str(d),))


def test_brace_bomb_is_refused_before_expanding_naming_its_entry(tmp_path):
    bomb = "x" + "{a,b}" * 22
    d = _folder(tmp_path, cues={"cues": {"en": [{"forms": [bomb], "type": "say"}]}})
    with pytest.raises(LexiconError, match=r"cues\.en\[0\]\.forms\[0\].*4194304 variants"):
        load_lexicon((d,))
    ok = "x" + "{a,b}" * 8
    assert 2 ** 8 <= MAX_FORM_VARIANTS
    d2 = _folder(tmp_path, cues={"cues": {"en": [{"forms": [ok], "type": "say"}]}})
    load_lexicon((d2,))


def test_cli_reports_a_bad_lexicon_in_one_line(tmp_path):
    d = _folder(tmp_path, markers={"version": 7})
    art = tmp_path / "a.txt"
    art.write_text("The minister said the border would stay open.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["--store", str(tmp_path / "s.db"), "--lexicon", d, "extract", str(art)])
    assert r.exit_code == 2
    assert "version" in r.output and "Traceback" not in r.output
