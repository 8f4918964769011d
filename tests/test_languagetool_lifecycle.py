"""LanguageTool server lifecycle for real: per-run servers never outlive newslint (normal
exit, Ctrl-C, SIGKILL), a server killed mid-run is restarted once and then fails the run
(exit 3), and a persistent server stops after its idle timeout.

Each test starts its own JVM (a fresh NEWSLINT_CACHE_DIR hides the session's persistent
server), so these are the slow ones.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.languagetool, pytest.mark.slow]


def java_children(parent: int) -> list[tuple[int, str]]:
    """``(pid, cmdline)`` of LanguageTool JVMs whose parent is ``parent`` (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent and "org.languagetool.server.HTTPServer" in cmdline:
            found.append((int(entry), cmdline))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def start_check(tmp_path: Path, text: str, *args: str) -> subprocess.Popen:
    (tmp_path / ".newslint.yaml").write_text("extends: [fr-grammar]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    env = {
        **os.environ,
        "NEWSLINT_CACHE_DIR": str(tmp_path / "cache"),
        "NO_COLOR": "1",
        "GITHUB_ACTIONS": "",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "newslint", "check", "--format", "json", *args, "a.txt"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_interruptible,
    )


def _interruptible() -> None:
    """Ctrl-C as in a terminal: a test run started in the background of a non-interactive
    shell inherits SIGINT ignored, and Python keeps an ignored SIGINT ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def installed(lt_server):
    """These tests start their own JVMs; they need what the session server needs."""
    return lt_server


def test_ctrl_c_stops_the_per_run_server(tmp_path: Path, installed) -> None:
    process = start_check(tmp_path, "Il a manger une pomme.\n")
    ((pid, _),) = wait_for(lambda: java_children(process.pid), 60, "the LanguageTool JVM")
    time.sleep(1)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr.decode("utf-8", "replace")[-2000:]
    wait_for(lambda: not alive(pid), 20, "the JVM to stop after Ctrl-C")


def test_sigkill_of_newslint_takes_the_jvm_down(tmp_path: Path, installed) -> None:
    process = start_check(tmp_path, "Il a manger une pomme.\n")
    ((pid, _),) = wait_for(lambda: java_children(process.pid), 60, "the LanguageTool JVM")
    process.kill()
    process.wait(timeout=30)
    wait_for(lambda: not alive(pid), 20, "the orphaned JVM to stop (PR_SET_PDEATHSIG)")


def _port(cmdline: str) -> int:
    parts = cmdline.split()
    return int(parts[parts.index("--port") + 1])


def _answering(port: int) -> bool:
    import requests

    try:
        return requests.get(f"http://127.0.0.1:{port}/v2/languages", timeout=1).ok
    except requests.RequestException:
        return False


MANY = "".join(f"Le paragraphe {i} dit qu'il a manger une pomme.\n\n" for i in range(200))


def test_server_killed_mid_run_is_restarted_once(tmp_path: Path, installed) -> None:
    process = start_check(tmp_path, MANY)
    ((pid, cmdline),) = wait_for(lambda: java_children(process.pid), 60, "the LanguageTool JVM")
    wait_for(lambda: _answering(_port(cmdline)), 300, "the server to answer")
    time.sleep(2)  # requests in flight
    os.kill(pid, signal.SIGKILL)
    out, err = process.communicate(timeout=900)
    data = json.loads(out)
    assert process.returncode == 1, err
    # Nothing silently lost: every paragraph's mistake is reported.
    found = [f for f in data["files"][0]["findings"] if f["rule"] == "grammar/R_VAVOIR_VINF"]
    assert len(found) == 200
    assert java_children(process.pid) == [] and not alive(pid)


#: Enough work that a server killed a second after it answers is killed with requests in flight
#: (with MANY, a second server sometimes answered everything left within that second: exit 1).
MORE = "".join(f"Le paragraphe {i} dit qu'il a manger une pomme.\n\n" for i in range(3000))


def test_server_killed_twice_fails_the_run_with_exit_3(tmp_path: Path, installed) -> None:
    process = start_check(tmp_path, MORE)
    killed: set[int] = set()
    for _ in range(2):
        ((pid, cmdline),) = wait_for(
            lambda: [c for c in java_children(process.pid) if c[0] not in killed],
            300,
            "a LanguageTool JVM",
        )
        port = _port(cmdline)
        wait_for(lambda: _answering(port), 300, "the server to answer")  # noqa: B023
        time.sleep(1)
        os.kill(pid, signal.SIGKILL)
        killed.add(pid)
    out, err = process.communicate(timeout=600)
    data = json.loads(out)
    assert process.returncode == 3, (data["summary"], err.decode()[-3000:])
    assert data["summary"]["failed_checks"] == 1
    # "LanguageTool died during the run" or "... unreachable (after one retry)": which thread
    # notices first decides the wording, never the outcome.
    messages = [error["message"] for error in data["errors"]]
    assert len(messages) == 1 and "LanguageTool" in messages[0], messages


def test_persistent_server_stops_after_idle_timeout(tmp_path: Path, installed) -> None:
    env = {**os.environ, "NEWSLINT_CACHE_DIR": str(tmp_path / "cache")}
    started = subprocess.run(
        [
            sys.executable,
            "-m",
            "newslint",
            "languagetool",
            "serve",
            "--detach",
            "--idle-timeout",
            "4",
        ],
        env=env,
        capture_output=True,
        timeout=600,
    )
    assert started.returncode == 0, started.stderr
    assert "serving at http://127.0.0.1:" in started.stdout.decode()
    state_file = tmp_path / "cache" / "languagetool-server.json"
    state = json.loads(state_file.read_text())
    assert alive(state["pid"]) and alive(state["java_pid"])
    wait_for(lambda: not state_file.exists(), 60, "the idle server to stop")
    wait_for(
        lambda: not alive(state["java_pid"]) and not alive(state["pid"]),
        30,
        "the serving processes to exit",
    )
