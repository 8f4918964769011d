"""The default gate on published copy (issue 12, the measured gap): findings whose evidence
of a slip is weak are kept but lowered to a warning, so the gate (``--fail-on error``)
passes them; the slip next to them still fails it. Through the real CLI."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_json


def _check(tmp_path: Path, text: str) -> tuple[int, list[tuple[str, str, str]]]:
    (tmp_path / "draft.txt").write_text(text, encoding="utf-8")
    code, data = run_json("--no-grammar", "draft.txt", cwd=tmp_path)
    found = [
        (f["rule"], f["text"], f["severity"]) for file in data["files"] for f in file["findings"]
    ]
    return code, found


def test_a_names_own_mark_before_a_full_stop_is_a_warning(tmp_path):
    code, found = _check(
        tmp_path,
        "Elle a quitté le parti et fondé son propre mouvement, Libres!. Puis elle a voté.\n",
    )
    assert [f for f in found if f[0] == "punctuation/doubled"] == [
        ("punctuation/doubled", "!.", "warning")
    ]
    assert code == 0


def test_a_doubled_mark_after_a_word_is_still_an_error(tmp_path):
    code, found = _check(tmp_path, "Il est venu hier soir !. Puis il est reparti.\n")
    assert ("punctuation/doubled", "!.", "error") in [
        (rule, text.strip(), severity) for rule, text, severity in found
    ]
    assert code != 0
