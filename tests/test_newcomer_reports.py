"""What CI reports and rule pages say (issue 20): SARIF rules link to their documented page
and describe themselves fully, JUnit does not fail on advice, the github summary reads like
the text report's, and ``rules explain`` shows the rule's own examples in one language."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT
from sarif_schema import validate_sarif

#: One error (doubled word), one warning (two spellings of Kyiv), one info (a cliché).
DRAFT = (
    "La guerre à Kiev continue.\n\nÀ Kyiv, force est de constater que la nuit fut calme. "
    "Le le président a parlé.\n"
)


def _draft(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "w.md").write_text(DRAFT, encoding="utf-8")
    return tmp_path


def _anchors() -> set[str]:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    return set(re.findall(r'<a id="([^"]+)"></a>', text))


def test_sarif_rules_have_a_help_uri_to_a_documented_anchor_and_a_full_description(
    tmp_path: Path, cli
) -> None:
    _draft(tmp_path)
    process = cli("check", "--no-grammar", "--format", "sarif", "w.md", cwd=tmp_path)
    log = validate_sarif(json.loads(process.stdout))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert len(rules) > 40
    anchors = _anchors()
    for rule in rules:
        uri = rule["helpUri"]
        assert uri.split("#")[0].endswith("docs/rules.md"), uri
        assert uri.split("#")[1] in anchors, uri
        full = rule["fullDescription"]["text"]
        assert full != rule["shortDescription"]["text"] and "Severity" in full, rule["id"]


def test_docs_rules_md_is_generated_from_the_shipped_rules() -> None:
    generated = subprocess.run(
        [sys.executable, "-m", "newslint.explain"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert generated == (ROOT / "docs" / "rules.md").read_text(encoding="utf-8"), (
        "docs/rules.md is stale: python -m newslint.explain > docs/rules.md"
    )


def _junit(tmp_path: Path, cli, *args: str):
    _draft(tmp_path)
    process = cli("check", "--no-grammar", "--format", "junit", *args, "w.md", cwd=tmp_path)
    return ET.fromstring(process.stdout)


def test_junit_info_findings_are_not_failed_tests(tmp_path: Path, cli) -> None:
    root = _junit(tmp_path, cli)
    cases = root.findall("testsuite/testcase")
    failed = {case.get("name") for case in cases if case.find("failure") is not None}
    passed = {case.get("name") for case in cases if case.find("failure") is None}
    assert failed == {"style/repetition", "style/variantes"}
    assert "style/cliches" in passed
    assert root.get("failures") == "2" and root.get("tests") == "3"


def test_junit_fail_on_info_makes_info_findings_fail(tmp_path: Path, cli) -> None:
    root = _junit(tmp_path, cli, "--fail-on", "info")
    assert root.get("failures") == "3"


def test_github_summary_reads_like_the_text_report(tmp_path: Path, cli) -> None:
    _draft(tmp_path)
    text = cli("check", "--no-grammar", "w.md", cwd=tmp_path).stdout.decode().splitlines()[-1]
    github = (
        cli("check", "--no-grammar", "--format", "github", "w.md", cwd=tmp_path)
        .stdout.decode()
        .splitlines()[-1]
    )
    assert text.startswith("3 findings (1 error, 1 warning, 1 info) in 1 file")
    assert github == f"newslint: {text} Exit code 1."


def _rule_examples(rule_id: str) -> tuple[list[str], str]:
    from newslint.config import load_config, shipped_rules_dir

    config = load_config(shipped_rules_dir() / "fr-press.yaml", trusted=False)
    rule = {r.id: r for r in config.base_rules()}[rule_id]
    doc = rule.kind.doc
    kind_example = doc.split("## Example", 1)[1].split("## ", 1)[0] if "## Example" in doc else ""
    return config.rules[rule_id]["examples"]["match"], kind_example


@pytest.mark.parametrize(
    "rule_id", ["style/pleonasmes", "style/cliches", "punctuation/glued-words"]
)
def test_rules_explain_shows_the_rules_own_examples_not_its_kinds(cli, rule_id: str) -> None:
    matches, kind_example = _rule_examples(rule_id)
    out = cli("rules", "explain", rule_id).stdout.decode()
    for example in matches:
        assert example in out, example
    for line in kind_example.strip().strip("`").strip().splitlines():
        if line.strip() and line.strip() not in matches:
            assert line.strip() not in out, line


def test_rules_explain_lang_fr_is_french_throughout(cli) -> None:
    process = cli("rules", "explain", "style/repetition", "--lang", "fr")
    out = process.stdout.decode()
    assert process.returncode == 0
    assert "Gravité erreur :" in out and "## Exemples" in out and "Signalé :" in out
    for english in ("## What it does", "Severity", "Reported", "Options in force", "error)"):
        assert english not in out, english
