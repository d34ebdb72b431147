"""Claim filters shared by `claims`, `conflicts` and `diff`: actor (through affiliation), speaker,
weapon, document and date window."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .extract.transliteration import fold
from .lexicon import Lexicon


def _norm(s: str | None) -> str:
    return fold(s or "").casefold().strip()


def resolve_actor(lex: Lexicon, name: str) -> tuple[set[str], set[str]]:
    """(canonical names, countries) a user's --actor NAME stands for.

    A country stands for itself and everyone affiliated with it ("Russia" -> Lavrov, the Kremlin);
    a person or body stands for itself."""
    want = _norm(name)
    names: set[str] = {want}
    countries: set[str] = set()
    for a in lex.actors.actors:
        forms = {_norm(a.canonical)} | {_norm(x) for x in a.aliases}
        if want in forms:
            names.add(_norm(a.canonical))
            if a.kind == "country":
                countries.add(_norm(a.canonical))
    return names, countries


def _country_of(lex: Lexicon, canonical: str | None) -> str | None:
    if not canonical:
        return None
    a = lex.actor_by_name.get(canonical)
    return a.affiliation if a else None


@dataclass
class ClaimFilter:
    lex: Lexicon
    actor: str | None = None
    speaker: str | None = None
    weapon: str | None = None
    doc: str | None = None
    since: str | None = None
    until: str | None = None

    def __post_init__(self) -> None:
        self._actor = resolve_actor(self.lex, self.actor) if self.actor else None

    def actor_matches(self, c: dict[str, Any]) -> bool:
        if self._actor is None:
            return True
        names, countries = self._actor
        sp = c.get("speaker") or {}
        cands = [sp.get("canonical"), sp.get("name"), (c.get("frame") or {}).get("agent"),
                 (c.get("frame") or {}).get("target")]
        for x in cands:
            if _norm(x) in names:
                return True
            if countries and _norm(_country_of(self.lex, x)) in countries:
                return True
        if countries and _norm(sp.get("affiliation")) in countries:
            return True
        return False

    def __call__(self, c: dict[str, Any]) -> bool:
        if not self.actor_matches(c):
            return False
        sp = c.get("speaker") or {}
        if self.speaker and _norm(self.speaker) not in (_norm(sp.get("canonical")) + " | " + _norm(sp.get("name"))):
            return False
        if self.weapon and not any(_norm(self.weapon) in _norm(w) for w in c.get("weapons") or []):
            return False
        if self.doc and _norm(self.doc) not in _norm((c.get("doc") or {}).get("id")):
            return False
        date = (c.get("said_on") or {}).get("date")
        if self.since and (not date or date < self.since):
            return False
        if self.until and (not date or date > self.until):
            return False
        return True
