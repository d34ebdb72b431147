"""Extraction on hand-written articles in the three languages (not the seeds): a floor that must hold."""
from fixture_eval import evaluate, extract_fixtures


def test_attributed_statements_found_with_the_right_speaker():
    res = evaluate(extract_fixtures())
    assert res["recall"] >= 0.75, res
    for lang, (ok, n) in res["by_lang"].items():
        assert ok / n >= 0.6, (lang, ok, n)


def test_no_claim_without_a_speaker():
    for c in extract_fixtures():
        assert c["speaker"]["name"] and c["speaker"]["canonical"]
