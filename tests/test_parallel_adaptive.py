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
    """A run's findings, and how many files other processes were given (pool or slices)."""
    given: list[int] = []
    real_parallel, real_split = pool.parallel, pool.split

    def counting(worker, paths, jobs, make):  # type: ignore[no-untyped-def]
        given.append(len(paths))
        return real_parallel(worker, paths, jobs, make)

    def counting_split(worker, paths, jobs, sizes):  # type: ignore[no-untyped-def]
        given.append(len(paths) - (pool.slices(sizes, jobs)[0][1]))  # the parent's slice is not
        return real_split(worker, paths, jobs, sizes)

    monkeypatch.setattr(pool, "parallel", counting)
    monkeypatch.setattr(pool, "split", counting_split)
    monkeypatch.setattr(pool, "cpu_count", lambda: 2)
    # Another test may have left a thread (Dask's offload thread): this one forks anyway.
    monkeypatch.setattr(pool, "can_split", lambda: True)
    result = Runner(RunOptions(paths=[str(root)], no_grammar=True, no_cache=True, **options)).run()  # type: ignore[arg-type]
    findings = [
        (f.path, g.rule, g.line, g.column, g.message) for f in result.files for g in f.findings
    ]
    return findings, sum(given)


def _no_split(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "SPLIT_MAX_SECONDS", 0.0)


def test_cheap_rules_on_many_drafts_stay_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _drafts(tmp_path)  # 80 files, 320 kB: big enough for workers by size alone
    _no_split(monkeypatch)
    findings, in_workers = _run(tmp_path, monkeypatch, jobs=0, select=("punctuation/space-before",))
    assert findings  # the rule ran and found the ` ,`
    assert in_workers == 0


def test_costly_runs_still_get_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _drafts(tmp_path)
    _no_split(monkeypatch)
    monkeypatch.setattr(pool, "WORKERS_COST", 0.0)  # workers free: they always pay
    _findings, in_workers = _run(tmp_path, monkeypatch, jobs=0)
    assert 0 < in_workers < 80  # the first files were checked here, the rest in workers


@pytest.mark.parametrize("how", ["pool", "split"])
def test_switching_to_workers_midway_keeps_every_finding_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    _drafts(tmp_path)
    serial, _ = _run(tmp_path, monkeypatch, jobs=1)
    if how == "pool":
        _no_split(monkeypatch)
        monkeypatch.setattr(pool, "WORKERS_COST", 0.0)
    else:
        monkeypatch.setattr(pool, "SPLIT_COST", 0.0)
    switched, in_workers = _run(tmp_path, monkeypatch, jobs=0)
    assert in_workers > 0
    assert switched == serial


def test_an_explicit_jobs_count_is_obeyed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _drafts(tmp_path)
    _findings, in_workers = _run(
        tmp_path, monkeypatch, jobs=2, select=("punctuation/space-before",)
    )
    assert in_workers == 80


def test_sharing_pays_only_for_enough_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "can_split", lambda: True)
    assert pool.sharing(0.01, 1000, 10**9, 2) is None  # too little measured yet
    assert pool.sharing(0.05, 100_000, 10_000, 2) is None  # 0.005 s left: not worth a fork
    assert pool.sharing(0.05, 100_000, 100_000, 2) == "split"  # 0.05 s left: a slice pays
    assert pool.sharing(0.05, 100_000, 1_000_000, 2) == "split"  # 0.5 s left
    assert pool.sharing(0.05, 100_000, 10_000_000, 2) == "pool"  # 5 s left: the pool
    assert pool.sharing(0.05, 100_000, 1_000_000, 1) is None
    monkeypatch.setattr(pool, "can_split", lambda: False)  # e.g. threads running, macOS
    assert pool.sharing(0.05, 100_000, 100_000, 2) is None
    assert pool.sharing(0.05, 100_000, 1_000_000, 2) == "pool"


def test_slices_hold_about_equal_bytes() -> None:
    assert pool.slices([1] * 10, 2) == [(0, 5), (5, 10)]
    assert pool.slices([5, 1, 1, 1, 1, 1], 2) == [(0, 1), (1, 6)]
    assert pool.slices([1, 1], 3) == [(0, 1), (1, 2), (2, 2)]
    assert pool.slices([], 2) == [(0, 0), (0, 0)]
    ranges = pool.slices([3, 1, 4, 1, 5, 9, 2, 6], 3)
    assert [i for start, end in ranges for i in range(start, end)] == list(range(8))


def test_no_slices_while_another_thread_runs() -> None:
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not pool.can_split()  # a fork would copy locks the other thread may hold
    finally:
        stop.set()
        thread.join()
    assert pool.can_split() == (threading.active_count() == 1)  # another test's may remain
