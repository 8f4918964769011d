"""Placing a fix's edits in the source, exactly or not at all.

An :class:`~newslint.findings.Edit` is in checked-text offsets. It is placed through the
document's offset map, never by a search, and only where the source says what the text says:

- the edit is first narrowed to the characters it changes (``"\\u00a0 "`` replaced by
  ``"\\u00a0"`` deletes the space alone, so an ``&nbsp;`` beside it is kept);
- a replaced or deleted span must be the source's own characters (line endings aside:
  ``\\n`` in the text stands for ``\\r\\n`` or ``\\r``, and deleting it deletes them);
- an insertion needs the characters on both sides of it to be the source's own and adjacent
  there, so it cannot land inside a code span, an entity or text the loader could not align.

In Markdown, a fix must also leave the structure alone (:func:`skeleton`): a space removed
after ``*&#160;*`` unmakes the emphasis. A fix beside a character that can be markup is tried
on a copy of the draft (:func:`changes_structure`).

Anything else cannot be placed: the linter then marks the finding's fix unsafe (shown as a
suggestion, never counted as fixable), so ``fixable`` always means ``--fix`` applies it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceEdit:
    """A fix's edit placed in the source: span and replacement."""
    start: int
    end: int
    replacement: str


#: An edit that changes nothing once narrowed.
NOTHING = SourceEdit(-1, -1, "")


def _same(source: str, text: str) -> bool:
    if source == text:
        return True
    return "\r" in source and source.replace("\r\n", "\n").replace("\r", "\n") == text


def place(document, start: int, end: int, replacement: str) -> SourceEdit | None:
    """The source edit for replacing ``text[start:end]``; :data:`NOTHING` if it changes
    nothing; None if it cannot be placed exactly."""
    text = document.text
    old = text[start:end]
    prefix = 0
    limit = min(len(old), len(replacement))
    while prefix < limit and old[prefix] == replacement[prefix]:
        prefix += 1
    suffix = 0
    limit -= prefix
    while suffix < limit and old[-1 - suffix] == replacement[-1 - suffix]:
        suffix += 1
    start, end = start + prefix, end - suffix
    replacement = replacement[prefix : len(replacement) - suffix]
    if start == end and not replacement:
        return NOTHING
    offsets = document.offsets
    if start < end:
        source_start, source_end = document.source_span(start, end)
        if not _same(document.source[source_start:source_end], text[start:end]):
            return None
        return SourceEdit(source_start, source_end, replacement)
    # An insertion: between two characters both copied from the source, side by side.
    before, after = max(start - 1, 0), min(start + 1, len(text))
    if before == after:
        return None
    source_start, source_end = document.source_span(before, after)
    if not _same(document.source[source_start:source_end], text[before:after]):
        return None
    position = offsets.to_source_end(start) if start > 0 else offsets.to_source_start(start)
    if start < len(text) and start > 0 and offsets.to_source_start(start) != position:
        return None
    return SourceEdit(position, position, replacement)


def placed_edits(document, finding) -> list[SourceEdit] | None:
    """The source edits of ``finding``'s fix (those that change something), or None if one
    of them cannot be placed exactly."""
    edits = []
    for edit in finding.fix.edits:
        placed = place(document, edit.start, edit.end, edit.replacement)
        if placed is None:
            return None
        if placed is not NOTHING:
            edits.append(placed)
    return edits


def skeleton(document) -> str:
    """What of a Markdown source is not prose, whitespace aside: code, HTML, entities,
    markup. Fixes edit prose only; should this change (a line's leading space removed
    turns the rest of it into a code fence, a space removed after ``*&#160;*`` unmakes the
    emphasis), a fix changed the draft's structure."""
    parts = []
    cursor = 0
    source = document.source
    for text_start, text_end, source_start, source_end in document.offsets.segments():
        parts.append(source[cursor:source_start])
        if text_end - text_start != source_end - source_start:
            parts.append(source[source_start:source_end])
        cursor = max(cursor, source_end)
    parts.append(source[cursor:])
    return "".join("".join(parts).split())


#: Characters whose meaning in Markdown may depend on what stands beside them.
_MARKUP = frozenset("*_`~[]<>!\\#&|")
#: Fixes of one document tried on a copy, at most: the others beside markup are not applied.
TRIAL_BUDGET = 32


class StructureGuard:
    """Whether a fix would change a Markdown document's structure, tried on a copy for the
    fixes beside a character that can be markup (at most :data:`TRIAL_BUDGET` per document;
    beyond, such a fix is taken as changing it: fail closed)."""

    def __init__(self, document) -> None:
        self.document = document
        self.budget = TRIAL_BUDGET
        self._before: str | None = None

    def changes_structure(self, edits: list[SourceEdit]) -> bool:
        document = self.document
        if document.format != "markdown" or not edits:
            return False
        source = document.source
        if not any(
            _MARKUP.intersection(source[max(e.start - 1, 0) : e.end + 1])
            or _MARKUP.intersection(e.replacement)
            for e in edits
        ):
            return False
        if self.budget <= 0:
            return True
        self.budget -= 1
        from newslint.documents.markdown import load_markdown

        if self._before is None:
            self._before = skeleton(document)
        parts, cursor = [], 0
        for edit in sorted(edits, key=lambda e: (e.start, e.end)):
            parts += [source[cursor : edit.start], edit.replacement]
            cursor = edit.end
        parts.append(source[cursor:])
        try:
            fixed = load_markdown(document.path, "".join(parts))
        except Exception:  # too deeply nested once fixed: not a fix to apply
            return True
        return skeleton(fixed) != self._before
