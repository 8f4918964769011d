"""Options several commands share, declared once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from newslint.commands.parsing import int_range, option, path_type
from newslint.trust import trust_option

F = TypeVar("F", bound=Callable[..., object])

#: The lowest severity that fails a run unless ``--fail-on`` says otherwise.
FAIL_ON_DEFAULT = "error"


def config_option(func: F) -> F:
    """``--config FILE`` (as ``config_path``) and ``--trust-config``."""
    func = trust_option()(func)
    return option(
        "--config",
        "config_path",
        type=path_type(dir_okay=False),
        default=None,
        help="Use this configuration instead of discovering .newslint.yaml.",
    )(func)


def select_options(func: F) -> F:
    """``--select RULE`` and ``--ignore RULE`` (repeatable), ``--no-grammar``."""
    for declare in reversed(
        [
            option(
                "--select",
                multiple=True,
                metavar="RULE",
                help="Only these rules (ids or prefixes).",
            ),
            option(
                "--ignore",
                multiple=True,
                metavar="RULE",
                help="Skip these rules (ids or prefixes).",
            ),
            option(
                "--no-grammar", is_flag=True, help="Skip LanguageTool grammar and spelling checks."
            ),
        ]
    ):
        func = declare(func)
    return func


def fail_on_option(help_text: str = "Lowest severity that makes the run fail.") -> Callable[[F], F]:
    """``--fail-on error|warning|info``."""
    return option(
        "--fail-on",
        choices=["error", "warning", "info"],
        default=FAIL_ON_DEFAULT,
        show_default=True,
        help=help_text,
    )


def run_options(func: F) -> F:
    """What chooses the rules and runs the checks: ``--config``, ``--trust-config``,
    ``--select``, ``--ignore``, ``--no-grammar``, ``--across-files``, ``--jobs``."""
    func = option(
        "--jobs",
        "-j",
        type=int_range(minimum=0),
        default=0,
        help="Processes that check files (0: one per core, once sharing the files pays).",
    )(func)
    func = option(
        "--across-files",
        is_flag=True,
        help="Compare name spellings across every file of the run.",
    )(func)
    func = select_options(func)
    return config_option(func)
