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
