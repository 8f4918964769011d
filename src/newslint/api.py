"""newslint as a library: load a configuration, check a text or paths, fix, render a report.

This is the one entry point for everything that is not the checking core itself: the CLI,
the language server, the HTML report and the cluster run call only what is defined here.
Results are the core's own types (:class:`~newslint.findings.Finding`,
:class:`~newslint.runner.FileResult`, :class:`~newslint.runner.RunResult`), re-exported
here so callers import from one place::

    from newslint import api

    checker = api.Checker(config=None)                 # .newslint.yaml found upward, once
    checked = checker.check_text("Il a dit « oui.", path="brouillon.md")
    for finding in checked.findings:
        print(finding.line, finding.column, finding.rule, finding.message)
    fixed = checker.fix_text("Un  mot.", path="brouillon.md")

Errors are exceptions with one line of text: :class:`ConfigError` (a configuration that
cannot load), :class:`InputError` (a draft that cannot be read), both :class:`NewslintError`.
A check that could not run (LanguageTool unreachable) is never silent: it is listed in
``failures`` of the result.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from newslint.config import Config, ConfigFinder, Rule
from newslint.documents import Document, check_stdin_size, load
from newslint.errors import ConfigError, InputError, NewslintError
from newslint.findings import Finding, Fix, Severity
from newslint.runner import FileResult, Runner, RunOptions, RunResult

__all__ = [
    "Checker", "Checked", "Fixed", "check_text", "check_paths", "fix_text", "render",
    "load_config", "Config", "Rule", "Document", "Finding", "Fix", "Severity", "FileResult",
    "RunResult", "ConfigError", "InputError", "NewslintError",
]


@dataclass
class Checked:
    """One text checked: its findings in source order, and the checks that could not run."""
    path: str
    findings: list[Finding]
    document: Document
    #: ``(path, message)`` of each check that could not run (e.g. grammar without a server).
    failures: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Fixed:
    """A text with its safe fixes applied, how many, and what is still found in it."""
    text: str
    applied: int
    checked: Checked


def load_config(config: str | None = None, *, near: str | None = None,
                trusted: bool | None = None) -> Config:
    """The configuration a draft at ``near`` (default: the current folder) is checked with:
    ``config`` if given, else the ``.newslint.yaml`` found upward, else the defaults."""
    finder = ConfigFinder(config, trusted=trusted)
    return finder.for_path(near or os.path.join(os.getcwd(), "draft.md"))


class Checker:
    """A configuration and a rule selection, loaded once, to check many texts or paths.

    ``config``: a configuration file, or ``None`` to find each draft's ``.newslint.yaml``
    upward from its folder. ``select``/``ignore``: rule ids or prefixes. ``grammar``: run
    LanguageTool rules (as configured). ``cache``: use the on-disk grammar cache.
    """

    def __init__(self, config: str | None = None, *, select: Iterable[str] = (),
                 ignore: Iterable[str] = (), grammar: bool = True, cache: bool = True,
                 across_files: bool = False, jobs: int = 1) -> None:
        self.options = RunOptions(paths=[], config=config, select=tuple(select),
                                  ignore=tuple(ignore), no_grammar=not grammar,
                                  no_cache=not cache, across_files=across_files, jobs=jobs)
        self._runner = Runner(self.options)

    @property
    def runner(self) -> Runner:
        return self._runner

    def config_for(self, path: str) -> Config:
        """The configuration that governs a draft at ``path``."""
        return self._runner.finder.for_path(path)

    def rules_for(self, path: str) -> list[Rule]:
        """The rules in force for a draft at ``path``, after ``select``/``ignore``."""
        return self._runner.rules_for(path)

    def check_document(self, document: Document) -> Checked:
        """Check a loaded document (see :func:`newslint.documents.load`)."""
        scratch = RunResult()
        before = self._failure_marks()
        file = self._runner.check_document(document, scratch)
        return Checked(document.path, file.findings, document, self._new_failures(before))

    def check_text(self, text: str | bytes, path: str = "draft.md",
                   fmt: str | None = None) -> Checked:
        """Check ``text`` as a draft named ``path`` (its extension chooses the format unless
        ``fmt`` does; its folder, which configuration governs it). Nothing is read or
        written on disk but the configuration and the grammar cache."""
        data = text.encode("utf-8") if isinstance(text, str) else text
        check_stdin_size(path, data)
        return self.check_document(load(path, data, fmt))

    def fix_text(self, text: str | bytes, path: str = "draft.md",
                 fmt: str | None = None) -> Fixed:
        """``text`` with every safe fix applied until none is left (nothing is written)."""
        from newslint import fix as fixing

        data = text.encode("utf-8") if isinstance(text, str) else text
        check_stdin_size(path, data)
        document = load(path, data, fmt)
        fixed, applied = fixing.fix_document(document, self._runner, RunResult())
        return Fixed(fixed.source, applied, self.check_document(fixed))

    def check_paths(self, paths: Iterable[str], *, jobs: int | None = None,
                    keep_documents: bool = True) -> RunResult:
        """Check files and folders (folders walked as the CLI walks them)."""
        from dataclasses import replace

        options = replace(self.options, paths=list(paths),
                          jobs=self.options.jobs if jobs is None else jobs,
                          keep_documents=keep_documents)
        return Runner(options).run()

    def iter_paths(self, paths: Iterable[str], *, jobs: int | None = None) -> Iterator[FileResult]:
        """Like :meth:`check_paths`, each file's result handed over as soon as it is known
        (in discovery order). Input errors and failures are in :attr:`last_run` afterwards."""
        from dataclasses import replace

        options = replace(self.options, paths=list(paths),
                          jobs=self.options.jobs if jobs is None else jobs, keep_documents=False)
        results: list[FileResult] = []
        self.last_run = Runner(options).run(results.append)
        yield from results

    # -- failures of a single check ------------------------------------------------------
    def _failure_marks(self) -> dict[int, int]:
        return {key: len(context.failures) for key, context in self._runner._contexts.items()}

    def _new_failures(self, before: dict[int, int]) -> list[tuple[str, str]]:
        failures = []
        for key, context in self._runner._contexts.items():
            failures.extend(context.failures[before.get(key, 0):])
        return list(dict.fromkeys(failures))


def check_text(text: str | bytes, *, path: str = "draft.md", config: str | None = None,
               select: Iterable[str] = (), ignore: Iterable[str] = (),
               grammar: bool = True) -> Checked:
    """Check one text with the configuration that governs ``path``."""
    return Checker(config, select=select, ignore=ignore, grammar=grammar).check_text(text, path)


def fix_text(text: str | bytes, *, path: str = "draft.md", config: str | None = None,
             select: Iterable[str] = (), ignore: Iterable[str] = (),
             grammar: bool = True) -> Fixed:
    """``text`` with its safe fixes applied (nothing written)."""
    return Checker(config, select=select, ignore=ignore, grammar=grammar).fix_text(text, path)


def check_paths(paths: Iterable[str], *, config: str | None = None, select: Iterable[str] = (),
                ignore: Iterable[str] = (), grammar: bool = True, across_files: bool = False,
                jobs: int = 1) -> RunResult:
    """Check files and folders; the result lists each file's findings, input errors and
    checks that could not run."""
    checker = Checker(config, select=select, ignore=ignore, grammar=grammar,
                      across_files=across_files, jobs=jobs)
    return checker.check_paths(paths)


def render(result: RunResult, fmt: str, stream: IO[str], *, fail_on: str = "error",
           **settings: Any) -> int:
    """Write ``result`` as a report in format ``fmt`` (``text``, ``json``, ``sarif``…) to
    ``stream``; return the exit code the CLI would give."""
    from newslint import reporters
    from newslint.app import run_exit_code

    threshold = Severity.parse(fail_on)
    summary = reporters.Summary(files=len(result.files) + len(result.errors))
    failing = False
    for file in result.files:
        failing = summary.add(file.counts(), threshold) or failing
    summary.errors = len(result.errors)
    summary.failures = len(result.failures)
    summary.exit_code = int(run_exit_code(failing, result))
    reporter = reporters.create(fmt, stream, rules=result.rules, **settings)
    reporter.start()
    for file in result.files:
        reporter.file(file)
    for path, message in result.errors:
        reporter.error(path, message)
    for path, message in result.failures:
        reporter.failure(path, message)
    reporter.finish(summary)
    return summary.exit_code
