"""Python regular expressions compiled once per user, not at every run.

``re`` parses a pattern and generates its code in Python: 0.1-1 ms a pattern, and a one-draft
run with the default rule sets compiles about ninety (issue 20). The code depends only on the
pattern, its flags and the interpreter, so :func:`install` makes ``re`` keep it in
``re-code.marshal`` in :func:`newslint.cachedir.cache_root` (for this interpreter), and a
pattern found there is built from its stored code (``_sre.compile``, what ``re`` itself ends
with) instead of being parsed again. Each record is kept marshalled on its own and read when
its pattern is compiled: the file is read whole at every start, and a thousand records read
at once took 3 ms, their keys and bytes 0.5 ms.

A pattern is recorded only if the pattern built from the code this module derives equals
(code, flags, groups) the one ``re`` compiled itself; anything unexpected (another
interpreter's internals, a pattern ``re`` refuses) leaves ``re`` to compile it as usual. The
file is replaced atomically when a run compiled a pattern it lacked, bounded
(:data:`MAX_ENTRIES`), and ignored if it cannot be read, is not the user's own, or is writable
by others.
"""

from __future__ import annotations

import marshal
import re
from typing import Any

#: Patterns kept at most; past this the file starts again from the run's own patterns.
MAX_ENTRIES = 5_000

_store: Any = None  # the file of patterns: (pattern, flags) -> what _sre.compile takes
_installed = False
_loading = False


def _load() -> Any:
    """The store (:class:`newslint.cachedir.MarshalStore`), read; ``None`` while it is being
    read (reading imports modules that compile patterns of their own: those are compiled as
    usual)."""
    global _store, _loading
    if _store is None:
        if _loading:
            return None
        _loading = True
        try:
            from newslint.cachedir import MarshalStore

            store = MarshalStore("re-code.marshal", MAX_ENTRIES, replaces=("re.marshal",))
            store.load()
            _store = store
        finally:
            _loading = False
    return _store


def _internals(*names: str) -> list[Any]:
    """``re``'s internal modules (private: typed as anything)."""
    import importlib

    return [importlib.import_module(name) for name in names]


def derive(pattern: str | bytes, flags: int) -> tuple:
    """What ``_sre.compile`` takes after the pattern, as ``re`` computes it (marshallable)."""
    _compiler, _parser = _internals("re._compiler", "re._parser")
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (
        int(flags | parsed.state.flags),
        code,
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )


def install() -> None:
    """From now on, ``re`` builds the patterns it has compiled before from their stored code."""
    global _installed
    if _installed:
        return
    try:
        _sre, _compiler = _internals("_sre", "re._compiler")
    except ImportError:
        return
    original = _compiler.compile

    def compile(pattern: Any, flags: int = 0) -> Any:
        if not isinstance(pattern, (str, bytes)) or flags & re.DEBUG:
            return original(pattern, flags)
        stored = _load()
        if stored is None:
            return original(pattern, flags)
        key = (pattern, int(flags))
        known = stored.get(key)
        if known is not None:
            try:
                return _sre.compile(pattern, *marshal.loads(known))
            except Exception:  # noqa: BLE001 -- a record this interpreter refuses: compile
                pass
        compiled = original(pattern, flags)
        try:
            derived = derive(pattern, flags)
            rebuilt = _sre.compile(pattern, *derived)
        except Exception:  # noqa: BLE001 -- internals not as expected: not recorded
            return compiled
        if (
            rebuilt == compiled
            and rebuilt.groups == compiled.groups
            and rebuilt.groupindex == compiled.groupindex
        ):
            stored.add(key, marshal.dumps(derived))
        return compiled

    _compiler.compile = compile
    _installed = True


def save() -> None:
    """Add the patterns compiled in this process to the file (nothing to do in most runs)."""
    store = _load()
    if store is not None:
        store.save()
