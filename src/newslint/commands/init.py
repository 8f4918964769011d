"""``newslint init``: write a commented starter ``.newslint.yaml``."""

from __future__ import annotations

import os
import sys

import click

from newslint.exitcodes import ExitCode


def _fail(message: str, code: ExitCode = ExitCode.USAGE_ERROR) -> None:
    click.echo(f"newslint: {message}", err=True)
    sys.exit(int(code))


@click.command("init")
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
