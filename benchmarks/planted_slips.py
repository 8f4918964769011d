"""Planted slips: does the default gate block real slips and pass clean published copy?

Published articles (``../shared/corpus/orangesum-dev.jsonl.gz``, shuffled with a fixed seed)
are taken as clean copy. For each slip kind, a copy of each of N articles where the slip can
be planted gets exactly one slip, and newslint (library API, in-process, the default
configuration, grammar off) checks the originals and the copies. A planted slip counts as
*found at the gate* when a finding at or above ``--fail-on`` (default: the CLI's default)
overlaps the planted span.

Slip kinds (each a small function below; none knows which rule should find it):

- ``name``: one occurrence of a capitalised name used at least twice altered by one edit
  (a letter substituted, inserted, deleted, or two letters swapped, chosen at random);
- ``quote-curly-close``: a closing » turned into ”;
- ``quote-close-removed``: a closing » (and the space before it) removed;
- ``comma-doubled``: a comma between words doubled;
- ``lone-period``: a paragraph that is a lone ``.``;
- ``web-leftover``: a navigation / call-to-action line between two paragraphs;
- ``period-space``: the space after a sentence's final period removed (``refusé.Le``);
- ``word-repeated``: a short word written twice (``de de``).

Printed: per kind the share found at the gate (and at any severity), the share of clean
originals the gate fails, findings per original (any severity, by rule), and the typography
recall on Grammalecte's typography tests (must-flag recall, must-not-flag flagged share).

Published copy is not free of slips (the corpus README: OrangeSum carries real mistakes), so
the originals failing the gate are split by a *reviewed* file, ``benchmarks/data/
gate-fails-reviewed.tsv`` (columns: article id, rule, flagged text, verdict, reason), written
by reading each failing finding in its article: verdict ``slip`` (the article was published
with it: ``Répubique``, ``pour pour``) or ``false-alarm``. An original fails *on a false alarm*
when one of its failing findings is a reviewed false alarm, *on published slips* when all of
them are reviewed slips; a failing finding with no verdict is printed as ``unreviewed`` and
its original counted apart, never either way. The checks never read that file: it measures,
it does not tune. ``--unreviewed-tsv FILE`` writes the unreviewed findings as rows to review.

    python benchmarks/planted_slips.py [--n 500] [--fail-on error] [--seed 12] [--show-misses]
        [--config rules/fr-press-strict.yaml] [--no-typography] [--originals-only]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from newslint.config import default_config, load_config  # noqa: E402
from newslint.documents import load  # noqa: E402
from newslint.findings import Severity  # noqa: E402
from newslint.linter import lint  # noqa: E402
from newslint.runner import make_context  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
LOWER = "a-zàâäçéèêëîïôöùûüÿœæ"
UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ"

#: Lines a web page leaves between paragraphs: navigation, calls to action, share widgets.
LEFTOVERS = (
    "Lire aussi",
    "Publicité",
    "Partager sur Facebook",
    "Cliquez ici pour réagir",
    "Abonnez-vous à notre newsletter",
    "Voir la vidéo",
    "Partager cet article",
    "Lire la suite",
    "Suivez-nous sur Twitter",
    "Réagir à cet article",
    "Imprimer",
    "Envoyer par e-mail",
    "Retour à l'accueil",
    "À lire aussi",
    "Commenter",
    "Voir aussi",
)
SHORT_WORDS = (
    "le",
    "la",
    "les",
    "de",
    "des",
    "du",
    "et",
    "un",
    "une",
    "en",
    "au",
    "pour",
    "dans",
    "sur",
    "qui",
    "que",
    "a",
    "est",
    "par",
    "il",
    "se",
)


# -- planting: each returns (new text, (start, end) of the slip in it) or None ---------------


def _paragraph_breaks(text: str) -> list[int]:
    return [m.end() for m in re.finditer(r"\n\n(?=\S)", text)]


def plant_name(text: str, rng: random.Random):
    pattern = re.compile(rf"(?<=[{LOWER},] )[{UPPER}][{LOWER}]{{4,}}\b")
    occurrences = collections.defaultdict(list)
    for match in pattern.finditer(text):
        occurrences[match.group()].append(match)
    names = sorted(n for n, ms in occurrences.items() if len(ms) >= 2)
    if not names:
        return None
    name = rng.choice(names)
    match = rng.choice(occurrences[name])
    variant = one_edit(name, rng)
    if re.search(rf"\b{re.escape(variant)}\b", text):
        return None
    start = match.start()
    return text[:start] + variant + text[match.end() :], (start, start + len(variant))


def one_edit(name: str, rng: random.Random) -> str:
    """A typo: one letter (never the first) substituted, inserted, deleted, or two swapped."""
    index = rng.randrange(1, len(name) - 1)
    old = name[index]
    pool = "aeiou" if old in "aeiou" else "bcdfglmnprstv"
    new = rng.choice([c for c in pool if c != old])
    edit = rng.choice(("substitute", "insert", "delete", "swap"))
    if edit == "insert":
        return name[:index] + new + name[index:]
    if edit == "delete":
        return name[:index] + name[index + 1 :]
    if edit == "swap" and name[index] != name[index + 1]:
        return name[:index] + name[index + 1] + name[index] + name[index + 2 :]
    return name[:index] + new + name[index + 1 :]


def _quotations(text: str):
    return list(re.finditer(r"«[^«»\n]{2,400}»", text))


def plant_quote_curly(text: str, rng: random.Random):
    quotes = _quotations(text)
    if not quotes:
        return None
    match = rng.choice(quotes)
    end = match.end() - 1
    return text[:end] + "”" + text[end + 1 :], (match.start(), end + 1)


def plant_quote_removed(text: str, rng: random.Random):
    quotes = _quotations(text)
    if not quotes:
        return None
    match = rng.choice(quotes)
    end = match.end() - 1
    cut = end
    while cut > match.start() + 1 and text[cut - 1] in " \u00a0\u202f":
        cut -= 1
    return text[:cut] + text[end + 1 :], (match.start(), cut)


def plant_comma(text: str, rng: random.Random):
    commas = [m.start() for m in re.finditer(rf"(?<=[{LOWER}]),(?= [{LOWER}])", text)]
    if not commas:
        return None
    at = rng.choice(commas)
    return text[:at] + ",," + text[at + 1 :], (at, at + 2)


def plant_lone_period(text: str, rng: random.Random):
    breaks = _paragraph_breaks(text)
    if not breaks:
        return None
    at = rng.choice(breaks)
    return text[:at] + ".\n\n" + text[at:], (at, at + 1)


def plant_leftover(text: str, rng: random.Random):
    breaks = _paragraph_breaks(text)
    if not breaks:
        return None
    at = rng.choice(breaks)
    line = rng.choice(LEFTOVERS)
    return text[:at] + line + "\n\n" + text[at:], (at, at + len(line))


def plant_period_space(text: str, rng: random.Random):
    spots = [m.start() for m in re.finditer(rf"(?<=[{LOWER}]{{3}})\. (?=[{UPPER}][{LOWER}])", text)]
    if not spots:
        return None
    at = rng.choice(spots)
    return text[: at + 1] + text[at + 2 :], (at - 1, at + 2)


def plant_repeated(text: str, rng: random.Random):
    words = "|".join(SHORT_WORDS)
    spots = list(re.finditer(rf"(?<=[{LOWER}] )(?:{words})(?= [{LOWER}])", text))
    if not spots:
        return None
    match = rng.choice(spots)
    word = match.group()
    return (
        text[: match.start()] + word + " " + text[match.start() :],
        (match.start(), match.start() + 2 * len(word) + 1),
    )


KINDS = {
    "name": plant_name,
    "quote-curly-close": plant_quote_curly,
    "quote-close-removed": plant_quote_removed,
    "comma-doubled": plant_comma,
    "lone-period": plant_lone_period,
    "web-leftover": plant_leftover,
    "period-space": plant_period_space,
    "word-repeated": plant_repeated,
}


# -- running ---------------------------------------------------------------------------------


def cli_fail_on() -> str:
    from newslint.commands.options import FAIL_ON_DEFAULT

    return FAIL_ON_DEFAULT


class Checker:
    def __init__(self, config_path: str | None = None) -> None:
        config = load_config(config_path) if config_path else default_config()
        self.rules = [r for r in config.base_rules() if r.enabled and r.kind.name != "grammar"]
        self.context = make_context(config)

    def __call__(self, text: str) -> list:
        return lint(load("draft.txt", text.encode("utf-8")), self.rules, self.context)


def overlaps(finding, span: tuple[int, int]) -> bool:
    start, end = span
    if finding.source_start == finding.source_end:
        return start <= finding.source_start <= end
    return finding.source_start < end and start < finding.source_end


def articles(limit_scan: int, seed: int) -> list[tuple[str, str]]:
    """(article id, text) of the corpus, shuffled with ``seed``."""
    with gzip.open(SHARED / "orangesum-dev.jsonl.gz", "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    pairs = [(row["id"], row["text"]) for row in rows]
    random.Random(seed).shuffle(pairs)
    return pairs[:limit_scan] if limit_scan else pairs


REVIEWED = ROOT / "benchmarks" / "data" / "gate-fails-reviewed.tsv"
VERDICTS = ("slip", "false-alarm")


def flagged_text(finding) -> str:
    """The flagged text as the reviewed file keys it: one line, tabs as spaces."""
    return re.sub(r"\s", " ", finding.text)


def load_reviewed(path: Path = REVIEWED) -> dict[tuple[str, str, str], tuple[str, str]]:
    """(article id, rule, flagged text) -> (verdict, reason); ``#`` lines are comments."""
    reviewed = {}
    if not path.is_file():
        return reviewed
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 5 or cells[3] not in VERDICTS:
            raise SystemExit(
                f"{path}:{number}: expected id, rule, text, {'|'.join(VERDICTS)}, reason"
            )
        reviewed[(cells[0], cells[1], cells[2])] = (cells[3], cells[4])
    return reviewed


def typography(checker: Checker, show: bool) -> dict:
    path = SHARED / "grammalecte-fr-tests-dev.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    typo = [r for r in rows if r["area"] == "typography_punctuation"]
    positives = [r for r in typo if r["expects_error"]]
    negatives = [r for r in typo if not r["expects_error"]]
    prose = [
        r
        for r in rows
        if r["area"] in ("literature_negative", "from_languagetool_negative")
        and not r["expects_error"]
    ]
    from typography_corpus import COVERED, family

    found = covered = covered_found = 0
    for row in positives:
        findings = checker(row["text"])
        ok = all(any(overlaps(f, (e["start"], e["end"])) for f in findings) for e in row["errors"])
        found += ok
        if family(row) in COVERED:
            covered += 1
            covered_found += ok
        if show and not ok:
            print(
                f"  MISS {row['rule']}: {row['marked']!r} got {[(f.rule, f.text) for f in findings]}"
            )
    flagged = 0
    for row in negatives:
        findings = checker(row["text"])
        flagged += bool(findings)
        if show and findings:
            print(f"  FP {row['rule']}: {row['text']!r} {[(f.rule, f.text) for f in findings]}")
    prose_flagged = 0
    prose_rules = collections.Counter()
    for row in prose:
        findings = checker(row["text"])
        prose_flagged += bool(findings)
        prose_rules.update({f.rule for f in findings})
    return {
        "positives": len(positives),
        "found": found,
        "covered": covered,
        "covered_found": covered_found,
        "negatives": len(negatives),
        "flagged": flagged,
        "prose": len(prose),
        "prose_flagged": prose_flagged,
        "prose_rules": prose_rules,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="articles per slip kind, and originals")
    parser.add_argument(
        "--fail-on", default=None, help="gate severity (default: the CLI's default)"
    )
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument(
        "--show-fails",
        action="store_true",
        help="print the findings that make a clean original fail the gate",
    )
    parser.add_argument("--no-typography", action="store_true")
    parser.add_argument(
        "--originals-only", action="store_true", help="check the clean originals, plant nothing"
    )
    parser.add_argument(
        "--unreviewed-tsv",
        default=None,
        help="write the failing findings with no verdict to this file (rows to review)",
    )
    parser.add_argument(
        "--config",
        default=None,
        help="a configuration instead of the default (e.g. rules/fr-press-strict.yaml)",
    )
    args = parser.parse_args()
    if not (SHARED / "orangesum-dev.jsonl.gz").is_file():
        print(f"corpus not found: {SHARED}", file=sys.stderr)
        return 2
    fail_on = args.fail_on or cli_fail_on()
    threshold = Severity.parse(fail_on)
    checker = Checker(args.config)
    pairs = articles(0, args.seed)
    texts = [text for _, text in pairs]
    reviewed = load_reviewed()
    began = time.time()

    # Clean originals.
    originals = texts[: args.n]
    failing = 0
    split = collections.Counter()
    fail_rules = collections.Counter()
    unreviewed_rows = []
    total = 0
    by_rule = collections.Counter()
    by_rule_articles = collections.Counter()
    cache: dict[int, list] = {}
    for index, text in enumerate(originals):
        findings = checker(text)
        cache[index] = findings
        total += len(findings)
        by_rule.update(f.rule for f in findings)
        by_rule_articles.update({f.rule for f in findings})
        fails = [f for f in findings if f.severity >= threshold]
        failing += bool(fails)
        verdicts = []
        for f in fails:
            key = (pairs[index][0], f.rule, flagged_text(f))
            verdict = reviewed.get(key, ("unreviewed", ""))[0]
            verdicts.append(verdict)
            fail_rules[(f.rule, verdict)] += 1
            if verdict == "unreviewed":
                unreviewed_rows.append(
                    (*key, text[max(0, f.source_start - 60) : f.source_end + 40])
                )
            if args.show_fails:
                print(
                    f"  FAILS original {index} {key[0]} [{verdict}]: {f.rule} "
                    f"{text[max(0, f.source_start - 50) : f.source_end + 30]!r}"
                )
        if fails:
            if "unreviewed" in verdicts:
                split["unreviewed"] += 1
            elif "false-alarm" in verdicts:
                split["false-alarm"] += 1
            else:
                split["slip"] += 1
    if args.unreviewed_tsv:
        with open(args.unreviewed_tsv, "w", encoding="utf-8") as handle:
            for article, rule, flagged, context in unreviewed_rows:
                context = re.sub(r"\s", " ", context)
                handle.write(f"{article}\t{rule}\t{flagged}\t?\t{context}\n")

    # Planted slips.
    results = {}
    for kind, plant in () if args.originals_only else KINDS.items():
        planted = gate = seen = 0
        for index, text in enumerate(texts):
            if planted >= args.n:
                break
            rng = random.Random(f"{args.seed}-{kind}-{index}")
            result = plant(text, rng)
            if result is None:
                continue
            copy, span = result
            planted += 1
            findings = checker(copy)
            hits = [f for f in findings if overlaps(f, span)]
            seen += bool(hits)
            at_gate = any(f.severity >= threshold for f in hits)
            gate += at_gate
            if args.show_misses and not at_gate:
                a, b = span
                print(
                    f"  MISS {kind}: {copy[max(0, a - 40) : b + 40]!r} "
                    f"hits={[(f.rule, str(f.severity), f.text) for f in hits]}"
                )
        results[kind] = (planted, gate, seen)

    n = len(originals)
    print(
        f"# Planted slips ({args.config or 'default configuration'}, no grammar, "
        f"--fail-on {fail_on}, seed {args.seed})\n"
    )
    print("| slip kind | planted | found at gate | share | found at any severity |")
    print("|---|---:|---:|---:|---:|")
    all_planted = all_gate = 0
    for kind, (planted, gate, seen) in results.items():
        all_planted += planted
        all_gate += gate
        share = gate / planted if planted else float("nan")
        print(f"| {kind} | {planted} | {gate} | {share:.3f} | {seen / max(planted, 1):.3f} |")
    print(f"| **all** | {all_planted} | {all_gate} | {all_gate / max(all_planted, 1):.3f} | |")
    print(f"\nClean originals failing the gate: {failing}/{n} = {failing / n:.3f}")
    print(
        f"  on a slip they were published with (reviewed): {split['slip']}/{n} = "
        f"{split['slip'] / n:.3f}\n"
        f"  on a false alarm (reviewed): {split['false-alarm']}/{n} = "
        f"{split['false-alarm'] / n:.3f}\n"
        f"  unreviewed (a failing finding with no verdict in {REVIEWED.name}): "
        f"{split['unreviewed']}/{n}"
    )
    if fail_rules:
        print("\n| failing rule | published slip | false alarm | unreviewed |")
        print("|---|---:|---:|---:|")
        for rule in sorted({r for r, _ in fail_rules}):
            cells = " | ".join(
                str(fail_rules[(rule, v)]) for v in ("slip", "false-alarm", "unreviewed")
            )
            print(f"| {rule} | {cells} |")
    print(f"\nFindings per original (any severity): {total / n:.2f}")
    print("\n| rule | findings per original | originals with one |")
    print("|---|---:|---:|")
    for rule, count in by_rule.most_common(15):
        print(f"| {rule} | {count / n:.2f} | {by_rule_articles[rule] / n:.3f} |")
    if not args.no_typography:
        t = typography(checker, args.show_misses)
        print("\n# Typography tests (Grammalecte, typography_punctuation)\n")
        print(
            f"must-flag recall: {t['found']}/{t['positives']} = {t['found'] / t['positives']:.3f}"
            f" (all tests); {t['covered_found']}/{t['covered']} = "
            f"{t['covered_found'] / t['covered']:.3f} in the families newslint covers "
            f"(benchmarks/typography_corpus.py COVERED)"
        )
        print(
            f"must-not-flag typography sentences flagged: {t['flagged']}/{t['negatives']} = "
            f"{t['flagged'] / t['negatives']:.3f}"
        )
        print(
            f"must-not-flag prose sentences (literature, LanguageTool) flagged: "
            f"{t['prose_flagged']}/{t['prose']} = {t['prose_flagged'] / t['prose']:.3f}"
            f"  ({', '.join(f'{r} {c}' for r, c in t['prose_rules'].most_common(6))})"
        )
    print(f"\n({time.time() - began:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
