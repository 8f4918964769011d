"""Kind ``sentence-case``: a sentence that starts in lower case.

LanguageTool's ``UPPERCASE_SENTENCE_START`` is a text-level rule, off in ``fr-grammar`` so
that paragraphs can share a request (issue 14); this kind brings the check back, decided by the
shape of the text around the word, never by word lists:

- a sentence starts a paragraph or a heading, or follows a full stop that ends a sentence
  (not an abbreviation such as « etc. » or « M. », an initial, a number such as « 1. »);
- not after « ! » or « ? » (« Quoi ? dit-il » goes on), an ellipsis (« … », « ... ») or a colon;
- not after a quotation closed by the full stop (« "C'est fini." dit-il »), nor inside
  brackets (« (ndlr. mardi) »);
- not a continued quotation (the word follows an opening « “ " or a dash) nor a paragraph that
  opens with an ellipsis or a bracket, or follows one that ends with an ellipsis;
- not a list item (Markdown list items, or a paragraph opening with « - », « • », « 1) »,
  « a) »), nor a table cell;
- not the first word of a fragment: a paragraph that does not end with « . », « ! », « ? »
  or « … » (a caption, a byline, a label, a line before a list) is not a sentence; a heading
  is judged (a title starts with a capital in every house style);
- not a word with a capital, a digit or a symbol inside (« iPhone », « eBay », « m6 »,
  « lemonde.fr », « @handle »), and not a word the draft never writes with a capital while
  it starts two sentences or more with it (a lower-case brand the draft spells that way).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import field
from typing import TYPE_CHECKING

from newslint.checks import Context, register
from newslint.findings import Edit, Finding, Fix
from newslint.french import ELIDED, alternation
from newslint.masking import PLACEHOLDER, mask
from newslint.options import options_class
from newslint.patterns import check_template
from newslint.segment import ABBREVIATIONS

if TYPE_CHECKING:
    from newslint.documents import Document

#: The first word of a stretch: letters with inner apostrophes, hyphens, and anything glued
#: to it (a digit, a dot, @...) so that its shape can be judged.
_WORD = re.compile(r"[^\s«»“”\"()\[\]{},;:!?…]+")
#: A full stop, closing marks after it, then space, then what opens the next sentence.
_AFTER_STOP = re.compile(r"(?<!\.)\.(?:\s*[»”\")\]])*\s+(?=\S)")
#: What opens a plain-text list item.
_LIST_MARK = re.compile(r"(?:[-–—•*+▪◦]\s|\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]\s)")
#: Before a word, marks that make it a continued quotation or a continuation.
_CONTINUES = set("«“\"'‘-–—…([")


@options_class
class Options:
    """Options of the ``sentence-case`` kind (``newslint rules explain`` describes them)."""

    #: Template: ``{word}`` is the word, ``{fixed}`` the word with its capital.
    message: str = "Phrase commençant par une minuscule : « {fixed} »."
    #: Block kinds checked (Markdown): paragraph, heading, blockquote.
    blocks: list[str] = field(default_factory=lambda: ["paragraph", "heading"])

    def validate(self) -> None:
        check_template(self.message, ("word", "fixed"))
        for kind in self.blocks:
            if kind not in ("paragraph", "heading", "blockquote", "list_item", "table_cell"):
                raise ValueError(f"blocks: {kind!r} is not a block kind")


#: An elided word (l’, d’, qu’...): the sentence starts with it, whatever follows (« l’HAS »).
_ELIDED = re.compile(alternation(ELIDED) + r"['’](?=\w)")


def _odd_shape(word: str) -> bool:
    """A capital, digit or symbol after the first letter (iPhone, eBay, m6, x.com, @x)."""
    if _ELIDED.match(word):
        return False
    core = word.rstrip(".")
    return (
        not core[:1].isalpha()
        or any(c.isupper() or c.isdigit() for c in core[1:])
        or any(not (c.isalpha() or c in "-'’") for c in core)
        or PLACEHOLDER in core
    )


def _abbreviation_before(text: str, dot: int) -> bool:
    token = re.search(r"([\w.\-]+)$", text[max(0, dot - 12) : dot])
    if not token:
        return True  # « . » after a bracket or a quote mark alone: not judged
    word = token.group(1)
    if word in ABBREVIATIONS or word.rstrip(".") in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isalpha():
        return True  # an initial (J. k.) or a list letter
    return word.isdigit() or bool(re.fullmatch(r"(?:\w\.)+\w", word))


#: What ends a sentence, before closing marks: a block ending otherwise is a fragment.
_SENTENCE_END = (".", "!", "?", "…")


def fragment(text: str, start: int, end: int) -> bool:
    """A block that does not end a sentence (« dans la nuit de mardi à mercredi », « par Jean
    Dupont », a caption, a label, a line before a list): not a sentence, so its first word
    is not judged."""
    return not text[start:end].rstrip(" \t\r\n»”\"')]").endswith(_SENTENCE_END)


def candidates(
    text: str, start: int, end: int, continued: bool = False, heading: bool = False
) -> Iterator[tuple[int, str]]:
    """``(position, word)`` of each sentence start in ``text[start:end]`` (one block);
    ``continued``: the block goes on from the previous one (which ended in an ellipsis).
    A fragment's first word is not a sentence start; the words after its full stops are. A
    ``heading`` is judged at its first word though it ends with no stop: a title starts with a
    capital in every house style."""
    position = start
    while position < end and text[position].isspace():
        position += 1
    head = text[position:end]
    if (
        not continued
        and (heading or not fragment(text, start, end))
        and head[:1] not in _CONTINUES
        and not _LIST_MARK.match(head)
    ):
        match = _WORD.match(text, position, end)
        if match:
            yield match.start(), match.group()
    for stop in _AFTER_STOP.finditer(text, start, end):
        if _abbreviation_before(text, stop.start()):
            continue
        if any(mark in stop.group() for mark in '»”"'):
            continue  # « ... fini. » dit-il: after a closing quote, an incise goes on
        if text.count("(", start, stop.start()) > text.count(")", start, stop.start()):
            continue  # inside brackets: « (ndlr. mardi) »
        following = stop.end()
        if text[following] in _CONTINUES:
            continue
        match = _WORD.match(text, following, end)
        if match:
            yield match.start(), match.group()


@register("sentence-case", Options)
def check(document: Document, options: Options, context: Context) -> Iterator[Finding]:
    """Report a sentence that starts with a lower-case letter.

    ## What it does
    Looks at the first word of each paragraph and heading that ends a sentence and at the
    word after each full stop that ends a sentence, and reports it when it starts in lower
    case. It leaves alone fragments (a block not ending with a sentence's punctuation),
    what goes on after « ? », « ! », an ellipsis or a colon, a continued quotation, list
    items, words shaped like brands or addresses (« iPhone », « eBay », « lemonde.fr »), and a
    word the draft never capitalises although two sentences or more start with it.

    ## Why is this bad?
    A capital lost in rewriting (« il a été élu. le président... ») looks careless in print.

    ## Example
    ```
    Le vote a eu lieu hier. le résultat sera connu demain.
    ```

    ## Use instead
    ```
    Le vote a eu lieu hier. Le résultat sera connu demain.
    ```

    ## Fix safety
    The capital is a suggestion (an unsafe fix): a lower-case start may be deliberate.
    """
    text = document.text
    masked = mask(text)
    blocks = (
        [(b.start, b.end, b.kind == "heading") for b in document.blocks if b.kind in options.blocks]
        if document.blocks
        else [(0, len(text), False)]
    )
    found: list[tuple[int, str]] = []
    previous = ""
    for start, end, heading in blocks:
        # A paragraph that goes on from one ending in an ellipsis (« un...\n\ncabaret »).
        continued = previous.rstrip(' \t\n»”")').endswith(("...", "…"))
        found.extend(candidates(masked, start, end, continued, heading))
        previous = text[max(start, end - 8) : end]
    lower = [(p, w) for p, w in found if w[:1].islower() and not _odd_shape(w)]
    if not lower:
        return
    starts: dict[str, int] = {}
    for _, word in lower:
        starts[word] = starts.get(word, 0) + 1
    for position, word in lower:
        if starts[word] >= 2 and not re.search(
            rf"(?<!\w){re.escape(word.capitalize())}(?!\w)", text
        ):
            continue  # the draft's own spelling of a lower-case name
        fixed = word[0].upper() + word[1:]
        end = position + len(word)
        yield Finding(
            position,
            end,
            options.message.format(word=word, fixed=fixed),
            suggestions=(fixed,),
            fix=Fix((Edit(position, end, fixed),), safe=False),
        )


__all__ = ["Options", "candidates", "check", "fragment"]
