"""Quantities in a span of text: numbers with scale words, ranges, qualifiers and units."""
from __future__ import annotations

import re

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
_QUANTITY = re.compile(
    rf"(?<![\w-])(?:(?P<qual>{_QUAL_RE})\s+)?(?<![\w-])(?P<num>{_NUM}){_SCALE}"
    rf"(?:\s*(?:{_RANGE})\s*(?P<num2>{_NUM}){_SCALE})?"
    r"(?P<unit>\s*%|(?:\s+[^\W\d_]+(?:[-'][^\W\d_]+)?){1,2})?", re.IGNORECASE)
_SCALES = {k.rstrip("*."): v for k, v in _WORDS.scales.items()}


def _num(s: str) -> float:
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
    out = []
    if not _DIGIT.search(text, start, end):
        return out
    unit_stop = language(lang).words.unit_stop
    for m in _QUANTITY.finditer(text, start, end):
        ns, ne = m.span("num")
        if any(ds <= ns < de for ds, de in date_spans):
            continue
        raw_num = m.group("num")
        if re.fullmatch(r"(?:19|20)\d\d", raw_num) and not m.group("qual") and not m.group("unit"):
            continue  # a year
        unit_raw = (m.group("unit") or "").strip()
        unit_words = [w for w in unit_raw.split() if w.lower() not in unit_stop]
        unit = "%" if unit_raw == "%" else (" ".join(unit_words[:2]) or None)
        try:
            if m.group("num2"):
                scale1 = _scale_of(text[m.end("num"):m.start("num2")])
                scale2 = _scale_of(text[m.end("num2"):m.end()])
                value = _num(raw_num) * (scale1 if scale1 != 1.0 else scale2)  # "30 million and 50 million"
                value2 = _num(m.group("num2")) * scale2
            else:
                value, value2 = _num(raw_num) * _scale_of(text[m.end("num"):m.end()]), None
        except ValueError:
            continue
        qual = _QUAL.get((m.group("qual") or "").lower())
        qs = m.start() if m.group("qual") else ns
        unit_end = m.end() if unit else (m.end("num2") if m.group("num2") else m.end("num"))
        out.append({"value": value, "value_max": value2, "unit": unit,
                    "qualifier": "between" if value2 is not None and qual in (None, "between") else qual,
                    "text": text[qs:unit_end].strip()})
    return out
