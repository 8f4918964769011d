"""The wheel carries the shipped rule sets: `extends: fr-press` works after `pip install .`."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (found,) = out.glob("newslint-*.whl")
    return found


def test_wheel_contains_every_rule_set(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = sorted(p.name for p in (ROOT / "rules").glob("*.yaml"))
    assert shipped
    for name in shipped:
        assert f"newslint/rules/{name}" in names


def test_installed_wheel_extends_fr_press(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    work = tmp_path / "work"
    work.mkdir()
    (work / ".newslint.yaml").write_text("extends: [fr-press]\n", encoding="utf-8")
    (work / "a.txt").write_text("Le le président.\n", encoding="utf-8")
    # Only the installed copy of newslint is importable: not the source tree.
    env = {**os.environ, "PYTHONPATH": str(target), "NO_COLOR": "1"}
    process = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys; sys.path = [p for p in sys.path if not p.endswith(os.sep + 'src')];"
            "import newslint, newslint.cli; assert 'site' in newslint.__file__, newslint.__file__;"
            "sys.argv = ['newslint', 'check', '--no-grammar', 'a.txt']; newslint.cli.main()",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert "style/repetition" in process.stdout.decode(), process.stderr.decode()
    assert process.returncode == 1


def test_wheel_ships_the_names_word_table(wheel: Path) -> None:
    # Built by scripts/build_lexicon.py; the names rules read it, nothing is built at first run.
    assert "newslint/data/lexicon.bin" in set(zipfile.ZipFile(wheel).namelist())


def test_wheel_ships_the_html_reports_templates(wheel: Path) -> None:
    # --format html reads them as package data (issue 18).
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("head.html.j2", "draft.html.j2", "tail.html.j2", "report.css", "report.js"):
        assert f"newslint/reporters/templates/html/{name}" in names
