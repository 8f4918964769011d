"""``path:line:col: severity rule message``, with the source line and a caret underline.

Control and bidirectional characters in names, messages and excerpts are shown escaped
(``\\x1b``, ``\\u202e``): they never reach the terminal raw, and the caret stays under the
escaped text (issue 21).
"""

from __future__ import annotations

from newslint.documents import is_word
from newslint.findings import Severity
from newslint.reporters import Reporter, Summary, display_path, visible

#: Longest source excerpt printed under a finding (characters).
EXCERPT_MAX = 160

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


class TextReporter(Reporter):
    machine = False

    def _paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text

    def render(self, result) -> str | None:
        path = visible(display_path(result.path))
        out: list[str] = []
        word = is_word(result.path)
        for finding in result.findings:
            if self.quiet and finding.severity < self.fail_on:
                continue
            severity = self._paint(str(finding.severity), _COLORS[finding.severity])
            message = finding.message
            if finding.suggestions:
                message += f" → {finding.suggestions[0]}"
            if word:  # a Word document has paragraphs, not lines (documents.docx)
                location = self._paint(
                    f"{path}: paragraph {finding.line}, character {finding.column}:", "1"
                )
            else:
                location = self._paint(f"{path}:{finding.line}:{finding.column}:", "1")
            rule = self._paint(finding.rule, "2")
            out.append(f"{location} {severity} {rule} {visible(_one_line(message))}\n")
            if self.show_source and result.document is not None:
                out.append(self._excerpt(result.document, finding))
        return "".join(out)

    def _excerpt(self, document, finding) -> str:
        starts = document.line_starts
        line_start = starts[finding.line - 1]
        line_end = starts[finding.line] if finding.line < len(starts) else len(document.source)
        line = document.source[line_start:line_end].rstrip("\r\n")
        width = (
            (finding.end_column - finding.column)
            if finding.end_line == finding.line
            else (len(line) - finding.column + 1)
        )
        column = finding.column
        if len(line) > EXCERPT_MAX:
            # A whole article on one line: show a window around the finding, or the output
            # grows with findings x line length (issue 8).
            first = max(0, min(column - 1 - EXCERPT_MAX // 3, len(line) - EXCERPT_MAX))
            last = first + EXCERPT_MAX
            width = min(width, last - (column - 1))
            column -= first - (1 if first else 0)
            line = ("…" if first else "") + line[first:last] + ("…" if last < len(line) else "")
        gutter = f"{finding.line:>5} | "
        # Measured on the escaped text: an escape is several columns wide on screen.
        before = visible(line[: column - 1])
        span = line[column - 1 : column - 1 + max(width, 0)]
        width = len(visible(span)) + max(0, width - len(span))
        pad = (
            "".join("\t" if c == "\t" else " " for c in before)
            if "\t" in before
            else " " * len(before)
        )
        caret = self._paint("^" * max(width, 1), _COLORS[finding.severity])
        return f"{gutter}{visible(line)}\n{' ' * (len(gutter) - 2)}| {pad}{caret}\n"

    def error(self, path: str, message: str) -> None:
        self.stream.write(
            f"{visible(display_path(path))}: {self._paint('input error', '31;1')}: "
            f"{visible(_one_line(message))}\n"
        )

    def failure(self, path: str, message: str) -> None:
        self.stream.write(
            f"{visible(display_path(path))}: {self._paint('check failed', '31;1')}: "
            f"{visible(_one_line(message))}\n"
        )

    def finish(self, summary: Summary) -> None:
        if self.quiet:
            return  # --quiet: what fails the run (findings at or above --fail-on), nothing else
        if self.statistics and summary.by_rule:
            self.stream.write("\n")
            for rule, count in sorted(
                summary.by_rule.items(), key=lambda item: (-item[1], item[0])
            ):
                self.stream.write(f"{count:>6}  {rule}\n")
        line = summary_line(summary)
        total = summary.total
        if total or summary.errors or summary.failures:
            self.stream.write("\n")
        self.stream.write(self._paint(line, "1") + "\n")


def _one_line(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ")


def summary_line(summary: Summary) -> str:
    """The report's last line, ``2 findings (1 error, 1 warning) in 1 file; 1 fixable with
    --fix.``: the text report ends with it, the github format's summary repeats it."""
    parts = []
    total = summary.total
    if total:
        detail = ", ".join(
            f"{summary.by_severity[s]} {name}{'s' if summary.by_severity[s] != 1 and name != 'info' else ''}"
            for s, name in (
                (Severity.ERROR, "error"),
                (Severity.WARNING, "warning"),
                (Severity.INFO, "info"),
            )
            if summary.by_severity[s]
        )
        parts.append(
            f"{total} finding{'s' if total != 1 else ''} ({detail}) in {summary.files} file{'s' if summary.files != 1 else ''}"
        )
    else:
        parts.append(f"No findings in {summary.files} file{'s' if summary.files != 1 else ''}")
    if summary.fixed:
        parts.append(f"{summary.fixed} fixed")
    if summary.fixable:
        parts.append(f"{summary.fixable} fixable with --fix")
    if summary.errors:
        parts.append(f"{summary.errors} file{'s' if summary.errors != 1 else ''} could not be read")
    if summary.failures:
        parts.append(
            f"{summary.failures} check{'s' if summary.failures != 1 else ''} could not run"
        )
    return "; ".join(parts) + "."
