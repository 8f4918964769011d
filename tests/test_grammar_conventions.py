"""Issue 14: LanguageTool's replacements follow the draft's conventions and the house style
(LanguageTool suggests « qu'il » with a straight apostrophe whatever the draft uses)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.checks import Context
from newslint.checks.grammar import Options, check, follow_conventions, wanted_apostrophe
from newslint.documents import load


def test_the_draft_majority_or_the_house_decides() -> None:
    assert wanted_apostrophe("L’homme dit qu’il l'a vu.", "draft") == "’"
    assert wanted_apostrophe("L'homme dit qu'il l’a vu.", "draft") == "'"
    assert wanted_apostrophe("Le chat dort.", "draft") == ""
    assert wanted_apostrophe("L’homme dit qu’il l’a vu.", "droite") == "'"
    assert follow_conventions("qu'il l'a dit", "’") == "qu’il l’a dit"
    assert follow_conventions("qu’il", "'") == "qu'il"
    assert follow_conventions("qu'il", "") == "qu'il"
    assert follow_conventions("'Bonjour'", "’") == "'Bonjour'"  # not an apostrophe


class FakeBackend:
    def __init__(self, answers):
        self.answers = answers

    def results(self, requests):
        return [self.answers.get(text, []) for text, _ in requests]


@pytest.mark.parametrize(
    "text, option, expected",
    [
        ("L’homme dit que il viendra.", "draft", ("qu’il", "qu’Il")),
        ("L'homme dit que il viendra.", "draft", ("qu'il", "qu'Il")),
        ("Il dit que il viendra.", "draft", ("qu'il", "qu’Il")),  # no apostrophe: as suggested
        ("L’homme dit que il viendra.", "droite", ("qu'il", "qu'Il")),
    ],
)
def test_replacements_carry_the_apostrophe(text: str, option: str, expected: tuple) -> None:
    start = text.index("que il")
    answers = {
        text: [
            {
                "offset": start,
                "length": 6,
                "message": "Élision.",
                "replacements": ["qu'il", "qu’Il"],
                "rule": {
                    "id": "ELISION",
                    "issueType": "grammar",
                    "category": {"id": "CAT_ELISION"},
                },
            }
        ]
    }
    context = Context(grammar=FakeBackend(answers), rule_id="grammar")
    found = list(check(load("a.txt", text.encode()), Options(apostrophe=option), context))
    assert len(found) == 1 and found[0].suggestions == expected


def test_bad_apostrophe_option_is_refused() -> None:
    with pytest.raises(ValueError, match="apostrophe should be"):
        Options(apostrophe="courbe").validate()


@pytest.mark.languagetool
def test_real_languagetool_suggestion_follows_the_draft(tmp_path: Path, lt_server) -> None:
    from test_languagetool import check as run_check
    from test_languagetool import findings, setup

    env = setup(
        tmp_path,
        lt_server,
        {
            "a.txt": "L’homme pense que il viendra demain.\n",
            "b.txt": "L'homme pense que il viendra demain.\n",
        },
    )
    code, data, stderr = run_check(tmp_path, env, "--select", "grammar", "a.txt", "b.txt")
    assert code == 1, stderr
    suggestions = {
        p: f.get("suggestions")
        for p in ("a.txt", "b.txt")
        for f in findings(data, p)
        if f["rule"] == "grammar/ELISION"
    }
    assert suggestions["a.txt"][0] == "qu’il", data
    assert suggestions["b.txt"][0] == "qu'il", data
