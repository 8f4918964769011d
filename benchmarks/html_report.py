"""Size and load time of the HTML report (issue 18) for a run of corpus articles.

    python benchmarks/html_report.py [--limit 1000] [--loads 3] [--seed-copies N | --big-draft N]

Writes the first ``--limit`` articles of ../shared/corpus/orangesum-dev.jsonl.gz as drafts
(benchmarks/corpus_files.py), runs ``newslint check --no-grammar --format html --output``, and
opens the report ``--loads`` times in headless Chromium. Prints one table: the report's size,
then per load (milliseconds from navigation start): first contentful paint (the index shows),
DOMContentLoaded, ready (the page's script has run: filters and keys work), and, once ready,
opening the draft with the most findings and moving to its next finding.
``--seed-copies N``: the run is N copies of the seed draft instead (31 findings each), a
report far denser in findings than the corpus's. ``--big-draft N``: one draft of N short
paragraphs with two findings each (the worst case for one draft's page).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from browser import chromium  # noqa: E402 - beside this script
from corpus_files import CORPUS, write_corpus  # noqa: E402

SEED = CORPUS.parent / "seed-draft-biden-poutine.txt"

TIMES = """
var nav = performance.getEntriesByType('navigation')[0];
var paint = performance.getEntriesByName('first-contentful-paint')[0];
var ready = performance.getEntriesByName('newslint-ready')[0];
return [paint ? paint.startTime : null, nav.domContentLoadedEventEnd, ready ? ready.startTime : null];
"""

OPEN_BUSIEST = """
var done = arguments[arguments.length - 1];
var sections = Array.from(document.querySelectorAll('section.draft'));
var busiest = sections.reduce(function (a, b) {
  return +b.dataset.findings > +a.dataset.findings ? b : a; });
var start = performance.now();
location.hash = '#' + busiest.id;
requestAnimationFrame(function () { setTimeout(function () {
  var opened = performance.now() - start;
  var t = performance.now();
  document.querySelector('.toolbar button[data-go=next]').click();
  requestAnimationFrame(function () { setTimeout(function () {
    done([busiest.dataset.findings, opened, performance.now() - t]);
  }, 0); });
}, 0); });
"""


def _timed(arguments: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    process = subprocess.run(
        [sys.executable, "-m", "newslint", "check", "--no-grammar", *arguments],
        check=False,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    return time.perf_counter() - started, process


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--seed-copies", type=int, default=0)
    parser.add_argument("--big-draft", type=int, default=0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newslint-html-") as work:
        if args.big_draft:
            folder = Path(work) / "drafts"
            folder.mkdir()
            text = "Le  le président , a dit « oui ».\n\n" * args.big_draft
            (folder / "big.txt").write_text(text, encoding="utf-8")
            files, size = 1, len(text.encode())
        elif args.seed_copies:
            folder = Path(work) / "drafts"
            folder.mkdir()
            text = SEED.read_text(encoding="utf-8")
            for number in range(args.seed_copies):
                (folder / f"seed-{number:04d}.txt").write_text(text, encoding="utf-8")
            files, size = args.seed_copies, args.seed_copies * len(text.encode())
        else:
            folder, files, size = write_corpus(Path(work) / "drafts", args.limit)
        page = Path(work) / "report.html"
        plain = _timed(["--format", "json", "--output", os.devnull, str(folder)])[0]
        written, process = _timed(["--format", "html", "--output", str(page), str(folder)])
        if process.returncode not in (0, 1, 3) or not page.is_file():  # 3: a check gave up
            print(process.stderr, file=sys.stderr)
            return 1
        summary = process.stdout.strip().splitlines()[-1]
        report_size = page.stat().st_size
        rows = []
        driver = chromium()
        try:
            driver.set_script_timeout(60)
            for _ in range(args.loads):
                driver.get("about:blank")
                driver.get(page.as_uri())
                while (
                    driver.execute_script(
                        "return document.documentElement.getAttribute('data-ready')"
                    )
                    != "1"
                ):
                    time.sleep(0.05)
                paint, loaded, ready = driver.execute_script(TIMES)
                findings, opened, moved = driver.execute_async_script(OPEN_BUSIEST)
                rows.append((paint, loaded, ready, opened, moved))
        finally:
            driver.quit()
    print(f"{files} drafts ({size / 1e6:.1f} MB), {summary}")
    print(
        f"newslint check --no-grammar: {written:.1f} s with --format html, "
        f"{plain:.1f} s with --format json"
    )
    print()
    print("| measure | value |")
    print("|---|---|")
    print(f"| report size | {report_size / 1e6:.2f} MB |")
    names = (
        "first contentful paint (index shown)",
        "DOMContentLoaded",
        "ready (script ran)",
        f"open the busiest draft ({findings} findings)",
        "next finding (button)",
    )
    for column, name in enumerate(names):
        values = [row[column] for row in rows if row[column] is not None]
        print(
            f"| {name} | median {statistics.median(values):.0f} ms "
            f"(min {min(values):.0f}, max {max(values):.0f}, {len(values)} loads) |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
