"""Runs of a second or two share their files in slices (``newslint.pool.split``): the parent
checks the first slice, a forked child each other one. Nothing is lost when a child dies, no
child outlives an interrupted run, and a child whose parent was killed stops (issue 20)."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newslint import pool
from newslint.runner import Runner, RunOptions

SENTENCE = "Le président Joe Biden a parlé avec Vladimir Poutine mardi , a-t-il dit. "


def _drafts(root: Path, count: int = 40, size: int = 3000) -> None:
    for index in range(count):
        text = (SENTENCE * (size // len(SENTENCE) + 1))[:size]
        (root / f"d{index:03d}.md").write_text(f"Brouillon {index}.\n\n{text}\n", encoding="utf-8")


def _findings(result) -> list:  # type: ignore[no-untyped-def]
    return [(f.path, g.rule, g.line, g.column, g.message) for f in result.files for g in f.findings]


def _run(root: Path, jobs: int = 0):  # type: ignore[no-untyped-def]
    return Runner(RunOptions(paths=[str(root)], no_grammar=True, no_cache=True, jobs=jobs)).run()


@pytest.fixture
def slices_always(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every run of ``--jobs 0`` splits its files at once in two slices; the children's pids."""
    monkeypatch.setattr(pool, "cpu_count", lambda: 2)
    monkeypatch.setattr(pool, "SPLIT_COST", 0.0)
    monkeypatch.setattr(pool, "PROBE_SECONDS", 0.0)
    monkeypatch.setattr(pool, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(pool, "PARALLEL_MIN_BYTES", 1)
    # Another test may have left a thread (Dask's offload thread): these fork anyway.
    monkeypatch.setattr(pool, "can_split", lambda: True)
    forked: list[int] = []
    real = pool._Slice.fork.__func__  # type: ignore[attr-defined]

    def fork(cls, *args):  # type: ignore[no-untyped-def]
        child = real(cls, *args)
        forked.append(child.pid)
        return child

    monkeypatch.setattr(pool._Slice, "fork", classmethod(fork))
    return forked


def test_slices_give_the_findings_of_one_process_in_order(
    tmp_path: Path, slices_always: list[int]
) -> None:
    _drafts(tmp_path)
    shared = _run(tmp_path)
    assert slices_always, "the run was split"
    serial = _run(tmp_path, jobs=1)
    assert _findings(shared) == _findings(serial)
    assert shared.checked == serial.checked == 40


def test_a_child_that_dies_loses_no_file(
    tmp_path: Path,
    slices_always: list[int],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _drafts(tmp_path)
    serial = _findings(_run(tmp_path, jobs=1))
    parent = os.getpid()
    real = Runner.check_path

    def check_path(self, path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.getpid() != parent and path.endswith("d030.md"):
            os.kill(os.getpid(), signal.SIGKILL)  # the child dies in the middle of its slice
        return real(self, path, *args, **kwargs)

    monkeypatch.setattr(Runner, "check_path", check_path)
    with caplog.at_level(logging.WARNING, logger="newslint.pool"):
        shared = _run(tmp_path)
    assert slices_always
    assert _findings(shared) == serial
    assert "a worker process died" in caplog.text


def test_no_child_outlives_an_interrupted_run(tmp_path: Path, slices_always: list[int]) -> None:
    _drafts(tmp_path)
    runner = Runner(RunOptions(paths=[str(tmp_path)], no_grammar=True, no_cache=True, jobs=0))
    from newslint.runner import RunResult

    files = runner.files(RunResult())
    for _ in range(5):  # the first files are checked before the run is split
        next(files)
        if slices_always:
            break
    assert slices_always, "the child has been forked"
    files.close()  # the consumer stops (an error, Ctrl-C in the parent)
    for pid in slices_always:
        with pytest.raises((ProcessLookupError, ChildProcessError)):
            os.waitpid(pid, os.WNOHANG)  # reaped: no zombie, no process


def _living(marker: str) -> list[int]:
    """Pids of live (not zombie) processes whose command line holds ``marker``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker.encode() in cmdline and state != "Z":
            found.append(int(entry))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="slices are forked on Linux")
def test_a_child_stops_when_its_parent_is_killed(tmp_path: Path) -> None:
    drafts = tmp_path / "parent-killed-drafts"
    drafts.mkdir()
    _drafts(drafts, count=120, size=20_000)  # slices long enough to kill the parent mid-run
    script = (
        "import sys\n"
        "from newslint import pool\n"
        "pool.SPLIT_COST = 0.0\n"
        "pool.PROBE_SECONDS = 0.0\n"
        "pool.SPLIT_MAX_SECONDS = 1e9\n"
        "pool.cpu_count = lambda: 2\n"
        "from newslint.cli import main\n"
        "sys.exit(main())\n"
    )
    env = {**os.environ, "NEWSLINT_NO_RESULT_CACHE": "1", "PYTHONPATH": os.pathsep.join(sys.path)}
    process = subprocess.Popen(
        [sys.executable, "-c", script, "check", "--no-grammar", str(drafts)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    marker = str(drafts)
    deadline = time.monotonic() + 60
    while len(_living(marker)) < 2:  # the parent and its child
        assert process.poll() is None, "the run ended before its child was seen"
        assert time.monotonic() < deadline, "no child was forked"
        time.sleep(0.01)
    process.kill()
    process.wait()
    deadline = time.monotonic() + 60
    while _living(marker):
        assert time.monotonic() < deadline, "a child outlived its killed parent"
        time.sleep(0.05)
