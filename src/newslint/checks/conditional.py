"""Kind ``conditional``: a term (an acronym) used before it is defined."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field
from typing import TYPE_CHECKING

from newslint.checks import Context, register
from newslint.findings import Finding
from newslint.options import options_class
from newslint.patterns import TermSet, check_template

if TYPE_CHECKING:
    from newslint.documents.model import Document

#: An acronym: two to six capitals or digits, starting with a capital (« ONU », « G20 »).
DEFAULT_FIRST = r"[A-Z][A-Z0-9]{1,5}"
#: Definitions: « Organisation des Nations unies (ONU) » or « ONU (Organisation des ...) ».
#: Letters are spelt out (not ``\pL``): RE2 compiles Unicode-wide classes slowly.
DEFAULT_SECOND = [
    r"[\wÀ-ÿœŒ][\wÀ-ÿœŒ'’ -]{3,}\s\(([A-Z][A-Za-z0-9]{1,5})[),]",
    r"([A-Z][A-Z0-9]{1,5})\s\([\wÀ-ÿœŒ][^()]{5,}\)",
]
_ROMAN = frozenset(
    [
        "II",
        "III",
        "IV",
        "VI",
        "VII",
        "VIII",
        "IX",
        "XI",
        "XII",
        "XIII",
        "XIV",
        "XV",
        "XVI",
        "XVII",
        "XVIII",
        "XIX",
        "XX",
        "XXI",
    ]
)


@options_class
class Options:
    """Options of the ``conditional`` kind (``newslint rules explain`` describes them)."""

    #: RE2 pattern of the terms that need a definition; group 1 (or the whole match) is the term.
    first: str = DEFAULT_FIRST
    #: RE2 patterns of a definition; group 1 is the term defined.
    second: list[str] = field(default_factory=lambda: list(DEFAULT_SECOND))
    #: Terms every reader knows, never reported (« ONU », « SNCF »).
    exceptions: list[str] = field(default_factory=list)
    #: Whether ``first`` is matched regardless of case (acronyms: no).
    ignorecase: bool = False
    #: Template: ``{match}`` the term used before its definition.
    message: str = "« {match} » : sigle employé sans être défini auparavant."

    def validate(self) -> None:
        check_template(self.message, ("match",))
        self.matchers()[0].validate()
        self.matchers()[1].validate()

    def matchers(self) -> tuple[TermSet, TermSet]:
        if getattr(self, "_matchers", None) is None:
            self._matchers = (
                TermSet([self.first], ignorecase=self.ignorecase, key="first", keys=["first"]),
                TermSet(self.second, ignorecase=False, boundaries=False, key="second"),
            )
        return self._matchers


@register("conditional", Options)
def check(document: Document, options: Options, context: Context) -> Iterable[Finding]:
    """Report an acronym (or any term) used before the draft defines it.

    ## What it does
    Finds every `first` term (by default an acronym of 2 to 6 capitals) and reports its first
    use when no `second` pattern (a definition such as « Organisation du traité de
    l’Atlantique nord (OTAN) » or « OTAN (Organisation du traité...) ») has defined it earlier
    in the draft. Terms in `exceptions` are never reported; roman numerals are ignored.

    ## Why is this bad?
    Style books (AFP, Le Monde, the Lexique des règles typographiques de l'Imprimerie
    nationale, « sigles ») ask that a sigle be spelt out at its first mention unless every
    reader knows it.

    ## Example
    ```
    La CNCDH publie son rapport. La Commission nationale consultative des droits de l'homme
    (CNCDH) s'inquiète.
    ```

    ## Use instead
    ```
    La Commission nationale consultative des droits de l'homme (CNCDH) publie son rapport.
    ```

    ## Options
    - `first`: RE2 pattern of the terms; group 1 is the term if the pattern has groups.
    - `second`: RE2 patterns of definitions; group 1 is the term defined.
    - `exceptions`: well-known terms; `ignorecase`; `message` with `{match}`.

    ## Fix safety
    No fix: only the writer knows the expansion.
    """
    text = document.text
    first, second = options.matchers()
    defined: dict[str, int] = {}
    for match in second.finditer(text):
        term = next((g for g in match.groups if g), match.text)
        defined.setdefault(term.upper(), match.start)
    known = {e.upper() for e in options.exceptions} | _ROMAN
    reported: set[str] = set()
    for match in first.finditer(text):
        term = next((g for g in match.groups if g), match.text)
        key = term.upper()
        if key in known or key in reported:
            continue
        reported.add(key)  # only the first use can come before the definition
        definition = defined.get(key)
        if definition is None or definition > match.start:
            yield Finding(match.start, match.end, options.message.format(match=term))
