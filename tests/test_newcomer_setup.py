"""From clone to first finding (issue 20): the package metadata a build reads without a
deprecation block, Maven kept out of ~/.m2, and the first start of LanguageTool announced on a
terminal."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import ROOT, run_newslint


def test_license_is_an_spdx_expression_for_a_setuptools_that_reads_it() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    requires = project["build-system"]["requires"]
    assert any(
        r.replace(" ", "").startswith("setuptools>=") and int(r.split(">=")[1].split(".")[0]) >= 77
        for r in requires
    ), requires


FAKE_MVN = """#!/bin/sh
echo "$@" > "$FAKE_MVN_ARGS"
for arg in "$@"; do
  case "$arg" in -DoutputDirectory=*) out="${arg#-DoutputDirectory=}";; esac
done
mkdir -p "$out" && : > "$out/languagetool-server-6.6.jar"
echo "[INFO] Copying languagetool-server-6.6.jar"
"""


def _install_with_fake_maven(tmp_path: Path, maven_opts: str = "") -> str:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "mvn").write_text(FAKE_MVN, encoding="utf-8")
    (bin_dir / "mvn").chmod(0o755)
    args = tmp_path / "args"
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "FAKE_MVN_ARGS": str(args),
        "NEWSLINT_CACHE_DIR": str(tmp_path / "cache"),
        "HOME": str(tmp_path / "home"),
        "NEWSLINT_LANGUAGETOOL_HOME": str(tmp_path / "lt"),
        "MAVEN_OPTS": maven_opts,
    }
    process = run_newslint("languagetool", "install", cwd=tmp_path, env=env)
    assert args.exists(), (process.stdout, process.stderr)
    return args.read_text(encoding="utf-8")


def test_maven_downloads_into_newslints_cache_not_m2(tmp_path: Path) -> None:
    args = _install_with_fake_maven(tmp_path)
    assert f"-Dmaven.repo.local={tmp_path / 'cache' / 'maven'}" in args.split(), args


def test_a_maven_repository_set_in_maven_opts_wins(tmp_path: Path) -> None:
    args = _install_with_fake_maven(tmp_path, "-Dmaven.repo.local=/elsewhere")
    assert "maven.repo.local" not in args, args


def _fake_languagetool(tmp_path: Path) -> dict:
    """A LanguageTool "installation" whose server cannot start (an empty jar): the run starts
    it, which is what is announced, and fails fast (exit 3) instead of taking 30 s."""
    jars = tmp_path / "jars"
    jars.mkdir(exist_ok=True)
    (jars / "languagetool-server-6.8.jar").write_bytes(b"")
    (tmp_path / ".newslint.yaml").write_text(
        f"languagetool:\n  directory: {jars}\n", encoding="utf-8"
    )
    return {"NEWSLINT_TRUST_CONFIG": "1", "NEWSLINT_CACHE_DIR": str(tmp_path / "cache")}


def _stderr_on_a_terminal(tmp_path: Path, *args: str) -> str:
    """Run newslint with standard error on a pseudo-terminal; return what it wrote there."""
    leader, follower = pty.openpty()
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "TERM": "xterm",
        "GITHUB_ACTIONS": "",
        **_fake_languagetool(tmp_path),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "newslint", *args],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=follower,
    )
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            break
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_first_languagetool_start_is_announced_once_on_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Il a manger une pomme.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("Les enfant sont partis.\n", encoding="utf-8")
    err = _stderr_on_a_terminal(tmp_path, "check", "a.md", "b.md")
    assert err.count("newslint: starting LanguageTool for this run") == 1, err


def test_no_announcement_in_a_pipe_or_with_quiet(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Il a manger une pomme.\n", encoding="utf-8")
    piped = run_newslint("check", "a.md", cwd=tmp_path, env=_fake_languagetool(tmp_path))
    assert piped.returncode == 3, piped.stdout  # it did try to start LanguageTool
    assert "starting LanguageTool" not in piped.stderr.decode()
    assert "starting LanguageTool" not in _stderr_on_a_terminal(tmp_path, "check", "-q", "a.md")
