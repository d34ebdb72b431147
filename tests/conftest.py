from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))  # fixture_eval
os.environ.pop("CLAIMTRACK_STORE", None)
os.environ.pop("CLAIMTRACK_LEXICONS", None)


@pytest.fixture(scope="session")
def lex():
    from claimtrack.lexicon import load_lexicon

    return load_lexicon()


def make_doc(text: str, language: str | None = None, published: str | None = "2025-11-03", doc_id: str = "t.txt"):
    from claimtrack.load import RawDoc, build_document

    meta = {}
    if language:
        meta["language"] = language
    if published:
        meta["published"] = published
    return build_document(RawDoc(id=doc_id, path=doc_id, text=text, meta=meta), None, None, {})


@pytest.fixture()
def extract_text(lex):
    from claimtrack.extract import extract_document

    def run(text: str, language: str | None = None, published: str | None = "2025-11-03"):
        doc = make_doc(text, language, published)
        return [c.model_dump(mode="json") for c in extract_document(doc, lex, None)]

    return run


def write_corpus(folder: Path, files: dict[str, str | bytes]) -> Path:
    """A corpus folder with the given files (text written as UTF-8)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        p = folder / name
        p.write_bytes(content) if isinstance(content, bytes) else p.write_text(content, encoding="utf-8")
    return folder


def one(claims, **want):
    """The single claim whose speaker canonical contains `speaker` (and content contains `text`)."""
    hits = [c for c in claims
            if want.get("speaker", "").lower() in c["speaker"]["canonical"].lower()
            and want.get("text", "").lower() in c["content"].lower()]
    assert hits, f"no claim for {want}; got {[(c['speaker']['canonical'], c['content']) for c in claims]}"
    return hits[0]
