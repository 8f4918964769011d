"""``newslint check``: check drafts (files, folders, or ``-`` for standard input)."""

from __future__ import annotations

import os
import sys

from newslint.commands.options import fail_on_option, run_options
from newslint.commands.parsing import argument, command, option, path_type

FORMAT_NAMES = [
    "text",
    "json",
    "sarif",
    "github",
    "rdjsonl",
    "checkstyle",
    "junit",
    "gitlab",
    "html",
]


@command()
# readable=False: an unreadable path is one input error of the run, not a usage error that
# stops every other file from being checked (issue 21).
@argument("paths", nargs=-1, type=path_type(readable=False))
@option(
    "--format",
    "fmt",
    choices=FORMAT_NAMES,
    default=None,
    help="Output format (default: text; github when GITHUB_ACTIONS=true).",
)
@option(
    "--output",
    "-o",
    type=path_type(dir_okay=False),
    default=None,
    help="Write the --format report to FILE; the terminal still gets the text report.",
)
@run_options
@fail_on_option()
@option(
    "--no-cache",
    is_flag=True,
    help="Neither read nor write the caches of results (LanguageTool's, each file's findings).",
)
@option("--fix", is_flag=True, help="Apply safe fixes in place, then report what remains.")
@option(
    "--diff", "show_diff", is_flag=True, help="Show safe fixes as a unified diff; write nothing."
)
@option(
    "--quiet",
    "-q",
    is_flag=True,
    help="Only what fails the run (findings at or above --fail-on); no summary.",
)
@option("--color", choices=["auto", "always", "never"], default="auto", show_default=True)
@option("--no-source", is_flag=True, help="Do not print the source line under each finding.")
@option("--statistics", is_flag=True, help="Count findings per rule.")
@option("--stdin-filename", default=None, help="Name (and format) of the draft read from '-'.")
@option(
    "--diff-base", default=None, metavar="REF", help="Only findings on lines changed since REF."
)
@option(
    "--baseline",
    "baseline_path",
    type=path_type(dir_okay=False),
    default=None,
    help="Only findings not recorded in this baseline file.",
)
@option(
    "--respect-gitignore/--no-respect-gitignore",
    default=True,
    show_default=True,
    help="Skip what .gitignore files ignore when walking folders.",
)
def check(
    paths: tuple[str, ...],
    fmt: str | None,
    output: str | None,
    config_path: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str,
    no_grammar: bool,
    no_cache: bool,
    across_files: bool,
    fix: bool,
    show_diff: bool,
    quiet: bool,
    color: str,
    no_source: bool,
    statistics: bool,
    stdin_filename: str | None,
    diff_base: str | None,
    baseline_path: str | None,
    jobs: int,
    respect_gitignore: bool,
) -> None:
    """Check drafts (files, folders, or - for standard input)."""
    from newslint.app import CheckRequest, run_check

    if getattr(sys.stdout, "errors", None) == "strict" and hasattr(sys.stdout, "reconfigure"):
        # A UTF-8 terminal cannot take a name that is not UTF-8: what a reporter has not
        # rendered already (a --diff header) is escaped rather than a traceback (issue 21).
        sys.stdout.reconfigure(errors="backslashreplace")
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" and not output else "text"
    stdin_data = None
    named = list(paths) or ["."]
    if "-" in named:
        named.remove("-")
        from newslint.bounded import read_stream
        from newslint.documents import MAX_BYTES, MAX_WORD_BYTES, is_word

        limit = MAX_WORD_BYTES if is_word(stdin_filename or "") else MAX_BYTES
        stdin_data = read_stream(sys.stdin.buffer, limit)  # over the limit: refused in the run
    request = CheckRequest(
        paths=named,
        fmt=fmt,
        output=output,
        config=config_path,
        select=select,
        ignore=ignore,
        fail_on=fail_on,
        no_grammar=no_grammar,
        no_cache=no_cache,
        across_files=across_files,
        fix=fix,
        show_diff=show_diff,
        quiet=quiet,
        color=color,
        show_source=not no_source,
        statistics=statistics,
        stdin_data=stdin_data,
        stdin_filename=stdin_filename or "-",
        diff_base=diff_base,
        baseline=baseline_path,
        jobs=jobs,
    )
    request.respect_gitignore = respect_gitignore
    from newslint.progress import bar_for

    with bar_for(fmt, output, quiet):
        code = run_check(request)
    sys.exit(int(code))
