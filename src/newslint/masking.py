"""Spans of the checked text that are not prose: URLs, e-mails, handles, times, ratios...

Typography checks must never flag ``14:30``, ``http://``, ``lemonde.fr`` or ``:-)``. Like
Grammalecte's "processeur" stage, :func:`mask` replaces each such span with placeholders of
the same length (U+FFFC, the character that already stands for inline code), so offsets do
not move and a regex over the masked text cannot match inside them. Any check may use it,
and :func:`allowed` for the words an ``allow`` option exempts (brand names such as Yahoo!).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from newslint.lazyre import lazy
from newslint.segment import Span

#: What masked characters become; the same character stands for inline code in Markdown.
PLACEHOLDER = "\ufffc"

_TLD = r"(?:fr|com|org|net|info|eu|be|ch|ca|io|gouv|edu|gov|uk|de|es|it|tv|me|co|ly|app|dev)"
_FILE_EXTENSION = r"\.(?:sh|py|txt|md|pdf|docx?|xlsx?|csv|json|html?|jpe?g|png|gif|zip)\b"

#: (name, pattern, hints). Every match of a pattern contains one of its hints: a substring,
#: or a regex that starts with a literal character (the regex engine then scans for that
#: character, ten times faster than trying the pattern at every position). A text that holds
#: no hint is not searched: most drafts hold no URL, time or acronym at all.
_PATTERNS: tuple[tuple[str, re.Pattern[str], tuple[str | re.Pattern[str], ...]], ...] = (
    # Scheme URLs and bare www. addresses, up to the first space or closing mark; a final
    # sentence mark is prose (``voir https://x.fr.``), and so is a closing parenthesis that
    # closes nothing in the URL: ``(voir https://x.fr/page)`` ends at ``page``, while
    # ``https://fr.wikipedia.org/wiki/Paris_(France)`` keeps its own pair (as GitHub does).
    (
        "url",
        re.compile(
            r"\b(?:[a-zA-Z][a-zA-Z0-9+.-]*://|www\.|mailto:)"
            r"(?:[^\s<>«»“”\"()]|\([^\s<>«»“”\"()]*\)|\((?![^\s<>«»“”\"()]*\)))*"
            r"(?:[^\s<>«»“”\".,;:!?)\]()]|\([^\s<>«»“”\"()]*\))"
        ),
        ("://", "www.", "mailto:"),
    ),
    ("email", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"), ("@",)),
    # Domain names written in prose: lemonde.fr, Monde.fr, pic.twitter.com/PICNAME.
    (
        "domain",
        re.compile(rf"\b(?:[\w-]+\.)+{_TLD}\b(?:/[^\s«»“”\"]*[^\s«»“”\".,;:!?)\]])?"),
        (re.compile(rf"\.{_TLD}\b"),),
    ),
    ("handle", re.compile(r"(?<![\w@])[@#][A-Za-z_][\w]*"), ("@", "#")),
    # Times and ratios: 14:30, 14:30:05, 1:1000, Jean 3:16, score 2:1.
    (
        "time",
        re.compile(r"(?<![\w:])\d{1,4}:\d{1,4}(?::\d{2})?(?![\w:])"),
        (re.compile(r":(?<=\d:)\d"),),
    ),
    # Emoticons: :) :-( ;-) :D :P ^^ and the like.
    (
        "emoticon",
        re.compile(r"(?<![\w:])[:;=]-?[()DPp](?![\w)(])|\^\^|<3"),
        (re.compile(r":-?[()DPp]"), ";", "=", "^^", "<3"),
    ),
    # Paths and file names: ./run.sh, ../x, config.yaml.
    (
        "path",
        re.compile(r"(?<![\w.])\.{1,2}/[\w./-]+|\b[\w-]+" + _FILE_EXTENSION),
        ("./", re.compile(_FILE_EXTENSION)),
    ),
    # Dotted numbers that are not quantities: versions, IP addresses (3.17.8, 192.168.0.99).
    (
        "dotted",
        re.compile(r"(?<![\w.])v?\d+(?:\.\d+){2,}(?![\w.])"),
        (re.compile(r"\.(?<=\d\.)\d+\.\d"),),
    ),
    # Acronyms and abbreviations written with dots: U.S., N.B., A.N.P.E., J.-C.
    (
        "acronym",
        re.compile(r"(?<![\w.])(?:[A-Z]\.-?){2,}|\bJ\.-C\.|(?<![\w.])[A-Za-z]\.[a-z]\."),
        (re.compile(r"\.(?<=[A-Za-z]\.)-?[A-Za-z]\."),),
    ),
)


_THOUSANDS = lazy(r"\d{1,3}(?:\.\d{3})+")


def nonprose_spans(text: str) -> list[Span]:
    """Sorted, non-overlapping spans of ``text`` that are not prose."""
    return list(_spans(text))


def _holds(text: str, hints: tuple[str | re.Pattern[str], ...]) -> bool:
    return any(hint in text if isinstance(hint, str) else hint.search(text) for hint in hints)


@lru_cache(maxsize=16)
def _spans(text: str) -> tuple[Span, ...]:
    found: list[tuple[int, int]] = []
    for name, pattern, hints in _PATTERNS:
        if not _holds(text, hints):
            continue
        for match in pattern.finditer(text):
            if name == "dotted" and _THOUSANDS.fullmatch(match.group(0)):
                continue  # 200.000.000 is a number grouped the English way, checked as such
            if match.end() > match.start():
                found.append((match.start(), match.end()))
    index = text.find(PLACEHOLDER)
    while index >= 0:
        found.append((index, index + 1))
        index = text.find(PLACEHOLDER, index + 1)
    if not found:
        return ()
    found.sort()
    merged: list[list[int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple(Span(start, end) for start, end in merged)


def allowed(words: list[str], text: str) -> Callable[[int], bool]:
    """Whether an offset of ``text`` falls inside one of ``words``: the ``allow`` option of
    the checks that let brand names keep a mark (``Yahoo!``)."""
    spans = [
        (m.start(), m.end())
        for word in words
        if word in text
        for m in re.finditer(re.escape(word), text)
    ]
    return lambda index: any(start <= index < end for start, end in spans)


@lru_cache(maxsize=16)
def mask(text: str) -> str:
    """``text`` with every non-prose span replaced by placeholders of the same length."""
    spans = _spans(text)
    if not spans:
        return text
    parts: list[str] = []
    cursor = 0
    for span in spans:
        parts.append(text[cursor : span.start])
        # Keep line breaks so line-based checks still see the lines.
        parts.append("".join(c if c == "\n" else PLACEHOLDER for c in text[span.start : span.end]))
        cursor = span.end
    parts.append(text[cursor:])
    return "".join(parts)
