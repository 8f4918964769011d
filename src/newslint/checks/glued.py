"""Kind ``glued-words``: two words glued by sentence punctuation (``refusé.de``, ``Attention:danger``).

``punctuation/space-after`` finds ``fini.Demain`` (a capital after the full stop) and
``oui,non``; this kind finds what it leaves out because a domain name looks the same
(``refusé.de`` could be a German address, ``la.fr`` a French one): a full stop between a
word and a lowercase French word, and a colon, semicolon, ``!`` or ``?`` between two words.
URLs, e-mail addresses, times and code are masked first (:mod:`newslint.masking`).
"""

from __future__ import annotations

from dataclasses import field

from newslint.checks import register
from newslint.findings import Edit, Finding, Fix
from newslint.lazyre import lazy
from newslint.masking import mask
from newslint.options import options_class

#: A word, a sign, a word: letters only, not part of a longer dotted or slashed chain.
_GLUED = lazy(r"(?<![\w.@/\\-])([^\W\d_]{2,})([.:;!?])([^\W\d_]{2,})(?![\w@/\\]|\.[^\W\d_])")


#: Endings of site names: never a glued word after a full stop.
_DOMAINS = frozenset("fr com org net info eu be ch ca io tv me co uk gouv re nc pf".split())


@options_class
class Options:
    """Options of the ``glued-words`` kind (``newslint rules explain`` describes them)."""
    #: Lowercase words that, after a full stop, show two words glued rather than a domain.
    after_period: list[str] = field(default_factory=lambda: [
        "de", "du", "des", "la", "le", "les", "et", "en", "un", "une", "il", "ils", "elle",
        "elles", "on", "nous", "vous", "je", "tu", "ce", "cette", "ces", "mais", "ou", "où",
        "donc", "car", "ni", "que", "qui", "pour", "par", "dans", "sur", "avec", "sans", "au",
        "aux", "son", "sa", "ses", "leur", "leurs", "se", "ne", "pas", "plus", "est", "sont",
    ])
    #: Message template; ``{match}`` is the glued text.
    message: str = "Espace manquante après la ponctuation : « {match} »."


@register("glued-words", Options)
def check(document, options: Options, context):
    """Report two words glued by a full stop, colon, semicolon, ``!`` or ``?``.

    ## What it does
    Flags `refusé.de partir` (a full stop before a lowercase French word, or after a word
    with an accent, which no domain name has) and `Attention:danger`, `oui;non`,
    `Quoi?Rien` (a sign between two words). URLs, e-mail addresses, domain names, times and
    code are masked first; dotted chains (`a.b.c`) and paths are left alone.

    ## Why is this bad?
    A missing space after sentence punctuation is a typing slip in every house style.

    ## Example
    ```
    Il a refusé.de partir. Attention:danger.
    ```

    ## Use instead
    ```
    Il a refusé. De partir. Attention : danger.
    ```

    ## Options
    - `after_period`: lowercase words that, after a full stop, show a slip (default: French
      articles, pronouns, prepositions and conjunctions).
    - `message`: template; `{match}` is the glued text.

    ## Fix safety
    A space after `:` `;` `!` `?` is suggested, and so is one after the full stop (only the
    author knows whether the sentence ends there); no fix is applied.
    """
    text = document.text
    masked = mask(text)
    after_period = {word.lower() for word in options.after_period}
    for match in _GLUED.finditer(text):
        left, sign, right = match.group(1), match.group(2), match.group(3)
        start, end = match.span()
        if sign == ".":
            if right.lower() in _DOMAINS:
                continue  # « Dépêche.fr », « Mutuellesanté.fr »: accented site names
            if not right[0].islower():
                continue  # « fini.Demain »: punctuation/space-after
            if right.lower() not in after_period and left.isascii():
                continue  # could be a domain or a file name (« site.fr », « index.html »)
        elif masked[start:end] != text[start:end]:
            continue  # part of a URL, a time, an emoticon or code
        if left.isupper() and right.isupper():
            continue  # acronyms and codes (« ISO:IEC »)
        at = match.start(2) + 1
        yield Finding(
            start,
            end,
            options.message.format(match=match.group()),
            suggestions=(f"{left}{sign} {right}",),
            fix=Fix((Edit(at, at, " "),), safe=False),
        )
