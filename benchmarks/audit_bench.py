"""Cluster audit against the single-machine check, and the rates a cluster plan needs.

    python benchmarks/audit_bench.py [--articles 3000] [--grammar-articles 500] [--repeat 3]

Reads ../shared/corpus/orangesum-dev.jsonl.gz directly with ``newslint audit`` on a Dask
``LocalCluster`` of two worker processes, and writes the same articles as ``<id>.txt`` files
for ``newslint check -j 2`` (the single machine's own pool). Runs are alternated and repeated
(the median wall time is kept): a shared machine's load moves both alike. Prints:

- without grammar: articles/s of each, and the ratio (target: the cluster within 15%);
- with grammar (``--grammar-articles``; 0 skips it): the same, both against one LanguageTool
  server started here (its URL in a trusted configuration), result cache off;
- per-worker rates (``newslint audit --workers 0``: one process, no cluster) and, from them,
  articles per hour for 1, 8 and 64 workers and the time for a 20-million-article archive.
  That last table is arithmetic on measured rates, not a measurement of a large cluster: it
  assumes the workers scale linearly (the client only reads articles and writes rows: measure
  its own rate with ``--workers 0 --select nothing``-like runs before trusting it beyond 64).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "orangesum-dev.jsonl.gz"


def newslint(*args: str, cwd: Path, env: dict | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "newslint", *args], cwd=cwd, env=env, capture_output=True
    )
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(
            f"newslint {' '.join(args)} failed ({done.returncode}): {done.stderr.decode()[-2000:]}"
        )
    return seconds


def prepare(work: Path, n: int, name: str) -> tuple[Path, Path]:
    collection = work / f"{name}.jsonl.gz"
    drafts = work / name
    drafts.mkdir()
    count = 0
    with (
        gzip.open(CORPUS, "rt", encoding="utf-8") as source,
        gzip.open(collection, "wt", encoding="utf-8") as target,
    ):
        for line in source:
            if count >= n:
                break
            record = json.loads(line)
            target.write(line)
            (drafts / f"{record['id']}.txt").write_text(record["text"], encoding="utf-8")
            count += 1
    return collection, drafts


def compare(
    work: Path,
    collection: Path,
    drafts: Path,
    extra: list[str],
    repeat: int,
    env: dict | None = None,
    partition_size: int = 0,
) -> tuple[float, float, float]:
    cluster: list[float] = []
    single: list[float] = []
    one: list[float] = []
    sized = ["--partition-size", str(partition_size)] if partition_size else []
    runs = [
        (
            cluster,
            (
                "audit",
                str(collection),
                "-o",
                str(work / "f.parquet"),
                "--workers",
                "2",
                *sized,
                *extra,
            ),
        ),
        (
            single,
            (
                "check",
                "-j",
                "2",
                "--format",
                "json",
                "-o",
                os.devnull,
                "--quiet",
                *extra,
                str(drafts),
            ),
        ),
        (one, ("audit", str(collection), "-o", str(work / "g.parquet"), "--workers", "0", *extra)),
    ]
    for round_ in range(repeat):
        # The order turns each round: the first run of a round meets a server (or caches)
        # the others have warmed.
        for times, args in runs[round_ % 3 :] + runs[: round_ % 3]:
            times.append(newslint(*args, cwd=work, env=env))
        print(
            f"  round {round_ + 1} ({'grammar' if env else 'no grammar'}): audit {cluster[-1]:.1f} s,"
            f" check -j 2 {single[-1]:.1f} s (ratio {single[-1] / cluster[-1]:.2f}),"
            f" 1 process {one[-1]:.1f} s; load average {os.getloadavg()[0]:.2f}",
            flush=True,
        )
    return statistics.median(cluster), statistics.median(single), statistics.median(one)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--grammar-articles", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--partition-size",
        type=int,
        default=0,
        help="newslint audit --partition-size (default: the command's own)",
    )
    options = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="newslint-audit-bench-"))
    rows = []
    collection, drafts = prepare(work, options.articles, "plain")
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; work in {work}\n")
    cluster, single, one = compare(work, collection, drafts, ["--no-grammar"], options.repeat)
    rows.append(("no grammar", options.articles, cluster, single, one))
    if options.grammar_articles:
        sys.path.insert(0, str(ROOT / "src"))
        from newslint.grammar.server import LocalServer
        from newslint.grammar.settings import Settings

        server = LocalServer(Settings())
        server.start()
        try:
            g_collection, g_drafts = prepare(work, options.grammar_articles, "grammar")
            (work / ".newslint.yaml").write_text(
                f"extends: [fr-press, fr-grammar]\nlanguagetool: {{url: '{server.url}'}}\n",
                encoding="utf-8",
            )
            env = {**os.environ, "NEWSLINT_TRUST_CONFIG": "1"}
            # Two untimed passes: the server's JIT as warm for every timed one (a JVM's first
            # pass over 500 articles took twice as long as its third).
            for _ in range(2):
                newslint("check", "--no-cache", "--quiet", str(g_drafts), cwd=work, env=env)
            cluster_g, single_g, one_g = compare(
                work,
                g_collection,
                g_drafts,
                ["--no-cache"],
                options.repeat,
                env,
                options.partition_size,
            )
            rows.append(("grammar", options.grammar_articles, cluster_g, single_g, one_g))
        finally:
            server.stop()
    print(
        f"{'run':<12} {'articles':>8} {'audit 2 workers':>16} {'check -j 2':>11} "
        f"{'ratio':>6} {'1 process':>10}"
    )
    for name, n, cluster, single, one in rows:
        print(
            f"{name:<12} {n:>8} {n / cluster:>12.0f} a/s {n / single:>7.0f} a/s "
            f"{single / cluster:>6.2f} {n / one:>6.0f} a/s"
        )
    print("\nratio: check's wall time / the cluster's (>= 0.87 is 'within 15%')\n")
    print("On paper, from the one-process rate (linear scaling assumed; see the docstring):")
    print(
        f"{'run':<12} {'1 worker a/h':>14} {'8 workers a/h':>15} {'64 workers a/h':>16} "
        f"{'20 M articles, 64 workers':>27}"
    )
    for name, n, _cluster, _single, one in rows:
        rate = n / one * 3600
        hours = 20_000_000 / (rate * 64)
        print(f"{name:<12} {rate:>14,.0f} {rate * 8:>15,.0f} {rate * 64:>16,.0f} {hours:>24.1f} h")
    return 0


if __name__ == "__main__":
    sys.exit(main())
