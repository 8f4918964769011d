"""The explicit offset map from a document's checked text back to its source.

Checks see ``Document.text`` (prose only: Markdown markup, code and comments removed, line
endings normalised to ``\\n``). Every character of it comes from a *segment* of the source:

- a *linear* segment copies source characters one for one (same length on both sides);
- an *atomic* segment stands for a source run of another length (``\\r\\n`` read as ``\\n``,
  ``&amp;`` read as ``&``, the blank lines joining two blocks). A span touching it covers
  the whole source run.

Vale searches the rendered text again to guess where a match was; newslint never guesses.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator


class OffsetMap:
    __slots__ = ("_text_starts", "_text_ends", "_source_starts", "_source_ends", "_sealed")

    def __init__(self) -> None:
        self._text_starts: list[int] = []
        self._text_ends: list[int] = []
        self._source_starts: list[int] = []
        self._source_ends: list[int] = []
        #: The last segment stands for other characters: nothing may merge into it.
        self._sealed = False

    def add(
        self,
        text_start: int,
        text_end: int,
        source_start: int,
        source_end: int,
        copied: bool = True,
    ) -> None:
        """Record that ``text[text_start:text_end]`` comes from ``source[source_start:source_end]``.

        Segments must be added in increasing text order. Adjacent linear segments merge, but
        only when the text copies the source (``copied``): ``\n`` read for a lone ``\r`` has
        the same length, yet is not the source's character.
        """
        if text_end <= text_start:
            return
        sealed, self._sealed = self._sealed, not copied
        if (
            copied
            and not sealed
            and self._text_ends
            and self._text_ends[-1] == text_start
            and self._source_ends[-1] == source_start
            and text_end - text_start == source_end - source_start
            and self._text_ends[-1] - self._text_starts[-1]
            == self._source_ends[-1] - self._source_starts[-1]
        ):
            self._text_ends[-1] = text_end
            self._source_ends[-1] = source_end
            return
        self._text_starts.append(text_start)
        self._text_ends.append(text_end)
        self._source_starts.append(source_start)
        self._source_ends.append(source_end)

    def _segment(self, index: int) -> int:
        return max(bisect_right(self._text_starts, index) - 1, 0)

    def to_source_start(self, index: int) -> int:
        """Source offset where the text character at ``index`` begins."""
        if not self._text_starts:
            return index
        k = self._segment(index)
        t0, t1 = self._text_starts[k], self._text_ends[k]
        s0, s1 = self._source_starts[k], self._source_ends[k]
        if index >= t1:
            return s1
        if t1 - t0 == s1 - s0:
            return s0 + (index - t0)
        return s0

    def to_source_end(self, index: int) -> int:
        """Source offset just after the text character at ``index - 1`` (exclusive end)."""
        if not self._text_starts:
            return index
        if index <= 0:
            return self.to_source_start(0)
        k = self._segment(index - 1)
        t0, t1 = self._text_starts[k], self._text_ends[k]
        s0, s1 = self._source_starts[k], self._source_ends[k]
        if index - 1 >= t1:
            return s1
        if t1 - t0 == s1 - s0:
            return s0 + (index - t0)
        return s1

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source span of the text span ``[start, end)``."""
        source_start = self.to_source_start(start)
        if end <= start:
            return source_start, source_start
        return source_start, max(self.to_source_end(end), source_start)

    def linear(self, start: int, end: int) -> int | None:
        """Source offset of text ``start`` if ``text[start:end]`` lies in one segment of the
        same length on both sides (one lookup), else None."""
        if not self._text_starts or end <= start:
            return None
        k = self._segment(start)
        t0, t1 = self._text_starts[k], self._text_ends[k]
        s0 = self._source_starts[k]
        if t0 <= start and end <= t1 and t1 - t0 == self._source_ends[k] - s0:
            return s0 + (start - t0)
        return None

    def segments(self) -> Iterator[tuple[int, int, int, int]]:
        """``(text_start, text_end, source_start, source_end)`` of each segment, in order."""
        return zip(self._text_starts, self._text_ends, self._source_starts, self._source_ends)

    def __len__(self) -> int:
        return len(self._text_starts)


class TextBuilder:
    """Builds a checked text and its offset map together, so they cannot drift apart."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.offsets = OffsetMap()

    def copy(self, source: str, start: int, end: int) -> None:
        """Append ``source[start:end]`` unchanged (a linear segment)."""
        if end > start:
            self.parts.append(source[start:end])
            self.offsets.add(self.length, self.length + end - start, start, end)
            self.length += end - start

    def put(self, text: str, source_start: int, source_end: int) -> None:
        """Append ``text`` standing for ``source[source_start:source_end]`` (atomic)."""
        if text:
            self.offsets.add(
                self.length, self.length + len(text), source_start, source_end, copied=False
            )
            self.parts.append(text)
            self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)
