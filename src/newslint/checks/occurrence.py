"""Kind ``occurrence``: a word or phrase used more than N times (the overused « a déclaré »)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field
from typing import TYPE_CHECKING, Literal

from newslint.checks import Context, register
from newslint.findings import Finding
from newslint.options import options_class
from newslint.patterns import Match, MatchOptions, PatternError, TermSet, check_template
from newslint.segment import inside, quote_spans, sentences

if TYPE_CHECKING:
    from newslint.documents.model import Document

_UNIT = {"draft": "article", "paragraph": "paragraphe", "sentence": "phrase"}


@options_class
class Options(MatchOptions):
    """Options of the ``occurrence`` kind (``newslint rules explain`` describes them)."""

    #: RE2 patterns counted together.
    tokens: list[str] = field(default_factory=list)
    #: Most uses allowed in each unit.
    max: int = 3
    #: The unit: the whole ``draft``, each ``paragraph`` or each ``sentence``.
    per: Literal["draft", "paragraph", "sentence"] = "draft"
    #: Count uses inside quoted speech too (default: a quotation is the speaker's words).
    count_quoted: bool = False
    #: ``first``: one finding per unit, on the first use over the limit, listing the others
    #: in ``related``; ``each``: one finding on every use over the limit.
    report: Literal["first", "each"] = "first"
    #: Template: ``{match}`` the text, ``{count}`` uses in the unit, ``{rank}`` this use's
    #: rank, ``{max}``, ``{per}`` (article, paragraphe, phrase).
    message: str = "« {match} » employé {count} fois dans le même {per} (au plus {max}) ; varier."

    def validate(self) -> None:
        if not self.tokens:
            raise PatternError("tokens", "tokens: give at least one pattern")
        if self.max < 0:
            raise PatternError("max", "max should be 0 or more")
        check_template(self.message, ("match", "count", "rank", "max", "per"))
        self.matcher().validate()

    def matcher(self) -> TermSet:
        if getattr(self, "_matcher", None) is None:
            self._matcher = self.terms(self.tokens, "tokens")
        return self._matcher


def units(document: Document, per: str) -> list[tuple[int, int]]:
    """The spans counted separately: the whole text, each block, or each sentence."""
    if per == "draft":
        return [(0, len(document.text))]
    blocks = [(b.start, b.end) for b in document.blocks] or [(0, len(document.text))]
    if per == "paragraph":
        return blocks
    return [(s.start, s.end) for start, end in blocks for s in sentences(document.text, start, end)]


@register("occurrence", Options)
def check(document: Document, options: Options, context: Context) -> Iterable[Finding]:
    """Report a word or phrase used more often than the house style allows.

    ## What it does
    Counts the matches of `tokens` in each unit (`per: draft`, `paragraph` or `sentence`)
    and, when there are more than `max`, reports the first use over the limit with the
    count (the later uses are listed in the finding's `related` places; `report: each`
    reports each of them instead). Uses inside quoted speech are not counted unless
    `count_quoted` is true.

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
    A draft with « a déclaré » five times gets one finding, on the fourth:
    « « a déclaré » employé 5 fois dans le même article (au plus 3) ; varier. »

    ## Use instead
    Vary the verb (« a affirmé », « a précisé », « selon ») or drop the attribution when the
    speaker is clear.

    ## Options
    - `tokens`: RE2 patterns, counted together.
    - `max` (default 3), `per` (`draft`, `paragraph`, `sentence`).
    - `count_quoted`: count uses inside quotations (default false).
    - `report`: `first` (default, one finding per unit) or `each`.
    - `ignorecase`, `literal`, `boundaries`; `message` with `{match}`, `{count}`, `{rank}`,
      `{max}`, `{per}`.

    ## Fix safety
    No fix: the right synonym depends on what the speaker did.
    """
    text = document.text
    matcher = options.matcher()
    for start, end in units(document, options.per):
        uses = list(matcher.finditer(text, start, end))
        if len(uses) <= options.max:
            continue  # within the limit even counting quoted uses: no need for quote spans
        if not options.count_quoted:
            quotes = quote_spans(text)
            uses = [m for m in uses if not inside(quotes, m.start)]
        extra = uses[options.max :]
        if not extra:
            continue
        shown = extra if options.report == "each" else extra[:1]
        for rank, match in enumerate(shown, options.max + 1):
            related = [] if options.report == "each" else [_place(document, m) for m in extra[1:]]
            yield Finding(
                match.start,
                match.end,
                options.message.format(
                    match=match.text,
                    count=len(uses),
                    rank=rank,
                    max=options.max,
                    per=_UNIT[options.per],
                ),
                related=related,
            )


def _place(document: Document, match: Match) -> dict:
    line, column = document.position(document.source_span(match.start, match.end)[0])
    return {"line": line, "column": column, "text": match.text}
