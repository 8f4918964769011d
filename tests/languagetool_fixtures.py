"""One real LanguageTool server for the whole test session (imported by conftest.py).

The server is LanguageTool as installed by ``newslint languagetool install`` (or found by
newslint like any user's), started with ``newslint languagetool serve`` in a session cache
folder. Tests talk to it two ways: with ``env`` (newslint discovers the persistent server) or
with ``languagetool: {url: ...}`` in their configuration (run with ``NEWSLINT_TRUST_CONFIG=1``:
an untrusted configuration may not name a server, issue 21).

Without LanguageTool on the machine these tests skip, unless ``NEWSLINT_REQUIRE_LANGUAGETOOL=1``
(CI sets it after provisioning): then a missing LanguageTool fails the run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class LanguageToolServer:
    url: str
    #: Environment under which newslint finds this server (and its session cache).
    env: dict[str, str]
    cache_dir: Path
    pid: int


def _unavailable(reason: str):
    if os.environ.get("NEWSLINT_REQUIRE_LANGUAGETOOL") == "1":
        pytest.fail(f"LanguageTool is required (NEWSLINT_REQUIRE_LANGUAGETOOL=1): {reason}")
    pytest.skip(f"LanguageTool unavailable: {reason}")


@pytest.fixture(scope="session")
def lt_server(tmp_path_factory) -> LanguageToolServer:
    from newslint.errors import BackendError
    from newslint.grammar import provision
    from newslint.grammar.settings import Settings

    try:
        provision.check_java()
        provision.find(Settings())
    except BackendError as error:
        _unavailable(str(error))
    cache_dir = tmp_path_factory.mktemp("lt-session")
    env = {
        **os.environ,
        "NEWSLINT_CACHE_DIR": str(cache_dir),
        "NO_COLOR": "1",
        "GITHUB_ACTIONS": "",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "newslint", "languagetool", "serve", "--idle-timeout", "0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    state_file = cache_dir / "languagetool-server.json"
    deadline = time.monotonic() + 300
    while not state_file.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            output = process.stdout.read().decode() if process.stdout else ""
            process.kill()
            _unavailable(f"newslint languagetool serve did not start: {output[-500:]}")
        time.sleep(0.2)
    state = json.loads(state_file.read_text())
    server = LanguageToolServer(state["url"], env, cache_dir, process.pid)
    # Build the pipeline of the shipped grammar rule once, so tests start warm.
    subprocess.run(
        [sys.executable, "-m", "newslint", "check", "--select", "grammar", "--no-cache", "-"],
        input=b"Il a manger.",
        env=env,
        capture_output=True,
        timeout=600,
    )
    yield server
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
