"""Kind ``repetition``: the same word twice in a row ("le le")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newslint.checks import register
from newslint.findings import Edit, Finding, Fix

_WORD = re.compile(r"\b(\w+)(\s+)(\1)\b", re.IGNORECASE)


@dataclass
class Options:
    #: Words that may legitimately repeat ("nous nous", "vous vous", "que que" is not one).
    allow: list[str] = field(default_factory=lambda: ["nous", "vous", "si", "très", "bien", "non", "oui", "l"])
    message: str = "Mot répété : « {match} »."
    #: Only words at least this long are compared (set to 1 to include "a a").
    min_length: int = 1


@register("repetition", Options)
def check(document, options: Options, context):
    """Report a word written twice in a row.

    ## What it does
    Flags two identical consecutive words, ignoring case: « le le président ».

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
    - `allow`: words that may repeat (« nous nous », « vous vous »).
    - `message`: template; `{match}` is the repeated word.
    - `min_length`: shortest word compared.

    ## Fix safety
    The fix removes the second word and is safe: the text loses only the duplicate.
    """
    allow = {word.lower() for word in options.allow}
    text = document.text
    for match in _WORD.finditer(text):
        word = match.group(1)
        if word.lower() in allow or len(word) < options.min_length or word.isdigit():
            continue
        if "\n\n" in match.group(2):
            continue
        start, end = match.start(1), match.end(3)
        yield Finding(
            start,
            end,
            options.message.format(match=word),
            suggestions=(word,),
            fix=Fix((Edit(match.end(1), match.end(3), ""),)),
        )
