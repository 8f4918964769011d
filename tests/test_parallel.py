"""Worker processes (issue 8): same output as a serial run, cross-file state shipped back,
no workers for small runs, a dead worker does not lose files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import run_json, run_newslint

from newslint import pool
from newslint.runner import FileResult, Runner, RunOptions, RunResult

PARAGRAPHS = [
    "Le président Joe Biden a parlé avec Vladimir Poutine mardi.",
    "Selon Joe Biden, « la discussion a été franche ».",
    "Le chef de l'Etat a dit  qu'il reviendrait .",
    'Les "négociations" reprendront lundi , a-t-il ajouté.',
    "Il a cité 1000 euros et 25 % de hausse...",
    "Un texte sans rien à redire, écrit avec soin.",
]


def _corpus(root: Path, count: int = 48) -> None:
    """Drafts with varied findings, a folder with its own configuration, and bad files."""
    for index in range(count):
        folder = root / ("desk" if index % 3 else "web") / f"{index % 5}"
        folder.mkdir(parents=True, exist_ok=True)
        lines = [PARAGRAPHS[(index + k) % len(PARAGRAPHS)] for k in range(index % 4 + 2)]
        if index % 7 == 0:
            lines.append("Joe Baiden a répondu.")  # a spelling only this draft uses
        suffix = ".md" if index % 2 else ".txt"
        (folder / f"draft-{index:03d}{suffix}").write_text(
            "\n\n".join(lines) + "\n", encoding="utf-8"
        )
    (root / "web" / ".newslint.yaml").write_text(
        "extends: fr-press\nrules:\n  typography/spaces:\n    enabled: false\n", encoding="utf-8"
    )
    (root / "desk" / "0" / "binary.md").write_bytes(b"\x00\x01\x02" * 50)
    (root / "desk" / "1" / "latin1.txt").write_bytes("Un café.".encode("latin-1"))


@pytest.mark.parametrize("across", [True, False], ids=["across-files", "streamed"])
@pytest.mark.parametrize("fmt", ["json", "text", "github"])
def test_parallel_output_identical_to_serial(tmp_path: Path, fmt: str, across: bool) -> None:
    """Streamed runs report each file as its worker's result comes back; cross-file runs
    after the last file. Either way the bytes equal a serial run's."""
    _corpus(tmp_path)
    runs = {}
    for jobs in ("1", "2"):
        process = run_newslint(
            "check",
            str(tmp_path),
            "--no-grammar",
            "--format",
            fmt,
            "-j",
            jobs,
            *(["--across-files"] if across else []),
            cwd=tmp_path,
        )
        assert process.returncode == 2, process.stderr  # findings and two input errors
        assert b"Traceback" not in process.stderr
        runs[jobs] = process.stdout
    assert runs["1"] == runs["2"]
    assert b"binary file" in runs["1"] and b"latin1.txt" in runs["1"]


def test_parallel_uses_workers_and_keeps_discovery_order(tmp_path: Path) -> None:
    _corpus(tmp_path)
    serial = Runner(RunOptions(paths=[str(tmp_path)], no_grammar=True, jobs=1)).run()
    parallel_runner = Runner(RunOptions(paths=[str(tmp_path)], no_grammar=True, jobs=2))
    paths = [file.path for file in serial.files]
    assert parallel_runner.jobs_for(paths) == 2
    parallel = parallel_runner.run()
    assert [f.path for f in parallel.files] == paths
    assert paths == sorted(paths)
    for one, two in zip(serial.files, parallel.files):
        assert [(f.rule, f.line, f.column, f.message) for f in one.findings] == [
            (f.rule, f.line, f.column, f.message) for f in two.findings
        ]
    assert serial.errors == parallel.errors
    assert sorted(serial.rules) == sorted(parallel.rules)
    # Findings from the folder with its own configuration follow it in workers too.
    web = [f for f in parallel.files if "/web/" in f.path]
    assert web and not any(f.rule == "typography/spaces" for file in web for f in file.findings)
    assert any(f.rule == "typography/spaces" for file in parallel.files for f in file.findings)


def test_cross_file_state_comes_back_from_workers(tmp_path: Path) -> None:
    """names/variants across files: state recorded in workers, merged, finished in the parent."""
    for index in range(12):
        text = "Joe Biden a parlé. Joe Biden a signé. Joe Biden est parti.\n"
        if index == 5:
            text = "Joe Baiden a parlé mardi.\n"
        (tmp_path / f"d{index:02d}.md").write_text(text, encoding="utf-8")
    results = {}
    for jobs in (1, 2):
        options = RunOptions(
            paths=[str(tmp_path)], no_grammar=True, jobs=jobs, across_files=True, select=("names",)
        )
        runner = Runner(options)
        if jobs == 2:
            assert runner.jobs_for(sorted(str(p) for p in tmp_path.iterdir())) == 2
        result = runner.run()
        results[jobs] = [
            (Path(f.path).name, g.rule, g.line, g.column, g.text, g.message)
            for f in result.files
            for g in f.findings
        ]
    assert results[1] == results[2]
    assert any(name == "d05.md" and text == "Baiden" for name, _r, _l, _c, text, _m in results[2])


def test_worker_death_loses_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _corpus(tmp_path, count=24)
    serial = Runner(RunOptions(paths=[str(tmp_path)], no_grammar=True, jobs=1)).run()
    parent = os.getpid()
    real_check = Runner.check_path

    def dying_check(self, path, detach=False, loaded=None):
        if os.getpid() != parent and "draft-007" in path:
            os._exit(9)  # as if killed by the OOM killer
        return real_check(self, path, detach, loaded)

    monkeypatch.setattr(Runner, "check_path", dying_check)  # inherited by forked workers
    parallel = Runner(RunOptions(paths=[str(tmp_path)], no_grammar=True, jobs=2)).run()
    assert [f.path for f in parallel.files] == [f.path for f in serial.files]
    assert [len(f.findings) for f in parallel.files] == [len(f.findings) for f in serial.files]


def test_small_runs_stay_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(PARAGRAPHS[2] + "\n", encoding="utf-8")
    runner = Runner(RunOptions(paths=[str(draft)], no_grammar=True, jobs=0))
    assert runner.jobs_for([str(draft)]) == 1
    assert runner.jobs_for([str(draft)] * 10) == 1  # fewer than PARALLEL_MIN_FILES
    assert Runner(RunOptions(paths=[], jobs=4)).jobs_for([str(draft)] * 3) == 1

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started for one draft")

    monkeypatch.setattr(pool, "parallel", no_pool)
    result = runner.run()
    assert result.files[0].findings


def test_streaming_keeps_nothing(tmp_path: Path) -> None:
    _corpus(tmp_path, count=12)
    options = RunOptions(paths=[str(tmp_path)], no_grammar=True, jobs=2, keep_documents=False)
    result = RunResult()
    seen: list[FileResult] = list(Runner(options).files(result))
    assert result.files == []
    assert result.checked == len(seen) == 12
    assert all(file.document is None for file in seen)
    assert [f.path for f in seen] == sorted(f.path for f in seen)


def test_jobs_json_summary_counts_streamed_files(tmp_path: Path) -> None:
    _corpus(tmp_path, count=12)
    code, report = run_json(str(tmp_path), "--no-grammar", "-j", "2")
    assert code == 2
    assert report["summary"]["files"] == 14
    assert report["summary"]["input_errors"] == 2
    assert len(report["files"]) == 12


def test_recycled_workers_give_the_same_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers replaced every few files (bounded memory) change nothing in the results."""
    _corpus(tmp_path)
    serial = Runner(RunOptions(paths=[str(tmp_path)], no_grammar=True, jobs=1)).run()
    monkeypatch.setattr(pool, "PARALLEL_RECYCLE_FILES", 8)
    parallel = Runner(RunOptions(paths=[str(tmp_path)], no_grammar=True, jobs=2)).run()
    assert [(f.path, [(g.rule, g.line, g.column) for g in f.findings]) for f in parallel.files] == [
        (f.path, [(g.rule, g.line, g.column) for g in f.findings]) for f in serial.files
    ]
