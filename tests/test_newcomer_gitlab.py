"""``--format gitlab``: GitLab's Code Quality report (issue 20), checked against the fields
GitLab's documentation requires of each issue ("Code Quality report format": description,
check_name, fingerprint, severity one of info/minor/major/critical/blocker, location.path and
location.lines.begin or location.positions.begin.line)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema

#: GitLab's documented required fields, as a JSON schema.
GITLAB_CODE_QUALITY = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path"],
                "properties": {
                    "path": {"type": "string", "minLength": 1, "not": {"pattern": "^(/|\\./)"}},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                    "positions": {"type": "object", "required": ["begin"]},
                },
                "oneOf": [{"required": ["lines"]}, {"required": ["positions"]}],
            },
        },
    },
}

DRAFT = (
    "La guerre à Kiev continue.\n\nÀ Kyiv, force est de constater que la nuit fut calme. "
    "Le le président a parlé.\n"
)


def _gitlab(cli, tmp_path: Path, *args: str) -> tuple[int, list]:
    process = cli("check", "--no-grammar", "--format", "gitlab", *args, cwd=tmp_path)
    report = json.loads(process.stdout)
    jsonschema.validate(report, GITLAB_CODE_QUALITY)
    return process.returncode, report


def test_gitlab_report_has_the_required_fields(tmp_path: Path, cli) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "w.md").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "desk" / "v.md").write_text(DRAFT, encoding="utf-8")
    code, report = _gitlab(cli, tmp_path / "desk", "w.md", "v.md", "absent.md")
    assert code == 2  # an unreadable file outranks findings
    by_rule = {(issue["location"]["path"], issue["check_name"]): issue for issue in report}
    issue = by_rule[("desk/w.md", "style/repetition")]
    assert issue["severity"] == "major" and issue["location"]["lines"]["begin"] == 3
    assert issue["description"].startswith("Mot répété : « le ».")
    assert by_rule[("desk/w.md", "style/variantes")]["severity"] == "minor"
    assert by_rule[("desk/w.md", "style/cliches")]["severity"] == "info"
    assert by_rule[("desk/absent.md", "newslint/input-error")]["severity"] == "blocker"
    fingerprints = [issue["fingerprint"] for issue in report]
    assert len(set(fingerprints)) == len(fingerprints)  # GitLab needs them unique


def test_gitlab_fingerprints_survive_moved_lines_and_empty_runs(tmp_path: Path, cli) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "w.md").write_text(DRAFT, encoding="utf-8")
    _, before = _gitlab(cli, tmp_path, "w.md")
    (tmp_path / "w.md").write_text("Titre\n\n" + DRAFT, encoding="utf-8")
    _, after = _gitlab(cli, tmp_path, "w.md")
    assert {i["fingerprint"] for i in before} == {i["fingerprint"] for i in after}
    (tmp_path / "clean.md").write_text("Rien.\n", encoding="utf-8")
    code, empty = _gitlab(cli, tmp_path, "clean.md")
    assert code == 0 and empty == []


def test_gitlab_report_to_a_file_keeps_the_text_report_on_the_terminal(tmp_path: Path, cli) -> None:
    (tmp_path / "w.md").write_text(DRAFT, encoding="utf-8")
    process = cli(
        "check",
        "--no-grammar",
        "--format",
        "gitlab",
        "-o",
        "gl-code-quality.json",
        "w.md",
        cwd=tmp_path,
    )
    assert process.returncode == 1
    report = json.loads((tmp_path / "gl-code-quality.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, GITLAB_CODE_QUALITY)
    assert "3 findings" in process.stdout.decode()
