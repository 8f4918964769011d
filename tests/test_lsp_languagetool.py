"""``newslint lsp`` with a real LanguageTool server (the session's ``lt_server``): grammar
diagnostics follow the fast pass, and go when the sentence is corrected."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig

pytestmark = [pytest.mark.languagetool, pytest.mark.asyncio(loop_scope="function")]


async def test_grammar_after_the_fast_pass_and_rechecked(tmp_path: Path, lt_server):
    client = await ClientServerConfig(
        server_command=[sys.executable, "-m", "newslint", "lsp"], server_env=lt_server.env
    ).start()
    try:
        await client.initialize_session(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(),
                root_uri=from_fs_path(str(tmp_path)),
                initialization_options={"debounce_ms": 10},
            )
        )
        uri = from_fs_path(str(tmp_path / "brouillon.md"))
        text = "# Titre\n\nIl a dit  non.\n\nIl a manger une pomme.\n"
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="markdown", version=1, text=text
                )
            )
        )
        seen: list[list[str]] = []

        async def until(predicate):
            while True:
                await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
                codes = [str(d.code) for d in client.diagnostics.get(uri, [])]
                seen.append(codes)
                if predicate(codes):
                    return client.diagnostics[uri]

        found = await asyncio.wait_for(
            until(lambda c: any(x.startswith("grammar/") for x in c)), 120
        )
        assert "typography/spaces" in seen[0] and not any(x.startswith("grammar/") for x in seen[0])
        grammar = next(d for d in found if str(d.code).startswith("grammar/"))
        assert grammar.range.start.line == 4
        assert "check-failed" not in [d.code for d in found]
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[
                    types.TextDocumentContentChangeWholeDocument(
                        text=text.replace("manger", "mangé")
                    )
                ],
            )
        )
        await asyncio.wait_for(
            until(
                lambda c: "typography/spaces" in c and not any(x.startswith("grammar/") for x in c)
            ),
            120,
        )
    finally:
        await client.shutdown_session()
