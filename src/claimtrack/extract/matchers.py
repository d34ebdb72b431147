"""One object per (lexicon, language) that owns the language's matchers.

Each matcher is built on first use and then shared by every document of that language; the
pipeline builds them all before it forks its workers (`warm_up`), so workers share them too.
A lexicon is identified by its fingerprint: user lexicon folders give other matchers.
"""
from __future__ import annotations

from functools import cached_property

from ..lexicon import Lexicon
from .attribution import CueLexicon, build_cue_lexicon, build_question_context
from .entities import EntityLexicon, build_entity_lexicon
from .frames import FrameLexicon, build_frame_lexicon
from .matching import PhraseMatcher
from .weapons import WeaponFinder


class LanguageMatchers:
    def __init__(self, lex: Lexicon, lang: str):
        self.lex = lex
        self.lang = lang

    @cached_property
    def entities(self) -> EntityLexicon:
        return build_entity_lexicon(self.lex, self.lang)

    @cached_property
    def weapons(self) -> WeaponFinder:
        return WeaponFinder(self.lex, self.lang)

    @cached_property
    def frames(self) -> FrameLexicon:
        return build_frame_lexicon(self.lex, self.lang)

    @cached_property
    def cues(self) -> CueLexicon:
        return build_cue_lexicon(self.lex, self.lang)

    @cached_property
    def question_context(self) -> PhraseMatcher:
        return build_question_context(self.lex, self.lang)

    def build_all(self) -> None:
        for name in ("entities", "weapons", "frames", "cues", "question_context"):
            getattr(self, name)


_BY_LEXICON: dict[tuple[str, str], LanguageMatchers] = {}


def matchers(lex: Lexicon, lang: str) -> LanguageMatchers:
    key = (lex.fingerprint, lang)
    if key not in _BY_LEXICON:
        _BY_LEXICON[key] = LanguageMatchers(lex, lang)
    return _BY_LEXICON[key]
