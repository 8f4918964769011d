"""docs/ci.md's snippets are valid: every YAML block parses, the pre-commit configurations pass
pre-commit's own validation and name hooks this project ships, the commands exist."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from conftest import ROOT, run_newslint

DOC = ROOT / "docs" / "ci.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


def test_every_yaml_block_parses() -> None:
    found = blocks("yaml")
    assert len(found) >= 5
    for block in found:
        yaml.safe_load(block)


def test_pre_commit_snippets_are_valid_configs(tmp_path: Path) -> None:
    from pre_commit.clientlib import load_config, load_manifest

    shipped = {hook["id"] for hook in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    configs = [b for b in blocks("yaml") if b.lstrip().startswith("repos:")]
    assert len(configs) == 2
    for index, block in enumerate(configs):
        path = tmp_path / f"config{index}.yaml"
        path.write_text(block, encoding="utf-8")
        config = load_config(str(path))
        for repo in config["repos"]:
            for hook in repo["hooks"]:
                if repo["repo"] != "local":
                    assert hook["id"] in shipped
                else:
                    assert hook["entry"].startswith("newslint check")


def test_documented_commands_and_options_exist() -> None:
    text = DOC.read_text(encoding="utf-8")
    options = {
        name
        for found in re.findall(r"newslint check ((?:--[a-z-]+ ?)+)", text)
        for name in found.split()
    }
    assert {"--diff-base", "--baseline", "--no-grammar", "--format"} <= options
    help_text = run_newslint("check", "--help").stdout.decode()
    for name in options:
        assert name in help_text, name
    for command in ("baseline", "languagetool install", "languagetool serve"):
        process = run_newslint(*command.split(), "--help")
        assert process.returncode == 0, command
