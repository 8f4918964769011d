"""Tests that need ``../shared`` fail, not skip, when it is missing and
``NEWSLINT_REQUIRE_SHARED`` is set (scripts/test.sh sets it, so CI cannot pass without it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, require_shared


def test_shared_probe(shared: Path) -> None:
    """What every test that takes ``shared`` sees; run in a child pytest below."""
    assert (shared / "corpus").is_dir()


def test_missing_folder_skips_without_the_variable(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("NEWSLINT_REQUIRE_SHARED", raising=False)
    with pytest.raises(pytest.skip.Exception, match="absent"):
        require_shared(tmp_path / "missing")


def test_missing_folder_fails_with_the_variable(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NEWSLINT_REQUIRE_SHARED", "1")
    with pytest.raises(pytest.fail.Exception, match="NEWSLINT_REQUIRE_SHARED"):
        require_shared(tmp_path / "missing")


def test_present_folder_is_returned(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NEWSLINT_REQUIRE_SHARED", "1")
    assert require_shared(tmp_path) == tmp_path


def _probe(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    full = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NEWSLINT_REQUIRE_SHARED", "NEWSLINT_SHARED_DIR")
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "-rs",
            f"{Path(__file__).name}::test_shared_probe",
        ],
        cwd=ROOT / "tests",
        capture_output=True,
        text=True,
        timeout=300,
        env={**full, **env},
    )


@pytest.mark.slow
def test_ci_fails_when_shared_is_missing(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-shared")
    process = _probe(tmp_path, NEWSLINT_SHARED_DIR=missing, NEWSLINT_REQUIRE_SHARED="1")
    assert process.returncode == 1, process.stdout
    assert "1 error" in process.stdout and "NEWSLINT_REQUIRE_SHARED is set" in process.stdout
    process = _probe(tmp_path, NEWSLINT_SHARED_DIR=missing)
    assert process.returncode == 0, process.stdout
    assert "1 skipped" in process.stdout


def test_ci_script_requires_shared() -> None:
    script = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert "NEWSLINT_REQUIRE_SHARED=1" in script
