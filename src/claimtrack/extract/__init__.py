"""Extract stage: a segmented `Document` -> its `Claim`s (attribution, entities, dates, frames)."""
from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator

from rapidfuzz import fuzz

from .. import dates as datemod
from ..languages import language
from ..lexicon import Actor, Lexicon
from ..load import OffsetMap
from ..models import Claim, CueType, DocRef, Document, Frame, MentionSource
from ..segment import Segmented, Sentence, segment
from .attribution import QUOTE_CHARS, Attributor, Draft, Sent
from .entities import Mention, MentionFinder
from .quantities import find_quantities
from .frames import find_triggers, frame_of, main_trigger, modality_of, polarity_of
from .matchers import matchers
from .tokens import is_cyrillic, tokenize
from .transliteration import latin_name

__all__ = ["extract_document"]

_WS = re.compile(r"\s+")


def _article_speaker(doc: Document, el) -> Mention:
    name = doc.outlet or "the article"
    actor = None
    if doc.outlet:
        toks = tokenize(doc.outlet)
        lead = 1 if len(toks) > 1 and toks[0].low in language(doc.language).words.articles else 0
        for i in dict.fromkeys((0, lead)):  # "The Washington Post": aliases are listed without "The"
            m = el.aliases.match_at(toks, i, len(toks)) if toks else None
            if m and m[0] == len(toks):
                actor = m[1]
                break
    canonical = actor.canonical if actor else name
    aff = actor.affiliation if actor else None
    return Mention(0, 0, name, canonical, "media", aff, MentionSource.ARTICLE, actor)


def _date_order(outlet: Actor | None, lex: Lexicon) -> str | None:
    """How the outlet writes numeric dates: its own entry, else its country's."""
    if outlet is None:
        return None
    country = lex.actor_by_name.get(outlet.affiliation or "")
    return outlet.date_order or (country.date_order if country else None)


WindowFn = Callable[[int, int], None]  # (characters done, document length)

WINDOW_CHARS = 100_000
"""A document is extracted in windows of whole paragraphs of about this many characters (one
window for nearly every news article), so time and memory per character do not grow with the
document. Coreference and the names seen so far carry across windows; a quotation continued or a
source named in the next sentence does not carry across a window's edge."""


def extract_document(doc: Document, lex: Lexicon, reference: dt.date | None = None,
                     on_window: WindowFn | None = None) -> list[Claim]:
    """All claims of one document, in text order, deduplicated. `on_window`, if given, hears
    after each window how far the extraction has come."""
    return _Extractor(doc, lex, reference).run(on_window)


def _windows(sentences: list[Sentence], length: int) -> Iterator[tuple[int, int, int, int]]:
    """(first sentence, last + 1, start, end): consecutive runs of sentences that together cover
    the text. A window ends at a paragraph's end once it holds WINDOW_CHARS, or at any sentence's
    end once it holds twice that (a page without paragraphs)."""
    first, start = 0, 0
    for i in range(1, len(sentences)):
        size = sentences[i].start - start
        new_para = sentences[i].paragraph != sentences[i - 1].paragraph
        if size >= 2 * WINDOW_CHARS or (size >= WINDOW_CHARS and new_para):
            yield first, i, start, sentences[i].start
            first, start = i, sentences[i].start
    yield first, len(sentences), start, length


class _Extractor:
    def __init__(self, doc: Document, lex: Lexicon, reference: dt.date | None):
        self.doc = doc
        self.lex = lex
        self.lang = doc.language
        self.language = language(doc.language)
        self.text = doc.text
        self.published = dt.date.fromisoformat(doc.published) if doc.published else None
        self.reference = reference
        self.m = matchers(lex, self.lang)
        self.el = self.m.entities
        self.fl = self.m.frames
        self.wf = self.m.weapons
        self.qctx = self.m.question_context
        self._trigger_memo: dict[tuple[int, int, bool], list] = {}
        self.docref = DocRef(id=doc.id, path=doc.path, title=doc.title, outlet=doc.outlet,
                             language=doc.language, published=doc.published)
        # evidence offsets index the text as the user gave it (CRLF line ends, decomposed accents)
        self.to_given = OffsetMap.between(doc.original, doc.text) if doc.original is not None else None
        self.given = doc.original if self.to_given is not None else doc.text

    def run(self, on_window: WindowFn | None = None) -> list[Claim]:
        seg: Segmented = segment(self.text)
        cue_lex = self.m.cues
        finder = MentionFinder(self.el, self.published, self.doc.outlet,
                               cue_at=lambda ts, i, hi: cue_lex.cues.match_at(ts, i, hi) is not None)
        article = _article_speaker(self.doc, self.el)
        self.date_convention = _date_order(article.actor, self.lex)
        att = Attributor(cue_lex, self.el, finder, seg, [], article)
        self.date_phrases = datemod.find_date_phrases(self.text, self.lang)
        self.date_starts = [p.start for p in self.date_phrases]
        kept = _Kept()
        for first, last, start, end in _windows(seg.sentences, len(self.text)):
            self._open_window(att, start, end)
            kept.add([c for d, s in self._drafts(att, seg, first, last, article) for c in self._claims(d, s)])
            if on_window is not None:
                on_window(end, len(self.text))
        return kept.claims()

    def _open_window(self, att: Attributor, start: int, end: int) -> None:
        """Tokens of text[start:end] only: token indices are the window's, character offsets the
        document's, so memory follows the window, not the document."""
        toks = self.toks = att.toks = tokenize(self.text, start, end)
        starts = self.starts = [t.start for t in toks]
        self._trigger_memo = {}
        att.date_tokens = self.date_tokens = set()
        for p in self.date_phrases[bisect.bisect_left(self.date_starts, start):bisect.bisect_left(self.date_starts, end)]:
            for k in range(bisect.bisect_left(starts, p.start), bisect.bisect_left(starts, p.end)):
                att.date_tokens.add(k)

    def _drafts(self, att: Attributor, seg: Segmented, first: int, last: int,
                article: Mention) -> list[tuple[Draft, Sent]]:
        """The drafts of sentences first..last-1 (one window), in text order."""
        toks, starts = self.toks, self.starts
        drafts: list[tuple[Draft, Sent]] = []
        prev: Sent | None = None
        prev_drafts: list[Draft] = []
        quoted: Sent | None = None  # the sentence before, when it is a quotation and nothing else
        for i in range(first, last):
            sen = seg.sentences[i]
            lo = bisect.bisect_left(starts, sen.start)
            hi = bisect.bisect_left(starts, sen.end)
            weapons = self.wf.find(toks, lo, hi, self.text)
            wspans = [(a, b) for a, b, _ in weapons]
            mentions = att.finder.find(toks, lo, hi, wspans)
            quotes = [q for q in seg.quotes_in(sen.start, sen.end)]
            s = Sent(lo, hi, sen.start, sen.end, i, sen.paragraph, mentions, _outermost(quotes))
            s.weapons = weapons
            s.args = att.coref.arguments(mentions)
            last_quoted, quoted = quoted, s if s.quotes and _mostly_quote(s) else None
            if sen.heading or sen.question or hi - lo < 3:
                for m in mentions:
                    att.coref.note(m, False)
                prev, prev_drafts = None, []
                continue
            got, attributed = att.sentence(s)
            home: Sent = s  # the sentence the drafts' content is in
            if attributed and not got and last_quoted is not None:
                # '"… for people like her!" Smith said.': the cue's sentence was cut after the quotation
                d = att.speaker_of_previous_quote(s, last_quoted)
                if d is not None:
                    drafts[:] = [(x, y) for x, y in drafts if y is not last_quoted]
                    got, home = [d], last_quoted
            posthoc = [d for d in got if d.cue_type == CueType.POSTHOC]
            if posthoc and prev is not None:
                self._apply_posthoc(posthoc[0], prev, prev_drafts, drafts, article)
                got = [d for d in got if d.cue_type != CueType.POSTHOC]
            if not got and not attributed:
                got = self._quote_continuation(s, prev, prev_drafts)
            if not got and not attributed and not att.cl.no_comment.any_in(toks, s.lo, s.hi):
                # ("made no mention of shipments" reports silence, not that no shipments happened)
                ev = self._event(s, article)
                if ev:
                    got = [ev]
            if not any(d.speaker.kind == "person" for d in got):
                subject = next((m for m in mentions if m.kind == "person" and not att._governed(s, m)
                                and not (m.end < s.hi and toks[m.end].low in self.language.words.possessives)), None)
                if subject is not None:  # "Zelensky had criticised it. … he wrote": he is the subject
                    att.coref.note(att.coref.resolve(subject, mentions), True)
            for m in mentions:
                att.coref.note(att.coref.resolve(m, mentions), False)
            for d in got:
                drafts.append((d, home))
            prev, prev_drafts = s, got
        return drafts

    # -------------------------------------------------------------- drafts
    def _apply_posthoc(self, ph: Draft, prev: Sent, prev_drafts: list[Draft], drafts, article: Mention) -> None:
        """A sentence of its own that names the source of the one before (`On this, X reports.`)."""
        if prev_drafts:
            for d in prev_drafts:
                if d.speaker.source == MentionSource.ARTICLE:
                    d.speaker = ph.speaker
                    d.via = list(ph.via)
                    d.cue, d.cue_type = ph.cue, CueType.REPORT
                else:
                    d.via = ph.via + [ph.speaker.canonical] + d.via
                d.evidence = (d.evidence[0], ph.evidence[1])
            return
        lo, hi = prev.lo, prev.hi
        d = Draft(ph.speaker, (lo, hi), (prev.start, ph.evidence[1]), ph.cue, CueType.REPORT, via=list(ph.via))
        drafts.append((d, prev))

    def _triggers(self, lo: int, hi: int, has_weapon: bool):
        """Event triggers of a token range (an event and its claim share the range: computed once)."""
        key = (lo, hi, has_weapon)
        if key not in self._trigger_memo:
            self._trigger_memo[key] = find_triggers(self.fl, self.toks, lo, hi, has_weapon)
        return self._trigger_memo[key]

    def _quote_continuation(self, s: Sent, prev: Sent | None, prev_drafts: list[Draft]) -> list[Draft]:
        """A sentence that is only a quotation, right after a quotation and its speaker, goes on
        quoting the same speaker ('"Our people are home," Zelensky wrote. "We remember …"')."""
        if prev is None or not s.quotes or not any(d.quote for d in prev_drafts):
            return []
        if not _mostly_quote(s):
            return []
        q = s.quotes[0]
        d0 = next(d for d in prev_drafts if d.quote)
        qs, qe = q.inner
        lo = bisect.bisect_left(self.starts, qs)
        hi = bisect.bisect_left(self.starts, qe)
        return [Draft(d0.speaker, (lo, hi), (s.start, s.end), d0.cue, d0.cue_type, quote=True, via=list(d0.via),
                      content_chars=(qs, qe))]

    def _event(self, s: Sent, article: Mention) -> Draft | None:
        weapons = s.weapons
        trig = self._triggers(s.lo, s.hi, bool(weapons))
        if not trig:
            return None
        if not any(m.source in (MentionSource.ALIAS, MentionSource.NAME, MentionSource.ROLE, MentionSource.COUNTRY) for m in s.mentions) and not weapons:
            return None
        lo, hi = s.lo, s.hi
        while hi > lo and not self.toks[hi - 1].is_word and self.toks[hi - 1].text not in QUOTE_CHARS:
            hi -= 1
        return Draft(article, (lo, hi), (s.start, s.end), None, CueType.EVENT)

    # -------------------------------------------------------------- claims
    def _split(self, d: Draft) -> list[tuple[int, int]]:
        """'said A and that B' -> [A, B]."""
        lo, hi = d.content
        if d.quote:
            return [(lo, hi)]
        parts = []
        k = lo
        start = lo
        toks = self.toks
        depth = 0
        while k < hi - 1:
            if toks[k].text in QUOTE_CHARS:
                depth ^= 1
            if depth == 0 and (toks[k].low, toks[k + 1].low) in self.language.words.splitters and k > start + 2:
                parts.append((start, k))
                start = k + 2
                k += 2
                continue
            k += 1
        parts.append((start, hi))
        return [p for p in parts if p[1] > p[0]]

    def _claims(self, d: Draft, s: Sent) -> list[Claim]:
        out = []
        parts = self._split(d)
        for lo, hi in parts:
            c = self._claim(d, s, lo, hi, whole=len(parts) == 1)
            if c:
                out.append(c)
        return out

    def _claim(self, d: Draft, s: Sent, lo: int, hi: int, whole: bool) -> Claim | None:
        toks = self.toks
        text = self.text
        if d.content_chars and whole:
            cs, ce = d.content_chars
        elif hi > lo:
            cs, ce = toks[lo].start, toks[hi - 1].end
        elif d.cue_type == CueType.NO_COMMENT and d.attribution:  # "X declined to comment.": the cue says it
            cs, ce = toks[d.attribution[0]].start, toks[d.attribution[1] - 1].end
        else:
            return None
        content = text[cs:ce]
        if d.strip:
            a, b = d.strip
            if cs <= a and b <= ce:
                content = text[cs:a] + text[b:ce]
        content = _tidy_quotes(_WS.sub(" ", content).strip())
        if d.quote:
            content = content.rstrip(",")
        if len(content) < 2:
            return None
        sp = d.speaker
        # nested records are plain dicts: Claim validates the whole tree in one call
        canonical = sp.canonical or sp.text
        if sp.kind == "person" and sp.actor is None and sp.source != MentionSource.GROUP and is_cyrillic(canonical):
            canonical = latin_name(canonical, self.lang)  # one cross-script name for an unlisted person
        speaker = {"name": sp.text, "canonical": canonical, "kind": _kind(sp), "affiliation": sp.affiliation}
        weapons = [w for w in s.weapons if cs <= w[0] < ce] if s.weapons else []
        trig = self._triggers(lo, hi, bool(weapons))
        mentions = [m for m in s.args if lo <= m.start and m.end <= hi]
        if not trig and d.cue_type != CueType.EVENT:
            q = self.qctx.find_all(toks, s.lo, s.hi)
            if q:
                # "Asked whether the US would go to war, he said: 'No'": the question gives the frame
                qend = q[0][1]
                trig = self._triggers(qend, s.hi, bool(weapons))
                mentions = [m for m in s.args if m.start >= qend]
        main = main_trigger(self.fl, trig)
        frame = frame_of(main, mentions, d.cue_type, d.speaker)
        markers = self.fl.marker_positions(toks, lo, hi)
        polarity = polarity_of(self.fl, toks, lo, hi, main.start if main else None, markers)
        if d.cue_type == CueType.DENY:
            polarity = "negative"
        modality = modality_of(self.fl, toks, lo, hi, d.cue_type, self.date_tokens, markers)
        if d.cue_type == CueType.NO_COMMENT:  # it asserts nothing: no stance, no proposition to compare
            polarity, modality, frame = "positive", "no_comment", Frame()
        actors = sorted({m.canonical for m in mentions if m.source in (MentionSource.ALIAS, MentionSource.NAME, MentionSource.ROLE, MentionSource.COUNTRY) and m.canonical})
        dspans = [(p.start, p.end) for p in self._dates_in(s) if p.kind != "year"]
        quantities = find_quantities(text, cs, ce, dspans, self.lang)
        said_on = self._said_on(d, s, cs, ce)
        es, ee = d.evidence
        return Claim(
            id=_claim_id(self.doc.id, speaker["canonical"], content),
            doc=self.docref, speaker=speaker, via=_uniq(d.via), cue=d.cue, content=content, quote=d.quote,
            polarity=polarity, modality=modality, frame=frame,
            weapons=sorted({w for _, _, w in weapons}), actors=actors, quantities=quantities,
            said_on=said_on, evidence=self._evidence(es, ee),
        )

    def _evidence(self, es: int, ee: int) -> dict:
        if self.to_given is not None:
            es, ee = self.to_given(es), self.to_given(ee)
        return {"start": es, "end": ee, "text": self.given[es:ee]}

    def _dates_in(self, s: Sent) -> list:
        """The date phrases that start in the sentence."""
        starts = self.date_starts
        return self.date_phrases[bisect.bisect_left(starts, s.start):bisect.bisect_left(starts, s.end)]

    def _said_on(self, d: Draft, s: Sent, cs: int, ce: int) -> dict:
        outside, inside = [], []
        for p in self._dates_in(s):
            (inside if cs <= p.start < ce else outside).append(p)
        pick = next((p for p in outside if p.kind != "year"), None)
        if pick is None:
            pick = next((p for p in inside if p.kind not in ("year",)), None)
        if pick is not None:
            r = datemod.resolve(pick, self.lang, self.published, self.reference, self.date_convention)
            return {"date": r.date.isoformat() if r.date else None, "precision": r.precision, "text": pick.text,
                    "basis": r.basis}
        if self.published:
            return {"date": self.published.isoformat(), "precision": "day", "text": None, "basis": "published"}
        return {}


def _mostly_quote(s: Sent) -> bool:
    q = s.quotes[0]
    return (q.end - q.start) >= 0.8 * (s.end - s.start)


_PAIRS = {'"': '"', "“": "”", "«": "»", "„": "“"}


def _tidy_quotes(s: str) -> str:
    """Drop quotation marks around the whole content and stray ones left at its ends."""
    if len(s) > 1 and _PAIRS.get(s[0]) == s[-1] and s[0] not in s[1:-1] and s[-1] not in s[1:-1]:
        s = s[1:-1].strip()
    if s.count('"') % 2 == 1:
        s = s[:-1].rstrip() if s.endswith('"') else (s[1:].lstrip() if s.startswith('"') else s)
    for o, c in (("«", "»"), ("“", "”")):
        if s.endswith(c) and s.count(c) > s.count(o):
            s = s[:-1].rstrip()
        if s.startswith(o) and s.count(o) > s.count(c):
            s = s[1:].lstrip()
    return s


def _outermost(quotes):
    out = []
    end = -1
    for q in quotes:
        if q.start >= end:
            out.append(q)
            end = q.end
    return out


def _kind(m: Mention) -> str:
    """The record's speaker kind. An unnamed source ('officials', 'two people familiar with the
    talks', 'a source in the ministry') is `unnamed`, its name what the text says of it."""
    if m.source in (MentionSource.ARTICLE, MentionSource.MEDIA_REF):
        return "media"
    if m.source == MentionSource.GROUP:
        return "unnamed"
    return m.kind if m.kind in ("person", "organisation", "government", "media", "country", "group") else "unknown"


def _uniq(xs: list[str]) -> list[str]:
    out: list[str] = []
    for x in xs:
        if x not in out:
            out.append(x)
    return out


def normalise_content(s: str) -> str:
    return _WS.sub(" ", s.casefold()).strip(" .,;:\"“”«»'")


def _claim_id(doc_id: str, speaker: str, content: str) -> str:
    h = hashlib.sha256("\x1f".join((doc_id, speaker, normalise_content(content))).encode("utf-8"))
    return "c" + h.hexdigest()[:15]


class _Kept:
    """A statement repeated in one article (a summary repeating the body) is one claim. Fed
    window by window, a repeat is dropped as it arrives, so a long document holds its distinct
    claims only."""

    def __init__(self) -> None:
        self.kept: list[Claim] = []
        self.norms: dict[int, str] = {}  # normalised content, once per claim

    def _norm(self, c: Claim) -> str:
        if id(c) not in self.norms:
            self.norms[id(c)] = normalise_content(c.content)
        return self.norms[id(c)]

    def add(self, claims: list[Claim]) -> None:
        kept, norm = self.kept, self._norm
        for c in claims:
            dup = False
            for k in kept[-200:]:  # bounded: a pathological document must not go quadratic
                if k.speaker.canonical != c.speaker.canonical or k.polarity != c.polarity:
                    continue
                if k.id == c.id:
                    dup = True
                else:
                    sim = fuzz.ratio(norm(k), norm(c))
                    same_frame = c.frame.type != "statement" and k.speaker.kind != "media" and \
                        (k.frame.type, k.frame.agent, k.frame.target) == (c.frame.type, c.frame.agent, c.frame.target)
                    dup = sim >= 85 or (same_frame and sim >= 55)
                if dup:
                    break
            if not dup:
                kept.append(c)
            else:
                self.norms.pop(id(c), None)  # a dropped claim's id() may be reused by a later one

    def claims(self) -> list[Claim]:
        """The kept claims, a repeated id numbered (c…-2, c…-3)."""
        return _numbered(self.kept)


def _numbered(kept: list[Claim]) -> list[Claim]:
    seen: dict[str, int] = {}
    out = []
    for c in kept:
        n = seen.get(c.id, 0)
        seen[c.id] = n + 1
        out.append(c if n == 0 else c.model_copy(update={"id": f"{c.id}-{n + 1}"}))
    return out
