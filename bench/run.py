#!/usr/bin/env python3
"""Benchmark: extract, conflicts and diff at corpus scale, against a bare baseline.

    .venv/bin/python bench/run.py [--articles 20000] [--jobs 2] [--claims 1000000] [--diff-claims 100000]
    .venv/bin/python bench/run.py --long-only     # one long document: line breaks and length

Builds (once, under bench/out/) a corpus of articles in English and Ukrainian by recombining the
paragraphs of the seeds and of the test articles with other names, dates and numbers, then
reports documents/s, MB/s, claims/s and peak memory for each command, and the same for a
baseline that only reads the files, splits sentences and scans them for the lexicon's terms.
Not part of the test suite (timings vary with the machine).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
CT = [sys.executable, "-m", "claimtrack"]

EN_NAMES = ["Dmitry Peskov", "Sergei Lavrov", "Maria Zakharova", "Volodymyr Zelensky", "Andrii Sybiha",
            "Kyrylo Budanov", "Marco Rubio", "Pete Hegseth", "Sergei Shoigu", "Antony Blinken", "Kaja Kallas",
            "Mark Rutte", "Olena Kovalchuk", "Pavel Drozdov", "Ivan Melnyk", "Robert Hale"]
UK_NAMES = ["Дмитро Пєсков", "Сергій Лавров", "Марія Захарова", "Володимир Зеленський", "Андрій Сибіга",
            "Кирило Буданов", "Марко Рубіо", "Олена Ковальчук", "Павло Дроздов", "Іван Мельник"]


def paragraphs(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if len(p.strip()) > 40]


def varied(rng: random.Random, pool: list[str], names: list[str]) -> str:
    """A paragraph of the pool with other dates, numbers and sometimes another speaker."""
    p = rng.choice(pool)
    p = re.sub(r"\b\d{1,2}\b", lambda m: str(rng.randint(1, 28)), p)  # dates and small numbers
    p = re.sub(r"\b\d{3,}\b", lambda m: str(rng.randint(100, 99999)), p)
    if rng.random() < 0.5:
        p = p.replace(rng.choice(names).split()[-1], rng.choice(names).split()[-1])
    return p


def source_paragraphs() -> tuple[list[str], list[str]]:
    """(English, Ukrainian) paragraphs of the seeds and the test articles."""
    sources = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures" / "articles").glob("*.txt"))
    en = [p for f in sources if not f.name.startswith(("001", "uk_", "ru_")) for p in paragraphs(f)]
    uk = [p for f in sources if f.name.startswith(("001", "uk_")) for p in paragraphs(f)]
    return en, uk


def build_corpus(n: int, folder: Path) -> None:
    rng = random.Random(20251121)
    en, uk = source_paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        lang_uk = rng.random() < 0.35
        pool, names = (uk, UK_NAMES) if lang_uk else (en, EN_NAMES)
        body = [varied(rng, pool, names) for _ in range(rng.randint(6, 14))]
        day = rng.randint(1, 28)
        meta = f"---\ntitle: Article {i}\noutlet: Bench Wire\npublished: 2025-{rng.randint(1, 12):02}-{day:02}\n---\n"
        sub = folder / f"{i // 1000:03}"
        sub.mkdir(exist_ok=True)
        (sub / f"a{i:06}.txt").write_text(meta + "\n\n".join(body) + "\n", encoding="utf-8")


def corpus_size(folder: Path) -> tuple[int, int]:
    files = list(folder.rglob("*.txt"))
    return len(files), sum(f.stat().st_size for f in files)


def run(cmd: list[str], **kw) -> tuple[float, int, subprocess.CompletedProcess]:
    """Wall time and peak RSS (KiB) of the command and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    cp = subprocess.run(["/usr/bin/env", "time", "-f", "%M", *cmd], capture_output=True, text=True, **kw)
    wall = time.perf_counter() - t0
    rss = 0
    for line in reversed(cp.stderr.strip().splitlines()):
        if line.strip().isdigit():
            rss = int(line.strip())
            break
    if cp.returncode not in (0, 1):
        print(cp.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return wall, rss or max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss), cp


def baseline(folder: Path) -> tuple[float, int]:
    code = f"""
import time, resource
from pathlib import Path
from claimtrack.lexicon import load_lexicon
from claimtrack.load import Loader, LoadReport
from claimtrack.segment import segment
from claimtrack.extract.tokens import tokenize
from claimtrack.extract.matchers import matchers
lex = load_lexicon()
els = {{l: matchers(lex, l).entities for l in ("en", "uk")}}
t0 = time.perf_counter()
hits = 0
for raw in Loader(LoadReport()).iter_raw([{str(folder)!r}]):
    el = els["uk" if any("\\u0400" <= c <= "\\u04ff" for c in raw.text[:200]) else "en"]
    toks = tokenize(raw.text)
    for s in segment(raw.text).sentences:
        pass
    for i in range(len(toks)):
        if el.aliases.match_at(toks, i, len(toks)):
            hits += 1
print(time.perf_counter() - t0)
"""
    wall, rss, cp = run([sys.executable, "-c", code])
    return float(cp.stdout.strip().splitlines()[-1]), rss


def synth_claims(src: Path, dst: Path, n: int, edit: float = 0.0, seed: int = 1) -> None:
    rng = random.Random(seed)
    base = [json.loads(line) for line in src.read_text(encoding="utf-8").splitlines() if line.strip()]
    with dst.open("w", encoding="utf-8") as f:
        for i in range(n):
            c = dict(base[i % len(base)])
            c["id"] = f"s{i:08}"
            c["doc"] = dict(c["doc"], id=f"{c['doc']['id']}#{i // len(base)}")
            if edit and rng.random() < edit:
                c["content"] = c["content"] + " (corrected)"
                c["id"] = f"e{i:08}"
            f.write(json.dumps(c, ensure_ascii=False) + "\n")


def long_documents() -> list[tuple[str, float, float, int]]:
    """One long document each: 400 KB in paragraphs and the same text on one line; 0.45 MB and
    4.5 MB in paragraphs. (name, MB, seconds net of start-up, peak KiB)."""
    en, _ = source_paragraphs()
    folder = OUT / "long"
    folder.mkdir(parents=True, exist_ok=True)

    def text(size: int, seed: int) -> str:
        rng, out, n = random.Random(seed), [], 0
        while n < size:
            out.append(varied(rng, en, EN_NAMES))
            n += len(out[-1]) + 2
        return "\n\n".join(out) + "\n"

    docs = {"paragraphs-400k": text(400_000, 1), "small-0.45M": text(450_000, 2), "large-4.5M": text(4_500_000, 3)}
    docs["one-line-400k"] = docs["paragraphs-400k"].replace("\n\n", " ")
    docs["start-up"] = "Dmitry Peskov said the talks were over.\n"
    rows = []
    for name, body in docs.items():
        path = folder / f"{name}.txt"
        path.write_text(body, encoding="utf-8")
        wall, rss, _ = run([*CT, "-q", "extract", "--no-store", "--max-chars", "10000000", "--format", "jsonl",
                            "-o", str(folder / f"{name}.claims.jsonl"), str(path)])
        rows.append((name, len(body.encode()) / 1e6, wall, rss))
    startup = rows[-1][2]
    return [(n, mb, max(w - startup, 1e-3), r) for n, mb, w, r in rows[:-1]]


def report_long(rows: list[tuple[str, float, float, int]]) -> None:
    by = {n: (mb, s, r) for n, mb, s, r in rows}
    print(f"\n{'long document':22} {'MB':>6} {'seconds':>8} {'s/MB':>6} {'peak MB':>8}   (seconds net of start-up)")
    for n, (mb, s, r) in by.items():
        print(f"{n:22} {mb:6.2f} {s:8.2f} {s / mb:6.2f} {r / 1024:8.0f}")
    line, para = by["one-line-400k"][1], by["paragraphs-400k"][1]
    small, large = by["small-0.45M"], by["large-4.5M"]
    per_mb = (large[1] / large[0]) / (small[1] / small[0])
    print(f"one line / paragraphs: {line / para:.2f}x (target <= 2)   "
          f"4.5 MB / 0.45 MB per MB: {per_mb:.2f}x (target <= 1.5)   4.5 MB peak: {large[2] / 1024:.0f} MB (target < 250)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--diff-claims", type=int, default=100_000)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--long-only", action="store_true", help="only the long-document checks")
    a = ap.parse_args()
    if a.long_only:
        report_long(long_documents())
        return

    corpus = OUT / f"corpus-{a.articles}"
    if a.rebuild or not corpus.exists():
        print(f"building {a.articles} articles in {corpus} …", flush=True)
        build_corpus(a.articles, corpus)
    docs, size = corpus_size(corpus)
    mb = size / 1e6
    rows = []

    base_s, base_rss = baseline(corpus)
    rows.append(("baseline (read, split, scan lexicon)", docs, mb, None, base_s, base_rss))

    claims_file = OUT / "claims.jsonl"
    wall, rss, _ = run([*CT, "-q", "--store", str(OUT / "bench.db"), "extract", str(corpus), "--no-store",
                        "--jobs", str(a.jobs), "--format", "jsonl", "-o", str(claims_file)])
    n_claims = sum(1 for _ in claims_file.open(encoding="utf-8"))
    rows.append((f"extract --jobs {a.jobs}", docs, mb, n_claims, wall, rss))

    big = OUT / "claims-big.jsonl"
    synth_claims(claims_file, big, a.claims)
    wall, rss, _ = run([*CT, "-q", "conflicts", str(big), "--format", "jsonl", "-o", str(OUT / "conflicts.jsonl")])
    rows.append(("conflicts", None, big.stat().st_size / 1e6, a.claims, wall, rss))

    old, new = OUT / "diff-old.jsonl", OUT / "diff-new.jsonl"
    synth_claims(claims_file, old, a.diff_claims)
    synth_claims(claims_file, new, a.diff_claims, edit=0.01, seed=2)
    wall, rss, _ = run([*CT, "-q", "diff", str(old), str(new), "--stat", "--exit-zero", "--format", "json"])
    rows.append(("diff (2 sets)", None, (old.stat().st_size + new.stat().st_size) / 1e6, 2 * a.diff_claims, wall, rss))

    print(f"\nmachine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"{'step':38} {'docs/s':>9} {'MB/s':>7} {'claims/s':>10} {'seconds':>8} {'peak MB':>8}")
    for name, d, m, c, s, r in rows:
        print(f"{name:38} {(f'{d / s:,.0f}' if d else '-'):>9} {m / s:7.2f} {(f'{c / s:,.0f}' if c else '-'):>10} "
              f"{s:8.1f} {r / 1024:8.0f}")
    ext = rows[1]
    print(f"\nextract/baseline time ratio: {ext[4] / base_s:.1f}x  ({docs} articles, {mb:.1f} MB, {n_claims} claims)")
    report_long(long_documents())


if __name__ == "__main__":
    main()
