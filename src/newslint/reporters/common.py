"""Helpers the CI reporters share: rule titles, fix edits as source ranges, XML escaping."""

from __future__ import annotations

import os
import re
from functools import cache

from newslint.classcache import dataclass
from newslint.findings import Severity

#: Severity names as the CI formats spell them.
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}


@dataclass(frozen=True)
class SourceEdit:
    """A fix edit placed in the source: 1-based lines and code-point columns, end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int
    replacement: str


def source_edits(finding, document) -> list[SourceEdit]:
    """The finding's fix, as edits of the source file (empty when it has none)."""
    if finding.fix is None or document is None:
        return []
    edits = []
    for edit in finding.fix.edits:
        start, end = document.source_span(edit.start, edit.end)
        line, column = document.position(start)
        end_line, end_column = document.position(end)
        edits.append(SourceEdit(line, column, end_line, end_column, edit.replacement))
    return edits


def line_text(document, line: int) -> str:
    """Source line ``line`` (1-based) without its line ending."""
    starts = document.line_starts
    if not 1 <= line <= len(starts):
        return ""
    end = starts[line] if line < len(starts) else len(document.source)
    return document.source[starts[line - 1] : end].rstrip("\r\n")


def utf8_column(document, line: int, column: int) -> int:
    """A 1-based code-point column as a 1-based UTF-8 byte column (reviewdog counts bytes)."""
    if document is None or column <= 1:
        return column
    prefix = line_text(document, line)[: column - 1]
    return len(prefix.encode("utf-8", "surrogatepass")) + 1 + max(0, column - 1 - len(prefix))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def json_safe(text: str) -> str:
    """JSON text as valid UTF-8 (issue 21). A lone surrogate (a byte of a name that was not
    UTF-8, held in a message) can only sit inside a JSON string, where its escape ``\\udce9``
    stands for it exactly. Names themselves are rendered first (``display_path``)."""
    if _LONE_SURROGATE.search(text) is None:
        return text
    return _LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def rule_title(rule) -> str:
    """One line saying what a rule checks: its description, else its kind's summary."""
    if rule is None:
        return ""
    for text in (rule.description, rule.kind.summary):
        if text and text.strip():
            return text.strip().splitlines()[0].strip()
    return rule.id


@cache
def _root_for(cwd: str) -> str:
    directory = cwd
    while True:
        if os.path.exists(os.path.join(directory, ".git")):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return cwd
        directory = parent


def project_root() -> str:
    """The repository the run is in (nearest folder with ``.git``), else the working directory.

    Code-scanning services resolve artifact URIs against the repository root.
    """
    return _root_for(os.path.realpath(os.getcwd()))


def repo_relative(path: str, root: str | None = None) -> str | None:
    """``path`` relative to the repository root with ``/``; ``None`` when outside it (or not a
    file path: standard input)."""
    if path == "-" or path.startswith("<"):
        return None
    root = root if root is not None else project_root()
    absolute = os.path.realpath(os.path.abspath(path))
    try:
        relative = os.path.relpath(absolute, root)
    except ValueError:  # another drive
        return None
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return relative.replace(os.sep, "/")


# XML 1.0 cannot carry most control characters, even escaped (§2.2).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udfff]")


def xml_text(text: str) -> str:
    text = _XML_INVALID.sub("\ufffd", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text: str) -> str:
    """A double-quoted attribute value; line breaks and tabs as character references so XML
    attribute-value normalisation does not turn them into spaces."""
    text = xml_text(text).replace('"', "&quot;")
    return text.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;")
