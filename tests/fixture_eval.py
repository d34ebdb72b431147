"""Score extraction on tests/fixtures/articles (hand-written news in en/uk/ru) against expected.json.

Used by tests/test_generalisation.py and runnable by hand: python tests/fixture_eval.py -v
"""
from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent / "fixtures" / "articles"


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.casefold().replace("’", "'").replace("“", '"').replace("”", '"')


def speaker_ok(exp: str, c: dict) -> bool:
    """Same speaker, allowing transliteration (Olena Martyniuk = Олена Мартинюк) and inflection."""
    from claimtrack.extract.transliteration import same_name

    e = fold(exp)
    sp = c["speaker"]
    hay = [fold(sp.get("canonical")), fold(sp.get("name"))]
    if any(e in h or (h and h in e) for h in hay):
        return True
    last = e.split()[-1] if e.split() else e
    if any(last and last in h for h in hay):
        return True
    return any(same_name(last, w) or same_name(last, w[:-1]) for h in hay for w in h.split() if len(w) > 3)


def evaluate(claims: list[dict], verbose: bool = False) -> dict:
    expected = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
    by_doc: dict[str, list[dict]] = {}
    for c in claims:
        by_doc.setdefault(c["doc"]["id"], []).append(c)
    found = right_speaker = 0
    stats: dict[str, list[int]] = {}
    for e in expected:
        lang = e["doc"][:2]
        snippet = fold(e["text"])
        hits = [c for c in by_doc.get(e["doc"], []) if snippet in fold(c["content"]) or snippet in fold(c["evidence"]["text"])]
        ok = any(speaker_ok(e["speaker"], c) for c in hits)
        found += bool(hits)
        right_speaker += ok
        st = stats.setdefault(lang, [0, 0])
        st[0] += ok
        st[1] += 1
        if verbose and not ok:
            got = [(c["speaker"]["canonical"], c["content"][:50]) for c in hits][:2]
            print(f"MISS {e['doc']} [{e['speaker']}] {e['text']!r} -> {got}")
    n = len(expected)
    return {"expected": n, "found": found, "right_speaker": right_speaker,
            "recall": right_speaker / n if n else 0.0, "by_lang": stats}


def extract_fixtures() -> list[dict]:
    from claimtrack.pipeline import extract_corpus

    return list(extract_corpus([str(HERE)], store_path=":memory:").claims())


if __name__ == "__main__":
    res = evaluate(extract_fixtures(), verbose="-v" in sys.argv)
    print(json.dumps(res, indent=1))
