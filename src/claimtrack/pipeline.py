"""The library API: run load -> segment -> extract over a corpus, streaming into a claim store.

    from claimtrack.pipeline import extract_corpus
    result = extract_corpus(["seeds/"], store_path=":memory:")
    for claim in result.claims():
        ...

Documents are streamed: at no time is the corpus's text held in memory. A first pass collects
the dates each document fixes by itself (for the corpus reference date that resolves yearless
dates such as "On November 2"); the second extracts. Unchanged files (same size and mtime, same
settings) are not read again: their claims come from the store.
"""
from __future__ import annotations

import ctypes
import datetime as dt
import gc
import hashlib
import multiprocessing as mp
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from . import __version__
from .extract import extract_document
from .languages import codes
from .lexicon import Lexicon, load_lexicon, user_lexicon_dirs
from .load import MAX_DOC_CHARS, LoadReport, Loader, RawDoc, build_document, parse_date_value, self_dated
from .models import Problem
from .store import CachedFile, Store

ProgressFn = Callable[[int], None]  # documents done since the last call
WithinFn = Callable[[str, int, int], None]  # (document id, characters done, its length), window by window


@dataclass
class ExtractResult:
    store: Store
    corpus: str
    report: LoadReport
    documents: int = 0
    reused: int = 0
    claims_count: int = 0
    reference: dt.date | None = None
    total: int | None = None  # documents of the run, known after pass 1 (None: stdin among the inputs)

    files: list[str] | None = None  # the files of the run when it updated part of a stored folder

    def claims(self) -> Iterator[dict[str, Any]]:
        """Claim records sorted by document id, position and id (byte-identical across runs)."""
        return self.store.iter_claims(self.corpus, self.files)

    def claim_bytes(self) -> Iterator[bytes]:
        """The same records as stored JSON bytes (no parsing: for writing JSONL)."""
        return self.store.iter_claim_bytes(self.corpus, self.files)


def corpus_key(inputs: list[str], stdin_id: str = "-") -> str:
    """The store's name for a corpus: its inputs' real paths; stdin by its content's id, so two
    different articles piped in one after the other are two corpora, not one replacing the other."""
    parts = sorted(stdin_id if p == "-" else os.path.realpath(p) for p in inputs)
    return "\n".join(parts)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the package's source: a changed extractor must not reuse stored claims."""
    h = hashlib.sha256(__version__.encode())
    for p in sorted(Path(__file__).parent.rglob("*.py")):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _settings(lex: Lexicon, published: dt.date | None, reference: dt.date | None, max_chars: int) -> str:
    raw = f"{code_fingerprint()}|{lex.fingerprint}|{published}|{reference}|{max_chars}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


# ------------------------------------------------------------------ work items
# Tasks go to worker processes and results come back in corpus order (pickled, so plain tuples).

ClaimBody = tuple[bytes, str, str, str | None]  # (record JSON, claim id, speaker, said-on date)


class KeepFile(NamedTuple):
    """A file stored with the same size, mtime and settings: its claims are reused."""
    key: str


class EmptyFile(NamedTuple):
    """A file that gave no documents: its stored claims are cleared."""
    key: str


class DocTask(NamedTuple):
    """One document to extract in a worker."""
    key: str                     # the file's key in the store
    raw: RawDoc
    reference: dt.date | None    # the corpus's reference date (resolves yearless dates)
    published: dt.date | None    # --published, if given
    last: bool                   # the file's last document: the file can be recorded after it
    clean: bool                  # reading the file reported no problem
    shown: str                   # the file's path as the user gave it, for messages


class DocDone(NamedTuple):
    """What a worker returns for a DocTask: the claims' records and what the file record needs."""
    key: str
    doc_id: str
    bodies: list[ClaimBody]
    error: str | None            # extraction failed (a bug): reported with the file's path
    self_date: str | None        # the date the document fixes by itself
    bad_date: str | None         # an unreadable 'published' value, replaced by inference
    raw: RawDoc                  # the document without its text (path and line for messages)
    last: bool
    clean: bool
    shown: str


# ------------------------------------------------------------------ worker side

_W: dict[str, Any] = {}


def _worker_init(lex_dirs: tuple[str, ...]) -> None:
    _W["lex"] = load_lexicon(lex_dirs)


def _pool_worker_init(lex_dirs: tuple[str, ...], parent: int) -> None:
    """A worker leaves signals to its parent and dies with it, quietly: Ctrl-C reaches the whole
    process group, but only the parent answers it (and terminates the pool); SIGTERM kills a worker
    without a traceback; and on Linux the kernel sends SIGTERM when the parent dies, even by kill -9."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's own handler is inherited by fork
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(0)
    _worker_init(lex_dirs)


PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    with suppress(OSError, AttributeError):  # not Linux: no prctl, the pool's own clean-up must do
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM))


def extract_raw(raw: RawDoc, lex: Lexicon, reference: dt.date | None, published: dt.date | None,
                media: dict[str, str]) -> tuple[str, list[ClaimBody]]:
    """(doc id, [(record bytes, claim id, speaker, said-on date)]): what the store needs, unparsed."""
    doc = build_document(raw, reference, published, media)
    within = _W.get("within")
    claims = extract_document(doc, lex, reference,
                              on_window=(lambda done, n: within(doc.id, done, n)) if within else None)
    # pydantic's own JSON serializer: the same bytes as orjson over model_dump, at half the cost
    return doc.id, [(c.model_dump_json().encode(), c.id, c.speaker.canonical, c.said_on.date)
                    for c in claims]


def warm_up(lex: Lexicon) -> None:
    from .extract.matchers import matchers

    for lang in codes():
        matchers(lex, lang).build_all()


def _task(t: DocTask | KeepFile | EmptyFile) -> DocDone | KeepFile | EmptyFile:
    """One work item: extract a document (in a worker), or pass a file marker through."""
    if not isinstance(t, DocTask):
        return t
    raw = t.raw
    lex = _W["lex"]
    bad_date = None
    if raw.meta.get("published") and parse_date_value(raw.meta["published"]) is None:
        bad_date = raw.meta["published"]
        raw.meta["published"] = None
    sd = self_dated(raw)
    try:
        doc_id, bodies = extract_raw(raw, lex, t.reference, t.published, _media_names(lex))
        error = None
    except Exception as e:  # a bug must cost one document, not the corpus; it is reported with its path
        doc_id, bodies = raw.id, []
        error = f"extraction failed ({type(e).__name__}: {e}); please report this document"
    raw_slim = RawDoc(id=raw.id, path=raw.path, text="", meta={}, line=raw.line)
    return DocDone(t.key, doc_id, bodies, error, sd.isoformat() if sd else None, bad_date, raw_slim,
                   t.last, t.clean, t.shown)


def _self_dates(item: tuple[Path, Path, int]) -> tuple[int, list[str]]:
    """Pass 1 work item: how many documents a file holds and the dates they fix by themselves
    (problems come in pass 2)."""
    path, root, max_chars = item
    n, found = 0, []
    for raw in Loader(LoadReport(), max_chars).read_file(path, root):  # a feed streams: one record at a time
        n += 1
        if d := self_dated(raw):
            found.append(d.isoformat())
    return n, found


def _media_names(lex: Lexicon) -> dict[str, str]:
    if "media" not in _W or _W.get("media_fp") != lex.fingerprint:
        names: dict[str, str] = {}
        for a in lex.actors.actors:
            if a.kind == "media":
                for al in a.aliases:
                    names[al.lower().removeprefix("the ")] = a.canonical
        _W["media"], _W["media_fp"] = names, lex.fingerprint
    return _W["media"]


# ------------------------------------------------------------------ driver

def extract_corpus(inputs: list[str], *, store_path: str = ":memory:", lexicon_dirs: tuple[str, ...] = (),
                   published: dt.date | None = None, jobs: int = 1, max_chars: int = MAX_DOC_CHARS,
                   strict: bool = False, progress: ProgressFn | None = None, store: Store | None = None,
                   within: WithinFn | None = None, announce: Callable[[Problem], None] | None = None,
                   on_total: Callable[[int | None], None] | None = None) -> ExtractResult:
    """Extract every document of `inputs` into the store (replacing that corpus's claims).
    `jobs`: worker processes; 0 chooses (see `auto_jobs`). `progress` hears of each document
    done; `within`, with one process, of each window of a document (a long one takes a while);
    `announce` of a problem that changes the work before it starts (a document cut at `max_chars`);
    `on_total` of the number of documents (None if not known) before the extraction starts."""
    dirs = user_lexicon_dirs(lexicon_dirs)
    run = _CorpusRun(inputs, load_lexicon(dirs), store or Store(store_path), published, max_chars, progress)
    run.report.announce = announce
    jobs = jobs if jobs > 0 else auto_jobs(run.files, sum(s.st_size for s in run.stats.values() if s))
    if "fork" not in mp.get_all_start_methods():  # workers share the built matchers by forking (not on Windows)
        jobs = 1
    _worker_init(dirs)
    _W["within"] = within if jobs == 1 else None
    if jobs > 1:
        warm_up(run.lex)  # build the matchers once, before forking: workers share them copy-on-write
    with _long_lived_objects_frozen():
        pool = mp.get_context("fork").Pool(jobs, _pool_worker_init, (dirs, os.getpid())) if jobs > 1 else None
        try:
            def mapper(fn, items):
                return pool.imap(fn, items, chunksize=32) if pool else map(fn, items)

            run.find_reference_date(mapper)
            if on_total is not None:
                on_total(run.result.total)
            run.extract(mapper, strict)
        finally:
            _W.pop("within", None)
            if pool is not None:
                pool.terminate()
                pool.join()
    return run.result


AUTO_JOBS_MIN_FILES = 200  # below both of these, starting workers costs more than it saves
AUTO_JOBS_MIN_BYTES = 1_000_000  # (a JSONL feed is one file however many articles it holds)


FEED_SUFFIXES = (".json", ".jsonl")  # files that may hold many documents


def auto_jobs(files: list[tuple[Path, Path]], size: int) -> int:
    """`jobs=0`: every core this process may use, for a corpus large enough to pay for the workers
    (one article file, however long, is one document: one process, which also shows its progress)."""
    if len(files) < AUTO_JOBS_MIN_FILES and size < AUTO_JOBS_MIN_BYTES:
        return 1
    if len(files) == 1 and files[0][0].suffix.lower() not in FEED_SUFFIXES:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, cores)


class _CorpusRun:
    """One extraction of a corpus: pass 1 finds the corpus reference date, pass 2 extracts (or
    reuses) each file's documents and writes them to the store in one transaction."""

    def __init__(self, inputs: list[str], lex: Lexicon, st: Store, published: dt.date | None, max_chars: int,
                 progress: ProgressFn | None):
        self.lex, self.st, self.published, self.max_chars, self.progress = lex, st, published, max_chars, progress
        self.report = LoadReport()
        self.loader = Loader(self.report, max_chars, store=st.path)
        self.corpus = corpus_key(inputs, self.loader.stdin_id() if "-" in inputs else "-")
        self.files = list(self.loader.iter_files(inputs))
        alone = bool(inputs) and all(p != "-" and os.path.isfile(p) for p in inputs)  # no folder walked
        home = _stored_folder_of(self.files, st) if self.files and alone else None
        self.partial = home is not None
        if home is not None:  # a file of a stored folder is that folder's document, under the same id
            self.corpus = home
            self.files = [(Path(_file_key(path, root)), Path(home)) for path, root in self.files]
        self.cached = st.cached_files(self.corpus)
        _real_folder.cache_clear()  # folders may have been re-linked since the last run in this process
        self.keys = [_file_key(path, root) for path, root in self.files]
        self.walk_problems = list(self.report.problems)
        self.stats = {key: _stat(path) for (path, _root), key in zip(self.files, self.keys, strict=True)}
        self.prelim = _settings(lex, published, None, max_chars)
        self.settings = ""
        self.result = ExtractResult(st, self.corpus, self.report, files=self.keys if self.partial else None)

    def _unchanged(self, key: str, settings: str | None) -> CachedFile | None:
        """The stored file, if it has the same size, mtime and settings (None: only the first part)."""
        c, st_res = self.cached.get(key), self.stats.get(key)
        if not (c and st_res and c.size == st_res.st_size and c.mtime_ns == st_res.st_mtime_ns):
            return None
        ok = c.settings.split(":")[0] == self.prelim if settings is None else c.settings == settings
        return c if ok else None

    def find_reference_date(self, mapper) -> None:
        """Pass 1: the latest date documents fix by themselves resolves yearless dates elsewhere."""
        self_dates: list[dt.date] = []
        to_read: list[tuple[Path, Path, int]] = []
        for (path, root), key in zip(self.files, self.keys, strict=True):
            c = self._unchanged(key, None)
            if c:
                self_dates.extend(dt.date.fromisoformat(d) for _, d in c.docs if d)
            elif str(path) != "-":
                to_read.append((path, root, self.max_chars))
        total: int | None = sum(len(c.docs) for key in self.keys if (c := self._unchanged(key, None)))
        if self.partial:  # the folder's other files fix the reference date as in a run of the folder
            self_dates.extend(dt.date.fromisoformat(d) for key, c in sorted(self.cached.items())
                              if key not in self.keys for _, d in c.docs if d)
        for n, found in mapper(_self_dates, to_read):
            self_dates.extend(dt.date.fromisoformat(d) for d in found)
            total += n
        if "-" in (str(p) for p, _ in self.files):
            total = None  # stdin is read once, in pass 2: how many articles it holds is not known yet
        self.result.total = total
        reference = self.published or (max(self_dates) if self_dates else None)
        self.result.reference = reference
        self.settings = f"{self.prelim}:{_settings(self.lex, self.published, reference, self.max_chars)}"

    def tasks(self) -> Iterator[DocTask | KeepFile | EmptyFile]:
        """Work items in corpus order; runs in the pool's feeder thread, so reading overlaps extraction."""
        report, seen_ids = self.report, set()
        for (path, root), key in zip(self.files, self.keys, strict=True):
            report.files += 1
            if self._unchanged(key, self.settings):
                yield KeepFile(key)
                continue
            n_problems = len(report.problems)
            raws = list(self.loader.read_file(path, root))
            for raw in raws:
                if raw.id in seen_ids:  # ids must be unique: claim ids and the store's order rest on them
                    new_id = f"{raw.id}@{raw.path}" if f"{raw.id}@{raw.path}" not in seen_ids else f"{raw.id}@{raw.path}#{raw.line}"
                    report.add(str(path), f"duplicate document id {raw.id!r}: renamed {new_id!r}", line=raw.line,
                               skipped=False)
                    raw.id = new_id
                seen_ids.add(raw.id)
            clean = len(report.problems) == n_problems
            if not raws:
                yield EmptyFile(key)
                continue
            for i, raw in enumerate(raws):
                yield DocTask(key, raw, self.result.reference, self.published, i == len(raws) - 1, clean, str(path))

    def extract(self, mapper, strict: bool) -> None:
        """Pass 2: extract (or reuse) and write, all in one transaction."""
        report, result, progress = self.report, self.result, self.progress
        report.problems[:] = self.walk_problems  # pass 1 read the files too: their problems are reported once
        with self.st.replace_corpus(self.corpus, self.partial) as w:
            docs_meta: list[tuple[str, str | None]] = []
            file_ok = True
            for out in mapper(_task, self.tasks()):
                if isinstance(out, KeepFile):
                    c = self._unchanged(out.key, self.settings)
                    _reuse(self.st, self.corpus, out.key, c, w, result)
                    if progress:
                        progress(len(c.docs))
                    continue
                if isinstance(out, EmptyFile):
                    w.clear_file(out.key)
                    continue
                key, doc_id, bodies, error, sd, bad_date, raw, last, clean, shown = out
                if not docs_meta:
                    w.clear_file(key)
                    file_ok = clean
                if error:
                    report.add(shown, error, line=raw.line)
                    file_ok = False
                if bad_date:
                    report.add(shown, f"bad 'published' date {bad_date!r}: inferred from the text", line=raw.line,
                               skipped=False)
                docs_meta.append((doc_id, sd))
                w.add_claims(key, doc_id, ((i, *b) for i, b in enumerate(bodies)))
                result.documents += 1
                result.claims_count += len(bodies)
                if progress:
                    progress(1)
                if last:
                    st_res = self.stats.get(key)
                    # a file with problems is read again next time, so that its problems are reported again
                    if st_res is not None and key != "-" and file_ok:
                        w.add_file(key, st_res.st_size, st_res.st_mtime_ns, self.settings, docs_meta)
                    docs_meta = []
            report.problems.sort(key=lambda p: (p.path, p.line or 0))
            if strict and report.skipped:
                raise StrictFailure(report)  # inside the transaction: nothing is stored


@contextmanager
def _long_lived_objects_frozen():
    """The lexicon's matchers are some hundred thousand long-lived objects, and extraction makes
    millions of short-lived tokens: each full collection would walk the matchers again. They are
    frozen out of the collector (before forking, so workers also keep their pages shared) and
    collections run less often; both are restored afterwards."""
    threshold = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(max(threshold[0], 50_000), threshold[1], threshold[2])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


class StrictFailure(Exception):
    """--strict: a document was skipped, so nothing was stored."""

    def __init__(self, report: LoadReport):
        super().__init__(f"{len(report.skipped)} input problem(s); nothing stored (--strict)")
        self.report = report


def _reuse(st: Store, corpus: str, key: str, c, w, result: ExtractResult) -> None:
    w.keep_file(key)
    result.claims_count += st.count_file(corpus, key)
    result.documents += len(c.docs)
    result.reused += len(c.docs)


def _stored_folder_of(files: list[tuple[Path, Path]], st: Store) -> str | None:
    """The stored corpus that is one folder holding every file given alone, if there is one: the
    innermost when folders nest."""
    reals = [_file_key(path, root) for path, root in files]
    homes = [k for k in st.corpora() if "\n" not in k and os.path.isdir(k)
             and all(r.startswith(k.rstrip(os.sep) + os.sep) for r in reals)]
    return max(homes, key=len) if homes else None


def _file_key(path: Path, root: Path) -> str:
    """The file's real path: its folder resolved once per folder, the file itself if a link."""
    if str(path) == "-":
        return "-"
    if os.path.islink(path):
        return os.path.realpath(path)
    return os.path.join(_real_folder(os.path.dirname(os.path.abspath(path))), path.name)


@lru_cache(maxsize=4096)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


def _stat(path: Path) -> os.stat_result | None:
    if str(path) == "-":
        return None
    try:
        return path.stat()
    except OSError:
        return None
