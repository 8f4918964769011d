"""What each command does, step by step, through the library API (:mod:`newslint.api`).

check: run -> (fix | diff) -> filter (diff-base, baseline) -> sink (reports, summary, exit code).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from newslint.classcache import dataclass
from newslint.errors import ConfigError
from newslint.exitcodes import ExitCode

if TYPE_CHECKING:
    from newslint.config import Config
    from newslint.runner import FileResult
    from newslint.sink import Sink


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
    respect_gitignore: bool = True


def _use_color(mode: str, stream: IO[str] | None) -> bool:
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    return stream is not None and hasattr(stream, "isatty") and stream.isatty()


def _error(message: str) -> None:
    from newslint.reporters import visible

    # A message names files as the user gave them: no raw control or bidi character reaches
    # the terminal (issue 21).
    print(f"newslint: {visible(message)}", file=sys.stderr, flush=True)


def run_check(request: CheckRequest) -> ExitCode:
    """One path: the run's results go to the sink as they come (memory stays flat however
    many files a run checks, issue 8), or, for fixes, diffs, diff-base and baseline filters,
    once the run has been collected and worked on. The sink counts the summary and the exit
    code either way. Reports are opened once the configuration has loaded."""
    from newslint import api, progress

    targets: list[tuple[str, IO[str]]] = []
    try:
        try:
            checker = api.Checker(
                request.config,
                select=request.select,
                ignore=request.ignore,
                grammar=not request.no_grammar,
                cache=not request.no_cache,
                across_files=request.across_files,
                jobs=request.jobs,
            )
            run = checker.start(
                request.paths,
                keep_documents=_needs_documents(request),
                source_only=_source_only(request),
                stdin=request.stdin_data,
                stdin_filename=request.stdin_filename,
                progress=progress.update,
                respect_gitignore=request.respect_gitignore,
            )
            fixed = 0
            files: Iterable[FileResult] = run
            if _after_run(request):
                run.collect()
                if request.fix or request.show_diff:
                    fixed = run.fix(
                        write=request.fix, diff_stream=sys.stdout if request.show_diff else None
                    )
                if request.diff_base:
                    run.keep_changed_lines(request.diff_base)
                if request.baseline:
                    run.filter_baseline(request.baseline)
                files = run.result.files
            sink = None
            for file in files:
                if sink is None:
                    sink = _sink(request, targets)
                    if sink is None:
                        return ExitCode.USAGE_ERROR
                sink.file(file, run.result.rules)
        except api.ConfigError as error:
            _error(f"config error: {error}")
            return ExitCode.USAGE_ERROR
        except api.NewslintError as error:
            _error(str(error))
            return ExitCode.USAGE_ERROR
        sink = sink or _sink(request, targets)
        if sink is None:
            return ExitCode.USAGE_ERROR
        return ExitCode(sink.finish(run.result, fixed).exit_code)
    finally:
        for _name, stream in targets:
            if stream is not sys.stdout:
                stream.close()


def _sink(request: CheckRequest, opened: list[tuple[str, IO[str]]]) -> Sink | None:
    """The sink feeding every report target (``opened`` gets them, to close); ``None``
    (after a message) if one cannot open."""
    from newslint.api import Sink

    targets = _targets(request)
    if targets is None:
        return None
    opened.extend(targets)
    return Sink(
        [(name, stream, _settings(request, name, stream)) for name, stream in targets],
        request.fail_on,
    )


def _settings(request: CheckRequest, name: str, stream: IO[str] | None) -> dict[str, Any]:
    """How a reporter of format ``name`` writing to ``stream`` is configured."""
    return {
        "color": _use_color(request.color, stream) if name == "text" else False,
        "show_source": request.show_source,
        "statistics": request.statistics,
        "quiet": request.quiet,
        "fail_on": request.fail_on,
    }


def _target_formats(request: CheckRequest) -> list[tuple[str, bool]]:
    """``(format, to the --output file)`` of each report, in order."""
    if request.output:
        return [(request.fmt, True)] + ([] if request.show_diff else [("text", False)])
    return [] if request.show_diff and request.fmt == "text" else [(request.fmt, False)]


def _targets(request: CheckRequest) -> list[tuple[str, IO[str]]] | None:
    """``(format, stream)`` pairs to report to; ``None`` (after a message) if one cannot open."""
    targets: list[tuple[str, IO[str]]] = []
    for name, to_file in _target_formats(request):
        if not to_file:
            targets.append((name, sys.stdout))
            continue
        assert request.output is not None
        try:
            handle = open(request.output, "w", encoding="utf-8", newline="\n")
        except OSError as error:
            _error(f"cannot write {request.output}: {error.strerror}")
            return None
        targets.append((name, handle))
    return targets


#: Formats that read each file's source when reporting: SARIF and GitLab fingerprints, SARIF
#: fixes, reviewdog's byte columns, the HTML report's draft text.
_READ_SOURCE = ("sarif", "rdjsonl", "gitlab", "html")


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


def _load_config(config_path: str | None) -> Config:
    from newslint.api import load_config

    return load_config(config_path)


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
        print(f"{rule.id:<{width}}  {state:<7}  {_first_sentence(rule.description)}")
        if rule.why:
            print(f"{'':<{width}}  {'':<7}  ↳ {state} : {_first_sentence(rule.why, 160)}")
    return ExitCode.CLEAN


def _first_sentence(description: str, limit: int = 100) -> str:
    """The list shows one line per rule, cut to ``limit``; ``rules explain`` shows it whole."""
    line = description.strip().splitlines()[0] if description.strip() else ""
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def explain_rule(rule_id: str, config_path: str | None, lang: str = "en") -> ExitCode:
    from newslint.explain import render

    try:
        config = _load_config(config_path)
    except ConfigError as error:
        _error(f"config error: {error}")
        return ExitCode.USAGE_ERROR
    from newslint import renames

    rules = {rule.id: rule for rule in config.base_rules()}
    rule_id = renames.rule_id(rule_id)
    rule = rules.get(rule_id)
    parent = rules.get(rule_id.rpartition("/")[0])
    if rule is None and parent is not None and parent.kind.name == "grammar":
        from newslint.grammar.explain import explain_rule as explain  # grammar/<LanguageTool id>

        return ExitCode(explain(parent, rule_id.rpartition("/")[2], config))
    if rule is None:
        from newslint.selection import suggestion

        _error(f'unknown rule "{rule_id}"{suggestion(rule_id, set(rules))}; see: newslint rules')
        return ExitCode.USAGE_ERROR
    print(render(rule, config, lang).rstrip("\n"))
    return ExitCode.CLEAN


def test_rules(files: list[str], config_path: str | None) -> ExitCode:
    from newslint import ruletest

    try:
        failures, total = ruletest.run(files, config_path)
    except ConfigError as error:
        _error(f"config error: {error}")
        return ExitCode.USAGE_ERROR
    for failure in failures:
        print(failure)
    print(f"{total - len(failures)} passed, {len(failures)} failed")
    return ExitCode.FINDINGS if failures else ExitCode.CLEAN
