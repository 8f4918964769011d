"""One name per check (issue 15): a kind with one shipped rule is named as its rule, it lives
in its family's module or its own, and renamed rule ids and kinds keep working.

The convention is in docs/architecture.md ("Names"); the renames in ``newslint.renames``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint import renames
from newslint.checks import KIND_HOME, PATTERN_KINDS, kinds
from newslint.config import load_config, shipped_sets

#: A family's short form in kind names (``quotes/pairing`` is the kind ``quote-pairing``).
STEMS = {"quotes": "quote", "names": "name", "punctuation": "punct"}
#: Modules named for a theme, not a family or a kind (their docstrings say which kinds).
THEMED = {"slips", "convention"}


def _shipped(tmp_path_factory) -> list:
    rules = {}
    folder = tmp_path_factory.mktemp("sets")
    for name in shipped_sets():
        path = folder / ".newslint.yaml"
        path.write_text(f"extends: [{name}]\n", encoding="utf-8")
        for rule in load_config(path).base_rules():
            rules.setdefault(rule.id, rule)
    return list(rules.values())


def test_a_one_rule_kind_is_named_as_its_rule_and_lives_in_its_family(tmp_path_factory):
    by_kind: dict[str, list] = {}
    for rule in _shipped(tmp_path_factory):
        by_kind.setdefault(rule.kind.name, []).append(rule.id)
    wrong = []
    for kind_name, ids in sorted(by_kind.items()):
        if kind_name in PATTERN_KINDS or len(ids) != 1:
            continue
        family, _, name = ids[0].rpartition("/")
        if kind_name not in (name, f"{STEMS.get(family, family)}-{name}"):
            wrong.append(f"{ids[0]}: kind {kind_name}")
        module = KIND_HOME[kind_name]
        if module not in (family, kind_name.replace("-", "_")) and module not in THEMED:
            wrong.append(f"{ids[0]}: module {module}")
    assert wrong == []


def test_every_old_name_points_at_a_current_one(tmp_path_factory):
    ids = {rule.id for rule in _shipped(tmp_path_factory)}
    assert set(renames.RULES.values()) <= ids and not set(renames.RULES) & ids
    assert set(renames.KINDS.values()) <= set(kinds()) and not set(renames.KINDS) & set(kinds())


@pytest.fixture
def long_sentence(tmp_path: Path) -> Path:
    draft = tmp_path / "a.md"
    draft.write_text("Il dit une chose simple et claire ce matin.\n", encoding="utf-8")
    return draft


def _config(tmp_path: Path, rules: str) -> None:
    (tmp_path / ".newslint.yaml").write_text("rules:\n" + rules, encoding="utf-8")


def _rules(data: dict) -> list[str]:
    return [f["rule"] for f in data["files"][0]["findings"]]


def test_an_old_rule_id_still_configures_and_selects_the_rule(
    cli, cli_json, tmp_path, long_sentence
):
    _config(tmp_path, "  style/phrase-longue: {options: {max_words: 5}}\n")
    old = "style/phrase-longue"
    code, data = cli_json("--select", old, str(long_sentence), cwd=tmp_path)
    assert _rules(data) == ["style/sentence-length"]
    done = cli("check", "--select", old, str(long_sentence), cwd=tmp_path)
    note = 'rule "style/phrase-longue" is now "style/sentence-length"'
    assert note in done.stderr.decode() and "deprecated" in done.stderr.decode()
    # The new id answers as well, --ignore and suppression comments read the old one.
    _, data = cli_json("--select", "style/sentence-length", str(long_sentence), cwd=tmp_path)
    assert _rules(data) == ["style/sentence-length"]
    _, data = cli_json("--select", "style", "--ignore", old, str(long_sentence), cwd=tmp_path)
    assert "style/sentence-length" not in _rules(data)
    long_sentence.write_text(
        f"<!-- newslint-disable {old} -->\n\nIl dit une chose simple et claire ce matin.\n",
        encoding="utf-8",
    )
    _, data = cli_json("--select", "style", str(long_sentence), cwd=tmp_path)
    assert "style/sentence-length" not in _rules(data)
    explained = cli("rules", "explain", old, cwd=tmp_path)
    assert explained.returncode == 0 and "style/sentence-length" in explained.stdout.decode()


def test_an_old_kind_name_still_defines_a_rule(cli, tmp_path):
    _config(tmp_path, "  house/tirets:\n    kind: dash-incise\n    severity: error\n")
    draft = tmp_path / "a.md"
    draft.write_text("Cette phrase - c’est certain - contient des tirets.\n", encoding="utf-8")
    done = cli("check", "--select", "house", "--format", "json", str(draft), cwd=tmp_path)
    assert '"rule": "house/tirets"' in done.stdout.decode()
    assert 'kind "dash-incise" is now "punct-dash"' in done.stderr.decode()


def test_a_baseline_recorded_before_a_rename_still_matches():
    from types import SimpleNamespace

    from newslint.baseline import fingerprints
    from newslint.findings import Finding

    def file_with(rule: str):
        finding = Finding(0, 4, "Phrase longue.")
        finding.rule, finding.text = rule, "Il d"
        return SimpleNamespace(findings=[finding], document=None)

    assert fingerprints(file_with("style/sentence-length")) == fingerprints(
        file_with("style/phrase-longue")
    )
