"""Where a run's results go: every report in order, the summary counted once, the exit code.

A :class:`Sink` is fed each file's result as the run yields it (streamed: memory stays flat
however many files a run checks, issue 8) or after the run (fixes, diff-base, baseline): the
same calls either way, so the summary and the exit code are computed in one place. Reporters
start on the first file (the rules in force are then known) and end with the input errors,
the checks that could not run and the summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from newslint.exitcodes import ExitCode, combine
from newslint.findings import Severity
from newslint.reporters import Reporter, Summary, create

if TYPE_CHECKING:
    from newslint.config import Rule
    from newslint.runner import FileResult, RunResult

#: A report to write: ``(format, stream, reporter settings)``.
Target = tuple[str, IO[str], dict[str, Any]]


def exit_code(failing: bool, result: RunResult) -> ExitCode:
    """The run's exit code: findings at or above --fail-on, input errors or files --fix could
    not write, checks that could not run."""
    codes = [ExitCode.CLEAN]
    if failing:
        codes.append(ExitCode.FINDINGS)
    if result.errors or result.unfixed:
        codes.append(ExitCode.USAGE_ERROR)
    if result.failures:
        codes.append(ExitCode.CHECK_FAILED)
    return combine(codes)


class Sink:
    """Feeds every report target, counting the summary as it goes."""

    def __init__(self, targets: Sequence[Target], fail_on: str = "error") -> None:
        self.targets = list(targets)
        self.threshold = Severity.parse(fail_on)
        self.summary = Summary()
        self.reporters: list[Reporter] | None = None
        self.failing = False
        self.files = 0

    def start(self, rules: dict[str, Rule]) -> None:
        """Open every report (once): ``rules`` in force (SARIF's rule table)."""
        if self.reporters is not None:
            return
        self.reporters = []
        for name, stream, settings in self.targets:
            reporter = create(name, stream, rules=rules, **settings)
            reporter.start()
            self.reporters.append(reporter)

    def file(self, file: FileResult, rules: dict[str, Rule]) -> None:
        """One file's result, in run order."""
        self.start(rules)
        assert self.reporters is not None
        self.files += 1
        self.failing = self.summary.add(file.counts(), self.threshold) or self.failing
        for reporter in self.reporters:
            reporter.file(file)

    def finish(self, result: RunResult, fixed: int = 0) -> Summary:
        """End every report with ``result``'s input errors, failed checks and the summary."""
        self.start(result.rules)
        assert self.reporters is not None
        summary = self.summary
        summary.files = self.files + len(result.errors)
        summary.errors = len(result.errors)
        summary.failures = len(result.failures)
        summary.fixed = fixed
        summary.exit_code = int(exit_code(self.failing, result))
        for reporter in self.reporters:
            for path, message in result.errors:
                reporter.error(path, message)
            for path, message in result.failures:
                reporter.failure(path, message)
            reporter.finish(summary)
        return summary
