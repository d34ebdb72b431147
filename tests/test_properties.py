"""Property tests: no crash on arbitrary text, exact evidence offsets, deterministic output."""
import json
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.pipeline import extract_corpus

WORDS = ["Peskov", "said", "that", "Russia", "Kyiv", "denied", '"', "«", "»", "Лавров", "заявив", "що", ",", ".",
         "according", "to", "Reuters", "reported", "Oreshnik", "S-300", "on", "Tuesday", "\n\n", "не", "not",
         "Про", "це", "повідомляє", "he", "added", "–", "-", "сказав", "Путіна", "at", "least", "14", "missiles"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=400), st.lists(st.sampled_from(WORDS), max_size=120).map(" ".join)))
def test_any_text_extracts_with_exact_offsets(extract_text, text):
    for lang in ("en", "uk"):
        for c in extract_text(text, lang):
            ev = c["evidence"]
            assert text[ev["start"]:ev["end"]] == ev["text"]
            assert c["speaker"]["canonical"]


def _write(folder, texts):
    folder.mkdir()
    for i, t in enumerate(texts):
        (folder / f"doc{i:02}.txt").write_text(t, encoding="utf-8")


def test_same_corpus_same_bytes_whatever_the_input_order(tmp_path):
    texts = ["Kremlin spokesman Dmitry Peskov said talks were frozen. Lavrov denied it.",
             "Зеленський заявив, що Росія готує наступ. Про це повідомляє Reuters.",
             '"We will respond," Maria Zakharova said on Tuesday.'] * 3
    _write(tmp_path / "a", texts)
    shuffled = list(enumerate(texts))
    random.Random(4).shuffle(shuffled)
    (tmp_path / "b").mkdir()
    for i, t in shuffled:  # same files, created in another order
        (tmp_path / "b" / f"doc{i:02}.txt").write_text(t, encoding="utf-8")
    one = [json.dumps(c, sort_keys=True) for c in extract_corpus([str(tmp_path / "a")]).claims()]
    two = [json.dumps(c, sort_keys=True) for c in extract_corpus([str(tmp_path / "b")]).claims()]
    again = [json.dumps(c, sort_keys=True) for c in extract_corpus([str(tmp_path / "a")]).claims()]
    assert one and one == two == again


def test_encodings_give_the_same_claims(tmp_path):
    text = "Сергій Лавров заявив, що Москва не отримувала запитів від Каракаса."
    out = {}
    for enc in ("utf-8", "cp1251", "utf-16", "koi8-u"):
        d = tmp_path / enc
        d.mkdir()
        (d / "a.txt").write_bytes(text.encode(enc))
        out[enc] = [(c["id"], c["content"]) for c in extract_corpus([str(d)]).claims()]
    assert out["utf-8"] and all(v == out["utf-8"] for v in out.values())


def test_output_does_not_depend_on_hash_seed(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.jsonl"
        env = {**os.environ, "PYTHONHASHSEED": seed, "LC_ALL": "C" if seed == "1" else "C.UTF-8"}
        subprocess.run([sys.executable, "-m", "claimtrack", "--store", str(tmp_path / f"{seed}.db"), "-q", "extract",
                        str(seeds), "--format", "jsonl", "-o", str(out)], check=True, env=env)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and outs[0]


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("іїєґІЇЄҐыэъёЫЭЪЁабвАБВ"), max_size=300))
def test_language_detection_counts_letters_exactly(text):
    """Letters are counted in UTF-8 bytes for speed: the counts must be those of the characters."""
    from claimtrack import languages
    from claimtrack.load import _ASCII_LETTERS, _count, _detection

    _, letters, leads, _ = _detection()
    data = text.encode("utf-8")
    for script, lead_bytes in leads.items():
        assert _count(data, lead_bytes) == sum(c.encode()[:1] in lead_bytes for c in text if ord(c) > 127)
        for code, ls in letters[script].items():
            assert _count(data, ls) == sum(c in languages.language(code).data.detection.letters for c in text)
    assert len(data) - len(data.translate(None, _ASCII_LETTERS)) == sum(c.isascii() and c.isalpha() for c in text)

GIVEN_WORDS = WORDS + ["\r\n", "\r\n\r\n", "Cafe\u0301", "Zoe\u0308", "Йо\u0306", "e\u0301te\u0301"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(GIVEN_WORDS), min_size=1, max_size=120).map(" ".join))
def test_offsets_index_the_text_as_given(tmp_path_factory, text):
    """CRLF line ends and decomposed accents are normalised for reading, yet the evidence slices
    the user's own text: a JSONL record's `text` and a text file's body after its front matter."""
    d = tmp_path_factory.mktemp("given")
    (d / "feed.jsonl").write_text(json.dumps({"id": "r1", "text": text, "language": "en"}) + "\r\n", encoding="utf-8")
    (d / "a.txt").write_bytes(("---\r\nlanguage: en\r\n---\r\n" + text).encode("utf-8"))
    given = {"r1": text, "a.txt": text}
    for c in extract_corpus([str(d)]).claims():
        ev = c["evidence"]
        assert given[c["doc"]["id"]][ev["start"]:ev["end"]] == ev["text"]


def test_a_crlf_article_with_decomposed_accents_keeps_exact_offsets(tmp_path):
    text = "Dmitry Peskov said the talks were over.\r\n\r\nSergei Lavrov said Cafe\u0301 talks would go on.\r\n"
    (tmp_path / "a.txt").write_bytes(text.encode("utf-8"))
    claims = list(extract_corpus([str(tmp_path)]).claims())
    assert len(claims) == 2
    for c in claims:
        ev = c["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"]
    assert claims[1]["content"] == "Café talks would go on"  # content is read normalised (NFC)
