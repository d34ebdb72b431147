"""Load and validate the lexicon data files (actors, weapons, cues, triggers, markers, speakers).

The packaged files live in `claimtrack/lexicons/` (what is common to every language: actors and
weapons with aliases in every script, frame priorities) and in each language's folder
`claimtrack/languages/<code>/` (that language's cues, markers, speaker words and triggers, in the
shape of the built-in files, keyed by the language's code; its actors.json and weapons.json add
names, adjectives and role phrases in that language to entries of the same canonical name). A
language file may only hold its own language. Users extend them with a folder of files of
the same names (`--lexicon DIR` or `CLAIMTRACK_LEXICONS`, several folders separated by the path
separator). A user file extends the built-in one at every depth: actors and weapons are added
(an entry with an existing canonical name replaces it), objects are merged key by key, lists
become the union of both (built-in items first). A user file's `remove` section has the shape
of the file and lists what to take out: canonical names for actors and weapons, list items
(strings, or whole objects) elsewhere.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import languages
from .languages import SUPPORTED_VERSIONS, Version
from .models import CueType

LEXICON_FILES = ("actors", "weapons", "cues", "triggers", "markers", "speakers")
# A form's brace groups multiply ('{a,b}' 22 times is four million forms): past this many
# variants a form is an error rather than a memory exhaustion.
MAX_FORM_VARIANTS = 256


class LexiconError(Exception):
    """A lexicon file is missing, is not JSON or does not validate."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _File(_Model):
    version: Version


class Role(_Model):
    phrases: list[str]
    from_: str | None = Field(default=None, alias="from")
    to: str | None = None

    @field_validator("from_", "to")
    @classmethod
    def _iso_date(cls, v: str | None) -> str | None:
        if v is not None:
            import datetime as dt

            dt.date.fromisoformat(v)  # raises ValueError -> a validation error naming the field
        return v


class Actor(_Model):
    canonical: str
    kind: Literal["person", "organisation", "government", "media", "country", "group"]
    affiliation: str | None = None
    aliases: list[str] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    adjectives: list[str] = Field(default_factory=list)
    date_order: Literal["dmy", "mdy"] | None = None  # how a country (or an outlet) writes "05/03/2025"

    @field_validator("aliases")
    @classmethod
    def _non_empty(cls, v: list[str]) -> list[str]:
        return [a for a in (s.strip() for s in v) if a]


class Weapon(_Model):
    canonical: str
    category: str
    origin: str | None = None
    aliases: list[str] = Field(default_factory=list)


class ActorsFile(_File):
    actors: list[Actor]


class WeaponsFile(_File):
    weapons: list[Weapon]
    not_designators: list[str] = Field(default_factory=list)    # "B-2" is not a weapon unless "-<2 digits>"
    never_designators: list[str] = Field(default_factory=list)  # "COVID-19" never is


class Cue(_Model):
    forms: list[str]
    type: CueType

    @field_validator("type")
    @classmethod
    def _a_cue_not_an_event(cls, v: CueType) -> CueType:
        if v is CueType.EVENT:
            raise ValueError("'event' is not a cue type (event triggers belong in frames.json)")
        return v


class CuesFile(_File):
    cues: dict[str, list[Cue]]
    negated_cue: dict[str, Any] = Field(default_factory=dict)
    question_context: dict[str, Any] = Field(default_factory=dict)
    clause_negators: dict[str, Any] = Field(default_factory=dict)
    nothing_said: dict[str, Any] = Field(default_factory=dict)
    no_comment: dict[str, list[str]] = Field(default_factory=dict)


class TriggersFile(_File):
    frames: dict[str, dict[str, list[str | dict[str, str]]]]
    priority: list[str]
    military: dict[str, Any]
    troops: dict[str, Any]
    help: dict[str, Any] = Field(default_factory=dict)


class MarkersFile(_File):
    negation: dict[str, list[str]]
    answer_no: dict[str, list[str]]
    cancel: dict[str, list[str]]
    hedged: dict[str, list[str]]
    possible: dict[str, list[str]]
    doubted: dict[str, list[str]]
    weakness: dict[str, Any] = Field(default_factory=dict)


class SpeakersFile(_File):
    groups: dict[str, list[dict[str, Any]]]
    media: dict[str, list[str]]
    org_refs: dict[str, Any] = Field(default_factory=dict)
    pronouns: dict[str, dict[str, list[str]]]
    titles: dict[str, list[str]]
    former: dict[str, list[str]]
    org_words: dict[str, list[str]]
    skip: dict[str, list[str]]


_MODELS: dict[str, type[_Model]] = {
    "actors": ActorsFile,
    "weapons": WeaponsFile,
    "cues": CuesFile,
    "triggers": TriggersFile,
    "markers": MarkersFile,
    "speakers": SpeakersFile,
}

_BRACES = re.compile(r"\{([^{}]*)\}")


def count_variants(form: str) -> int:
    n = 1
    for m in _BRACES.finditer(form):
        n *= len(m.group(1).split(","))
    return n


def expand_forms(form: str) -> list[str]:
    """'report{s,ed}' -> ['reports', 'reported']; several brace groups multiply."""
    if count_variants(form) > MAX_FORM_VARIANTS:
        raise LexiconError(f"form {form[:60]!r} expands to {count_variants(form)} variants "
                           f"(at most {MAX_FORM_VARIANTS})")
    m = _BRACES.search(form)
    if not m:
        return [form]
    out: list[str] = []
    for alt in m.group(1).split(","):
        out.extend(expand_forms(form[: m.start()] + alt + form[m.end():]))
    return out


class Lexicon:
    """All lexicon files, validated, plus a fingerprint used to invalidate cached extractions."""

    def __init__(self, files: dict[str, Any], fingerprint: str):
        self.actors: ActorsFile = files["actors"]
        self.weapons: WeaponsFile = files["weapons"]
        self.cues: CuesFile = files["cues"]
        self.triggers: TriggersFile = files["triggers"]
        self.markers: MarkersFile = files["markers"]
        self.speakers: SpeakersFile = files["speakers"]
        self.fingerprint = fingerprint
        self.actor_by_name = {a.canonical: a for a in self.actors.actors}


def _read_json(path: str, text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise LexiconError(f"{path}:{e.lineno}: not valid JSON: {e.msg}") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: a lexicon file is a JSON object with a 'version' and its entries")
    return data


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise LexiconError(f"{path}: cannot read: {getattr(e, 'strerror', None) or e}") from None


def _union(base: list[Any], extra: list[Any]) -> list[Any]:
    return base + [x for x in extra if x not in base]


def _merge_value(base: Any, extra: Any) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = _merge_value(merged[key], value) if key in merged else value
        return merged
    if isinstance(base, list) and isinstance(extra, list):
        return _union(base, extra)
    return extra


def _remove_value(base: Any, removal: Any) -> Any:
    if isinstance(base, dict) and isinstance(removal, dict):
        return {k: _remove_value(v, removal[k]) if k in removal else v for k, v in base.items()}
    if isinstance(base, list) and isinstance(removal, list):
        return [x for x in base if x not in removal]
    return base


def _merge(base: dict[str, Any], extra: dict[str, Any], name: str, extend: bool = False) -> dict[str, Any]:
    """`extra` over `base`. An actor or weapon with a known canonical name replaces the known one,
    or with `extend` (a language folder adding its names) adds to its lists."""
    removal = extra.get("remove", {})
    entries = {k: v for k, v in extra.items() if k not in ("version", "about", "remove")}
    if name in ("actors", "weapons"):
        by_name = {e["canonical"]: e for e in base.get(name, [])}
        for canonical in removal.get(name, []):
            by_name.pop(canonical, None)
        for e in entries.get(name, []):
            known = by_name.get(e["canonical"])
            by_name[e["canonical"]] = _merge_value(known, e) if extend and known else e
        rest = {k: v for k, v in entries.items() if k != name}
        merged = _remove_value(_merge_value(base, rest), {k: v for k, v in removal.items() if k != name})
        return {**merged, name: list(by_name.values())}
    return _remove_value(_merge_value(base, entries), removal)


def _check_forms(data: Any, where: str) -> None:
    """Every string with brace groups must stay within MAX_FORM_VARIANTS (named on failure)."""
    if isinstance(data, dict):
        for k, v in data.items():
            _check_forms(v, f"{where}.{k}")
    elif isinstance(data, list):
        for i, v in enumerate(data):
            _check_forms(v, f"{where}[{i}]")
    elif isinstance(data, str) and "{" in data and count_variants(data) > MAX_FORM_VARIANTS:
        raise LexiconError(f"{where}: form {data[:60]!r} expands to {count_variants(data)} "
                           f"variants (at most {MAX_FORM_VARIANTS})")


def _check_own_language(data: Any, code: str, where: str) -> None:
    """A language folder's lexicon part names no other registered language."""
    others = set(languages.codes()) - {code}
    if isinstance(data, dict):
        wrong = sorted(others & set(data))
        if wrong:
            raise LexiconError(f"{where}: holds entries of {', '.join(wrong)} (a language's folder holds its own)")
        for v in data.values():
            _check_own_language(v, code, where)
    elif isinstance(data, list):
        for v in data:
            _check_own_language(v, code, where)


def _check_folder(folder: Path) -> None:
    known = {f"{n}.json" for n in LEXICON_FILES}
    unknown = sorted(p.name for p in folder.glob("*.json") if p.name not in known)
    if unknown:
        raise LexiconError(f"{folder}: unknown lexicon file{'s' if len(unknown) > 1 else ''} "
                           f"{', '.join(unknown)} (expected {', '.join(sorted(known))})")


def user_lexicon_dirs(extra: tuple[str, ...] | list[str] = ()) -> tuple[str, ...]:
    env = os.environ.get("CLAIMTRACK_LEXICONS", "")
    dirs = [d for d in env.split(os.pathsep) if d] + list(extra)
    return tuple(dirs)


@lru_cache(maxsize=8)
def load_lexicon(extra_dirs: tuple[str, ...] = ()) -> Lexicon:
    """Load the packaged lexicons, extended by the files found in `extra_dirs`."""
    raw: dict[str, dict[str, Any]] = {}
    digest = hashlib.sha256()
    pkg = resources.files("claimtrack") / "lexicons"
    for name in LEXICON_FILES:
        text = (pkg / f"{name}.json").read_text(encoding="utf-8")
        digest.update(text.encode())
        raw[name] = _read_json(f"lexicons/{name}.json", text)
    for code in languages.codes():
        for name in LEXICON_FILES:
            part = languages.folder_of(code) / f"{name}.json"
            if not part.is_file():
                continue
            where = f"languages/{code}/{name}.json"
            text = part.read_text(encoding="utf-8")
            digest.update(text.encode())
            data = _read_json(where, text)
            _check_own_language(data, code, where)
            raw[name] = _merge(raw[name], data, name, extend=True)
    for d in extra_dirs:
        folder = Path(d)
        if not folder.is_dir():
            raise LexiconError(f"{d}: lexicon folder not found")
        _check_folder(folder)
        for name in LEXICON_FILES:
            p = folder / f"{name}.json"
            if p.is_file():
                text = _read_text(p)
                digest.update(text.encode())
                data = _read_json(str(p), text)
                if data.get("version") not in SUPPORTED_VERSIONS:
                    raise LexiconError(f"{p}: version: {data.get('version')!r} is not a version this "
                                       f"claimtrack reads ({', '.join(map(str, SUPPORTED_VERSIONS))})")
                _check_forms(data, str(p))
                try:
                    raw[name] = _merge(raw[name], data, name)
                except (AttributeError, TypeError, KeyError):
                    raise LexiconError(f"{p}: entries are not of the form of the built-in {name}.json") from None
    files: dict[str, Any] = {}
    for name, data in raw.items():
        try:
            files[name] = _MODELS[name].model_validate(data)
        except ValidationError as e:
            first = e.errors()[0]
            loc = ".".join(str(x) for x in first["loc"])
            where = ", ".join(str(Path(d) / f"{name}.json") for d in extra_dirs if (Path(d) / f"{name}.json").is_file())
            raise LexiconError(f"{name}.json{' (with ' + where + ')' if where else ''}: {loc}: {first['msg']}") from None
    return Lexicon(files, digest.hexdigest()[:16])
