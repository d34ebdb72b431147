"""Long documents: extraction works in windows of paragraphs, so a document's length and its line
breaks change neither the claims nor the work per character (timings are in bench/run.py)."""
from __future__ import annotations

import random

import pytest
from conftest import make_doc
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack import extract as ex
from claimtrack import segment as sg
from claimtrack.extract.tokens import tokenize

SPEAKERS = ["Dmitry Peskov", "Sergei Lavrov", "Maria Zakharova", "Antony Blinken", "Kaja Kallas"]
VERBS = ["said", "told reporters", "wrote on Telegram", "announced"]
TOPICS = ["the talks in Geneva", "the new air defence systems", "the grain corridor", "the prisoner exchange",
          "the sanctions package", "the ceasefire proposal"]


def long_article(paragraphs: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    out = []
    for i in range(paragraphs):
        who, verb, topic = rng.choice(SPEAKERS), rng.choice(VERBS), rng.choice(TOPICS)
        out.append(f"{who} {verb} on Monday that {topic} would resume in week {i}. "
                   f"The ministry did not comment on paragraph {i} of the report.")
    return "\n\n".join(out) + "\n"


def claims(text: str, lex, on_window=None) -> list[tuple]:
    doc = make_doc(text)
    return [(c.speaker.canonical, c.content, c.evidence.start, c.evidence.end)
            for c in ex.extract_document(doc, lex, None, on_window=on_window)]


def test_windows_do_not_change_the_claims(lex, monkeypatch):
    text = long_article(60)
    whole = claims(text, lex)
    monkeypatch.setattr(ex, "WINDOW_CHARS", 500)  # many windows of a few paragraphs
    windows = list(ex._windows(sg.segment(text).sentences, len(text)))
    assert len(windows) > 10
    assert len(whole) >= 20  # (near-repeats by one speaker are one claim)
    assert claims(text, lex) == whole


def test_windows_cover_the_text_in_order(monkeypatch):
    monkeypatch.setattr(ex, "WINDOW_CHARS", 300)
    text = long_article(40)
    sents = sg.segment(text).sentences
    ws = list(ex._windows(sents, len(text)))
    assert ws[0][0] == 0 and ws[0][2] == 0 and ws[-1][1] == len(sents) and ws[-1][3] == len(text)
    for (_, last, _, end), (first, _, start, _) in zip(ws, ws[1:]):
        assert last == first and end == start == sents[first].start
        assert sents[first].paragraph != sents[first - 1].paragraph  # cut between paragraphs


def test_a_page_without_paragraphs_is_still_cut(monkeypatch):
    monkeypatch.setattr(ex, "WINDOW_CHARS", 300)
    text = long_article(40).replace("\n\n", " ")
    ws = list(ex._windows(sg.segment(text).sentences, len(text)))
    assert len(ws) > 5 and all(end - start < 2 * 300 + 400 for _, _, start, end in ws[:-1])


def test_evidence_offsets_hold_in_every_window(lex, monkeypatch):
    monkeypatch.setattr(ex, "WINDOW_CHARS", 400)
    text = long_article(30)
    doc = make_doc(text)
    out = ex.extract_document(doc, lex, None)
    assert out and all(doc.text[c.evidence.start:c.evidence.end] == c.evidence.text for c in out)


def test_progress_is_heard_window_by_window(lex, monkeypatch):
    monkeypatch.setattr(ex, "WINDOW_CHARS", 500)
    text = long_article(40)
    heard: list[tuple[int, int]] = []
    claims(text, lex, on_window=lambda done, n: heard.append((done, n)))
    assert len(heard) > 5
    assert [d for d, _ in heard] == sorted(d for d, _ in heard) and heard[-1][0] == heard[-1][1] == len(text)


def test_coreference_carries_across_a_window_edge(lex, monkeypatch):
    monkeypatch.setattr(ex, "WINDOW_CHARS", 200)
    filler = "\n\n".join(f"The weather in the capital was mild on day {i} of the month." for i in range(8))
    text = f"Dmitry Peskov spoke to reporters in Moscow.\n\n{filler}\n\nHe said the talks were over.\n"
    assert any(sp == "Dmitry Peskov" and "talks were over" in content for sp, content, _, _ in claims(text, lex))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet='ab “”«»"\n.', max_size=300), st.integers(0, 300), st.integers(0, 300))
def test_quotes_in_is_the_filter_it_replaces(text, a, b):
    seg = sg.segment(text)
    start, end = min(a, b), max(a, b)
    naive = [q for q in seg.quotes if start <= q.start and q.end <= end and not q.block]
    assert seg.quotes_in(start, end) == naive


@pytest.mark.parametrize("text", ["Peskov said İstanbul talks ended.", "ЗАЯВИВ Пєсков: «Ні»", "a'b c’d Maduro's"])
def test_tokens_of_a_range_are_the_tokens_of_the_whole(text):
    whole = tokenize(text)
    for cut in range(len(text) + 1):
        if cut < len(text) and not text[cut].isspace():
            continue
        part = tokenize(text, 0, cut) + tokenize(text, cut, len(text))
        assert [(t.start, t.end, t.low) for t in part] == [(t.start, t.end, t.low) for t in whole]


def test_a_cut_is_announced_before_the_work_and_reported_once(tmp_path):
    from click.testing import CliRunner

    from claimtrack.cli import main
    from claimtrack.pipeline import extract_corpus

    (tmp_path / "a.txt").write_text(long_article(80))
    (tmp_path / "b.txt").write_text("Dmitry Peskov said the talks were over.\n")
    events: list[str] = []
    extract_corpus([str(tmp_path)], max_chars=1000, announce=lambda p: events.append(f"cut {p.path}"),
                   progress=lambda n: events.append("done"), within=lambda d, k, n: events.append("window"))
    assert events[0] == f"cut {tmp_path / 'a.txt'}" and events.count("done") == 2
    r = CliRunner().invoke(main, ["extract", "--no-store", "--max-chars", "1000", str(tmp_path), "-o",
                                  str(tmp_path / "out.jsonl")])
    assert r.exit_code == 0
    assert r.stderr.count("document longer than 1000 characters") == 1
