"""Kind ``existence``: words or patterns that must not appear in a draft."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field
from typing import TYPE_CHECKING

from newslint.checks import Context, register
from newslint.findings import Finding
from newslint.options import options_class
from newslint.patterns import MatchOptions, PatternError, TermSet, check_template

if TYPE_CHECKING:
    from newslint.documents.model import Document


@options_class
class Options(MatchOptions):
    """Options of the ``existence`` kind (``newslint rules explain`` describes them)."""

    #: RE2 patterns (or plain text with ``literal: true``) that must not appear.
    tokens: list[str] = field(default_factory=list)
    #: Matched texts that are allowed after all (compared without case).
    exceptions: list[str] = field(default_factory=list)
    #: Message template; ``{match}`` is the text found.
    message: str = "« {match} » est à éviter."

    def validate(self) -> None:
        if not self.tokens:
            raise PatternError("tokens", "tokens: give at least one pattern")
        check_template(self.message, ("match",))
        self.matcher().validate()

    def matcher(self) -> TermSet:
        if getattr(self, "_matcher", None) is None:
            self._matcher = self.terms(self.tokens, "tokens")
        return self._matcher


@register("existence", Options, skip_quotes=True)
def check(document: Document, options: Options, context: Context) -> Iterable[Finding]:
    """Report words or patterns a house style forbids.

    ## What it does
    Flags every occurrence of the rule's `tokens` (RE2 patterns, whole words by default,
    French elisions and hyphens understood: « escalade » is found in « l’escalade » but
    « parole » is not found in « porte-parole »).

    ## Why is this bad?
    A style book lists words that must not reach print: agency jargon, tics, words that are
    wrong or ambiguous. A rule that finds them lets the desk enforce the book on every draft.

    ## Example
    ```yaml
    rules:
      style/tics:
        kind: existence
        options:
          tokens: ["à l'heure où nous écrivons ces lignes", "force est de constater"]
          message: "« {match} » : formule toute faite, à supprimer."
    ```
    ```
    Force est de constater que la crise dure.
    ```
    ## Use instead
    ```
    La crise dure.
    ```

    ## Options
    - `tokens`: RE2 patterns; `literal: true` makes them plain text.
    - `exceptions`: matched texts that are allowed after all.
    - `ignorecase` (default true), `boundaries` (whole words, default true), `skip_names`.
    - Quoted speech is skipped unless the rule says `quotes: any`.
    - `message`: template; `{match}` is the text found.

    ## Fix safety
    No fix: what to write instead depends on the sentence.
    """
    allowed = {e.casefold() for e in options.exceptions}
    for match in options.matcher().finditer(document.text):
        if match.text.casefold() in allowed:
            continue
        yield Finding(match.start, match.end, options.message.format(match=match.text))
