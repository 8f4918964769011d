"""newslint's per-user cache folder (``NEWSLINT_CACHE_DIR`` overrides it)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "newslint"


def user_cache_dir() -> str:
    """platformdirs' ``user_cache_dir("newslint")``.

    On Linux and the BSDs that is the XDG rule, computed here directly: importing platformdirs
    costs several milliseconds of every run's start (issue 2), and the folder it names is the
    same (a test compares the two). Other systems ask platformdirs.
    """
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        if not base:
            base = os.path.expanduser("~/.cache")
        return os.path.join(base, APP)
    import platformdirs

    return platformdirs.user_cache_dir(APP, appauthor=False)


def cache_root() -> Path:
    configured = os.environ.get("NEWSLINT_CACHE_DIR")
    if configured:
        return Path(configured)
    return Path(user_cache_dir())


# -- private to the user -----------------------------------------------------------------
# The cache holds what the user's drafts say (grammar results, parsed configurations) and
# where their LanguageTool server listens: folders are created 0700 and files 0600, and a file
# is replaced through a temporary file of unpredictable name, so another local user can
# neither read it nor plant a symbolic link where newslint is about to write.


def private_dir(path: str | Path) -> Path:
    """``path`` as a folder, each missing level created readable by the user only (0700)."""
    path = Path(path)
    missing = []
    current = path
    while not current.is_dir():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
    return path


def private_file(path: str | Path) -> Path:
    """``path`` created empty and readable by the user only (0600), unless it exists."""
    try:
        os.close(
            os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
        )
    except FileExistsError:
        pass
    return Path(path)


def write_private(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data``: a new 0600 file of unpredictable name beside it, renamed
    over it, so a reader sees the old file or the new one, never half of one."""
    import tempfile

    path = Path(path)
    private_dir(path.parent)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
