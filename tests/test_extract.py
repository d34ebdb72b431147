"""Extraction rules on sentences written for the tests, in the style of news (not seed sentences)."""
from conftest import one


def test_english_said_that_with_role_and_date(extract_text):
    cs = extract_text("On Tuesday, Kremlin spokesman Dmitry Peskov said that Moscow would not send troops to Serbia.",
                      "en", "2024-05-09")
    c = one(cs, speaker="Peskov", text="would not send troops")
    assert c["polarity"] == "negative"
    assert c["speaker"]["affiliation"] == "Russia"
    assert c["said_on"] == {"date": "2024-05-07", "precision": "day", "text": "On Tuesday", "basis": "relative"}
    assert c["frame"]["type"] == "deploy_forces"


def test_quote_then_attribution_and_pronoun_follow_up(extract_text):
    text = ('"We will not give up a single village," Ukrainian Foreign Minister Andrii Sybiha said in Kyiv. '
            'He added that talks with Hungary had stalled.')
    cs = extract_text(text, "en")
    q = one(cs, speaker="Sybiha", text="single village")
    assert q["quote"] is True and q["polarity"] == "negative"
    f = one(cs, speaker="Sybiha", text="talks with Hungary")
    assert f["frame"]["type"] == "contact_negotiate"


def test_reporting_chain_quoted_by(extract_text):
    cs = extract_text("Belarusian leader Alexander Lukashenko was quoted by TASS as saying that Minsk would host "
                      "more Iskander-M launchers.", "en")
    c = one(cs, speaker="Lukashenko")
    assert c["via"] == ["TASS"]
    assert "Iskander-M" in c["weapons"] or any("Iskander" in w for w in c["weapons"])


def test_trailing_attribution_makes_outlet_the_speaker(extract_text):
    cs = extract_text("Iran has delivered at least 200 Shahed-136 drones to Russia since August, the Financial Times "
                      "reported on Friday, citing two Western officials.", "en")
    c = one(cs, text="delivered at least 200")
    assert c["speaker"]["canonical"] == "two Western officials"
    assert c["via"] == ["Financial Times"]
    q = c["quantities"][0]
    assert q["value"] == 200 and q["qualifier"] == "at_least"
    assert "Shahed-136" in c["weapons"]


def test_denial_and_doubt_and_possibility(extract_text):
    cs = extract_text("Turkish Foreign Minister Hakan Fidan denied that Ankara had sold drones to Moscow. "
                      "Analysts doubt that the sanctions will work. "
                      "General Kyrylo Budanov did not rule out a new offensive in the north.", "en")
    assert one(cs, speaker="Fidan")["polarity"] == "negative"
    assert one(cs, speaker="analysts")["modality"] == "doubted"
    b = one(cs, speaker="Budanov")
    assert b["modality"] == "possible" and b["polarity"] == "positive"


def test_unknown_name_is_kept_with_inferred_affiliation(extract_text):
    cs = extract_text("Former US ambassador to Poland Mark Brzezinski said the decision was a mistake.", "en")
    c = one(cs, speaker="Brzezinski")
    assert c["speaker"]["kind"] == "person"
    assert c["speaker"]["affiliation"] == "United States"


def test_ukrainian_inflected_names_and_dash_quote(extract_text):
    text = ('"Ми не отримували жодних запитів від Мінська", - сказав речник Держприкордонслужби Андрій Демченко. '
            'Зеленський заявив, що Україна передала партнерам докази постачання ракет Путіну.')
    cs = extract_text(text, "uk")
    q = one(cs, speaker="Demchenko")
    assert q["quote"] is True and q["polarity"] == "negative"
    z = one(cs, speaker="Zelensky")
    assert "Vladimir Putin" in z["actors"]


def test_ukrainian_posthoc_attribution(extract_text):
    text = "Росія перекинула до Білорусі нові комплекси С-400. Про це повідомляє Reuters."
    cs = extract_text(text, "uk")
    c = one(cs, speaker="Reuters")
    assert c["frame"]["type"] == "deploy_forces"
    assert any(w.startswith("S-400") for w in c["weapons"])


def test_russian_according_to_and_denial(extract_text):
    text = ("По словам министра иностранных дел Сергея Лаврова, Москва не получала просьб о помощи. "
            "Песков опроверг сообщения о переговорах.")
    cs = extract_text(text, "ru")
    c = one(cs, speaker="Lavrov")
    assert c["polarity"] == "negative" and c["frame"]["type"] == "request_aid"
    assert one(cs, speaker="Peskov")["polarity"] == "negative"


def test_event_reported_by_the_article(extract_text):
    cs = extract_text("Russian drones struck an oil depot in the Kherson region overnight.", "en")
    assert cs and cs[0]["speaker"]["kind"] == "media" and cs[0]["frame"]["type"] == "strike_attack"


def test_evidence_offsets_slice_the_text(extract_text):
    text = 'Officials in Kyiv said the strike hit a school.\n\n"It was deliberate," Zelensky said.'
    for c in extract_text(text, "en"):
        assert text[c["evidence"]["start"]:c["evidence"]["end"]] == c["evidence"]["text"]


def test_summary_repeating_the_body_is_one_claim(extract_text):
    text = ("Defence Minister Rustem Umerov said Ukraine had received the first F-16 jets.\n\n"
            "Summary: Defence Minister Rustem Umerov said Ukraine had received the first F-16 jets.")
    cs = extract_text(text, "en")
    assert len([c for c in cs if "Umerov" in c["speaker"]["canonical"]]) == 1


def test_declining_to_comment_states_nothing(extract_text):
    cs = extract_text("The Pentagon declined to comment on the report.", "en")
    assert [(c["modality"], c["frame"]["type"]) for c in cs if c["speaker"]["canonical"] == "Pentagon"] == \
        [("no_comment", "statement")]  # a claim of its own kind, never an assertion about the report


def test_claim_ids_survive_unrelated_edits(extract_text):
    a = extract_text("Lavrov said talks were possible. Rain fell in Kyiv.", "en")
    b = extract_text("Intro line was added here.\n\nLavrov said talks were possible. Rain fell in Kyiv.", "en")
    ida = {c["id"] for c in a if "Lavrov" in c["speaker"]["canonical"]}
    idb = {c["id"] for c in b if "Lavrov" in c["speaker"]["canonical"]}
    assert ida and ida == idb


def test_quote_continuation_keeps_the_speaker(extract_text):
    text = ('"The exchange is done," Defence Minister Rustem Umerov wrote on Telegram. '
            '"We will bring every prisoner home."')
    cs = extract_text(text, "en")
    assert one(cs, speaker="Umerov", text="every prisoner home")["quote"] is True


def test_title_only_source_and_trailing_phrase(extract_text):
    cs = extract_text("Drones struck an oil depot near Bryansk, a regional governor said Friday, in the latest "
                      "attack on fuel sites.", "en")
    c = one(cs, text="struck an oil depot")
    assert c["speaker"]["canonical"] == "a regional governor" and c["speaker"]["kind"] == "unnamed"


def test_country_possessive_body_is_the_speaker(extract_text):
    cs = extract_text("China's foreign ministry said in a statement that the talks were constructive.", "en")
    c = one(cs, text="talks were constructive")
    assert c["speaker"]["affiliation"] == "China" and c["speaker"]["kind"] == "government"


def test_as_reported_with_an_inner_speaker(extract_text):
    cs = extract_text("Как передает Интерфакс, Захарова также отметила, что Москва готовит ответные меры.", "ru")
    c = one(cs, speaker="Zakharova")
    assert c["via"] == ["Interfax"]


def test_pronoun_takes_the_subject_of_the_previous_sentence(extract_text):
    text = ("Zelensky had criticised the draft communique before arriving in Vilnius. "
            "\"It's absurd,\" he wrote on Twitter.")
    assert one(extract_text(text, "en"), text="absurd")["speaker"]["canonical"] == "Volodymyr Zelensky"


def test_condemning_is_the_frame_of_a_condemnation(extract_text):
    c = one(extract_text("Iran condemned Israel for the strike on its consulate in Damascus.", "en"), speaker="Iran")
    assert c["frame"] == {"type": "condemn", "agent": "Iran", "target": "Israel"}
