"""Date phrases: find candidates with our own patterns, resolve them with dateparser.

dateparser's whole-text `search_dates` is slow and finds false dates ("may", "1000 km", "10%"),
so candidates come from anchored patterns built on month and weekday names; each candidate is
parsed with one reused `DateDataParser` per language. Forms dateparser cannot take
("on Sunday, 26 October" split in two, "earlier this year") are split or handled here.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from dateparser.date import DateDataParser

from .languages import Dates, language

_YEAR = r"(?:19|20)\d\d"


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _stems(words: list[str]) -> str:
    """Words of a language file, where a trailing '*' stands for any ending."""
    return "|".join(re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w)
                    for w in sorted(words, key=len, reverse=True))


def _build_pattern(d: Dates) -> re.Pattern[str]:
    """Candidate date phrases of one language, from its `dates` data (see languages/<code>/)."""
    parts = []
    yw = rf"(?:\s+(?:{_alt(d.year_words)}))?" if d.year_words else ""
    join = rf"(?:\s+(?:{_alt(d.joiners)}))?" if d.joiners else ""
    if d.months:
        months = _alt(d.months + d.month_abbr)
        dot = r"\.?" if d.month_abbr else ""
        ords = rf"(?:{_alt(d.ordinals)})?" if d.ordinals else ""
        year = rf"(?:{',?' if d.year_comma else ''}{join}\s+{_YEAR}{yw})?"
        on = rf"(?:(?:{_alt(d.weekday_on)})\s+)?" if d.weekday_on else ""
        for n, order in enumerate(d.orders, 1):
            lead = rf"(?:{on}(?P<wd{n}>{_alt(d.weekdays)}),?\s+)?" if d.weekdays else ""
            if order == "md":
                parts.append(rf"{lead}(?P<md>(?:{months}){dot}\s+\d{{1,2}}{ords}{year})")
            else:
                parts.append(rf"{lead}(?P<dm>\d{{1,2}}{ords}{join}\s+(?:{months}){dot}{year})")
        alone = []
        if d.month_year:
            prefix = rf"(?:(?:{_alt(d.month_prefixes)})\s+)?" if d.month_prefixes else ""
            alone.append(rf"{prefix}(?:{months}){dot}{join}\s+{_YEAR}")
        if d.months_in and d.month_prefixes:
            alone.append(rf"(?:{_alt(d.month_prefixes)})\s+(?:{_alt(d.months_in)})(?:{join}\s+{_YEAR}{yw})?")
        if alone:
            parts.append(rf"(?P<my>{'|'.join(alone)})")
    parts.append(r"(?P<iso>\d{4}-\d{2}-\d{2})")
    parts.append(rf"(?P<num>\d{{1,2}}[./]\d{{1,2}}[./]{_YEAR})")
    if d.relative:
        parts.append(rf"(?P<rel>{_alt(list(d.relative))})")
    if d.weekdays and d.weekday_prefixes:
        parts.append(rf"(?P<wd>(?:{_alt(d.weekday_prefixes)})\s+(?:{_alt(d.weekdays)}))")
    parts.append(rf"(?P<year>{_YEAR})")
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


@lru_cache(maxsize=64)
def pattern_for(lang: str) -> re.Pattern[str]:
    return _build_pattern(language(lang).dates)


@lru_cache(maxsize=64)
def _future_pattern(lang: str) -> re.Pattern[str] | None:
    d = language(lang).dates
    if not d.future:
        return None
    links = rf"({_alt(d.future_links)}|\s)?" if d.future_links else r"(\s)?"
    return re.compile(rf"(?<!\w)({_stems(d.future)})\W*{links}\W*$", re.IGNORECASE)


@lru_cache(maxsize=64)
def _around(lang: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, re.Pattern[str] | None]:
    """What surrounds a date in the text but not in dateparser's input: a leading preposition,
    a trailing year word, an ordinal suffix."""
    d = language(lang).dates
    lead = re.compile(rf"^(?:{_alt(d.month_prefixes + d.weekday_on)})\s+") if d.month_prefixes or d.weekday_on else None
    tail = re.compile(rf"\s+(?:{_alt(d.year_words)})$") if d.year_words else None
    ords = re.compile(rf"(\d)(?:{_alt(d.ordinals)})\b") if d.ordinals else None
    return lead, tail, ords


@dataclass(frozen=True)
class DatePhrase:
    start: int
    end: int
    text: str
    kind: str  # md, dm, my, iso, num, rel, wd, year
    weekday: str | None = None
    body: str | None = None  # the part handed to dateparser
    has_year: bool = False


def find_date_phrases(text: str, lang: str, lower: str | None = None) -> list[DatePhrase]:
    """Candidate date phrases of `text` (offsets into `text`). `lower` is text.lower() if known."""
    low = lower if lower is not None else text.lower()
    if len(low) != len(text):  # "İ" lower-cases to two characters: offsets must stay the text's
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    out = []
    for m in pattern_for(lang).finditer(low):
        groups = m.groupdict()
        kind = next(k for k in ("md", "dm", "my", "iso", "num", "rel", "wd", "year") if groups.get(k))
        body = groups[kind]
        wd = groups.get("wd1") or groups.get("wd2")
        has_year = bool(re.search(_YEAR, body)) if kind not in ("rel", "wd") else False
        out.append(DatePhrase(m.start(), m.end(), text[m.start():m.end()], kind, wd, body, has_year))
    return out


_FIXED_BASE = dt.datetime(2000, 7, 1)  # yearless dates get their year here, not from the clock


@lru_cache(maxsize=8)
def _parser(lang: str, order: str | None = None) -> DateDataParser:
    # only absolute dates reach dateparser (relative phrases and weekdays are resolved here, against
    # the article's date): its relative-time and timestamp parsers would only cost time
    code = language(lang).dates.dateparser
    settings = {"PREFER_DATES_FROM": "past", "RELATIVE_BASE": _FIXED_BASE, "PARSERS": ["absolute-time"]}
    if order:
        settings["DATE_ORDER"] = order.upper()
    return DateDataParser(languages=[code] if code else None, settings=settings)


@lru_cache(maxsize=65536)
def _parse(lang: str, phrase: str, order: str | None = None) -> tuple[dt.date, str] | None:
    p = _parser(lang, order)
    try:
        data = p.get_date_data(phrase)
    except Exception:  # dateparser raises assorted errors on odd input; a non-date is not fatal
        return None
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), (data.period or "day")


def _month_number(lang: str, body: str) -> int | None:
    """1-12 for the month named in a month-alone phrase ('in March 2025', a locative form)."""
    d = language(lang).dates
    words = set(re.findall(r"[^\W\d_]+\.?", body.lower()))
    for names in (d.months_in, d.months, d.month_abbr):
        for i, w in enumerate(names):
            if w in words or w.rstrip(".") in words:
                if names is d.month_abbr:  # "Sept." is not in month order: the month it begins
                    return next((k + 1 for k, m in enumerate(d.months) if m.startswith(w)), None)
                return i + 1
    return None


def _weekday_index(lang: str, word: str) -> int | None:
    word = word.lower()
    for i, w in enumerate(language(lang).dates.weekdays):
        if word.endswith(w):
            return i
    return None


def _nearest_year(month_day: dt.date, reference: dt.date) -> dt.date:
    """The year that puts month/day nearest to `reference` (ties go to the past)."""
    best = None
    for y in (reference.year - 1, reference.year, reference.year + 1):
        try:
            cand = month_day.replace(year=y)
        except ValueError:
            continue
        key = (abs((cand - reference).days), cand > reference)
        if best is None or key < best[0]:
            best = (key, cand)
    return best[1] if best else month_day


def _year_from_weekday(month_day: dt.date, weekday: int, near: int) -> int | None:
    for delta in (0, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6):
        try:
            if month_day.replace(year=near + delta).weekday() == weekday:
                return near + delta
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class Resolved:
    date: dt.date | None
    precision: str | None
    basis: str  # explicit | relative | ambiguous | unknown


_NUMERIC = re.compile(r"(\d{1,2})([./])(\d{1,2})[./]")


def numeric_order(body: str, convention: str | None) -> str | None:
    """'dmy' or 'mdy' for a numeric date, or None when nothing decides. A number above 12 is the
    day; a dot separates day-first dates ('05.03.2025': nowhere month-first); otherwise the
    convention of the document's outlet or language decides ("05/03/2025": 5 March in Kyiv and
    London, 3 May in Washington)."""
    m = _NUMERIC.match(body)
    if m is None:
        return convention
    a, sep, b = int(m[1]), m[2], int(m[3])
    if a > 12 or sep == "." or a == b:
        return "dmy"
    if b > 12:
        return "mdy"
    return convention


def resolve(ph: DatePhrase, lang: str, published: dt.date | None, reference: dt.date | None,
            convention: str | None = None) -> Resolved:
    """Resolve a phrase against the document's published date (or the corpus reference date).
    `convention`: the order of numeric dates where the document's outlet decides it ('dmy',
    'mdy'); else its language's."""
    if ph.kind == "num":
        order = numeric_order(ph.body or ph.text, convention or language(lang).dates.numeric_order)
        if order is None:
            return Resolved(None, "day", "ambiguous")
        parsed = _parse(lang, ph.body or ph.text, order)
        return Resolved(parsed[0], "day", "explicit") if parsed else Resolved(None, None, "unknown")
    base = published  # "last week" means nothing without the article's own date
    if ph.kind == "rel":
        rel = language(lang).dates.relative.get(ph.text.lower())
        if rel is None or base is None:
            return Resolved(None, rel[0] if rel else None, "unknown")
        unit, offset = rel
        if unit == "day":
            return Resolved(base + dt.timedelta(days=offset), "day", "relative")
        if unit == "week":
            d = base + dt.timedelta(days=offset)
            return Resolved(d - dt.timedelta(days=d.weekday()), "week", "relative")
        if unit == "month":
            y, m = base.year, base.month + offset
            if m < 1:
                y, m = y - 1, 12
            return Resolved(dt.date(y, m, 1), "month", "relative")
        return Resolved(dt.date(base.year + offset, 1, 1), "year", "relative")
    if ph.kind == "year":
        return Resolved(dt.date(int(ph.text), 1, 1), "year", "explicit")
    if ph.kind == "wd":
        if published is None:
            return Resolved(None, "day", "unknown")
        wd = _weekday_index(lang, ph.text.split()[-1])
        if wd is None:
            return Resolved(None, "day", "unknown")
        back = (published.weekday() - wd) % 7
        return Resolved(published - dt.timedelta(days=back), "day", "relative")
    body = ph.body or ph.text
    if ph.kind == "my":
        month = _month_number(lang, body)
        if month is not None:  # a month alone: no need for dateparser, which lacks some case forms
            years = re.findall(_YEAR, body)
            if years:
                return Resolved(dt.date(int(years[0]), month, 1), "month", "explicit")
            if published is None:
                return Resolved(None, "month", "unknown")
            year = published.year if month <= published.month else published.year - 1
            return Resolved(dt.date(year, month, 1), "month", "explicit")
    lead, tail, ords = _around(lang)
    if lead:
        body = lead.sub("", body)
    if tail:
        body = tail.sub("", body)
    if ords:
        body = ords.sub(r"\1", body)
    parsed = _parse(lang, body)
    if parsed is None:
        return Resolved(None, None, "unknown")
    d, period = parsed
    precision = "month" if ph.kind == "my" else ("day" if period not in ("month", "year") else period)
    if precision == "month":
        d = d.replace(day=1)
    if not ph.has_year and ph.kind in ("md", "dm"):
        wd = _weekday_index(lang, ph.weekday) if ph.weekday else None
        anchor = (published or reference)
        if wd is not None and anchor is not None:
            year = _year_from_weekday(d, wd, anchor.year if anchor else d.year)
            if year is not None:
                return Resolved(d.replace(year=year), "day", "explicit")
        if published is not None:
            return Resolved(_past_year(d, published), "day", "explicit")
        if reference is not None:
            return Resolved(_nearest_year(d, reference), "day", "explicit")
        return Resolved(None, "day", "unknown")
    return Resolved(d, precision, "explicit")


def _past_year(month_day: dt.date, published: dt.date) -> dt.date:
    """Month/day without a year in an article: the latest such date not after publication (+2 days)."""
    for y in (published.year, published.year - 1):
        try:
            cand = month_day.replace(year=y)
        except ValueError:
            continue
        if cand <= published + dt.timedelta(days=2):
            return cand
    for back in range(2, 9):  # 29 February: the latest leap year before publication
        try:
            return month_day.replace(year=published.year - back)
        except ValueError:
            continue
    return month_day


@dataclass(frozen=True)
class PublishedHint:
    """What the text alone says about its publication date."""

    date: dt.date | None          # latest self-dated explicit date (year known)
    yearless: bool                # has day-month dates without a year of its own
    years: tuple[int, ...]


@lru_cache(maxsize=8)  # pass 2 asks for it twice per document (self_dated, build_document)
def published_hint(text: str, lang: str) -> PublishedHint:
    """Latest explicit date of the text whose year the text itself fixes (year, weekday pair)."""
    phrases = find_date_phrases(text, lang)
    years = sorted({int(m) for p in phrases if p.kind == "year" for m in [p.text]})
    years += sorted({int(y) for p in phrases if p.has_year for y in re.findall(_YEAR, p.text)})
    best: dt.date | None = None
    yearless = False
    own_year = max(years) if years else None
    for p in phrases:
        if p.kind not in ("md", "dm", "iso", "num") or _future_context(text, lang, p.start):
            continue
        if p.has_year or p.kind in ("iso", "num") or (p.weekday and own_year):
            r = resolve(p, lang, None, dt.date(own_year, 7, 1) if own_year else None)
            if r.date and (best is None or r.date > best):
                best = r.date
        else:
            yearless = True
            if own_year:
                r = resolve(p, lang, None, dt.date(own_year, 7, 1))
                if r.date and r.date.year == own_year and (best is None or r.date > best):
                    best = r.date
    return PublishedHint(best, yearless, tuple(sorted(set(years))))


def infer_published(text: str, lang: str, reference: dt.date | None) -> dt.date | None:
    """Published date from the text: latest explicit date, years from the text or the corpus."""
    hint = published_hint(text, lang)
    if hint.date is not None:
        return hint.date
    if not hint.yearless or reference is None:
        return None
    best = None
    for p in find_date_phrases(text, lang):
        if p.kind in ("md", "dm") and not _future_context(text, lang, p.start):
            r = resolve(p, lang, None, reference)
            if r.date and (best is None or r.date > best):
                best = r.date
    return best


def _future_context(text: str, lang: str, start: int) -> bool:
    pat = _future_pattern(lang)
    return bool(pat and pat.search(text[max(0, start - 25):start]))
