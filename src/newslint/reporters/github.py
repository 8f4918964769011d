"""GitHub Actions workflow commands: one annotation per finding.

``::warning file=drafts/a.md,line=3,endLine=3,col=5,endColumn=10,title=style/repetition::…``

Severities map to ``error``, ``warning`` and ``notice``. Values are escaped as the Actions
runner unescapes them: in the message ``%``, CR and LF become ``%25``, ``%0D``, ``%0A``; in
property values ``:`` and ``,`` also become ``%3A`` and ``%2C``. So a message can never end the
command early or start a new one. Paths are relative to the repository root, as GitHub places
annotations, wherever newslint runs from. Annotations do not fail a job; the exit code does.
Chosen automatically when ``GITHUB_ACTIONS=true`` and no ``--format`` is given. The log shows
what it is given, escape sequences included: control and bidirectional characters in paths and
messages are written escaped (``\\x1b``, ``\\u202e``; issue 21).
"""

from __future__ import annotations

from newslint.findings import Severity
from newslint.reporters import Reporter, Summary, display_path, visible
from newslint.reporters.common import repo_relative

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    fields = ",".join(
        f"{key}={escape_property(visible(str(value), breaks=True))}"
        for key, value in properties.items()
    )
    message = escape_data(visible(message, breaks=True))
    return f"::{name} {fields}::{message}" if fields else f"::{name}::{message}"


def annotation_path(path: str) -> str:
    """GitHub places annotations by path from the repository root, wherever newslint ran."""
    return repo_relative(path) or display_path(path)


class GithubReporter(Reporter):
    def render(self, result) -> str:
        path = annotation_path(result.path)
        out: list[str] = []
        for finding in result.findings:
            properties: dict[str, object] = {"file": path}
            if finding.line > 0:
                properties["line"] = finding.line
                properties["endLine"] = finding.end_line
                # Columns only make sense on a one-line range (the runner drops them otherwise).
                if finding.end_line == finding.line:
                    properties["col"] = finding.column
                    properties["endColumn"] = finding.end_column
            properties["title"] = finding.rule
            message = finding.message
            if finding.suggestions:
                message += f" → {finding.suggestions[0]}"
            out.append(command(COMMANDS[finding.severity], properties, message) + "\n")
        return "".join(out)

    def error(self, path: str, message: str) -> None:
        self.stream.write(
            command("error", {"file": annotation_path(path), "title": "input error"}, message)
            + "\n"
        )

    def failure(self, path: str, message: str) -> None:
        self.stream.write(
            command("error", {"file": annotation_path(path), "title": "check failed"}, message)
            + "\n"
        )

    def finish(self, summary: Summary) -> None:
        from newslint.reporters.text import summary_line

        # The text report's own last line (issue 20: one wording), and the exit code.
        self.stream.write(f"newslint: {summary_line(summary)} Exit code {summary.exit_code}.\n")
