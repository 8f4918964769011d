"""Kind ``repetition``: the same word twice in a row (« le le »)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import field
from itertools import islice
from operator import eq
from typing import TYPE_CHECKING

from newslint.checks import Context, register
from newslint.findings import Edit, Finding, Fix, Severity
from newslint.options import options_class
from newslint.patterns import check_template, sentence_start
from newslint.segment import WORD, words

if TYPE_CHECKING:
    from newslint.documents.model import Document

#: Doublings that French grammar allows: « nous nous sommes », « vous vous êtes »,
#: reduplications of speech (« très très », « si si ») and « Bora Bora »-like names.
DEFAULT_ALLOW = ["nous", "vous", "si", "très", "bien", "non", "oui", "tout", "fort", "peu", "plus"]


@options_class
class Options:
    """Options of the ``repetition`` kind (``newslint rules explain`` describes them)."""

    #: Words that may legitimately repeat (compared without case).
    allow: list[str] = field(default_factory=lambda: list(DEFAULT_ALLOW))
    #: Template; ``{match}`` is the repeated word.
    message: str = "Mot répété : « {match} »."
    #: Only words at least this long are compared (1 includes « a a »).
    min_length: int = 1

    def validate(self) -> None:
        check_template(self.message, ("match",))


#: French grammatical words (articles, prepositions, conjunctions, pronouns, auxiliaries,
#: negation): a closed class that speech never doubles on purpose, so « de de », « a a »,
#: « est est » are slips. Other words are doubled in speech and in copy for effect
#: (« olé olé », « boum boum », « beaucoup beaucoup »): see ``_expressive``.
GRAMMATICAL = frozenset(
    """le la les l un une des du de d au aux à a ai as avons avez ont avait avaient aurait
    eu est es sont suis sommes êtes était étaient été être avoir sera seront serait et ou ni
    mais or donc car que qu qui quoi dont où ce c cet cette ces se s sa son ses mon ma mes
    ton ta tes notre nos votre vos leur leurs il ils elle elles on je j tu me m te t lui y en
    ne n pas par pour dans sur sous avec sans chez entre vers comme lors dès depuis pendant
    selon contre afin""".split()
)


def _in_quotation(text: str, at: int) -> bool:
    """Whether ``at`` stands inside a quotation of its paragraph (more « than » before it,
    or an odd number of straight or English double quotes)."""
    start = text.rfind("\n\n", 0, at) + 1
    before = text[start:at]
    return (
        before.count("«") > before.count("»")
        or before.count('"') % 2 == 1
        or before.count("“") > before.count("”")
    )


def _expressive(text: str, word: str, at: int) -> bool:
    """A doubled word other than a grammatical one that may be said on purpose: in quoted
    speech, or short (« olé olé », « nul nul »). Weak evidence of a slip: a warning."""
    folded = word.casefold()
    if folded in GRAMMATICAL:
        return False
    return len(word) <= 4 or _in_quotation(text, at)


def _only_space(text: str, start: int, end: int) -> bool:
    gap = text[start:end]
    return bool(gap) and gap.isspace() and "\n\n" not in gap


#: « a a priori », « a a fortiori »: the second word starts a Latin phrase.
_LATIN = frozenset(["priori", "posteriori", "fortiori", "minima", "maxima", "contrario"])
#: Particles of names: « l’appel de de Gaulle », « le film de De Funès ».
_PARTICLES = frozenset(["de", "du", "des", "d"])


def _legitimate(
    text: str, first: re.Match[str], second: re.Match[str], following: re.Match[str] | None
) -> bool:
    """Doublings that are not slips: names, initials, Latin phrases, « de de Gaulle »."""
    word = first.group()
    if word[:1].isupper() and not sentence_start(text, first.start()):
        return True  # « Caretta caretta », « RER A a été »: the first word is a name
    if len(word) == 1 and word.isupper():
        return True
    if following is not None and _only_space(text, second.end(), following.start()):
        after = following.group()
        if after.lower() in _LATIN:
            return True
        if word.lower() in _PARTICLES and after[:1].isupper():
            return True
    return False


def _any_doubling(text: str) -> bool:
    """Whether two consecutive words are equal without case: the cheap test most drafts
    fail, done on the word strings in C (``findall``, ``map``) before any match object is
    built for the full check."""
    folded = list(map(str.casefold, WORD.findall(text)))
    return any(map(eq, folded, islice(folded, 1, None)))


@register("repetition", Options)
def check(document: Document, options: Options, context: Context) -> Iterable[Finding]:
    """Report a word written twice in a row.

    ## What it does
    Flags two identical consecutive words separated only by spaces (one line break at most),
    ignoring case: « le le président », « de de ». Words are French words: « l’été » and
    « porte-parole » are one word each. Not reported: allowed doublings (« nous nous »,
    « vous vous »), names (« Bora Bora », « Caretta caretta », « RER A a été »: a capital
    not at the start of a sentence), « de de Gaulle » and « a a priori ». A grammatical
    word doubled (« de de », « a a », « est est ») is a slip; another word doubled in quoted
    speech or a short one (« olé olé », « boum boum ») may be said on purpose and is at most
    a warning.

    ## Why is this bad?
    A doubled word is the most common slip of a rewritten sentence and is easy to miss on
    screen.

    ## Example
    ```
    Le le président a parlé.
    ```

    ## Use instead
    ```
    Le président a parlé.
    ```

    ## Options
    - `allow`: words that may repeat (« nous », « vous », « très » ...).
    - `message`: template; `{match}` is the repeated word.
    - `min_length`: shortest word compared.

    ## Fix safety
    The fix removes the second word and the space before it; it is safe (the text loses only
    the duplicate) except for a doubling that may be on purpose (a warning), only suggested.
    """
    allow = {word.casefold() for word in options.allow}
    text = document.text
    if not _any_doubling(text):
        return
    tokens = list(words(text))
    previous = None
    for index, match in enumerate(tokens):
        word = match.group()
        if previous is not None:
            before = previous.group()
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if (
                before.casefold() == word.casefold()
                and _only_space(text, previous.end(), match.start())
                and len(word) >= options.min_length
                and word.casefold() not in allow
                and not word[:1].isupper()  # « Bora Bora », « Baden Baden »: names
                and not _legitimate(text, previous, match, following)
            ):
                expressive = _expressive(text, word, previous.start())
                yield Finding(
                    previous.start(),
                    match.end(),
                    options.message.format(match=word),
                    suggestions=(before,),
                    fix=Fix((Edit(previous.end(), match.end(), ""),), safe=not expressive),
                    cap=Severity.WARNING if expressive else None,
                )
                previous = None
                continue
        previous = match
