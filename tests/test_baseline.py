"""``newslint baseline`` and ``check --baseline``: only new findings, across the edits a story
goes through (lines moving, paragraphs re-wrapped, other sentences rewritten)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_json, run_newslint
from sarif_schema import validate_sarif

CONFIG = """\
extends: []
rules:
  house/repeat:
    kind: repetition
    severity: error
"""
STORY = (
    "# Conseil municipal\n\n"
    "Le le maire a présenté le budget. Les élus ont voté.\n\n"
    "La séance a duré deux heures et la la salle était pleine.\n"
)


def setup(tmp_path: Path, text: str = STORY) -> Path:
    (tmp_path / ".newslint.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    story = tmp_path / "drafts" / "conseil.md"
    story.write_text(text, encoding="utf-8")
    return story


def record(tmp_path: Path, *args: str) -> str:
    process = run_newslint("baseline", "--no-grammar", *args, cwd=tmp_path)
    assert process.returncode == 0, process.stderr.decode()
    return process.stdout.decode()


def check(tmp_path: Path, *args: str) -> tuple[int, list[dict]]:
    code, data = run_json(
        "--no-grammar", "--baseline", ".newslint-baseline.json", *args, cwd=tmp_path
    )
    return code, [f for file in data["files"] for f in file["findings"]]


def test_record_then_nothing_new(tmp_path: Path) -> None:
    setup(tmp_path)
    out = record(tmp_path, "drafts")
    assert out == "Recorded 2 findings from 1 of 1 file in .newslint-baseline.json.\n"
    data = json.loads((tmp_path / ".newslint-baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["scheme"] == "newslint/v1"
    assert [e["text"] for e in data["files"]["drafts/conseil.md"]] == ["Le le", "la la"]
    code, findings = check(tmp_path, "drafts")
    assert (code, findings) == (0, [])
    # Without the baseline the same run fails: the baseline is what hides them.
    code, _ = run_json("--no-grammar", "drafts", cwd=tmp_path)
    assert code == 1


def test_fingerprints_survive_moves_rewraps_and_unrelated_edits(tmp_path: Path) -> None:
    story = setup(tmp_path)
    record(tmp_path, "drafts")
    story.write_text(
        "# Conseil municipal de mardi\n\n"
        "Un chapeau ajouté en tête, sur deux lignes\npour décaler tout le reste.\n\n"
        "Le le maire a présenté le budget.\nLes élus ont voté à main levée, sans débat.\n\n"
        "Une phrase nouvelle avant. La séance a duré deux heures et la la salle\n"
        "était pleine.\n",
        encoding="utf-8",
    )
    code, findings = check(tmp_path, "drafts")
    assert (code, findings) == (0, [])


def test_new_findings_are_reported(tmp_path: Path) -> None:
    story = setup(tmp_path)
    record(tmp_path, "drafts")
    story.write_text(STORY + "\nLes les habitants attendent.\n", encoding="utf-8")
    code, findings = check(tmp_path, "drafts")
    assert code == 1
    assert [(f["line"], f["text"]) for f in findings] == [(7, "Les les")]


def test_a_repeated_old_slip_counts_as_new(tmp_path: Path) -> None:
    story = setup(tmp_path, "Il dit que le le maire viendra.\n")
    record(tmp_path, "drafts")
    story.write_text(
        "Il dit que le le maire viendra.\n\nIl dit que le le maire viendra.\n", encoding="utf-8"
    )
    code, findings = check(tmp_path, "drafts")
    assert code == 1
    assert len(findings) == 1


def test_an_edit_next_to_the_slip_makes_it_new(tmp_path: Path) -> None:
    # The fingerprint holds the words around the slip: rewriting them is a new finding,
    # which is the price of surviving moves without line numbers.
    story = setup(tmp_path)
    record(tmp_path, "drafts")
    story.write_text(
        STORY.replace("Le le maire a présenté", "Le le premier adjoint a présenté"),
        encoding="utf-8",
    )
    code, findings = check(tmp_path, "drafts")
    assert code == 1
    assert [f["text"] for f in findings] == ["Le le"]


def test_paths_are_relative_to_the_baseline_file(tmp_path: Path) -> None:
    setup(tmp_path)
    record(tmp_path, "drafts")
    code, data = run_json(
        "--no-grammar", "--baseline", "../.newslint-baseline.json", ".", cwd=tmp_path / "drafts"
    )
    assert code == 0, data
    assert data["summary"]["findings"] == 0


def test_sarif_fingerprints_are_the_baseline_fingerprints(tmp_path: Path) -> None:
    setup(tmp_path)
    record(tmp_path, "drafts")
    baseline = json.loads((tmp_path / ".newslint-baseline.json").read_text(encoding="utf-8"))
    process = run_newslint("check", "--no-grammar", "--format", "sarif", "drafts", cwd=tmp_path)
    log = validate_sarif(json.loads(process.stdout))
    assert [r["partialFingerprints"]["newslint/v1"] for r in log["runs"][0]["results"]] == [
        e["fingerprint"] for e in baseline["files"]["drafts/conseil.md"]
    ]


@pytest.mark.parametrize(
    "content, expected",
    [
        (None, "baseline .newslint-baseline.json not found (create it with: newslint baseline"),
        ("{not json", "baseline .newslint-baseline.json is not valid JSON"),
        ('{"version": 9, "files": {}}', "baseline .newslint-baseline.json has version 9"),
        ("[]", '.newslint-baseline.json is not a newslint baseline (no "files" object)'),
    ],
)
def test_bad_baseline_is_a_usage_error(tmp_path: Path, content: str | None, expected: str) -> None:
    setup(tmp_path)
    if content is not None:
        (tmp_path / ".newslint-baseline.json").write_text(content, encoding="utf-8")
    process = run_newslint(
        "check", "--no-grammar", "--baseline", ".newslint-baseline.json", "drafts", cwd=tmp_path
    )
    assert process.returncode == 2
    stderr = process.stderr.decode()
    assert stderr.startswith(f"newslint: {expected}"), stderr
    assert len(stderr.strip().splitlines()) == 1


def test_baseline_is_not_written_when_a_file_cannot_be_read(tmp_path: Path) -> None:
    setup(tmp_path)
    process = run_newslint("baseline", "--no-grammar", "drafts", "absent.md", cwd=tmp_path)
    assert process.returncode == 2
    assert "baseline not written: 1 file(s) could not be read" in process.stderr.decode()
    assert not (tmp_path / ".newslint-baseline.json").exists()


def test_baseline_output_option_and_config_error(tmp_path: Path) -> None:
    setup(tmp_path)
    (tmp_path / "ci").mkdir()
    out = record(tmp_path, "-o", "ci/baseline.json", "drafts")
    assert out.endswith("in ci/baseline.json.\n")
    assert json.loads((tmp_path / "ci" / "baseline.json").read_text(encoding="utf-8"))["files"]
    (tmp_path / ".newslint.yaml").write_text("rules: [\n", encoding="utf-8")
    process = run_newslint("baseline", "drafts", cwd=tmp_path)
    assert process.returncode == 2
    assert process.stderr.decode().startswith("newslint: config error: ")


def test_unwritable_baseline_is_a_usage_error(tmp_path: Path) -> None:
    setup(tmp_path)
    process = run_newslint(
        "baseline", "--no-grammar", "-o", "no/such/folder/b.json", "drafts", cwd=tmp_path
    )
    assert process.returncode == 2
    assert process.stderr.decode() == (
        "newslint: cannot write baseline no/such/folder/b.json: No such file or directory\n"
    )
