"""A run: paths -> documents -> each file's findings, in order; input errors, failed checks.

:meth:`Runner.files` yields each file's :class:`FileResult` as soon as it is known, in
discovery order, and fills a :class:`RunResult` with what the whole run found besides (input
errors, checks that could not run, rules in force, files checked); :meth:`Runner.run` keeps
them all. :meth:`Runner.check_document` checks one loaded document with the same rules and
contexts: an editor's buffer, a fixed text checked again. Nothing here reports: the sink
(:mod:`newslint.sink`) counts and renders what the run yields.

Many files are checked in worker processes (``--jobs``; :mod:`newslint.pool`): workers return
each file's findings, the cross-file state its checks recorded (``Context.state``) and the
checks that could not run; the parent merges the state into its own contexts before
:meth:`Runner.finish`. Kinds say what they need through their hooks
(:class:`newslint.checks.Kind`): ``prepare`` before a one-process run, ``service`` (one
process, skipped by ``--no-grammar``), ``finish`` for cross-file findings; the runner names
no kind.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import field
from typing import TYPE_CHECKING, Any

from newslint import pool
from newslint.checks import Context, Kind
from newslint.classcache import dataclass
from newslint.config import Config, ConfigFinder, Rule
from newslint.documents import Document, check_stdin_size, load, load_path
from newslint.errors import InputError
from newslint.findings import Finding, Severity
from newslint.linter import finalize, lint
from newslint.selection import check_selection, keep_finding, rule_matches, select_rules

__all__ = [
    "DRAFT_SUFFIXES",
    "FileResult",
    "RunOptions",
    "RunResult",
    "Runner",
    "discover",
    "keep_finding",
    "make_context",
    "rule_matches",
    "select_rules",
]

if TYPE_CHECKING:
    import logging


def _log() -> logging.Logger:
    """This module's logger; ``logging`` is imported on first use (start-up, issue 20)."""
    import logging

    return logging.getLogger(__name__)


DRAFT_SUFFIXES = (".txt", ".md", ".markdown", ".mdown", ".mkd", ".text", ".html", ".htm", ".docx")
SKIPPED_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv"}


@dataclass
class RunOptions:
    """How a run checks: paths, configuration, selection, workers, what is kept."""

    paths: list[str]
    config: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    #: Skip the kinds that need an outside service (LanguageTool): ``Kind.service``.
    no_grammar: bool = False
    across_files: bool = False
    stdin_data: bytes | None = None
    stdin_filename: str = "-"
    #: Worker processes: 0 = one per core, 1 = no workers.
    jobs: int = 1
    #: Keep each file's :class:`Document` in :attr:`FileResult.document` (source excerpts,
    #: fixes). Without it, documents are dropped as soon as their findings are placed.
    keep_documents: bool = True
    #: With ``keep_documents``: keep only each document's source (all a text report's
    #: excerpts need), not its checked text and offset map.
    source_only: bool = False
    #: Do not read or write the on-disk LanguageTool cache (``--no-cache``).
    no_cache: bool = False
    #: Skip what ``.gitignore`` files ignore when walking folders (``--no-respect-gitignore``).
    respect_gitignore: bool = True


@dataclass
class FileResult:
    """One checked file: its findings and, when kept, its document."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    document: Document | None = None

    def counts(self) -> Iterable[tuple[str, Severity, int, int]]:
        """``(rule, severity, findings, fixable)`` for each rule and severity found."""
        counted: dict[tuple[str, Severity], list[int]] = {}
        for finding in self.findings:
            entry = counted.setdefault((finding.rule, finding.severity), [0, 0])
            entry[0] += 1
            entry[1] += finding.fixable
        return tuple(
            (rule, severity, n, fixable) for (rule, severity), (n, fixable) in counted.items()
        )


@dataclass
class RunResult:
    """A whole run: checked files, input errors, checks that could not run, rules in force."""

    files: list[FileResult] = field(default_factory=list)
    #: Files that could not be read: ``(path, message)``.
    errors: list[tuple[str, str]] = field(default_factory=list)
    #: Checks that could not run: ``(path, message)``.
    failures: list[tuple[str, str]] = field(default_factory=list)
    #: Every rule in force somewhere in the run (for SARIF rule tables and explanations).
    rules: dict[str, Rule] = field(default_factory=dict)
    #: Files checked (equals ``len(files)`` unless results were streamed).
    checked: int = 0
    #: Files ``--fix`` had fixes for but left as they were: ``(path, reason)`` (exit code 2).
    unfixed: list[tuple[str, str]] = field(default_factory=list)


def discover(
    paths: list[str], finder: ConfigFinder, errors: list[tuple[str, str]], gitignore: bool = True
) -> Iterator[str]:
    """Files to check, in a stable order: directories recursively, hidden and VCS folders skipped.

    Fails closed (issue 21): a path or folder that cannot be read or walked (permission
    denied, deeper than the system's path limit, a symbolic link loop) is one input error in
    ``errors``, and everything else is still found.
    """
    for path in paths:
        try:
            info = os.stat(path)
        except OSError as error:
            if os.path.islink(path):
                yield path  # a dangling link or a loop, named explicitly: the loader says which
            else:
                errors.append((path, _unreadable(error)))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, finder, errors, gitignore)
        else:
            yield path  # named explicitly: checked whatever its extension


def _walk(
    top: str, finder: ConfigFinder, errors: list[tuple[str, str]], gitignore: bool = True
) -> list[str]:
    """The drafts under folder ``top``, sorted. Iterative, so depth costs no recursion; links
    to folders are never followed, so a directory loop is never entered. What ``.gitignore``
    files ignore is skipped (``gitignore=False``: not; newslint.globs)."""
    from newslint.globs import walk_filter

    skip = walk_filter(top, gitignore)
    found = []
    folders = [top]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            if not _folder_excluded(finder, folder):
                errors.append((folder, _unreadable(error)))
            continue
        below = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            full = os.path.join(folder, name)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_link = entry.is_symlink()
            except OSError:
                is_dir = is_link = False
            if is_dir:
                if name not in SKIPPED_DIRS and not skip(full, True):
                    below.append(full)
                continue
            draft = name.lower().endswith(DRAFT_SUFFIXES) or (
                finder.for_path(full).format_for(name) is not None
            )
            if is_link:
                try:
                    if stat.S_ISDIR(os.stat(full).st_mode):
                        continue  # a link to a folder: not followed
                except OSError as error:
                    # A loop holds nothing, but say so; a draft's name goes to the loader.
                    if (
                        error.errno == errno.ELOOP
                        and not draft
                        and not _folder_excluded(finder, full)
                    ):
                        errors.append((full, _unreadable(error)))
                        continue
            if draft and not skip(full, False) and not finder.for_path(full).excluded(full):
                found.append(full)
        folders.extend(reversed(below))
    return sorted(found)


def _folder_excluded(finder: ConfigFinder, folder: str) -> bool:
    """Whether the configuration excludes every draft ``folder`` could hold: a probe name no
    file can have (it holds a NUL) matches only globs that cover the whole folder."""
    probe = os.path.join(folder, "\0.md")
    try:
        return finder.for_path(probe).excluded(probe)
    except (OSError, ValueError):
        return False


def _unreadable(error: OSError) -> str:
    """One line saying why a path could not be walked or read."""
    if error.errno == errno.ENOENT:
        return "no such file or directory"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.ENAMETOOLONG:
        return f"path too long for the system ({len(os.fsencode(error.filename or ''))} bytes); not checked"
    if error.errno == errno.ELOOP:
        return "symbolic link loop; not followed"
    if error.errno == errno.ENOTDIR:
        return "not a directory"
    return f"cannot read: {error.strerror or error}"


def make_context(config: Config) -> Context:
    registry = None
    if config.names:  # the registry module is imported only by newsrooms that keep one
        from newslint.registry import Registry

        registry = Registry(list(config.names))
    words = sorted(registry.words()) if registry is not None else []
    vocabulary = tuple(dict.fromkeys([*config.vocabulary, *words]))
    return Context(
        language=config.language,
        names=registry,
        vocabulary=vocabulary,
        settings={"languagetool": dict(config.languagetool)},
    )


#: What checking one path gives, in whichever process: ``(path, result or None, input error
#: or None, state fragments {rule_id: {key: state}}, failures)``.
Outcome = tuple[str, "FileResult | None", "tuple[str, str] | None", dict, list]


class Runner:
    """Checks files with the configuration that governs each, in one process or several."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self.finder = ConfigFinder(options.config)
        #: One context per configuration of the run (its registry, cross-file state,
        #: failures), for as long as the runner lives.
        self._contexts: dict[int, tuple[Config, Context]] = {}
        #: Each distinct configuration of the run with its selected rules (set by :meth:`files`).
        self._rule_sets: list[tuple[Config, list[Rule]]] = []

    def context_for(self, config: Config) -> Context:
        key = id(config)
        if key not in self._contexts:
            context = make_context(config)
            if context.settings is not None:
                context.settings["no_cache"] = self.options.no_cache
            context.across_files = self.options.across_files
            # The configuration is held with its context: its id stays its own.
            self._contexts[key] = (config, context)
        return self._contexts[key][1]

    def rules_for(self, path: str) -> list[Rule]:
        """The rules in force for a draft at ``path``, after the run's selection."""
        return select_rules(self.finder.for_path(path).rules_for(path), self.options)

    def check_document(self, document: Document, result: RunResult | None = None) -> FileResult:
        """Check one loaded document with the rules and context that govern its path (also
        to check one again: an editor's buffer, a fixed text). ``result``: a run whose rules in
        force to add these to. Checks that could not run are kept for :meth:`take_failures`."""
        config = self.finder.for_path(document.path)
        rules = select_rules(config.rules_for(document.path), self.options)
        if result is not None:
            for rule in rules:
                result.rules.setdefault(rule.id, rule)
        findings = lint(document, rules, self.context_for(config))
        document.memo.clear()  # what its checks shared dies with the check
        if self.options.select or self.options.ignore:
            findings = [finding for finding in findings if keep_finding(finding, self.options)]
        return FileResult(document.path, findings, document)

    def take_failures(self) -> list[tuple[str, str]]:
        """The checks that could not run since last asked, once each, in order."""
        failures: list[tuple[str, str]] = []
        for _config, context in self._contexts.values():
            failures.extend(context.failures)
            context.failures.clear()
        return list(dict.fromkeys(failures))

    # -- one file, in whichever process ---------------------------------------------------
    def check_path(
        self, path: str, detach: bool = False, loaded: Document | None = None
    ) -> Outcome:
        """Load and check one file (``loaded``: already loaded). ``detach`` (in workers) moves
        the cross-file state and failures its checks recorded out of this process's contexts
        into the outcome."""
        try:
            document = (
                loaded
                if loaded is not None
                else load_path(path, self.finder.for_path(path).format_for(path))
            )
        except InputError as error:
            return path, None, (error.path, error.reason), {}, []
        except Exception as error:  # a loader bug on odd input: one line, exit 3 (issue 8)
            _log().debug("loading %s failed", path, exc_info=True)
            return (
                path,
                None,
                None,
                {},
                [(path, f"internal error while reading ({type(error).__name__})")],
            )
        file = self.check_document(document)
        state: dict[str, dict[str, Any]] = {}
        failures: list[tuple[str, str]] = []
        if detach:
            for _config, context in self._contexts.values():
                for rule_id, states in context.state.items():
                    state.setdefault(rule_id, {}).update(states)
                context.state.clear()
                failures.extend(context.failures)
                context.failures.clear()
        if not self.options.keep_documents:
            file.document = None
        elif self.options.source_only:
            file.document = document.source_only()
        return path, file, None, state, failures

    def warm(self) -> None:
        """Load what enabled checks load lazily, once, here, before the workers fork."""
        for config, rules in self._rule_sets:
            for rule in rules:
                if rule.enabled and rule.kind.warm is not None:
                    try:
                        rule.kind.warm(rule.options, self.context_for(config))
                    except Exception:  # the check itself will say what is wrong, per file
                        _log().debug("warming %s failed", rule.id, exc_info=True)
        patterns = sys.modules.get("newslint.patterns")
        if patterns is not None:  # RE2 patterns compiled on first use: once, here
            patterns.compile_lazy()

    def forget_run(self) -> None:
        """In a forked worker: contexts of its own (the parent's are not this worker's)."""
        self._contexts = {}

    def _merge(self, outcome: Outcome, result: RunResult) -> FileResult | None:
        """Fold a file's outcome into the run; return its result (``None``: input error)."""
        path, file, error, state, failures = outcome
        if error is not None:
            result.errors.append(error)
            return None
        if file is None:  # could not be loaded for a reason of ours, not the file's
            result.failures.extend(failures)
            return None
        context = self.context_for(self.finder.for_path(path))
        for rule_id, states in state.items():
            context.state.setdefault(rule_id, {}).update(states)
        context.failures.extend(failures)
        return file

    # -- the run --------------------------------------------------------------------------
    def run(self) -> RunResult:
        """Check every file; the result keeps each file's findings."""
        result = RunResult()
        result.files = list(self.files(result))
        return result

    def files(
        self, result: RunResult, progress: Callable[[int, int], None] | None = None
    ) -> Iterator[FileResult]:
        """Each file's final result, in order, as soon as it is known; ``result`` gets the
        run's input errors, failed checks, rules in force and count (complete once the
        iteration ends; rules in force before the first file). Runs with cross-file rules
        yield after the last file is checked (:meth:`finish`). ``progress(done, total)`` is
        called after each file."""
        stdin_file = None
        if self.options.stdin_data is not None:
            name = self.options.stdin_filename
            try:
                check_stdin_size(name, self.options.stdin_data)
                stdin_file = self.check_document(load(name, self.options.stdin_data), result)
            except InputError as error:
                result.errors.append((error.path, error.reason))
        paths = list(
            discover(self.options.paths, self.finder, result.errors, self.options.respect_gitignore)
        )
        # Rules in force, known before checking: decides streaming and worker processes.
        seen: set[int] = set()
        self._rule_sets = []
        in_force: dict[int, list[Rule]] = {}  # before selection: what --select may name
        for path in paths:
            config = self.finder.for_path(path)
            rules = config.rules_for(path)
            if id(rules) not in seen:  # compiled rule lists are shared: select once each
                seen.add(id(rules))
                in_force[id(rules)] = rules
                chosen = select_rules(rules, self.options)
                self._rule_sets.append((config, chosen))
                for rule in chosen:
                    result.rules.setdefault(rule.id, rule)
        check_selection(self.options, self.finder, in_force.values())
        enabled = [rule for rule in result.rules.values() if rule.enabled]
        # Cross-file kinds record state only when asked to (``--across-files`` or their
        # ``across_files`` option); only then must results wait for :meth:`finish`.
        cross_file = any(
            rule.kind.finish is not None
            and (self.options.across_files or getattr(rule.options, "across_files", False))
            for rule in enabled
        )
        held: list[FileResult] = []
        if stdin_file is not None:
            if not self.options.keep_documents:
                stdin_file.document = None
            result.checked += 1
            if cross_file:
                held.append(stdin_file)
            else:
                yield stdin_file
        for done, outcome in enumerate(self._outcomes(paths, enabled), 1):
            file = self._merge(outcome, result)
            if file is not None:
                result.checked += 1
                if cross_file:
                    held.append(file)
                else:
                    yield file
            if progress is not None:
                progress(done, len(paths))
        self.finish(result, held)
        yield from held

    def _outcomes(self, paths: list[str], enabled: list[Rule]) -> Iterator[Outcome]:
        from newslint import resultcache

        cache = resultcache.for_run(self, enabled, FileResult)
        if cache is None:
            yield from self._checked(paths, enabled)
        else:  # files unchanged since a run with the same settings are not checked again
            yield from cache.outcomes(paths, lambda todo: self._checked(todo, enabled))

    def _checked(self, paths: list[str], enabled: list[Rule]) -> Iterator[Outcome]:
        # A kind that needs an outside service talks to it through this process's client.
        jobs = 1 if any(rule.kind.service for rule in enabled) else self.jobs_for(paths)
        if jobs > 1:
            start: int = 0
            how: str | None = "pool"
            sizes: list[int] | None = None
            if self.options.jobs == 0:  # chosen by newslint: only if the work pays for them
                sizes = pool.sizes(paths)
                start, how = yield from self._until_sharing_pays(paths, jobs, sizes)
            if len(paths) - start < 2 or how is None:
                yield from (self.check_path(path) for path in paths[start:])
            elif how == "split":
                assert sizes is not None
                yield from pool.split(self, paths[start:], jobs, sizes[start:])
            else:
                yield from pool.parallel(self, paths[start:], jobs, Runner._for_worker)
            return
        loaded: dict[str, Document] = {}
        for kind in dict.fromkeys(rule.kind for rule in enabled if rule.kind.prepare):
            loaded.update(self._prepare(kind, paths))
        for path in paths:
            yield self.check_path(path, loaded=loaded.pop(path, None))

    def _until_sharing_pays(
        self, paths: list[str], jobs: int, sizes: list[int]
    ) -> Generator[Outcome, None, tuple[int, str | None]]:
        """Check files here, in order, until what is left is known to pay for sharing it
        among ``jobs`` processes (:func:`newslint.pool.sharing`); return how many were
        checked here and how the rest is shared (``None``: the run ended here).
        The cost of a file depends on its size and on the rules in force, which no threshold
        on the run's size alone can know: four house-style rules on 200 drafts cost less
        than starting a worker pool, more than forking one slice; the default rule sets on
        the same drafts several times more."""
        left = sum(sizes)
        done = 0
        spent = 0.0
        for index, path in enumerate(paths):
            began = time.process_time()
            yield self.check_path(path)
            left -= sizes[index]
            if index == 0:
                continue  # the first file also pays for what the checks load once
            spent += time.process_time() - began
            done += sizes[index]
            how = pool.sharing(spent, done, left, jobs)
            if how is not None:
                return index + 1, how
        return len(paths), None

    def prepare_documents(self, documents: list[Document]) -> None:
        """The kinds' ``prepare`` hooks for documents already in memory, before they are
        checked one by one (the library's ``Checker.check_documents``)."""
        paths = [document.path for document in documents]
        loaded = {document.path: document for document in documents}
        kinds: dict[Kind, None] = {}
        for path in paths:
            for rule in select_rules(self.finder.for_path(path).rules_for(path), self.options):
                if rule.enabled and rule.kind.prepare is not None:
                    kinds.setdefault(rule.kind)
        for kind in kinds:
            self._prepare(kind, paths, loaded)

    def _prepare(
        self, kind: Kind, paths: list[str], documents: dict[str, Document] | None = None
    ) -> dict[str, Document]:
        """Run ``kind``'s ``prepare`` hook over every path it has enabled rules for
        (``documents``: those already loaded, by path)."""
        assert kind.prepare is not None
        targets = []
        for path in paths:
            config = self.finder.for_path(path)
            rules = [
                rule
                for rule in select_rules(config.rules_for(path), self.options)
                if rule.enabled and rule.kind is kind
            ]
            if rules:
                targets.append((path, rules, self.context_for(config)))
        return kind.prepare(targets, documents or {}) if targets else {}

    @staticmethod
    def _for_worker(options: RunOptions) -> Runner:
        """A runner for a worker process that inherited nothing (spawn)."""
        return Runner(RunOptions(**{**options.__dict__, "stdin_data": None}))

    def jobs_for(self, paths: list[str]) -> int:
        """Worker processes for these files (:func:`newslint.pool.jobs_for`)."""
        return pool.jobs_for(self.options.jobs, paths)

    def finish(self, result: RunResult, files: list[FileResult] | None = None) -> None:
        """Cross-file checks over ``files`` (default: ``result.files``), then collect the
        checks that could not run into ``result``."""
        by_path = {file.path: file for file in (result.files if files is None else files)}
        touched: dict[str, FileResult] = {}
        for _config, context in self._contexts.values():
            for rule_id, states in context.state.items():
                rule = result.rules.get(rule_id)
                if rule is None or rule.kind.finish is None:
                    continue
                for path, finding in rule.kind.finish(states, rule.options, context):
                    finding.rule = rule.id
                    finding.severity = rule.severity
                    target = by_path.get(path)
                    if target is None:
                        continue
                    if target.document is None:
                        # Dropped after checking (workers, keep_documents off): read it again
                        # to place the new finding.
                        try:
                            target.document = load_path(
                                path, self.finder.for_path(path).format_for(path)
                            )
                        except InputError:
                            continue
                    target.findings.append(finding)
                    touched[path] = target
            result.failures.extend(context.failures)
        for file in touched.values():
            assert file.document is not None
            file.findings = finalize(file.document, file.findings)
            if not self.options.keep_documents:
                file.document = None
