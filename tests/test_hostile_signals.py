"""A run stopped by the user or the machine: one line, the shell's exit code, no worker left
behind and no traceback; a closed or full stdout is one line and exit 2."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimtrack.store import Store

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads worker pids from /proc")

SENTENCES = ('The minister said on Monday that the army would receive more air defence systems. '
             '"We will not stop," he told reporters. ')


def claimtrack(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "claimtrack", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True, **kw)


@pytest.fixture(scope="module")
def big_feed(tmp_path_factory) -> Path:
    """A feed that keeps two workers busy for far longer than the test waits."""
    p = tmp_path_factory.mktemp("feed") / "feed.jsonl"
    with p.open("w") as f:
        for i in range(60_000):
            f.write(json.dumps({"id": f"d{i}", "text": SENTENCES * 6 + f"Item {i}."}) + "\n")
    return p


def workers_of(pid: int, timeout: float = 60) -> list[int]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        kids = [int(k) for t in Path(f"/proc/{pid}/task").glob("*")
                for k in (t / "children").read_text().split()]
        if len(kids) >= 2:
            return kids
        time.sleep(0.1)
    pytest.fail("the workers did not start")


def running(pid: int) -> bool:
    """Alive and not a zombie (a dead child waits for its reaper in a container without init)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_gone(pids: list[int], timeout: float = 20) -> list[int]:
    end = time.monotonic() + timeout
    while time.monotonic() < end and any(running(p) for p in pids):
        time.sleep(0.1)
    return [p for p in pids if running(p)]


@pytest.mark.parametrize("how, code, line", [
    ("ctrl-c", 130, "Interrupted."),   # SIGINT to the whole process group, as a terminal sends it
    ("sigterm", 143, "Terminated."),   # SIGTERM to the parent alone, as `kill PID` does
])
def test_a_stopped_run_is_one_line_and_leaves_no_worker(tmp_path, big_feed, how, code, line):
    db = tmp_path / "s.db"
    p = claimtrack("--store", str(db), "extract", "-j", "2", str(big_feed), "-o", str(tmp_path / "out.jsonl"))
    kids = workers_of(p.pid)
    time.sleep(0.5)  # the workers are extracting
    if how == "ctrl-c":
        os.killpg(p.pid, signal.SIGINT)
    else:
        os.kill(p.pid, signal.SIGTERM)
    _, err = p.communicate(timeout=60)
    assert p.returncode == code, err
    assert "Traceback" not in err and err.strip().splitlines()[-1] == line
    assert wait_gone(kids) == []
    assert not (tmp_path / "out.jsonl").exists()  # -o is written whole or not at all
    assert Store(db, read_only=True).count() == 0 if db.exists() else True


def test_workers_die_with_a_killed_parent(tmp_path, big_feed):
    p = claimtrack("--store", str(tmp_path / "s.db"), "extract", "-j", "2", str(big_feed), "-o", "-")
    kids = workers_of(p.pid)
    os.kill(p.pid, signal.SIGKILL)
    p.communicate(timeout=60)
    assert wait_gone(kids) == []


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "markdown", "table"])
def test_a_full_stdout_is_one_line_and_exit_2(tmp_path, fmt):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    article = tmp_path / "a.txt"
    article.write_text("Dmitry Peskov said the talks were over.\n")
    with open("/dev/full", "w") as full:
        p = subprocess.run([sys.executable, "-m", "claimtrack", "--store", str(tmp_path / "s.db"), "extract",
                            str(article), "--format", fmt], stdout=full, stderr=subprocess.PIPE, text=True,
                           timeout=120, env={**os.environ, "COLUMNS": "100"})
    assert p.returncode == 2, p.stderr
    assert p.stderr.strip().splitlines() == ["error: stdout: cannot write: No space left on device"]


def test_a_closed_pipe_is_one_line_and_exit_2(tmp_path):
    feed = tmp_path / "feed.jsonl"  # far more output than a pipe buffers
    feed.write_text("".join(json.dumps({"id": f"d{i}", "text": SENTENCES}) + "\n" for i in range(2000)))
    p = subprocess.Popen([sys.executable, "-m", "claimtrack", "-q", "--store", str(tmp_path / "s.db"), "extract",
                          str(feed), "--format", "jsonl"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    p.stdout.read(10)
    p.stdout.close()  # as `| head -c 10` does
    err = p.stderr.read()
    p.wait(timeout=120)
    assert p.returncode == 2, err
    assert err.strip().splitlines() == ["error: stdout: cannot write: Broken pipe"]
