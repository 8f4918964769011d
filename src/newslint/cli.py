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
