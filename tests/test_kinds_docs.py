"""Each style kind documents itself in Ruff's sections; `rules explain` prints it."""

from __future__ import annotations

import pytest
from conftest import run_newslint

from newslint.checks import get

KINDS = [
    "existence",
    "substitution",
    "occurrence",
    "repetition",
    "consistency",
    "conditional",
    "sentence-length",
    "boilerplate",
    "language",
]
SECTIONS = [
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Use instead",
    "## Options",
    "## Fix safety",
]


@pytest.mark.parametrize("name", KINDS)
def test_kind_documents_itself(name):
    doc = get(name).doc
    positions = [doc.find(section) for section in SECTIONS]
    assert -1 not in positions and positions == sorted(positions), name


def test_rules_explain_prints_description_and_options(tmp_path):
    process = run_newslint("rules", "explain", "style/pleonasmes", cwd=tmp_path)
    out = process.stdout.decode()
    assert process.returncode == 0
    assert "Académie française" in out and "## Fix safety" in out and "- swap (" in out
