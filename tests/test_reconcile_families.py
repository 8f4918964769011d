"""Issue 12's recall families, reconciled: one rule per family, so a slip is reported once.

Two implementations of the same families were written in parallel; the product keeps one rule
per family (see docs/typography.md, « Typography families added for issue 12 »). Each draft
below holds exactly one slip; the default rules (``fr-press``, no grammar) must report it
by the family's rule alone, at the family's severity.
"""

from __future__ import annotations

import pytest

from newslint.checks import Context, kinds
from newslint.config import load_config
from newslint.documents import load
from newslint.linter import lint

NB = "\u00a0"
STORY = "Le gouvernement a présenté son plan mardi.\n\n{}\n\nLes syndicats appellent à la grève.\n"


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    path = tmp_path_factory.mktemp("cfg") / ".newslint.yaml"
    path.write_text("extends: [fr-press]\n", encoding="utf-8")
    return [r for r in load_config(path).base_rules() if r.enabled and r.kind.name != "grammar"]


@pytest.mark.parametrize(
    "text, slip, rule, severity",
    [
        ("Il a refusé.de partir hier.", "refusé.de", "punctuation/glued-words", "error"),
        ("Attention:danger de mort.", "Attention:danger", "punctuation/glued-words", "error"),
        ("Hier, M.Dupont est arrivé.", "M.Dupont", "punctuation/glued-words", "error"),
        ("L opinion a changé depuis lundi.", "L opinion", "typography/apostrophe-lost", "error"),
        ("Il dit qu il viendra demain.", "qu il", "typography/elision", "error"),
        ("Il vient de l Europe de l’Est.", "l Europe", "typography/apostrophe-lost", "error"),
        ("Un geste ‘‘barbare’’ a choqué.", "‘‘barbare’’", "quotes/single-mixed", "error"),
        (
            f"Il a fait 22,4 °C à Paris, 18{NB}°C à Lyon et 12{NB}°C à Brest.",
            "22,4 °C",
            "typography/convention-units",
            "warning",
        ),
        (
            "— Tu viens ?\n\n- Non.\n\n— Pourquoi ?\n\n— Parce que.",
            "- Non.",
            "punctuation/convention-dialogue",
            "warning",
        ),
        (
            "— Tu viens ?\n\n—Non.\n\n— Pourquoi ?\n\n— Parce que.",
            "—Non.",
            "punctuation/convention-dialogue",
            "warning",
        ),
        (
            STORY.format("Cliquez ici pour réagir"),
            "Cliquez ici pour réagir",
            "web/call-to-action",
            "error",
        ),
        (
            STORY.format("Téléchargez notre application"),
            "Téléchargez notre application",
            "web/call-to-action",
            "error",
        ),
        (STORY.format("Commenter"), "Commenter", "web/call-to-action", "error"),
    ],
)
def test_one_slip_one_finding(rules, text, slip, rule, severity):
    start = text.index(slip)
    end = start + len(slip)
    document = load("draft.txt", text.encode("utf-8"))
    found = [
        (f.rule, str(f.severity))
        for f in lint(document, rules, Context())
        if f.start < end and start < f.end and not f.rule.startswith("style/")
    ]
    # One rule (‘‘barbare’’ is two marks, each reported by the same rule).
    assert found and set(found) == {(rule, severity)}


def test_the_replaced_kinds_are_gone():
    # Units and dialogue dashes are instances of the convention kind; the glued-words kind
    # exists once.
    names = set(kinds())
    assert {
        "glued-words",
        "quote-single-mixed",
        "apostrophe-lost",
        "call-to-action",
        "convention",
    } <= names
    assert not {"unit-space", "dialogue-dash", "glued-words-gate"} & names
