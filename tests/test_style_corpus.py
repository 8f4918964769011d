"""Precision on clean agency copy: the default style and web rules stay quiet on OrangeSum."""

from __future__ import annotations

import gzip
import json
from collections import Counter

from conftest import ROOT

from newslint.checks import Context
from newslint.config import load_config
from newslint.documents import load
from newslint.linter import lint

ARTICLES = 600


def test_default_rules_fire_on_few_clean_articles(shared):
    rules = [
        r
        for name in ("fr-style", "fr-web")
        for r in load_config(ROOT / "rules" / f"{name}.yaml").base_rules()
    ]
    hit: Counter[str] = Counter()
    foreign = []
    with gzip.open(shared / "corpus" / "orangesum-dev.jsonl.gz", "rt", encoding="utf-8") as handle:
        for count, line in enumerate(handle, 1):
            record = json.loads(line)
            draft = f"{record['title']}\n\n{record['text']}\n"
            document = load("a.txt", draft.encode("utf-8"), "text")
            found = lint(document, rules, Context(language="fr"))
            hit.update({f.rule for f in found})
            foreign += [f.text for f in found if f.rule in ("web/language", "web/boilerplate")]
            if count == ARTICLES:
                break
    assert foreign == []  # OrangeSum paragraphs are French stories, never page leftovers
    noisy = {rule: n / ARTICLES for rule, n in hit.items() if n / ARTICLES > 0.10}
    assert noisy == {}
