#!/usr/bin/env python3
"""Accuracy on annotated corpora: extract each one and run its own scorer.

    .venv/bin/python bench/accuracy.py --polnear ../shared/corpora/polnear-dev \\
        --news-dev ../shared/corpora/news-dev --seeds-gold ../shared/acceptance/seeds-gold.json

Each corpus folder brings its data and its scorer (the project holds neither): PolNeAR's
`feed.jsonl`, `gold.jsonl` and `score.py` (named recall, pronoun-resolved, precision); news-dev's
`articles/`, `feed.py`, `gold.json` and `score.py` (key and all claims, required conflicts); the
acceptance folder's `score.py` for the seeds. Extraction runs through the library in a scratch
store; the scorers run as their authors wrote them. Prints one line per figure; give only the
corpora you have.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimtrack import extract_corpus, load_lexicon  # noqa: E402
from claimtrack.reconcile import reconcile  # noqa: E402


def _claims(inputs: list[str], work: Path, name: str) -> tuple[Path, list[dict]]:
    t = time.perf_counter()
    result = extract_corpus(inputs, store_path=str(work / f"{name}.db"), jobs=0)
    claims = list(result.claims())
    out = work / f"{name}.claims.jsonl"
    out.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in claims), encoding="utf-8")
    print(f"{name}: {result.documents} documents, {len(claims)} claims in {time.perf_counter() - t:.1f} s")
    return out, claims


def _conflicts(claims: list[dict], work: Path, name: str) -> Path:
    found = reconcile(claims, load_lexicon()).conflicts
    out = work / f"{name}.conflicts.json"
    out.write_text(json.dumps({"conflicts": [f.model_dump(mode="json") for f in found]}, ensure_ascii=False),
                   encoding="utf-8")
    return out


def _score(*args: str | Path) -> None:
    r = subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True)
    lines = [x for x in r.stdout.splitlines() if x.strip() and not x.startswith((" ", "#"))]
    for line in lines[:8]:
        print("   ", line)
    if r.returncode not in (0, 1):
        print("    scorer failed:", r.stderr.strip().splitlines()[-1:] or r.returncode)


def _by_language(folder: Path, claims: list[dict]) -> None:
    """Key and all claims found per language, with the corpus scorer's own matching."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("news_dev_score", folder / "score.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    found = scorer.score_claims(gold, claims)[0]
    for lang in sorted({g["lang"] for g in gold["claims"]}):
        mine = [g for g in gold["claims"] if g["lang"] == lang]
        keys = [g for g in mine if g.get("key")]
        print(f"    {lang}: key {sum(g['id'] in found for g in keys)}/{len(keys)}, "
              f"all {sum(g['id'] in found for g in mine)}/{len(mine)}")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--polnear", type=Path, help="the PolNeAR development folder")
    ap.add_argument("--news-dev", type=Path, help="the news-dev folder")
    ap.add_argument("--seeds-gold", type=Path, help="the acceptance folder's seeds-gold.json (its score.py beside it)")
    a = ap.parse_args(argv)
    if not (a.polnear or a.news_dev or a.seeds_gold):
        ap.error("give at least one corpus")
    with tempfile.TemporaryDirectory() as d:
        work = Path(d)
        if a.seeds_gold:
            out, claims = _claims([str(ROOT / "seeds")], work, "seeds")
            _score(a.seeds_gold.parent / "score.py", "claims", a.seeds_gold, out)
            _score(a.seeds_gold.parent / "score.py", "conflicts", a.seeds_gold, _conflicts(claims, work, "seeds"))
        if a.news_dev:
            feed = work / "news-dev.jsonl"
            with feed.open("w", encoding="utf-8") as f:
                subprocess.run([sys.executable, str(a.news_dev / "feed.py"), str(a.news_dev / "articles"), "en,uk,ru"],
                               stdout=f, check=True)
            out, claims = _claims([str(feed)], work, "news-dev")
            _score(a.news_dev / "score.py", "claims", a.news_dev / "gold.json", out)
            _by_language(a.news_dev, claims)
            _score(a.news_dev / "score.py", "conflicts", a.news_dev / "gold.json", _conflicts(claims, work, "news-dev"))
        if a.polnear:
            out, _ = _claims([str(a.polnear / "feed.jsonl")], work, "polnear")
            _score(a.polnear / "score.py", a.polnear / "gold.jsonl", out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
