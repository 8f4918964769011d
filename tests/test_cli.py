"""The command line as a user meets it: output, exit codes, options, suppressions."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from conftest import run_json, run_newslint

REPEAT = "Le le président parle.\n"
CONFIG_ONLY_REPETITION = (
    "extends: []\nrules:\n  house/repeat:\n    kind: repetition\n    severity: error\n"
)


def draft(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def isolated(tmp_path: Path, config: str = CONFIG_ONLY_REPETITION) -> Path:
    draft(tmp_path, ".newslint.yaml", config)
    return tmp_path


def test_text_output_has_location_severity_rule_and_caret(tmp_path: Path) -> None:
    isolated(tmp_path)
    draft(tmp_path, "a.txt", "Titre\n\nIl dit que le le président parle.\n")
    process = run_newslint("check", "--no-grammar", "a.txt", cwd=tmp_path)
    out = process.stdout.decode()
    assert process.returncode == 1
    assert "a.txt:3:12: error house/repeat Mot répété : « le »." in out
    assert "    3 | Il dit que le le président parle." in out
    assert "      |            ^^^^^" in out
    assert "1 finding (1 error) in 1 file; 1 fixable with --fix." in out


def test_json_schema_and_exact_text(tmp_path: Path) -> None:
    isolated(tmp_path)
    draft(tmp_path, "a.md", "# Titre\n\nDu `code` puis le le 😀 texte.\n")
    code, data = run_json("--no-grammar", "a.md", cwd=tmp_path)
    assert code == 1
    assert data["version"] == 1
    (file,) = data["files"]
    assert file["path"] == "a.md"
    (finding,) = file["findings"]
    assert finding == {
        "rule": "house/repeat",
        "severity": "error",
        "message": "Mot répété : « le ».",
        "line": 3,
        "column": 16,
        "end_line": 3,
        "end_column": 21,
        "text": "le le",
        "suggestions": ["le"],
        "fixable": True,
    }
    assert data["errors"] == []
    assert data["summary"]["findings"] == 1 and data["summary"]["exit_code"] == 1


def test_clean_run_exits_zero(tmp_path: Path) -> None:
    isolated(tmp_path)
    draft(tmp_path, "a.txt", "Rien à signaler.\n")
    process = run_newslint("check", "--no-grammar", "a.txt", cwd=tmp_path)
    assert process.returncode == 0
    assert "No findings in 1 file." in process.stdout.decode()


def test_fail_on_threshold(tmp_path: Path) -> None:
    isolated(tmp_path, CONFIG_ONLY_REPETITION.replace("error", "info"))
    draft(tmp_path, "a.txt", REPEAT)
    assert run_newslint("check", "--no-grammar", "a.txt", cwd=tmp_path).returncode == 0
    assert (
        run_newslint("check", "--no-grammar", "--fail-on", "info", "a.txt", cwd=tmp_path).returncode
        == 1
    )


def test_input_error_does_not_stop_other_files(tmp_path: Path) -> None:
    isolated(tmp_path)
    (tmp_path / "latin1.txt").write_bytes("Élysée le le".encode("latin-1"))
    draft(tmp_path, "good.txt", REPEAT)
    code, data = run_json("--no-grammar", "latin1.txt", "good.txt", "missing.txt", cwd=tmp_path)
    assert code == 2
    assert [f["path"] for f in data["files"]] == ["good.txt"]
    assert len(data["files"][0]["findings"]) == 1
    errors = {e["path"]: e["message"] for e in data["errors"]}
    assert "not valid UTF-8 (byte 0xC9 on line 1)" in errors["latin1.txt"]
    assert errors["missing.txt"] == "no such file or directory"


def test_text_report_of_input_error_is_one_line(tmp_path: Path) -> None:
    isolated(tmp_path)
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02")
    process = run_newslint("check", "--no-grammar", "bin.txt", cwd=tmp_path)
    assert process.returncode == 2
    assert (
        "bin.txt: input error: binary file (contains NUL bytes), not a text draft"
        in process.stdout.decode()
    )
    assert b"Traceback" not in process.stderr


def test_directories_recurse_skip_hidden_and_honour_exclude(tmp_path: Path) -> None:
    isolated(tmp_path, CONFIG_ONLY_REPETITION + "exclude: ['archives/**']\n")
    for name in ("a.md", "sub/b.txt", ".hidden/c.md", "archives/d.md", "sub/e.py", ".git/f.md"):
        draft(tmp_path, name, REPEAT)
    code, data = run_json("--no-grammar", ".", cwd=tmp_path)
    assert [f["path"] for f in data["files"]] == ["a.md", "sub/b.txt"]


def test_stdin_with_filename_picks_format(tmp_path: Path) -> None:
    isolated(tmp_path)
    code, data = run_json(
        "--no-grammar",
        "--stdin-filename",
        "dépêche.md",
        "-",
        cwd=tmp_path,
        input=b"Texte `le le` puis le le.\n",
    )
    (file,) = data["files"]
    assert file["path"] == "dépêche.md"
    assert [f["column"] for f in file["findings"]] == [20]


def test_select_and_ignore(tmp_path: Path) -> None:
    isolated(tmp_path, CONFIG_ONLY_REPETITION + "  other/repeat:\n    kind: repetition\n")
    draft(tmp_path, "a.txt", REPEAT)
    _, both = run_json("--no-grammar", "a.txt", cwd=tmp_path)
    assert sorted(f["rule"] for f in both["files"][0]["findings"]) == [
        "house/repeat",
        "other/repeat",
    ]
    _, selected = run_json("--no-grammar", "--select", "house", "a.txt", cwd=tmp_path)
    assert [f["rule"] for f in selected["files"][0]["findings"]] == ["house/repeat"]
    _, ignored = run_json("--no-grammar", "--ignore", "house/repeat", "a.txt", cwd=tmp_path)
    assert [f["rule"] for f in ignored["files"][0]["findings"]] == ["other/repeat"]


def test_statistics_counts_per_rule(tmp_path: Path) -> None:
    isolated(tmp_path)
    draft(tmp_path, "a.txt", REPEAT + "\nEt et encore.\n")
    out = run_newslint(
        "check", "--no-grammar", "--statistics", "a.txt", cwd=tmp_path
    ).stdout.decode()
    assert "     2  house/repeat" in out


def test_quiet_hides_findings_below_fail_on_and_summary(tmp_path: Path) -> None:
    isolated(
        tmp_path,
        CONFIG_ONLY_REPETITION + "  other/repeat:\n    kind: repetition\n    severity: info\n",
    )
    draft(tmp_path, "a.txt", REPEAT)
    out = run_newslint("check", "--no-grammar", "--quiet", "a.txt", cwd=tmp_path).stdout.decode()
    assert "house/repeat" in out and "other/repeat" not in out and "finding" not in out


def test_color_always_and_never(tmp_path: Path) -> None:
    isolated(tmp_path)
    draft(tmp_path, "a.txt", REPEAT)
    assert (
        "\x1b["
        in run_newslint(
            "check",
            "--no-grammar",
            "--color",
            "always",
            "a.txt",
            cwd=tmp_path,
            env={"NO_COLOR": ""},
        ).stdout.decode()
    )
    assert (
        "\x1b["
        not in run_newslint(
            "check", "--no-grammar", "--color", "never", "a.txt", cwd=tmp_path
        ).stdout.decode()
    )


def test_markdown_suppression_comments(tmp_path: Path) -> None:
    isolated(tmp_path)
    draft(
        tmp_path,
        "a.md",
        (
            "Un le le.\n\n<!-- newslint-disable house/repeat -->\n\nDeux le le.\n\n"
            "<!-- newslint-enable house/repeat -->\n\nTrois le le.\n\n"
            "<!-- newslint-disable-next-line house -->\nQuatre le le.\n\nCinq le le.\n"
        ),
    )
    _, data = run_json("--no-grammar", "a.md", cwd=tmp_path)
    assert [f["line"] for f in data["files"][0]["findings"]] == [1, 9, 14]


def test_plain_text_suppression_comments(tmp_path: Path) -> None:
    isolated(tmp_path)
    draft(
        tmp_path,
        "a.txt",
        "Un le le.\n<!-- newslint-disable-next-line -->\nDeux le le.\nTrois le le.\n",
    )
    _, data = run_json("--no-grammar", "a.txt", cwd=tmp_path)
    assert [f["line"] for f in data["files"][0]["findings"]] == [1, 4]


def test_config_error_is_one_line_exit_2(tmp_path: Path) -> None:
    draft(tmp_path, ".newslint.yaml", "rules:\n  style/repetition:\n    options: {nope: 1}\n")
    draft(tmp_path, "a.txt", REPEAT)
    process = run_newslint("check", "--no-grammar", "a.txt", cwd=tmp_path)
    assert process.returncode == 2
    stderr = process.stderr.decode().strip()
    assert len(stderr.splitlines()) == 1
    assert stderr.startswith("newslint: config error: ")
    assert '.newslint.yaml:3: unknown option "nope" for rule "style/repetition"' in stderr


def test_init_writes_a_valid_commented_starter(tmp_path: Path) -> None:
    process = run_newslint("init", cwd=tmp_path)
    assert process.returncode == 0
    text = (tmp_path / ".newslint.yaml").read_text(encoding="utf-8")
    assert text.count("\n#") > 10
    assert yaml.safe_load(text)["extends"] == ["fr-press"]
    assert run_newslint("init", cwd=tmp_path).returncode == 2  # refuses to overwrite
    assert run_newslint("rules", cwd=tmp_path).returncode == 0


def test_rules_lists_every_rule_with_severity(tmp_path: Path) -> None:
    out = run_newslint("rules", cwd=tmp_path).stdout.decode()
    lines = out.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("style/repetition"))
    assert "error" in lines[index] and "répété" in lines[index]
    # Issue 12: the reason for the severity is on the next line.
    assert "↳ error" in lines[index + 1] and "coquille" in lines[index + 1]


def test_rules_explain_has_ruff_sections(tmp_path: Path) -> None:
    out = run_newslint("rules", "explain", "style/repetition", cwd=tmp_path).stdout.decode()
    for section in (
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Options",
        "## Fix safety",
    ):
        assert section in out
    process = run_newslint("rules", "explain", "no/such", cwd=tmp_path)
    assert process.returncode == 2 and "unknown rule" in process.stderr.decode()


def test_python_dash_m_and_version(tmp_path: Path) -> None:
    process = run_newslint("--version", cwd=tmp_path)
    assert process.returncode == 0 and "newslint" in process.stdout.decode()


def test_output_file_gets_machine_format_terminal_gets_text(tmp_path: Path) -> None:
    isolated(tmp_path)
    draft(tmp_path, "a.txt", REPEAT)
    process = run_newslint(
        "check", "--no-grammar", "--format", "json", "--output", "r.json", "a.txt", cwd=tmp_path
    )
    assert "a.txt:1:1: error house/repeat" in process.stdout.decode()
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["files"][0]["findings"][0]["rule"] == "house/repeat"
