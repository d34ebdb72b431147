"""The language registry, and table-driven tests per language: dates, sentence splitting, cues and
speakers. Every sentence is written for these tables (wire-news style), none is from a corpus."""
import datetime as dt
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from claimtrack import dates, languages
from claimtrack.languages import LanguageData
from claimtrack.segment import segment
from conftest import one

SRC = Path(__file__).resolve().parents[1] / "src" / "claimtrack"
PUBLISHED = dt.date(2025, 11, 5)  # a Wednesday


def test_the_registry_has_a_folder_per_language():
    assert set(languages.codes()) >= {"en", "es", "ru", "uk"}
    for lg in languages.languages():
        assert lg.known and lg.data.code == lg.code
        assert len(lg.dates.months) == 12 and len(lg.dates.weekdays) == 7


def test_an_unknown_code_is_the_language_neutral_language():
    lg = languages.language("xx")
    assert not lg.known and not lg.words.complementizers and not lg.dates.months


def test_language_data_is_validated():
    with pytest.raises(ValidationError):
        LanguageData.model_validate({"version": 1, "code": "xx", "name": "X", "dates": {"months": ["a"] * 11}})
    with pytest.raises(ValidationError):
        LanguageData.model_validate({"version": 2, "code": "xx", "name": "X"})
    with pytest.raises(ValidationError):  # a misspelt word class is an error, not ignored
        LanguageData.model_validate({"version": 1, "code": "xx", "name": "X", "words": {"complementisers": []}})


def test_no_code_module_names_a_language():
    """What is specific to a language is data in its folder: no code module names a language's
    code or holds Cyrillic letters (the registry's loader is the only place that reads them)."""
    codes = "|".join(languages.codes())
    quoted = re.compile(rf"""["']({codes})["']""")
    for path in sorted(SRC.glob("*.py")) + sorted((SRC / "extract").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"[\u0400-\u04ff]", text), path.name
        assert not quoted.search(text), (path.name, quoted.search(text).group())


DATES = [
    ("en", "The talks were held on Monday, November 3, 2025.", "2025-11-03", "day"),
    ("en", "Troops arrived in March 2024.", "2024-03-01", "month"),
    ("en", "The ministry said last week that it had no plans.", "2025-10-27", "week"),
    ("uk", "Переговори відбулися 3 листопада 2025 року.", "2025-11-03", "day"),
    ("uk", "Він заявив про це у березні.", "2025-03-01", "month"),
    ("ru", "Переговоры прошли 3 ноября 2025 года.", "2025-11-03", "day"),
    ("ru", "Об этом стало известно вчера.", "2025-11-04", "day"),
    ("es", "Las conversaciones se celebraron el 3 de noviembre de 2025.", "2025-11-03", "day"),
    ("es", "El ministro habló este lunes con la prensa.", "2025-11-03", "day"),
    ("es", "Las tropas llegaron en marzo de 2024.", "2024-03-01", "month"),
    ("es", "La reunión fue ayer.", "2025-11-04", "day"),
]


@pytest.mark.parametrize("lang, text, iso, precision", DATES)
def test_dates_per_language(lang, text, iso, precision):
    phrases = dates.find_date_phrases(text, lang)
    assert phrases, text
    r = dates.resolve(phrases[0], lang, PUBLISHED, None)
    assert (r.date.isoformat() if r.date else None, r.precision) == (iso, precision)


SPLITS = [
    ("en", "Gen. Alan Reed spoke first. Mr. Smith replied on Monday.", 2),
    ("uk", "Про це повідомив ген. Сирський. Потім виступив міністр.", 2),
    ("ru", "Об этом сообщил г. Иванов. Затем выступил министр.", 2),
    ("es", "El Sr. Gómez habló primero. Después intervino la ministra.", 2),
    ("es", "¿Enviará Rusia más tropas? Nadie lo sabe.", 2),
]


@pytest.mark.parametrize("lang, text, n", SPLITS)
def test_sentence_splitting_per_language(lang, text, n):
    assert len(segment(text).sentences) == n


SPEAKERS = [
    ("en", "Kremlin spokesman Dmitry Peskov said Russia had not sent troops to Mali.", "Dmitry Peskov", "had not sent troops"),
    ("uk", "Речник Кремля Дмитро Пєсков заявив, що Росія не надсилала військ.", "Dmitry Peskov", "не надсилала"),
    ("ru", "Пресс-секретарь Кремля Дмитрий Песков заявил, что Россия не отправляла войска.", "Dmitry Peskov", "не отправляла"),
    # Spanish: a title, then the name between commas, then the cue
    ("es", "El canciller ruso, Serguéi Lavrov, afirmó el lunes que Moscú no enviará tropas.", "Sergei Lavrov", "no enviará tropas"),
    # cue first after a quotation, the name in apposition to a role
    ("es", '"No hemos entregado armas", dijo el portavoz del Kremlin, Dmitri Peskov, a la prensa.', "Dmitry Peskov", "No hemos entregado armas"),
    # content before the cue, the outlet after it
    ("es", "Estados Unidos desplegó al menos diez buques en el Caribe, informó la agencia Reuters.", "Reuters", "desplegó"),
    ("es", "Según la agencia Reuters, Rusia entregó sistemas de defensa antiaérea a Venezuela.", "Reuters", "entregó"),
    ("es", "El Gobierno ruso negó este miércoles haber suministrado misiles a Caracas.", "Russian Government", "haber suministrado"),
]


@pytest.mark.parametrize("lang, text, speaker, content", SPEAKERS)
def test_cues_and_speakers_per_language(extract_text, lang, text, speaker, content):
    claims = extract_text("Informe.\n\n" + text + "\n", language=lang, published="2025-11-05")
    c = one(claims, speaker=speaker, text=content)
    assert c["cue"] and c["speaker"]["canonical"] == speaker


SPANISH_ARTICLE = """\
MOSCÚ, 5 de noviembre de 2025 — El Kremlin negó este miércoles haber entregado sistemas de misiles a Venezuela.

"Rusia no ha suministrado armas nuevas a Caracas", dijo el portavoz del Kremlin, Dmitri Peskov, a los periodistas.

La ministra de Defensa de Alemania, Eva Richter, aseguró el martes que Berlín enviará dos sistemas de defensa aérea a Ucrania.

Estados Unidos desplegó al menos 10 buques de guerra en el Caribe, informó la agencia Reuters.
"""


def test_a_spanish_wire_article(extract_text):
    claims = extract_text(SPANISH_ARTICLE, None, "2025-11-05")  # the language is detected from the text
    assert {c["doc"]["language"] for c in claims} == {"es"}
    denial = one(claims, speaker="Kremlin", text="entregado")
    assert denial["polarity"] == "negative" and denial["frame"]["type"] == "supply_weapons"
    assert denial["said_on"]["date"] == "2025-11-05"
    peskov = one(claims, speaker="Dmitry Peskov")
    assert peskov["quote"] and peskov["frame"]["target"] == "Venezuela"
    richter = one(claims, speaker="Eva Richter")
    assert richter["said_on"]["date"] == "2025-11-04" and "Ukraine" in richter["actors"]
    reuters = one(claims, speaker="Reuters")
    assert reuters["frame"]["type"] == "deploy_forces" and reuters["frame"]["agent"] == "United States"
    assert reuters["quantities"][0]["value"] == 10 and reuters["quantities"][0]["qualifier"] == "at_least"
    for c in claims:  # every claim's evidence is its slice of the text
        assert c["evidence"]["text"] == SPANISH_ARTICLE[c["evidence"]["start"]:c["evidence"]["end"]]


def test_an_unsupported_language_is_a_warning_naming_the_document(tmp_path):
    from click.testing import CliRunner

    from claimtrack.cli import main

    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "de.txt").write_text(
        "Die Regierung in Berlin hat am Montag die Lieferung von Raketen bestätigt, sagte ein Sprecher. "
        "Der Kanzler und die Minister haben sich nicht dazu geäußert.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["extract", "--no-store", str(tmp_path / "c"), "--format", "jsonl"])
    assert r.exit_code == 0
    assert "de.txt" in r.output and "language 'de'" in r.output
