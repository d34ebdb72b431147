"""Terminal and report output that reads at 80 columns and shows what changed."""
import io

from rich.console import Console

from claimtrack import render
from claimtrack.pipeline import extract_corpus
from conftest import write_corpus

LONG = ("The alliance will keep sending air defence systems to the region for as long as the "
        "fighting lasts and the partners agree on the terms, Secretary General Ines Caldwell-Marsh said.")


def test_an_80_column_table_wraps_the_speaker_instead_of_cutting_it(extract_text):
    claims = extract_text(LONG, "en")
    assert claims
    out = io.StringIO()
    render.claims_table(claims, Console(file=out, width=80, force_terminal=False), None)
    text = out.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 80
    first_cells = [line.split("│")[1].strip() for line in text.splitlines() if line.startswith("│")]
    assert first_cells[:2] == ["Ines", "Caldwell-Marsh"]  # whole words, not "Ine…"
    assert "supply_weapons" in text


def test_a_change_after_the_90th_character_shows_as_words_with_context():
    old = LONG
    new = LONG.replace("agree on the terms", "agree on the price")
    segs = render.word_diff(old, new, context=3)
    assert ("-", "terms,") in segs and ("+", "price,") in segs
    assert segs[0] == ("…", "…") and "alliance" not in " ".join(t for _, t in segs)
    plain = render._change_plain(old, new)
    assert "[-terms,-] {+price,+}" in plain


def test_diff_text_and_markdown_show_the_changed_word(extract_text):
    a = extract_text(LONG, "en")
    b = extract_text(LONG.replace("agree on the terms", "agree on the price"), "en")
    report = {"summary": {"added": 0, "removed": 0, "modified": 1, "unchanged": 0}, "added": [], "removed": [],
              "modified": [{"old": a[0], "new": b[0], "changes": {"content": [a[0]["content"], b[0]["content"]]}}]}
    out = io.StringIO()
    render.diff_view(report, Console(file=out, width=100, force_terminal=False))
    assert "[-terms-] {+price+}" in out.getvalue() or ("terms" in out.getvalue() and "price" in out.getvalue())
    md = render.diff_markdown(report)
    assert "~~terms~~" in md and "**price**" in md


def test_cut_text_ends_with_an_ellipsis():
    ev = "word " * 100
    f = {"kind": "contradiction", "frame": "supply_weapons", "score": 0.9, "explanation": "x",
         "a": {"speaker": {"canonical": "A"}, "doc": {"id": "d"}, "said_on": {}, "evidence": {"text": ev}},
         "b": {"speaker": {"canonical": "B"}, "doc": {"id": "d"}, "said_on": {}, "evidence": {"text": "short"}}}
    out = io.BytesIO()
    render.write_conflicts_markdown([f], out)
    line = next(x for x in out.getvalue().decode().splitlines() if x.startswith("- **A**"))
    assert line.endswith("…”") and len(line) < 340


def test_the_progress_bar_learns_the_number_of_documents(tmp_path):
    corpus = write_corpus(tmp_path / "c", {f"a{i}.txt": LONG for i in range(3)})
    totals, done = [], []
    extract_corpus([str(corpus)], on_total=totals.append, progress=done.append)
    assert totals == [3] and sum(done) == 3
    totals.clear()
    extract_corpus([str(corpus)], store_path=str(tmp_path / "s.db"), on_total=totals.append)
    extract_corpus([str(corpus)], store_path=str(tmp_path / "s.db"), on_total=totals.append)  # reused files count
    assert totals == [3, 3]
