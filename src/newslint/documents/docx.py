"""Word drafts (``.docx``): the text of body paragraphs and tables, headers, footers,
footnotes and endnotes, read with lxml straight from the zip parts.

python-docx reads the body and tables but not footnotes, and not tracked changes as
accepted text; the parts are small, well specified XML (ECMA-376), so they are read here
with lxml (entities never resolved, no network). The same walk (:func:`paragraphs`,
:func:`pieces`) serves ``--annotate``, on python-docx's own tree, so a finding's characters
are the same elements in both.

- **Paragraphs.** Each ``w:p`` is one line of the document's ``source`` (the paragraph's
  text, in reading order: the body with its tables, then headers, footers, footnotes and
  endnotes), so a finding's line and column are ``paragraph N, character C`` (1-based,
  counting empty paragraphs too). In the checked text, paragraphs are blocks separated by a
  blank line (as in Markdown); a paragraph styled as a heading (``Heading…``, ``Titre…``,
  ``Title``) is a ``heading``, one in a table a ``table_cell``, one with a numbering a
  ``list_item``.
- **Runs.** A paragraph's runs are joined: a finding across runs (a word half in bold) is
  one finding. ``w:tab`` reads as a tab, ``w:br``/``w:cr`` as a line break (``\\v`` in the
  source, as Word's own object model gives it; ``\\n`` in the checked text),
  ``w:noBreakHyphen`` as U+2011.
- **Tracked changes** read as accepted: ``w:ins`` and ``w:moveTo`` kept, ``w:del`` and
  ``w:moveFrom`` dropped, a paragraph whose mark is deleted joined to the next one (one
  block of the checked text; each keeps its own line of the source). Comments, field codes (``w:instrText``; a field's result is
  kept), text boxes and separator footnotes are left out.
- **Refused** with one line (exit 2), before any XML is read: a file that is not a zip
  (corrupt), an OLE compound file (an encrypted ``.docx`` or a Word 97-2003 ``.doc``),
  a macro-enabled document (``.docm``/``.dotm`` or a ``vbaProject.bin`` part), and a zip
  whose directory announces too many entries or too much uncompressed text
  (:data:`MAX_ENTRIES`, :data:`MAX_PART_BYTES`, :data:`MAX_RATIO`); each part is read at
  most :data:`MAX_PART_BYTES` + 1 bytes whatever its directory says.

A Word document is never rewritten: its fixes are shown as suggestions, never applied by
``--fix`` (``--annotate`` writes a commented copy instead).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from newslint.documents.model import Block, Document
from newslint.documents.offsets import TextBuilder
from newslint.errors import InputError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
#: Largest .docx read (the file itself: photos make Word files large).
MAX_FILE_BYTES = 32 * 1024 * 1024
#: Entries a .docx's zip directory may list (a long report with images has a few hundred).
MAX_ENTRIES = 2000
#: Largest uncompressed XML part read (a 300-page book's document.xml is about 5 MiB; a
#: news draft's, under 1 MiB). An adversarial part of this size, 360,000 one-letter runs
#: that do not compress, was read in 8 s (load average 16) at 186 MB peak RSS; at 16 MiB,
#: 16 s and 325 MB.
MAX_PART_BYTES = 8 * 1024 * 1024
#: Uncompressed size over compressed size beyond which a part over 1 MiB is a zip bomb
#: (Word's XML compresses 5 to 20 times).
MAX_RATIO = 100
#: Characters of text a Word draft may hold once read (as a text draft's byte limit).
MAX_TEXT = 1024 * 1024

#: Paragraphs a Word draft may hold (a text draft's line limit, documents.MAX_LINES).
MAX_PARAGRAPHS = 50_000

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_PART = re.compile(r"word/(header|footer)(\d*)\.xml")

#: Elements whose content is not the accepted, visible text of a paragraph.
_SKIP = frozenset(
    W + name
    for name in (
        "del",
        "moveFrom",
        "pPr",
        "rPr",
        "instrText",
        "delText",
        "delInstrText",
        "txbxContent",
        "commentReference",
        "footnoteReference",
        "endnoteReference",
        "fldData",
        "sectPr",
    )
) | {MC + "Fallback"}
_CHARACTERS = {W + "tab": "\t", W + "br": "\v", W + "cr": "\v", W + "noBreakHyphen": "\u2011"}
_HEADING_STYLE = re.compile(r"(heading|titre|title)", re.IGNORECASE)


def refuse(path: str, reason: str) -> InputError:
    return InputError(path, reason)


def open_zip(path: str, data: bytes) -> zipfile.ZipFile:
    """The .docx's zip, its directory checked: signatures, macros, entries, sizes."""
    if data[:8] == OLE_SIGNATURE:
        if _ENCRYPTED in data[:65536] or _ENCRYPTED in data:
            raise refuse(
                path,
                "encrypted (password-protected) Word document; not checked "
                "(save an unprotected copy)",
            )
        raise refuse(
            path,
            "Word 97-2003 document or other OLE compound file, not a .docx; "
            "not checked (save it as .docx)",
        )
    if data[:4] != b"PK\x03\x04":
        raise refuse(path, "not a Word document (a .docx is a zip archive); corrupt or renamed")
    if len(data) > MAX_FILE_BYTES:
        raise refuse(path, f"Word document too large (limit {MAX_FILE_BYTES // 1048576} MiB)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise refuse(path, f"corrupt Word document (not a readable zip: {error})") from None
    if len(entries) > MAX_ENTRIES:
        raise refuse(
            path,
            f"zip archive with {len(entries):,} entries (limit {MAX_ENTRIES:,}); "
            "not checked (zip bomb?)",
        )
    names = {entry.filename for entry in entries}
    if path.lower().endswith((".docm", ".dotm")) or any(
        name.lower().endswith("vbaproject.bin") for name in names
    ):
        raise refuse(
            path,
            "macro-enabled Word document (VBA project); not checked "
            "(save it as .docx without macros)",
        )
    if "word/document.xml" not in names:
        raise refuse(
            path, "not a Word document (no word/document.xml); corrupt or another kind of zip"
        )
    return archive


def _read_part(path: str, archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > MAX_PART_BYTES or (
        info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
    ):
        raise refuse(
            path,
            f"{name}: {info.file_size:,} bytes uncompressed from "
            f"{info.compress_size:,}; not checked (zip bomb?)",
        )
    try:
        with archive.open(info) as stream:
            data = stream.read(MAX_PART_BYTES + 1)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ValueError,
        OSError,
        EOFError,
        NotImplementedError,
        zlib.error,
    ) as error:
        raise refuse(path, f"corrupt Word document ({name}: {error})") from None
    if len(data) > MAX_PART_BYTES:
        raise refuse(
            path,
            f"{name}: more than {MAX_PART_BYTES // 1048576} MiB uncompressed; "
            "not checked (zip bomb?)",
        )
    return data


def _parse(path: str, name: str, data: bytes):
    from lxml import etree  # type: ignore[import-untyped]

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise refuse(path, f"corrupt Word document ({name}: {error})") from None


def part_names(archive_names) -> list[str]:
    """The parts read, in reading order: body, headers, footers, footnotes, endnotes."""

    def number(name: str) -> int:
        match = _PART.fullmatch(name)
        return int(match.group(2) or 0) if match else 0

    names = set(archive_names)
    headers = sorted((n for n in names if _PART.fullmatch(n) and "header" in n), key=number)
    footers = sorted((n for n in names if _PART.fullmatch(n) and "footer" in n), key=number)
    notes = [n for n in ("word/footnotes.xml", "word/endnotes.xml") if n in names]
    return ["word/document.xml"] + headers + footers + notes


def paragraphs(root, kind: str = "paragraph"):
    """``(w:p element, block kind)`` of each paragraph under ``root``, in reading order
    (table cells' paragraphs included, text boxes' not; separator footnotes skipped)."""
    for child in root:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == W + "p":
            yield child, _kind(child, kind)
        elif tag in (W + "footnote", W + "endnote") and child.get(W + "type") in (
            "separator",
            "continuationSeparator",
            "continuationNotice",
        ):
            continue
        elif tag == W + "tc":
            yield from paragraphs(child, "table_cell")
        else:
            yield from paragraphs(child, kind)


def _kind(paragraph, inherited: str) -> str:
    if inherited != "paragraph":
        return inherited
    properties = paragraph.find(W + "pPr")
    if properties is not None:
        style = properties.find(W + "pStyle")
        if style is not None and _HEADING_STYLE.match(style.get(W + "val") or ""):
            return "heading"
        if properties.find(W + "numPr") is not None:
            return "list_item"
    return "paragraph"


def pieces(paragraph):
    """``(text, element)`` of each piece of a paragraph's accepted text, in order: a ``w:t``
    and its text, or a ``w:tab``/``w:br``/``w:cr``/``w:noBreakHyphen`` and its character."""
    stack = [iter(paragraph)]
    while stack:
        for element in stack[-1]:
            tag = element.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == W + "t":
                if element.text:
                    yield element.text, element
            elif tag in _CHARACTERS:
                yield _CHARACTERS[tag], element
            elif tag == W + "p":
                continue  # a paragraph nested in a text box
            elif len(element):
                stack.append(iter(element))
                break
        else:
            stack.pop()


def paragraph_text(paragraph) -> str:
    return "".join(text for text, _ in pieces(paragraph))


def read_parts(path: str, data: bytes):
    """``(part name, root element)`` of each part read."""
    archive = open_zip(path, data)
    with archive:
        names = part_names(archive.namelist())
        total = 0
        for name in names:
            info = archive.getinfo(name)
            total += info.file_size
            if total > 2 * MAX_PART_BYTES:
                raise refuse(
                    path, "more than 16 MiB of uncompressed text parts; not checked (zip bomb?)"
                )
        for name in names:
            yield name, _parse(path, name, _read_part(path, archive, name))


def load_docx(path: str, data: bytes) -> Document:
    lines: list[str] = []
    kinds: list[str] = []
    #: Whether each paragraph's mark is a tracked deletion: accepted, it joins the next one.
    joins: list[bool] = []
    size = 0
    for _name, root in read_parts(path, data):
        found = list(paragraphs(root))
        for index, (paragraph, kind) in enumerate(found):
            text = paragraph_text(paragraph).replace("\n", " ").replace("\r", " ")
            size += len(text) + 1
            if size > MAX_TEXT:
                raise refuse(path, f"more than {MAX_TEXT // 1048576} MiB of text; not checked")
            lines.append(text)
            kinds.append(kind)
            # Never across parts: a note's last paragraph does not join the next note.
            joins.append(
                index + 1 < len(found)
                and _mark_deleted(paragraph)
                and found[index + 1][0].getparent() is paragraph.getparent()
            )
            if len(lines) > MAX_PARAGRAPHS:
                raise refuse(path, f"more than {MAX_PARAGRAPHS:,} paragraphs; not checked")
    source = "\n".join(lines)
    builder = TextBuilder()
    blocks: list[Block] = []
    offset = 0
    start: int | None = None  # the block being read, when a deleted mark joins paragraphs
    block_kind = "paragraph"
    for text, kind, join in zip(lines, kinds, joins):
        if text.strip() or start is not None:
            if start is None:
                if builder.length:
                    builder.put("\n\n", offset, offset)
                start = builder.length
                block_kind = kind
            position = offset
            for index in _breaks(text):
                builder.copy(source, position, offset + index)
                builder.put("\n", offset + index, offset + index + 1)
                position = offset + index + 1
            builder.copy(source, position, offset + len(text))
            if not join:
                if builder.length > start:
                    blocks.append(Block(start, builder.length, block_kind))
                start = None
        offset += len(text) + 1
    if start is not None and builder.length > start:
        blocks.append(Block(start, builder.length, block_kind))
    return Document(
        path=path,
        source=source,
        text=builder.text(),
        offsets=builder.offsets,
        blocks=blocks,
        format="docx",
    )


def _mark_deleted(paragraph) -> bool:
    """Whether the paragraph mark is a tracked deletion (``w:pPr/w:rPr/w:del``)."""
    properties = paragraph.find(W + "pPr")
    if properties is None:
        return False
    mark = properties.find(W + "rPr")
    return mark is not None and mark.find(W + "del") is not None


def _breaks(text: str) -> list[int]:
    if "\v" not in text:
        return []
    return [i for i, char in enumerate(text) if char == "\v"]
