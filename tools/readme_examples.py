"""Produce the README's examples from the seeds, or check that they are what claimtrack prints.

    python tools/readme_examples.py            # rewrite the examples in README.md
    python tools/readme_examples.py --check    # exit 1 and show the difference if one is stale

An example is a fenced block right after a line `<!-- example -->`. Its `$ ` lines run in a
scratch folder holding copies of `seeds/`, `data/` and `edited-seeds/` (the seeds with the edits
`tests/test_diff.py` checks), all against one store, on a 110-column terminal without colours;
each command's output replaces the lines after it. A line `⋮` stands for output left out: the
lines before and after it keep their number. `$ echo $?` prints the previous command's status.

`<!-- example record: SPEAKER | WORDS -->` before a JSON block: the seeds' claim of SPEAKER whose
content holds WORDS, one field group a line. `<!-- example python -->`: the block is run (from the
repository's top) and must not fail.
"""
from __future__ import annotations

import difflib
import json
import os
import re
import shlex
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
ELIDED = "⋮"
WIDTH = 110
_MARK = re.compile(r"^<!-- example(?: (record|python)(?::\s*(.*?))?)? -->$")


def edited_seeds(seeds: Path, dest: Path) -> Path:
    """A copy of the seeds with one paragraph dropped, one word and one date changed and one
    article added: the edits `tests/test_diff.py` checks the diff against."""
    shutil.copytree(seeds, dest)
    p4 = dest / "004_03ebcb0a49025be3.txt"
    lines = p4.read_text(encoding="utf-8").split("\n")
    p4.write_text("\n".join(x for x in lines if not x.startswith("Sources familiar")), encoding="utf-8")
    p0 = dest / "000_90db2fe10fb4a2ed.txt"
    p0.write_text(p0.read_text(encoding="utf-8").replace("strongly condemns the US use", "firmly condemns the US use"),
                  encoding="utf-8")
    p1 = dest / "001_c285ee85051f1cc3.txt"  # a date corrected (not the latest one, which dates the article)
    p1.write_text(p1.read_text(encoding="utf-8").replace("цим 6 жовтня", "цим 7 жовтня"), encoding="utf-8")
    (dest / "zz_new.txt").write_text("Kremlin spokesman Dmitry Peskov said talks with Kyiv were frozen.",
                                     encoding="utf-8")
    return dest


@contextmanager
def _scratch():
    with tempfile.TemporaryDirectory() as d:
        work = Path(d)
        shutil.copytree(ROOT / "seeds", work / "seeds")
        shutil.copytree(ROOT / "data", work / "data")
        edited_seeds(ROOT / "seeds", work / "edited-seeds")
        old = os.getcwd()
        os.chdir(work)
        env = {"CLAIMTRACK_STORE": str(work / "claims.db"), "COLUMNS": str(WIDTH), "LINES": "50",
               "NO_COLOR": "1", "TERM": "dumb"}
        try:
            with mock.patch.dict(os.environ, env), mock.patch("claimtrack.cli._stdout_tty", lambda: True):
                yield work
        finally:
            os.chdir(old)


class Runner:
    """Runs a block's commands as a terminal would show them; `$?` is the last status."""

    def __init__(self) -> None:
        from click.testing import CliRunner

        self.cli = CliRunner()
        self.status = 0

    def run(self, command: str) -> list[str]:
        from claimtrack.cli import main

        words = shlex.split(command)
        if words == ["echo", "$?"]:
            return [str(self.status)]
        if words[0] != "claimtrack":
            raise ValueError(f"an example runs claimtrack or 'echo $?', not {command!r}")
        r = self.cli.invoke(main, words[1:], catch_exceptions=False, terminal_width=WIDTH, color=False)
        self.status = r.exit_code
        return [line.rstrip() for line in r.output.splitlines()]


def _shaped(out: list[str], shown: list[str]) -> list[str]:
    """The output cut as the README cuts it: as many lines before and after its `⋮`."""
    if ELIDED not in shown:
        return out
    head = shown.index(ELIDED)
    tail = len(shown) - head - 1
    if head + tail >= len(out):
        return out
    return out[:head] + [ELIDED] + (out[len(out) - tail:] if tail else [])


def _command_block(body: list[str], runner: Runner) -> list[str]:
    new: list[str] = []
    i = 0
    while i < len(body):
        line = body[i]
        if not line.startswith("$ "):
            raise ValueError(f"an example block starts with a '$ ' command: {line!r}")
        j = i + 1
        while j < len(body) and not body[j].startswith("$ "):
            j += 1
        new.append(line)
        new += _shaped(runner.run(line[2:].split("  #")[0].strip()), body[i + 1:j])
        i = j
    return new


def _record_block(spec: str) -> list[str]:
    speaker, words = (x.strip() for x in spec.split("|", 1))
    claims = [json.loads(x) for x in (ROOT / "data" / "seeds.claims.jsonl").read_text(encoding="utf-8").splitlines()]
    c = next((c for c in claims if c["speaker"]["canonical"] == speaker and words in c["content"]), None)
    if c is None:
        raise ValueError(f"no seed claim of {speaker!r} with {words!r}")
    groups = [["id"], ["doc"], ["speaker"], ["via", "cue", "content", "quote"], ["polarity", "modality"], ["frame"],
              ["weapons", "actors", "quantities"], ["said_on"], ["evidence"]]
    assert sorted(k for g in groups for k in g) == sorted(c), "a claim field is missing from the README layout"
    lines = [", ".join(f"{json.dumps(k)}: {json.dumps(c[k], ensure_ascii=False)}" for k in g) for g in groups]
    return ["{" + lines[0] + ","] + [" " + x + "," for x in lines[1:-1]] + [" " + lines[-1] + "}"]


def _python_block(body: list[str]) -> list[str]:
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile("\n".join(body), "README.md (python example)", "exec"), {})
    finally:
        os.chdir(old)
    return body


def render(text: str) -> str:
    """README text with every example produced afresh."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    with _scratch():
        runner = Runner()
        while i < len(lines):
            m = _MARK.match(lines[i])
            out.append(lines[i])
            i += 1
            if not m:
                continue
            out.append(lines[i])  # the opening fence
            end = lines.index("```", i + 1)
            body = lines[i + 1:end]
            kind = m.group(1)
            if kind == "record":
                out += _record_block(m.group(2) or "")
            elif kind == "python":
                out += _python_block(body)
            else:
                out += _command_block(body, runner)
            i = end
    return "\n".join(out)


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    fresh = render(text)
    if "--check" in argv:
        if fresh == text:
            return 0
        sys.stdout.writelines(difflib.unified_diff(text.splitlines(True), fresh.splitlines(True), "README.md",
                                                   "README.md (as claimtrack prints it)"))
        print("\nREADME examples are stale: run python tools/readme_examples.py", file=sys.stderr)
        return 1
    if fresh != text:
        README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
