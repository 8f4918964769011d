"""Kind ``boilerplate``: web page leftovers pasted with a story (navigation, widgets, slugs)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import field
from typing import TYPE_CHECKING, Any

from newslint.checks import Context, register
from newslint.findings import Edit, Finding, Fix
from newslint.french import LINE_SPACES
from newslint.lazyre import lazy
from newslint.options import options_class
from newslint.patterns import PatternError, check_template, compile_pattern

if TYPE_CHECKING:
    from newslint.documents.model import Document

#: Ends a sentence: a headline of another story usually has no final full stop.
_SENTENCE_END = lazy(r"[.!?…:»”\"]\s*$")
_WORD = lazy(r"\w+(?:[-'’]\w+)*")
_EDGE_SPACE = LINE_SPACES + "\n"
#: What makes a pattern match differently inside a whole draft than in a paragraph alone.
_ANCHORED = r"\\[Az]|\(\?[a-zA-Z]*-[a-zA-Z]*m"


@options_class
class Options:
    """Options of the ``boilerplate`` kind (``newslint rules explain`` describes them)."""

    #: RE2 patterns a whole paragraph matches (« Previous », « Leave a Comment »).
    paragraphs: list[str] = field(default_factory=list)
    #: RE2 patterns a paragraph starts with (« Lire la suite : ... », « À lire aussi »).
    starts: list[str] = field(default_factory=list)
    #: RE2 patterns of page navigation (a subset of ``paragraphs`` is typical: « Previous »,
    #: « Next »). After the first one, short paragraphs without a final full stop are
    #: reported as headlines of other stories.
    navigation: list[str] = field(default_factory=list)
    #: Longest paragraph (in words) taken for another story's headline after navigation.
    headline_words: int = 25
    #: Match regardless of case.
    ignorecase: bool = True
    #: Template; ``{match}`` is the paragraph (shortened).
    message: str = "Reste de page web : « {match} » ; à supprimer."
    #: Template for a headline after navigation; ``{match}``, ``{marker}`` the navigation seen.
    headline_message: str = (
        "Titre d’un autre article (après « {marker} ») : « {match} » ; à supprimer."
    )

    def validate(self) -> None:
        check_template(self.message, ("match",))
        check_template(self.headline_message, ("match", "marker"), "headline_message")
        for key in ("paragraphs", "starts", "navigation"):
            for index, pattern in enumerate(getattr(self, key)):
                try:
                    compile_pattern(pattern, self.ignorecase)
                except ValueError as error:
                    raise PatternError((key, index), str(error)) from None
        # Every draft is searched with the screen: compile it now. The per-paragraph unions
        # it contains are compiled when a draft matches it (issue 20: start-up), here only
        # when there is no screen (an anchored pattern, or too large for RE2 at once).
        if self.screen() is None:
            self.compiled()

    def compiled(self) -> tuple[Any, Any, Any]:
        if getattr(self, "_compiled", None) is None:

            def union(patterns: list[str], anchor_end: bool) -> Any:
                if not patterns:
                    return None
                body = "|".join(f"(?:{p})" for p in patterns)
                return compile_pattern(f"^(?:{body}){'$' if anchor_end else ''}", self.ignorecase)

            self._compiled = (
                union(self.paragraphs, True),
                union(self.starts, False),
                union(self.navigation, True),
            )
        return self._compiled

    def screen(self) -> Any:
        """All the patterns at once, for a whole draft written one paragraph per line.

        ``^`` and ``$`` at line ends (``(?m)``) hold around each paragraph as they do around
        a paragraph alone, so a draft this does not match has nothing to report, and most
        drafts are done with one search instead of three per paragraph. ``None`` when a
        pattern could tell the two apart (``\\A``, ``\\z``, ``(?-m)``).
        """
        if getattr(self, "_screen", None) is None:
            self._screen = False
            patterns = (*self.paragraphs, *self.starts, *self.navigation)
            if not any(re.search(_ANCHORED, pattern) for pattern in patterns):
                branches = [
                    f"(?:{'|'.join(f'(?:{p})' for p in group)}){'$' if anchor_end else ''}"
                    for group, anchor_end in (
                        (self.paragraphs, True),
                        (self.starts, False),
                        (self.navigation, True),
                    )
                    if group
                ]
                try:
                    self._screen = compile_pattern(
                        f"(?m)^(?:{'|'.join(branches)})", self.ignorecase
                    )
                except ValueError:  # too large for RE2 at once: paragraph by paragraph
                    pass
        return self._screen or None


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _matches(pattern: Any, text: str) -> bool:
    return pattern is not None and pattern.search(text.encode("utf-8", "surrogatepass")) is not None


def _paragraphs(document: Document) -> tuple[list[tuple[int, int, str]], bytes]:
    """The document's non-empty paragraphs, edge spaces removed, with their offsets; and
    all of them, one per line, encoded for :meth:`Options.screen`. Computed once for all
    the boilerplate rules of a run."""
    text = document.text
    cached = document.memo.get("boilerplate.pages")
    if cached is not None:
        return cached
    paragraphs = []
    for block in document.blocks:
        chunk = text[block.start : block.end]
        left = chunk.lstrip(_EDGE_SPACE)
        paragraph = left.rstrip(_EDGE_SPACE)
        if paragraph:
            start = block.end - len(left)
            paragraphs.append((start, start + len(paragraph), paragraph))
    page = "\n".join(paragraph for _, _, paragraph in paragraphs).encode("utf-8", "surrogatepass")
    document.memo["boilerplate.pages"] = (paragraphs, page)
    return paragraphs, page


def _removal(document: Document, start: int, end: int) -> Fix:
    """Delete the paragraph and the blank line after it (or before it, at the end)."""
    text = document.text
    stop = end
    while stop < len(text) and text[stop] in _EDGE_SPACE:
        stop += 1
    begin = start
    if stop >= len(text):
        while begin > 0 and text[begin - 1] in _EDGE_SPACE:
            begin -= 1
    return Fix((Edit(begin, stop, ""),), safe=False)


@register("boilerplate", Options)
def check(document: Document, options: Options, context: Context) -> Iterable[Finding]:
    """Report web page leftovers: navigation, comment widgets, share buttons, desk slugs.

    ## What it does
    Compares every paragraph with the rule's patterns: a paragraph that is wholly one of
    `paragraphs` (« Previous », « Next », « Leave a Comment », « Partager sur Facebook », an
    agency desk slug such as « burs-acm/kd/mw ») or starts with one of `starts`
    (« Lire la suite : ... », « À lire aussi ») is reported. After the first `navigation`
    paragraph (« Previous », « Next »), short paragraphs that start with a capital and have
    no final full stop are reported too: they are the headlines of other stories the page
    linked to.

    ## Why is this bad?
    Drafts pasted from a web page bring the page with them. These lines must never reach
    print, and are easy to miss at the end of a long story.

    ## Example
    ```
    Il a ajouté que la Russie n’essaie pas de parvenir à un compromis.

    Previous

    Santander court pour récupérer 130 millions de livres sterling

    Next

    Leave a Comment
    ```

    ## Use instead
    ```
    Il a ajouté que la Russie n’essaie pas de parvenir à un compromis.
    ```

    ## Options
    - `paragraphs`, `starts`, `navigation`: RE2 patterns (a whole paragraph, its start,
      page navigation markers).
    - `headline_words`: longest headline taken after navigation (default 25).
    - `ignorecase` (default true); `message` and `headline_message` templates.

    ## Fix safety
    The fix deletes the paragraph; it is unsafe (offered, never applied by `--fix`): a
    pattern can match a paragraph the writer meant to keep.
    """
    paragraphs, page = _paragraphs(document)
    screen = options.screen()
    if screen is not None and screen.search(page) is None:
        return
    whole, starts, navigation = options.compiled()
    marker = None
    for start, end, paragraph in paragraphs:
        if _matches(navigation, paragraph):
            marker = marker or paragraph
        if (
            _matches(whole, paragraph)
            or _matches(starts, paragraph)
            or _matches(navigation, paragraph)
        ):
            yield Finding(
                start,
                end,
                options.message.format(match=_shorten(paragraph)),
                fix=_removal(document, start, end),
            )
        elif (
            marker is not None
            and not _SENTENCE_END.search(paragraph)
            and (paragraph[:1].isupper() or paragraph[:1].isdigit())  # a headline's capital
            and 0 < len(_WORD.findall(paragraph)) <= options.headline_words
        ):
            yield Finding(
                start,
                end,
                options.headline_message.format(match=_shorten(paragraph), marker=marker),
                fix=_removal(document, start, end),
            )
