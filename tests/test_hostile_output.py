"""Article text is hostile: what claimtrack writes is escaped for where it goes."""
import io

from claimtrack import render

HOSTILE = "=HYPERLINK(\"http://x\") \x1b]0;pwned\x07 \x1b[2J <img src=x onerror=alert(1)> `code` | \u202eevil"


def _claim():
    return {"id": "c1", "doc": {"id": "d\x1b[31m", "path": "d.txt", "outlet": None, "language": "en", "published": None},
            "speaker": {"name": "X", "canonical": "X <b>", "kind": "person", "affiliation": None}, "via": [],
            "cue": "said", "content": HOSTILE, "quote": False, "polarity": "positive", "modality": "asserted",
            "frame": {"type": "statement", "agent": None, "target": None}, "weapons": [], "actors": [],
            "quantities": [], "said_on": None, "evidence": {"start": 0, "end": 1, "text": HOSTILE}}


def test_terminal_output_has_no_control_characters():
    from rich.console import Console

    buf = io.StringIO()
    render.claims_table([_claim()], Console(file=buf, width=200, color_system=None))
    text = buf.getvalue()
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "pwned" in text  # the text itself is kept, only the controls go


def test_csv_cells_cannot_start_a_formula():
    out = io.BytesIO()
    render.write_records("claims", "csv", [_claim()], out)
    import csv

    row = next(csv.DictReader(io.StringIO(out.getvalue().decode())))
    assert row["content"].startswith("'=HYPERLINK") and row["evidence_text"].startswith("'=")
    assert "\x1b" not in out.getvalue().decode()


def test_markdown_has_no_raw_html_or_code_spans():
    out = io.BytesIO()
    render.write_records("claims", "markdown", [_claim()], out)
    md = out.getvalue().decode()
    assert "<img" not in md and "<b>" not in md and "&lt;img" in md
    assert "\\`code\\`" in md and "\\|" in md and "\x1b" not in md


import pytest


@pytest.mark.parametrize("hostile, gone", [
    ("\x1b[2Jclear", "\x1b"),            # ESC sequence (C0)
    ("\x9b2Jcsi", "\x9b"),               # CSI as one C1 character
    ("\x9d0;title\x9c", "\x9d"),         # OSC / ST as C1 characters
    ("bell\x07", "\x07"),
    ("back\x08space", "\x08"),
    ("\u202eright-to-left", "\u202e"),   # direction override
    ("nul\x00byte", "\x00"),
])
def test_terminal_safe_removes_each_control(hostile, gone):
    out = render.terminal_safe(hostile)
    assert gone not in out and "\ufffd" in out


@pytest.mark.parametrize("cell, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\ufffdx"), ("plain", "plain"), ("a=b", "a=b"),
])
def test_csv_cell_table(cell, expected):
    # tab and CR at the start are formula triggers too; CR, a control, is then shown as U+FFFD
    assert render._csv_cell(cell) == expected


@pytest.mark.parametrize("text, absent, present", [
    ("<script>alert(1)</script>", "<script>", "&lt;script&gt;"),
    ("a & b", " & ", "&amp;"),
    ("``code``", "``", "\\`\\`"),
    ("x | y", " | y", "\\|"),
    ("two\nlines", "\n", "two lines"),
])
def test_markdown_cell_table(text, absent, present):
    cell = render._md(text)
    assert absent not in cell and present in cell
