"""reviewdog's rdjsonl: one ``Diagnostic`` JSON object per line.

``reviewdog -f=rdjsonl`` reads it. Positions follow reviewdog's Diagnostic Format: 1-based
lines, 1-based columns counted in UTF-8 *bytes*, exclusive end. Fixes become ``suggestions``
(reviewdog shows them as suggested changes in a review). Unreadable files and checks that
could not run are ERROR diagnostics without a range.
"""

from __future__ import annotations

import json

from newslint.findings import Severity
from newslint.reporters import Reporter, display_path
from newslint.reporters.common import json_safe, source_edits, utf8_column

SEVERITIES = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}
SOURCE = {"name": "newslint"}


def _position(document, line: int, column: int) -> dict:
    return {"line": line, "column": utf8_column(document, line, column)}


class RdjsonlReporter(Reporter):
    def _emit(self, diagnostic: dict) -> None:
        self.stream.write(json_safe(json.dumps(diagnostic, ensure_ascii=False)) + "\n")

    def file(self, result) -> None:
        path = display_path(result.path)
        document = result.document
        for finding in result.findings:
            location: dict = {"path": path}
            if finding.line > 0:
                location["range"] = {
                    "start": _position(document, finding.line, finding.column),
                    "end": _position(document, finding.end_line, finding.end_column),
                }
            diagnostic = {
                "message": finding.message,
                "location": location,
                "severity": SEVERITIES[finding.severity],
                "source": SOURCE,
                "code": {"value": finding.rule},
            }
            suggestions = [
                {
                    "range": {
                        "start": _position(document, e.line, e.column),
                        "end": _position(document, e.end_line, e.end_column),
                    },
                    "text": e.replacement,
                }
                for e in source_edits(finding, document)
            ]
            if suggestions:
                diagnostic["suggestions"] = suggestions
            self._emit(diagnostic)

    def _problem(self, path: str, message: str, code: str) -> None:
        self._emit(
            {
                "message": message,
                "location": {"path": display_path(path)},
                "severity": "ERROR",
                "source": SOURCE,
                "code": {"value": code},
            }
        )

    def error(self, path: str, message: str) -> None:
        self._problem(path, message, "input-error")

    def failure(self, path: str, message: str) -> None:
        self._problem(path, message, "check-failed")
