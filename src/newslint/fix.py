"""Applying safe fixes to the source, atomically, then checking again what remains.

Each :class:`~newslint.findings.Edit` is in text offsets; :mod:`newslint.placing` turns it
into a source edit through the document's offset map (never a search), narrowed to the
characters it changes, or refuses it when the source there is not the text it was computed
on (a code span, an entity, text the loader could not align); the linter marks such a fix
unsafe, so a finding counted as fixable is one ``--fix`` applies. Fixes are applied whole or
not at all, never overlapping, and the cycle repeats on the fixed text until nothing fixable
is left (at most :data:`MAX_ROUNDS` times, and never round a cycle), so a second ``--fix``
changes nothing.

The file is re-encoded as it was read (UTF-8 with or without BOM, UTF-16 with its BOM and
byte order); line endings are untouched but where a fix deletes one (a doubled word across
a line break). It is written to a temporary file in the same directory, given the original's
mode, and renamed over it.

Standard input (``-``) is never rewritten: ``--fix`` leaves it alone and says so on stderr,
and the report shows what the input holds; ``--diff`` shows the fixes as a diff. (Ruff writes
the fixed text to stdout instead; here stdout carries the report, and mixing the two would
break the pipelines that read either.)
"""

from __future__ import annotations

import codecs
import difflib
import logging
import os
import re
import stat
import sys
import tempfile
from typing import TextIO

from newslint.documents import Document, load, load_path
from newslint.errors import InputError
from newslint.placing import SourceEdit, placed_edits, skeleton

__all__ = [
    "SourceEdit", "apply", "apply_edits", "encode", "fix_document", "placed_edits", "source_edits",
]

LOG = logging.getLogger(__name__)

#: Fix, re-check, fix again: a fix may make room for another (a quote converted to « »
#: then gets its no-break space), but never forever.
MAX_ROUNDS = 8


def source_edits(document: Document, findings) -> tuple[list[SourceEdit], int]:
    """Non-overlapping source edits of the safe fixes among ``findings``; how many fixes."""
    fixes = _placed_fixes(document, findings)
    return sorted((e for edits in fixes for e in edits), key=lambda e: (e.start, e.end)), len(fixes)


def _placed_fixes(document: Document, findings) -> list[list[SourceEdit]]:
    """The source edits of each fix to apply: a fix is taken whole or not at all, each of its
    edits placed exactly (:func:`newslint.placing.placed_edits`), none overlapping a fix
    already taken."""
    fixes: list[list[SourceEdit]] = []
    taken: list[tuple[int, int]] = []
    candidates = [f for f in findings if f.fixable]
    candidates.sort(key=lambda f: (min(e.start for e in f.fix.edits), f.rule))
    for finding in candidates:
        edits = placed_edits(document, finding)
        if not edits or any(_conflicts(e, taken) for e in edits):
            continue
        fixes.append(edits)
        taken.extend((e.start, e.end) for e in edits)
    return fixes


def _conflicts(edit: SourceEdit, taken: list[tuple[int, int]]) -> bool:
    for start, end in taken:
        if edit.start < end and start < edit.end:
            return True  # overlapping replacements
        if edit.start == edit.end and start <= edit.start <= end:
            return True  # an insertion at or inside another edit
        if start == end and edit.start <= start <= edit.end:
            return True
    return False


def apply_edits(source: str, edits: list[SourceEdit]) -> str:
    parts = []
    cursor = 0
    for edit in edits:
        parts.append(source[cursor : edit.start])
        parts.append(edit.replacement)
        cursor = edit.end
    parts.append(source[cursor:])
    return "".join(parts)


def encode(document: Document, source: str, original: bytes | None = None) -> bytes:
    """``source`` encoded as ``document`` was read (encoding, BOM, byte order)."""
    if document.encoding == "utf-16":
        if original is not None and original.startswith(codecs.BOM_UTF16_BE):
            return codecs.BOM_UTF16_BE + source.encode("utf-16-be")
        return codecs.BOM_UTF16_LE + source.encode("utf-16-le")
    data = source.encode("utf-8")
    return codecs.BOM_UTF8 + data if document.bom else data


def fix_document(document: Document, runner, scratch) -> tuple[Document, int]:
    """Fix ``document`` until nothing fixable is left; returns the fixed document and count.

    Each round fixes what the last check found, then checks again (a fix may make room for
    another). Should two fixes undo each other, the round that would bring back a text
    already seen stops the cycle: the result is that text, with the fixes counted up to it.
    """
    total = 0
    current = document
    seen = {document.source: (document, 0)}
    for _ in range(MAX_ROUNDS):
        findings = runner.check_document(current, scratch).findings
        fixes = _placed_fixes(current, findings)
        if not fixes:
            break
        fixed, count = _apply_keeping_structure(current, fixes)
        if fixed.source in seen:
            return seen[fixed.source]
        current = fixed
        total += count
        seen[current.source] = (current, total)
    return current, total


def _rebuilt(document: Document, fixes: list[list[SourceEdit]]) -> Document:
    edits = sorted((e for edits in fixes for e in edits), key=lambda e: (e.start, e.end))
    data = encode(document, apply_edits(document.source, edits))
    fixed = load(document.path, data, document.format)
    fixed.encoding, fixed.bom = document.encoding, document.bom
    return fixed


def _apply_keeping_structure(document: Document, fixes) -> tuple[Document, int]:
    """``document`` with ``fixes`` applied, less any fix that would change its Markdown
    structure (found by halving: a few loads for a few such fixes)."""
    fixed = _rebuilt(document, fixes)
    if document.format != "markdown":
        return fixed, len(fixes)
    before = skeleton(document)
    if skeleton(fixed) == before:
        return fixed, len(fixes)

    def keep(candidates: list, kept: list) -> list:
        if not candidates:
            return []
        if skeleton(_rebuilt(document, kept + candidates)) == before:
            return candidates
        if len(candidates) == 1:
            LOG.debug("%s: a fix would change the Markdown structure; not applied", document.path)
            return []
        middle = len(candidates) // 2
        left = keep(candidates[:middle], kept)
        return left + keep(candidates[middle:], kept + left)

    kept = keep(fixes[:], [])
    return _rebuilt(document, kept), len(kept)


def write_atomic(path: str, data: bytes) -> None:
    """Replace ``path``'s content with ``data``: temporary file in the same directory, rename."""
    target = os.path.realpath(path)
    directory = os.path.dirname(target) or "."
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = None
    handle, temporary = tempfile.mkstemp(prefix=".newslint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise InputError(path, f"cannot write the fixed file: {error.strerror or error}") from None


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def apply(result, runner, write: bool, diff_stream: TextIO | None):
    """Apply (``write``) or show (``diff_stream``) the safe fixes of ``result``.

    Returns ``(number of fixes applied, result checked again)``. With ``write`` false
    nothing is written, the count is 0 and the result is the one given.
    """
    from newslint.runner import RunResult

    stdin_path = runner.options.stdin_filename if runner.options.stdin_data is not None else None
    new_files = []
    write_errors: list[tuple[str, str]] = []
    fixed_total = 0
    scratch = RunResult()
    for index, file in enumerate(result.files):
        from_stdin = stdin_path is not None and index == 0 and file.path == stdin_path
        document = file.document
        if not any(f.fixable for f in file.findings):
            new_files.append(file)
            continue
        if document is None and not from_stdin:
            try:
                document = load_path(file.path)  # dropped after checking: read it again
            except InputError:
                document = None
        if document is None:
            new_files.append(file)
            continue
        fixed, count = fix_document(document, runner, scratch)
        if fixed.source == document.source:
            new_files.append(file)
            continue
        if diff_stream is not None:
            _write_diff(diff_stream, file.path, document.source, fixed.source)
        if not write:
            new_files.append(file)
            continue
        if from_stdin:
            sys.stderr.write(
                f"newslint: {file.path}: standard input is not rewritten; "
                f"{count} fix{'es' if count != 1 else ''} not applied (see --diff)\n"
            )
            new_files.append(file)
            continue
        original = _read(file.path)
        try:
            write_atomic(file.path, encode(document, fixed.source, original))
        except InputError as error:
            # Reported like an unreadable file; the other files are still fixed.
            write_errors.append((error.path, error.reason))
            new_files.append(file)
            continue
        fixed_total += count
        reloaded = load(file.path, encode(document, fixed.source, original), document.format)
        new_files.append(runner.check_document(reloaded, scratch))
    if not write:
        return 0, result
    new_result = RunResult(
        files=new_files,
        errors=[*result.errors, *write_errors],
        failures=[],
        rules=result.rules,
        checked=getattr(result, "checked", len(result.files)),
    )

    for rule_id, rule in scratch.rules.items():
        new_result.rules.setdefault(rule_id, rule)
    runner.finish(new_result)
    new_result.failures = list(dict.fromkeys(new_result.failures))
    return fixed_total, new_result


def _lines(text: str) -> list[str]:
    # Only real line breaks: str.splitlines() would also split at U+2028, U+0085, form feeds.
    return [m.group(0) for m in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)]


def _write_diff(stream: TextIO, path: str, before: str, after: str) -> None:
    lines = difflib.unified_diff(
        _lines(before),
        _lines(after),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    stream.writelines(
        line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
        for line in lines
    )
