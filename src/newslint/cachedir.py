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


def owned_privately(info: os.stat_result) -> bool:
    """The file is the user's own and nobody else may write it: only such a file is read back
    as code or unpickled (the compiled classes and patterns, each file's findings)."""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def interpreter_tag() -> str:
    """This interpreter's version and bytecode: what compiled code and pattern code depend on."""
    return f"{sys.version}\0{sys.implementation.cache_tag}\0{sys.hexversion}"


class MarshalStore:
    """A dictionary kept in one marshal file of the user's cache, for this interpreter: read
    once and whole (``marshal.load`` on a file reads it piece by piece, several times slower),
    ignored unless :func:`owned_privately`; the entries a run adds are written at exit,
    atomically (:func:`write_private`), merged with what is there; past ``max_entries`` the
    file starts again from the run's own entries. Unreadable or read-only: a run without it."""

    def __init__(self, name: str, max_entries: int, replaces: tuple[str, ...] = ()) -> None:
        self.name = name
        self.max_entries = max_entries
        #: Files of an earlier version of this store, removed when this one is written.
        self.replaces = replaces
        self.known: dict | None = None
        self.new: dict = {}
        self._saving = False

    def path(self) -> Path:
        return cache_root() / self.name

    def load(self) -> dict:
        if self.known is None:
            self.known = self._read()
        return self.known

    def _read(self) -> dict:
        import marshal

        try:
            with open(self.path(), "rb") as handle:
                if not owned_privately(os.fstat(handle.fileno())):
                    return {}
                stored, entries = marshal.loads(handle.read())
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        if stored == interpreter_tag() and isinstance(entries, dict):
            return entries
        return {}

    def get(self, key: object) -> object:
        return self.load().get(key) or self.new.get(key)

    def add(self, key: object, value: object) -> None:
        self.new[key] = value
        if not self._saving:
            self._saving = True
            import atexit

            atexit.register(self.save)

    def save(self) -> None:
        """Add the entries of this process to the file (nothing to do in most runs)."""
        if not self.new:
            return
        import marshal

        known = self.load()
        fits = len(known) + len(self.new) <= self.max_entries
        merged = {**known, **self.new} if fits else dict(self.new)
        try:
            write_private(self.path(), marshal.dumps((interpreter_tag(), merged)))
        except (OSError, ValueError):
            return  # a read-only cache: compiled again next time
        self.known = merged
        self.new.clear()
        for name in self.replaces:
            try:
                (cache_root() / name).unlink()
            except OSError:
                pass
