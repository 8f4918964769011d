"""``--diff-base REF``: keep only findings on lines added or changed since a git revision.

A gate over a large archive of stories must not fail on old copy. The whole run still happens
(cross-file checks such as name consistency read every file in full); only the report is cut
down afterwards, here, to the findings that touch a line the author added or changed.

"Changed" compares the text newslint actually checked (the file as it is now, or the buffer
read from standard input with ``--stdin-filename``) with the file's version at REF:

- a file that existed at REF: lines inserted or replaced since (a line diff of the two
  versions); a finding spanning several lines is kept when any of them changed;
- a file renamed since REF (git's rename detection, ``git mv``): compared with its old name;
- a file that did not exist at REF (new, untracked): every finding is kept;
- standard input without a file name: every finding is kept.

git is asked three things per repository, whatever the number of files: the tree at REF, the
renames since, and the old versions of the checked files (one ``git cat-file --batch``).
"""

from __future__ import annotations

import os
import subprocess
from collections import defaultdict
from difflib import SequenceMatcher

from newslint.errors import NewslintError


class DiffBaseError(NewslintError):
    """``--diff-base`` cannot be honoured (no git, not a repository, unknown revision)."""


class _GitFailed(Exception):
    pass


def _git(args: list[str], cwd: str, stdin: bytes | None = None) -> bytes:
    try:
        process = subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, timeout=600, check=False
        )
    except FileNotFoundError:
        raise DiffBaseError("--diff-base needs git, which was not found on PATH") from None
    except subprocess.TimeoutExpired:
        raise DiffBaseError(f"--diff-base: git {args[0]} took more than 600 s in {cwd}") from None
    if process.returncode != 0:
        lines = process.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _GitFailed(lines[-1] if lines else f"git {args[0]} failed")
    return process.stdout


def _toplevel(directory: str) -> str | None:
    try:
        out = _git(["rev-parse", "--show-toplevel"], directory)
    except _GitFailed:
        return None
    return os.path.realpath(os.fsdecode(out.strip()))


def _tree(root: str, ref: str) -> dict[str, str]:
    """Repository-relative path -> blob id, for every file at ``ref``."""
    out = _git(["ls-tree", "-r", "-z", "--full-tree", ref], root)
    blobs = {}
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == b"blob":
            blobs[os.fsdecode(path)] = parts[2].decode("ascii")
    return blobs


def _renames(root: str, ref: str) -> dict[str, str]:
    """New path -> path at ``ref`` for files git sees as renamed since ``ref``."""
    out = _git(["diff", "--name-status", "-z", "-M", "--no-ext-diff", ref, "--"], root)
    tokens = [os.fsdecode(t) for t in out.split(b"\0")]
    renames = {}
    i = 0
    while i < len(tokens) and tokens[i]:
        status = tokens[i]
        if status[:1] in ("R", "C"):
            renames[tokens[i + 2]] = tokens[i + 1]
            i += 3
        else:
            i += 2
    return renames


def _blobs(root: str, ids: list[str]) -> dict[str, bytes]:
    """Contents of the given blobs, read through one ``git cat-file --batch``."""
    if not ids:
        return {}
    unique = list(dict.fromkeys(ids))
    out = _git(["cat-file", "--batch"], root, stdin="".join(f"{i}\n" for i in unique).encode())
    contents = {}
    position = 0
    for blob_id in unique:
        header_end = out.index(b"\n", position)
        header = out[position:header_end].split()
        if len(header) != 3:  # "<id> missing"
            position = header_end + 1
            continue
        size = int(header[2])
        start = header_end + 1
        contents[blob_id] = out[start : start + size]
        position = start + size + 1
    return contents


def changed_lines(old: str, new: str) -> set[int]:
    """1-based numbers of the lines of ``new`` inserted or replaced relative to ``old``."""
    matcher = SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    changed: set[int] = set()
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            changed.update(range(j1 + 1, j2 + 1))
    return changed


def _decode(blob: bytes, document) -> str:
    encoding = getattr(document, "encoding", None) or "utf-8"
    try:
        text = blob.decode(encoding, "replace")
    except LookupError:
        text = blob.decode("utf-8", "replace")
    return text.removeprefix("\ufeff")


def keep_changed_lines(result, ref: str) -> int:
    """Drop findings on lines unchanged since ``ref``; return how many were dropped."""
    by_root: dict[str, list] = defaultdict(list)
    roots: dict[str, str | None] = {}
    for file in result.files:
        if file.document is None or file.path == "-" or not file.findings:
            continue  # nothing to compare standard input with: every finding stays
        directory = os.path.dirname(os.path.abspath(file.path))
        if directory not in roots:
            roots[directory] = _toplevel(directory) if os.path.isdir(directory) else None
        root = roots[directory]
        if root is None:
            raise DiffBaseError(f"--diff-base: {file.path} is not in a git repository")
        by_root[root].append(file)

    dropped = 0
    for root, files in by_root.items():
        try:
            _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root)
        except _GitFailed:
            raise DiffBaseError(f'--diff-base: unknown git revision "{ref}" in {root}') from None
        try:
            tree = _tree(root, ref)
            renames = _renames(root, ref)
            wanted = {}
            for file in files:
                relative = os.path.relpath(_real(file.path), root).replace(os.sep, "/")
                blob = tree.get(renames.get(relative, relative))
                if blob is not None:
                    wanted[id(file)] = blob
            contents = _blobs(root, list(wanted.values()))
        except _GitFailed as error:
            raise DiffBaseError(f"--diff-base: git failed in {root}: {error}") from None
        for file in files:
            blob = wanted.get(id(file))
            if blob is None or blob not in contents:
                continue  # new since REF: every line is new
            lines = changed_lines(_decode(contents[blob], file.document), file.document.source)
            kept = [
                f
                for f in file.findings
                if any(n in lines for n in range(f.line, max(f.end_line, f.line) + 1))
            ]
            dropped += len(file.findings) - len(kept)
            file.findings = kept
    return dropped


def _real(path: str) -> str:
    """Resolve symlinked folders but keep the file's own name (git tracks the link's name)."""
    directory, name = os.path.split(os.path.abspath(path))
    return os.path.join(os.path.realpath(directory), name)
