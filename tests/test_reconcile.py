"""Reconcile on claims extracted from sentences written for the tests, plus synthetic scale."""
import pytest

from claimtrack.reconcile import origin, reconcile


@pytest.fixture()
def claims_of(extract_text):
    def run(*docs):
        out = []
        for i, (text, lang, pub) in enumerate(docs):
            for c in extract_text(text, lang, pub):
                c["doc"]["id"] = f"d{i}"
                out.append(c)
        return out

    return run


def test_contradiction_across_languages(lex, claims_of):
    cs = claims_of(
        ("Belarusian President Alexander Lukashenko said Minsk has not requested Russian troops.", "en", "2024-03-01"),
        ("Лукашенко попросив Путіна про військову допомогу, пише Reuters.", "uk", "2024-03-02"),
    )
    res = reconcile(cs, lex)
    kinds = {f.kind for f in res.conflicts if f.frame == "request_aid"}
    assert "contradiction" in kinds
    f = next(f for f in res.conflicts if f.frame == "request_aid")
    assert {f.a.speaker.canonical, f.b.speaker.canonical} == {"Alexander Lukashenko", "Reuters"}
    assert "denies" in f.explanation and 0 < f.score <= 1


def test_doubt_is_a_dispute_and_agreement_is_not_a_conflict(lex, claims_of):
    cs = claims_of(
        ("Iranian Foreign Minister Abbas Araghchi said Tehran supplies Russia with drones.", "en", "2024-03-01"),
        ("Analysts doubt that Iran supplies Russia with drones.", "en", "2024-03-02"),
        ("Kremlin spokesman Dmitry Peskov condemned the US sanctions against Iran.", "en", "2024-03-02"),
        ("Maria Zakharova condemned the US sanctions against Iran.", "en", "2024-03-03"),
    )
    res = reconcile(cs, lex)
    assert [f.kind for f in res.conflicts if f.frame == "supply_weapons"] == ["disputed"]
    assert not [f for f in res.conflicts if f.frame in ("condemn", "sanction")]


def test_later_event_supersedes_an_earlier_denial(lex, claims_of):
    cs = claims_of(
        ("On March 1, Turkish President Recep Tayyip Erdogan said Turkey would not strike Syria.", "en", "2024-03-02"),
        ("On May 20, Turkey struck Syria, the Associated Press reported.", "en", "2024-05-21"),
    )
    f = [f for f in reconcile(cs, lex).conflicts if f.frame == "strike_attack"]
    assert f and f[0].kind == "superseded" and f[0].a.said_on.date < f[0].b.said_on.date


def test_quantity_mismatch(lex, claims_of):
    cs = claims_of(
        ("Russia delivered at least 40 Iskander launchers to Belarus, Reuters reported.", "en", "2024-03-01"),
        ("Russia delivered up to 10 Iskander launchers to Belarus, TASS reported.", "en", "2024-03-02"),
    )
    assert any(f.kind == "quantity" for f in reconcile(cs, lex).conflicts)


def test_repeated_report_is_one_origin(lex, claims_of):
    cs = claims_of(
        ("Kazakhstan asked Russia for military assistance, the Financial Times reported, citing documents.", "en", "2024-03-01"),
        ("Казахстан попросив Росію про військову допомогу, пише Financial Times.", "uk", "2024-03-02"),
        ("Kazakhstan asked Russia for military assistance, according to the Financial Times.", "en", "2024-03-03"),
    )
    groups = [g for g in reconcile(cs, lex).groups if g.frame == "request_aid"]
    assert groups and groups[0].origins == ["Financial Times"] and groups[0].languages == ["en", "uk"]
    assert origin(cs[0]) == "Financial Times"


def _synthetic(n):
    countries = ["Russia", "Ukraine", "Iran", "China", "Belarus", "Syria", "Venezuela", "Cuba", "Turkey", "Israel"]
    for i in range(n):
        a, t = countries[i % 10], countries[(i // 10) % 10]
        yield {"id": f"c{i}", "doc": {"id": f"d{i % 5000}", "path": "p", "language": "en"},
               "speaker": {"name": f"S{i % 301}", "canonical": f"S{i % 301}", "kind": "person", "affiliation": a},
               "via": [], "cue": "said", "content": "x", "quote": False,
               "polarity": "negative" if i % 7 == 0 else "positive", "modality": "asserted",
               "frame": {"type": ["supply_weapons", "strike_attack", "request_aid"][i % 3], "agent": a, "target": t},
               "weapons": [], "actors": [], "quantities": [],
               "said_on": {"date": None, "precision": None, "text": None, "basis": "unknown"},
               "evidence": {"start": 0, "end": 1, "text": "x"}}


def test_work_grows_about_linearly(lex):
    """Counted comparisons, not timings (timings belong to bench/): 4x claims must not be 16x work."""
    small = reconcile(_synthetic(20_000), lex)
    large = reconcile(_synthetic(80_000), lex)
    assert small.conflicts and small.claims == 20_000
    assert large.comparisons <= 4 * small.comparisons + 1000


def test_one_speaker_reversing_himself_is_a_stance_change_with_both_dates(lex, claims_of):
    cs = claims_of(
        ("On March 1, Belarusian President Alexander Lukashenko said Belarus would not send troops to Ukraine.",
         "en", "2024-03-02"),
        ("On April 10, Alexander Lukashenko said Belarus would send troops to Ukraine.", "en", "2024-04-11"),
    )
    f = [f for f in reconcile(cs, lex).conflicts if f.kind == "stance_change"]
    assert len(f) == 1
    assert f[0].a.said_on.date == "2024-03-01" and f[0].b.said_on.date == "2024-04-10"
    assert "Alexander Lukashenko denies on 2024-03-01" in f[0].explanation
    assert "asserts on 2024-04-10" in f[0].explanation


def test_undated_or_same_day_claims_of_one_speaker_are_no_stance_change(lex, claims_of):
    cs = claims_of(
        ("Alexander Lukashenko said Belarus would not send troops to Ukraine.", "en", None),
        ("Alexander Lukashenko said Belarus would send troops to Ukraine.", "en", None),
    )
    assert not [f for f in reconcile(cs, lex).conflicts if f.kind == "stance_change"]


@pytest.mark.parametrize("text, verb", [
    ("Iran supplies Russia with drones, Iranian Foreign Minister Abbas Araghchi said.", "asserts"),
    ("Iran reportedly supplies Russia with drones, Iranian Foreign Minister Abbas Araghchi said.", "hedges"),
])
def test_explanation_says_what_each_side_states(lex, claims_of, text, verb):
    cs = claims_of((text, "en", "2024-03-01"),
                   ("Iran does not supply Russia with drones, Kremlin spokesman Dmitry Peskov said.", "en", "2024-03-02"))
    f = next(f for f in reconcile(cs, lex).conflicts if f.kind == "contradiction")
    assert f"Abbas Araghchi (Iran, 2024-03-01) {verb}:" in f.explanation
    assert "Dmitry Peskov (Russia, 2024-03-02) denies:" in f.explanation


def test_inflected_forms_of_one_unnamed_source_are_one_origin(lex, claims_of):
    cs = claims_of(
        ("Як пише The Guardian з посиланням на документи британського уряду, Казахстан попросив Росію "
         "про військову допомогу. Згідно з цими документами, Казахстан попросив Китай про військову допомогу.",
         "uk", "2024-03-01"),
        ("Kazakhstan asked China for military assistance, the Financial Times reported.", "en", "2024-03-03"),
    )
    groups = [g for g in reconcile(cs, lex).groups if g.frame == "request_aid" and "China" in g.actors]
    assert groups and groups[0].origins == ["Financial Times", "The Guardian"]


def test_one_documents_source_in_two_cases_is_one_origin(lex, claims_of):
    cs = claims_of(
        ("Згідно з документами, Казахстан попросив Китай про військову допомогу. "
         "У документах йдеться, що Казахстан попросив Китай про військову допомогу.", "uk", "2024-03-01"),
        ("Kazakhstan asked China for military assistance, the Financial Times reported.", "en", "2024-03-03"),
    )
    groups = [g for g in reconcile(cs, lex).groups if g.frame == "request_aid"]
    assert groups and groups[0].origins == ["Financial Times", "документами (d0)"]


def test_unnamed_officials_of_two_outlets_are_two_origins(lex, claims_of):
    cs = claims_of(
        ("Kazakhstan asked Russia for military assistance, officials said.", "en", "2024-03-01"),
        ("Kazakhstan asked Russia for military assistance, officials said.", "en", "2024-03-02"),
    )
    cs[0]["doc"]["outlet"], cs[1]["doc"]["outlet"] = "Reuters", "AP"
    groups = [g for g in reconcile(cs, lex).groups if g.frame == "request_aid"]
    assert groups and groups[0].origins == ["officials (AP)", "officials (Reuters)"]
