"""Conventions users expect from a linter (issue 20): --quiet shows what fails the run, a
mistyped rule name is refused with a suggestion, --jobs is a count, globs take braces and
classes, folders are walked as Git sees them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

#: One warning (two spellings of Kyiv) and one error (a doubled word).
DRAFT = "La guerre à Kiev continue.\n\nÀ Kyiv, la nuit fut calme. Le le président a parlé.\n"
#: One error only.
SLIP = "Le le président a parlé.\n"


def test_quiet_shows_every_finding_that_fails_the_run(tmp_path: Path, cli) -> None:
    (tmp_path / "w.md").write_text(DRAFT, encoding="utf-8")
    process = cli("check", "--no-grammar", "--quiet", "--fail-on", "warning", "w.md", cwd=tmp_path)
    out = process.stdout.decode()
    assert process.returncode == 1
    assert "style/variantes" in out and "style/repetition" in out, out


def test_quiet_hides_what_does_not_fail_the_run(tmp_path: Path, cli) -> None:
    (tmp_path / "w.md").write_text(DRAFT, encoding="utf-8")
    process = cli("check", "--no-grammar", "--quiet", "w.md", cwd=tmp_path)
    out = process.stdout.decode()
    assert process.returncode == 1
    assert "style/repetition" in out and "style/variantes" not in out, out
    assert "finding" not in out  # no summary


@pytest.mark.parametrize(
    "flag, name, suggestion",
    [
        ("--select", "typografy", "typography"),
        ("--ignore", "style/repetiton", "style/repetition"),
        ("--select", "punctuation/doubled-typo", "punctuation/doubled"),
    ],
)
def test_unknown_rule_name_is_refused_with_a_suggestion(
    tmp_path: Path, cli, flag, name, suggestion
) -> None:
    (tmp_path / "w.md").write_text(SLIP, encoding="utf-8")
    process = cli("check", "--no-grammar", flag, name, "w.md", cwd=tmp_path)
    err = process.stderr.decode()
    assert process.returncode == 2, (process.stdout, err)
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert f'did you mean "{suggestion}"?' in err, err
    assert process.stdout == b""


@pytest.mark.parametrize(
    "names",
    [
        ("style",),
        ("style/",),
        ("typography/nbsp",),
        ("all",),
        ("grammar/FR_SPELLING_RULE", "style"),
    ],
)
def test_known_rule_names_and_prefixes_are_accepted(tmp_path: Path, cli, names) -> None:
    (tmp_path / "w.md").write_text(SLIP, encoding="utf-8")
    args = [arg for name in names for arg in ("--select", name)]
    process = cli("check", "--no-grammar", *args, "w.md", cwd=tmp_path)
    assert process.returncode in (0, 1), process.stderr


def test_lower_case_grammar_sub_id_is_refused(tmp_path: Path, cli) -> None:
    (tmp_path / "w.md").write_text(SLIP, encoding="utf-8")
    process = cli("check", "--no-grammar", "--ignore", "grammar/spelling", "w.md", cwd=tmp_path)
    assert process.returncode == 2, process.stderr


def test_rules_explain_unknown_rule_suggests(cli) -> None:
    process = cli("rules", "explain", "style/repetiton")
    assert process.returncode == 2
    assert 'did you mean "style/repetition"?' in process.stderr.decode()


def test_negative_jobs_is_a_usage_error(tmp_path: Path, cli) -> None:
    (tmp_path / "w.md").write_text(SLIP, encoding="utf-8")
    process = cli("check", "--no-grammar", "--jobs", "-3", "w.md", cwd=tmp_path)
    assert process.returncode == 2
    assert "--jobs" in process.stderr.decode()


def _found(cli_json, tmp_path: Path, *args: str) -> list[str]:
    code, data = cli_json("--no-grammar", *args, cwd=tmp_path)
    assert code in (0, 1), data
    return sorted(Path(f["path"]).as_posix() for f in data["files"])


@pytest.mark.parametrize(
    "glob, kept",
    [
        ("arch/*.{md,txt}", ["arch/c.markdown", "d.md"]),
        ("arch/[ab].md", ["arch/c.markdown", "arch/t.txt", "d.md"]),
        ("{arch,other}/**", ["d.md"]),
        ("arch/*.{md,t{x,y}t}", ["arch/c.markdown", "d.md"]),
    ],
)
def test_exclude_globs_take_braces_and_classes(tmp_path: Path, cli_json, glob, kept) -> None:
    (tmp_path / "arch").mkdir()
    for name in ("arch/a.md", "arch/t.txt", "arch/c.markdown", "d.md"):
        (tmp_path / name).write_text(SLIP, encoding="utf-8")
    if "[ab]" in glob:
        (tmp_path / "arch/t.txt").write_text(SLIP, encoding="utf-8")
    (tmp_path / ".newslint.yaml").write_text(f"exclude: ['{glob}']\n", encoding="utf-8")
    assert _found(cli_json, tmp_path, ".") == kept


def test_brace_bomb_is_a_config_error(tmp_path: Path, cli) -> None:
    (tmp_path / "d.md").write_text(SLIP, encoding="utf-8")
    (tmp_path / ".newslint.yaml").write_text(
        "exclude: ['{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}']\n", encoding="utf-8"
    )
    process = cli("check", "--no-grammar", ".", cwd=tmp_path)
    assert process.returncode == 2
    assert "expands to more than" in process.stderr.decode()


def _repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for name in ("keep.md", "build/out.md", "notes/brouillon.md", "notes/garder.md", "tmp.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(SLIP, encoding="utf-8")
    (tmp_path / ".gitignore").write_text("build/\ntmp.md\n", encoding="utf-8")
    (tmp_path / "notes/.gitignore").write_text("*.md\n!garder.md\n", encoding="utf-8")
    return tmp_path


def test_walk_skips_what_gitignore_ignores(tmp_path: Path, cli_json) -> None:
    root = _repo(tmp_path)
    assert _found(cli_json, root, ".") == ["keep.md", "notes/garder.md"]
    # A sub-folder of the repository: the root's .gitignore still applies.
    assert _found(cli_json, root / "notes", ".") == ["garder.md"]


def test_no_respect_gitignore_walks_everything(tmp_path: Path, cli_json) -> None:
    root = _repo(tmp_path)
    assert _found(cli_json, root, "--no-respect-gitignore", ".") == [
        "build/out.md",
        "keep.md",
        "notes/brouillon.md",
        "notes/garder.md",
        "tmp.md",
    ]


def test_file_named_on_the_command_line_is_checked_even_if_ignored(
    tmp_path: Path, cli_json
) -> None:
    root = _repo(tmp_path)
    assert _found(cli_json, root, "tmp.md") == ["tmp.md"]


def test_folder_named_inside_an_ignored_folder_is_walked(tmp_path: Path, cli_json) -> None:
    """``newslint check benchmarks/out/corpus`` checks the corpus though benchmarks/out/ is
    git-ignored; what is ignored below it is still skipped."""
    root = _repo(tmp_path)
    (root / "build" / "deep").mkdir()
    (root / "build" / "deep" / "a.md").write_text(SLIP, encoding="utf-8")
    (root / "build" / "deep" / "tmp.md").write_text(SLIP, encoding="utf-8")
    assert _found(cli_json, root, "build") == ["build/deep/a.md", "build/out.md"]
