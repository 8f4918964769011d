"""How common a word is in French, from wordfreq's offline word lists.

wordfreq (https://github.com/rspeer/wordfreq) ships frequencies for French built from
Wikipedia, subtitles, news, books and the web. A form that is frequent there is an attested
word or name (``Franck``, ``Philippot``, ``Russes``); a misspelling of a name almost never is
(``Baiden``, ``Farnce``). The list is lowercase, so it says nothing about capitals.
"""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache
from pathlib import Path

_TABLE = None


def _table():
    """The word list as an indexed SQLite table in the user cache, built once from wordfreq.

    Importing wordfreq and loading its full French dictionary costs most of a second; a
    one-word lookup in the cached table costs microseconds, so a pre-commit run on one small
    draft stays fast. The file name carries wordfreq's version, so an upgrade rebuilds it.
    """
    global _TABLE
    if _TABLE is None:
        import sqlite3
        from importlib.util import find_spec

        from newslint.cachedir import cache_root

        # Keyed on wordfreq's French data file itself (cheaper than importlib.metadata).
        data = Path(find_spec("wordfreq").origin).parent / "data" / "large_fr.msgpack.gz"
        stamp = f"{data.stat().st_size}-{int(data.stat().st_mtime)}" if data.is_file() else "0"
        path = cache_root() / "lexicon" / f"wordfreq-fr-{stamp}.sqlite"
        if not path.is_file():
            _build(path)
        _TABLE = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    return _TABLE


def _build(path) -> None:
    import os
    import sqlite3
    import tempfile

    from wordfreq import get_frequency_dict

    frequencies = get_frequency_dict("fr", wordlist="best")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        connection.execute("CREATE TABLE words (word TEXT PRIMARY KEY, zipf REAL) WITHOUT ROWID")
        connection.executemany(
            "INSERT OR REPLACE INTO words VALUES (?, ?)",
            ((word, round(math.log10(value * 1e9), 2)) for word, value in frequencies.items() if value),
        )
        connection.commit()
        connection.close()
        os.replace(temporary, path)  # atomic: concurrent runs never see a half-built table
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """Zipf frequency (log10 of uses per billion words) of ``word`` in French; 0 if unknown.

    wordfreq splits compounds on hyphens, so a compound (``Saint-Loup``) is unknown as a
    whole: callers compare its parts.
    """
    row = _table().execute(
        "SELECT zipf FROM words WHERE word = ?", (word.lower().replace("’", "'"),)
    ).fetchone()
    return row[0] if row else 0.0


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Case, accents and ligatures removed: ``Éric`` -> ``eric``, ``Schœlcher`` -> ``schoelcher``."""
    word = word.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    word = word.replace("’", "'")
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=65536)
def unligature(word: str) -> str:
    """Only ligatures and apostrophes normalised: ``Schœlcher`` == ``Schoelcher`` typographically."""
    return (
        word.replace("œ", "oe")
        .replace("Œ", "Oe")
        .replace("æ", "ae")
        .replace("Æ", "Ae")
        .replace("’", "'")
    )
