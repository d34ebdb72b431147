"""Weapon systems: lexicon aliases (case-sensitive) and unlisted designators such as "Su-35"."""
from __future__ import annotations

import re
from typing import NamedTuple

from ..languages import capitals, letters, reads_other_scripts
from ..lexicon import Lexicon
from .matching import KeyMatcher
from .tokens import Tok, is_cyrillic

_DESIGNATOR = re.compile(  # a capital, up to four letters, a hyphen and digits: "Su-35"
    rf"(?<![\w-])[{capitals()}][{letters()}]{{0,4}}-\d{{1,4}}(?:[{letters()}0-9]{{0,4}})"
    r"(?:-?[A-Z0-9]{1,3})?(?![\w-])")
_HYPHEN_DIGIT = re.compile(r"-\d")


class WeaponSpan(NamedTuple):
    """A weapon system named in the text: its characters and its canonical name (an unlisted
    designator such as "Su-35" is its own canonical name)."""
    start: int
    end: int
    canonical: str


class WeaponFinder:
    def __init__(self, lex: Lexicon, lang: str):
        # case-sensitive: "Caliber" the missile, not "caliber"; "CAESAR" the howitzer, not Caesar
        self.matcher = KeyMatcher(lang, case_sensitive=True)
        other_scripts = reads_other_scripts(lang)
        for w in lex.weapons.weapons:
            for al in w.aliases:
                if other_scripts or not is_cyrillic(al):
                    self.matcher.add(al, w.canonical)
        self.matcher.finish()
        self.not_designators = frozenset(lex.weapons.not_designators)
        self.never_designators = frozenset(lex.weapons.never_designators)

    def find(self, toks: list[Tok], lo: int, hi: int, text: str) -> list[WeaponSpan]:
        """The weapon systems named in tokens lo..hi, in text order of each kind."""
        out = []
        covered: list[tuple[int, int]] = []
        starts = self.matcher.starts
        after = lo
        for i in [k for k in range(lo, hi) if starts[toks[k].text]]:  # names start with a capital or a digit
            if i < after:
                continue
            m = self.matcher.match_at(toks, i, hi)
            if m:
                out.append(WeaponSpan(toks[i].start, toks[m[0] - 1].end, m[1]))
                covered.append((toks[i].start, toks[m[0] - 1].end))
                after = m[0]
        if lo < hi and _HYPHEN_DIGIT.search(text, toks[lo].start, toks[hi - 1].end):
            s, e = toks[lo].start, toks[hi - 1].end
            for d in _DESIGNATOR.finditer(text, s, e):  # "Su-35", "S-400": every designator has "-<digit>"
                if any(cs <= d.start() < ce for cs, ce in covered):
                    continue
                prefix = d.group().split("-")[0].lower()
                if prefix in self.not_designators and not re.search(r"\d{2,}", d.group()):
                    continue
                if prefix in self.never_designators:
                    continue
                out.append(WeaponSpan(d.start(), d.end(), d.group()))
        return out
