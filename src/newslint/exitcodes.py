"""Exit codes a CI gate relies on (documented in the README)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    #: Nothing at or above ``--fail-on``.
    CLEAN = 0
    #: Findings at or above ``--fail-on``.
    FINDINGS = 1
    #: Usage, configuration or input error (a file could not be read or decoded).
    USAGE_ERROR = 2
    #: A check that was asked for could not run (e.g. LanguageTool unreachable).
    CHECK_FAILED = 3
    #: Interrupted (Ctrl-C).
    INTERRUPTED = 130


def combine(codes: list[ExitCode]) -> ExitCode:
    """The exit code of a run: the gravest of the codes seen.

    A check that could not run outranks an input error, which outranks findings, so a
    run is never reported clean while anything failed.
    """
    order = [
        ExitCode.CLEAN,
        ExitCode.FINDINGS,
        ExitCode.USAGE_ERROR,
        ExitCode.CHECK_FAILED,
        ExitCode.INTERRUPTED,
    ]
    return max(codes, key=order.index, default=ExitCode.CLEAN)
