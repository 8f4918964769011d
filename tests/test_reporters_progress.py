"""The progress bar: on standard error, in a terminal, for long text runs only."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newslint import progress

CONFIG = "extends: []\nrules:\n  house/repeat:\n    kind: repetition\n    severity: error\n"


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_waits_throttles_and_clears() -> None:
    clock, out = FakeClock(), Terminal()
    bar = progress.Bar(out, delay=0.5, interval=0.1, clock=clock)
    bar.update(1, 10)
    assert out.getvalue() == ""  # a short run never shows a bar
    clock.now = 0.6
    bar.update(5, 10)
    assert out.getvalue() == "\r\x1b[Knewslint [############------------] 5/10 files"
    clock.now = 0.65
    bar.update(6, 10)  # too soon: not redrawn
    assert out.getvalue().count("files") == 1
    bar.update(10, 10)  # the last file always shows
    assert out.getvalue().endswith("10/10 files")
    bar.clear()
    assert out.getvalue().endswith("\r\x1b[K")


def test_bar_only_for_text_in_a_terminal(monkeypatch) -> None:
    monkeypatch.delenv("TERM", raising=False)
    assert progress.wanted("text", None, False, Terminal())
    assert progress.wanted("sarif", "report.sarif", False, Terminal())  # text on the terminal
    assert not progress.wanted("sarif", None, False, Terminal())
    assert not progress.wanted("github", None, False, Terminal())
    assert not progress.wanted("text", None, True, Terminal())  # --quiet
    assert not progress.wanted("text", None, False, io.StringIO())  # a pipe or a file
    monkeypatch.setenv("TERM", "dumb")
    assert not progress.wanted("text", None, False, Terminal())


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """Enough drafts for a run that lasts several times the bar's delay: 2,500 drafts of an
    article's length (about 2 s with both cores; tiny drafts took under 0.5 s)."""
    root = tmp_path_factory.mktemp("archive")
    (root / ".newslint.yaml").write_text(CONFIG, encoding="utf-8")
    body = "# Titre\n\nUn texte propre de quelques mots, sans faute aucune.\n" * 30
    for i in range(2500):
        slip = "Le le maire.\n" if i % 250 == 0 else ""
        (root / f"d{i:04d}.md").write_text(body + slip, encoding="utf-8")
    return root


def _run_on_pty(args: list[str], cwd: Path, stdout_on_pty: bool) -> tuple[int, bytes, bytes]:
    """Run newslint with standard error (and maybe standard output) on a pseudo-terminal."""
    master, slave = pty.openpty()
    env = {**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": "", "TERM": "xterm"}
    process = subprocess.Popen(
        [sys.executable, "-m", "newslint", *args],
        cwd=cwd,
        env=env,
        stdout=slave if stdout_on_pty else subprocess.PIPE,
        stderr=slave,
    )
    os.close(slave)
    screen = bytearray()
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            screen.extend(chunk)
        elif process.poll() is not None:
            break
    stdout = process.stdout.read() if process.stdout else b""
    code = process.wait(timeout=60)
    os.close(master)
    return code, bytes(screen), stdout


def test_bar_on_a_terminal_never_on_stdout(archive: Path) -> None:
    code, screen, stdout = _run_on_pty(["check", "--no-grammar", "."], archive, stdout_on_pty=False)
    assert code == 1
    assert b"newslint [" in screen and b"/2500 files" in screen
    assert screen.endswith(b"\r\x1b[K")  # the bar is wiped at the end
    assert b"\r" not in stdout and b"newslint [" not in stdout
    assert b"10 findings (10 errors) in 2500 files" in stdout


def render(stream: str) -> list[str]:
    """What a terminal shows for ``stream``: ``\\r`` returns to column 0, ``ESC [K`` erases to
    the end of the line, other characters overwrite."""
    lines = []
    for raw in stream.replace("\r\n", "\n").split("\n"):
        line: list[str] = []
        cursor = 0
        i = 0
        while i < len(raw):
            if raw.startswith("\x1b[K", i):
                del line[cursor:]
                i += 3
                continue
            char = raw[i]
            if char == "\r":
                cursor = 0
            else:
                if cursor < len(line):
                    line[cursor] = char
                else:
                    line.append(char)
                cursor += 1
            i += 1
        lines.append("".join(line))
    return lines


def test_report_lines_never_land_on_the_bar(archive: Path) -> None:
    code, screen, _ = _run_on_pty(
        ["check", "--no-grammar", "--no-source", "."], archive, stdout_on_pty=True
    )
    assert code == 1
    text = screen.decode("utf-8", "replace")
    assert "/2500 files" in text  # the bar was drawn during the run...
    shown = render(text)
    assert not [line for line in shown if "newslint [" in line]  # ...and never stays on screen
    findings = [line for line in shown if ": error house/repeat" in line]
    assert len(findings) == 10
    assert all(re.match(r"d\d{4}\.md:91:1: error", line) for line in findings), (
        findings
    )  # after 90 lines
    assert any(line.startswith("10 findings (10 errors) in 2500 files") for line in shown)


@pytest.mark.parametrize("args", [["--format", "sarif"], ["--quiet"], []])
def test_no_bar_for_machine_formats_quiet_or_pipes(archive: Path, args: list[str]) -> None:
    if args:
        _code, screen, stdout = _run_on_pty(
            ["check", "--no-grammar", *args, "."], archive, stdout_on_pty=False
        )
        assert b"newslint [" not in screen
        assert b"newslint [" not in stdout
    else:  # standard error is a pipe
        process = subprocess.run(
            [sys.executable, "-m", "newslint", "check", "--no-grammar", "."],
            cwd=archive,
            capture_output=True,
            timeout=300,
            check=False,
            env={**os.environ, "GITHUB_ACTIONS": ""},
        )
        assert process.returncode == 1
        assert process.stderr == b""
