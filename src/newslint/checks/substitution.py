"""Kind ``substitution``: prefer one term over another, with a case-keeping fix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field
from typing import TYPE_CHECKING

from newslint.checks import Context, register
from newslint.findings import Edit, Finding, Fix
from newslint.options import options_class
from newslint.patterns import MatchOptions, PatternError, TermSet, check_template, expand, keep_case

if TYPE_CHECKING:
    from newslint.documents.model import Document


@options_class
class Options(MatchOptions):
    """Options of the ``substitution`` kind (``newslint rules explain`` describes them)."""

    #: ``pattern: replacement``; several replacements separated by ``|`` are suggestions only.
    #: ``\\1`` or ``$1`` in a replacement inserts the pattern's first group.
    swap: dict[str, str] = field(default_factory=dict)
    #: Message template: ``{match}`` the text found, ``{replacement}`` what to write.
    message: str = "« {match} » : préférer « {replacement} »."
    #: Offer ``--fix`` when the replacement is unambiguous (one replacement, no ``|``).
    fix: bool = True
    #: Matched texts that are allowed after all (compared without case): « 14 Juillet ».
    exceptions: list[str] = field(default_factory=list)

    def validate(self) -> None:
        if not self.swap:
            raise PatternError("swap", "swap: give at least one pattern: replacement")
        check_template(self.message, ("match", "replacement"))
        for pattern, replacement in self.swap.items():
            if not isinstance(replacement, str):
                raise PatternError(
                    ("swap", pattern), f"swap: replacement of {pattern!r} should be a string"
                )
        self.matcher().validate()

    def matcher(self) -> TermSet:
        if getattr(self, "_matcher", None) is None:
            patterns = list(self.swap)
            self._matcher = self.terms(patterns, "swap", keys=[("swap", p) for p in patterns])
            self._replacements = [self.swap[p] for p in patterns]
        return self._matcher


@register("substitution", Options, skip_quotes=True)
def check(document: Document, options: Options, context: Context) -> Iterable[Finding]:
    """Report a term the house style replaces with another, and offer the replacement.

    ## What it does
    For each `swap` entry `pattern: replacement`, flags the pattern (whole words, French
    elisions and hyphens understood) and suggests the replacement with the case of the text
    found: « Impacter » becomes « Affecter », « IMPACTER » becomes « AFFECTER ».

    ## Why is this bad?
    Anglicisms, barbarisms and pleonasms have a standard French form (Académie française,
    « Dire, ne pas dire »; FranceTerme). Copy that uses the standard form reads as edited.

    ## Example
    ```yaml
    rules:
      style/anglicismes:
        kind: substitution
        options:
          swap:
            "deadline": "date limite|échéance"
            "impacter": "toucher"
    ```
    ```
    La réforme va impacter les retraités.
    ```
    ## Use instead
    ```
    La réforme va toucher les retraités.
    ```

    ## Options
    - `swap`: `pattern: replacement`; `a|b` offers several replacements (no automatic fix);
      `\\1` or `$1` inserts a group of the pattern (« (\\d+)ème »: « \\1e »).
    - `ignorecase` (default true), `literal`, `boundaries` (whole words, default true),
      `skip_names` (leave « le site Deadline » alone: a capital inside a sentence).
    - `message`: template with `{match}` and `{replacement}`.
    - Quoted speech is skipped unless the rule says `quotes: any`.
    - `fix`: offer a fix when the replacement is unambiguous (default true).
    - `exceptions`: matched texts that are allowed after all.

    ## Fix safety
    The fix is safe when the entry has exactly one replacement: it swaps the words and keeps
    the case of the first letter (or of the whole word when it is in capitals). Entries with
    several replacements (`a|b`) only suggest them. Agreement around the swapped word
    (gender, a verb's conjugation) is not adjusted: rules whose replacement changes it
    should list each form or set `fix: false`.
    """
    matcher = options.matcher()
    replacements = options._replacements
    allowed = {e.casefold() for e in options.exceptions}
    for match in matcher.finditer(document.text):
        if match.text.casefold() in allowed:
            continue
        raw = expand(replacements[match.index], match.groups)
        choices = [keep_case(match.text, choice) for choice in raw.split("|")]
        if match.text in choices:
            continue  # the preferred form itself, found because case is ignored
        unique = len(choices) == 1 and options.fix
        yield Finding(
            match.start,
            match.end,
            options.message.format(match=match.text, replacement=" » ou « ".join(choices)),
            suggestions=tuple(choices),
            fix=Fix((Edit(match.start, match.end, choices[0]),)) if unique else None,
        )
