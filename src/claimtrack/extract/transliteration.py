"""Spelling-neutral forms of names: one key for 'Zhuravlyov', 'Zhuravlev' and the name in
another script, so that one person written two ways is one speaker."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler

from ..languages import language, transliterating
from .tokens import is_cyrillic


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


@lru_cache(maxsize=16)
def _translit_table(code: str) -> dict[int, str]:
    return str.maketrans(language(code).data.transliteration)


_SKEL_RULES = [("shch", "sc"), ("yo", "e"), ("jo", "e"), ("ye", "e"), ("je", "e"), ("yu", "u"), ("ju", "u"),
               ("ya", "a"), ("ja", "a"), ("iy", "i"), ("yi", "i"), ("ij", "i"), ("y", "i"), ("j", "i"),
               ("kh", "h"), ("ts", "c"), ("tz", "c"), ("w", "v"), ("ck", "k"), ("ph", "f"), ("g", "h"),
               ("x", "ks"), ("q", "k")]


_NON_LATIN = re.compile(r"[^a-z]")
_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=100_000)
def name_key(word: str) -> str:
    """Transliteration-neutral spelling: 'Zhuravlyov', 'Zhuravlev' and the name in Cyrillic -> one family."""
    w = fold(word.lower())
    if is_cyrillic(w):
        scheme = transliterating(w)
        if scheme is not None:
            w = w.translate(_translit_table(scheme.code))
    for a, b in _SKEL_RULES:
        w = w.replace(a, b)
    return _REPEATS.sub(r"\1", _NON_LATIN.sub("", w))


def latin_name(name: str, lang: str) -> str:
    """An unlisted Cyrillic name in Latin letters, by the transliteration scheme of the document's
    language (its language.json `transliteration`: Ukrainian's national system for a Ukrainian
    article), else of the word's own letters: a Ukrainian 'Oleksandr Merezhko' comes out as the
    spelling English articles use, so that both are one speaker."""
    own = language(lang)
    out = []
    for word in name.split():
        low = word.lower()
        if not is_cyrillic(low):
            out.append(word)
            continue
        scheme = own if own.data.transliteration else transliterating(low)
        lat = low.translate(_translit_table(scheme.code)) if scheme is not None else low
        out.append(lat[:1].upper() + lat[1:] if word[:1].isupper() else lat)
    return " ".join(out)


_VOWELS = re.compile(r"[aeiou]")


@lru_cache(maxsize=100_000)
def _consonants(key: str) -> str:
    return _VOWELS.sub("", key)


def same_name(a: str, b: str) -> bool:
    """Two spellings of one surname: same consonant skeleton, same ending class, close overall."""
    ka, kb = name_key(a), name_key(b)
    if ka == kb:
        return True
    if len(ka) < 5 or len(kb) < 5 or ka[0] != kb[0]:
        return False
    if _consonants(ka) != _consonants(kb) or (ka[-1] in "aeiou") != (kb[-1] in "aeiou"):
        return False
    return JaroWinkler.similarity(ka, kb) >= 0.85
