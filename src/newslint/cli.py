"""The command line: registration only. Each command lives in its own module
(:mod:`newslint.commands`, :mod:`newslint.grammar.cli`), imported when it is invoked."""

from __future__ import annotations

import sys
from typing import ClassVar

from newslint import recache

# Before anything else compiles a pattern: patterns compiled before come from the user's
# cache (start-up, issue 20).
recache.install()

import click  # noqa: E402

from newslint import __version__  # noqa: E402
from newslint.exitcodes import ExitCode  # noqa: E402


class LazyGroup(click.Group):
    """Subcommands that live in their own modules, imported only when invoked."""

    LAZY: ClassVar[dict[str, str]] = {
        "check": "newslint.commands.check:check",
        "init": "newslint.commands.init:init",
        "rules": "newslint.commands.rules:rules",
        "languagetool": "newslint.grammar.cli:languagetool",
        "baseline": "newslint.commands.baseline:baseline_command",
        "audit": "newslint.audit.command:audit",
        "annotate": "newslint.annotate:annotate_command",
        "lsp": "newslint.lsp:lsp_command",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.LAZY:
            import importlib

            module, attribute = self.LAZY[name].split(":")
            try:
                return getattr(importlib.import_module(module), attribute)
            except (ModuleNotFoundError, AttributeError):
                return None
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newslint")
def cli() -> None:
    """newslint: an editorial quality-check linter for French news drafts."""


def main() -> None:
    # Not click's standalone mode: it turns Ctrl-C into "Aborted!" and exit 1, which a CI
    # gate would read as "findings". Ctrl-C is exit 130 (and stops LanguageTool: atexit).
    try:
        code = cli.main(prog_name="newslint", standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("newslint: interrupted", err=True)
        sys.exit(int(ExitCode.INTERRUPTED))
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    sys.exit(code if isinstance(code, int) else 0)
