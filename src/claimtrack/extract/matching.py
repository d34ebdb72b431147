"""The two matching engines every lexicon scan uses.

`PhraseMatcher` finds multi-token forms (cue verbs, triggers, markers) with stem and suffix
wildcards; `KeyMatcher` finds alias sequences (actors, weapons) whose tokens are compared by
lemma keys, so an inflected Cyrillic name matches its dictionary form. Both look words up in
dictionaries, never in large case-insensitive regex alternations, and cache per word form.
"""
from __future__ import annotations

import itertools
from typing import Any, NamedTuple

from ..languages import language, letter_folds
from ..lexicon import expand_forms
from .tokens import Tok, is_cyrillic, lemma_keys, primary_lemma, tokenize, word_token

CACHE_WORDS = 50_000  # entries per word cache: bounded, since a corpus's vocabulary can be large
Elem = tuple[str, str]  # ("=", form) exact, ("^", stem) prefix, ("$", end) suffix


class Match(NamedTuple):
    """A form found in tokens start..end (exclusive), with the payload it was added with."""
    start: int
    end: int
    payload: Any


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
                 at: list[int] | None = None) -> list[Match]:
        """Non-overlapping longest matches, left to right. `at`: the sorted
        positions in lo..hi to try, if known to include every one this matcher can start at."""
        hi = len(toks) if hi is None else hi
        out = []
        after = lo
        for i in self.positions(toks, lo, hi) if at is None else at:
            if i < after:
                continue
            m = self.match_at(toks, i, hi)
            if m:
                out.append(Match(i, m[0], m[1]))
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


class KeyMatcher:
    """Alias sequences matched token by token; Cyrillic tokens through their lemmas."""

    def __init__(self, lang: str, case_sensitive: bool):
        self.lang = lang
        self.case_sensitive = case_sensitive
        self.articles = language(lang).words.articles
        self.index: dict[str, list[tuple[tuple[frozenset[str], ...], object]]] = {}
        self.seq = 0  # insertion order: the deterministic tie-break
        self.starts = WordCache(lambda form: self._could_start(word_token(form)))  # form -> can an alias start
        self._pair_cands: dict[tuple[str, str | None], tuple[tuple, dict[str, list]]] = {}

    def _alias_keys(self, alias: str) -> tuple[frozenset[str], ...]:
        toks = tokenize(alias)
        while toks and toks[0].low in self.articles:
            toks = toks[1:]
        keys = []
        for t in toks:
            if is_cyrillic(t.text):
                # every dictionary form: a plural name must match its genitive
                keys.append(lemma_keys(t.low.translate(letter_folds()), self.lang))
            else:
                keys.append(frozenset({t.text if self.case_sensitive else t.low}))
        return tuple(keys)

    def add(self, alias: str, payload: object) -> None:
        keys = self._alias_keys(alias)
        if keys:
            self.seq += 1
            for k in keys[0]:
                self.index.setdefault(k, []).append((keys, (self.seq, payload)))

    def finish(self) -> None:
        self.starts.clear()
        self._pair_cands.clear()
        for v in self.index.values():
            v.sort(key=lambda kp: -len(kp[0]))
        # candidates by their first two keys ('president' + 'russia'), and the one-word ones apart:
        # a first word such as 'president' starts hundreds of role phrases
        self.single: dict[str, list] = {}
        self.pairs: dict[tuple[str, str], list] = {}
        for k, v in self.index.items():
            for keys, payload in v:
                if len(keys) == 1:
                    self.single.setdefault(k, []).append((keys, payload))
                else:
                    for k2 in keys[1]:
                        self.pairs.setdefault((k, k2), []).append((keys, payload))

    def token_keys(self, tok: Tok) -> frozenset[str]:
        if tok.cyr:
            return lemma_keys(tok.low.translate(letter_folds()), self.lang)
        if self.case_sensitive:
            return frozenset((tok.text, tok.text.title())) if tok.text.isupper() and len(tok.text) > 4 \
                else frozenset((tok.text,))
        return frozenset((tok.low,))

    def could_start(self, t: Tok) -> bool:
        """Can an alias start with this token? Cached per word form: the common answer is no."""
        return self.starts[t.text if self.case_sensitive else t.low]

    def _could_start(self, t: Tok) -> bool:
        if self.case_sensitive and not (t.text[:1].isupper() or t.text[:1].isdigit()):
            return False
        if t.cyr:
            return not self.index.keys().isdisjoint(self.token_keys(t))
        return (t.text if self.case_sensitive else t.low) in self.index or (
            self.case_sensitive and t.text.isupper() and t.text.title() in self.index)

    def match_at(self, toks: list[Tok], i: int, hi: int) -> tuple[int, object] | None:
        """Longest match at token i: (end, payload); see match_all for every payload of that length."""
        got = self.match_all(toks, i, hi)
        return (got[0], got[1][0]) if got else None

    def match_all(self, toks: list[Tok], i: int, hi: int) -> tuple[int, list[object]] | None:
        """Longest matches at token i; among equally long ones, those matching more tokens by their
        primary dictionary form come first (a country's dative is the country, not a lemma collision)."""
        first = toks[i]
        if not self.could_start(first):
            return None
        second = toks[i + 1] if i + 1 < hi else None
        cs = self.case_sensitive
        key = (first.text if cs else first.low, (second.text if cs else second.low) if second else None)
        got = self._pair_cands.get(key)
        if got is None:
            got = self._candidates(first, second)
            if len(self._pair_cands) >= CACHE_WORDS:
                self._pair_cands.clear()
            self._pair_cands[key] = got
        found, longer = got
        if longer and i + 2 < hi:
            found = list(found)
            seen: set[int] = set()
            for k3 in self._keys_of(toks[i + 2]):
                for keys, (order, payload) in longer.get(k3, ()):
                    n = len(keys)
                    if id(keys) in seen or i + n > hi or not self._rest_matches(keys, toks, i):
                        continue
                    seen.add(id(keys))
                    exact = sum(1 for j in range(n) if self.primary(toks[i + j]) in keys[j])
                    found.append((n, exact, order, payload))
            found.sort(key=lambda f: (-f[0], -f[1], f[2]))
        if not found:
            return None
        best = found[0]
        payloads: list[object] = []
        for f in found:
            if f[0] == best[0] and f[1] == best[1] and f[3] not in payloads:
                payloads.append(f[3])
        return i + best[0], payloads

    def _keys_of(self, t: Tok):
        """token_keys, without building a set for the common case."""
        if t.cyr or (self.case_sensitive and t.text.isupper()):
            return self.token_keys(t)
        return (t.text if self.case_sensitive else t.low,)

    def _rest_matches(self, keys: tuple[frozenset[str], ...], toks: list[Tok], i: int) -> bool:
        """Do tokens i+2 … match the alias's words after its first two?"""
        return all(not keys[j].isdisjoint(self._keys_of(toks[i + j])) for j in range(2, len(keys)))

    def _candidates(self, first: Tok, second: Tok | None) -> tuple[tuple, dict[str, list]]:
        """For two tokens: the aliases of one or two words they match, as (length, exactness, order,
        payload) sorted best first, and the longer aliases they start by their third word's keys."""
        nxt = sorted(self.token_keys(second)) if second is not None else []
        pair = (first, second)
        short: list[tuple] = []
        longer: dict[str, list] = {}
        seen: set[int] = set()
        for k in sorted(self.token_keys(first)):
            for item in itertools.chain(self.single.get(k, ()), *(self.pairs.get((k, k2), ()) for k2 in nxt)):
                keys, (order, payload) = item
                if id(keys) in seen:
                    continue
                seen.add(id(keys))
                n = len(keys)
                if n > 2:
                    for k3 in keys[2]:  # indexed by their third word: "Ukraine's" starts dozens of roles
                        longer.setdefault(k3, []).append(item)
                else:
                    exact = sum(1 for j in range(n) if self.primary(pair[j]) in keys[j])
                    short.append((n, exact, order, payload))
        short.sort(key=lambda f: (-f[0], -f[1], f[2]))
        return tuple(short), longer

    def primary(self, tok: Tok) -> str:
        if tok.cyr:
            return primary_lemma(tok.low.translate(letter_folds()), self.lang)
        return tok.text if self.case_sensitive else tok.low
