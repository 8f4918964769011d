"""``--diff-base REF``: keep only findings on lines added or changed since a git revision.

A gate over a large archive of stories must not fail on old copy. The whole run still happens
(cross-file checks such as name consistency read every file in full); only the report is cut
down afterwards, here, to the findings that touch a line the author added or changed:

- a file git tracks at REF: the ``+`` lines of ``git diff REF`` (working tree against REF, so
  staged and unstaged edits count); a finding spanning several lines is kept when any of them
  changed;
- a file that did not exist at REF (new, untracked, or renamed with edits): renames follow git's
  rename detection, so a moved story reports only its edited lines; any other new file reports
  everything;
- a draft read from standard input keeps every finding (there is nothing to compare it with).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections import defaultdict

from newslint.errors import NewslintError

#: Marker for "every line of this file is new".
ALL = None

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


class DiffBaseError(NewslintError):
    """``--diff-base`` cannot be honoured (no git, not a repository, unknown revision)."""


class _GitFailed(Exception):
    pass


def _git(args: list[str], cwd: str) -> bytes:
    try:
        process = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd,
                                 capture_output=True, timeout=300)
    except FileNotFoundError:
        raise DiffBaseError("--diff-base needs git, which was not found on PATH") from None
    except subprocess.TimeoutExpired:
        raise DiffBaseError(f"--diff-base: git {args[0]} took more than 300 s in {cwd}") from None
    if process.returncode != 0:
        message = process.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _GitFailed(message[-1] if message else f"git {args[0]} failed")
    return process.stdout


def _toplevel(directory: str) -> str | None:
    try:
        out = _git(["rev-parse", "--show-toplevel"], directory)
    except _GitFailed:
        return None
    return os.path.realpath(out.decode("utf-8", "surrogateescape").strip())


def unquote_path(text: str) -> str:
    """A path as git prints it in a diff header: C-quoted when it holds unusual characters."""
    if not (len(text) >= 2 and text[0] == '"' and text[-1] == '"'):
        return text
    body = text[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            following = body[i + 1]
            if following in _ESCAPES:
                out.append(_ESCAPES[following])
                i += 2
                continue
            if re.match(r"[0-7]{3}", body[i + 1:i + 4]):
                out.append(int(body[i + 1:i + 4], 8))
                i += 4
                continue
        out.extend(char.encode("utf-8", "surrogateescape"))
        i += 1
    return out.decode("utf-8", "surrogateescape")


def parse_diff(diff: str) -> dict[str, set[int]]:
    """New-side line numbers added or changed per path, from ``git diff -U0`` output."""
    changed: dict[str, set[int]] = {}
    current: str | None = None
    for line in diff.split("\n"):
        if line.startswith("diff --git "):
            current = None
        elif line.startswith("rename to "):
            current = unquote_path(line[len("rename to "):])
            changed.setdefault(current, set())
        elif line.startswith("+++ "):
            # git ends the name with a tab when it holds a space (diff.c); quoted names never do.
            target = line[4:].rstrip("\t")
            if target == "/dev/null":
                current = None
                continue
            target = unquote_path(target)
            current = target[2:] if target.startswith("b/") else target
            changed.setdefault(current, set())
        elif current is not None and line.startswith("@@"):
            match = _HUNK.match(line)
            if match:
                start = int(match.group(1))
                count = 1 if match.group(2) is None else int(match.group(2))
                changed[current].update(range(start, start + count))
    return changed


def changed_lines(root: str, ref: str) -> tuple[dict[str, set[int]], set[str]]:
    """(changed lines per repo-relative path, paths that existed at ``ref``) for a repository."""
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root)
    except _GitFailed:
        raise DiffBaseError(f'--diff-base: unknown git revision "{ref}" in {root}') from None
    try:
        diff = _git(["diff", "--no-color", "--no-ext-diff", "--no-textconv", "-U0", "-M",
                     ref, "--"], root)
        tree = _git(["ls-tree", "-r", "-z", "--name-only", ref], root)
    except _GitFailed as error:
        raise DiffBaseError(f"--diff-base: git failed in {root}: {error}") from None
    existing = {p.decode("utf-8", "surrogateescape") for p in tree.split(b"\0") if p}
    return parse_diff(diff.decode("utf-8", "surrogateescape")), existing


def keep_changed_lines(result, ref: str) -> int:
    """Drop findings on lines unchanged since ``ref``; return how many were dropped."""
    by_root: dict[str, list] = defaultdict(list)
    roots: dict[str, str | None] = {}
    for file in result.files:
        if file.document is None or file.path == "-" or not os.path.exists(file.path):
            continue  # standard input: nothing to compare with, every finding stays
        directory = os.path.dirname(os.path.abspath(file.path))
        if directory not in roots:
            roots[directory] = _toplevel(directory)
        root = roots[directory]
        if root is None:
            raise DiffBaseError(f"--diff-base: {file.path} is not in a git repository")
        by_root[root].append(file)
    dropped = 0
    for root, files in by_root.items():
        changed, existing = changed_lines(root, ref)
        for file in files:
            relative = os.path.relpath(os.path.realpath(file.path), root).replace(os.sep, "/")
            lines = changed.get(relative, set() if relative in existing else ALL)
            if lines is ALL:
                continue
            kept = [f for f in file.findings
                    if any(n in lines for n in range(f.line, max(f.end_line, f.line) + 1))]
            dropped += len(file.findings) - len(kept)
            file.findings = kept
    return dropped
