"""French typographic constants, each written and documented once.

Every module that needs a space, a sign or the list of elided words imports it from here
(tests/test_arch_french.py fails on a second spelling). Quotation marks have their own
model, :mod:`newslint.quotemarks`.

Sources: Lexique des règles typographiques en usage à l'Imprimerie nationale ("espaces",
"élision"); Grevisse, *Le Bon Usage*, §§ 44-46 (élision).
"""

from __future__ import annotations

# -- spaces --------------------------------------------------------------------------------

#: No-break space (U+00A0): before ``:`` and inside « » (Imprimerie nationale).
NBSP = "\u00a0"
#: Narrow no-break space (U+202F): before ``; ! ?`` and between groups of digits.
NNBSP = "\u202f"
#: Thin space (U+2009) and figure space (U+2007): typeset by some tools inside « ».
THIN_SPACE, FIGURE_SPACE = "\u2009", "\u2007"
#: The two no-break spaces a French text uses.
NO_BREAK_SPACES = NBSP + NNBSP
#: The spaces that may stand inside a line between a word and a sign: space, tab, the two
#: no-break spaces. Not a line break.
LINE_SPACES = " \t" + NO_BREAK_SPACES
#: ``LINE_SPACES`` as a regex character class.
LINE_SPACE_CLASS = "[ \t\u00a0\u202f]"
#: Every space a quotation mark may have beside it (LINE_SPACES, thin and figure spaces).
SPACES = LINE_SPACES + THIN_SPACE + FIGURE_SPACE

# -- punctuation ---------------------------------------------------------------------------

#: Signs that take a space before them in French (the "double" signs).
DOUBLE_SIGNS = ";:!?"
#: The high signs that take a narrow no-break space (U+202F) before them; ``:`` takes a
#: full no-break space (U+00A0) instead (Imprimerie nationale).
HIGH_SIGNS = ";!?"
HYPHENS = "-\u2010\u2011"
#: The straight and the typographic apostrophe.
APOSTROPHES = "'\u2019"

# -- elision -------------------------------------------------------------------------------

#: The words French elides before a vowel or a mute h, as written before the apostrophe:
#: le, la (l'), de (d'), je (j'), me (m'), te (t'), se and si (s'), ne (n'), ce (c'), que
#: (qu'), jusque, lorsque, puisque, quoique, quelque (quelqu'un), presque (presqu'île),
#: entre (entr'ouvrir). Lower case; a word at a sentence start is capitalised.
ELIDED = frozenset(
    [
        "l",
        "d",
        "j",
        "m",
        "t",
        "s",
        "n",
        "c",
        "qu",
        "jusqu",
        "lorsqu",
        "puisqu",
        "quoiqu",
        "quelqu",
        "presqu",
        "entr",
    ]
)
#: Elided words written apart as a lone word (``qu il``, ``jusqu à``) are a missing
#: apostrophe, except ``c``: a lone c is a letter or a symbol as often, and ``c est`` is
#: checked on its own (``apostrophe-lost``), before the forms of être only.
ELIDED_WRITTEN_APART = ELIDED - {"c"}
#: Capitalised, a single letter other than L and D before an apostrophe and a capital is
#: part of a name (N'Golo Kanté, M'Bappé, J'Hallyday... are not elisions): what may be cut
#: off the front of a capitalised word as an elision.
ELIDED_BEFORE_NAMES = frozenset(w for w in ELIDED if len(w) > 1 or w in ("l", "d"))
#: Words written with an apostrophe inside that are not elisions: a space after the
#: apostrophe is as wrong as after an elided word (``aujourd’ hui``).
INNER_APOSTROPHE = frozenset(["aujourd"])


def alternation(words: frozenset[str] | set[str], capital: bool = False) -> str:
    """A regex group matching any of ``words`` (longest first); with ``capital``, the first
    letter in either case (``[lL]``, ``[jJ]usqu``)."""
    ordered = sorted(words, key=lambda w: (-len(w), w))
    if capital:
        ordered = [f"[{w[0]}{w[0].upper()}]{w[1:]}" for w in ordered]
    return "(?:" + "|".join(ordered) + ")"


def capitalised(words: frozenset[str] | set[str]) -> str:
    """A regex group matching any of ``words`` with a capital first letter only."""
    return "(?:" + "|".join(w.capitalize() for w in sorted(words, key=lambda w: (-len(w), w))) + ")"


# -- numbers and units ---------------------------------------------------------------------

#: Signs written after a number with a no-break space (20 %, 30 €).
SIGNS_AFTER_NUMBERS = ("%", "€", "$", "£", "¥")
#: Units of measure written after a number with a no-break space (12 km, 3 kWh).
UNITS = (
    "kg",
    "km",
    "mg",
    "cm",
    "mm",
    "ml",
    "cl",
    "kWh",
    "kW",
    "MW",
    "GW",
    "ha",
    "km/h",
    "°C",
    "Mo",
    "Go",
    "To",
)
