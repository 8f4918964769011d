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
from bisect import bisect_left, bisect_right
from functools import lru_cache
from pathlib import Path

#: wordfreq's languages written in the Latin alphabet. A name of the world's news is attested
#: in the language of its owner (``Salvini`` in Italian, ``Joong`` in Malay and Indonesian
#: lists); a slip of the keyboard is attested in none, or far below its model.
_OTHER = "ca cs da de en es fi fil hu id is it lt lv ms nb nl pl pt ro sh sk sl sv tr vi"
OTHER_LANGUAGES = tuple(_OTHER.split(" "))
#: Frequencies in the other languages are kept from this Zipf value up (a smaller table: the
#: rare tail of 26 lists is mostly noise and is never asked for).
OTHER_FLOOR = 2.0
#: Words made of letters, apostrophes and hyphens, in the Latin alphabet only.
_LATIN = re.compile(
    r"^[a-zà-ÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĵķĺļľŀłńņňŉŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷźżžșțə'’-]+$"
)


#: The word table shipped in the package, built by ``scripts/build_lexicon.py`` from
#: wordfreq's files (issue 13: building it on the first run took 30 s and 48 MB of cache).
TABLE = Path(__file__).resolve().parents[1] / "data" / "lexicon.bin"
_MAGIC = b"newslint-lexicon 1\n"


class _Table:
    """The shipped table: words sorted, in zlib-compressed blocks of a few hundred lines
    (``word<TAB>French<TAB>other``, Zipf frequencies in hundredths), and an index of each
    block's first word. Opening it reads the header and the index (about 100 KB, a few
    milliseconds); a look-up bisects the index and decompresses one block (tens of
    microseconds). Nothing is built on a user's machine and wordfreq is not imported."""

    def __init__(self, path: Path) -> None:
        import json
        import zlib

        with open(path, "rb") as handle:
            if handle.readline() != _MAGIC:
                raise ValueError(f"{path}: not a newslint word table")
            self.meta = json.loads(handle.readline())
            index = zlib.decompress(handle.read(self.meta["index"])).decode("utf-8")
            self.base = handle.tell()
        # Blocks are read with pread (no shared file position: safe in forked workers).
        self.path = path
        self.fd = os.open(path, os.O_RDONLY)
        self.firsts: list[str] = []
        self.places: list[tuple[int, int]] = []
        for line in index.splitlines():
            word, offset, length = line.split("\t")
            self.firsts.append(word)
            self.places.append((int(offset), int(length)))
        self._block = lru_cache(maxsize=512)(self._read_block)

    def _read_block(self, number: int) -> tuple[list[str], list[tuple[float, float]]]:
        import zlib

        offset, length = self.places[number]
        words: list[str] = []
        values: list[tuple[float, float]] = []
        data = os.pread(self.fd, length, self.base + offset)
        for line in zlib.decompress(data).decode("utf-8").splitlines():
            word, french, other = line.split("\t")
            words.append(word)
            values.append((int(french) / 100, int(other) / 100))
        return words, values

    def get(self, word: str) -> tuple[float, float]:
        number = bisect_right(self.firsts, word) - 1
        if number < 0:
            return (0.0, 0.0)
        words, values = self._block(number)
        position = bisect_left(words, word)
        if position < len(words) and words[position] == word:
            return values[position]
        return (0.0, 0.0)


def _table() -> _Table:
    global _TABLE
    if _TABLE is None:
        _TABLE = _Table(TABLE)
    return _TABLE


_TABLE: _Table | None = None


@lru_cache(maxsize=65536)
def _row(word: str) -> tuple[float, float]:
    return _table().get(word.lower().replace("’", "'"))


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


#: Names of countries and of their subdivisions (régions, départements, states, provinces),
#: in the original and in French, from the iso-codes project (ISO 3166-1 and 3166-2), built
#: by ``scripts/build_places.py``: maintained evidence of how a place is spelt.
PLACES = Path(__file__).resolve().parents[1] / "data" / "places.txt"
_PLACES: frozenset[str] | None = None


def is_place(word: str) -> bool:
    """Whether ``word`` is, case and accents aside, the name of a country or of one of its
    subdivisions (``Etats-Unis``, ``Seine-Saint-Denis``, ``Côtes-d'Armor``)."""
    global _PLACES
    if _PLACES is None:
        _PLACES = frozenset(
            fold(line) for line in PLACES.read_text(encoding="utf-8").splitlines() if line
        )
    return fold(word) in _PLACES
