"""``newslint lsp`` keeps what it holds bounded however long the journalist types (issue 16).

The server process runs the real server with one extra command, ``test.counts`` (defined only
by this test's launcher, not by the product), that reports what the process holds: requests
and notifications pygls still tracks, futures, tasks, every object the garbage collector sees.
After a first round of edits (caches warm), another round must leave these counts where they
were: a leak of one object per edit shows as hundreds. Counts, not RSS or time: they do not
depend on the machine's load.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient

pytestmark = pytest.mark.asyncio(loop_scope="function")

LAUNCHER = """
import asyncio, gc
from concurrent.futures import Future
from newslint.lsp.server import create_server

server = create_server()

@server.command("test.counts")
def counts(ls):
    gc.collect()
    objects = gc.get_objects()
    return {
        "pending": len(ls.protocol._request_futures),
        "result_types": len(ls.protocol._result_types),
        "futures": sum(isinstance(o, (Future, asyncio.Future)) for o in objects),
        "tasks": len(asyncio.all_tasks()),
        "objects": len(objects),
        "buffers": len(ls.buffers),
        "shown": len(ls._shown),
    }

server.start_io()
"""

PARAGRAPHS = [
    "Le ministre a déclaré lundi que la réforme serait votée avant l’été, selon son entourage.",
    "Il a dit  non à Paris, malgré les critiques de l’opposition et des syndicats.",
    "Emmanuel Macron a reçu les représentants des agriculteurs à l’Élysée mardi soir.",
]


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-c", LAUNCHER]),
    loop_scope="function",
)
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


def draft(n: int) -> str:
    """The draft after edit ``n``: one word of one paragraph changed, as a journalist types."""
    paragraphs = list(PARAGRAPHS)
    k = n % len(paragraphs)
    words = paragraphs[k].split(" ")
    words[len(words) // 2] = f"mot{n}"
    paragraphs[k] = " ".join(words)
    return "# Titre\n\n" + "\n\n".join(paragraphs) + "\n"


async def test_counts_flat_after_many_edits_and_saves(client: LanguageClient, tmp_path: Path):
    await client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=from_fs_path(str(tmp_path)),
            initialization_options={"grammar": False, "debounce_ms": 0},
        )
    )
    uri = from_fs_path(str(tmp_path / "brouillon.md"))
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=draft(0)
            )
        )
    )
    version = 1

    async def published(wanted: int) -> None:
        # Edits are sent one at a time: the publish of ``wanted`` comes after this is awaited.
        while True:
            params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            if params.uri == uri and params.version == wanted:
                return

    async def edits(count: int) -> dict:
        nonlocal version
        for _ in range(count):
            version += 1
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[
                        types.TextDocumentContentChangeWholeDocument(text=draft(version))
                    ],
                )
            )
            if version % 10 == 0:
                client.text_document_did_save(
                    types.DidSaveTextDocumentParams(
                        text_document=types.TextDocumentIdentifier(uri=uri)
                    )
                )
            await asyncio.wait_for(published(version), 30)
        await asyncio.sleep(0.2)  # a save's pass, checking the same version, ends too
        return await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="test.counts")
        )

    warm = await edits(100)
    after = await edits(300)
    assert after["buffers"] == 1
    # Only the request in flight (``test.counts`` itself) is tracked, not every notification.
    assert warm["pending"] <= 2 and after["pending"] <= 2, (warm, after)
    assert after["result_types"] == warm["result_types"]
    assert after["futures"] <= warm["futures"] + 2, (warm, after)
    assert after["tasks"] <= warm["tasks"] + 1, (warm, after)
    # 300 edits more: a leak of one object per edit would be 300.
    assert after["objects"] - warm["objects"] < 100, (warm, after)
    assert any(d.code == "typography/spaces" for d in client.diagnostics[uri])
