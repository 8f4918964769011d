"""Configuration: discovery, extends, merge order, overrides, strict validation."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from newslint.config import ConfigFinder, load_config
from newslint.errors import ConfigError
from newslint.findings import Severity


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def rules_by_id(config, path="x.md"):
    return {rule.id: rule for rule in config.rules_for(path)}


def test_extends_shipped_set_and_override_severity(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path / ".newslint.yaml",
            """\
        extends: [fr-press]
        rules:
          style/repetition:
            severity: error
        """,
        )
    )
    rule = rules_by_id(config)["style/repetition"]
    assert rule.severity is Severity.ERROR
    assert rule.kind.name == "repetition"


def test_later_files_override_earlier_and_options_merge_per_key(tmp_path: Path) -> None:
    write(
        tmp_path / "base.yaml",
        """\
        rules:
          house/repeat:
            kind: repetition
            severity: info
            options: {allow: [nous], min_length: 2}
        """,
    )
    config = load_config(
        write(
            tmp_path / ".newslint.yaml",
            """\
        extends: [./base.yaml]
        rules:
          house/repeat:
            options: {min_length: 3}
        """,
        )
    )
    rule = rules_by_id(config)["house/repeat"]
    assert rule.severity is Severity.INFO
    assert rule.options.allow == ["nous"]
    assert rule.options.min_length == 3


def test_overrides_apply_by_glob_last_wins(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path / ".newslint.yaml",
            """\
        extends: [fr-press]
        overrides:
          - files: ["depeches/**"]
            rules:
              style/repetition: {severity: info}
          - files: ["depeches/urgent/*.md"]
            rules:
              style/repetition: {enabled: false}
        """,
        )
    )
    # style/repetition is an error in fr-press (issue 12: « le le » is a slip in any style).
    assert (
        rules_by_id(config, str(tmp_path / "a.md"))["style/repetition"].severity is Severity.ERROR
    )
    assert (
        rules_by_id(config, str(tmp_path / "depeches/x/a.md"))["style/repetition"].severity
        is Severity.INFO
    )
    urgent = rules_by_id(config, str(tmp_path / "depeches/urgent/a.md"))["style/repetition"]
    assert urgent.enabled is False and urgent.severity is Severity.INFO


def test_discovery_walks_upward(tmp_path: Path) -> None:
    write(
        tmp_path / ".newslint.yaml",
        "extends: [fr-press]\nrules:\n  style/repetition: {severity: info}\n",
    )
    draft = write(tmp_path / "a" / "b" / "draft.md", "Texte.\n")
    config = ConfigFinder().for_path(str(draft))
    assert rules_by_id(config, str(draft))["style/repetition"].severity is Severity.INFO


@pytest.mark.parametrize(
    "yaml_text, line, fragment",
    [
        ("rules:\n  nope/unknown: {severity: error}\n", 2, 'unknown rule "nope/unknown"'),
        (
            "extends: []\nrules:\n  style/repetition: {severity: error}\n",
            3,
            'unknown rule "style/repetition"',
        ),
        (
            "extends: [fr-press]\nrules:\n  style/repetition:\n    options:\n      bogus: 1\n",
            5,
            'unknown option "bogus"',
        ),
        (
            "extends: [fr-press]\nrules:\n  style/repetition:\n    options:\n      min_length: deux\n",
            5,
            'option "min_length" of rule "style/repetition" should be int',
        ),
        (
            "extends: [fr-press]\nrules:\n  style/repetition:\n    severity: fatal\n",
            4,
            "severity should be error, warning or info",
        ),
        ("rules:\n  a: [unclosed\n", 3, "malformed YAML"),
        ("extends: [no-such-set]\n", 1, 'unknown rule set "no-such-set"'),
        ("colour: blue\n", 1, 'unknown key "colour"'),
        ("rules:\n  x/y:\n    kind: nonexistent\n", 3, 'unknown kind "nonexistent"'),
        (
            "extends: [fr-press]\nrules:\n  style/repetition:\n    enabled: maybe\n",
            4,
            "enabled should be true or false",
        ),
        ("rules:\n  x/y:\n    kind: repetition\n    colour: red\n", 4, 'unknown key "colour"'),
        ("rules: [1, 2]\n", 1, '"rules" should be a mapping'),
        (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
                for i in range(6)
            ),
            1,
            "alias bomb",
        ),
    ],
)
def test_invalid_config_names_file_line_and_key(
    tmp_path: Path, yaml_text: str, line: int, fragment: str
) -> None:
    path = tmp_path / ".newslint.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    message = str(raised.value)
    assert fragment in message
    assert message.startswith(f"{path}:{line}: "), message


def test_file_without_extends_builds_on_fr_press(tmp_path: Path) -> None:
    config = load_config(
        write(tmp_path / ".newslint.yaml", "rules:\n  style/repetition: {severity: info}\n")
    )
    assert rules_by_id(config)["style/repetition"].severity is Severity.INFO
    empty = load_config(write(tmp_path / "empty.yaml", "extends: []\n"))
    assert empty.base_rules() == []


def test_extends_cycle_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", "extends: [./b.yaml]\n")
    write(tmp_path / "b.yaml", "extends: [./a.yaml]\n")
    with pytest.raises(ConfigError, match="extends cycle"):
        load_config(tmp_path / "a.yaml")


def test_every_shipped_rule_set_loads(tmp_path: Path) -> None:
    from newslint.config import shipped_sets

    for name in shipped_sets():
        config = load_config(write(tmp_path / f"{name}.newslint.yaml", f"extends: [{name}]\n"))
        for rule in config.base_rules():
            assert rule.description, f"{name}: {rule.id} has no description"
