"""Scale benchmark (issue 8): linear cost, parallel speed-up, bounded memory.

    python benchmarks/scale.py                  # all three tables
    python benchmarks/scale.py --skip-corpus    # only the linearity tables (seconds)
    python benchmarks/scale.py --corpus-limit 5000

1. One draft repeated 1x, 10x, 100x inside one file: time to load and check it.
2. The same draft as 1, 10, 100, 1000 separate files: time to check them all.
3. The 31,433 OrangeSum articles written as files (benchmarks/corpus_files.py), checked by
   the real CLI without grammar, serial (``-j 1``) then in worker processes (``-j 0``):
   wall and CPU time, articles per second, speed-up, peak memory of the whole process tree
   (parent + workers: sum of Pss sampled from /proc) and whether both outputs are byte-identical.

The CLI runs use a frozen copy of ``src/`` so edits made meanwhile cannot skew a comparison.
Other jobs on the machine slow wall times down: the load average is printed with each table.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "corpus" / "seed-draft-biden-poutine.txt"
sys.path.insert(0, str(ROOT / "src"))

#: Used when ../shared is absent: a short draft of our own with a few findings.
FALLBACK_DRAFT = """# Le président a parlé

Le président Joe Biden a parlé mardi avec Vladimir Poutine , a indiqué la Maison Blanche.
Selon un communiqué, les deux dirigeants ont évoqué l'Ukraine  et le désarmement.

« Nous avons eu une discussion franche", a déclaré Joe Baiden à la presse : il reviendra.
"""


def draft_text() -> str:
    return SEED.read_text(encoding="utf-8") if SEED.is_file() else FALLBACK_DRAFT


def load_avg() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print(f"\n{title}  (load average {load_avg()}, {os.cpu_count()} cores)")
    print("  ".join(h.rjust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths)))


def _best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        fn()
        times.append(time.process_time() - started)
    return min(times)


def size_linearity(draft: str) -> None:
    """One file growing 1x, 10x, 100x: CPU time of load + lint (in this process)."""
    from newslint.documents import load
    from newslint.linter import lint
    from newslint.runner import Runner, RunOptions, select_rules

    runner = Runner(RunOptions(paths=[], no_grammar=True))
    config = runner.finder.for_path(str(ROOT / "draft.md"))
    rules = select_rules(config.rules_for(str(ROOT / "draft.md")), runner.options)
    context = runner.context_for(config)
    rows = []
    base = None
    for copies in (1, 10, 100):
        data = "\n\n".join([draft] * copies).encode("utf-8")
        findings = []

        def once(data: bytes = data, findings: list = findings) -> None:
            document = load("draft.md", data)
            findings[:] = lint(document, rules, context)

        seconds = _best_of(once, 3 if copies < 100 else 1)
        base = base or seconds
        rows.append(
            [
                f"{copies}x",
                f"{len(data) / 1024:.0f}",
                str(len(findings)),
                f"{seconds * 1000:.1f}",
                f"{seconds * 1e6 / len(data) * 1024:.0f}",
                f"{seconds / base / copies:.2f}",
            ]
        )
    table(
        "Table 1. One draft repeated inside one file (CPU time, best of 3)",
        ["size", "KB", "findings", "ms", "us/KB", "cost/linear"],
        rows,
    )


def count_linearity(draft: str) -> None:
    """The draft as 1, 10, 100, 1000 separate files: CPU time of a serial run."""
    from newslint.runner import Runner, RunOptions, RunResult

    rows = []
    base = None
    with tempfile.TemporaryDirectory() as folder:
        for copies in (1, 10, 100, 1000):
            target = Path(folder) / str(copies)
            target.mkdir()
            for index in range(copies):
                (target / f"d{index:04d}.md").write_text(draft, encoding="utf-8")
            Runner(RunOptions(paths=[str(target)], no_grammar=True, jobs=1)).run()  # warm
            result = []

            def once(result: list = result, target: Path = target) -> None:
                run = RunResult()
                for _file in Runner(
                    RunOptions(paths=[str(target)], no_grammar=True, jobs=1, keep_documents=False)
                ).files(run):
                    pass
                result[:] = [run]

            seconds = _best_of(once, 3 if copies < 1000 else 1)
            base = base or seconds
            rows.append(
                [
                    str(copies),
                    str(result[0].checked),
                    f"{seconds * 1000:.1f}",
                    f"{seconds * 1000 / copies:.2f}",
                    f"{seconds / base / copies:.2f}",
                ]
            )
    table(
        "Table 2. The draft as N files, serial, in process (CPU time)",
        ["files", "checked", "ms", "ms/file", "cost/linear"],
        rows,
    )


class TreeMemory:
    """Peak resident memory of a process and all its descendants, sampled from /proc."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self.peak_single = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        pids, queue = [], [self.pid]
        while queue:
            pid = queue.pop()
            pids.append(pid)
            try:
                for task in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{task}/children") as handle:
                        queue.extend(int(child) for child in handle.read().split())
            except OSError:
                pass
        return pids

    @staticmethod
    def _memory(pid: int) -> tuple[int, int]:
        """``(Pss, Rss)`` in bytes. Forked workers share the parent's pages until they write
        them: summing Rss would count shared pages twice, summing Pss does not."""
        pss = rss = 0
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        pss = int(line.split()[1]) * 1024
                    elif line.startswith("Rss:"):
                        rss = int(line.split()[1]) * 1024
        except OSError:
            pass
        return pss, rss

    def _run(self) -> None:
        while not self._stop.is_set():
            sizes = [self._memory(pid) for pid in self._tree()]
            self.peak = max(self.peak, sum(pss for pss, _ in sizes))
            self.peak_single = max(self.peak_single, max((rss for _, rss in sizes), default=0))
            self._stop.wait(0.05)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_cli(src: Path, folder: Path, jobs: str, fmt: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src), "NO_COLOR": "1", "GITHUB_ACTIONS": ""}
    before = os.times()
    started = time.monotonic()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "newslint",
                "check",
                str(folder),
                "--no-grammar",
                "-j",
                jobs,
                "--format",
                fmt,
            ],
            stdout=out,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ROOT,
        )
        memory = TreeMemory(process.pid)
        _, stderr = process.communicate()
        memory.stop()
        wall = time.monotonic() - started
        after = os.times()
        out.seek(0)
        digest = hashlib.sha256()
        size = 0
        for block in iter(lambda: out.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    if process.returncode not in (0, 1, 2) or not size:
        raise SystemExit(f"newslint failed ({process.returncode}): {stderr.decode()[-2000:]}")
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return {
        "wall": wall,
        "cpu": cpu,
        "peak": memory.peak,
        "single": memory.peak_single,
        "digest": digest.hexdigest(),
        "bytes": size,
        "code": process.returncode,
    }


def corpus_run(limit: int | None, fmt: str, jobs_list: tuple[str, ...] = ("1", "0")) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus_files import DEFAULT_OUT, write_corpus

    out = DEFAULT_OUT if limit is None else DEFAULT_OUT.with_name(f"orangesum-{limit}")
    folder, files, size = write_corpus(out, limit)
    with tempfile.TemporaryDirectory() as frozen:
        src = Path(frozen) / "src"
        shutil.copytree(
            ROOT / "src" / "newslint",
            src / "newslint",
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        shutil.copytree(ROOT / "rules", Path(frozen) / "rules")  # shipped rule sets
        runs = {jobs: run_cli(src, folder, jobs, fmt) for jobs in jobs_list}
    serial = runs.get("1", runs[jobs_list[0]])
    rows = []
    for jobs, label in (("1", "serial (-j 1)"), ("0", "workers (-j 0)")):
        if jobs not in runs:
            continue
        run = runs[jobs]
        rows.append(
            [
                label,
                str(files),
                f"{run['wall']:.1f}",
                f"{run['cpu']:.1f}",
                f"{files / run['wall']:.0f}",
                f"{files / run['cpu']:.0f}",
                f"{serial['wall'] / run['wall']:.2f}x",
                f"{run['peak'] / 1e6:.0f}",
                f"{run['single'] / 1e6:.0f}",
                f"{run['bytes'] / 1e6:.1f}",
                str(run["code"]),
            ]
        )
    table(
        f"Table 3. {files} OrangeSum articles ({size / 1e6:.1f} MB) as files, "
        f"`newslint check --no-grammar --format {fmt}`",
        [
            "run",
            "files",
            "wall s",
            "cpu s",
            "art/s",
            "art/cpu-s",
            "speed-up",
            "peak MB (tree, Pss)",
            "peak MB (1 proc, Rss)",
            "output MB",
            "exit",
        ],
        rows,
    )
    if len(runs) == 2:
        same = runs["1"]["digest"] == runs["0"]["digest"]
        print(f"outputs identical: {'yes' if same else 'NO'} (sha256 {runs['1']['digest'][:16]})")
    else:
        print(f"output sha256 {serial['digest'][:16]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-corpus", action="store_true")
    parser.add_argument("--only-corpus", action="store_true")
    parser.add_argument("--corpus-limit", type=int, default=None)
    parser.add_argument("--format", default="text", help="report format of the corpus runs")
    parser.add_argument("--jobs", default="1,0", help="corpus runs to make (default: 1,0)")
    args = parser.parse_args(argv)
    draft = draft_text()
    if not args.only_corpus:
        size_linearity(draft)
        count_linearity(draft)
    if not args.skip_corpus:
        corpus_run(args.corpus_limit, args.format, tuple(args.jobs.split(",")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
