"""Issue 14: ``languagetool: servers: 2`` starts a pool of two local LanguageTool servers for
the run (real JVMs), spreads the requests over both, reports what one server reports, and
leaves no server behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.languagetool, pytest.mark.slow]

DRAFT = "".join(
    f"Le paragraphe numéro {i} dit qu'il a manger {i} pommes hier soir.\n\n" for i in range(150)
)


@pytest.fixture
def installed_lt() -> None:
    """LanguageTool and Java on the machine (the runs start their own servers)."""
    from languagetool_fixtures import _unavailable

    from newslint.errors import BackendError
    from newslint.grammar import provision
    from newslint.grammar.settings import Settings

    try:
        provision.check_java()
        provision.find(Settings())
    except BackendError as error:
        _unavailable(str(error))


def _java_children(pid: int) -> dict[int, float]:
    """The LanguageTool servers ``pid`` started, with the CPU seconds each has used (Linux)."""
    children: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and name.startswith("java") and _is_server(entry):
            ticks = int(fields[11]) + int(fields[12])
            children[int(entry.name)] = ticks / os.sysconf("SC_CLK_TCK")
    return children


def _is_server(entry: Path) -> bool:
    """A LanguageTool server, not the ``java -version`` newslint runs to check Java."""
    try:
        return b"--port" in (entry / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return False


def _run(work: Path, cache: Path, servers: int) -> tuple[list[dict], dict[int, float], str]:
    (work / ".newslint.yaml").write_text(
        "extends: [fr-grammar]\nlanguagetool:\n  reuse_server: false\n"
        f"  request_timeout: 900\n  servers: {servers}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "NEWSLINT_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    # Output to files, not pipes: this loop watches the run's processes and reads nothing
    # until it ends (a full pipe would block the run).
    out, err = cache.with_suffix(".out"), cache.with_suffix(".err")
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "newslint", "check", "--format", "json", "a.txt"],
            cwd=work,
            env=env,
            stdout=stdout,
            stderr=stderr,
        )
        seen: dict[int, float] = {}
        deadline = time.monotonic() + 900
        while process.poll() is None:
            assert time.monotonic() < deadline, "the run did not end"
            seen.update(_java_children(process.pid))
            time.sleep(0.2)
    assert process.returncode == 1, err.read_text()
    return json.loads(out.read_bytes())["files"][0]["findings"], seen, err.read_text()


def test_servers_2_starts_two_local_servers_and_finds_what_one_finds(
    tmp_path: Path, installed_lt
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "a.txt").write_text(DRAFT, encoding="utf-8")

    pooled, pool_javas, _ = _run(work, tmp_path / "cache-pool", servers=2)
    single, single_javas, _ = _run(work, tmp_path / "cache-one", servers=1)

    assert len(pool_javas) == 2, pool_javas
    assert len(single_javas) == 1, single_javas
    # Both servers of the pool did work for this run: more than starting up costs alone is
    # not measurable here, but each answered requests, so each was seen using CPU.
    assert all(cpu > 0 for cpu in pool_javas.values()), pool_javas
    # The per-run servers are gone with the run.
    for pid in [*pool_javas, *single_javas]:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in _state(pid), pid
    grammar = [f for f in pooled if f["rule"] == "grammar/R_VAVOIR_VINF"]
    assert len(grammar) >= 150
    assert pooled == single


def _state(pid: int) -> str:
    try:
        return (Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0]).lower()
    except (OSError, IndexError):
        return "zombie"
