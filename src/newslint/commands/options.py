"""Options several commands share, declared once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

from newslint.trust import trust_option

F = TypeVar("F", bound=Callable[..., object])


def config_option(func: F) -> F:
    """``--config FILE`` (as ``config_path``) and ``--trust-config``."""
    func = trust_option()(func)
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="Use this configuration instead of discovering .newslint.yaml.",
    )(func)


def run_options(func: F) -> F:
    """What chooses the rules and runs the checks: ``--config``, ``--trust-config``,
    ``--select``, ``--ignore``, ``--no-grammar``, ``--across-files``, ``--jobs``."""
    for option in reversed(
        [
            click.option(
                "--select",
                multiple=True,
                metavar="RULE",
                help="Only these rules (ids or prefixes).",
            ),
            click.option(
                "--ignore",
                multiple=True,
                metavar="RULE",
                help="Skip these rules (ids or prefixes).",
            ),
            click.option(
                "--no-grammar", is_flag=True, help="Skip LanguageTool grammar and spelling checks."
            ),
            click.option(
                "--across-files",
                is_flag=True,
                help="Compare name spellings across every file of the run.",
            ),
            click.option(
                "--jobs",
                "-j",
                type=click.IntRange(min=0),
                default=0,
                help="Worker processes (0: one per core).",
            ),
        ]
    ):
        func = option(func)
    return config_option(func)
