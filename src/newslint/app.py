"""What each command does, step by step: the data flow the CLI wires together.

load -> lint -> (fix | diff) -> filter (diff-base, baseline) -> report -> exit code.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import click

from newslint.errors import ConfigError, NewslintError
from newslint.exitcodes import ExitCode, combine
from newslint.findings import Severity


@dataclass
class CheckRequest:
    """Everything ``newslint check`` was asked to do, as the CLI parsed it."""
    paths: list[str]
    fmt: str = "text"
    output: str | None = None
    config: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str = "error"
    no_grammar: bool = False
    no_cache: bool = False
    across_files: bool = False
    fix: bool = False
    show_diff: bool = False
    quiet: bool = False
    color: str = "auto"
    show_source: bool = True
    statistics: bool = False
    stdin_data: bytes | None = None
    stdin_filename: str = "-"
    diff_base: str | None = None
    baseline: str | None = None
    jobs: int = 0


def run_exit_code(failing: bool, result) -> ExitCode:
    """The run's exit code: findings at or above --fail-on, input errors, failed checks."""
    codes = [ExitCode.CLEAN]
    if failing:
        codes.append(ExitCode.FINDINGS)
    if result.errors or getattr(result, "unfixed", None):
        codes.append(ExitCode.USAGE_ERROR)
    if result.failures:
        codes.append(ExitCode.CHECK_FAILED)
    return combine(codes)


def _use_color(mode: str, stream) -> bool:
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def _error(message: str) -> None:
    from newslint.reporters import visible

    # A message names files as the user gave them: no raw control or bidi character reaches
    # the terminal (issue 21).
    click.echo(f"newslint: {visible(message)}", err=True)


def run_check(request: CheckRequest) -> ExitCode:
    from newslint import reporters
    from newslint.runner import Runner, RunOptions

    options = RunOptions(
        paths=request.paths, config=request.config, select=tuple(request.select),
        ignore=tuple(request.ignore), no_grammar=request.no_grammar, no_cache=request.no_cache,
        across_files=request.across_files, stdin_data=request.stdin_data,
        stdin_filename=request.stdin_filename, jobs=request.jobs,
        keep_documents=_needs_documents(request), source_only=_source_only(request),
    )
    # Without fixes, diff-base or baseline, results go to the reporters as they come and are
    # not kept: memory stays flat however many files a run checks (issue 8).
    feed = None if _after_run(request) else _Feed(request)
    if feed is not None:
        options.render = _render_specs(request)
    try:
        runner = Runner(options)
        result = runner.run(feed, result=feed.result) if feed else runner.run()
    except ConfigError as error:
        _error(f"config error: {error}")
        return ExitCode.USAGE_ERROR
    except NewslintError as error:
        _error(str(error))
        return ExitCode.USAGE_ERROR
    if feed is not None:
        return feed.close()

    fixed = 0
    if request.fix or request.show_diff:
        from newslint import fix as fix_mod

        try:
            fixed, result = fix_mod.apply(result, runner, write=request.fix,
                                          diff_stream=sys.stdout if request.show_diff else None)
        except NewslintError as error:
            _error(str(error))
            return ExitCode.USAGE_ERROR
    try:
        if request.diff_base:
            from newslint import changed

            changed.keep_changed_lines(result, request.diff_base)
        if request.baseline:
            from newslint import baseline

            baseline.filter_known(result, request.baseline)
    except NewslintError as error:
        _error(str(error))
        return ExitCode.USAGE_ERROR

    threshold = Severity.parse(request.fail_on)
    summary = reporters.Summary(files=len(result.files) + len(result.errors), fixed=fixed)
    failing = False
    for file in result.files:
        failing = summary.add(file.counts(), threshold) or failing
    summary.errors = len(result.errors)
    summary.failures = len(result.failures)
    summary.exit_code = int(run_exit_code(failing, result))

    targets = _targets(request)
    if targets is None:
        return ExitCode.USAGE_ERROR
    for name, stream in targets:
        reporter = reporters.create(name, stream, rules=result.rules, **_settings(request, name, stream))
        _report(reporter, result, summary)
        if stream is not sys.stdout:
            stream.close()
    return ExitCode(summary.exit_code)


def _settings(request: CheckRequest, name: str, stream) -> dict:
    """How a reporter of format ``name`` writing to ``stream`` is configured."""
    return {"color": _use_color(request.color, stream) if name == "text" else False,
            "show_source": request.show_source, "statistics": request.statistics,
            "quiet": request.quiet}


def _target_formats(request: CheckRequest) -> list[tuple[str, bool]]:
    """``(format, to the --output file)`` of each report, in order."""
    if request.output:
        return [(request.fmt, True)] + ([] if request.show_diff else [("text", False)])
    return [] if request.show_diff and request.fmt == "text" else [(request.fmt, False)]


def _render_specs(request: CheckRequest) -> tuple:
    """For each report target, ``(format, settings)`` if its output for a file depends on that
    file alone (worker processes then render it), else ``None``. Same order as :func:`_targets`."""
    from newslint import reporters

    return tuple((name, _settings(request, name, None if to_file else sys.stdout))
                 if reporters.renders(name) else None
                 for name, to_file in _target_formats(request))


def _targets(request: CheckRequest) -> list | None:
    """``(format, stream)`` pairs to report to; ``None`` (after a message) if one cannot open."""
    targets = []
    for name, to_file in _target_formats(request):
        if not to_file:
            targets.append((name, sys.stdout))
            continue
        try:
            handle = open(request.output, "w", encoding="utf-8", newline="\n")
        except OSError as error:
            _error(f"cannot write {request.output}: {error.strerror}")
            return None
        targets.append((name, handle))
    return targets


#: Formats that read each file's source when reporting: SARIF fingerprints and fixes,
#: reviewdog's byte columns.
_READ_SOURCE = ("sarif", "rdjsonl")


def _after_run(request: CheckRequest) -> bool:
    """Whether results are needed whole once checking ends (fixes, diffs, diff-base and
    baseline filters) rather than streamed to the reporters as they come."""
    return bool(request.fix or request.show_diff or request.diff_base or request.baseline)


def _needs_documents(request: CheckRequest) -> bool:
    """Documents are kept for fixes, diff-base/baseline filters and text source excerpts."""
    if _after_run(request) or request.fmt in _READ_SOURCE:
        return True
    text_shown = request.fmt == "text" or bool(request.output)
    return request.show_source and text_shown


def _source_only(request: CheckRequest) -> bool:
    """Text excerpts are all the documents are kept for: their source lines suffice."""
    return not (_after_run(request) or request.fmt in _READ_SOURCE)


class _Feed:
    """Streams each file's result to every reporter in order, counting the summary as it
    goes; reporters start on the first result, once configurations have loaded."""

    def __init__(self, request: CheckRequest) -> None:
        from newslint.runner import RunResult

        self.request = request
        self.result = RunResult()
        self.threshold = Severity.parse(request.fail_on)
        self.summary = None
        self.reporters: list | None = None
        self.failing = False

    def _start(self) -> bool:
        from newslint import reporters

        self.summary = reporters.Summary()
        targets = _targets(self.request)
        if targets is None:
            return False
        self.reporters = []
        for name, stream in targets:
            reporter = reporters.create(name, stream, rules=self.result.rules,
                                        **_settings(self.request, name, stream))
            self.reporters.append((reporter, stream))
            reporter.start()
        return True

    def __call__(self, file) -> None:
        if self.reporters is None and not self._start():
            raise NewslintError("cannot open the report output")
        self.failing = self.summary.add(file.counts(), self.threshold) or self.failing
        rendered = file.rendered
        for index, (reporter, _stream) in enumerate(self.reporters):
            if rendered is not None and rendered[index] is not None:
                reporter.emit(rendered[index])  # rendered where the file was checked
            else:
                reporter.file(file)

    def close(self) -> ExitCode:
        if self.reporters is None and not self._start():
            return ExitCode.USAGE_ERROR
        result, summary = self.result, self.summary
        summary.files = result.checked + len(result.errors)
        summary.errors = len(result.errors)
        summary.failures = len(result.failures)
        summary.exit_code = int(run_exit_code(self.failing, result))
        for reporter, stream in self.reporters:
            _finish(reporter, result, summary)
            if stream is not sys.stdout:
                stream.close()
        return ExitCode(summary.exit_code)


def _report(reporter, result, summary) -> None:
    reporter.start()
    for file in result.files:
        reporter.file(file)
    _finish(reporter, result, summary)


def _finish(reporter, result, summary) -> None:
    """What every report ends with: unreadable files, checks that could not run, the summary."""
    for path, message in result.errors:
        reporter.error(path, message)
    for path, message in result.failures:
        reporter.failure(path, message)
    reporter.finish(summary)


def _load_config(config_path: str | None):
    from newslint.config import ConfigFinder

    return ConfigFinder(config_path).for_path(os.path.join(os.getcwd(), "draft.md"))


def list_rules(config_path: str | None) -> ExitCode:
    try:
        config = _load_config(config_path)
    except ConfigError as error:
        _error(f"config error: {error}")
        return ExitCode.USAGE_ERROR
    rules = config.base_rules()
    width = max((len(rule.id) for rule in rules), default=10)
    for rule in rules:
        state = str(rule.severity) if rule.enabled else "off"
        click.echo(f"{rule.id:<{width}}  {state:<7}  {_first_sentence(rule.description)}")
        if rule.why:
            click.echo(f"{'':<{width}}  {'':<7}  ↳ {state} : {_first_sentence(rule.why, 160)}")
    return ExitCode.CLEAN


def _first_sentence(description: str, limit: int = 100) -> str:
    """The list shows one line per rule, cut to ``limit``; ``rules explain`` shows it whole."""
    line = description.strip().splitlines()[0] if description.strip() else ""
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def explain_rule(rule_id: str, config_path: str | None) -> ExitCode:
    from newslint.options import describe

    try:
        config = _load_config(config_path)
    except ConfigError as error:
        _error(f"config error: {error}")
        return ExitCode.USAGE_ERROR
    rules = {rule.id: rule for rule in config.base_rules()}
    rule = rules.get(rule_id)
    parent = rules.get(rule_id.rpartition("/")[0])
    if rule is None and parent is not None and parent.kind.name == "grammar":
        from newslint.grammar.rulemeta import explain  # grammar/<LanguageTool id>

        return ExitCode(explain(parent, rule_id.rpartition("/")[2], config))
    if rule is None:
        _error(f'unknown rule "{rule_id}" (see: newslint rules)')
        return ExitCode.USAGE_ERROR
    click.echo(f"# {rule.id}  ({rule.kind.name}, {rule.severity}{'' if rule.enabled else ', disabled'})\n")
    if rule.description:
        click.echo(rule.description.strip() + "\n")
    if rule.why:
        click.echo(f"Severity {rule.severity}: {rule.why}\n")
    click.echo(rule.kind.doc.strip() + "\n")
    rows = describe(rule.kind.options)
    if rows:
        click.echo("## Options in force\n")
        for name, type_text, _default in rows:
            value = getattr(rule.options, name)
            click.echo(f"- {name} ({type_text}): {_short(value)}")
    return ExitCode.CLEAN


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 200 else text[:197] + "..."


def test_rules(files: list[str], config_path: str | None) -> ExitCode:
    from newslint import ruletest

    try:
        failures, total = ruletest.run(files, config_path)
    except ConfigError as error:
        _error(f"config error: {error}")
        return ExitCode.USAGE_ERROR
    for failure in failures:
        click.echo(failure)
    click.echo(f"{total - len(failures)} passed, {len(failures)} failed")
    return ExitCode.FINDINGS if failures else ExitCode.CLEAN
