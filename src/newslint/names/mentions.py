"""Proper-name mentions in a document's checked text, with exact spans.

A *mention* is a capitalised word of the prose (``Biden``, ``Jean-Luc``, ``OTAN``,
``Sables-d'Olonne``), its span starting after an elided article (``d’Ouchakov`` ->
``Ouchakov``, ``l’OTAN`` -> ``OTAN``) or a lower-case prefix (``pro-Trump`` -> ``Trump``).

A capital proves nothing at the start of a sentence, of a quotation or in a headline
(``Selon``, ``Leave a Comment``): such a word is *weak* and counts as a name only if the same
form is also written capitalised mid-sentence, or if it is not a common French word.
Consecutive mentions (with particles such as ``de``, ``van``, ``al``) form *runs*, from
which the registry check takes multi-word names (``Jen Psaki``).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from newslint.classcache import dataclass
from newslint.documents.model import Document
from newslint.french import ELIDED, ELIDED_BEFORE_NAMES, alternation, capitalised
from newslint.lazyre import lazy
from newslint.names.lexicon import zipf
from newslint.segment import ABBREVIATIONS

#: A word with its inner hyphens and apostrophes: ``Jean-Luc``, ``Crac'h``, ``Covid-19``.
_TOKEN = lazy(r"[^\W\d_][^\W_]*(?:[-'’][^\W_]+)*")
_ELISION = lazy(
    "(?:" + alternation(ELIDED) + "|" + capitalised(ELIDED_BEFORE_NAMES) + r")['’](?=[^\W\d_])"
)
#: Marks that open a sentence-like unit: the word after them may be capitalised for that.
_OPENERS = set('«“"‹([—–-•*')
_ENDERS = set(".!?…:;")
#: Lower-case words that belong inside a multi-word name.
_PARTICLE_WORDS = (
    "de du des d' d’ la le les van von der den ter al el ben bin ibn di da dos das del della y"
)
PARTICLES = frozenset(_PARTICLE_WORDS.split())
_HEADLINE_END = set('.!?…:;»"”)')
#: Handles, hashtags, web and mail addresses: identifiers written as their owner registered
#: them (``@CCastaner``, ``#MeToo``, ``www.LeMonde.fr``), not the prose spelling of a name.
_IDENTIFIER = lazy(
    r"(?<![\w@#])[@#][^\W_][\w.]*|\b(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
#: A line this short without final punctuation reads as a headline or page furniture.
#: Its first word is weak like any sentence's; all of them are if it is in Title Case.
HEADLINE_MAX = 160


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a name in a draft: its form, span and whether it is weak."""

    start: int
    end: int
    form: str
    #: Capitalised only because of its position (sentence start, headline, quotation start).
    weak: bool = False
    #: Written after an elided article or a lower-case prefix (``d’Ouchakov``, ``pro-Trump``).
    attached: bool = False

    @property
    def acronym(self) -> bool:
        return self.form.isupper() and len(self.form) > 1


@dataclass
class Mentions:
    """Every capitalised word of a document, and which of them count as names."""

    names: list[Mention]
    #: Runs of consecutive capitalised words (particles included as plain strings), for
    #: multi-word names: a weak word counts there (``Vladimir Putin`` at a sentence start).
    runs: list[list[Mention | str]]


#: From a character that may be a capital to the end of its word. Exact capitals up to U+00FF;
#: beyond, every character but general punctuation and currency signs (’, —, €), so that the
#: class stays small: :func:`capitalised_forms` sorts out the rest. Written as the complement
#: (``[^\x00-@[-¿×ß-ÿ\u2000-\u20ff]`` = ``[A-ZÀ-ÖØ-Þ\u0100-\u1fff\u2100-\U0010ffff]``, the
#: same set, tested): ``re`` compiles it in 0.6 ms instead of 15, at every start.
_FROM_CAPITAL = lazy(r"[^\x00-\x40\x5b-\xbf\xd7\xdf-\xff\u2000-\u20ff][^\W_]*(?:[-'’][^\W_]+)*")


def capitalised_forms(text: str) -> set[str]:
    """Every string that can be the form of a mention in ``text``, and a few more.

    A mention's form runs from a capital that no letter precedes (a word's first letter, or
    the one after an elision or a hyphen) to the end of its word. One scan finds the first
    such capital of each word; the others, inside words that hold an apostrophe, a hyphen, a
    digit or a non-Latin letter, are looked for in Python. Checking whether two of these
    strings are variants is far cheaper than :func:`find_mentions`, which is needed only if
    some are.
    """
    found: set[str] = set()
    for word in set(_FROM_CAPITAL.findall(text)):
        if word[0].isupper():
            found.add(word)
            if word.isalpha():
                continue  # « Biden »: no other capital can start a form inside it
        for k in range(1, len(word)):
            if word[k].isupper() and not word[k - 1].isalpha():
                found.add(word[k:])  # « L'Express » -> « Express », « pro-Trump » -> « Trump »
    return found


def _headline_blocks(document: Document) -> list[tuple[int, int]]:
    """Headlines and page furniture written in Title Case (``Leave a Comment``).

    French headlines capitalise only their first word, which is weak anyway; a line that
    capitalises most of its words says nothing about names.
    """
    spans = []
    text = document.text
    for block in document.blocks:
        chunk = text[block.start : block.end].rstrip()
        if block.kind != "heading" and not (
            chunk
            and "\n" not in chunk
            and len(chunk) <= HEADLINE_MAX
            and chunk[-1] not in _HEADLINE_END
        ):
            continue
        words = [w for w in _TOKEN.findall(chunk) if len(w) >= 4]
        if len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.6 * len(words):
            spans.append((block.start, block.end))
    return spans


def _initial(text: str, start: int, block_start: int) -> bool:
    """Whether the word at ``start`` is first in its sentence, quotation or block."""
    j = start - 1
    while j >= block_start and (text[j].isspace() or text[j] in _OPENERS):
        if text[j] in _OPENERS and not text[j].isspace():
            return True
        j -= 1
    if j < block_start:
        return True
    char = text[j]
    if char not in _ENDERS:
        return False
    if char == ".":
        word = re.search(r"([\w.\-]+)\.$", text[max(block_start, j - 12) : j + 1])
        if word:
            token = word.group(1)
            if token in ABBREVIATIONS or (len(token) == 1 and token.isupper()):
                return False  # « M. Biden », « J. Biden »
    return True


def find_mentions(document: Document, weak_zipf: float = 3.5) -> Mentions:
    """Capitalised words of ``document`` that count as names, and their runs.

    Only the words that hold a capital are looked at (:data:`_FROM_CAPITAL` finds them, with
    the word's start found back from the capital), not every word of the text.
    """
    text = document.text
    block_starts = [block.start for block in document.blocks]
    headlines = _headline_blocks(document)
    headline_starts = [start for start, _ in headlines]
    candidates: list[Mention] = []
    #: Each candidate's word start, with the candidate, or None for ``pro-Trump``, which
    #: ends a run like any other word.
    words: list[tuple[int, Mention | None]] = []
    identifiers = _identifiers(text)
    for capital in _FROM_CAPITAL.finditer(text):
        match = _TOKEN.search(text, _word_start(text, capital.start()), capital.end())
        if match is None:
            continue
        start, end = match.span()
        token = match.group()
        if token[0].islower() and "'" not in token and "’" not in token and "-" not in token:
            continue  # « iPhone »: a capital inside a word
        if identifiers and _inside(identifiers, start):
            continue
        elided = _ELISION.match(token)
        if elided:
            start += elided.end()
        prefixed = False
        if not text[start].isupper():
            # ``pro-Trump``, ``ex-Union``: the name starts at the first capitalised part.
            offset = text.find("-", start, end)
            while offset != -1 and not text[offset + 1 : offset + 2].isupper():
                offset = text.find("-", offset + 1, end)
            if offset == -1:
                continue
            start, prefixed = offset + 1, True
        if end - start < 2:
            continue
        k = bisect_right(block_starts, start) - 1
        block_start = document.blocks[k].start if k >= 0 else 0
        h = bisect_right(headline_starts, start) - 1
        in_headline = h >= 0 and headlines[h][0] <= start < headlines[h][1]
        weak = in_headline or (
            not elided and not prefixed and _initial(text, match.start(), block_start)
        )
        attached = bool(elided) or prefixed
        mention = Mention(start, end, text[start:end], weak, attached)
        candidates.append(mention)
        words.append((match.start(), None if prefixed else mention))
    strong = {m.form for m in candidates if not m.weak}
    names = [
        m
        for m in candidates
        if not m.weak
        or m.form in strong
        or m.acronym
        or (zipf(m.form) < weak_zipf and not _lower_tail(m.form))
    ]
    return Mentions(names, _runs(text, words))


def _word_start(text: str, offset: int) -> int:
    """Where the word holding ``offset`` starts its run of letters, digits and inner hyphens
    or apostrophes (the word itself starts at the run's first letter)."""
    if not text[offset].isalnum():
        return offset + 1  # a sign such as « ™ » before the word
    while offset > 0:
        if text[offset - 1].isalnum():
            offset -= 1
        elif text[offset - 1] in "-'’" and offset >= 2 and text[offset - 2].isalnum():
            offset -= 2
        else:
            break
    return offset


def _identifiers(text: str) -> list[tuple[int, int]]:
    """Spans of handles, hashtags and addresses (the search is skipped when none can occur)."""
    if "@" not in text and "#" not in text and "www." not in text and "://" not in text:
        return []
    return [match.span() for match in _IDENTIFIER.finditer(text)]


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    k = bisect_right(spans, (offset, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= offset < spans[k][1]


def _lower_tail(form: str) -> bool:
    """``Avez-vous``, ``Peut-être``: a verb or adverb at a sentence start, not a compound name
    (whose last part is capitalised: ``Jean-Luc``, ``Ille-et-Vilaine``)."""
    return "-" in form and form.rsplit("-", 1)[1][:1].islower()


#: Between two names of one run: spaces, and at most two particles (``Charles de Gaulle``).
_JOIN = r"[ \u00a0\u202f]+(?:(?:{})[ \u00a0\u202f]+){{0,2}}".format(
    "|".join(sorted(p for p in PARTICLES if p.isalpha()))
)


def _runs(text: str, words: list[tuple[int, Mention | None]]) -> list[list]:
    """Group names separated only by spaces, or by particles (``Charles de Gaulle``)."""
    runs: list[list] = []
    current: list = []
    for start, mention in words:
        if mention is None:
            if current:
                runs.append(current)
            current = []
            continue
        if current:
            gap = text[current[-1].end : start]
            if re.fullmatch(_JOIN, gap):
                current.extend(gap.split())
                current.append(mention)
                continue
            runs.append(current)
        current = [mention]
    if current:
        runs.append(current)
    return runs
