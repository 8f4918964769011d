"""Issue 12, session 6: the space before ``:`` and the one before ``; ! ?`` are one spacing
decision, so their sites pool as evidence of the draft's own convention. Evidence only: a
draft whose two conventions differ (Québec: `` :`` but ``Quoi!``) is unchanged. Through the
CLI."""

from __future__ import annotations

from pathlib import Path

from conftest import run_json

SPACING = ("typography/convention-colon", "typography/convention-high-punct")


def spacing(tmp_path: Path, text: str, *args: str):
    (tmp_path / "draft.txt").write_text(text, encoding="utf-8")
    code, data = run_json("--no-grammar", *args, "draft.txt", cwd=tmp_path)
    found = [
        (f["rule"], f["severity"])
        for file in data["files"]
        for f in file["findings"]
        if f["rule"] in SPACING
    ]
    return code, found


def test_two_colons_and_a_question_mark_spaced_alike_are_the_drafts_convention(tmp_path):
    code, found = spacing(tmp_path, "Il a dit : non. Elle a répondu : oui. Quoi ? Vraiment.\n")
    assert found == [] and code == 0


def test_too_few_sites_of_one_spacing_still_get_the_reference_at_info(tmp_path):
    code, found = spacing(tmp_path, "Il a dit : non. Quoi? Vraiment.\n")
    assert sorted(found) == [
        ("typography/convention-colon", "info"),
        ("typography/convention-high-punct", "info"),
    ]


def test_a_colon_spaced_and_a_glued_exclamation_mark_are_not_pooled(tmp_path):
    code, found = spacing(tmp_path, "Il a dit : non. Elle a répondu : oui. Il le faut!\n")
    assert sorted(found) == [
        ("typography/convention-colon", "info"),
        ("typography/convention-high-punct", "info"),
    ]
    assert code == 0


def test_a_draft_inconsistent_with_itself_is_still_a_warning(tmp_path):
    text = "Il a dit : non. Elle a dit : oui. Puis : rien. Enfin: tout. Quoi ? Vraiment ?\n"
    code, found = spacing(tmp_path, text)
    assert found == [("typography/convention-colon", "warning")]


def test_a_declared_house_style_still_reports_every_other_spacing(tmp_path):
    code, found = spacing(
        tmp_path,
        "Il a dit: non. Elle a répondu: oui. Quoi? Vraiment? Enfin: tout.\n",
        "--config",
        str(Path(__file__).resolve().parents[1] / "rules" / "fr-press-wire.yaml"),
    )
    assert sorted(set(found)) == [
        ("typography/convention-colon", "info"),
        ("typography/convention-high-punct", "info"),
    ]
