"""Diagnostics placed in UTF-16 code units, as the protocol counts them, on drafts with emoji,
combining accents and CRLF / CR line endings: every range the language server publishes is
the span the CLI's JSON report gives (1-based lines, columns in code points)."""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path

import pytest
import pytest_lsp
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient

from newslint import api
from newslint.lsp.positions import Lines
from newslint.lsp.server import Buffer, NewslintServer

_BREAK = re.compile(r"\r\n|\r|\n")


def client_offset(text: str, position: types.Position) -> int:
    """A client's reading of an LSP position (independent of the server's code): the line as
    the protocol splits them, then ``character`` UTF-16 code units into it."""
    starts = [0, *(m.end() for m in _BREAK.finditer(text))]
    line_start = starts[position.line]
    encoded = text[line_start:].encode("utf-16-le")[: 2 * position.character]
    return line_start + len(encoded.decode("utf-16-le"))


def json_offset(text: str, line: int, column: int) -> int:
    """The offset the CLI's JSON report means: 1-based line, 1-based column in code points."""
    starts = [0, *(m.end() for m in _BREAK.finditer(text))]
    return starts[line - 1] + column - 1


PIECES = [
    "Il",
    "a",
    "dit",
    "non",
    "Paris",
    "Macron",
    "Macronn",
    "été",
    "e\u0301te\u0301",
    "😀",
    "👩‍👩‍👧",
    "𝒜",
    "«",
    "»",
    " ! ",
    "!",
    "?",
    " ",
    "  ",
    "\u00a0",
    ",",
    ".",
    "\n",
    "\r\n",
    "\r",
    "\r\n\r\n",
    "\n\n",
    "# ",
    "*",
    "l’",
    "ça",
]
drafts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=60).map("".join)

NASTY = (
    "# Titre 😀 e\u0301te\u0301\r\n\r\nIl a dit  non 👩‍👩‍👧 à Paris !Puis  Macron\r\n"
    "et Macronn  ont dit « oui ».\rEncore  un 𝒜 .\n"
)


def server_ranges(text: str, fmt: str) -> list[tuple[api.Finding, types.Diagnostic]]:
    checked = api.Checker(grammar=False).check_text(
        text, "brouillon." + ("md" if fmt == "markdown" else "txt")
    )
    server = NewslintServer()
    buffer = Buffer("file:///brouillon", source=text)
    lines = Lines(text)
    return [(f, server.diagnostic(buffer, lines, f)) for f in checked.findings]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=drafts, fmt=st.sampled_from(["markdown", "text"]))
@example(text=NASTY, fmt="markdown")
@example(text=NASTY, fmt="text")
def test_every_range_is_the_json_span(text: str, fmt: str):
    for finding, diagnostic in server_ranges(text, fmt):
        start = client_offset(text, diagnostic.range.start)
        end = client_offset(text, diagnostic.range.end)
        assert start == json_offset(text, finding.line, finding.column)
        assert end == json_offset(text, finding.end_line, finding.end_column)
        assert text[start:end] == finding.text or len(finding.text) > 200
        for related, place in zip(diagnostic.related_information or [], finding.related):
            at = client_offset(text, related.location.range.start)
            assert at == json_offset(text, place["line"], place["column"])
            assert text[at : client_offset(text, related.location.range.end)] == place["form"]


@given(text=drafts)
@settings(max_examples=200, deadline=None)
def test_positions_round_trip(text: str):
    lines = Lines(text)
    for offset in range(len(text) + 1):
        position = lines.position(offset)
        if offset < len(text) and text[offset] == "\n" and offset and text[offset - 1] == "\r":
            continue  # inside a CRLF: no position of its own
        assert client_offset(text, position) == offset
        assert lines.offset(position) == offset


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "newslint", "lsp"]),
    loop_scope="function",
)
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="function")
async def test_server_matches_cli_json_report(client: LanguageClient, tmp_path: Path, cli_json):
    draft = tmp_path / "brouillon.md"
    draft.write_bytes(NASTY.encode("utf-8"))
    _code, report = cli_json("--no-grammar", str(draft))
    expected = sorted(
        (
            f["rule"],
            json_offset(NASTY, f["line"], f["column"]),
            json_offset(NASTY, f["end_line"], f["end_column"]),
        )
        for f in report["files"][0]["findings"]
    )
    assert any(rule == "typography/spaces" for rule, _, _ in expected)
    await client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=from_fs_path(str(tmp_path)),
            initialization_options={"grammar": False},
        )
    )
    uri = from_fs_path(str(draft))
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=NASTY
            )
        )
    )

    async def published():
        while uri not in client.diagnostics:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return client.diagnostics[uri]

    found = await asyncio.wait_for(published(), 30)
    got = sorted(
        (d.code, client_offset(NASTY, d.range.start), client_offset(NASTY, d.range.end))
        for d in found
    )
    assert got == expected
