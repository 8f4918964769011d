"""Issue 14: a pool of LanguageTool servers (several ``url``, or ``servers`` local ones).

Requests are spread over the pool; a server that dies mid-run is taken out and its requests go
to the others, with the same findings; when every server is gone the run exits 3.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_newslint


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_url_list_and_servers_are_validated() -> None:
    from newslint.errors import ConfigError
    from newslint.grammar.settings import from_mapping, validate_section

    def line(*keys):
        return 3

    validate_section({"url": ["http://a:1/", "https://b/"], "servers": 2}, "c.yaml", line)
    for bad, message in (
        ({"url": []}, "at least one"),
        ({"url": ["http://a/", "ftp://b"]}, "each URL"),
        ({"url": [3]}, "each URL"),
        ({"servers": 0}, "at least 1"),
        ({"url": 5}, "a URL or a list of URLs"),
    ):
        with pytest.raises(ConfigError, match=message):
            validate_section(bad, "c.yaml", line)
    settings = from_mapping({"url": ["http://a:1/", "http://b:2/"]})
    assert settings.urls() == ("http://a:1/", "http://b:2/")
    assert hash(settings)  # one backend per distinct section
    assert from_mapping({"url": ["http://a:1/"]}).urls() == ("http://a:1/",)


def test_local_servers_are_capped_by_memory(monkeypatch) -> None:
    from newslint.grammar import settings as module

    monkeypatch.setattr(module, "_available_memory", lambda: 4 * 2**30)
    assert module.Settings(servers=4, heap="1g").local_servers() == 2
    assert module.Settings(servers=4, heap="512m").local_servers() == 4
    monkeypatch.setattr(module, "_available_memory", lambda: 2**29)
    assert module.Settings(servers=3).local_servers() == 1


def test_every_server_gone_exits_3_never_a_clean_report(tmp_path: Path) -> None:
    urls = [f"http://127.0.0.1:{_free_port()}/" for _ in range(2)]
    (tmp_path / ".newslint.yaml").write_text(
        "extends: [fr-grammar]\nlanguagetool:\n  url:\n" + "".join(f"    - {u}\n" for u in urls),
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text("Il a manger une pomme.\n", encoding="utf-8")
    process = run_newslint(
        "check",
        "--format",
        "json",
        "a.txt",
        cwd=tmp_path,
        env={"NEWSLINT_CACHE_DIR": str(tmp_path / "cache"), "NEWSLINT_TRUST_CONFIG": "1"},
    )
    assert process.returncode == 3, process.stderr
    said = process.stderr.decode() + process.stdout.decode()
    assert "every LanguageTool server of the pool failed" in said, said


# -- two real servers, one killed mid-run -----------------------------------------------------


def _serve(tmp_path: Path, name: str, port: int) -> tuple[subprocess.Popen, Path]:
    """``newslint languagetool serve --port`` in its own cache folder."""
    folder = tmp_path / name
    folder.mkdir()
    # Two JVMs starting at once on a loaded machine may take more than the default 180 s.
    # (and a warm-up request more than the default 120 s).
    (folder / "lt.yaml").write_text(
        "languagetool:\n  start_timeout: 900\n  request_timeout: 900\n", encoding="utf-8"
    )
    env = {**os.environ, "NEWSLINT_CACHE_DIR": str(folder / "cache")}
    process = subprocess.Popen(
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
            "--config",
            str(folder / "lt.yaml"),
        ],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return process, folder / "cache" / "languagetool-server.json"


def _cpu(pid: int) -> float:
    """CPU seconds of a process (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


DRAFT = "".join(
    f"Le paragraphe numéro {i} dit qu'il a manger {i} pommes hier soir.\n\n" for i in range(1500)
)


@pytest.fixture
def installed_lt() -> None:
    """LanguageTool and Java on the machine (this test starts its own two servers, not the
    session's)."""
    from languagetool_fixtures import _unavailable

    from newslint.errors import BackendError
    from newslint.grammar import provision
    from newslint.grammar.settings import Settings

    try:
        provision.check_java()
        provision.find(Settings())
    except BackendError as error:
        _unavailable(str(error))


@pytest.mark.languagetool
def test_two_servers_one_killed_mid_run_same_findings(tmp_path: Path, installed_lt) -> None:
    servers = [_serve(tmp_path, name, _free_port()) for name in ("a", "b")]
    try:
        deadline = time.monotonic() + 900
        while not all(state.exists() for _, state in servers):
            assert time.monotonic() < deadline and all(p.poll() is None for p, _ in servers), (
                "the two servers did not start"
            )
            time.sleep(0.5)
        states = [json.loads(state.read_text()) for _, state in servers]
        work = tmp_path / "work"
        work.mkdir()
        (work / ".newslint.yaml").write_text(
            "extends: [fr-grammar]\nlanguagetool:\n  request_timeout: 900\n  url:\n"
            + "".join(f"    - {s['url']}\n" for s in states),
            encoding="utf-8",
        )
        (work / "a.txt").write_text(DRAFT, encoding="utf-8")
        env = {**os.environ, "NEWSLINT_TRUST_CONFIG": "1", "NO_COLOR": "1"}

        def run(cache: str) -> subprocess.Popen:
            return subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "newslint",
                    "check",
                    "--format",
                    "json",
                    "--select",
                    "grammar",
                    "a.txt",
                ],
                cwd=work,
                env={**env, "NEWSLINT_CACHE_DIR": str(tmp_path / cache)},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )

        # The disturbed run first (LanguageTool's sentence cache then helps the reference run
        # only): the second server is killed once it has done a few seconds of this run's work.
        victim = states[1]["java_pid"]
        before = _cpu(victim)
        process = run("cache-1")
        deadline = time.monotonic() + 600
        while _cpu(victim) - before < 3 and process.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        os.kill(victim, signal.SIGKILL)
        out, err = process.communicate(timeout=900)
        assert process.returncode == 1, err
        assert f"LanguageTool at {states[1]['url']} taken out of the pool".encode() in err, err
        disturbed = json.loads(out)["files"][0]["findings"]

        # The reference: the surviving server alone.
        (work / ".newslint.yaml").write_text(
            f"extends: [fr-grammar]\nlanguagetool:\n  request_timeout: 900\n"
            f"  url: {states[0]['url']}\n",
            encoding="utf-8",
        )
        out, err = run("cache-2").communicate(timeout=900)
        reference = json.loads(out)["files"][0]["findings"]
        assert len([f for f in reference if f["rule"] == "grammar/R_VAVOIR_VINF"]) >= 1000
        assert disturbed == reference
    finally:
        for process, _ in servers:
            process.terminate()
        for process, _ in servers:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
