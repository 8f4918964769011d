"""style/sentence-case judges sentences, not fragments: a block that does not end with a
sentence's punctuation (a caption, a byline, a dateline, a label) is not a sentence, so its
first word in lower case is not reported; a full stop inside it still starts one."""

from __future__ import annotations

import pytest


def _rules(cli_json, tmp_path, text: str) -> list[str]:
    draft = tmp_path / "draft.md"
    draft.write_text(text, encoding="utf-8")
    _code, report = cli_json("--no-grammar", "--select", "style/sentence-case", str(draft))
    return [f["text"] for f in report["files"][0]["findings"]]


@pytest.mark.parametrize(
    "text",
    [
        "dans la nuit de mardi à mercredi\n",
        "par Jean Dupont, à Lyon\n\nLe conseil a voté.\n",
        "Le conseil a voté.\n\navec 500 000 euros de budget\n",
        "voici les chiffres :\n\nIls sont bons.\n",
    ],
)
def test_a_fragment_is_not_a_sentence(cli_json, tmp_path, text: str) -> None:
    assert _rules(cli_json, tmp_path, text) == []


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("la réunion a commencé à midi.\n", "la"),
        ("Le conseil a voté.\n\nle maire a parlé ensuite.\n", "le"),
        ("Il est parti. après deux heures de débat\n", "après"),
        ("« il a tort », a-t-il dit. le vote suit.\n", "le"),
    ],
)
def test_a_sentence_in_lower_case_is_still_reported(cli_json, tmp_path, text, word) -> None:
    assert _rules(cli_json, tmp_path, text) == [word]


def test_a_heading_is_judged_though_it_ends_with_no_stop(cli_json, tmp_path) -> None:
    assert _rules(cli_json, tmp_path, "# un budget voté\n\nLe conseil a voté.\n") == ["un"]
