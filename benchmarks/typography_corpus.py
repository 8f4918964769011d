"""Measure the typography, punctuation and quote checks on real French text.

1. Grammalecte's test sentences (``../shared/corpus/grammalecte-fr-tests-dev.jsonl.gz``):
   recall on the ``typography_punctuation`` tests that expect an error, restricted to the
   families newslint covers (``COVERED`` below; a test counts as found when a finding
   overlaps each expected span), and findings per 500 must-not-flag sentences
   (``literature_negative``, ``from_languagetool_negative``, negative typography tests).
2. OrangeSum articles (``orangesum-dev.jsonl.gz``, AFP wire copy with straight quotes):
   findings per article by rule with the default ``fr-press`` set (grammar off), then with
   the straight-quote house style (``quotes/style: {options: {style: straight}}``).

Usage::

    python benchmarks/typography_corpus.py [--shared ../shared] [--articles 1000] [--show-misses]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from newslint.checks import Context
from newslint.config import load_config
from newslint.documents import load
from newslint.linter import lint

ROOT = Path(__file__).resolve().parents[1]

#: Grammalecte test families newslint covers, by Grammalecte rule name -> newslint rule(s).
COVERED = {
    "tab_fin_ligne": "typography/spaces",
    "esp_milieu_ligne": "typography/spaces",
    "esp_mélangés2": "typography/spaces",
    "esp_insécables_multiples": "typography/spaces",
    "esp_avant_après_tiret": "punctuation/dash",
    "typo_espace_avant_signe_fermant": "punctuation/space-before",
    "typo_parenthèse_ouvrante_collée": "punctuation/space-after",
    "typo_points_suspension_après_espace": "punctuation/ellipsis",
    "typo_virgule_collée_à_mot_suivant": "punctuation/space-before",
    "typo_guillemets_ouvrants_inverses3": "quotes/pairing",
    "typo_guillemets_typographiques_doubles_fermants": "quotes/pairing, quotes/style",
    "typo_guillemets_typographiques_simples_doubles_fermants": "quotes/pairing, quotes/style",
    "typo_guillemets_typographiques_simples_fermants": "quotes/pairing, quotes/single-mixed",
    "typo_cohérence_guillemets_chevrons_fermants": "quotes/pairing",
    "typo_guillemets_doubles_fermants_non_ouverts": "quotes/pairing",
    "typo_guillemet_simple_fermant_non_ouvert": "quotes/pairing",
    "typo_espace_manquant_après2": "punctuation/space-after, punctuation/glued-words, typography/abbreviations, punctuation/ellipsis",
    "typo_points_superflus": "punctuation/ellipsis",
    "typo_virgules_points": "punctuation/doubled",
    "typo_ponctuation_superflue4": "punctuation/doubled",
    "nbsp_après_double_ponctuation": "typography/space-missing",
    "unit_nbsp_avant_unités3": "typography/numbers",
    "typo_tiret_incise2": "punctuation/dash",
    "num_nombre_quatre_chiffres": "typography/numbers",
    # Grammalecte files its apostrophe tests under this name (section "Apostrophes").
    "p_adresse_IP/Apostrophes": "quotes/style, typography/elision, typography/apostrophe-lost",
}
NEGATIVE_AREAS = ("literature_negative", "from_languagetool_negative")


def family(row: dict) -> str:
    if row["rule"] == "p_adresse_IP" and row["section"] == "Apostrophes":
        return "p_adresse_IP/Apostrophes"
    return row["rule"]


def typography_rules(extra: str = "") -> list:
    """The rules of the shipped ``fr-press`` set, minus grammar (needs LanguageTool)."""
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, ".newslint.yaml")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("extends: [fr-press]\n" + extra)
        config = load_config(path)
    return [rule for rule in config.base_rules() if rule.enabled and rule.kind.name != "grammar"]


def findings_for(text: str, rules: list) -> list:
    document = load("draft.txt", text.encode("utf-8"))
    return lint(document, rules, Context())


def grammalecte(shared: Path, rules: list, show_misses: bool) -> None:
    with gzip.open(shared / "corpus/grammalecte-fr-tests-dev.jsonl.gz", "rt") as handle:
        rows = [json.loads(line) for line in handle]
    ours = [r for r in rules if r.id.split("/")[0] in ("quotes", "punctuation", "typography")]
    positives = [r for r in rows if r["area"] == "typography_punctuation" and r["expects_error"]]
    covered = [r for r in positives if family(r) in COVERED]
    found_tests = found_spans = total_spans = 0
    misses = []
    per_family: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for row in covered:
        findings = findings_for(row["text"], ours)
        hits = 0
        for error in row["errors"]:
            total_spans += 1
            if any(
                (f.start < error["end"] and error["start"] < f.end)
                or (f.start == f.end == error["start"])
                for f in findings
            ):
                hits += 1
        found_spans += hits
        ok = hits == len(row["errors"])
        found_tests += ok
        per_family[family(row)][0] += ok
        per_family[family(row)][1] += 1
        if not ok:
            misses.append((row["marked"], [(f.rule, f.text) for f in findings]))
    print("## Grammalecte typography_punctuation tests expecting an error\n")
    print(
        f"tests expecting an error: {len(positives)}; in families newslint covers: {len(covered)}\n"
    )
    print("| measure | found | total | recall |")
    print("|---|---:|---:|---:|")
    print(
        f"| tests (every expected span overlapped) | {found_tests} | {len(covered)} | {found_tests / len(covered):.3f} |"
    )
    print(f"| expected spans | {found_spans} | {total_spans} | {found_spans / total_spans:.3f} |")
    print("\n| Grammalecte family | newslint rule(s) | found/tests |")
    print("|---|---|---:|")
    for name, (hit, total) in sorted(per_family.items()):
        print(f"| {name} | {COVERED[name]} | {hit}/{total} |")
    if show_misses:
        print("\nMisses:")
        for marked, got in misses:
            print(f"  {marked!r}  got {got}")

    negatives = [
        r
        for r in rows
        if r["area"] in NEGATIVE_AREAS
        or (r["area"] == "typography_punctuation" and not r["expects_error"])
    ]
    print("\n## Must-not-flag sentences\n")
    print("Each sentence is checked as a whole draft (default rules), then as an excerpt")
    print("(`quotes/pairing: {options: {excerpt: true}}`): these sentences are cut from longer")
    print("texts, so a quotation may open in an earlier paragraph or close in a later one.\n")
    _negatives(negatives, ours, "as drafts", show_misses)
    excerpt = typography_rules("rules:\n  quotes/pairing: {options: {excerpt: true}}\n")
    _negatives(
        negatives,
        [r for r in excerpt if r.id.split("/")[0] in ("quotes", "punctuation", "typography")],
        "as excerpts",
        show_misses,
    )


def _negatives(negatives: list, ours: list, label: str, show_misses: bool) -> None:
    by_area: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0])
    by_rule: collections.Counter = collections.Counter()
    flagged = []
    for row in negatives:
        area = row["area"] if row["area"] != "typography_punctuation" else "typography_negative"
        findings = findings_for(row["text"], ours)
        by_area[area][0] += 1
        by_area[area][1] += len(findings)
        by_area[area][2] += bool(findings)
        for finding in findings:
            by_rule[finding.rule] += 1
            flagged.append((finding.rule, row["text"][:120], finding.text))
    print(f"\n### Checked {label}\n")
    print("| area | sentences | findings | sentences flagged | findings per 500 |")
    print("|---|---:|---:|---:|---:|")
    total = [0, 0, 0]
    for area, (count, findings, sentences) in sorted(by_area.items()):
        total = [total[0] + count, total[1] + findings, total[2] + sentences]
        print(f"| {area} | {count} | {findings} | {sentences} | {500 * findings / count:.2f} |")
    print(f"| **all** | {total[0]} | {total[1]} | {total[2]} | {500 * total[1] / total[0]:.2f} |")
    if by_rule:
        print(
            "\nFalse positives by rule: "
            + ", ".join(f"{rule} {n}" for rule, n in by_rule.most_common())
        )
    if show_misses:
        for rule, text, span in flagged:
            print(f"  FP {rule}: {span!r} in {text!r}")


def orangesum(shared: Path, articles: int) -> None:
    texts = []
    with gzip.open(shared / "corpus/orangesum-dev.jsonl.gz", "rt") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
            if len(texts) >= articles:
                break
    setups = [
        ("fr-press (default, french quotes)", ""),
        (
            "fr-press + quotes/style: straight",
            "rules:\n  quotes/style: {options: {style: straight}}\n",
        ),
    ]
    results = []
    for label, extra in setups:
        rules = typography_rules(extra)
        counts: collections.Counter = collections.Counter()
        touched: collections.Counter = collections.Counter()
        started = time.perf_counter()
        for text in texts:
            per = collections.Counter(_label(f) for f in findings_for(text, rules))
            counts.update(per)
            touched.update(per.keys())
        results.append((label, counts, touched, time.perf_counter() - started))
    print(f"\n## OrangeSum: findings per article by rule ({len(texts)} articles, grammar off)\n")
    rule_ids = sorted(
        {rule for _, counts, _, _ in results for rule in counts}, key=lambda r: -results[0][1][r]
    )
    header = " | ".join(f"{label}: per article (% articles)" for label, *_ in results)
    print(f"| rule | {header} |")
    print("|---|" + "---:|" * len(results))
    for rule in rule_ids:
        cells = " | ".join(
            f"{counts[rule] / len(texts):.2f} ({100 * touched[rule] / len(texts):.0f} %)"
            for _, counts, touched, _ in results
        )
        print(f"| {rule} | {cells} |")
    cells = " | ".join(
        f"**{sum(counts.values()) / len(texts):.2f}**" for _, counts, _, _ in results
    )
    print(f"| **all** | {cells} |")
    for label, counts, _, seconds in results:
        warnings = sum(n for rule, n in counts.items() if not _is_info(rule))
        print(
            f"\n{label}: {warnings / len(texts):.2f} warning-or-error findings per article; "
            f"{seconds:.1f} s"
        )


def _label(finding) -> str:
    """Rule id; house-style findings split into quotation marks and apostrophes."""
    if finding.rule == "quotes/style":
        return (
            "quotes/style (apostrophes)"
            if "Apostrophe" in finding.message
            else "quotes/style (quotes)"
        )
    return finding.rule


_INFO = set()


def _is_info(rule_id: str) -> bool:
    rule_id = rule_id.split(" ")[0]
    if not _INFO:
        from newslint.findings import Severity

        _INFO.update(r.id for r in typography_rules() if r.severity == Severity.INFO)
    return rule_id in _INFO


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--skip-orangesum", action="store_true")
    args = parser.parse_args()
    shared = Path(args.shared)
    if not shared.is_dir():
        print(f"{shared} not found", file=sys.stderr)
        return 2
    rules = typography_rules()
    grammalecte(shared, rules, args.show_misses)
    if not args.skip_orangesum:
        orangesum(shared, args.articles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
