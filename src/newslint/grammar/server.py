"""LanguageTool HTTP server processes: one per run, or a persistent one that runs reuse.

A per-run server binds 127.0.0.1 on a free port and dies with newslint: it is stopped at exit
(normal, error or Ctrl-C, through ``atexit``), and on Linux the kernel sends it SIGTERM if the
newslint process is killed outright (``PR_SET_PDEATHSIG``), so no JVM is left behind.

``newslint languagetool serve`` runs a server in the foreground and records it in a state file
(``<cache>/languagetool-server.json``: url, pids and their start times, version);
``newslint check`` finds it there, touches ``<cache>/languagetool-server.used`` on each run,
and the serving process stops after ``--idle-timeout`` seconds without a run. A recorded pid
is trusted only while it is still that process (same command line, same start time):
``languagetool stop`` never signals a process that later got the same pid (issue 21).
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from newslint.classcache import dataclass
from newslint.errors import BackendError
from newslint.grammar import provision
from newslint.grammar.settings import Settings, cache_root

if TYPE_CHECKING:
    import logging
    import subprocess
    from concurrent.futures import ThreadPoolExecutor


def _log() -> logging.Logger:
    """This module's logger. ``logging``, ``socket``, ``subprocess``, ``tempfile`` and
    ``concurrent.futures`` are imported where a server is started or looked for, not by a run
    whose paragraphs are all cached (about 12 ms of its start; issue 14)."""
    import logging

    return logging.getLogger(__name__)


STATE_NAME = "languagetool-server.json"
USED_NAME = "languagetool-server.used"


def state_path() -> Path:
    return cache_root() / STATE_NAME


def used_path() -> Path:
    return cache_root() / USED_NAME


def _free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_free(port: int) -> bool:
    """Nobody listens on ``port``. SO_REUSEADDR, as the JVM's server binds: the server side of
    a stopped server's last connections (TIME_WAIT, a minute) does not stop a restart there."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _pdeathsig():
    """Linux: a function that makes the calling process get SIGTERM when its parent dies.

    Resolved here, in the parent: the child between fork and exec must not import or load
    anything (another thread may hold the import lock at fork time).
    """
    if sys.platform != "linux":
        return None
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None

    def set_pdeathsig() -> None:  # pragma: no cover - runs in the child
        prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG

    return set_pdeathsig


_SPAWNER: ThreadPoolExecutor | None = None
_SPAWNER_LOCK = threading.Lock()


def _spawn(command: list[str], **options: Any) -> subprocess.Popen:
    """``subprocess.Popen`` from a thread that lives as long as the process.

    Linux's parent-death signal (``_pdeathsig``) fires when the *thread* that forked the child
    ends, not when the process does: a server forked by a short-lived thread (the pool starts
    its servers at once, one thread each) was killed as soon as that thread returned, and every
    request to it then failed with "connection reset". Servers are therefore forked by the
    main thread, or by one spawner thread kept for the life of the process.
    """
    import subprocess

    if threading.current_thread() is threading.main_thread():
        return subprocess.Popen(command, **options)
    from concurrent.futures import ThreadPoolExecutor

    global _SPAWNER
    with _SPAWNER_LOCK:
        if _SPAWNER is None:
            _SPAWNER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newslint-spawner")
    return _SPAWNER.submit(lambda: subprocess.Popen(command, **options)).result()


def server_properties(settings: Settings) -> str:
    """LanguageTool's ``--config`` file: the options newslint sets (documented in HTTPServer)."""
    lines = [
        f"maxCheckThreads={settings.server_threads()}",
        f"cacheSize={settings.server_cache_size}",
        f"pipelineCaching={'true' if settings.pipeline_caching else 'false'}",
        # Enough pipelines for every rule configuration of a run, kept for the whole run.
        "maxPipelinePoolSize=64",
        "pipelineExpireTimeInSeconds=86400",
        f"maxCheckTimeMillis={int(settings.request_timeout * 1000)}",
        "maxTextLength=200000",
    ]
    if settings.server_cache_size:
        lines.append("cacheTTLSeconds=86400")
    return "\n".join(lines) + "\n"


def jvm_arguments(settings: Settings) -> list[str]:
    """The JVM's options: heap, the configured ``jvm_options``, and TCP_NODELAY.

    ``sun.net.httpserver.nodelay``: the JDK's HTTP server (LanguageTool's) writes a response's
    headers and body separately; with Nagle's algorithm on, the body waits for the client's
    delayed ACK of the headers, about 40 ms per request on Linux. Measured: one paragraph at
    a time, 656 paragraphs took 49 s with it, 20 s without.
    """
    import shlex

    return [
        f"-Xmx{settings.heap}",
        *shlex.split(settings.jvm_options),
        "-Dsun.net.httpserver.nodelay=true",
        "-Djava.awt.headless=true",
    ]


class LocalServer:
    """A LanguageTool JVM on 127.0.0.1, started and stopped by this process."""

    def __init__(self, settings: Settings, *, die_with_parent: bool = True, port: int = 0) -> None:
        self.settings = settings
        self.die_with_parent = die_with_parent
        self.process: subprocess.Popen | None = None
        #: The port asked for (``serve --port``); 0: a free one, chosen at each start.
        self.fixed_port = port
        self.port = port
        self.installation: provision.Installation | None = None
        self._log: IO[bytes] | None = None
        self._props: str | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> None:
        with self._lock:
            if self.alive():
                return
            if self.fixed_port and not _port_free(self.fixed_port):
                # Said now, not after a JVM has started and failed to bind.
                raise BackendError(
                    f"port {self.fixed_port} on 127.0.0.1 is in use; choose "
                    "another --port, or 0 for a free one"
                )
            import subprocess
            import tempfile

            java = provision.check_java(self.settings.java)
            if self.installation is None:
                self.installation = provision.find(self.settings)
            # No `with`: the properties file is closed just below and only its name is kept;
            # the log is written by the server for as long as it runs.
            props = tempfile.NamedTemporaryFile(  # noqa: SIM115
                "w", prefix="newslint-lt-", suffix=".properties", delete=False, encoding="utf-8"
            )
            props.write(server_properties(self.settings))
            props.close()
            self._props = props.name
            self._log = tempfile.TemporaryFile(prefix="newslint-lt-log-")  # noqa: SIM115
            self.port = self.fixed_port or _free_port()
            command = [
                java,
                *jvm_arguments(self.settings),
                "-cp",
                self.installation.classpath,
                provision.MAIN_CLASS,
                "--port",
                str(self.port),
                "--config",
                self._props,
            ]
            _log().info("starting LanguageTool: %s", " ".join(command))
            self.process = _spawn(
                command,
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                preexec_fn=_pdeathsig() if self.die_with_parent else None,  # noqa: PLW1509
            )
            _RUNNING.add(self)
            self._wait_ready()

    def _wait_ready(self) -> None:
        import requests

        deadline = time.monotonic() + self.settings.start_timeout
        url = self.url + "v2/languages"
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                tail = self.log_tail()
                self.stop()
                raise BackendError(f"LanguageTool exited while starting: {tail or 'no output'}")
            try:
                if requests.get(url, timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        raise BackendError(f"LanguageTool did not start within {self.settings.start_timeout:.0f} s")

    def log_tail(self, lines: int = 3) -> str:
        if self._log is None:
            return ""
        try:
            self._log.seek(0)
            text = self._log.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""
        # LanguageTool 6.8 logs a harmless monitoring stack trace (prometheus "Label cannot
        # be null") and a root warning; neither says why it stopped.
        noise = ("WARNING: this process", "LtThreadPoolExecutorMonitor", "Label cannot be null")
        useful = [
            line
            for line in text.splitlines()
            if line.strip()
            and not line.strip().startswith(("***", "at "))
            and not any(n in line for n in noise)
        ]
        return " | ".join(useful[-lines:])[:400]

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def healthy(self, timeout: float = 5.0) -> bool:
        """Running and answering. A killed JVM refuses connections a moment before the
        kernel reports it dead, so a failed request asks the server rather than ``poll()``."""
        if not self.alive():
            return False
        import requests

        try:
            return requests.get(self.url + "v2/languages", timeout=timeout).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> None:
        import subprocess

        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        if self._props:
            try:
                os.unlink(self._props)
            except OSError:
                pass
            self._props = None
        _RUNNING.discard(self)


_RUNNING: set[LocalServer] = set()


@atexit.register
def _stop_all() -> None:
    for server in list(_RUNNING):
        server.stop()


# -- persistent server state ----------------------------------------------------------------


@dataclass
class ServerState:
    url: str
    pid: int
    java_pid: int
    version: str
    started: float
    idle_timeout: float
    #: When each process started (``/proc/<pid>/stat`` starttime, clock ticks since boot):
    #: with the pid, it names one process, never another that later got the same pid.
    #: ``None`` in state files written before these were recorded, or without ``/proc``.
    pid_start: int | None = None
    java_start: int | None = None

    def write(self) -> None:
        from newslint.cachedir import write_private

        write_private(state_path(), json.dumps(self.__dict__).encode("utf-8"))


def read_state() -> ServerState | None:
    try:
        data = json.loads(state_path().read_text(encoding="utf-8"))
        return ServerState(**data)
    except (OSError, ValueError, TypeError):
        return None


def start_time(pid: int) -> int | None:
    """The process's start time (Linux: ``/proc/<pid>/stat`` field 22), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        return int(stat.rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return None


def _command_line(pid: int) -> list[str] | None:
    """The process's arguments, or None when there is no such process (or it is a zombie)."""
    if type(pid) is not int or pid <= 0:  # a hand-edited record: 0 and -1 mean groups to kill
        return None
    proc = Path(f"/proc/{pid}")
    if Path("/proc/self").exists():
        try:
            stat = (proc / "stat").read_text(encoding="ascii", errors="replace")
            if stat.rsplit(")", 1)[1].split()[0] in ("Z", "X"):
                return None
            raw = (proc / "cmdline").read_bytes()
        except (OSError, IndexError):
            return None
        return [part.decode("utf-8", "replace") for part in raw.split(b"\0") if part]
    import subprocess

    try:  # no /proc (macOS, BSD): ps; the start time cannot be checked there
        out = subprocess.run(
            ["ps", "-p", str(pid), "-o", "command="], capture_output=True, timeout=10, check=False
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return None
    return out.split() or None


def _is_serving(pid: int, started: int | None) -> bool:
    """Whether ``pid`` is a ``newslint languagetool serve`` process (started at ``started``)."""
    argv = _command_line(pid)
    if not argv or (started is not None and start_time(pid) != started):
        return False
    return "languagetool" in argv and "serve" in argv and any("newslint" in a for a in argv)


def _is_server_jvm(pid: int, started: int | None) -> bool:
    """Whether ``pid`` runs LanguageTool's HTTP server class (started at ``started``). The
    program itself is not checked: ``java:`` may name a wrapper that runs Java."""
    argv = _command_line(pid)
    if not argv or (started is not None and start_time(pid) != started):
        return False
    return provision.MAIN_CLASS in argv


def _signal(pid: int, signum: int, check) -> bool:
    """Send ``signum`` to ``pid`` if ``check(pid)`` still holds; whether it was sent.

    On Linux the process is pinned first (``pidfd_open``) and checked after: a pid freed and
    reused between the check and the signal cannot receive it.
    """
    if type(pid) is not int or pid <= 0:
        return False
    pidfd = None
    if hasattr(os, "pidfd_open") and hasattr(signal, "pidfd_send_signal"):
        try:
            pidfd = os.pidfd_open(pid)
        except ProcessLookupError:
            return False
        except OSError:
            pidfd = None
    try:
        if not check(pid):
            return False
        try:
            if pidfd is not None:
                signal.pidfd_send_signal(pidfd, signum)
            else:
                os.kill(pid, signum)
        except ProcessLookupError:
            return False
        return True
    finally:
        if pidfd is not None:
            os.close(pidfd)


def discover(version: str = "", *, probe: bool = True) -> ServerState | None:
    """A running ``newslint languagetool serve`` server (of ``version`` if given), or None.

    ``probe=False`` trusts the state file and a live process without sending a request: a
    check whose paragraphs are all cached must not contact LanguageTool at all (issue 5);
    the backend asks the server (``answers``) at its first cache miss.
    """
    state = read_state()
    if state is None:
        return None
    if not _is_server_jvm(state.java_pid, state.java_start):
        _log().info("stale LanguageTool state file (pid %s is not its server)", state.java_pid)
        return None
    if version and state.version and state.version != version:
        return None
    if probe and not answers(state.url):
        return None
    touch_used()
    return state


def answers(url: str, timeout: float = 3.0) -> bool:
    """Whether a LanguageTool server answers at ``url``."""
    try:
        import requests

        return requests.get(url + "v2/languages", timeout=timeout).status_code == 200
    except Exception:
        return False


def touch_used() -> None:
    path = used_path()
    try:
        path.touch(mode=0o600)
    except OSError:
        pass


def last_used(default: float) -> float:
    try:
        return used_path().stat().st_mtime
    except OSError:
        return default


def serve(
    settings: Settings,
    idle_timeout: float,
    echo,
    port: int = 0,
    warm: list[dict[str, str]] | None = None,
) -> int:
    """Run a persistent server in the foreground until idle, SIGTERM or Ctrl-C; returns exit code."""
    existing = discover()
    if existing is not None:
        echo(f"A LanguageTool server is already running at {existing.url} (pid {existing.pid})")
        return 0
    server = LocalServer(settings, die_with_parent=True, port=port)
    stopping = threading.Event()

    def on_signal(signum, frame):
        stopping.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    server.start()
    from newslint.grammar.client import Client

    client = Client(server.url, settings.request_timeout)
    version = client.warm_up()
    for params in warm or []:
        # Each rule configuration has its own LanguageTool pipeline: build them now, not
        # during the first pre-commit run.
        client.warm_up(params)
    java_pid = server.process.pid if server.process else 0
    state = ServerState(
        server.url,
        os.getpid(),
        java_pid,
        version,
        time.time(),
        idle_timeout,
        pid_start=start_time(os.getpid()),
        java_start=start_time(java_pid),
    )
    state.write()
    touch_used()
    echo(
        f"LanguageTool {version} serving at {server.url} (pid {os.getpid()}); "
        f"stops after {idle_timeout:.0f} s without a run"
    )
    code = 0
    try:
        while not stopping.wait(1.0):
            if not server.alive():
                echo(f"LanguageTool exited: {server.log_tail()}")
                code = 3
                break
            if idle_timeout and time.time() - last_used(state.started) > idle_timeout:
                echo("Idle timeout reached; stopping LanguageTool")
                break
    finally:
        current = read_state()
        if current is not None and current.pid == os.getpid():
            try:
                state_path().unlink()
            except OSError:
                pass
        server.stop()
    return code


def stop_persistent(timeout: float = 20.0) -> tuple[ServerState | None, str]:
    """Stop the persistent server; returns its state and what happened: ``"stopped"``,
    ``"none"`` (no record), or ``"stale"`` (the recorded processes are gone, or their pids now
    belong to other processes: the record is removed and nothing is signalled, issue 21).

    The serving process is signalled (it stops its JVM and removes the record); if it is gone
    but its JVM is not, the JVM is. Each only after checking it is ours: the command line
    (``newslint languagetool serve``; Java with LanguageTool's server class) and, when the
    record has it, the start time.
    """
    state = read_state()
    if state is None:
        _remove_state()
        return None, "none"

    def serving(pid: int) -> bool:
        return _is_serving(pid, state.pid_start)

    def jvm(pid: int) -> bool:
        return _is_server_jvm(pid, state.java_start)

    if _signal(state.pid, signal.SIGTERM, serving):
        pass
    elif state.java_pid and _signal(state.java_pid, signal.SIGTERM, jvm):
        _remove_state()
    else:
        _remove_state()
        return state, "stale"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (serving(state.pid) or jvm(state.java_pid)):
        time.sleep(0.1)
    return state, "stopped"


def _remove_state() -> None:
    try:
        state_path().unlink()
    except OSError:
        pass
