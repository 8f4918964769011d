"""Findings cross processes (worker slices, the pool) and the result cache as pickles of their
field values: every field comes back, fixes and their edits included."""

from __future__ import annotations

import copy
import pickle

from newslint.findings import Edit, Finding, Fix, Severity


def _finding() -> Finding:
    return Finding(
        3,
        9,
        "« Baiden » : Biden ?",
        ("Biden", "Baden"),
        Fix((Edit(3, 9, "Biden"), Edit(12, 13, "")), safe=False),
        "names/variant",
        Severity.ERROR,
        source_start=4,
        source_end=10,
        line=2,
        column=5,
        end_line=2,
        end_column=11,
        text="Baiden",
        related=[{"line": 7, "column": 1, "text": "Biden"}],
        cap=Severity.INFO,
    )


def test_a_finding_comes_back_whole_from_a_pickle() -> None:
    finding = _finding()
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(finding, protocol=protocol))
        assert back == finding
        assert back.fix is not None and back.fix.edits[1] == Edit(12, 13, "")
        assert back.cap is Severity.INFO and back.severity is Severity.ERROR


def test_copies_of_a_finding_are_equal_and_deep_ones_independent() -> None:
    finding = _finding()
    assert copy.copy(finding) == finding
    deep = copy.deepcopy(finding)
    assert deep == finding
    deep.related.append({"line": 1})
    assert len(finding.related) == 1
