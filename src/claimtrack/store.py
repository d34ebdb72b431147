"""The embedded claim store (SQLite, standard library) and claim-set files (JSONL / JSON).

A corpus's claims are replaced inside one transaction, so a run killed at any moment leaves
the previous claims intact. Regular files written with `-o` are written to a temporary file
and renamed; a SQLite file that is not a claim store is refused and never changed.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import sys
import tempfile
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson


SCHEMA_VERSION = 1
DEFAULT_STORE = ".claimtrack/claims.db"
LOCK_TIMEOUT = 30.0


class StoreError(Exception):
    """The store cannot be opened, is locked too long, or is not a claimtrack store."""


class OutputError(Exception):
    """An output file cannot be written."""


class StdoutError(OutputError):
    """Standard output cannot be written (a closed pipe, a full disk)."""


class ClaimSetError(Exception):
    """A claim-set file is unreadable or malformed (message names file and line)."""


def _sqlite_cause(e: sqlite3.Error) -> str:
    """SQLite's message, with the cause a user can act on where SQLite's own words are vague."""
    msg = str(e)
    if "readonly" in msg:
        return f"{msg} (no write permission on the store file or its folder)"
    if "disk is full" in msg or "disk I/O" in msg:
        return f"{msg} (no space left or the file-size limit reached)"
    return msg


def default_store_path() -> str:
    return os.environ.get("CLAIMTRACK_STORE") or DEFAULT_STORE


@dataclass
class CachedFile:
    size: int
    mtime_ns: int
    settings: str
    docs: list[tuple[str, str | None]]  # (doc id, self-dated published date)


class Store:
    def __init__(self, path: str | Path, create: bool = True, durable: bool = True, read_only: bool = False):
        """durable=False: a scratch store deleted after the command (no journal, no syncing).
        read_only=True: for commands that only read; the file is opened with SQLite's `mode=ro`,
        so a store on read-only media or in a read-only folder can be read and is never changed."""
        self.path = str(path)
        self.read_only = read_only
        try:
            if self.path == ":memory:":
                self.db = sqlite3.connect(self.path, isolation_level=None)
            elif read_only:
                self.db = self._open_read_only()
            else:
                self.db = self._open_for_writing(create)
            if not read_only:
                self.db.execute("PRAGMA journal_mode=WAL" if durable else "PRAGMA journal_mode=OFF")
                self.db.execute("PRAGMA synchronous=NORMAL" if durable else "PRAGMA synchronous=OFF")
                self._init()
        except sqlite3.OperationalError as e:
            if "locked" in str(e):
                raise StoreError(f"{self.path}: the store is busy (another claimtrack is writing): {e}") from None
            raise StoreError(f"{self.path}: cannot open the store: {_sqlite_cause(e)}") from None
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: not a usable claim store ({e})") from None

    def _uri(self, **params: str) -> str:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return f"file:{urllib.parse.quote(os.path.abspath(self.path))}?{query}"

    def _open_read_only(self) -> sqlite3.Connection:
        p = Path(self.path)
        if not p.is_file():
            raise StoreError(f"{self.path}: no claim store here (run 'claimtrack extract' first)")
        if not os.access(p, os.R_OK):
            raise StoreError(f"{self.path}: cannot read the store: permission denied")
        db = sqlite3.connect(self._uri(mode="ro"), uri=True, timeout=LOCK_TIMEOUT, isolation_level=None)
        try:
            self._check_claim_store(db)
        except sqlite3.OperationalError:
            # A WAL store needs its -shm file; in a folder we may not write to, SQLite cannot
            # create it. Nobody can be writing there either, so the file is read as immutable.
            db.close()
            if os.access(p.parent, os.W_OK):
                raise
            db = sqlite3.connect(self._uri(mode="ro", immutable="1"), uri=True, isolation_level=None)
            self._check_claim_store(db)
        return db

    def _open_for_writing(self, create: bool) -> sqlite3.Connection:
        p = Path(self.path)
        if p.exists() and p.stat().st_size > 0:
            # Someone else's database is refused before anything (WAL switch, tables) touches it.
            probe = self._open_read_only()
            probe.close()
        elif not create:
            raise StoreError(f"{self.path}: no claim store here (run 'claimtrack extract' first)")
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"{self.path}: cannot create the store folder: {e.strerror}") from None
        if p.exists() and not os.access(p, os.W_OK):
            raise StoreError(f"{self.path}: cannot write the store: permission denied")
        if not os.access(p.parent, os.W_OK):
            raise StoreError(f"{self.path}: cannot write the store: its folder is not writable "
                             "(SQLite keeps its journal next to the store)")
        return sqlite3.connect(self.path, timeout=LOCK_TIMEOUT, isolation_level=None)

    def _check_claim_store(self, db: sqlite3.Connection) -> None:
        """A claim store has claimtrack's `meta` table with a schema version this code reads."""
        try:
            has_meta = db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
        except sqlite3.DatabaseError as e:
            if "not a database" in str(e) or "malformed" in str(e):
                raise StoreError(f"{self.path}: not a claim store ({e}); the file was left untouched") from None
            raise
        if not has_meta:
            raise StoreError(f"{self.path}: a SQLite database but not a claim store (no 'meta' table); "
                             "the file was left untouched")
        row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is None or row[0] != str(SCHEMA_VERSION):
            found = "no schema version" if row is None else f"schema {row[0]}"
            raise StoreError(f"{self.path}: store has {found}, this claimtrack reads schema {SCHEMA_VERSION}; "
                             "remove it and re-extract")

    def _init(self) -> None:
        self.db.executescript(
            """
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE IF NOT EXISTS files (
                corpus TEXT, path TEXT, size INTEGER, mtime_ns INTEGER, settings TEXT, docs TEXT,
                PRIMARY KEY (corpus, path));
            CREATE TABLE IF NOT EXISTS claims (
                corpus TEXT, doc_id TEXT, file TEXT, ord INTEGER, claim_id TEXT, body BLOB,
                speaker TEXT, said_on TEXT);
            CREATE INDEX IF NOT EXISTS claims_corpus ON claims (corpus, doc_id, ord);
            CREATE INDEX IF NOT EXISTS claims_file ON claims (corpus, file);
            CREATE TABLE IF NOT EXISTS corpora (corpus TEXT PRIMARY KEY, updated INTEGER);
            """
        )
        if self.db.execute("SELECT 1 FROM meta WHERE key='schema'").fetchone() is None:
            self.db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        self.db.close()

    # ---------------------------------------------------------------- incremental runs
    def cached_files(self, corpus: str) -> dict[str, CachedFile]:
        out = {}
        for path, size, mtime, settings, docs in self.db.execute(
                "SELECT path, size, mtime_ns, settings, docs FROM files WHERE corpus=?", (corpus,)):
            out[path] = CachedFile(size, mtime, settings, [tuple(d) for d in orjson.loads(docs)])
        return out

    def count_file(self, corpus: str, path: str) -> int:
        return self.db.execute("SELECT count(*) FROM claims WHERE corpus=? AND file=?", (corpus, path)).fetchone()[0]

    # ---------------------------------------------------------------- writing
    def corpora(self) -> list[str]:
        return [k for (k,) in self.db.execute("SELECT corpus FROM corpora ORDER BY corpus")]

    @contextlib.contextmanager
    def replace_corpus(self, corpus: str, partial: bool = False) -> Iterator["CorpusWriter"]:
        """Everything written inside lands at once, or not at all. `partial`: the run updates
        some files of the corpus; the files it did not see are kept."""
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise StoreError(f"{self.path}: the store is busy (another claimtrack is writing): {e}") from None
        try:
            w = CorpusWriter(self.db, corpus)
            yield w
            if not partial:
                w.drop_unseen()
            self.db.execute("INSERT OR REPLACE INTO corpora VALUES (?, strftime('%s','now'))", (corpus,))
            self.db.execute("COMMIT")
        except sqlite3.Error as e:
            self._rollback()
            raise StoreError(f"{self.path}: cannot write the store, nothing was stored from this run: "
                             f"{_sqlite_cause(e)}") from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        # SQLite may already have rolled back itself (disk full, I/O error); a second ROLLBACK
        # would then hide the real cause behind "no transaction is active".
        if self.db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")

    # ---------------------------------------------------------------- reading
    def iter_claims(self, corpus: str | None = None, files: list[str] | None = None) -> Iterator[dict[str, Any]]:
        for body in self.iter_claim_bytes(corpus, files):
            yield orjson.loads(body)

    def iter_claim_bytes(self, corpus: str | None = None, files: list[str] | None = None) -> Iterator[bytes]:
        """Stored records in document, position and id order; of one corpus, of some of its files."""
        where, args = [], []
        if corpus is not None:
            where.append("corpus=?")
            args.append(corpus)
        if files is not None:
            where.append(f"file IN ({','.join('?' * len(files))})")
            args += files
        sql = "SELECT body FROM claims" + (" WHERE " + " AND ".join(where) if where else "")
        for (body,) in self.db.execute(sql + " ORDER BY doc_id, ord, claim_id", args):
            yield body

    def count(self, corpus: str | None = None) -> int:
        if corpus is None:
            return self.db.execute("SELECT count(*) FROM claims").fetchone()[0]
        return self.db.execute("SELECT count(*) FROM claims WHERE corpus=?", (corpus,)).fetchone()[0]


class CorpusWriter:
    """Writes one corpus inside an open transaction: files kept as they are, or replaced."""

    def __init__(self, db: sqlite3.Connection, corpus: str):
        self.db = db
        self.corpus = corpus
        self.seen: set[str] = set()
        self.stored = self._stored_files()  # a file not among them has nothing to delete

    def _stored_files(self) -> set[str]:
        rows = self.db.execute("SELECT DISTINCT file FROM claims WHERE corpus=?", (self.corpus,)).fetchall()
        rows += self.db.execute("SELECT path FROM files WHERE corpus=?", (self.corpus,)).fetchall()
        return {path for (path,) in rows}

    def keep_file(self, path: str) -> None:
        self.seen.add(path)

    def clear_file(self, path: str) -> None:
        self.seen.add(path)
        if path not in self.stored:
            return
        self.db.execute("DELETE FROM claims WHERE corpus=? AND file=?", (self.corpus, path))
        self.db.execute("DELETE FROM files WHERE corpus=? AND path=?", (self.corpus, path))

    def drop_unseen(self) -> None:
        """Files of an earlier run that this run did not see any more."""
        for path in sorted(self._stored_files() - self.seen):
            self.db.execute("DELETE FROM claims WHERE corpus=? AND file=?", (self.corpus, path))
            self.db.execute("DELETE FROM files WHERE corpus=? AND path=?", (self.corpus, path))

    def add_file(self, path: str, size: int, mtime_ns: int, settings: str, docs: list[tuple[str, str | None]]) -> None:
        self.stored.add(path)
        self.db.execute("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?)",
                        (self.corpus, path, size, mtime_ns, settings, orjson.dumps(docs)))

    def add_claims(self, file: str, doc_id: str, claims: Iterable[tuple[int, bytes, str, str, str | None]]) -> None:
        """claims: (order, record bytes, claim id, speaker canonical, said-on date)."""
        self.stored.add(file)
        self.db.executemany(
            "INSERT INTO claims VALUES (?,?,?,?,?,?,?,?)",
            [(self.corpus, doc_id, file, ord_, cid, body, speaker, said_on) for ord_, body, cid, speaker, said_on in claims])


# -------------------------------------------------------------------- claim-set files

def read_claim_set(path: str, stdin: IO[bytes] | None = None) -> Iterator[dict[str, Any]]:
    """Claims from a JSONL (streamed line by line) or JSON claim-set file ('-' reads stdin)."""
    try:
        f = (stdin or sys.stdin.buffer) if path == "-" else open(path, "rb")
    except OSError as e:
        raise ClaimSetError(f"{path}: cannot read: {e.strerror}") from None
    with contextlib.ExitStack() as stack:
        if path != "-":
            stack.enter_context(f)
        head = f.read(4096)
        first = head.lstrip()[:1]
        if first == b"[" or (path.endswith(".json") and first == b"{"):
            data = head + f.read()
            try:
                obj = orjson.loads(data)
            except orjson.JSONDecodeError as e:
                raise ClaimSetError(f"{path}: malformed JSON: {e}") from None
            items = obj if isinstance(obj, list) else (obj.get("claims") if isinstance(obj, dict) and
                                                        "claims" in obj else [obj])
            if not isinstance(items, list):
                raise ClaimSetError(f"{path}: 'claims' is not a list of claim records")
            for i, c in enumerate(items):
                yield _check_claim(c, path, None, i)
            return
        n = 0
        pending = head
        while True:
            chunk = f.read(1 << 20)
            pending += chunk
            lines = pending.split(b"\n")
            pending = lines.pop() if chunk else b""
            for line in lines:
                n += 1
                if not line.strip():
                    continue
                try:
                    c = orjson.loads(line)
                except orjson.JSONDecodeError as e:
                    raise ClaimSetError(f"{path}:{n}: malformed JSON line: {str(e).split(':')[0]}") from None
                yield _check_claim(c, path, n, None)
            if not chunk:
                break


_REQUIRED = {"id": str, "doc": dict, "speaker": dict, "content": str, "evidence": dict}


def _check_claim(c: Any, path: str, line: int | None, index: int | None) -> dict[str, Any]:
    """Cheap structural check (claim sets can hold millions of records): the fields every
    command relies on, with their types; optional ones get their defaults."""
    where = f"{path}:{line}" if line else f"{path}[{index}]"
    if not isinstance(c, dict):
        raise ClaimSetError(f"{where}: not a claim record (a JSON object)")
    for k, t in _REQUIRED.items():
        if not isinstance(c.get(k), t):
            raise ClaimSetError(f"{where}: not a claim record: '{k}' missing or not a {t.__name__}")
    ev, doc = c["evidence"], c["doc"]
    if not isinstance(ev.get("start"), int) or not isinstance(ev.get("end"), int) or not isinstance(doc.get("id"), str):
        raise ClaimSetError(f"{where}: not a claim record: evidence.start/end or doc.id missing")
    for k in ("canonical", "name"):
        if not isinstance(c["speaker"].get(k), str):
            raise ClaimSetError(f"{where}: not a claim record: speaker.{k} missing")
    c.setdefault("via", [])
    if not isinstance(c.get("frame"), dict):
        c["frame"] = {"type": "statement", "agent": None, "target": None}
    if not isinstance(c.get("said_on"), dict):
        c["said_on"] = {"date": None, "precision": None, "text": None, "basis": "unknown"}
    return c


@contextlib.contextmanager
def atomic_output(path: str | None, binary: bool = False) -> Iterator[IO[Any]]:
    """Where `-o` output goes: stdout for None or '-'; a regular file (or a new one) is written
    to a temporary file renamed over it on success, so it is never half-written; anything else
    (a FIFO, a device, /dev/stdout) is written directly, because renaming over it would replace
    the special file itself. A symbolic link is followed: its target is written."""
    if path in (None, "-"):
        stream = sys.stdout.buffer if binary else sys.stdout
        try:
            yield stream
            stream.flush()
        except OSError as e:
            raise StdoutError(f"stdout: cannot write: {e.strerror or e}") from None
        return
    opts: dict[str, Any] = {} if binary else {"encoding": "utf-8", "newline": "\n"}
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise _cannot_write(path, e) from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        try:
            f = open(path, "wb" if binary else "w", **opts)
        except OSError as e:
            raise _cannot_write(path, e) from None
        try:
            with f:
                yield f
        except OSError as e:
            raise _cannot_write(path, e) from None
        return
    target = Path(os.path.realpath(path))
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=str(target.parent))
    except OSError as e:
        raise _cannot_write(path, e) from None
    try:
        with os.fdopen(fd, "wb" if binary else "w", **opts) as f:
            yield f
            f.flush()
            os.fchmod(f.fileno(), mode)  # mkstemp's 0600 is not what the user's umask asks for
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise _cannot_write(path, e) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _cannot_write(path: str, e: OSError) -> OutputError:
    return OutputError(f"{path}: cannot write: {e.strerror}")


def _umask() -> int:
    # The only portable way to read the umask is to set it; it is put back at once.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
