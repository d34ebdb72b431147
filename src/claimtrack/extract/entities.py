"""Entity mentions: lexicon actors (aliases, inflections, transliterations), role phrases,
unknown proper names, unnamed sources ("officials", "analysts"), outlet references
("the newspaper") and pronouns. Weapons, quantities and name spellings have modules of their own.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from ..languages import WordSets, language, languages, reads_other_scripts
from ..lexicon import Actor, Lexicon
from ..models import MentionSource
from .matching import KeyMatcher, PhraseMatcher, WordCache, build_matcher
from .tokens import Tok, is_cyrillic, name_lemma, span_text, word_token
from .transliteration import name_key, same_name

@dataclass
class Mention:
    start: int            # token index (inclusive)
    end: int              # token index (exclusive)
    text: str
    canonical: str
    kind: str
    affiliation: str | None
    source: MentionSource
    actor: Actor | None = None
    number: str = "sg"    # sg | pl


ALIAS, ROLE, ADJECTIVE, GROUP, PRONOUN, MEDIA, ORG_REF, TITLE = (1 << k for k in range(8))


@dataclass
class EntityLexicon:
    """Per-language matchers built from the lexicon."""

    lang: str
    aliases: KeyMatcher
    roles: KeyMatcher
    adjectives: KeyMatcher
    groups: PhraseMatcher
    media_nouns: PhraseMatcher
    org_refs: PhraseMatcher
    pronouns: PhraseMatcher
    titles: PhraseMatcher
    former: PhraseMatcher
    org_words: PhraseMatcher
    skip: set[str]
    surnames: dict[str, list[Actor]] = field(default_factory=dict)
    by_name: dict[str, Actor] = field(default_factory=dict)
    media_by_alias: dict[str, str] = field(default_factory=dict)
    lower_first_keys: set[str] = field(default_factory=set)
    words: WordSets | None = None

    def __post_init__(self) -> None:
        keys: set[str] = set()
        for km in (self.roles, self.adjectives):  # aliases need a capital: not for lower-case words
            keys.update(km.index)
        for pm in (self.groups, self.pronouns, self.media_nouns, self.org_refs, self.titles):
            keys.update(pm.exact)
        self.lower_first_keys = keys
        # word -> can a lower-case mention (role, group, pronoun, …) start with it
        self.lower_starts = WordCache(self._may_start)
        # word as written -> which matchers can start at it (bits below): one look-up instead of eight calls
        self.start_masks = WordCache(self._start_mask)
        self._stems = [pm for pm in (self.groups, self.pronouns, self.media_nouns, self.org_refs, self.titles)
                       if pm.prefix]
        self._stem_heads = set().union(*(pm.heads for pm in self._stems)) if self._stems else set()
        self._short_heads = set().union(*(pm.short_heads for pm in self._stems)) if self._stems else set()

    def _start_mask(self, text: str) -> int:
        t = word_token(text)
        low = t.low
        return ((ALIAS if self.aliases.could_start(t) else 0) | (ROLE if self.roles.could_start(t) else 0)
                | (ADJECTIVE if self.adjectives.could_start(t) else 0)
                | (GROUP if self.groups.could_start(low) else 0) | (PRONOUN if self.pronouns.could_start(low) else 0)
                | (MEDIA if self.media_nouns.could_start(low) else 0)
                | (ORG_REF if self.org_refs.could_start(low) else 0) | (TITLE if self.titles.could_start(low) else 0))

    def _may_start(self, low: str) -> bool:
        t = word_token(low)
        return ((low in self.lower_first_keys) if not t.cyr
                else not self.lower_first_keys.isdisjoint(self.roles.token_keys(t))) or self.has_stem(low)

    def has_stem(self, low: str) -> bool:
        if low[:3] not in self._stem_heads and not any(low.startswith(h) for h in self._short_heads):
            return False
        for pm in self._stems:
            for n in pm.prefix_lens:
                if n <= len(low) and low[:n] in pm.prefix:
                    return True
        return False


def build_entity_lexicon(lex: Lexicon, lang: str) -> EntityLexicon:
    mlang = lang
    aliases = KeyMatcher(mlang, case_sensitive=True)
    roles = KeyMatcher(mlang, case_sensitive=False)
    adjectives = KeyMatcher(mlang, case_sensitive=False)
    surnames: dict[str, list[Actor]] = {}
    media_by_alias: dict[str, str] = {}
    def usable(form: str) -> bool:
        return reads_other_scripts(lang) or not is_cyrillic(form)

    for a in lex.actors.actors:
        for al in filter(usable, a.aliases):
            aliases.add(al, a)
            if a.kind == "media":
                media_by_alias[al.lower().removeprefix("the ")] = a.canonical
            words = al.split()
            if a.kind == "person" and words and len(words[-1]) >= 4:
                surnames.setdefault(name_key(words[-1])[:2], []).append(a)
        for r in a.roles:
            for ph in filter(usable, r.phrases):
                roles.add(ph, (a, r))
        for adj in filter(usable, a.adjectives):
            adjectives.add(adj, a)
    for m in (aliases, roles, adjectives):
        m.finish()
    sp = lex.speakers
    groups = PhraseMatcher()
    for g in sp.groups.get(mlang, []):
        for f in g["forms"]:
            groups.add(f, g["kind"])
    pronouns = PhraseMatcher()
    for kind, forms in sp.pronouns.get(mlang, {}).items():
        for f in forms:
            pronouns.add(f, kind)
    el = EntityLexicon(
        lang=mlang, aliases=aliases, roles=roles, adjectives=adjectives, groups=groups,
        media_nouns=build_matcher(sp.media, mlang), org_refs=build_matcher(sp.org_refs, mlang), pronouns=pronouns,
        titles=build_matcher(sp.titles, mlang), former=build_matcher(sp.former, mlang),
        org_words=build_matcher(sp.org_words, mlang), skip=set(sp.skip.get(mlang, [])),
        surnames=surnames, by_name=lex.actor_by_name, media_by_alias=media_by_alias,
        words=language(lang).words,
    )
    return el


def _role_valid(role, when: dt.date | None) -> bool:
    if when is None:
        return role.to is None
    lo = dt.date.fromisoformat(role.from_) if role.from_ else dt.date.min
    hi = dt.date.fromisoformat(role.to) if role.to else dt.date.max
    return lo <= when <= hi


def _is_name_token(t: Tok, lang: str, sentence_initial: bool) -> bool:
    if not t.is_cap or not t.text[:1].isalpha():
        return False
    if t.low in _not_names(lang, is_cyrillic(t.text)):
        return False
    if is_cyrillic(t.text):
        if t.text.isupper() and len(t.text) <= 4:
            return False  # acronyms the lexicon does not know (the Cyrillic 'EU', 'media') are not names
        if not sentence_initial:
            return True
        return _cyr_is_name(t.low, lang)
    return True


@lru_cache(maxsize=64)
def _not_names(lang: str, cyrillic: bool) -> frozenset[str]:
    """Capitalised words that are not names: the function words and unnamed-source words of the
    text's language, or of every language of the word's script when it is another script."""
    own = language(lang)
    if (own.data.script == "cyrillic") == cyrillic:
        return own.words.function_words | own.words.source_modifiers
    return frozenset().union(*(lg.words.function_words | lg.words.source_modifiers for lg in languages()
                               if (lg.data.script == "cyrillic") == cyrillic))


_NAMEISH = {"Surn", "Name", "Geox", "Patr"}


@lru_cache(maxsize=50_000)
def _cyr_is_name(low: str, lang: str) -> bool:
    from .tokens import _analyzer, _primary_analyzer

    code = _primary_analyzer(lang)
    if code is None:
        return True
    parses = _analyzer(code).parse(low)[:3]
    return any(bool(set(p.tag.grammemes) & _NAMEISH) or not p.is_known for p in parses)


class MentionFinder:
    """Finds mentions in a document's tokens and resolves them within the document."""

    def __init__(self, el: EntityLexicon, published: dt.date | None, outlet: str | None, cue_at=None):
        self.cue_at = cue_at  # callable(tokens, i) -> bool: does a reporting cue start at token i?
        self.el = el
        self.published = published
        self.outlet = outlet
        self.known_names: list[Mention] = []  # unknown-name mentions seen so far in the document
        self._memo: dict[tuple[int, int], Mention | None] = {}
        self._hi = 0

    def find(self, toks: list[Tok], lo: int, hi: int, exclude: list[tuple[int, int]] = ()) -> list[Mention]:
        """Mentions in tokens lo..hi; `exclude` are char spans (weapon names) that are not entities."""
        out: list[Mention] = []
        el = self.el
        self._memo = {}  # _lexicon_mention results for this sentence
        self._hi = hi
        first = next((k for k in range(lo, hi) if toks[k].is_word), lo)  # after an opening quote mark
        # where a mention can start: a capital, or a lower-case word some lexicon entry starts with
        lower_starts, start_masks = el.lower_starts, el.start_masks
        starts = [k for k in range(lo, hi) if toks[k].is_cap or lower_starts[toks[k].low]]
        for i in starts:
            if out and i < out[-1].end:
                continue
            t = toks[i]
            if exclude and any(s <= t.start < e for s, e in exclude):
                continue
            mask = start_masks[t.text]
            m = self._lexicon_mention(toks, i, hi)
            if m is None and t.is_word:
                g = el.groups.match_at(toks, i, hi) if mask & GROUP else None
                if g:
                    m = self._group(toks, i, g[0], g[1], hi)
                else:
                    p = el.pronouns.match_at(toks, i, hi) if mask & PRONOUN else None
                    if p and (p[0] - i > 1 or not t.is_cap or i == first) \
                            and not self._longer_inside(toks, i, p[0], hi):
                        m = Mention(i, p[0], span_text(toks, i, p[0]), "", "pronoun", None, MentionSource.PRONOUN,
                                    number="pl" if p[1] == "group" else "sg")
                    else:
                        mn = el.media_nouns.match_at(toks, i, hi) if mask & MEDIA else None
                        orf = el.org_refs.match_at(toks, i, hi) if mask & ORG_REF else None
                        if mn and not (mn[0] < hi and self._lexicon_mention(toks, mn[0], hi)):
                            m = Mention(i, mn[0], span_text(toks, i, mn[0]), "", "media", None, MentionSource.MEDIA_REF)
                        elif orf and not (orf[0] < hi and self._lexicon_mention(toks, orf[0], hi)):
                            m = Mention(i, orf[0], span_text(toks, i, orf[0]), "", "organisation", None, MentionSource.ORG_REF)
                        elif mask & ADJECTIVE and (adj := el.adjectives.match_at(toks, i, i + 1)) is not None:
                            # "the American strike on Venezuelan sites" (adjectives): whose strike, on whom
                            actor = adj[1]
                            country = actor.canonical if actor.kind == "country" else actor.affiliation
                            m = Mention(i, i + 1, t.text, country, "country", country, MentionSource.ADJECTIVE, actor)
                        elif _is_name_token(t, el.lang, i == first) or (i == first and self._seen_surname(t)):
                            m = self._name(toks, i, hi, first, exclude)
                        elif (title := self._titled_source(toks, i, hi, first)) is not None:
                            m = title
            if m is None:
                continue
            if m.source == MentionSource.GROUP:
                while out and out[-1].source == MentionSource.ADJECTIVE and out[-1].end >= m.start - 2:
                    out.pop()  # "two American officials": the adjective belongs to the group
                m = self._group_modifiers(toks, m, out[-1].end if out else lo)
            out.append(m)
        return _drop_appositive_roles(_merge_first_names(out), toks)

    def _longer_inside(self, toks: list[Tok], i: int, j: int, hi: int) -> bool:
        """A lexicon mention starting inside i..j and running past it ('the spokesman' of 'the
        spokesman for the Kremlin' when the role is in the lexicon): the longer one is meant."""
        return any((lm := self._lexicon_mention(toks, k, hi)) is not None and lm.end > j for k in range(i + 1, j))

    def _group_modifiers(self, toks: list[Tok], m: Mention, floor: int) -> Mention:
        """'two Western officials', 'a senior German official'."""
        k = m.start
        while k > floor and (toks[k - 1].low in self.el.words.source_modifiers or self.el.adjectives.match_at(toks, k - 1, k)):
            k -= 1
        if k == m.start:
            return m
        text = span_text(toks, k, m.end)
        aff = m.affiliation or self.affiliation_before(toks, m.start, k)
        return Mention(k, m.end, text, text, m.kind, aff, m.source, number=m.number)

    def _lexicon_mention(self, toks: list[Tok], i: int, hi: int) -> Mention | None:
        if not self.el.start_masks[toks[i].text] & (ALIAS | ROLE):
            return None
        key = (i, hi)
        memo = self._memo
        if key in memo:
            return memo[key]
        m = memo[key] = self._lexicon_mention_at(toks, i, hi)
        return m

    def _lexicon_mention_at(self, toks: list[Tok], i: int, hi: int) -> Mention | None:
        el = self.el
        a = el.aliases.match_at(toks, i, hi)
        r = el.roles.match_all(toks, i, hi)
        if r and (a is None or r[0] > a[0]) and not self._qualified_role(toks, i):
            chosen = next((p[0] for p in r[1] if _role_valid(p[1], self.published)), None)
            if chosen is not None:
                return Mention(i, r[0], span_text(toks, i, r[0]), chosen.canonical, chosen.kind,
                               chosen.affiliation, MentionSource.ROLE, chosen)
        if a and a[1].kind == "country" and a[0] + 1 < hi and toks[a[0]].low in self.el.words.possessives:
            e = a[0] + 1
            while e < min(hi, a[0] + 4) and toks[e].is_word and not toks[e].is_cap:
                e += 1
                if el.org_words.match_at(toks, e - 1, e):
                    text = span_text(toks, i, e)  # the country's ministry, army, government …
                    return Mention(i, e, text, text, "government", a[1].affiliation or a[1].canonical, MentionSource.NAME)
        if a:
            actor = a[1]
            if actor.kind == "person" and a[0] == i + 1 and a[0] < hi and _is_name_token(toks[a[0]], el.lang, False) \
                    and not el.titles.match_at(toks, a[0], a[0] + 1) and not el.aliases.match_at(toks, a[0], hi):
                return None  # "Petro Yatsenko" is not Gustavo Petro
            src = MentionSource.COUNTRY if actor.kind == "country" else MentionSource.ALIAS
            return Mention(i, a[0], span_text(toks, i, a[0]), actor.canonical, actor.kind, actor.affiliation, src, actor)
        return None

    def _qualified_role(self, toks: list[Tok], i: int) -> bool:
        """'first deputy chairman of …', 'former US president': not the holder of the role."""
        k = i - 1
        while k >= 0 and toks[k].low in self.el.words.role_lead:
            k -= 1
        return k >= 0 and (toks[k].low in self.el.words.role_qualifiers or bool(self.el.former.match_at(toks, k, k + 1)))

    def _group(self, toks: list[Tok], i: int, j: int, kind: str, hi: int) -> Mention:
        # "officials in Venezuela": the place says whose officials they are
        aff = None
        k = j
        if k + 2 < hi and toks[k].low in self.el.words.group_relations:
            e = k + 2  # "familiar with", "close to"
            while e < hi and toks[e].low in self.el.words.determiners:
                e += 1
            if e < hi and toks[e].is_word:
                e += 1
            j = k = min(e, hi)
        if k + 1 < hi and toks[k].low in self.el.words.group_places:
            m = self._lexicon_mention(toks, k + 1, hi)
            if m and m.affiliation:
                aff = m.affiliation
                j = m.end
        if aff is None:
            aff = self.affiliation_before(toks, i, max(0, i - 3))
        text = span_text(toks, i, j)
        number = "pl" if kind == "group" else "sg"
        return Mention(i, j, text, text, "group" if kind == "group" else "unknown", aff, MentionSource.GROUP, number=number)

    def _name(self, toks: list[Tok], i: int, hi: int, lo: int, exclude=()) -> Mention | None:
        el = self.el
        j = i
        while j < hi and toks[j].is_cap and toks[j].text[:1].isalpha() and not el.titles.match_at(toks, j, hi) \
                and not (exclude and any(s <= toks[j].start < e for s, e in exclude)) \
                and (j == i or _is_name_token(toks[j], el.lang, False)) \
                and not (j > i and self._lexicon_mention(toks, j, hi)):
            j += 1
            if j < hi and toks[j].text in ("-", "‐") and j + 1 < hi and toks[j + 1].is_cap:
                j += 1
        if j == i:
            return None
        if i == lo and j == i + 1 and not is_cyrillic(toks[i].text) and not self._cue_follows(toks, j, hi):
            return None  # "Due to …", "International obligations …": a capitalised word, not a name
        words = [toks[k].text for k in range(i, j) if toks[k].text not in ("-", "‐")]
        if el.titles.match_at(toks, i, hi) and len(words) == 1:
            return None
        if j == i + 1:
            org = self._lowercase_org(toks, j, hi)
            if org is not None:  # Ukrainian and Russian capitalise only the first word of an organisation
                text = span_text(toks, i, org)
                return Mention(i, org, text, text, "organisation", self.affiliation_before(toks, i, max(0, i - 3)),
                               MentionSource.NAME)
        written = span_text(toks, i, j)
        canonical, kind, aff, actor = self._resolve_name(words, toks, i, j, hi)
        return Mention(i, j, written, canonical, kind, aff, MentionSource.NAME, actor)

    def _lowercase_org(self, toks: list[Tok], j: int, hi: int) -> int | None:
        """The end of 'CAPITALISED lower lower ORG-WORD' when an organisation word closes, within three
        lower-case words, the phrase a capitalised word opens."""
        for e in range(j, min(hi, j + 3)):
            t = toks[e]
            if not t.is_word or t.is_cap or t.low in self.el.words.function_words or t.low in self.el.words.prepositions:
                return None
            if self.el.org_words.match_at(toks, e, e + 1):
                return e + 1
        return None

    def _seen_surname(self, t: Tok) -> bool:
        """'Somov also denied …' after 'Igor Somov': a surname the article already named."""
        return t.is_cap and any(same_name(m.canonical.split()[-1], t.text) for m in self.known_names[-50:])

    def _titled_source(self, toks: list[Tok], i: int, hi: int, first: int) -> Mention | None:
        """'a regional governor said', 'the official told': a person named only by a title."""
        t = toks[i]
        if t.is_cap and i != first:
            return None
        got = self.el.titles.match_at(toks, i, hi)
        if got is None:
            return None
        lead = self.el.words.title_determiners
        k = i
        while k > first and k - i < 4 and (toks[k - 1].low in lead or
                                           (toks[k - 1].is_word and not toks[k - 1].is_cap and k - 1 > first and
                                            toks[k - 2].low in self.el.words.articles)):
            k -= 1
        if k == i or toks[k].low not in lead:
            return None
        for e in range(got[0], min(hi - 1, got[0] + 10)):  # "the first deputy chairman of …, Oleksiy Zhuravlev,"
            if toks[e].text == "," and toks[e + 1].is_cap:
                return None  # the name after the comma is the mention
            if not toks[e].is_word and toks[e].low not in self.el.words.possessives:
                break
        text = span_text(toks, k, got[0])
        return Mention(k, got[0], text, text, "person", self.affiliation_before(toks, got[0], k), MentionSource.GROUP)

    def _cue_follows(self, toks: list[Tok], j: int, hi: int) -> bool:
        while j < hi and toks[j].low in self.el.skip:
            j += 1
        return j < hi and self.cue_at is not None and self.cue_at(toks, j, hi)

    def _resolve_name(self, words: list[str], toks: list[Tok], i: int, j: int, hi: int):
        el = self.el
        surname = words[-1]
        cand = _lexicon_person(el, surname, words[0] if len(words) > 1 else None)
        if cand is not None:
            return cand.canonical, cand.kind, cand.affiliation, cand
        for prev in reversed(self.known_names):
            if same_name(prev.canonical.split()[-1], surname):
                return prev.canonical, prev.kind, prev.affiliation, prev.actor
        lemmas = [name_lemma(w, el.lang) for w in words]
        canonical = " ".join(lemmas)
        has_org = el.org_words.any_in(toks, i, j)
        titled = i > 0 and bool(el.titles.match_at(toks, i - 1, i))
        kind = "organisation" if has_org else ("person" if titled or len(words) >= 2 else "unknown")
        aff = self.affiliation_before(toks, i, max(0, i - 8))
        m = Mention(i, j, canonical, canonical, kind, aff, MentionSource.NAME)
        self.known_names.append(m)
        return canonical, kind, aff, None

    def affiliation_before(self, toks: list[Tok], i: int, lo: int) -> str | None:
        """Country named in the descriptor before a name: 'Russian Deputy Foreign Minister X'."""
        k = i - 1
        found = None
        while k >= lo:
            t = toks[k]
            if t.text in (".", ";", ":", "!", "?", "\"", "«", "»", "“", "”") or t.low in self.el.words.place_prepositions:
                break  # "drones struck a refinery in Saratov": a place, not a descriptor
            a = self.el.adjectives.match_at(toks, k, i)
            if a:
                found = a[1].affiliation or a[1].canonical
            else:
                m = self._lexicon_mention(toks, k, self._hi)  # memoised per sentence
                if m and m.end <= i and m.affiliation and m.kind in ("country", "government", "organisation", "media"):
                    found = m.affiliation
            k -= 1
        return found


def _merge_first_names(ms: list[Mention]) -> list[Mention]:
    """'Oleksiy' + 'Zhuravlev' (a known person): one mention of the known person."""
    out: list[Mention] = []
    for m in ms:
        prev = out[-1] if out else None
        if prev is not None and prev.source == MentionSource.NAME and prev.end == m.start and m.kind == "person" \
                and m.source == MentionSource.ALIAS and len(prev.text.split()) <= 2:
            out[-1] = Mention(prev.start, m.end, prev.text + " " + m.text, m.canonical, m.kind, m.affiliation,
                              MentionSource.ALIAS, m.actor)
            continue
        out.append(m)
    return out


def _drop_appositive_roles(ms: list[Mention], toks: list[Tok]) -> list[Mention]:
    """'the press secretary of the Kremlin, Dmytro Peskov, said': the named person is the mention."""
    out = []
    for k, m in enumerate(ms):
        nxt = ms[k + 1] if k + 1 < len(ms) else None
        if m.source in (MentionSource.ROLE, MentionSource.GROUP) and m.number == "sg" and nxt is not None and nxt.start == m.end + 1 \
                and toks[m.end].text == "," and nxt.kind == "person":
            continue
        out.append(m)
    return out


_PERSON_CACHE: dict[tuple[int, str, str | None], Actor | None] = {}


def _lexicon_person(el: EntityLexicon, surname: str, first: str | None) -> Actor | None:
    """A lexicon person whose surname is a transliteration variant of `surname` (cached)."""
    key = (id(el), surname, first)
    if key in _PERSON_CACHE:
        return _PERSON_CACHE[key]
    found = None
    for cand in el.surnames.get(name_key(surname)[:2], ()):
        for al in cand.aliases:
            parts = al.split()
            if same_name(parts[-1], surname) and (first is None or _first_names_agree(first, parts[0])):
                found = cand
                break
        if found:
            break
    if len(_PERSON_CACHE) > 200_000:
        _PERSON_CACHE.clear()
    _PERSON_CACHE[key] = found
    return found


def _first_names_agree(a: str, b: str) -> bool:
    return name_key(a)[:1] == name_key(b)[:1]
