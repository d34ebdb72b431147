"""Reconcile stage: conflicts and corroboration between claims.

Claims are compared only within blocks: the same frame type with compatible agent and target,
each reduced to a country through affiliation (Maduro -> Venezuela, the Kremlin -> Russia). A
block keeps, per stance (asserted, negated, doubted) and per independent origin, one
representative claim, so memory and time grow with the number of distinct propositions and
origins, not with the square of the number of claims.

Origin: who first made the statement. A claim's origin is its speaker; a claim the article makes
on its own account (no attribution) is not counted as an independent origin when a named source
reports the same proposition.
"""
from __future__ import annotations

import hashlib
import heapq
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .extract.tokens import is_cyrillic, primary_lemma
from .lexicon import Lexicon
from .models import Claim, Conflict, CorroborationGroup, Stance

_WEAPON_FAMILY = re.compile(r"^[^\W\d_]+(?:-\d+)?")


class Resolver:
    """canonical name -> country (affiliation): from the lexicon, or from the claim itself when the
    name is its speaker's (never from other claims, so results do not depend on input order)."""

    def __init__(self, lex: Lexicon):
        self.lex = lex

    def country(self, name: str | None, c: dict[str, Any] | None = None) -> str | None:
        if not name:
            return None
        a = self.lex.actor_by_name.get(name)
        if a is not None:
            return a.canonical if a.kind == "country" else a.affiliation
        sp = (c or {}).get("speaker") or {}
        return sp.get("affiliation") if sp.get("canonical") == name else None


def stance(c: dict[str, Any], weak: re.Pattern[str] | None = None) -> Stance:
    """pos, neg, doubt or possible. A capability claim in terms of weakness ('shortcomings',
    'flaws': the lexicon's `weakness` markers) denies the capability."""
    if c.get("modality") == "doubted":
        return Stance.DOUBT
    if c.get("polarity") == "negative":
        return Stance.NEG
    if c.get("modality") == "possible":
        return Stance.POSSIBLE
    if weak is not None and (c.get("frame") or {}).get("type") == "capability" and weak.search(c.get("content") or ""):
        return Stance.NEG
    return Stance.POS


def weakness_pattern(lex: Lexicon) -> re.Pattern[str]:
    words = [w for forms in lex.markers.weakness.values() if isinstance(forms, list) for w in forms]
    return re.compile("|".join(re.escape(w.rstrip("*")) for w in sorted(words, key=len, reverse=True)), re.I)


def is_article_claim(c: dict[str, Any]) -> bool:
    return not c.get("cue") and (c.get("speaker") or {}).get("kind") == "media" and not c.get("via")


def origin(c: dict[str, Any]) -> str:
    """Where a statement independently comes from.

    A named person, body or country speaks for itself (Ryabkov quoted by Reuters: Ryabkov). An
    outlet's documents, unnamed sources or officials reach us only through that outlet, so the
    outlet is the origin (three articles repeating the Washington Post's documents: one origin);
    when the article names no outlet in between, they are the quoting outlet's ('officials
    (Reuters)': officials in two newspapers are two origins). An unattributed article event is
    its own document."""
    if is_article_claim(c):
        return "article:" + c["doc"]["id"]
    sp = c.get("speaker") or {}
    name = sp.get("canonical") or c["doc"]["id"]
    if sp.get("kind") in NAMED or sp.get("kind") == "media":
        return name
    if c.get("via"):
        return c["via"][0]
    return f"{name} ({c['doc'].get('outlet') or c['doc']['id']})"


def _lemmas(name: str, lang: str) -> tuple[str, ...]:
    return tuple(primary_lemma(w, lang) if is_cyrillic(w) else w for w in name.casefold().split())


class Origins:
    """Origin keys as compared, and the name shown for each.

    A key has one word form per word, so the Ukrainian instrumental and locative of 'documents'
    are one source. An unnamed voice that a document names again by part of its first naming
    ('the documents' after 'US government documents seen by the Post') is that first naming's
    origin. Claims of one document arrive together and in text order (claim sets are sorted), so
    this needs only the current document's earlier voices."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self._doc: str | None = None
        self._voices: list[tuple[frozenset[str], str]] = []

    def key(self, c: dict[str, Any]) -> str:
        name = origin(c)
        if name.startswith("article:"):
            return name
        if c["doc"]["id"] != self._doc:
            self._doc, self._voices = c["doc"]["id"], []
        sp = c.get("speaker") or {}
        lang = c["doc"].get("language") or "und"
        key = " ".join(_lemmas(name, lang))
        if sp.get("kind") not in NAMED and sp.get("kind") != "media":
            words = frozenset(_lemmas(sp.get("canonical") or "", lang))
            earlier = next((k for ws, k in self._voices if words and words <= ws), None)
            if earlier is not None and not c.get("via"):
                return earlier
            self._voices.append((words, key))
        self.names.setdefault(key, name)
        return key


NAMED = ("person", "government", "organisation", "country")


def _priority(c: dict[str, Any]) -> tuple:
    """Which claim best represents its bucket: named, asserted, direct, dated, earliest document."""
    return (is_article_claim(c), c.get("modality") != "asserted", not c.get("quote"),
            not (c.get("said_on") or {}).get("date"), c["doc"]["id"], c["evidence"]["start"])


@dataclass
class Bucket:
    best: dict[str, Any]
    docs: set[str] = field(default_factory=set)
    count: int = 0
    langs: set[str] = field(default_factory=set)
    priority: tuple = ()
    stance: Stance = Stance.POS

    def __post_init__(self) -> None:
        self.priority = _priority(self.best)


MAX_NAMED = 256     # named origins kept per block and stance
MAX_ARTICLES = 16   # unattributed articles kept per block and stance (the rest only counted)


@dataclass
class Block:
    key: tuple[str, str | None, str | None]
    buckets: dict[tuple[str, str], Bucket] = field(default_factory=dict)  # (stance, origin) -> bucket
    sizes: dict[tuple[str, bool], int] = field(default_factory=dict)
    overflow: dict[str, set[str]] = field(default_factory=dict)  # stance -> documents not kept

    def add(self, st: str, org: str, c: dict[str, Any]) -> None:
        b = self.buckets.get((st, org))
        if b is None:
            article = org.startswith("article:")
            n = self.sizes.get((st, article), 0)
            if n >= (MAX_ARTICLES if article else MAX_NAMED):
                self.overflow.setdefault(st, set()).add(c["doc"]["id"])  # memory bounded per block
                return
            self.sizes[(st, article)] = n + 1
            self.buckets[(st, org)] = b = Bucket(c, stance=st)
        elif _priority(c) < b.priority:
            b.best = c
            b.priority = _priority(c)
        b.docs.add(c["doc"]["id"])
        b.langs.add(c["doc"].get("language") or "und")
        b.count += 1


@dataclass
class Reconciled:
    conflicts: list[Conflict]
    groups: list[CorroborationGroup]
    claims: int = 0
    blocks: int = 0
    comparisons: int = 0  # representative pairs examined: grows with blocks and origins, not claims²


def frame_key(c: dict[str, Any], res: Resolver) -> tuple[str, str | None, str | None] | None:
    """(frame type, agent country, target country), or None for claims that are not comparable."""
    fr = c.get("frame") or {}
    ftype = fr.get("type") or "statement"
    if ftype == "statement":
        return None
    agent = res.country(fr.get("agent"), c)
    target = res.country(fr.get("target"), c)
    if agent == target:
        target = None
    if agent is None and target is None:
        return None
    return ftype, agent, target


def reconcile(claims: Iterable[dict[str, Any]], lex: Lexicon, per_block: int = 4) -> Reconciled:
    res = Resolver(lex)
    blocks: dict[tuple, Block] = {}
    weapon_blocks: dict[str, Block] = {}
    n = 0
    weak = weakness_pattern(lex)
    origins = Origins()
    for c in claims:
        n += 1
        key = frame_key(c, res)
        st = stance(c, weak)
        org = origins.key(c)
        if key is not None:
            blocks.setdefault(key, Block(key)).add(st, org, c)
        ftype = (c.get("frame") or {}).get("type")
        if ftype in ("supply_weapons", "capability", "deploy_forces"):
            for w in c.get("weapons") or []:
                fam = _WEAPON_FAMILY.match(w)
                if fam:
                    wk = ("weapon", fam.group(), None)
                    blocks_w = weapon_blocks.setdefault(fam.group(), Block(wk))
                    blocks_w.add(st, org, c)
    conflicts: dict[str, Conflict] = {}
    work = [0]
    for key, block in sorted(blocks.items(), key=lambda kv: _key_str(kv[0])):
        for other in _compatible(key, blocks):
            _compare(block, blocks[other], conflicts, per_block, work=work)
    for fam, block in sorted(weapon_blocks.items()):
        _compare(block, block, conflicts, per_block, weapon=fam, work=work)
    groups = _corroboration(blocks, origins.names)
    out = _one_finding_per_claim(sorted(conflicts.values(), key=lambda f: (-f.score, f.kind, f.id)))
    return Reconciled(out, groups, n, len(blocks) + len(weapon_blocks), work[0])


def _one_finding_per_claim(findings: list[Conflict]) -> list[Conflict]:
    """Best first, a claim stands in at most one finding of a kind and frame: the list an analyst
    reads names each disagreement once, not once per repetition of the same claim."""
    used: set[tuple[str, str, str]] = set()
    out = []
    for f in findings:
        ka, kb = (f.kind, f.frame, f.a.id), (f.kind, f.frame, f.b.id)
        if ka in used or kb in used:
            continue
        used.update((ka, kb))
        out.append(f)
    return out


def _key_str(k: tuple) -> str:
    return "|".join(x or "*" for x in k)


def _compatible(key: tuple, blocks: dict[tuple, Block]) -> list[tuple]:
    """Blocks whose proposition can be the same: itself, and for a key with both agent and target,
    the blocks that leave one of them open. Each unordered pair is listed once (from the full key)."""
    ftype, agent, target = key
    out = [key]
    if agent is not None and target is not None:
        out += [k for k in ((ftype, agent, None), (ftype, None, target)) if k in blocks]
    return out


TOP = 12  # best representatives per side compared: findings are few, the work is bounded

SIDES = {
    "contradiction": (Stance.POS, Stance.NEG),
    "disputed": (Stance.POS, Stance.DOUBT),
}


def _compare(a: Block, b: Block, out: dict[str, Conflict], per_block: int, weapon: str | None = None,
             work: list[int] | None = None) -> None:
    for kind, (s1, s2) in SIDES.items():
        for x_st, y_st in ((s1, s2), (s2, s1)) if a is not b else ((s1, s2),):
            xs = heapq.nsmallest(TOP, ((o, bk) for (st, o), bk in a.buckets.items() if st == x_st),
                                 key=lambda t: (t[1].priority, t[0]))
            ys = heapq.nsmallest(TOP, ((o, bk) for (st, o), bk in b.buckets.items() if st == y_st),
                                 key=lambda t: (t[1].priority, t[0]))
            made = 0
            for xo, xb in xs:
                if made >= per_block:
                    break
                for yo, yb in ys:
                    if made >= per_block:
                        break
                    if work is not None:
                        work[0] += 1
                    if xo == yo or xb.best["id"] == yb.best["id"]:
                        continue
                    f = _finding(kind, xb, yb, a.key if a.key[0] != "weapon" else ("weapon", weapon, None),
                                 open_side=a.key != b.key)
                    if f is not None and f.id not in out:
                        out[f.id] = f
                        made += 1
    if weapon is None:
        _quantities(a, b, out)
        _stance_changes(a, b, out)


def _stance_changes(a: Block, b: Block, out: dict[str, Conflict]) -> None:
    """One named speaker (or institution) asserting a proposition on one day and denying it on
    another: the other comparisons skip a pair of one origin, as it is no disagreement between
    sources, yet an analyst follows exactly this turn of a position."""
    pairs = [(Stance.POS, Stance.NEG), (Stance.NEG, Stance.POS)] if a is not b else [(Stance.POS, Stance.NEG)]
    for s1, s2 in pairs:
        for (st, org), xb in sorted(a.buckets.items()):
            yb = b.buckets.get((s2, org))
            if st != s1 or yb is None or org.startswith("article:"):
                continue
            x, y = xb.best, yb.best
            if any(c["speaker"].get("kind") not in NAMED for c in (x, y)):
                continue  # an outlet's unnamed sources are many voices, not one changing its mind
            dx, dy = _date(x), _date(y)
            if not dx or not dy or dx == dy:
                continue
            if dx > dy:
                x, y, xb, yb, dx, dy = y, x, yb, xb, dy, dx
            fid = "k" + hashlib.sha256(f"stance_change|{x['id']}|{y['id']}".encode()).hexdigest()[:15]
            key = a.key if a.key[2] is not None or b.key[2] is None else b.key
            out.setdefault(fid, Conflict(
                id=fid, kind="stance_change", frame=key[0], actors=sorted({n for n in (key[1], key[2], x["speaker"].get("affiliation")) if n}),
                score=round(0.65 * (0.85 if key[1] is None or key[2] is None else 1.0), 3),
                explanation=f"Stance change on {_proposition(key)}: {origin(x)} {states(x, xb.stance)} on {dx}: "
                            f"“{shorten(x['content'])}”; {states(y, yb.stance)} on {dy}: “{shorten(y['content'])}”.",
                a=Claim.model_validate(x), b=Claim.model_validate(y)))


def _date(c: dict[str, Any]) -> str | None:
    so = c.get("said_on") or {}
    return so.get("date") if so.get("precision") in ("day", "week") else None


def _finding(kind: str, xb: Bucket, yb: Bucket, key: tuple, open_side: bool = False) -> Conflict | None:
    """`open_side`: one claim leaves the agent or the target open ('no missile was sent to
    Russia' against 'the US sent missiles to Russia'): a weaker match than the same full key."""
    x, y = xb.best, yb.best
    if x["doc"]["id"] == y["doc"]["id"] and is_article_claim(x) and is_article_claim(y):
        return None
    dx, dy = _date(x), _date(y)
    if kind == "contradiction" and dx and dy and abs(_days(dx, dy)) > 14:
        # the later one overturns the earlier: a supersession, not a contradiction
        kind = "superseded"
        if dx > dy:
            x, y, xb, yb = y, x, yb, xb
    ftype, agent, target = key
    score = {"contradiction": 0.9, "disputed": 0.75, "superseded": 0.6, "quantity": 0.7}[kind]
    if agent is None or target is None or open_side:
        score *= 0.85
    if is_article_claim(x) or is_article_claim(y):
        score *= 0.8
    if x["doc"]["id"] == y["doc"]["id"]:
        score *= 0.9
    if ftype == "weapon":
        score *= 0.8
    a, b = (x, y) if x["id"] <= y["id"] or kind == "superseded" else (y, x)
    ab, bb = (xb, yb) if a is x else (yb, xb)
    actors = sorted({n for n in (agent, target) if n and ftype != "weapon"} |
                    {n for c in (a, b) for n in (c["speaker"].get("affiliation"),) if n})
    fid = "k" + hashlib.sha256(f"{kind}|{a['id']}|{b['id']}".encode()).hexdigest()[:15]
    return Conflict(id=fid, kind=kind, frame=ftype if ftype != "weapon" else f"weapon:{agent}", actors=actors,
                    score=round(score, 3), explanation=_explain(kind, a, b, ab, bb, key),
                    a=Claim.model_validate(a), b=Claim.model_validate(b))


def _days(a: str, b: str) -> int:
    import datetime as dt

    return (dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days


def states(c: dict[str, Any], st: Stance) -> str:
    """What the claim itself says, in one verb: its stance is not always its wording (a claim
    of flaws denies a capability without a negation; "reportedly" asserts, but hedged)."""
    if st == Stance.DOUBT:
        return "doubts"
    if st == Stance.NEG:
        return "denies" if c.get("polarity") == "negative" else "reports flaws"
    if c.get("modality") in ("hedged", "possible"):
        return "hedges"
    return "asserts"


def _who(c: dict[str, Any], bucket: Bucket) -> str:
    sp = c["speaker"]
    bits = [b for b in (sp.get("affiliation"), _date(c)) if b]
    name = sp["canonical"]
    if is_article_claim(c):
        name = f"{c['doc'].get('outlet') or 'the article'} ({c['doc']['id']})"
    if c.get("via"):
        name += " via " + ", ".join(c["via"])
    if len(bucket.docs) > 1:
        bits.append(f"in {len(bucket.docs)} articles")
    return name + (f" ({', '.join(bits)})" if bits else "")


def _proposition(key: tuple) -> str:
    ftype, agent, target = key
    if ftype == "weapon":
        return f"the {agent} systems' delivery or performance"
    what = ftype.replace("_", " ")
    return f"{what} ({agent or '?'} → {target or '?'})"


def _explain(kind: str, a: dict, b: dict, ab: Bucket, bb: Bucket, key: tuple) -> str:
    def side(c, bk):
        return f"{_who(c, bk)} {states(c, bk.stance)}: “{shorten(c['content'])}”"

    lead = {"contradiction": "Contradiction on", "disputed": "Disputed:", "superseded": "Superseded:",
            "quantity": "Quantities differ on"}[kind]
    return f"{lead} {_proposition(key)}. {side(a, ab)}; {side(b, bb)}."


def shorten(s: str, n: int = 140) -> str:
    """At most n characters; an ellipsis says where text was left out."""
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


# ------------------------------------------------------------------ quantities

def _interval(q: dict[str, Any]) -> tuple[float, float]:
    v, hi, qual = q["value"], q.get("value_max"), q.get("qualifier")
    if hi is not None:
        return v, hi
    return {
        "at_least": (v, float("inf")), "over": (v * 1.0001, float("inf")), "at_most": (0.0, v),
        "under": (0.0, v * 0.9999), "about": (v * 0.8, v * 1.2),
    }.get(qual, (v * 0.97, v * 1.03))


def _unit(q: dict[str, Any]) -> str | None:
    u = (q.get("unit") or "").lower()
    return u[:5] if u else None


def _quantities(a: Block, b: Block, out: dict[str, Conflict]) -> None:
    for (sa, oa), ba in sorted(a.buckets.items()):
        for (sb, ob), bb in sorted(b.buckets.items()):
            if sa != Stance.POS or sb != Stance.POS or oa == ob:
                continue
            for qa in ba.best.get("quantities") or []:
                for qb in bb.best.get("quantities") or []:
                    if _unit(qa) is None or _unit(qa) != _unit(qb):
                        continue
                    ia, ib = _interval(qa), _interval(qb)
                    if ia[1] < ib[0] or ib[1] < ia[0]:
                        f = _finding("contradiction", ba, bb, a.key, open_side=a.key != b.key)
                        if f is None:
                            continue
                        f = f.model_copy(update={
                            "kind": "quantity", "score": round(f.score * 0.8, 3),
                            "id": "k" + hashlib.sha256(f"quantity|{f.a.id}|{f.b.id}".encode()).hexdigest()[:15],
                            "explanation": f"Quantities differ on {_proposition(a.key)}: {qa['text']!r} "
                                           f"({f.a.speaker.canonical}) vs {qb['text']!r} ({f.b.speaker.canonical})."})
                        out.setdefault(f.id, f)
                        return


# ------------------------------------------------------------------ corroboration

def _merge_open_targets(blocks: dict[tuple, Block]) -> dict[tuple, Block]:
    """A claim with no target joins the one block of its frame and agent that has a target."""
    by_agent: dict[tuple, list[tuple]] = {}
    for key in blocks:
        if key[2] is not None:
            by_agent.setdefault(key[:2], []).append(key)
    merged = {k: Block(k, {bk_key: Bucket(bk.best, set(bk.docs), bk.count, set(bk.langs), stance=bk.stance)
                           for bk_key, bk in b.buckets.items()},
                       overflow={st: set(d) for st, d in b.overflow.items()})
              for k, b in blocks.items() if k[2] is not None or len(by_agent.get(k[:2], [])) != 1}
    for key, block in blocks.items():
        targets = by_agent.get(key[:2], [])
        if key[2] is None and len(targets) == 1:
            into = merged[targets[0]]
            for st, docs in block.overflow.items():
                into.overflow.setdefault(st, set()).update(docs)
            for bk_key, bk in block.buckets.items():
                have = into.buckets.get(bk_key)
                if have is None:
                    into.buckets[bk_key] = Bucket(bk.best, set(bk.docs), bk.count, set(bk.langs), stance=bk.stance)
                else:
                    have.docs |= bk.docs
                    have.langs |= bk.langs
                    have.count += bk.count
    return merged


def _corroboration(blocks: dict[tuple, Block], names: dict[str, str]) -> list[CorroborationGroup]:
    groups = []
    for key, block in sorted(_merge_open_targets(blocks).items(), key=lambda kv: _key_str(kv[0])):
        for st in (Stance.POS, Stance.NEG):
            members = [(o, bk) for (s, o), bk in sorted(block.buckets.items()) if s == st]
            docs = sorted({d for _, bk in members for d in bk.docs} | block.overflow.get(st, set()))
            if len(docs) < 2:
                continue
            named = {names[o] for o, _ in members if not o.startswith("article:")}
            origins = sorted(named) or sorted({o for o, _ in members})
            claims = sorted((bk.best for _, bk in members), key=lambda c: (c["doc"]["id"], c["evidence"]["start"]))
            langs = sorted({lang for _, bk in members for lang in bk.langs})
            gid = "g" + hashlib.sha256(f"{_key_str(key)}|{st}".encode()).hexdigest()[:15]
            groups.append(CorroborationGroup(
                id=gid, frame=key[0], polarity="positive" if st == Stance.POS else "negative",
                actors=[x for x in key[1:] if x], origins=origins, documents=docs, languages=langs,
                claims=[Claim.model_validate(c) for c in claims]))
    return groups
