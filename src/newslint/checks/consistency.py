"""Kind ``consistency``: two accepted spellings, but one per draft (« Kiev » / « Kyiv »)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field
from typing import TYPE_CHECKING, Any

from newslint.checks import Context, register
from newslint.findings import Edit, Finding, Fix
from newslint.options import options_class
from newslint.patterns import (
    MatchOptions,
    PatternError,
    TermSet,
    check_template,
    keep_case,
    prepare,
)

if TYPE_CHECKING:
    from newslint.documents.model import Document


@options_class
class Options(MatchOptions):
    """Options of the ``consistency`` kind (``newslint rules explain`` describes them)."""

    #: Pairs of accepted forms, ``first: second`` (RE2 patterns).
    either: dict[str, str] = field(default_factory=dict)
    #: Template: ``{match}`` the minority form found, ``{other}`` the form the draft uses most.
    message: str = "« {match} » et « {other} » dans le même article : garder une seule forme."

    def validate(self) -> None:
        if not self.either:
            raise PatternError("either", "either: give at least one pair first: second")
        check_template(self.message, ("match", "other"))
        for first, second in self.either.items():
            if not isinstance(second, str):
                raise PatternError(
                    ("either", first), f"either: the form paired with {first!r} should be a string"
                )
        for matcher in self.matchers():
            matcher.validate()

    def matchers(self) -> list[TermSet]:
        if getattr(self, "_matchers", None) is None:
            self._matchers = [
                self.terms([first, second], "either", keys=[("either", first)] * 2)
                for first, second in self.either.items()
            ]
        return self._matchers

    def forms(self) -> Any:
        """An RE2 set of every form (pair k: 2k and 2k + 1), or ``None`` if RE2 refuses it.

        One pass over the text says which forms occur at all; a pair needs both, and most
        drafts hold neither form of most pairs, so their own searches are skipped. A form
        whose pattern matches nowhere can give no match once word boundaries are checked.
        """
        if getattr(self, "_forms", False) is False:
            self._forms = _form_set(self.matchers(), self.ignorecase)
        return self._forms


def _form_set(matchers: list[TermSet], ignorecase: bool) -> Any:
    import re2

    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = not ignorecase
    forms = re2.Set.SearchSet(options)
    try:
        for matcher in matchers:
            for source in matcher.sources:
                forms.Add(source)
        forms.Compile()
    except re2.error:
        return None
    return forms


@register("consistency", Options, skip_quotes=True)
def check(document: Document, options: Options, context: Context) -> Iterable[Finding]:
    """Report a draft that mixes two accepted spellings of the same thing.

    ## What it does
    For each pair in `either`, when both forms occur in the draft, reports every use of the
    form used less often (on a tie, of the form that appears second) and offers the form
    the draft uses most.

    ## Why is this bad?
    Both « Kiev » and « Kyiv », « clé » and « clef », « évènement » and « événement » are
    correct (the last pair since the 1990 spelling rectifications), but a story that writes
    both looks unedited. Style books ask for one form per article.

    ## Example
    ```yaml
    rules:
      style/variantes:
        kind: consistency
        options:
          either: {"Kiev": "Kyiv", "clé": "clef"}
    ```
    ```
    Les pourparlers de Kiev ont repris. À Kyiv, on reste prudent. Les pourparlers de Kiev...
    ```
    ## Use instead
    ```
    Les pourparlers de Kiev ont repris. À Kiev, on reste prudent.
    ```

    ## Options
    - `either`: `first: second` pairs (RE2 patterns).
    - `ignorecase`, `literal`, `boundaries`; `message` with `{match}` and `{other}`.
    - Quoted speech is skipped unless the rule says `quotes: any`.

    ## Fix safety
    The fix (replace by the majority form, with the case of the text found) is unsafe and
    only offered on request: with a tie, which form the newsroom wants is a choice.
    """
    text = document.text
    forms = options.forms()
    present = None
    if forms is not None:
        present = set(forms.Match(prepare(text).data) or ())
    for number, matcher in enumerate(options.matchers()):
        if present is not None and not (2 * number in present and 2 * number + 1 in present):
            continue
        found = list(matcher.finditer(text))
        first = [m for m in found if m.index == 0]
        second = [m for m in found if m.index == 1]
        if not first or not second:
            continue
        if len(first) != len(second):
            minority, majority = (first, second) if len(first) < len(second) else (second, first)
        else:
            minority, majority = (
                (second, first) if first[0].start < second[0].start else (first, second)
            )
        other = majority[0].text
        for match in minority:
            replacement = keep_case(
                match.text,
                other.lower() if other[:1].isupper() and not match.text[:1].isupper() else other,
            )
            yield Finding(
                match.start,
                match.end,
                options.message.format(match=match.text, other=other),
                suggestions=(replacement,),
                fix=Fix((Edit(match.start, match.end, replacement),), safe=False),
            )
