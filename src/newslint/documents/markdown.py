"""Markdown drafts, parsed with markdown-it-py (CommonMark) so only prose is checked.

Code blocks, inline code, front matter, link targets, autolinks, images, HTML comments and
raw HTML never reach the checks. markdown-it gives line ranges only, so each inline token
is aligned to the source where the previous one ended, past markup only (never searched for
further on, where the same characters of a code span or another sentence would be taken for
it); code spans are found by their backticks; characters produced by escapes and entities
(``\\*``, ``&amp;``) map atomically to their whole source spelling.

A draft with no Markdown syntax at all (plain paragraphs, ``# `` headings between blank lines
and lists of one-line ``- `` items: most CMS exports) is read without markdown-it, into exactly the
blocks markdown-it would give (tests compare both readings on examples and random drafts);
anything else, down to one backslash, goes to markdown-it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newslint.documents import model
from newslint.documents.model import Block, Document, parse_directives
from newslint.documents.offsets import TextBuilder

_BLOCK_KINDS = {
    "heading_open": "heading",
    "blockquote_open": "blockquote",
    "list_item_open": "list_item",
    "th_open": "table_cell",
    "td_open": "table_cell",
}
#: Block tokens whose content markdown-it parses one nesting level deeper.
_CONTAINERS = {"blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open"}
#: Stands for an inline code span in the checked text (U+FFFC OBJECT REPLACEMENT CHARACTER).
CODE_PLACEHOLDER = "\ufffc"


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    # Without text_join, entities and escapes stay tokens of their own (``text_special``, with
    # their source spelling): text tokens are then the source's own characters.
    return MarkdownIt("commonmark").enable("table").disable("text_join").use(front_matter_plugin)


def load_markdown(path: str, source: str) -> Document:
    simple = _simple_blocks(source)
    if simple is not None:
        return _build(path, source, simple, [])
    # Directives of HTML blocks first, then those of inline HTML, as one parse gave them.
    block_directives: list = []
    document = _build(path, source, _parsed(path, source, block_directives), [])
    document.directives = block_directives + document.directives
    return document


#: Drafts longer than this are parsed a stretch at a time (:func:`_stretches`).
CHUNK = 65536
#: Emphasis markers (``*``, ``_``) one markdown-it reading may hold: it keeps a token of
#: about 500 bytes per marker (4 MiB of ``*`` took 2 GB). A stretch is cut where blocks
#: start, so only one paragraph of hundreds of thousands of markers reaches this.
MAX_MARKERS = 200_000


def _parse(path: str, parser, text: str, env: dict | None = None):
    markers = text.count("*") + text.count("_")
    if markers > MAX_MARKERS:
        from newslint.errors import InputError

        raise InputError(
            path,
            f"{markers} emphasis markers (* and _) in one stretch of Markdown "
            f"(limit {MAX_MARKERS}); not checked",
        )
    return parser.parse(text, env)


def _parsed(path: str, source: str, directives: list):
    """``(kind, start line, end line, inline tokens)`` of each prose block, read by
    markdown-it a stretch of the draft at a time.

    markdown-it keeps a token object per block, item and inline run for the whole draft:
    a list of a million items took 2.6 GB (issue 21). A long draft is cut before lines
    where markdown-it starts a new top-level block or top-level list item, and each
    stretch's blocks are handed on before the next stretch is read: memory follows the
    stretch, not the draft. Link reference definitions are collected over the whole draft
    first, so a link may use one defined in another stretch.
    """
    parser = _parser()
    if len(source) <= CHUNK:
        yield from _blocks(path, _parse(path, parser, source), 0, parser, directives)
        return
    env: dict = {}
    if "]:" in source:
        cuts = [(first, stretch) for first, stretch, _ in _stretches(path, source, parser, env)]
        for first, stretch in cuts:
            yield from _blocks(path, _parse(path, parser, stretch, env), first, parser, directives)
        return
    for first, _stretch, tokens in _stretches(path, source, parser, env):
        yield from _blocks(path, tokens, first, parser, directives)


def _blocks(path: str, tokens, first: int, parser, directives: list):
    limit = parser.options["maxNesting"]
    if any(token.level + 1 >= limit and token.type in _CONTAINERS for token in tokens):
        # markdown-it silently skips what a container this deep holds: say so rather than
        # check half a draft (issue 8).
        from newslint.errors import InputError

        raise InputError(
            path, f"Markdown nested more than {limit - 1} levels deep (quotes, lists); not checked"
        )
    stack: list[str] = []
    for token in tokens:
        if token.type.endswith("_open") and token.type in _BLOCK_KINDS:
            stack.append(_BLOCK_KINDS[token.type])
        elif (
            token.type.endswith("_close") and token.type.replace("_close", "_open") in _BLOCK_KINDS
        ):
            if stack:
                stack.pop()
        elif token.type == "html_block":
            if token.map:
                directives.extend(parse_directives(token.content, token.map[0] + first + 1))
        elif token.type == "inline" and token.map:
            yield (
                _innermost(stack),
                token.map[0] + first,
                token.map[1] + first,
                token.children or (),
            )


def _stretches(path: str, source: str, parser, env: dict):
    """``(first line, text, tokens)`` of consecutive stretches of about :data:`CHUNK`
    characters.

    A stretch ends before a line at the left margin where markdown-it, reading the stretch
    and that line, starts a top-level block or a top-level list item: every paragraph,
    fenced code, HTML block and container but that list is closed there, so reading the
    stretches one by one gives the blocks of one reading (a list cut there becomes two
    lists of the same items). The tokens are those of that reading, up to the cut. When the
    line found does not start a block, the next try looks twice as far, so the parsing
    done stays proportional to the draft.
    """
    starts = model.line_starts(source)
    count = len(starts)
    first = 0
    size = CHUNK
    # The front matter rule reads to its closing line only when the parse starts at line 0.
    floor = _front_matter_end(source)
    while first < count:
        cut = max(_candidate(source, starts, first, size), floor)
        if cut >= count:
            rest = source[starts[first] :]
            yield first, rest, _parse(path, parser, rest, env)
            return
        end = starts[cut + 1] if cut + 1 < count else len(source)
        tokens = _parse(path, parser, source[starts[first] : end], dict(env))
        at = cut - first
        index = next(
            (i for i, token in enumerate(tokens) if token.map and token.map[0] >= at), None
        )
        token = tokens[index] if index is not None else None
        if (
            token is None
            or token.map[0] != at
            or not (token.level == 0 or (token.type == "list_item_open" and token.level == 1))
        ):
            size *= 2  # the line continues something: look further
            continue
        stretch = source[starts[first] : starts[cut]]
        if env is not None and "]:" in stretch:
            parser.parse(stretch, env)  # collect the stretch's link reference definitions
        yield first, stretch, tokens[:index]
        first, size = cut, CHUNK


_FRONT_MATTER = re.compile(r"---+")


def _front_matter_end(source: str) -> int:
    """The line after the front matter's closing line (as the front matter plugin finds
    it: a line of as many dashes or more, or ``...``, then spaces), or 0."""
    opening = _FRONT_MATTER.match(source)
    if opening is None:
        return 0
    markers = len(opening.group())
    for number, line in enumerate(model.LINE_BREAK.split(source)[1:], start=1):
        stripped = line.lstrip(" ")
        if len(line) - len(stripped) >= 4:
            continue  # indented code, not a closing line
        if (line.startswith("...") and not line[3:].strip(" ")) or (
            stripped.startswith("-" * markers) and not stripped.lstrip("-").strip(" ")
        ):
            return number + 1
    return 0


def _candidate(source: str, starts: list[int], first: int, size: int) -> int:
    """The first line from ``size`` characters after line ``first`` that starts at the
    left margin (and not with ``--``: a stretch starting ``---`` would read as front
    matter), or the line count."""
    from bisect import bisect_left

    count = len(starts)
    line = max(first + 1, bisect_left(starts, starts[first] + size))
    while line < count:
        char = source[starts[line] : starts[line] + 2]
        if char[:1] not in ("", " ", "\t", "\r", "\n") and char != "--":
            return line
        line += 1
    return count


def _build(path: str, source: str, prose: list, directives: list) -> Document:
    """The document from its prose blocks: ``(kind, start line, end line, inline tokens)``."""
    line_starts = model.line_starts(source)
    builder = TextBuilder()
    blocks: list[Block] = []
    cursor = 0
    for kind, start_line, end_line, children in prose:
        block_source_start = line_starts[start_line]
        block_source_end = line_starts[min(end_line, len(line_starts) - 1)]
        if end_line >= len(line_starts) - 1:
            block_source_end = len(source)
        if builder.length:
            # Blocks are separated by a blank line standing for nothing in the source.
            builder.put("\n\n", block_source_start, block_source_start)
        start = builder.length
        # Table cells of one row share their line: each starts where the previous one ended.
        cursor = max(cursor, block_source_start)
        cursor = _inline(
            children, source, cursor, block_source_end, builder, directives, line_starts
        )
        end = builder.length
        if end > start:
            blocks.append(Block(start, end, kind))
    return Document(
        path=path,
        source=source,
        text=builder.text(),
        offsets=builder.offsets,
        blocks=blocks,
        format="markdown",
        directives=directives,
        _line_starts=line_starts,  # computed once, for the blocks and for the Document
    )


def _innermost(stack: list[str]) -> str:
    for kind in reversed(stack):
        if kind != "list_item" or kind == stack[-1]:
            return kind
    return "paragraph"


def _inline(children, source, cursor, limit, builder, directives, line_starts) -> int:
    """Align the inline tokens of one block with ``source[cursor:limit]``.

    Each token is looked for where the previous one ended, past nothing but markup
    (:data:`_GAP`): a token not found there is not searched for further on, where equal
    characters of another token (a code span, an attribute, the next sentence) would be
    taken for it. Its text then stands for an empty span at the cursor, so a finding there
    is placed at the cursor and no fix can apply.
    """
    skip_depth = 0
    for child in children:
        kind = child.type
        if kind == "link_open" and child.markup == "autolink":
            skip_depth += 1
        elif kind == "link_close" and skip_depth:
            skip_depth -= 1
            # Past the autolink's ``>``, so later text is not aligned inside its URL.
            end = source.find(">", cursor, limit)
            cursor = end + 1 if end >= 0 else cursor
        elif skip_depth:
            continue
        elif kind == "link_close":
            # Past ``](destination "title")``: a ``:`` after a link is not the URL's.
            close = _gap_end(source, cursor, limit)
            if source.startswith("]", close):
                cursor = _link_tail(source, close, limit)
        elif kind == "image":
            at = _gap_end(source, cursor, limit)
            if source.startswith("![", at):
                cursor = _after_image(source, at, limit)
        elif kind == "text":
            cursor = _align(child.content, source, cursor, limit, builder)
        elif kind == "text_special":
            # An entity or a backslash escape: its markup in the source, read as one character.
            at = _gap_end(source, cursor, limit)
            if child.markup and source.startswith(child.markup, at):
                builder.put(child.content, at, at + len(child.markup))
                cursor = at + len(child.markup)
            else:
                builder.put(child.content, cursor, cursor)
        elif kind in ("softbreak", "hardbreak"):
            newline = model.LINE_BREAK.search(source, cursor, limit)
            if newline and _BEFORE_BREAK.fullmatch(source, cursor, newline.start()):
                builder.put("\n", newline.start(), newline.end())
                cursor = newline.end()
            else:
                builder.put("\n", cursor, cursor)
        elif kind == "code_inline":
            cursor = _code_span(child, source, cursor, limit, builder)
        elif kind == "html_inline":
            cursor = _html(child, source, cursor, limit, directives, line_starts)
    return cursor


#: What may stand in the source between two inline tokens without belonging to either:
#: block and line prefixes (indentation, ``>``, list markers, ``#``), table pipes, emphasis
#: and strikethrough delimiters, a link's ``[``, and the whitespace markdown-it trims (any
#: but line breaks: it strips U+00A0 too).
_GAP = re.compile(r"(?:[^\S\r\n]|[>*+\-#|_~\[]|\d{1,9}[.)])*")


#: What may stand before a line break: spaces markdown-it trims, a hard break's backslash,
#: closing emphasis delimiters.
_BEFORE_BREAK = re.compile(r"[ \t\\*_~]*")


def _gap_end(source: str, cursor: int, limit: int) -> int:
    gap = _GAP.match(source, cursor, limit)
    assert gap is not None  # the pattern matches the empty string
    return gap.end()


def _html(child, source, cursor, limit, directives, line_starts) -> int:
    """Past raw HTML (its content is the source's own); suppression comments recorded."""
    at = _gap_end(source, cursor, limit)
    found = source.startswith(child.content, at)
    if not found:
        at = source.find(child.content, cursor, limit)  # only to read a directive's line
    if at >= 0 and "newslint-" in child.content:
        directives.extend(parse_directives(child.content, _line_of(line_starts, at)))
    return at + len(child.content) if found else cursor


@lru_cache(maxsize=64)
def _backticks(count: int) -> re.Pattern:
    return re.compile(rf"(?<!`)`{{{count}}}(?!`)")


def _code_span(child, source, cursor, limit, builder) -> int:
    """Past a code span, found by its backticks (CommonMark: the next run of as many).

    Its content cannot be searched for: CommonMark turns its line breaks into spaces and
    strips a space at each end, and a blockquote's ``>`` may stand inside it.
    """
    ticks = child.markup or "`"
    at = _gap_end(source, cursor, limit)
    opened = at + len(ticks)
    if source.startswith(ticks, at) and not source.startswith("`", opened):
        close = _backticks(len(ticks)).search(source, opened, limit)
        if close:
            # One placeholder stands for the code span, so the prose around it keeps its shape.
            builder.put(CODE_PLACEHOLDER, at, close.end())
            return close.end()
    builder.put(CODE_PLACEHOLDER, cursor, cursor)
    return cursor


def _closing(source: str, position: int, limit: int, opener: str, closer: str) -> int:
    """Offset after the ``closer`` that balances the ``opener`` at ``position`` (backslash
    escapes skipped), or -1 if none does before ``limit``."""
    depth = 0
    while position < limit:
        char = source[position]
        if char == "\\":
            position += 2
            continue
        if char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    return -1


def _link_tail(source: str, close: int, limit: int) -> int:
    """Offset after a link's tail, given the ``]`` closing its text: ``(destination "title")``
    with balanced parentheses, ``[label]``, or nothing (a shortcut reference)."""
    position = close + 1
    if source.startswith("(", position):
        end = _closing(source, position, limit, "(", ")")
        return end if end >= 0 else close + 1
    if source.startswith("[", position):
        end = source.find("]", position + 1, limit)
        return end + 1 if end >= 0 else close + 1
    return close + 1


def _after_image(source: str, at: int, limit: int) -> int:
    """Offset after the ``![alt](destination)`` at ``at`` (the alt text is not prose)."""
    end = _closing(source, at + 1, limit, "[", "]")
    return _link_tail(source, end - 1, limit) if end >= 0 else at


def _line_of(line_starts: list[int], offset: int) -> int:
    from bisect import bisect_right

    return bisect_right(line_starts, offset)


def _align(content: str, source: str, cursor: int, limit: int, builder: TextBuilder) -> int:
    """Copy ``content`` into the text, mapped to where it stands in ``source``: where the
    cursor is, past markup only. Entities and escapes are tokens of their own; a table
    cell's ``\\|`` is read as ``|``. Not found there: an empty span at the cursor."""
    if not content:
        return cursor
    gap_end = _gap_end(source, cursor, limit)
    # The latest start within the markup: "* *a" is an item marker, then the text "*a".
    at = source.rfind(content, cursor, min(gap_end + len(content), limit))
    if at >= 0:
        builder.copy(source, at, at + len(content))
        return at + len(content)
    end = _align_escaped(content, source, gap_end, limit, builder)
    if end is not None:
        return end
    builder.put(content, cursor, cursor)
    return cursor


def _align_escaped(
    content: str, source: str, at: int, limit: int, builder: TextBuilder
) -> int | None:
    """``content`` read from ``source[at:]`` one character at a time, a backslash before a
    character standing for it alone (the table cell's ``\\|``); None if it is not there."""
    steps = []
    position = at
    for char in content:
        if position < limit and source[position] == char:
            steps.append((position, position + 1))
            position += 1
        elif source.startswith("\\" + char, position) and position + 1 < limit:
            steps.append((position, position + 2))
            position += 2
        else:
            return None
    for (start, end), char in zip(steps, content):
        if end - start == 1:
            builder.copy(source, start, end)
        else:
            builder.put(char, start, end)
    return position


# -- Plain drafts without markdown-it ------------------------------------------------------
#
# Most drafts are headings, paragraphs and one-line "- " items with no inline markup at all.
# Parsing them with markdown-it costs more than all the checks on them, so such a draft is
# recognised line by line and its blocks are produced here, as the tokens markdown-it would
# give (tests compare both readings on the corpus). Anything else, or anything doubtful, goes
# to markdown-it.

#: What may start inline markup or an unusual line: escapes, code, emphasis, HTML, tables,
#: tabs, CR and the controls CommonMark treats as whitespace where Python does not; an
#: entity (``&`` then ``#`` or a name and ``;``: a lone ``&`` is text); a link or image
#: (``](``) or a link reference definition (``]:``; without one, ``[x]`` is text).
_NOT_SIMPLE = re.compile(
    r"[\\`*_<>~|\t\r\x00\x0b\x0c\x1c-\x1f\x85\u2028\u2029]|&(?:#|[A-Za-z0-9]+;)|\][(:]"
)
#: First characters of a line that may open a block other than a paragraph (or a front
#: matter); headings and "- " items are recognised separately.
_BLOCK_START = frozenset("#>-+*=`~<|_[")
_ORDERED = re.compile(r"\d{1,9}[.)](?: |$)")
_HEADING = re.compile(r"(#{1,6}) +(?=\S)")
#: A line markdown-it may read as an ATX heading (``#Hashtag`` is paragraph text).
_ATX = re.compile(r"#{1,6}(?: |$)")


class _Inline:
    """An inline token as markdown-it gives it (what :func:`_inline` reads)."""

    __slots__ = ("content", "markup", "type")

    def __init__(self, kind: str, content: str = "") -> None:
        self.type, self.content, self.markup = kind, content, ""


def _text(content: str) -> _Inline:
    return _Inline("text", content)


_BREAK = _Inline("softbreak")


def _plain(line: str) -> bool:
    """A line markdown-it reads as paragraph text whatever surrounds it."""
    first = line[0]
    if first == "#":
        return not _ATX.match(line)
    return not first.isspace() and first not in _BLOCK_START and not _ORDERED.match(line)


def _simple_blocks(source: str) -> list | None:
    """The prose blocks of a draft made only of plain paragraphs, ATX headings and one-line
    ``- `` items separated by blank lines, or ``None`` for markdown-it to read it.

    Trimming follows markdown-it: a paragraph loses the spaces ending each line but the last,
    and any whitespace ending its last line (``str.rstrip`` trims the same characters as
    markdown-it once ``_NOT_SIMPLE`` has ruled out U+001C-U+001F and U+0085).
    """
    if _NOT_SIMPLE.search(source) or source.startswith("--"):
        return None  # markup, or a draft starting with "---" (the front matter rule's domain)
    lines = source.split("\n")
    blocks: list = []
    run: list[str] = []  # the paragraph being read
    run_start = 0
    for number, line in enumerate(lines):
        if not line.strip(" "):  # blank: nothing, or spaces only
            if run:
                blocks.append(("paragraph", run_start, number, _paragraph(run)))
                run = []
            continue
        if _plain(line):
            if not run:
                run_start = number
            run.append(line)
            continue
        # A heading or an item: alone between blank lines (or the ends of the draft), or an
        # item right before another (a tight list: a million items took markdown-it 40 s
        # and gigabytes, issue 21).
        following = lines[number + 1 : number + 2]
        if not line.strip():
            # Other white space only (no-break spaces): a paragraph markdown-it trims to
            # nothing, alone between blank lines; next to text its trimming spans lines.
            if run or (following and following[0].strip(" ")):
                return None
            blocks.append(("paragraph", number, number + 1, []))
            continue
        if run or (following not in ([], [""]) and not (_item(line) and _item(following[0]))):
            return None
        content = line.rstrip(" ")
        heading = _HEADING.match(content)
        if heading and not content.endswith("#"):
            blocks.append(
                ("heading", number, number + 1, [_text(content[heading.end() :].rstrip())])
            )
        elif content.startswith("- ") and _plain(content[2:]):
            blocks.append(("list_item", number, number + 1, [_text(content[2:].rstrip())]))
        else:
            return None
    if run:
        blocks.append(("paragraph", run_start, len(lines), _paragraph(run)))
    return blocks


def _item(line: str) -> bool:
    """A one-line ``- `` item whose text is plain."""
    content = line.rstrip(" ")
    return content.startswith("- ") and _plain(content[2:])


def _paragraph(lines: list[str]) -> list:
    children: list = []
    for line in lines[:-1]:
        children.append(_text(line.rstrip(" ")))
        children.append(_BREAK)
    children.append(_text(lines[-1].rstrip()))
    return children
