"""Loaders: bytes on disk -> :class:`Document` (checked text + offset map)."""

from __future__ import annotations

import codecs

from newslint.bounded import Refused, read_regular
from newslint.documents.model import Block, Directive, Document
from newslint.errors import InputError

__all__ = ["Block", "Directive", "Document", "decode", "load", "load_path", "format_for"]

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
#: Files (and standard input) larger than this are refused with a one-line error, exit 2.
#: A news draft is a few KB to about 100 KB; 1 MiB is about 150,000 words, a book. Every
#: generated worst case up to this size is checked in under 10 s and 500 MB
#: (benchmarks/worst_cases.py); at 4 MiB several were not (issue 21).
MAX_BYTES = 1024 * 1024
#: Word documents hold photos: the file may be larger (its text is still held to MAX_BYTES
#: characters, and its parts are checked before they are read: documents.docx).
MAX_WORD_BYTES = 32 * 1024 * 1024
#: Drafts with more lines than this are refused in one line, exit 2. Reading Markdown costs
#: up to about 70 µs per line whatever the line holds (a list item, a heading, a quoted
#: line: 1 MiB of ``1. a`` lines took 11 s); 50,000 lines is a 1 MiB book's 20 characters
#: a line, and a news draft has a few hundred (issue 21).
MAX_LINES = 50_000
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
BINARY = "binary file (contains NUL bytes), not a text draft"


HTML_SUFFIXES = (".html", ".htm", ".xhtml")
WORD_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")
#: Formats a configuration may map extensions to (``formats:`` in ``.newslint.yaml``).
FORMATS = ("text", "markdown", "html", "docx")


def format_for(path: str) -> str:
    lowered = path.lower()
    if lowered.endswith(MARKDOWN_SUFFIXES):
        return "markdown"
    if lowered.endswith(HTML_SUFFIXES):
        return "html"
    if lowered.endswith(WORD_SUFFIXES):
        return "docx"
    return "text"


def is_word(path: str) -> bool:
    """Whether reports give ``paragraph N, character C`` for ``path`` (a Word document)."""
    return path.lower().endswith(WORD_SUFFIXES)


def decode(path: str, data: bytes) -> tuple[str, str, bool]:
    """Decode a draft: UTF-8 with or without BOM, or UTF-16 or UTF-32 with a BOM.

    Returns ``(text, encoding, had_bom)``. Anything else is an :class:`InputError` that says
    where the first undecodable byte is. A NUL anywhere makes the file binary: no draft holds
    one, and checking only the start let a NUL after 8 KB through (issue 21).
    """
    # UTF-32 first: the UTF-16 LE BOM (FF FE) is a prefix of the UTF-32 LE one (FF FE 00 00).
    for boms, encoding in (
        ((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "utf-32"),
        ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-16"),
    ):
        if data.startswith(boms):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                if encoding == "utf-32":
                    continue  # FF FE 00 00 may also be UTF-16 LE starting with U+0000
                raise InputError(
                    path, f"invalid {encoding.upper()} at byte {error.start}"
                ) from None
            if "\x00" in text:
                raise InputError(path, BINARY)
            return text, encoding, True
    if data.startswith(codecs.BOM_UTF8):
        encoding, bom, body = "utf-8", True, data[3:]
    else:
        encoding, bom, body = "utf-8", False, data
    if b"\x00" in body:
        if _looks_utf16(body[:8192]):
            raise InputError(path, "UTF-16 without a byte-order mark; save it as UTF-8")
        raise InputError(path, BINARY)
    try:
        return body.decode("utf-8"), encoding, bom
    except UnicodeDecodeError as error:
        offset = error.start + (3 if bom else 0)
        line = data.count(b"\n", 0, offset) + 1
        byte = data[offset]
        raise InputError(
            path,
            f"not valid UTF-8 (byte 0x{byte:02X} on line {line}); "
            "convert it, e.g. iconv -f latin1 -t utf-8",
        ) from None


def _looks_utf16(head: bytes) -> bool:
    """Text in UTF-16 has a NUL in every other byte (Latin script), on one side."""
    even, odd = head[0::2], head[1::2]
    return len(head) >= 4 and (even.count(0) >= 0.9 * len(even) or odd.count(0) >= 0.9 * len(odd))


def load(path: str, data: bytes, fmt: str | None = None) -> Document:
    fmt = fmt or format_for(path)
    if fmt == "docx" or data[:4] == b"PK\x03\x04" or data[:8] == OLE_SIGNATURE:
        # A Word document by its name or its signature (a zip, or an OLE compound file:
        # encrypted .docx and old .doc); never read as text.
        from newslint.documents.docx import load_docx

        return load_docx(path, data)
    source, encoding, bom = decode(path, data)
    check_lines(path, source)
    if fmt == "html":
        from newslint.documents.html import load_html

        document = load_html(path, source)
    elif fmt == "markdown":
        from newslint.documents.markdown import load_markdown

        try:
            document = load_markdown(path, source)
        except RecursionError:
            # markdown-it-py caps block nesting; this guards what it does not (issue 8).
            raise InputError(path, "Markdown nested too deeply to check") from None
    else:
        from newslint.documents.text import load_text

        document = load_text(path, source)
    document.encoding = encoding
    document.bom = bom
    return document


def load_path(path: str, fmt: str | None = None, display: str | None = None) -> Document:
    name = display or path
    word = fmt == "docx" or (fmt is None and is_word(path))
    try:
        data = read_regular(path, MAX_WORD_BYTES if word else MAX_BYTES)
    except Refused as error:
        raise InputError(name, str(error)) from None
    except IsADirectoryError:
        raise InputError(name, "is a directory") from None
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as error:
        raise InputError(name, f"cannot read: {error.strerror or error}") from None
    return load(name, data, fmt)


def line_count(source: str) -> int:
    r"""Lines of ``source`` (``\r\n``, ``\r`` or ``\n`` ends one; a last line without one
    counts), counted in C."""
    breaks = source.count("\n")
    if "\r" in source:
        breaks += source.count("\r") - source.count("\r\n")
    return breaks + (0 if not source or source[-1] in "\r\n" else 1)


def check_lines(path: str, source: str) -> None:
    lines = line_count(source)
    if lines > MAX_LINES:
        raise InputError(path, f"too many lines ({lines:,}, limit {MAX_LINES:,})")


def check_stdin_size(name: str, data: bytes) -> None:
    """Standard input is read up to one byte past the limit (``bounded.read_stream``)."""
    if is_word(name):
        if len(data) > MAX_WORD_BYTES:
            raise InputError(
                name, f"Word document too large (more than {MAX_WORD_BYTES // 1048576} MiB)"
            )
        return
    if len(data) > MAX_BYTES:
        raise InputError(name, f"standard input too large (more than {MAX_BYTES // 1048576} MiB)")
