"""Hostile files and failing machines: the store only ever changes claim stores, `-o` respects
what the path is, and failures of the machine end in one line naming the cause (exit 2)."""
from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimtrack.cli import main
from claimtrack.pipeline import extract_corpus
from claimtrack.store import OutputError, Store, StoreError, atomic_output

ARTICLE = "Dmitry Peskov said the talks were over.\n"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture()
def article(tmp_path) -> Path:
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE)
    return p


@pytest.fixture()
def foreign_db(tmp_path) -> Path:
    p = tmp_path / "other.db"
    db = sqlite3.connect(p)
    db.execute("CREATE TABLE invoices (n INTEGER, total REAL)")
    db.execute("INSERT INTO invoices VALUES (1, 9.5)")
    db.commit()
    db.close()
    return p


# ------------------------------------------------------------------ the store opens only claim stores

@pytest.mark.parametrize("command", [["claims"], ["conflicts"], ["extract", "ARTICLE"]])
def test_foreign_sqlite_file_is_refused_and_left_byte_identical(foreign_db, article, command):
    before = digest(foreign_db)
    args = [str(article) if a == "ARTICLE" else a for a in command]
    r = invoke("--store", str(foreign_db), *args)
    assert r.exit_code == 2
    assert "not a claim store" in r.output
    assert digest(foreign_db) == before
    assert not Path(f"{foreign_db}-wal").exists()
    assert sqlite3.connect(foreign_db).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_file_that_is_not_sqlite_is_refused_and_left_byte_identical(tmp_path, article):
    notes = tmp_path / "notes.db"
    notes.write_bytes(b"my notes, not a database\n" * 200)
    before = digest(notes)
    for args in (["claims"], ["extract", str(article)]):
        r = invoke("--store", str(notes), *args)
        assert r.exit_code == 2 and "not a claim store" in r.output
    assert digest(notes) == before


def test_read_commands_do_not_change_the_store(tmp_path, article):
    db = tmp_path / "s.db"
    extract_corpus([str(article)], store_path=str(db))
    before = digest(db)
    assert invoke("--store", str(db), "claims", "--format", "jsonl").exit_code == 0
    assert invoke("--store", str(db), "conflicts", "--format", "jsonl").exit_code == 0
    assert digest(db) == before
    ro = Store(db, read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        with ro.replace_corpus("x"):
            pass
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        ro.db.execute("INSERT INTO meta VALUES ('k', 'v')")


def test_store_of_a_newer_schema_is_refused(tmp_path, article):
    db = tmp_path / "s.db"
    extract_corpus([str(article)], store_path=str(db))
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value='99' WHERE key='schema'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="schema 99"):
        Store(db)
    with pytest.raises(StoreError, match="schema 99"):
        Store(db, read_only=True)


@contextlib.contextmanager
def read_only_folder(folder: Path):
    """chmod for ordinary users; root ignores modes, so there the folder (or file) is made immutable."""
    folder.chmod(0o555)
    immutable = os.geteuid() == 0
    if immutable and subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        folder.chmod(0o755)
        pytest.skip("running as root and chattr +i is not available here")
    try:
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def test_store_in_read_only_folder_can_be_read(tmp_path, article):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "s.db"
    st = Store(db)
    extract_corpus([str(article)], store=st)
    st.close()  # the last connection folds the journal back into the file and removes it
    before = digest(db)
    with read_only_folder(folder):
        r = invoke("--store", str(db), "claims", "--format", "jsonl")
        assert r.exit_code == 0, r.output
        assert "Peskov" in r.output
        r = invoke("--store", str(db), "-q", "extract", str(article), "-o", str(tmp_path / "out.jsonl"))
        assert r.exit_code == 2
        assert "Traceback" not in r.output and "folder is not writable" in r.output
    assert digest(db) == before


def test_read_only_store_file_is_one_line_and_exit_2(tmp_path, article):
    db = tmp_path / "s.db"
    st = Store(db)
    extract_corpus([str(article)], store=st)
    st.close()
    before = digest(db)
    with read_only_folder(db):  # the store file itself (chmod, or chattr +i as root)
        r = invoke("--store", str(db), "-q", "extract", str(article), "-o", str(tmp_path / "out.jsonl"))
        assert r.exit_code == 2, r.output
        assert r.stderr.strip().splitlines() == [f"error: {db}: cannot write the store: permission denied"]
        r = invoke("--store", str(db), "claims", "--format", "jsonl")
        assert r.exit_code == 0 and "Peskov" in r.stdout
    assert digest(db) == before


def test_store_write_failure_names_the_cause(tmp_path):
    """A file-size limit (as on a full disk): one line, the real cause, exit 2, store as before."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE)
    db = tmp_path / "s.db"
    extract_corpus([str(corpus)], store_path=str(db))
    before = Store(db, read_only=True).count()
    for i in range(30):
        (corpus / f"{i}.txt").write_text(f"Sergei Lavrov said meeting {i} was useful. " * 300)
    code = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({db.stat().st_size + 8192}, resource.RLIM_INFINITY))\n"
        "from claimtrack.cli import entry\n"
        f"sys.argv = ['claimtrack', '-q', '--store', {str(db)!r}, 'extract', {str(corpus)!r}, '-o', '-']\n"
        "entry()\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 2, p.stderr
    assert "Traceback" not in p.stderr
    assert "no transaction is active" not in p.stderr
    assert "cannot write the store" in p.stderr and ("full" in p.stderr or "limit" in p.stderr)
    assert Store(db, read_only=True).count() == before


# ------------------------------------------------------------------ -o respects the path

def test_output_to_a_fifo_writes_into_it(tmp_path, article):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = invoke("--store", str(tmp_path / "s.db"), "-q", "extract", str(article), "-o", str(fifo))
    reader.join(timeout=30)
    assert r.exit_code == 0, r.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a FIFO, not a regular file
    assert b"Peskov" in got[0]


def test_output_through_a_symlink_writes_its_target(tmp_path):
    target = tmp_path / "real.jsonl"
    target.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    with atomic_output(str(link)) as f:
        f.write("new\n")
    assert link.is_symlink()
    assert target.read_text() == "new\n"


def test_output_keeps_an_existing_files_mode(tmp_path):
    target = tmp_path / "shared.jsonl"
    target.write_text("old\n")
    target.chmod(0o644)
    with atomic_output(str(target)) as f:
        f.write("new\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


@pytest.mark.parametrize("umask, expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_output_file_follows_the_umask(tmp_path, umask, expected):
    old = os.umask(umask)
    try:
        with atomic_output(str(tmp_path / "new.jsonl")) as f:
            f.write("x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.jsonl").stat().st_mode) == expected


def test_output_into_a_missing_folder_of_a_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(OutputError, match="cannot write"):
        with atomic_output(str(blocker / "out.jsonl")) as f:
            f.write("x")


# ------------------------------------------------------------------ decoding degrades by the byte

UK_TEXT = "«Ми не передавали жодних ракет», — заявив речник міністерства Олег Коваль у понеділок.\n" * 3
UK_PLAIN = UK_TEXT.replace("«", '"').replace("»", '"').replace("—", "-")  # what koi8-u can encode
RU_TEXT = "«Мы не получали никаких запросов», — сказал представитель МИД Иван Петров.\n" * 3
EN_TEXT = "“We will send more vehicles,” the minister said on Monday — and “soon”.\n" * 3
LATIN1_TEXT = "Le ministre a déclaré que la livraison était prévue à l’été. Élysée, février.\n" * 3


def stray(data: bytes, at: int, junk: bytes = b"\xff") -> bytes:
    return data[:at] + junk + data[at:]


@pytest.mark.parametrize("label, data, text, encoding, invalid", [
    ("utf-8", EN_TEXT.encode(), EN_TEXT, "utf-8", 0),
    ("utf-8 Ukrainian", UK_TEXT.encode(), UK_TEXT, "utf-8", 0),
    ("utf-8 with BOM", b"\xef\xbb\xbf" + RU_TEXT.encode(), RU_TEXT, "utf-8-sig", 0),
    ("utf-16 LE with BOM", UK_TEXT.encode("utf-16"), UK_TEXT, "utf-16", 0),
    ("utf-16 BE with BOM", b"\xfe\xff" + RU_TEXT.encode("utf-16-be"), RU_TEXT, "utf-16", 0),
    ("cp1251 Russian", RU_TEXT.encode("cp1251"), RU_TEXT, None, 0),
    ("koi8-u Ukrainian", UK_PLAIN.encode("koi8-u"), UK_PLAIN, None, 0),
    ("cp1251 Ukrainian", UK_TEXT.encode("cp1251"), UK_TEXT, None, 0),
])
def test_encodings_of_real_world_files(label, data, text, encoding, invalid):
    from claimtrack.load import decode_bytes

    d = decode_bytes(data)
    assert d.text == text, label
    assert d.invalid == invalid
    if encoding:
        assert d.encoding == encoding


def test_latin1_file_is_read_as_a_legacy_code_page():
    from claimtrack.load import decode_bytes

    d = decode_bytes(LATIN1_TEXT.replace("’", "'").encode("latin-1"))
    assert "déclaré" in d.text and "Élysée" in d.text and d.invalid == 0


@pytest.mark.parametrize("label, text, junk", [
    ("English curly quotes, one stray byte", EN_TEXT, b"\xff"),
    ("English, a cp1252 quote inside UTF-8", EN_TEXT, b"\x93"),
    ("Ukrainian, one stray byte", UK_TEXT, b"\xfe"),
    ("Russian, a truncated sequence", RU_TEXT, b"\xd0"),
])
def test_a_few_bad_bytes_keep_the_file_utf8(label, text, junk):
    from claimtrack.load import decode_bytes

    data = text.encode()
    at = data.index(b" ", 40)
    d = decode_bytes(stray(data, at, junk))
    assert d.encoding == "utf-8" and d.invalid == 1 and d.first_invalid == at, label
    assert d.text == text[:len(data[:at].decode())] + "\ufffd" + text[len(data[:at].decode()):]


def test_bad_bytes_are_a_warning_naming_file_count_and_offset(tmp_path):
    c = tmp_path / "c"
    c.mkdir()
    data = UK_TEXT.encode()
    first, second = data.index(b" "), data.index(b" ", 60)  # between characters, not inside one
    (c / "uk.txt").write_bytes(stray(stray(data, second), first))
    (c / "en.txt").write_text(EN_TEXT)
    r = invoke("--store", str(tmp_path / "s.db"), "extract", str(c), "--format", "jsonl", "-o", "-")
    assert r.exit_code == 0, r.output
    assert "uk.txt" in r.output and "2 invalid UTF-8" in r.output and f"byte {first}" in r.output
    claims = [line for line in r.output.splitlines() if line.startswith("{")]
    assert any('"uk.txt"' in line and "Коваль" in line for line in claims)  # not skipped, quote kept
    assert any("“We will send more vehicles,”" in line or "We will send more vehicles" in line for line in claims)


# ------------------------------------------------------------------ special files in a corpus

def test_special_files_in_a_folder_are_named_not_read(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE)
    os.mkfifo(corpus / "pipe.txt")  # reading it would wait for a writer for ever
    (corpus / "null.txt").symlink_to(os.devnull)  # a device behind a link, not a "broken link"
    (corpus / "gone.txt").symlink_to(tmp_path / "missing")
    r = invoke("--store", str(tmp_path / "s.db"), "extract", str(corpus), "-o", str(tmp_path / "out.jsonl"))
    assert r.exit_code == 1, r.output  # the broken link is a skipped input; the special files are warnings
    assert "skipped: " + str(corpus / "gone.txt") in r.stderr and "warning: " + str(corpus / "pipe.txt") in r.stderr
    assert "pipe.txt: not a regular file (a FIFO): not read" in r.stderr
    assert "null.txt: not a regular file (a device): not read" in r.stderr
    assert "gone.txt: broken symbolic link" in r.stderr
    assert "1 documents" in r.stderr


def test_a_device_named_on_the_command_line_is_skipped(tmp_path):
    r = invoke("--store", str(tmp_path / "s.db"), "extract", os.devnull)
    assert r.exit_code == 2 and "not a regular file (a device)" in r.stderr


@pytest.mark.parametrize("outlet, stored, warned", [
    (["Reuters", "AP"], "Reuters, AP", False),
    ("Reuters", "Reuters", False),
    (7, "7", False),
    ({"name": "Reuters"}, None, True),
    ([["Reuters"]], None, True),
    (True, None, True),
])
def test_feed_metadata_is_text_or_named(tmp_path, outlet, stored, warned):
    import json

    feed = tmp_path / "f.jsonl"
    feed.write_text(json.dumps({"id": "d1", "text": ARTICLE, "outlet": outlet}) + "\n")
    r = invoke("--store", str(tmp_path / "s.db"), "extract", str(feed), "--format", "jsonl")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout.splitlines()[0])["doc"]["outlet"] == stored
    assert ("f.jsonl:1: field 'outlet' is" in r.stderr) == warned
