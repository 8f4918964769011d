"""Source offsets (code points, as findings carry them) <-> LSP positions (line, UTF-16 units).

The protocol counts lines as ended by ``\\r\\n``, ``\\r`` or ``\\n`` (nothing else: not
``\\u2028``, not form feeds) and columns in UTF-16 code units: a character beyond U+FFFF (an
emoji) is two units, a combining accent is one character of its own.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from lsprotocol import types

_BREAK = re.compile(r"\r\n|\r|\n")


class Lines:
    """One buffer's line starts, to place offsets in it."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.starts = [0, *(m.end() for m in _BREAK.finditer(source))]
        self.astral = any(c > "\uffff" for c in source) if not source.isascii() else False

    def line_end(self, line: int) -> int:
        """Offset of the end of ``line`` (0-based), before its line break."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            if self.source[end - 2 : end] == "\r\n":
                return end - 2
            return end - 1
        return len(self.source)

    def position(self, offset: int) -> types.Position:
        offset = max(0, min(offset, len(self.source)))
        line = bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        column = offset - start
        if self.astral:
            column += sum(1 for c in self.source[start:offset] if c > "\uffff")
        return types.Position(line=line, character=column)

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def offset(self, position: types.Position) -> int:
        """The offset of a client position (clamped to the line, as the protocol says)."""
        if position.line >= len(self.starts):
            return len(self.source)
        start = self.starts[position.line]
        end = self.line_end(position.line)
        if not self.astral:
            return min(start + position.character, end)
        units = 0
        index = start
        while index < end and units < position.character:
            units += 2 if self.source[index] > "\uffff" else 1
            index += 1
        return index
