"""Paragraphs, sentences, words and quotation spans of a document's checked text.

Everything here returns offsets into ``Document.text``; nothing is copied or normalised, so a
check can report any span it finds exactly.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache

from newslint.classcache import dataclass
from newslint.documents.model import Document
from newslint.lazyre import lazy
from newslint.quotemarks import (
    GUILLEMET_CONTINUATION,
    LENIENT_CLOSERS,
    LENIENT_OPENERS,
    LENIENT_STRAIGHT,
    MARKS,
)

# Abbreviations after which a full stop does not end a French sentence (Lexique des règles
# typographiques en usage à l'Imprimerie nationale, "abréviations").
ABBREVIATIONS = frozenset(
    """M MM Mme Mmes Mlle Mlles Me Mgr Dr Pr St Ste Sts etc cf Cf p pp vol éd env
    av apr J.-C n° no art al chap fig tél ex hab min max sq Jr Sr Mr Mrs Ms Inc Ltd Co Corp
    Gal Gén Col Cdt Lt Sgt Cne Adj Vve Bd bd av. Av Ave Bros Cie""".split()
)

#: A word: a letter, then letters, digits and combining accents, with ``-``, ``'`` or ``’``
#: allowed between two of them (« l’été », « porte-parole »). Written as runs of one class
#: rather than an alternation repeated per character: the same matches, in half the time.
WORD = lazy(r"[^\W\d_][\w\u0300-\u036f]*(?:[-'’](?=\w)[\w\u0300-\u036f]*)*", re.UNICODE)

_SENTENCE_END = lazy(r"[.!?…]+[»”\"’)\]]*(?=\s+|$)")
_NEXT_START = lazy(r"\s+[«“\"(\[—–-]?\s*[\w\d]")


@dataclass(frozen=True)
class Span:
    """A stretch of the checked text (paragraph, sentence, quotation): ``text[start:end]``."""

    start: int
    end: int


def paragraphs(document: Document) -> list[Span]:
    return [Span(block.start, block.end) for block in document.blocks]


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Split ``text[start:end]`` into sentences.

    A full stop after an abbreviation (``M.``, ``Mme``, ``etc.``), an initial (``J. K.``) or
    inside a number (``3,5``, ``1.200``) does not end a sentence; a line break between two
    lines of a paragraph does not either, but a blank line does.
    """
    end = len(text) if end is None else end
    spans: list[Span] = []
    sentence_start = _skip_space(text, start, end)
    for match in _SENTENCE_END.finditer(text, start, end):
        stop = match.end()
        if not _ends_sentence(text, match.start(), stop, end):
            continue
        if stop > sentence_start:
            spans.append(Span(sentence_start, stop))
        sentence_start = _skip_space(text, stop, end)
    tail_end = end
    while tail_end > sentence_start and text[tail_end - 1].isspace():
        tail_end -= 1
    if tail_end > sentence_start:
        spans.append(Span(sentence_start, tail_end))
    return spans


def _skip_space(text: str, position: int, end: int) -> int:
    while position < end and text[position].isspace():
        position += 1
    return position


def _ends_sentence(text: str, mark: int, stop: int, end: int) -> bool:
    if text[mark] == ".":
        word = re.search(r"([\w.\-]+)$", text[max(0, mark - 12) : mark])
        if word:
            token = word.group(1)
            if token in ABBREVIATIONS or token.rstrip(".") in ABBREVIATIONS:
                return False
            if len(token) == 1 and token.isupper():
                return False  # an initial: J. K. Rowling
            if re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", token):
                return False  # U.S.A.
    if stop >= end:
        return True
    following = _NEXT_START.match(text, stop)
    if not following:
        return False
    letter = text[following.end() - 1]
    # A lower-case word after "!" or "?" continues the sentence ("Quoi ? dit-il").
    return not letter.islower()


def words(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    return WORD.finditer(text, start, len(text) if end is None else end)


def quote_spans(text: str) -> list[Span]:
    """Spans of quoted speech (marks included), found by a stack over « », “ ”, ‹ ›, „ and ".

    This is the lenient reading other checks use to skip quoted speech; the ``quotes`` check
    reports the pairing problems themselves. Which marks it reads, and how that differs
    from the quote checks, is :mod:`newslint.quotemarks`'s to say.
    """
    return _quote_spans(text)


#: The only characters the quote-span stack reacts to: marks, and a line break followed by
#: another (a blank line). One ``finditer`` visits them, not every character; the pattern is
#: a single class first so the regex engine skips ahead to candidates.
_QUOTE_EVENT = lazy(
    "[" + "".join(LENIENT_OPENERS) + LENIENT_CLOSERS + LENIENT_STRAIGHT + "\n](?<!\n(?!\n))"
)
#: Continuation marks a paragraph may open with and that the stack then skips.
_CONTINUES = tuple(
    g for g in GUILLEMET_CONTINUATION if g in LENIENT_CLOSERS + "".join(LENIENT_OPENERS)
)


@lru_cache(maxsize=8)
def _quote_spans(text: str) -> list[Span]:
    spans: list[Span] = []
    stack: list[tuple[str, int]] = []
    straight_open: int | None = None
    continuation = -1  # a paragraph's leading « or » that continues an open quotation
    for event in _QUOTE_EVENT.finditer(text):
        index = event.start()
        if index == continuation:
            continue
        char = event.group()
        if stack and char == stack[-1][0]:
            # The awaited closing mark, before any other reading: “ closes „ (it would
            # otherwise open a quotation of its own, and „Ja“ was never quoted).
            _, opened = stack.pop()
            if not stack:
                spans.append(Span(opened, index + 1))
        elif char in LENIENT_OPENERS:
            stack.append((LENIENT_OPENERS[char], index))
        elif char in LENIENT_CLOSERS and stack:
            # Mismatched closing mark: close the innermost quotation anyway.
            _, opened = stack.pop()
            if not stack:
                spans.append(Span(opened, index + 1))
        elif char in LENIENT_STRAIGHT and not stack:
            if straight_open is None:
                straight_open = index
            else:
                spans.append(Span(straight_open, index + 1))
                straight_open = None
        elif char == "\n":
            # A quotation never silently runs across a blank line in this lenient reading,
            # unless the next paragraph continues it (« repeated, the guillemet de suite »,
            # a dialogue dash, or a repeated straight quote in wire copy).
            lead = text[index + 2 : index + 3]
            if stack and lead not in GUILLEMET_CONTINUATION:
                _, opened = stack[0]
                spans.append(Span(opened, index))
                stack.clear()
            elif stack and lead in _CONTINUES:
                continuation = index + 2
            if straight_open is not None and lead in MARKS[LENIENT_STRAIGHT].continued_by:
                continuation = index + 2
            else:
                straight_open = None
    return sorted(spans, key=lambda span: span.start)


#: ``inside`` bisects the starts of the last span list it saw (quote spans are cached per
#: text, so the linter and the checks ask about the same list many times in a row).
_starts_of: tuple[list[Span] | None, list[int]] = (None, [])


def inside(spans: list[Span], position: int) -> bool:
    """Whether ``position`` falls inside one of ``spans`` (sorted by start)."""
    global _starts_of
    cached, starts = _starts_of
    if cached is not spans or len(starts) != len(spans):
        starts = [span.start for span in spans]
        _starts_of = (spans, starts)
    k = bisect_right(starts, position) - 1
    return k >= 0 and spans[k].start <= position < spans[k].end
