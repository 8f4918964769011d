"""TermSet at a newsroom's scale (issue 15): a house list of thousands of terms.

    python benchmarks/termset.py                       # this tree's src/
    python benchmarks/termset.py --src ../main/src     # another tree, side by side
    python benchmarks/termset.py --sizes 1000 20000 --cap-gb 3 --timeout 120

For each size, a fresh process builds a ``TermSet`` of that many literal terms (made-up
French-looking words and two-word phrases, deterministic) and searches a 5,000-word draft
that holds some of them once: time of building plus the first search, peak resident memory
of the process (``ru_maxrss``), and the matches found (the same on both sides). Each process
is capped at ``--cap-gb`` of address space, so a matcher that needs more fails fast instead
of taking the shared machine's memory: the row then says so.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import random, resource, sys, time
cap = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
size = int(sys.argv[1])
rng = random.Random(15)
letters = "abcdefghijlmnoprstuvéèàç"
def word():
    return "".join(rng.choice(letters) for _ in range(rng.randint(4, 11)))
terms = list(dict.fromkeys(word() if i % 3 else word() + " " + word() for i in range(size)))
draft_words = [word() for _ in range(5000)]
for k in range(0, len(terms), max(1, len(terms) // 50)):
    draft_words[(k * 7919) % len(draft_words)] = terms[k]
text = " ".join(draft_words) + "."
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
from newslint.patterns import TermSet
start = time.perf_counter()
try:
    found = sum(1 for _ in TermSet(terms, literal=True).finditer(text))
except (MemoryError, ValueError) as error:
    print(f"failed {type(error).__name__}", flush=True)
    sys.exit(0)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{len(terms)} {seconds:.3f} {peak / 1024:.0f} {(peak - before) / 1024:.0f} {found}")
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", default=str(ROOT / "src"), help="the src/ folder to measure")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000, 20000])
    parser.add_argument("--cap-gb", type=float, default=3.0)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per size")
    args = parser.parse_args(argv)
    cap = int(args.cap_gb * 1024**3)
    env = {**os.environ, "PYTHONPATH": os.path.abspath(args.src)}
    print(
        f"TermSet, literal terms, first search of a 5,000-word draft  (src: {args.src}; "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())})"
    )
    header = ["terms", "build+search s", "peak RSS MB", "of which TermSet MB", "matches"]
    print("  ".join(header))
    for size in args.sizes:
        try:
            process = subprocess.run(
                [sys.executable, "-c", CHILD, str(size), str(cap)],
                env=env,
                capture_output=True,
                text=True,
                timeout=args.timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            print(f"{size:>5}  more than {args.timeout:g} s (stopped)")
            continue
        out = process.stdout.strip()
        if process.returncode != 0 or out.startswith("failed") or not out:
            reason = out or (process.stderr.strip().splitlines() or ["?"])[-1]
            print(f"{size:>5}  over the {args.cap_gb:g} GB cap or failed ({reason[:60]})")
            continue
        terms, seconds, peak, delta, found = out.split()
        print(f"{terms:>5}  {float(seconds):>14.3f}  {peak:>11}  {delta:>19}  {found:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
