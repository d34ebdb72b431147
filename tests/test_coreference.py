"""Coreference on its own: what a later pronoun, group or outlet reference stands for."""
import pytest

from claimtrack.extract.coreference import Coreference
from claimtrack.extract.entities import Mention
from claimtrack.languages import language

ARTICLE = Mention(0, 0, "Daily Planet", "Daily Planet", "media", None, "article")


def person(name, start=0):
    return Mention(start, start + 1, name, name, "person", "Atlantis", "name")


def pronoun(text, number="sg", start=10):
    return Mention(start, start + 1, text, "", "pronoun", None, "pronoun", number=number)


@pytest.fixture
def coref():
    return Coreference(language("en").words, ARTICLE)


def test_a_pronoun_stands_for_the_last_person_speaker(coref):
    coref.note(person("Ana Ortiz"), True)
    coref.note(person("Ben Cole"), False)  # named, but not a speaker
    assert coref.resolve(pronoun("he"), []).canonical == "Ana Ortiz"


def test_the_latter_stands_for_the_person_named_last(coref):
    coref.note(person("Ana Ortiz"), True)
    coref.note(person("Ben Cole"), False)
    assert coref.resolve(pronoun("the latter"), []).canonical == "Ben Cole"


def test_an_antecedent_in_the_same_sentence_comes_first(coref):
    coref.note(person("Ana Ortiz"), True)
    near = person("Ben Cole", start=2)
    assert coref.resolve(pronoun("he"), [near]).canonical == "Ben Cole"


def test_they_stands_for_the_last_group_speaker(coref):
    group = Mention(0, 2, "officials", "officials", "group", "Atlantis", "group", number="pl")
    coref.note(group, True)
    coref.note(person("Ana Ortiz"), True)
    got = coref.resolve(pronoun("they", "pl"), [])
    assert (got.canonical, got.kind) == ("officials", "group")


def test_an_unresolved_pronoun_is_an_unknown_speaker(coref):
    got = coref.resolve(pronoun("she"), [])
    assert (got.canonical, got.kind) == ("she", "unknown")


def test_the_newspaper_before_any_outlet_is_named_is_the_article_itself(coref):
    ref = Mention(3, 5, "the newspaper", "", "media", None, "media_ref")
    assert coref.resolve(ref, []).canonical == "Daily Planet"
    coref.note(Mention(0, 1, "Reuters", "Reuters", "media", None, "alias"), False)
    assert coref.resolve(ref, []).canonical == "Reuters"


def test_event_arguments_take_the_nearest_person_in_the_sentence(coref):
    coref.note(person("Ana Ortiz"), True)
    args = coref.arguments([person("Ben Cole", 0), pronoun("his", start=4)])
    assert [m.canonical for m in args] == ["Ben Cole", "Ben Cole"]
    assert coref.arguments([pronoun("his", start=4)])[0].canonical == "Ana Ortiz"
