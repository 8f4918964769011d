"""``newslint rules``: list the rules; ``rules explain RULE``; ``rules test FILES``."""

from __future__ import annotations

import sys

from newslint.commands.options import config_option
from newslint.commands.parsing import Context, argument, group, option, pass_context, path_type


@group("rules", invoke_without_command=True)
@config_option
@pass_context
def rules(ctx: Context, config_path: str | None) -> None:
    """List every rule with its severity and a one-line description."""
    ctx.obj = {"config": config_path}
    if ctx.invoked_subcommand is None:
        from newslint.app import list_rules

        sys.exit(int(list_rules(config_path)))


@rules.command()
@argument("rule_id")
@option(
    "--lang",
    choices=["en", "fr"],
    default="en",
    show_default=True,
    help="Headings in English (with the kind's documentation) or French.",
)
@pass_context
def explain(ctx: Context, rule_id: str, lang: str) -> None:
    """Print a rule's documentation (what it does, why, its examples, options, fix safety)."""
    from newslint.app import explain_rule

    sys.exit(int(explain_rule(rule_id, ctx.obj["config"], lang)))


@rules.command("test")
@argument("files", nargs=-1, type=path_type())
@pass_context
def rules_test(ctx: Context, files: tuple[str, ...]) -> None:
    """Run the examples rule files carry (must match / must not match)."""
    from newslint.app import test_rules

    sys.exit(int(test_rules(list(files), ctx.obj["config"])))
