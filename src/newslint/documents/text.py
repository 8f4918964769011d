"""Plain-text drafts: the text is the source, line endings normalised to ``\\n``.

Suppression comments work as in Markdown: a line holding only
``<!-- newslint-disable RULE -->`` (or ``-enable``, ``-disable-next-line``) is a directive
and is not checked.
"""

from __future__ import annotations

import re

from newslint.documents.model import Block, Document, parse_directives
from newslint.documents.offsets import TextBuilder

_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")
_DIRECTIVE_LINE = re.compile(r"\s*<!--\s*newslint-[a-z-]+\b[^>]*-->\s*")
_BLANK = re.compile(r"[ \t\f\v]*")


def load_text(path: str, source: str) -> Document:
    builder = TextBuilder()
    directives = []
    blocks: list[Block] = []
    block_start: int | None = None
    line_number = 0
    position = 0
    length = len(source)
    while position <= length:
        match = _LINE.match(source, position)
        assert match is not None  # the pattern matches the empty string
        line_number += 1
        content_start, content_end = match.start(1), match.end(1)
        content = match.group(1)
        if "newslint-" in content and _DIRECTIVE_LINE.fullmatch(content):
            directives.extend(parse_directives(content, line_number))
            content_end = content_start  # the comment is not prose
            content = ""
        if _BLANK.fullmatch(content):
            if block_start is not None:
                blocks.append(Block(block_start, _trim_end(builder), "paragraph"))
                block_start = None
        elif block_start is None:
            block_start = builder.length
        builder.copy(source, content_start, content_end)
        eol = match.group(2)
        if eol:
            builder.put("\n", match.start(2), match.end(2))
        if match.end() >= length:
            break
        position = match.end()
    text = builder.text()
    if block_start is not None:
        blocks.append(Block(block_start, len(text.rstrip("\n")), "paragraph"))
    return Document(
        path=path,
        source=source,
        text=text,
        offsets=builder.offsets,
        blocks=blocks,
        format="text",
        directives=directives,
    )


def _trim_end(builder: TextBuilder) -> int:
    """End of the block just closed: the text length less its final line break."""
    end = builder.length
    if builder.parts and builder.parts[-1] == "\n":
        end -= 1
    return end
