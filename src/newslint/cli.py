"""The command line. Wiring only: options -> run -> fix -> reporters -> exit code."""

from __future__ import annotations

import os
import sys

import click

from newslint import __version__
from newslint.exitcodes import ExitCode
from newslint.trust import trust_option

FORMAT_NAMES = ["text", "json", "sarif", "github", "rdjsonl", "checkstyle", "junit", "gitlab", "html"]


def _fail(message: str, code: ExitCode = ExitCode.USAGE_ERROR) -> None:
    click.echo(f"newslint: {message}", err=True)
    sys.exit(int(code))


class LazyGroup(click.Group):
    """Subcommands that live in their own modules, imported only when invoked."""

    LAZY = {
        "languagetool": "newslint.grammar.cli:languagetool",
        "baseline": "newslint.baseline:baseline_command",
        "audit": "newslint.audit.command:audit",
        "annotate": "newslint.annotate:annotate_command",
        "lsp": "newslint.lsp:lsp_command",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, name: str):
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


@cli.command()
# readable=False: an unreadable path is one input error of the run, not a usage error that
# stops every other file from being checked (issue 21).
@click.argument("paths", nargs=-1, type=click.Path(readable=False))
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default=None,
              help="Output format (default: text; github when GITHUB_ACTIONS=true).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write the --format report to FILE; the terminal still gets the text report.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Use this configuration instead of discovering .newslint.yaml.")
@trust_option()
@click.option("--select", multiple=True, metavar="RULE", help="Only these rules (ids or prefixes).")
@click.option("--ignore", multiple=True, metavar="RULE", help="Skip these rules (ids or prefixes).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error",
              show_default=True, help="Lowest severity that makes the run fail.")
@click.option("--no-grammar", is_flag=True, help="Skip LanguageTool grammar and spelling checks.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the LanguageTool result cache.")
@click.option("--across-files", is_flag=True, help="Compare name spellings across every file of the run.")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place, then report what remains.")
@click.option("--diff", "show_diff", is_flag=True, help="Show safe fixes as a unified diff; write nothing.")
@click.option("--quiet", "-q", is_flag=True, help="Only what fails the run (findings at or above --fail-on); no summary.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("--no-source", is_flag=True, help="Do not print the source line under each finding.")
@click.option("--statistics", is_flag=True, help="Count findings per rule.")
@click.option("--stdin-filename", default=None, help="Name (and format) of the draft read from '-'.")
@click.option("--diff-base", default=None, metavar="REF", help="Only findings on lines changed since REF.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), default=None,
              help="Only findings not recorded in this baseline file.")
@click.option("--respect-gitignore/--no-respect-gitignore", default=True, show_default=True,
              help="Skip what .gitignore files ignore when walking folders.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, help="Worker processes (0: one per core).")
def check(paths, fmt, output, config_path, select, ignore, fail_on, no_grammar, no_cache, across_files,
          fix, show_diff, quiet, color, no_source, statistics, stdin_filename, diff_base,
          baseline_path, jobs, respect_gitignore) -> None:
    """Check drafts (files, folders, or - for standard input)."""
    from newslint.app import CheckRequest, run_check

    if not paths:
        paths = (".",)
    if getattr(sys.stdout, "errors", None) == "strict" and hasattr(sys.stdout, "reconfigure"):
        # A UTF-8 terminal cannot take a name that is not UTF-8: what a reporter has not
        # rendered already (a --diff header) is escaped rather than a traceback (issue 21).
        sys.stdout.reconfigure(errors="backslashreplace")
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" and not output else "text"
    stdin_data = None
    paths = list(paths)
    if "-" in paths:
        paths.remove("-")
        from newslint.bounded import read_stream
        from newslint.documents import MAX_BYTES, MAX_WORD_BYTES, is_word

        limit = MAX_WORD_BYTES if is_word(stdin_filename or "") else MAX_BYTES
        stdin_data = read_stream(sys.stdin.buffer, limit)  # over the limit: refused in the run
    request = CheckRequest(
        paths=paths, fmt=fmt, output=output, config=config_path, select=select, ignore=ignore,
        fail_on=fail_on, no_grammar=no_grammar, no_cache=no_cache, across_files=across_files, fix=fix,
        show_diff=show_diff, quiet=quiet, color=color, show_source=not no_source,
        statistics=statistics, stdin_data=stdin_data, stdin_filename=stdin_filename or "-",
        diff_base=diff_base, baseline=baseline_path, jobs=jobs,
    )
    request.respect_gitignore = respect_gitignore
    from newslint.progress import bar_for

    with bar_for(fmt, output, quiet):
        code = run_check(request)
    sys.exit(int(code))


@cli.command()
@click.option("--force", is_flag=True, help="Overwrite an existing .newslint.yaml.")
@click.argument("directory", default=".", type=click.Path(file_okay=False))
def init(directory: str, force: bool) -> None:
    """Write a commented starter .newslint.yaml."""
    from newslint.starter import STARTER

    target = os.path.join(directory, ".newslint.yaml")
    if os.path.exists(target) and not force:
        _fail(f"{target} already exists (use --force to overwrite)")
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(STARTER)
    click.echo(f"Wrote {target}")


@cli.group(invoke_without_command=True)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None)
@trust_option()
@click.pass_context
def rules(ctx: click.Context, config_path: str | None) -> None:
    """List every rule with its severity and a one-line description."""
    ctx.obj = {"config": config_path}
    if ctx.invoked_subcommand is None:
        from newslint.app import list_rules

        sys.exit(int(list_rules(config_path)))


@rules.command()
@click.argument("rule_id")
@click.option("--lang", type=click.Choice(["en", "fr"]), default="en", show_default=True,
              help="Headings in English (with the kind's documentation) or French.")
@click.pass_context
def explain(ctx: click.Context, rule_id: str, lang: str) -> None:
    """Print a rule's documentation (what it does, why, its examples, options, fix safety)."""
    from newslint.app import explain_rule

    sys.exit(int(explain_rule(rule_id, ctx.obj["config"], lang)))


@rules.command("test")
@click.argument("files", nargs=-1, type=click.Path())
@click.pass_context
def rules_test(ctx: click.Context, files) -> None:
    """Run the examples rule files carry (must match / must not match)."""
    from newslint.app import test_rules

    sys.exit(int(test_rules(list(files), ctx.obj["config"])))


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
