import datetime as dt
import json

import pytest

from claimtrack.load import (InputError, LoadReport, Loader, RawDoc, build_document, decode_bytes,
                             detect_language, split_front_matter)

UK = "Президент заявив, що Україна отримала нові системи ППО. Про це повідомляє агентство."
RU = "Президент заявил, что Россия получила новые системы ПВО. Об этом сообщает агентство."


@pytest.mark.parametrize("enc", ["utf-8", "utf-8-sig", "utf-16", "cp1251", "koi8-u"])
def test_decoding_ukrainian(enc):
    text = decode_bytes(UK.encode(enc)).text
    assert text == UK


@pytest.mark.parametrize("enc", ["cp1251", "koi8-r", "utf-16"])
def test_decoding_russian(enc):
    assert decode_bytes(RU.encode(enc))[0] == RU


def test_binary_is_refused():
    with pytest.raises(InputError):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def test_language_detection_tells_ukrainian_from_russian():
    assert detect_language(UK) == "uk"
    assert detect_language(RU) == "ru"
    assert detect_language("The minister said that the talks would resume next week.") == "en"
    assert detect_language("Der Minister sagte, dass die Gespräche nicht fortgesetzt werden.") == "de"


def test_front_matter():
    meta, body, bad = split_front_matter("---\ntitle: A\noutlet: Reuters\npublished: 2024-01-02\n---\nBody text.")
    assert meta == {"title": "A", "outlet": "Reuters", "published": "2024-01-02"} and body == "Body text." and not bad


def _docs(tmp_path, name, content: bytes):
    p = tmp_path / name
    p.write_bytes(content)
    rep = LoadReport()
    return list(Loader(rep).iter_raw([str(tmp_path)])), rep


def test_jsonl_bad_line_is_reported_with_line_number(tmp_path):
    lines = [json.dumps({"id": "a", "text": "One."}), "{broken", json.dumps({"title": "no text"}),
             json.dumps({"id": "b", "text": "Two."})]
    docs, rep = _docs(tmp_path, "feed.jsonl", "\n".join(lines).encode())
    assert [d.id for d in docs] == ["a", "b"]
    assert [(p.line, p.skipped) for p in rep.problems] == [(2, True), (3, True)]
    assert "feed.jsonl" in rep.problems[0].path


def test_json_list_and_object(tmp_path):
    docs, rep = _docs(tmp_path, "a.json", json.dumps([{"text": "One."}, {"text": "Two.", "outlet": "AP"}]).encode())
    assert [d.id for d in docs] == ["a.json#0", "a.json#1"] and docs[1].meta["outlet"] == "AP"


def test_unsupported_empty_and_missing(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    (tmp_path / "e.txt").write_bytes(b"")
    rep = LoadReport()
    docs = list(Loader(rep).iter_raw([str(tmp_path), str(tmp_path / "nope")]))
    assert docs == []
    msgs = " ".join(str(p) for p in rep.problems)
    assert "nope" in msgs and "x.pdf" in msgs and "empty" in msgs


def test_symlink_loop_reported(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "doc.txt").write_text("Text here.")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    rep = LoadReport()
    docs = list(Loader(rep).iter_raw([str(tmp_path)]))
    assert len(docs) == 1 and any("loop" in p.message for p in rep.problems)


def test_metadata_inference_title_outlet_published():
    text = ("Putin's allies complain they were abandoned - Bloomberg\n\nOn Sunday, October 26, the aircraft landed. "
            "Officials met on October 29.\n\nRead at The Atlantic")
    doc = build_document(RawDoc(id="x", path="x", text=text, meta={}), dt.date(2025, 11, 15), None,
                         {"atlantic": "The Atlantic"})
    assert doc.title.startswith("Putin's allies")
    assert doc.outlet == "The Atlantic"
    assert doc.published == "2025-10-29" and doc.published_basis == "inferred"


def test_published_override_and_bad_metadata_date():
    raw = RawDoc(id="x", path="x", text="Text.", meta={"published": "someday"})
    doc = build_document(raw, None, dt.date(2024, 2, 3), {})
    assert doc.published == "2024-02-03" and doc.published_basis == "option"
