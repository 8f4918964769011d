"""Issue 14: ``newslint rules explain grammar/<ID>`` from LanguageTool's own metadata, kept on
disk with the grammar cache; SARIF carries the same help for grammar rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_newslint

pytestmark = pytest.mark.languagetool


def _project(tmp_path: Path, lt_server) -> dict[str, str]:
    (tmp_path / ".newslint.yaml").write_text(
        f"extends: [fr-grammar]\nlanguagetool:\n  url: {lt_server.url}\n", encoding="utf-8"
    )
    return {"NEWSLINT_CACHE_DIR": str(tmp_path / "cache"), "NEWSLINT_TRUST_CONFIG": "1"}


def test_explain_a_languagetool_rule_and_keep_it_on_disk(tmp_path: Path, lt_server) -> None:
    env = _project(tmp_path, lt_server)
    process = run_newslint("rules", "explain", "grammar/ELISION", cwd=tmp_path, env=env)
    out = process.stdout.decode()
    assert process.returncode == 0, process.stderr
    assert "# grammar/ELISION" in out and "Élision" in out and "CAT_ELISION" in out
    assert list((tmp_path / "cache").glob("grammar-rules-*-fr.json"))
    off = run_newslint(
        "rules", "explain", "grammar/UPPERCASE_SENTENCE_START", cwd=tmp_path, env=env
    )
    assert "turned off there" in off.stdout.decode() and "niveau texte" in off.stdout.decode()
    unknown = run_newslint("rules", "explain", "grammar/NO_SUCH_RULE", cwd=tmp_path, env=env)
    assert unknown.returncode == 2 and "no rule" in unknown.stderr.decode()


def test_explain_shows_examples_from_the_installation(tmp_path: Path, lt_server) -> None:
    """Without a url: the persistent server answers, the installation's jars give examples."""
    (tmp_path / ".newslint.yaml").write_text("extends: [fr-grammar]\n", encoding="utf-8")
    process = run_newslint("rules", "explain", "grammar/ELISION", cwd=tmp_path, env=lt_server.env)
    assert process.returncode == 0, process.stderr
    assert "Exemple fautif : ⟦" in process.stdout.decode()


def test_sarif_carries_the_help_of_grammar_rules(tmp_path: Path, lt_server) -> None:
    env = _project(tmp_path, lt_server)
    (tmp_path / "a.txt").write_text("Il pense que il viendra demain.\n", encoding="utf-8")
    process = run_newslint("check", "--format", "sarif", "a.txt", cwd=tmp_path, env=env)
    assert process.returncode == 1, process.stderr
    rules = {r["id"]: r for r in json.loads(process.stdout)["runs"][0]["tool"]["driver"]["rules"]}
    elision = rules["grammar/ELISION"]
    assert elision["shortDescription"]["text"].startswith("Élision")
    explained = run_newslint("rules", "explain", "grammar/ELISION", cwd=tmp_path, env=env)
    assert elision["help"]["text"] in explained.stdout.decode()
