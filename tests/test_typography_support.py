"""Helpers for the typography tests: lint a small draft with one shipped rule."""

from __future__ import annotations

import dataclasses
import tempfile
from functools import lru_cache
from pathlib import Path

from newslint.checks import Context
from newslint.config import load_config
from newslint.documents import load
from newslint.linter import lint

NB, NN = "\u00a0", "\u202f"


@lru_cache(maxsize=1)
def shipped_rules() -> dict:
    """The typography rules as the book-typography profile ``fr-press-strict`` sets them
    (issue 12: the default ``fr-press`` leaves the house-style checks off)."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / ".newslint.yaml"
        path.write_text("extends: [fr-press-strict]\n", encoding="utf-8")
        config = load_config(path)
    return {rule.id: rule for rule in config.base_rules()}


def run(text: str, rule_id: str, fmt: str = "txt", **options) -> list:
    """Findings of the shipped rule ``rule_id`` (options overridden) on ``text``."""
    rule = shipped_rules()[rule_id]
    if options:
        rule = dataclasses.replace(rule, options=dataclasses.replace(rule.options, **options))
    document = load(f"draft.{fmt}", text.encode("utf-8"))
    return lint(document, [rule], Context())


def spans(text: str, rule_id: str, fmt: str = "txt", **options) -> list[str]:
    """The source text each finding of ``rule_id`` covers."""
    return [finding.text for finding in run(text, rule_id, fmt, **options)]


def fixed(text: str, rule_id: str, **options) -> str:
    """``text`` with the safe fixes of ``rule_id`` applied once (text offsets)."""
    edits = sorted(
        (e for f in run(text, rule_id, **options) if f.fixable for e in f.fix.edits),
        key=lambda e: e.start,
        reverse=True,
    )
    for edit in edits:
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text
