"""Checkstyle XML, as textlint and ESLint emit it, for CI servers with a checkstyle reader.

``<checkstyle version="4.3"><file name="…"><error line column severity message source/>``.
Columns are 1-based code points. ``source`` is the rule id. Every file checked gets a
``<file>`` element, so a clean file is visibly clean; unreadable files and checks that could
not run are ``error`` entries with source ``newslint.input-error`` / ``newslint.check-failed``.
"""

from __future__ import annotations

from newslint.reporters import Reporter, Summary, display_path
from newslint.reporters.common import LEVELS, xml_attr


class CheckstyleReporter(Reporter):
    def start(self) -> None:
        self.stream.write('<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="4.3">\n')

    def file(self, result) -> None:
        self.stream.write(f'  <file name="{xml_attr(display_path(result.path))}">\n')
        for finding in result.findings:
            message = finding.message
            if finding.suggestions:
                message += f" → {finding.suggestions[0]}"
            self.stream.write(
                f'    <error line="{finding.line}" column="{finding.column}" '
                f'severity="{LEVELS[finding.severity]}" message="{xml_attr(message)}" '
                f'source="{xml_attr(finding.rule)}"/>\n'
            )
        self.stream.write("  </file>\n")

    def _problem(self, path: str, message: str, source: str) -> None:
        self.stream.write(
            f'  <file name="{xml_attr(display_path(path))}">\n'
            f'    <error severity="error" message="{xml_attr(message)}" source="{source}"/>\n'
            "  </file>\n"
        )

    def error(self, path: str, message: str) -> None:
        self._problem(path, message, "newslint.input-error")

    def failure(self, path: str, message: str) -> None:
        self._problem(path, message, "newslint.check-failed")

    def finish(self, summary: Summary) -> None:
        self.stream.write("</checkstyle>\n")
