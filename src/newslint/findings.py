"""Severities, fixes and findings: what checks produce and reporters print."""

from __future__ import annotations

from dataclasses import field
from enum import IntEnum

from newslint.classcache import dataclass

#: A finding quotes at most this many characters of its span (``text``) and of its message:
#: a span may cover a whole draft (a quotation nested 10,000 deep), and a copy per finding
#: made reports grow with the square of the draft (issue 21).
TEXT_MAX = 240
#: Where an excerpt is cut: the French mark for words left out of a quotation.
CUT = "[…]"


def excerpt(text: str, start: int = 0, end: int | None = None, limit: int = TEXT_MAX) -> str:
    """``text[start:end]``, or its beginning and end around :data:`CUT` when longer than
    ``limit``; only the kept characters are copied."""
    end = len(text) if end is None else end
    if end - start <= limit:
        return text[start:end]
    head = (limit - len(CUT)) // 2
    tail = limit - len(CUT) - head
    return text[start : start + head] + CUT + text[end - tail : end]


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str) -> Severity:
        return cls[value.upper()]

    def __str__(self) -> str:
        return self.name.lower()


# Slots: a hostile draft yields a finding per character or two, each with a fix (issue 21).
@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` of the checked text with ``replacement``."""

    start: int
    end: int
    replacement: str

    def __reduce__(self) -> tuple:
        return (Edit, (self.start, self.end, self.replacement))  # see Finding.__reduce__


@dataclass(frozen=True, slots=True)
class Fix:
    """Edits to the checked text that fix a finding, and whether applying them is safe."""

    edits: tuple[Edit, ...]
    #: Safe fixes are applied by ``--fix``; unsafe ones are only shown as suggestions.
    safe: bool = True

    def __reduce__(self) -> tuple:
        return (Fix, (self.edits, self.safe))  # see Finding.__reduce__


@dataclass(slots=True)
class Finding:
    """A problem found by a check.

    Checks fill ``start``/``end`` (offsets in the document's checked text), ``message``,
    ``suggestions`` and ``fix``. The linter stamps ``rule`` and ``severity`` and the
    source positions (1-based lines, 1-based columns in code points, end exclusive).
    """

    start: int
    end: int
    message: str
    suggestions: tuple[str, ...] = ()
    fix: Fix | None = None
    rule: str = ""
    severity: Severity = Severity.WARNING
    # Source positions, set by the linter through the document's offset map.
    source_start: int = -1
    source_end: int = -1
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0
    #: The source text of the span, or an :func:`excerpt` of it beyond :data:`TEXT_MAX`.
    text: str = ""
    #: Extra data a check wants reporters to see (e.g. other places a name is used).
    related: list[dict] = field(default_factory=list)
    #: Highest severity the check allows for this finding (``None``: the rule's severity).
    #: A house-style deviation the draft makes consistently is only ``info`` (issue 12).
    cap: Severity | None = None

    @property
    def fixable(self) -> bool:
        return self.fix is not None and self.fix.safe

    def __reduce__(self) -> tuple:
        # Pickled as its field values (outcomes from other processes, the result cache): the
        # slots state ``dataclasses`` pickles is loaded field by field, twice as slowly.
        return (_finding, tuple(getattr(self, name) for name in _FINDING_FIELDS))

    def sort_key(self) -> tuple:
        return (self.line, self.column, self.end_line, self.end_column, self.rule, self.message)


_FINDING_FIELDS = tuple(Finding.__dataclass_fields__)


def _finding(*values: object) -> Finding:
    """A :class:`Finding` from its field values, in order (unpickling)."""
    return Finding(*values)  # type: ignore[arg-type]
