"""``newslint rules test``: rule files carry examples, and the shipped sets pass theirs."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, run_newslint

from newslint import ruletest
from newslint.config import load_config

SETS = ["fr-style", "fr-web"]


@pytest.mark.parametrize("name", SETS)
def test_shipped_set_examples_pass(name):
    failures, total = ruletest.run([str(ROOT / "rules" / f"{name}.yaml")], None)
    assert failures == []
    assert total >= 10


@pytest.mark.parametrize("name", SETS)
def test_every_enabled_rule_has_matching_and_passing_examples(name):
    """proselint's meta-test: each rule documents what it reports and what it leaves alone."""
    path = ROOT / "rules" / f"{name}.yaml"
    kinds = {}
    for rule_id, kind, _, _ in ruletest.examples_in(str(path)):
        kinds.setdefault(rule_id, set()).add(kind)
    for rule in load_config(path).base_rules():
        assert {"match", "no_match"} <= kinds.get(rule.id, set()), rule.id
        assert rule.description, rule.id


def test_cli_reports_a_failing_example_with_file_and_line(tmp_path: Path):
    rules = tmp_path / "house.yaml"
    rules.write_text(
        "extends: []\n"
        "rules:\n"
        "  house/x:\n"
        "    kind: existence\n"
        "    options: {tokens: [choc]}\n"
        "    examples:\n"
        '      match: ["Un choc."]\n'
        "      no_match:\n"
        '        - "Un autre choc."\n'
        "      fix:\n"
        '        - {from: "Un choc.", to: "Un heurt."}\n',
        encoding="utf-8",
    )
    process = run_newslint("rules", "test", str(rules))
    out = process.stdout.decode()
    assert process.returncode == 1
    assert f"{rules}:9: house/x: should not report «Un autre choc.»" in out
    assert f"{rules}:11: house/x: fix of «Un choc.» gives «Un choc.», expected «Un heurt.»" in out
    assert "1 passed, 2 failed" in out


def test_cli_passes_and_tests_the_default_chain(tmp_path: Path):
    process = run_newslint("rules", "test", cwd=tmp_path)
    out = process.stdout.decode()
    assert process.returncode == 0, out
    assert ", 0 failed" in out


def test_malformed_examples_are_a_config_error(tmp_path: Path):
    rules = tmp_path / "house.yaml"
    rules.write_text(
        "extends: []\nrules:\n  house/x:\n    kind: existence\n    options: {tokens: [a]}\n"
        "    examples:\n      matches: [oops]\n",
        encoding="utf-8",
    )
    process = run_newslint("rules", "test", str(rules))
    assert process.returncode == 2
    assert "house.yaml:7:" in process.stderr.decode() or "house.yaml:6:" in process.stderr.decode()
