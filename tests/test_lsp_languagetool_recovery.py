"""``newslint lsp`` when LanguageTool stops and comes back (issue 16): the failure is one
diagnostic while it is down, LanguageTool is asked again on a save at once and on a change once
the delay has passed (the policy is in newslint.lsp.retry), and grammar diagnostics return
without restarting the language server.

A real LanguageTool server of this test's own (``newslint languagetool serve --port``), which
the draft's configuration names (``languagetool: {url: ...}``: newslint then starts no local
server of its own), is stopped and started again on the same port."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from languagetool_fixtures import _unavailable
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient

pytestmark = [pytest.mark.languagetool, pytest.mark.asyncio(loop_scope="function")]


class Serve:
    """A persistent LanguageTool server in ``cache`` that the test stops and starts."""

    def __init__(self, env: dict[str, str], port: int) -> None:
        self.env = env
        self.port = port
        self.state = Path(env["NEWSLINT_CACHE_DIR"]) / "languagetool-server.json"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "newslint", "languagetool", "serve"),
                *("--idle-timeout", "0", "--port", str(self.port)),
            ],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 300
        while not (
            self.state.exists() and json.loads(self.state.read_text())["pid"] == self.process.pid
        ):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                _unavailable("newslint languagetool serve did not start")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def languagetool(tmp_path: Path):
    from newslint.errors import BackendError
    from newslint.grammar import provision
    from newslint.grammar.settings import Settings

    try:
        provision.check_java()
        provision.find(Settings())
    except BackendError as error:
        _unavailable(str(error))
    cache = tmp_path / "cache"
    cache.mkdir()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (tmp_path / ".newslint.yaml").write_text(
        f"languagetool:\n  url: http://127.0.0.1:{port}\n", encoding="utf-8"
    )
    # Trusted: a configuration may name a LanguageTool server only then (issue 21).
    env = {
        **os.environ,
        "NEWSLINT_CACHE_DIR": str(cache),
        "NEWSLINT_TRUST_CONFIG": "1",
        "NO_COLOR": "1",
    }
    serve = Serve(env, port)
    serve.start()
    yield serve
    serve.stop()


TEXT = "# Titre\n\nIl a manger une pomme.\n"
#: Paragraphs never sent to LanguageTool before (not in the paragraph cache).
DOWN = "\nNous avons manger des poires hier.\n"
BACK = "\nElle a manger des cerises ce matin.\n"


def grammar_on(found, line: int) -> list[types.Diagnostic]:
    return [d for d in found if str(d.code).startswith("grammar/") and d.range.start.line == line]


async def test_grammar_returns_after_languagetool_restarts(tmp_path: Path, languagetool: Serve):
    client: LanguageClient = await ClientServerConfig(
        server_command=[sys.executable, "-m", "newslint", "lsp"], server_env=languagetool.env
    ).start()
    uri = from_fs_path(str(tmp_path / "brouillon.md"))
    version = 1
    text = TEXT

    async def until(predicate, timeout: float = 180):
        async def wait():
            while True:
                found = client.diagnostics.get(uri)
                if found is not None and predicate(found):
                    return found
                await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

        try:
            return await asyncio.wait_for(wait(), timeout)
        except TimeoutError:
            seen = [
                (d.code, d.range.start.line, d.message) for d in client.diagnostics.get(uri, [])
            ]
            pytest.fail(f"not published in {timeout} s; last: {seen}; messages: {client.messages}")

    def change(added: str) -> None:
        nonlocal version, text
        version += 1
        text += added
        client.diagnostics.pop(uri, None)
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    def failed(found) -> list[types.Diagnostic]:
        return [d for d in found if d.code == "check-failed"]

    try:
        await client.initialize_session(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(),
                root_uri=from_fs_path(str(tmp_path)),
                initialization_options={"debounce_ms": 10},
            )
        )
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="markdown", version=1, text=text
                )
            )
        )
        found = await until(lambda d: grammar_on(d, 2))
        # A LanguageTool rule links to the grammar rule's own section of docs/rules.md.
        assert grammar_on(found, 2)[0].code_description.href.endswith("/docs/rules.md#grammar")

        # LanguageTool stops: one clear diagnostic, and the rest still checked.
        languagetool.stop()
        change(DOWN)
        found = await until(failed)
        assert len(failed(found)) == 1 and "grammar" in failed(found)[0].message
        assert "on a change after 2 s" in failed(found)[0].message
        assert not any(str(d.code).startswith("grammar/") for d in found)
        assert sum("could not run" in m.message for m in client.messages) == 1
        # At once, another change does not ask LanguageTool: the failure stays as it was.
        change("\nUne phrase de plus.\n")
        found = await until(failed)
        assert "on a change after 2 s" in failed(found)[0].message
        # A save asks it at once: a second failure in a row, so a longer delay.
        client.diagnostics.pop(uri, None)
        client.text_document_did_save(
            types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        found = await until(lambda d: failed(d) and "after 4 s" in failed(d)[0].message)
        assert sum("could not run" in m.message for m in client.messages) == 1

        # LanguageTool is started again: the next change (the delay has passed) finds it.
        languagetool.start()
        change(BACK)
        found = await until(lambda d: grammar_on(d, 2) and not failed(d), timeout=300)
        assert any("answers again" in m.message for m in client.messages)
    finally:
        await client.shutdown_session()
