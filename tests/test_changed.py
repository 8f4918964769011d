"""``--diff-base REF``: a gate on an archive reports only lines added or changed since REF."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import run_json, run_newslint

from newslint.changed import changed_lines

CONFIG = """\
extends: []
rules:
  house/repeat:
    kind: repetition
    severity: error
"""
OLD = "# Archives\n\nLe le maire de 1998.\n\nUn paragraphe propre.\n"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Rédaction",
    "GIT_AUTHOR_EMAIL": "redaction@example.org",
    "GIT_COMMITTER_NAME": "Rédaction",
    "GIT_COMMITTER_EMAIL": "redaction@example.org",
}


def git(repo: Path, *args: str) -> str:
    process = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, check=True, env={**os.environ, **GIT_ENV}
    )
    return process.stdout.decode()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    (tmp_path / ".newslint.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "old.md").write_text(OLD, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "archives")
    return tmp_path


def findings(data: dict) -> list[tuple[str, int, str]]:
    return [
        (file["path"], f["line"], f["text"]) for file in data["files"] for f in file["findings"]
    ]


def test_old_copy_does_not_fail_the_gate(repo: Path) -> None:
    code, data = run_json("--no-grammar", "--diff-base", "HEAD", ".", cwd=repo)
    assert (code, findings(data)) == (0, [])
    code, _ = run_json("--no-grammar", ".", cwd=repo)
    assert code == 1


def test_only_added_and_changed_lines(repo: Path) -> None:
    (repo / "old.md").write_text(
        "# Archives\n\nLe le maire de 1998.\n\nUn paragraphe propre, puis la la suite.\n"
        "\nAjout : les les chiffres.\n",
        encoding="utf-8",
    )
    code, data = run_json("--no-grammar", "--diff-base", "HEAD", ".", cwd=repo)
    assert code == 1
    assert findings(data) == [("old.md", 5, "la la"), ("old.md", 7, "les les")]


def test_staged_and_committed_changes_since_an_older_ref(repo: Path) -> None:
    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / "old.md").write_text(OLD + "\nCommis : un un ajout.\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "ajout")
    (repo / "old.md").write_text(
        OLD + "\nCommis : un un ajout.\n\nIndexé : des des mots.\n", encoding="utf-8"
    )
    git(repo, "add", "old.md")
    code, data = run_json("--no-grammar", "--diff-base", base, ".", cwd=repo)
    assert code == 1
    assert findings(data) == [("old.md", 7, "un un"), ("old.md", 9, "des des")]
    code, data = run_json("--no-grammar", "--diff-base", "HEAD", ".", cwd=repo)
    assert findings(data) == [("old.md", 9, "des des")]


def test_new_untracked_file_reports_everything(repo: Path) -> None:
    (repo / "brève du jour.md").write_text("Le le préfet.\n\nLa la pluie.\n", encoding="utf-8")
    code, data = run_json("--no-grammar", "--diff-base", "HEAD", ".", cwd=repo)
    assert code == 1
    assert findings(data) == [("brève du jour.md", 1, "Le le"), ("brève du jour.md", 3, "La la")]


def test_renamed_file_reports_only_its_edits(repo: Path) -> None:
    (repo / "archives").mkdir()
    git(repo, "mv", "old.md", "archives/1998 « maire ».md")
    (repo / "archives" / "1998 « maire ».md").write_text(
        OLD + "\nMise à jour : le le vote.\n", encoding="utf-8"
    )
    code, data = run_json("--no-grammar", "--diff-base", "HEAD", ".", cwd=repo)
    assert code == 1
    assert findings(data) == [("archives/1998 « maire ».md", 7, "le le")]


def test_odd_file_names_are_matched(repo: Path) -> None:
    name = 'a "cité"\tb.md'
    (repo / name).write_text(OLD, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "odd")
    (repo / name).write_text(OLD + "\nNouveau : les les mots.\n", encoding="utf-8")
    code, data = run_json("--no-grammar", "--diff-base", "HEAD", name, cwd=repo)
    assert code == 1
    assert findings(data) == [(name, 7, "les les")]


def test_a_finding_over_two_lines_is_kept_when_one_changed(repo: Path) -> None:
    (repo / "old.md").write_text(
        OLD.replace("Un paragraphe propre.", "Un paragraphe propre le\nle"), encoding="utf-8"
    )
    code, data = run_json("--no-grammar", "--diff-base", "HEAD", ".", cwd=repo)
    assert code == 1
    assert findings(data) == [("old.md", 5, "le\nle")]


def test_unknown_ref_and_no_repository_are_usage_errors(repo: Path, tmp_path_factory) -> None:
    process = run_newslint("check", "--no-grammar", "--diff-base", "nonexistent", ".", cwd=repo)
    assert process.returncode == 2
    assert process.stderr.decode().startswith(
        'newslint: --diff-base: unknown git revision "nonexistent"'
    )
    outside = tmp_path_factory.mktemp("outside")
    (outside / "a.md").write_text("Le le maire.\n", encoding="utf-8")
    process = run_newslint(
        "check", "--no-grammar", "--diff-base", "HEAD", str(outside / "a.md"), cwd=repo
    )
    assert process.returncode == 2
    assert "is not in a git repository" in process.stderr.decode()


def test_standard_input_is_compared_as_the_named_file(repo: Path) -> None:
    # An editor pipes its unsaved buffer: the buffer, not the file on disk, is compared with REF.
    buffer = (OLD + "\nNon enregistré : les les mots.\n").encode()
    code, data = run_json(
        "--no-grammar",
        "--diff-base",
        "HEAD",
        "-",
        "--stdin-filename",
        "old.md",
        cwd=repo,
        input=buffer,
    )
    assert code == 1
    assert [(line, text) for _, line, text in findings(data)] == [(7, "les les")]
    code, data = run_json(
        "--no-grammar", "--diff-base", "HEAD", "-", cwd=repo, input=b"Le le maire.\n"
    )
    assert code == 1  # no name: nothing to compare with, every finding stays
    assert len(findings(data)) == 1


def test_changed_lines() -> None:
    old = "a\nb\nc\nd\n"
    assert changed_lines(old, old) == set()
    assert changed_lines(old, "a\nB\nc\nd\n") == {2}
    assert changed_lines(old, "x\ny\na\nb\nc\nd\n") == {1, 2}
    assert changed_lines(old, "a\nc\nd\nnew\n") == {4}  # a deletion adds no line
    assert changed_lines(old.replace("\n", "\r\n"), old) == set()
