"""Worker processes for big runs (``--jobs``; issue 8): how many, and the pool itself.

The parent discovers the files, checks the first one itself (what checks load lazily is then
loaded once, before the fork, and shared by the workers' pages), hands the rest out in
chunks, and takes the outcomes back *in discovery order*, so the output is identical to a
serial run. A worker that dies (killed, out of memory) loses no file: its chunk, and every
chunk after it, is checked in the parent.

This module knows nothing of what a check is: it drives any :class:`Worker` (the run's
:class:`newslint.runner.Runner`), so it imports no other newslint module.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import logging
    from concurrent.futures import Future, ProcessPoolExecutor


def _log() -> logging.Logger:
    """This module's logger; ``logging`` is imported on first use (start-up, issue 20)."""
    import logging

    return logging.getLogger(__name__)


#: Below these, a run stays in one process without measuring anything (``--jobs 0``).
PARALLEL_MIN_FILES = 16
PARALLEL_MIN_BYTES = 64 * 1024
#: Files checked before the worker processes are replaced by fresh ones. The checks' caches
#: are bounded, so this only guards against what grows anyway; replacing costs a drained
#: pipeline and re-warmed caches (every 4,000 files it cost 7% of the corpus run's time, and
#: without it peak memory was lower: benchmarks/scale.py).
PARALLEL_RECYCLE_FILES = 50_000
#: How often a worker's watchdog looks for its parent (where the kernel cannot tell it).
PARENT_POLL_SECONDS = 1.0


class Worker(Protocol):
    """What the pool drives: one object that checks one path at a time."""

    options: Any

    def check_path(self, path: str, detach: bool = False) -> Any:
        """The outcome of checking ``path``; ``detach`` (in workers): move what the checks
        recorded for the whole run into the outcome."""

    def warm(self) -> None:
        """Load what checks load lazily, before the workers fork."""

    def forget_run(self) -> None:
        """Drop the parent's run state in a freshly forked worker."""


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


#: What the worker pool costs a run with ``--jobs 0``: importing ``multiprocessing`` and
#: ``concurrent.futures``, forking the workers, its threads and queues, the parent's idle start
#: (about 0.05 to 0.07 s on two cores: four house-style rules on 200 drafts took 0.22 s in one
#: process, 0.28 s with two workers).
WORKERS_COST = 0.1
#: What splitting the files left costs (:func:`split`): one ``fork`` per slice and the
#: slices' outcomes pickled back, a few milliseconds for a few hundred files.
SPLIT_COST = 0.01
#: CPU seconds left (as estimated) up to which the files left are split in slices rather than
#: given to the pool: slices are not balanced as they go, and a slice's outcomes are held
#: until the parent reaches them; past this, the pool's cost is a small share of the run.
SPLIT_MAX_SECONDS = 2.0
#: CPU seconds of checking before the cost of the files left is estimated.
PROBE_SECONDS = 0.02


def sizes(paths: list[str]) -> list[int]:
    """Each file's size in bytes (0 if it cannot be read: its error comes when checked)."""
    found = []
    for path in paths:
        try:
            found.append(os.path.getsize(path))
        except OSError:
            found.append(0)
    return found


def sharing(spent: float, done: int, left: int, jobs: int) -> str | None:
    """How ``jobs`` processes would best share ``left`` bytes, when checking ``done`` bytes
    here took ``spent`` CPU seconds: ``"split"`` (:func:`split`), ``"pool"``
    (:func:`parallel`), or ``None``: neither saves more than it costs (yet)."""
    if spent < PROBE_SECONDS or done <= 0 or jobs <= 1:
        return None
    rest = spent / done * left  # CPU seconds the files left would take here
    saved = rest * (1 - 1 / jobs)
    if rest <= SPLIT_MAX_SECONDS and saved > SPLIT_COST and can_split():
        return "split"
    return "pool" if saved > WORKERS_COST else None


def can_split() -> bool:
    """Whether this process may fork slices: on Linux, with no thread but this one (a fork
    copies locks other threads may hold; an embedding program may run threads)."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1


def jobs_for(jobs: int, paths: list[str]) -> int:
    """Worker processes for these files: 1 (no workers) unless the run is big enough.

    With ``jobs`` 0 (``--jobs 0``, the default) small runs stay in one process; an explicit
    ``--jobs N`` uses workers as soon as each gets two files."""
    if jobs > 1:
        return min(jobs, len(paths) // 2) if len(paths) >= 4 else 1
    if jobs == 1:
        return 1
    jobs = min(cpu_count(), len(paths))
    if jobs <= 1 or len(paths) < PARALLEL_MIN_FILES:
        return 1
    size = 0
    for path in paths:
        try:
            size += os.path.getsize(path)
        except OSError:
            pass
        if size >= PARALLEL_MIN_BYTES:
            return jobs
    return 1


_WORKER: Worker | None = None


def parallel(
    worker: Worker, paths: list[str], jobs: int, make: Callable[[Any], Worker]
) -> Iterator[Any]:
    """Outcomes of ``worker.check_path`` for every path, in order, from ``jobs`` processes.

    ``make(options)`` builds a worker where nothing is inherited (spawn start method)."""
    import multiprocessing  # only runs with worker processes pay for it
    from concurrent.futures import ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    global _WORKER
    first = worker.check_path(paths[0])
    worker.warm()
    rest = paths[1:]
    size = max(8, min(128, len(rest) // (jobs * 16) or 1))
    chunks = iter([rest[i : i + size] for i in range(0, len(rest), size)])
    if "fork" in multiprocessing.get_all_start_methods() and sys.platform.startswith("linux"):
        # Workers inherit the loaded configuration and imported modules: fast start.
        # Frozen objects are left alone by the collector, so their pages stay shared.
        gc.freeze()
        _WORKER = worker
        mp_context: multiprocessing.context.BaseContext = multiprocessing.get_context("fork")
    else:
        mp_context = multiprocessing.get_context("spawn")

    def pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=mp_context,
            initializer=_init_worker,
            initargs=(make, worker.options, os.getpid()),
        )

    executor = pool()
    retired: list[ProcessPoolExecutor] = []
    # Workers are replaced every PARALLEL_RECYCLE_FILES files: fresh forks start again from
    # the parent's shared pages.
    generation = max(1, PARALLEL_RECYCLE_FILES // size)
    submitted = 0
    pending: deque[tuple[list[str], Future[list[Any]] | None]] = deque()

    def submit(chunk: list[str]) -> Future[list[Any]]:
        nonlocal executor, submitted
        if submitted and submitted % generation == 0:
            # Let the old workers finish what they hold before new ones start, so no more
            # than ``jobs`` workers ever live at once.
            wait([future for _chunk, future in pending if future is not None])
            executor.shutdown(wait=True)
            retired.append(executor)
            executor = pool()
        submitted += 1
        return executor.submit(_work, chunk)

    broken = False
    yield first
    try:
        # A few chunks in flight per worker: enough to keep both cores busy, few enough that
        # finished results do not pile up in the parent.
        for chunk in chunks:
            pending.append((chunk, submit(chunk)))
            if len(pending) >= jobs * 4:
                break
        while pending:
            chunk, future = pending.popleft()
            outcomes = None
            if future is not None:
                try:
                    outcomes = future.result()
                except BrokenProcessPool:
                    # A worker died (killed, out of memory): check the rest here.
                    if not broken:
                        _log().warning("a worker process died; checking the rest in one process")
                    broken = True
                except Exception as error:  # noqa: BLE001 -- e.g. a check's state that cannot be pickled
                    _log().warning("worker failed (%s); checking its files here", error)
            if outcomes is None:
                outcomes = [worker.check_path(path) for path in chunk]
            following = next(chunks, None)
            if following is not None:
                pending.append((following, None if broken else submit(following)))
            yield from outcomes
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
        for old in retired:
            old.shutdown(wait=True, cancel_futures=True)
        _WORKER = None
        gc.unfreeze()


def _init_worker(make: Callable[[Any], Worker], options: Any, parent: int | None = None) -> None:
    # Ctrl-C is the parent's to handle; workers just stop when it shuts the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent if parent is not None else os.getppid())
    global _WORKER
    if _WORKER is None:  # spawn: nothing inherited
        _WORKER = make(options)
    else:
        _WORKER.forget_run()  # fresh per worker: the parent's run state is not this worker's


def _die_with_parent(parent: int) -> None:
    """Make this worker die when ``parent`` (the run) does (issue 21).

    A parent killed outright (SIGKILL, the OOM killer) cannot shut its pool down, and a worker
    waiting for its next chunk would wait forever: it holds both ends of the task pipe itself.
    On Linux the kernel kills the worker (``PR_SET_PDEATHSIG``; it fires when the thread that
    forked the worker ends, which is the thread running the whole run). Everywhere, a daemon
    thread also checks that the parent is still this worker's parent. A worker writes no
    files, so dying at once loses nothing.
    """
    if sys.platform == "linux":
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(PARENT_POLL_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    import threading

    threading.Thread(target=watch, name="newslint-parent-watch", daemon=True).start()


def _work(paths: list[str]) -> list[Any]:
    assert _WORKER is not None
    return [_WORKER.check_path(path, detach=True) for path in paths]


# -- slices: the files left in contiguous slices, one per process, the first one here -------


def slices(sizes: list[int], count: int) -> list[tuple[int, int]]:
    """``count`` contiguous ``(start, end)`` index ranges of ``sizes`` with about equal bytes
    each (a slice may be empty when there are fewer files than slices)."""
    total = sum(sizes) or 1
    bounds = [0]
    done = 0
    for index, size in enumerate(sizes):
        done += size
        while len(bounds) < count and done * count >= total * len(bounds):
            bounds.append(index + 1)
    while len(bounds) < count:
        bounds.append(len(sizes))
    bounds.append(len(sizes))
    return [(bounds[i], bounds[i + 1]) for i in range(count)]


def split(worker: Worker, paths: list[str], jobs: int, sizes: list[int]) -> Iterator[Any]:
    """Outcomes of ``worker.check_path`` for every path, in order: the first slice checked
    here, each other one in a child process forked for it (``jobs`` processes in all).

    Cheaper than :func:`parallel` to start (no pool, no queue, no thread: a ``fork`` per
    slice), for runs of a second or two (:data:`SPLIT_MAX_SECONDS`). A child sends its
    slice's outcomes back through a pipe, which the parent drains after each of its own
    files; a child that dies, or whose outcomes cannot be read, loses nothing: its slice is
    checked here. A child ignores Ctrl-C (the parent stops it) and writes no file; one whose
    parent was killed stops when it finds its pipe closed.
    """
    bounds = slices(sizes, jobs)
    for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    worker.warm()
    gc.freeze()  # left alone by the collector: the children's pages stay shared
    children: list[_Slice] = []
    try:
        for start, end in bounds[1:]:
            if start < end:
                children.append(_Slice.fork(worker, paths, start, end))
        start, end = bounds[0]
        for path in paths[start:end]:
            yield worker.check_path(path)
            for child in children:
                child.drain()
        for child in children:
            outcomes = child.collect()
            if outcomes is None:
                _log().warning("a worker process died; checking its files in this one")
                yield from (worker.check_path(path) for path in paths[child.start : child.end])
            else:
                yield from outcomes
    finally:
        for child in children:
            child.stop()
        gc.unfreeze()


class _Slice:
    """A forked child checking ``paths[start:end]``, and what it has sent so far."""

    def __init__(self, pid: int, fd: int, start: int, end: int) -> None:
        self.pid, self.fd, self.start, self.end = pid, fd, start, end
        self.received = bytearray()
        self.reaped = False

    @classmethod
    def fork(cls, worker: Worker, paths: list[str], start: int, end: int) -> _Slice:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read)
            _check_slice(worker, paths[start:end], write)
        os.close(write)
        os.set_blocking(read, False)
        return cls(pid, read, start, end)

    def drain(self) -> None:
        """Take what the child has sent: without waiting while the pipe is non-blocking (the
        child never waits on a full pipe), to the end once :meth:`collect` made it blocking."""
        if self.fd < 0:
            return
        try:
            while chunk := os.read(self.fd, 1 << 16):
                self.received += chunk
        except BlockingIOError:
            return
        self._close()  # end of file: the child is done

    def collect(self) -> list[Any] | None:
        """The child's outcomes, once it is done; ``None`` if it died or sent nothing usable."""
        if self.fd >= 0:
            os.set_blocking(self.fd, True)
            self.drain()  # blocking now: reads to the end
        _pid, status = os.waitpid(self.pid, 0)
        self.reaped = True
        if os.waitstatus_to_exitcode(status) != 0:
            return None
        import pickle

        try:
            outcomes = pickle.loads(self.received)
        except Exception:  # noqa: BLE001 -- cut short: its files are checked here
            return None
        finally:
            self.received = bytearray()
        return outcomes if len(outcomes) == self.end - self.start else None

    def stop(self) -> None:
        """Stop the child if it still runs (the run was interrupted), and reap it."""
        self._close()
        if not self.reaped:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.reaped = True

    def _close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _check_slice(worker: Worker, paths: list[str], fd: int) -> None:
    """In a forked child: check ``paths``, send their outcomes through ``fd``, exit."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops its children
        worker.forget_run()
        outcomes = [worker.check_path(path, detach=True) for path in paths]
        import pickle

        data = memoryview(pickle.dumps(outcomes, protocol=pickle.HIGHEST_PROTOCOL))
        while data:  # blocking writes: the parent drains the pipe between its own files
            data = data[os.write(fd, data) :]
        code = 0
    except BaseException:  # noqa: BLE001 -- anything: the parent checks this slice itself
        pass
    finally:
        os._exit(code)  # no atexit, no buffered output: those are the parent's
