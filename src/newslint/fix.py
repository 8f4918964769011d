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
a line break).

Writing (issue 21) keeps what the user has and changes only the text:

- **An edit saved meanwhile wins.** Each file is read again when its turn to be fixed comes
  (:func:`read_snapshot`: bytes, size, modification time in ns, inode); an edit saved since
  the check is fixed, not undone. Just before the file is replaced it is compared again
  (inode, size, mtime_ns and a SHA-256 of the content): if anything changed, the file is
  left as it is, with one line on stderr (``newslint: PATH: changed on disk since it was
  read; not fixed (run --fix again)``), and the run's exit code is 2 (input error). A save
  in the last microseconds between that comparison and the rename cannot be seen.
- **Symbolic links.** A file is written where its links lead (the link stays a link, never
  replaced by a file), but only inside what the command line named: a link named on the
  command line is the user's choice and its target is fixed in place; a link found while
  walking a folder is fixed only if it leads inside that folder, otherwise it is left alone
  (``symbolic link to a file outside FOLDER; not fixed``, exit code 2). Black skips links
  that point outside its root likewise; pre-commit's text hooks are never given links.
- **Atomic replacement, owner and mode kept.** The fixed text goes to a new file of
  unpredictable name (``tempfile.mkstemp``) in the same folder, is given the original's
  owner (when the user may: root, or the user's own group) and mode, flushed to disk, and
  renamed over the original; each folder written in is flushed once, after its files.
- **Written in place when renaming would lose something**, as Vim's ``backupcopy=auto``
  does: when the file has other hard links (a rename would split them silently) or its
  owner cannot be given to the new file (another user's file the user may write). The
  temporary copy is written and flushed first, then the original file is overwritten,
  cut to length and flushed, and the copy removed.
- **A folder that cannot be written** (no temporary file can be created): one line,
  ``cannot write the fixed file: no temporary file in FOLDER (Permission denied); not
  fixed``, exit code 2, the other files still fixed. It is not written in place instead:
  without a temporary copy the replacement would not be atomic.
- **Signals.** SIGTERM, SIGINT and SIGHUP that come while a file is being replaced are held
  until it is (:class:`_SignalsHeld`) and then act as usual: the run ends with every draft
  whole, old or new, and no temporary file left. SIGKILL (or a power cut) cannot be held: a
  temporary file ``.newslint-*.tmp`` may then remain beside the draft; the draft is whole,
  except one being written in place, whose full fixed text is then that temporary file.

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
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any

from newslint.bounded import read_stream
from newslint.classcache import dataclass
from newslint.documents import MAX_BYTES, Document, is_word, load
from newslint.errors import InputError
from newslint.findings import Finding
from newslint.placing import SourceEdit, placed_edits, skeleton

__all__ = [
    "Applied",
    "SourceEdit",
    "apply",
    "apply_edits",
    "encode",
    "fix_document",
    "placed_edits",
    "source_edits",
]

if TYPE_CHECKING:
    from newslint.runner import FileResult

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
    if document.encoding == "utf-32":
        if original is not None and original.startswith(codecs.BOM_UTF32_BE):
            return codecs.BOM_UTF32_BE + source.encode("utf-32-be")
        return codecs.BOM_UTF32_LE + source.encode("utf-32-le")
    data = source.encode("utf-8")
    return codecs.BOM_UTF8 + data if document.bom else data


def fix_document(
    document: Document, check: Callable[[Document], list[Finding]]
) -> tuple[Document, int]:
    """Fix ``document`` until nothing fixable is left; returns the fixed document and count.

    ``check(document)``: the findings of the run's rules in a document (a runner's
    :meth:`~newslint.runner.Runner.check_document`).

    Each round fixes what the last check found, then checks again (a fix may make room for
    another). Should two fixes undo each other, the round that would bring back a text
    already seen stops the cycle: the result is that text, with the fixes counted up to it.
    """
    total = 0
    current = document
    seen = {document.source: (document, 0)}
    for _ in range(MAX_ROUNDS):
        findings = check(current)
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


# -- writing ---------------------------------------------------------------------------------

#: Signals that would end the run in the middle of a write: held until the file is in place.
_HELD_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name)
)


@dataclass(frozen=True)
class Snapshot:
    """The file ``--fix`` read, as it was: the fixes are computed on ``data``, and the file
    is replaced only if it still holds exactly that (:func:`write_fixed`)."""

    #: The file itself, symbolic links resolved (a link is never replaced by a file).
    target: str
    data: bytes
    info: os.stat_result
    digest: bytes


def _digest(data: bytes) -> bytes:
    import hashlib

    return hashlib.sha256(data).digest()


def read_snapshot(path: str) -> Snapshot:
    """Read ``path`` for fixing: its bytes and the identity they were read from."""
    target = os.path.realpath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(target, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None
    try:
        before = os.fstat(handle)
        if not stat.S_ISREG(before.st_mode):
            raise InputError(path, "not a regular file (FIFO, socket or device)")
        with os.fdopen(handle, "rb", closefd=False) as stream:
            data = read_stream(stream, MAX_BYTES)
        after = os.fstat(handle)
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None
    finally:
        os.close(handle)
    if len(data) > MAX_BYTES:
        raise InputError(path, f"file too large (limit {MAX_BYTES // 1048576} MiB)")
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns) or (
        len(data) != after.st_size
    ):
        raise InputError(path, "changed while it was read; not fixed (run --fix again)")
    return Snapshot(target, data, after, _digest(data))


def _changed(snapshot: Snapshot) -> str | None:
    """Why the file is no longer what was read (``None``: it is): another inode, size,
    modification time, or content (same size and time, other bytes)."""
    try:
        now = os.lstat(snapshot.target)
    except OSError as error:
        return f"gone since it was read ({error.strerror or error})"
    then = snapshot.info
    if (now.st_dev, now.st_ino) != (then.st_dev, then.st_ino) or not stat.S_ISREG(now.st_mode):
        return "replaced by another file since it was read"
    if (now.st_size, now.st_mtime_ns) != (then.st_size, then.st_mtime_ns):
        return "changed on disk since it was read"
    try:
        with open(snapshot.target, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        return f"cannot be read again ({error.strerror or error})"
    if _digest(data) != snapshot.digest:
        return "changed on disk since it was read"
    return None


class _SignalsHeld:
    """Termination signals (SIGTERM, SIGINT, SIGHUP) are recorded, not acted on, while a file
    is being replaced; on leaving, the previous handlers are restored and each signal that came
    is raised again, so the run ends (or Ctrl-C interrupts it) with the file whole and no
    temporary file left. Python runs handlers in the main thread, whichever thread the signal
    reached; in another thread nothing is held."""

    def __enter__(self):
        self.pending: list[int] = []
        self.previous: dict[int, Any] = {}
        if threading.current_thread() is threading.main_thread():
            for number in _HELD_SIGNALS:
                self.previous[number] = signal.signal(number, self._record)
        return self

    def _record(self, number, frame) -> None:
        self.pending.append(number)

    def __exit__(self, *exc) -> None:
        for number, handler in self.previous.items():
            # None: a handler installed outside Python, which cannot be put back.
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
        for number in dict.fromkeys(self.pending):
            signal.raise_signal(number)


def _temporary_copy(
    directory: str, data: bytes, original: os.stat_result | None
) -> tuple[str, bool]:
    """``data`` in a new file of ``directory`` (an unpredictable name, created 0600), on disk,
    with ``original``'s owner and mode (if any). Returns its path and whether the owner could
    be kept."""
    handle, temporary = tempfile.mkstemp(prefix=".newslint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            descriptor = stream.fileno()
            owner_kept = True
            made = os.fstat(descriptor)
            if original is None:
                pass  # a new file
            elif hasattr(os, "fchown") and (made.st_uid, made.st_gid) != (
                original.st_uid,
                original.st_gid,
            ):
                try:
                    # Before chmod: a change of owner clears the set-user/group-ID bits.
                    os.fchown(descriptor, original.st_uid, original.st_gid)
                except OSError:
                    owner_kept = False
            if original is None:
                pass
            elif hasattr(os, "fchmod"):
                os.fchmod(descriptor, stat.S_IMODE(original.st_mode))
            else:  # pragma: no cover - Windows before Python 3.13
                os.chmod(temporary, stat.S_IMODE(original.st_mode))
            os.fsync(descriptor)
    except BaseException:
        _unlink(temporary)
        raise
    return temporary, owner_kept


def _copy_into(snapshot: Snapshot, data: bytes) -> None:
    """Write ``data`` into the original file itself (its inode: hard links, owner, mode,
    extended attributes all stay), then cut it to length and flush it to disk."""
    flags = os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    handle = os.open(snapshot.target, flags)
    try:
        now = os.fstat(handle)
        if (now.st_dev, now.st_ino) != (snapshot.info.st_dev, snapshot.info.st_ino):
            raise InputError(
                snapshot.target,
                "replaced by another file since it was read; not fixed (run --fix again)",
            )
        view = memoryview(data)
        while view:
            written = os.write(handle, view)
            view = view[written:]
        os.ftruncate(handle, len(data))
        os.fsync(handle)
    finally:
        os.close(handle)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _sync_directory(directory: str) -> None:
    try:
        handle = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def write_fixed(path: str, data: bytes, snapshot: Snapshot, sync_directory: bool = True) -> None:
    """Replace the content of ``snapshot``'s file with ``data``, unless it changed since.

    Raises :class:`InputError` (one line: what and why) when the file is left as it is.
    ``sync_directory`` false leaves flushing the folder (the rename) to the caller, who may
    flush each folder once for many files.
    """
    target = snapshot.target
    directory = os.path.dirname(target) or "."
    with _SignalsHeld():
        try:
            copied, owner_kept = _temporary_copy(directory, data, snapshot.info)
        except OSError as error:
            reason = error.strerror or str(error)
            raise InputError(
                path,
                f"cannot write the fixed file: no temporary file in "
                f"{directory} ({reason}); not fixed",
            ) from None
        temporary: str | None = copied
        try:
            changed = _changed(snapshot)
            if changed is not None:
                raise InputError(path, f"{changed}; not fixed (run --fix again)")
            if snapshot.info.st_nlink > 1 or not owner_kept:
                # Renaming would cut the hard links or give the file to us: write into it.
                _copy_into(snapshot, data)
            else:
                os.replace(copied, target)
                temporary = None
                if sync_directory:
                    _sync_directory(directory)
        except OSError as error:
            raise InputError(
                path, f"cannot write the fixed file: {error.strerror or error}; not fixed"
            ) from None
        finally:
            if temporary is not None:
                _unlink(temporary)


def write_atomic(path: str, data: bytes) -> None:
    """Create or replace ``path`` (a file newslint owns, such as the baseline) with ``data``:
    a temporary file beside it, given the old file's owner and mode, renamed over it, with
    termination signals held meanwhile. Drafts go through :func:`write_fixed` instead."""
    target = os.path.realpath(path)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    directory = os.path.dirname(target) or "."
    with _SignalsHeld():
        temporary = None
        try:
            temporary, _ = _temporary_copy(directory, data, info)
            os.replace(temporary, target)
            temporary = None
            _sync_directory(directory)
        except OSError as error:
            raise InputError(path, f"cannot write: {error.strerror or error}") from None
        finally:
            if temporary is not None:
                _unlink(temporary)


def _outside_tree(path: str, roots: list[str]) -> str | None:
    """The folder named on the command line that ``path`` was found in, if ``path`` leads
    (through a symbolic link) to a file outside it; ``None`` if it may be written."""
    if path in roots:
        return None  # named on the command line: its target is what the user asked for
    found = [
        root for root in roots if root not in ("", "-") and path.startswith(os.path.join(root, ""))
    ]
    if not found:
        return None
    root = max(found, key=len)
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    try:
        inside = os.path.commonpath([real_root, real]) == real_root
    except ValueError:
        inside = False
    return None if inside else root


def _document_for(file: FileResult, snapshot: Snapshot) -> Document:
    """The document to fix: the one checked if the file still holds it, else the file as
    it is now (an edit saved since it was checked is fixed, never undone)."""
    document = file.document
    if document is not None and encode(document, document.source, snapshot.data) == snapshot.data:
        return document
    return load(file.path, snapshot.data, document.format if document is not None else None)


@dataclass
class Applied:
    """What :func:`apply` did: fixes applied, each file's result after them, files left as
    they were though they had fixes (``(path, reason)``)."""

    count: int
    files: list[FileResult]
    unfixed: list[tuple[str, str]]


def apply(
    files: list[FileResult],
    recheck: Callable[[Document], FileResult],
    *,
    write: bool,
    diff_stream: IO[str] | None,
    roots: Sequence[str] = (),
    stdin_path: str | None = None,
) -> Applied:
    """Apply (``write``) or show (``diff_stream``) the safe fixes found in ``files``.

    ``recheck(document)`` checks a document with the run's rules (fixes are computed round
    after round with it, and each file written is checked again). ``roots``: the paths the
    command line named (links out of them are not followed to write); ``stdin_path``: the
    name of the standard input's draft, which is never rewritten. With ``write`` false
    nothing is written, the count is 0 and the files are those given. A file that could not
    be fixed gets one line on stderr and is listed in ``unfixed``.
    """

    def check(document: Document) -> list[Finding]:
        return recheck(document).findings

    named = [str(path) for path in roots]
    new_files: list[FileResult] = []
    unfixed: list[tuple[str, str]] = []
    written_in: set[str] = set()
    fixed_total = 0
    for index, file in enumerate(files):
        from_stdin = stdin_path is not None and index == 0 and file.path == stdin_path
        document = file.document
        if write and is_word(file.path) and any(f.fix is not None for f in file.findings):
            sys.stderr.write(
                f"newslint: {file.path}: a Word document is not rewritten; its fixes "
                "are suggestions (newslint annotate writes a commented copy)\n"
            )
        if not any(f.fixable for f in file.findings):
            new_files.append(file)
            continue
        snapshot = None
        if not from_stdin:
            try:
                snapshot = read_snapshot(file.path)
                document = _document_for(file, snapshot)
            except InputError as error:
                if write:
                    unfixed.append((file.path, error.reason))
                new_files.append(file)
                continue
        if document is None:
            new_files.append(file)
            continue
        fixed, count = fix_document(document, check)
        if fixed.source == document.source:
            # Nothing to fix (any more: fixed through another name, or edited since).
            new_files.append(file if document is file.document else recheck(document))
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
        root = _outside_tree(file.path, named)
        if root is not None:
            unfixed.append((file.path, f"symbolic link to a file outside {root}; not fixed"))
            new_files.append(file)
            continue
        assert snapshot is not None
        data = encode(document, fixed.source, snapshot.data)
        try:
            write_fixed(file.path, data, snapshot, sync_directory=False)
            written_in.add(os.path.dirname(snapshot.target) or ".")
        except InputError as error:
            # The other files are still fixed; the exit code says this one was not.
            unfixed.append((file.path, error.reason))
            new_files.append(file)
            continue
        fixed_total += count
        reloaded = load(file.path, data, document.format)
        new_files.append(recheck(reloaded))
    if not write:
        return Applied(0, list(files), [])
    for directory in sorted(written_in):
        _sync_directory(directory)  # once per folder: the renames are on disk
    for path, reason in unfixed:
        sys.stderr.write(f"newslint: {path}: {reason}\n")
    return Applied(fixed_total, new_files, unfixed)


def _lines(text: str) -> list[str]:
    # Only real line breaks: str.splitlines() would also split at U+2028, U+0085, form feeds.
    return [m.group(0) for m in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)]


def _write_diff(stream: IO[str], path: str, before: str, after: str) -> None:
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
