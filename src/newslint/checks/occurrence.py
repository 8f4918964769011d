"""Kind ``occurrence``: a word or phrase used more than N times (the overused « a déclaré »)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from newslint.checks import register
from newslint.findings import Finding
from newslint.patterns import MatchOptions, PatternError, check_template
from newslint.segment import inside, quote_spans, sentences

_UNIT = {"draft": "article", "paragraph": "paragraphe", "sentence": "phrase"}


@dataclass
class Options(MatchOptions):
    #: RE2 patterns counted together.
    tokens: list[str] = field(default_factory=list)
    #: Most uses allowed in each unit.
    max: int = 3
    #: The unit: the whole ``draft``, each ``paragraph`` or each ``sentence``.
    per: Literal["draft", "paragraph", "sentence"] = "draft"
    #: Count uses inside quoted speech too (default: a quotation is the speaker's words).
    count_quoted: bool = False
    #: Template: ``{match}``, ``{count}`` (rank of this use), ``{max}``, ``{per}``.
    message: str = "« {match} » : {count}e emploi dans le même {per} (au plus {max}) ; varier."

    def validate(self) -> None:
        if not self.tokens:
            raise PatternError("tokens", "tokens: give at least one pattern")
        if self.max < 0:
            raise PatternError("max", "max should be 0 or more")
        check_template(self.message, ("match", "count", "max", "per"))
        self.matcher().validate()

    def matcher(self):
        if getattr(self, "_matcher", None) is None:
            self._matcher = self.terms(self.tokens, "tokens")
        return self._matcher


def units(document, per: str) -> list[tuple[int, int]]:
    """The spans counted separately: the whole text, each block, or each sentence."""
    if per == "draft":
        return [(0, len(document.text))]
    blocks = [(b.start, b.end) for b in document.blocks] or [(0, len(document.text))]
    if per == "paragraph":
        return blocks
    return [(s.start, s.end) for start, end in blocks for s in sentences(document.text, start, end)]


@register("occurrence", Options)
def check(document, options: Options, context):
    """Report a word or phrase used more often than the house style allows.

    ## What it does
    Counts the matches of `tokens` in each unit (`per: draft`, `paragraph` or `sentence`)
    and reports every use after the `max`-th. Uses inside quoted speech are not counted
    unless `count_quoted` is true.

    ## Why is this bad?
    Agency copy leans on a few verbs of saying: « a déclaré » five times in one story reads
    as a transcript. Style books (AFP, Le Monde) ask for varied attribution verbs.

    ## Example
    ```yaml
    rules:
      style/a-declare:
        kind: occurrence
        options: {tokens: ["a déclaré"], max: 3, per: draft}
    ```
    A draft with « a déclaré » four times gets one finding, on the fourth.

    ## Use instead
    Vary the verb (« a affirmé », « a précisé », « selon ») or drop the attribution when the
    speaker is clear.

    ## Options
    - `tokens`: RE2 patterns, counted together.
    - `max` (default 3), `per` (`draft`, `paragraph`, `sentence`).
    - `count_quoted`: count uses inside quotations (default false).
    - `ignorecase`, `literal`, `boundaries`; `message` with `{match}`, `{count}`, `{max}`, `{per}`.

    ## Fix safety
    No fix: the right synonym depends on what the speaker did.
    """
    text = document.text
    quotes = None if options.count_quoted else quote_spans(text)
    matcher = options.matcher()
    for start, end in units(document, options.per):
        count = 0
        for match in matcher.finditer(text, start, end):
            if quotes is not None and inside(quotes, match.start):
                continue
            count += 1
            if count > options.max:
                yield Finding(match.start, match.end, options.message.format(
                    match=match.text, count=count, max=options.max, per=_UNIT[options.per]))
