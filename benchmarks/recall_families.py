"""Recall of the typography families of issue 12 on real copy, by planting one slip at a time.

For each of ``--n`` published articles (``../shared/corpus/orangesum-dev.jsonl.gz``, AFP
copy), plant one slip of each family at a random place (seeded), lint the copy with the
default ``fr-press`` rules (grammar off), and count the slip as found when a finding of any
rule overlaps it. Also counts the clean originals that get a finding from the issue-12 rules.
Families:

- ``glued-dot`` / ``glued-colon`` / ``glued-comma``: the space between two lower-case words
  replaced by ``.`` ``:`` ``,`` (``refusé.de``);
- ``title-glued``: ``M. X`` written ``M.X``;
- ``apostrophe-lost``: an elision apostrophe (``l’``, ``d’``, ``qu’``…) replaced by a space,
  split into sentence starts and the rest;
- ``single-mixed`` / ``single-doubled``: a word wrapped in ``‘…'`` or ``‘‘…’’``;
- ``unit-space``: in an article whose number–unit pairs are written with U+00A0, one of
  them written with a plain space again (found by ``typography/convention-units``);
- ``dialogue-dash``: four sentences of the article set as dialogue lines with « — », one
  of them with a hyphen or a glued dash (found by ``punctuation/convention-dialogue``).

Usage::

    python benchmarks/recall_families.py [--n 1000] [--seed 1] [--offset 0] [--rules PREFIX,...]

``--rules`` counts only the findings of those rule-id prefixes (to compare two rules
written for one family).
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from typography_corpus import findings_for, typography_rules

ROOT = Path(__file__).resolve().parents[1]
NEW_RULES = (
    "punctuation/glued-words",
    "quotes/single-mixed",
    "typography/apostrophe-lost",
    "typography/convention-units",
    "punctuation/convention-dialogue",
    "web/call-to-action",
)
_PAIR = re.compile(r"(?<=[ (])([a-zà-ÿ]{2,}) ([a-zà-ÿ]{2,})(?=[ ,.])")
_ELISION = re.compile(
    r"(?<![\w’'])([lLdDjJmMnNsStTcC]|[qQ]u|[jJ]usqu|[lL]orsqu|[pP]uisqu)[’'](?=[aeiouyéèêâîôûhAEIOUYÉÈÊÂÎÔ])"
)
_TITLE = re.compile(r"\bM\. (?=[A-Z][a-zà-ÿ]{2,})")
_UNIT = re.compile(
    r"(?<![\w.,])(\d+(?:[,.]\d+)?) (km/h|km|kg|cm|mm|m|ch|Nm|MW|GW|kWh|ha|°C|%|€)(?![\w'’])"
)
_SENTENCE = re.compile(r"[A-ZÉÀ][^.!?\n«»\"]{20,120}[.!?]")
_WORD = re.compile(r"(?<= )[a-zà-ÿ]{4,}(?=[ ,.])")


def plant(family: str, text: str, rng: random.Random):
    """(copy, start, end) with one slip of ``family`` at [start, end), or None."""
    if family.startswith("glued-"):
        mark = {"glued-dot": ".", "glued-colon": ":", "glued-comma": ","}[family]
        spots = list(_PAIR.finditer(text))
        if not spots:
            return None
        m = rng.choice(spots)
        return (
            text[: m.start()] + m.group(1) + mark + m.group(2) + text[m.end() :],
            m.start(),
            m.end(),
        )
    if family == "title-glued":
        spots = list(_TITLE.finditer(text))
        if not spots:
            return None
        m = rng.choice(spots)
        return text[: m.start() + 2] + text[m.end() :], m.start(), m.start() + 4
    if family.startswith("apostrophe-lost"):
        spots = [
            m
            for m in _ELISION.finditer(text)
            if (m.group(1)[0].isupper()) == family.endswith("start")
        ]
        if not spots:
            return None
        m = rng.choice(spots)
        return text[: m.end()].rstrip("’'") + " " + text[m.end() :], m.start(), m.end() + 1
    if family.startswith("single-"):
        spots = list(_WORD.finditer(text))
        if not spots:
            return None
        m = rng.choice(spots)
        left, right = ("‘", "'") if family == "single-mixed" else ("‘‘", "’’")
        copy = text[: m.start()] + left + m.group(0) + right + text[m.end() :]
        return copy, m.start(), m.end() + len(left) + len(right)
    if family == "unit-space":
        spots = list(_UNIT.finditer(text))
        if len(spots) < 2:
            return None
        nobreak = _UNIT.sub(lambda m: m.group(1) + "\u00a0" + m.group(2), text)
        chosen = rng.choice([m for m in spots if m.group(2) not in "%€"] or [None])
        if chosen is None:
            return None
        offset = sum(1 for m in spots if m.start() < chosen.start()) * 0  # same length
        at = chosen.start() + len(chosen.group(1)) + offset
        return nobreak[:at] + " " + nobreak[at + 1 :], chosen.start(), chosen.end()
    if family == "dialogue-dash":
        sentences = [m.group(0) for m in _SENTENCE.finditer(text)]
        if len(sentences) < 4:
            return None
        lines = ["— " + s for s in rng.sample(sentences, 4)]
        k = rng.randrange(4)
        lines[k] = rng.choice(["- ", "—"]) + lines[k][2:]
        block = "\n".join(lines)
        cut = text.find("\n\n")
        cut = len(text) if cut < 0 else cut
        copy = text[:cut] + "\n\n" + block + text[cut:]
        start = cut + 2 + sum(len(x) + 1 for x in lines[:k])
        return copy, start, start + 2
    raise ValueError(family)


FAMILIES = (
    "glued-dot",
    "glued-colon",
    "glued-comma",
    "title-glued",
    "apostrophe-lost-start",
    "apostrophe-lost-inside",
    "single-mixed",
    "single-doubled",
    "unit-space",
    "dialogue-dash",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--offset", type=int, default=0, help="skip this many articles first")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument(
        "--rules",
        default="",
        help="count only findings of these rule-id prefixes (comma-separated)",
    )
    args = parser.parse_args()
    rules = typography_rules()
    only = tuple(p for p in args.rules.split(",") if p)
    rng = random.Random(args.seed)
    found: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    clean = collections.Counter()
    misses = []
    with gzip.open(Path(args.shared) / "corpus/orangesum-dev.jsonl.gz", "rt") as handle:
        for number, line in enumerate(handle):
            if number < args.offset:
                continue
            if number >= args.offset + args.n:
                break
            text = json.loads(line)["text"]
            for rule in {f.rule for f in findings_for(text, rules) if f.rule in NEW_RULES}:
                clean[rule] += 1
            for family in FAMILIES:
                planted = plant(family, text, rng)
                if planted is None:
                    continue
                copy, start, end = planted
                hits = [
                    f
                    for f in findings_for(copy, rules)
                    if f.start < end
                    and start < f.end
                    and not f.rule.startswith(("style/", "names/", "web/language"))
                    and (not only or f.rule.startswith(only))
                ]
                found[family][0] += bool(hits)
                found[family][1] += 1
                if not hits:
                    misses.append((family, copy[max(0, start - 30) : end + 30]))
    print(
        f"## Planted slips in {args.n} published articles from #{args.offset} (seed {args.seed})\n"
    )
    print("| family | found | planted | recall |")
    print("|---|---:|---:|---:|")
    total = [0, 0]
    for family in FAMILIES:
        hit, count = found[family]
        total = [total[0] + hit, total[1] + count]
        print(f"| {family} | {hit} | {count} | {hit / max(count, 1):.3f} |")
    print(f"| **all** | {total[0]} | {total[1]} | {total[0] / max(total[1], 1):.3f} |")
    print(f"\nClean originals with a finding from an issue-12 rule: {dict(clean) or 0}")
    if args.show_misses:
        for family, context in misses[:60]:
            print(f"  MISS {family}: {context!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
