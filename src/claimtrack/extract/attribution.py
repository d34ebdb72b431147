"""Attribution: who says what in a sentence.

Patterns, all driven by the cue lexicon (no sentence of any article is special-cased):
- quotation + cue + speaker: `"…," X said`, `"…," said X`, `"…", - said X` (the dash of Ukrainian and Russian), `X said: "…"`;
- indirect speech: `X said (that) …`, `X told Y (that) …`, `X denied …`, `X doubts that …`;
- trailing attribution: `…, the Washington Post reported`, `…, writes the agency Bloomberg` (cue first),
  `… – wrote X`; an inner attribution inside it makes the outer one the reporting chain;
- `according to X, …` (and its Ukrainian and Russian forms, "in the words of X"), `X, citing Y, reports …`;
- `X was quoted by Y as saying …`; `what X called "…"`; `…, they say, …`;
- an attribution sentence after its statement: `X reports this.` (common in Ukrainian and Russian news);
- a sentence with an event trigger and no cue is a reported event of the article (or its outlet).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..languages import language
from ..lexicon import Lexicon
from ..models import CueType, MentionSource
from ..segment import Quote, Segmented
from .coreference import Coreference
from .entities import EntityLexicon, Mention, MentionFinder
from .matching import Match, PhraseMatcher
from .tokens import Tok, span_text
from .weapons import WeaponSpan

DASHES = {"-", "–", "—", "‐"}
QUOTE_CHARS = set("\"“”«»„")


@dataclass
class CueLexicon:
    cues: PhraseMatcher            # payload: cue type
    negators: set[str]
    no_comment: PhraseMatcher
    clause_negators: set[str]      # "Nor has any official suggested …": no statement was made
    nothing: set[str]              # "has said nothing": no statement was made


def build_question_context(lex: Lexicon, lang: str) -> PhraseMatcher:
    m = PhraseMatcher()
    for f in lex.cues.question_context.get(lang, []):
        m.add(f, f)
    return m


def build_cue_lexicon(lex: Lexicon, lang: str) -> CueLexicon:
    m = PhraseMatcher()
    for cue in lex.cues.cues.get(lang, []):
        for f in cue.forms:
            m.add(f, cue.type)
    nc = PhraseMatcher()
    for f in lex.cues.no_comment.get(lang, []):
        nc.add(f, "no_comment")
    neg = set(lex.cues.negated_cue.get(lang, []))
    return CueLexicon(m, neg, nc, set(lex.cues.clause_negators.get(lang, [])),
                      set(lex.cues.nothing_said.get(lang, [])))


@dataclass
class Draft:
    """A claim before it gets frames, dates and an id."""

    speaker: Mention
    content: tuple[int, int]            # token range of the content
    evidence: tuple[int, int]           # char range
    cue: str | None = None
    cue_type: CueType | None = None
    quote: bool = False
    via: list[str] = field(default_factory=list)
    content_chars: tuple[int, int] | None = None  # exact char range (quotations)
    strip: tuple[int, int] | None = None          # char range removed from content (parenthetical)
    attribution: tuple[int, int] | None = None    # token range of cue + speaker, for dates


@dataclass
class Sent:
    lo: int
    hi: int
    start: int
    end: int
    index: int
    paragraph: int
    mentions: list[Mention]
    quotes: list[Quote]
    args: list[Mention] = field(default_factory=list)  # mentions with pronouns resolved, for frames
    weapons: list[WeaponSpan] = field(default_factory=list)


class Attributor:
    def __init__(self, cl: CueLexicon, el: EntityLexicon, finder: MentionFinder, seg: Segmented,
                 toks: list[Tok], outlet_speaker: Mention):
        self.cl = cl
        self.w = language(el.lang).words
        self.negative_clitics = tuple(sorted(self.w.negative_clitics))  # str.endswith takes a tuple
        self.el = el
        self.finder = finder
        self.seg = seg
        self.text = seg.text
        self.toks = toks
        self.article = outlet_speaker
        self.date_tokens: set[int] = set()  # tokens inside date phrases ("on Tuesday")
        self._cue_memo: tuple[tuple[int, int], list[Match]] = ((-1, -1), [])
        self.coref = Coreference(self.w, outlet_speaker)
        w = self.w  # words that never head a common-noun subject ("The campaign said")
        self._closed = w.function_words | w.prepositions | w.conjunctions | w.complementizers | w.determiners | el.skip

    # ------------------------------------------------------------ helpers
    def _in_quote(self, s: Sent, ti: int) -> Quote | None:
        c = self.toks[ti].start
        for q in s.quotes:
            if q.start < c < q.end - 1:
                return q
        return None

    def _cues(self, s: Sent) -> list[Match]:
        """The sentence's reporting cues (computed once per sentence, and once for its main clause)."""
        if self._cue_memo[0] == (s.index, s.hi):
            return self._cue_memo[1]
        out = self._find_cues(s)
        self._cue_memo = ((s.index, s.hi), out)
        return out

    def _find_cues(self, s: Sent) -> list[Match]:
        out = []
        toks = self.toks
        for cue in self.cl.cues.find_all(toks, s.lo, s.hi):
            a, b, typ = cue
            if self._in_quote(s, a):
                continue
            before = {toks[k].low for k in range(max(s.lo, a - 2), a)}
            if typ not in (CueType.POSSIBLE, CueType.ACCORDING, CueType.POSTHOC) and (
                    before & self.cl.negators or any(w.endswith(self.negative_clitics) for w in before)):
                continue
            if a > s.lo and toks[a - 1].low in self.w.determiners:
                continue  # "the report", "a statement": a noun, not a cue
            if toks[a].low in self.w.comma_participles and (a == s.lo or toks[a - 1].text != ","):
                continue  # "spent the year writing a book": a participle reports only after a comma
            if toks[a].low in self.w.noun_like and self._speaker_before(s, a) is None:
                continue
            if typ not in (CueType.QUOTED, CueType.CALLED, CueType.ACCORDING, CueType.POSTHOC) and a > s.lo and toks[a - 1].low in self.w.passive:
                continue  # "Maduro is accused of …": the subject is not the speaker
            wide = {toks[k].low for k in range(self._clause_start(s, a, 6), a)}
            if typ not in (CueType.ACCORDING, CueType.POSTHOC) and (wide & self.cl.clause_negators or
                                                         (b < s.hi and toks[b].low in self.cl.nothing)):
                continue  # "Nor has any official suggested", "has said nothing"
            out.append(cue)
        return out

    def _clause_start(self, s: Sent, a: int, limit: int) -> int:
        """Where the clause of the cue at `a` starts, at most `limit` tokens back: a quotation or
        a comma ends the look-back, so '"That never happened," X said' is not a negated cue."""
        toks = self.toks
        k = a
        while k > max(s.lo, a - limit) and toks[k - 1].text not in QUOTE_CHARS \
                and toks[k - 1].text not in (",", ";", ":"):
            k -= 1
        return k

    def _mention_ending(self, s: Sent, end: int) -> Mention | None:
        for m in s.mentions:
            if m.end == end and m.source != MentionSource.ADJECTIVE:
                return m
        return None

    def _mention_starting(self, s: Sent, start: int, limit: int = 6, prefer_person: bool = True) -> Mention | None:
        outside = start >= s.hi or self._in_quote(s, start) is None
        cands = [m for m in s.mentions if start <= m.start < start + limit and m.source != MentionSource.ADJECTIVE
                 and not (outside and s.quotes and self._in_quote(s, m.start) is not None)]  # 'saying, "Is …'"
        if not cands:
            return None
        if prefer_person:
            nc = [m for m in cands if m.kind != "country" and m.source != MentionSource.PRONOUN] or cands
            # "former US ambassador to Venezuela James Story": the name after the descriptor
            best = nc[0]
            for m in nc[1:]:
                between_words = all(self.toks[k].is_word or self.toks[k].text in DASHES for k in range(best.end, m.start))
                if not between_words:
                    break
                if best.source in (MentionSource.GROUP, MentionSource.MEDIA_REF, MentionSource.ORG_REF) and m.kind == "person" or \
                        best.kind in ("organisation", "government", "country") and m.kind == "person":
                    best = m
            return best
        return cands[0]

    def _speaker_before(self, s: Sent, cue_start: int, passive: bool = False) -> Mention | None:
        toks = self.toks
        j = cue_start
        steps = 0
        comma = False
        while passive and j > s.lo and toks[j - 1].low in self.w.passive | self.w.perfect:
            j -= 1  # "X was quoted by Reuters as saying"
        while j > s.lo and steps < 6:
            m = self._mention_ending(s, j)
            if m:
                if self._governed(s, m):
                    # "a spokesman for the ministry said": the title before the preposition speaks
                    return self._title_of(s, m)  # "tensions between Moscow and Washington": None
                return self._apposition(s, m)
            prev = toks[j - 1]
            if (j - 1) in self.date_tokens:
                j -= 1
                continue
            # "the Ukrainian Security Service (SBU) doubts", "Sen. X (D-Md.) said": the name before
            # a short parenthesis
            if prev.text == ")":
                opening = next((k for k in range(j - 2, max(s.lo, j - 9) - 1, -1) if toks[k].text == "("), None)
                m = self._mention_ending(s, opening) if opening is not None else None
                if m is not None:
                    return m
            if prev.text == "," and not comma:
                rel = self._relative_clause_subject(s, j - 1)
                if rel is not None:  # "Vega, who is 28, said …"
                    return rel
            if prev.low in self.el.skip or prev.text in (",", ")") or prev.low in self.w.articles:
                comma = comma or prev.text == ","
                j -= 1
                steps += 1
                continue
            break
        np = self._common_noun_subject(s, j) if not comma and j == cue_start - steps else None
        if np is not None:
            return np
        # "Zelensky in an evening address said": a prepositional phrase between speaker and cue
        for q in range(j - 1, max(s.lo, j - 9) - 1, -1) if not comma else ():
            if not toks[q].is_word or toks[q].low in self.w.conjunctions or self.cl.cues.match_at(toks, q, j):
                break  # "supplies Venezuela with weapons and did not rule out": not a phrase to skip
            if toks[q].low in self.w.prepositions:
                m = self._mention_ending(s, q)
                if m is not None and m.kind != "country" and not self._governed(s, m):
                    return self._apposition(s, m)
        return None

    def _relative_clause_subject(self, s: Sent, comma: int) -> Mention | None:
        """The name before ', who …,' that closes at `comma`, right before the cue."""
        toks = self.toks
        for k in range(comma - 2, max(s.lo, comma - 14) - 1, -1):
            if toks[k].text in (".", ";", ":") or toks[k].text in QUOTE_CHARS:
                return None
            if toks[k].text == "," and toks[k + 1].low in self.w.relative_pronouns:
                m = self._mention_ending(s, k)
                if m is not None and m.kind in ("person", "organisation", "government", "unknown") \
                        and not self._governed(s, m):
                    return self._apposition(s, m)
                return None
        return None

    def _title_of(self, s: Sent, m: Mention) -> Mention | None:
        """'a spokesperson for the Parks Department', 'the head of the agency': an unnamed title
        (a group or role word of the lexicon) with the organisation it serves, as one speaker."""
        toks = self.toks
        k = m.start - 1
        while k >= s.lo and toks[k].low in self.w.determiners:
            k -= 1
        if k <= s.lo or toks[k].low not in self.w.prepositions or toks[k].low in self.w.place_prepositions:
            return None  # "the leader in Beijing" is somewhere, not someone's
        t = self._mention_ending(s, k)
        if t is None or t.source not in (MentionSource.GROUP, MentionSource.ROLE) and t.kind != "unknown" \
                or self._governed(s, t):
            return None  # "met with the leader of …": an object, not a speaker
        text = span_text(toks, t.start, m.end)
        return Mention(t.start, m.end, text, text, t.kind, m.affiliation or t.affiliation or
                       (m.canonical if m.kind == "country" else None), t.source, number=t.number)

    def _common_noun_subject(self, s: Sent, j: int) -> Mention | None:
        """'The campaign said', 'Her campaign said', 'Smith's office said': a noun phrase opened by
        an article, a possessive determiner or a name with its possessive clitic, ending right
        before the cue, speaks when no name does (the head is the last word, lower case)."""
        toks, w = self.toks, self.w
        head = j - 1
        if head < s.lo:
            return None
        t = toks[head]
        closed = self._closed
        if not t.is_word or t.is_cap or not t.text.isalpha() or len(t.text) < 3 or t.low in closed \
                or self.el.pronouns.match_at(toks, head, head + 1):
            return None
        k = head
        while k > s.lo and head - k < 3:
            p = toks[k - 1]
            if p.low in w.articles or p.low in w.determiners and p.low not in w.complementizers:
                start, owner = k - 1, None
                break
            if p.low in w.possessives:  # "Smith’s campaign"
                owner = self._mention_ending(s, k - 1)
                if owner is None:
                    return None
                start = owner.start
                break
            if not p.is_word or p.low in closed:
                return None
            k -= 1
        else:
            return None
        text = span_text(toks, start, j)
        name = span_text(toks, start + 1, j) if toks[start].low in w.articles else text
        org = bool(self.el.org_words.match_at(toks, head, j))
        aff = owner.affiliation if owner is not None else self.finder.affiliation_before(toks, j, start)
        np = Mention(start, j, text, name, "organisation" if org else "unknown", aff,
                     MentionSource.ORG_REF if org else MentionSource.GROUP)
        if start > s.lo and toks[start - 1].low in w.prepositions:
            return self._title_of(s, np)  # "a spokesman for the port authority said"; "the head of …"
        return np

    def _apposition(self, s: Sent, m: Mention) -> Mention:
        """'Pavel Zotov, an independent energy analyst in Moscow, told …': the named person speaks."""
        if m.kind == "person" and m.source not in (MentionSource.GROUP, MentionSource.ROLE):
            return m
        toks = self.toks
        if m.end >= s.hi or toks[m.end].text != ",":
            return m  # an apposition is set off by commas on both sides
        k = m.start - 1
        steps = 0
        while k >= s.lo and toks[k].is_word and steps < 6:
            k -= 1
            steps += 1
        if k >= s.lo and toks[k].text == ",":
            p = self._mention_ending(s, k)
            if p is not None and p.kind == "person":
                return p
        return m

    def _first_word(self, s: Sent) -> int:
        return next((k for k in range(s.lo, s.hi) if self.toks[k].is_word), s.lo)

    def _governed(self, s: Sent, m: Mention) -> bool:
        """Is the mention the object of a preposition (directly or as 'between X and Y')?"""
        toks = self.toks
        k = m.start - 1
        while k >= s.lo and toks[k].low in self.w.determiners:
            k -= 1
        if k < s.lo:
            return False
        if toks[k].low in self.w.prepositions:
            return True
        if toks[k].low in self.w.coordinators:
            prev = self._mention_ending(s, k)
            return prev is not None and self._governed(s, prev)
        return False

    def _subject(self, s: Sent, before: int, floor: int | None = None) -> Mention | None:
        """The subject of the clause a coordinated cue belongs to ('X played down A, but said B');
        `floor`: where the clause starts when it follows an attribution ('As X reports, …')."""
        toks = self.toks
        start = s.lo if floor is None else floor
        first = next((k for k in range(s.lo, s.hi) if toks[k].is_word), s.lo)
        if floor is None and toks[first].low in self.w.subordinators:
            comma = next((k for k in range(first, before) if toks[k].text == ","), None)
            if comma is None:
                return None
            start = comma + 1
        for m in s.mentions:
            if m.start < start or m.source == MentionSource.ADJECTIVE:
                continue
            if m.start >= before:
                break
            if not self._governed(s, m) and (m.kind != "country" or m.start == start):
                return m
        return None

    def _speaker(self, m: Mention, s: Sent) -> Mention:
        """m resolved, and from now on the antecedent of a later 'he said' (in this sentence too:
        noting it when the pattern finds it, not when the sentence is done, measured better)."""
        sp = self.coref.resolve(m, s.mentions)
        self.coref.note(sp, True)
        return sp

    def _content_start(self, s: Sent, after: int, limit: int = 14) -> int:
        """Skip 'that', an addressee ('told Russian media this week that') and ':' / ','."""
        toks = self.toks
        for k in range(after, min(s.hi, after + limit)):
            t = toks[k]
            if t.low in self.w.complementizers:
                return k + 1
            if t.text in (".", ";", "!", "?") or t.text in QUOTE_CHARS:
                break
            if self.cl.cues.match_at(toks, k, s.hi):
                break
        k = after
        # punctuation, and a date right after the cue ("denied on Wednesday having …"): an adjunct
        while k < s.hi and (toks[k].text in (":", ",", "-", "–", "—") or k in self.date_tokens):
            k += 1
        return k

    def _clause_end(self, s: Sent, start: int, cue_start: int) -> int:
        """A cue inside a leading subordinate clause ends its content at the clause's comma."""
        toks = self.toks
        first = next((k for k in range(s.lo, s.hi) if toks[k].is_word), s.lo)
        lead = {toks[k].low for k in range(first, min(first + 2, s.hi))}
        if not (lead & self.w.subordinators):
            return s.hi
        depth = 0
        for k in range(start + 1, s.hi):
            if toks[k].text in QUOTE_CHARS:
                depth ^= 1
            if toks[k].text == "," and k > start + 1 and depth == 0:  # not a comma inside a quotation
                return k
        return s.hi

    def _next_coordinated_cue(self, s: Sent, start: int, hi: int) -> int:
        """'X played down A, but said that B': A ends where 'but said' begins."""
        toks = self.toks
        for a, _b, typ in self._cues(s):
            if start < a < hi and typ not in (CueType.ACCORDING, CueType.POSTHOC, CueType.CALLED):
                k = a - 1
                while k > start and toks[k].low in self.el.skip:
                    k -= 1
                if toks[k].low in self.w.conjunctions:
                    if k - 1 > start and toks[k - 1].text == ",":
                        k -= 1
                    return k
        return hi

    def _trim(self, lo: int, hi: int) -> tuple[int, int]:
        toks = self.toks
        while lo < hi and not (toks[lo].is_word or toks[lo].text in QUOTE_CHARS):
            lo += 1
        while hi > lo and toks[hi - 1].text in (",", ";", ":", "-", "–", "—", "."):
            hi -= 1
        return lo, hi

    # ------------------------------------------------------------ patterns
    def sentence(self, s: Sent) -> tuple[list[Draft], bool]:
        """Drafts for one sentence; the flag says whether an attribution cue was found."""
        cues = self._cues(s)
        if not cues:
            return [], False
        comma = self._adding_comma(s, cues)
        if comma is not None:
            main = replace(s, hi=comma, end=self.toks[comma].start,
                           mentions=[m for m in s.mentions if m.end <= comma],
                           quotes=[q for q in s.quotes if q.end <= self.toks[comma].start])
            drafts, _ = self._clauses(main, self._cues(main))
            speaker = next((d for d in reversed(drafts) if d.cue_type != CueType.EVENT), None)
            if speaker is not None:
                for d in drafts:
                    d.evidence = (s.start, s.end)
                added = self._added_clause(s, comma, speaker)
                return drafts + ([added] if added else []), True
        return self._clauses(s, cues)

    def speaker_of_previous_quote(self, s: Sent, prev: Sent) -> Draft | None:
        """'Smith said.', 'said Smith last week.' alone after a sentence that is a quotation (one
        that ends in '!' or '?' ends its sentence): the quotation is what the speaker said."""
        toks = self.toks
        first = self._first_word(s)
        for a, b, typ in self._cues(s):
            if typ in (CueType.ACCORDING, CueType.POSTHOC, CueType.CALLED):
                continue
            sp = self._mention_starting(s, b, 4) if a == first else self._speaker_before(s, a)
            if sp is None or a != first and sp.start != first:
                continue
            rest = [t for t in toks[max(b, sp.end):s.hi] if t.is_word]
            if len(rest) > 4 or any(t.low in self.w.complementizers for t in rest):
                continue  # 'Smith said that …': a claim of its own
            q = prev.quotes[0]
            qs, qe = q.inner
            lo = _tok_at_or_after(toks, qs, prev.lo, prev.hi) or prev.lo
            hi = (_tok_before(toks, qe, prev.lo) or lo) + 1
            return Draft(self._speaker(sp, s), (lo, hi), (prev.start, s.end), span_text(toks, a, b), typ, quote=True,
                         content_chars=(qs, qe), attribution=(min(a, sp.start), max(b, sp.end)))
        return None

    def _adding_comma(self, s: Sent, cues) -> int | None:
        """'CLAIM, X said on Tuesday, adding that CLAIM2': the comma before a participle (a language's
        `adding` words) that adds a second claim of the same speaker, when a cue comes before it."""
        toks = self.toks
        first_cue = min((a for a, _b, typ in cues if typ != CueType.POSTHOC), default=None)
        if first_cue is None:
            return None
        for k in range(first_cue + 2, s.hi - 2):
            if toks[k].low in self.w.adding and toks[k - 1].text == "," and self._in_quote(s, k) is None:
                return k - 1
        return None

    def _added_clause(self, s: Sent, comma: int, main: Draft) -> Draft | None:
        """The claim of ', adding (that) CLAIM2': the main clause's speaker, said in the same breath."""
        toks = self.toks
        k = comma + 2
        while k < s.hi and (toks[k].text in (",", ":") or toks[k].low in self.w.complementizers):
            k += 1
        lo, hi = self._trim(k, s.hi)
        if sum(1 for t in toks[lo:hi] if t.is_word) < 2:
            return None
        q = next((q for q in s.quotes if q.start <= toks[lo].start and toks[hi - 1].end <= q.end), None)
        return Draft(main.speaker, (lo, hi), (s.start, s.end), toks[comma + 1].text, CueType.SAY,
                     quote=q is not None, via=list(main.via), content_chars=q.inner if q else None,
                     attribution=(comma + 1, comma + 2))

    def _clauses(self, s: Sent, cues) -> tuple[list[Draft], bool]:
        """The attribution patterns of one sentence (or of its main clause), given its cues."""
        toks = self.toks
        drafts: list[Draft] = []
        used: set[int] = set()

        # an attribution sentence for the sentence before it
        for a, b, typ in cues:
            if typ == CueType.POSTHOC and a <= s.lo + 2:
                sp = self._mention_starting(s, b, 8)
                if sp:
                    sp = self._speaker(sp, s)
                    via: list[str] = []
                    cited = self._citing_after(s, sp.end, s.hi)
                    if cited is not None:
                        via, sp = [sp.canonical], self.coref.resolve(cited, s.mentions)
                    return [Draft(sp, (s.lo, s.lo), (s.start, s.end), span_text(toks, a, b), CueType.POSTHOC, via=via,
                                  attribution=(a, sp.end))], True

        # quotation followed or preceded by its attribution
        for q in s.quotes:
            d = self._quote_after(s, q, cues) or self._quote_before(s, q, cues)
            if d:
                drafts.append(d)
                used.update(range(*d.attribution))

        # trailing attribution: "…, the Washington Post reported."
        trailing = self._trailing(s, cues, used)
        hi = s.hi
        outer: Draft | None = None
        if trailing:
            outer, cut = trailing
            hi = cut
            used.update(range(*outer.attribution))

        # according to X, …
        for a, b, typ in cues:
            if typ != CueType.ACCORDING or a in used or a >= hi or toks[a].low in self.w.citing:
                continue
            if a > self._first_word(s) + 2 and not self._after_intro(s, a):
                continue
            d = self._according(s, a, b, hi)
            if d:
                inner = self._inner(s, d.content[0], d.content[1], cues, used)
                if inner:
                    inner.via = [d.speaker.canonical] + inner.via
                    inner.evidence = (s.start, s.end)
                    drafts.append(inner)
                else:
                    drafts.append(d)
                used.update(range(a, d.content[0]))
                hi = min(hi, a) if a > s.lo + 2 else hi

        # indirect speech, left to right
        covered_until = -1
        for a, b, typ in cues:
            if a in used or a >= hi or typ in (CueType.ACCORDING, CueType.POSTHOC):
                continue
            if a < covered_until and toks[a - 1].low not in self.w.conjunctions and \
                    not (a >= 2 and toks[a - 2].low in self.w.conjunctions and toks[a - 1].low in self.el.skip):
                continue
            d = self._indirect(s, a, b, typ, hi)
            if d:
                drafts.append(d)
                used.update(range(a, b))
                covered_until = d.content[1]

        if outer is not None:
            inner_drafts = [d for d in drafts if d.content[1] <= outer.content[1] + 1]
            if inner_drafts:
                for d in inner_drafts:
                    d.via = [outer.speaker.canonical] + d.via
                    d.evidence = (s.start, s.end)
            else:
                drafts.append(outer)
        return [d for d in drafts if (d.content[1] > d.content[0] or d.content_chars)
                and not self._only_adjunct(*d.content)], True

    def _after_intro(self, s: Sent, a: int) -> bool:
        """'For Trump, according to X, …': a short introductory phrase and a comma before the cue."""
        toks = self.toks
        if toks[a - 1].text != ",":
            return False
        words = [t for t in toks[s.lo:a - 1] if t.is_word]
        return 0 < len(words) <= 5 and not any(t.text in (",", ";", ":") or t.text in QUOTE_CHARS for t in toks[s.lo:a - 1]) \
            and not self.cl.cues.find_all(toks, s.lo, a - 1)

    def _only_adjunct(self, lo: int, hi: int) -> bool:
        """'X said on Tuesday in Brussels' leaves a time or place adjunct where the content would be:
        a preposition followed only by date words and names is not a claim."""
        toks, w = self.toks, self.w
        words = [k for k in range(lo, hi) if toks[k].is_word]
        if not words or len(words) > 5 or toks[words[0]].low not in w.prepositions:
            return False
        if all(k in self.date_tokens or toks[k].low in w.prepositions for k in words[1:]):
            return True  # "on Tuesday", "at the end of March"
        return toks[words[0]].low in w.place_prepositions and all(  # "in Brussels", "from Washington"
            k in self.date_tokens or toks[k].is_cap or toks[k].low in w.prepositions for k in words[1:])

    def _quote_after(self, s: Sent, q: Quote, cues) -> Draft | None:
        """`"…," X said` / `"…," said X` / `"…", - said X`."""
        toks = self.toks
        k = _tok_at_or_after(toks, q.end, s.lo, s.hi)
        if k is None:
            return None
        while k < s.hi and toks[k].text in (",", "-", "–", "—", "‐") and toks[k].start - q.end < 6:
            k += 1
        if k >= s.hi or toks[k].start - q.end > 8:
            return None
        for a, b, typ in cues:
            if typ in (CueType.ACCORDING, CueType.POSTHOC):
                continue
            if a == k:  # cue first: said X
                sp = self._mention_starting(s, b, 7)
                if sp:
                    return self._quote_draft(s, q, sp, a, b, typ, max(b, sp.end))
            m = self._mention_starting(s, k, 3, prefer_person=False)
            if m and a >= m.end and a - m.end <= 2:
                # '"…," campaign spokeswoman Alice Stewart said': the name, not its title, speaks
                named = self._mention_ending(s, a)
                if named is not None and named.kind == "person" and named.start >= m.start:
                    m = named
                return self._quote_draft(s, q, m, a, b, typ, b)
            if a > k:
                sp = self._speaker_after_quote(s, k, a)
                if sp is not None:
                    return self._quote_draft(s, q, sp, a, b, typ, b)
        return None

    def _speaker_after_quote(self, s: Sent, k: int, a: int) -> Mention | None:
        """The speaker between a quotation's end (token k) and its cue (a) with more before it than
        a title: '"…," Republican strategist Ada Morrow said' (descriptors), '"…," Mr. Holm of the
        Sierra Club said' (a name and its organisation)."""
        toks, w = self.toks, self.w
        named = next((m for m in s.mentions if m.start == k and m.kind == "person"), None)
        if named is not None and named.end < a - 2 and toks[named.end].text == "," and toks[a - 1].text == "," \
                and a - k <= 24 and not any(toks[x].text in QUOTE_CHARS or toks[x].text in (".", ";", ":")
                                            for x in range(k, a)):
            return named  # '"…," Dan Axel, the campaign's chief strategist, said'
        if a - k > 9 or any(not toks[x].is_word and toks[x].text not in ("'", "’", "-", ".") for x in range(k, a)):
            return None

        def descriptors(lo: int, hi: int) -> bool:  # in this slot, words before a name describe it
            return all(toks[x].low not in w.conjunctions and toks[x].low not in w.complementizers
                       and toks[x].low not in w.prepositions for x in range(lo, hi))

        sp = self._speaker_before(s, a)
        if sp is not None and k <= sp.start and descriptors(k, sp.start):
            return sp
        # a name followed by 'of/from/at ORGANISATION'
        for m in s.mentions:
            if k <= m.start < a and m.end < a and m.kind == "person" and descriptors(k, m.start) \
                    and toks[m.end].low in w.prepositions and toks[a - 1].is_cap:
                return m
        return None

    def _quote_before(self, s: Sent, q: Quote, cues) -> Draft | None:
        """`X said: "…"`: the quotation is the whole complement of the cue."""
        toks = self.toks
        k = _tok_before(toks, q.start, s.lo)
        if k is None:
            return None
        for a, b, typ in cues:
            if typ in (CueType.ACCORDING, CueType.POSTHOC):
                continue
            if not (b - 1 <= k <= b + 10) or toks[k].text not in (":", ",") and toks[k].low not in self.w.complementizers:
                continue
            if any(t.text in (".", ";") for t in toks[b:k]):
                continue
            # the quotation must end the sentence
            tail = _tok_at_or_after(toks, q.end, s.lo, s.hi)
            if tail is not None and any(t.is_word for t in toks[tail:s.hi]):
                continue
            if typ == CueType.CALLED:
                continue
            sp = self._speaker_before(s, a) or self._mention_starting(s, b, 5)
            if sp is None and a > s.lo and toks[a - 1].text == ",":
                sp = self._subject(s, a)  # "X took to Twitter, writing: '…'": the clause's subject
            if sp:
                return self._quote_draft(s, q, sp, a, b, typ, b, start_attr=sp.start)
        return None

    def _quote_draft(self, s: Sent, q: Quote, sp: Mention, a: int, b: int, typ: str, attr_end: int,
                     start_attr: int | None = None) -> Draft:
        sp = self._speaker(sp, s)
        toks = self.toks
        qs, qe = q.inner
        clo = _tok_at_or_after(toks, qs, s.lo, s.hi) or s.lo
        chi = _tok_before(toks, qe, s.lo)
        chi = (chi + 1) if chi is not None else clo
        ev_start = min(q.start, toks[start_attr].start if start_attr is not None else q.start)
        return Draft(sp, (clo, chi), (ev_start, s.end), span_text(toks, a, b), typ, quote=True,
                     content_chars=(qs, qe), attribution=(min(a, sp.start), max(attr_end, sp.end)))

    def _trailing(self, s: Sent, cues, used: set[int]) -> tuple[Draft, int] | None:
        toks = self.toks
        for a, b, typ in reversed(cues):
            if a in used or typ in (CueType.POSTHOC, CueType.CALLED, CueType.QUOTED) or toks[a].low in self.w.citing:
                continue
            # the attribution starts after a comma or a dash
            if typ == CueType.ACCORDING or (a > s.lo and toks[a - 1].text in (",",) + tuple(DASHES)):
                # "…, writes the agency Bloomberg", "… – wrote X", "…, according to X"
                sp = self._mention_starting(s, b, 6)
                start = a
                if typ == CueType.ACCORDING:  # "…, according to data released by the regulators."
                    sp, end_attr = self._according_source(s, b, sp)
                    if sp is None:
                        continue
                elif not sp or any(toks[k].low in self.w.complementizers for k in range(b, sp.start)):
                    continue  # "…, X said on Monday that Y …": Y is inside the content, not the speaker
                elif any(m.source == MentionSource.PRONOUN and b <= m.start and m.end < sp.start for m in s.mentions):
                    continue  # "…, said he decided to back the mayor": the mayor is no speaker
                else:
                    end_attr = sp.end
            else:
                sp = self._speaker_before(s, a)
                if sp is None or sp.start <= s.lo:
                    continue
                start = sp.start
                end_attr = b
            while start > s.lo and (toks[start - 1].low in self.el.skip or toks[start - 1].low in self.w.determiners):
                start -= 1
            start = self._title_start(s, start)
            if start <= s.lo or toks[start - 1].text not in (",", "-", "–", "—", "‐"):
                continue
            tail_toks = toks[end_attr:s.hi]
            citing_at = next((k for k in range(end_attr, s.hi) if toks[k].low in self.w.citing and
                              any(c0 == k and t == CueType.ACCORDING for c0, _, t in self.cl.cues.find_all(toks, k, s.hi))), None)
            if citing_at is not None:
                tail_toks = toks[end_attr:citing_at]  # "…, citing two officials" belongs to the attribution
            elif self._apposition_to_end(s, end_attr, sp, cues, titled=typ == CueType.ACCORDING):
                tail_toks = []  # "…, said X, a longtime adviser who …": the rest describes the speaker
            tail = [t for t in tail_toks if t.is_word]
            if len(tail) > (2 if typ == CueType.ACCORDING else 9) or any(t.low in self.w.complementizers for t in tail) \
                    or _tail_continues(tail_toks) and citing_at is None \
                    or any(c0 >= end_attr and t not in (CueType.ACCORDING,) for c0, _, t in cues):
                continue
            cut = start - 1
            if len(tail) > 2 and self._adverbial(s, s.lo, cut, limit=8) or self._dateline(s.lo, cut):
                continue  # "On March 1, Turkish President X said Turkey would …": the claim follows the cue
            if sum(1 for t in toks[s.lo:cut] if t.is_word) < 2:
                continue  # "Rather, sources say she …": one word before the comma is a sentence adverb
            sp = self._speaker(sp, s)
            via: list[str] = []
            cited = self._citing_after(s, end_attr, s.hi)
            if cited is not None:
                via, sp = [sp.canonical], self.coref.resolve(cited, s.mentions)
            lo, hi = self._trim(s.lo, cut)
            d = Draft(sp, (lo, hi), (s.start, s.end), span_text(toks, a, b), typ, via=via,
                      attribution=(start, max(end_attr, b)))
            return d, cut
        return None

    def _according_source(self, s: Sent, b: int, sp: Mention | None) -> tuple[Mention | None, int]:
        """(source, end) of a trailing 'according to NP': the noun phrase runs to the next comma or
        the sentence's end ('the Bureau of Labor Statistics', 'data released Friday by state
        regulators', 'a CNN tally'); a name inside it speaks, else the phrase itself."""
        toks = self.toks
        end = b
        while end < s.hi and (toks[end].is_word or toks[end].text in ("'", "’", "-", "/", "&", "(", ")")) \
                and toks[end].low not in self.w.complementizers and end - b < 14:
            end += 1
        if end == b or end < s.hi and toks[end].is_word:
            return None, b  # a clause follows ('according to reports that …'): not a trailing source
        if sp is not None and sp.start < end:
            if sp.source == MentionSource.GROUP and sp.end < end or sp.source == MentionSource.NAME and sp.end < end \
                    and toks[sp.end].low in self.w.prepositions and toks[sp.end + 1:end] and toks[end - 1].is_cap:
                sp = self._noun_phrase(sp, end)  # "the Bureau of Labor Statistics", "people familiar with the talks"
            return sp, max(sp.end, end)
        k = b
        while k < end and (toks[k].low in self.w.articles or toks[k].low in self.w.determiners):
            k += 1
        if k >= end:
            return None, b
        text = span_text(toks, k, end)
        return Mention(k, end, text, text, "unknown", self.finder.affiliation_before(toks, end, k),
                       MentionSource.GROUP), end

    def _apposition_to_end(self, s: Sent, k: int, sp: Mention, cues, titled: bool = False) -> bool:
        """', a longtime adviser to the family who …' from token k to the sentence's end, after a
        named speaker: a noun phrase opened by a determiner, a possessive or a title, with no
        reporting cue and no second comma-clause."""
        toks = self.toks
        if sp.kind != "person" or k + 1 >= s.hi or toks[k].text != ",":
            return False
        first = toks[k + 1]
        if not (first.low in self.w.determiners or first.low in self.w.articles or first.low in self.w.possessives
                or self.el.titles.could_start(first.low)):
            return False
        rest = range(k + 1, s.hi)
        if titled and not any(self.el.titles.could_start(toks[x].low) for x in range(k + 1, min(s.hi, k + 7))):
            return False  # "…, according to X, the speech represents a test": a clause, not X's title
        return not any(toks[x].text in (",", ";", ":") or toks[x].text in DASHES for x in rest) \
            and not any(c0 > k for c0, _, _ in cues)

    def _dateline(self, lo: int, hi: int) -> bool:
        """'MOSCOW, Nov. 5 (Agency) —': a place and a date before a dash open a wire story."""
        words = [k for k in range(lo, hi) if self.toks[k].is_word]
        return bool(words) and any(k in self.date_tokens for k in words) \
            and all(k in self.date_tokens or self.toks[k].is_cap for k in words)

    def _adverbial(self, s: Sent, lo: int, hi: int, limit: int = 4) -> bool:
        """A short phrase opening with a preposition ('On March 1', 'In Brussels'): it introduces a
        sentence, it is not a claim of its own."""
        words = [t for t in self.toks[lo:hi] if t.is_word]
        return bool(words) and words[0].low in self.w.prepositions and len(words) <= limit \
            and not any(t.text == "," for t in self.toks[lo:hi])

    def _title_start(self, s: Sent, start: int, limit: int = 6) -> int:
        """'…, Prime Minister X said' / '…, Sweden's defence minister X said': the titles and names
        between the comma and the speaker's name are the speaker's, so the attribution starts at
        the comma. Anything else there (a verb, a relative pronoun) leaves `start` as it was."""
        toks = self.toks
        k = start
        while k > s.lo and start - k < limit:
            t = toks[k - 1]
            if t.text in (",",) or t.text in DASHES:
                return k
            title_next = k < len(toks) and toks[k].is_word and self.el.titles.could_start(toks[k].low)
            premodifier = t.is_cap or t.low in self.w.determiners or t.low in self.w.possessives or t.low in ("'", "’") \
                or (t.is_word and self.el.titles.could_start(t.low)) \
                or (k < len(toks) and toks[k].low in self.w.possessives) \
                or (t.is_word and title_next)  # "interior minister", "campaign spokeswoman"
            if not premodifier or t.low in self.w.conjunctions:
                return start
            k -= 1
        return start

    def _according(self, s: Sent, a: int, b: int, hi: int) -> Draft | None:
        toks = self.toks
        pron = next((k for k in range(a, b) if self.el.pronouns.match_at(toks, k, k + 1)), None)
        if pron is not None:  # "according to him" (and "in his words")
            p = self.el.pronouns.match_at(toks, pron, pron + 1)
            sp = Mention(pron, pron + 1, toks[pron].text, "", "pronoun", None, MentionSource.PRONOUN,
                         number="pl" if p[1] == "group" else "sg")
            k = b
            if k < hi and toks[k].text == ",":
                sp = self._speaker(sp, s)
                lo, h = self._trim(k + 1, hi)
                return Draft(sp, (lo, h), (s.start, s.end), span_text(toks, a, b), CueType.ACCORDING, attribution=(a, k))
            return None
        sp = self._mention_starting(s, b, 5, prefer_person=True)
        # "according to military expert Andrei Kruglov": descriptors may stand before the name
        if sp is None or any(not toks[k].is_word for k in range(b, sp.start)):
            return None
        k = sp.end
        while k < hi and toks[k].text != ",":
            if not toks[k].is_word and toks[k].text not in ("'", "’", "(", ")", "-"):
                break
            k += 1
            if k - sp.end > 6:
                return None
        if k >= hi or toks[k].text != ",":
            return None
        sp = self.coref.resolve(sp, s.mentions)
        via: list[str] = []
        if sp.source == MentionSource.GROUP and k > sp.end:
            # "according to a TASS source in the security services": the outlet inside is the channel
            via = [m.canonical for m in s.mentions if sp.end <= m.start and m.end <= k and m.kind == "media"][:1]
            sp = self._noun_phrase(sp, k)
        self.coref.note(sp, True)
        lo, h = self._trim(k + 1, hi)
        return Draft(sp, (lo, h), (s.start, s.end), span_text(toks, a, b), CueType.ACCORDING, via=via, attribution=(a, k))

    def _noun_phrase(self, m: Mention, end: int) -> Mention:
        """A source noun with its modifiers: 'documents of the American government'."""
        text = span_text(self.toks, m.start, end)
        aff = m.affiliation or self.finder.affiliation_before(self.toks, end, m.start)
        return Mention(m.start, end, text, text, m.kind, aff, m.source, number=m.number)

    def _inner(self, s: Sent, lo: int, hi: int, cues, used: set[int]) -> Draft | None:
        """An attribution at the start of an outer claim's content."""
        for a, b, typ in cues:
            if lo <= a < min(hi, lo + 12) and typ not in (CueType.ACCORDING, CueType.POSTHOC):
                d = self._indirect(s, a, b, typ, hi, subject_from=lo)
                if d:
                    used.update(range(a, b))
                    return d
        return None

    def _as_reported(self, s: Sent, a: int, b: int, typ: str, hi: int) -> Draft | None:
        """'As the outlet X writes, citing Y, …', 'As X reported, …'."""
        toks = self.toks
        sp = self._mention_starting(s, b, 6)
        if sp is None:
            return None
        comma = next((k for k in range(sp.end, min(hi, sp.end + 12)) if toks[k].text == ","), None)
        if comma is None:
            return None
        sp = self._speaker(sp, s)
        via: list[str] = []
        cited = self._citing_after(s, sp.end, comma)
        if cited is not None:
            via, sp = [sp.canonical], self.coref.resolve(cited, s.mentions)
        lo, h = self._trim(comma + 1, hi)
        inner = self._inner(s, lo, h, self._cues(s), set())
        if inner is not None:  # "As Interfax reports, Zakharova noted that …"
            inner.via = via + [sp.canonical] + inner.via
            inner.evidence = (s.start, s.end)
            return inner
        return Draft(sp, (lo, h), (s.start, s.end), span_text(toks, a - 1, b), typ, via=via,
                     attribution=(a - 1, comma))

    def _citing_after(self, s: Sent, lo: int, hi: int) -> Mention | None:
        """The source in '… citing SOURCE' / '… with reference to SOURCE' between lo and hi."""
        toks = self.toks
        for c0, c1, typ in self.cl.cues.find_all(toks, lo, hi):
            if typ == CueType.ACCORDING and toks[c0].low in self.w.citing:
                src = self._mention_starting(s, c1, 5, prefer_person=False)
                if src is not None:
                    end = hi
                    while end > src.end and not toks[end - 1].is_word:
                        end -= 1
                    return self._noun_phrase(src, end) if src.source in (MentionSource.GROUP, MentionSource.NAME) and end > src.end else src
        return None

    def _indirect(self, s: Sent, a: int, b: int, typ: str, hi: int, subject_from: int | None = None) -> Draft | None:
        toks = self.toks
        if typ == CueType.CALLED:
            return self._called(s, a, b, hi)
        if a - 1 >= s.lo and a - 1 == self._first_word(s) and toks[a - 1].low in self.w.as_reported:
            return self._as_reported(s, a, b, typ, hi)
        cited = self._cited_source(s, a)
        if cited is not None:
            source, outlet = cited
            source = self.coref.resolve(source, s.mentions)
            outlet = self.coref.resolve(outlet, s.mentions)
            self.coref.note(outlet, False)
            start = self._content_start(s, b)
            return Draft(source, self._trim(start, hi), (s.start, s.end), span_text(toks, a, b), typ,
                         via=[outlet.canonical], attribution=(outlet.start, b))
        sp = self._speaker_before(s, a, passive=typ == CueType.QUOTED)
        if sp is not None and sp.source == MentionSource.GROUP and sp.kind == "unknown" and sp.start > s.lo \
                and toks[sp.start].low in self.w.articles and toks[sp.start - 1].is_word \
                and toks[sp.start - 1].low not in self.w.prepositions:
            author = self._subject(s, sp.start)  # "X released a statement saying …": X speaks
            if author is not None and author.kind in ("person", "organisation", "government", "country"):
                sp = author
        if toks[a].low in self.w.they_said and a > s.lo:
            # "in the Kremlin they said …": the body named in the place phrase before the cue speaks
            place = self._mention_ending(s, a)
            if place is not None and place.start > s.lo and toks[place.start - 1].low in self.w.prepositions \
                    and place.kind in ("organisation", "government", "country", "media", "unknown"):
                sp = place
        if sp is None and toks[a].low in self.w.impersonal:
            src = next((m for m in reversed(s.mentions) if m.end <= a and a - m.end <= 2), None)
            sp = self._noun_phrase(src, src.end) if src is not None else self.article
        if sp is None and a > s.lo and toks[a - 1].low in self.w.conjunctions | {","}:
            sp = self._subject(s, a, subject_from)
        if sp is None and subject_from is None and a <= s.lo + 2:
            sp = self._mention_starting(s, b, 6)  # "Stated X that …" (cue first)
            if sp is not None:
                b2 = sp.end
                if b2 < hi and toks[b2].text == ",":
                    b2 += 1
                start = self._content_start(s, b2)
                sp = self._speaker(sp, s)
                return Draft(sp, self._trim(start, hi), (s.start, s.end), span_text(toks, a, b), typ,
                             attribution=(a, sp.end))
        if sp is None:
            return None
        via: list[str] = []
        start_after = b
        if typ == CueType.QUOTED:
            # "X was quoted by Reuters as saying that …"
            by = self._mention_starting(s, b, 3, prefer_person=False)
            if by:
                via.append(self.coref.resolve(by, s.mentions).canonical)
                start_after = by.end
            k = start_after
            while k < min(hi, start_after + 4) and toks[k].low in self.w.quoted_as:
                k += 1
            start_after = k
        elif toks[a].low in self.w.addressing:
            to = self._mention_starting(s, b, 3, prefer_person=False)
            if to is not None and (to.kind == "media" or to.source == MentionSource.MEDIA_REF):
                via.append(self.coref.resolve(to, s.mentions).canonical)
        # parenthetical ", they say," inside the sentence
        strip = None
        if a > s.lo and sp.start > s.lo and toks[sp.start - 1].text == "," and b < hi and toks[b].text == ",":
            sp = self._speaker(sp, s)
            strip = (toks[sp.start - 1].start, toks[b].end)
            return Draft(sp, self._trim(s.lo, hi), (s.start, s.end), span_text(toks, a, b), typ, via=via,
                         strip=strip, attribution=(sp.start, b))
        start = self._content_start(s, start_after)
        end = min(hi, self._clause_end(s, start, a), self._next_coordinated_cue(s, start, hi))
        sp = self._speaker(sp, s)
        lo, h = self._trim(start, end)
        quote = False
        chars = None
        qs = [q for q in s.quotes if toks[lo].start <= q.start + 1 and q.end >= toks[h - 1].end - 1] if h > lo else []
        if qs and lo < h and toks[lo].text in QUOTE_CHARS:
            quote = True
            chars = qs[0].inner
        return Draft(sp, (lo, h), (s.start, s.end), span_text(toks, a, b), typ, quote=quote, via=via,
                     content_chars=chars, attribution=(sp.start, b))

    def _cited_source(self, s: Sent, a: int) -> tuple[Mention, Mention] | None:
        """(cited source, outlet) for 'OUTLET, citing SOURCE, CUE' / 'OUTLET with reference to SOURCE CUE'."""
        toks = self.toks
        for c0, c1, typ in self.cl.cues.find_all(toks, max(s.lo, a - 14), a):
            if typ != CueType.ACCORDING or toks[c0].low not in self.w.citing:
                continue
            outlet = self._speaker_before(s, c0)
            src = self._mention_starting(s, c1, 4, prefer_person=False)
            if outlet is None or src is None:
                continue
            end = a
            while end > src.end and toks[end - 1].text in (",",):
                end -= 1
            return self._noun_phrase(src, end) if src.source == MentionSource.GROUP else src, outlet
        return None

    def _called(self, s: Sent, a: int, b: int, hi: int) -> Draft | None:
        """`what X called "…"`, `calling the military "…"`: the quotation is X's words."""
        toks = self.toks
        q = next((q for q in s.quotes if q.start >= toks[b - 1].end and q.start - toks[b - 1].end < 60), None)
        if q is None:
            return None
        sp = self._speaker_before(s, a) or self._subject(s, a)
        if sp is None:
            return None
        sp = self._speaker(sp, s)
        qs, qe = q.inner
        clo = _tok_at_or_after(toks, qs, s.lo, s.hi) or s.lo
        chi = (_tok_before(toks, qe, s.lo) or clo) + 1
        return Draft(sp, (clo, chi), (s.start, s.end), span_text(toks, a, b), CueType.CALLED, quote=True,
                     content_chars=(qs, qe), attribution=(min(a, sp.start), b))


def _tail_continues(tail: list[Tok]) -> bool:
    """After a trailing attribution, more than a short phrase ('…, a governor said Friday, in the
    latest attack' is fine; '…, X said, and then …' is not an attribution at the end)."""
    for k, t in enumerate(tail[:-1]):
        if t.text in DASHES:
            return True
        if t.text == ",":
            return sum(1 for x in tail[:k] if x.is_word) > 4
    return False


def _tok_at_or_after(toks: list[Tok], pos: int, lo: int, hi: int) -> int | None:
    """First token of lo..hi starting at or after `pos` (binary search on token starts)."""
    a, b = lo, hi
    while a < b:
        m = (a + b) // 2
        if toks[m].start < pos:
            a = m + 1
        else:
            b = m
    return a if a < hi else None


def _tok_before(toks: list[Tok], pos: int, lo: int) -> int | None:
    """Last token of lo.. ending at or before `pos`."""
    a, b = lo, len(toks)
    while a < b:
        m = (a + b) // 2
        if toks[m].end <= pos:
            a = m + 1
        else:
            b = m
    return a - 1 if a - 1 >= lo else None
