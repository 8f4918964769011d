"""What a CI gate costs on an archive: each output format, --diff-base and baselines.

    python benchmarks/ci_gate.py [--limit 2000] [--edited 20]

Writes ``--limit`` OrangeSum articles (../shared/corpus) as drafts into a git repository under
benchmarks/out/ (git-ignored, never committed), commits them, then appends one sentence with a
slip ("Le le ...") to ``--edited`` of them, as a day's edits to an archive. Then times, with
``--no-grammar``:

- ``check`` in every output format (output size; SARIF validated against the OASIS schema);
- ``check --diff-base HEAD``: findings left should be the edited lines' only;
- ``baseline`` on the committed archive, then ``check --baseline``: only the new slips.

Prints one table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_files import write_corpus

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}
SLIP = "\nLe le conseil a voté la motion mardi soir.\n"


def sh(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, **GIT_ENV, "NO_COLOR": "1", "GITHUB_ACTIONS": ""}
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, check=False)


def newslint(*args: str, cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    process = sh(sys.executable, "-m", "newslint", *args, cwd=cwd)
    elapsed = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise SystemExit(
            f"newslint {' '.join(args)}: exit {process.returncode}\n"
            f"{process.stderr.decode()[-2000:]}"
        )
    return elapsed, process


def archive(limit: int) -> Path:
    repo = ROOT / "benchmarks" / "out" / f"ci-gate-{limit}"
    if repo.exists():
        shutil.rmtree(repo)
    write_corpus(repo / "drafts", limit=limit)
    (repo / "drafts" / ".count").unlink()
    sh("git", "init", "-q", cwd=repo)
    sh("git", "add", "-A", cwd=repo)
    sh("git", "commit", "-q", "-m", "archive", cwd=repo)
    return repo


def edit(repo: Path, edited: int) -> list[Path]:
    """A day's edits: one sentence with a slip appended to ``edited`` drafts."""
    drafts = sorted(repo.glob("drafts/*/*.md"))
    step = max(1, len(drafts) // max(edited, 1))
    changed = drafts[::step][:edited]
    for path in changed:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(SLIP)
    return changed


def count(process: subprocess.CompletedProcess) -> int:
    return json.loads(process.stdout)["summary"]["findings"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument("--edited", type=int, default=20)
    args = parser.parse_args(argv)
    repo = archive(args.limit)
    files = len(list(repo.glob("drafts/*/*.md")))
    rows: list[tuple[str, str, str]] = []

    # Baseline of the archive as committed; the day's edits come after it.
    elapsed, _ = newslint("baseline", "--no-grammar", "drafts", cwd=repo)
    rows.append(
        (
            "baseline (record)",
            f"{elapsed:.2f}",
            f"{(repo / '.newslint-baseline.json').stat().st_size / 1e6:.1f} MB file",
        )
    )
    changed = edit(repo, args.edited)

    for fmt in ("text", "json", "sarif", "github", "rdjsonl", "checkstyle", "junit"):
        elapsed, process = newslint("check", "--no-grammar", "--format", fmt, "drafts", cwd=repo)
        note = f"{len(process.stdout) / 1e6:.1f} MB out"
        if fmt == "sarif":
            import gzip

            note += f" ({len(gzip.compress(process.stdout)) / 1e6:.1f} MB gzipped)"
            try:
                import jsonschema

                log = json.loads(process.stdout)
                schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
                errors = list(jsonschema.Draft4Validator(schema).iter_errors(log))
                note += f", {len(log['runs'][0]['results'])} results, schema: " + (
                    "valid" if not errors else f"{len(errors)} errors"
                )
            except ImportError:
                note += ", schema not checked (no jsonschema)"
        rows.append((f"check --format {fmt}", f"{elapsed:.2f}", note))

    elapsed, full = newslint("check", "--no-grammar", "--format", "json", "drafts", cwd=repo)
    total = count(full)
    rows.append(("check (json), all findings", f"{elapsed:.2f}", f"{total} findings"))
    elapsed, process = newslint(
        "check", "--no-grammar", "--format", "json", "--diff-base", "HEAD", "drafts", cwd=repo
    )
    kept = json.loads(process.stdout)
    on_edits = sum(
        1
        for file in kept["files"]
        for f in file["findings"]
        if "Le le conseil" in f["text"] or f["text"] == "Le le"
    )
    rows.append(
        (
            "check --diff-base HEAD",
            f"{elapsed:.2f}",
            f"{count(process)} findings ({on_edits} on the {len(changed)} edited lines)",
        )
    )

    elapsed, process = newslint(
        "check",
        "--no-grammar",
        "--format",
        "json",
        "--baseline",
        ".newslint-baseline.json",
        "drafts",
        cwd=repo,
    )
    rows.append(("check --baseline", f"{elapsed:.2f}", f"{count(process)} findings"))

    width = max(len(r[0]) for r in rows)
    print(f"{files} drafts, {len(changed)} edited, --no-grammar, {os.cpu_count()} cores\n")
    print(f"{'run':<{width}}  {'seconds':>7}  notes")
    print(f"{'-' * width}  {'-' * 7}  {'-' * 40}")
    for name, seconds, note in rows:
        print(f"{name:<{width}}  {seconds:>7}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
