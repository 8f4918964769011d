"""Hostile configuration (issue 8): alias bombs, deep nesting, enormous rule files, patterns
built to backtrack, wrong types everywhere. A clear one-line error with file and line, exit 2,
in bounded time and memory; never a traceback."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest
from conftest import run_newslint

from newslint.errors import ConfigError
from newslint.yamlload import MAX_NODES, load_yaml

DRAFT = "Le président a dit bonjour.\n"


def _check(tmp_path: Path, config: str, *extra: str, draft: str = DRAFT):
    (tmp_path / ".newslint.yaml").write_text(config, encoding="utf-8")
    (tmp_path / "draft.md").write_text(draft, encoding="utf-8")
    started = time.monotonic()
    process = run_newslint("check", "draft.md", "--no-grammar", *extra, cwd=tmp_path)
    return process, time.monotonic() - started


def _one_line_config_error(process, fragment: str, line: int | None = None) -> str:
    stderr = process.stderr.decode("utf-8")
    assert process.returncode == 2, (process.returncode, stderr, process.stdout[:500])
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("newslint: config error: "), stderr
    assert fragment in lines[0], stderr
    if line is not None:
        assert f".newslint.yaml:{line}:" in lines[0], stderr
    return lines[0]


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_is_stopped(tmp_path: Path) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with pytest.raises(ConfigError, match="alias bomb"):
        load_yaml(BILLION_LAUGHS, "bomb.yaml")
    assert time.monotonic() - started < 10
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 200_000
    process, elapsed = _check(tmp_path, "vocabulary:\n  words: &w [a, b]\n" + BILLION_LAUGHS)
    assert elapsed < 30
    # Unknown keys are refused first or the bomb is: either way one line, exit 2.
    _one_line_config_error(process, ".newslint.yaml")
    bomb_in_rules = BILLION_LAUGHS.replace("a: &a", "x: &a").replace("\n", "\n    ").rstrip()
    process, _ = _check(
        tmp_path,
        "rules:\n  style/repetition:\n    options:\n      "
        + "\n      ".join(line for line in BILLION_LAUGHS.splitlines()),
    )
    _one_line_config_error(process, "alias bomb")
    assert bomb_in_rules  # (kept for the record: the bomb nested anywhere is counted)


def test_alias_budget_counts_expanded_values() -> None:
    fan = 200
    text = (
        "a: &a ["
        + ",".join(["x"] * fan)
        + "]\nb: ["
        + ",".join(["*a"] * (MAX_NODES // fan + 5))
        + "]\n"
    )
    with pytest.raises(ConfigError, match="alias bomb"):
        load_yaml(text, "fan.yaml")
    small = "a: &a [x, y]\nb: [*a, *a]\n"
    data, _ = load_yaml(small, "ok.yaml")
    assert data["b"] == [["x", "y"], ["x", "y"]]


@pytest.mark.parametrize(
    "text",
    [
        "[" * 5000 + "]" * 5000,
        "{a: " * 5000 + "1" + "}" * 5000,
        "".join("  " * i + f"k{i}:\n" for i in range(3000)) + "  " * 3000 + "v",
    ],
)
def test_deeply_nested_yaml_is_an_error_not_a_crash(text: str) -> None:
    with pytest.raises(ConfigError, match="nested too deeply"):
        load_yaml(text, "deep.yaml")


def test_deeply_nested_yaml_in_the_cli(tmp_path: Path) -> None:
    process, _ = _check(tmp_path, "rules: " + "[" * 5000 + "]" * 5000 + "\n")
    _one_line_config_error(process, "nested too deeply")


def test_enormous_rule_file_bounded_time(tmp_path: Path) -> None:
    """3,000 rules and one with 20,000 patterns: loads, checks, in bounded time."""
    lines = ["extends: fr-press", "rules:"]
    for index in range(3000):
        lines += [
            f"  local/r{index}:",
            "    kind: existence",
            "    options:",
            f'      tokens: ["motinexistant{index}"]',
        ]
    lines += [
        "  local/big:",
        "    kind: existence",
        "    options:",
        "      literal: true",
        "      tokens:",
    ]
    lines += [f'        - "expression numéro {index}"' for index in range(20_000)]
    lines += ['        - "bonjour"']
    # A rule without a severity is a warning; the default gate is error (issue 12).
    process, elapsed = _check(
        tmp_path, "\n".join(lines) + "\n", "--format", "json", "--fail-on", "warning"
    )
    assert process.returncode == 1, process.stderr
    assert b"local/big" in process.stdout
    assert elapsed < 120


def test_too_many_values_is_an_error(tmp_path: Path) -> None:
    words = ", ".join(f"w{index}" for index in range(MAX_NODES + 10))
    process, elapsed = _check(tmp_path, f"vocabulary: [{words}]\n")
    _one_line_config_error(process, "more than")
    assert elapsed < 60


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(a|aa)+b", r"(.*a){20}", r"^(\w+\s?)+$"])
def test_backtracking_patterns_run_in_linear_time(tmp_path: Path, pattern: str) -> None:
    """RE2 has no backtracking: classic catastrophic patterns stay linear."""
    config = (
        "extends: fr-press\nrules:\n  local/evil:\n    kind: existence\n    quotes: any\n"
        f"    options:\n      tokens: ['{pattern}']\n"
    )
    draft = ("a" * 30_000 + "!\n") + ("mot " * 5000) + "\n"
    process, elapsed = _check(tmp_path, config, "--select", "local", draft=draft)
    assert process.returncode in (0, 1), process.stderr
    assert elapsed < 60


@pytest.mark.parametrize(
    "pattern, fragment",
    [
        (r"(a)\1", "local/evil"),  # backreference: not RE2
        (r"(?<=a)b", "local/evil"),  # lookbehind: not RE2
        (r"(unclosed", "local/evil"),
    ],
)
def test_patterns_re2_refuses_are_config_errors_with_line(
    tmp_path: Path, pattern: str, fragment: str
) -> None:
    config = (
        "extends: fr-press\nrules:\n  local/evil:\n    kind: existence\n    options:\n"
        f"      tokens: ['{pattern}']\n"
    )
    process, _ = _check(tmp_path, config)
    _one_line_config_error(process, fragment)


WRONG_TYPES = [
    ("rules: [a, b]\n", '"rules" should be a mapping', 1),
    ("extends: 3\n", "extends", 1),
    ("language: [fr]\n", "language", 1),
    ("include: x.md\n", "include", 1),
    ("exclude: [1, 2]\n", "exclude", 1),
    ("vocabulary: 12\n", "vocabulary", 1),
    ("names: yes\n", "names", 1),
    ("overrides: {files: x}\n", "overrides", 1),
    ("rules:\n  style/repetition: 3\n", "style/repetition", 2),
    ("rules:\n  style/repetition:\n    severity: 5\n", "severity", 3),
    ("rules:\n  style/repetition:\n    severity: fatal\n", "severity", 3),
    ("rules:\n  style/repetition:\n    enabled: maybe\n", "enabled", 3),
    ("rules:\n  style/repetition:\n    quotes: 7\n", "quotes", 3),
    ("rules:\n  style/repetition:\n    scope: 7\n", "scope", 3),
    ("rules:\n  style/repetition:\n    options: []\n", "options", 3),
    ("rules:\n  style/repetition:\n    options:\n      nope: 1\n", "nope", 4),
    ("rules:\n  local/x:\n    kind: 12\n", "kind", 3),
    ("rules:\n  local/x:\n    kind: no-such-kind\n", "no-such-kind", 3),
    ("rules:\n  local/x:\n    kind: existence\n    options:\n      tokens: 5\n", "tokens", 5),
    ("rules:\n  local/x:\n    kind: existence\n    options:\n      tokens: [[a]]\n", "tokens", 5),
    (
        "rules:\n  local/x:\n    kind: sentence-length\n    options:\n      max_words: many\n",
        "max_words",
        5,
    ),
    (
        "rules:\n  local/x:\n    kind: sentence-length\n    options:\n      max_words: 1e999\n",
        "max_words",
        5,
    ),
    ("key: [unclosed\n", "malformed YAML", None),
    ("\t- tab\n", "malformed YAML", None),
    ("a: 1\na: 2\n", "duplicate key", 2),
    ("? [a, b]\n: 1\n", "mapping keys", 1),
    ("!!python/object:os.system {}\n", "unsupported YAML tag", 1),
    ("rules: !!python/object/apply:os.system [echo]\n", None, 1),
    ("\x00\x01\x02", None, None),
]


@pytest.mark.parametrize("config, fragment, line", WRONG_TYPES)
def test_wrong_types_everywhere_give_file_line_errors(
    tmp_path: Path, config: str, fragment: str | None, line: int | None
) -> None:
    process, elapsed = _check(tmp_path, config)
    stderr = process.stderr.decode("utf-8", "replace")
    assert process.returncode == 2, (config, stderr)
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert ".newslint.yaml" in stderr
    if fragment:
        assert fragment in stderr, stderr
    if line is not None:
        assert f".newslint.yaml:{line}:" in stderr, stderr
    assert elapsed < 30


def test_config_that_is_not_utf8(tmp_path: Path) -> None:
    (tmp_path / ".newslint.yaml").write_bytes("language: fr\n# é\n".encode("latin-1"))
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    process = run_newslint("check", "draft.md", "--no-grammar", cwd=tmp_path)
    _one_line_config_error(process, "not valid UTF-8")
