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
import pytest_asyncio
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

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


class Client:
    """A real LSP client (pygls) that keeps the last version published for each document."""

    def __init__(self) -> None:
        self.client = LanguageClient("test-lsp-memory", "1")
        self.published: dict[str, int | None] = {}
        self.diagnostics: dict[str, list[types.Diagnostic]] = {}
        self.changed = asyncio.Event()
        self.messages: list[str] = []

        @self.client.feature(types.WINDOW_SHOW_MESSAGE)
        def show(params: types.ShowMessageParams) -> None:
            self.messages.append(params.message)

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params: types.PublishDiagnosticsParams) -> None:
            self.published[params.uri] = params.version
            self.diagnostics[params.uri] = params.diagnostics
            self.changed.set()

    async def until_published(self, uri: str, version: int) -> None:
        while self.published.get(uri) != version:
            self.changed.clear()
            await self.changed.wait()


@pytest_asyncio.fixture(loop_scope="function")
async def client():
    client = Client()
    await client.client.start_io(sys.executable, "-c", LAUNCHER)
    yield client
    await client.client.shutdown_async(None)
    client.client.exit(None)
    await client.client.stop()


def draft(n: int) -> str:
    """The draft after edit ``n``: one word of one paragraph changed, as a journalist types."""
    paragraphs = list(PARAGRAPHS)
    k = n % len(paragraphs)
    words = paragraphs[k].split(" ")
    words[len(words) // 2] = f"mot{n}"
    paragraphs[k] = " ".join(words)
    return "# Titre\n\n" + "\n\n".join(paragraphs) + "\n"


async def test_counts_flat_after_many_edits_and_saves(client: Client, tmp_path: Path):
    lsp = client.client
    await lsp.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=from_fs_path(str(tmp_path)),
            initialization_options={"grammar": False, "debounce_ms": 0},
        )
    )
    lsp.initialized(types.InitializedParams())
    uri = from_fs_path(str(tmp_path / "brouillon.md"))
    lsp.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=draft(0)
            )
        )
    )
    version = 1

    async def edits(count: int) -> dict:
        nonlocal version
        for _ in range(count):
            version += 1
            lsp.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[
                        types.TextDocumentContentChangeWholeDocument(text=draft(version))
                    ],
                )
            )
            if version % 10 == 0:
                lsp.text_document_did_save(
                    types.DidSaveTextDocumentParams(
                        text_document=types.TextDocumentIdentifier(uri=uri)
                    )
                )
            try:
                await asyncio.wait_for(client.until_published(uri, version), 60)
            except TimeoutError:
                pytest.fail(f"version {version} not published; server said {client.messages}")
        await asyncio.sleep(0.2)  # a save's pass, checking the same version, ends too
        return await lsp.workspace_execute_command_async(
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
