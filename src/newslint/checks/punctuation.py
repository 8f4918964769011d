"""Punctuation kinds: doubled and repeated marks, spaces around commas and full stops,
missing spaces after a mark, lines holding only punctuation, unbalanced brackets, ellipsis
dots and ``etc...``, a full stop on both sides of », dashes of incise.

Every check runs on the masked text (:mod:`newslint.masking`), so URLs, e-mail addresses,
times, ratios, emoticons and code never match.

Speed (issue 8): a regex that starts with a literal character is searched by scanning for
that character, about ten times faster than trying a lookbehind at every position. So
patterns lead with their rarest literal and test what comes before it with a lookbehind
written after it (``,(?<=x,)`` rather than ``(?<=x),``), and a pattern that cannot lead
with a literal runs only when the text holds a character every match needs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import field
from typing import TYPE_CHECKING

from newslint.checks import Context, register
from newslint.findings import Edit, Finding, Fix, Severity
from newslint.french import LINE_SPACE_CLASS
from newslint.lazyre import lazy
from newslint.masking import PLACEHOLDER, allowed, mask
from newslint.options import options_class
from newslint.segment import ABBREVIATIONS

if TYPE_CHECKING:
    from newslint.documents.model import Document

_SPACE = LINE_SPACE_CLASS
_LETTER = r"[^\W\d_]"


# -- punct-doubled -------------------------------------------------------------------------

_RUN = lazy(r"[.,;:?!…](?:" + _SPACE + r"*[.,;:?!…])+")
#: Runs of marks that are not doubled punctuation.
_ACCEPTED = lazy(
    r"[?!]+|[?!]*…[?!]*|[?!]+,|[?!]…+|\.{3}|(?:…|\.{3})[,;:]"
    # ``?..`` ``!...`` ``...?``: the ellipsis with ? or !, as French typography writes it
    # (« ?.. » in the Lexique) in dots instead of the … character.
    r"|[?!]+\.{2,3}|\.{3}[?!]+"
)
#: Runs whose evidence of a slip is weak (at most a warning): an ellipsis after the comma of
#: a list (« Jaoui, ...) »), an ellipsis written with four dots or more (« demain.... »: the
#: meaning is plain, web copy prints it), and a cut marker written with two dots (« (..) »),
#: the form some feeds carry for « (...) ».
_WEAK = lazy(r"[,;](?:…|\.{3})|\.{4,}")
#: ``etc.`` and an ellipsis say the same thing twice (``etc…``, ``etc...``).
_ETC_ELLIPSIS = lazy(r"\betc(?:\.?…|\.{3,})")


@options_class
class DoubledOptions:
    """Options of the ``punct-doubled`` kind (``newslint rules explain`` describes them)."""

    message: str = "Ponctuation doublée : « {match} »."
    message_etc: str = "« etc. » et points de suspension font double emploi : « {match} »."


@register("punct-doubled", DoubledOptions)
def check_doubled(
    document: Document, options: DoubledOptions, context: Context
) -> Iterable[Finding]:
    """Report doubled or contradictory punctuation marks.

    ## What it does
    Flags `..`, `,,`, `;;`, `::`, a comma or semicolon followed by a full stop (`oui,.`),
    `?.` and `!.`, and dots after an ellipsis (`Bon….`): slips under every convention.
    Spaces between the marks count (`Mouais, .`). Three dots (`...`, see `ellipsis`), `?!`,
    `?..`, `...?` and `etc.` are not flagged. At most a warning, the press printing them:
    four dots or more (`....`), `etc…` and `etc...` (the ellipsis says what `etc.` says),
    `, ...` closing a list, `(..)`, and a name's own mark or period before the sentence's
    (`En Marche !.`, `ID.,`, a company form after a name: `Shipping Ing.,`).

    ## Why is this bad?
    A doubled mark is a slip of editing (a sentence cut and joined again).

    ## Example
    ```
    Il est parti..
    C’est ça ?. Tu crois ?
    ```

    ## Use instead
    ```
    Il est parti.
    C’est ça ? Tu crois ?
    ```

    ## Options
    - `message`: template; `{match}` is the marks found.
    - `message_etc`: template for `etc…`.

    ## Fix safety
    No fix: `..` may stand for `.` or `…`; the finding suggests both.
    """
    masked = mask(document.text)
    etc_spans = []
    for match in _ETC_ELLIPSIS.finditer(masked):
        etc_spans.append((match.start(), match.end()))
        yield Finding(
            match.start(),
            match.end(),
            options.message_etc.format(match=match.group(0)),
            suggestions=("etc.",),
            cap=Severity.WARNING,
        )
    for match in _RUN.finditer(masked):
        run = match.group(0)
        marks = re.sub(_SPACE, "", run)
        if any(a <= match.start() < b for a, b in etc_spans):
            continue  # etc.... reported above
        if _ACCEPTED.fullmatch(marks):
            continue  # ?! and ?? (see punct-repeated), …, !…, ... (see ellipsis)
        if marks[0] == "." and _abbreviation_before(masked, match.start()):
            rest = marks[1:]
            if rest in (".", ",", ";", ":", "?", "!", "…") or _ACCEPTED.fullmatch(rest):
                continue  # etc., / M. D., / etc.. (reported by ellipsis)
        if marks[0] in "?!" and "." not in marks and ";" not in marks and ":" not in marks:
            continue
        suggestions = tuple(
            dict.fromkeys(s for s in (marks[-1], marks[0], "…" if marks == ".." else "") if s)
        )
        weak = (
            _name_mark(masked, match.start(), marks)
            or (marks[0] == "." and _name_period(masked, match.start()))
            or (marks in (".,", ".;", ".:") and _name_abbreviation(masked, match.start()))
            or _WEAK.fullmatch(marks) is not None
            or (
                marks == ".."
                and masked[match.start() - 1 : match.start()] == "("
                and masked[match.end() : match.end() + 1] == ")"
            )
        )
        yield Finding(
            match.start(),
            match.end(),
            options.message.format(match=run),
            suggestions=suggestions,
            cap=Severity.WARNING if weak else None,
        )


#: A capitalised word with a ``!`` or ``?`` glued to it: a name that holds the mark.
_NAME_MARK = lazy(r"(?<![\w'’])[A-ZÀ-ÖØ-Þ][\w'’-]*$")
#: Two capitalised words, then a space before the mark: « En Marche ! ».
_SPACED_NAME_MARK = lazy(r"(?<![\w'’])[A-ZÀ-ÖØ-Þ][\w'’-]* [A-ZÀ-ÖØ-Þ][\w'’-]*[ \u00a0\u202f]$")


def _name_mark(text: str, start: int, marks: str) -> bool:
    """Whether the run is a name's own ``!`` or ``?`` and then the sentence's mark
    (« le mouvement Libres!. », « Yahoo!, »): glued to a capitalised word, as French copy
    never writes a sentence's ``!`` (it takes a space before). Weak evidence of a slip: the
    finding is kept, at most a warning."""
    if not (
        len(marks) == 2
        and text[start : start + 2] == marks
        and marks[0] in "!?"
        and marks[1] in ".,"
    ):
        return False
    if _NAME_MARK.search(text, max(0, start - 40), start) is not None:
        return True
    # « La République En Marche !. »: the name's mark after a space (French spacing), the
    # name two capitalised words at least.
    return _SPACED_NAME_MARK.search(text, max(0, start - 60), start) is not None


def _name_period(text: str, dot: int) -> bool:
    """Whether the period belongs to a short upper-case name the draft writes with its period
    elsewhere too, before another word (« ID. CROZZ », then « les modèles ID., »): the name's
    period and then the sentence's comma. Weak evidence of a slip: at most a warning."""
    word = re.search(r"(?<![\w.])([A-Z]{1,5})$", text[max(0, dot - 6) : dot])
    if not word:
        return False
    elsewhere = re.compile(r"(?<![\w.])" + word.group(1) + r"\.[ \u00a0][A-Z\d]")
    return any(m.start() != dot - len(word.group(1)) for m in elsewhere.finditer(text))


#: A capitalised word of 2 to 4 letters right after another capitalised word, before a
#: period: « Shipping Ing. », « Holdings Plc. », « Dupont Sarl. ».
_NAME_ABBREVIATION = lazy(r"(?<![\w.])[A-ZÀ-ÖØ-Þ][\w'’&-]*[ \u00a0][A-Z][A-Za-z]{1,3}$")


def _name_abbreviation(text: str, dot: int) -> bool:
    """Whether the period ends a short capitalised word written after a name (« Porto
    Emporios Shipping Ing., mais »): the abbreviation of a company form or a title, which
    no list can hold for every country, its period then followed by the sentence's comma.
    Weak evidence of a slip: at most a warning."""
    return _NAME_ABBREVIATION.search(text, max(0, dot - 40), dot) is not None


def _abbreviation_before(text: str, dot: int) -> bool:
    word = re.search(r"([\w.\-]+)$", text[max(0, dot - 12) : dot])
    if not word:
        return False
    token = word.group(1)
    return token in ABBREVIATIONS or (len(token) == 1 and token.isupper()) or token == "etc"


# -- punct-repeated ------------------------------------------------------------------------


@options_class
class RepeatedOptions:
    """Options of the ``punct-repeated`` kind (``newslint rules explain`` describes them)."""

    message: str = "Signe répété : « {match} »."


@register("punct-repeated", RepeatedOptions, skip_quotes=True)
def check_repeated(
    document: Document, options: RepeatedOptions, context: Context
) -> Iterable[Finding]:
    """Report `!!` and `??`.

    ## What it does
    Flags an exclamation or question mark written twice or more (`!!`, `???`). `?!` and
    `!?` are accepted. Quoted speech is skipped by default (`quotes: skip`).

    ## Why is this bad?
    News copy keeps one sign; repeated signs read as a forum post.

    ## Example
    ```
    C’est incroyable !!
    ```

    ## Use instead
    ```
    C’est incroyable !
    ```

    ## Options
    - `message`: template; `{match}` is the repeated signs.

    ## Fix safety
    No fix: the writer may want `!` or `?!`.
    """
    masked = mask(document.text)
    if "!!" not in masked and "??" not in masked:
        return
    for match in re.finditer(r"!{2,}|\?{2,}", masked):
        yield Finding(
            match.start(),
            match.end(),
            options.message.format(match=match.group(0)),
            suggestions=(match.group(0)[0],),
        )


# -- punct-space-before --------------------------------------------------------------------


@options_class
class SpaceBeforeOptions:
    """Options of the ``punct-space-before`` kind (``newslint rules explain`` describes them)."""

    message_comma: str = "Espace avant la virgule : « {match} »."
    message_period: str = "Espace avant le point : « {match} »."
    message_bracket: str = "Espace à l’intérieur des parenthèses : « {match} »."


_BEFORE_COMMA = lazy(r"(?<=[\w»”)\]%€])" + _SPACE + r"+,(?!\d)")
_BEFORE_PERIOD = lazy(r"(?<=[\w»”)\]%€])" + _SPACE + r"+\.(?![\w.])")
_BRACKET_SPACE = lazy(r"([(\[])" + _SPACE + r"+(?=\S)|(?<=[\w.!?…»”])" + _SPACE + r"+([)\]])")
#: What every match of the patterns above holds: a space before the mark, or beside a bracket.
_SPACED_COMMA = lazy(r",(?<=" + _SPACE + r",)")
_SPACED_PERIOD = lazy(r"\.(?<=" + _SPACE + r"\.)")
_SPACED_BRACKET = lazy(r"[()\[\]](?:(?<=[(\[])(?=" + _SPACE + r")|(?<=" + _SPACE + r"[)\]]))")


@register("punct-space-before", SpaceBeforeOptions)
def check_space_before(
    document: Document, options: SpaceBeforeOptions, context: Context
) -> Iterable[Finding]:
    """Report a space before a comma or a full stop, or inside brackets.

    ## What it does
    Flags `Il vient , dit-il`, `Il part .`, `( mot )`. A full stop that starts a word
    (`.5`, `la bulle des .com`), a path (`./run.sh`) and a Markdown checkbox (`[ ]`) are
    not flagged.

    ## Why is this bad?
    French sets no space before a comma or a full stop, nor inside brackets; the space
    lets the mark start a new line.

    ## Example
    ```
    Eh oui , c’est encore moi (enfin ) .
    ```

    ## Use instead
    ```
    Eh oui, c’est encore moi (enfin).
    ```

    ## Options
    - `message_comma`, `message_period`, `message_bracket`: message templates.

    ## Fix safety
    Safe: the fix removes the spaces (and puts one after a comma glued to the next word).
    """
    text = document.text
    masked = mask(text)
    if _SPACED_COMMA.search(masked):
        yield from _space_before_comma(text, masked, options)
    if _SPACED_PERIOD.search(masked):
        yield from _space_before_period(text, masked, options)
    if _SPACED_BRACKET.search(masked):
        yield from _space_inside_brackets(text, masked, options)


def _space_before_comma(text: str, masked: str, options: SpaceBeforeOptions) -> Iterator[Finding]:
    for match in _BEFORE_COMMA.finditer(masked):
        after = masked[match.end() : match.end() + 1]
        replacement = ", " if after and re.match(_LETTER, after) else ","
        yield Finding(
            match.start(),
            match.end(),
            options.message_comma.format(match=text[match.start() : match.end()]),
            suggestions=(replacement,),
            fix=Fix((Edit(match.start(), match.end(), replacement),)),
        )


def _space_before_period(text: str, masked: str, options: SpaceBeforeOptions) -> Iterator[Finding]:
    for match in _BEFORE_PERIOD.finditer(masked):
        yield Finding(
            match.start(),
            match.end(),
            options.message_period.format(match=text[match.start() : match.end()]),
            suggestions=(".",),
            fix=Fix((Edit(match.start(), match.end(), "."),)),
        )


def _space_inside_brackets(
    text: str, masked: str, options: SpaceBeforeOptions
) -> Iterator[Finding]:
    for match in _BRACKET_SPACE.finditer(masked):
        if re.fullmatch(r"\[" + _SPACE + r"\]", masked[match.start() : match.end() + 1]) or (
            match.group(2) == "]" and masked[max(0, match.start() - 1)] == "["
        ):
            continue
        if match.group(1):
            spaces = (match.start(1) + 1, match.end())
        else:
            spaces = (match.start(), match.start(2))
        yield Finding(
            match.start(),
            match.end(),
            options.message_bracket.format(match=text[match.start() : match.end()]),
            suggestions=(match.group(1) or match.group(2),),
            fix=Fix((Edit(spaces[0], spaces[1], ""),)),
        )


# -- punct-space-after ---------------------------------------------------------------------

_AFTER_COMMA = lazy(r",(?<=" + _LETTER + r",)(?=" + _LETTER + r")")
_AFTER_HIGH = lazy(r"([;!?…])(?<=[\w»”)\u00a0\u202f ][;!?…])(?=" + _LETTER + r")")
_AFTER_PERIOD = lazy(r"\.(?<=[a-zà-ÿ]{2}\.)(?=[A-ZÀ-Ý][a-zà-ÿ])")
_AFTER_CLOSING = lazy(r"([»)])(?=" + _LETTER + r")")


@options_class
class SpaceAfterOptions:
    """Options of the ``punct-space-after`` kind (``newslint rules explain`` describes them)."""

    message: str = "Espace manquante après « {mark} »."
    #: Words written with a mark inside them, never flagged (brands: Yahoo!).
    allow: list[str] = field(default_factory=lambda: ["Yahoo!", "Guess?", "Wham!"])


@register("punct-space-after", SpaceAfterOptions)
def check_space_after(
    document: Document, options: SpaceAfterOptions, context: Context
) -> Iterable[Finding]:
    """Report a missing space after a punctuation mark.

    ## What it does
    Flags `oui,non`, `Quoi ?Rien`, `espace ;manquant`, `»mot`, `(a b)et` and
    `fini.Demain`. Not flagged: `3,5`, `lemonde.fr`, `U.S.`, `J.-C.`, e-mail addresses,
    URLs, `(re)former`, `il (n’)est`, and the words listed in `allow`.

    ## Why is this bad?
    Two words glued by a mark read as one and break line wrapping and search.

    ## Example
    ```
    Il est parti,hier.Demain il revient.
    ```

    ## Use instead
    ```
    Il est parti, hier. Demain il revient.
    ```

    ## Options
    - `message`: template; `{mark}` is the mark.
    - `allow`: words that contain a mark (brand names).

    ## Fix safety
    Safe for a comma between letters and for `; ! ? … » )` before a letter (a space is
    inserted). A full stop before a capital is only suggested: it may be a name
    (`ASP.Net`) or a missing sentence break.
    """
    text = document.text
    masked = mask(text)
    allowed_at = allowed(options.allow, text)

    patterns = [(_AFTER_COMMA, True), (_AFTER_PERIOD, False)]
    if any(mark in masked for mark in ";!?…"):
        patterns.insert(1, (_AFTER_HIGH, True))  # led by a set of signs: a slower scan
    for pattern, safe in patterns:
        for match in pattern.finditer(masked):
            index = match.start()
            if allowed_at(index):
                continue
            mark = masked[index]
            if mark == "…" and masked[index - 1 : index] in ("[", "("):
                continue
            fix = Fix((Edit(index + 1, index + 1, " "),)) if safe else None
            yield Finding(
                index,
                index + 2,
                options.message.format(mark=mark),
                suggestions=(mark + " ",),
                fix=fix,
            )
    if "»" not in masked and ")" not in masked:
        return
    for match in _AFTER_CLOSING.finditer(masked):
        index = match.start()
        if match.group(1) == ")":
            opening = masked.rfind("(", 0, index)
            if opening < 0 or not re.search(_SPACE, masked[opening:index]):
                continue  # (re)former, il (n’)est: a word with a bracketed part
        yield Finding(
            index,
            index + 2,
            options.message.format(mark=match.group(1)),
            suggestions=(match.group(1) + " ",),
            fix=Fix((Edit(index + 1, index + 1, " "),)),
        )


# -- punct-lone ----------------------------------------------------------------------------

_LONE = lazy(r"^[ \t\u00a0\u202f]*([.,;:!?»«\"”“]+)[ \t\u00a0\u202f]*$", re.MULTILINE)


@options_class
class LoneOptions:
    """Options of the ``punct-lone`` kind (``newslint rules explain`` describes them)."""

    message: str = "Ligne réduite à une ponctuation : « {match} »."


@register("punct-lone", LoneOptions)
def check_lone(document: Document, options: LoneOptions, context: Context) -> Iterable[Finding]:
    """Report a line that holds only punctuation.

    ## What it does
    Flags a line reduced to `.`, `,`, `»`, `:` or similar marks: what remains of a
    sentence cut when a draft was pasted from a web page. Separators such as `* * *`,
    `---` or `…` are not flagged.

    ## Why is this bad?
    The reader sees a stray mark on its own line; the sentence it belonged to is usually
    broken too.

    ## Example
    ```
    Il a ajouté que la Russie n’essaie pas de parvenir à un compromis.

    .
    ```

    ## Use instead
    ```
    Il a ajouté que la Russie n’essaie pas de parvenir à un compromis.
    ```

    ## Options
    - `message`: template; `{match}` is the line's marks.

    ## Fix safety
    No fix: the mark may belong to the previous sentence.
    """
    text = document.text
    for match in _LONE.finditer(text):
        yield Finding(match.start(1), match.end(1), options.message.format(match=match.group(1)))


# -- brackets ------------------------------------------------------------------------------

_PAIRS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_BRACKET = lazy(r"[()\[\]{}]")
_ENUMERATION = lazy(r"(?:^|(?<=[\s(]))(?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,5})\)")


def _spaced_enumeration(text: str, closer: int, start: int) -> bool:
    """Whether the enumeration closed at ``closer`` follows a space or starts the paragraph
    (« où 3) il »), not a bracket glued to a word (« le(s) »)."""
    k = closer
    while k > start and text[k - 1].isalnum():
        k -= 1
    return k == start or text[k - 1].isspace()


@options_class
class BracketOptions:
    """Options of the ``brackets`` kind (``newslint rules explain`` describes them)."""

    message_unclosed: str = "Parenthèse « {mark} » jamais fermée."
    message_unopened: str = "Parenthèse « {mark} » fermée sans avoir été ouverte."


@register("brackets", BracketOptions)
def check_brackets(
    document: Document, options: BracketOptions, context: Context
) -> Iterable[Finding]:
    """Report brackets that do not pair within a paragraph.

    ## What it does
    Pairs `( )`, `[ ]` and `{ }` paragraph by paragraph. Enumerations (`1)`, `a)`,
    `iv)`) and emoticons (`:-)`) are not brackets; in a paragraph with more `)` than `(`,
    an enumeration inside an aside is not its closing bracket either.

    ## Why is this bad?
    An unclosed parenthesis leaves the reader inside an aside until the end of the
    paragraph.

    ## Example
    ```
    Il (enfin partit.
    ```

    ## Use instead
    ```
    Il (enfin) partit.
    ```

    ## Options
    - `message_unclosed`, `message_unopened`: message templates; `{mark}` is the bracket.

    ## Fix safety
    No fix: only the writer knows where the aside ends.
    """
    text = document.text
    if not any(mark in text for mark in "()[]{}"):
        return
    masked = mask(text)
    blocks = [(b.start, b.end) for b in document.blocks] or [(0, len(masked))]
    for start, end in blocks:
        enumerations = None  # 1) a) iv): computed for the first closer left unpaired
        # More ``)`` than ``(`` in the paragraph: its enumerators are not closers even
        # inside an aside (« (dans l’hypothèse où 1) il gagne ; 2) … 3) il part) »).
        surplus = masked.count(")", start, end) - masked.count("(", start, end)
        if surplus > 0:
            enumerations = {m.end() - 1 for m in _ENUMERATION.finditer(masked, start, end)}
        stack: list[int] = []
        # Masking only turns characters into placeholders: the brackets of the masked text
        # are brackets of the text.
        for bracket in _BRACKET.finditer(text, start, end):
            index = bracket.start()
            char = masked[index]
            if char == PLACEHOLDER:
                if (
                    text[index] == ")"
                    and text[index - 1 : index] in (":", ";", "=", "-")
                    and stack
                    and masked[stack[-1]] == "("
                ):
                    char = ")"  # "dit :)" closes an aside rather than smiling (not a URL's ")")
                else:
                    continue  # a bracket inside a URL, an emoticon
            if char in _PAIRS:
                stack.append(index)
            elif (
                surplus > 0
                and char == ")"
                and enumerations
                and index in enumerations
                and _spaced_enumeration(masked, index, start)
            ):
                surplus -= 1
            elif stack and masked[stack[-1]] == _CLOSERS[char]:
                stack.pop()
            else:
                if enumerations is None:
                    enumerations = {m.end() - 1 for m in _ENUMERATION.finditer(masked, start, end)}
                if index in enumerations:
                    continue
                if stack and any(masked[k] == _CLOSERS[char] for k in stack):
                    while masked[stack[-1]] != _CLOSERS[char]:
                        opened = stack.pop()
                        yield Finding(
                            opened, opened + 1, options.message_unclosed.format(mark=masked[opened])
                        )
                    stack.pop()
                else:
                    yield Finding(index, index + 1, options.message_unopened.format(mark=char))
        for opened in stack:
            yield Finding(opened, opened + 1, options.message_unclosed.format(mark=masked[opened]))


# -- ellipsis ------------------------------------------------------------------------------

_DOTS = lazy(r"\.(?<![.…]\.)\.{2,}(?!\.)")
_ETC = lazy(r"\b(etc)(\.{2,}|…|\.…)")
_SPACE_ELLIPSIS = lazy(r"(?<=" + _LETTER + r")" + _SPACE + r"+…(?=" + _SPACE + r")")
#: What every match of _SPACE_ELLIPSIS holds.
_SPACED_ELLIPSIS = lazy(r"…(?<=" + _SPACE + r"…)(?=" + _SPACE + r")")


@options_class
class EllipsisOptions:
    """Options of the ``ellipsis`` kind (``newslint rules explain`` describes them)."""

    message_dots: str = "Points de suspension : écrire « … » plutôt que « {match} »."
    message_etc: str = "« {match} » : « etc. » suffit."
    message_space: str = "Espace avant les points de suspension : « {match} »."
    #: Also flag a space before "…" that follows a word ("marre … c’est").
    space_before: bool = True


@register("ellipsis", EllipsisOptions)
def check_ellipsis(
    document: Document, options: EllipsisOptions, context: Context
) -> Iterable[Finding]:
    """Report ellipsis dots (`...`), `etc...` and a space before `…`.

    ## What it does
    Flags three or more full stops (`...` → `…`), `etc...`, `etc…` and `etc..`
    (→ `etc.`), and a space between a word and `…` (`marre … c’est`). `[…]` and `(…)`
    are not flagged; dots in code and URLs are masked.

    ## Why is this bad?
    French typesetting uses the single character « … »; *etc.* already means the list goes
    on, so dots after it are redundant.

    ## Example
    ```
    Des pommes, des poires, etc... Et puis...
    ```

    ## Use instead
    ```
    Des pommes, des poires, etc. Et puis…
    ```

    ## Options
    - `message_dots`, `message_etc`, `message_space`: message templates.
    - `space_before`: report a space before `…` (default true).

    ## Fix safety
    Safe for `...` and `....` (→ `…`) and for `etc...` (→ `etc.`). Five dots or more and a
    space before `…` are only suggested.
    """
    text = document.text
    masked = mask(text)
    etc_spans = []
    for match in _ETC.finditer(masked) if "etc" in masked else ():
        etc_spans.append((match.start(2), match.end(2)))
        yield Finding(
            match.start(),
            match.end(),
            options.message_etc.format(match=match.group(0)),
            suggestions=("etc.",),
            fix=Fix((Edit(match.start(2), match.end(2), "."),)),
        )
    etc_starts = [start for start, _ in etc_spans]
    for match in _DOTS.finditer(masked):
        # Bisected, not a walk over every « etc. » for every run of dots (issue 21).
        k = bisect_right(etc_starts, match.start()) - 1
        if k >= 0 and match.start() < etc_spans[k][1]:
            continue
        safe = len(match.group(0)) <= 4
        yield Finding(
            match.start(),
            match.end(),
            options.message_dots.format(match=match.group(0)),
            suggestions=("…",),
            fix=Fix((Edit(match.start(), match.end(), "…"),)) if safe else None,
        )
    if options.space_before and _SPACED_ELLIPSIS.search(masked):
        for match in _SPACE_ELLIPSIS.finditer(masked):
            yield Finding(
                match.start(),
                match.end(),
                options.message_space.format(match=text[match.start() : match.end()]),
                suggestions=("…",),
            )


# -- quote-period --------------------------------------------------------------------------

_QUOTE_PERIOD = lazy(r"\.(?<![.…]\.)[ \u00a0\u202f]*»[ \u00a0\u202f]*\.")


@options_class
class QuotePeriodOptions:
    """Options of the ``quote-period`` kind (``newslint rules explain`` describes them)."""

    message: str = "Point à l’intérieur et à l’extérieur du guillemet : « {match} »."


@register("quote-period", QuotePeriodOptions)
def check_quote_period(
    document: Document, options: QuotePeriodOptions, context: Context
) -> Iterable[Finding]:
    """Report a full stop both inside and outside a closing guillemet.

    ## What it does
    Flags `« Je pars. ».`: one of the two full stops goes.

    ## Why is this bad?
    French typography keeps one final full stop: inside the quotation when it is a whole
    sentence closing the paragraph's sentence, otherwise outside (`« je pars ».`).

    ## Example
    ```
    Il a répondu : « Je pars. ».
    ```

    ## Use instead
    ```
    Il a répondu : « Je pars. »
    ```

    ## Options
    - `message`: template; `{match}` is the marks found.

    ## Fix safety
    No fix: which stop to keep depends on the sentence.
    """
    text = document.text
    for match in _QUOTE_PERIOD.finditer(mask(text)):
        yield Finding(
            match.start(),
            match.end(),
            options.message.format(match=text[match.start() : match.end()]),
            suggestions=(text[match.start() : match.end() - 1],),
        )


# -- punct-dash ----------------------------------------------------------------------------

#: Both match from the hyphen, the rarest character, and look behind for the space.
_INCISE = lazy(r"-(?<=" + _LETTER + r" -)(?= " + _LETTER + r")")
_INVERSION = lazy(
    r"-(?<="
    + _LETTER
    + r" -)(?:t-)?(?:il|elle|on|je|tu|nous|vous|ils|elles|ce|moi|toi|le|la|les|lui|leur|y|en)\b"
)


#: The rest of a sentence that closes an incise with a hyphen glued to a word (« appel- »).
_INCISE_CLOSE = lazy(r"[^.!?\n]{0,120}?" + _LETTER + r"-(?:" + _SPACE + r"|[,.;:]|$)")


@options_class
class DashOptions:
    """Options of the ``punct-dash`` kind (``newslint rules explain`` describes them)."""

    message_incise: str = "Trait d’union employé comme tiret d’incise : écrire « – »."
    message_inversion: str = "Espace avant le trait d’union : « {match} »."
    #: Report a hyphen used as a dash of incise (a convention: wire copy writes « - »).
    incise: bool = True
    #: Report a space before an inversion hyphen (« faut -il »: a slip under every convention).
    inversion: bool = True


@register("punct-dash", DashOptions)
def check_dash(document: Document, options: DashOptions, context: Context) -> Iterable[Finding]:
    """Report a hyphen used as a dash of incise, and a space before an inversion hyphen.

    ## What it does
    Flags a hyphen with a space on each side between two words (`a - dit-on - refusé`),
    and `faut -il`. Not flagged: `2-1`, `PSG-OM`, `dit-il`, Markdown lists.

    ## Why is this bad?
    The incise takes the en dash « – » (or em dash « — »); a hyphen there can break a line
    and reads as a compound word.

    ## Example
    ```
    Cette phrase - c’est certain - contient des tirets. Le faut -il ?
    ```

    ## Use instead
    ```
    Cette phrase – c’est certain – contient des tirets. Le faut-il ?
    ```

    ## Options
    - `message_incise`, `message_inversion`: messages (`{match}`: the text found).
    - `incise`, `inversion`: which of the two to report (default both).

    ## Fix safety
    No fix: the dash may also be a minus sign or a range.
    """
    text = document.text
    masked = mask(text)
    for match in _INCISE.finditer(masked) if options.incise else ():
        yield Finding(match.start(), match.end(), options.message_incise, suggestions=("–",))
    for match in _INVERSION.finditer(masked) if options.inversion else ():
        start = match.start() - 1
        if _INCISE_CLOSE.match(masked, match.end()):
            continue  # « condamnés -ils ont fait appel- à » : an incise between glued hyphens
        yield Finding(
            start,
            match.end(),
            options.message_inversion.format(match=text[start : match.end()]),
            suggestions=(text[start + 1 : match.end()],),
        )
