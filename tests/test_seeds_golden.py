"""The seeds' claim set is a reviewed golden file (data/seeds.claims.jsonl, linked from tests/golden/).

When extraction changes on purpose, review the difference and refresh it with:
    claimtrack diff data/seeds.claims.jsonl seeds/        # review
    claimtrack extract seeds/ --no-store -o data/seeds.claims.jsonl
"""
import importlib.util
import json
from pathlib import Path

import pytest

from claimtrack.pipeline import extract_corpus

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "seeds.claims.jsonl"
SHARED = ROOT.parent / "shared" / "acceptance"


@pytest.fixture(scope="module")
def seed_claims():
    return list(extract_corpus([str(ROOT / "seeds")]).claims())


def test_seeds_match_the_reviewed_golden_file(seed_claims):
    fresh = [json.dumps(c, ensure_ascii=False) for c in seed_claims]
    golden = [json.dumps(json.loads(line), ensure_ascii=False) for line in GOLDEN.read_text(encoding="utf-8").splitlines()]
    added = sorted(set(fresh) - set(golden))
    removed = sorted(set(golden) - set(fresh))
    assert not added and not removed, (
        f"{len(added)} claims added, {len(removed)} removed against the reviewed golden file; review with "
        "'claimtrack diff data/seeds.claims.jsonl seeds/' and refresh (see this file's docstring)")


def test_required_seed_claims_by_hand(seed_claims):
    def find(doc, speaker, text):
        return [c for c in seed_claims if c["doc"]["id"].startswith(doc) and speaker in c["speaker"]["canonical"] + " " + c["speaker"]["name"]
                and text in (c["content"] + c["evidence"]["text"])]

    lavrov = find("002", "Lavrov", "requested military help")
    assert lavrov and all(c["polarity"] == "negative" for c in lavrov)
    assert find("002", "Lavrov", "obligat")[0]["polarity"] == "negative"
    wapo = find("003", "Washington Post", "at least 14 missile systems")[0]
    assert wapo["quantities"][0]["value"] == 14 and wapo["quantities"][0]["qualifier"] == "at_least"
    il76 = find("001", "Washington Post", "Іл-76")[0]
    assert il76["said_on"]["date"] == "2025-10-26" and "Il-76" in il76["weapons"]
    no = find("001", "Trump", "Ні")[0]
    assert no["polarity"] == "negative" and no["said_on"]["date"] == "2025-10-31"
    zh = {c["speaker"]["canonical"] for c in seed_claims if "Zhuravl" in c["speaker"]["name"]}
    assert len(zh) == 1  # three spellings, one person
    sbu = find("003", "SBU", "send such advanced weapons")[0]
    assert sbu["modality"] == "doubted"
    story = find("001", "Сторі", "10%")[0]
    assert story["quote"] and story["speaker"]["affiliation"] == "United States"


@pytest.mark.skipif(not (SHARED / "score.py").exists(), reason="shared acceptance data not present")
def test_acceptance_recall_on_seeds(seed_claims):
    spec = importlib.util.spec_from_file_location("score", SHARED / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    gold = json.loads((SHARED / "seeds-gold.json").read_text())
    found, missing, _detail, key_found, key_total = score.score_claims(gold, seed_claims)
    assert key_found == key_total, missing
    assert len(found) >= len(gold["claims"]) - 1, missing


def test_word_caches_never_change_the_claims(seed_claims, monkeypatch):
    """The matchers' per-word caches are bounded and cleared when full: with room for two words
    (cleared on almost every look-up) the seeds' claims must be exactly the same."""
    from claimtrack.extract import matching

    monkeypatch.setattr(matching, "CACHE_WORDS", 2)
    assert list(extract_corpus([str(ROOT / "seeds")]).claims()) == seed_claims
