import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import make_doc

from claimtrack.dates import find_date_phrases, infer_published, resolve
from claimtrack.extract import extract_document

PUB = dt.date(2025, 11, 3)


def res(text, lang="en", published=PUB, reference=None, convention=None):
    ph = find_date_phrases(text, lang)
    assert ph, f"no date phrase in {text!r}"
    r = resolve(ph[0], lang, published, reference, convention)
    return ph[0].text, (r.date.isoformat() if r.date else None), r.precision, r.basis


def test_english_forms():
    assert res("On November 2, the Kremlin said") == ("On November 2" if False else "November 2", "2025-11-02", "day", "explicit")
    assert res("he said on Tuesday")[1:] == ("2025-10-28", "day", "relative")
    assert res("last week it said")[1:] == ("2025-10-27", "week", "relative")
    assert res("Earlier this year, the pact")[1:] == ("2025-01-01", "year", "relative")
    assert res("on Sunday, October 26, 2025, it")[1:] == ("2025-10-26", "day", "explicit")


def test_slavic_forms_dateparser_cannot_take_whole():
    assert res("в неділю, 26 жовтня, в Каракас прибув", "uk")[1:] == ("2025-10-26", "day", "explicit")
    assert res("сказала 31 жовтня на борту", "uk")[1:] == ("2025-10-31", "day", "explicit")
    assert res("заявил в воскресенье", "ru")[1:] == ("2025-11-02", "day", "relative")
    assert res("минулого тижня", "uk")[2:] == ("week", "relative")


def test_weekday_pair_fixes_the_year_without_a_published_date():
    # the weekday picks the year nearest the corpus reference that has 26 October on a Sunday
    assert res("в неділю, 26 жовтня", "uk", None, dt.date(2027, 6, 1))[1] == "2025-10-26"
    assert res("в неділю, 26 жовтня", "uk", None, None)[1:] == (None, "day", "unknown")


@pytest.mark.parametrize("text, lang, convention, expected", [
    ("on 05/03/2025 he said", "uk", None, ("2025-03-05", "explicit")),        # the language's order
    ("on 05/03/2025 he said", "ru", None, ("2025-03-05", "explicit")),
    ("on 05/03/2025 he said", "en", "mdy", ("2025-05-03", "explicit")),       # a US outlet
    ("on 05/03/2025 he said", "en", "dmy", ("2025-03-05", "explicit")),       # a British outlet
    ("on 05/03/2025 he said", "en", None, (None, "ambiguous")),               # nothing decides
    ("on 25/03/2025 he said", "en", None, ("2025-03-25", "explicit")),        # 25 is no month
    ("on 03/25/2025 he said", "uk", None, ("2025-03-25", "explicit")),
    ("on 05.03.2025 he said", "en", "mdy", ("2025-03-05", "explicit")),       # dots: day first
    ("on 04/04/2025 he said", "en", None, ("2025-04-04", "explicit")),        # both readings agree
])
def test_numeric_dates_follow_the_outlet_or_language_order(text, lang, convention, expected):
    _, date, _, basis = res(text, lang, convention=convention)
    assert (date, basis) == expected


def test_outlet_decides_numeric_dates_through_its_country(lex):
    for outlet, date in (("The Washington Post", "2025-05-03"), ("BBC", "2025-03-05"), (None, None)):
        doc = make_doc("On 05/03/2025, Dmitry Peskov said Russia supplied drones to Iran.", "en", "2025-06-01")
        claims = extract_document(doc.model_copy(update={"outlet": outlet}), lex, None)
        assert [c.said_on.date for c in claims] == [date], outlet


def test_relative_dates_need_a_published_date():
    assert res("this week", "en", None)[1:] == (None, "week", "unknown")


def test_no_false_dates():
    assert find_date_phrases("drones with a range of 1000 km may fly over 10% of it", "en") == []


def test_published_inferred_from_latest_date_not_scheduled_one():
    text = "On January 3, the operation began. On January 5 he pleaded. The next hearing is scheduled for March 17."
    assert infer_published(text, "en", dt.date(2025, 10, 31)) == dt.date(2026, 1, 5)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200), st.sampled_from(["en", "uk", "ru"]))
def test_date_finder_never_crashes(text, lang):
    for p in find_date_phrases(text, lang):
        assert text[p.start:p.end] == p.text
        resolve(p, lang, PUB, None)
