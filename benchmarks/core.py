"""Core pipeline throughput and single-draft latency.

    python benchmarks/core.py [--limit N] [--runs 20]

1. Writes the 31,433 OrangeSum articles out as files (benchmarks/corpus_files.py), checks them
   all with ``newslint check --no-grammar --format json --jobs 1`` (one process: the core
   pipeline, no parallelism) and verifies the run did not crash: every article reported, no
   input error, exit code 0 or 1.
2. Times ``newslint check --no-grammar`` on one small draft (examples/petit.txt), start-up
   included, as an editor's pre-commit hook would run it: the ``newslint`` console script of a
   regular install (``pip install .`` into a fresh virtual environment, benchmarks/out/venv,
   as ``make demo`` and pre-commit install it; rebuilt with ``--reinstall``). For comparison,
   also ``python -m newslint`` with the interpreter running this script (an editable install
   recompiles nothing only if bytecode may be written; wrappers such as pyenv shims or
   site-wide ``.pth`` files add their own start-up time there).
Prints one table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_files import write_corpus

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "examples" / "petit.txt"


def newslint(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": ""}
    return subprocess.run([sys.executable, "-m", "newslint", *args], cwd=cwd, env=env,
                          capture_output=True)


def corpus_run(limit: int | None) -> dict:
    folder, files, size = write_corpus(limit=limit)
    start = time.perf_counter()
    process = newslint("check", "--no-grammar", "--format", "json", "--jobs", "1", str(folder))
    elapsed = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise SystemExit(f"crash or error (exit {process.returncode}): {process.stderr.decode()[-2000:]}")
    data = json.loads(process.stdout)
    if data["errors"] or len(data["files"]) != files:
        raise SystemExit(f"{len(data['errors'])} errors, {len(data['files'])}/{files} files reported")
    return {"files": files, "mb": size / 1e6, "seconds": elapsed, "findings": data["summary"]["findings"]}


VENV = ROOT / "benchmarks" / "out" / "venv"


def installed(reinstall: bool) -> Path:
    """The console script of a regular (non-editable) install in a fresh virtual environment."""
    script = VENV / "bin" / "newslint"
    if reinstall or not script.exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "python"), "-m", "pip", "install", "-q",
                        "--disable-pip-version-check", str(ROOT)], check=True)
    return script


def small_draft(command: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) seconds of each run."""
    env = {**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": ""}
    walls, cpus = [], []
    subprocess.run([*command, "check", "--no-grammar", str(SMALL)], env=env, capture_output=True)  # warm caches
    for _ in range(runs):
        before = os.times()
        start = time.perf_counter()
        process = subprocess.run([*command, "check", "--no-grammar", str(SMALL)], cwd=ROOT, env=env,
                                 capture_output=True)
        walls.append(time.perf_counter() - start)
        after = os.times()
        cpus.append(after.children_user + after.children_system - before.children_user - before.children_system)
        if process.returncode not in (0, 1):
            raise SystemExit(process.stderr.decode())
    return walls, cpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="articles (default: all)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--skip-corpus", action="store_true", help="only time the small draft")
    parser.add_argument("--reinstall", action="store_true", help="rebuild benchmarks/out/venv")
    args = parser.parse_args(argv)
    corpus = None if args.skip_corpus else corpus_run(args.limit)
    script = installed(args.reinstall)
    rows = [("installed console script", small_draft([str(script)], args.runs)),
            (f"`{Path(sys.executable).name} -m newslint`", small_draft([sys.executable, "-m", "newslint"], args.runs))]
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"(load average {load}, {os.cpu_count()} cores)")
    print("| measure | value |")
    print("|---|---|")
    if corpus:
        print(f"| articles checked (one process, --no-grammar) | {corpus['files']} ({corpus['mb']:.1f} MB) |")
        print(f"| wall time | {corpus['seconds']:.1f} s |")
        print(f"| core pipeline throughput | {corpus['files'] / corpus['seconds']:.0f} articles/s |")
        print(f"| findings | {corpus['findings']} |")
        print("| crashes / input errors | 0 / 0 |")
    for name, (walls, cpus) in rows:
        print(f"| one small draft, {name}: wall median of {args.runs} (min / max) | "
              f"{statistics.median(walls) * 1000:.0f} ms ({min(walls) * 1000:.0f} / {max(walls) * 1000:.0f}) |")
        print(f"| one small draft, {name}: CPU median | {statistics.median(cpus) * 1000:.0f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
