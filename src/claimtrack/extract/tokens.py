"""Tokens and lemma keys.

Lexicon scans (matching.py) work on these tokens, looked up in dictionaries. Cyrillic words
are matched through their lemmas (pymorphy3, for the languages whose registry entry names it):
the genitive and the dative of a surname both give its nominative.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..languages import language, letter_folds, morphology_for, script_fallback, union

TOKEN = re.compile(r"\w+(?:[-‐'’ʼ]\w+)*|[^\w\s]")
_CYR = re.compile(r"[\u0400-\u04ff]")


@dataclass(slots=True)
class Tok:
    start: int
    end: int
    text: str
    low: str
    cyr: bool = False
    is_cap: bool = False   # starts with a capital letter
    is_word: bool = False  # starts with a letter or digit (not punctuation)


def _tok(start: int, end: int, t: str, low: str) -> Tok:
    c = t[0]
    return Tok(start, end, t, low, "\u0400" <= c <= "\u04ff", c.isupper(), c.isalnum())


@lru_cache(maxsize=1)
def _clitics() -> tuple[str, ...]:
    """Every language's possessive clitics, longest first (tokens are made before a language is known)."""
    return tuple(sorted(union("possessives"), key=lambda c: (-len(c), c)))


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Tok]:
    out: list[Tok] = []
    clitics = _clitics()
    append = out.append
    end = len(text) if end is None else end
    lowered = text[start:end].lower().replace("’", "'").replace("ʼ", "'")  # the range only: linear in windows
    same = len(lowered) == end - start  # lower() can lengthen a few letters ("İ"): then word by word
    for m in TOKEN.finditer(text, start, end):
        s, e = m.span()
        t = m.group()
        low = lowered[s - start:e - start] if same else t.lower().replace("’", "'").replace("ʼ", "'")
        if low.endswith(clitics) and not _CYR.search(t):
            # "Maduro's" -> "Maduro" + "'s": names must match without the possessive
            n = next(len(c) for c in clitics if low.endswith(c))
            if e - s > n:
                append(_tok(s, e - n, t[:-n], low[:-n]))
                append(_tok(e - n, e, t[-n:], low[-n:]))
                continue
        append(_tok(s, e, t, low))
    return out


def word_token(word: str) -> Tok:
    """The token `tokenize` makes of this single word (for caches keyed by a word's text)."""
    return _tok(0, len(word), word, word.lower().replace("’", "'").replace("ʼ", "'"))


def span_text(toks: list[Tok], i: int, j: int) -> str:
    """Tokens i..j as written, with a single space where the text had any."""
    out = []
    for k in range(i, j):
        if k > i and toks[k].start > toks[k - 1].end:
            out.append(" ")
        out.append(toks[k].text)
    return "".join(out)


def is_cyrillic(word: str) -> bool:
    return bool(_CYR.search(word))


_morph: dict[str, Any] = {}
_NAME_TAGS = {"Name", "Surn", "Patr", "Geox", "Orgn"}
_CYRILLIC = "cyrillic"  # the one script whose words go through morphology (is_cyrillic)


def _analyzer(lang: str):
    if lang not in _morph:
        import pymorphy3

        _morph[lang] = pymorphy3.MorphAnalyzer(lang=lang)
    return _morph[lang]


@lru_cache(maxsize=200_000)
def lemma_keys(low: str, lang: str) -> frozenset[str]:
    """Possible dictionary forms of a lower-case Cyrillic word (the word itself included)."""
    keys = {low}
    if not is_cyrillic(low):
        return frozenset(keys)
    folds = letter_folds()
    for lg in morphology_for(lang, _CYRILLIC):
        for p in _analyzer(lg).parse(low)[:6]:
            keys.add(p.normal_form.translate(folds))
    for end in union("case_endings"):  # surnames pymorphy does not know: the stem of an inflected one
        if low.endswith(end) and len(low) - len(end) >= 4:
            keys.add(low[: -len(end)])
    return frozenset(keys)


@lru_cache(maxsize=200_000)
def primary_lemma(low: str, lang: str) -> str:
    """The most likely dictionary form of a lower-case Cyrillic word."""
    lg = _primary_analyzer(lang)
    if lg is None:
        return low
    parses = _analyzer(lg).parse(low)
    return parses[0].normal_form.translate(letter_folds()) if parses else low


def _primary_analyzer(lang: str) -> str | None:
    own = morphology_for(lang, _CYRILLIC)
    if len(own) == 1:
        return own[0]
    fallback = script_fallback(_CYRILLIC)
    return fallback.code if fallback and fallback.code in own else (own[0] if own else None)


@lru_cache(maxsize=100_000)
def name_lemma(word: str, lang: str) -> str:
    """Nominative of a Cyrillic proper name when pymorphy3 knows it as a name, else the word."""
    if not is_cyrillic(word) or not language(lang).morphology:
        return word
    for p in _analyzer(lang).parse(word.lower())[:4]:
        if set(p.tag.grammemes) & _NAME_TAGS:
            nf = p.normal_form
            return nf[:1].upper() + nf[1:] if word[:1].isupper() else nf
    return word
