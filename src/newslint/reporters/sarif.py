"""SARIF 2.1.0, as GitHub code scanning and other SARIF viewers ingest it.

- One run; ``tool.driver.rules`` lists every rule in force with ``shortDescription`` (its
  one-line description), ``fullDescription`` (the whole description and why it has its
  severity), ``helpUri`` (the rule's section of docs/rules.md, newslint.explain), ``help`` (the
  rule kind's documentation, as text and Markdown) and ``defaultConfiguration.level``.
- Regions are 1-based lines and columns with an exclusive ``endColumn`` (SARIF §3.30). Columns
  count Unicode code points, declared with ``run.columnKind = "unicodeCodePoints"``: drafts are
  prose, where a column is a character, and GitHub reads 1-based columns.
- Levels: error -> ``error``, warning -> ``warning``, info -> ``note``.
- ``partialFingerprints["newslint/v1"]`` is the baseline fingerprint (newslint.baseline): it
  does not change when lines move, so a finding keeps its identity across commits.
- Artifact URIs are relative to the repository root (``uriBaseId: "%SRCROOT%"``),
  percent-encoded; files outside it get an absolute ``file:`` URI.
- Unreadable files and checks that could not run become ``toolExecutionNotifications`` and set
  ``executionSuccessful`` to false.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from newslint.baseline import SCHEME, fingerprints
from newslint.documents import is_word
from newslint.explain import full_description, help_uri, kind_doc_without_examples
from newslint.findings import Severity
from newslint.reporters import Reporter, Summary, raw_bytes
from newslint.reporters.common import (
    json_safe,
    project_root,
    repo_relative,
    rule_title,
    source_edits,
)

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
ROOT_ID = "%SRCROOT%"


def artifact_location(path: str, root: str) -> dict:
    """Repository-relative URI for ``path`` (forward slashes, percent-encoded).

    The name's bytes are percent-encoded: a name that is not UTF-8 keeps its exact bytes
    (``caf%E9.md``) and the URI stays valid (issue 21)."""
    if path == "-" or path.startswith("<"):
        return {"uri": quote(raw_bytes(path if path != "-" else "stdin"))}
    relative = repo_relative(path, root)
    if relative is None:
        return {"uri": Path(os.path.realpath(os.path.abspath(path))).as_uri()}
    return {"uri": quote(raw_bytes(relative), safe="/"), "uriBaseId": ROOT_ID}


def _region(line: int, column: int, end_line: int, end_column: int) -> dict:
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _grammar_descriptor(rule_id: str, rules: dict) -> dict | None:
    """``grammar/<LanguageTool id>``: the help ``newslint rules explain`` gives, from the
    LanguageTool rule metadata on disk (newslint.grammar.rulemeta)."""
    parent = rules.get(rule_id.rpartition("/")[0])
    if parent is None or not parent.kind.sub_ids:
        return None
    from newslint.grammar.rulemeta import cached_rule, help_text

    found = cached_rule(rule_id.rpartition("/")[2])
    if found is None:
        return None
    text = help_text(found)
    return {
        "id": rule_id,
        "shortDescription": {"text": str(found.get("description") or rule_id)},
        "fullDescription": {"text": text},
        "help": {"text": text, "markdown": text},
        "properties": {
            "kind": "grammar",
            "tags": ["newslint", "grammar", str(found.get("categoryId", ""))],
        },
    }


class SarifReporter(Reporter):
    def start(self) -> None:
        self.root = project_root()
        self.results: list[dict] = []
        self.notifications: list[dict] = []
        self.index = {rule_id: i for i, rule_id in enumerate(sorted(self.rules))}
        self.extra_rules: list[str] = []

    def _rule_index(self, rule_id: str) -> int:
        if rule_id not in self.index:
            self.index[rule_id] = len(self.index)
            self.extra_rules.append(rule_id)
        return self.index[rule_id]

    def file(self, result) -> None:
        location = artifact_location(result.path, self.root)
        prints = fingerprints(result)
        word = is_word(result.path)
        for finding, fingerprint in zip(result.findings, prints):
            message = finding.message
            if finding.suggestions:
                message += f" → {finding.suggestions[0]}"
            physical: dict = {"artifactLocation": dict(location)}
            place: dict = {"physicalLocation": physical}
            if word and finding.line > 0:
                # No line and column in a zip of XML: a logical location, the paragraph and
                # character (1-based, end exclusive) also as properties (documents.docx).
                place["logicalLocations"] = [
                    {
                        "name": f"paragraph {finding.line}, character {finding.column}",
                        "fullyQualifiedName": f"paragraph[{finding.line}]/character[{finding.column}]",
                        "kind": "text",
                    }
                ]
                place["properties"] = {
                    "paragraph": finding.line,
                    "character": finding.column,
                    "endParagraph": finding.end_line,
                    "endCharacter": finding.end_column,
                    "snippet": finding.text,
                }
            elif finding.line > 0:
                physical["region"] = _region(
                    finding.line, finding.column, finding.end_line, finding.end_column
                )
                if finding.text:
                    physical["region"]["snippet"] = {"text": finding.text}
            entry = {
                "ruleId": finding.rule,
                "ruleIndex": self._rule_index(finding.rule),
                "level": LEVELS[finding.severity],
                "message": {"text": message},
                "locations": [place],
                "partialFingerprints": {SCHEME: fingerprint},
            }
            edits = [] if word else source_edits(finding, result.document)
            if edits:
                entry["fixes"] = [
                    {
                        "description": {
                            "text": "Correction sûre (newslint --fix)"
                            if finding.fixable
                            else "Correction proposée (à vérifier)"
                        },
                        "artifactChanges": [
                            {
                                "artifactLocation": dict(location),
                                "replacements": [
                                    {
                                        "deletedRegion": _region(
                                            e.line, e.column, e.end_line, e.end_column
                                        ),
                                        "insertedContent": {"text": e.replacement},
                                    }
                                    for e in edits
                                ],
                            }
                        ],
                    }
                ]
            self.results.append(entry)

    def _notify(self, path: str, message: str, kind: str) -> None:
        self.notifications.append(
            {
                "level": "error",
                "message": {"text": message},
                "descriptor": {"id": kind},
                "locations": [
                    {"physicalLocation": {"artifactLocation": artifact_location(path, self.root)}}
                ],
            }
        )

    def error(self, path: str, message: str) -> None:
        self._notify(path, message, "input-error")

    def failure(self, path: str, message: str) -> None:
        self._notify(path, message, "check-failed")

    def _descriptor(self, rule_id: str) -> dict:
        rule = self.rules.get(rule_id)
        if rule is None:
            # A LanguageTool rule reported under the grammar rule: LanguageTool's own help when
            # its metadata is on disk; its page is the grammar rule's (issue 20).
            descriptor = _grammar_descriptor(rule_id, self.rules) or {
                "id": rule_id,
                "shortDescription": {"text": rule_id},
            }
            descriptor["helpUri"] = help_uri(rule_id, self.rules)
            return descriptor
        title = rule_title(rule)
        full = full_description(rule)
        descriptor = {
            "id": rule.id,
            "shortDescription": {"text": title},
            "fullDescription": {"text": full},
            "helpUri": help_uri(rule.id),
            "defaultConfiguration": {"level": LEVELS[rule.severity], "enabled": rule.enabled},
            "properties": {"kind": rule.kind.name, "tags": ["newslint", rule.kind.name]},
        }
        # The kind's documentation less its example (the rule's own are on its helpUri page).
        doc = kind_doc_without_examples(rule.kind.doc)
        if doc:
            descriptor["help"] = {
                "text": f"{full}\n\n{doc}",
                "markdown": f"{full}\n\n{doc}\n\n[{rule.id}]({help_uri(rule.id)})",
            }
        else:
            descriptor["help"] = {"text": full}
        return descriptor

    def finish(self, summary: Summary) -> None:
        from newslint import __version__

        rule_ids = sorted(self.rules) + self.extra_rules
        driver = {
            "name": "newslint",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": [self._descriptor(rule_id) for rule_id in rule_ids],
        }
        invocation: dict[str, Any] = {
            "executionSuccessful": not self.notifications,
            "exitCode": summary.exit_code,
        }
        if self.notifications:
            invocation["toolExecutionNotifications"] = self.notifications
        log = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {"driver": driver},
                    "originalUriBaseIds": {
                        ROOT_ID: {"uri": Path(self.root).as_uri().rstrip("/") + "/"}
                    },
                    "columnKind": "unicodeCodePoints",
                    "invocations": [invocation],
                    "results": self.results,
                }
            ],
        }
        # Compact: GitHub takes at most 10 MB (gzipped) per upload, and archives are big.
        # dumps, not dump: only the one-shot encoder is the C one (5x faster on 10k results).
        self.stream.write(json_safe(json.dumps(log, ensure_ascii=False, separators=(",", ":"))))
        self.stream.write("\n")
