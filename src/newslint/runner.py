"""A run: paths -> documents -> findings for every file, input errors, failed checks.

The CLI builds :class:`RunOptions`, calls :func:`run`, and hands the result to a reporter.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import Iterator

from newslint.checks import Context
from newslint.config import Config, ConfigFinder, Rule
from newslint.documents import Document, load, load_path
from newslint.errors import InputError
from newslint.findings import Finding
from newslint.linter import finalize, lint, rule_matches

LOG = logging.getLogger(__name__)

DRAFT_SUFFIXES = (".txt", ".md", ".markdown", ".mdown", ".mkd", ".text")
SKIPPED_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv"}


@dataclass
class RunOptions:
    paths: list[str]
    config: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    no_grammar: bool = False
    across_files: bool = False
    stdin_data: bytes | None = None
    stdin_filename: str = "-"
    jobs: int = 1


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    document: Document | None = None


@dataclass
class RunResult:
    files: list[FileResult] = field(default_factory=list)
    #: Files that could not be read: ``(path, message)``.
    errors: list[tuple[str, str]] = field(default_factory=list)
    #: Checks that could not run: ``(path, message)``.
    failures: list[tuple[str, str]] = field(default_factory=list)
    #: Every rule in force somewhere in the run (for SARIF rule tables and explanations).
    rules: dict[str, Rule] = field(default_factory=dict)


def discover(paths: list[str], finder: ConfigFinder, errors: list[tuple[str, str]]) -> Iterator[str]:
    """Files to check, in a stable order: directories recursively, hidden and VCS folders skipped."""
    for path in paths:
        if os.path.isdir(path):
            found = []
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
                for name in files:
                    if name.startswith(".") or not name.lower().endswith(DRAFT_SUFFIXES):
                        continue
                    full = os.path.join(root, name)
                    if not finder.for_path(full).excluded(full):
                        found.append(full)
            yield from sorted(found)
        elif os.path.exists(path) or os.path.islink(path):
            yield path  # named explicitly: checked whatever its extension
        else:
            errors.append((path, "no such file or directory"))


def select_rules(rules: list[Rule], options: RunOptions) -> list[Rule]:
    chosen = []
    for rule in rules:
        if options.select and not rule_matches(rule.id, options.select):
            continue
        if options.ignore and rule_matches(rule.id, options.ignore):
            continue
        if options.no_grammar and rule.kind.name == "grammar":
            continue
        chosen.append(rule)
    return chosen


def make_context(config: Config) -> Context:
    from newslint.registry import Registry

    registry = Registry(list(config.names))
    vocabulary = tuple(dict.fromkeys([*config.vocabulary, *sorted(registry.words())]))
    return Context(
        language=config.language,
        names=registry,
        vocabulary=vocabulary,
        settings={"languagetool": dict(config.languagetool)},
    )


class Runner:
    """Checks files one by one with the configuration that governs each."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self.finder = ConfigFinder(options.config)
        self._contexts: dict[int, Context] = {}

    def context_for(self, config: Config) -> Context:
        key = id(config)
        if key not in self._contexts:
            self._contexts[key] = make_context(config)
            self._contexts[key].across_files = self.options.across_files
        return self._contexts[key]

    def check_document(self, document: Document, result: RunResult) -> FileResult:
        config = self.finder.for_path(document.path)
        rules = select_rules(config.rules_for(document.path), self.options)
        for rule in rules:
            result.rules.setdefault(rule.id, rule)
        context = self.context_for(config)
        findings = lint(document, rules, context)
        return FileResult(document.path, findings, document)

    def run(self) -> RunResult:
        result = RunResult()
        if self.options.stdin_data is not None:
            name = self.options.stdin_filename
            try:
                document = load(name, self.options.stdin_data)
                result.files.append(self.check_document(document, result))
            except InputError as error:
                result.errors.append((error.path, error.reason))
        for path in discover(self.options.paths, self.finder, result.errors):
            try:
                document = load_path(path)
            except InputError as error:
                result.errors.append((error.path, error.reason))
                continue
            result.files.append(self.check_document(document, result))
        self.finish(result)
        return result

    def finish(self, result: RunResult) -> None:
        """Cross-file checks, then collect the checks that could not run."""
        by_path = {file.path: file for file in result.files}
        for context in self._contexts.values():
            for rule_id, states in context.state.items():
                rule = result.rules.get(rule_id)
                if rule is None or rule.kind.finish is None:
                    continue
                for path, finding in rule.kind.finish(states, rule.options, context):
                    finding.rule = rule.id
                    finding.severity = rule.severity
                    target = by_path.get(path)
                    if target is not None and target.document is not None:
                        target.findings.append(finding)
            result.failures.extend(context.failures)
        for file in result.files:
            if file.document is not None:
                file.findings = finalize(file.document, file.findings)


def run(options: RunOptions) -> RunResult:
    return Runner(options).run()
