"""The library API (newslint.api): what the CLI, the language server, the HTML report and the
cluster run call. It must give what the CLI gives."""

import io
import json

import pytest

from newslint import api

SEED = "Il a dit « oui.\n\nJoe Baiden et Joe Biden, puis Joe Biden.\n"


def test_check_text_reports_positions_rules_and_severities():
    checked = api.Checker(grammar=False).check_text(SEED, path="brouillon.md")
    seen = {(f.line, f.column, f.rule, str(f.severity)) for f in checked.findings}
    assert (1, 10, "quotes/pairing", "error") in seen
    assert (3, 5, "names/variants", "error") in seen
    assert checked.failures == []


def test_fix_text_applies_safe_fixes_and_checks_again():
    fixed = api.fix_text("Il est parti , dit-il.\n", path="brouillon.md", grammar=False)
    assert fixed.applied >= 1
    assert "parti," in fixed.text
    assert not any(f.fixable for f in fixed.checked.findings)


def test_api_and_cli_give_the_same_findings(tmp_path, cli_json):
    draft = tmp_path / "brouillon.md"
    draft.write_text(SEED, encoding="utf-8")
    code, report = cli_json("--no-grammar", str(draft))
    assert code == 1
    from_cli = [
        (f["line"], f["column"], f["rule"]) for file in report["files"] for f in file["findings"]
    ]
    result = api.check_paths([str(draft)], grammar=False)
    from_api = [(f.line, f.column, f.rule) for file in result.files for f in file.findings]
    assert from_api == from_cli and from_cli


def test_render_returns_the_exit_code_the_cli_gives(tmp_path):
    draft = tmp_path / "brouillon.md"
    draft.write_text(SEED, encoding="utf-8")
    out = io.StringIO()
    code = api.render(api.check_paths([str(draft)], grammar=False), "json", out)
    assert code == 1
    assert json.loads(out.getvalue())["summary"]["exit_code"] == 1


def test_a_bad_configuration_is_one_exception(tmp_path):
    config = tmp_path / "bad.yaml"
    config.write_text("rules:\n  nope/x: {kind: nothing}\n", encoding="utf-8")
    with pytest.raises(api.ConfigError):
        api.Checker(str(config))
