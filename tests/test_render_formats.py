"""The output-format registry: every command's --format choices and -o's extensions come from it."""
import io

import pytest

from claimtrack import render
from claimtrack.cli import main


@pytest.mark.parametrize("command, kind", [("claims", "claims"), ("conflicts", "conflicts"), ("diff", "diff")])
def test_command_choices_come_from_the_registry(command, kind):
    opt = next(p for p in main.commands[command].params if p.name == "fmt")
    assert list(opt.type.choices) == render.formats_for(kind)


@pytest.mark.parametrize("kind", sorted(render.WRITERS))
def test_every_writer_writes_records_of_its_kind(extract_text, kind):
    records = {"claims": extract_text("Wire.\n\nThe talks failed, Ada Morrow said.\n", "en"),
               "conflicts": [], "groups": []}[kind]
    for fmt in render.WRITERS[kind]:
        out = io.BytesIO()
        assert render.write_records(kind, fmt, records, out) == len(records)
        if kind == "claims" and fmt != "markdown":
            assert b"Ada Morrow" in out.getvalue(), fmt


def test_an_output_file_extension_names_its_format():
    assert render.output_format(None, "x.md", False) == "markdown"
    assert render.output_format(None, "x.csv", True) == "csv"
    assert render.output_format("json", "x.csv", True) == "json"


def test_limit_must_be_positive(tmp_path):
    from click.testing import CliRunner

    r = CliRunner().invoke(main, ["--store", str(tmp_path / "s.db"), "claims", "--limit", "-1"])
    assert r.exit_code == 2 and "--limit" in r.output
