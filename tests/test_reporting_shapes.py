"""Reporting-clause shapes, one row per shape: (language, text, speaker, content, date text).

Each sentence is written for this table; each shape is one that wire stories use in every lede."""
import pytest

from conftest import one

SHAPES = [
    # content before the cue, a title between the comma and the name, an adjunct of time after it
    ("en", "Norway will send two more frigates to the Baltic, Prime Minister Erna Vik said on Thursday.",
     "Erna Vik", "Norway will send two more frigates to the Baltic", "on Thursday"),
    ("en", "The border crossing will reopen next month, Latvia's interior minister Ilze Berzina said on Monday.",
     "Ilze Berzina", "The border crossing will reopen next month", "on Monday"),
    # audience after the cue
    ("en", "The alliance must double its stocks of shells, Jonas Held told reporters in Vienna.",
     "Jonas Held", "The alliance must double its stocks of shells", None),
    # a quotation with a title before the name
    ("en", '"We will not withdraw a single unit," army spokeswoman Dana Orlova said.',
     "Dana Orlova", "We will not withdraw a single unit", None),
    # a negation inside the quotation does not negate the cue after it
    ("en", '"Our troops never crossed the river," Tomas Reinholt said.',
     "Tomas Reinholt", "Our troops never crossed the river", None),
    # a short parenthesis between the name and the cue
    ("en", "Senator Ada Morrow (D-Ore.) said the shipment had been approved.",
     "Ada Morrow", "the shipment had been approved", None),
    ("en", "The package includes air-defence missiles, Ada Morrow (D-Ore.) said.",
     "Ada Morrow", "The package includes air-defence missiles", None),
    # a trailing "according to" whose source is a long noun phrase, named or not
    ("en", "Exports of grain fell by a third, according to the Bureau of Farm Statistics.",
     "Bureau of Farm Statistics", "Exports of grain fell by a third", None),
    ("en", "Fuel prices rose 4 percent in May, according to figures released by the port authority.",
     "figures released by the port authority", "Fuel prices rose 4 percent in May", None),
    ("en", "The convoy turned back at the border, according to two people familiar with the talks.",
     "two people familiar with the talks", "The convoy turned back at the border", None),
    # a common-noun subject speaks when no name does, with its possessor
    ("en", "The campaign said the rally would go ahead on Sunday.", "campaign", "the rally would go ahead on Sunday",
     "on Sunday"),
    ("en", "Her office said the senator had not seen the letter.", "Her office", "the senator had not seen the letter",
     None),
    # an apposition between a quotation's speaker and the cue; after a trailing "according to NAME"
    ("en", '"The count is wrong," Dana Orlova, the chief of staff of the regional council, said after midnight.',
     "Dana Orlova", "The count is wrong", None),
    ("en", "Grain exports will fall, according to Carl Brand, head of the Institute for Farm Studies at the university.",
     "Carl Brand", "Grain exports will fall", None),
    # "according to X" after a short introductory phrase: the claim follows the source
    ("en", "For the council, according to former mayor Willa Bent, the vote is a test of trust.",
     "Willa Bent", "the vote is a test of trust", None),
    # a participle after a comma quotes the clause's subject
    ("en", 'The mayor spoke to the crowd, saying: "We will win the vote."', "The mayor", "We will win the vote.", None),
    # an abbreviated title is not the speaker's name
    ("en", '"The bill will pass," said Sen. Tamsin Ball of Oregon.', "Tamsin Ball", "The bill will pass", None),
    ("en", "Rep. Tomas Colby said the bill would pass.", "Tomas Colby", "the bill would pass", None),
    # a word inside the quotation after a cue is not its speaker
    ("en", 'The mayor went on the attack, saying, "Will the governor resign? He should."', "The mayor",
     "Will the governor resign? He should.", None),
    # a participle after a comma reports; without the comma it does not (test below)
    ("en", 'Ada Holm took to the radio, telling listeners: "The bridge will reopen."', "Ada Holm",
     "The bridge will reopen.", None),
    # a document released by someone: its author speaks
    ("en", "Ada Holm released a statement saying that the bridge would reopen.", "Ada Holm",
     "the bridge would reopen", None),
    # a relative clause between the speaker and the cue
    ("en", "Ada Vega, who is 28, said she would vote for the mayor.", "Ada Vega", "she would vote for the mayor", None),
    # a trailing cue first: the speaker follows it, not a pronoun's clause
    ("en", "The plan failed, said former mayor Ada Holm.", "Ada Holm", "The plan failed", None),
    # a long apposition after a trailing "said NAME" describes the speaker
    ("en", "The first ads could run this week, said Ola Brenna, a longtime adviser to the family who runs the fund.",
     "Ola Brenna", "The first ads could run this week", "this week"),
    # "according to" inside the content of a cue is not a trailing source
    ("en", "Tomas Reinholt added that, according to the terms of the deal, the army owes the city nothing.",
     "Tomas Reinholt", "according to the terms of the deal, the army owes the city nothing", None),
    # descriptors that are not titles between a quotation and its speaker
    ("en", '"The budget will not pass," Republican strategist Nora Quill said.',
     "Nora Quill", "The budget will not pass", None),
    # an introductory adverbial before the titled speaker: the claim follows the cue
    ("en", "On June 3, Greek Prime Minister Nikos Daras said Greece would not send tanks.",
     "Nikos Daras", "Greece would not send tanks", "June 3"),
    # cue first, content after "that"
    ("en", "Defence Minister Pal Jonson said on Tuesday that the first vehicles had arrived.",
     "Pal Jonson", "the first vehicles had arrived", "on Tuesday"),
    # an unnamed source, its anonymity after the cue
    ("en", "The convoy had crossed the border at night, a senior officer said, speaking on condition of anonymity.",
     "officer", "The convoy had crossed the border at night", None),
    # Ukrainian and Russian: a quotation, a dash, the cue, a day, the titled speaker
    ("uk", "«Ми не відведемо жодного підрозділу», — заявив у середу міністр оборони Рустем Умєров.",
     "Umerov", "Ми не відведемо жодного підрозділу", "у середу"),
    ("ru", "«Никаких запросов мы не получали», — сказал во вторник министр иностранных дел Сергей Лавров.",
     "Lavrov", "Никаких запросов мы не получали", "во вторник"),
    # cue first, an audience and a day, then the content
    ("uk", "Міністр закордонних справ Андрій Сибіга заявив журналістам у понеділок, що Київ не отримував пропозицій.",
     "Sybiha", "Київ не отримував пропозицій", "у понеділок"),
    ("ru", "Министр иностранных дел Сергей Лавров заявил журналистам в пятницу, что Москва не получала просьб.",
     "Lavrov", "Москва не получала просьб", "в пятницу"),
]

# one cue, two claims: the clause after ", adding that" is the same speaker's second claim
ADDING = [
    ("en", "Germany will deliver three more air-defence systems, Defence Minister Boris Pistorius said in Berlin "
           "on Tuesday, adding that the first would arrive in spring.",
     "Pistorius", ["Germany will deliver three more air-defence systems", "the first would arrive in spring"], "on Tuesday"),
    ("en", "Chancellor Olaf Scholz told lawmakers that Berlin would keep its commitments, adding that more "
           "shells were on the way.",
     "Scholz", ["Berlin would keep its commitments", "more shells were on the way"], None),
    ("uk", "Україна отримає ще дві системи Patriot, сказав у четвер президент Володимир Зеленський у Києві, "
           "додавши, що перша прибуде навесні.",
     "Zelensky", ["Україна отримає ще дві системи Patriot", "перша прибуде навесні"], "у четвер"),
    ("ru", "«Мы не получали никаких запросов», — сказал в среду пресс-секретарь Кремля Дмитрий Песков, "
           "добавив, что переговоры продолжатся.",
     "Peskov", ["Мы не получали никаких запросов", "переговоры продолжатся"], "в среду"),
]


@pytest.mark.parametrize("lang, text, speaker, contents, date_text", ADDING)
def test_adding_clause_is_a_second_claim_of_the_speaker(extract_text, lang, text, speaker, contents, date_text):
    claims = [c for c in extract_text("Wire report.\n\n" + text + "\n", language=lang)
              if speaker.lower() in c["speaker"]["canonical"].lower()]
    assert [c["content"] for c in claims] == contents
    assert all(c["said_on"]["text"] == date_text for c in claims)
    assert all(c["evidence"]["text"] == text for c in claims)


@pytest.mark.parametrize("lang, text", [
    ("en", "The minister spoke to reporters, Jan Holm said on Friday in Oslo."),
    ("uk", "Про це повідомив Іван Мельник у вівторок."),
])
def test_a_time_or_place_adjunct_is_never_the_content(extract_text, lang, text):
    for c in extract_text("Wire report.\n\n" + text + "\n", language=lang):
        assert c["content"] not in ("on Friday in Oslo", "у вівторок")


@pytest.mark.parametrize("lang, text, speaker, content, date_text", SHAPES)
def test_reporting_clause_shape(extract_text, lang, text, speaker, content, date_text):
    claims = extract_text("Wire report.\n\n" + text + "\n", language=lang)
    c = one(claims, speaker=speaker)
    assert c["content"] == content
    assert c["said_on"]["text"] == date_text


def test_negation_before_the_cue_still_means_nothing_was_said(extract_text):
    claims = extract_text("Wire report.\n\nNo official has ever said that the talks failed.\n", language="en")
    assert not [c for c in claims if "talks failed" in c["content"] and c["cue"]]


def test_a_negative_clitic_before_the_cue_means_nothing_was_said(extract_text):
    claims = extract_text("Wire report.\n\nMinister Ola Brenna didn't say that the depot was closed.\n", language="en")
    assert not [c for c in claims if "depot was closed" in c["content"]]


def test_a_possessive_clitic_is_split_off_the_name():
    from claimtrack.extract.tokens import tokenize
    assert [t.text for t in tokenize("Brenna’s aide")] == ["Brenna", "’s", "aide"]


# number words are quantities, in each language's own words and inflections
NUMBER_WORDS = [
    ("en", "The army will receive five launchers and six jets, Defence Minister Pal Jonson said.",
     [(5, None, "launchers"), (6, None, "jets")]),
    ("en", "Norway sent a dozen tanks and twenty-four drones, Erna Vik said.", [(12, None, "tanks"), (24, None, "drones")]),
    ("en", "Hundreds of troops crossed the border, Erna Vik said.", [(200, 999, "troops")]),
    ("uk", "Україна отримає три дивізіони та п’ять літаків, сказав Рустем Умєров.",
     [(3, None, "дивізіони"), (5, None, "літаків")]),
    ("uk", "Армія отримала три тисячі снарядів і десятки танків, сказав Рустем Умєров.",
     [(3000, None, "снарядів"), (20, 99, "танків")]),
    ("ru", "Россия поставит восемь танков и сотни дронов, сказал Сергей Лавров.",
     [(8, None, "танков"), (200, 999, "дронов")]),
]


@pytest.mark.parametrize("lang, text, expected", NUMBER_WORDS)
def test_number_words_are_quantities(extract_text, lang, text, expected):
    claims = [c for c in extract_text("Wire report.\n\n" + text + "\n", language=lang) if c["cue"]]
    got = [(q["value"], q["value_max"], q["unit"].split()[0]) for q in claims[0]["quantities"]]  # the unit's head
    assert got == [(float(v), None if m is None else float(m), u) for v, m, u in expected]


def test_once_is_a_number_only_where_the_language_says_so(extract_text):
    from claimtrack.extract.quantities import find_quantities

    assert find_quantities("He came once again", 0, 18, [], "en") == []


# statements of no comment are claims of their own modality, in each language; they state nothing
NO_COMMENT = [
    ("en", "The ministry declined to comment on the report.", "ministry", "on the report"),
    ("en", "A spokesman for the port authority did not immediately respond to a request for comment.",
     "A spokesman for the port authority", "a request for comment"),
    ("en", "Ola Brenna declined to say whether the talks had failed.", "Ola Brenna", "whether the talks had failed"),
    ("uk", "Іван Мельник відмовився коментувати повідомлення про поставки.", "Melnyk", "повідомлення про поставки"),
    ("ru", "Сергей Лавров отказался комментировать сообщения о поставках.", "Lavrov", "сообщения о поставках"),
]


@pytest.mark.parametrize("lang, text, speaker, content", NO_COMMENT)
def test_no_comment_is_a_claim_of_its_own_modality(extract_text, lang, text, speaker, content):
    c = one(extract_text("Wire report.\n\n" + text + "\n", language=lang), speaker=speaker)
    assert (c["content"], c["modality"], c["polarity"], c["frame"]["type"]) == (content, "no_comment", "positive",
                                                                               "statement")


def test_claims_filter_keeps_or_leaves_out_no_comment(tmp_path):
    from click.testing import CliRunner

    from claimtrack.cli import main
    from conftest import write_corpus

    corpus = write_corpus(tmp_path / "c", {"a.txt": "Wire.\n\nThe ministry declined to comment on the report. "
                                                    "Ola Brenna said the talks had failed.\n"})
    run = CliRunner()
    store = ["--store", str(tmp_path / "s.db")]
    run.invoke(main, [*store, "extract", str(corpus), "-q", "-o", str(tmp_path / "x.jsonl")])
    only = run.invoke(main, [*store, "claims", "--modality", "no_comment", "--format", "jsonl"]).stdout.splitlines()
    rest = run.invoke(main, [*store, "claims", "--modality", "asserted,hedged", "--format", "jsonl"]).stdout.splitlines()
    assert len(only) == 1 and "ministry" in only[0] and len(rest) == 1 and "Ola Brenna" in rest[0]
    bad = run.invoke(main, [*store, "claims", "--modality", "shouted"])
    assert bad.exit_code == 2 and "--modality" in bad.output


def test_a_quotation_ending_in_an_exclamation_takes_the_speaker_of_the_next_sentence(extract_text):
    claims = extract_text('Wire.\n\n"There is no place for such people here!" Ola Brenna said last week. '
                          'She left early.\n', language="en")
    c = one(claims, speaker="Ola Brenna")
    assert c["content"] == "There is no place for such people here!" and c["quote"]
    assert c["evidence"]["text"].endswith("said last week.")


def test_a_quotation_attributed_by_the_next_sentence_keeps_its_frame(extract_text):
    c = one(extract_text('Wire.\n\n"Norway delivered NASAMS systems to Ukraine!" Erna Vik said. She left.\n',
                         language="en"), speaker="Erna Vik")
    assert (c["frame"]["type"], c["frame"]["agent"], c["frame"]["target"]) == ("supply_weapons", "Norway", "Ukraine")


def test_said_he_after_a_comma_is_not_a_trailing_speaker(extract_text):
    claims = extract_text("Wire.\n\nThe vote was close, said he decided to back the mayor.\n", language="en")
    assert not [c for c in claims if c["speaker"]["canonical"] == "the mayor"]


@pytest.mark.parametrize("lang, text, canonical", [
    ("uk", "Олексій Тарасенко заявив, що Україна отримає літаки.", "Oleksiy Tarasenko"),
    ("ru", "Алексей Тарасенко заявил, что Украина получит самолеты.", "Aleksey Tarasenko"),
    ("en", "Oleksiy Tarasenko said Ukraine would get jets.", "Oleksiy Tarasenko"),
])
def test_an_unlisted_cyrillic_name_has_a_latin_canonical_name(extract_text, lang, text, canonical):
    c = one(extract_text("Wire.\n\n" + text + "\n", language=lang), speaker="Tarasenko")
    assert c["speaker"]["canonical"] == canonical
    assert c["speaker"]["name"] in text  # the name as written is kept


@pytest.mark.parametrize("lang, text, speaker, content", [
    ("uk", "Міністр оборони Іван Мельник заявив, що армія отримає літаки. Очільник відомства зазначив, "
           "що перші прибудуть навесні.", "Melnyk", "перші прибудуть навесні"),
    ("uk", "Міністр Іван Мельник заявив, що переговори тривають. Дипломат додав, що угоди ще немає.",
     "Melnyk", "угоди ще немає"),
    ("ru", "Министр Иван Мельников заявил, что переговоры идут. Глава ведомства добавил, что соглашения нет.",
     "Melnikov", "соглашения нет"),
])
def test_a_role_noun_refers_back_to_the_person_named_before(extract_text, lang, text, speaker, content):
    claims = extract_text("Wire.\n\n" + text + "\n", language=lang)
    assert one(claims, speaker=speaker, text=content)["content"] == content


@pytest.mark.parametrize("lang, text, speaker", [
    ("uk", "Як заявляє Центральна виборча комісія, явка перевищила половину.", "Центральна виборча комісія"),
    ("ru", "Как заявила Центральная избирательная комиссия, явка превысила половину.", "Центральная избирательная комиссия"),
])
def test_an_organisation_capitalised_on_its_first_word_only_is_one_speaker(extract_text, lang, text, speaker):
    c = one(extract_text("Wire.\n\n" + text + "\n", language=lang), speaker=speaker)
    assert c["speaker"]["kind"] == "organisation"


@pytest.mark.parametrize("lang, text, speaker, content", [
    ("ru", "В Кремле заявили, что переговоры продолжатся.", "Kremlin", "переговоры продолжатся"),
    ("uk", "У Кремлі заявили, що переговори тривають.", "Kremlin", "переговори тривають"),
])
def test_a_plural_cue_without_subject_is_said_by_the_body_in_the_place_phrase(extract_text, lang, text, speaker,
                                                                             content):
    assert one(extract_text("Wire.\n\n" + text + "\n", language=lang), speaker=speaker)["content"] == content


def test_an_institution_declining_to_comment_in_the_neuter(extract_text):
    c = one(extract_text("Wire.\n\nПосольство Израиля отказалось комментировать решение.\n", language="ru"),
            text="решение")
    assert c["modality"] == "no_comment"


def test_a_participle_without_a_comma_is_no_cue(extract_text):
    claims = extract_text("Wire.\n\nAda Holm spent the year writing a book about the harbour.\n", language="en")
    assert not [c for c in claims if c["cue"] == "writing"]
