"""newslint's per-user cache folder (``NEWSLINT_CACHE_DIR`` overrides it)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    configured = os.environ.get("NEWSLINT_CACHE_DIR")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("newslint", appauthor=False))
