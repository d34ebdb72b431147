"""Load and validate the lexicon data files (actors, weapons, cues, triggers, markers, speakers).

The packaged files live in `claimtrack/lexicons/`. Users extend them with a folder of files of
the same names (`--lexicon DIR` or `CLAIMTRACK_LEXICONS`, several folders separated by the path
separator): actors and weapons are appended (an entry with an existing canonical name replaces
it), the per-language lists of the other files are extended.
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

LEXICON_FILES = ("actors", "weapons", "cues", "triggers", "markers", "speakers")


class LexiconError(Exception):
    """A lexicon file is missing, is not JSON or does not validate."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


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

    @field_validator("aliases")
    @classmethod
    def _non_empty(cls, v: list[str]) -> list[str]:
        return [a for a in (s.strip() for s in v) if a]


class Weapon(_Model):
    canonical: str
    category: str
    origin: str | None = None
    aliases: list[str] = Field(default_factory=list)


class ActorsFile(_Model):
    version: int
    actors: list[Actor]


class WeaponsFile(_Model):
    version: int
    weapons: list[Weapon]


class Cue(_Model):
    forms: list[str]
    type: Literal["say", "report", "believe", "deny", "doubt", "possible", "confirm", "warn",
                  "condemn", "according", "posthoc", "quoted", "called"]


class CuesFile(_Model):
    version: int
    cues: dict[str, list[Cue]]
    negated_cue: dict[str, Any] = Field(default_factory=dict)
    question_context: dict[str, Any] = Field(default_factory=dict)
    clause_negators: dict[str, Any] = Field(default_factory=dict)
    nothing_said: dict[str, Any] = Field(default_factory=dict)
    no_comment: dict[str, list[str]] = Field(default_factory=dict)


class TriggersFile(_Model):
    version: int
    frames: dict[str, dict[str, list[str | dict[str, str]]]]
    priority: list[str]
    military: dict[str, Any]
    troops: dict[str, Any]
    help: dict[str, Any] = Field(default_factory=dict)


class MarkersFile(_Model):
    version: int
    negation: dict[str, list[str]]
    answer_no: dict[str, list[str]]
    cancel: dict[str, list[str]]
    hedged: dict[str, list[str]]
    possible: dict[str, list[str]]
    doubted: dict[str, list[str]]
    weakness: dict[str, Any] = Field(default_factory=dict)


class SpeakersFile(_Model):
    version: int
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


def expand_forms(form: str) -> list[str]:
    """'заяв{ив,ила}' -> ['заявив', 'заявила']; several brace groups multiply."""
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


def _merge(base: dict[str, Any], extra: dict[str, Any], name: str) -> dict[str, Any]:
    if name in ("actors", "weapons"):
        key = name
        by_name = {e["canonical"]: e for e in base.get(key, [])}
        for e in extra.get(key, []):
            by_name[e.get("canonical")] = e
        return {**base, key: list(by_name.values())}
    merged = dict(base)
    for section, value in extra.items():
        if section in ("version", "about"):
            continue
        old = merged.get(section)
        if isinstance(old, dict) and isinstance(value, dict):
            new = dict(old)
            for lang, items in value.items():
                if isinstance(items, list) and isinstance(new.get(lang), list):
                    new[lang] = new[lang] + items
                else:
                    new[lang] = items
            merged[section] = new
        else:
            merged[section] = value
    return merged


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
    for d in extra_dirs:
        folder = Path(d)
        if not folder.is_dir():
            raise LexiconError(f"{d}: lexicon folder not found")
        for name in LEXICON_FILES:
            p = folder / f"{name}.json"
            if p.is_file():
                text = _read_text(p)
                digest.update(text.encode())
                try:
                    raw[name] = _merge(raw[name], _read_json(str(p), text), name)
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
