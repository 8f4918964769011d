"""``newslint lsp`` end to end: a real LSP client (pytest-lsp) talks to the server process.

What an editor shows: diagnostics on open, change and save; code actions applied by the
client and the buffer re-checked; hover; commands; configuration errors and reloads; a
LanguageTool that cannot answer.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient

pytestmark = pytest.mark.asyncio(loop_scope="function")

SERVER = [sys.executable, "-m", "newslint", "lsp"]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER), loop_scope="function")
async def client(lsp_client: LanguageClient):
    lsp_client.applied = []  # type: ignore[attr-defined]
    accept_registrations(lsp_client)

    @lsp_client.feature(types.WORKSPACE_APPLY_EDIT)
    def apply_edit(params: types.ApplyWorkspaceEditParams):
        lsp_client.applied.append(params.edit)  # type: ignore[attr-defined]
        return types.ApplyWorkspaceEditResult(applied=True)

    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=SERVER, server_env={**os.environ, "NEWSLINT_TRUST_CONFIG": "1"}
    ),
    loop_scope="function",
)
async def trusted_client(lsp_client: LanguageClient):
    """A server that trusts the workspace's configuration (it may name a LanguageTool URL)."""
    accept_registrations(lsp_client)
    yield
    await lsp_client.shutdown_session()


def accept_registrations(client: LanguageClient) -> None:
    client.registrations = []  # type: ignore[attr-defined]

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        client.registrations.extend(params.registrations)  # type: ignore[attr-defined]


async def start(client: LanguageClient, root: Path, grammar: bool = False) -> None:
    capabilities = pytest_lsp.client_capabilities("visual-studio-code")
    await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=from_fs_path(str(root)),
            initialization_options={"grammar": grammar, "debounce_ms": 10},
        )
    )


class Buffer:
    """A document the test client holds and edits."""

    def __init__(
        self, client: LanguageClient, path: Path | str, text: str, language: str = "markdown"
    ):
        self.client = client
        self.uri = path if isinstance(path, str) else from_fs_path(str(path))
        self.text = text
        self.version = 1
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=self.uri, language_id=language, version=1, text=text
                )
            )
        )

    def replace(self, text: str) -> None:
        self.text = text
        self.version += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=self.uri, version=self.version
                ),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    def apply(self, edits: list[types.TextEdit]) -> None:
        self.replace(apply_text_edits(self.text, edits))


def offset_of(text: str, position: types.Position) -> int:
    import re

    starts = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]
    start = starts[position.line]
    units = 0
    index = start
    while units < position.character:
        units += 2 if text[index] > "\uffff" else 1
        index += 1
    return index


def apply_text_edits(text: str, edits: list[types.TextEdit]) -> str:
    spans = sorted(
        ((offset_of(text, e.range.start), offset_of(text, e.range.end), e.new_text) for e in edits),
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


async def diagnostics(client: LanguageClient, uri: str, until=lambda d: True, timeout: float = 30):
    """The diagnostics published for ``uri`` once they satisfy ``until``."""

    async def wait():
        while True:
            found = client.diagnostics.get(uri)
            if found is not None and until(found):
                return found
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    return await asyncio.wait_for(wait(), timeout)


def codes(found) -> list[str]:
    return [d.code for d in found]


def spanned(text: str, diagnostic: types.Diagnostic) -> str:
    return text[offset_of(text, diagnostic.range.start) : offset_of(text, diagnostic.range.end)]


DRAFT = "# Titre\n\nIl a dit  non à Paris.\n"


async def test_open_edit_diagnostics_and_shutdown(client: LanguageClient, tmp_path: Path):
    await start(client, tmp_path)
    buffer = Buffer(client, tmp_path / "brouillon.md", DRAFT)
    found = await diagnostics(client, buffer.uri, lambda d: "typography/spaces" in codes(d))
    spaces = next(d for d in found if d.code == "typography/spaces")
    assert spaces.source == "newslint"
    assert spaces.code_description.href.endswith("/docs/rules.md#typography-spaces")
    assert spaces.severity is not None
    assert spanned(buffer.text, spaces).strip() == ""
    assert spaces.range.start.line == 2
    buffer.replace("# Titre\n\nIl a dit non à Paris.\n")
    await diagnostics(client, buffer.uri, lambda d: "typography/spaces" not in codes(d))


async def test_code_action_fix_applied_and_rechecked(client: LanguageClient, tmp_path: Path):
    await start(client, tmp_path)
    buffer = Buffer(
        client, tmp_path / "brouillon.md", "# Titre 😀\r\n\r\nIl a dit  non à Paris.\r\n"
    )
    found = await diagnostics(client, buffer.uri, lambda d: "typography/spaces" in codes(d))
    spaces = next(d for d in found if d.code == "typography/spaces")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=buffer.uri),
            range=spaces.range,
            context=types.CodeActionContext(diagnostics=[spaces]),
        )
    )
    fix = next(a for a in actions if a.is_preferred)
    buffer.apply(fix.edit.document_changes[0].edits)
    assert buffer.text == "# Titre 😀\r\n\r\nIl a dit non à Paris.\r\n"
    await diagnostics(client, buffer.uri, lambda d: "typography/spaces" not in codes(d))


async def test_fix_all_and_disable_line_and_file(client: LanguageClient, tmp_path: Path):
    await start(client, tmp_path)
    text = "# Titre\n\nIl a dit  non  à Paris.\n\nElle a dit  oui.\n"
    buffer = Buffer(client, tmp_path / "brouillon.md", text)
    found = await diagnostics(
        client, buffer.uri, lambda d: codes(d).count("typography/spaces") == 3
    )
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=buffer.uri),
            range=found[0].range,
            context=types.CodeActionContext(
                diagnostics=[], only=[types.CodeActionKind.SourceFixAll]
            ),
        )
    )
    assert len(actions) == 1
    fix_all = actions[0]
    before = buffer.text
    buffer.apply(fix_all.edit.document_changes[0].edits)
    assert buffer.text == "# Titre\n\nIl a dit non à Paris.\n\nElle a dit oui.\n"
    await diagnostics(client, buffer.uri, lambda d: "typography/spaces" not in codes(d))

    buffer.replace(before)
    found = await diagnostics(
        client, buffer.uri, lambda d: codes(d).count("typography/spaces") == 3
    )
    first = next(d for d in found if d.code == "typography/spaces")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=buffer.uri),
            range=first.range,
            context=types.CodeActionContext(diagnostics=[first]),
        )
    )
    line = next(a for a in actions if "cette ligne" in a.title)
    buffer.apply(line.edit.document_changes[0].edits)
    found = await diagnostics(
        client, buffer.uri, lambda d: codes(d).count("typography/spaces") == 1
    )
    assert next(d for d in found if d.code == "typography/spaces").range.start.line == 4
    whole = next(a for a in actions if "tout le fichier" in a.title)
    buffer.replace(before)
    await diagnostics(client, buffer.uri, lambda d: codes(d).count("typography/spaces") == 3)
    buffer.apply(whole.edit.document_changes[0].edits)
    assert buffer.text.startswith("<!-- newslint-disable typography/spaces -->\n# Titre")
    await diagnostics(client, buffer.uri, lambda d: "typography/spaces" not in codes(d))


async def test_plain_text_disable_next_line(client: LanguageClient, tmp_path: Path):
    await start(client, tmp_path)
    buffer = Buffer(
        client, tmp_path / "brouillon.txt", "Il a dit  non.\nElle a dit  oui.\n", "plaintext"
    )
    found = await diagnostics(
        client, buffer.uri, lambda d: codes(d).count("typography/spaces") == 2
    )
    second = [d for d in found if d.code == "typography/spaces"][1]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=buffer.uri),
            range=second.range,
            context=types.CodeActionContext(diagnostics=[second]),
        )
    )
    line = next(a for a in actions if "cette ligne" in a.title)
    buffer.apply(line.edit.document_changes[0].edits)
    assert (
        buffer.text
        == "Il a dit  non.\n<!-- newslint-disable-next-line typography/spaces -->\nElle a dit  oui.\n"
    )
    await diagnostics(client, buffer.uri, lambda d: codes(d).count("typography/spaces") == 1)


NAMES = (
    "Emmanuel Macron a parlé lundi. Puis Emmanuel Macronn a répondu. "
    "Le président Macron a conclu.\n"
)


async def test_related_names_hover_and_names_command(client: LanguageClient, tmp_path: Path):
    await start(client, tmp_path)
    buffer = Buffer(client, tmp_path / "brouillon.md", NAMES)
    found = await diagnostics(
        client, buffer.uri, lambda d: any(c.startswith("names/") for c in codes(d))
    )
    variant = next(d for d in found if d.code.startswith("names/"))
    assert spanned(buffer.text, variant) == "Macronn"
    assert variant.related_information
    assert {spanned(buffer.text, r.location) for r in variant.related_information} == {"Macron"}
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=buffer.uri), position=variant.range.start
        )
    )
    assert f"# {variant.code}" in hover.contents.value
    assert variant.message in hover.contents.value
    names = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="newslint.names", arguments=[buffer.uri])
    )
    by_form = {n["form"]: n for n in names}
    assert by_form["Macron"]["count"] == 2
    assert [v["form"] for v in by_form["Macronn"]["variants"]] == ["Macron"]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=buffer.uri),
            range=variant.range,
            context=types.CodeActionContext(diagnostics=[variant]),
        )
    )
    add = next(a for a in actions if a.title == "Ajouter « Macronn » au registre des noms")
    edit = add.edit
    created = edit.document_changes[0]
    assert isinstance(created, types.CreateFile)
    assert created.uri == from_fs_path(str(tmp_path / ".newslint.yaml"))
    (tmp_path / ".newslint.yaml").write_text(
        edit.document_changes[1].edits[0].new_text, encoding="utf-8"
    )
    assert (tmp_path / ".newslint.yaml").read_text(encoding="utf-8") == "names:\n  - Macronn\n"


async def test_unsaved_buffer_is_checked(client: LanguageClient, tmp_path: Path):
    await start(client, tmp_path)
    buffer = Buffer(client, "untitled:Untitled-1", "Il a dit  non.\n", "markdown")
    await diagnostics(client, buffer.uri, lambda d: "typography/spaces" in codes(d))


async def test_bad_configuration_is_one_diagnostic_and_server_lives(
    client: LanguageClient, tmp_path: Path
):
    config = tmp_path / ".newslint.yaml"
    config.write_text("rules:\n  typography/spaces:\n    severity: loud\n", encoding="utf-8")
    await start(client, tmp_path)
    buffer = Buffer(client, tmp_path / "brouillon.md", DRAFT)
    config_uri = from_fs_path(str(config))
    found = await diagnostics(client, config_uri, lambda d: len(d) == 1)
    assert found[0].code == "config" and "severity" in found[0].message
    assert any("configuration" in m.message for m in client.messages)
    config.write_text("rules:\n  typography/spaces:\n    severity: info\n", encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config_uri, type=types.FileChangeType.Changed)]
        )
    )
    found = await diagnostics(client, buffer.uri, lambda d: "typography/spaces" in codes(d))
    assert (
        next(d for d in found if d.code == "typography/spaces").severity
        == types.DiagnosticSeverity.Information
    )
    assert not (await diagnostics(client, config_uri))


async def test_configuration_reloaded_on_mtime_without_notification(
    client: LanguageClient, tmp_path: Path
):
    config = tmp_path / ".newslint.yaml"
    config.write_text("rules: {}\n", encoding="utf-8")
    await start(client, tmp_path)
    buffer = Buffer(client, tmp_path / "brouillon.md", DRAFT)
    await diagnostics(client, buffer.uri, lambda d: "typography/spaces" in codes(d))
    config.write_text("rules:\n  typography/spaces:\n    enabled: false\n", encoding="utf-8")
    os.utime(config, ns=(config.stat().st_atime_ns, config.stat().st_mtime_ns + 10**9))
    buffer.replace(DRAFT + "\nEncore.\n")
    await diagnostics(client, buffer.uri, lambda d: "typography/spaces" not in codes(d))


async def test_dead_languagetool_is_one_clear_diagnostic(
    trusted_client: LanguageClient, tmp_path: Path
):
    client = trusted_client
    (tmp_path / ".newslint.yaml").write_text(
        "languagetool:\n  url: http://127.0.0.1:9\n", encoding="utf-8"
    )
    await start(client, tmp_path, grammar=True)
    buffer = Buffer(client, tmp_path / "brouillon.md", DRAFT)
    found = await diagnostics(client, buffer.uri, lambda d: "check-failed" in codes(d))
    failed = [d for d in found if d.code == "check-failed"]
    assert len(failed) == 1
    assert "grammar" in failed[0].message
    assert "typography/spaces" in codes(found)
    assert any("could not run" in m.message for m in client.messages)


async def test_only_drafts_are_checked(client: LanguageClient, tmp_path: Path):
    await start(client, tmp_path)
    code = Buffer(client, tmp_path / "script.py", "x = 1  # dit  non\n", "python")
    draft = Buffer(client, tmp_path / "brouillon.txt", "Il a dit  non.\n", "plaintext")
    await diagnostics(client, draft.uri, lambda d: "typography/spaces" in codes(d))
    assert code.uri not in client.diagnostics


async def test_draft_over_the_limits_is_one_diagnostic(client: LanguageClient, tmp_path: Path):
    await start(client, tmp_path)
    buffer = Buffer(client, tmp_path / "long.txt", "a\n" * 50_001, "plaintext")
    found = await diagnostics(client, buffer.uri, lambda d: len(d) > 0)
    assert [d.code for d in found] == ["input"]
    assert "lines" in found[0].message


async def test_configuration_created_beside_the_draft_is_found(
    client: LanguageClient, tmp_path: Path
):
    await start(client, tmp_path)
    buffer = Buffer(client, tmp_path / "brouillon.md", DRAFT)
    await diagnostics(client, buffer.uri, lambda d: "typography/spaces" in codes(d))
    (tmp_path / ".newslint.yaml").write_text(
        "rules:\n  typography/spaces:\n    enabled: false\n", encoding="utf-8"
    )
    buffer.replace(DRAFT + "\nEncore.\n")
    await diagnostics(client, buffer.uri, lambda d: "typography/spaces" not in codes(d))
