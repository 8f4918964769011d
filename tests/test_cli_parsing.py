"""What a user sees of the command line itself: a usage error is exit 2 with the offending
option or argument named on stderr (never a traceback, nothing on stdout), ``-h``/``--help``
of every command and group lists its options and subcommands, ``--version`` prints the version.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newslint import __version__

USAGE_ERRORS = [
    (("--bogus",), "--bogus"),
    (("chek",), "chek"),
    (("check", "--bogus"), "--bogus"),
    (("check", "--jobs", "-3"), "--jobs"),
    (("check", "--jobs", "many"), "--jobs"),
    (("check", "--format", "pdf"), "--format"),
    (("check", "--no-gramar"), "--no-grammar"),  # a suggestion
    (("check", "--fail-on"), "--fail-on"),  # an option without its value
    (("init", "--bogus"), "--bogus"),
    (("rules", "--bogus"), "--bogus"),
    (("rules", "explain"), "rule_id"),
    (("rules", "explain", "style/repetition", "--lang", "de"), "--lang"),
    (("languagetool", "nope"), "nope"),
    (("languagetool", "serve", "--port", "70000"), "--port"),
    (("languagetool", "cache", "nope"), "nope"),
    (("baseline", "--bogus"), "--bogus"),
    (("audit", "-o", "f.jsonl"), "inputs"),
    (("audit", "articles.jsonl"), "--output"),
    (("audit", "articles.jsonl", "-o", "f.jsonl", "--workers", "-1"), "--workers"),
    (("annotate", "draft.docx"), "out"),
    (("lsp", "--bogus"), "--bogus"),
]


@pytest.mark.parametrize("args, named", USAGE_ERRORS, ids=[" ".join(a) for a, _ in USAGE_ERRORS])
def test_usage_error_is_exit_2_naming_what_is_wrong(tmp_path: Path, cli, args, named) -> None:
    process = cli(*args, cwd=tmp_path)
    err = process.stderr.decode()
    assert process.returncode == 2, (process.stdout, err)
    assert "Traceback" not in err, err
    assert named.lower() in err.lower(), err
    assert process.stdout == b""
    assert list(tmp_path.iterdir()) == []


HELP = {
    ("check",): [
        "--format",
        "--output",
        "-o",
        "--config",
        "--trust-config",
        "--select",
        "--ignore",
        "--no-grammar",
        "--across-files",
        "--jobs",
        "-j",
        "--fail-on",
        "--no-cache",
        "--fix",
        "--diff",
        "--quiet",
        "-q",
        "--color",
        "--no-source",
        "--statistics",
        "--stdin-filename",
        "--diff-base",
        "--baseline",
        "--respect-gitignore",
        "--no-respect-gitignore",
        "sarif",
    ],
    ("init",): ["--force", "DIRECTORY"],
    ("rules",): ["--config", "--trust-config", "explain", "test"],
    ("rules", "explain"): ["--lang", "RULE_ID"],
    ("rules", "test"): ["FILES"],
    ("baseline",): ["--output", "--config", "--select", "--ignore", "--no-grammar", "--jobs"],
    ("languagetool",): ["install", "serve", "stop", "status", "rules", "cache"],
    ("languagetool", "install"): ["--version", "--force"],
    ("languagetool", "serve"): ["--idle-timeout", "--detach", "--port", "--config"],
    ("languagetool", "stop"): ["-h"],
    ("languagetool", "status"): ["--config", "--trust-config"],
    ("languagetool", "rules"): ["--text-level", "--language", "--config"],
    ("languagetool", "cache"): ["clear"],
    ("languagetool", "cache", "clear"): ["-h"],
    ("audit",): [
        "--output",
        "--summary",
        "--id-field",
        "--text-field",
        "--meta",
        "--path-template",
        "--scheduler",
        "--workers",
        "--partition-size",
        "--limit",
        "--config",
        "--trust-config",
        "--no-cache",
        "--across-files",
        "--fail-on",
    ],
    ("annotate",): ["DRAFT", "OUT", "--config", "--select", "--ignore", "--fail-on"],
    ("lsp",): ["--tcp", "--stdio"],
    (): [
        "--version",
        "check",
        "init",
        "rules",
        "baseline",
        "languagetool",
        "audit",
        "annotate",
        "lsp",
    ],
}


@pytest.mark.parametrize("command", list(HELP), ids=[" ".join(c) or "newslint" for c in HELP])
def test_help_lists_the_options_and_subcommands(tmp_path: Path, cli, command) -> None:
    for flag in ("-h", "--help"):
        process = cli(*command, flag, cwd=tmp_path)
        out = process.stdout.decode()
        assert process.returncode == 0, process.stderr
        for name in [*HELP[command], "--help"]:
            assert name in out, (flag, name, out)


def test_help_shows_defaults_and_multiple_selects_accumulate(tmp_path: Path, cli) -> None:
    out = " ".join(cli("audit", "--help", cwd=tmp_path).stdout.decode().split())
    assert "[default: {id}.txt]" in out and "[default: error]" in out
    (tmp_path / "a.md").write_text("Il a dit , oui.\n", encoding="utf-8")
    process = cli(
        "check", "--no-grammar", "--format", "json", "--select", "punctuation/space-before",
        "--select", "typography", "a.md", cwd=tmp_path,
    )  # fmt: skip
    assert process.returncode in (0, 1), process.stderr
    assert b"punctuation/space-before" in process.stdout


def test_version(tmp_path: Path, cli) -> None:
    process = cli("--version", cwd=tmp_path)
    assert process.returncode == 0, process.stderr
    assert process.stdout.decode().strip() == f"newslint, version {__version__}"


@pytest.mark.parametrize("args", [("rules",), ("check", "--no-grammar", "a.md")])
def test_a_reader_gone_away_is_exit_1_without_a_traceback(tmp_path: Path, args) -> None:
    (tmp_path / "a.md").write_text("Il a dit , oui.\n" * 50, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "newslint", *args],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # as `newslint rules | head -1` once head has its line
    err = process.stderr.read().decode()
    assert process.wait(timeout=600) == 1
    assert err == "", err
