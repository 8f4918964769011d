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
3. With ``--vale PATH`` (issue 20): the same small draft through Vale, and the "four rules on
   200 drafts" case, side by side in the same run: four equivalent house-style rules (a word
   repeated, clichés, anglicisms with their replacement, sentences over 60 words) written once
   as a newslint configuration (``extends: []``, only those four rules) and once as a Vale
   style (``repetition``, ``existence``, ``substitution``, ``occurrence`` with
   ``scope: sentence``), both run on the same 200 OrangeSum drafts as a folder
   (``newslint check --no-grammar --no-respect-gitignore`` with its default worker processes;
   ``vale --config .vale.ini --output=line``), alternating, ``--runs`` times each; wall and CPU
   medians. Vale is built with ``go install github.com/vale-cli/vale/v3/cmd/vale@v3.20.0``.
newslint runs with its per-file result cache off (``NEWSLINT_NO_RESULT_CACHE=1``): every timed
run checks its drafts, as a pre-commit hook does on a draft just edited; an unchanged draft
would come from the cache. Its other per-user caches (parsed rule sets, patterns, classes) are
warm, as they are from a user's second run on.
Prints one table. Wall times depend on the machine's load (printed): compare the tools within
one run, and read CPU times too.
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
    env = {**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": "", "NEWSLINT_NO_RESULT_CACHE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "newslint", *args], cwd=cwd, env=env, capture_output=True
    )


def corpus_run(limit: int | None) -> dict:
    folder, files, size = write_corpus(limit=limit)
    start = time.perf_counter()
    process = newslint("check", "--no-grammar", "--format", "json", "--jobs", "1", str(folder))
    elapsed = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise SystemExit(
            f"crash or error (exit {process.returncode}): {process.stderr.decode()[-2000:]}"
        )
    data = json.loads(process.stdout)
    if data["errors"] or len(data["files"]) != files:
        raise SystemExit(
            f"{len(data['errors'])} errors, {len(data['files'])}/{files} files reported"
        )
    return {
        "files": files,
        "mb": size / 1e6,
        "seconds": elapsed,
        "findings": data["summary"]["findings"],
    }


VENV = ROOT / "benchmarks" / "out" / "venv"


def installed(reinstall: bool) -> Path:
    """The console script of a regular (non-editable) install in a fresh virtual environment."""
    script = VENV / "bin" / "newslint"
    if reinstall or not script.exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
        subprocess.run(
            [
                str(VENV / "bin" / "python"),
                "-m",
                "pip",
                "install",
                "-q",
                "--disable-pip-version-check",
                str(ROOT),
            ],
            check=True,
        )
    return script


def small_draft(command: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) seconds of each run."""
    env = {**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": "", "NEWSLINT_NO_RESULT_CACHE": "1"}
    walls, cpus = [], []
    subprocess.run(
        [*command, "check", "--no-grammar", str(SMALL)], env=env, capture_output=True
    )  # warm caches
    for _ in range(runs):
        before = os.times()
        start = time.perf_counter()
        process = subprocess.run(
            [*command, "check", "--no-grammar", str(SMALL)], cwd=ROOT, env=env, capture_output=True
        )
        walls.append(time.perf_counter() - start)
        after = os.times()
        cpus.append(
            after.children_user
            + after.children_system
            - before.children_user
            - before.children_system
        )
        if process.returncode not in (0, 1):
            raise SystemExit(process.stderr.decode())
    return walls, cpus


CLICHES = [
    "force est de constater",
    "il va sans dire",
    "en temps et en heure",
    "à l'heure où nous écrivons",
    "au jour d'aujourd'hui",
    "une page se tourne",
    "le moins que l'on puisse dire",
    "last but not least",
    "in fine",
    "la cerise sur le gâteau",
]
ANGLICISMES = {
    "deadline": "date limite",
    "impacté": "touché",
    "impactés": "touchés",
    "challenge": "défi",
    "leadership": "direction",
    "booster": "stimuler",
    "timing": "calendrier",
    "fake news": "infox",
    "digital": "numérique",
    "process": "procédure",
}
FOUR = ROOT / "benchmarks" / "out" / "four-rules"


def _four_rules_setup(drafts: int) -> Path:
    """The 200-draft folder with a .newslint.yaml and a .vale.ini + styles/House of four
    equivalent rules; returns the folder the tools run in."""
    import shutil

    folder, _files, _size = write_corpus(
        out=ROOT / "benchmarks" / "out" / f"orangesum-{drafts}", limit=drafts
    )
    FOUR.mkdir(parents=True, exist_ok=True)
    target = FOUR / "drafts"
    if not target.exists():
        shutil.copytree(folder, target, ignore=shutil.ignore_patterns(".count"))
    swaps = "".join(f'        "{k}": "{v}"\n' for k, v in ANGLICISMES.items())
    cliches = "".join(f'        - "{c}"\n' for c in CLICHES)
    (FOUR / ".newslint.yaml").write_text(
        f"""extends: []
rules:
  house/repetition:
    kind: repetition
    severity: error
  house/cliches:
    kind: existence
    severity: info
    options:
      literal: true
      tokens:
{cliches}  house/anglicismes:
    kind: substitution
    severity: warning
    options:
      swap:
{swaps}  house/phrase-longue:
    kind: sentence-length
    severity: info
    options:
      max_words: 60
""",
        encoding="utf-8",
    )
    styles = FOUR / "styles" / "House"
    styles.mkdir(parents=True, exist_ok=True)
    (FOUR / ".vale.ini").write_text(
        "StylesPath = styles\nMinAlertLevel = suggestion\n\n[*.md]\nBasedOnStyles = House\n",
        encoding="utf-8",
    )
    (styles / "Repetition.yml").write_text(
        "extends: repetition\nmessage: \"'%s' est répété.\"\nlevel: error\nalpha: true\n"
        "tokens:\n  - '[^\\s]+'\n",
        encoding="utf-8",
    )
    (styles / "Cliches.yml").write_text(
        'extends: existence\nmessage: "« %s » est à éviter."\nlevel: suggestion\n'
        "ignorecase: true\nnonword: false\ntokens:\n" + "".join(f'  - "{c}"\n' for c in CLICHES),
        encoding="utf-8",
    )
    (styles / "Anglicismes.yml").write_text(
        'extends: substitution\nmessage: "« %s » : préférer « %s »."\nlevel: warning\n'
        "ignorecase: true\nswap:\n" + "".join(f'  "{k}": "{v}"\n' for k, v in ANGLICISMES.items()),
        encoding="utf-8",
    )
    (styles / "PhraseLongue.yml").write_text(
        'extends: occurrence\nmessage: "Phrase de plus de 60 mots."\nlevel: suggestion\n'
        "scope: sentence\nmax: 60\ntoken: '[^\\s]+'\n",
        encoding="utf-8",
    )
    return FOUR


def _timed(command: list[str], cwd: Path) -> tuple[float, float, subprocess.CompletedProcess]:
    env = {**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": "", "NEWSLINT_NO_RESULT_CACHE": "1"}
    before = os.times()
    start = time.perf_counter()
    process = subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (
        after.children_user + after.children_system - before.children_user - before.children_system
    )
    return wall, cpu, process


def versus_vale(
    script: Path, vale: str | None, runs: int, drafts: int
) -> list[tuple[str, list, list]]:
    """``(case, walls, cpus)`` rows: one small draft and four rules on ``drafts`` drafts, for
    newslint (installed console script) and Vale, alternating within the run."""
    folder = _four_rules_setup(drafts)
    small = folder / "petit.md"
    small.write_text(SMALL.read_text(encoding="utf-8"), encoding="utf-8")
    cases = {
        "newslint, one small draft (four rules)": [
            str(script),
            "check",
            "--no-grammar",
            "petit.md",
        ],
        "vale, one small draft (four rules)": [
            vale,
            "--config",
            ".vale.ini",
            "--output=line",
            "petit.md",
        ],
        f"newslint, four rules on {drafts} drafts": [
            str(script),
            "check",
            "--no-grammar",
            "--no-respect-gitignore",
            "drafts",
        ],
        f"vale, four rules on {drafts} drafts": [
            vale,
            "--config",
            ".vale.ini",
            "--output=line",
            "drafts",
        ],
    }
    if vale is None:  # --four-rules without Vale: newslint's side only
        cases = {name: command for name, command in cases.items() if not name.startswith("vale")}
    results: dict[str, tuple[list, list]] = {name: ([], []) for name in cases}
    for name, command in cases.items():  # warm caches; check both ran
        _, _, process = _timed(command, folder)
        if process.returncode not in (0, 1):
            raise SystemExit(
                f"{name}: exit {process.returncode}: {process.stderr.decode()[-2000:]}"
            )
    for _ in range(runs):
        for name, command in cases.items():
            wall, cpu, _ = _timed(command, folder)
            results[name][0].append(wall)
            results[name][1].append(cpu)
    return [(name, walls, cpus) for name, (walls, cpus) in results.items()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="articles (default: all)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--skip-corpus", action="store_true", help="only time the small draft")
    parser.add_argument("--reinstall", action="store_true", help="rebuild benchmarks/out/venv")
    parser.add_argument(
        "--vale", default=None, metavar="PATH", help="compare with this Vale binary"
    )
    parser.add_argument("--drafts", type=int, default=200, help="drafts of the four-rule case")
    parser.add_argument(
        "--four-rules", action="store_true", help="the four-rule cases, even without --vale"
    )
    parser.add_argument("--skip-python-m", action="store_true", help="only the console script")
    args = parser.parse_args(argv)
    corpus = None if args.skip_corpus else corpus_run(args.limit)
    script = installed(args.reinstall)
    rows = [("installed console script", small_draft([str(script)], args.runs))]
    if not args.skip_python_m:
        rows.append(
            (
                f"`{Path(sys.executable).name} -m newslint`",
                small_draft([sys.executable, "-m", "newslint"], args.runs),
            )
        )
    versus = (
        versus_vale(script, args.vale, args.runs, args.drafts)
        if args.vale or args.four_rules
        else []
    )
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"(load average {load}, {os.cpu_count()} cores)")
    print("| measure | value |")
    print("|---|---|")
    if corpus:
        print(
            f"| articles checked (one process, --no-grammar) | {corpus['files']} ({corpus['mb']:.1f} MB) |"
        )
        print(f"| wall time | {corpus['seconds']:.1f} s |")
        print(
            f"| core pipeline throughput | {corpus['files'] / corpus['seconds']:.0f} articles/s |"
        )
        print(f"| findings | {corpus['findings']} |")
        print("| crashes / input errors | 0 / 0 |")
    for name, (walls, cpus) in rows:
        print(
            f"| one small draft, {name}: wall median of {args.runs} (min / max) | "
            f"{statistics.median(walls) * 1000:.0f} ms ({min(walls) * 1000:.0f} / {max(walls) * 1000:.0f}) |"
        )
        print(f"| one small draft, {name}: CPU median | {statistics.median(cpus) * 1000:.0f} ms |")
    for name, walls, cpus in versus:
        print(
            f"| {name}: wall median of {len(walls)} (min / max) | "
            f"{statistics.median(walls) * 1000:.0f} ms ({min(walls) * 1000:.0f} / "
            f"{max(walls) * 1000:.0f}); CPU median {statistics.median(cpus) * 1000:.0f} ms |"
        )
    if versus and args.vale:
        by = {name: statistics.median(walls) for name, walls, _ in versus}
        names = list(by)
        for newslint_case, vale_case in ((names[0], names[1]), (names[2], names[3])):
            print(
                f"| ratio newslint / vale, {vale_case.split(', ', 1)[1]} | "
                f"{by[newslint_case] / by[vale_case]:.2f} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
