"""GitLab Code Quality report: a JSON array of Code Climate issues (``--format gitlab``).

GitLab shows these in merge requests (widget and diff annotations) when a job declares the
file as ``artifacts: reports: codequality``. Each finding is one issue with the fields GitLab
requires (docs.gitlab.com, "Code Quality", "Import code quality results from a CI/CD job"):

- ``description``: the message (and its first suggestion), as the text report prints it;
- ``check_name``: the rule id;
- ``fingerprint``: a hash of the path and the baseline fingerprint (newslint.baseline), so
  an issue keeps its identity when lines move and GitLab can compare branches;
- ``severity``: error -> ``major``, warning -> ``minor``, info -> ``info`` (GitLab's scale is
  info, minor, major, critical, blocker); a file that could not be read or a check that could
  not run is a ``blocker``;
- ``location.path`` (relative to the repository root, as GitLab places it) and
  ``location.lines.begin`` (``lines.end`` too).

Also ``type: "issue"`` and ``categories: ["Style"]`` from the Code Climate specification.
"""

from __future__ import annotations

import hashlib
import json

from newslint.findings import Severity
from newslint.reporters import Reporter, Summary, display_path
from newslint.reporters.common import json_safe, repo_relative

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def issue_path(path: str) -> str:
    return repo_relative(path) or display_path(path)


def _issue(
    description: str, check: str, fingerprint: str, severity: str, path: str, begin: int, end: int
) -> dict:
    return {
        "type": "issue",
        "description": description,
        "check_name": check,
        "categories": ["Style"],
        "fingerprint": fingerprint,
        "severity": severity,
        "location": {"path": path, "lines": {"begin": max(begin, 1), "end": max(end, begin, 1)}},
    }


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


class GitlabReporter(Reporter):
    """Streams the array: each issue is written as it comes."""

    def start(self) -> None:
        self.count = 0
        self.stream.write("[")

    def _write(self, issue: dict) -> None:
        self.stream.write(
            ("," if self.count else "") + "\n" + json_safe(json.dumps(issue, ensure_ascii=False))
        )
        self.count += 1

    def file(self, result) -> None:
        from newslint.baseline import fingerprints

        path = issue_path(result.path)
        for finding, fingerprint in zip(result.findings, fingerprints(result)):
            message = finding.message
            if finding.suggestions:
                message += f" → {finding.suggestions[0]}"
            self._write(
                _issue(
                    message,
                    finding.rule,
                    _digest(path, fingerprint),
                    SEVERITIES[finding.severity],
                    path,
                    finding.line,
                    finding.end_line,
                )
            )

    def _problem(self, path: str, message: str, kind: str) -> None:
        path = issue_path(path)
        self._write(
            _issue(message, f"newslint/{kind}", _digest(path, kind, message), "blocker", path, 1, 1)
        )

    def error(self, path: str, message: str) -> None:
        self._problem(path, message, "input-error")

    def failure(self, path: str, message: str) -> None:
        self._problem(path, message, "check-failed")

    def finish(self, summary: Summary) -> None:
        self.stream.write("\n]\n" if self.count else "]\n")
