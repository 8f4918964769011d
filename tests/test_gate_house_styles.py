"""Issue 12, session 6: the default gate on copy from other outlets and countries.

Short clean drafts written for these tests (not taken from any corpus) in the house styles
newslint was not built on: Le Monde-like (« » with no-break spaces, ’), Swiss (« » without
spaces, ‹ › inside, 850'000), Belgian (septante, GSM, 9h), Québec (14 h 30, 10 $, “ ” inside
« »), wire copy (straight quotes, plain spaces), a live blog (20h30, 2-1, #hashtags, @handles,
a URL, an e-mail), a sports results list, a Q&A interview (« - Question ? » lines) and a poll
table. Through the real CLI: each passes the default gate (no error, exit 0), and the same
draft with one slip planted fails it (an error on the slip, exit 1).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, run_json

STYLES = FIXTURES / "house_styles"

#: draft, text replaced, replacement (the slip), rule expected at error on the slip.
SLIPS = [
    ("lemonde.txt", "superprofits\u00a0»", "superprofits\u00a0”", "quotes/"),
    ("suisse.txt", "agir vite»,", "agir vite,", "quotes/"),
    ("belge.txt", "annonce la rénovation", "annonce la la rénovation", "style/repetition"),
    ("quebec.txt", "Julie Tremblay répond", "Julie Tremblya répond", "names/variants"),
    ("wire.txt", "de Sud-Rail. Une", "de Sud-Rail.Une", "punctuation/space-after"),
    ("liveblog.txt", "Fin du match, la", "Fin du match,, la", "punctuation/doubled"),
    ("resultats.txt", "\n\nClassement général", "\n\n.\n\nClassement général", "punctuation/lone"),
    ("interview.txt", "Pourquoi ce plan", "Pourquoi ce ce plan", "style/repetition"),
    ("sondage.txt", "Anne Morel reste", "Anne Morell reste", "names/variants"),
]


def findings(path: Path):
    code, data = run_json("--no-grammar", path.name, cwd=path.parent)
    return code, [f for file in data["files"] for f in file["findings"]]


@pytest.mark.parametrize("name", sorted(p.name for p in STYLES.glob("*.txt")))
def test_clean_copy_in_another_house_style_passes_the_default_gate(name):
    code, found = findings(STYLES / name)
    assert [(f["rule"], f["text"]) for f in found if f["severity"] == "error"] == []
    assert code == 0


@pytest.mark.parametrize("name, old, new, rule", SLIPS, ids=[s[0] for s in SLIPS])
def test_one_slip_planted_in_it_fails_the_default_gate(tmp_path, name, old, new, rule):
    text = (STYLES / name).read_text(encoding="utf-8")
    assert text.count(old) == 1
    planted = text.replace(old, new)
    at = planted.index(new)
    (tmp_path / name).write_text(planted, encoding="utf-8")
    code, found = findings(tmp_path / name)
    lines = planted[:at].count("\n") + 1, planted[: at + len(new)].count("\n") + 1
    errors = [
        f
        for f in found
        if f["severity"] == "error"
        and f["rule"].startswith(rule)
        and lines[0] <= f["line"] <= lines[1]
    ]
    assert errors, [(f["rule"], f["severity"], f["text"], f["line"]) for f in found]
    assert code == 1


def test_every_house_style_draft_has_a_planted_slip():
    assert sorted(p.name for p in STYLES.glob("*.txt")) == sorted(s[0] for s in SLIPS)
