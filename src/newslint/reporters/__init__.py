"""Reporters: one small class per output format behind one interface (flake8's lifecycle).

``start()`` once, ``file(result)`` per checked file in order, ``error(path, message)`` per
unreadable input, ``failure(path, message)`` per check that could not run, then
``finish(summary)``. Reporters only format; they never decide the exit code (the sink,
:mod:`newslint.sink`, does). A reporter whose output for a file depends on that file alone
implements ``render(result)``: ``file()`` is then ``emit(render(result))``.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections import Counter
from dataclasses import field
from typing import IO, Any

from newslint.classcache import dataclass
from newslint.findings import Severity

#: format name -> "module:Class"
FORMATS = {
    "text": "newslint.reporters.text:TextReporter",
    "json": "newslint.reporters.json:JsonReporter",
    "sarif": "newslint.reporters.sarif:SarifReporter",
    "github": "newslint.reporters.github:GithubReporter",
    "rdjsonl": "newslint.reporters.rdjsonl:RdjsonlReporter",
    "checkstyle": "newslint.reporters.checkstyle:CheckstyleReporter",
    "junit": "newslint.reporters.junit:JunitReporter",
    "html": "newslint.reporters.html:HtmlReporter",
    "gitlab": "newslint.reporters.gitlab:GitlabReporter",
}


@dataclass
class Summary:
    """The counts a report ends with, and the run's exit code."""

    files: int = 0
    by_severity: Counter = field(default_factory=Counter)
    by_rule: Counter = field(default_factory=Counter)
    fixable: int = 0
    errors: int = 0
    failures: int = 0
    fixed: int = 0
    exit_code: int = 0

    def add(self, counts, threshold) -> bool:
        """Count one file's ``(rule, severity, findings, fixable)`` rows (``FileResult.counts``);
        whether one reaches ``threshold`` (``--fail-on``)."""
        reached = False
        for rule, severity, count, fixable in counts:
            self.by_severity[severity] += count
            self.by_rule[rule] += count
            self.fixable += fixable
            reached = reached or severity >= threshold
        return reached

    @property
    def total(self) -> int:
        return sum(self.by_severity.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "findings": self.total,
            "errors": self.by_severity.get(Severity.ERROR, 0),
            "warnings": self.by_severity.get(Severity.WARNING, 0),
            "infos": self.by_severity.get(Severity.INFO, 0),
            "fixable": self.fixable,
            "fixed": self.fixed,
            "input_errors": self.errors,
            "failed_checks": self.failures,
            "by_rule": dict(sorted(self.by_rule.items())),
            "exit_code": self.exit_code,
        }


class Reporter:
    #: Machine formats never get colour, progress bars or source excerpts.
    machine = True

    def __init__(
        self,
        stream: IO[str],
        *,
        color: bool = False,
        show_source: bool = True,
        statistics: bool = False,
        quiet: bool = False,
        rules: dict | None = None,
        fail_on: str = "error",
    ) -> None:
        self.stream = stream
        self.color = color
        self.show_source = show_source
        self.statistics = statistics
        self.quiet = quiet
        #: ``--fail-on``: what fails the run; ``--quiet`` shows exactly that (issue 20).
        self.fail_on = Severity.parse(fail_on)
        #: rule id -> config.Rule, for formats that describe rules (SARIF).
        self.rules = rules if rules is not None else {}

    def start(self) -> None:
        pass

    def render(self, result) -> str | None:
        """A file's whole output, when it depends on that file alone (``None`` otherwise).

        ``render`` does not change the reporter; whatever joins chunks goes in :meth:`emit`.
        """
        return None

    def emit(self, chunk: str) -> None:
        """Write one rendered file, in run order."""
        self.stream.write(chunk)

    def file(self, result) -> None:
        chunk = self.render(result)
        if chunk is not None:
            self.emit(chunk)

    def error(self, path: str, message: str) -> None:
        pass

    def failure(self, path: str, message: str) -> None:
        pass

    def finish(self, summary: Summary) -> None:
        pass


def _class(name: str) -> type[Reporter]:
    module_name, class_name = FORMATS[name].split(":")
    return getattr(importlib.import_module(module_name), class_name)


def create(name: str, stream: IO[str], **kwargs: Any) -> Reporter:
    return _class(name)(stream, **kwargs)


def _relative(path: str) -> str:
    """``path`` relative to the working directory when under it, with forward slashes."""
    import os

    if path in ("-", "") or path.startswith("<"):
        return path
    if not os.path.isabs(path):
        # What relpath gives a relative path, without asking the working directory: the
        # same path, normalised (a run's files are found under the paths it was given).
        relative = os.path.normpath(path)
    else:
        try:
            relative = os.path.relpath(path)
        except ValueError:
            return path
    if relative.startswith(".."):
        return path
    return relative.replace(os.sep, "/")


def display_path(path: str) -> str:
    """Paths relative to the working directory when under it, with forward slashes.

    Always valid Unicode: bytes of a file name that are not UTF-8 (which Python holds as lone
    surrogates) are shown as ``\\xNN`` (issue 21); see :func:`path_bytes` for the exact name.
    """
    return undecodable(_relative(path))


def path_bytes(path: str) -> bytes | None:
    """The exact bytes of :func:`display_path`'s name when it is not valid UTF-8, else ``None``."""
    relative = _relative(path)
    if _SURROGATES.search(relative) is None:
        return None
    return raw_bytes(relative)


def raw_bytes(text: str) -> bytes:
    """A name as the bytes the file system holds (surrogate escapes back to their bytes)."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate not from a byte (Windows names)
        return text.encode("utf-8", "surrogatepass")


_SURROGATES = re.compile("[\ud800-\udfff]")
#: What must not reach a terminal raw (issue 21): C0 controls but tab, DEL, C1 controls (CSI
#: is U+009B), the bidirectional marks and embeddings/overrides/isolates of "Trojan Source"
#: (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), line and paragraph separators, and
#: lone surrogates (undecodable bytes of a file name). No-break spaces stay as they are.
_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
_UNSAFE_BUT_BREAKS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the undecodable byte itself
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def undecodable(text: str) -> str:
    """``text`` with lone surrogates (bytes that were not UTF-8) as ``\\xNN``/``\\uDxxx``."""
    return _SURROGATES.sub(_escape, text) if _SURROGATES.search(text) else text


def visible(text: str, breaks: bool = False) -> str:
    """``text`` safe for a terminal: control and bidirectional characters visibly escaped
    (``\\x1b``, ``\\u202e``). ``breaks``: leave CR and LF to the caller (GitHub's commands
    percent-encode them). Machine formats keep exact data and do not use this."""
    unsafe = _UNSAFE_BUT_BREAKS if breaks else _UNSAFE
    return unsafe.sub(_escape, text) if unsafe.search(text) else text
