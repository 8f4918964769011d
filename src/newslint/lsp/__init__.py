"""``newslint lsp``: the language server (see :mod:`newslint.lsp.server` and docs/lsp.md)."""

from __future__ import annotations

import sys

from newslint.commands.parsing import command, echo, option


@command("lsp")
@option(
    "--tcp",
    "address",
    default=None,
    metavar="HOST:PORT",
    help="Listen on HOST:PORT instead of talking on standard input and output.",
)
@option("--stdio", is_flag=True, help="Talk on standard input and output (the default).")
def lsp_command(address: str | None, stdio: bool) -> None:
    """Run the language server (for editors: findings as you type)."""
    import logging

    from newslint.lsp.server import create_server

    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    server = create_server()
    if address:
        host, _, port = address.rpartition(":")
        if not port.isdigit() or not host:
            echo(f"newslint: --tcp wants HOST:PORT, not {address!r}", err=True)
            sys.exit(2)
        server.start_tcp(host, int(port))
    else:
        server.start_io()
