"""Regular expressions compiled on first use.

Compiling a pattern is done in Python by ``re`` and costs 0.1-2 ms; checks define about a
hundred at module level, most of which a small draft never needs (their hints are absent).
``lazy(pattern)`` stands for ``re.compile(pattern)`` and compiles at the first method call;
from then on its methods are the compiled pattern's own, looked up as plainly as before.
"""

from __future__ import annotations

import re

_METHODS = (
    "search",
    "match",
    "fullmatch",
    "finditer",
    "findall",
    "sub",
    "subn",
    "split",
    "scanner",
)


class lazy:
    __slots__ = ("pattern", "_flags", *_METHODS, "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern | None = None

    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self._flags)
            for name in _METHODS:
                setattr(self, name, getattr(self._compiled, name))
        return self._compiled

    def __getattr__(self, name: str):
        # Only reached while a slot is unset, i.e. before the first compilation.
        if name.startswith("__") or name in ("_compiled", "_flags"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r})"
