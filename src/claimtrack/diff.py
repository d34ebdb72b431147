"""Diff stage: what changed between two claim sets (for CI).

Claim sets are compared one document at a time (large ones spooled to a temporary database on
disk, so memory holds one document and the changes). Within a document, claims pair by id
(content-derived, stable across unrelated edits); what is left is paired again by compatible
speaker, similar content and near position, so a lightly edited
claim shows as `modified` with the fields that changed, not as a removal plus an addition.
Offsets that shift because something earlier in the document changed are not a change; a claim
whose order among its document's claims changed (a moved paragraph) reports its new offsets.
"""
from __future__ import annotations

import bisect
import hashlib
import itertools
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson
from pydantic import BaseModel, Field
from rapidfuzz import fuzz

from .models import Claim

DIFF_VERSION = 1
POSITION_FIELDS = ("evidence.start", "evidence.end")
KINDS = ("added", "removed", "modified")


class DiffSummary(BaseModel):
    added: int
    removed: int
    modified: int
    unchanged: int


class Modified(BaseModel):
    old: Claim
    new: Claim
    changes: dict[str, list[Any]] = Field(description="field path -> [old value, new value]")


class DiffReport(BaseModel):
    """`claimtrack diff --format json`: version 1."""

    version: int = DIFF_VERSION
    summary: DiffSummary
    added: list[Claim]
    removed: list[Claim]
    modified: list[Modified]
    conflicts: dict[str, list[dict[str, Any]]] | None = Field(
        default=None, description="with --conflicts: findings the new side gained / lost")


def flatten(c: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in c.items():
        path = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, path + "."))
        else:
            out[path] = v
    return out


def _ignored(path: str, ignore: Iterable[str]) -> bool:
    return any(path == i or path.startswith(i + ".") for i in ignore)


def changes_between(old: dict[str, Any], new: dict[str, Any], ignore: Iterable[str],
                    positions: bool) -> dict[str, list[Any]]:
    fo, fn = flatten(old), flatten(new)
    out = {}
    for path in sorted(set(fo) | set(fn)):
        if _ignored(path, ignore) or (not positions and path in POSITION_FIELDS):
            continue
        if fo.get(path) != fn.get(path):
            out[path] = [fo.get(path), fn.get(path)]
    return out


def _norm(s: str) -> str:
    return " ".join((s or "").casefold().split())


@dataclass
class _Pairing:
    pairs: list[tuple[dict, dict]]
    added: list[dict]
    removed: list[dict]


def pair_claims(old: list[dict], new: list[dict]) -> _Pairing:
    """Pair one document's claims: by id, then the rest by similarity."""
    old_by_id = {c["id"]: c for c in old}
    new_by_id = {c["id"]: c for c in new}
    pairs = [(old_by_id[i], new_by_id[i]) for i in sorted(old_by_id.keys() & new_by_id.keys())]
    rest_old = [c for c in old if c["id"] not in new_by_id]
    rest_new = [c for c in new if c["id"] not in old_by_id]
    matched = _fuzzy(rest_old, rest_new)
    pairs.extend(matched)
    used_o = {id(a) for a, _ in matched}
    used_n = {id(b) for _, b in matched}
    return _Pairing(pairs, [c for c in rest_new if id(c) not in used_n], [c for c in rest_old if id(c) not in used_o])


def _fuzzy(old: list[dict], new: list[dict], threshold: float = 0.72) -> list[tuple[dict, dict]]:
    """Best-first matching of one document's unpaired claims (small sets: a document's edits)."""
    if not old or not new:
        return []
    if len(old) * len(new) > 250_000:  # a rewritten document: pair only claims of the same speaker
        return _fuzzy_by_speaker(old, new, threshold)
    cands = []
    span = max([c["evidence"]["end"] for c in old + new] + [1])
    for i, a in enumerate(old):
        na = _norm(a["content"])
        for j, b in enumerate(new):
            content = fuzz.ratio(na, _norm(b["content"])) / 100
            if content < 0.5:
                continue
            sa, sb = a["speaker"], b["speaker"]
            speaker = 1.0 if sa["canonical"] == sb["canonical"] else fuzz.ratio(sa["name"], sb["name"]) / 100
            if speaker < 0.6:
                continue
            position = 1 - min(1.0, abs(a["evidence"]["start"] - b["evidence"]["start"]) / span)
            score = 0.65 * content + 0.25 * speaker + 0.10 * position
            if score >= threshold:
                cands.append((-score, i, j))
    cands.sort()
    out, used_i, used_j = [], set(), set()
    for _s, i, j in cands:
        if i in used_i or j in used_j:
            continue
        used_i.add(i)
        used_j.add(j)
        out.append((old[i], new[j]))
    return out


def _fuzzy_by_speaker(old: list[dict], new: list[dict], threshold: float) -> list[tuple[dict, dict]]:
    by_o: dict[str, list[dict]] = {}
    by_n: dict[str, list[dict]] = {}
    for c in old:
        by_o.setdefault(c["speaker"]["canonical"], []).append(c)
    for c in new:
        by_n.setdefault(c["speaker"]["canonical"], []).append(c)
    out = []
    for sp in sorted(by_o.keys() & by_n.keys()):
        if len(by_o[sp]) * len(by_n[sp]) <= 250_000:
            out.extend(_fuzzy(by_o[sp], by_n[sp], threshold))
    return out


def _moved(pairs: list[tuple[dict, dict]]) -> set[int]:
    """Indexes of a document's pairs whose order among its claims changed (not in the longest run
    that keeps its order): a moved paragraph, as opposed to offsets shifted by an edit."""
    ks = sorted(range(len(pairs)), key=lambda k: (pairs[k][1]["evidence"]["start"], pairs[k][1]["id"]))
    keep = _lis([pairs[k][0]["evidence"]["start"] for k in ks])
    return {ks[i] for i in range(len(ks)) if i not in keep}


def _lis(seq: list[int]) -> set[int]:
    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(seq)
    for i, x in enumerate(seq):
        p = bisect.bisect_right(tails, x)  # non-decreasing: claims of one sentence share a start
        if p == len(tails):
            tails.append(x)
            tails_idx.append(i)
        else:
            tails[p] = x
            tails_idx[p] = i
        prev[i] = tails_idx[p - 1] if p > 0 else -1
    out = set()
    k = tails_idx[-1] if tails_idx else -1
    while k >= 0:
        out.add(k)
        k = prev[k]
    return out


def diff_claim_sets(old: list[dict], new: list[dict], ignore: Iterable[str] = ()) -> DiffReport:
    """Diff two claim sets held in memory (see `diff_claim_streams` for large ones)."""
    by_doc: dict[str, tuple[list[dict], list[dict]]] = {}
    for side, claims in ((0, old), (1, new)):
        for c in claims:
            by_doc.setdefault(c["doc"]["id"], ([], []))[side].append(c)
    return diff_documents(((doc, *by_doc[doc]) for doc in sorted(by_doc)), ignore)


def diff_claim_streams(old: Iterable[dict], new: Iterable[dict], ignore: Iterable[str] = ()) -> DiffReport:
    """Diff two claim sets of any size: both are spooled to a temporary database on disk and
    compared one document at a time, so memory holds one document's claims and the changes."""
    with tempfile.TemporaryDirectory(prefix="claimtrack-diff-") as tmp:
        db = sqlite3.connect(os.path.join(tmp, "spool.db"), isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=OFF")
            db.execute("PRAGMA synchronous=OFF")
            db.execute("CREATE TABLE claims (doc TEXT, side INTEGER, seq INTEGER, body BLOB)")
            db.execute("BEGIN")
            for side, claims in ((0, old), (1, new)):
                # executemany consumes the generator row by row: one claim in memory at a time
                db.executemany("INSERT INTO claims VALUES (?,?,?,?)",
                               ((c["doc"]["id"], side, seq, orjson.dumps(c)) for seq, c in enumerate(claims)))
            db.execute("CREATE INDEX claims_doc ON claims (doc, side, seq)")
            db.execute("COMMIT")
            return diff_documents(_spooled_documents(db), ignore)
        finally:
            db.close()


def _spooled_documents(db: sqlite3.Connection) -> Iterator[tuple[str, list[dict], list[dict]]]:
    rows = db.execute("SELECT doc, side, body FROM claims ORDER BY doc, side, seq")
    for doc, group in itertools.groupby(rows, key=lambda r: r[0]):
        sides: tuple[list[dict], list[dict]] = ([], [])
        for _, side, body in group:
            sides[side].append(orjson.loads(body))
        yield doc, sides[0], sides[1]


def diff_documents(docs: Iterable[tuple[str, list[dict], list[dict]]], ignore: Iterable[str] = ()) -> DiffReport:
    """Diff claim sets given as (doc id, old claims, new claims), in doc id order."""
    ignore = tuple(ignore)
    added: list[Claim] = []
    removed: list[Claim] = []
    modified: list[Modified] = []
    unchanged = 0
    for _doc, old, new in docs:
        p = pair_claims(old, new)
        moved = _moved(p.pairs)
        doc_modified = []
        for k, (a, b) in enumerate(p.pairs):
            ch = changes_between(a, b, ignore, positions=k in moved)
            if ch:
                doc_modified.append((_order_key(b), a, b, ch))
            else:
                unchanged += 1
        doc_modified.sort(key=lambda m: m[0])
        modified.extend(Modified(old=Claim.model_validate(a), new=Claim.model_validate(b), changes=ch)
                        for _, a, b, ch in doc_modified)
        added.extend(Claim.model_validate(c) for c in sorted(p.added, key=_order_key))
        removed.extend(Claim.model_validate(c) for c in sorted(p.removed, key=_order_key))
    return DiffReport(
        summary=DiffSummary(added=len(added), removed=len(removed), modified=len(modified), unchanged=unchanged),
        added=added, removed=removed, modified=modified)


def _order_key(c: dict[str, Any]) -> tuple:
    return c["doc"]["id"], c["evidence"]["start"], c["id"]


def conflict_changes(old: list[dict], new: list[dict], lex) -> dict[str, list[dict[str, Any]]]:
    """Findings the new claim set gains or loses (identified by kind and the two claims' ids)."""
    from .reconcile import reconcile

    def ids(claims):
        return {_conflict_key(f): f for f in reconcile(claims, lex).conflicts}

    a, b = ids(old), ids(new)
    return {"gained": [b[k].model_dump(mode="json") for k in sorted(b.keys() - a.keys())],
            "lost": [a[k].model_dump(mode="json") for k in sorted(a.keys() - b.keys())]}


def _conflict_key(f) -> str:
    return hashlib.sha256(f"{f.kind}|{min(f.a.id, f.b.id)}|{max(f.a.id, f.b.id)}".encode()).hexdigest()


def failing_kinds(report: DiffReport, fail_on: Iterable[str]) -> bool:
    s = report.summary
    counts = {"added": s.added, "removed": s.removed, "modified": s.modified}
    return any(counts[k] for k in fail_on)


def dump_report(report: DiffReport) -> bytes:
    return orjson.dumps(report.model_dump(mode="json"), option=orjson.OPT_INDENT_2) + b"\n"  # nulls kept: one schema
