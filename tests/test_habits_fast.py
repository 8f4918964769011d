"""``make test-fast`` (-m "not slow and not languagetool") leaves out the files conftest marks
slow and keeps the rest; the whole suite still collects every test."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT, SLOW_FILES, SLOW_TESTS


def _node_ids(*args: str) -> list[str]:
    """``file::function`` of each test collected, as ``pytest --collect-only -q`` lists them."""
    process = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert process.returncode == 0, process.stdout + process.stderr
    return [
        f"{found.group(1)}::{found.group(2)}"
        for line in process.stdout.splitlines()
        if (found := re.match(r"tests/(test_\w+\.py)::(\w+)", line))
    ]


def _collected(*args: str) -> dict[str, int]:
    """Tests collected per file."""
    counts: dict[str, int] = {}
    for node in _node_ids(*args):
        name = node.split("::")[0]
        counts[name] = counts.get(name, 0) + 1
    return counts


def test_slow_files_exist() -> None:
    """A renamed slow file would silently join the fast tier."""
    missing = sorted(name for name in SLOW_FILES if not (ROOT / "tests" / name).is_file())
    assert not missing


def test_slow_tests_are_left_out() -> None:
    everything = set(_node_ids())
    fast = set(_node_ids("-m", "not slow and not languagetool"))
    assert everything >= SLOW_TESTS  # a renamed test would silently join the fast tier
    assert not SLOW_TESTS & fast


def test_fast_tier_leaves_out_the_slow_files_only() -> None:
    everything = _collected()
    fast = _collected("-m", "not slow and not languagetool")
    left_out = _collected("-m", "slow or languagetool")
    whole_files_out = {name for name, count in everything.items() if left_out.get(name) == count}
    assert whole_files_out >= SLOW_FILES
    assert set(fast) == set(everything) - whole_files_out
    assert sum(fast.values()) + sum(left_out.values()) == sum(everything.values())
    assert "test_segment.py" in fast and "test_habits_fast.py" not in fast  # it is slow itself
