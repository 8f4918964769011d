"""Drafts per second for the same corpus articles as Markdown, HTML and Word (issue 17).

    python benchmarks/formats_bench.py [--articles 300] [--repeat 3]

Each of the first N articles of ../shared/corpus/orangesum-dev.jsonl.gz becomes a Markdown
draft (``# title`` then paragraphs), an HTML page as a CMS exports it (a head with scripts
and styles, site header, navigation, share buttons, the article, a footer) and a .docx
(python-docx: a heading then paragraphs). Each set is checked in one process through the
library API (``Checker.check_text``, grammar off: LanguageTool's time does not depend on the
format), best of ``--repeat`` runs. Prints, per format: drafts per second for loading alone
and for loading and checking, the rate against Markdown's, and the findings found (the
three should be equal: the same prose). Target: HTML and .docx at least half Markdown's rate.
"""

from __future__ import annotations

import argparse
import gzip
import html
import io
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
CORPUS = ROOT.parent / "shared" / "corpus" / "orangesum-dev.jsonl.gz"

PAGE_HEAD = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/static/site.css">
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"page": "article"}});</script>
<style>.share a {{ color: #333; }}</style></head>
<body><header class="site-header"><a href="/">Le Journal</a></header>
<nav><ul><li><a href="/politique">Politique</a></li><li><a href="/monde">Monde</a></li></ul></nav>
<main><article><h1>{title}</h1>
<div class="share-buttons"><a href="#">Partager</a><button>Tweeter</button></div>
"""
PAGE_TAIL = """</article></main><footer><p>© Le Journal</p></footer>
<script src="/static/analytics.js"></script></body></html>
"""


def articles(count: int) -> list[tuple[str, list[str]]]:
    found = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            paragraphs = [p.strip() for p in article["text"].split("\n") if p.strip()]
            found.append((article["title"].strip(), paragraphs))
            if len(found) >= count:
                break
    return found


def as_markdown(title: str, paragraphs: list[str]) -> bytes:
    return ("# " + title + "\n\n" + "\n\n".join(paragraphs) + "\n").encode("utf-8")


def as_html(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{html.escape(p, quote=False)}</p>\n" for p in paragraphs)
    return (PAGE_HEAD.format(title=html.escape(title)) + body + PAGE_TAIL).encode("utf-8")


def as_docx(title: str, paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def measure(drafts: list[bytes], name: str, repeat: int) -> tuple[float, float, int]:
    from newslint import api
    from newslint.documents import load

    checker = api.Checker(grammar=False)
    checker.check_text(drafts[0], path=name)  # rules compiled, lexicons loaded
    best_load = best_check = float("inf")
    findings = 0
    for _ in range(repeat):
        started = time.perf_counter()
        for data in drafts:
            load(name, data)
        best_load = min(best_load, time.perf_counter() - started)
        started = time.perf_counter()
        findings = 0
        for data in drafts:
            findings += len(checker.check_text(data, path=name).findings)
        best_check = min(best_check, time.perf_counter() - started)
    return len(drafts) / best_load, len(drafts) / best_check, findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if not CORPUS.is_file():
        raise SystemExit(f"corpus not found: {CORPUS}")
    chosen = articles(args.articles)
    sets = [
        ("Markdown", "draft.md", [as_markdown(t, p) for t, p in chosen]),
        ("HTML", "draft.html", [as_html(t, p) for t, p in chosen]),
        (".docx", "draft.docx", [as_docx(t, p) for t, p in chosen]),
    ]
    rows = []
    for label, name, drafts in sets:
        load_rate, check_rate, findings = measure(drafts, name, args.repeat)
        size = sum(map(len, drafts)) / len(drafts) / 1024
        rows.append((label, len(drafts), size, load_rate, check_rate, findings))
    base = rows[0][4]
    print(
        f"{'format':<9} {'drafts':>6} {'KB/draft':>9} {'load/s':>9} {'check/s':>9} "
        f"{'vs Markdown':>11} {'findings':>9}"
    )
    for label, count, size, load_rate, check_rate, findings in rows:
        print(
            f"{label:<9} {count:>6} {size:>9.1f} {load_rate:>9.0f} {check_rate:>9.1f} "
            f"{check_rate / base:>10.2f}x {findings:>9}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
