"""LanguageTool answers and processes (issue 21): an invalid answer is a failed check and is
never cached; ``serve --port`` is honoured; ``languagetool stop`` signals only our server;
worker processes die with their parent.

The answer tests use a fake LanguageTool on loopback (``FakeLanguageTool``); their real-server
counterpart is ``test_invalid_answer_then_the_real_server_gives_its_findings`` (and the whole
of tests/test_languagetool.py).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import run_newslint as _run_newslint


def run_newslint(*args, env=None, **kwargs):
    """The CLI with the test project's configuration trusted: it names the fake server's URL,
    which only a trusted configuration may (tests/test_trust.py)."""
    return _run_newslint(*args, env={"NEWSLINT_TRUST_CONFIG": "1", **(env or {})}, **kwargs)


PROBE = "Il a manger une pomme."
DRAFT = "Le chat a manger la souris.\n"
#: Where LanguageTool flags « manger » in DRAFT (UTF-16 units = code points here).
MANGER = (DRAFT.index("manger"), len("manger"))
VERSION = "6.8"


def match(offset: int, length: int, **extra) -> dict:
    """A match shaped as LanguageTool 6.8 sends it (the fields newslint reads)."""
    return {
        "message": "Le participe passé est attendu.",
        "shortMessage": "",
        "replacements": [{"value": "mangé"}],
        "offset": offset,
        "length": length,
        "rule": {
            "id": "FR_FAKE_RULE",
            "description": "fake",
            "issueType": "grammar",
            "category": {"id": "CAT_GRAMMAIRE", "name": "Grammaire"},
        },
        **extra,
    }


def healthy(text: str, version: str = VERSION) -> dict:
    # Every « manger », as LanguageTool reports each (paragraphs may share a request).
    found = [match(m.start(), len("manger")) for m in re.finditer("manger", text)]
    return {"software": {"name": "LanguageTool", "version": version}, "matches": found}


class FakeLanguageTool:
    """``/v2/languages`` and ``/v2/check`` on 127.0.0.1. The probe sentence newslint sends
    first (to learn the version) gets a healthy answer; other paragraphs get ``self.answer``
    (a JSON value, or a callable of the text), or a healthy one when it is None."""

    def __init__(self) -> None:
        fake = self
        self.answer = None
        #: The version the probe's answer names (part of every cache key).
        self.version = VERSION
        #: The answer to the probe sentence (None: a healthy one).
        self.probe = None
        self.languages = [{"name": "French", "code": "fr", "longCode": "fr"}]
        self.checked: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _send(self, value) -> None:
                body = json.dumps(value).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                if self.path.startswith("/v2/languages"):
                    self._send(fake.languages)
                else:
                    self.send_error(404)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                text = form.get("text", [""])[0]
                if text != PROBE:
                    fake.checked.append(text)
                if text == PROBE and fake.probe is not None:
                    self._send(fake.probe)
                    return
                if text == PROBE or fake.answer is None:
                    self._send(healthy(text, fake.version))
                    return
                answer = fake.answer(text) if callable(fake.answer) else fake.answer
                self._send(answer)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_lt():
    fake = FakeLanguageTool()
    yield fake
    fake.close()


def write_project(tmp_path: Path, url: str) -> None:
    (tmp_path / ".newslint.yaml").write_text(
        f"extends: [fr-grammar]\nlanguagetool:\n  url: {url}\n  request_timeout: 20\n",
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text(DRAFT, encoding="utf-8")


def check(tmp_path: Path, cache: Path) -> tuple[int, dict, str]:
    process = run_newslint(
        "check", "--format", "json", "a.txt", cwd=tmp_path, env={"NEWSLINT_CACHE_DIR": str(cache)}
    )
    stderr = process.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    try:
        data = json.loads(process.stdout.decode("utf-8"))
    except ValueError:
        raise AssertionError(f"not JSON: {process.stdout!r} {stderr}") from None
    return process.returncode, data, stderr


def grammar_findings(data: dict) -> list[dict]:
    return [
        f for file in data["files"] for f in file["findings"] if f["rule"].startswith("grammar/")
    ]


def assert_healthy_findings(data: dict) -> None:
    found = grammar_findings(data)
    assert [(f["rule"], f["line"], f["column"], f["text"]) for f in found] == [
        ("grammar/FR_FAKE_RULE", 1, MANGER[0] + 1, "manger")
    ], found


def _without(key: str) -> dict:
    bad = match(*MANGER)
    del bad[key]
    return {"matches": [bad]}


BAD_ANSWERS = {
    "matches null": ({"matches": None}, "matches"),
    "a string": ("Internal error", "not a JSON object"),
    "a list": ([match(*MANGER)], "not a JSON object"),
    "no matches": ({"software": {"version": VERSION}}, "matches"),
    "matches a string": ({"matches": "FR_FAKE_RULE"}, "matches"),
    "match not an object": ({"matches": [7]}, "matches[0]"),
    "match without offset": (_without("offset"), "matches[0].offset"),
    "match without length": (_without("length"), "matches[0].length"),
    "match without rule": (_without("rule"), "matches[0].rule"),
    "offset negative": ({"matches": [match(-70, 6)]}, "matches[0].offset"),
    "length negative": ({"matches": [match(3, -2)]}, "matches[0].length"),
    "offset past the paragraph": ({"matches": [match(500, 3)]}, "matches[0]"),
    "end past the paragraph": ({"matches": [match(20, 30)]}, "matches[0]"),
    "offset a string": ({"matches": [match("3", 6)]}, "matches[0].offset"),
    "offset a boolean": ({"matches": [match(True, 6)]}, "matches[0].offset"),
    "offset a float": ({"matches": [match(3.5, 6)]}, "matches[0].offset"),
    "rule a string": ({"matches": [match(3, 6, rule="FR_FAKE_RULE")]}, "matches[0].rule"),
    "rule id missing": (
        {"matches": [match(3, 6, rule={"category": {"id": "X"}})]},
        "matches[0].rule.id",
    ),
    "category a string": (
        {"matches": [match(3, 6, rule={"id": "R", "category": "X"})]},
        "matches[0].rule.category",
    ),
    "replacements not a list": (
        {"matches": [match(3, 6, replacements="mangé")]},
        "matches[0].replacements",
    ),
    "replacement value not text": (
        {"matches": [match(3, 6, replacements=[{"value": 5}])]},
        "matches[0].replacements[0]",
    ),
    "message not text": ({"matches": [match(3, 6, message=None)]}, "matches[0].message"),
}


@pytest.mark.parametrize("name", list(BAD_ANSWERS))
def test_invalid_answer_fails_the_check_and_is_never_cached(
    tmp_path: Path, fake_lt, name: str
) -> None:
    answer, where = BAD_ANSWERS[name]
    write_project(tmp_path, fake_lt.url)
    cache = tmp_path / "cache"
    fake_lt.answer = answer
    code, data, stderr = check(tmp_path, cache)
    assert [text.strip() for text in fake_lt.checked] == [DRAFT.strip()]
    assert code == 3, (code, stderr, data)
    assert data["summary"]["failed_checks"] == 1
    messages = [e["message"] for e in data["errors"] if e["kind"] == "check"]
    assert len(messages) == 1 and "\n" not in messages[0], messages
    # Which server, and what was wrong with its answer.
    assert fake_lt.url in messages[0] and "invalid answer" in messages[0], messages
    assert where in messages[0], messages
    assert grammar_findings(data) == [], "no finding from an invalid answer"
    # The same server, healthy again (same LanguageTool version, same options): the draft is
    # checked afresh, not answered from a cache holding the invalid answer.
    fake_lt.answer = None
    code, data, stderr = check(tmp_path, cache)
    assert code == 1, (stderr, data)
    assert_healthy_findings(data)


def test_invalid_answer_text_report_is_one_line(tmp_path: Path, fake_lt) -> None:
    write_project(tmp_path, fake_lt.url)
    fake_lt.answer = {"matches": [match(-70, 6)]}
    process = run_newslint(
        "check", "a.txt", cwd=tmp_path, env={"NEWSLINT_CACHE_DIR": str(tmp_path / "cache")}
    )
    out = process.stdout.decode() + process.stderr.decode()
    assert process.returncode == 3, out
    assert "Traceback" not in out
    lines = [line for line in out.splitlines() if "invalid answer" in line]
    assert len(lines) == 1, out
    assert fake_lt.url in lines[0] and "-70" in lines[0], lines
    assert ":-" not in out.replace(fake_lt.url, ""), "no finding at a negative column"


def test_one_invalid_paragraph_fails_the_run_and_is_asked_again(tmp_path: Path, fake_lt) -> None:
    """Two paragraphs, one answered wrongly: the run fails (exit 3); the invalid answer is
    not cached, so the next run asks for that paragraph again (the valid one may have been
    cached, if its answer arrived before the run stopped)."""
    write_project(tmp_path, fake_lt.url)
    (tmp_path / "a.txt").write_text(DRAFT + "\nIls a manger aussi.\n", encoding="utf-8")
    # (Grouped with its neighbour in one request, the invalid paragraph spoils that request.)
    fake_lt.answer = lambda text: (
        healthy(text) if "Ils a manger" not in text else {"matches": [match(0, 999)]}
    )
    cache = tmp_path / "cache"
    code, data, stderr = check(tmp_path, cache)
    assert code == 3, (stderr, data)
    fake_lt.answer = None
    fake_lt.checked.clear()
    code, data, stderr = check(tmp_path, cache)
    assert code == 1, (stderr, data)
    assert len(grammar_findings(data)) == 2
    assert any("Ils a manger aussi." in text for text in fake_lt.checked)


def test_invalid_cached_answer_is_not_served(tmp_path: Path, fake_lt) -> None:
    """A cache written before answers were validated may hold an invalid answer: it is
    ignored, the paragraph asked again, and the entry replaced."""
    import sqlite3

    write_project(tmp_path, fake_lt.url)
    cache = tmp_path / "cache"
    code, data, stderr = check(tmp_path, cache)
    assert code == 1, stderr
    database = sqlite3.connect(cache / "grammar-cache.sqlite3")
    with database:
        changed = database.execute(
            "UPDATE results SET matches = ?", (json.dumps([match(-70, 6)]),)
        ).rowcount
    database.close()
    assert changed == 1
    fake_lt.checked.clear()
    code, data, stderr = check(tmp_path, cache)
    assert code == 1, (stderr, data)
    assert_healthy_findings(data)
    assert [text.strip() for text in fake_lt.checked] == [DRAFT.strip()]
    fake_lt.checked.clear()
    code, data, stderr = check(tmp_path, cache)  # the entry was replaced by the valid answer
    assert_healthy_findings(data)
    assert fake_lt.checked == []


@pytest.mark.parametrize(
    "probe",
    [
        {"matches": [], "software": "6.8"},
        {"matches": [], "software": {"version": 6.8}},
        {"matches": [match(0, 99)]},
    ],
)
def test_invalid_answer_to_the_version_probe_fails_the_check(
    tmp_path: Path, fake_lt, probe
) -> None:
    """With a configured url, newslint first asks the server which LanguageTool it runs."""
    write_project(tmp_path, fake_lt.url)
    fake_lt.probe = probe
    code, data, stderr = check(tmp_path, tmp_path / "cache")
    assert code == 3, (stderr, data)
    messages = [e["message"] for e in data["errors"] if e["kind"] == "check"]
    assert len(messages) == 1 and "invalid answer" in messages[0], messages
    assert fake_lt.checked == []


@pytest.mark.parametrize("languages", ["French", [1, 2], {"fr": "French"}])
def test_invalid_languages_answer_fails_the_check(tmp_path: Path, fake_lt, languages) -> None:
    write_project(tmp_path, fake_lt.url)
    fake_lt.languages = languages
    code, data, stderr = check(tmp_path, tmp_path / "cache")
    assert code == 3, (stderr, data)
    messages = [e["message"] for e in data["errors"] if e["kind"] == "check"]
    assert len(messages) == 1 and fake_lt.url in messages[0], messages


@pytest.mark.languagetool
def test_invalid_answer_then_the_real_server_gives_its_findings(
    tmp_path: Path, fake_lt, lt_server
) -> None:
    """The real-server counterpart: a run against a server answering ``matches: null`` fails
    (exit 3); the next run, against a real LanguageTool of the same version with the same
    cache, gets LanguageTool's own findings, whose answers pass validation."""
    version = json.loads((lt_server.cache_dir / "languagetool-server.json").read_text())["version"]
    fake_lt.version = version
    fake_lt.answer = {"software": {"version": version}, "matches": None}
    text = "Le café 🍎 est servi\u00a0: il a manger une pomme 😀.\n"
    cache = tmp_path / "cache"
    write_project(tmp_path, fake_lt.url)
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    code, data, stderr = check(tmp_path, cache)
    assert code == 3, (stderr, data)
    write_project(tmp_path, lt_server.url)
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    code, data, stderr = check(tmp_path, cache)
    assert code == 1, (stderr, data)
    found = grammar_findings(data)
    assert [f["text"] for f in found] == ["manger"], found
    assert found[0]["column"] == text.index("manger") + 1


# -- newslint languagetool stop: only our server is signalled -------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start_time(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])


def _record(cache: Path, pid: int, java_pid: int, **extra) -> Path:
    cache.mkdir(parents=True, exist_ok=True)
    state = cache / "languagetool-server.json"
    record = {
        "url": f"http://127.0.0.1:{_free_port()}/",
        "pid": pid,
        "java_pid": java_pid,
        "version": VERSION,
        "started": time.time(),
        "idle_timeout": 0,
        **extra,
    }
    state.write_text(json.dumps(record), encoding="utf-8")
    return state


@pytest.fixture
def bystander():
    """An unrelated process that ``languagetool stop`` must leave alone."""
    process = subprocess.Popen(["sleep", "120"])
    yield process
    process.kill()
    process.wait()


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


@needs_proc
def test_stop_leaves_a_process_that_took_the_recorded_pid_alone(tmp_path: Path, bystander) -> None:
    cache = tmp_path / "cache"
    state = _record(cache, bystander.pid, bystander.pid)
    process = run_newslint("languagetool", "stop", env={"NEWSLINT_CACHE_DIR": str(cache)})
    out = process.stdout.decode() + process.stderr.decode()
    assert process.returncode == 0, out
    time.sleep(0.5)
    assert _alive(bystander.pid), "an unrelated process was signalled"
    assert f"pid {bystander.pid}" in out and "stale" in out, out
    assert not state.exists(), "the stale record is removed"


@needs_proc
def test_stop_checks_the_start_time_recorded_with_the_pid(tmp_path: Path) -> None:
    """A process whose command line looks like ours (``newslint languagetool serve``, the
    LanguageTool server class) but that started at another time is not ours."""
    lookalike = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; time.sleep(120)",
            "-m",
            "newslint",
            "languagetool",
            "serve",
            "java",
            "org.languagetool.server.HTTPServer",
        ]
    )
    try:
        cache = tmp_path / "cache"
        start = _start_time(lookalike.pid)
        state = _record(
            cache, lookalike.pid, lookalike.pid, pid_start=start + 1, java_start=start + 1
        )
        process = run_newslint("languagetool", "stop", env={"NEWSLINT_CACHE_DIR": str(cache)})
        out = process.stdout.decode() + process.stderr.decode()
        assert process.returncode == 0, out
        time.sleep(0.5)
        assert _alive(lookalike.pid), "a process that is not our server was signalled"
        assert "stale" in out and not state.exists(), out
    finally:
        lookalike.kill()
        lookalike.wait()


@pytest.mark.parametrize("pid", ["1234", None, 2.5])
def test_stop_with_a_malformed_record_signals_nothing(tmp_path: Path, pid) -> None:
    cache = tmp_path / "cache"
    state = _record(cache, pid, pid)
    process = run_newslint("languagetool", "stop", env={"NEWSLINT_CACHE_DIR": str(cache)})
    out = process.stdout.decode() + process.stderr.decode()
    assert process.returncode == 0 and "Traceback" not in out, out
    assert "stale" in out and not state.exists(), out


@needs_proc
def test_status_does_not_take_a_recycled_pid_for_a_server(
    tmp_path: Path, bystander, fake_lt
) -> None:
    """The record's url answers (another server took the port), its pids are alive (other
    processes took them): still not our persistent server."""
    cache = tmp_path / "cache"
    _record(cache, bystander.pid, bystander.pid, url=fake_lt.url)
    process = run_newslint("languagetool", "status", env={"NEWSLINT_CACHE_DIR": str(cache)})
    assert "Persistent server: none" in process.stdout.decode(), process.stdout.decode()
    assert _alive(bystander.pid)


# -- newslint languagetool serve --port -------------------------------------------------------


def serve_briefly(tmp_path: Path, port: str) -> subprocess.CompletedProcess:
    """``languagetool serve --port PORT``, expected to refuse at once (a server that starts
    instead is killed after two minutes, and the test fails)."""
    env = {**os.environ, "NEWSLINT_CACHE_DIR": str(tmp_path / "cache")}
    try:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "newslint",
                "languagetool",
                "serve",
                "--port",
                port,
                "--idle-timeout",
                "0",
            ],
            env=env,
            capture_output=True,
            timeout=120,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"serve --port {port} started a server on another port")


def test_serve_refuses_a_port_out_of_range(tmp_path: Path) -> None:
    process = serve_briefly(tmp_path, "70000")
    err = process.stderr.decode()
    assert process.returncode == 2, err
    assert "--port" in err and "Traceback" not in err


def test_serve_on_a_busy_port_says_so(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        process = serve_briefly(tmp_path, str(port))
    err = process.stdout.decode() + process.stderr.decode()
    assert process.returncode == 3, err
    assert f"port {port}" in err and "in use" in err and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1, err


@pytest.mark.languagetool
@needs_proc
def test_serve_honours_port_and_stop_stops_it(tmp_path: Path, lt_server) -> None:
    """A real server on the asked port, found by ``check``, stopped by ``languagetool stop``
    (which checks the recorded pids are this server's)."""
    import requests

    cache = tmp_path / "cache"
    env = {**os.environ, "NEWSLINT_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    port = _free_port()
    serving = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newslint",
            "languagetool",
            "serve",
            "--port",
            str(port),
            "--idle-timeout",
            "0",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        state_file = cache / "languagetool-server.json"
        deadline = time.monotonic() + 300
        while not state_file.exists():
            assert serving.poll() is None, serving.stdout.read().decode()
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        state = json.loads(state_file.read_text())
        assert state["url"] == f"http://127.0.0.1:{port}/"
        assert requests.get(f"http://127.0.0.1:{port}/v2/languages", timeout=10).ok
        java_pid = state["java_pid"]
        process = run_newslint("languagetool", "stop", env={"NEWSLINT_CACHE_DIR": str(cache)})
        out = process.stdout.decode()
        assert process.returncode == 0, out + process.stderr.decode()
        assert f"Stopped LanguageTool at http://127.0.0.1:{port}/" in out, out
        serving.wait(timeout=30)
        deadline = time.monotonic() + 20
        while _alive(java_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(java_pid)
        assert not state_file.exists()
    finally:
        if serving.poll() is None:
            serving.kill()
            serving.wait()


# -- worker processes die with their parent ---------------------------------------------------

PARAGRAPH = (
    "Le président de la République a déclaré , mardi , que « la réforme sera menée "
    "à son terme » , selon l'Agence France-Presse. Les syndicats ont répondu qu'ils "
    "manifesteraient le 12 mars à Paris , à Lyon et à Marseille.\n\n"
)


def _children(parent: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(entry))
    return found


@needs_proc
def test_workers_die_when_the_parent_is_killed(tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for number in range(3000):
        (drafts / f"{number:05}.txt").write_text(PARAGRAPH * 12, encoding="utf-8")
    env = {**os.environ, "NEWSLINT_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    parent = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newslint",
            "check",
            "--no-grammar",
            "--jobs",
            "2",
            "--format",
            "json",
            str(drafts),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while len(workers) < 2:
            assert parent.poll() is None, "the run ended before its workers were seen"
            assert time.monotonic() < deadline, "no worker processes appeared"
            workers = _children(parent.pid)
            time.sleep(0.05)
        time.sleep(0.5)  # mid-run: the workers are checking or waiting for their next chunk
        assert parent.poll() is None, "the run ended before the parent could be killed"
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 5
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if _alive(pid)], "workers outlived their parent"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        for pid in workers:  # this test's own processes, left over by a failure
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


WATCHED = """
import os, sys, time
from newslint import pool as runner
if sys.argv[1] == "no-prctl":
    runner.sys.platform = "other"  # this throwaway process only: the portable path alone
parent = os.getpid()
child = os.fork()
if child == 0:
    runner.PARENT_POLL_SECONDS = 0.2
    runner._die_with_parent(parent)
    print(os.getpid(), flush=True)  # guarded: only now may the parent be killed
    time.sleep(120)
    os._exit(0)
time.sleep(120)
"""


@needs_proc
@pytest.mark.parametrize("mode", ["no-prctl", "linux"])
def test_a_worker_dies_with_its_parent(mode: str) -> None:
    """``_die_with_parent``, the worker initializer's guard, alone: without PR_SET_PDEATHSIG
    (the watchdog thread only, as where the kernel offers none) and with it."""
    if mode == "linux" and sys.platform != "linux":
        pytest.skip("PR_SET_PDEATHSIG is Linux's")
    parent = subprocess.Popen([sys.executable, "-c", WATCHED, mode], stdout=subprocess.PIPE)
    child = int(parent.stdout.readline())
    try:
        time.sleep(0.5)
        assert _alive(child)
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 5
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(child), "the worker outlived its parent"
    finally:
        if _alive(child):
            os.kill(child, signal.SIGKILL)


#: The JSON Schema of the parts of a ``/v2/check`` answer newslint reads; the range of
#: offsets (inside the paragraph) is not expressible here and is checked on its own.
CHECK_SCHEMA = {
    "type": "object",
    "required": ["matches"],
    "properties": {
        "software": {"type": "object", "properties": {"version": {"type": "string"}}},
        "matches": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["offset", "length", "message", "rule"],
                "properties": {
                    "offset": {"type": "integer", "minimum": 0},
                    "length": {"type": "integer", "minimum": 0},
                    "message": {"type": "string"},
                    "shortMessage": {"type": "string"},
                    "replacements": {
                        "type": "array",
                        "items": {"type": "object", "properties": {"value": {"type": "string"}}},
                    },
                    "rule": {
                        "type": "object",
                        "required": ["id"],
                        "properties": {
                            "id": {"type": "string", "minLength": 1},
                            "subId": {"type": "string"},
                            "description": {"type": "string"},
                            "issueType": {"type": "string"},
                            "category": {
                                "type": "object",
                                "properties": {
                                    "id": {"type": "string"},
                                    "name": {"type": "string"},
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


def test_the_validator_agrees_with_the_json_schema() -> None:
    """newslint's explicit validator (no runtime dependency) accepts exactly what the JSON
    Schema accepts, on every shape the fake server sends, for a paragraph long enough that
    only the shape matters."""
    jsonschema = pytest.importorskip("jsonschema")
    from newslint.grammar.client import validate_answer

    validator = jsonschema.Draft202012Validator(CHECK_SCHEMA)
    long_text = "x" * 1000
    shapes = [answer for answer, _ in BAD_ANSWERS.values()] + [
        healthy(DRAFT),
        healthy("rien"),
        {"matches": [], "extra": 1},
        {"matches": [match(0, 0, context={"text": "…"}, type={"typeName": "Other"})]},
        {"matches": [match(3, 6, rule={"id": "R"})]},
    ]
    for answer in shapes:
        expected = validator.is_valid(answer)
        assert (validate_answer(answer, long_text) == "") == expected, answer
