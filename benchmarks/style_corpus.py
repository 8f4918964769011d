"""Style and web-leftover rules on real agency copy: findings per article, by rule.

Each OrangeSum article (title + text, a clean published story) is checked as a plain-text
draft with the rules of the given rule files (default: the shipped fr-style and fr-web sets,
disabled rules included, so the table shows why they are disabled). A rule that fires on a
large share of these clean articles is noise and does not belong in the default set.

    python benchmarks/style_corpus.py [--limit N] [--examples 3] [RULE_FILES...]

Prints, per rule: articles with at least one finding (count and share), total findings,
whether the rule is on by default, and a few examples. The language rule's line also gives
the paragraphs examined, the paragraphs sent to the model and the false alarms (every
OrangeSum paragraph is French, so every finding of the language rule is a false alarm
unless the paragraph really is in another language: the examples let you judge).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newslint.checks import Context  # noqa: E402
from newslint.config import load_config  # noqa: E402
from newslint.documents import load  # noqa: E402
from newslint.linter import lint  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "orangesum-dev.jsonl.gz"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "files",
        nargs="*",
        default=[str(ROOT / "rules" / "fr-style.yaml"), str(ROOT / "rules" / "fr-web.yaml")],
    )
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--limit", type=int, default=0, help="articles to read (0: all)")
    parser.add_argument("--examples", type=int, default=2, help="examples printed per rule")
    args = parser.parse_args()
    if not Path(args.corpus).is_file():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2

    rules = []
    for file in args.files:
        rules.extend(load_config(file).base_rules())
    default_on = {rule.id: rule.enabled for rule in rules}
    from dataclasses import replace

    rules = [replace(rule, enabled=True) for rule in rules]
    context = Context(language="fr")

    articles = 0
    words = 0
    hit_articles: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    paragraphs = 0
    started = time.perf_counter()
    with gzip.open(args.corpus, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            draft = f"{record['title']}\n\n{record['text']}\n"
            document = load(f"{record['id']}.txt", draft.encode("utf-8"), "text")
            articles += 1
            words += len(draft.split())
            paragraphs += len(document.blocks)
            seen = set()
            for finding in lint(document, rules, context):
                findings[finding.rule] += 1
                if finding.rule not in seen:
                    seen.add(finding.rule)
                    hit_articles[finding.rule] += 1
                if len(examples[finding.rule]) < args.examples:
                    examples[finding.rule].append(f"{record['id']}: {finding.text[:70]!r}")
            if args.limit and articles >= args.limit:
                break
    elapsed = time.perf_counter() - started

    print(
        f"{articles} articles, {words} words, {paragraphs} paragraphs, "
        f"{elapsed:.1f} s ({articles / elapsed:.0f} articles/s, all rules below enabled)"
    )
    print()
    print(f"| {'rule':<28} | default | articles hit | share  | findings |")
    print(f"|{'-' * 30}|---------|--------------|--------|----------|")
    for rule in sorted(default_on):
        share = hit_articles[rule] / articles if articles else 0
        print(
            f"| {rule:<28} | {'on' if default_on[rule] else 'off':<7} | "
            f"{hit_articles[rule]:>12} | {share:>6.2%} | {findings[rule]:>8} |"
        )
    print()
    for rule in sorted(default_on):
        for example in examples[rule]:
            print(f"  {rule}: {example}")
    from newslint.checks import language

    print()
    print(
        f"language model loaded: {bool(language._identifiers)}; "
        f"paragraphs sent to the model: {language.STATS['model']} of "
        f"{language.STATS['examined']} examined ({paragraphs} in all)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
