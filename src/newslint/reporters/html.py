"""One self-contained HTML page for editors: each draft as written, its findings marked in it.

- One file, nothing fetched: the style sheet and script are inline, allowed by their SHA-256
  in a Content-Security-Policy that forbids every request (``default-src 'none'``), so the
  report opens offline, attached to a CI run or an e-mail.
- The page opens on an index: the run's counts, one row per rule and per draft. Each draft's
  body waits in an inert ``<template>`` until it is first shown (lazy: a run of 1,000 drafts
  opens on its index without building 1,000 pages). A draft's section shows its source text
  as written (``white-space: pre-wrap``: paragraphs and line
  breaks kept, the text of each highlight exactly the finding's source span) and its findings
  beside it, in order.
- Spans may overlap or nest. Marks are kept well nested: a finding's span that crosses the end
  of another is cut into pieces (``<mark class="hl cont">``); the first piece of each finding
  (``id`` = the finding's anchor, focusable) is the one keyboard navigation moves to.
- Rendered by Jinja2 with autoescape: every string from a draft (text, path, message) is
  escaped; control and bidirectional characters are wrapped in an isolating ``<span>`` that
  names them, so they cannot reorder the page (issue 21).

Sections are rendered as each file comes and spooled (memory stays flat over a run); the
page is written at :meth:`HtmlReporter.finish`, index first (the reading order).
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import tempfile
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import field
from functools import cache
from importlib import resources
from typing import Any

from newslint.classcache import dataclass
from newslint.findings import Severity
from newslint.reporters import Reporter, Summary, display_path, undecodable
from newslint.reporters.common import rule_title

#: Severity -> (CSS name, label, icon); the icon and label say it without colour.
SEVERITIES = {
    Severity.ERROR: ("error", "Erreur", "✖"),
    Severity.WARNING: ("warning", "Avertissement", "▲"),
    Severity.INFO: ("info", "Info", "ℹ"),
}
#: Marks nest at most this deep; a finding that would open deeper is listed, not marked.
MAX_DEPTH = 32
#: Characters a browser would drop, change or let reorder the text: C0 controls but tab and
#: line breaks, DEL, C1 controls, bidirectional marks, embeddings, overrides and isolates,
#: line and paragraph separators, lone surrogates (bytes that were not UTF-8), non-characters.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e"
    "\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
#: What a browser cannot show as itself (it would drop or refuse it): shown as U+FFFD.
_REPLACED = re.compile("[\x00\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


@dataclass
class Card:
    """One finding as the page shows it beside the text."""

    key: str
    number: int
    rule: str
    title: str
    severity: str
    label: str
    icon: str
    message: str
    line: int
    column: int
    suggestions: tuple
    fixable: bool
    proposed: bool
    placed: bool
    related: list = field(default_factory=list)
    #: The same finding (rule and message) elsewhere in the draft: ``place``, ``count``,
    #: ``previous`` and ``next`` (finding numbers), or ``None`` when it is the only one.
    same: dict | None = None


@dataclass
class Draft:
    """A draft's section: its anchor, counts, text tokens and finding cards."""

    key: str
    path: str
    cards: list
    tokens: list
    has_source: bool
    counts: dict
    by_rule: list
    fixable: int


def _severity(finding) -> tuple[str, str, str]:
    return SEVERITIES.get(finding.severity, SEVERITIES[Severity.WARNING])


def draft_key(path: str) -> str:
    """A stable anchor for a draft's section (its path's digest): links between drafts
    (names used across a run) need it before the other draft is rendered."""
    raw = path.encode("utf-8", "surrogatepass")
    return "d" + hashlib.sha1(raw, usedforsecurity=False).hexdigest()[:12]


def source_span(finding, document) -> tuple[int, int] | None:
    """The finding's span in the document's source (code-point offsets), or ``None``."""
    if document is None:
        return None
    size = len(document.source)
    if 0 <= finding.source_start <= finding.source_end <= size:
        return finding.source_start, finding.source_end
    if finding.line <= 0:
        return None
    start = _offset(document, finding.line, finding.column)
    end = _offset(document, finding.end_line or finding.line, finding.end_column or finding.column)
    return start, max(start, end)


def _offset(document, line: int, column: int) -> int:
    starts = document.line_starts
    line = min(max(line, 1), len(starts))
    return min(starts[line - 1] + max(column, 1) - 1, len(document.source))


def _text_tokens(text: str, tokens: list) -> None:
    """``("t", text)`` pieces, with ``("x", shown, name)`` for each control character."""
    cursor = 0
    for match in _CONTROL.finditer(text):
        if match.start() > cursor:
            tokens.append(("t", text[cursor : match.start()]))
        char = match.group()
        shown = "\ufffd" if _REPLACED.match(char) else char
        tokens.append(("x", shown, f"U+{ord(char):04X}"))
        cursor = match.end()
    if cursor < len(text):
        tokens.append(("t", text[cursor:]))


def mark_tokens(
    source: str,
    spans: list[tuple[int, int, int]],
    refs: Sequence[tuple[int, int, str]] = (),
    placed: set | None = None,
    unmarked: set | None = None,
) -> list:
    """The source as a flat list of tokens for the template, marks well nested.

    ``spans``: ``(start, end, number)`` of each finding, numbered in the order
    ``(start, -end)`` (the order of their first pieces in the page). Tokens:
    ``("o", number, first)`` opens a piece of a finding's mark, ``("c",)`` closes the
    innermost, ``("z", number)`` is an empty span's mark, ``("r", ref_id)``/``("e",)`` open and
    close a reference place (another use of a name), text as in :func:`_text_tokens`.
    ``placed`` receives the ids of the reference places marked, ``unmarked`` the numbers of
    findings left unmarked: marks nest at most :data:`MAX_DEPTH` deep, so that spans crossing
    each other cost at most that many pieces each (a hostile draft's spans could otherwise
    make pieces grow with the square of their number).
    """
    placed = placed if placed is not None else set()
    unmarked = unmarked if unmarked is not None else set()
    starts: dict[int, list] = {}
    ends: dict[int, set] = {}
    for start, end, number in spans:
        starts.setdefault(start, []).append((end, number))
        ends.setdefault(end, set()).add(number)
    # A reference place is marked only where it crosses no finding's boundary.
    ref_open: dict[int, tuple[int, str]] = {}
    boundaries = sorted(set(starts) | set(ends))
    for start, end, ref in refs:
        low = bisect_right(boundaries, start)
        if end > start and (low == len(boundaries) or boundaries[low] >= end):
            ref_open.setdefault(start, (end, ref))
    positions = sorted(
        set(starts)
        | set(ends)
        | set(ref_open)
        | {end for end, _ref in ref_open.values()}
        | {0, len(source)}
    )
    tokens: list = []
    stack: list[tuple[int, int]] = []  # (end, number) of the open pieces, innermost last
    ref_end = -1
    for index, position in enumerate(positions):
        if position == ref_end:
            tokens.append(("e",))
            ref_end = -1
        closing = ends.get(position)
        if closing and any(number in closing for _end, number in stack):
            lowest = next(i for i, (_end, number) in enumerate(stack) if number in closing)
            tokens.extend(("c",) for _ in stack[lowest:])
            reopen = [(end, number) for end, number in stack[lowest:] if number not in closing]
            del stack[lowest:]
            for end, number in reopen:  # crossed spans go on in a new piece
                tokens.append(("o", number, False))
                stack.append((end, number))
        for end, number in sorted(starts.get(position, ()), key=lambda item: (-item[0], item[1])):
            if end == position:
                tokens.append(("z", number))
            elif len(stack) >= MAX_DEPTH:
                unmarked.add(number)
            else:
                tokens.append(("o", number, True))
                stack.append((end, number))
        if position in ref_open and ref_end < 0:
            ref_end, ref = ref_open[position]
            tokens.append(("r", ref))
            placed.add(ref)
        if index + 1 < len(positions):
            _text_tokens(source[position : positions[index + 1]], tokens)
    tokens.extend(("c",) for _ in stack)
    return tokens


def build_draft(result, rules: dict, index: int, key: str) -> Draft:
    """Everything a draft's section shows, computed once."""
    document = result.document
    source = document.source if document is not None else None
    placed = []
    unplaced = []
    for order, finding in enumerate(result.findings):
        span = source_span(finding, document)
        if span is None:
            unplaced.append((order, finding))
        else:
            placed.append((span[0], -span[1], order, finding, span))
    placed.sort(key=lambda item: item[:3])
    ordered = [(item[3], item[4]) for item in placed] + [(f, None) for _o, f in unplaced]
    groups: dict[tuple, list[int]] = {}
    places: list[int] = []  # each finding's place in its group
    for number, (finding, _span) in enumerate(ordered):
        group = groups.setdefault((finding.rule, finding.message), [])
        places.append(len(group))
        group.append(number)
    refs: list[tuple[int, int, str]] = []
    cards = []
    counts: Counter = Counter()
    rule_counts: Counter = Counter()
    fixable = 0
    for number, (finding, span) in enumerate(ordered):
        css, label, icon = _severity(finding)
        counts[css] += 1
        rule_counts[finding.rule] += 1
        fixable += finding.fixable
        finding_key = f"{key}-{number}"
        related = []
        for place in finding.related or ():
            related.append(_related(place, result.path, document, key, refs))
        group = groups[(finding.rule, finding.message)]
        same = None
        if len(group) > 1:
            place = places[number]
            same = {
                "place": place + 1,
                "count": len(group),
                "previous": group[place - 1] if place else None,
                "next": group[place + 1] if place + 1 < len(group) else None,
            }
        cards.append(
            Card(
                key=finding_key,
                number=number,
                rule=finding.rule,
                title=rule_title(rules.get(finding.rule)),
                severity=css,
                label=label,
                icon=icon,
                message=undecodable(finding.message),
                line=finding.line,
                column=finding.column,
                suggestions=tuple(finding.suggestions),
                fixable=finding.fixable,
                proposed=finding.fix is not None and not finding.fixable,
                placed=span is not None,
                related=related,
                same=same,
            )
        )
    tokens: list = []
    if source is not None:
        spans = [
            (span[0], span[1], number)
            for number, (_f, span) in enumerate(ordered)
            if span is not None
        ]
        marked: set[str] = set()
        unmarked: set[int] = set()
        tokens = mark_tokens(source, spans, refs, marked, unmarked)
        for number in unmarked:
            cards[number].placed = False
        for card in cards:
            for entry in card.related:
                if entry["ref"] is not None and entry["ref"] not in marked:
                    entry["href"] = None
    return Draft(
        key=key,
        path=display_path(result.path),
        cards=cards,
        tokens=tokens,
        has_source=source is not None,
        counts=dict(counts),
        by_rule=sorted(rule_counts.items(), key=lambda item: (-item[1], item[0])),
        fixable=fixable,
    )


def _related(place: dict, path: str, document, key: str, refs: list) -> dict:
    """A related place (another use of a name, a repeated phrase) as a label and a link."""
    form = str(place.get("form") or place.get("text") or "")
    line = place.get("line") or 0
    column = place.get("column") or 0
    other = place.get("path")
    entry: dict[str, Any] = {
        "form": form,
        "line": line,
        "column": column,
        "href": None,
        "path": None,
        "ref": None,
    }
    if other is not None and other != path:
        entry["path"] = display_path(str(other))
        entry["href"] = "#" + draft_key(str(other))
        return entry
    if document is not None and line > 0:
        start = _offset(document, int(line), int(column))
        end = start + len(form)
        if form and document.source[start:end] == form:
            ref = f"{key}-at{start}"
            refs.append((start, end, ref))
            entry["ref"], entry["href"] = ref, "#" + ref
    return entry


#: How a suggestion made only of spaces is shown (it would be invisible).
SPACES = {
    " ": "espace",
    "\u00a0": "espace insécable",
    "\u202f": "espace fine insécable",
    "": "(rien : supprimer)",
}


def shown_suggestion(text: str) -> str:
    """A suggestion as the page shows it: spaces-only ones named in words."""
    if text.strip():
        return text
    return " + ".join(SPACES.get(char, f"U+{ord(char):04X}") for char in text) or SPACES[""]


@cache
def _environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(
        loader=PackageLoader("newslint.reporters", "templates/html"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["shown"] = shown_suggestion
    return environment


@cache
def _asset(name: str) -> str:
    return resources.files("newslint.reporters").joinpath("templates/html", name).read_text("utf-8")


def _digest(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def policy(style: str, script: str) -> str:
    """The page's Content-Security-Policy: nothing may be fetched, sent or framed; only the
    page's own style sheet and script (by digest) run."""
    return (
        f"default-src 'none'; style-src '{_digest(style)}'; script-src '{_digest(script)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


class HtmlReporter(Reporter):
    def start(self) -> None:
        environment = _environment()
        self._draft_template = environment.get_template("draft.html.j2")
        # Closed by finish(): sections wait there for the index, which comes first.
        self._spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=32 << 20, mode="w+", encoding="utf-8", newline="\n"
        )
        self.rows: list[dict] = []
        self.problems: list[dict] = []
        self.rule_counts: dict[str, Counter] = {}
        self.rule_fixable: Counter = Counter()
        self._keys: set[str] = set()

    def file(self, result) -> None:
        key = draft_key(result.path)
        while key in self._keys:  # the same path twice: keep anchors unique
            key += "x"
        self._keys.add(key)
        draft = build_draft(result, self.rules, len(self.rows), key)
        for finding in result.findings:
            css = _severity(finding)[0]
            self.rule_counts.setdefault(finding.rule, Counter())[css] += 1
            self.rule_fixable[finding.rule] += finding.fixable
        self.rows.append(
            {
                "key": key,
                "path": draft.path,
                "counts": draft.counts,
                "total": len(draft.cards),
                "fixable": draft.fixable,
            }
        )
        self._spool.write(self._draft_template.render(draft=draft, severities=SEVERITIES.values()))

    def error(self, path: str, message: str) -> None:
        self.problems.append(
            {
                "path": display_path(path),
                "message": undecodable(message),
                "kind": "Fichier illisible",
            }
        )

    def failure(self, path: str, message: str) -> None:
        self.problems.append(
            {
                "path": display_path(path),
                "message": undecodable(message),
                "kind": "Vérification impossible",
            }
        )

    def finish(self, summary: Summary) -> None:
        environment = _environment()
        style, script = _asset("report.css"), _asset("report.js")
        from markupsafe import Markup

        rules = [
            {
                "rule": rule,
                "title": rule_title(self.rules.get(rule)),
                "counts": counts,
                "total": sum(counts.values()),
                "fixable": self.rule_fixable[rule],
            }
            for rule, counts in sorted(
                self.rule_counts.items(), key=lambda item: (-sum(item[1].values()), item[0])
            )
        ]
        context = {
            "policy": policy(style, script),
            "style": Markup(style),
            "script": Markup(script),
            "summary": summary.as_dict(),
            "rows": self.rows,
            "rules": rules,
            "problems": self.problems,
            "severities": list(SEVERITIES.values()),
        }
        self.stream.write(environment.get_template("head.html.j2").render(**context))
        self._spool.seek(0)
        shutil.copyfileobj(self._spool, self.stream)
        self._spool.close()
        self.stream.write(environment.get_template("tail.html.j2").render(**context))
