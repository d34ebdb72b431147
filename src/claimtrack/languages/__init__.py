"""The language registry: what claimtrack knows about a language is data in `languages/<code>/`.

Each folder holds `language.json` (names, letters, morphology, word classes, date names,
sentence-splitting abbreviations, detection hints, transliteration) and the language's part of
the lexicon files (`cues.json`, `markers.json`, `speakers.json`, `triggers.json`, in the shape of
the built-in files, read by `claimtrack.lexicon`). Code asks `language(code)` for a `Language`;
no other module names a language. A code the registry does not have gives the language-neutral
`Language` (no cue words, no date names): quotations, lexicon actors, weapons and ISO dates only.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

SUPPORTED_VERSIONS = (1,)
LANGUAGE_FILE = "language.json"
REGISTRY_FILE = "registry.json"  # what is about several languages: detection words of others, fallbacks


def known_version(v: int) -> int:
    """A data file's `version` must be one this claimtrack reads (language and lexicon files)."""
    if v not in SUPPORTED_VERSIONS:
        raise ValueError(f"unknown version {v} (this claimtrack reads version "
                         f"{', '.join(map(str, SUPPORTED_VERSIONS))})")
    return v


Version = Annotated[int, AfterValidator(known_version)]


class LanguageDataError(Exception):
    """A language folder's `language.json` is missing, is not JSON or does not validate."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Words(_Model):
    """Closed word classes, lower-case. Each is a set the extractor looks words up in."""

    complementizers: list[str] = []   # "that": the content clause starts after it
    prepositions: list[str] = []
    determiners: list[str] = []
    conjunctions: list[str] = []      # "but", "and": a clause boundary
    coordinators: list[str] = []      # "and", "or": joins two noun phrases
    latter: list[str] = []            # "the latter": the person named last, not the last speaker
    as_reported: list[str] = []       # "As X reported, …"
    subordinators: list[str] = []     # "although", "if": a subordinate clause, not the claim
    splitters: list[tuple[str, str]] = []  # "and that": a second content clause of the same cue
    noun_like: list[str] = []         # "report", "claims": a cue form that is a noun here
    impersonal: list[str] = []        # "it is said" in one word
    they_said: list[str] = []         # a plural cue with no subject: "in the Kremlin they said" = the Kremlin said
    comma_participles: list[str] = []  # cues only after a comma: "…, writing:" (not "spent the year writing a book")
    citing: list[str] = []            # "citing X": X is the origin of the report
    passive: list[str] = []           # auxiliaries of the passive voice
    perfect: list[str] = []           # auxiliaries of the perfect ("has been told")
    relative_pronouns: list[str] = []  # ", which …": a relative clause
    function_words: list[str] = []    # capitalised at a sentence start, never a name
    source_modifiers: list[str] = []  # "two senior officials": words of an unnamed source
    role_qualifiers: list[str] = []   # "deputy", "former": not the holder of the role
    role_lead: list[str] = []         # "the first deputy …": skipped before a qualifier
    group_relations: list[str] = []   # "familiar with", "close to" (first word)
    group_places: list[str] = []      # "officials in Venezuela": the place says whose
    place_prepositions: list[str] = []
    unit_stop: list[str] = []         # words that are never a quantity's unit
    range_joiners: list[str] = []     # "10 to 20"
    case_endings: list[str] = []      # stripped to find the stem of an unknown name
    articles: list[str] = []          # dropped before an alias ("the Kremlin" is "Kremlin")
    title_determiners: list[str] = []  # "a regional governor said", "one official said"
    possessives: list[str] = []       # the clitic "'s": the tokenizer splits it off a name
    negative_clitics: list[str] = []  # "n't" at a word's end: "didn't say" is no statement
    quoted_as: list[str] = []         # "X was quoted by Reuters as saying that": skipped before the content
    addressing: list[str] = []        # cue forms whose object is the addressee ("told Reuters")
    adding: list[str] = []            # ", adding that …": a second claim of the clause's speaker


class Dates(_Model):
    """Names and patterns of date phrases (see `claimtrack.dates`)."""

    dateparser: str | None = None     # dateparser's language code
    months: list[str] = []            # as written after a day ("3 November", "3 листопада")
    month_abbr: list[str] = []        # "Nov." (then a dot may follow the month)
    months_in: list[str] = []         # month alone with a preposition, month precision ("у листопаді")
    month_prefixes: list[str] = []    # the prepositions of a month alone ("in", "у")
    month_year: bool = False          # "November 2025" is a month-precision date
    weekdays: list[str] = []          # Monday first, in the form used after the weekday prepositions
    weekday_on: list[str] = []        # "on Monday, 3 November": optional before a day's weekday
    weekday_prefixes: list[str] = []  # "on/last/this Monday" alone is a date
    orders: list[Literal["md", "dm"]] = ["dm"]
    numeric_order: Literal["dmy", "mdy"] | None = None  # "05/03/2025"; None: the language has no one order
    ordinals: list[str] = []          # "3rd"
    joiners: list[str] = []           # between day, month and year ("3 de noviembre de 2025")
    year_comma: bool = False          # "November 3, 2025"
    year_words: list[str] = []        # after the year ("2025 року")
    relative: dict[str, tuple[Literal["day", "week", "month", "year"], int]] = {}
    future: list[str] = []            # before a date, it is a plan, not the article's date
    future_links: list[str] = []      # "scheduled *for* …"

    @field_validator("months", "weekdays")
    @classmethod
    def _complete(cls, v: list[str], info) -> list[str]:
        n, first = (12, "January") if info.field_name == "months" else (7, "Monday")
        if v and len(v) != n:
            raise ValueError(f"{len(v)} {info.field_name} ({n}, {first} first)")
        return v


class Quantities(_Model):
    qualifiers: dict[str, Literal["at_least", "at_most", "about", "over", "under", "between"]] = {}
    scales: dict[str, float] = {}     # "million": 1e6; "мільйон*" any ending, "тис." a dot may follow
    numbers: dict[str, float] = {}    # cardinals as words, every inflected form: "five", "п'яти": 5
    ranges: dict[str, tuple[float, float]] = {}  # "hundreds of": (200, 999), a count given as a range

    @field_validator("ranges")
    @classmethod
    def _ordered(cls, v: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
        bad = [k for k, (lo, hi) in v.items() if lo > hi]
        if bad:
            raise ValueError(f"a range's low end is above its high end: {', '.join(bad)}")
        return v


class Detection(_Model):
    words: list[str] = []             # frequent short words of the language
    letters: str = ""                 # letters only this language of its script has


class LanguageData(_Model):
    version: Version
    code: str = Field(pattern=r"^[a-z]{2,3}$")
    name: str
    names: list[str] = []             # how metadata may name it ("ukrainian", "ua", "українська")
    script: Literal["latin", "cyrillic", "greek", "arabic", "hebrew", "other"] = "latin"
    capitals: str = ""                # capital letters beyond A-Z that can start a sentence
    letters: str = ""                 # lower-case letters beyond a-z
    morphology: Literal["pymorphy3"] | None = None
    abbreviations: list[str] = []     # a dot after these does not end a sentence
    credit_lines: list[str] = []      # "Source:", "Read more at": the outlet follows
    words: Words = Words()
    dates: Dates = Dates()
    quantities: Quantities = Quantities()
    detection: Detection = Detection()
    transliteration: dict[str, str] = {}  # letter -> Latin letters (a documented scheme)
    letter_folds: dict[str, str] = {}     # letters written interchangeably ("ё" as "е")


class WordSets:
    """`Words` as frozensets, by attribute: `lang.words.complementizers`."""

    def __init__(self, words: Words):
        for name in Words.model_fields:
            value = getattr(words, name)
            setattr(self, name, frozenset(tuple(x) if isinstance(x, (list, tuple)) else x for x in value))


@dataclass(frozen=True, eq=False)
class Language:
    code: str
    data: LanguageData
    known: bool = True

    @property
    def name(self) -> str:
        return self.data.name

    @property
    def dates(self) -> Dates:
        return self.data.dates

    @property
    def morphology(self) -> str | None:
        return self.data.morphology

    @cached_property
    def words(self) -> WordSets:
        return WordSets(self.data.words)

    def __repr__(self) -> str:
        return f"Language({self.code!r}{'' if self.known else ', unknown'})"


def _folders():
    root = resources.files(__name__)
    return sorted((p for p in root.iterdir() if p.is_dir() and (p / LANGUAGE_FILE).is_file()),
                  key=lambda p: p.name)


def _read(folder) -> LanguageData:
    where = f"languages/{folder.name}/{LANGUAGE_FILE}"
    try:
        data = LanguageData.model_validate(json.loads((folder / LANGUAGE_FILE).read_text(encoding="utf-8")))
    except json.JSONDecodeError as e:
        raise LanguageDataError(f"{where}:{e.lineno}: not valid JSON: {e.msg}") from None
    except ValidationError as e:
        first = e.errors()[0]
        raise LanguageDataError(f"{where}: {'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    if data.code != folder.name:
        raise LanguageDataError(f"{where}: code {data.code!r} is not the folder's name")
    return data


@lru_cache(maxsize=1)
def _registry() -> dict[str, Language]:
    return {f.name: Language(f.name, _read(f)) for f in _folders()}


def codes() -> tuple[str, ...]:
    """The languages the registry has, in a fixed order."""
    return tuple(_registry())


def languages() -> tuple[Language, ...]:
    return tuple(_registry().values())


@lru_cache(maxsize=64)
def language(code: str) -> Language:
    """The registry's language for `code`, or the language-neutral one (`known` is False).
    'und' (undetermined: too short to tell) is read as the registry's default language."""
    reg = _registry()
    if code in ("und", ""):
        code = _registry_file()["default"]
    if code in reg:
        return reg[code]
    return Language(code or "und", LanguageData(version=1, code="und", name=f"unsupported ({code or '?'})"),
                    known=False)


def folder_of(code: str):
    """The packaged folder of a registered language (its lexicon parts live there)."""
    return resources.files(__name__) / code


@lru_cache(maxsize=1)
def names() -> dict[str, str]:
    """Every name metadata may give a language (code, English name, own names) -> code."""
    out: dict[str, str] = {}
    for lg in languages():
        for n in (lg.code, lg.name, *lg.data.names):
            out.setdefault(n.lower(), lg.code)
    return out


@lru_cache(maxsize=1)
def detection_words() -> dict[str, frozenset[str]]:
    """Frequent words per language, for detection: the registry's languages and a few others."""
    out = {lg.code: frozenset(lg.data.detection.words) for lg in languages() if lg.data.detection.words}
    for code, words in _registry_file()["detect_only"].items():
        out.setdefault(code, frozenset(words))
    return out


@lru_cache(maxsize=1)
def _registry_file() -> dict:
    return json.loads((resources.files(__name__) / REGISTRY_FILE).read_text(encoding="utf-8"))


@lru_cache(maxsize=64)
def union(word_class: str) -> frozenset[str]:
    """One word class over every language (for work that does not know the text's language)."""
    out: set = set()
    for lg in languages():
        out |= getattr(lg.words, word_class)
    return frozenset(out)


@lru_cache(maxsize=1)
def capitals() -> str:
    """A regular-expression class body of every capital letter a sentence may start with."""
    extra = "".join(sorted({c for lg in languages() for c in lg.data.capitals}))
    return "A-Z" + re.escape(extra).replace("\\-", "-") if extra else "A-Z"


@lru_cache(maxsize=1)
def letters() -> str:
    """A regular-expression class body of every letter of the registry's alphabets."""
    extra = "".join(sorted({c for lg in languages() for c in lg.data.letters + lg.data.capitals}))
    return "A-Za-z" + re.escape(extra)


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    return frozenset(a for lg in languages() for a in lg.data.abbreviations)


@lru_cache(maxsize=1)
def credit_lines() -> tuple[str, ...]:
    return tuple(sorted({c for lg in languages() for c in lg.data.credit_lines}, key=lambda s: (-len(s), s)))


@lru_cache(maxsize=1)
def letter_folds() -> dict[int, str]:
    return str.maketrans({k: v for lg in languages() for k, v in lg.data.letter_folds.items()})


@lru_cache(maxsize=1)
def quantity_words() -> Quantities:
    """Quantity qualifiers and scale words of every language (numbers are read script-blind)."""
    q: dict[str, str] = {}
    s: dict[str, float] = {}
    n: dict[str, float] = {}
    r: dict[str, tuple[float, float]] = {}
    for lg in languages():
        q.update(lg.data.quantities.qualifiers)
        s.update(lg.data.quantities.scales)
        n.update(lg.data.quantities.numbers)
        r.update(lg.data.quantities.ranges)
    return Quantities(qualifiers=q, scales=s, numbers=n, ranges=r)


def morphology_languages(script: str) -> tuple[Language, ...]:
    """Languages of `script` that have a morphological analyser, registry order."""
    return tuple(lg for lg in languages() if lg.morphology and lg.data.script == script)


def transliterating(word: str) -> Language | None:
    """The language whose transliteration scheme to use for `word` (lower case): the one whose own
    letters it has, else the registry's fallback for the word's letters."""
    candidates = [lg for lg in languages() if lg.data.transliteration]
    for lg in candidates:
        if lg.data.detection.letters and any(c in word for c in lg.data.detection.letters.lower()):
            return lg
    usable = [lg for lg in candidates if any(c in lg.data.transliteration for c in word)]
    fallback = script_fallback(usable[0].data.script) if usable else None
    return fallback if fallback in usable else (usable[0] if usable else None)


def script_fallback(script: str) -> Language | None:
    """The language to read a word of `script` with when the text's own language has no rules for
    that script (a Cyrillic name in an English article)."""
    code = _registry_file()["script_fallback"].get(script)
    return _registry().get(code) if code else None


def reads_other_scripts(lang: str) -> bool:
    """Whether text in this language quotes names in other scripts as written (a Cyrillic-script
    article writes "NATO", an English one does not write "НАТО"): which lexicon aliases to use."""
    return language(lang).data.script != "latin"


def morphology_for(lang: str, script: str) -> tuple[str, ...]:
    """The morphological analysers (by language code) to read a word of `script` with in a text
    of language `lang`: its own if it has one for that script, else every one of that script."""
    lg = language(lang)
    if lg.morphology and lg.data.script == script:
        return (lg.code,)
    return tuple(m.code for m in morphology_languages(script))
