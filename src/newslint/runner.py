"""A run: paths -> documents -> findings for every file, input errors, failed checks.

The CLI builds :class:`RunOptions`, calls :func:`run`, and hands the result to a reporter.

Many files are checked in worker processes (``--jobs``; issue 8): the parent discovers the
files, hands them out in chunks, and takes the results back *in discovery order*, so the
output is identical to a serial run. Workers return each file's findings, the cross-file
state its checks recorded (``Context.state``) and the checks that could not run; the parent
merges the state into its own contexts before :meth:`Runner.finish`. Small runs stay in one
process: starting workers costs more than checking a handful of drafts.
"""

from __future__ import annotations

import errno
import gc
import logging
import os
import signal
import stat
import sys
import time
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Iterator

from newslint import progress
from newslint.checks import Context
from newslint.config import Config, ConfigFinder, Rule
from newslint.documents import Document, check_stdin_size, load, load_path
from newslint.errors import InputError
from newslint.findings import Finding, Severity
from newslint.linter import finalize, lint, rule_matches
from newslint.selection import check_selection

LOG = logging.getLogger(__name__)

DRAFT_SUFFIXES = (".txt", ".md", ".markdown", ".mdown", ".mkd", ".text", ".html", ".htm", ".docx")
SKIPPED_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv"}

#: Below these, a run stays in one process (a worker pool costs tens of milliseconds).
PARALLEL_MIN_FILES = 64
PARALLEL_MIN_BYTES = 256 * 1024
#: Files checked before the worker processes are replaced by fresh ones. The checks' caches
#: are bounded, so this only guards against what grows anyway; replacing costs a drained
#: pipeline and re-warmed caches (every 4,000 files it cost 7% of the corpus run's time, and
#: without it peak memory was lower: benchmarks/scale.py).
PARALLEL_RECYCLE_FILES = 50_000


@dataclass
class RunOptions:
    """How a run checks: paths, configuration, selection, workers, what is kept."""
    paths: list[str]
    config: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
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
    #: Per report target, ``(format, settings)`` of a reporter that renders each file on its
    #: own, or ``None``: files are rendered where they are checked, in worker processes too,
    #: and the parent only writes (see ``Reporter.render``).
    render: tuple = ()
    #: Skip what ``.gitignore`` files ignore when walking folders (``--no-respect-gitignore``).
    respect_gitignore: bool = True


@dataclass
class FileResult:
    """One checked file: its findings and, when kept, its document or rendered report."""
    path: str
    findings: list[Finding] = field(default_factory=list)
    document: Document | None = None
    #: The file's output for each report target (``RunOptions.render``), or ``None``.
    rendered: tuple | None = None
    #: Once every report is rendered, the findings themselves are dropped and only counted
    #: here: ``((rule, severity, findings, fixable), ...)``.
    tally: tuple | None = None

    def counts(self) -> Iterable[tuple[str, Severity, int, int]]:
        """``(rule, severity, findings, fixable)`` for each rule and severity found."""
        if self.tally is not None:
            return self.tally
        counted: dict[tuple[str, Severity], list[int]] = {}
        for finding in self.findings:
            entry = counted.setdefault((finding.rule, finding.severity), [0, 0])
            entry[0] += 1
            entry[1] += finding.fixable
        return tuple((rule, severity, n, fixable) for (rule, severity), (n, fixable) in counted.items())


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
    #: Files checked (equals ``len(files)`` unless results were streamed to ``on_file``).
    checked: int = 0
    #: Files ``--fix`` had fixes for but left as they were: ``(path, reason)`` (exit code 2).
    unfixed: list[tuple[str, str]] = field(default_factory=list)


def discover(paths: list[str], finder: ConfigFinder, errors: list[tuple[str, str]],
             gitignore: bool = True) -> Iterator[str]:
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


def _walk(top: str, finder: ConfigFinder, errors: list[tuple[str, str]],
          gitignore: bool = True) -> list[str]:
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
                finder.for_path(full).format_for(name) is not None)
            if is_link:
                try:
                    if stat.S_ISDIR(os.stat(full).st_mode):
                        continue  # a link to a folder: not followed
                except OSError as error:
                    # A loop holds nothing, but say so; a draft's name goes to the loader.
                    if error.errno == errno.ELOOP and not draft and not _folder_excluded(finder, full):
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


def select_rules(rules: list[Rule], options: RunOptions) -> list[Rule]:
    chosen = []
    for rule in rules:
        # ``--select grammar/FR_SPELLING_RULE`` keeps the rule that reports that sub-id; the
        # findings are then filtered by :func:`keep_finding`.
        if options.select and not rule_matches(rule.id, options.select) and not any(
                pattern.startswith(rule.id + "/") for pattern in options.select):
            continue
        if options.ignore and rule_matches(rule.id, options.ignore):
            continue
        if options.no_grammar and rule.kind.name == "grammar":
            continue
        chosen.append(rule)
    return chosen


def keep_finding(finding: Finding, options: RunOptions) -> bool:
    """``--select``/``--ignore`` applied to the id a finding carries (``grammar/<LT_ID>``)."""
    if options.select and not rule_matches(finding.rule, options.select):
        return False
    return not (options.ignore and rule_matches(finding.rule, options.ignore))


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


#: What a worker sends back for one file: ``(path, result or None, input error or None,
#: state fragments {rule_id: {key: state}}, failures)``.
Outcome = tuple[str, "FileResult | None", "tuple[str, str] | None", dict, list]


class Runner:
    """Checks files with the configuration that governs each, in one process or several."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self.finder = ConfigFinder(options.config)
        self._contexts: dict[int, Context] = {}
        self._renderers: list | None = None
        #: Each distinct configuration of the run with its selected rules (set by :meth:`run`).
        self._rule_sets: list[tuple[Config, list[Rule]]] = []

    def context_for(self, config: Config) -> Context:
        key = id(config)
        if key not in self._contexts:
            self._contexts[key] = make_context(config)
            self._contexts[key].settings["no_cache"] = self.options.no_cache
            self._contexts[key].across_files = self.options.across_files
        return self._contexts[key]

    def rules_for(self, path: str) -> list[Rule]:
        return select_rules(self.finder.for_path(path).rules_for(path), self.options)

    def check_document(self, document: Document, result: RunResult) -> FileResult:
        config = self.finder.for_path(document.path)
        rules = select_rules(config.rules_for(document.path), self.options)
        for rule in rules:
            result.rules.setdefault(rule.id, rule)
        context = self.context_for(config)
        findings = lint(document, rules, context)
        if self.options.select or self.options.ignore:
            findings = [finding for finding in findings if keep_finding(finding, self.options)]
        return FileResult(document.path, findings, document)

    # -- one file, in whichever process ---------------------------------------------------
    def _check_path(self, path: str, scratch: RunResult, detach: bool,
                    loaded: Document | None = None) -> Outcome:
        """Load and check one file (``loaded``: already loaded). ``detach`` (in workers) moves
        the cross-file state and failures its checks recorded out of this process's contexts
        into the outcome."""
        try:
            document = loaded if loaded is not None else load_path(
                path, self.finder.for_path(path).format_for(path))
        except InputError as error:
            return path, None, (error.path, error.reason), {}, []
        except Exception as error:  # a loader bug on odd input: one line, exit 3 (issue 8)
            LOG.debug("loading %s failed", path, exc_info=True)
            return path, None, None, {}, [(path, f"internal error while reading ({type(error).__name__})")]
        file = self.check_document(document, scratch)
        state: dict[str, dict[str, Any]] = {}
        failures: list[tuple[str, str]] = []
        if detach:
            for context in self._contexts.values():
                for rule_id, states in context.state.items():
                    state.setdefault(rule_id, {}).update(states)
                context.state.clear()
                failures.extend(context.failures)
                context.failures.clear()
        written = False
        if self.options.render:
            file.rendered = self._render(file)
            written = all(self.options.render)
            if written:
                # Every report is written: only the summary's counts are still needed.
                file.tally = file.counts()
                file.findings = []
        if written or not self.options.keep_documents:
            file.document = None
        elif self.options.source_only:
            file.document = document.source_only()
        return path, file, None, state, failures

    def _render(self, file: FileResult) -> tuple:
        if self._renderers is None:
            from newslint import reporters

            self._renderers = [None if spec is None else reporters.create(spec[0], None, **spec[1])
                               for spec in self.options.render]
        return tuple(None if renderer is None else renderer.render(file) for renderer in self._renderers)

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
    def run(self, on_file: Callable[[FileResult], None] | None = None,
            result: RunResult | None = None) -> RunResult:
        """Check every file. With ``on_file``, each final result is handed over in order as
        soon as it is known and not kept in ``result.files`` (memory stays flat); runs with
        cross-file rules hand them over after :meth:`finish`. ``result``: fill this one (e.g.
        whose ``rules`` reporters already hold)."""
        result = result if result is not None else RunResult()
        stdin_file = None
        if self.options.stdin_data is not None:
            name = self.options.stdin_filename
            try:
                check_stdin_size(name, self.options.stdin_data)
                document = load(name, self.options.stdin_data)
                stdin_file = self.check_document(document, result)
            except InputError as error:
                result.errors.append((error.path, error.reason))
        paths = list(discover(self.options.paths, self.finder, result.errors,
                              self.options.respect_gitignore))
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
        grammar = any(rule.kind.name == "grammar" for rule in enabled)
        stream = on_file is not None and not cross_file
        if not stream and self.options.render:
            # Cross-file findings arrive after checking: render nothing in advance.
            self.options = replace(self.options, render=())

        def emit(file: FileResult) -> None:
            result.checked += 1
            if stream:
                on_file(file)
            else:
                result.files.append(file)

        if stdin_file is not None:
            if not self.options.keep_documents:
                stdin_file.document = None
            emit(stdin_file)
        for done, outcome in enumerate(self._outcomes(paths, grammar), 1):
            file = self._merge(outcome, result)
            if file is not None:
                emit(file)
            progress.update(done, len(paths))  # a bar on stderr, only in a terminal (issue 6)
        self.finish(result)
        if on_file is not None and not stream:
            for file in result.files:
                on_file(file)
            result.files = []
        return result

    def _outcomes(self, paths: list[str], grammar: bool) -> Iterator[Outcome]:
        # The grammar kind talks to one LanguageTool server through this process's client.
        jobs = 1 if grammar else self.jobs_for(paths)
        if jobs <= 1:
            if grammar:
                # Every paragraph of every file goes to LanguageTool at once, concurrently;
                # each file's check then reads the answers from memory (issue 5).
                from newslint.grammar import prefetch

                loaded = prefetch(self, paths)
            else:
                loaded = {}
            scratch = RunResult()
            for path in paths:
                yield self._check_path(path, scratch, detach=False, loaded=loaded.pop(path, None))
            return
        yield from self._parallel(paths, jobs)

    def jobs_for(self, paths: list[str]) -> int:
        """Worker processes for these files: 1 (no workers) unless the run is big enough.

        With ``--jobs 0`` (the default) small runs stay in one process; an explicit
        ``--jobs N`` uses workers as soon as each gets two files."""
        jobs = self.options.jobs
        if jobs > 1:
            return min(jobs, len(paths) // 2) if len(paths) >= 4 else 1
        if jobs == 1:
            return 1
        jobs = min(_cpu_count(), len(paths))
        if jobs <= 1 or len(paths) < PARALLEL_MIN_FILES:
            return 1
        size = 0
        for path in paths:
            try:
                size += os.path.getsize(path)
            except OSError:
                pass
            if size >= PARALLEL_MIN_BYTES:
                return jobs
        return 1

    def _parallel(self, paths: list[str], jobs: int) -> Iterator[Outcome]:
        """Chunks to workers, outcomes back in discovery order (a serial run's order)."""
        import multiprocessing  # only runs with worker processes pay for it
        from concurrent.futures import ProcessPoolExecutor, wait
        from concurrent.futures.process import BrokenProcessPool

        global _WORKER
        scratch = RunResult()
        # The first file is checked here: what checks load lazily (word lists, language
        # models) is then loaded once, before the fork, and shared by the workers' pages.
        first = self._check_path(paths[0], scratch, detach=False)
        self._warm()
        rest = paths[1:]
        size = max(8, min(128, len(rest) // (jobs * 16) or 1))
        chunks = iter([rest[i:i + size] for i in range(0, len(rest), size)])
        if "fork" in multiprocessing.get_all_start_methods() and sys.platform.startswith("linux"):
            # Workers inherit the loaded configuration and imported modules: fast start.
            # Frozen objects are left alone by the collector, so their pages stay shared.
            gc.freeze()
            _WORKER = self
            mp_context = multiprocessing.get_context("fork")
        else:
            mp_context = multiprocessing.get_context("spawn")

        def pool() -> ProcessPoolExecutor:
            return ProcessPoolExecutor(max_workers=jobs, mp_context=mp_context,
                                       initializer=_init_worker,
                                       initargs=(self.options, os.getpid()))

        executor = pool()
        retired: list[ProcessPoolExecutor] = []
        # Workers are replaced every PARALLEL_RECYCLE_FILES files: fresh forks start again
        # from the parent's shared pages.
        generation = max(1, PARALLEL_RECYCLE_FILES // size)
        submitted = 0

        def submit(chunk: list[str]):
            nonlocal executor, submitted
            if submitted and submitted % generation == 0:
                # Let the old workers finish what they hold before new ones start, so no
                # more than ``jobs`` workers ever live at once.
                wait([future for _chunk, future in pending if future is not None])
                executor.shutdown(wait=True)
                retired.append(executor)
                executor = pool()
            submitted += 1
            return executor.submit(_work, chunk)

        pending: deque = deque()
        broken = False
        yield first
        try:
            # A few chunks in flight per worker: enough to keep both cores busy, few enough
            # that finished results do not pile up in the parent.
            for chunk in chunks:
                pending.append((chunk, submit(chunk)))
                if len(pending) >= jobs * 4:
                    break
            while pending:
                chunk, future = pending.popleft()
                outcomes = None
                if future is not None:
                    try:
                        outcomes = future.result()
                    except BrokenProcessPool:
                        # A worker died (killed, out of memory): check the rest here.
                        if not broken:
                            LOG.warning("a worker process died; checking the rest in one process")
                        broken = True
                    except Exception as error:  # e.g. a check's state that cannot be pickled
                        LOG.warning("worker failed (%s); checking its files here", error)
                if outcomes is None:
                    outcomes = [self._check_path(path, scratch, detach=False) for path in chunk]
                following = next(chunks, None)
                if following is not None:
                    pending.append((following, None if broken else submit(following)))
                yield from outcomes
        finally:
            executor.shutdown(wait=True, cancel_futures=True)
            for old in retired:
                old.shutdown(wait=True, cancel_futures=True)
            _WORKER = None
            gc.unfreeze()

    def _warm(self) -> None:
        """Load what enabled checks load lazily, once, here, before the workers fork."""
        for config, rules in self._rule_sets:
            for rule in rules:
                if rule.enabled and rule.kind.warm is not None:
                    try:
                        rule.kind.warm(rule.options, self.context_for(config))
                    except Exception:  # the check itself will say what is wrong, per file
                        LOG.debug("warming %s failed", rule.id, exc_info=True)

    def finish(self, result: RunResult) -> None:
        """Cross-file checks, then collect the checks that could not run."""
        by_path = {file.path: file for file in result.files}
        touched: dict[str, FileResult] = {}
        for context in self._contexts.values():
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
                                path, self.finder.for_path(path).format_for(path))
                        except InputError:
                            continue
                    target.findings.append(finding)
                    touched[path] = target
            result.failures.extend(context.failures)
        for file in touched.values():
            file.findings = finalize(file.document, file.findings)
            if not self.options.keep_documents:
                file.document = None


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


# -- worker processes ---------------------------------------------------------------------

_WORKER: Runner | None = None


def _init_worker(options: RunOptions, parent: int | None = None) -> None:
    # Ctrl-C is the parent's to handle; workers just stop when it shuts the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent if parent is not None else os.getppid())
    global _WORKER
    if _WORKER is None:  # spawn: nothing inherited
        options = RunOptions(**{**options.__dict__, "stdin_data": None})
        _WORKER = Runner(options)
    else:
        _WORKER._contexts = {}  # fresh per worker: the parent's are not this worker's


#: How often a worker's watchdog looks for its parent (where the kernel cannot tell it).
PARENT_POLL_SECONDS = 1.0


def _die_with_parent(parent: int) -> None:
    """Make this worker die when ``parent`` (the run) does (issue 21).

    A parent killed outright (SIGKILL, the OOM killer) cannot shut its pool down, and a worker
    waiting for its next chunk would wait forever: it holds both ends of the task pipe itself.
    On Linux the kernel kills the worker (``PR_SET_PDEATHSIG``; it fires when the thread that
    forked the worker ends, which is the thread running the whole run). Everywhere, a daemon
    thread also checks that the parent is still this worker's parent. A worker writes no
    files, so dying at once loses nothing.
    """
    if sys.platform == "linux":
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(PARENT_POLL_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    import threading

    threading.Thread(target=watch, name="newslint-parent-watch", daemon=True).start()


def _work(paths: list[str]) -> list[Outcome]:
    assert _WORKER is not None
    scratch = RunResult()
    return [_WORKER._check_path(path, scratch, detach=True) for path in paths]


def run(options: RunOptions) -> RunResult:
    return Runner(options).run()
