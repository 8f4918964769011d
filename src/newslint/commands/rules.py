"""``newslint rules``: list the rules; ``rules explain RULE``; ``rules test FILES``."""

from __future__ import annotations

import sys

import click

from newslint.commands.options import config_option


@click.group("rules", invoke_without_command=True)
@config_option
@click.pass_context
def rules(ctx: click.Context, config_path: str | None) -> None:
    """List every rule with its severity and a one-line description."""
    ctx.obj = {"config": config_path}
    if ctx.invoked_subcommand is None:
        from newslint.app import list_rules

        sys.exit(int(list_rules(config_path)))


@rules.command()
@click.argument("rule_id")
@click.option(
    "--lang",
    type=click.Choice(["en", "fr"]),
    default="en",
    show_default=True,
    help="Headings in English (with the kind's documentation) or French.",
)
@click.pass_context
def explain(ctx: click.Context, rule_id: str, lang: str) -> None:
    """Print a rule's documentation (what it does, why, its examples, options, fix safety)."""
    from newslint.app import explain_rule

    sys.exit(int(explain_rule(rule_id, ctx.obj["config"], lang)))


@rules.command("test")
@click.argument("files", nargs=-1, type=click.Path())
@click.pass_context
def rules_test(ctx: click.Context, files: tuple[str, ...]) -> None:
    """Run the examples rule files carry (must match / must not match)."""
    from newslint.app import test_rules

    sys.exit(int(test_rules(list(files), ctx.obj["config"])))
