"""HTML drafts (CMS exports, saved pages), read with html5lib's HTML5 tokenizer.

Why html5lib's tokenizer: it implements the WHATWG tokenizer (entities with and without
``;``, ``&#x…;``, comments' odd endings, ``</p`` lookahead) and, token by token, tells where
in the source it stopped, so every text token has an exact source span; lxml gives a line
per element and no column, and ``html.parser`` is not an HTML5 tokenizer. html5lib's tree
builder is not used (its text nodes lose their positions); instead the tokenizer is driven
here and switched, as the tree builder would, to the script, RAWTEXT and RCDATA states after
``<script>``, ``<style>``, ``<textarea>``…, so their content is never read as markup.

What is checked: the prose only. ``<head>``, scripts, styles, ``<template>``, ``<noscript>``,
code (``code``, ``pre``, ``kbd``, ``samp``), forms and buttons, SVG and MathML, navigation and
page chrome (``nav``, ``aside``, a ``header``/``footer`` outside an article or section,
elements with ``hidden``, ``aria-hidden="true"``, a landmark role of chrome, or a class or id
naming chrome: :data:`CHROME_WORDS`) are left out, and so are comments and attributes (an
image's ``alt`` too). When the page has ``<article>`` elements only their prose is checked,
else that of ``<main>`` if there is one, else the whole body.

Block elements make paragraphs (blocks separated by a blank line in the checked text, as in
Markdown); ``<br>`` is a line break; runs of HTML whitespace read as one space (how a
browser shows them), standing for the whole run. Entities are decoded and each stands for
its whole source spelling (``&nbsp;`` is one U+00A0 standing for six characters), so a
finding on it points at the entity; a fix is placed only where the source holds the text's
own characters, and written back escaped (``&``, ``<``, ``>``) with the entity spelling the
draft already uses for a character (:meth:`Document.written`).

``<!-- newslint-disable RULE -->`` comments are suppression directives, as in Markdown.
"""

from __future__ import annotations

import re

from newslint.documents import model
from newslint.documents.markdown import CODE_PLACEHOLDER
from newslint.documents.model import Block, Document, parse_directives
from newslint.documents.offsets import TextBuilder

#: Elements whose whole content is never prose.
SKIPPED = frozenset(
    {
        "head",
        "title",
        "script",
        "style",
        "noscript",
        "template",
        "code",
        "pre",
        "kbd",
        "samp",
        "textarea",
        "select",
        "button",
        "form",
        "svg",
        "math",
        "iframe",
        "object",
        "canvas",
        "audio",
        "video",
        "nav",
        "aside",
        "noembed",
        "noframes",
        "xmp",
        "plaintext",
        "dialog",
        "menu",
    }
)
#: Left out unless inside an article or a section (there they hold its title or byline).
CHROME_OUTSIDE_ARTICLE = frozenset({"header", "footer"})
SECTIONING = frozenset({"article", "section", "main"})
#: Landmark roles of page chrome.
CHROME_ROLES = frozenset(
    {
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "search",
        "menu",
        "menubar",
        "toolbar",
        "dialog",
        "alert",
    }
)
#: Words of a class or id (split at anything not a letter or digit) marking page chrome:
#: share buttons, breadcrumbs, newsletter boxes, related links, ads, cookie banners.
CHROME_WORDS = frozenset(
    {
        "share",
        "sharing",
        "social",
        "breadcrumb",
        "breadcrumbs",
        "newsletter",
        "related",
        "ad",
        "ads",
        "advert",
        "advertisement",
        "cookie",
        "cookies",
        "paywall",
        "promo",
        "sidebar",
        "comments",
    }
)
#: Left-out elements that stand inside a line of prose: they do not end the paragraph.
INLINE_SKIPPED = frozenset(
    {
        "code",
        "kbd",
        "samp",
        "script",
        "style",
        "noscript",
        "template",
        "button",
        "select",
        "textarea",
        "svg",
        "math",
        "iframe",
        "object",
        "canvas",
        "audio",
        "video",
        "input",
        "span",
        "a",
        "em",
        "strong",
        "b",
        "i",
        "small",
        "sup",
        "sub",
        "abbr",
        "q",
        "cite",
        "time",
        "mark",
        "label",
        "img",
    }
)
#: Inline code: one placeholder stands for it, as in Markdown, so the prose keeps its shape.
CODE = frozenset({"code", "kbd", "samp"})
VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
        "param",
        "keygen",
    }
)
#: Elements that start and end a block of prose.
BLOCKS = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "figure",
        "figcaption",
        "address",
        "hr",
        "body",
        "html",
        "details",
        "summary",
        "fieldset",
        "legend",
        "center",
        "hgroup",
    }
)
_KINDS = {
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "li": "list_item",
    "blockquote": "blockquote",
    "td": "table_cell",
    "th": "table_cell",
}
_RAWTEXT = frozenset({"style", "xmp", "iframe", "noembed", "noframes", "noscript"})
_RCDATA = frozenset({"textarea", "title"})
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
#: Whitespace that does not stay as it is: runs, other characters than a space, and a
#: single space at either end of a text token (it may start or end a block). A lone space
#: between words is copied with them (one segment for a whole text node).
_SPACES = re.compile(r"[ \t\n\r\f]{2,}|[\t\n\r\f]|\A | \Z")
_WORDS = re.compile(r"[^a-z0-9]+")


def _chrome(name: str, attributes: dict, sectioned: int) -> bool:
    if name in SKIPPED:
        return True
    if name in CHROME_OUTSIDE_ARTICLE and not sectioned:
        return True
    if not attributes:
        return False
    if "hidden" in attributes or attributes.get("aria-hidden", "").strip().lower() == "true":
        return True
    if attributes.get("role", "").strip().lower() in CHROME_ROLES:
        return True
    for key in ("class", "id"):
        value = attributes.get(key)
        if value and not CHROME_WORDS.isdisjoint(_WORDS.split(value.lower())):
            return True
    return False


#: Tags and entities a page may hold. html5lib's tokenizer is pure Python: about 50,000
#: tokens a second, an entity costing about twice a tag; a news article's page has 5,000 to
#: 30,000 tags and a few hundred entities. Counted before reading (each ``<`` once and each
#: ``&`` twice: an upper bound), so a page of tag soup is refused in one line rather than
#: read for a minute (1 MiB of ``<p>a</p>`` is 400,000 tokens).
MAX_TOKENS = 100_000

TEXT, START, END, COMMENT = 1, 3, 4, 6


def _tokens(source: str, line_starts: list[int]):
    """``(type, name or text, attributes, start, end)`` of each token that matters (text,
    tags, suppression comments), source offsets exact; ``type`` is :data:`TEXT`,
    :data:`START` (``attributes`` a dict or None, ``name`` ending in ``/`` when the tag
    closes itself), :data:`END` or :data:`COMMENT`.

    The tokenizer stops right after each token it hands over; a token starts where the
    previous one ended. Tokens handed over together share their end: the text aligner
    checks each against the source rather than trust it.
    """
    from html5lib._tokenizer import HTMLTokenizer  # type: ignore[import-untyped]
    from html5lib.constants import tokenTypes  # type: ignore[import-untyped]

    characters, spaces = tokenTypes["Characters"], tokenTypes["SpaceCharacters"]
    start_tag, end_tag = tokenTypes["StartTag"], tokenTypes["EndTag"]
    empty_tag, comment = tokenTypes["EmptyTag"], tokenTypes["Comment"]
    tokenizer = HTMLTokenizer(source)
    stream = tokenizer.stream
    previous = 0
    count = len(line_starts)
    for token in tokenizer:
        line, column = stream.position()
        end = line_starts[line - 1] + column if line <= count else len(source)
        kind = token["type"]
        start, previous = previous, end
        if kind in (characters, spaces):
            yield TEXT, token["data"], None, start, end
        elif kind in (start_tag, empty_tag):
            name = token["name"]
            closed = kind == empty_tag or token.get("selfClosing")
            yield START, name + "/" if closed else name, token["data"] or None, start, end
            if name == "script":
                tokenizer.state = tokenizer.scriptDataState
            elif name in _RAWTEXT:
                tokenizer.state = tokenizer.rawtextState
            elif name in _RCDATA:
                tokenizer.state = tokenizer.rcdataState
            elif name == "plaintext":
                tokenizer.state = tokenizer.plaintextState
        elif kind == end_tag:
            yield END, token["name"], None, start, end
        elif kind == comment and "newslint-" in token["data"]:
            yield COMMENT, token["data"], None, start, end


class _Reader:
    """Builds the checked text from the tokens."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.builder = TextBuilder()
        self.blocks: list[Block] = []
        self.block_start: int | None = None
        self.kinds: list[tuple[str, str]] = []  # open block elements: (name, kind)
        self.pending: tuple[int, int] | None = None  # whitespace not yet written
        self.spelling: dict[str, str] = {}
        #: At a block's start or after a line break: whitespace there is not written.
        self.fresh = True
        self._block_kind = "paragraph"

    def kind(self) -> str:
        for _name, kind in reversed(self.kinds):
            if kind != "paragraph":
                return kind
        return "paragraph"

    def close(self) -> None:
        """End the block being read (a block element starts or ends)."""
        self.pending = None
        if self.block_start is not None and self.builder.length > self.block_start:
            self.blocks.append(Block(self.block_start, self.builder.length, self._block_kind))
        self.block_start = None

    def _open(self, at: int) -> None:
        """Before prose at source offset ``at``: start a block, or write the space pending."""
        if self.block_start is None:
            if self.builder.length:
                self.builder.put("\n\n", at, at)
            self.block_start = self.builder.length
            self._block_kind = self.kind()
        elif self.pending is not None:
            start, end = self.pending
            if end - start == 1 and self.source[start] == " ":
                self.builder.copy(self.source, start, end)
            else:
                self.builder.put(" ", start, end)
        self.pending = None
        self.fresh = False

    def _space(self, start: int, end: int) -> None:
        """HTML whitespace: one space, written only if prose follows in the same block."""
        if self.block_start is not None and not self.fresh and self.pending is None:
            self.pending = (start, end)
        elif self.pending is not None and self.pending[1] == start:
            self.pending = (self.pending[0], end)

    def text(self, data: str, start: int, end: int) -> None:
        source = self.source
        raw = source[start:end]
        if raw == data or ("\r" in raw and raw.replace("\r\n", "\n").replace("\r", "\n") == data):
            position = start
            for match in _SPACES.finditer(raw):
                space_start, space_end = start + match.start(), start + match.end()
                if space_start > position:
                    self._open(position)
                    self.builder.copy(source, position, space_start)
                self._space(space_start, space_end)
                position = space_end
            if position < end:
                self._open(position)
                self.builder.copy(source, position, end)
            return
        if _WHITESPACE.fullmatch(data):
            self._space(start, end)
            return
        # An entity (or text handed over with another token, or a NUL read as U+FFFD): it
        # stands for its whole source span.
        self._open(start)
        if len(data) == 1 and raw.startswith("&"):
            self.spelling.setdefault(data, raw)
        self.builder.put(data, start, end)

    def placeholder(self, start: int, end: int) -> None:
        self._open(start)
        self.builder.put(CODE_PLACEHOLDER, start, end)

    def line_break(self, start: int, end: int) -> None:
        if self.block_start is not None:
            self.builder.put("\n", start, end)
            self.pending = None
            self.fresh = True


def load_html(path: str, source: str) -> Document:
    from newslint.errors import InputError

    marks = source.count("<") + 2 * source.count("&")
    if marks > MAX_TOKENS:
        raise InputError(
            path,
            f"too much markup ({marks:,} tags and entities, limit {MAX_TOKENS:,}); "
            "not checked (not a news page?)",
        )
    line_starts = model.line_starts(source)
    tokens = list(_tokens(source, line_starts))
    names = {name for kind, name, _, _, _ in tokens if kind == START}
    scope = "article" if "article" in names else "main" if "main" in names else None
    reader = _Reader(source)
    directives = []
    skipping: str | None = None
    skip_depth = skip_start = 0
    in_scope = 0
    sectioned = 0
    for kind, name, attributes, start, end in tokens:
        if kind == TEXT:
            if skipping is None and (scope is None or in_scope):
                reader.text(name, start, end)
        elif kind == START:
            void = name.endswith("/")
            if void:
                name = name[:-1]
            void = void or name in VOID
            if skipping is not None:
                if name == skipping and not void:
                    skip_depth += 1
                continue
            if name == "body":
                continue
            if _chrome(name, attributes or {}, sectioned) and name not in VOID:
                if name not in INLINE_SKIPPED:
                    reader.close()
                skipping, skip_depth, skip_start = name, 1, start
                continue
            if name == scope:
                in_scope += 1
            if name in SECTIONING:
                sectioned += 1
            if name == "br":
                reader.line_break(start, end)
            elif name in BLOCKS:
                reader.close()
                if not void:
                    reader.kinds.append((name, _KINDS.get(name, "paragraph")))
        elif kind == END:
            if skipping is not None:
                if name == skipping:
                    skip_depth -= 1
                    if skip_depth == 0:
                        skipping = None
                        if name in CODE and (scope is None or in_scope):
                            reader.placeholder(skip_start, end)
                continue
            if name == scope and in_scope:
                in_scope -= 1
            if name in SECTIONING and sectioned:
                sectioned -= 1
            if name == "br":  # </br> is read as <br>
                reader.line_break(start, end)
            elif name in BLOCKS:
                reader.close()
                for index in range(len(reader.kinds) - 1, -1, -1):
                    if reader.kinds[index][0] == name:
                        del reader.kinds[index:]
                        break
        elif kind == COMMENT:
            line = model.bisect_right(line_starts, start)
            directives.extend(parse_directives(f"<!--{name}-->", line))
    reader.close()
    document = Document(
        path=path,
        source=source,
        text=reader.builder.text(),
        offsets=reader.builder.offsets,
        blocks=reader.blocks,
        format="html",
        directives=directives,
        _line_starts=line_starts,
    )
    document.spelling = reader.spelling
    return document
