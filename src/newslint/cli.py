"""The command line: registration only. Each command lives in its own module
(:mod:`newslint.commands`, :mod:`newslint.grammar.cli`), imported when it is invoked; the
parsing is :mod:`newslint.commands.parsing` (argparse)."""

from __future__ import annotations

import sys

from newslint import recache

# Before anything else compiles a pattern: patterns compiled before come from the user's
# cache (start-up, issue 20).
recache.install()

from newslint import __version__  # noqa: E402
from newslint.commands.parsing import group  # noqa: E402
from newslint.exitcodes import ExitCode  # noqa: E402

#: Subcommands that live in their own modules, imported only when invoked.
LAZY = {
    "check": "newslint.commands.check:check",
    "init": "newslint.commands.init:init",
    "rules": "newslint.commands.rules:rules",
    "languagetool": "newslint.grammar.cli:languagetool",
    "baseline": "newslint.commands.baseline:baseline_command",
    "audit": "newslint.audit.command:audit",
    "annotate": "newslint.annotate:annotate_command",
    "lsp": "newslint.lsp:lsp_command",
}


@group("newslint")
def cli() -> None:
    """newslint: an editorial quality-check linter for French news drafts."""


cli.commands.update(LAZY)
cli.version = f"newslint, version {__version__}"


def main() -> None:
    # Ctrl-C is exit 130, not "findings" (and stops LanguageTool: atexit).
    try:
        try:
            code = cli.main(sys.argv[1:], prog="newslint")
        finally:
            sys.stdout.flush()  # a closed pipe is known here, not at the interpreter's exit
    except KeyboardInterrupt:
        sys.stderr.write("newslint: interrupted\n")
        sys.exit(int(ExitCode.INTERRUPTED))
    except BrokenPipeError:
        # The reader went away (``newslint rules | head -1``): nothing more to say, exit 1.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def entry() -> None:
    """The console script and ``python -m newslint``: :func:`main`, then the process ends
    without the interpreter's teardown (finalising every module it imported cost about 10 ms,
    a tenth of a warm 200-file run). What an exit must do is done first, in the order the
    interpreter does it: threads that are not daemons are waited for, ``atexit`` handlers
    run (the per-user caches written, LanguageTool stopped), the standard streams flushed.
    Report files are closed by the command itself. A crash keeps Python's own exit."""
    try:
        main()
        code: object = 0
    except SystemExit as stop:
        code = stop.code
    _end(code)


def _end(code: object) -> None:
    import atexit
    import os

    if code is None:
        code = 0
    elif not isinstance(code, int):  # what ``sys.exit("message")`` prints, and its status
        sys.stderr.write(f"{code}\n")
        code = 1
    threading = sys.modules.get("threading")
    shutdown = getattr(threading, "_shutdown", None)
    if shutdown is not None:
        shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            if stream is sys.stdout and code == 0:
                code = 1  # the report could not be written whole
    os._exit(code)
