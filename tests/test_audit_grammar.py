"""newslint audit with grammar (issue 19): a local cluster of two workers sharing one real
LanguageTool server gives the rows ``newslint check`` gives on the same articles as files."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys

import pytest

pytest.importorskip("distributed")


@pytest.mark.languagetool
def test_grammar_rows_of_a_two_worker_cluster_equal_check(tmp_path, shared, lt_server):
    records = []
    with gzip.open(os.path.join(shared, "corpus", "orangesum-dev.jsonl.gz"), "rt") as handle:
        for line in handle:
            record = json.loads(line)
            records.append({"id": record["id"], "text": record["text"]})
            if len(records) == 30:
                break
    with open(tmp_path / "c.jsonl", "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for record in records:
        (drafts / f"{record['id']}.txt").write_text(record["text"], encoding="utf-8")
    (tmp_path / ".newslint.yaml").write_text(
        f"extends: [fr-press, fr-grammar]\nlanguagetool: {{url: '{lt_server.url}'}}\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "NEWSLINT_TRUST_CONFIG": "1",
        "NEWSLINT_CACHE_DIR": str(tmp_path / "cache"),
    }

    def newslint(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "newslint", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            timeout=600,
        )

    audited = newslint(
        "audit", "c.jsonl", "-o", "f.jsonl", "--workers", "2", "--partition-size", "4", "--no-cache"
    )
    assert audited.returncode in (0, 1), audited.stderr.decode()
    checked = newslint("check", "--format", "json", "--no-cache", "drafts")
    assert checked.returncode in (0, 1), checked.stderr.decode()
    from_check = sorted(
        (os.path.basename(file["path"])[:-4], f["rule"], f["line"], f["column"], f["message"])
        for file in json.loads(checked.stdout)["files"]
        for f in file["findings"]
    )
    rows = [json.loads(line) for line in (tmp_path / "f.jsonl").read_text("utf-8").splitlines()]
    from_audit = sorted((r["id"], r["rule"], r["line"], r["column"], r["message"]) for r in rows)
    assert any(rule.startswith("grammar/") for _, rule, *_ in from_check)
    assert from_audit == from_check
