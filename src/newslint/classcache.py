"""``dataclasses.dataclass``, with the methods it writes compiled once per user.

``@dataclass`` writes each class's ``__init__`` (and ``__repr__``, ``__eq__``, the frozen
``__setattr__``...) as source text and compiles that text at every import: about 3 million
instructions a class, and a one-draft run creates 30 to 70 classes, a quarter of its start
(issue 20). The text depends only on the class's fields and options, and the same text always
compiles to the same code. So :func:`dataclass` is the standard decorator, except that the
code compiled from each text is kept in ``classes.marshal`` in
:func:`newslint.cachedir.cache_root`, for this interpreter (its version and bytecode), and a
text found there is not compiled again. The class is the one ``dataclasses`` builds: same
methods, same behaviour; only where their code comes from changes.

The file is replaced atomically when a run compiled a text it lacked, bounded
(:data:`MAX_ENTRIES`), and ignored if it cannot be read, is not the user's own, or is writable
by others (it holds code, as ``__pycache__`` does). Classes other libraries create are
compiled as usual and not recorded.
"""

from __future__ import annotations

import builtins
import dataclasses
import os
import sys
from types import CodeType
from typing import TYPE_CHECKING, Any

#: Texts kept at most; past this the file starts again from the run's own texts.
MAX_ENTRIES = 2_000

_codes: dict[str, bytes] | None = None  # text -> its code, marshalled
_new: dict[str, bytes] = {}
_depth = 0  # > 0 while newslint's decorator builds a class
_saving = False


def _interpreter() -> str:
    return f"{sys.version}\0{sys.implementation.cache_tag}\0{sys.hexversion}"


def _path() -> Any:
    from newslint.cachedir import cache_root

    return cache_root() / "classes.marshal"


def _load() -> dict[str, bytes]:
    global _codes
    if _codes is None:
        _codes = {}
        import marshal

        try:
            with open(_path(), "rb") as handle:
                if not _safe(os.fstat(handle.fileno())):
                    return _codes
                stored, codes = marshal.loads(handle.read())
            if stored == _interpreter() and isinstance(codes, dict):
                _codes = codes
        except (OSError, EOFError, ValueError, TypeError):
            pass
    return _codes


def _safe(info: os.stat_result) -> bool:
    """The file is the user's own and nobody else may write it."""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _exec(source: Any, globals: Any = None, locals: Any = None) -> None:
    """``exec`` as ``dataclasses`` calls it; while :func:`dataclass` builds a class, a text
    is compiled only if the cache lacks it."""
    if _depth and isinstance(source, str):
        import marshal

        stored = _load().get(source) or _new.get(source)
        code = None
        if isinstance(stored, bytes):
            try:
                code = marshal.loads(stored)
            except (EOFError, ValueError, TypeError):
                code = None
        if not isinstance(code, CodeType):
            code = _compile(source)
            _new[source] = marshal.dumps(code)
            _save_at_exit()
        source = code
    elif isinstance(source, str):
        source = _compile(source)
    builtins.exec(source, globals, locals)


def _compile(source: str) -> CodeType:
    """The text compiled as ``exec`` in ``dataclasses`` compiles it: without the
    ``__future__`` imports of this module (postponed annotations would change the methods'
    ``__annotations__``)."""
    return compile(source, "<string>", "exec", dont_inherit=True)


def _save_at_exit() -> None:
    global _saving
    if not _saving:
        _saving = True
        import atexit

        atexit.register(save)


def save() -> None:
    """Add the texts compiled in this process to the file (nothing to do in most runs)."""
    global _codes
    if not _new:
        return
    known = _load()
    merged = {**known, **_new} if len(known) + len(_new) <= MAX_ENTRIES else dict(_new)
    import marshal

    from newslint.cachedir import write_private

    try:
        write_private(_path(), marshal.dumps((_interpreter(), merged)))
    except (OSError, ValueError):
        return  # a read-only cache: compile each time
    _codes = merged
    _new.clear()


# ``dataclasses`` calls ``exec`` by its global name: this one runs the cached code when
# newslint's decorator is building a class, and is the builtin otherwise.
dataclasses.exec = _exec  # type: ignore[attr-defined]


if TYPE_CHECKING:  # type checkers know the standard decorator, which this one is
    from dataclasses import dataclass
else:

    def dataclass(cls=None, /, **options):
        """``dataclasses.dataclass(cls, **options)``, its methods' code taken from the cache."""

        def wrap(cls):
            global _depth
            _depth += 1
            try:
                return dataclasses.dataclass(cls, **options)
            finally:
                _depth -= 1

        if cls is None:
            return wrap
        return wrap(cls)
