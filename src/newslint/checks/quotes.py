"""Kinds ``quote-pairing`` and ``quote-style``: quotation marks that do not pair, and marks
that break the house style (English or straight quotes in French copy, straight apostrophes).

Both read one :func:`pairing` of the document: a stack of open quotations kept across
paragraphs, which understands French conventions (« » with inner spaces, nested “ ” or ‹ ›,
quotations that run over several paragraphs by either convention) and never takes an
apostrophe (``l’Ukraine``, ``O’Brien``, ``d’« huile »``) for a closing quote. The marks
and their properties come from :mod:`newslint.quotemarks` (the *strict* reading there).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import field
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Literal

from newslint.checks import Context, register
from newslint.classcache import dataclass
from newslint.findings import Edit, Finding, Fix, Severity
from newslint.french import NBSP, NNBSP, SPACES
from newslint.lazyre import lazy
from newslint.masking import mask
from newslint.options import options_class
from newslint.quotemarks import (
    AFTER_CLOSING,
    BEFORE_OPENING,
    CARRIED,
    CLOSER,
    CONTINUATION_MARKS,
    GUILLEMET_CONTINUATION,
    SELF_CONTINUED,
    STANDS_FOR,
    STRICT_CLOSERS_NOT_APOSTROPHE,
    STRICT_MARKS,
    STRICT_OPENERS_NOT_APOSTROPHE,
    name,
)

if TYPE_CHECKING:
    from newslint.documents.model import Document

OPENERS = set(CLOSER)
#: Quotations nested deeper than this are reported once (one finding at the first mark that
#: opens deeper) and not one by one: a draft has three levels at most, and a run of 10,000
#: « made one finding per level (issue 21).
MAX_DEPTH = 6


@dataclass(frozen=True, slots=True)
class Pair:
    """A quotation: marks at ``open`` and ``close`` (text offsets), nesting ``depth`` (1: top)."""

    open: int
    close: int
    open_mark: str
    close_mark: str
    depth: int
    #: Both marks stand where their role is unambiguous, in one paragraph, and match.
    certain: bool
    #: The closing mark is the one the opening mark calls for.
    matched: bool = True


@dataclass(frozen=True, slots=True)
class Problem:
    """One quotation-mark problem found while pairing."""

    start: int
    end: int
    message: str
    #: mismatch, unclosed, unopened or reversed (a mark turned the wrong way).
    kind: str = "unpaired"
    #: The partner may lie outside the text: no quotation mark after an unclosed opener,
    #: none before an unopened closer. An excerpt may legitimately look like this.
    edge: bool = False


@dataclass
class Pairing:
    """The quotation marks of a text, paired, with the problems found."""

    pairs: list[Pair] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _is_space(char: str) -> bool:
    return char == "" or char in SPACES or char == "\n"


def _before(text: str, index: int) -> str:
    return text[index - 1] if index > 0 else ""


def _after(text: str, index: int) -> str:
    return text[index + 1] if index + 1 < len(text) else ""


def _opens_here(text: str, index: int) -> bool:
    """The mark stands where a quotation opens: after a space or bracket, before a word."""
    before, after = _before(text, index), _after(text, index)
    return (
        (_is_space(before) or before in BEFORE_OPENING)
        and not _is_space(after)
        and after not in ".,;:!?)]}"
    )


def _closes_here(text: str, index: int) -> bool:
    """The mark stands where a quotation closes: after a word or mark, before a space or sign."""
    before, after = _before(text, index), _after(text, index)
    return not _is_space(before) and (_is_space(after) or after in AFTER_CLOSING)


#: What the pairing loop looks at: the quotation marks, and exactly two apostrophes typed
#: for a double quote (three or more are something else). Found once per text with
#: ``finditer`` instead of a loop over every character.
_MARK = lazy("[" + STRICT_MARKS + "]")
_TWO_APOSTROPHES = lazy("(?<!')''(?!')")


def _marks(masked: str) -> tuple[list[int], list[str]]:
    """Offsets and glyphs (``''`` for two apostrophes) of the marks, in text order."""
    found = [(m.start(), m.group()) for m in _MARK.finditer(masked)]
    if "''" in masked:
        found.extend((m.start(), "''") for m in _TWO_APOSTROPHES.finditer(masked))
        found.sort()
    return [index for index, _ in found], [char for _, char in found]


@dataclass(slots=True)
class _Open:
    """A quotation mark still waiting for its closing mark."""

    mark: str  # the glyph as written
    kind: str  # the opening glyph it stands for ("”" used as an opener stands for "“")
    index: int
    block: int
    certain: bool
    #: Set when the mark is turned the wrong way (reported with its partner, if any).
    wrong: str = ""
    #: Length of the mark in the text ('' written for ").
    width: int = 1


class _Stack:
    """The open quotations, innermost last, with counts that answer the pairing loop's
    questions without walking the stack: every step is constant time (amortised), so
    pairing stays linear however deep the marks nest (issue 21: mixed « “ ‘ runs took
    quadratic time)."""

    def __init__(self) -> None:
        self.entries: list[_Open] = []
        self._kinds: Counter = Counter()
        self._marks: Counter = Counter()
        #: Closing mark -> stack positions of the quotations it closes, innermost last.
        self._awaiting: dict[str, list[int]] = {}
        #: The lowest height since :meth:`start_paragraph`: entries below it are older.
        self.low = 0

    def __len__(self) -> int:
        return len(self.entries)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def top(self) -> _Open | None:
        return self.entries[-1] if self.entries else None

    def push(self, entry: _Open) -> None:
        self._awaiting.setdefault(CLOSER[entry.kind], []).append(len(self.entries))
        self.entries.append(entry)
        self._kinds[entry.kind] += 1
        self._marks[entry.mark] += 1

    def pop(self) -> _Open:
        entry = self.entries.pop()
        self._awaiting[CLOSER[entry.kind]].pop()
        self._kinds[entry.kind] -= 1
        self._marks[entry.mark] -= 1
        self.low = min(self.low, len(self.entries))
        return entry

    def innermost(self, closing: str) -> int | None:
        """Position of the innermost quotation ``closing`` closes."""
        found = self._awaiting.get(closing)
        return found[-1] if found else None

    def all_kind(self, kind: str) -> bool:
        return self._kinds[kind] == len(self.entries)

    def all_mark(self, mark: str) -> bool:
        return self._marks[mark] == len(self.entries)

    def start_paragraph(self) -> None:
        self.low = len(self.entries)

    def recent(self) -> list[_Open]:
        """Pop the entries pushed since the paragraph started, outermost first (the older
        ones are all carried marks: each paragraph's end keeps only those)."""
        taken = [self.pop() for _ in range(len(self.entries) - self.low)]
        taken.reverse()
        return taken


def pairing(text: str, blocks: list[tuple[int, int]]) -> Pairing:
    """Pair the quotation marks of ``text``, paragraph by paragraph (``blocks``)."""
    return _pairing(text, tuple(blocks))


@lru_cache(maxsize=8)
def _pairing(text: str, blocks: tuple[tuple[int, int], ...]) -> Pairing:
    result = Pairing()
    masked = mask(text)
    stack = _Stack()
    positions, glyphs = _marks(masked)
    too_deep = False

    # str.find/rfind per mark, not a scan of every character (issue 8).
    first_opening = min(
        (at for at in map(masked.find, STRICT_OPENERS_NOT_APOSTROPHE) if at >= 0),
        default=len(masked),
    )
    last_closing = max(map(masked.rfind, STRICT_CLOSERS_NOT_APOSTROPHE))

    def unclosed(entry: _Open) -> None:
        if entry.wrong:
            result.problems.append(
                Problem(entry.index, entry.index + entry.width, entry.wrong, "reversed")
            )
            return
        edge = last_closing < entry.index + entry.width
        result.problems.append(
            Problem(
                entry.index,
                entry.index + entry.width,
                f"Guillemet jamais fermé : {name(entry.mark)}.",
                "unclosed",
                edge,
            )
        )

    def unopened(index: int, char: str) -> None:
        result.problems.append(
            Problem(
                index,
                index + 1,
                f"Guillemet fermant jamais ouvert : {name(char)}.",
                "unopened",
                index < first_opening,
            )
        )

    def close(entry: _Open, index: int, mark: str, certain: bool) -> None:
        expected = CLOSER[entry.kind]
        closing = STANDS_FOR.get(mark, mark)  # '' closes as " does
        if entry.wrong:
            result.problems.append(Problem(entry.index, index + 1, entry.wrong, "reversed"))
            certain = False
        elif closing != expected:
            shown = "''" if entry.width == 2 else entry.mark
            result.problems.append(
                Problem(
                    entry.index,
                    index + 1,
                    f"Guillemets incohérents : ouverts par « {shown} », fermés par « {mark} ».",
                    "mismatch",
                )
            )
            certain = False
        depth = len(stack) + 1
        # An entry that waited across a paragraph's start is no longer certain.
        certain = certain and entry.block == number
        result.pairs.append(
            Pair(
                entry.index,
                index,
                entry.mark,
                mark,
                depth,
                certain and entry.certain and entry.mark == entry.kind,
                closing == expected and entry.mark == entry.kind,
            )
        )

    def push(entry: _Open) -> None:
        nonlocal too_deep
        if len(stack) == MAX_DEPTH and not too_deep:
            too_deep = True
            result.problems.append(
                Problem(
                    entry.index,
                    entry.index + entry.width,
                    f"Guillemets imbriqués sur plus de {MAX_DEPTH} niveaux : "
                    "les niveaux plus profonds ne sont pas vérifiés un à un.",
                    "depth",
                )
            )
        stack.push(entry)

    number = 0
    for number, (start, end) in enumerate(blocks):
        # A new paragraph: any open quotation other than « ends here, in error; an open «
        # carries over only when this paragraph opens with a continuation mark.
        first = start
        while first < end and masked[first] in SPACES:
            first += 1
        lead = masked[first] if first < end else ""
        # « continues with «, » or a dash; “ and " (English and wire style) continue when the
        # paragraph opens with the same mark again.
        continued = bool(stack) and (
            (lead in GUILLEMET_CONTINUATION and stack.all_kind("«"))
            or (lead in SELF_CONTINUED and stack.all_mark(lead))
        )
        if stack and not continued:
            while stack:
                unclosed(stack.pop())
        skip = (
            first
            if (lead in CONTINUATION_MARKS and continued) or (lead == "»" and not stack)
            else -1
        )
        stack.start_paragraph()
        k = bisect_left(positions, start)
        while k < len(positions) and positions[k] < end:
            index, char = positions[k], glyphs[k]
            k += 1
            width = 1
            if char == "''":
                if masked[index - 1 : index].isalpha() and masked[index + 2 : index + 3].isalpha():
                    continue  # two apostrophes inside a word, not a quote
                char, width = '"', 2  # two apostrophes typed for a double quote: ''Ça”
            if index == skip:
                continue  # continuation mark of a multi-paragraph quotation
            top = stack.top()
            if width == 2:
                if top is not None and top.kind in ('"', "“"):
                    stack.pop()
                    close(top, index, "''", False)
                else:
                    push(_Open('"', '"', index, number, False, width=2))
                continue
            if char == '"':
                if top is not None and top.kind == '"':
                    stack.pop()
                    close(top, index, char, _closes_here(masked, index))
                elif _before(masked, index).isdigit() and not _opens_here(masked, index):
                    continue  # inches: un écran de 27"
                elif (
                    _closes_here(masked, index)
                    and not _opens_here(masked, index)
                    and not _before(masked, index).isdigit()
                ):
                    unopened(index, char)  # agréable", a-t-elle dit (opened in another paragraph)
                else:
                    push(_Open(char, char, index, number, _opens_here(masked, index)))
                continue
            if char == "’":
                before, after = _before(masked, index), _after(masked, index)
                if top is not None and top.kind == "‘" and _closes_here(masked, index):
                    stack.pop()
                    close(top, index, char, True)
                elif _is_space(before) and after.isalpha() and top is None:
                    # ’ used as an opening quote: les ’beaux quartiers’
                    push(
                        _Open(
                            char,
                            "‘",
                            index,
                            number,
                            False,
                            "Guillemet fermant « ’ » à la place d’un ouvrant « ‘ ».",
                        )
                    )
                continue  # otherwise an apostrophe: l’Ukraine, O’Brien, d’« huile »
            if char in OPENERS:
                if (
                    char in "«“"
                    and top is not None
                    and CLOSER[top.kind] in ("»", "”")
                    and top.kind == char
                    and _closes_here(masked, index)
                    and not _opens_here(masked, index)
                ):
                    # An opening mark where the quotation closes: « Le grand homme«
                    stack.pop()
                    top.wrong = (
                        f"Guillemet ouvrant « {char} » à la place du fermant « {CLOSER[char]} »."
                    )
                    close(top, index, CLOSER[char], False)
                    continue
                if char == "‘" and not _after(masked, index).isalpha():
                    continue
                # A typographic opening mark says its role itself; a straight one does not.
                push(_Open(char, char, index, number, True))
                continue
            # A closing mark.
            if (
                char == "”"
                and (top is None or top.kind not in ("“", "„"))
                and _opens_here(masked, index)
                and not _closes_here(masked, index)
            ):
                # ” used as an opening quote: leurs ”amis”
                push(
                    _Open(
                        char,
                        "“",
                        index,
                        number,
                        False,
                        "Guillemet fermant « ” » à la place d’un ouvrant « “ ».",
                    )
                )
                continue
            if top is None:
                unopened(index, char)
                continue
            match = stack.innermost(char)
            if (
                match is not None
                and match != len(stack) - 1
                and not (char == "”" and top.kind == "«")
            ):
                # Closing an outer quotation: the inner ones were never closed.
                while len(stack) > match + 1:
                    unclosed(stack.pop())
                top = stack.top()
            assert top is not None  # the closing mark matched an entry of the stack
            stack.pop()
            close(top, index, char, True)
        # End of paragraph: « " “ may stay open (checked when the next paragraph starts).
        for entry in stack.recent():
            if entry.mark in CARRIED:
                stack.push(entry)
            else:
                unclosed(entry)
    while stack:
        unclosed(stack.pop())
    result.pairs.sort(key=lambda pair: pair.open)
    result.problems.sort(key=lambda problem: problem.start)
    return result


def document_pairing(document: Document) -> Pairing:
    blocks = [(block.start, block.end) for block in document.blocks] or [(0, len(document.text))]
    return pairing(document.text, blocks)


# -- quote-pairing ------------------------------------------------------------------------


@options_class
class PairingOptions:
    """Options of the ``quote-pairing`` kind (``newslint rules explain`` describes them)."""

    #: Report a closing mark of another kind than the opening one (“… »).
    mismatch: bool = True
    #: Report quotations never closed and closing marks never opened.
    unpaired: bool = True
    #: The text is an excerpt (a selection sent by an editor plugin, a sentence from a
    #: book): a quotation may open before it or close after it, so the first mark closing
    #: nothing and the last mark left open are not reported.
    excerpt: bool = False
    #: One quotation run over two paragraphs without the continuation mark, said once at
    #: its opening mark; ``{mark}`` is that mark.
    message_run_over: str = (
        "Citation sur deux paragraphes sans guillemet de suite : {mark} ouvert ici n’est "
        "fermé qu’au paragraphe suivant."
    )


@register("quote-pairing", PairingOptions)
def check_pairing(
    document: Document, options: PairingOptions, context: Context
) -> Iterable[Finding]:
    """Report quotation marks that do not pair.

    ## What it does
    Pairs quotation marks with a stack kept across paragraphs and reports a quotation
    opened with one kind of mark and closed with another (`“… »`), a quotation never
    closed, a closing mark never opened, and marks turned the wrong way (`leurs ”amis”`).
    A « quotation may run over several paragraphs by either French convention: each
    continued paragraph opens with « again, or with the *guillemet de suite* », or with a
    dialogue dash; a “ or " quotation (English and wire style) continues in a paragraph
    that opens with the same mark again. Apostrophes (`l’Ukraine`, `O’Brien`, `d’« huile »`) are never taken for
    quotation marks, and an inch mark (`27"`) is not a quote.

    ## Why is this bad?
    Quotes pasted from wires, web pages and transcripts often lose or change a mark; a
    reader can no longer tell where the speaker's words end.

    ## Example
    ```
    “Ce sera une erreur colossale », a déclaré Ouchakov.
    Il a dit « je pars.

    La suite.
    ```

    ## Use instead
    ```
    « Ce sera une erreur colossale », a déclaré Ouchakov.
    « Premier paragraphe de la citation.

    » Deuxième paragraphe. »
    ```

    ## Options
    - `mismatch`: report marks of different kinds (default true).
    - `unpaired`: report unclosed and unopened marks (default true).
    - `excerpt`: the text is an excerpt; a first mark closing nothing and a last mark left
      open may pair outside it and are not reported (default false).
    - `message_run_over`: template for one quotation run over two paragraphs; `{mark}` is
      its opening mark.

    Reported at most as a warning, the evidence being weak: a « left open at a paragraph's
    end with a » closing nothing in the next paragraph (one quotation run over two
    paragraphs without the continuation mark), and a « left open in the last paragraph of a
    text that stops mid-sentence (a cut text). A quotation run over two paragraphs so (« or
    ") is one slip, reported once at its opening mark.

    ## Fix safety
    No fix: only the author knows where the quotation ends.
    """
    problems = document_pairing(document).problems
    weak = _weak_problems(document.text, problems)
    # Never an excerpt's edge: the opening mark has a closer after it, the closer an opener
    # before it.
    runs = _run_over_paragraphs(document.text, problems)
    closers = set(runs.values())
    for problem in problems:
        if options.excerpt and problem.edge:
            continue
        if problem in closers:
            continue  # said once, at the opening mark of the quotation it closes
        if options.mismatch if problem.kind == "mismatch" else options.unpaired:
            message = (
                options.message_run_over.format(mark=document.text[problem.start])
                if problem in runs
                else problem.message
            )
            finding = Finding(problem.start, problem.end, message)
            finding.cap = (
                Severity.WARNING if problem in weak else _straight_cap(document.text, problem)
            )
            yield finding


def _run_over_paragraphs(text: str, problems: list[Problem]) -> dict[Problem, Problem]:
    """One quotation run over two paragraphs without the continuation mark: a « (or ")
    left open at one paragraph's end and a » (or ") closing nothing in the next, no mark of
    that kind between. Opening problem -> closing problem: the two are one slip, reported
    once, at the opening mark."""
    runs: dict[Problem, Problem] = {}
    ordered = sorted(problems, key=lambda p: p.start)
    for first, second in pairwise(ordered):
        if first.kind != "unclosed" or second.kind != "unopened":
            continue
        pair = text[first.start] + text[second.start]
        if pair not in ("«»", '""'):
            continue
        between = text[first.end : second.start]
        if any(mark in between for mark in pair) or len(_PARAGRAPH_BREAK.findall(between)) != 1:
            continue
        runs[first] = second
    return runs


_PARAGRAPH_BREAK = lazy(r"\n[ \t\u00a0\u202f]*\n")
_CUT_END = lazy(r"[.!?…»\"”)\]]\s*$")


def _weak_problems(text: str, problems: list[Problem]) -> set[Problem]:
    """Unpaired « » whose evidence of a slip is weak (issue 12): at most a warning.

    - A « left open at the end of one paragraph and a » that closes nothing in the next, with
      no other chevron between: one quotation run over two paragraphs without the
      continuation mark (« or ») — web copy and paragraphs cut by a loader write it so.
    - A « left open in the last paragraph of a text that stops mid-sentence (no final mark):
      the text is cut, its closing mark lies beyond it.
    """
    weak: set[Problem] = set()
    ordered = sorted(problems, key=lambda p: p.start)
    for first, second in pairwise(ordered):
        if (
            first.kind == "unclosed"
            and second.kind == "unopened"
            and text[first.start] == "«"
            and text[second.start] == "»"
        ):
            between = text[first.end : second.start]
            if (
                "«" not in between
                and "»" not in between
                and len(_PARAGRAPH_BREAK.findall(between)) == 1
            ):
                weak.update((first, second))
    if not _CUT_END.search(text):
        for problem in ordered:
            if (
                problem.kind == "unclosed"
                and problem.edge
                and text[problem.start] == "«"
                and not _PARAGRAPH_BREAK.search(text, problem.end)
            ):
                weak.add(problem)
    return weak


def _straight_cap(text: str, problem: Problem) -> Severity | None:
    """A straight mark left alone is only a ``warning`` (issue 12): " cannot say whether it
    opens or closes, and wire copy runs quotations over paragraphs and nests " in " , so an
    odd one out is likely, not sure. Typographic marks that do not pair stay at the rule's
    severity."""
    if problem.kind in ("unclosed", "unopened") and text[problem.start : problem.start + 1] in (
        '"',
        "'",
    ):
        return Severity.WARNING
    return None


# -- quote-style ---------------------------------------------------------------------------

_STYLES = {
    # style -> (first level, second level) as (open, close)
    "french": (("«", "»"), None),
    "english": (("“", "”"), ("‘", "’")),
    "straight": (('"', '"'), None),
}
_NESTED = {"“”": ("“", "”"), "‹›": ("‹", "›"), "«»": ("«", "»"), "‘’": ("‘", "’")}
#: A straight apostrophe between two letters. The mark comes first in the pattern (the letter
#: before it is a look-behind over both) so the regex engine can skip to candidate marks.
_STRAIGHT_APOSTROPHE = lazy(r"['`´‘](?<=[^\W\d_].)(?=[^\W\d_])")


@options_class
class StyleOptions:
    """Options of the ``quote-style`` kind (``newslint rules explain`` describes them)."""

    #: House style of first-level quotes: french « », english “ ”, straight " (AFP wire style).
    style: Literal["french", "english", "straight"] = "french"
    #: Second-level quotes (inside a first-level quotation) for the french style.
    nested: Literal["“”", "‹›", "«»"] = "“”"
    #: Space written inside « » when a fix converts quotes: nbsp (U+00A0) or nnbsp (U+202F).
    space: Literal["nbsp", "nnbsp"] = "nbsp"
    #: Apostrophes: typographic ’, straight ', any; auto follows the style (straight: any).
    apostrophes: Literal["auto", "typographic", "straight", "any"] = "auto"
    #: One finding per paragraph for its apostrophes (false: one per apostrophe).
    group_apostrophes: bool = True


def _expected(options: StyleOptions, depth: int) -> tuple[str, str]:
    first, second = _STYLES[options.style]
    if depth <= 1:
        return first
    if options.style == "french":
        return _NESTED[options.nested]
    return second or first


def _label(open_mark: str, close_mark: str) -> str:
    return {
        "«": "chevrons « … »",
        "“": "guillemets anglais “…”",
        '"': 'guillemets droits "…"',
        "‹": "chevrons simples ‹ … ›",
        "‘": "guillemets simples ‘…’",
    }.get(open_mark, f"{open_mark}…{close_mark}")


@register("quote-style", StyleOptions)
def check_style(document: Document, options: StyleOptions, context: Context) -> Iterable[Finding]:
    """Report quotation marks and apostrophes that break the house style.

    ## What it does
    Compares each quotation (as paired by `quote-pairing`) with the house style: in the
    `french` style (the default of `fr-press`) first-level quotes are « » with a no-break
    space inside and second-level quotes “ ” (or ‹ ›, see `nested`); English “ ” and
    straight " quotes at the first level are reported, and so are « » nested in « ».
    Straight apostrophes between letters (`l'OTAN`, `O'Brien`) are reported too.
    The `straight` style (AFP wire copy) accepts " and ' and reports « » and “ ” instead.

    ## Why is this bad?
    A French paper prints « » and ’; a quotation pasted from an English page or a wire
    keeps its marks unless someone notices.

    ## Example
    ```
    Il a parlé de “voie diplomatique” et de l'OTAN.
    ```

    ## Use instead
    ```
    Il a parlé de « voie diplomatique » et de l’OTAN.
    ```

    ## Options
    - `style`: `french` (default), `english` or `straight`. One line of configuration
      switches a newsroom to AFP style: `quotes/style: {options: {style: straight}}`.
    - `nested`: second-level quotes in the french style: `“”` (default), `‹›` or `«»`.
    - `space`: the space a fix writes inside « »: `nbsp` (U+00A0, default) or `nnbsp` (U+202F).
    - `apostrophes`: `auto` (typographic, or any in the straight style), `typographic`,
      `straight` or `any`.
    - `group_apostrophes`: one finding per paragraph for its apostrophes, from the first to
      the last, whose fix corrects them all (default true); false reports each.

    ## Fix safety
    Safe when the pairing is certain: both marks are in one paragraph, match, and stand
    where their role is unambiguous (for straight quotes, after a space and before a word,
    or after a word and before a space or sign). Otherwise the finding only suggests.
    Apostrophes are fixed between two letters only.
    """
    text = document.text
    space = NBSP if options.space == "nbsp" else NNBSP
    for pair in document_pairing(document).pairs:
        want_open, want_close = _expected(options, pair.depth)
        if pair.open_mark == want_open and pair.close_mark == want_close:
            continue
        if not pair.matched:
            continue  # reported by quote-pairing
        if pair.open_mark in ("’", "‘") and options.style == "french":
            continue  # third-level quotes are left to the writer
        if pair.depth > MAX_DEPTH:
            continue  # quote-pairing reports the nesting once
        level = "premier niveau" if pair.depth <= 1 else "second niveau"
        message = (
            f"{_label(pair.open_mark, pair.close_mark)[0].upper()}"
            f"{_label(pair.open_mark, pair.close_mark)[1:]} au {level} : "
            f"la maison écrit {_label(want_open, want_close)}."
        )
        fix = None
        if pair.certain:
            fix = Fix(_convert(text, pair, want_open, want_close, space), safe=True)
        suggestion = want_open + (space if want_open == "«" else "")
        end = pair.close + len(pair.close_mark)  # '' is two characters
        yield Finding(pair.open, end, message, suggestions=(suggestion,), fix=fix)
    apostrophes = options.apostrophes
    if apostrophes == "auto":
        apostrophes = "any" if options.style == "straight" else "typographic"
    if apostrophes == "any":
        return
    masked = mask(text)
    if apostrophes == "typographic":
        found = [m.start() for m in _STRAIGHT_APOSTROPHE.finditer(masked)]
        wanted, message = "’", "Apostrophe droite « {mark} » : écrire « ’ »."
    else:
        found = [m.start() for m in re.finditer(r"’(?<=[^\W\d_].)(?=[^\W\d_])", masked)]
        wanted, message = "'", "Apostrophe typographique « ’ » : la maison écrit « ' »."
    if not options.group_apostrophes:
        for index in found:
            yield Finding(
                index,
                index + 1,
                message.format(mark=text[index]),
                suggestions=(wanted,),
                fix=Fix((Edit(index, index + 1, wanted),)),
            )
        return
    # One finding per paragraph: a wire story has dozens, and one --fix corrects them all.
    blocks = [(b.start, b.end) for b in document.blocks] or [(0, len(text))]
    k = 0
    for start, end in blocks:
        # The apostrophes from ``start`` up to ``end`` not taken by an earlier paragraph
        # (bisected: a wire story has dozens per paragraph).
        stop = max(k, bisect_left(found, end))
        group = found[max(k, bisect_left(found, start)) : stop]
        k = stop
        if not group:
            continue
        first = group[0]
        more = (
            f" (et {len(group) - 1} autre{'s' if len(group) > 2 else ''} dans ce paragraphe)"
            if len(group) > 1
            else ""
        )
        # The finding spans the paragraph's apostrophes, so its fix stays inside it.
        yield Finding(
            first,
            group[-1] + 1,
            message.format(mark=text[first]).rstrip(".") + more + ".",
            suggestions=(wanted,),
            fix=Fix(tuple(Edit(i, i + 1, wanted) for i in group)),
        )


def _convert(
    text: str, pair: Pair, want_open: str, want_close: str, space: str
) -> tuple[Edit, ...]:
    """Edits turning a certain pair into the house marks, with the spaces « » need."""
    # Opening mark and the spaces after it.
    start, end = pair.open, pair.open + 1
    while end < pair.close and text[end] in SPACES:
        end += 1
    opening = want_open + (space if want_open == "«" else "")
    # Closing mark and the spaces before it.
    close_end, close_start = pair.close + 1, pair.close
    while close_start > end and text[close_start - 1] in SPACES:
        close_start -= 1
    closing = (space if want_close == "»" else "") + want_close
    edits = []
    if text[start:end] != opening:
        edits.append(Edit(start, end, opening))
    if text[close_start:close_end] != closing:
        edits.append(Edit(close_start, close_end, closing))
    return tuple(edits)
