"""newslint audit (issue 19): collections in, findings tables out, on a real Dask cluster."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys

import pytest

pytest.importorskip("distributed")
pa_parquet = pytest.importorskip("pyarrow.parquet")

ARTICLES = [
    {
        "id": "a1",
        "desk": "monde",
        "text": "Joe Biden a parlé. Joe Biden a dit « oui.\n\nUn mot,, deux.\n",
    },
    {"id": "a2", "desk": "sport", "text": "Le match a eu lieu hier soir.\n\nTout va bien.\n"},
    {
        "id": "a3",
        "desk": "monde",
        "text": "Il a dit  « non » à Joe Baiden, puis à Joe Biden et Joe Biden.\n",
    },
]


def run(*args: str, cwd, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newslint", "audit", *args],
        cwd=cwd,
        capture_output=True,
        timeout=timeout,
    )


def write_jsonl(path, records, gz=False) -> None:
    opener = gzip.open if gz else open
    with opener(path, "wt", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_rows(path) -> list[dict]:
    if str(path).endswith(".parquet"):
        return pa_parquet.read_table(path).to_pylist()
    return [json.loads(line) for line in open(path, encoding="utf-8")]


def corpus(shared, n: int) -> list[dict]:
    path = os.path.join(shared, "corpus", "orangesum-dev.jsonl.gz")
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            out.append({"id": record["id"], "author": record.get("author"), "text": record["text"]})
            if len(out) == n:
                break
    return out


def test_findings_table_carries_ids_spans_and_metadata(tmp_path):
    write_jsonl(tmp_path / "a.jsonl.gz", ARTICLES, gz=True)
    done = run(
        "a.jsonl.gz",
        "-o",
        "f.jsonl",
        "--meta",
        "desk",
        "--workers",
        "0",
        "--no-grammar",
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stderr
    rows = read_rows(tmp_path / "f.jsonl")
    assert {row["id"] for row in rows} == {"a1", "a3"}
    baiden = [row for row in rows if row["text"] == "Baiden"]
    assert baiden and baiden[0]["rule"] == "names/variants" and baiden[0]["desk"] == "monde"
    assert baiden[0]["suggestion"] == "Biden"
    text = ARTICLES[2]["text"]
    assert text[baiden[0]["start"] : baiden[0]["end"]] == "Baiden"
    summary = read_rows(tmp_path / "f.summary.jsonl")
    overall = [row for row in summary if row["rule"] == "names/variants" and row["column"] == ""]
    assert overall[0]["articles"] == 1
    assert any(row["column"] == "desk" and row["value"] == "monde" for row in summary)
    assert b"3 articles" in done.stderr


def test_a_local_cluster_gives_the_rows_of_a_single_machine_run(tmp_path, shared):
    records = corpus(shared, 120)
    write_jsonl(tmp_path / "c.jsonl", records)
    single = run(
        "c.jsonl",
        "-o",
        "one.parquet",
        "--meta",
        "author",
        "--workers",
        "0",
        "--no-grammar",
        cwd=tmp_path,
    )
    cluster = run(
        "c.jsonl",
        "-o",
        "two.parquet",
        "--meta",
        "author",
        "--workers",
        "2",
        "--partition-size",
        "15",
        "--no-grammar",
        cwd=tmp_path,
    )
    assert single.returncode == cluster.returncode, (single.stderr, cluster.stderr)
    one, two = read_rows(tmp_path / "one.parquet"), read_rows(tmp_path / "two.parquet")
    assert one and one == two
    assert read_rows(tmp_path / "one.summary.parquet") == read_rows(
        tmp_path / "two.summary.parquet"
    )


def test_audit_rows_equal_check_findings_on_the_same_articles_as_files(tmp_path, shared):
    records = corpus(shared, 40)
    write_jsonl(tmp_path / "c.jsonl", records)
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for record in records:
        (drafts / f"{record['id']}.txt").write_text(record["text"], encoding="utf-8")
    done = run("c.jsonl", "-o", "f.jsonl", "--workers", "0", "--no-grammar", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "newslint",
            "check",
            "--format",
            "json",
            "--no-grammar",
            "-j",
            "1",
            "drafts",
        ],
        cwd=tmp_path,
        capture_output=True,
        timeout=300,
    )
    report = json.loads(checked.stdout)
    from_check = sorted(
        (os.path.basename(file["path"])[:-4], f["rule"], f["line"], f["column"], f["message"])
        for file in report["files"]
        for f in file["findings"]
    )
    from_audit = sorted(
        (row["id"], row["rule"], row["line"], row["column"], row["message"])
        for row in read_rows(tmp_path / "f.jsonl")
    )
    assert from_audit == from_check and from_check


def test_across_files_compares_the_whole_collection(tmp_path):
    same = "Le président François Mitterrand a été élu en 1981. Mitterrand a gouverné.\n"
    records = [{"id": f"x{i}", "text": same} for i in range(3)]
    records.append({"id": "x3", "text": "Le président François Mitterand a dissous l'Assemblée.\n"})
    write_jsonl(tmp_path / "c.jsonl", records)
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for record in records:
        (drafts / f"{record['id']}.txt").write_text(record["text"], encoding="utf-8")
    done = run(
        "c.jsonl",
        "-o",
        "f.jsonl",
        "--workers",
        "2",
        "--partition-size",
        "1",
        "--no-grammar",
        "--across-files",
        cwd=tmp_path,
    )
    rows = read_rows(tmp_path / "f.jsonl")
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "newslint",
            "check",
            "--format",
            "json",
            "--no-grammar",
            "--across-files",
            "-j",
            "1",
            "drafts",
        ],
        cwd=tmp_path,
        capture_output=True,
        timeout=300,
    )
    report = json.loads(checked.stdout)
    from_check = sorted(
        (os.path.basename(file["path"])[:-4], f["rule"], f["line"], f["column"])
        for file in report["files"]
        for f in file["findings"]
    )
    from_audit = sorted((row["id"], row["rule"], row["line"], row["column"]) for row in rows)
    assert ("x3", "names/variants", 1, 23) in from_audit, (done.stderr, rows)
    assert from_audit == from_check


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(tmp_path, shared):
    from distributed import Client, LocalCluster

    from newslint.audit.collection import Fields
    from newslint.audit.run import Plan, audit
    from newslint.audit.work import Settings

    records = corpus(shared, 160)
    write_jsonl(tmp_path / "c.jsonl", records)
    fields = Fields("id", "text", ())
    settings = Settings(grammar=False)
    reference = Plan(
        [str(tmp_path / "c.jsonl")],
        fields,
        str(tmp_path / "ref.jsonl"),
        None,
        settings,
        workers=0,
        partition_size=10,
    )
    audit(reference)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        # A client of the test's own only to learn the workers' pids, closed before the run
        # connects: two clients in one process may share a future's state across their event
        # loops when a worker dies ("Event ... is bound to a different event loop", seen once).
        with Client(cluster) as client:
            pids = list(client.run(os.getpid).values())
        killed = []

        def kill_one(done: int) -> None:
            if not killed and done >= 20:
                os.kill(pids[0], signal.SIGKILL)
                killed.append(pids[0])

        plan = Plan(
            [str(tmp_path / "c.jsonl")],
            fields,
            str(tmp_path / "out.jsonl"),
            None,
            settings,
            scheduler=cluster.scheduler_address,
            partition_size=10,
        )
        outcome = audit(plan, progress=kill_one)
    assert killed
    assert outcome.articles == 160
    assert read_rows(tmp_path / "out.jsonl") == read_rows(tmp_path / "ref.jsonl")


def test_an_unreachable_scheduler_is_one_line_and_exit_3(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", ARTICLES)
    done = run(
        "a.jsonl",
        "-o",
        "f.parquet",
        "--scheduler",
        "tcp://127.0.0.1:9",
        "--no-grammar",
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 3
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "scheduler" in lines[0] and "tcp://127.0.0.1:9" in lines[0]
    assert not (tmp_path / "f.parquet").exists()


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_a_record_without_its_text_field_is_one_line_and_exit_2(tmp_path, fmt):
    records = [ARTICLES[0], {"id": "b", "body": "Sans texte."}]
    if fmt == "jsonl":
        write_jsonl(tmp_path / "c.jsonl", records)
        name, where = "c.jsonl", "c.jsonl:2"
    else:
        import pyarrow as pa

        pa_parquet.write_table(pa.table({"id": ["a"], "body": ["x"]}), tmp_path / "c.parquet")
        name, where = "c.parquet", "c.parquet"
    done = run(name, "-o", "f.jsonl", "--workers", "0", "--no-grammar", cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and where in lines[0] and "text" in lines[0]
    assert not (tmp_path / "f.jsonl").exists()
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_metadata_overrides_through_the_path_template(tmp_path):
    (tmp_path / ".newslint.yaml").write_text(
        "extends: [fr-press]\noverrides:\n  - files: ['sport/*']\n    rules:\n"
        "      punctuation/doubled: {enabled: false}\n",
        encoding="utf-8",
    )
    records = [
        {"id": "s", "desk": "sport", "text": "Un mot,, deux.\n"},
        {"id": "m", "desk": "monde", "text": "Un mot,, deux.\n"},
    ]
    write_jsonl(tmp_path / "c.jsonl", records)
    done = run(
        "c.jsonl",
        "-o",
        "f.jsonl",
        "--meta",
        "desk",
        "--path-template",
        "{desk}/{id}.txt",
        "--workers",
        "0",
        "--no-grammar",
        cwd=tmp_path,
    )
    rows = read_rows(tmp_path / "f.jsonl")
    assert {row["id"] for row in rows if row["text"] == ",,"} == {"m"}, (done.stderr, rows)
