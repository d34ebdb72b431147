import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimtrack.cli import main
from conftest import write_corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture()
def run(tmp_path):
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(main, ["--store", str(tmp_path / "s.db"), *args], input=input, catch_exceptions=False)

    return invoke


def test_help_everywhere(run):
    for cmd in ([], ["extract"], ["claims"], ["schema"], ["conflicts"], ["diff"]):
        r = run(*cmd, "--help")
        assert r.exit_code == 0 and "Usage" in r.output


def test_extract_jsonl_to_stdout_when_piped_and_sorted(run):
    r = run("extract", str(SEEDS))
    assert r.exit_code == 0
    recs = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(recs) > 50
    keys = [(c["doc"]["id"], c["evidence"]["start"]) for c in recs]
    assert keys == sorted(keys)
    assert "5 documents" in r.stderr


def test_output_file_formats_and_store(run, tmp_path):
    for fmt in ("json", "csv", "markdown", "jsonl"):
        out = tmp_path / f"c.{fmt}"
        assert run("extract", str(SEEDS), "--format", fmt, "-o", str(out)).exit_code == 0
        assert out.stat().st_size > 1000
    assert json.loads((tmp_path / "c.json").read_text())[0]["id"]
    assert (tmp_path / "c.csv").read_text().startswith("id,doc_id")
    r = run("claims", "--actor", "Russia", "--format", "jsonl")
    recs = [json.loads(x) for x in r.stdout.splitlines()]
    assert recs and all("Trump" not in c["speaker"]["canonical"] for c in recs)
    assert any("Lavrov" in c["speaker"]["canonical"] for c in recs)
    r = run("claims", "--weapon", "Oreshnik", "--format", "jsonl")
    assert all("Oreshnik" in c["weapons"] for c in map(json.loads, r.stdout.splitlines()))


def test_stdin_document(run):
    r = run("extract", "-", "--format", "jsonl", "--no-store",
            input="Kremlin spokesman Dmitry Peskov said talks with Kyiv were frozen.")
    assert r.exit_code == 0 and "Peskov" in r.stdout


def test_exit_codes_for_bad_input(run, tmp_path):
    corpus = write_corpus(tmp_path / "c", {
        "good.txt": "Dmitry Peskov said the talks were over.",
        "bad.jsonl": '{"text": "Lavrov said no."}\n{oops\n',
        "image.txt": b"\x89PNG\x00\x00\x01\x02" * 20})
    r = run("extract", str(corpus), "--format", "jsonl")
    assert r.exit_code == 1
    assert "bad.jsonl:2" in r.stderr and "image.txt" in r.stderr and "Traceback" not in r.stderr
    assert "Peskov" in r.stdout and "Lavrov" in r.stdout
    assert run("extract", str(corpus), "--strict", "--format", "jsonl").exit_code == 2
    assert run("extract", str(tmp_path / "missing")).exit_code == 2


def test_rerun_replaces_corpus_and_reuses_unchanged_files(run, tmp_path):
    corpus = write_corpus(tmp_path / "c", {"a.txt": "Dmitry Peskov said the talks were over.",
                                           "b.txt": "Sergei Lavrov said Moscow would respond."})
    run("extract", str(corpus), "--format", "jsonl")
    (corpus / "b.txt").write_text("Sergei Lavrov said Moscow would wait.")
    r = run("extract", str(corpus), "--format", "jsonl")
    assert "1 unchanged" in r.stderr
    stored = run("claims", "--format", "jsonl").stdout
    assert "would wait" in stored and "would respond" not in stored


def test_schema(run):
    r = run("schema")
    schema = json.loads(r.stdout)
    assert {"id", "doc", "speaker", "via", "evidence", "said_on"} <= set(schema["properties"])


def test_claims_without_store_is_a_clear_error(tmp_path):
    r = CliRunner().invoke(main, ["--store", str(tmp_path / "none.db"), "claims"])
    assert r.exit_code == 2 and "claimtrack extract" in r.output


def test_conflicts_from_store_file_and_folder(run, tmp_path):
    run("extract", str(SEEDS), "--format", "jsonl", "-o", str(tmp_path / "c.jsonl"))
    from_store = json.loads(run("conflicts", "--format", "json").stdout)["conflicts"]
    from_file = json.loads(run("conflicts", str(tmp_path / "c.jsonl"), "--format", "json").stdout)["conflicts"]
    from_folder = json.loads(run("conflicts", str(SEEDS), "--format", "json").stdout)["conflicts"]
    assert from_store and from_store == from_file == from_folder
    assert len(from_store) <= 15
    for f in from_store:
        assert {"a", "b", "kind", "frame", "actors", "score", "explanation"} <= set(f) and 0 <= f["score"] <= 1


def test_conflicts_filters_and_fail_on(run):
    run("extract", str(SEEDS), "--format", "jsonl")
    russia = json.loads(run("conflicts", "--actor", "Russia", "--format", "json").stdout)["conflicts"]
    assert russia
    for f in russia:
        sides = [f["a"], f["b"]]
        assert any("Russia" in (c["speaker"].get("affiliation") or "") or "Russia" in (c["frame"].get("agent") or "")
                   or c["frame"].get("agent") in ("Kremlin", "Sergei Lavrov") or "Russia" in (c["frame"].get("target") or "")
                   for c in sides)
    only = json.loads(run("conflicts", "--kind", "disputed", "--format", "json").stdout)["conflicts"]
    assert only and {f["kind"] for f in only} == {"disputed"}
    assert run("conflicts", "--format", "json").exit_code == 0
    assert run("conflicts", "--fail-on", "contradiction", "--format", "json").exit_code == 1
    assert run("conflicts", "--kind", "nonsense").exit_code == 2
    csv_out = run("conflicts", "--format", "csv").stdout
    assert csv_out.startswith("id,kind,frame")
    md = run("conflicts", "--format", "markdown").stdout
    assert md.startswith("## claimtrack conflicts")
    groups = json.loads(run("conflicts", "--corroboration", "--format", "json").stdout)["groups"]
    wp = [g for g in groups if g["frame"] == "request_aid" and "Russia" in g["actors"]]
    assert wp and wp[0]["origins"] == ["The Washington Post"] and wp[0]["languages"] == ["en", "uk"]


def test_other_file_types_are_a_warning_not_a_failure(run, tmp_path):
    corpus = write_corpus(tmp_path / "c", {"a.txt": "Dmitry Peskov said the talks were over.", "scan.pdf": b"%PDF-1.4"})
    r = run("extract", str(corpus), "--format", "jsonl")
    assert r.exit_code == 0 and "scan.pdf" in r.stderr and "unsupported file type" in r.stderr


def test_workers_do_not_change_the_claims(run, tmp_path, monkeypatch):
    """--jobs 1, --jobs 2 and the default (every core for 200 files or more) give the same bytes."""
    import claimtrack.pipeline as P

    paragraphs = [p for f in sorted(SEEDS.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n")
                  if len(p) > 80 and not p.startswith("---")]
    corpus = write_corpus(tmp_path / "big", {f"a{i:03}.txt": "\n\n".join(paragraphs[i % len(paragraphs):][:3])
                                             for i in range(P.AUTO_JOBS_MIN_FILES)})
    asked = []

    def two_workers(files: list, size: int) -> int:  # the default's choice, made parallel even on 1 core
        asked.append(len(files))
        return 2

    monkeypatch.setattr(P, "auto_jobs", two_workers)
    outs = {}
    for jobs in ("1", "2", None):
        args = ["extract", str(corpus), "--no-store"] + (["--jobs", jobs] if jobs else [])
        r = run(*args)
        assert r.exit_code == 0, r.stderr
        outs[jobs] = r.stdout
    assert asked == [P.AUTO_JOBS_MIN_FILES] and len(outs["1"].splitlines()) > 200
    assert outs["1"] == outs["2"] == outs[None]


def test_auto_jobs_uses_one_worker_for_small_corpora():
    from claimtrack.pipeline import AUTO_JOBS_MIN_BYTES, AUTO_JOBS_MIN_FILES, auto_jobs

    def files(n: int, suffix: str = ".txt") -> list:
        return [(Path(f"c/{i}{suffix}"), Path("c")) for i in range(n)]

    cores = len(os.sched_getaffinity(0))
    assert auto_jobs(files(AUTO_JOBS_MIN_FILES - 1), 1000) == 1
    assert auto_jobs(files(AUTO_JOBS_MIN_FILES), 1000) == cores
    assert auto_jobs(files(1, ".jsonl"), AUTO_JOBS_MIN_BYTES) == cores  # one large feed
    assert auto_jobs(files(1), 10 * AUTO_JOBS_MIN_BYTES) == 1  # one long article: one document


def test_no_store_keeps_claims_in_a_temporary_file_not_in_memory(run, tmp_path, monkeypatch):
    """--no-store (and corpus folders given to diff) must not hold a large corpus's claims in RAM:
    they go to a scratch SQLite file, removed when the command ends."""
    import tempfile

    from claimtrack import store as store_mod

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    opened = []
    real_init = store_mod.Store.__init__

    def spy(self, path, *args, **kwargs):
        opened.append(str(path))
        real_init(self, path, *args, **kwargs)

    monkeypatch.setattr(store_mod.Store, "__init__", spy)
    assert run("extract", str(SEEDS), "--no-store").exit_code == 0
    assert run("diff", str(SEEDS), str(SEEDS), "--stat").exit_code == 0
    assert len(opened) == 3 and all(p.startswith(str(scratch)) and p.endswith(".db") for p in opened), opened
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("where", ["before", "after"])
def test_shared_options_work_before_or_after_the_subcommand(tmp_path, where):
    db, runner = tmp_path / "mine.db", CliRunner()
    shared = ["--store", str(db), "-q"]

    def cmd(name, *rest):
        return runner.invoke(main, [*shared, name, *rest] if where == "before" else [name, *rest, *shared])

    r = cmd("extract", str(SEEDS), "-o", str(tmp_path / "out.jsonl"))
    assert r.exit_code == 0, r.output
    assert db.exists() and r.stderr == ""  # -q: no summary
    r = cmd("claims", "--format", "jsonl")
    golden = (SEEDS.parent / "data" / "seeds.claims.jsonl").read_text(encoding="utf-8").splitlines()
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == len(golden)
    r = cmd("conflicts", "--format", "json")
    assert r.exit_code == 0 and '"conflicts"' in r.stdout


def test_a_lexicon_after_the_subcommand_adds_to_one_before(tmp_path):
    import json as _json

    one, two = tmp_path / "l1", tmp_path / "l2"
    for d, name in ((one, "Ola Brenna"), (two, "Ivo Strand")):
        d.mkdir()
        (d / "actors.json").write_text(_json.dumps({"version": 1, "actors": [
            {"canonical": name, "kind": "person", "affiliation": "Norway", "aliases": [name]}]}))
    art = tmp_path / "a.txt"
    art.write_text("Ola Brenna said the depot was closed.\n\nIvo Strand said the port was open.\n")
    r = CliRunner().invoke(main, ["--lexicon", str(one), "extract", "--no-store", str(art), "--lexicon", str(two),
                                  "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    affiliations = {_json.loads(x)["speaker"]["canonical"]: _json.loads(x)["speaker"]["affiliation"]
                    for x in r.stdout.splitlines()}
    assert affiliations == {"Ola Brenna": "Norway", "Ivo Strand": "Norway"}


@pytest.mark.parametrize("option, value", [
    ("--speaker", "Лавров"), ("--speaker", "Лаврова"), ("--speaker", "Lavrov"),
    ("--weapon", "Орешник"), ("--weapon", "Oreshnik"), ("--actor", "Кремль"),
])
def test_filters_resolve_names_as_extraction_does(run, option, value):
    assert run("extract", str(SEEDS), "--format", "jsonl").exit_code == 0
    r = run("claims", option, value, "--format", "jsonl")
    assert r.exit_code == 0 and r.stdout.strip(), f"{option} {value} found nothing"
    for line in r.stdout.splitlines():
        c = json.loads(line)
        if option == "--speaker":
            assert c["speaker"]["canonical"] == "Sergei Lavrov"
        elif option == "--weapon":
            assert "Oreshnik" in c["weapons"]


@pytest.mark.parametrize("command, name, fmt", [
    (["claims"], "x.xlsx", None), (["conflicts"], "x.xlsx", None), (["diff", "A", "A"], "x.docx", None)])
def test_an_unknown_output_extension_is_a_usage_error(run, tmp_path, command, name, fmt):
    assert run("extract", str(SEEDS), "-o", str(tmp_path / "c.jsonl")).exit_code == 0
    args = [str(tmp_path / "c.jsonl") if a == "A" else a for a in command]
    r = CliRunner().invoke(main, ["--store", str(tmp_path / "s.db"), *args, "-o", str(tmp_path / name)])
    assert r.exit_code == 2 and "name one with --format" in r.stderr
    assert not (tmp_path / name).exists()
    r = CliRunner().invoke(main, ["--store", str(tmp_path / "s.db"), *args, "-o", str(tmp_path / name),
                                  "--format", "json"])
    assert r.exit_code == 0 and (tmp_path / name).exists()


def test_conflicts_follow_the_output_extension(run, tmp_path):
    assert run("extract", str(SEEDS), "-o", str(tmp_path / "c.jsonl")).exit_code == 0
    assert run("conflicts", "-o", str(tmp_path / "f.csv")).exit_code == 0
    assert (tmp_path / "f.csv").read_text().startswith("id,kind,frame")


def test_two_articles_from_stdin_are_two_documents(run):
    a = run("extract", "-", "--format", "jsonl", input="Dmitry Peskov said the talks were over.\n")
    b = run("extract", "-", "--format", "jsonl", input="Sergei Lavrov said the war would go on.\n")
    ids = {json.loads(r.stdout.splitlines()[0])["doc"]["id"] for r in (a, b)}
    assert len(ids) == 2 and all(i.startswith("stdin-") for i in ids)
    stored = run("claims", "--format", "jsonl").stdout.splitlines()
    assert {json.loads(x)["doc"]["id"] for x in stored} == ids  # the second did not replace the first
    again = run("extract", "-", "--format", "jsonl", input="Dmitry Peskov said the talks were over.\n")
    assert json.loads(again.stdout.splitlines()[0])["doc"]["id"] in ids  # the same text, the same id


def test_a_store_inside_the_corpus_folder_is_not_input(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Dmitry Peskov said the talks were over.\n")
    for _ in range(2):
        r = CliRunner().invoke(main, ["--store", str(corpus / "claims.db"), "extract", str(corpus), "-o",
                                      str(tmp_path / "out.jsonl")])
        assert r.exit_code == 0 and "claims.db" not in r.stderr, r.stderr


def test_a_file_of_a_stored_folder_is_one_document_alone_or_within_it(run, tmp_path):
    (tmp_path / "c" / "sub").mkdir(parents=True)
    corpus = write_corpus(tmp_path / "c", {"a.txt": "Dmitry Peskov said the talks were over.\n",
                                           "sub/b.txt": "Sergei Lavrov said the war would go on.\n"})
    whole = run("extract", str(corpus), "--format", "jsonl").stdout.splitlines()
    alone = run("extract", str(corpus / "sub" / "b.txt"), "--format", "jsonl")
    assert alone.exit_code == 0 and "unchanged" in alone.stderr
    assert alone.stdout.splitlines() == [x for x in whole if '"sub/b.txt"' in x]  # same id, same record
    (corpus / "sub" / "b.txt").write_text("Sergei Lavrov said the war would end soon.\n")
    edited = run("extract", str(corpus / "sub" / "b.txt"), "--format", "jsonl").stdout.splitlines()
    assert len(edited) == 1 and "end soon" in edited[0] and '"sub/b.txt"' in edited[0]
    stored = run("claims", "--format", "jsonl").stdout.splitlines()
    assert len(stored) == 2 and whole[0] in stored and edited[0] in stored  # replaced, not stored twice
    again = run("extract", str(corpus), "--format", "jsonl")
    assert "2 unchanged" in again.stderr and sorted(again.stdout.splitlines()) == sorted(stored)


def test_a_folder_run_again_drops_the_claims_of_a_deleted_file(run, tmp_path):
    corpus = write_corpus(tmp_path / "c", {"a.txt": "Dmitry Peskov said the talks were over.\n",
                                           "b.txt": "Sergei Lavrov said the war would go on.\n"})
    run("extract", str(corpus), "--format", "jsonl")
    (corpus / "b.txt").unlink()
    run("extract", str(corpus), "--format", "jsonl")
    stored = run("claims", "--format", "jsonl").stdout.splitlines()
    assert len(stored) == 1 and "a.txt" in stored[0]  # a run of the folder is the whole folder
