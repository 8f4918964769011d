"""Commands timed side by side: each run in turn, N times, medians in a table.

    python benchmarks/interleaved.py --runs 21 --cwd DIR "CMD A" "CMD B" ...

Two builds of newslint (two virtual environments), or newslint and another tool, compared on
a noisy machine: the commands alternate, so drift and the load of the moment fall on all of
them alike. Each command runs once untimed first (caches filled). The per-file result cache
is off (``NEWSLINT_NO_RESULT_CACHE=1``) unless a command unsets it (``env -u ...``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--cwd", default=".")
    parser.add_argument("commands", nargs="+", help="shell commands")
    options = parser.parse_args(argv)
    env = {**os.environ, "NO_COLOR": "1", "NEWSLINT_NO_RESULT_CACHE": "1"}
    walls: dict[str, list[float]] = {command: [] for command in options.commands}
    cpus: dict[str, list[float]] = {command: [] for command in options.commands}

    def run(command: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            command, shell=True, cwd=options.cwd, env=env, capture_output=True, check=False
        )

    for command in options.commands:
        process = run(command)
        if process.returncode not in (0, 1):
            raise SystemExit(f"{command}: exit {process.returncode}: {process.stderr[-2000:]!r}")
    for _ in range(options.runs):
        for command in options.commands:
            before = os.times()
            start = time.perf_counter()
            run(command)
            walls[command].append(time.perf_counter() - start)
            after = os.times()
            cpus[command].append(
                after.children_user
                + after.children_system
                - before.children_user
                - before.children_system
            )
    print(f"(load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}, {os.cpu_count()} cores)")
    print(f"| command | wall median of {options.runs} (min) | CPU median |")
    print("|---|---|---|")
    for command in options.commands:
        print(
            f"| `{command}` | {statistics.median(walls[command]) * 1000:.1f} ms "
            f"({min(walls[command]) * 1000:.1f}) | {statistics.median(cpus[command]) * 1000:.0f} ms |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
