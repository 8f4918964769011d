"""Worst-case inputs of issue 21 (input reading, user patterns, exclude globs), timed.

  python benchmarks/worst_inputs.py [--only NAME] [--timeout 120]

Each case runs the real CLI (``python -m newslint check --no-grammar -j 1``, the ``src`` of the
current directory first on the path) in a scratch folder and prints one row: case, wall
seconds, peak memory of the process (MB, ``ru_maxrss``), exit code and the first line of
stderr or of the report. ``CASES`` (name, builder) is importable by other benchmarks
(``benchmarks/worst_cases.py``): a builder takes a scratch folder and returns
``(argv after "check", stdin: bytes | path | None)``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MIB = 1024 * 1024
PYTHON = sys.executable


def _config(folder: Path, text: str) -> None:
    (folder / ".newslint.yaml").write_text(text, encoding="utf-8")


def _pattern(folder: Path, pattern: str, draft: str) -> tuple[list[str], None]:
    _config(
        folder,
        "extends: []\nrules:\n  local/evil:\n    kind: existence\n    quotes: any\n"
        f"    options:\n      tokens: ['{pattern}']\n",
    )
    (folder / "draft.txt").write_text(draft, encoding="utf-8")
    return ["draft.txt"], None


def stdin_50mb(folder: Path):
    big = folder / "big.txt"
    with open(big, "wb") as handle:
        line = "Le président a déclaré qu'il viendrait demain matin. ".encode() * 20 + b"\n"
        for _ in range(50 * MIB // len(line) + 1):
            handle.write(line)
    return ["-"], big


def stdin_dev_zero(folder: Path):
    return ["-"], Path("/dev/zero")


def stdin_at_limit(folder: Path):
    data = folder / "limit.txt"
    line = "Le président a déclaré qu'il viendrait demain matin. ".encode() * 20 + b"\n"
    data.write_bytes((line * (MIB // len(line)))[:MIB])  # documents.MAX_BYTES
    return ["--select", "typography", "-"], data


def config_dev_zero(folder: Path):
    (folder / "ok.txt").write_text("Quoi?\n", encoding="utf-8")
    return ["--config", "/dev/zero", "ok.txt"], None


def include_fifo(folder: Path):
    os.mkfifo(folder / "words.txt")
    (folder / "ok.txt").write_text("Quoi?\n", encoding="utf-8")
    _config(folder, "vocabulary: {include: [words.txt]}\n")
    return ["ok.txt"], None


def draft_fifo_and_device(folder: Path):
    os.mkfifo(folder / "pipe.md")
    (folder / "ok.txt").write_text("Quoi?\n", encoding="utf-8")
    return ["pipe.md", "/dev/zero", "ok.txt"], None


def pattern_a_plus_100kb(folder: Path):
    return _pattern(folder, "a+", "a" * 100_000 + "b\n")


def pattern_dot_star_a_8kb(folder: Path):
    return _pattern(folder, "(.*a){20}", "a" * 8_000 + "b\n")


def pattern_dot_star_a_spaced_100kb(folder: Path):
    return _pattern(folder, "(.*a){20}", "a " * 50_000 + "ab\n")


def pattern_alternation_lookahead_40kb(folder: Path):
    # Not fixed: every match is one « a » but RE2's leftmost-longest search reads on to the
    # end of the line each time (quadratic in the line, whatever the boundaries).
    return _pattern(folder, "a|a.*b", "a " * 20_000 + "\n")


def exclude_glob_48_chars(folder: Path):
    (folder / ("a" * 45 + ".md")).write_text("Quoi?\n", encoding="utf-8")
    _config(folder, "exclude: ['**/*a*a*a*a*a*a*a*a*a*a*a*b']\n")
    return ["."], None


CASES = [
    ("stdin 50 MB", stdin_50mb),
    ("stdin < /dev/zero", stdin_dev_zero),
    ("stdin 1 MiB (at the limit)", stdin_at_limit),
    ("--config /dev/zero", config_dev_zero),
    ("vocabulary include of a FIFO", include_fifo),
    ("drafts: FIFO and /dev/zero", draft_fifo_and_device),
    ("pattern a+ on a 100 KB line", pattern_a_plus_100kb),
    ("pattern (.*a){20} on 8 KB", pattern_dot_star_a_8kb),
    ("pattern (.*a){20} on 100 KB 'a a …ab'", pattern_dot_star_a_spaced_100kb),
    ("pattern a|a.*b on 40 KB 'a a …' (open)", pattern_alternation_lookahead_40kb),
    ("exclude glob, 48-char name", exclude_glob_48_chars),
]


def run_case(builder, timeout: float, cap_mb: int = 2048) -> tuple[float, float, str, str]:
    with tempfile.TemporaryDirectory(prefix="newslint-worst-") as scratch:
        folder = Path(scratch)
        args, stdin = builder(folder)
        env = {
            **os.environ,
            "NO_COLOR": "1",
            "GITHUB_ACTIONS": "",
            "PYTHONPATH": os.pathsep.join(
                [str(Path.cwd() / "src"), os.environ.get("PYTHONPATH", "")]
            ),
        }
        handle = open(stdin, "rb") if stdin is not None else subprocess.DEVNULL
        started = time.monotonic()
        process = subprocess.Popen(
            [PYTHON, "-m", "newslint", "check", "--no-grammar", "-j", "1", *args],
            cwd=folder,
            stdin=handle,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            preexec_fn=_cap(cap_mb),
        )
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            return (
                time.monotonic() - started,
                float("nan"),
                "timeout",
                f"killed after {timeout:.0f} s",
            )
        finally:
            if stdin is not None:
                handle.close()
        elapsed = time.monotonic() - started
        peak = _PEAKS.get(process.pid, float("nan"))
        first = (
            err.decode("utf-8", "replace").strip().splitlines()
            or [line for line in out.decode("utf-8", "replace").splitlines() if "error" in line][:1]
            or out.decode("utf-8", "replace").strip().splitlines()[-1:]
            or [""]
        )[0]
        return elapsed, peak, str(process.returncode), first[:90]


_PEAKS: dict[int, float] = {}


def _cap(cap_mb: int):
    """An address-space cap, so that an unbounded read fails instead of filling the machine."""
    import resource

    def apply() -> None:
        limit = cap_mb * MIB
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def _popen_with_rusage():
    """Reap children with wait4 to record each one's own peak memory."""
    original = subprocess.Popen._try_wait

    def _try_wait(self, wait_flags):
        try:
            pid, status, usage = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            return original(self, wait_flags)
        if pid == self.pid:
            _PEAKS[pid] = usage.ru_maxrss / 1024
        return pid, status

    subprocess.Popen._try_wait = _try_wait


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run the cases whose name holds this text")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--cap-mb", type=int, default=2048, help="address-space cap per run")
    options = parser.parse_args()
    _popen_with_rusage()
    print("| case | seconds | peak MB | exit | result |\n|---|---:|---:|---:|---|")
    for name, builder in CASES:
        if options.only and options.only not in name:
            continue
        elapsed, peak, code, first = run_case(builder, options.timeout, options.cap_mb)
        print(
            f"| {name} | {elapsed:.2f} | {peak:.0f} | {code} | {first.replace('|', '/')} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
