"""A progress bar on standard error, for long runs in a terminal.

Shown only when standard error is a terminal, the report on the terminal is the text format,
``--quiet`` is off, ``TERM`` is not ``dumb``, and the run has lasted :data:`DELAY` seconds (a
short run never flickers). Never in machine formats on standard output, never in pipes or CI
logs.

The runner calls :func:`update` after each file (a no-op when no bar is active). While the bar
is on screen, standard output goes through a proxy that wipes the bar before any report line, so
findings streamed during the run never land on the bar's line; the next update redraws it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO

#: Seconds before the bar first appears.
DELAY = 0.5
#: Seconds between redraws.
INTERVAL = 0.1
WIDTH = 24
_CLEAR = "\r\x1b[K"

_active: Bar | None = None


class Bar:
    def __init__(
        self,
        stream: IO[str],
        *,
        delay: float = DELAY,
        interval: float = INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.delay = delay
        self.interval = interval
        self.clock = clock
        self.started = clock()
        self.last = float("-inf")
        self.visible = False

    def update(self, done: int, total: int) -> None:
        now = self.clock()
        if now - self.started < self.delay or total <= 0:
            return
        if now - self.last < self.interval and done < total:
            return
        self.last = now
        filled = WIDTH * done // total
        bar = "#" * filled + "-" * (WIDTH - filled)
        self.stream.write(f"{_CLEAR}newslint [{bar}] {done}/{total} files")
        self.stream.flush()
        self.visible = True

    def clear(self) -> None:
        if self.visible:
            self.stream.write(_CLEAR)
            self.stream.flush()
            self.visible = False


class _Stdout:
    """Standard output that wipes the bar first when both share a terminal."""

    def __init__(self, wrapped: IO[str], bar: Bar) -> None:
        self._wrapped = wrapped
        self._bar = bar

    def write(self, text: str) -> int:
        self._bar.clear()
        return self._wrapped.write(text)

    def writelines(self, lines) -> None:
        self._bar.clear()
        self._wrapped.writelines(lines)

    def __getattr__(self, name: str):
        return getattr(self._wrapped, name)


def wanted(fmt: str, output: str | None, quiet: bool, stream: IO[str] | None = None) -> bool:
    """Whether a run with these options may show a bar on ``stream`` (standard error)."""
    stream = stream if stream is not None else sys.stderr
    text_on_terminal = fmt == "text" or bool(output)
    if quiet or not text_on_terminal or os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


@contextmanager
def bar_for(fmt: str, output: str | None, quiet: bool, **options) -> Iterator[Bar | None]:
    """Show a bar during the block when :func:`wanted` says so; always cleaned up."""
    global _active
    if not wanted(fmt, output, quiet) or _active is not None:
        yield None
        return
    bar = Bar(sys.stderr, **options)
    stdout = sys.stdout
    _active = bar
    sys.stdout = _Stdout(stdout, bar)
    try:
        yield bar
    finally:
        bar.clear()
        sys.stdout = stdout
        _active = None


_noted: set[str] = set()


def note(message: str) -> None:
    """Say once, on standard error, what a long silent step is doing (issue 20: the first
    check started LanguageTool for up to a minute without a word). Only where a bar may show:
    a terminal, the text report, not ``--quiet``."""
    if _active is None or message in _noted:
        return
    _noted.add(message)
    _active.clear()
    _active.stream.write(f"newslint: {message}\n")
    _active.stream.flush()


def update(done: int, total: int) -> None:
    """Called by the runner after each file; draws only when a bar is active."""
    if _active is not None:
        _active.update(done, total)
