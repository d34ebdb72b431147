"""Quantities in a span of text: numbers with scale words, ranges, qualifiers and units."""
from __future__ import annotations

import re
from functools import lru_cache

from ..languages import language, quantity_words, union

_NUM = r"\d{1,3}(?:[ ,\u00a0]\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
_WORDS = quantity_words()  # qualifiers and scales of every language: numbers are read script-blind


def _scale_regex(key: str) -> str:
    """A scale word of a language file: 'million', 'million*' (any ending), 'k.' (a dot may follow)."""
    if key.endswith("*"):
        return re.escape(key[:-1]) + r"\w*"
    if key.endswith("."):
        return re.escape(key[:-1]) + r"\.?"
    return re.escape(key)


_SCALE = r"(?:\s*(?:" + "|".join(_scale_regex(k) for k in sorted(_WORDS.scales, key=len, reverse=True)) + r"))?"
_QUAL = _WORDS.qualifiers
_QUAL_RE = "|".join(re.escape(q) for q in sorted(_QUAL, key=len, reverse=True))
_RANGE = "|".join(re.escape(w) for w in sorted(union("range_joiners") | {"-", "–"}, key=len, reverse=True))
_UNIT = r"(?P<unit>\s*%|(?:\s+[^\W\d_]+(?:[-'][^\W\d_]+)?){1,2})?"
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})


def _quantity_regex(num: str) -> re.Pattern:
    return re.compile(
        rf"(?<![\w-])(?:(?P<qual>{_QUAL_RE})\s+)?(?<![\w-])(?P<num>{num}){_SCALE}"
        rf"(?:\s*(?:{_RANGE})\s*(?P<num2>{num}){_SCALE})?" + _UNIT, re.IGNORECASE)


def _alternatives(words) -> str:
    """Words as a regex alternation, longest first, any apostrophe where the data has one."""
    return "|".join(re.escape(w).replace("'", "['’ʼ]") for w in sorted(words, key=len, reverse=True))


_QUANTITY = _quantity_regex(_NUM)


@lru_cache(maxsize=None)
def _word_regexes(lang: str) -> tuple[re.Pattern, re.Pattern | None, dict[str, float], dict[str, tuple[float, float]]]:
    """A language's quantity regex that also reads its number words ('five launchers',
    'twenty-four', in every inflected form its language file lists), its count ranges ('hundreds
    of troops'), and their values. Number words are the document language's own: 'once' is a
    number in one language, not in another."""
    q = language(lang).data.quantities
    numbers = {k.lower(): v for k, v in q.numbers.items()}
    ranges = {k.lower(): tuple(v) for k, v in q.ranges.items()}
    if not numbers:
        return _QUANTITY, None, numbers, ranges
    word = rf"(?:{_alternatives(numbers)})(?:-(?:{_alternatives(numbers)}))?(?![\w'’ʼ])"
    rng = re.compile(rf"(?<![\w-])(?P<range>{_alternatives(ranges)})(?![\w'’ʼ])" + _UNIT, re.IGNORECASE) if ranges else None
    return _quantity_regex(f"{_NUM}|{word}"), rng, numbers, ranges


_SCALES = {k.rstrip("*."): v for k, v in _WORDS.scales.items()}


def _num(s: str, words: dict[str, float]) -> float:
    if not s[0].isdigit():  # a number word, or two joined by a hyphen ("twenty-four")
        return sum(words[w] for w in s.lower().translate(_APOSTROPHES).split("-"))
    s = s.replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", s):
        s = s.replace(",", "")
    else:
        s = s.replace(",", ".")
    return float(s)


def _scale_of(text: str) -> float:
    low = text.lower()
    for k, v in _SCALES.items():
        if k in low:
            return v
    return 1.0


_DIGIT = re.compile(r"\d")


def find_quantities(text: str, start: int, end: int, date_spans: list[tuple[int, int]], lang: str) -> list[dict]:
    regex, ranges_re, numbers, ranges = _word_regexes(lang)
    if not numbers and not _DIGIT.search(text, start, end):
        return []
    unit_stop = language(lang).words.unit_stop
    out = _numbers(regex, numbers, unit_stop, text, start, end, date_spans)
    if ranges_re is not None:
        out += _count_ranges(ranges_re, ranges, unit_stop, text, start, end, [q["span"] for q in out])
        out.sort(key=lambda q: q["span"])
    for q in out:
        del q["span"]
    return out


def _unit_of(m: re.Match, unit_stop) -> str | None:
    unit_raw = (m.group("unit") or "").strip()
    unit_words = [w for w in unit_raw.split() if w.lower() not in unit_stop]
    return "%" if unit_raw == "%" else (" ".join(unit_words[:2]) or None)


def _without_stop_tail(phrase: str, unit_stop) -> str:
    """'five launchers and' -> 'five launchers': the phrase ends with its unit."""
    words = phrase.split(" ")
    while len(words) > 1 and words[-1].lower() in unit_stop:
        words.pop()
    return " ".join(words)


def _count_ranges(regex: re.Pattern, ranges, unit_stop, text: str, start: int, end: int,
                  taken: list[tuple[int, int]]) -> list[dict]:
    """'hundreds of troops', 'dozens of tanks': a count known only as a range (not after a number:
    'three thousand' is a number with its scale)."""
    out = []
    for m in regex.finditer(text, start, end):
        unit = _unit_of(m, unit_stop)
        if unit is None or unit == "%" or any(a <= m.start() < b for a, b in taken):
            continue
        lo, hi = ranges[m.group("range").lower().translate(_APOSTROPHES)]
        out.append({"value": lo, "value_max": hi, "unit": unit, "qualifier": "between",
                    "text": _without_stop_tail(text[m.start():m.end()].strip(), unit_stop), "span": m.span()})
    return out


def _numbers(regex: re.Pattern, numbers, unit_stop, text: str, start: int, end: int,
             date_spans: list[tuple[int, int]]) -> list[dict]:
    out = []
    for m in regex.finditer(text, start, end):
        ns, ne = m.span("num")
        if any(ds <= ns < de for ds, de in date_spans):
            continue
        raw_num = m.group("num")
        if re.fullmatch(r"(?:19|20)\d\d", raw_num) and not m.group("qual") and not m.group("unit"):
            continue  # a year
        unit = _unit_of(m, unit_stop)
        if unit is None and not raw_num[0].isdigit():
            continue  # "the two said": a number word counts something only when it has a unit
        try:
            if m.group("num2"):
                scale1 = _scale_of(text[m.end("num"):m.start("num2")])
                scale2 = _scale_of(text[m.end("num2"):m.end()])
                value = _num(raw_num, numbers) * (scale1 if scale1 != 1.0 else scale2)  # "30 million and 50 million"
                value2 = _num(m.group("num2"), numbers) * scale2
            else:
                value, value2 = _num(raw_num, numbers) * _scale_of(text[m.end("num"):m.end()]), None
        except (ValueError, KeyError):
            continue
        qual = _QUAL.get((m.group("qual") or "").lower())
        qs = m.start() if m.group("qual") else ns
        unit_end = m.end() if unit else (m.end("num2") if m.group("num2") else m.end("num"))
        out.append({"value": value, "value_max": value2, "unit": unit,
                    "qualifier": "between" if value2 is not None and qual in (None, "between") else qual,
                    "text": _without_stop_tail(text[qs:unit_end].strip(), unit_stop), "span": (qs, unit_end)})
    return out
