"""Bad input and pathological text: reported, never a traceback, never a stall.

Worst cases are generated at 1 MB here (the suite must stay fast); bench/run.py measures speed.
Linear behaviour is checked by counting work where it can be counted (segment), and by the
cases finishing at all: a backtracking pattern or a quadratic loop would not."""
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.cli import main
from claimtrack.extract import extract_document
from claimtrack.segment import MAX_SENTENCE_CHARS, segment
from conftest import make_doc, write_corpus

WORST = {
    "no punctuation": "word " * 200_000,
    "quote storm": '"' * 100_000,
    "guillemet storm": "«" * 100_000 + "»" * 1000,
    "said that": "Peskov said that " * 60_000,
    "one word": "Putin" * 200_000,
    "cyrillic mix": 'Лавров заявив, що "Росія ' * 30_000,
}


@pytest.mark.parametrize("name", sorted(WORST))
def test_worst_cases_finish_with_exact_offsets(lex, name):
    text = WORST[name]
    doc = make_doc(text, "uk" if "Лавров" in text else "en")
    for c in extract_document(doc, lex, None):
        assert text[c.evidence.start:c.evidence.end] == c.evidence.text


def test_sentences_are_bounded():
    seg = segment("word " * 100_000)
    assert seg.sentences and max(s.end - s.start for s in seg.sentences) <= MAX_SENTENCE_CHARS


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('"«»„“” \n.,аa')), min_size=0, max_size=3000))
def test_quote_finder_never_overlaps_badly(text):
    for q in segment(text).quotes:
        assert text[q.start] in '"«„“' and text[q.end - 1] in '"»“”'


def _run(args, tmp_path, input=None):
    return CliRunner().invoke(main, ["--store", str(tmp_path / "s.db"), *args], input=input,
                              catch_exceptions=False)


def test_every_bad_input_reported_rest_processed(tmp_path):
    c = tmp_path / "corpus"
    c.mkdir()
    (c / "ok.txt").write_text("Kremlin spokesman Dmitry Peskov said talks were over.", encoding="utf-8")
    (c / "cp1251.txt").write_bytes("Сергій Лавров заявив, що переговорів не буде.".encode("cp1251"))
    (c / "utf16.txt").write_bytes("Сергій Лавров заявив, що переговорів не буде.".encode("utf-16"))
    (c / "empty.txt").write_bytes(b"")
    (c / "zip.txt").write_bytes(b"PK\x03\x04" + os.urandom(200) + b"\x00" * 50)
    (c / "feed.jsonl").write_text('{"id": "r1", "text": "Lavrov said no."}\n{bad json\n{"title": "no text"}\n',
                                  encoding="utf-8")
    (c / "meta.md").write_text("---\npublished: not a date\n---\nZakharova said the US was to blame.", encoding="utf-8")
    (c / "notes.pdf").write_bytes(b"%PDF-1.4")
    (c / "loop").symlink_to(c)
    r = _run(["extract", str(c), "--format", "jsonl"], tmp_path)
    assert r.exit_code == 1, r.stderr
    err = r.stderr
    for needle in ("empty.txt", "zip.txt", "feed.jsonl:2", "feed.jsonl:3", "meta.md", "notes.pdf", "loop"):
        assert needle in err, needle
    assert "Traceback" not in err and "Traceback" not in r.stdout
    speakers = {json.loads(line)["speaker"]["canonical"] for line in r.stdout.splitlines()}
    assert {"Dmitry Peskov", "Sergei Lavrov", "Maria Zakharova"} <= speakers
    lavrov = [json.loads(l) for l in r.stdout.splitlines() if json.loads(l)["doc"]["id"] in ("cp1251.txt", "utf16.txt")]
    assert len({c["content"] for c in lavrov}) == 1 and len(lavrov) == 2


def test_nothing_readable_and_empty_folder_exit_2(tmp_path):
    (tmp_path / "empty").mkdir()
    r = _run(["extract", str(tmp_path / "empty")], tmp_path)
    assert r.exit_code == 2 and "no readable documents" in r.stderr


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    c = write_corpus(tmp_path / "c", {"a.txt": "Lavrov said no.", "b.txt": "Peskov said yes."})
    real = Path.read_bytes

    def deny(self):
        if self.name == "a.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    r = _run(["extract", str(c), "--format", "jsonl"], tmp_path)
    assert r.exit_code == 1 and "a.txt: cannot read: Permission denied" in r.stderr and "Peskov" in r.stdout


def test_document_size_limit_warns(tmp_path):
    c = write_corpus(tmp_path / "c", {"big.txt": "Lavrov said no. " * 1000})
    r = _run(["extract", str(c), "--max-chars", "2000", "--format", "jsonl"], tmp_path)
    assert r.exit_code == 0 and "only the first 2000" in r.stderr
