"""Take docs/html-report.png: the seed draft's HTML report in headless Chromium.

    python scripts/html_report_screenshot.py [--out docs/html-report.png]

Runs ``newslint check --no-grammar --format html`` on ../shared/corpus/seed-draft-biden-poutine.txt,
opens the report (benchmarks/browser.py: Debian's chromium and chromedriver), moves to the
draft's first ``names/variants`` finding as an editor would (its card beside the text is the
current one) and saves the window.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from browser import chromium  # noqa: E402 - in benchmarks/

SEED = ROOT.parent / "shared" / "corpus" / "seed-draft-biden-poutine.txt"

GO_TO_FINDING = """
var section = document.querySelector('section.draft');
location.hash = '#' + section.id;
"""
FOCUS_NAMES = """
var card = document.querySelector('.shown li.card[data-rule="names/variants"]');
location.hash = '#' + card.id.slice(0, -5);
return card.id;
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "html-report.png")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=860)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newslint-shot-") as work:
        page = Path(work) / "report.html"
        # Run from the corpus folder: the report names the draft by its short path.
        process = subprocess.run(
            [
                sys.executable,
                "-m",
                "newslint",
                "check",
                "--no-grammar",
                "--format",
                "html",
                "--output",
                str(page),
                SEED.name,
            ],
            cwd=SEED.parent,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "NO_COLOR": "1"},
        )
        if process.returncode not in (0, 1):
            print(process.stderr, file=sys.stderr)
            return 1
        driver = chromium(args.width, args.height, logs=False)
        try:
            driver.get(page.as_uri())
            driver.execute_script(GO_TO_FINDING)
            time.sleep(0.3)
            driver.execute_script(FOCUS_NAMES)
            time.sleep(0.5)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(args.out))
        finally:
            driver.quit()
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
