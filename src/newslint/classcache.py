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
from types import CodeType
from typing import TYPE_CHECKING, Any

#: Texts kept at most; past this the file starts again from the run's own texts.
MAX_ENTRIES = 2_000

_depth = 0  # > 0 while newslint's decorator builds a class
_store: Any = None  # the file of compiled texts: text -> its code, marshalled


def _interpreter() -> str:
    from newslint.cachedir import interpreter_tag

    return interpreter_tag()


def _codes() -> Any:
    """The store (:class:`newslint.cachedir.MarshalStore`), created on first use."""
    global _store
    if _store is None:
        from newslint.cachedir import MarshalStore

        _store = MarshalStore("classes.marshal", MAX_ENTRIES)
    return _store


def _exec(source: Any, globals: Any = None, locals: Any = None) -> None:
    """``exec`` as ``dataclasses`` calls it; while :func:`dataclass` builds a class, a text
    is compiled only if the cache lacks it."""
    if _depth and isinstance(source, str):
        import marshal

        stored = _codes().get(source)
        code = None
        if isinstance(stored, bytes):
            try:
                code = marshal.loads(stored)
            except (EOFError, ValueError, TypeError):
                code = None
        if not isinstance(code, CodeType):
            code = _compile(source)
            _codes().add(source, marshal.dumps(code))
        source = code
    elif isinstance(source, str):
        source = _compile(source)
    builtins.exec(source, globals, locals)


def _compile(source: str) -> CodeType:
    """The text compiled as ``exec`` in ``dataclasses`` compiles it: without the
    ``__future__`` imports of this module (postponed annotations would change the methods'
    ``__annotations__``)."""
    return compile(source, "<string>", "exec", dont_inherit=True)


def save() -> None:
    """Add the texts compiled in this process to the file (nothing to do in most runs)."""
    _codes().save()


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
