"""Tokens, lemma keys and a phrase matcher over lexicon forms.

Matching works on tokens looked up in dictionaries (exact forms and stems), never on large
case-insensitive regex alternations, so that extraction runs near reading speed. Cyrillic words
are matched through their lemmas (pymorphy3, for the languages whose registry entry names it):
the genitive and the dative of a surname both give its nominative.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..languages import language, letter_folds, morphology_for, script_fallback, union
from ..lexicon import expand_forms

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


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Tok]:
    out: list[Tok] = []
    append = out.append
    lowered = text.lower().replace("’", "'").replace("ʼ", "'")
    same = len(lowered) == len(text)  # lower() can lengthen a few letters ("İ"): then word by word
    for m in TOKEN.finditer(text, start, len(text) if end is None else end):
        s, e = m.span()
        t = m.group()
        low = lowered[s:e] if same else t.lower().replace("’", "'").replace("ʼ", "'")
        if low.endswith("'s") and e - s > 2 and not _CYR.search(t):
            # "Maduro's" -> "Maduro" + "'s": names must match without the possessive
            append(_tok(s, e - 2, t[:-2], low[:-2]))
            append(_tok(e - 2, e, t[-2:], low[-2:]))
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


# ---------------------------------------------------------------- phrase matching

CACHE_WORDS = 50_000  # entries per word cache: bounded, since a corpus's vocabulary can be large
Elem = tuple[str, str]  # ("=", form) exact, ("^", stem) prefix, ("$", end) suffix


def _compile_form(form: str) -> tuple[Elem, ...]:
    elems = []
    for part in form.lower().split():
        if part.startswith("*") and len(part) > 1:
            elems.append(("$", part[1:]))
        elif part.endswith("*") and len(part) > 1:
            elems.append(("^", part[:-1]))
        else:
            elems.append(("=", part))
    return tuple(elems)


def _rest_matches(elems: tuple[Elem, ...], toks: list[Tok], i: int) -> bool:
    """Do the form's words after the first match the tokens after token i?"""
    for k in range(1, len(elems)):
        kind, s = elems[k]
        low = toks[i + k].low
        if not (low == s if kind == "=" else (low.startswith(s) if kind == "^" else low.endswith(s))):
            return False
    return True


class WordCache(dict):
    """word -> computed value, filled on first look-up; bounded, since a corpus's vocabulary can be large."""

    def __init__(self, compute) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, word: str):
        if len(self) >= CACHE_WORDS:
            self.clear()
        value = self[word] = self.compute(word)
        return value


class PhraseMatcher:
    """Longest-match lookup of multi-token forms; payloads are returned with each match."""

    def __init__(self) -> None:
        self.exact: dict[str, list[tuple[tuple[Elem, ...], Any]]] = {}
        self.prefix: dict[str, list[tuple[tuple[Elem, ...], Any]]] = {}
        self.suffix: list[tuple[tuple[Elem, ...], Any]] = []
        self.prefix_lens: list[int] = []
        self.heads: set[str] = set()  # first three letters of every stem (two for short ones): a cheap reject
        self.short_heads: set[str] = set()
        self._cache = WordCache(self._candidates)  # word -> forms it can start, since news reuses its words

    def add(self, form: str, payload: Any) -> None:
        for f in expand_forms(form):
            elems = _compile_form(f)
            if not elems:
                continue
            kind, s = elems[0]
            if kind == "=":
                self.exact.setdefault(s, []).append((elems, payload))
            elif kind == "^":
                self.prefix.setdefault(s, []).append((elems, payload))
                (self.heads if len(s) >= 3 else self.short_heads).add(s[:3])
                if len(s) not in self.prefix_lens:
                    self.prefix_lens.append(len(s))
                    self.prefix_lens.sort()
            else:
                self.suffix.append((elems, payload))
        self._cache = WordCache(self._candidates)

    def _candidates(self, low: str) -> tuple:
        """Forms that can start with this word (cached per word by `WordCache`)."""
        exact = self.exact.get(low)
        out = list(exact) if exact else []
        if low[:3] in self.heads or any(low.startswith(h) for h in self.short_heads):
            for n in self.prefix_lens:
                if n > len(low):
                    break
                pre = self.prefix.get(low[:n])
                if pre:
                    out.extend(pre)
        for item in self.suffix:
            if low.endswith(item[0][0][1]):
                out.append(item)
        return tuple(out)

    def could_start(self, low: str) -> bool:
        """Can any form start with this word?"""
        return bool(self._cache[low])

    def match_at(self, toks: list[Tok], i: int, hi: int | None = None) -> tuple[int, Any] | None:
        """Longest match starting at token i: (end index exclusive, payload)."""
        cands = self._cache[toks[i].low]
        if not cands:
            return None
        hi = len(toks) if hi is None else hi
        best: tuple[int, Any] | None = None
        for elems, payload in cands:
            n = len(elems)
            if i + n > hi or (best is not None and i + n <= best[0]):
                continue
            if n == 1 or _rest_matches(elems, toks, i):
                best = (i + n, payload)
        return best

    def positions(self, toks: list[Tok], lo: int, hi: int) -> list[int]:
        """Token indexes in lo..hi where some form could start (a cheap pre-filter for scans)."""
        cache = self._cache
        return [i for i, t in enumerate(toks[lo:hi], lo) if cache[t.low]]

    def matches_at(self, toks: list[Tok], i: int, hi: int) -> list[tuple[int, Any]]:
        """Every match starting at token i, longest first."""
        out = []
        for elems, payload in self._cache[toks[i].low]:
            n = len(elems)
            if i + n <= hi and (n == 1 or _rest_matches(elems, toks, i)):
                out.append((i + n, payload))
        out.sort(key=lambda m: -m[0])
        return out

    def find_all(self, toks: list[Tok], lo: int = 0, hi: int | None = None,
                 at: list[int] | None = None) -> list[tuple[int, int, Any]]:
        """Non-overlapping longest matches, left to right: (start, end, payload). `at`: the sorted
        positions in lo..hi to try, if known to include every one this matcher can start at."""
        hi = len(toks) if hi is None else hi
        out = []
        after = lo
        for i in self.positions(toks, lo, hi) if at is None else at:
            if i < after:
                continue
            m = self.match_at(toks, i, hi)
            if m:
                out.append((i, m[0], m[1]))
                after = m[0]
        return out

    def any_in(self, toks: list[Tok], lo: int, hi: int) -> bool:
        return any(self.match_at(toks, i, hi) for i in self.positions(toks, lo, hi))


def build_matcher(forms_by_lang: dict[str, list[Any]], lang: str, payload_of=None) -> PhraseMatcher:
    """A matcher for one language's list of forms (strings or {form, ...} objects)."""
    m = PhraseMatcher()
    for item in forms_by_lang.get(lang, []):
        if isinstance(item, str):
            m.add(item, payload_of(item) if payload_of else item)
        else:
            m.add(item["form"], payload_of(item) if payload_of else item)
    return m
