"""The README is true by construction: its examples are what claimtrack prints on the seeds."""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import readme_examples  # noqa: E402

from claimtrack.models import Conflict  # noqa: E402


def test_every_example_is_what_claimtrack_prints():
    text = readme_examples.README.read_text(encoding="utf-8")
    assert text.count("<!-- example") >= 6
    fresh = readme_examples.render(text)
    stale = [line for line in fresh.splitlines() if line not in text.splitlines()]
    assert fresh == text, f"README examples are stale (run python tools/readme_examples.py): {stale[:5]}"


def test_an_elided_block_keeps_its_head_and_tail():
    out = [f"line {i}" for i in range(10)]
    assert readme_examples._shaped(out, ["a", "b", "⋮", "z"]) == ["line 0", "line 1", "⋮", "line 9"]
    assert readme_examples._shaped(out[:3], ["a", "b", "⋮", "z"]) == out[:3]  # nothing left out to mark


def test_the_sentence_on_a_finding_names_its_fields():
    text = readme_examples.README.read_text(encoding="utf-8")
    sentence = re.search(r"Each finding\s+carries(.*?)\.\s", text, re.S).group(1)
    assert set(re.findall(r"`(\w+)`", sentence)) == set(Conflict.model_fields)


def test_the_counts_the_readme_gives_for_the_seeds(tmp_path):
    from click.testing import CliRunner

    from claimtrack.cli import main

    text = readme_examples.README.read_text(encoding="utf-8")
    total, russia = map(int, re.search(r"lists (\d+) findings \((\d+) with `--actor Russia`\)", text).groups())
    run = CliRunner()
    store = ["--store", str(tmp_path / "s.db")]
    run.invoke(main, [*store, "extract", str(ROOT / "seeds"), "-q", "-o", str(tmp_path / "c.jsonl")])
    for args, n in (([], total), (["--actor", "Russia"], russia)):
        r = run.invoke(main, [*store, "conflicts", *args, "--format", "jsonl"])
        assert len(r.stdout.splitlines()) == n, args
