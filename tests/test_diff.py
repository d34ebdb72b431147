import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimtrack.cli import main
from claimtrack.diff import _lis, diff_claim_sets

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
sys.path.insert(0, str(SEEDS.parent / "tools"))

from readme_examples import edited_seeds  # noqa: E402


def _edited_copy(tmp_path: Path) -> Path:
    return edited_seeds(SEEDS, tmp_path / "new")  # the README's diff example shows the same edits


@pytest.fixture()
def cli(tmp_path):
    def run(*args):
        return CliRunner().invoke(main, ["--store", str(tmp_path / "s.db"), *args], catch_exceptions=False)
    return run


def test_corpus_against_itself_has_no_differences(cli):
    r = cli("diff", str(SEEDS), str(SEEDS), "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["summary"]["modified"] == 0


def test_exactly_the_edits_are_reported(cli, tmp_path):
    new = _edited_copy(tmp_path)
    r = cli("diff", str(SEEDS), str(new), "--format", "json")
    assert r.exit_code == 1
    rep = json.loads(r.stdout)
    s = rep["summary"]
    assert s["added"] >= 1 and all(c["doc"]["id"] == "zz_new.txt" for c in rep["added"])
    assert s["removed"] >= 1 and all(c["doc"]["id"].startswith("004") for c in rep["removed"])
    changed = {m["old"]["doc"]["id"][:3] + ":" + m["old"]["speaker"]["canonical"]: m["changes"] for m in rep["modified"]}
    assert set(changed) == {"000:Maria Zakharova", "001:the article"}, changed
    assert changed["000:Maria Zakharova"]["content"][1].startswith("Moscow \"firmly condemns")
    assert changed["001:the article"]["said_on.date"] == ["2025-10-06", "2025-10-07"]
    assert "evidence.start" not in changed["000:Maria Zakharova"]
    assert cli("diff", str(SEEDS), str(new), "--fail-on", "added").exit_code == 1
    assert cli("diff", str(SEEDS), str(new), "--exit-zero").exit_code == 0
    assert cli("diff", str(SEEDS), str(new), "--ignore", "said_on,content,evidence,id", "--fail-on",
               "modified").exit_code == 0


def test_formats(cli, tmp_path):
    new = _edited_copy(tmp_path)
    md = cli("diff", str(SEEDS), str(new), "--format", "markdown").stdout
    assert md.startswith("## claimtrack diff") and "`said_on.date`" in md
    gh = cli("diff", str(SEEDS), str(new), "--format", "github").stdout
    assert "::warning file=zz_new.txt,title=claim added::" in gh
    stat = json.loads(cli("diff", str(SEEDS), str(new), "--stat", "--format", "json").stdout)
    assert set(stat) == {"version", "summary"}


def test_github_annotations_name_the_file_from_the_repository_top(cli, tmp_path, monkeypatch):
    new = _edited_copy(tmp_path)
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    gh = cli("diff", str(SEEDS), "new", "--format", "github").stdout
    assert "::warning file=new/zz_new.txt,title=claim added::" in gh
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path.parent))
    gh = cli("diff", str(SEEDS), str(new), "--format", "github").stdout
    assert f"::warning file={tmp_path.name}/new/zz_new.txt,title=claim added::" in gh


def test_diff_json_keeps_null_fields(cli, tmp_path):
    new = _edited_copy(tmp_path)
    report = json.loads(cli("diff", str(SEEDS), str(new), "--format", "json").stdout)
    added = report["added"][0]
    assert "published" in added["doc"] and "conflicts" in report  # null, not left out
    assert set(added) == set(json.loads(cli("extract", str(new), "--format", "jsonl").stdout.splitlines()[0]))


def test_conflicts_and_diff_take_an_article_feed_and_refuse_an_empty_folder(cli, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a1", "text": "Russia supplies Iran with drones, Dmitry Peskov said.\n"}) + "\n"
                    + json.dumps({"id": "a2", "text": "Russia does not supply Iran with drones, "
                                  "Abbas Araghchi said.\n"}) + "\n")
    r = cli("conflicts", str(feed), "--format", "jsonl")
    assert r.exit_code == 0 and [json.loads(x)["kind"] for x in r.stdout.splitlines()] == ["contradiction"]
    r = cli("diff", str(feed), str(feed), "--stat", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["summary"]["unchanged"] == 2
    (tmp_path / "empty").mkdir()
    for args in (("conflicts", str(tmp_path / "empty")), ("diff", str(tmp_path / "empty"), str(feed))):
        r = cli(*args)
        assert r.exit_code == 2 and "no readable documents" in r.stderr


def test_bad_claim_set_is_trouble_with_file_and_line(cli, tmp_path):
    good = tmp_path / "a.jsonl"
    good.write_text(cli("extract", str(SEEDS), "--no-store", "--format", "jsonl").stdout)
    bad = tmp_path / "b.jsonl"
    bad.write_text(good.read_text().splitlines()[0] + "\n{nope\n")
    r = cli("diff", str(good), str(bad))
    assert r.exit_code == 2 and f"{bad}:2" in r.output


def test_moved_claim_reports_its_position_but_shift_does_not():
    def claim(cid, start, content):
        return {"id": cid, "doc": {"id": "d", "path": "d"}, "speaker": {"name": "X", "canonical": "X"},
                "content": content, "evidence": {"start": start, "end": start + 5, "text": content}}
    old = [claim("a", 0, "A"), claim("b", 10, "B"), claim("c", 20, "C")]
    shifted = [claim("a", 5, "A"), claim("b", 15, "B"), claim("c", 25, "C")]
    moved = [claim("a", 30, "A"), claim("b", 10, "B"), claim("c", 20, "C")]
    assert diff_claim_sets(old, shifted).summary.modified == 0
    rep = diff_claim_sets(old, moved)
    assert rep.summary.modified == 1 and "evidence.start" in rep.modified[0].changes
    assert _lis([3, 1, 2]) == {1, 2}


def _golden_claims() -> list[dict]:
    golden = Path(__file__).resolve().parent.parent / "data" / "seeds.claims.jsonl"
    return [json.loads(line) for line in golden.read_text(encoding="utf-8").splitlines()]


def test_streamed_diff_equals_in_memory_diff_whatever_the_input_order():
    import random

    from claimtrack.diff import diff_claim_streams

    old = _golden_claims()
    new = [dict(c) for c in old]
    del new[40], new[3]
    rng = random.Random(5)
    for c in rng.sample(new, 10):
        c["content"] += " (corrected)"
    new.append(dict(old[0], id="cnew", content="A new statement about talks.", doc=dict(old[0]["doc"], id="zz.txt")))
    rng.shuffle(new)
    in_memory = diff_claim_sets(old, new).model_dump(mode="json")
    streamed = diff_claim_streams(iter(old), iter(new)).model_dump(mode="json")
    assert streamed == in_memory
    assert in_memory["summary"] == {"added": 1, "removed": 2, "modified": 10, "unchanged": len(old) - 12}


def test_streamed_diff_holds_one_document_at_a_time(monkeypatch):
    """Memory is bounded by a document, not the claim sets: count claims alive in the diff."""
    import claimtrack.diff as D

    old = _golden_claims()
    largest = max(sum(1 for c in old if c["doc"]["id"] == d) for d in {c["doc"]["id"] for c in old})
    seen = []
    real_pair = D.pair_claims

    def spy(o, n):
        seen.append(len(o) + len(n))
        return real_pair(o, n)

    monkeypatch.setattr(D, "pair_claims", spy)
    D.diff_claim_streams(iter(old), iter(old))
    assert len(seen) == len({c["doc"]["id"] for c in old}) and max(seen) == 2 * largest
