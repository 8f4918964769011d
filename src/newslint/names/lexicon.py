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

_FREQUENCIES: dict[str, float] | None = None


def _frequencies() -> dict[str, float]:
    global _FREQUENCIES
    if _FREQUENCIES is None:
        from wordfreq import get_frequency_dict

        _FREQUENCIES = get_frequency_dict("fr", wordlist="best")
    return _FREQUENCIES


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """Zipf frequency (log10 of uses per billion words) of ``word`` in French; 0 if unknown.

    wordfreq splits compounds on hyphens, so a compound (``Saint-Loup``) is unknown as a
    whole: callers compare its parts.
    """
    value = _frequencies().get(word.lower().replace("’", "'"))
    if not value:
        return 0.0
    return round(math.log10(value * 1e9), 2)


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
