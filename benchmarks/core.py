"""Core pipeline throughput and single-draft latency.

    python benchmarks/core.py [--limit N] [--runs 20]

1. Writes the 31,433 OrangeSum articles out as files (benchmarks/corpus_files.py), checks them
   all with ``newslint check --no-grammar --format json --jobs 1`` (one process: the core
   pipeline, no parallelism) and verifies the run did not crash: every article reported, no
   input error, exit code 0 or 1.
2. Times ``newslint check --no-grammar`` on one small draft (examples/petit.txt), start-up
   included, as an editor's pre-commit hook would run it.
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
from corpus_files import write_corpus  # noqa: E402

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


def small_draft(runs: int) -> list[float]:
    times = []
    newslint("check", "--no-grammar", str(SMALL))  # warm the OS file cache
    for _ in range(runs):
        start = time.perf_counter()
        process = newslint("check", "--no-grammar", str(SMALL))
        times.append(time.perf_counter() - start)
        if process.returncode not in (0, 1):
            raise SystemExit(process.stderr.decode())
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="articles (default: all)")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    corpus = corpus_run(args.limit)
    times = small_draft(args.runs)
    print("| measure | value |")
    print("|---|---|")
    print(f"| articles checked (one process, --no-grammar) | {corpus['files']} ({corpus['mb']:.1f} MB) |")
    print(f"| wall time | {corpus['seconds']:.1f} s |")
    print(f"| core pipeline throughput | {corpus['files'] / corpus['seconds']:.0f} articles/s |")
    print(f"| findings | {corpus['findings']} |")
    print(f"| crashes / input errors | 0 / 0 |")
    print(f"| one small draft, wall (median of {args.runs}) | {statistics.median(times) * 1000:.0f} ms |")
    print(f"| one small draft, wall (min / max) | {min(times) * 1000:.0f} / {max(times) * 1000:.0f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
