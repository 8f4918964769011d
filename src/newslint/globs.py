"""Braces in ``include``/``exclude``/``overrides`` globs, and ``.gitignore`` when walking folders.

Globs (issue 20): ``*``, ``?``, ``[ab]``/``[!ab]``/``[a-c]`` and ``**`` are matched by
``config._glob`` (RE2: linear in the name, issue 21). Braces are expanded here first, as a
shell or EditorConfig does: ``arch/*.{md,txt}`` is ``arch/*.md`` and ``arch/*.txt``; nested
braces expand too (``{a,b{1,2}}``); a brace group without a comma is literal (``{x}``).
Neither gitignore syntax nor pathspec's gitwildmatch has braces, hence this step.

``.gitignore`` files (issue 20) are read as Git reads them, through pathspec's translation of
each gitignore line to a regular expression (``pathspec.patterns.gitignore``), compiled with
RE2 rather than Python's backtracking ``re`` (a hostile ``*a*a*a…b`` line stays linear). Every
``.gitignore`` from the repository root (the nearest folder above holding ``.git``) down to the
walked folder applies, deeper files and later lines winning; ``!negation`` re-includes; a
folder that is ignored is not entered (so nothing under it can be re-included, as in Git).
Files and folders named on the command line are checked whatever ``.gitignore`` says of them
or of a folder above them.
"""

from __future__ import annotations

import os
from functools import lru_cache

#: At most this many globs from one braced pattern (``{a,b}{c,d}…`` multiplies).
MAX_EXPANSIONS = 256


class BraceError(ValueError):
    """A braced glob that expands to too many patterns."""


@lru_cache(maxsize=256)
def expand_braces(pattern: str) -> tuple[str, ...]:
    """``a{b,c}d`` -> ``("abd", "acd")``; raises :class:`BraceError` past :data:`MAX_EXPANSIONS`."""
    group = _first_group(pattern)
    if group is None:
        return (pattern,)
    start, end, alternatives = group
    head, tail = pattern[:start], pattern[end + 1 :]
    out: list[str] = []
    for alternative in alternatives:
        for expanded in expand_braces(head + alternative + tail):
            if expanded not in out:
                out.append(expanded)
            if len(out) > MAX_EXPANSIONS:
                raise BraceError(f'glob "{pattern}" expands to more than {MAX_EXPANSIONS} patterns')
    return tuple(out)


def _first_group(pattern: str) -> tuple[int, int, list[str]] | None:
    """The first ``{...}`` holding a top-level comma: ``(start, end, alternatives)``."""
    i = 0
    while i < len(pattern):
        if pattern[i] == "[":  # a class: its braces and commas are literal
            close = pattern.find("]", i + 2)
            if close > 0:
                i = close + 1
                continue
        if pattern[i] == "{":
            depth, last = 0, i + 1
            parts: list[str] = []
            for j in range(i, len(pattern)):
                char = pattern[j]
                if char == "{":
                    depth += 1
                elif char == "}":
                    depth -= 1
                    if depth == 0:
                        if parts:
                            parts.append(pattern[last:j])
                            return i, j, parts
                        break  # {x}: literal; look for a later group
                elif char == "," and depth == 1:
                    parts.append(pattern[last:j])
                    last = j + 1
        i += 1
    return None


# -- .gitignore ---------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _rules(folder: str) -> tuple:
    """``(compiled, include)`` for each line of ``folder/.gitignore`` (``()`` if none)."""
    path = os.path.join(folder, ".gitignore")
    try:
        if not os.path.isfile(path):
            return ()
        with open(path, "rb") as handle:
            data = handle.read(1 << 20)
    except OSError:
        return ()
    import re2
    from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

    options = re2.Options()
    options.log_errors = False
    rules = []
    for line in data.decode("utf-8", "replace").splitlines():
        try:
            regex, include = GitIgnoreSpecPattern.pattern_to_regex(line)
        except ValueError:  # a line Git would not read either: skipped, as Git skips it
            continue
        if regex is None:
            continue
        try:
            # Anchored at the end: a path is ignored by what matches it, not by what matches a
            # folder above it. The walk does not enter an ignored folder (Git's rule), and a
            # folder named on the command line is walked even inside an ignored one (as
            # ripgrep and Ruff do: benchmarks/out/corpus).
            rules.append((re2.compile(f"(?:{regex})$", options), include))
        except re2.error:  # a construct RE2 lacks: the line is skipped
            continue
    return tuple(rules)


def repository_root(folder: str) -> str | None:
    """The nearest folder at or above ``folder`` that holds ``.git``."""
    folder = os.path.abspath(folder)
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


class GitIgnore:
    """Answers "does Git ignore this path?" for a walk under one top folder."""

    def __init__(self, top: str) -> None:
        top = os.path.abspath(top)
        root = repository_root(top) or top
        #: Folders whose .gitignore applies to everything under ``top``: root down to top.
        chain = []
        folder = top
        while True:
            chain.append(folder)
            if folder == root:
                break
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
        self.above = list(reversed(chain))

    def ignored(self, path: str, is_dir: bool) -> bool:
        path = os.path.abspath(path)
        folders = list(self.above)
        # Folders between the walked top and the path's own folder have theirs too.
        parent = os.path.dirname(path)
        extra = []
        while parent not in folders and os.path.dirname(parent) != parent:
            extra.append(parent)
            parent = os.path.dirname(parent)
        folders.extend(reversed(extra))
        verdict = False
        for folder in folders:
            rules = _rules(folder)
            if not rules:
                continue
            relative = os.path.relpath(path, folder).replace(os.sep, "/")
            if relative.startswith(".."):
                continue
            if is_dir:
                relative += "/"
            if not relative.isascii():  # RE2 reads UTF-8: undecodable bytes as U+FFFD
                relative = relative.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            for compiled, include in rules:
                if compiled.search(relative):
                    verdict = include
        return verdict


def walk_filter(top: str, respect: bool = True):
    """``skip(path, is_dir)`` for a walk under ``top``: Git's verdict, or never when
    ``respect`` is off or ``top`` has no ``.gitignore`` to read."""
    if not respect:
        return _never
    matcher = GitIgnore(top)
    return matcher.ignored


def _never(path: str, is_dir: bool) -> bool:
    return False
