"""Loaders: bytes on disk -> :class:`Document` (checked text + offset map)."""

from __future__ import annotations

import codecs
import os
import stat

from newslint.documents.model import Block, Directive, Document
from newslint.errors import InputError

__all__ = ["Block", "Directive", "Document", "decode", "load", "load_path", "format_for"]

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
#: Files larger than this are refused with a one-line error: a news draft is a few dozen KB,
#: a long feature a few hundred; checking cost grows with size and a CI gate must not hang.
MAX_BYTES = 4 * 1024 * 1024


def format_for(path: str) -> str:
    return "markdown" if path.lower().endswith(MARKDOWN_SUFFIXES) else "text"


def decode(path: str, data: bytes) -> tuple[str, str, bool]:
    """Decode a draft: UTF-8 with or without BOM, or UTF-16 with a BOM.

    Returns ``(text, encoding, had_bom)``. Anything else is an :class:`InputError` that says
    where the first undecodable byte is.
    """
    if data.startswith(codecs.BOM_UTF8):
        encoding, bom, body = "utf-8", True, data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16", True
        except UnicodeDecodeError as error:
            raise InputError(path, f"invalid UTF-16 at byte {error.start}") from None
    else:
        encoding, bom, body = "utf-8", False, data
    head = body[:8192]
    if b"\x00" in head:
        if _looks_utf16(head):
            raise InputError(path, "UTF-16 without a byte-order mark; save it as UTF-8")
        raise InputError(path, "binary file (contains NUL bytes), not a text draft")
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
    source, encoding, bom = decode(path, data)
    fmt = fmt or format_for(path)
    if fmt == "markdown":
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
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            # Opening a FIFO blocks until a writer comes; a device may never end.
            raise InputError(name, "not a regular file (FIFO, socket or device)")
        if info.st_size > MAX_BYTES:
            raise InputError(name, _too_large(info.st_size))
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:  # grew since stat, or a file whose size stat does not know
            raise InputError(name, _too_large(len(data)))
    except InputError:
        raise
    except IsADirectoryError:
        raise InputError(name, "is a directory") from None
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as error:
        raise InputError(name, f"cannot read: {error.strerror or error}") from None
    return load(name, data, fmt)


def _too_large(size: int) -> str:
    return f"file too large ({size / 1048576:.1f} MiB, limit {MAX_BYTES // 1048576} MiB)"
