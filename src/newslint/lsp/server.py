"""The language server: newslint's findings in any LSP editor, as the journalist types.

Everything it knows comes from :mod:`newslint.api` (no second checking path). For each open
buffer, after each change (debounced) or save:

1. the fast pass, every rule but grammar (``Checker(grammar=False)``), is published at once,
   with the grammar diagnostics of the previous pass kept where the text did not change;
2. the grammar pass (a ``Checker(grammar=True)`` selecting only the grammar rules: the
   persistent LanguageTool server and the paragraph cache, so only changed paragraphs reach
   LanguageTool) follows in the background; its findings replace the kept ones, less those
   on a span a newslint rule already reports (as ``newslint check`` drops them). A newer change cancels both (a pass still running is finished but
   never published).

Configuration is found as the CLI finds it (``.newslint.yaml`` upward from the buffer's
path) and reloaded when a watched configuration or registry file changes, or when the mtime of
a configuration file, a file beside one, or a folder between the draft and its configuration
changes. A configuration that does not load is one diagnostic on that file and one message; a
grammar check that cannot run (LanguageTool dead or missing) is one diagnostic at the top of
the buffer and one message: never a silent absence of grammar.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import field
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import from_fs_path, to_fs_path

from newslint import __version__, api
from newslint.classcache import dataclass
from newslint.lsp.edits import add_list_item, file_directive_offset, smallest_change
from newslint.lsp.positions import Lines
from newslint.lsp.retry import Retry

LOG = logging.getLogger(__name__)

SOURCE = "newslint"
CONFIG_NAMES = (".newslint.yaml", ".newslint.yml")
#: Watched for reloads: configuration files and the lists they include.
WATCHED = "**/*.{yaml,yml,txt,csv}"
SEVERITY = {
    api.Severity.ERROR: types.DiagnosticSeverity.Error,
    api.Severity.WARNING: types.DiagnosticSeverity.Warning,
    api.Severity.INFO: types.DiagnosticSeverity.Information,
}
#: Words a speller finding may be added to the vocabulary for.
SPELLING_HINTS = ("SPELLING", "TYPOS", "MORFOLOGIK")

#: Buffers checked: these language ids, or these file name endings.
DRAFT_LANGUAGES = ("markdown", "plaintext", "text")
DRAFT_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".txt")

#: The start of the message that says a check could not run.
FAILED_MESSAGE = "newslint: a check could not run: "

CMD_ADD_VOCABULARY = "newslint.addToVocabulary"
CMD_ADD_NAME = "newslint.addName"
CMD_NAMES = "newslint.names"
CMD_FIX_ALL = "newslint.fixAll"


@dataclass
class Buffer:
    """What the server holds for one open document."""

    uri: str
    #: Bumped on every change: a pass publishes only if it is still the latest.
    generation: int = 0
    task: asyncio.Task | None = None
    #: The last published pass: its source, checked result and findings.
    source: str = ""
    checked: api.Checked | None = None
    findings: list[api.Finding] = field(default_factory=list)
    grammar: list[api.Finding] = field(default_factory=list)
    #: Offset of the source in the buffer (1 when the buffer starts with a BOM).
    shift: int = 0
    #: The client's version of the published source.
    version: int | None = None
    #: The ids of the rules in force for the buffer (a sub-id's link goes to its rule).
    rule_ids: frozenset[str] = frozenset()
    #: Saved since its last check: a grammar pass asks a failed LanguageTool again at once.
    saved: bool = False


class Protocol(LanguageServerProtocol):
    """pygls' protocol, less its leak: pygls 2.1 files the future of every notification whose
    handler is asynchronous or one of its built-in generators (``didOpen``, ``didChange``,
    ``didClose``, ``initialized``) in ``_request_futures`` under a fresh id, and only a request's
    answer removes an entry there. Each keystroke's ``didChange`` left a future behind (about
    5 MB of RSS per 1,000 edits, tests/test_lsp_memory.py). Here a notification's future leaves
    that table once it is done."""

    def _check_handler_result(self, future) -> None:
        try:
            super()._check_handler_result(future)
        finally:
            # The table holds only what is in flight (a few entries): a scan costs nothing.
            for key in [k for k, v in self._request_futures.items() if v is future]:
                del self._request_futures[key]


class NewslintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "newslint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Full,
            protocol_cls=Protocol,
        )
        self.buffers: dict[str, Buffer] = {}
        self.options: dict = {}
        self.debounce = 0.03
        self.grammar_enabled = True
        #: docs/rules.md: each diagnostic links to its rule's section there.
        self.rules_page: str | None = _rules_page()
        self._fast_pool = ThreadPoolExecutor(1, thread_name_prefix="newslint-fast")
        self._grammar_pool = ThreadPoolExecutor(1, thread_name_prefix="newslint-grammar")
        #: Held while the fast checker (not thread-safe) checks or fixes, and while the
        #: checkers are replaced.
        self._lock = threading.RLock()
        self._fast: api.Checker | None = None
        self._full: api.Checker | None = None
        #: Checkers of the grammar rules alone, by the ids of those rules.
        self._grammar: dict[tuple[str, ...], api.Checker] = {}
        #: LanguageTool's last failure and when to ask it again (newslint.lsp.retry).
        self.retry = Retry()
        #: Set after a failure: the next grammar pass renews the grammar checkers' backends
        #: (a new one finds the persistent server again, or starts a local one).
        self._renew_grammar = False
        self._retired: list[api.Checker] = []
        self._fingerprints: dict[str, tuple] = {}
        self._shown: set[str] = set()
        self._config_errors: set[str] = set()
        #: Counters for tests and the benchmark.
        self.stats = {"fast": 0, "grammar": 0, "reloads": 0, "stale": 0}

    # -- configuration ---------------------------------------------------------------
    def configure(self, options: dict | None) -> None:
        options = options if isinstance(options, dict) else {}
        self.options = options
        if "grammar" in options:
            self.grammar_enabled = bool(options["grammar"])
        if isinstance(options.get("debounce_ms"), (int, float)):
            self.debounce = max(0.0, options["debounce_ms"] / 1000)
        if isinstance(options.get("docs_url"), str) and options["docs_url"]:
            url = options["docs_url"]
            # A folder (``…/docs/``) holds rules.md; anything else is the page itself.
            self.rules_page = url + "rules.md" if url.endswith("/") else url

    def checkers(self) -> tuple[api.Checker, api.Checker]:
        with self._lock:
            if self._fast is None or self._full is None:
                config = (
                    self.options.get("config")
                    if isinstance(self.options.get("config"), str)
                    else None
                )
                self._fast = api.Checker(config, grammar=False)
                self._full = api.Checker(config, grammar=True)
            return self._fast, self._full

    def reload(self) -> None:
        """Forget every loaded configuration: the next check finds and reads them again."""
        with self._lock:
            self._fast = self._full = None
            # Their backend (shared with the new checkers) is renewed if it failed.
            self._retired.extend(self._grammar.values())
            self._grammar.clear()
            self._fingerprints.clear()
            self.retry.reset()
            self.stats["reloads"] += 1

    def fingerprint(self, path: str, config: api.Config | None) -> tuple:
        """What the configuration of a draft at ``path`` depends on: which folders from the
        draft's up to the configuration's hold a ``.newslint.yaml`` (one created or removed),
        and the mtimes of the configuration files and of every file beside them (included
        lists). Not the folders' own mtimes: any file written there (a temporary file in
        /tmp) would reload the configuration at every keystroke."""
        marks: list = []
        folder = os.path.dirname(os.path.abspath(path))
        while True:
            found = tuple(os.path.exists(os.path.join(folder, n)) for n in CONFIG_NAMES)
            marks.append((folder, found))
            if any(found):
                break
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
        for file in config.files if config is not None else []:
            marks.append((file, _mtime(file)))
            directory = os.path.dirname(file)
            try:
                with os.scandir(directory) as entries:
                    marks.extend((e.name, e.stat().st_mtime_ns) for e in entries if e.is_file())
            except OSError:
                pass
        return tuple(marks)

    def _check_reload(self, path: str) -> None:
        """Reload when what the draft's configuration depends on changed since it was read."""
        key = os.path.dirname(os.path.abspath(path))
        old = self._fingerprints.get(key)
        if old is None:
            return
        if old[1] != self.fingerprint(path, old[0]):
            self.reload()

    def _remember(self, path: str, checker: api.Checker) -> None:
        key = os.path.dirname(os.path.abspath(path))
        if key not in self._fingerprints:
            try:
                config = checker.config_for(path)
            except api.NewslintError:
                return
            self._fingerprints[key] = (config, self.fingerprint(path, config))

    # -- documents -----------------------------------------------------------------------
    def path_of(self, uri: str) -> str:
        """A file path for a buffer: its own, or for an unsaved one, a name in the workspace
        root (so the workspace's configuration governs it)."""
        path = to_fs_path(uri) if uri.startswith("file:") else None
        if path:
            return path
        document = self.workspace.get_text_document(uri)
        suffix = ".md" if document.language_id == "markdown" else ".txt"
        root = self.workspace.root_path or os.getcwd()
        name = os.path.basename(uri.rstrip("/")).replace(":", "_") or "untitled"
        return os.path.join(root, os.path.splitext(name)[0] + suffix)

    def format_of(self, uri: str) -> str | None:
        language = self.workspace.get_text_document(uri).language_id
        if language == "markdown":
            return "markdown"
        if language == "plaintext":
            return "text"
        return None

    def schedule(self, uri: str, delay: float, saved: bool = False) -> None:
        buffer = self.buffers.setdefault(uri, Buffer(uri))
        buffer.saved = buffer.saved or saved
        buffer.generation += 1
        if buffer.task is not None and not buffer.task.done():
            buffer.task.cancel()
        else:
            delay = 0  # nothing in flight: check at once; debounce only a burst of changes
        buffer.task = asyncio.get_running_loop().create_task(
            self._run(buffer, buffer.generation, delay)
        )

    async def _run(self, buffer: Buffer, generation: int, delay: float) -> None:
        try:
            if delay:
                await asyncio.sleep(delay)
            loop = asyncio.get_running_loop()
            document = self.workspace.get_text_document(buffer.uri)
            text = document.source
            version = document.version
            path = self.path_of(buffer.uri)
            fmt = self.format_of(buffer.uri)
            result = await loop.run_in_executor(
                self._fast_pool, self._check, path, text, fmt, False
            )
            if generation != buffer.generation:
                self.stats["stale"] += 1
                return
            checked = self._outcome(buffer, result)
            if checked is None:
                return
            previous, buffer.source = buffer.source, text
            buffer.grammar = _shifted(buffer.grammar, previous, text)
            buffer.checked = checked
            buffer.findings = checked.findings
            buffer.shift = 1 if text.startswith("\ufeff") else 0
            buffer.version = version
            buffer.rule_ids = self._rule_ids(path)
            grammar = self.grammar_enabled and _has_grammar(self.checkers()[1], path)
            if grammar and not self.retry.due(buffer.saved):
                # LanguageTool failed lately: its failure stays shown until it is asked again.
                buffer.grammar = []
                self.publish(
                    buffer, checked.findings, [*checked.failures, (path, self.retry.message)]
                )
                self.stats["fast"] += 1
                return
            self.publish(buffer, checked.findings + buffer.grammar, checked.failures)
            self.stats["fast"] += 1
            if not grammar:
                buffer.grammar = []
                return
            buffer.saved = False
            result = await loop.run_in_executor(
                self._grammar_pool, self._check, path, text, fmt, True
            )
            if generation != buffer.generation:
                self.stats["stale"] += 1
                return
            full = self._outcome(buffer, result)
            if full is None:
                return
            self._grammar_outcome(full)
            own = {(f.source_start, f.source_end) for f in checked.findings}
            buffer.grammar = [f for f in full.findings if (f.source_start, f.source_end) not in own]
            buffer.findings = sorted(checked.findings + buffer.grammar, key=api.Finding.sort_key)
            self.publish(
                buffer, buffer.findings, list(dict.fromkeys([*checked.failures, *full.failures]))
            )
            self.stats["grammar"] += 1
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a bug must not take the server down with it
            LOG.exception("checking %s failed", buffer.uri)
            self.show_once(
                f"newslint: checking failed ({type(error).__name__}: {error})",
                types.MessageType.Error,
            )

    def _grammar_outcome(self, full: api.Checked) -> None:
        """Record whether LanguageTool answered the grammar pass (see newslint.lsp.retry)."""
        if full.failures:
            self.retry.failed(full.failures[0][1])
            self._renew_grammar = True
            self.stats["grammar_failed"] = self.stats.get("grammar_failed", 0) + 1
        elif self.retry.succeeded():
            # A later failure is said again.
            self._shown = {m for m in self._shown if not m.startswith(FAILED_MESSAGE)}
            self.window_show_message(
                types.ShowMessageParams(
                    type=types.MessageType.Info,
                    message="newslint: LanguageTool answers again: grammar is checked again",
                )
            )

    def _check(self, path: str, text: str, fmt: str | None, grammar: bool):
        """One pass, in a worker thread: the result, or the error that stopped it (published
        by the caller, on the event loop's thread)."""
        with self._lock:
            self._check_reload(path)
            fast, full = self.checkers()
        try:
            if grammar:
                ids = tuple(
                    sorted(
                        r.id for r in full.rules_for(path) if r.enabled and r.kind.name == "grammar"
                    )
                )
                with self._lock:
                    if self._renew_grammar:
                        self._renew_grammar = False
                        for old in [*self._grammar.values(), *self._retired]:
                            old.renew_grammar()  # a new backend (a local server: stopped)
                    self._retired.clear()
                    checker = self._grammar.get(ids)
                    if checker is None:
                        config = self.options.get("config")
                        checker = self._grammar[ids] = api.Checker(
                            config if isinstance(config, str) else None, select=ids, grammar=True
                        )
                checked = checker.check_text(text, path, fmt)
            else:
                with self._lock:
                    checked = fast.check_text(text, path, fmt)
                    self._remember(path, fast)
        except (api.ConfigError, api.InputError) as error:
            return error
        return checked

    def _outcome(self, buffer: Buffer, result) -> api.Checked | None:
        """A pass's result, or ``None`` after publishing why there is none."""
        if isinstance(result, api.ConfigError):
            self._config_error(result)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=buffer.uri, diagnostics=[])
            )
            return None
        if isinstance(result, api.InputError):
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=buffer.uri,
                    diagnostics=[
                        types.Diagnostic(
                            range=types.Range(
                                start=types.Position(line=0, character=0),
                                end=types.Position(line=0, character=0),
                            ),
                            message=f"Not checked: {result.reason}",
                            severity=types.DiagnosticSeverity.Error,
                            source=SOURCE,
                            code="input",
                        )
                    ],
                )
            )
            return None
        self._clear_config_errors()
        return result

    # -- publishing ----------------------------------------------------------------------
    def publish(self, buffer: Buffer, findings: list[api.Finding], failures) -> None:
        lines = Lines(buffer.source)
        diagnostics = [self.diagnostic(buffer, lines, f) for f in findings]
        for _path, message in failures:
            self.show_once(
                f"{FAILED_MESSAGE}{message}{self._retry_note(message, delay=False)}",
                types.MessageType.Warning,
            )
            diagnostics.insert(
                0,
                types.Diagnostic(
                    range=types.Range(
                        start=types.Position(line=0, character=0),
                        end=types.Position(line=0, character=0),
                    ),
                    message=f"Not checked: {message}{self._retry_note(message)}",
                    severity=types.DiagnosticSeverity.Warning,
                    source=SOURCE,
                    code="check-failed",
                ),
            )
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=buffer.uri, diagnostics=diagnostics, version=buffer.version
            )
        )

    def diagnostic(self, buffer: Buffer, lines: Lines, finding: api.Finding) -> types.Diagnostic:
        shift = buffer.shift
        related = []
        for place in finding.related:
            line, column = place.get("line"), place.get("column")
            if (
                not isinstance(line, int)
                or not isinstance(column, int)
                or line < 1
                or line > len(lines.starts)
            ):
                continue
            start = lines.starts[line - 1] + column - 1 + shift
            end = min(start + len(place.get("form") or ""), lines.line_end(line - 1))
            uri = from_fs_path(place["path"]) if place.get("path") else buffer.uri
            related.append(
                types.DiagnosticRelatedInformation(
                    location=types.Location(uri=uri, range=lines.range(start, max(start, end))),
                    message=f"« {place.get('form', '')} »" if place.get("form") else "other use",
                )
            )
        href = self.doc_link(buffer, finding.rule)
        return types.Diagnostic(
            range=lines.range(finding.source_start + shift, finding.source_end + shift),
            message=finding.message,
            severity=SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
            code=finding.rule,
            code_description=types.CodeDescription(href=href),
            source=SOURCE,
            related_information=related or None,
            data={"start": finding.source_start, "end": finding.source_end, "rule": finding.rule},
        )

    def doc_link(self, buffer: Buffer, rule: str) -> str:
        """The rule's section of docs/rules.md: the SARIF report's ``helpUri``, built by the
        same function."""
        return api.help_uri(rule, buffer.rule_ids, page=self.rules_page)

    def _rule_ids(self, path: str) -> frozenset[str]:
        try:
            return frozenset(r.id for r in self.checkers()[1].rules_for(path))
        except api.NewslintError:
            return frozenset()

    def _retry_note(self, message: str, delay: bool = True) -> str:
        """When LanguageTool is asked again, for its failure's diagnostic (with the delay)
        and message (without: shown once, not again at each longer delay)."""
        if message != self.retry.message:
            return ""
        if not delay:
            return " (asked again on save, or on a change a few seconds later)"
        return f" (asked again on save, or on a change after {self.retry.delay():g} s)"

    def show_once(self, message: str, kind: types.MessageType) -> None:
        if message in self._shown:
            return
        self._shown.add(message)
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    def _config_error(self, error: api.ConfigError) -> None:
        config_path = error.path if error.path and os.path.exists(error.path) else None
        line = max((error.line or 1) - 1, 0)
        message = str(error)
        # The message first: a client that sees the diagnostic has seen the message too.
        self.show_once(f"newslint: configuration error: {message}", types.MessageType.Error)
        if config_path:
            uri = from_fs_path(config_path)
            self._config_errors.add(uri)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=uri,
                    diagnostics=[
                        types.Diagnostic(
                            range=types.Range(
                                start=types.Position(line=line, character=0),
                                end=types.Position(line=line + 1, character=0),
                            ),
                            message=message,
                            severity=types.DiagnosticSeverity.Error,
                            source=SOURCE,
                            code="config",
                        )
                    ],
                )
            )

    def _clear_config_errors(self) -> None:
        for uri in self._config_errors:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )
        self._config_errors.clear()

    # -- code actions ----------------------------------------------------------------------
    def findings_at(self, buffer: Buffer, start: int, end: int) -> list[api.Finding]:
        start -= buffer.shift
        end -= buffer.shift
        return [f for f in buffer.findings if f.source_start <= end and start <= f.source_end]

    def code_actions(self, uri: str, selection: types.Range) -> list[types.CodeAction]:
        buffer = self.buffers.get(uri)
        if buffer is None or buffer.checked is None:
            return []
        document = self.workspace.get_text_document(uri)
        if document.source != buffer.source:
            return []  # the buffer changed since its findings: they will come
        lines = Lines(buffer.source)
        start, end = lines.offset(selection.start), lines.offset(selection.end)
        actions: list[types.CodeAction] = []
        version = document.version
        markdown = buffer.checked.document.format == "markdown"
        for finding in self.findings_at(buffer, start, end):
            diagnostic = self.diagnostic(buffer, lines, finding)
            edits = api.fix_edits(buffer.checked, finding)
            if edits:
                label = " ; ".join(f"« {s} »" for s in finding.suggestions[:1]) or " ; ".join(
                    f"« {e.replacement} »"
                    if e.replacement
                    else f"supprimer « {buffer.source[e.start : e.end]} »"
                    for e in edits
                )
                title = (
                    f"Corriger ({finding.rule}) : {label}"
                    if finding.fixable
                    else f"Remplacer, à vérifier ({finding.rule}) : {label}"
                )
                actions.append(
                    types.CodeAction(
                        title=title,
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        is_preferred=finding.fixable,
                        edit=self._edit(
                            uri,
                            version,
                            [
                                types.TextEdit(
                                    range=lines.range(e.start + buffer.shift, e.end + buffer.shift),
                                    new_text=e.replacement,
                                )
                                for e in edits
                            ],
                        ),
                    )
                )
            line = finding.line - 1
            if markdown:
                at = lines.line_end(line)
                new_text = f" <!-- newslint-disable-line {finding.rule} -->"
            else:
                at = lines.starts[line]
                new_text = (
                    f"<!-- newslint-disable-next-line {finding.rule} -->{_newline(buffer.source)}"
                )
            actions.append(
                types.CodeAction(
                    title=f"Ignorer {finding.rule} sur cette ligne",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=self._edit(
                        uri, version, [types.TextEdit(range=lines.range(at, at), new_text=new_text)]
                    ),
                )
            )
            top = file_directive_offset(buffer.source, markdown)
            actions.append(
                types.CodeAction(
                    title=f"Ignorer {finding.rule} dans tout le fichier",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=self._edit(
                        uri,
                        version,
                        [
                            types.TextEdit(
                                range=lines.range(top, top),
                                new_text=f"<!-- newslint-disable {finding.rule} -->{_newline(buffer.source)}",
                            )
                        ],
                    ),
                )
            )
            word = finding.text
            if word and len(word) <= 80 and "\n" not in word and "\r" not in word:
                additions = []
                if finding.rule.startswith("grammar") and any(
                    h in finding.rule for h in SPELLING_HINTS
                ):
                    additions.append(("vocabulary", word, f"Ajouter « {word} » au vocabulaire"))
                if finding.rule.startswith("names/"):
                    additions.extend(
                        ("names", form, f"Ajouter « {form} » au registre des noms")
                        for form in dict.fromkeys([word, *finding.suggestions])
                    )
                for key, form, title in additions:
                    edit = self.add_to_config(uri, key, form, quiet=True)
                    if edit is not None:
                        actions.append(
                            types.CodeAction(
                                title=title,
                                kind=types.CodeActionKind.QuickFix,
                                diagnostics=[diagnostic],
                                edit=edit,
                            )
                        )
        if any(f.fixable for f in buffer.findings):
            action = self.fix_all_action(uri)
            if action is not None:
                actions.append(action)
        return actions

    def fix_all_action(self, uri: str) -> types.CodeAction | None:
        buffer = self.buffers.get(uri)
        if buffer is None:
            return None
        document = self.workspace.get_text_document(uri)
        source = document.source
        fast, _ = self.checkers()
        body = source.removeprefix("\ufeff")
        try:
            with self._lock:
                fixed = fast.fix_text(body, self.path_of(uri), self.format_of(uri))
        except api.NewslintError:
            return None
        if not fixed.applied or fixed.text == body:
            return None
        shift = len(source) - len(body)
        start, end, replacement = smallest_change(body, fixed.text)
        lines = Lines(source)
        return types.CodeAction(
            title=f"Appliquer toutes les corrections sûres ({fixed.applied})",
            kind=types.CodeActionKind.SourceFixAll,
            edit=self._edit(
                uri,
                document.version,
                [
                    types.TextEdit(
                        range=lines.range(start + shift, end + shift), new_text=replacement
                    )
                ],
            ),
        )

    @staticmethod
    def _edit(uri: str, version: int | None, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
        return types.WorkspaceEdit(
            document_changes=[
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(
                        uri=uri, version=version
                    ),
                    edits=edits,
                )
            ]
        )

    # -- configuration edits -----------------------------------------------------------------
    def config_file_for(self, uri: str) -> str:
        """The ``.newslint.yaml`` that governs a buffer, or where one would be created: the
        workspace root, else the buffer's folder."""
        path = self.path_of(uri)
        folder = os.path.dirname(os.path.abspath(path))
        while True:
            for name in CONFIG_NAMES:
                if os.path.isfile(os.path.join(folder, name)):
                    return os.path.join(folder, name)
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
        root = self.workspace.root_path or os.path.dirname(os.path.abspath(path))
        return os.path.join(root, CONFIG_NAMES[0])

    def add_to_config(
        self, uri: str, key: str, word: str, quiet: bool = False
    ) -> types.WorkspaceEdit | None:
        """The edit adding ``word`` to the ``key:`` list of the buffer's configuration (a new
        file if there is none); ``None`` (and a message) when the file's layout does not allow
        it without rewriting it."""
        path = self.config_file_for(uri)
        config_uri = from_fs_path(path)
        open_document = self.workspace.text_documents.get(config_uri)
        exists = os.path.exists(path)
        if open_document is not None:
            text = open_document.source
        elif exists:
            text = Path(path).read_text(encoding="utf-8")
        else:
            text = ""
        new = add_list_item(text, key, word)
        if new is None:
            if quiet:
                return None
            self.window_show_message(
                types.ShowMessageParams(
                    type=types.MessageType.Warning,
                    message=f"newslint: add « {word} » to {key}: in {path} by hand "
                    "(its layout cannot take a line without rewriting it)",
                )
            )
            return None
        lines = Lines(text)
        start, end, replacement = smallest_change(text, new)
        edit = types.TextEdit(range=lines.range(start, end), new_text=replacement)
        changes: list = []
        if not exists and open_document is None:
            changes.append(
                types.CreateFile(
                    uri=config_uri,
                    kind="create",
                    options=types.CreateFileOptions(ignore_if_exists=True),
                )
            )
        changes.append(
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(
                    uri=config_uri, version=open_document.version if open_document else None
                ),
                edits=[edit],
            )
        )
        return types.WorkspaceEdit(document_changes=changes)

    # -- hover and names ---------------------------------------------------------------------
    def hover(self, uri: str, position: types.Position) -> types.Hover | None:
        buffer = self.buffers.get(uri)
        if buffer is None or buffer.checked is None:
            return None
        if self.workspace.get_text_document(uri).source != buffer.source:
            return None
        lines = Lines(buffer.source)
        at = lines.offset(position)
        at -= buffer.shift
        # The finding's span, end inclusive (the cursor just after a word is on it).
        found = [f for f in buffer.findings if f.source_start <= at <= f.source_end]
        if not found:
            return None
        parts = []
        explained: set[str] = set()
        path = self.path_of(uri)
        for finding in found:
            parts.append(f"**{finding.rule}** : {finding.message}")
            rule = finding.rule
            if rule not in explained:
                explained.add(rule)
                try:
                    text = api.explain(rule, config=self.options.get("config"), near=path)
                except api.NewslintError:
                    text = None
                if text:
                    parts.append(text)
        first = found[0]
        return types.Hover(
            contents=types.MarkupContent(
                kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)
            ),
            range=lines.range(first.source_start + buffer.shift, first.source_end + buffer.shift),
        )

    def names(self, uri: str) -> list[dict]:
        buffer = self.buffers.get(uri)
        if buffer is None or buffer.checked is None:
            return []
        lines = Lines(buffer.source)
        out = []
        for name in api.names_in(buffer.checked):
            out.append(
                {
                    "form": name.form,
                    "count": len(name.spans),
                    "ranges": [
                        _range_json(lines.range(s + buffer.shift, e + buffer.shift))
                        for s, e in name.spans
                    ],
                    "variants": [
                        {"form": form, "message": message}
                        for form, message in name.variants.items()
                    ],
                }
            )
        return out


def _range_json(value: types.Range) -> dict:
    return {
        "start": {"line": value.start.line, "character": value.start.character},
        "end": {"line": value.end.line, "character": value.end.character},
    }


def _newline(source: str) -> str:
    index = source.find("\n")
    if index > 0 and source[index - 1] == "\r":
        return "\r\n"
    if index < 0 and "\r" in source:
        return "\r"
    return "\n"


def _mtime(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


def _has_grammar(checker: api.Checker | None, path: str) -> bool:
    if checker is None:
        return False
    try:
        return any(r.enabled and r.kind.name == "grammar" for r in checker.rules_for(path))
    except api.NewslintError:
        return False


def _shifted(findings: list[api.Finding], old: str, new: str) -> list[api.Finding]:
    """The previous pass's grammar findings that lie in text the change did not touch, moved
    by the change's length (shown until the new grammar pass replaces them)."""
    if not findings or not old:
        return []
    start, end, replacement = smallest_change(old, new)
    delta = len(replacement) - (end - start)
    kept = []
    for finding in findings:
        if finding.source_end < start:
            kept.append(finding)
        elif finding.source_start > end:
            from dataclasses import replace

            kept.append(
                replace(
                    finding,
                    source_start=finding.source_start + delta,
                    source_end=finding.source_end + delta,
                    related=[],
                )
            )
    return kept


def _rules_page() -> str | None:
    """docs/rules.md of the source checkout the package runs from, unless
    ``NEWSLINT_DOCS_URL`` says where it is published; ``None``: that URL or newslint's own
    (:func:`newslint.api.help_uri`, as for the SARIF report)."""
    if os.environ.get("NEWSLINT_DOCS_URL"):
        return None
    page = Path(__file__).resolve().parents[3] / "docs" / "rules.md"
    return from_fs_path(str(page)) if page.is_file() else None


def create_server() -> NewslintServer:
    server = NewslintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: NewslintServer, params: types.InitializeParams) -> None:
        ls.configure(params.initialization_options)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: NewslintServer, params: types.InitializedParams) -> None:
        watched = ls.client_capabilities.workspace
        dynamic = (
            watched is not None
            and watched.did_change_watched_files is not None
            and watched.did_change_watched_files.dynamic_registration
        )
        if dynamic:
            try:
                await ls.client_register_capability_async(
                    types.RegistrationParams(
                        registrations=[
                            types.Registration(
                                id="newslint-config-watch",
                                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                register_options=types.DidChangeWatchedFilesRegistrationOptions(
                                    watchers=[types.FileSystemWatcher(glob_pattern=WATCHED)]
                                ),
                            )
                        ]
                    )
                )
            except Exception:  # the mtime check still reloads
                LOG.info("client refused file watching", exc_info=True)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: NewslintServer, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        if _is_config(item.uri) or not (
            item.language_id in DRAFT_LANGUAGES or item.uri.lower().endswith(DRAFT_SUFFIXES)
        ):
            return  # a draft is Markdown or plain text; a client may send every file it opens
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: NewslintServer, params: types.DidChangeTextDocumentParams) -> None:
        if params.text_document.uri in ls.buffers:
            ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: NewslintServer, params: types.DidSaveTextDocumentParams) -> None:
        if _is_config(params.text_document.uri):
            ls.reload()
            for uri in list(ls.buffers):
                ls.schedule(uri, 0)
        elif params.text_document.uri in ls.buffers:
            ls.schedule(params.text_document.uri, 0, saved=True)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: NewslintServer, params: types.DidCloseTextDocumentParams) -> None:
        buffer = ls.buffers.pop(params.text_document.uri, None)
        if buffer is not None:
            buffer.generation += 1
            if buffer.task is not None:
                buffer.task.cancel()
            ls.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
            )

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: NewslintServer, params: types.DidChangeWatchedFilesParams) -> None:
        if not params.changes:
            return
        ls.reload()
        for uri in list(ls.buffers):
            ls.schedule(uri, 0)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
        ),
    )
    def code_action(ls: NewslintServer, params: types.CodeActionParams):
        only = params.context.only
        if only and all(
            k == types.CodeActionKind.SourceFixAll or str(k).startswith("source") for k in only
        ):
            action = ls.fix_all_action(params.text_document.uri)
            return [action] if action else []
        return ls.code_actions(params.text_document.uri, params.range)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: NewslintServer, params: types.HoverParams):
        return ls.hover(params.text_document.uri, params.position)

    @server.command(CMD_ADD_VOCABULARY)
    async def add_vocabulary(ls: NewslintServer, uri: str, word: str):
        edit = ls.add_to_config(uri, "vocabulary", word)
        if edit is not None:
            await ls.workspace_apply_edit_async(
                types.ApplyWorkspaceEditParams(edit=edit, label=f"newslint: vocabulary + {word}")
            )
        return edit is not None

    @server.command(CMD_ADD_NAME)
    async def add_name(ls: NewslintServer, uri: str, name: str):
        edit = ls.add_to_config(uri, "names", name)
        if edit is not None:
            await ls.workspace_apply_edit_async(
                types.ApplyWorkspaceEditParams(edit=edit, label=f"newslint: names + {name}")
            )
        return edit is not None

    @server.command(CMD_NAMES)
    def names(ls: NewslintServer, uri: str):
        return ls.names(uri)

    @server.command(CMD_FIX_ALL)
    async def fix_all(ls: NewslintServer, uri: str):
        action = ls.fix_all_action(uri)
        if action is None or action.edit is None:
            return False
        await ls.workspace_apply_edit_async(types.ApplyWorkspaceEditParams(edit=action.edit))
        return True

    return server


def _is_config(uri: str) -> bool:
    return uri.rsplit("/", 1)[-1] in CONFIG_NAMES
