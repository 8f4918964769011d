"""The JSON reporter streams its document file by file; the bytes must be exactly what one
``json.dump(document, indent=2, ensure_ascii=False)`` writes, whatever the run holds."""

from __future__ import annotations

import io
import json

import pytest

from newslint.findings import Finding, Severity
from newslint.reporters import Summary, create
from newslint.runner import FileResult


def _finding(message: str, line: int) -> Finding:
    return Finding(
        0,
        3,
        message,
        suggestions=("« x »",),
        rule="quotes/pairing",
        severity=Severity.ERROR,
        line=line,
        column=1,
        end_line=line,
        end_column=4,
        text="“é\u202f",
    )


@pytest.mark.parametrize("files", [0, 1, 3])
@pytest.mark.parametrize("errors", [0, 2])
def test_streamed_json_equals_one_dump(files: int, errors: int) -> None:
    results = [
        FileResult(f"drafts/{i}.md", [_finding(f"Guillemet « {i} » seul\n", i + 1)] * (i % 2))
        for i in range(files)
    ]
    stream = io.StringIO()
    reporter = create("json", stream)
    reporter.start()
    for result in results:
        reporter.file(result)
    for i in range(errors):
        reporter.error(f"bad{i}.txt", "not UTF-8")
    summary = Summary(files=files)
    reporter.finish(summary)

    expected = {
        "version": 1,
        "files": [
            {
                "path": r.path,
                "findings": [
                    {
                        "rule": f.rule,
                        "severity": "error",
                        "message": f.message,
                        "line": f.line,
                        "column": 1,
                        "end_line": f.line,
                        "end_column": 4,
                        "text": f.text,
                        "suggestions": ["« x »"],
                        "fixable": False,
                    }
                    for f in r.findings
                ],
            }
            for r in results
        ],
        "errors": [
            {"path": f"bad{i}.txt", "message": "not UTF-8", "kind": "input"} for i in range(errors)
        ],
        "summary": summary.as_dict(),
    }
    assert stream.getvalue() == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
