"""Issue 12, session 6: one quotation run over two paragraphs without the continuation mark
is one slip, reported once (at its opening mark, a warning), not twice. Through the CLI."""

from __future__ import annotations

from pathlib import Path

from conftest import run_json


def pairing(tmp_path: Path, text: str):
    (tmp_path / "draft.txt").write_text(text, encoding="utf-8")
    code, data = run_json("--no-grammar", "draft.txt", cwd=tmp_path)
    found = [
        (f["severity"], f["line"], f["message"])
        for file in data["files"]
        for f in file["findings"]
        if f["rule"] == "quotes/pairing"
    ]
    return code, found


def test_a_guillemet_quotation_run_over_two_paragraphs_is_one_warning(tmp_path):
    code, found = pairing(
        tmp_path, "« Premier paragraphe de la citation.\n\nDeuxième paragraphe. », a-t-il dit.\n"
    )
    assert found == [
        (
            "warning",
            1,
            "Citation sur deux paragraphes sans guillemet de suite : « ouvert ici n’est fermé "
            "qu’au paragraphe suivant.",
        )
    ]
    assert code == 0


def test_a_straight_quotation_run_over_two_paragraphs_is_one_warning(tmp_path):
    code, found = pairing(tmp_path, '"Première partie.\n\nSeconde partie", a-t-elle ajouté.\n')
    assert [(severity, line) for severity, line, _ in found] == [("warning", 1)]
    assert code == 0


def test_an_unclosed_quotation_and_a_stray_closer_further_on_stay_two_findings(tmp_path):
    text = "« Il part.\n\nUn autre paragraphe.\n\nEt voilà », dit-il.\n"
    code, found = pairing(tmp_path, text)
    assert [line for _, line, _ in found] == [1, 5]
