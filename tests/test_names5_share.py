"""Fewer articles flagged by the names rules, on evidence (issue 13, third pass).

An accent on a capital is house style when French text writes both forms of the word about
as often (``Edouard`` / ``Édouard``: AFP writes the first, other newsrooms the second), in a
first name as in any other word; it stays a finding when French text clearly prefers one
form or knows one not at all (``Émmanuel``). Each draft goes through the real CLI.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_json


def _findings(tmp_path: Path, text: str, *extra: str) -> list[tuple[str, str, list[str]]]:
    (tmp_path / ".newslint.yaml").write_text("extends: [fr-names]\n", encoding="utf-8")
    (tmp_path / "draft.txt").write_text(text, encoding="utf-8")
    _, data = run_json("--select", "names", *extra, "draft.txt", cwd=tmp_path)
    return [
        (f["rule"], f["text"], f["suggestions"]) for file in data["files"] for f in file["findings"]
    ]


def test_capital_accent_of_a_common_first_name_is_house_style(tmp_path):
    # Must not flag: « Edouard » and « Édouard » are both usual in French text.
    text = (
        "Le Premier ministre Édouard Philippe a parlé mardi. Selon Edouard Philippe, "
        "le calendrier tient. Éric Dupond-Moretti a répondu, puis Eric Dupond-Moretti a ri.\n"
    )
    assert _findings(tmp_path, text) == []


def test_capital_accent_french_text_never_writes_is_flagged(tmp_path):
    # Must flag: « Émmanuel » is known to no lexicon, « Emmanuel » is a household first name.
    text = (
        "Le président Emmanuel Macron a parlé. Plus tard, Émmanuel Macron a conclu et le chef "
        "de l'État Emmanuel Macron est parti.\n"
    )
    assert _findings(tmp_path, text) == [("names/accents", "Émmanuel", ["Emmanuel"])]


def test_inner_accents_stay_flagged(tmp_path):
    # Must flag: the accent inside the word is spelling, not the capital's house style.
    text = "Olivier Véran a parlé. Le ministre Véran a insisté. Olivier Veran a conclu.\n"
    assert _findings(tmp_path, text) == [("names/accents", "Veran", ["Véran"])]


def test_capital_accents_everywhere_when_asked(tmp_path):
    # The option still reports every capital's accent, first names included.
    (tmp_path / ".newslint.yaml").write_text(
        "extends: [fr-names]\nrules:\n  names/accents:\n    options: {capital_accents: true}\n",
        encoding="utf-8",
    )
    (tmp_path / "draft.txt").write_text(
        "Le ministre Édouard Philippe a parlé, puis Édouard Philippe a ri. Selon Edouard "
        "Philippe, non.\n",
        encoding="utf-8",
    )
    _, data = run_json("--select", "names", "draft.txt", cwd=tmp_path)
    found = [(f["rule"], f["text"]) for file in data["files"] for f in file["findings"]]
    assert found == [("names/accents", "Edouard")]


def test_first_name_and_surname_side_by_side_are_two_parts_of_one_name(tmp_path):
    # Must not flag: « Christos Christou » is one man's first name and surname, not a name
    # written two ways.
    text = "Selon le médecin Christos Christou, président de MSF, la situation empire.\n"
    assert _findings(tmp_path, text) == []


def test_same_first_name_beside_both_spellings_is_flagged(tmp_path):
    # Must flag: the surname is written two ways after the same first name.
    text = "Le député Gilbert Collard a parlé. Selon Gibert Collard, rien. Gilbert Collard part.\n"
    assert _findings(tmp_path, text) == [("names/variants", "Gibert", ["Gilbert"])]
