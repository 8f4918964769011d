"""newslint as a library: load a configuration, check a text or paths, fix, render a report.

This is the one entry point for everything that is not the checking core itself: the CLI,
the language server, the HTML report and the cluster run call only what is defined here.
Results are the core's own types (:class:`~newslint.findings.Finding`,
:class:`~newslint.runner.FileResult`, :class:`~newslint.runner.RunResult`), re-exported
here so callers import from one place::

    from newslint import api

    checker = api.Checker(config=None)  # .newslint.yaml found upward, once
    checked = checker.check_text("Il a dit « oui.", path="brouillon.md")
    for finding in checked.findings:
        print(finding.line, finding.column, finding.rule, finding.message)
    fixed = checker.fix_text("Un  mot.", path="brouillon.md")

Errors are exceptions with one line of text: :class:`ConfigError` (a configuration that
cannot load), :class:`InputError` (a draft that cannot be read), both :class:`NewslintError`.
A check that could not run (LanguageTool unreachable) is never silent: it is listed in
``failures`` of the result.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import field, replace
from typing import IO, Any

from newslint.classcache import dataclass
from newslint.config import Config, ConfigFinder, Rule
from newslint.documents import Document, check_stdin_size, load
from newslint.errors import ConfigError, InputError, NewslintError
from newslint.findings import Finding, Fix, Severity
from newslint.placing import SourceEdit
from newslint.runner import FileResult, Runner, RunOptions, RunResult
from newslint.sink import Sink

__all__ = [
    "Checked",
    "Checker",
    "Config",
    "ConfigError",
    "Document",
    "FileResult",
    "Finding",
    "Fix",
    "Fixed",
    "InputError",
    "NewslintError",
    "Rule",
    "Run",
    "RunResult",
    "Severity",
    "Sink",
    "check_paths",
    "check_text",
    "fix_text",
    "load_config",
    "NameForm",
    "SourceEdit",
    "explain",
    "fix_edits",
    "help_uri",
    "names_in",
    "render",
]


@dataclass
class Checked:
    """One text checked: its findings in source order, and the checks that could not run."""

    path: str
    findings: list[Finding]
    document: Document
    #: ``(path, message)`` of each check that could not run (e.g. grammar without a server).
    failures: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Fixed:
    """A text with its safe fixes applied, how many, and what is still found in it."""

    text: str
    applied: int
    checked: Checked


def load_config(
    config: str | None = None, *, near: str | None = None, trusted: bool | None = None
) -> Config:
    """The configuration a draft at ``near`` (default: the current folder) is checked with:
    ``config`` if given, else the ``.newslint.yaml`` found upward, else the defaults."""
    finder = ConfigFinder(config, trusted=trusted)
    return finder.for_path(near or os.path.join(os.getcwd(), "draft.md"))


class Run:
    """One run over paths: iterate it for each file's result, in order, as soon as it is known.

    :attr:`result` holds what the run found besides: input errors, checks that could not run,
    the rules in force (known before the first file) and the number of files checked; it is
    complete once the iteration ends. :meth:`collect` keeps every file's result in it;
    :meth:`fix`, :meth:`keep_changed_lines` and :meth:`filter_baseline` then work on it.
    """

    def __init__(self, runner: Runner, progress: Callable[[int, int], None] | None = None) -> None:
        self._runner = runner
        self._progress = progress
        self.result = RunResult()
        self._started = False

    def __iter__(self) -> Iterator[FileResult]:
        if self._started:
            raise RuntimeError("a run is iterated once")
        self._started = True
        yield from self._runner.files(self.result, self._progress)

    def collect(self) -> RunResult:
        """Run to the end, keeping every file's result in :attr:`result`."""
        if not self._started:
            self.result.files = list(self)
        return self.result

    def fix(self, *, write: bool, diff_stream: IO[str] | None = None) -> int:
        """Apply (``write``) the safe fixes of the collected files and check them again, or
        only show them as a unified diff on ``diff_stream``; the number of fixes applied. A
        file that could not be fixed gets one line on stderr and is listed in
        ``result.unfixed``."""
        from newslint import fix as fixing

        result = self.collect()
        options = self._runner.options
        applied = fixing.apply(
            result.files,
            self._runner.check_document,
            write=write,
            diff_stream=diff_stream,
            roots=options.paths,
            stdin_path=options.stdin_filename if options.stdin_data is not None else None,
        )
        if not write:
            return 0
        fixed = RunResult(
            files=applied.files,
            errors=list(result.errors),
            rules=result.rules,
            checked=result.checked,
            unfixed=applied.unfixed,
        )
        self._runner.finish(fixed)
        fixed.failures = list(dict.fromkeys(fixed.failures))
        self.result = fixed
        return applied.count

    def keep_changed_lines(self, ref: str) -> None:
        """Keep only the findings on lines changed since git revision ``ref`` (``--diff-base``)."""
        from newslint import changed

        changed.keep_changed_lines(self.collect(), ref)

    def filter_baseline(self, baseline_path: str) -> None:
        """Drop the findings recorded in a baseline file (``--baseline``)."""
        from newslint import baseline

        baseline.filter_known(self.collect(), baseline_path)


class Checker:
    """A configuration and a rule selection, loaded once, to check many texts or paths.

    ``config``: a configuration file, or ``None`` to find each draft's ``.newslint.yaml``
    upward from its folder. ``select``/``ignore``: rule ids or prefixes. ``grammar``: run
    LanguageTool rules (as configured). ``cache``: use the on-disk grammar cache.
    """

    def __init__(
        self,
        config: str | None = None,
        *,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        grammar: bool = True,
        cache: bool = True,
        across_files: bool = False,
        jobs: int = 1,
    ) -> None:
        self.options = RunOptions(
            paths=[],
            config=config,
            select=tuple(select),
            ignore=tuple(ignore),
            no_grammar=not grammar,
            no_cache=not cache,
            across_files=across_files,
            jobs=jobs,
        )
        self._runner = Runner(self.options)
        #: The result of the last :meth:`iter_paths` (filled as its files are handed over).
        self.last_run = RunResult()

    @property
    def runner(self) -> Runner:
        return self._runner

    def config_for(self, path: str) -> Config:
        """The configuration that governs a draft at ``path``."""
        return self._runner.finder.for_path(path)

    def rules_for(self, path: str) -> list[Rule]:
        """The rules in force for a draft at ``path``, after ``select``/``ignore``."""
        return self._runner.rules_for(path)

    def check_document(self, document: Document) -> Checked:
        """Check a loaded document (see :func:`newslint.documents.load`)."""
        file = self._runner.check_document(document)
        return Checked(document.path, file.findings, document, self._runner.take_failures())

    def check_text(
        self, text: str | bytes, path: str = "draft.md", fmt: str | None = None
    ) -> Checked:
        """Check ``text`` as a draft named ``path`` (its extension chooses the format unless
        ``fmt`` does; its folder, which configuration governs it). Nothing is read or
        written on disk but the configuration and the grammar cache."""
        return self.check_document(self.load_text(text, path, fmt))

    def load_text(
        self, text: str | bytes, path: str = "draft.md", fmt: str | None = None
    ) -> Document:
        """``text`` as the document a draft named ``path`` would be (limits checked)."""
        data = text.encode("utf-8") if isinstance(text, str) else text
        check_stdin_size(path, data)
        return load(path, data, fmt)

    def check_documents(self, documents: list[Document]) -> list[Checked]:
        """Check several documents; grammar asks LanguageTool about all their paragraphs at
        once (concurrently) before the checks read the answers."""
        if documents:
            self._runner.prepare_documents(documents)
        return [self.check_document(document) for document in documents]

    def warm(self) -> None:
        """Load now what the checks would load on first use (word tables, LanguageTool)."""
        import logging

        path = os.path.join(os.getcwd(), "draft.txt")
        context = self._runner.context_for(self.config_for(path))
        for rule in self.rules_for(path):
            if rule.enabled and rule.kind.warm is not None:
                try:
                    rule.kind.warm(rule.options, context)
                except Exception:  # the check itself says what is wrong, per draft
                    logging.getLogger(__name__).debug("warming %s failed", rule.id, exc_info=True)

    def close(self) -> None:
        """Let go of what the checks hold (LanguageTool connections)."""
        for _config, context in self._runner._contexts.values():
            backend = getattr(context, "grammar", None)
            if backend is not None:
                backend.close()

    # -- across drafts -------------------------------------------------------------------
    def renew_grammar(self) -> None:
        """Close this checker's LanguageTool backends and stop handing them out (they are
        shared by the process's checkers of the same ``languagetool:`` section): the next
        grammar check builds a new backend, which finds LanguageTool again. A backend that
        failed stays failed (a run reports it once); a long-lived caller (the language
        server) calls this to ask LanguageTool again."""
        from newslint.grammar import forget

        for _config, context in self._runner._contexts.values():
            backend = getattr(context, "grammar", None)
            if backend is not None:
                context.grammar = None
                forget(backend)
                backend.close()

    def take_state(self) -> dict[str, dict[str, Any]]:
        """The cross-file state the checks recorded since the last call (``across_files``),
        by rule id then draft path: plain data, to send from a worker to the caller."""
        state: dict[str, dict[str, Any]] = {}
        for _config, context in self._runner._contexts.values():
            for rule_id, states in context.state.items():
                state.setdefault(rule_id, {}).update(states)
            context.state.clear()
        return state

    def across(
        self, state: dict[str, dict[str, Any]], load_document: Callable[[str], Document | None]
    ) -> dict[str, list[Finding]]:
        """Findings that compare drafts with each other, from the state of every draft
        (merged :meth:`take_state` results), placed in their drafts: by draft path.
        ``load_document(path)`` gives a draft's document again (``None``: gone)."""
        from newslint.linter import finalize

        found: dict[str, list[Finding]] = {}
        rules: dict[str, Rule] = {}
        by_config: dict[int, tuple[Config, dict[str, dict[str, Any]]]] = {}
        for rule_id, states in state.items():
            for path, value in states.items():
                config = self.config_for(path)
                entry = by_config.setdefault(id(config), (config, {}))[1]
                entry.setdefault(rule_id, {})[path] = value
                if rule_id not in rules:
                    for rule in self.rules_for(path):
                        rules.setdefault(rule.id, rule)
        for config, states_by_rule in by_config.values():
            context = self._runner.context_for(config)
            for rule_id, states in states_by_rule.items():
                found_rule = rules.get(rule_id)
                finish = None if found_rule is None else found_rule.kind.finish
                if found_rule is None or finish is None:
                    continue
                rule = found_rule
                for path, finding in finish(states, rule.options, context):
                    finding.rule = rule.id
                    finding.severity = rule.severity
                    found.setdefault(path, []).append(finding)
        placed: dict[str, list[Finding]] = {}
        for path, findings in found.items():
            document = load_document(path)
            if document is not None:
                placed[path] = finalize(document, findings)
        return placed

    def fix_text(self, text: str | bytes, path: str = "draft.md", fmt: str | None = None) -> Fixed:
        """``text`` with every safe fix applied until none is left (nothing is written)."""
        from newslint import fix as fixing

        document = self.load_text(text, path, fmt)
        runner = self._runner
        fixed, applied = fixing.fix_document(
            document, lambda current: runner.check_document(current).findings
        )
        return Fixed(fixed.source, applied, self.check_document(fixed))

    def start(
        self,
        paths: Iterable[str],
        *,
        jobs: int | None = None,
        keep_documents: bool = True,
        source_only: bool = False,
        stdin: bytes | None = None,
        stdin_filename: str = "-",
        progress: Callable[[int, int], None] | None = None,
        respect_gitignore: bool = True,
    ) -> Run:
        """A run over files and folders (walked as the CLI walks them), and ``stdin``, the
        bytes of one more draft named ``stdin_filename``, checked first. Nothing is checked
        until the run is iterated. ``keep_documents``: keep each file's document in its
        result (``source_only``: only its source); ``progress(done, total)`` after each file;
        ``respect_gitignore``: skip what ``.gitignore`` files ignore when walking folders."""
        options = replace(
            self.options,
            paths=list(paths),
            jobs=self.options.jobs if jobs is None else jobs,
            keep_documents=keep_documents,
            source_only=source_only,
            stdin_data=stdin,
            stdin_filename=stdin_filename,
            respect_gitignore=respect_gitignore,
        )
        return Run(Runner(options), progress)

    def check_paths(
        self, paths: Iterable[str], *, jobs: int | None = None, keep_documents: bool = True
    ) -> RunResult:
        """Check files and folders (folders walked as the CLI walks them)."""
        return self.start(paths, jobs=jobs, keep_documents=keep_documents).collect()

    def iter_paths(self, paths: Iterable[str], *, jobs: int | None = None) -> Iterator[FileResult]:
        """Like :meth:`check_paths`, each file's result handed over as soon as it is known
        (in discovery order). Input errors and failures are in :attr:`last_run` afterwards."""
        run = self.start(paths, jobs=jobs, keep_documents=False)
        self.last_run = run.result
        yield from run


def check_text(
    text: str | bytes,
    *,
    path: str = "draft.md",
    config: str | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    grammar: bool = True,
) -> Checked:
    """Check one text with the configuration that governs ``path``."""
    return Checker(config, select=select, ignore=ignore, grammar=grammar).check_text(text, path)


def fix_text(
    text: str | bytes,
    *,
    path: str = "draft.md",
    config: str | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    grammar: bool = True,
) -> Fixed:
    """``text`` with its safe fixes applied (nothing written)."""
    return Checker(config, select=select, ignore=ignore, grammar=grammar).fix_text(text, path)


def check_paths(
    paths: Iterable[str],
    *,
    config: str | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    grammar: bool = True,
    across_files: bool = False,
    jobs: int = 1,
) -> RunResult:
    """Check files and folders; the result lists each file's findings, input errors and
    checks that could not run."""
    checker = Checker(
        config, select=select, ignore=ignore, grammar=grammar, across_files=across_files, jobs=jobs
    )
    return checker.check_paths(paths)


def render(
    result: RunResult, fmt: str, stream: IO[str], *, fail_on: str = "error", **settings: Any
) -> int:
    """Write ``result`` as a report in format ``fmt`` (``text``, ``json``, ``sarif``…) to
    ``stream``; return the exit code the CLI would give."""
    sink = Sink([(fmt, stream, {"fail_on": fail_on, **settings})], fail_on)
    for file in result.files:
        sink.file(file, result.rules)
    return sink.finish(result).exit_code


def explain(rule_id: str, *, config: str | None = None, near: str | None = None) -> str | None:
    """The text ``newslint rules explain RULE`` prints, for the rule as configured for a draft
    at ``near``; a sub-id (``grammar/FR_RULE``) is explained by its rule (``grammar``).
    ``None`` for an unknown rule."""
    from newslint.explain import render as explanation

    loaded = load_config(config, near=near)
    rules = {rule.id: rule for rule in loaded.base_rules()}
    while rule_id not in rules and "/" in rule_id:
        rule_id = rule_id.rsplit("/", 1)[0]
    rule = rules.get(rule_id)
    return explanation(rule, loaded) if rule is not None else None


def help_uri(rule_id: str, rules: Iterable[str] | None = None, page: str | None = None) -> str:
    """The address of a rule's section of docs/rules.md (published at ``page``; by default
    ``NEWSLINT_DOCS_URL`` or newslint's own), as the SARIF report's ``helpUri``; with the ids
    of the rules in force, a sub-id (``grammar/FR_RULE``) links to its rule's section."""
    from newslint.explain import help_uri as uri

    return uri(rule_id, None if rules is None else frozenset(rules), page)


def fix_edits(checked: Checked, finding: Finding) -> list[SourceEdit] | None:
    """A finding's fix as edits of the checked document's source (the span offsets of
    ``document.source``, code points), exactly placed; ``None`` if it has no fix or the fix
    cannot be placed (see :mod:`newslint.placing`)."""
    from newslint.placing import NOTHING, placed_edits

    if finding.fix is None:
        return None
    edits = placed_edits(checked.document, finding)
    return None if edits is None else [e for e in edits if e != NOTHING]


@dataclass
class NameForm:
    """A capitalised form the names checks saw in a draft: how often, where, and the forms the
    names rules take for a variant of it (its ``related`` findings)."""

    form: str
    #: ``(source_start, source_end)`` of each use.
    spans: list[tuple[int, int]]
    #: Other forms of the same name reported by a ``names/`` rule, and that rule's message.
    variants: dict[str, str] = field(default_factory=dict)


def names_in(checked: Checked) -> list[NameForm]:
    """The draft's names (capitalised words counted as names, first use first) and, for each,
    the variants the ``names`` rules reported among ``checked.findings``."""
    from newslint.names.mentions import find_mentions

    document = checked.document
    forms: dict[str, NameForm] = {}
    mentions = find_mentions(document).names
    strong = {m.form for m in mentions if not m.weak}  # a form seen where case says "name"
    for mention in mentions:
        if mention.form in strong:
            entry = forms.setdefault(mention.form, NameForm(mention.form, []))
            entry.spans.append(document.source_span(mention.start, mention.end))
    for finding in checked.findings:
        if not finding.rule.startswith("names/"):
            continue
        form = document.text[finding.start : finding.end]
        others: list[str] = [str(r["form"]) for r in finding.related if r.get("form")] or list(
            finding.suggestions
        )
        for other in others:
            for a, b in ((form, other), (other, form)):
                entry = forms.setdefault(a, NameForm(a, []))
                entry.variants.setdefault(b, finding.message)
    return sorted(forms.values(), key=lambda n: n.spans[0] if n.spans else (1 << 62, 0))
