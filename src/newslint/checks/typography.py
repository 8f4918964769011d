"""French typography kinds: spaces before ``; : ! ?`` and inside « », doubled and stray
spaces, elision apostrophes, numbers and units, ``Mme.``.

Every check runs on the masked text (:mod:`newslint.masking`): ``14:30``, ``http://``,
``1:1000``, ``:-)`` and code never match.

Speed (issue 8): as in :mod:`newslint.checks.punctuation`, patterns lead with a literal or a
set of signs and look behind afterwards, and a pattern runs only when the text holds what
every one of its matches needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import field
from typing import TYPE_CHECKING, Literal

from newslint.checks import Context, register
from newslint.findings import Edit, Finding, Fix, Severity
from newslint.french import (
    ELIDED,
    ELIDED_WRITTEN_APART,
    HIGH_SIGNS,
    INNER_APOSTROPHE,
    LINE_SPACES,
    NBSP,
    NNBSP,
    NO_BREAK_SPACES,
    SIGNS_AFTER_NUMBERS,
    UNITS,
    alternation,
)
from newslint.lazyre import lazy
from newslint.masking import allowed, mask
from newslint.options import options_class

if TYPE_CHECKING:
    from newslint.documents.model import Document

_NOBREAK = NO_BREAK_SPACES
_LETTER = r"[^\W\d_]"
_NAMES = {
    " ": "espace ordinaire",
    "\t": "tabulation",
    NBSP: "espace insécable",
    NNBSP: "espace fine insécable",
}


# -- french-spacing ------------------------------------------------------------------------

_MISSING_BEFORE = lazy(
    r"[;!?:](?:(?<=[\w»”)\]%€$.\u2019'][;!?])|(?<=[\w»”)\]%€]:)(?=[ \t\u00a0\u202f\n]|$))"
)
_MISSING_AFTER_OPEN = lazy(r"«(?=[^\s\u00a0\u202f])")
_MISSING_BEFORE_CLOSE = lazy(r"»(?<=[^\s\u00a0\u202f]»)")
#: A guillemet right inside a bracket gets no space: punctuation/space-before removes it.
_OPENING_BRACKETS, _CLOSING_BRACKETS = "([{", ")]}"
_NOBREAK_AFTER = lazy(r"([;:!?])([\u00a0\u202f])(?=[^\W\d_])")
#: A sign after a space or tab; the run of spaces is measured backwards from the sign.
_SIGN_AFTER_SPACE = lazy(r"[;:!?»](?<=[ \t][;:!?»])")
_BREAKABLE_AFTER_OPEN = lazy(r"«([ \t]+)(?=\S)")
_NUMBER_GROUP = lazy(r"(?<![\d.,\w])\d{1,3}(?:( )\d{3})+(?![\d\w]|[.,]\d)")
_NUMBER_UNIT = lazy(
    r"(?<![\w.,])\d+(?:[,.]\d+)?( )(" + "|".join(map(re.escape, SIGNS_AFTER_NUMBERS)) + r")(?!\w)"
)
#: What every match of _NUMBER_GROUP holds.
_SPACED_DIGITS = lazy(r" (?<=\d )\d{3}")


@options_class
class SpacingOptions:
    """Options of the ``french-spacing`` kind (``newslint rules explain`` describes them)."""

    #: Report a missing space before ; : ! ? and inside « », and a no-break space after
    #: ; : ! ? (it glues the next word to the sign).
    missing: bool = True
    #: Report a breakable space (U+0020, tab) where a no-break space belongs.
    breakable: bool = False
    #: Also check the space in 20 000 and before % € $ £ (with ``breakable``).
    numbers: bool = True
    #: Which no-break space is wanted: any (U+00A0 or U+202F), nbsp, nnbsp, or
    #: imprimerie-nationale (U+202F before ; ! ?, U+00A0 before : and inside « »).
    prefer: Literal["any", "nbsp", "nnbsp", "imprimerie-nationale"] = "any"
    #: Space a fix inserts before ; ! ? (nnbsp U+202F or nbsp U+00A0).
    insert_high: Literal["nbsp", "nnbsp"] = "nnbsp"
    #: Space a fix inserts before : and inside « » (nbsp or nnbsp).
    insert_low: Literal["nbsp", "nnbsp"] = "nbsp"
    #: Words written with a mark inside them, never flagged (brands: Yahoo!).
    allow: list[str] = field(default_factory=lambda: ["Yahoo!", "Guess?", "Wham!", "Jeopardy!"])


def _char(name: str) -> str:
    return NBSP if name == "nbsp" else NNBSP


def _wanted(options: SpacingOptions, mark: str) -> str | None:
    """The no-break space wanted beside ``mark`` (None: either)."""
    if options.prefer == "any":
        return None
    if options.prefer == "nbsp":
        return NBSP
    if options.prefer == "nnbsp":
        return NNBSP
    return NNBSP if mark in HIGH_SIGNS else NBSP


@register("french-spacing", SpacingOptions)
def check_spacing(
    document: Document, options: SpacingOptions, context: Context
) -> Iterable[Finding]:
    """Report missing or breakable spaces before `; : ! ?` and inside « ».

    ## What it does
    With `missing` (rule `typography/space-missing`): flags `Quoi?`, `Attention: danger`,
    `Lire la suite:`, `«oui»`, and a no-break space *after* the sign (`Note :` U+00A0
    `texte`). With `breakable` (rule `typography/nbsp`): flags a plain
    space or tab before `; : ! ? »` or after «, and (with `numbers`) in `20 000` and
    before `%`, `€`. Both U+00A0 and U+202F are accepted unless `prefer` says which.
    Never flagged: `14:30`, `http://`, `1:1000`, `Jean 3:16`, `:)`, `(?)`, `?!` (one
    space before the first sign), `Yahoo!`, a colon followed by a letter (`Re:Wind`), a
    guillemet against a bracket (`(»`, `«)`: the space would stand inside the brackets).

    ## Why is this bad?
    French sets a space before the high signs and inside guillemets; a breakable space
    lets the sign or the guillemet start a line on its own.

    ## Example
    ```
    Lire la suite: la Russie répond. « Quoi ? »
    ```

    ## Use instead
    ```
    Lire la suite : la Russie répond. « Quoi ? »
    ```
    (with U+00A0 before `:` and inside « », U+202F before `?`)

    ## Options
    - `missing`, `breakable`, `numbers`: what to report (see above).
    - `prefer`: `any` (default), `nbsp`, `nnbsp` or `imprimerie-nationale`.
    - `insert_high`, `insert_low`: the space a fix writes before `; ! ?` (default nnbsp)
      and before `:` and inside « » (default nbsp).
    - `allow`: words that contain a sign (brands).

    ## Fix safety
    Safe: the fix inserts a no-break space, or swaps a space for a no-break space; words
    never change.
    """
    text = document.text
    masked = mask(text)
    allowed_at = allowed(options.allow, text)

    high, low = _char(options.insert_high), _char(options.insert_low)
    if options.missing:
        for match in _MISSING_BEFORE.finditer(masked):
            index = match.start()
            mark = masked[index]
            if allowed_at(index) or (masked[index - 1] in "?!" and mark in "?!"):
                continue
            if mark in "?!" and masked[index - 1] in "(['’" and index >= 1:
                continue
            if masked[index - 1] == "." and not re.search(
                r"\w\.$", masked[max(0, index - 3) : index]
            ):
                continue
            space = _wanted(options, mark) or (high if mark in ";!?" else low)
            yield Finding(
                index - 1,
                index + 1,
                f"Espace insécable manquante avant « {mark} ».",
                suggestions=(space + mark,),
                fix=Fix((Edit(index, index, space),)),
            )
        for match in _MISSING_AFTER_OPEN.finditer(masked):
            index = match.start()
            if masked[index + 1] in _CLOSING_BRACKETS:
                continue  # «): the space would stand inside the brackets
            space = _wanted(options, "«") or low
            yield Finding(
                index,
                index + 2,
                "Espace insécable manquante après « « ».",
                suggestions=("«" + space,),
                fix=Fix((Edit(index + 1, index + 1, space),)),
            )
        for match in _MISSING_BEFORE_CLOSE.finditer(masked):
            index = match.start()
            if masked[index - 1] in _OPENING_BRACKETS:
                continue  # (»: the space would stand inside the brackets
            space = _wanted(options, "»") or low
            yield Finding(
                index - 1,
                index + 1,
                "Espace insécable manquante avant « » ».",
                suggestions=(space + "»",),
                fix=Fix((Edit(index, index, space),)),
            )
        for match in _NOBREAK_AFTER.finditer(masked) if NBSP in masked or NNBSP in masked else ():
            at = match.start(2)
            yield Finding(
                match.start(),
                match.end(),
                f"Espace insécable après « {match.group(1)} » : une espace ordinaire suffit.",
                suggestions=(match.group(1) + " ",),
                fix=Fix((Edit(at, at + 1, " "),)),
            )
    if options.breakable:
        for start, sign in _spaces_before_signs(masked):
            mark = masked[sign]
            if mark in "?!" and masked[start - 1] in "?!":
                continue
            space = _wanted(options, mark) or (high if mark in ";!?" else low)
            yield Finding(
                start,
                sign + 1,
                f"{_NAMES[masked[start]].capitalize()} avant « {mark} » : une espace insécable évite la coupure.",
                suggestions=(space + mark,),
                fix=Fix((Edit(start, sign, space),)),
            )
        for match in _BREAKABLE_AFTER_OPEN.finditer(masked):
            space = _wanted(options, "«") or low
            yield Finding(
                match.start(),
                match.end(1),
                "Espace ordinaire après « « » : une espace insécable évite la coupure.",
                suggestions=("«" + space,),
                fix=Fix((Edit(match.start(1), match.end(1), space),)),
            )
        if options.numbers:
            for match in _NUMBER_GROUP.finditer(masked) if _SPACED_DIGITS.search(masked) else ():
                edits = tuple(
                    Edit(match.start() + k, match.start() + k + 1, NNBSP)
                    for k, char in enumerate(match.group(0))
                    if char == " "
                )
                yield Finding(
                    match.start(),
                    match.end(),
                    f"Espace ordinaire dans le nombre « {match.group(0)} » : une espace fine insécable évite la coupure.",
                    suggestions=(match.group(0).replace(" ", NNBSP),),
                    fix=Fix(edits),
                )
            signs = any(sign in masked and " " + sign in masked for sign in SIGNS_AFTER_NUMBERS)
            for match in _NUMBER_UNIT.finditer(masked) if signs else ():
                yield Finding(
                    match.start(1),
                    match.end(2),
                    f"Espace ordinaire avant « {match.group(2)} » : une espace insécable évite la coupure.",
                    suggestions=(NBSP + match.group(2),),
                    fix=Fix((Edit(match.start(1), match.end(1), NBSP),)),
                )
    if options.prefer != "any" and (NBSP in masked or NNBSP in masked):
        for match in re.finditer(r"([\u00a0\u202f])([;:!?»])|(«)([\u00a0\u202f])", masked):
            space = match.group(1) or match.group(4)
            mark = match.group(2) or match.group(3)
            wanted = _wanted(options, mark)
            if wanted is None or space == wanted:  # None only when prefer is "any"
                continue
            at = match.start(1) if match.group(1) else match.start(4)
            yield Finding(
                match.start(),
                match.end(),
                f"{_NAMES[space].capitalize()} à côté de « {mark} » : la maison veut une {_NAMES[wanted]}.",
                suggestions=(wanted,),
                fix=Fix((Edit(at, at + 1, wanted),)),
            )


def _spaces_before_signs(masked: str) -> Iterator[tuple[int, int]]:
    """(start, sign) for each run of spaces and tabs that follows a non-space and precedes
    one of ``; : ! ? »``: ``(?<=\\S)[ \\t]+[;:!?»]``, found from the (rarer) sign."""
    for match in _SIGN_AFTER_SPACE.finditer(masked):
        sign = match.start()
        start = sign - 1
        while start > 0 and masked[start - 1] in " \t":
            start -= 1
        if start > 0 and not masked[start - 1].isspace():
            yield start, sign


# -- spaces --------------------------------------------------------------------------------

_RUN = lazy(r"[ \t\u00a0\u202f]{2,}|\t")
_LINE_EDGE = lazy(r"^[ \t\u00a0\u202f]+(?=\S)|(?<=\S)[ \t\u00a0\u202f]+$", re.MULTILINE)
_SPACES = tuple(LINE_SPACES)
#: Characters that may open a Markdown block at the start of a line.
_BLOCK_MARKUP = frozenset("#>-+*=`~<|_0123456789")
_SPACE_BESIDE_NEWLINE = lazy(r"\n(?:[ \t\u00a0\u202f]|(?<=[ \t\u00a0\u202f]\n))")


@options_class
class SpacesOptions:
    """Options of the ``spaces`` kind (``newslint rules explain`` describes them)."""

    #: Report spaces at the start and end of a line.
    line_edges: bool = True


@register("spaces", SpacesOptions)
def check_spaces(document: Document, options: SpacesOptions, context: Context) -> Iterable[Finding]:
    """Report doubled spaces, a space next to a no-break space, tabs, and spaces at line ends.

    ## What it does
    Flags `deux  espaces`, a space beside a no-break space, two no-break spaces, a tab
    inside a line, and (with `line_edges`) spaces that start or end a line. Code is not
    checked.

    ## Why is this bad?
    Doubled spaces widen the line unevenly and break searches; a space beside a no-break
    space defeats it.

    ## Example
    ```
    Il est  parti.
    ```

    ## Use instead
    ```
    Il est parti.
    ```

    ## Options
    - `line_edges`: report leading and trailing spaces (default true).

    ## Fix safety
    Safe: a run becomes one space (the no-break space if the run holds one); spaces at a
    line's edge are removed, except in Markdown before what could open a block there
    (`#`, `>`, `-`, a backtick fence, a digit...): that fix is only suggested.
    """
    text = document.text
    masked = mask(text)
    edges = set()
    if options.line_edges and (
        masked.startswith(_SPACES)
        or masked.endswith(_SPACES)
        or _SPACE_BESIDE_NEWLINE.search(masked)
    ):
        markdown = getattr(document, "format", "text") == "markdown"
        for match in _LINE_EDGE.finditer(masked):
            edges.add(match.start())
            start = match.start() == 0 or masked[match.start() - 1] == "\n"
            # In Markdown, a space that keeps "```", "# " or "- " inside a paragraph cannot
            # go: the line would open a code fence, a heading, a list (shown, not applied).
            safe = not (markdown and start and masked[match.end()] in _BLOCK_MARKUP)
            yield Finding(
                match.start(),
                match.end(),
                f"Espaces {'en début' if start else 'en fin'} de ligne.",
                suggestions=("",),
                fix=Fix((Edit(match.start(), match.end(), ""),), safe=safe),
            )
    if "  " not in masked and "\t" not in masked and NBSP not in masked and NNBSP not in masked:
        return
    for match in _RUN.finditer(masked):
        if (
            match.start() in edges
            or match.start() == 0
            or masked[match.start() - 1] == "\n"
            or match.end() >= len(masked)
            or masked[match.end()] == "\n"
        ):
            continue
        run = match.group(0)
        keep = next((c for c in run if c in _NOBREAK), " ")
        if run == "\t":
            message = "Tabulation au milieu d’une ligne."
        elif all(c == " " for c in run):
            message = f"Espaces multiples ({len(run)})."
        else:
            message = (
                "Espaces mêlées ou doublées : "
                + " + ".join(_NAMES.get(c, repr(c)) for c in run)
                + "."
            )
        yield Finding(
            match.start(),
            match.end(),
            message,
            suggestions=(keep,),
            fix=Fix((Edit(match.start(), match.end(), keep),)),
        )


# -- elision -------------------------------------------------------------------------------

_ELIDED = alternation(ELIDED | INNER_APOSTROPHE, capital=True)
_APOS_SPACE = lazy(r"\b(" + _ELIDED + r")(['’])([ \t\u00a0\u202f]+)(?=" + _LETTER + r")")
_APOS_ODD = lazy(r"\b(" + _ELIDED + r")( ?[`´] ?|['’]['’])(?=" + _LETTER + r")")
_APOS_MISSING = lazy(
    r"(?<![\w’'.)-])(?<!\d )(?<!lettre )(?<!touche )("
    + alternation(ELIDED_WRITTEN_APART)
    + r")( )(?=[aeiouyéèêâîôûœ][\w’]|à\b)"
)
#: What the matches of the patterns above hold: an apostrophe before a space or another
#: apostrophe (or a backtick, an accent); a lone l d j m n s t before a space, or "qu ".
_APOS_BESIDE = (re.compile(r"'[ \t\u00a0\u202f'’]"), re.compile(r"’[ \t\u00a0\u202f'’]"))
_LONE_LETTER = lazy(
    r" (?<=\b[" + "".join(sorted(w for w in ELIDED_WRITTEN_APART if len(w) == 1)) + "] )"
)
_LONGER_APART = tuple(w + " " for w in sorted(ELIDED_WRITTEN_APART) if len(w) > 1)


@options_class
class ElisionOptions:
    """Options of the ``elision`` kind (``newslint rules explain`` describes them)."""

    #: Report a lone elidable word before a vowel (``qu il``) as a missing apostrophe.
    missing: bool = True


@register("elision", ElisionOptions)
def check_elision(
    document: Document, options: ElisionOptions, context: Context
) -> Iterable[Finding]:
    """Report a space after an elision apostrophe, a missing or odd apostrophe.

    ## What it does
    Flags `l’ OTAN`, `qu’ il` (a space after the apostrophe), `qu ` elle` and `l’'État`
    (a backtick, accent or doubled apostrophe), and with `missing` a lone elidable word
    before a vowel (`qu il`, `n arrive`). `d’« huile »` is correct.

    ## Why is this bad?
    An elided word is one with the next; a space splits it across lines and breaks search.

    ## Example
    ```
    Il a dit qu’ il viendrait, jusqu à lundi.
    ```

    ## Use instead
    ```
    Il a dit qu’il viendrait, jusqu’à lundi.
    ```

    ## Options
    - `missing`: report `qu il` and the like (default true).

    ## Fix safety
    Safe for the space after an apostrophe (removed) and for an odd or doubled apostrophe
    (→ ’). A missing apostrophe is only suggested.
    """
    text = document.text
    masked = mask(text)
    beside = any(hint.search(masked) for hint in _APOS_BESIDE)
    for match in _APOS_SPACE.finditer(masked) if beside else ():
        apostrophe = match.group(2)
        yield Finding(
            match.start(),
            match.end(),
            f"Espace après l’apostrophe : « {text[match.start() : match.end()]} ».",
            suggestions=(match.group(1) + apostrophe,),
            fix=Fix((Edit(match.start(3), match.end(3), ""),)),
        )
    odd = beside or "`" in masked or "´" in masked
    for match in _APOS_ODD.finditer(masked) if odd else ():
        yield Finding(
            match.start(),
            match.end(),
            f"Apostrophe fautive : « {text[match.start() : match.end()]} ».",
            suggestions=(match.group(1) + "’",),
            fix=Fix((Edit(match.start(2), match.end(2), "’"),)),
        )
    if options.missing and (
        any(word in masked for word in _LONGER_APART) or _LONE_LETTER.search(masked)
    ):
        for match in _APOS_MISSING.finditer(masked):
            yield Finding(
                match.start(),
                match.end(),
                f"Apostrophe manquante : « {match.group(1)} » devant une voyelle.",
                suggestions=(match.group(1) + "’",),
            )


# -- numbers -------------------------------------------------------------------------------

_UNGROUPED = lazy(r"(?<![\w.,/+#-])\d{5,}(?![\w/-]|[.,]\d)")
_DOT_GROUPED = lazy(r"(?<![\w.,])\d{1,3}(?:\.\d{3}){2,}(?![\w]|[.,]\d)")
#: What the matches of the patterns above hold.
_FIVE_DIGITS = lazy(r"\d{5}")
_DOT_THOUSANDS = lazy(r"\.(?<=\d\.)\d{3}\.\d{3}")
#: Leads with the first digit (a set the engine scans for), then looks behind it.
_UNIT = lazy(
    r"(\d(?<![\w.,]\d)\d*(?:[,.]\d+)?)("
    + "|".join(map(re.escape, SIGNS_AFTER_NUMBERS + UNITS))
    + r")(?![\w/])"
)
_CURRENCY = set(SIGNS_AFTER_NUMBERS)
_REFERENCE_BEFORE = lazy(
    r"(?:n°|no|N°|code|tél|tel|réf|ref|ISBN|dossier|article|art|loi|page|p)\.?\s*$", re.IGNORECASE
)


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return NNBSP.join(parts)


@options_class
class NumbersOptions:
    """Options of the ``numbers`` kind (``newslint rules explain`` describes them)."""

    #: Report numbers of five digits or more written without groups (20000).
    grouping: bool = True
    #: Report a unit or currency glued to its number (10%, 18kg).
    units: bool = True


@register("numbers", NumbersOptions)
def check_numbers(
    document: Document, options: NumbersOptions, context: Context
) -> Iterable[Finding]:
    """Report ungrouped large numbers, dot-grouped thousands and units glued to numbers.

    ## What it does
    Flags `20000` (→ `20 000` with U+202F), `200.000.000` (the English grouping), and
    `10%`, `50€`, `18kg` (a no-break space goes before the sign). Not flagged: years and
    four-digit numbers, postal codes before a town (`75001 Paris`), references
    (`n° 12345`, `ISBN`), phone numbers, `45°`, `1er`, `3M`, `4G`, versions and IPs.

    ## Why is this bad?
    French groups digits by three with a thin no-break space; a unit glued to the number
    reads as a word, and the dot is the English thousands separator.

    ## Example
    ```
    Il a touché 20000 euros, soit 10% de plus.
    ```

    ## Use instead
    ```
    Il a touché 20 000 euros, soit 10 % de plus.
    ```

    ## Options
    - `grouping`: report ungrouped and dot-grouped numbers (default true).
    - `units`: report units glued to numbers (default true).

    ## Fix safety
    Safe for `%` and currencies (a no-break space is inserted). Grouping and other units
    are only suggested: a long number may be a reference.
    """
    text = document.text
    masked = mask(text)
    if options.grouping:
        for match in _UNGROUPED.finditer(masked) if _FIVE_DIGITS.search(masked) else ():
            digits = match.group(0)
            before = masked[max(0, match.start() - 12) : match.start()]
            after = masked[match.end() : match.end() + 3]
            if _REFERENCE_BEFORE.search(before) or (
                len(digits) == 5 and re.match(r"[ \u00a0][A-ZÉ]", after)
            ):
                continue  # a reference or a postal code
            if digits.startswith("0") and len(digits) in (9, 10):
                continue  # a phone number
            yield Finding(
                match.start(),
                match.end(),
                f"Nombre non groupé : « {digits} ».",
                suggestions=(_group(digits),),
            )
        for match in _DOT_GROUPED.finditer(masked) if _DOT_THOUSANDS.search(masked) else ():
            number = match.group(0)
            yield Finding(
                match.start(),
                match.end(),
                f"Séparateur de milliers anglais : « {number} ».",
                suggestions=(number.replace(".", NNBSP),),
            )
    if options.units:
        for match in _UNIT.finditer(masked):
            unit = match.group(2)
            at = match.end(1)
            fix = Fix((Edit(at, at, NBSP),)) if unit in _CURRENCY else None
            yield Finding(
                match.start(),
                match.end(),
                f"Espace insécable manquante entre le nombre et « {unit} ».",
                suggestions=(match.group(1) + NBSP + unit,),
                fix=fix,
            )


# -- abbreviations -------------------------------------------------------------------------

_TITLE_DOT = lazy(r"\b(Mmes|Mme|Mlles|Mlle|Dr|Pr|Me|Mgr)(\.)(?=[ \u00a0\u202f]+[A-ZÀ-Ý])")
_MR = lazy(r"\b(Mr)\.?(?=[ \u00a0\u202f]+[A-ZÀ-Ý])")
#: What every match of _TITLE_DOT holds, with "Dr." or "Pr.".
_TITLE_HINT = lazy(r"M(?:mes?|lles?|e|gr)\.")


@options_class
class AbbreviationsOptions:
    """Options of the ``abbreviations`` kind (``newslint rules explain`` describes them)."""

    message: str = "« {match} » s’abrège sans point : « {fixed} »."


@register("abbreviations", AbbreviationsOptions)
def check_abbreviations(
    document: Document, options: AbbreviationsOptions, context: Context
) -> Iterable[Finding]:
    """Report `Mme.`, `Mlle.`, `Dr.` before a name, and the English `Mr`.

    ## What it does
    Flags a full stop after an abbreviation that ends with the word's last letter
    (`Mme.`, `Mlle.`, `Dr.`, `Me.`) before a capital, and `Mr` (→ `M.`). `M. Dupont` and
    `MM.` are correct.

    ## Why is this bad?
    French abbreviations that keep the last letter of the word take no full stop.

    ## Example
    ```
    Mme. Dupont a rencontré Mr Martin.
    ```

    ## Use instead
    ```
    Mme Dupont a rencontré M. Martin.
    ```

    ## Options
    - `message`: template; `{match}` is the abbreviation found, `{fixed}` its correction.

    `Dr.`, `Pr.` and `Mr` are at most warnings: English forms that some French copy prints
    as its convention (« Mr Bean », « Mr Hinx »), where `Mme.` is a slip in every style.

    ## Fix safety
    Safe for `Mme.`, `Mmes.`, `Mlle.` and `Mlles.` before a capital (the stop is removed).
    `Dr.` and `Mr` are only suggested: they may be English.
    """
    text = document.text
    masked = mask(text)
    titles = "Dr." in masked or "Pr." in masked or _TITLE_HINT.search(masked)
    for match in _TITLE_DOT.finditer(masked) if titles else ():
        word = match.group(1)
        safe = word.startswith("M") and word not in ("Me", "Mgr")
        fix = Fix((Edit(match.start(2), match.end(2), ""),)) if safe else None
        yield Finding(
            match.start(),
            match.end(),
            options.message.format(match=word + ".", fixed=word),
            suggestions=(word,),
            fix=fix,
            cap=None if safe else Severity.WARNING,
        )
    for match in _MR.finditer(masked) if "Mr" in masked else ():
        yield Finding(
            match.start(),
            match.end(),
            options.message.format(match=match.group(0), fixed="M."),
            suggestions=("M.",),
            cap=Severity.WARNING,
        )
