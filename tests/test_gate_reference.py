"""Issue 12, session 5: a draft too short to show its own convention is held to the reference
French press typography at info; slips under every convention are found by default. Through
the real CLI, as a user sees the findings."""

from __future__ import annotations

from pathlib import Path

from conftest import run_json

NB = "\u00a0"


def findings(tmp_path: Path, text: str, *args: str):
    (tmp_path / "draft.txt").write_text(text, encoding="utf-8")
    code, data = run_json("--no-grammar", *args, "draft.txt", cwd=tmp_path)
    found = [
        (f["rule"], f["severity"], f["text"]) for file in data["files"] for f in file["findings"]
    ]
    return code, found


def test_one_sentence_without_evidence_gets_the_reference_at_info(tmp_path):
    code, found = findings(tmp_path, "Quoi? Il a fait 10%, soit 18kg.\n")
    assert ("typography/convention-high-punct", "info", "") in found
    assert ("typography/convention-percent", "info", "") in found
    assert ("typography/convention-units", "info", "") in found
    assert code == 0  # info never fails the default gate


def test_a_convention_seen_three_times_is_the_drafts_own(tmp_path):
    code, found = findings(tmp_path, "Quoi? Vraiment? Encore? Il a fait 10%, 12% et 15%.\n")
    assert found == [] and code == 0


def test_a_tie_goes_to_the_reference(tmp_path):
    code, found = findings(tmp_path, "C'est l’apostrophe typographique qui manque.\n")
    assert found == [("typography/convention-apostrophe", "warning", "'")]


def test_em_and_en_dashes_are_both_the_reference(tmp_path):
    code, found = findings(tmp_path, "On a bu — j’ai bu — toute l’eau.\n")
    assert found == []
    code, found = findings(tmp_path, "Cette phrase - c’est certain – a deux tirets.\n")
    assert found == [("punctuation/convention-dash", "warning", "-")]


def test_thousands_follow_the_draft_then_the_reference(tmp_path):
    code, found = findings(
        tmp_path, "Il a versé 20.000 euros, puis 15.000 euros, 3.000 euros et 12 000 euros.\n"
    )
    assert found == [("typography/convention-thousands", "warning", " ")]
    code, found = findings(tmp_path, "Il a perdu 200.000.000 de dollars.\n")
    assert [(r, s) for r, s, _ in found] == [("typography/convention-thousands", "info")]
    code, found = findings(tmp_path, "En 2019, 150 personnes vivaient au 75001 Paris.\n")
    assert found == []


def test_space_before_an_inversion_hyphen_is_an_error(tmp_path):
    code, found = findings(tmp_path, f"Le faut -il{NB}? Qu’y puis -je{NB}?\n")
    assert [(r, s) for r, s, _ in found] == [("punctuation/space-inversion", "error")] * 2
    assert code == 1
    # An incise between glued hyphens is a dash convention, not an inversion.
    code, found = findings(tmp_path, "Ils ont été condamnés -ils ont fait appel- à 3 ans.\n")
    assert [f for f in found if f[0] == "punctuation/space-inversion"] == []


def test_four_dots_and_etc_ellipsis_are_found_by_default(tmp_path):
    code, found = findings(tmp_path, "Il attendit.... Des pommes, des poires, etc… Rien.\n")
    assert ("punctuation/doubled", "warning", "....") in found
    assert ("punctuation/doubled", "warning", "etc…") in found
    code, found = findings(tmp_path, "Il attendit... Puis il partit.\n")
    assert [f for f in found if f[0] == "punctuation/doubled"] == []
