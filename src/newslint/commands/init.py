"""``newslint init``: write a commented starter ``.newslint.yaml``."""

from __future__ import annotations

import os
import sys

from newslint.commands.parsing import argument, command, echo, option, path_type
from newslint.exitcodes import ExitCode


def _fail(message: str, code: ExitCode = ExitCode.USAGE_ERROR) -> None:
    echo(f"newslint: {message}", err=True)
    sys.exit(int(code))


@command("init")
@option("--force", is_flag=True, help="Overwrite an existing .newslint.yaml.")
@argument("directory", default=".", type=path_type(file_okay=False))
def init(directory: str, force: bool) -> None:
    """Write a commented starter .newslint.yaml."""
    from newslint.starter import STARTER

    target = os.path.join(directory, ".newslint.yaml")
    if os.path.exists(target) and not force:
        _fail(f"{target} already exists (use --force to overwrite)")
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(STARTER)
    echo(f"Wrote {target}")
