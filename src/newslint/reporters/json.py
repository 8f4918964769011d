"""One JSON document per run (schema version 1, documented in the README)."""

from __future__ import annotations

import json

from newslint.reporters import Reporter, Summary, display_path


def finding_dict(finding) -> dict:
    return {
        "rule": finding.rule,
        "severity": str(finding.severity),
        "message": finding.message,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "text": finding.text,
        "suggestions": list(finding.suggestions),
        "fixable": finding.fixable,
        **({"related": finding.related} if finding.related else {}),
    }


class JsonReporter(Reporter):
    def start(self) -> None:
        self.files: list[dict] = []
        self.errors: list[dict] = []

    def file(self, result) -> None:
        self.files.append({
            "path": display_path(result.path),
            "findings": [finding_dict(f) for f in result.findings],
        })

    def error(self, path: str, message: str) -> None:
        self.errors.append({"path": display_path(path), "message": message, "kind": "input"})

    def failure(self, path: str, message: str) -> None:
        self.errors.append({"path": display_path(path), "message": message, "kind": "check"})

    def finish(self, summary: Summary) -> None:
        document = {"version": 1, "files": self.files, "errors": self.errors,
                    "summary": summary.as_dict()}
        json.dump(document, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")
