"""Shared test helpers: run the real CLI, find ../shared, write small drafts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"

# The user-level configuration (~/.config/newslint/config.yaml, trusted: it may set java or a
# server URL) of whoever runs the tests must not change what they show: every test, and every
# CLI it starts, sees an empty configuration folder unless it sets XDG_CONFIG_HOME itself.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="newslint-tests-config-")
# A test that runs newslint twice on the same files compares two checks (serial and -j 2, before
# and after an edit...), not a check and the per-file result cache's copy of it: the cache is
# off unless a test turns it on (tests/test_grammar_resultcache.py sets the variable empty).
os.environ["NEWSLINT_NO_RESULT_CACHE"] = "1"


#: Test files whose tests cost seconds each (a child process per case, a corpus, a wheel or a
#: pre-commit install, worst-case inputs), measured with ``--durations=0``: marked ``slow``, so
#: ``make test-fast`` (-m "not slow and not languagetool") leaves them out. CI runs them all.
SLOW_FILES = frozenset(
    {
        "test_baseline.py",
        "test_costchecks_bounded.py",
        "test_costinputs.py",
        "test_failclosed.py",
        "test_fix.py",
        "test_fixcorrect.py",
        "test_fixwrite.py",
        "test_gate_severities.py",
        "test_grammarproc.py",
        "test_habits_fast.py",
        "test_hostile.py",
        "test_hostile_config.py",
        "test_names13_evidence.py",
        "test_names_cli.py",
        "test_packaging.py",
        "test_parallel.py",
        "test_precommit.py",
        "test_reporters_ci.py",
        "test_reporters_progress.py",
        "test_trust.py",
    }
)


#: Single slow tests (``file::function``, every parametrisation) in otherwise fast files.
SLOW_TESTS = frozenset(
    {
        "test_documents.py::test_plain_markdown_matches_markdown_it_on_arbitrary_lines",
        "test_names.py::test_capitalised_forms_hold_every_mention_form",
        "test_web.py::test_language_model_cache_gives_the_same_answers",
        "test_grammar.py::test_cache_is_safe_for_concurrent_runs",
    }
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        name = getattr(item, "originalname", item.name)
        if item.path.name in SLOW_FILES or f"{item.path.name}::{name}" in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)


def require_shared(folder: Path) -> Path:
    """``folder`` if it exists. When it is absent the test skips, or fails when
    ``NEWSLINT_REQUIRE_SHARED`` is set (``scripts/test.sh``, hence CI, sets it): a test that
    could not run is never counted as passing there."""
    if folder.is_dir():
        return folder
    message = f"{folder} is absent (the corpus and references beside the project)"
    if os.environ.get("NEWSLINT_REQUIRE_SHARED"):
        pytest.fail(f"{message}; NEWSLINT_REQUIRE_SHARED is set", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def shared() -> Path:
    """``../shared`` beside the project (``NEWSLINT_SHARED_DIR`` names another folder)."""
    return require_shared(Path(os.environ.get("NEWSLINT_SHARED_DIR") or SHARED))


def run_newslint(
    *args: str, cwd: str | Path | None = None, input: bytes | None = None, env: dict | None = None
) -> subprocess.CompletedProcess:
    """Run ``python -m newslint`` as a user would, capturing text output."""
    full_env = {**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": "", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "newslint", *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        env=full_env,
        timeout=600,
    )


def run_json(*args: str, **kwargs) -> tuple[int, dict]:
    """Run ``newslint check --format json`` and parse its output."""
    process = run_newslint("check", "--format", "json", *args, **kwargs)
    try:
        data = json.loads(process.stdout.decode("utf-8"))
    except ValueError:
        raise AssertionError(f"not JSON: {process.stdout!r} {process.stderr!r}") from None
    return process.returncode, data


@pytest.fixture
def cli():
    return run_newslint


@pytest.fixture
def cli_json():
    return run_json


# The session's real LanguageTool server (issue 5): ``lt_server``.
from languagetool_fixtures import lt_server  # noqa: E402,F401
