"""How common a word is in French, from wordfreq's offline word lists.

wordfreq (https://github.com/rspeer/wordfreq) ships frequencies for French built from
Wikipedia, subtitles, news, books and the web. A form that is frequent there is an attested
word or name (``Franck``, ``Philippot``, ``Russes``); a misspelling of a name almost never is
(``Baiden``, ``Farnce``). The list is lowercase, so it says nothing about capitals.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

_TABLE = None

#: wordfreq's languages written in the Latin alphabet. A name of the world's news is attested
#: in the language of its owner (``Salvini`` in Italian, ``Joong`` in Malay and Indonesian
#: lists); a slip of the keyboard is attested in none, or far below its model.
_OTHER = "ca cs da de en es fi fil hu id is it lt lv ms nb nl pl pt ro sh sk sl sv tr vi"
OTHER_LANGUAGES = tuple(_OTHER.split(" "))
#: Frequencies in the other languages are kept from this Zipf value up (a smaller table: the
#: rare tail of 26 lists is mostly noise and is never asked for).
OTHER_FLOOR = 2.0
#: Bumped when the table's layout changes, so an old cache file is not read.
_SCHEMA = 2
#: Words made of letters, apostrophes and hyphens, in the Latin alphabet only.
_LATIN = re.compile(
    r"^[a-zà-ÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĵķĺļľŀłńņňŉŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷźżžșțə'’-]+$"
)


def _table():
    """The word lists as an indexed SQLite table in the user cache, built once from wordfreq.

    Importing wordfreq and loading its full French dictionary costs most of a second; a
    one-word lookup in the cached table costs microseconds, so a pre-commit run on one small
    draft stays fast. The file name carries wordfreq's version, so an upgrade rebuilds it.
    """
    global _TABLE
    if _TABLE is None or _TABLE[0] != os.getpid():
        import sqlite3
        from importlib.util import find_spec

        from newslint.cachedir import cache_root

        # Keyed on wordfreq's French data file itself (cheaper than importlib.metadata).
        data = Path(find_spec("wordfreq").origin).parent / "data" / "large_fr.msgpack.gz"
        # Content, not modification time: every virtual environment installing the same
        # wordfreq shares one table instead of building its own (30 s, 50 MB each).
        stamp = f"{data.stat().st_size}-{_checksum(data)}" if data.is_file() else "0"
        path = cache_root() / "lexicon" / f"wordfreq-fr-v{_SCHEMA}-{stamp}.sqlite"
        if not path.is_file():
            _build(path)
        table = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        # One read transaction for the life of the process: outside one, every query takes
        # and drops the file lock and checks the file for changes, 20 µs instead of 2. The
        # table is never written once built (a new one replaces the file).
        table.execute("BEGIN")
        # Per process: a connection must not be used across fork() (sqlite.org/howtocorrupt),
        # and worker processes fork from a parent that may have opened it.
        _TABLE = (os.getpid(), table)
    return _TABLE[1]


def _build(path) -> None:
    """One row per word: its Zipf frequency in French and the highest in another language.

    Read with wordfreq's ``read_cBpack`` (bin *i* holds the words of frequency 10^(-i/100),
    Zipf 9 - i/100, exactly what ``get_frequency_dict`` returns), which takes a fraction of
    a second per list where ``get_frequency_dict`` takes seconds.
    """
    import os
    import sqlite3
    import tempfile

    from wordfreq import available_languages, read_cBpack

    files = available_languages(wordlist="best")
    french: dict[str, float] = {}
    for index, words in enumerate(read_cBpack(files["fr"])):
        for word in words:
            french.setdefault(word, round(9 - index / 100, 2))
    other: dict[str, float] = {}
    last_bin = round((9 - OTHER_FLOOR) * 100)
    for language in OTHER_LANGUAGES:
        if language not in files:
            continue
        for index, words in enumerate(read_cBpack(files[language])[: last_bin + 1]):
            value = round(9 - index / 100, 2)
            for word in words:
                if value > other.get(word, 0.0) and _LATIN.match(word):
                    other[word] = value
    from newslint.cachedir import private_dir

    private_dir(path.parent)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        connection.execute(
            "CREATE TABLE words (word TEXT PRIMARY KEY, zipf REAL, other REAL) WITHOUT ROWID"
        )
        connection.executemany(
            "INSERT INTO words VALUES (?, ?, ?)",
            (
                (word, french.get(word, 0.0), other.get(word, 0.0))
                for word in french.keys() | other.keys()
            ),
        )
        connection.commit()
        connection.close()
        os.replace(temporary, path)  # atomic: concurrent runs never see a half-built table
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    _prune(path)


def _checksum(data: Path) -> str:
    import zlib

    return f"{zlib.crc32(data.read_bytes()):08x}"


def _prune(current: Path) -> None:
    """Remove tables an earlier wordfreq or schema built, and builds left half-done an hour
    ago or more (a killed run): the cache keeps one table. A process still reading a removed
    table keeps its open file."""
    import time

    for old in current.parent.iterdir():
        if old == current:
            continue
        stale = old.suffix == ".sqlite" and old.name.startswith("wordfreq")
        abandoned = ".tmp" in old.suffixes or old.name.endswith(".tmp-journal")
        try:
            if stale or (abandoned and time.time() - old.stat().st_mtime > 3600):
                old.unlink()
        except OSError:
            pass


@lru_cache(maxsize=65536)
def _row(word: str) -> tuple[float, float]:
    row = (
        _table()
        .execute("SELECT zipf, other FROM words WHERE word = ?", (word.lower().replace("’", "'"),))
        .fetchone()
    )
    return (row[0], row[1]) if row else (0.0, 0.0)


def zipf(word: str) -> float:
    """Zipf frequency (log10 of uses per billion words) of ``word`` in French; 0 if unknown.

    wordfreq splits compounds on hyphens, so a compound (``Saint-Loup``) is unknown as a
    whole: callers compare its parts.
    """
    return _row(word)[0]


def other_zipf(word: str) -> float:
    """The highest Zipf frequency of ``word`` in another Latin-alphabet language of wordfreq
    (:data:`OTHER_LANGUAGES`); 0 if unknown or below :data:`OTHER_FLOOR`."""
    return _row(word)[1]


#: Every capitalised form of every draft is folded once: a run over a large corpus would fill
#: a larger cache with names seen once (about 200 bytes each).
@lru_cache(maxsize=16384)
def fold(word: str) -> str:
    """Case, accents and ligatures removed: ``Éric`` -> ``eric``, ``Schœlcher`` -> ``schoelcher``."""
    if word.isascii():
        return word.lower()  # nothing to decompose or replace
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
