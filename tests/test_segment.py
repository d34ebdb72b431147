import time

from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.segment import find_quotes, segment


def spans(text):
    return [text[q.start:q.end] for q in find_quotes(text)]


def test_quote_styles():
    t = 'A «first» and „second“ and “third” and "fourth".'
    assert spans(t) == ["«first»", "„second“", "“third”", '"fourth"']


def test_nested_straight_quotes():
    t = '"He signed what he called a "historic" pact with them."'
    assert spans(t)[0] == t


def test_quote_across_paragraph_break_stays_one_sentence():
    t = 'Asked about it, she said: "We doubt it. We will see.\n\n" Then the meeting ended.'
    seg = segment(t)
    first = t[seg.sentences[0].start:seg.sentences[0].end]
    assert first.endswith('.\n\n"') and "We will see" in first
    assert t[seg.sentences[1].start:].startswith("Then")


def test_block_quote_is_read_as_text():
    para = '"' + "Officials said the plan was ready. " * 8 + '"'
    seg = segment("Title line\n" + para + "\nNext line.")
    assert any(q.block for q in seg.quotes)
    assert len(seg.sentences) > 3


def test_abbreviations_and_initials_do_not_split():
    seg = segment("The U.S. Navy sent the USS Gerald R. Ford on Oct. 3. Then it sailed.")
    assert len(seg.sentences) == 2


def test_headings_and_questions_are_marked():
    seg = segment("Russia warns the US\n\nWhat happens next?\n\nThe minister said so.")
    assert seg.sentences[0].heading and seg.sentences[1].question and not seg.sentences[2].heading


def test_linear_time_on_quote_storm():
    t0 = time.perf_counter()
    segment('"' * 100_000)
    segment("said that " * 50_000)
    assert time.perf_counter() - t0 < 20  # generous: a backtracking pattern would never finish


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab ."“”«»„\n,?!')), max_size=300))
def test_segments_are_inside_the_text(text):
    seg = segment(text)
    for q in seg.quotes:
        assert 0 <= q.start < q.end <= len(text)
    prev_end = 0
    for s in seg.sentences:
        assert prev_end <= s.start < s.end <= len(text)
        prev_end = s.end
