"""``newslint baseline``: record the current findings (see :mod:`newslint.baseline`)."""

from __future__ import annotations

import sys

from newslint.baseline import DEFAULT_FILE, BaselineError, build, write
from newslint.commands.options import run_options
from newslint.commands.parsing import argument, command, echo, option, path_type
from newslint.errors import NewslintError


@command("baseline")
@argument("paths", nargs=-1, type=path_type())
@option(
    "--output",
    "-o",
    "output",
    default=DEFAULT_FILE,
    show_default=True,
    type=path_type(dir_okay=False),
    help="Baseline file to write.",
)
@run_options
def baseline_command(
    paths: tuple[str, ...],
    output: str,
    config_path: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    no_grammar: bool,
    across_files: bool,
    jobs: int,
) -> None:
    """Record the current findings so that `check --baseline FILE` reports only new ones.

    Run it with the same paths, configuration and rule selection as the gate that will read it.
    Nothing is written when a file cannot be read or a check cannot run: a baseline must be
    complete, or it would hide nothing it should and the gate would fail on old copy.
    """
    from newslint.api import Checker
    from newslint.errors import ConfigError
    from newslint.exitcodes import ExitCode

    def fail(message: str, code: ExitCode) -> None:
        echo(f"newslint: {message}", err=True)
        sys.exit(int(code))

    try:
        checker = Checker(
            config_path,
            select=select,
            ignore=ignore,
            grammar=not no_grammar,
            across_files=across_files,
            jobs=jobs,
        )
        result = checker.check_paths(list(paths) or ["."])
    except ConfigError as error:
        fail(f"config error: {error}", ExitCode.USAGE_ERROR)
    except NewslintError as error:
        fail(str(error), ExitCode.USAGE_ERROR)
    for path, message in result.errors:
        echo(f"{path}: input error: {message}", err=True)
    for path, message in result.failures:
        echo(f"{path}: check failed: {message}", err=True)
    if result.failures:
        fail(
            f"baseline not written: {len(result.failures)} check(s) could not run "
            "(fix the cause, or leave those rules out with --no-grammar/--ignore)",
            ExitCode.CHECK_FAILED,
        )
    if result.errors:
        fail(
            f"baseline not written: {len(result.errors)} file(s) could not be read",
            ExitCode.USAGE_ERROR,
        )
    document = build(result, output)
    try:
        write(document, output)
    except BaselineError as error:
        fail(str(error), ExitCode.USAGE_ERROR)
    total = sum(len(entries) for entries in document["files"].values())
    checked = len(result.files)
    echo(
        f"Recorded {total} finding{'s' if total != 1 else ''} from "
        f"{len(document['files'])} of {checked} file{'s' if checked != 1 else ''} in {output}."
    )
