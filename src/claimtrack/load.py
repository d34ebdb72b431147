"""Load stage: files (or stdin) -> `Document`s, with every input problem reported as a `Problem`.

Text is decoded (UTF-8 with or without BOM, UTF-16 with BOM, UTF-8 whose few invalid bytes
are replaced with a warning, otherwise detected: cp1251, koi8-r...), line ends are made `\\n` and Unicode NFC, so that offsets mean the same on every
machine. Metadata comes from front matter or JSON fields, else from the text itself.
"""
from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import os
import stat
import re
import string
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import orjson
from charset_normalizer import from_bytes

from . import dates, languages
from .models import Document, Problem

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
MAX_DOC_CHARS = 2_000_000  # larger articles are cut here, with a warning
META_KEYS = ("title", "outlet", "published", "language", "url", "id")


class InputError(Exception):
    """A whole input cannot be used (it is reported, and the rest goes on)."""


@dataclass
class LoadReport:
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    documents: int = 0

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.skipped]

    announce: Callable[[Problem], None] | None = field(default=None, repr=False, compare=False)
    announced: set[int] = field(default_factory=set, repr=False, compare=False)  # id()s of problems told at once

    def add(self, path: str, message: str, line: int | None = None, skipped: bool = True,
            at_once: bool = False) -> None:
        """A problem, kept for the run's report; one that changes the work about to start (a cut
        document) is also told at once to `announce`, and not again in the report."""
        p = Problem(path=path, line=line, message=message, skipped=skipped)
        self.problems.append(p)
        if at_once and self.announce is not None:
            self.announce(p)
            self.announced.add(id(p))

    def unannounced(self) -> list[Problem]:
        return [p for p in self.problems if id(p) not in self.announced]


# ---------------------------------------------------------------- decoding and normalising

class Decoded(NamedTuple):
    text: str
    encoding: str
    invalid: int = 0  # invalid UTF-8 sequences replaced by U+FFFD
    first_invalid: int | None = None  # byte offset of the first one, in the file as given


# A file is read as UTF-8 with its bad bytes replaced when at most this share of its non-ASCII
# characters are invalid sequences; above it, the file is taken to be in a legacy code page.
# (In cp1251, koi8-u or Latin-1 text almost every non-ASCII byte is invalid UTF-8; in UTF-8
# text with a few stray bytes almost none is.)
MAX_INVALID_UTF8_SHARE = 0.1


def decode_bytes(data: bytes) -> Decoded:
    """Bytes -> text. UTF-8 (with or without BOM), UTF-16 with BOM, UTF-8 with a few invalid
    bytes (replaced, counted), else a detected legacy code page. Raises InputError for binary data."""
    if data.startswith(b"\xef\xbb\xbf"):
        decoded = _decode_utf8(data[3:], 3)
        if decoded is not None:
            return decoded._replace(encoding="utf-8-sig")
        data = data[3:]  # a BOM on text that is not UTF-8 after all: detect below
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            raise InputError("invalid UTF-16 text") from None
    if b"\x00" in data[:4096]:
        raise InputError("not a text file (binary content)")
    decoded = _decode_utf8(data, 0)
    if decoded is not None:
        return decoded
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise InputError("not a text file (encoding could not be determined)")
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(f"could not decode as {best.encoding}") from None
    return Decoded(text, best.encoding)


def _decode_utf8(data: bytes, skipped: int) -> Decoded | None:
    """UTF-8, or UTF-8 with a few invalid sequences replaced; None when the file is mostly not
    UTF-8. `skipped`: bytes before `data` in the file (a BOM), for the reported offset."""
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as e:
        first = e.start + skipped
    text = data.decode("utf-8", "replace")
    already = data.count("\ufffd".encode())
    invalid = text.count("\ufffd") - already
    valid_non_ascii = len(text) - len(text.encode("ascii", "ignore")) - invalid - already
    if valid_non_ascii == 0 or invalid > valid_non_ascii * MAX_INVALID_UTF8_SHARE:
        return None
    return Decoded(text, "utf-8", invalid, first)


def normalise_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


_CR = re.compile(r"\r\n?")


class OffsetMap:
    """Offsets into the normalised text (what extraction reads: `\n` line ends, NFC) -> offsets
    into the text as given, so that a claim's evidence slices the user's own text. Built from
    the points where the difference between the two changes; None from `between` if the texts
    do not align (normalisation that is not local, which news text does not have)."""

    def __init__(self, points: list[tuple[int, int]]):
        self._norm = [n for n, _ in points]
        self._orig = [o for _, o in points]

    def __call__(self, n: int) -> int:
        k = bisect.bisect_right(self._norm, n) - 1
        return n if k < 0 else self._orig[k] + (n - self._norm[k])

    @classmethod
    def between(cls, original: str, normalised: str) -> OffsetMap | None:
        if unicodedata.is_normalized("NFC", original):  # only line ends changed: fast
            points, removed = [], 0
            for m in _CR.finditer(original):
                removed += len(m.group()) - 1
                if removed:
                    points.append((m.end() - removed, m.end()))
            return cls(points)
        return cls._aligned(original, normalised)

    @classmethod
    def _aligned(cls, orig: str, norm: str) -> OffsetMap | None:
        points: list[tuple[int, int]] = []
        i = j = delta = 0
        n = len(orig)
        while i < n:
            c = orig[i]
            if c == "\r":
                i += 2 if orig.startswith("\r\n", i) else 1
                j += 1
            elif j < len(norm) and c == norm[j] and not (i + 1 < n and unicodedata.combining(orig[i + 1])):
                i += 1
                j += 1
            else:  # a starter and its combining marks compose to what NFC gives
                k = i + 1
                while k < n and unicodedata.combining(orig[k]):
                    k += 1
                seg = unicodedata.normalize("NFC", orig[i:k])
                if not norm.startswith(seg, j):
                    return None
                i, j = k, j + len(seg)
            if i - j != delta:
                delta = i - j
                points.append((j, i))
        return cls(points) if j == len(norm) else None


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")


def looks_binary(text: str) -> bool:
    if not text:
        return False
    sample = text[:4096]
    return len(_CONTROL.findall(sample)) > len(sample) * 0.05


# ---------------------------------------------------------------- language

_WORD = re.compile(r"[^\W\d_]+")
# letters are counted in the UTF-8 bytes (C speed): a byte value of an ASCII letter never occurs
# inside another character; a non-Latin script is told by its letters' lead bytes
_ASCII_LETTERS = string.ascii_letters.encode()


@lru_cache(maxsize=1)
def _detection() -> tuple[dict[str, list[str]], dict[str, dict[str, tuple[bytes, ...]]], dict[str, tuple[bytes, ...]],
                         tuple[str, ...]]:
    """(languages by frequent word, distinctive letters by script and language, lead bytes by
    non-Latin script, the Latin-script languages detection knows), from the language registry."""
    by_word: dict[str, list[str]] = {}
    for code, words in languages.detection_words().items():
        for w in words:
            by_word.setdefault(w, []).append(code)
    letters: dict[str, dict[str, tuple[bytes, ...]]] = {}
    leads: dict[str, set[bytes]] = {}
    for lg in languages.languages():
        if lg.data.script == "latin":
            continue
        letters.setdefault(lg.data.script, {})[lg.code] = tuple(c.encode() for c in lg.data.detection.letters)
        leads.setdefault(lg.data.script, set()).update(c.encode()[:1] for c in lg.data.letters + lg.data.capitals
                                                       if len(c.encode()) > 1)
    non_latin = {lg.code for lg in languages.languages() if lg.data.script != "latin"}
    latin = tuple(sorted({c for cs in by_word.values() for c in cs} - non_latin))
    return by_word, letters, {k: tuple(sorted(v)) for k, v in leads.items()}, latin


def _count(data: bytes, parts: tuple[bytes, ...]) -> int:
    return sum(data.count(p) for p in parts)


@lru_cache(maxsize=8)  # asked for by language_of more than once per document
def detect_language(text: str) -> str:
    """A registered language's code, another ISO code for a few Latin-script languages, or 'und'."""
    sample = text[:6000]
    data = sample.encode("utf-8", "surrogatepass")
    by_word, letters, leads, latin = _detection()
    lat = len(data) - len(data.translate(None, _ASCII_LETTERS))
    script, other = max(((sc, _count(data, lb)) for sc, lb in sorted(leads.items())), key=lambda kv: kv[1],
                        default=("latin", 0))
    if other == 0 and lat == 0:
        return "und"
    words = _WORD.findall(sample.lower())
    if other > lat:
        scores = {code: _count(data, ls) for code, ls in letters[script].items()}
        for w in words:
            for code in by_word.get(w, ()):
                if code in scores:
                    scores[code] += 2
        code, best = max(scores.items(), key=lambda kv: kv[1])
        return code if best else "und"
    scores = dict.fromkeys(latin, 0)
    for w in words:
        for code in by_word.get(w, ()):
            if code in scores:
                scores[code] += 1
    code, best = max(sorted(scores.items()), key=lambda kv: kv[1])
    return code if best >= 2 or (best and len(words) < 20) else "und"


# ---------------------------------------------------------------- metadata from text

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_META_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_CREDIT = re.compile(
    r"^(?:" + "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in languages.credit_lines()) + r")"
    r"\s*:?\s+(?P<outlet>[^\n]{2,60}?)\s*$", re.I | re.M)
_TITLE_SUFFIX = re.compile(rf"\s+[-–—|]\s+(?P<outlet>[{languages.capitals()}][\w.&' ]{{1,40}})\s*$")


def split_front_matter(raw: str) -> tuple[dict[str, str], str, list[str]]:
    """(metadata, body, bad lines) for a text with an optional `---` front-matter block."""
    m = _FRONT.match(raw)
    if not m:
        return {}, raw, []
    meta: dict[str, str] = {}
    bad: list[str] = []
    for line in m.group(1).split("\n"):
        if not line.strip():
            continue
        lm = _META_LINE.match(line)
        if lm:
            meta[lm.group(1).lower()] = lm.group(2).strip().strip('"').strip("'")
        else:
            bad.append(line)
    return meta, raw[m.end():], bad


def guess_title(text: str) -> str | None:
    for line in text.split("\n")[:8]:
        s = line.strip()
        if not s:
            continue
        words = s.split()
        if 3 <= len(words) <= 25 and not s.endswith((".", ":", ",")):
            return s
    return None


def guess_outlet(text: str, title: str | None, media_names: dict[str, str]) -> str | None:
    """Outlet from a credit line ('Read at The Atlantic') or a '- Bloomberg' title suffix."""
    for m in _CREDIT.finditer(text[-3000:]):
        name = m.group("outlet").strip().rstrip(".")
        return media_names.get(name.lower().removeprefix("the "), name)
    if title:
        m = _TITLE_SUFFIX.search(title)
        if m:
            name = m.group("outlet").strip()
            known = media_names.get(name.lower().removeprefix("the "))
            if known:
                return known
    return None


def parse_date_value(value: str) -> dt.date | None:
    value = value.strip()
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    from dateparser import parse as dp_parse  # slow import path, only for free-form metadata dates

    got = dp_parse(value, settings={"RELATIVE_BASE": dt.datetime(2000, 1, 1), "STRICT_PARSING": True})
    return got.date() if got else None


# ---------------------------------------------------------------- building documents

@dataclass
class RawDoc:
    """A document before corpus-level inference (published date from the corpus year)."""

    id: str
    path: str
    text: str
    meta: dict[str, Any]
    line: int | None = None
    original: str | None = None  # the text as given, when normalising changed it


def _meta_value(v: Any) -> str | None:
    """A metadata field as text: a list of strings is joined ('Reuters, AP'); anything else that is
    not a string, a number or null (an object, a nested list) has no text form: ValueError."""
    if v is None:
        return None
    if isinstance(v, list) and all(isinstance(x, str | int | float) and not isinstance(x, bool) for x in v):
        return ", ".join(str(x).strip() for x in v)
    if isinstance(v, str | int | float) and not isinstance(v, bool):
        return str(v).strip()
    raise ValueError(type(v).__name__)


_KIND_NAMES = {list: "list", dict: "object", bool: "boolean"}


def _special_kind(path: Path) -> str | None:
    """'a FIFO', 'a device', 'a socket' for what is neither a file nor a folder (links followed);
    None for a regular file, a folder or nothing at all."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return None


def holds_articles(path: str) -> bool:
    """Whether a .json/.jsonl file holds articles (records with a `text` field) rather than claim
    records (with `evidence`): `conflicts` and `diff` take either, as `extract` takes the first."""
    try:
        with open(path, "rb") as f:
            head = f.read(1 << 16)
            first = head.lstrip()[:1]
            if first == b"[" or (first == b"{" and path.endswith(".json")):
                data = orjson.loads(head + f.read())
                item = (data[0] if data else None) if isinstance(data, list) else data
            else:
                f.seek(0)
                line = b""
                while not line.strip():
                    line = f.readline()
                    if not line:
                        break
                item = orjson.loads(line) if line.strip() else None
    except (OSError, orjson.JSONDecodeError):
        return False  # the claim-set reader reports what is wrong with it
    return isinstance(item, dict) and "text" in item and "evidence" not in item


class Loader:
    """Walks inputs and yields RawDocs; problems go to `report`."""

    def __init__(self, report: LoadReport, max_chars: int = MAX_DOC_CHARS, store: str | None = None):
        self.report = report
        self.max_chars = max_chars
        self._stdin: bytes | None = None
        # the claim store (and SQLite's journal files beside it) inside a corpus folder is not input
        self.own_files = {os.path.realpath(store + sfx) for sfx in ("", "-wal", "-shm", "-journal")} \
            if store and store != ":memory:" else set()

    def stdin_bytes(self) -> bytes:
        """Standard input, read once (the corpus key and the document both need it)."""
        if self._stdin is None:
            self._stdin = sys.stdin.buffer.read()
        return self._stdin

    def stdin_id(self) -> str:
        """The id of the article on stdin: 'stdin-' and its content's hash, stable and distinct."""
        return "stdin-" + hashlib.sha256(self.stdin_bytes()).hexdigest()[:12]

    # files ------------------------------------------------------------
    def iter_files(self, inputs: list[str]) -> Iterator[tuple[Path, Path]]:
        """(file, root) pairs: folders walked recursively in sorted order, links followed once."""
        for inp in inputs:
            if inp == "-":
                yield Path("-"), Path(".")
                continue
            p = Path(inp)
            kind = _special_kind(p)
            if kind is not None:  # reading /dev/zero or a FIFO no one writes to would never end
                self.report.add(inp, f"not a regular file ({kind}): not read (use '-' to read a pipe)")
                continue
            if not p.exists():
                self.report.add(inp, "no such file or folder" if not p.is_symlink() else "broken symbolic link")
                continue
            if p.is_file():
                yield p, p.parent
                continue
            seen: set[str] = set()
            yield from self._walk(p, p, seen)

    def _walk(self, folder: Path, root: Path, seen: set[str]) -> Iterator[tuple[Path, Path]]:
        try:
            real = os.path.realpath(folder)
        except OSError as e:
            self.report.add(str(folder), f"cannot resolve: {e.strerror}")
            return
        if real in seen:
            self.report.add(str(folder), "symbolic-link loop (folder already visited)")
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as e:
            self.report.add(str(folder), f"cannot read folder: {e.strerror}")
            return
        for e in entries:
            if e.name.startswith("."):
                continue
            path = Path(e.path)
            if self.own_files and os.path.realpath(path) in self.own_files:
                continue
            try:
                if e.is_dir():
                    yield from self._walk(path, root, seen)
                elif e.is_file():
                    yield path, root
                elif (kind := _special_kind(path)) is not None:
                    self.report.add(str(path), f"not a regular file ({kind}): not read", skipped=False)
                elif e.is_symlink():
                    self.report.add(str(path), "broken symbolic link")
            except OSError as err:
                self.report.add(str(path), f"cannot read: {err.strerror}")

    # documents --------------------------------------------------------
    def iter_raw(self, inputs: list[str]) -> Iterator[RawDoc]:
        for path, root in self.iter_files(inputs):
            self.report.files += 1
            yield from self.read_file(path, root)

    def read_file(self, path: Path, root: Path) -> Iterator[RawDoc]:
        shown = str(path)
        if str(path) == "-":
            data = self.stdin_bytes()
            suffix = ".txt"
            rel = self.stdin_id()
        else:
            suffix = path.suffix.lower()
            if suffix not in TEXT_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES:
                # not an article format: a warning, not a skipped document (exit status unaffected)
                self.report.add(shown, f"not read: unsupported file type '{suffix or path.name}'", skipped=False)
                return
            try:
                data = path.read_bytes()
            except OSError as e:
                self.report.add(shown, f"cannot read: {e.strerror}")
                return
            rel = path.relative_to(root).as_posix() if path != root else path.name
        try:
            decoded = decode_bytes(data)
        except InputError as e:
            self.report.add(shown, str(e))
            return
        if decoded.invalid:
            self.report.add(shown, f"{decoded.invalid} invalid UTF-8 byte sequence(s) replaced by U+FFFD "
                                   f"(first at byte {decoded.first_invalid})", skipped=False)
        if suffix in JSONL_SUFFIXES:  # each record's text is normalised on its own, its original kept
            yield from self._jsonl(shown, rel, decoded.text)
        elif suffix in JSON_SUFFIXES:
            yield from self._json(shown, rel, decoded.text)
        else:
            doc = self._text_doc(shown, rel, normalise_text(decoded.text), decoded.text)
            if doc:
                yield doc

    def _text_doc(self, shown: str, rel: str, text: str, given: str | None = None) -> RawDoc | None:
        if looks_binary(text):
            self.report.add(shown, "not a text file (binary content)")
            return None
        meta, body, bad = split_front_matter(text)
        for line in bad:
            self.report.add(shown, f"front matter line ignored: {line[:60]!r}", skipped=False)
        original = None
        if given is not None and given != text:  # the body as given: after the front matter's end there
            omap = OffsetMap.between(given, text)
            original = given[omap(len(text) - len(body)):] if omap is not None else None
        return self._finish(shown, RawDoc(id=meta.get("id") or rel, path=rel, text=body, meta=self._meta(shown, meta, None),
                                          original=original))

    def _record(self, shown: str, rel: str, rec: Any, index: int, line: int | None) -> RawDoc | None:
        where = f"record {index}" if line is None else None
        if not isinstance(rec, dict):
            self.report.add(shown, f"{where or 'line'}: not a JSON object", line=line)
            return None
        text = rec.get("text")
        if not isinstance(text, str):
            self.report.add(shown, f"{where + ': ' if where else ''}record has no 'text' string", line=line)
            return None
        rid = rec.get("id")
        doc_id = normalise_text(str(rid)) if rid not in (None, "") else f"{rel}#{index}"
        norm = normalise_text(text)
        raw = RawDoc(id=doc_id, path=rel, text=norm, meta=self._meta(shown, rec, line), line=line,
                     original=text if norm != text else None)
        return self._finish(shown, raw)

    def _meta(self, shown: str, rec: dict[str, Any], line: int | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in rec.items():
            if k not in META_KEYS:
                continue
            try:
                value = _meta_value(v)
                out[k] = normalise_text(value) if isinstance(value, str) else value
            except ValueError:
                self.report.add(shown, f"field {k!r} is {'an' if isinstance(v, dict) else 'a'} "
                                f"{_KIND_NAMES.get(type(v), type(v).__name__)}, not text: ignored", line=line, skipped=False)
        return out

    def _jsonl(self, shown: str, rel: str, text: str) -> Iterator[RawDoc]:
        for n, line in enumerate(text.split("\n"), start=1):
            line = line.rstrip("\r")
            if not line.strip():
                continue
            try:
                rec = orjson.loads(line)
            except orjson.JSONDecodeError as e:
                self.report.add(shown, f"malformed JSON line: {str(e).split(':')[0]}", line=n)
                continue
            doc = self._record(shown, rel, rec, n, n)
            if doc:
                yield doc

    def _json(self, shown: str, rel: str, text: str) -> Iterator[RawDoc]:
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError as e:
            self.report.add(shown, f"malformed JSON: {e}")
            return
        records = data if isinstance(data, list) else [data]
        for i, rec in enumerate(records):
            doc = self._record(shown, rel, rec, i, None)
            if doc:
                yield doc

    def _finish(self, shown: str, raw: RawDoc) -> RawDoc | None:
        if not raw.text.strip():
            self.report.add(shown, "empty document", line=raw.line)
            return None
        if len(raw.text) > self.max_chars:
            self.report.add(shown, f"document longer than {self.max_chars} characters: only the first "
                            f"{self.max_chars} are extracted", line=raw.line, skipped=False, at_once=True)
            if raw.original is not None:
                omap = OffsetMap.between(raw.original, raw.text)
                raw.original = raw.original[: omap(self.max_chars)] if omap is not None else None
            raw.text = raw.text[: self.max_chars]
        lang = language_of(raw)
        if not languages.language(lang).known:
            self.report.add(shown, f"language {lang!r} has no folder in the language registry "
                            f"({', '.join(languages.codes())}): read with the language-neutral rules only "
                            f"(no reporting cues, so no claims)", line=raw.line, skipped=False)
        return raw


def content_hash(raw: RawDoc) -> str:
    h = hashlib.sha256()
    h.update(raw.text.encode("utf-8"))
    h.update(orjson.dumps(raw.meta, option=orjson.OPT_SORT_KEYS))
    return h.hexdigest()


def language_of(raw: RawDoc) -> str:
    """Metadata language (names such as 'ua', 'ukr-UA', 'Russian' understood), else detected."""
    given = (raw.meta.get("language") or "").strip().lower().replace("_", "-")
    known = languages.names()
    code = known.get(given) or known.get(given.split("-")[0]) or given.split("-")[0]
    if code in known.values():
        return code
    detected = detect_language(raw.text)
    # metadata naming a language the registry lacks, on text in one it has: trust the text
    return detected if detected in known.values() or not code else code


def self_dated(raw: RawDoc) -> dt.date | None:
    """The publication date the document fixes by itself (metadata or its own explicit dates)."""
    if raw.meta.get("published"):
        d = parse_date_value(raw.meta["published"])
        if d is not None:
            return d
    return dates.published_hint(raw.text, language_of(raw)).date


def build_document(raw: RawDoc, reference: dt.date | None, published_override: dt.date | None,
                   media_names: dict[str, str]) -> Document:
    """RawDoc -> Document: language, title, outlet, published date and how it was obtained."""
    lang = language_of(raw)
    title = raw.meta.get("title") or guess_title(raw.text)
    outlet = raw.meta.get("outlet") or guess_outlet(raw.text, title, media_names)
    basis = "unknown"
    published: dt.date | None = None
    if published_override is not None:
        published, basis = published_override, "option"
    elif raw.meta.get("published") and (d := parse_date_value(raw.meta["published"])):
        published, basis = d, "metadata"
    else:
        published = dates.infer_published(raw.text, lang, reference)
        basis = "inferred" if published else "unknown"
    return Document(
        id=raw.id, path=raw.path, title=title, outlet=outlet, language=lang,
        published=published.isoformat() if published else None, published_basis=basis,
        url=raw.meta.get("url"), text=raw.text, sha256=content_hash(raw), original=raw.original,
    )
