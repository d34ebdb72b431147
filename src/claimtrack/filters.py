"""Claim filters shared by `claims`, `conflicts` and `diff`: actor (through affiliation), speaker,
weapon, document and date window."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .extract.transliteration import fold, same_name
from .languages import codes
from .lexicon import Lexicon


def _norm(s: str | None) -> str:
    return fold(s or "").casefold().strip()


def _read_as_extraction_does(lex: Lexicon, name: str):
    """(tokens of `name`, the matchers of every language): the query is read in every language."""
    from .extract.matchers import matchers
    from .extract.tokens import tokenize

    return tokenize(name), [matchers(lex, lang) for lang in codes()]


def lexicon_actors(lex: Lexicon, name: str) -> set[str]:
    """Canonical names of the actors `name` is a spelling of, read by extraction's own matchers in
    every language: an alias, a transliteration, an inflected form (the genitive of a surname -> its holder)."""
    toks, all_matchers = _read_as_extraction_does(lex, name)
    out: set[str] = set()
    for m in all_matchers:
        hit = m.entities.aliases.match_at(toks, 0, len(toks)) if toks and m.entities is not None else None
        if hit and hit[0] == len(toks):
            out.add(hit[1].canonical)
    return out


def lexicon_weapons(lex: Lexicon, name: str) -> set[str]:
    """Canonical names of the weapon systems `name` spells, in any script, as extraction reads them."""
    toks, all_matchers = _read_as_extraction_does(lex, name)
    return {w.canonical for m in all_matchers for w in m.weapons.find(toks, 0, len(toks), name)}


def resolve_actor(lex: Lexicon, name: str) -> tuple[set[str], set[str]]:
    """(canonical names, countries) a user's --actor NAME stands for.

    A country stands for itself and everyone affiliated with it ("Russia" -> Lavrov, the Kremlin);
    a person or body stands for itself."""
    want = _norm(name)
    names: set[str] = {want} | {_norm(c) for c in lexicon_actors(lex, name)}
    countries: set[str] = set()
    for a in lex.actors.actors:
        forms = {_norm(a.canonical)} | {_norm(x) for x in a.aliases}
        if want in forms or _norm(a.canonical) in names:
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
    modalities: set[str] = field(default_factory=set)  # empty: every modality

    def __post_init__(self) -> None:
        self._actor = resolve_actor(self.lex, self.actor) if self.actor else None
        self._speakers = {_norm(n) for n in lexicon_actors(self.lex, self.speaker)} if self.speaker else set()
        self._weapons = {_norm(n) for n in lexicon_weapons(self.lex, self.weapon)} if self.weapon else set()

    def speaker_matches(self, sp: dict[str, Any]) -> bool:
        """The speaker as typed (part of the stored name), as the lexicon resolves it, or a surname
        in another spelling or script ('Umerov' typed in Cyrillic)."""
        canonical, name = _norm(sp.get("canonical")), _norm(sp.get("name"))
        want = _norm(self.speaker)
        if want in canonical or want in name or canonical in self._speakers:
            return True
        words = want.split()
        return len(words) == 1 and any(same_name(words[0], w) for w in (canonical + " " + name).split())

    def weapon_matches(self, weapons: list[str]) -> bool:
        want = _norm(self.weapon)
        return any(want in _norm(w) or _norm(w) in self._weapons for w in weapons)

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
        if self.speaker and not self.speaker_matches(c.get("speaker") or {}):
            return False
        if self.weapon and not self.weapon_matches(c.get("weapons") or []):
            return False
        if self.doc and _norm(self.doc) not in _norm((c.get("doc") or {}).get("id")):
            return False
        if self.modalities and c.get("modality", "asserted") not in self.modalities:
            return False
        date = (c.get("said_on") or {}).get("date")
        if self.since and (not date or date < self.since):
            return False
        if self.until and (not date or date > self.until):
            return False
        return True
