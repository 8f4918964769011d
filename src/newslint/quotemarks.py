"""The quotation marks newslint knows, in one table.

Two readers derive what they need from :data:`MARKS`, and nothing else lists quotation
marks for them:

- :func:`newslint.segment.quote_spans`, the *lenient* reading other checks use to skip
  quoted speech: a cheap stack that must never mistake an apostrophe for a quote;
- :func:`newslint.checks.quotes.pairing`, the *strict* reading the quote checks report on,
  which reads each mark's place in the text.

They differ where they need to, each difference a property of the marks below
(tests/test_arch_quotemarks.py pins each one):

1. ``‘ ’`` (:attr:`QuoteMark.apostrophe`): ’ is also the apostrophe, and ‘ is typed for one
   (‘80s). The strict reading pairs them by their place (``l’Ukraine`` is never a closing
   quote); the lenient reading has no place test, so it ignores them: its spans never end
   at an apostrophe.
2. ``„`` (:attr:`QuoteMark.foreign`): the German and Polish opening mark. Quoted speech
   for the lenient reading (a German quotation in a French draft is still a quotation);
   the strict reading checks French and English house styles and leaves it alone.
3. ``'`` (:attr:`QuoteMark.alone`): a single straight mark is an apostrophe; only two of
   them typed for ``"`` (``''Ça''``) are a quotation mark, which the strict reading
   understands and the lenient one does not.
4. Paragraph ends (:attr:`QuoteMark.continued_by`): the strict reading carries an open «,
   " or “ quotation into a paragraph that opens with one of the marks its opening mark lists;
   the lenient reading keeps its typographic stack open when the next paragraph opens with
   a mark the « lists (whatever the stack holds), and a straight " when it opens with ",
   so a “ quotation continued by “ is two spans there (the blank line between them is not
   quoted).

Straight ``"`` is ambiguous (:attr:`QuoteMark.role` ``either``): the strict reading tells
an opening from a closing one by its place, the lenient one pairs them in turn outside
typographic quotes only.
"""

from __future__ import annotations

from typing import Literal

from newslint.classcache import dataclass
from newslint.french import APOSTROPHES


@dataclass(frozen=True)
class QuoteMark:
    """One quotation mark and what it means."""

    glyph: str
    #: ``open``, ``close``, or ``either`` for a straight mark, whose place says which.
    role: Literal["open", "close", "either"]
    #: The mark that closes it (an opening mark), that it closes (a closing mark), or
    #: itself (a straight mark). ``„`` is closed by ``“``.
    partner: str
    #: How messages name it.
    name: str
    #: Its level in French copy: 1 « », 2 “ ” or ‹ ›, 3 ‘ ’; 0 for a mark that has no
    #: level in French typography (straight marks, ``„``). The house style of each level is
    #: the ``quote-style`` kind's option, not a property of the mark.
    level: int
    #: The glyph also stands for an apostrophe: ’ is the typographic apostrophe, ' the
    #: straight one, ‘ is typed for one (‘80s). Only a reading of its place can pair it.
    apostrophe: bool = False
    #: Whether one mark alone can be a quotation mark (a single ' cannot: it is an
    #: apostrophe, and only '' stands for ").
    alone: bool = True
    #: A mark of another language's typography: quoted speech, but no house style of ours.
    foreign: bool = False
    #: Marks that, opening the next paragraph, continue an open quotation of this mark
    #: across the paragraph's end (« is continued by «, by the *guillemet de suite* » or by
    #: a dialogue dash; " and “ by themselves in English and wire copy).
    continued_by: tuple[str, ...] = ()


MARKS: dict[str, QuoteMark] = {
    mark.glyph: mark
    for mark in (
        QuoteMark("«", "open", "»", "chevron ouvrant « « »", 1, continued_by=("«", "»", "—", "–")),
        QuoteMark("»", "close", "«", "chevron fermant « » »", 1),
        QuoteMark("“", "open", "”", "guillemet anglais ouvrant « “ »", 2, continued_by=("“",)),
        QuoteMark("”", "close", "“", "guillemet anglais fermant « ” »", 2),
        QuoteMark("‹", "open", "›", "chevron simple ouvrant « ‹ »", 2),
        QuoteMark("›", "close", "‹", "chevron simple fermant « › »", 2),
        QuoteMark("‘", "open", "’", "guillemet simple ouvrant « ‘ »", 3, apostrophe=True),
        QuoteMark("’", "close", "‘", "guillemet simple fermant « ’ »", 3, apostrophe=True),
        QuoteMark("„", "open", "“", "guillemet allemand ouvrant « „ »", 0, foreign=True),
        QuoteMark('"', "either", '"', 'guillemet droit « " »', 0, continued_by=('"',)),
        QuoteMark("'", "either", "'", "apostrophe droite « ' »", 0, apostrophe=True, alone=False),
    )
}


def _glyphs(**wanted: object) -> str:
    return "".join(
        g for g, m in MARKS.items() if all(getattr(m, k) == v for k, v in wanted.items())
    )


# -- what the lenient reading (segment.quote_spans) reads ---------------------------------

#: Typographic opening marks and the mark that closes each; no apostrophe-like mark.
LENIENT_OPENERS = {g: m.partner for g, m in MARKS.items() if m.role == "open" and not m.apostrophe}
#: Typographic closing marks; no apostrophe.
LENIENT_CLOSERS = _glyphs(role="close", apostrophe=False)
#: The straight mark it pairs in turn.
LENIENT_STRAIGHT = _glyphs(role="either", apostrophe=False)

# -- what the strict reading (checks.quotes.pairing) reads --------------------------------

#: Each opening mark (straight " included) and the mark that closes it.
CLOSER = {
    g: m.partner
    for g, m in MARKS.items()
    if m.role in ("open", "either") and m.alone and not m.foreign
}
#: The marks it pairs, opening and closing.
STRICT_MARKS = "".join(g for g, m in MARKS.items() if m.alone and not m.foreign)
#: Opening and closing marks that are not apostrophes (where an excerpt's edge is).
STRICT_OPENERS_NOT_APOSTROPHE = "".join(g for g in CLOSER if not MARKS[g].apostrophe)
STRICT_CLOSERS_NOT_APOSTROPHE = "".join(
    CLOSER[g] for g in CLOSER if not MARKS[CLOSER[g]].apostrophe
)
#: What may stand right before an opening mark: a bracket, a dash, a slash, an apostrophe
#: (d’« huile »), another opening mark.
BEFORE_OPENING = "([{—–-/" + APOSTROPHES + "".join(CLOSER)
#: What may stand right after a closing mark: a sign, a bracket, a dash, another closing mark.
AFTER_CLOSING = ".,;:!?…)]}" + "".join(dict.fromkeys(CLOSER.values())) + "-—–"

#: Marks typed for another: two straight apostrophes for a straight double quote (''Ça'').
STANDS_FOR = {"''": '"'}

# -- both ---------------------------------------------------------------------------------

#: Marks with a quotation that may run over into the next paragraph.
CARRIED = tuple(g for g, m in MARKS.items() if m.continued_by)
#: What, opening a paragraph, continues a « quotation.
GUILLEMET_CONTINUATION = MARKS["«"].continued_by
#: The continuation marks that are quotation marks (skipped: they open nothing new).
CONTINUATION_MARKS = tuple(
    dict.fromkeys(g for m in MARKS.values() for g in m.continued_by if g in MARKS)
)
#: Marks that continue a quotation they opened (" and “ in English and wire copy).
SELF_CONTINUED = tuple(g for g in CARRIED if g in MARKS[g].continued_by)


def name(glyph: str) -> str:
    """How messages name ``glyph``."""
    return MARKS[glyph].name
