"""Each diagnostic of ``newslint lsp`` links to its own rule's section of docs/rules.md (the
anchor ``python -m newslint.explain`` writes, the SARIF report's ``helpUri``), not to a page
about its family of rules."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient

from newslint.api import help_uri

ASYNC = pytest.mark.asyncio(loop_scope="function")

RULES_PAGE = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
#: Findings of three families: typography, punctuation, names.
DRAFT = (
    "# Titre\n\nIl a dit  non à Paris (hier.\n\n"
    "Emmanuel Macron a parlé. Puis Emmanuel Macronn a dit non. Le président Macron répète.\n"
)


def server(env: dict[str, str] | None = None) -> ClientServerConfig:
    return ClientServerConfig(
        server_command=[sys.executable, "-m", "newslint", "lsp"],
        server_env={k: v for k, v in {**os.environ, **(env or {})}.items() if v is not None},
    )


@pytest_lsp.fixture(config=server({"NEWSLINT_DOCS_URL": ""}), loop_scope="function")
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


async def published(client: LanguageClient, root: Path, options: dict) -> list[types.Diagnostic]:
    await client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=from_fs_path(str(root)),
            initialization_options={"grammar": False, **options},
        )
    )
    uri = from_fs_path(str(root / "brouillon.md"))
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=DRAFT
            )
        )
    )
    while uri not in client.diagnostics:
        await asyncio.wait_for(
            client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 30
        )
    return list(client.diagnostics[uri])


def anchors() -> set[str]:
    return set(re.findall(r'<a id="([^"]+)"></a>', RULES_PAGE.read_text(encoding="utf-8")))


@ASYNC
async def test_each_diagnostic_links_to_its_rule_anchor(client: LanguageClient, tmp_path: Path):
    found = await published(client, tmp_path, {})
    codes = {str(d.code) for d in found}
    assert {"typography/spaces", "names/variants"} <= codes
    assert any(c.startswith("punctuation/") for c in codes)
    documented = anchors()
    page = RULES_PAGE.as_uri()
    for diagnostic in found:
        href = diagnostic.code_description.href
        # The checkout's docs/rules.md, at the rule's own section, which the page has.
        base, _, anchor = href.partition("#")
        assert base == page, href
        assert anchor in documented, href
        assert href == help_uri(str(diagnostic.code), page=page)
        assert anchor == str(diagnostic.code).replace("/", "-")


@ASYNC
async def test_docs_url_option_is_the_published_rules_page(client: LanguageClient, tmp_path: Path):
    found = await published(
        client, tmp_path, {"docs_url": "https://docs.example.net/newslint/rules.html"}
    )
    spaces = next(d for d in found if d.code == "typography/spaces")
    assert spaces.code_description.href == (
        "https://docs.example.net/newslint/rules.html#typography-spaces"
    )


@pytest_lsp.fixture(
    config=server({"NEWSLINT_DOCS_URL": "https://intranet.example/rules.md"}),
    loop_scope="function",
)
async def hosted(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


@ASYNC
async def test_newslint_docs_url_as_for_sarif(hosted: LanguageClient, tmp_path: Path):
    found = await published(hosted, tmp_path, {})
    spaces = next(d for d in found if d.code == "typography/spaces")
    assert spaces.code_description.href == "https://intranet.example/rules.md#typography-spaces"


def test_sub_id_links_to_its_rule_section():
    assert help_uri("grammar/FR_SOME_RULE", {"grammar", "typography/spaces"}, page="x").endswith(
        "#grammar"
    )
    assert help_uri("typography/spaces", {"typography/spaces"}, page="x") == "x#typography-spaces"
    assert "grammar" in anchors()
