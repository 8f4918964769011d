"""Placing a fix's edits in the source, exactly or not at all.

An :class:`~newslint.findings.Edit` is in checked-text offsets. It is placed through the
document's offset map, never by a search, and only where the source says what the text says:

- the edit is first narrowed to the characters it changes (``"\\u00a0 "`` replaced by
  ``"\\u00a0"`` deletes the space alone, so an ``&nbsp;`` beside it is kept);
- a replaced or deleted span must be the source's own characters (line endings aside:
  ``\\n`` in the text stands for ``\\r\\n`` or ``\\r``, and deleting it deletes them);
- an insertion goes next to a character that is the source's own, so it cannot land inside
  a code span, an entity or text the loader could not align.

In Markdown, a fix must also leave the structure alone (:func:`skeleton`): a space removed
after ``*&#160;*`` unmakes the emphasis. A fix beside a character that can be markup is tried
on a copy of its block (:class:`StructureGuard`).

Anything else cannot be placed: the linter then marks the finding's fix unsafe (shown as a
suggestion, never counted as fixable), so ``fixable`` always means ``--fix`` applies it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right

from newslint.classcache import dataclass


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
    offsets = document.offsets
    if end - start == 1 and replacement[:1] != old and replacement[-1:] != old:
        # The common case, in one lookup: one character replaced, inside a copied segment.
        at = offsets.linear(start, end)
        if at is not None and document.source[at] == old:
            return SourceEdit(at, at + 1, replacement)
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
    if start < end:
        source_start, source_end = document.source_span(start, end)
        if not _same(document.source[source_start:source_end], text[start:end]):
            return None
        return SourceEdit(source_start, source_end, replacement)
    # An insertion: next to a character that is the source's own (never between two the
    # loader could not align). Should markup or a code span stand beside it
    # (``**Attention**:``, ``«`code```), it goes next to the mark it is for: before a
    # punctuation mark that follows, else after the character before.
    at = offsets.linear(start - 1, start + 1) if 0 < start < len(text) else None
    if at is not None and document.source[at : at + 2] == text[start - 1 : start + 1]:
        return SourceEdit(at + 1, at + 1, replacement)  # the common case, in one lookup
    own = [
        i
        for i in (start - 1, start)
        if 0 <= i < len(text) and _same(_source_of(document, i), text[i])
    ]
    if not own:
        return None
    after = offsets.to_source_end(start) if start - 1 in own else None
    before = offsets.to_source_start(start) if start in own else None
    if after is None or before is None or after == before:
        position = before if after is None else after
    elif _kind(text[start]) == 1 or _kind(text[start - 1]) != 1:
        position = before
    else:
        position = after
    if position is None:
        return None  # neither side has a source offset: not placeable
    return SourceEdit(position, position, replacement)


def _source_of(document, index: int) -> str:
    start, end = document.source_span(index, index + 1)
    return document.source[start:end]


def placed_edits(document, finding) -> list[SourceEdit] | None:
    """The source edits of ``finding``'s fix (those that change something), or None if one
    of them cannot be placed exactly."""
    if document.format == "docx":
        return None  # a Word document is annotated (--annotate), never rewritten
    edits = []
    for edit in finding.fix.edits:
        placed = place(document, edit.start, edit.end, edit.replacement)
        if placed is None:
            return None
        if placed is not NOTHING:
            if document.format == "html":  # escaped, entities as the draft spells them
                placed = SourceEdit(placed.start, placed.end, document.written(placed.replacement))
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
_MARKUP_SEARCH = re.compile("[" + re.escape("".join(sorted(_MARKUP))) + "]")
#: Characters of Markdown a document's fixes may be tried on: past that, a fix beside markup
#: is taken as changing the structure (fail closed), so the cost stays linear.
TRIAL_CHARACTERS = 2_000_000
_BLANK_LINE = re.compile(r"(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r(?!\n)|\n)")


def _kind(char: str) -> int:
    """CommonMark's classes for delimiter runs: whitespace (0), punctuation (1), other (2)."""
    if not char or char.isspace():
        return 0
    return 1 if unicodedata.category(char)[0] in "PS" else 2


def _risky(source: str, edit: SourceEdit) -> bool:
    """Whether ``edit`` could change how Markdown reads the characters beside it: it adds or
    removes a character that can be markup, or changes the class (whitespace, punctuation,
    other) of what stands next to one (``*a*  b`` to ``*a*b``)."""
    if _MARKUP.intersection(source[edit.start : edit.end] + edit.replacement):
        return True
    left = source[edit.start - 1] if edit.start > 0 else ""
    right = source[edit.end] if edit.end < len(source) else ""
    if left in _MARKUP and left:
        after_before = source[edit.start] if edit.end > edit.start else right
        after_now = edit.replacement[:1] or right
        if _kind(after_before) != _kind(after_now):
            return True
    if right in _MARKUP and right:
        before_before = source[edit.end - 1] if edit.end > edit.start else left
        before_now = edit.replacement[-1:] or left
        if _kind(before_before) != _kind(before_now):
            return True
    return False


class StructureGuard:
    """Whether a fix would change a Markdown document's structure.

    Only a fix beside a character that can be markup is tried: on a copy of the text
    between the blank lines around it (the block it belongs to), read before and after
    the fix. At most :data:`TRIAL_CHARACTERS` per document are read so; beyond, such a fix
    is taken as changing the structure (fail closed).
    """

    def __init__(self, document) -> None:
        self.document = document
        self.budget = TRIAL_CHARACTERS
        self._blanks: tuple[list[int], list[int]] | None = None
        self._before: dict[tuple[int, int], str] = {}
        #: No character of the source can be markup: no fix can change the structure.
        self._plain: bool | None = None

    def _window(self, start: int, end: int) -> tuple[int, int]:
        if self._blanks is None:
            found = list(_BLANK_LINE.finditer(self.document.source))
            self._blanks = ([m.start() for m in found], [m.end() for m in found])
        starts, ends = self._blanks
        k = bisect_right(ends, start) - 1
        window_start = ends[k] if k >= 0 else 0
        k = bisect_left(starts, end)
        window_end = starts[k] if k < len(starts) else len(self.document.source)
        return window_start, max(window_end, end)

    def changes_structure(self, edits: list[SourceEdit]) -> bool:
        document = self.document
        source = document.source
        if self._plain is None:
            self._plain = document.format != "markdown" or not _MARKUP_SEARCH.search(source)
        if self._plain or not any(_risky(source, e) for e in edits):
            return False
        edits = sorted(edits, key=lambda e: (e.start, e.end))
        window = self._window(edits[0].start, edits[-1].end)
        cost = 2 * (window[1] - window[0]) if window not in self._before else window[1] - window[0]
        if cost > self.budget:
            return True
        self.budget -= cost
        from newslint.documents.markdown import load_markdown

        try:
            if window not in self._before:
                block = source[window[0] : window[1]]
                self._before[window] = skeleton(load_markdown(document.path, block))
            parts, cursor = [], window[0]
            for edit in edits:
                parts += [source[cursor : edit.start], edit.replacement]
                cursor = edit.end
            parts.append(source[cursor : window[1]])
            fixed = load_markdown(document.path, "".join(parts))
        except Exception:  # nested too deeply to read: not a fix to apply
            return True
        return skeleton(fixed) != self._before[window]
