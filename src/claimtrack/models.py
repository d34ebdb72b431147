"""Pydantic models shared by every stage: documents, claims, conflicts, diffs.

The claim record is the project's public contract (JSONL files, the store, CI diffs), so field
names here are fixed; adding optional fields is allowed, renaming is not.
"""
from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SpeakerKind = Literal["person", "organisation", "government", "media", "country", "group", "unnamed", "unknown"]
Polarity = Literal["positive", "negative"]
Modality = Literal["asserted", "hedged", "possible", "doubted", "no_comment"]
Precision = Literal["day", "week", "month", "year"]
DateBasis = Literal["explicit", "relative", "published", "ambiguous", "unknown"]
PublishedBasis = Literal["metadata", "option", "inferred", "unknown"]


class CueType(StrEnum):
    """What a reporting cue says about its content (the `type` of a cue lexicon entry), plus EVENT:
    a sentence with an event trigger and no cue, reported by the article itself."""
    SAY = "say"
    REPORT = "report"
    BELIEVE = "believe"
    DENY = "deny"
    DOUBT = "doubt"
    POSSIBLE = "possible"
    CONFIRM = "confirm"
    WARN = "warn"
    CONDEMN = "condemn"
    ACCORDING = "according"   # "according to X, …", "citing X"
    POSTHOC = "posthoc"       # "X reported this." after the statement
    QUOTED = "quoted"         # "X was quoted as saying …"
    CALLED = "called"         # what X called "…"
    NO_COMMENT = "no_comment"  # "declined to comment (on …)": a claim that states nothing
    EVENT = "event"


class MentionSource(StrEnum):
    """How a mention was found; coreference and frames treat each differently."""
    ALIAS = "alias"           # an actor of the lexicon, by one of its aliases
    ROLE = "role"             # "the foreign minister" of a known country
    NAME = "name"             # a capitalised name not in the lexicon
    ADJECTIVE = "adjective"   # "Russian" standing for its country
    COUNTRY = "country"
    GROUP = "group"           # "officials", "two people familiar with the matter"
    PRONOUN = "pronoun"
    MEDIA_REF = "media_ref"   # "the newspaper"
    ORG_REF = "org_ref"       # "the company"
    ARTICLE = "article"       # the article's own voice (its outlet)


class Stance(StrEnum):
    """A claim's stance towards its proposition, for reconciliation."""
    POS = "pos"
    NEG = "neg"
    DOUBT = "doubt"
    POSSIBLE = "possible"

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocRef(_Strict):
    """The document fields every claim record carries."""

    id: str
    path: str
    title: str | None = None
    outlet: str | None = None
    language: str = "und"
    published: str | None = None


class Document(DocRef):
    """One article after loading; `text` is NFC-normalised and is what offsets refer to."""

    published_basis: PublishedBasis = "unknown"
    url: str | None = None
    text: str
    sha256: str
    original: str | None = Field(default=None, exclude=True,
                                 description="the text as given, when normalising changed it: offsets index it")


class Speaker(_Strict):
    name: str = Field(description="the speaker as written in the article")
    canonical: str = Field(description="canonical entity name, or the name as written if unknown")
    kind: SpeakerKind = "unknown"
    affiliation: str | None = Field(default=None, description="country the speaker belongs to")


class Frame(_Strict):
    type: str = "statement"
    agent: str | None = None
    target: str | None = None


class Quantity(_Strict):
    value: float
    value_max: float | None = None
    unit: str | None = None
    qualifier: str | None = Field(default=None, description="at_least, at_most, about, over, under or None")
    text: str


class SaidOn(_Strict):
    date: str | None = Field(default=None, description="ISO date; the first day of the period for week/month/year")
    precision: Precision | None = None
    text: str | None = Field(default=None, description="the date expression as written")
    basis: DateBasis = "unknown"


class Evidence(_Strict):
    start: int
    end: int
    text: str


class Claim(_Strict):
    """One attributed statement or one reported event."""

    id: str
    doc: DocRef
    speaker: Speaker
    via: list[str] = Field(default_factory=list, description="reporting chain, outermost first")
    cue: str | None = None
    content: str
    quote: bool = False
    polarity: Polarity = "positive"
    modality: Modality = "asserted"
    frame: Frame = Field(default_factory=Frame)
    weapons: list[str] = Field(default_factory=list)
    actors: list[str] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    said_on: SaidOn = Field(default_factory=SaidOn)
    evidence: Evidence


ConflictKind = Literal["contradiction", "disputed", "quantity", "superseded", "stance_change"]


class Conflict(_Strict):
    id: str
    kind: ConflictKind
    frame: str
    actors: list[str]
    score: float
    explanation: str
    a: Claim
    b: Claim


class CorroborationGroup(_Strict):
    id: str
    frame: str
    polarity: Polarity
    actors: list[str]
    origins: list[str] = Field(description="independent origins (innermost source of each claim)")
    documents: list[str]
    languages: list[str]
    claims: list[Claim]


class Problem(_Strict):
    """An input problem reported to the user instead of a traceback."""

    path: str
    line: int | None = None
    message: str
    skipped: bool = True

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"
