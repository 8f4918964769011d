"""What LanguageTool's text-level rules found against what newslint's own rules find.

    python benchmarks/grammar_text_level.py URL [--articles 200]

fr-grammar turns LanguageTool's text-level rules off (issue 14). On the first ARTICLES OrangeSum
articles this asks the server for them alone (``mode=textLevelOnly``, the whole article in one
request, so they see what they would see in a per-article check) and checks the same articles
with newslint's rules (fr-grammar's config, ``--no-grammar``), then counts, both ways:

- ``UPPERCASE_SENTENCE_START`` against ``style/sentence-case``;
- ``FR_REPEATEDWORDS*`` and the ``REP_*`` rules against ``style/repetition`` (and every other
  newslint finding on the same words, to show where the ground is covered).

A LanguageTool match is "covered" when a newslint finding of the compared rule overlaps it,
and the other way round.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "orangesum-dev.jsonl.gz"
sys.path.insert(0, str(ROOT / "src"))


def overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--articles", type=int, default=200)
    options = parser.parse_args()
    import requests

    from newslint import api

    url = options.url if options.url.endswith("/") else options.url + "/"
    texts = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line)["text"]
            if text.strip():
                texts.append(text)
            if len(texts) >= options.articles:
                break
    folder = Path(tempfile.mkdtemp(prefix="newslint-text-level-"))
    (folder / ".newslint.yaml").write_text("extends: [fr-press]\n", encoding="utf-8")
    checker = api.Checker(str(folder / ".newslint.yaml"), grammar=False)
    session = requests.Session()
    pairs = {"UPPERCASE_SENTENCE_START": "style/sentence-case", "REPEATED": "style/repetition"}
    lt_total: Counter = Counter()
    lt_covered: Counter = Counter()
    lt_any: Counter = Counter()
    ours_total: Counter = Counter()
    ours_covered: Counter = Counter()
    examples: dict[str, list[str]] = {}
    for index, text in enumerate(texts):
        answer = session.post(
            url + "v2/check",
            timeout=300,
            data={"language": "fr", "mode": "textLevelOnly", "text": text},
        ).json()
        lt: dict[str, list[tuple[int, int]]] = {"UPPERCASE_SENTENCE_START": [], "REPEATED": []}
        for match in answer["matches"]:
            rule = match["rule"]["id"]
            family = (
                "UPPERCASE_SENTENCE_START"
                if rule == "UPPERCASE_SENTENCE_START"
                else "REPEATED"
                if rule.startswith(("FR_REPEATEDWORDS", "REP_"))
                else ""
            )
            if family:
                # UTF-16 offsets; the corpus is in the BMP but for rare emoji: close enough.
                lt[family].append((match["offset"], match["offset"] + match["length"]))
        checked = checker.check_text(text, path=f"a{index}.txt")
        ours: dict[str, list[tuple[int, int]]] = {rule: [] for rule in pairs.values()}
        every = [(f.start, f.end) for f in checked.findings]
        for finding in checked.findings:
            if finding.rule in ours:
                ours[finding.rule].append((finding.start, finding.end))
        for family, rule in pairs.items():
            for span in lt[family]:
                lt_total[family] += 1
                if any(overlap(span, o) for o in ours[rule]):
                    lt_covered[family] += 1
                if any(overlap(span, o) for o in every):
                    lt_any[family] += 1
                elif len(examples.setdefault(family, [])) < 5:
                    examples[family].append(text[max(0, span[0] - 30) : span[1] + 10])
            for span in ours[rule]:
                ours_total[rule] += 1
                if any(overlap(span, s) for s in lt[family]):
                    ours_covered[rule] += 1
    print(f"{len(texts)} articles")
    print(
        "| LanguageTool text-level family | its matches | overlapped by the newslint rule "
        "| by any newslint finding | newslint rule | its findings | overlapped by LanguageTool |"
    )
    print("|---|---|---|---|---|---|---|")
    for family, rule in pairs.items():
        print(
            f"| {family} | {lt_total[family]} | {lt_covered[family]} | {lt_any[family]} "
            f"| {rule} | {ours_total[rule]} | {ours_covered[rule]} |"
        )
    for family, shown in examples.items():
        for example in shown:
            print(f"  {family} not covered: {example!r}")


if __name__ == "__main__":
    main()
