"""The pre-commit hooks, run by the real ``pre-commit`` tool on a temporary repository of drafts.

pre-commit installs newslint from this project into its own virtualenv (``pip install .``), as it
would for a newsroom. To test the working tree as it is (uncommitted edits included), the
project is copied into a snapshot repository committed once. One test runs ``pre-commit
try-repo`` on it (which installs into a throw-away store every time); the others name the
snapshot in a ``.pre-commit-config.yaml`` and share one ``PRE_COMMIT_HOME``, so newslint is
installed there once per session.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Rédaction",
    "GIT_AUTHOR_EMAIL": "redaction@example.org",
    "GIT_COMMITTER_NAME": "Rédaction",
    "GIT_COMMITTER_EMAIL": "redaction@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}
DIRTY = "# Conseil municipal\n\nLe le maire a présenté le budget mardi.\n"
CLEAN = "# Conseil municipal\n\nLe maire a présenté le budget mardi.\n"


def _git(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, check=True, env={**os.environ, **GIT_ENV}
    )


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """This project's files as they are now (tracked and new, not ignored), committed once."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    listing = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode("utf-8")
        .split("\0")
    )
    snapshot = tmp_path_factory.mktemp("hook-repo")
    for name in filter(None, listing):
        source = ROOT / name
        if source.is_file():
            target = snapshot / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    _git("init", "-q", cwd=snapshot)
    _git("add", "-A", cwd=snapshot)
    _git("commit", "-q", "-m", "snapshot", cwd=snapshot)
    sha = _git("rev-parse", "HEAD", cwd=snapshot).stdout.decode().strip()
    return snapshot, sha


@pytest.fixture(scope="session")
def precommit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    repo = tmp_path / "drafts"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    return repo


def _env(home: Path) -> dict[str, str]:
    env = {
        **os.environ,
        **GIT_ENV,
        "PRE_COMMIT_HOME": str(home),
        "NO_COLOR": "1",
        "PRE_COMMIT_COLOR": "never",
    }
    env.pop("GITHUB_ACTIONS", None)  # would switch newslint to workflow commands
    return env


def pre_commit(*args: str, cwd: Path, home: Path) -> tuple[int, str]:
    process = subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        capture_output=True,
        env=_env(home),
        timeout=900,
        check=False,
    )
    return process.returncode, (process.stdout + process.stderr).decode("utf-8", "replace")


def try_repo(hook_repo, hook: str, *files: str, cwd: Path, home: Path) -> tuple[int, str]:
    """``pre-commit try-repo``: what a newsroom runs to try the hooks. It installs newslint in a
    throw-away store each time (tens of seconds), so only one test uses it."""
    snapshot, sha = hook_repo
    return pre_commit(
        "try-repo",
        str(snapshot),
        hook,
        "--ref",
        sha,
        "--color",
        "never",
        "--verbose",
        "--files",
        *files,
        cwd=cwd,
        home=home,
    )


def configure(hook_repo, drafts: Path, hook: str, args: list[str] | None = None) -> None:
    """A ``.pre-commit-config.yaml`` using one of this project's hooks, as a newsroom writes it."""
    snapshot, sha = hook_repo
    extra = f"        args: {json.dumps(args)}\n" if args else ""
    (drafts / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {sha}\n    hooks:\n      - id: {hook}\n{extra}",
        encoding="utf-8",
    )
    _git("add", ".pre-commit-config.yaml", cwd=drafts)


def run_hook(
    hook_repo, hook: str, *files: str, cwd: Path, home: Path, env: dict | None = None
) -> tuple[int, str]:
    """``pre-commit run HOOK --files ...`` with the session's store: newslint installed once."""
    configure(hook_repo, cwd, hook)
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "run",
            hook,
            "--color",
            "never",
            "--verbose",
            "--files",
            *files,
        ],
        cwd=cwd,
        capture_output=True,
        env={**_env(home), **(env or {})},
        timeout=900,
        check=False,
    )
    return process.returncode, (process.stdout + process.stderr).decode("utf-8", "replace")


def test_manifest_is_valid_for_pre_commit() -> None:
    from pre_commit.clientlib import load_manifest

    hooks = {hook["id"]: hook for hook in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    assert set(hooks) == {"newslint", "newslint-fast", "newslint-fix"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["require_serial"] is True
        assert set(hook["types_or"]) == {"markdown", "plain-text"}
        assert hook["entry"].startswith("newslint check")
    assert "--no-grammar" not in hooks["newslint"]["entry"]
    assert "--no-grammar" in hooks["newslint-fast"]["entry"]
    assert "--fix" in hooks["newslint-fix"]["entry"]


def test_draft_with_errors_blocks(hook_repo, precommit_home, drafts) -> None:
    (drafts / "conseil.md").write_text(DIRTY, encoding="utf-8")
    (drafts / "notes.txt").write_text("Il il pleut.\n", encoding="utf-8")
    _git("add", ".", cwd=drafts)
    code, output = try_repo(
        hook_repo, "newslint-fast", "conseil.md", "notes.txt", cwd=drafts, home=precommit_home
    )
    assert code == 1, output
    assert "newslint (fast, no grammar)" in output and "Failed" in output
    # Readable: the same lines as the terminal report, with the source excerpt.
    # « le le » is an error (issue 12: a slip whatever the house style).
    assert "conseil.md:3:1: error style/repetition " in output
    assert "notes.txt:1:1: error style/repetition" in output
    assert "3 | Le le maire" in output
    assert "Traceback" not in output


def test_clean_draft_passes(hook_repo, precommit_home, drafts) -> None:
    (drafts / "conseil.md").write_text(CLEAN, encoding="utf-8")
    _git("add", ".", cwd=drafts)
    code, output = run_hook(
        hook_repo, "newslint-fast", "conseil.md", cwd=drafts, home=precommit_home
    )
    assert code == 0, output
    assert "Passed" in output


def test_other_file_types_are_not_checked(hook_repo, precommit_home, drafts) -> None:
    (drafts / "script.py").write_text("# le le\n", encoding="utf-8")
    _git("add", ".", cwd=drafts)
    code, output = run_hook(
        hook_repo, "newslint-fast", "script.py", cwd=drafts, home=precommit_home
    )
    assert code == 0, output
    assert "no files to check" in output


def test_fix_hook_leaves_fixed_file_to_stage(hook_repo, precommit_home, drafts) -> None:
    draft = drafts / "conseil.md"
    draft.write_text(DIRTY, encoding="utf-8")
    _git("add", ".", cwd=drafts)
    code, output = run_hook(
        hook_repo, "newslint-fix", "conseil.md", cwd=drafts, home=precommit_home
    )
    assert code == 1, output
    assert "files were modified by this hook" in output
    assert draft.read_text(encoding="utf-8") == CLEAN
    # The fix is in the working tree only: the editor reviews and stages it.
    assert _git("diff", "--name-only", cwd=drafts).stdout.decode().split() == ["conseil.md"]
    staged = _git("show", ":conseil.md", cwd=drafts).stdout.decode("utf-8")
    assert staged == DIRTY


def test_installed_hook_blocks_the_commit(hook_repo, precommit_home, drafts) -> None:
    configure(hook_repo, drafts, "newslint-fast", ["--no-source"])
    code, output = pre_commit("install", cwd=drafts, home=precommit_home)
    assert code == 0, output
    (drafts / "conseil.md").write_text(DIRTY, encoding="utf-8")
    _git("add", ".", cwd=drafts)
    env = _env(precommit_home)
    commit = subprocess.run(
        ["git", "commit", "-m", "Conseil municipal"],
        cwd=drafts,
        capture_output=True,
        env=env,
        timeout=900,
        check=False,
    )
    output = (commit.stdout + commit.stderr).decode("utf-8", "replace")
    assert commit.returncode != 0, output
    assert "conseil.md:3:1: error style/repetition" in output
    # args from the user's config are added to the hook's entry: --no-source took effect.
    assert "3 | Le le maire" not in output
    log = subprocess.run(
        ["git", "log", "--oneline"], cwd=drafts, capture_output=True, env=env, check=False
    )
    assert log.returncode != 0 or not log.stdout.strip()  # nothing was committed

    (drafts / "conseil.md").write_text(CLEAN, encoding="utf-8")
    _git("add", ".", cwd=drafts)
    commit = subprocess.run(
        ["git", "commit", "-m", "Conseil municipal"],
        cwd=drafts,
        capture_output=True,
        env=env,
        timeout=900,
        check=False,
    )
    assert commit.returncode == 0, (commit.stdout + commit.stderr).decode("utf-8", "replace")


@pytest.mark.languagetool
def test_full_hook_checks_grammar_with_a_real_languagetool(
    hook_repo, precommit_home, drafts, request
) -> None:
    # The session's LanguageTool server (tests/languagetool_fixtures.py); the hook's own newslint,
    # installed by pre-commit, finds it through the same cache folder.
    try:
        server = request.getfixturevalue("lt_server")
    except pytest.FixtureLookupError:
        pytest.skip("the LanguageTool test fixture is not available")
    (drafts / "faute.md").write_text(
        "# Budget\n\nLes élus ont votés le budjet mardi.\n", encoding="utf-8"
    )
    (drafts / "propre.md").write_text(CLEAN, encoding="utf-8")
    _git("add", ".", cwd=drafts)
    code, output = run_hook(
        hook_repo,
        "newslint",
        "faute.md",
        "propre.md",
        cwd=drafts,
        home=precommit_home,
        env={"NEWSLINT_CACHE_DIR": server.env["NEWSLINT_CACHE_DIR"]},
    )
    assert code == 1, output
    assert "faute.md:3:" in output and "grammar" in output
    assert not re.search(
        r"^propre\.md:\d+:", output, re.MULTILINE
    )  # the clean draft has no finding
    assert "check failed" not in output
