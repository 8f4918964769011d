"""The document model every loader produces and every check reads."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import field
from itertools import accumulate, repeat
from operator import add
from typing import Any

from newslint.classcache import dataclass
from newslint.documents.offsets import OffsetMap


@dataclass(frozen=True)
class Block:
    """A block of prose in the checked text: ``text[start:end]``."""

    start: int
    end: int
    #: ``paragraph``, ``heading``, ``list_item``, ``blockquote`` or ``table_cell``.
    kind: str = "paragraph"


@dataclass(frozen=True)
class Directive:
    """A suppression comment: ``<!-- newslint-disable RULE ... -->`` and friends."""

    #: ``disable``, ``enable``, ``disable-next-line`` or ``disable-line``.
    action: str
    #: Rule ids or prefixes (``names``, ``typography/nbsp``); empty means every rule.
    rules: tuple[str, ...]
    #: 1-based source line of the comment.
    line: int


_DIRECTIVE = re.compile(
    r"<!--\s*newslint-(disable-next-line|disable-line|disable|enable)\b([^>]*?)-->"
)


def parse_directives(comment: str, line: int) -> list[Directive]:
    found = []
    for match in _DIRECTIVE.finditer(comment):
        rules = tuple(r for r in re.split(r"[\s,]+", match.group(2).strip()) if r)
        found.append(Directive(match.group(1), rules, line))
    return found


LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_starts(source: str) -> list[int]:
    """Offset of each line's first character in ``source`` (``\r\n``, ``\r`` or ``\n`` ends a line)."""
    if "\r" not in source:
        # Running sums of the line lengths, all in C: the common case of LF endings.
        starts = list(accumulate(map(add, map(len, source.split("\n")), repeat(1)), initial=0))
        starts.pop()
        return starts
    # A regex scan, not a Python loop over every character (issue 8: linear and fast).
    starts = [0]
    starts.extend(match.end() for match in LINE_BREAK.finditer(source))
    return starts


@dataclass
class Document:
    """A loaded draft: its source, the checked text, the offset map between them, blocks."""

    path: str
    #: The decoded source (BOM removed, line endings kept).
    source: str
    #: The prose newslint checks (markup removed, ``\n`` line endings).
    text: str
    offsets: OffsetMap
    blocks: list[Block]
    format: str = "text"
    encoding: str = "utf-8"
    bom: bool = False
    directives: list[Directive] = field(default_factory=list)
    #: HTML: the source spelling of each character the draft wrote as an entity
    #: (``"\u00a0": "&nbsp;"``), used when a fix writes that character (:meth:`written`).
    spelling: dict[str, str] | None = None
    _line_starts: list[int] | None = field(default=None, repr=False)
    #: What checks compute once per document and share (a names analysis, boilerplate
    #: paragraphs), by key; emptied by the runner once the document is checked.
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = line_starts(self.source)
        return self._line_starts

    def position(self, source_offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset; columns count code points."""
        starts = self.line_starts
        line = bisect_right(starts, source_offset) - 1
        return line + 1, source_offset - starts[line] + 1

    def written(self, text: str) -> str:
        """``text`` as a fix writes it into the source: in HTML, ``&``, ``<`` and ``>``
        escaped, and a character the draft wrote as an entity written with that entity."""
        if self.format != "html":
            return text
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        for char, spelled in (self.spelling or {}).items():
            if char in text and char not in "&<>":
                text = text.replace(char, spelled)
        return text

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.span(start, end)

    def source_only(self) -> Document:
        """A copy keeping only what a text report prints from: the source and its lines.

        Worker processes send each result back pickled; the offset map, blocks and checked
        text would cost the parent more to unpickle than a report excerpt is worth (issue 8).
        """
        return Document(
            self.path, self.source, "", OffsetMap(), [], self.format, self.encoding, self.bom
        )

    @property
    def newline(self) -> str:
        match = LINE_BREAK.search(self.source)
        return match.group(0) if match else "\n"
