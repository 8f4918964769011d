"""``--jobs 0`` (the default): worker processes start only when the files left cost more to
check here than the workers cost to start, whatever the run's size says (issue 20: four
house-style rules on 200 drafts were slower with workers than without)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint import pool
from newslint.runner import Runner, RunOptions

SENTENCES = [
    "Le président Joe Biden a parlé avec Vladimir Poutine mardi , a-t-il dit.",
    'Selon le ministre, "la discussion a été franche" et  le ton courtois.',
    "Il a cité 1000 euros et 25 % de hausse... Les marchés ont réagi.",
    "Un texte sans rien à redire, écrit avec soin par la rédaction.",
]


def _drafts(root: Path, count: int = 80, size: int = 4000) -> list[str]:
    paths = []
    for index in range(count):
        text, k = [], index
        while sum(len(t) for t in text) < size:
            text.append(SENTENCES[k % len(SENTENCES)])
            k += 1
        path = root / f"d{index:03d}.md"
        path.write_text("\n\n".join(text) + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def _run(root: Path, monkeypatch: pytest.MonkeyPatch, **options: object) -> tuple[list, int]:
    """A run's findings, and how many files worker processes were given."""
    given: list[int] = []
    real = pool.parallel

    def counting(worker, paths, jobs, make):  # type: ignore[no-untyped-def]
        given.append(len(paths))
        return real(worker, paths, jobs, make)

    monkeypatch.setattr(pool, "parallel", counting)
    monkeypatch.setattr(pool, "cpu_count", lambda: 2)
    result = Runner(RunOptions(paths=[str(root)], no_grammar=True, no_cache=True, **options)).run()  # type: ignore[arg-type]
    findings = [
        (f.path, g.rule, g.line, g.column, g.message) for f in result.files for g in f.findings
    ]
    return findings, sum(given)


def test_cheap_rules_on_many_drafts_stay_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _drafts(tmp_path)  # 80 files, 320 kB: big enough for workers by size alone
    findings, in_workers = _run(tmp_path, monkeypatch, jobs=0, select=("punctuation/space-before",))
    assert findings  # the rule ran and found the ` ,`
    assert in_workers == 0


def test_costly_runs_still_get_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _drafts(tmp_path)
    monkeypatch.setattr(pool, "WORKERS_COST", 0.0)  # workers free: they always pay
    _findings, in_workers = _run(tmp_path, monkeypatch, jobs=0)
    assert 0 < in_workers < 80  # the first files were checked here, the rest in workers


def test_switching_to_workers_midway_keeps_every_finding_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _drafts(tmp_path)
    serial, _ = _run(tmp_path, monkeypatch, jobs=1)
    monkeypatch.setattr(pool, "WORKERS_COST", 0.0)
    switched, in_workers = _run(tmp_path, monkeypatch, jobs=0)
    assert in_workers > 0
    assert switched == serial


def test_an_explicit_jobs_count_is_obeyed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _drafts(tmp_path)
    _findings, in_workers = _run(
        tmp_path, monkeypatch, jobs=2, select=("punctuation/space-before",)
    )
    assert in_workers == 80


def test_workers_pay_only_for_enough_work() -> None:
    assert not pool.workers_pay(0.01, 1000, 10**9, 2)  # too little measured yet
    assert not pool.workers_pay(0.05, 100_000, 100_000, 2)  # 0.05 s left: not worth it
    assert pool.workers_pay(0.05, 100_000, 1_000_000, 2)  # 0.5 s left: half of it saved
    assert not pool.workers_pay(0.05, 100_000, 1_000_000, 1)
