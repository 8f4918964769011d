"""Name-spelling checks on real copy: recall, wrong reports, flagged articles, time (issue 3).

Runs the rules of the shipped ``fr-names`` set (``names/variants``, ``names/accents``; the
registry is empty here) through the real linter over ``../shared/corpus/orangesum-dev.jsonl.gz``
(title as a headline, then the body) and scores them against the labelled pairs of
``../shared/corpus/name-variants-dev.jsonl``:

- recall (``names/variants`` findings only; ``names/accents`` is a separate, lower rule):
  share of ``same_entity_inconsistent`` pairs reported (a finding on one form
  suggesting the other; "strict" also requires the finding on the rare form);
- wrongly reported: share of ``not_an_error_or_different_entities`` pairs reported;
- flagged: share of all articles with at least one finding of the rule(s);
- direction: in the positive pairs found, whether the suggestion goes to the corpus's
  usual form (``frequent_form``: the labels say which forms denote one entity, not which is
  right, so the form the whole corpus uses most stands for the right one), counted apart
  for pairs whose draft holds both forms as often (ties) and those where the rare form is
  the draft's majority; a finding without a suggestion gives no direction;
- time: mean milliseconds per article for the names rules (mentions found once, shared);
  and a first and a second run of ``newslint check --no-grammar`` on a small draft with an
  empty cache folder (the first run pays for anything built on first use).

Pairs are split in two halves by a hash of their id: develop on ``dev``, check on ``check``.

    python benchmarks/names_corpus.py [--limit N] [--shared PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
import zlib
from collections import defaultdict
from pathlib import Path

from newslint.checks import Context
from newslint.config import load_config
from newslint.documents import load
from newslint.linter import lint
from newslint.registry import Registry

ROOT = Path(__file__).resolve().parents[1]


def articles(path: Path, limit: int | None):
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            if limit is not None and index >= limit:
                break
            yield json.loads(line)


def draft(article: dict) -> str:
    title = (article.get("title") or "").strip("\n")
    return f"{title}\n\n{article['text']}" if title else article["text"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--limit", type=int, default=None, help="articles for the flagged share")
    parser.add_argument("--misses", action="store_true", help="list dev-half misses")
    parser.add_argument(
        "--show-flagged",
        type=int,
        default=0,
        metavar="N",
        help="print N findings from unlabelled articles",
    )
    args = parser.parse_args()
    corpus = Path(args.shared) / "corpus"
    if not corpus.is_dir():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ".newslint.yaml"
        path.write_text("extends: [fr-names]\n", encoding="utf-8")
        config = load_config(path)
    rules = [rule for rule in config.base_rules() if rule.id in ("names/variants", "names/accents")]
    context = Context(names=Registry([]))
    pairs = [
        json.loads(line) for line in (corpus / "name-variants-dev.jsonl").open(encoding="utf-8")
    ]
    wanted = {pair["article_id"] for pair in pairs}

    lint(load("warm.txt", b"Biden et Baiden."), rules, context)  # load wordfreq once
    by_article: dict[str, list] = {}
    flagged: dict[str, int] = defaultdict(int)
    total = 0
    elapsed = 0.0
    cpu_spent = 0.0  # CPU time: robust to other processes sharing the machine
    chars = 0
    shown: list[str] = []
    for article in articles(corpus / "orangesum-dev.jsonl.gz", args.limit):
        document = load(f"{article['id']}.txt", draft(article).encode("utf-8"))
        started, cpu = time.perf_counter(), time.process_time()
        findings = lint(document, rules, context)
        elapsed += time.perf_counter() - started
        cpu_spent += time.process_time() - cpu
        chars += len(document.text)
        total += 1
        ids = {finding.rule for finding in findings}
        for rule_id in ids:
            flagged[rule_id] += 1
        if ids:
            flagged["any"] += 1
            if article["id"] not in wanted and len(shown) < args.show_flagged:
                shown.extend(f"{article['id']}: {f.rule} {f.message}" for f in findings[:1])
        if article["id"] in wanted:
            by_article[article["id"]] = findings
    # Labelled articles beyond --limit are still scored.
    if len(by_article) < len(wanted):
        for article in articles(corpus / "orangesum-dev.jsonl.gz", None):
            if article["id"] in wanted and article["id"] not in by_article:
                document = load(f"{article['id']}.txt", draft(article).encode("utf-8"))
                by_article[article["id"]] = lint(document, rules, context)

    def direction(pair: dict) -> str | None:
        """``right``, ``wrong``, ``none`` (reported without a suggestion) or None (missed)."""
        rare, frequent = pair["rare_form"], pair["frequent_form"]
        found = None
        for finding in by_article.get(pair["article_id"], ()):
            if finding.rule != "names/variants":
                continue
            if finding.text == rare and frequent in finding.suggestions:
                return "right"
            if finding.text == frequent and rare in finding.suggestions:
                found = "wrong"
            elif (
                not finding.suggestions
                and finding.text in (rare, frequent)
                and f"« {frequent if finding.text == rare else rare} »" in finding.message
            ):
                found = found or "none"
        return found

    def reported(pair: dict, strict: bool) -> bool:
        found = direction(pair)
        return found == "right" if strict else found is not None

    def case(pair: dict) -> str:
        counts = pair["count_in_article"]
        rare, frequent = counts.get(pair["rare_form"], 0), counts.get(pair["frequent_form"], 0)
        if rare == frequent:
            return "tie"
        return "majority misspelling" if rare > frequent else "minority"

    print(f"pairs: {len(pairs)}; articles: {total}; mean {chars / max(total, 1):.0f} characters")
    print()
    print("| half | positives | recall | recall (strict) | negatives | wrongly reported |")
    print("|---|---:|---:|---:|---:|---:|")
    for half in ("dev", "check", "all"):
        chosen = [p for p in pairs if half == "all" or _half(p["id"]) == half]
        positives = [p for p in chosen if p["label"] == "same_entity_inconsistent"]
        negatives = [p for p in chosen if p["label"] == "not_an_error_or_different_entities"]
        recall = sum(reported(p, False) for p in positives) / max(len(positives), 1)
        strict = sum(reported(p, True) for p in positives) / max(len(positives), 1)
        wrong = sum(reported(p, False) for p in negatives) / max(len(negatives), 1)
        print(
            f"| {half} | {len(positives)} | {recall:.3f} | {strict:.3f} | {len(negatives)} | {wrong:.1%} |"
        )
    print()
    print("Direction in the positive pairs found (right = suggests the corpus's usual form):")
    print()
    print("| half | case | found | right | wrong | no suggestion | right / found |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for half in ("dev", "check", "all"):
        chosen = [
            p
            for p in pairs
            if p["label"] == "same_entity_inconsistent"
            and (half == "all" or _half(p["id"]) == half)
        ]
        for kind in ("minority", "tie", "majority misspelling", "all"):
            ways = [direction(p) for p in chosen if kind == "all" or case(p) == kind]
            ways = [way for way in ways if way is not None]
            right, wrong, none = (ways.count(w) for w in ("right", "wrong", "none"))
            print(
                f"| {half} | {kind} | {len(ways)} | {right} | {wrong} | {none} | "
                f"{right / max(len(ways), 1):.1%} |"
            )
    print()
    print("| rule | articles flagged | share |")
    print("|---|---:|---:|")
    for rule_id in ("names/variants", "names/accents", "any"):
        print(f"| {rule_id} | {flagged[rule_id]} | {flagged[rule_id] / max(total, 1):.2%} |")
    print()
    print(
        f"time (variants + accents): {1000 * elapsed / max(total, 1):.3f} ms per article (mean, "
        f"wall), {1000 * cpu_spent / max(total, 1):.3f} ms CPU; "
        f"{1000 * cpu_spent / max(chars, 1) * 1600:.3f} ms CPU per 1,600 characters"
    )
    # The registry rule with the shipped example registry, on the first 2,000 articles.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ".newslint.yaml"
        path.write_text("extends: [fr-names, names-example]\n", encoding="utf-8")
        full = load_config(path)
    every = [rule for rule in full.base_rules() if rule.id.startswith("names/")]
    context = Context(names=Registry(list(full.names)))
    spent, count, registry_found = 0.0, 0, 0
    for article in articles(corpus / "orangesum-dev.jsonl.gz", 2000):
        document = load(f"{article['id']}.txt", draft(article).encode("utf-8"))
        started = time.process_time()
        found = lint(document, every, context)
        spent += time.process_time() - started
        count += 1
        registry_found += any(f.rule == "names/registry" for f in found)
    print(
        f"time (all three rules, example registry of {len(full.names)} names): "
        f"{1000 * spent / max(count, 1):.3f} ms CPU per article over {count} articles; "
        f"{registry_found} articles with a registry finding"
    )
    for select in ((), ("--select", "names")):
        first, second = _first_and_second_run(*select)
        print(
            f"newslint check --no-grammar {' '.join(select)} on a small draft, empty cache: "
            f"first run {first:.2f} s, second run {second:.2f} s (wall, median of 3)"
        )
    if args.misses:
        # Development aid: only the dev half is shown, the check half stays unseen.
        for pair in pairs:
            if _half(pair["id"]) != "dev":
                continue
            hit = reported(pair, False)
            if (pair["label"] == "same_entity_inconsistent" and not hit) or (
                pair["label"] == "not_an_error_or_different_entities" and hit
            ):
                print(
                    "MISS" if not hit else "WRONG",
                    pair["rare_form"],
                    pair["frequent_form"],
                    pair["count_in_article"],
                )
            elif pair["label"] == "same_entity_inconsistent" and direction(pair) != "right":
                print(
                    "DIRECTION",
                    direction(pair),
                    pair["rare_form"],
                    pair["frequent_form"],
                    pair["count_in_article"],
                )
    if args.show_flagged:
        for line in shown[: args.show_flagged]:
            print(line)
    return 0


def _first_and_second_run(*select: str) -> tuple[float, float]:
    """Median wall seconds of a first and a second ``newslint check --no-grammar`` run on
    one small draft, the first with an empty cache folder (as after installing), over three
    empty cache folders."""
    import os
    import statistics
    import subprocess

    firsts, seconds = [], []
    with tempfile.TemporaryDirectory() as folder:
        draft = Path(folder) / "draft.txt"
        draft.write_text(
            "Joe Biden a appelé Vladimir Poutine. Baiden a insisté, a dit Biden.\n",
            encoding="utf-8",
        )
        for attempt in range(3):
            env = {**os.environ, "NEWSLINT_CACHE_DIR": str(Path(folder) / f"cache{attempt}")}
            for times in (firsts, seconds):
                started = time.perf_counter()
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "newslint",
                        "check",
                        "--no-grammar",
                        *select,
                        str(draft),
                    ],
                    env=env,
                    cwd=folder,
                    capture_output=True,
                    check=False,
                    timeout=600,
                )
                times.append(time.perf_counter() - started)
    return statistics.median(firsts), statistics.median(seconds)


def _half(pair_id: str) -> str:
    return "dev" if zlib.crc32(pair_id.encode("utf-8")) % 2 == 0 else "check"


if __name__ == "__main__":
    sys.exit(main())
