"""The command's process ends without the interpreter's teardown (``newslint.cli.entry``),
having done first what an exit must: threads waited for, ``atexit`` handlers run, the
standard streams flushed, the status kept (issues 14 and 20: about 10 ms of every run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import atexit, sys, threading, time
from newslint.cli import _end

def late():
    time.sleep(0.3)
    open(sys.argv[1], "w").write("thread done")

threading.Thread(target=late).start()
atexit.register(lambda: print("atexit ran"))
print("x" * 200000, end="")  # more than a pipe holds: flushed before the process ends
sys.stderr.write("on stderr")
_end(CODE)
"""


def _run(tmp_path: Path, code: str) -> subprocess.CompletedProcess:
    marker = tmp_path / "thread.txt"
    return subprocess.run(
        [sys.executable, "-c", SCRIPT.replace("CODE", code), str(marker)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_end_of_a_run_keeps_what_an_exit_does(tmp_path: Path) -> None:
    process = _run(tmp_path, "3")
    assert process.returncode == 3
    assert process.stdout == "x" * 200000 + "atexit ran\n"
    assert process.stderr == "on stderr"
    assert (tmp_path / "thread.txt").read_text() == "thread done"  # waited for


def test_an_exit_message_is_printed_with_status_one(tmp_path: Path) -> None:
    process = _run(tmp_path, "'newslint: stopped'")
    assert process.returncode == 1
    assert process.stderr == "on stderrnewslint: stopped\n"
    assert process.stdout.endswith("atexit ran\n")


def test_the_console_script_ends_with_the_commands_status(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Le le maire a parlé.\n", encoding="utf-8")
    report = tmp_path / "report.json"
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "newslint",
            "check",
            "--no-grammar",
            "--format",
            "json",
            "--output",
            str(report),
            "a.md",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert process.returncode == 1, process.stderr  # an error-level finding
    assert report.read_text(encoding="utf-8").rstrip().endswith("}")  # written whole
    assert '"style/repetition"' in report.read_text(encoding="utf-8")
