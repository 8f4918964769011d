"""``--select`` and ``--ignore`` reach the ids findings carry, LanguageTool's included:
``--select grammar/<LT_ID>`` keeps only that LanguageTool rule, ``--ignore grammar/<LT_ID>``
drops it and keeps the others (real server: the session's ``lt_server``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_newslint

pytestmark = pytest.mark.languagetool

DRAFT = "Il a manger une pomme et les enfant sont partis.\n\nLe ministre des financse a parlé.\n"


def rules_found(tmp_path: Path, env: dict, *args: str) -> list[str]:
    process = run_newslint("check", "--format", "json", *args, "draft.txt", cwd=tmp_path, env=env)
    assert process.returncode in (0, 1), process.stderr
    data = json.loads(process.stdout)
    return [f["rule"] for file in data["files"] for f in file["findings"]]


def test_select_and_ignore_reach_languagetool_rule_ids(tmp_path: Path, lt_server) -> None:
    (tmp_path / ".newslint.yaml").write_text(
        f"extends: [fr-press]\nlanguagetool:\n  url: {lt_server.url}\n", encoding="utf-8"
    )
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    env = {"NEWSLINT_CACHE_DIR": str(tmp_path / "cache"), "NEWSLINT_TRUST_CONFIG": "1"}  # url
    everything = rules_found(tmp_path, env)
    grammar = sorted({rule for rule in everything if rule.startswith("grammar/")})
    assert len(grammar) >= 2, everything
    chosen = grammar[0]

    assert set(rules_found(tmp_path, env, "--select", chosen)) == {chosen}
    ignored = rules_found(tmp_path, env, "--ignore", chosen)
    assert chosen not in ignored and set(grammar[1:]) <= set(ignored)
    assert set(rules_found(tmp_path, env, "--select", "grammar")) == set(grammar)
