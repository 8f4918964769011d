"""JUnit XML for CI servers that show test reports (GitLab, Jenkins, Azure...).

One ``<testsuite>`` per file; one ``<testcase>`` per finding, named after its rule, with a
``<failure>`` holding ``path:line:col: severity rule message``. Info findings are advice, not
failed tests (issue 20): their test cases pass and carry the same line in ``<system-out>``,
unless ``--fail-on info`` makes them fail the run, and then the tests too. A clean file has one passing
test case (``newslint``), so the report shows what was checked. Unreadable files and checks that
could not run are ``<error>`` test cases.
"""

from __future__ import annotations

from newslint.findings import Severity
from newslint.reporters import Reporter, Summary, display_path
from newslint.reporters.common import LEVELS, xml_attr, xml_text


class JunitReporter(Reporter):
    def start(self) -> None:
        # Suites are collected first: <testsuites> carries the totals in its attributes.
        self.suites: list[tuple[str, int, int, int, list[str]]] = []
        self.problems: dict[str, list[str]] = {}
        #: Warnings and errors are failed tests; info findings only with --fail-on info.
        self.failing = min(Severity.WARNING, self.fail_on)

    def file(self, result) -> None:
        path = display_path(result.path)
        cases = []
        failed = 0
        for finding in result.findings:
            message = finding.message
            if finding.suggestions:
                message += f" → {finding.suggestions[0]}"
            detail = (
                f"{path}:{finding.line}:{finding.column}: {LEVELS[finding.severity]} "
                f"{finding.rule} {message}"
            )
            if finding.severity >= self.failing:
                failed += 1
                body = (
                    f'      <failure message="{xml_attr(message)}" '
                    f'type="{LEVELS[finding.severity]}">{xml_text(detail)}</failure>\n'
                )
            else:
                body = f"      <system-out>{xml_text(detail)}</system-out>\n"
            cases.append(
                f'    <testcase name="{xml_attr(finding.rule)}" classname="{xml_attr(path)}">\n'
                f"{body}    </testcase>\n"
            )
        if not cases:
            cases.append(f'    <testcase name="newslint" classname="{xml_attr(path)}"/>\n')
        self.suites.append((path, len(cases), failed, 0, cases))

    def _problem(self, path: str, message: str, kind: str) -> None:
        path = display_path(path)
        case = (
            f'    <testcase name="{kind}" classname="{xml_attr(path)}">\n'
            f'      <error message="{xml_attr(message)}" type="{kind}">{xml_text(message)}</error>\n'
            "    </testcase>\n"
        )
        self.suites.append((path, 1, 0, 1, [case]))

    def error(self, path: str, message: str) -> None:
        self._problem(path, message, "input-error")

    def failure(self, path: str, message: str) -> None:
        self._problem(path, message, "check-failed")

    def finish(self, summary: Summary) -> None:
        tests = sum(s[1] for s in self.suites)
        failures = sum(s[2] for s in self.suites)
        errors = sum(s[3] for s in self.suites)
        self.stream.write('<?xml version="1.0" encoding="utf-8"?>\n')
        self.stream.write(
            f'<testsuites name="newslint" tests="{tests}" failures="{failures}" '
            f'errors="{errors}">\n'
        )
        for path, count, failed, errored, cases in self.suites:
            self.stream.write(
                f'  <testsuite name="{xml_attr(path)}" tests="{count}" '
                f'failures="{failed}" errors="{errored}">\n'
            )
            self.stream.writelines(cases)
            self.stream.write("  </testsuite>\n")
        self.stream.write("</testsuites>\n")
