"""Document + rules -> sorted findings. The loop stamps ids, severities and positions,
filters by scope and quoted speech, applies suppression comments, and sorts. Nothing else.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import islice
from typing import TYPE_CHECKING, Iterable

from newslint.checks import Context
from newslint.config import Rule
from newslint.documents import Document
from newslint.errors import BackendError
from newslint.findings import TEXT_MAX, Finding, Fix, excerpt
from newslint.placing import StructureGuard, placed_edits
from newslint.segment import inside, quote_spans
from newslint.selection import rule_matches

if TYPE_CHECKING:
    import logging


def _log() -> logging.Logger:
    """This module's logger; ``logging`` is imported on first use (start-up, issue 20)."""
    import logging

    return logging.getLogger(__name__)


#: Findings kept per document. A long feature has a few hundred (none of 3,000 corpus
#: articles more than 10); a draft with more than 10,000 is no news draft. Past this, a
#: hostile draft (a finding every few characters) would cost seconds and hundreds of MB in
#: checks and the report: checking stops and the run fails closed (issue 21).
MAX_FINDINGS = 10_000


def lint(document: Document, rules: Iterable[Rule], context: Context) -> list[Finding]:
    findings: list[Finding] = []
    #: Findings of kinds that give way to the other rules' on the same span (``Kind.defers``).
    deferring: set[int] = set()
    quotes = None
    starts = None
    for rule in rules:
        if not rule.enabled:
            continue
        context.rule_id = rule.id
        try:
            # One more than the room left, so a full list says the limit was reached.
            produced = list(
                islice(
                    rule.kind.check(document, rule.options, context),
                    MAX_FINDINGS - len(findings) + 1,
                )
            )
        except BackendError as error:
            # Fail closed: the run's exit code will say a requested check could not run.
            context.failures.append((document.path, f"{rule.id}: {error}"))
            continue
        except Exception as error:
            # A bug in one check on odd input: one line, exit 3, the other rules and files
            # still checked; never a traceback in a CI log (issue 8).
            _log().debug("rule %s failed on %s", rule.id, document.path, exc_info=True)
            message = str(error).splitlines()[0][:200] if str(error) else ""
            context.failures.append(
                (document.path, f"{rule.id}: internal error ({type(error).__name__}: {message})")
            )
            continue
        for finding in produced:
            if rule.quotes != "any":
                if quotes is None:
                    quotes = quote_spans(document.text)
                quoted = inside(quotes, finding.start)
                if quoted != (rule.quotes == "only"):
                    continue
            if rule.scope is not None:
                if starts is None:
                    starts = [block.start for block in document.blocks]
                if _block_kind(document, finding.start, starts) not in rule.scope:
                    continue
            if rule.kind.sub_ids and finding.rule.startswith(rule.id + "/"):
                # A kind that reports sub-ids (grammar/<LT_RULE_ID>) set the severity of each
                # finding; the rule's own severity caps it.
                finding.severity = min(finding.severity, rule.severity)
            else:
                finding.rule = rule.id
                finding.severity = (
                    rule.severity if finding.cap is None else min(rule.severity, finding.cap)
                )
            if rule.kind.defers:
                deferring.add(id(finding))
            findings.append(finding)
        if len(findings) > MAX_FINDINGS:
            del findings[MAX_FINDINGS:]
            context.failures.append(
                (
                    document.path,
                    f"more than {MAX_FINDINGS} findings: "
                    "checking stopped there (not a news draft?)",
                )
            )
            break
    return finalize(document, findings, deferring)


def finalize(
    document: Document, findings: list[Finding], deferring: set[int] | frozenset[int] = frozenset()
) -> list[Finding]:
    """Stamp source positions, drop suppressed findings, sort and de-duplicate.

    ``deferring``: ``id()`` of the findings (in ``findings``, alive for this call) whose kind
    gives way to the other rules' findings on the very same span (``Kind.defers``).

    A safe fix that cannot be placed in the source exactly (:mod:`newslint.placing`: inside
    a code span, across an entity), or that would change a Markdown draft's structure,
    becomes unsafe: ``fixable`` means ``--fix`` applies it.
    """
    if not findings:
        return []
    guard = None
    for finding in findings:
        place(document, finding)
        if finding.fixable:
            edits = placed_edits(document, finding)
            if edits is not None and document.format == "markdown":
                guard = guard or StructureGuard(document)
                if guard.changes_structure(edits):
                    edits = None
            if edits is None and finding.fix is not None:
                finding.fix = Fix(finding.fix.edits, safe=False)
    if document.directives:
        findings = [f for f in findings if not suppressed(document, f)]
    findings.sort(key=Finding.sort_key)
    unique: list[Finding] = []
    seen: set[tuple[object, ...]] = set()
    # LanguageTool and newslint's own checks may flag the very same span ("les les"): keep
    # newslint's finding, which has the French message and the safe fix (issue 5: no double
    # reports). Which findings give way is the kind's to say, never their rule's name: a
    # house rule whose id starts with ``grammar/`` is a rule like any other.
    defers = [id(f) in deferring for f in findings]
    own_spans = (
        {(f.source_start, f.source_end) for f, d in zip(findings, defers) if not d}
        if any(defers)
        else set()
    )
    for finding, is_grammar in zip(findings, defers):
        key: tuple[object, ...] = (
            finding.rule,
            finding.source_start,
            finding.source_end,
            finding.message,
        )
        if finding.fix is not None and not finding.fix.safe and _deletes_itself(finding):
            # Two rules that would delete the same line (a listed web leftover, a call to
            # action) name one thing for the editor to do: one finding (issue 12).
            key = ("delete", finding.source_start, finding.source_end, finding.fix.edits)
        if is_grammar and (finding.source_start, finding.source_end) in own_spans:
            continue
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique


def _deletes_itself(finding: Finding) -> bool:
    """Whether the finding's fix deletes (at least) the text it reports, and writes nothing."""
    if finding.fix is None:
        return False
    return all(edit.replacement == "" for edit in finding.fix.edits) and any(
        edit.start <= finding.start and finding.end <= edit.end for edit in finding.fix.edits
    )


def place(document: Document, finding: Finding) -> None:
    start, end = document.source_span(finding.start, finding.end)
    finding.source_start, finding.source_end = start, end
    finding.line, finding.column = document.position(start)
    finding.end_line, finding.end_column = document.position(end)
    finding.text = excerpt(document.source, start, end)
    if len(finding.message) > TEXT_MAX:
        finding.message = excerpt(finding.message)


def _block_kind(document: Document, position: int, starts: list[int]) -> str:
    """The kind of the block holding ``position`` (blocks are in text order and do not
    overlap: a bisection, not a walk over every block for every finding, issue 21)."""
    k = bisect_right(starts, position) - 1
    if k >= 0 and position < document.blocks[k].end:
        return document.blocks[k].kind
    return "paragraph"


def suppressed(document: Document, finding: Finding) -> bool:
    disabled: dict[str, bool] = {}
    state_all = False
    for directive in document.directives:
        if directive.line > finding.line:
            break
        applies = not directive.rules or rule_matches(finding.rule, directive.rules)
        if not applies:
            continue
        if directive.action == "disable-next-line":
            if _next_prose_line(document, directive.line) == finding.line:
                return True
        elif directive.action == "disable-line":
            if directive.line == finding.line:
                return True
        elif directive.action == "disable":
            if directive.rules:
                disabled[finding.rule] = True
            else:
                state_all = True
        elif directive.action == "enable":
            if directive.rules:
                disabled[finding.rule] = False
            else:
                state_all = False
                disabled.clear()
    return state_all or disabled.get(finding.rule, False)


def _next_prose_line(document: Document, line: int) -> int:
    """The line after a directive, skipping blank lines (Markdown needs one after a comment)."""
    starts = document.line_starts
    index = line  # 0-based index of the next line
    while index < len(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(document.source)
        if document.source[starts[index] : end].strip():
            return index + 1
        index += 1
    return line + 1
