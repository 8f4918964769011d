"""The reviewed verdicts of the gate benchmark measure; they never tune (issue 12).

``benchmarks/data/gate-fails-reviewed.tsv`` says, for each failing finding of the default gate
on a clean OrangeSum original, whether the article was published with that slip or the rule
raised a false alarm. ``benchmarks/planted_slips.py`` reads it to split its gate figure.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REVIEWED = ROOT / "benchmarks" / "data" / "gate-fails-reviewed.tsv"


def _planted_slips():
    spec = importlib.util.spec_from_file_location(
        "planted_slips", ROOT / "benchmarks" / "planted_slips.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_reviewed_row_has_an_id_a_rule_a_text_a_verdict_and_a_reason():
    rows = [
        line.split("\t")
        for line in REVIEWED.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(rows) >= 100
    for row in rows:
        assert len(row) == 5, row
        article, rule, text, verdict, reason = row
        assert article.startswith("orangesum-") and "/" in rule and text and reason.strip()
        assert verdict in ("slip", "false-alarm"), row
    assert len({tuple(row[:3]) for row in rows}) == len(rows), "one verdict per finding"


def test_a_row_with_an_unknown_verdict_is_refused(tmp_path):
    bad = tmp_path / "reviewed.tsv"
    bad.write_text("orangesum-1\tstyle/repetition\tde de\tmaybe\tunsure\n", encoding="utf-8")
    module = _planted_slips()
    try:
        module.load_reviewed(bad)
    except SystemExit as stop:
        assert "reviewed.tsv:1" in str(stop)
    else:
        raise AssertionError("an unknown verdict was accepted")


def test_no_check_reads_the_reviewed_file():
    for source in (ROOT / "src" / "newslint").rglob("*.py"):
        assert "gate-fails-reviewed" not in source.read_text(encoding="utf-8"), source
    for rules in (ROOT / "rules").rglob("*"):
        if rules.is_file():
            assert "gate-fails-reviewed" not in rules.read_text(encoding="utf-8"), rules
