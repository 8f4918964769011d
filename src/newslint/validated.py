"""RE2 patterns this user's RE2 build has compiled before: known valid, compiled on first use.

Validating a configuration compiles every pattern of every rule, and the shipped sets' 80
patterns took a quarter of a one-draft run (issue 20). A pattern RE2 accepted once is
accepted again by the same RE2 build, so the per-user cache (``re2-valid.marshal`` in
:func:`newslint.cachedir.cache_root`) records each pattern that compiled, with its options
and whether it matches the empty string, for this newslint version and this RE2 build
(the installed module's path, size and time). A pattern not found there is compiled
at validation as before, so an invalid one is reported exactly as before; one found there is
compiled when a search first needs it (:class:`newslint.patterns.LazyPattern`). The file is
replaced atomically, bounded (:data:`MAX_ENTRIES`), and ignored if it cannot be read.
"""

from __future__ import annotations

import os
from typing import Any

#: Patterns kept at most; past this the file starts again from the run's own patterns.
MAX_ENTRIES = 20_000

_known: dict[str, bool] | None = None
_new: dict[str, bool] = {}
_build = ""


def key(pattern: str, ignorecase: bool, longest: bool, capture: bool) -> str:
    return f"{int(ignorecase)}{int(longest)}{int(capture)}\0{pattern}"


def _re2_build() -> str:
    """This newslint version and the installed RE2 module (path, size, time), without
    importing it."""
    import importlib.util

    from newslint import __version__

    try:
        spec = importlib.util.find_spec("re2")
    except (ImportError, ValueError):
        return ""
    if spec is None or not spec.origin:
        return ""
    folder = os.path.dirname(spec.origin)
    parts = [__version__]
    try:
        for name in sorted(os.listdir(folder)):
            if name.endswith((".py", ".so", ".pyd")):
                info = os.stat(os.path.join(folder, name))
                parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
    except OSError:
        return ""
    return f"{folder}\0" + "\0".join(parts)


def _path() -> Any:
    from newslint.cachedir import cache_root

    return cache_root() / "re2-valid.marshal"


def _load() -> dict[str, bool]:
    global _known, _build
    if _known is None:
        _known = {}
        _build = _re2_build()
        if _build:
            import marshal

            try:
                with open(_path(), "rb") as handle:
                    stored, known = marshal.loads(handle.read())
                if stored == _build and isinstance(known, dict):
                    _known = known
            except (OSError, EOFError, ValueError, TypeError):
                pass
    return _known


def known(pattern_key: str) -> bool | None:
    """Whether the pattern matches the empty string, if it is known valid; else ``None``."""
    found = _load().get(pattern_key)
    return found if found is not None else _new.get(pattern_key)


def record(pattern_key: str, matches_empty: bool) -> None:
    """A pattern that just compiled."""
    _new[pattern_key] = matches_empty


def save() -> None:
    """Add the patterns compiled in this run to the file (nothing to do in most runs)."""
    global _known
    if not _new:
        return
    known = _load()
    if not _build:
        return
    merged = {**known, **_new} if len(known) + len(_new) <= MAX_ENTRIES else dict(_new)
    import marshal

    from newslint.cachedir import write_private

    try:
        write_private(_path(), marshal.dumps((_build, merged)))
    except (OSError, ValueError):
        return  # a read-only cache: compile at validation next time too
    _known = merged
    _new.clear()
