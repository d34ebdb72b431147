"""Segment stage: paragraphs, quotations and sentences of a document, as offsets into its text.

Quotations are found first, in one left-to-right pass with a stack (linear time, whatever the
number of quote marks). A sentence break inside a quotation is suppressed, so that a quotation of
several sentences (even across a paragraph break, as scraped articles often have it) stays in one
unit with its attribution; a quotation that fills a whole paragraph is a block quote and is read
as ordinary text.
"""
from __future__ import annotations

import bisect

import re
from dataclasses import dataclass, field

from .languages import abbreviations, capitals

MAX_QUOTE_CHARS = 4000
MAX_QUOTE_PARAGRAPHS = 2

_PARA = re.compile(r"\n[ \t]*\n\s*")
_MARKS = re.compile(r"[\"“”«»„]|\n[ \t]*\n")
_OPEN_PUNCT = set("([{—–-:/ \n\t\u00a0")
_CLOSE_NEXT = set(",.;:!?)]}–—-…")
# a dot after these does not end a sentence; sentences start with a capital of any registered
# alphabet (one splitter for every language: quotations in another language are common)
_ABBREV = abbreviations()
_CAP = capitals()
_BOUNDARY = re.compile(rf"[.!?…]+[\"”»’)\]]*(?=\s+[\"“«„(\[]?[-–—]?\s*[{_CAP}0-9\"“«„])")


_NEXT_STARTS = re.compile(rf"\s+[\"“«„(\[]?[-–—]?\s*[{_CAP}0-9\"“«„]")


@dataclass(frozen=True)
class Quote:
    start: int  # index of the opening mark
    end: int    # index after the closing mark
    block: bool = False

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - 1


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    heading: bool = False
    question: bool = False


@dataclass
class Segmented:
    text: str
    paragraphs: list[tuple[int, int]]
    quotes: list[Quote]
    sentences: list[Sentence] = field(default_factory=list)

    _starts: list[int] | None = field(default=None, init=False, repr=False, compare=False)

    def quotes_in(self, start: int, end: int) -> list[Quote]:
        """The quotations within [start, end): a bisection into `quotes` (sorted by start), so a
        document's many sentences cost their own quotations, not all of the document's."""
        if self._starts is None:
            self._starts = [q.start for q in self.quotes]
        out = []
        for k in range(bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end)):
            q = self.quotes[k]
            if q.end <= end and not q.block:
                out.append(q)
        return out


def find_paragraphs(text: str) -> list[tuple[int, int]]:
    """Blank-line blocks; a block of lines that are not hard-wrapped prose is one paragraph a line."""
    blocks = []
    pos = 0
    for m in _PARA.finditer(text):
        if m.start() > pos:
            blocks.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        blocks.append((pos, len(text)))
    out: list[tuple[int, int]] = []
    for bs, be in blocks:
        lines = list(_lines(text, bs, be))
        if _hard_wrapped(text, lines):
            out.append((bs, be))
        else:
            out.extend(lines)
    return [(s, e) for s, e in (_strip(text, s, e) for s, e in out) if e > s]


def _hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Prose wrapped at a fixed width: several lines, none long, most not ending a sentence."""
    if len(lines) < 3 or max(e - s for s, e in lines) > 120:
        return False
    open_ends = sum(1 for s, e in lines[:-1] if text[e - 1] not in _LINE_END)
    return open_ends > 0.5 * (len(lines) - 1)


_LINE_END = set(".!?:\"”»…")


def _lines(text: str, s: int, e: int):
    while s < e:
        nl = text.find("\n", s, e)
        end = e if nl < 0 else nl
        ls, le = _strip(text, s, end)
        if le > ls:
            yield ls, le
        s = end + 1


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _straight_role(text: str, i: int, open_straight: bool) -> str:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if nxt.isspace() or nxt in _CLOSE_NEXT:
        return "close" if open_straight else "none"
    if prev in _OPEN_PUNCT or prev.isspace():
        return "open"
    return "close" if open_straight else "open"


MAX_CLOSER_SEARCH = 32  # how deep a closing mark looks for its opener


def find_quotes(text: str) -> list[Quote]:
    """Matched quotation spans, outermost and nested, in text order. Linear: openers too old or
    too many paragraphs back are dropped from the bottom of the stack, a closer looks a bounded
    depth down for its opener."""
    stack: list[tuple[str, int, int]] = []  # (mark, position, paragraph number at opening)
    bottom = 0  # stack[:bottom] are dead (too old)
    para = 0
    straight_open = 0  # live straight openers on the stack
    found: list[Quote] = []
    for m in _MARKS.finditer(text):
        c = m.group()
        i = m.start()
        if c[0] == "\n":
            para += 1
        while bottom < len(stack) and (i - stack[bottom][1] > MAX_QUOTE_CHARS
                                       or para - stack[bottom][2] >= MAX_QUOTE_PARAGRAPHS):
            if stack[bottom][0] == '"':
                straight_open -= 1
            bottom += 1
        if bottom > 4096:  # compact now and then: amortised linear
            del stack[:bottom]
            bottom = 0
        if c[0] == "\n":
            continue
        if c == '"':
            role = _straight_role(text, i, straight_open > 0)
            want = '"'
        elif c == "“":
            if any(k == "„" for k, _, _ in stack[max(bottom, len(stack) - MAX_CLOSER_SEARCH):]):
                role, want = "close", "„"
            else:
                role, want = "open", ""
        elif c == "”":
            role, want = "close", "“„"
        elif c in "«„":
            role, want = "open", ""
        else:  # »
            role, want = "close", "«"
        if role == "open":
            stack.append((c, i, para))
            straight_open += c == '"'
        elif role == "close":
            for j in range(len(stack) - 1, max(bottom, len(stack) - MAX_CLOSER_SEARCH) - 1, -1):
                if stack[j][0] in want:
                    found.append(Quote(stack[j][1], i + 1))
                    straight_open -= sum(1 for k, _, _ in stack[j:] if k == '"')
                    del stack[j:]
                    break
    found.sort(key=lambda q: (q.start, -q.end))
    return found


def _mark_blocks(text: str, quotes: list[Quote], paragraphs: list[tuple[int, int]]) -> list[Quote]:
    """A quotation that fills its paragraph(s) is a block quote: read as text, not as speech."""
    starts = {s for s, _ in paragraphs}
    ends = {e for _, e in paragraphs}
    out = []
    for q in quotes:
        tail = q.end
        while tail < len(text) and text[tail] in " \t.":
            tail += 1
        block = q.start in starts and (tail in ends or tail == len(text)) and q.end - q.start > 200
        out.append(Quote(q.start, q.end, block) if block else q)
    return out


def _top_level(quotes: list[Quote]) -> list[Quote]:
    """Outermost non-block quotations; quotations inside a block quote count as outermost."""
    out: list[Quote] = []
    last_end = -1
    for q in quotes:
        if q.block:
            continue
        if q.start >= last_end:
            out.append(q)
            last_end = q.end
    return out


def _is_abbreviation(text: str, dot: int) -> bool:
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower().rstrip(".")
    if len(word) == 1 and text[j].isupper():  # an initial: "Gerald R. Ford", "U. S."
        return True
    return word in _ABBREV


def split_sentences(text: str, paragraphs: list[tuple[int, int]], quotes: list[Quote]) -> list[Sentence]:
    top = _top_level(quotes)
    inside = _interval_lookup(top)
    out: list[Sentence] = []
    cuts: list[int] = []
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        first_dot = m.start()
        if text[first_dot] == "." and m.group().startswith(".") and len(m.group().rstrip("\"”»’)]")) == 1 \
                and _is_abbreviation(text, first_dot):
            continue
        if inside(first_dot) and inside(end - 1 if end > first_dot + 1 else first_dot):
            q = inside(first_dot)
            if q is not None and not (q.end <= end):
                continue
        cuts.append(end)
    # a quotation closed after its own full stop ends the sentence: `…obligations. " Peskov said`
    for q in top:
        j = q.end - 2
        while j > q.start and text[j].isspace():
            j -= 1
        if text[j] in ".!?…" and _NEXT_STARTS.match(text, q.end):
            cuts.append(q.end)
    # paragraph ends are always candidate cuts, unless an open quotation runs across them
    for _s, e in paragraphs:
        q = inside(e)
        if q is None or q.end <= e:
            cuts.append(e)
    cuts = _cap_lengths(text, sorted(set(cuts)))
    pos = 0
    para_idx = _para_index(paragraphs)
    headings: dict[int, bool] = {}  # per paragraph, not per sentence: a long paragraph has many
    for c in cuts + [len(text)]:
        s, e = _strip(text, pos, c)
        pos = c
        if e <= s:
            continue
        body = text[s:e]
        first_para = para_idx(s)
        one_para = para_idx(e - 1) == first_para
        if one_para and first_para not in headings:
            headings[first_para] = _heading_paragraph(text, paragraphs, first_para)
        heading = one_para and headings[first_para]
        out.append(Sentence(s, e, first_para, heading, body.rstrip().rstrip("\"”»").endswith("?")))
    return _attach_stray_closers(text, out)


MAX_SENTENCE_CHARS = 3000


def _cap_lengths(text: str, cuts: list[int]) -> list[int]:
    """No unit longer than MAX_SENTENCE_CHARS (a page without punctuation is not one sentence):
    extra cuts at whitespace keep the work per sentence bounded."""
    out: list[int] = []
    prev = 0
    for c in cuts + [len(text)]:
        while c - prev > MAX_SENTENCE_CHARS:
            k = text.rfind(" ", prev + MAX_SENTENCE_CHARS // 2, prev + MAX_SENTENCE_CHARS)
            k = k if k > prev else prev + MAX_SENTENCE_CHARS
            out.append(k)
            prev = k
        out.append(c)
        prev = c
    return [c for c in out if c < len(text)]


def _attach_stray_closers(text: str, sents: list[Sentence]) -> list[Sentence]:
    """`missiles.\\n\\n" He also…`: a lone closing quote at a sentence start ends the previous one."""
    out: list[Sentence] = []
    for s in sents:
        if out and text[s.start] in "\"”»" and s.start + 1 < len(text) and text[s.start + 1].isspace():
            prev = out[-1]
            out[-1] = Sentence(prev.start, s.start + 1, prev.paragraph, prev.heading, prev.question)
            ns, ne = _strip(text, s.start + 1, s.end)
            if ne > ns:
                out.append(Sentence(ns, ne, s.paragraph, s.heading, s.question))
            continue
        out.append(s)
    return out


MAX_HEADING_WORDS = 20
MAX_HEADING_CHARS = 400  # twenty long words; beyond it a paragraph is prose, whatever its end


def _heading_paragraph(text: str, paragraphs: list[tuple[int, int]], idx: int) -> bool:
    """A title or section line: short, and not ending like prose."""
    if idx < 0 or idx >= len(paragraphs):
        return False
    ps, pe = paragraphs[idx]
    if pe - ps > MAX_HEADING_CHARS:
        return False
    body = text[ps:pe]
    return "\n" not in body and len(body.split()) <= MAX_HEADING_WORDS and not body.rstrip("\"”»").endswith(
        (".", "!", "…", ",", ";", ":"))


def _para_index(paragraphs: list[tuple[int, int]]):
    starts = [s for s, _ in paragraphs]

    def find(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1)

    return find


def _interval_lookup(quotes: list[Quote]):
    starts = [q.start for q in quotes]

    def find(pos: int) -> Quote | None:
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and quotes[i].start < pos < quotes[i].end:
            return quotes[i]
        return None

    return find


def segment(text: str) -> Segmented:
    paragraphs = find_paragraphs(text)
    quotes = _mark_blocks(text, find_quotes(text), paragraphs)
    seg = Segmented(text, paragraphs, quotes)
    seg.sentences = split_sentences(text, paragraphs, quotes)
    return seg
