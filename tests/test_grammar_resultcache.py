"""The per-file result cache (issue 14, :mod:`newslint.resultcache`), through the CLI: a file
unchanged since a run with the same settings gives the same report without being checked; any
change of the draft, the configuration, a rule set it extends or an option gives fresh
findings; a failed check is never cached; a corrupt cache is ignored.

"Not checked" is observed where a user could see it: LanguageTool (a fake one on loopback,
:class:`test_grammarproc.FakeLanguageTool`) is not asked again although the paragraph cache
is gone.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import run_newslint
from test_grammarproc import DRAFT, FakeLanguageTool, healthy

FORMATS = ["text", "json", "sarif", "github", "rdjsonl", "checkstyle", "junit", "gitlab", "html"]

DRAFTS = {
    "a.md": "# Titre\n\nLe président a dit  « oui » .\n\nEmmanuel Macron et Emanuel Macron.\n",
    "b.txt": 'Il a dit "non"... puis il est partit.\n',
    "c.html": "<p>Un  texte   avec des espaces .</p>\n",
}


@pytest.fixture(autouse=True)
def result_cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The result cache as users have it (conftest turns it off for every other test)."""
    monkeypatch.setenv("NEWSLINT_NO_RESULT_CACHE", "")


def project(tmp_path: Path, config: str = "extends: [fr-press]\n") -> Path:
    folder = tmp_path / "drafts"
    folder.mkdir(parents=True)
    (folder / ".newslint.yaml").write_text(config, encoding="utf-8")
    for name, text in DRAFTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def newslint(folder: Path, cache: Path, *args: str, env: dict | None = None):
    process = run_newslint(
        "check",
        "--no-grammar",
        *args,
        ".",
        cwd=folder,
        env={"NEWSLINT_CACHE_DIR": str(cache), **(env or {})},
    )
    stderr = process.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    return process.returncode, process.stdout.decode("utf-8"), stderr


def cache_files(cache: Path) -> list[Path]:
    return sorted((cache / "results").glob("*.pickle"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_hit_gives_the_same_report_as_a_check(tmp_path: Path, fmt: str) -> None:
    folder = project(tmp_path)
    cache = tmp_path / "cache"
    unchached = newslint(folder, tmp_path / "other", "--format", fmt, "--no-cache")
    first = newslint(folder, cache, "--format", fmt)
    assert cache_files(cache), "the first run stores each file's result"
    second = newslint(folder, cache, "--format", fmt)
    assert first == second == unchached
    assert first[0] == 1


def test_files_unchanged_are_not_checked_again(tmp_path: Path) -> None:
    """The paragraph cache removed, a warm run still does not ask LanguageTool: the file's
    own result is cached. A changed draft is asked about again, and only it."""
    fake = FakeLanguageTool()
    try:
        folder = project(tmp_path, f"extends: [fr-grammar]\nlanguagetool:\n  url: {fake.url}\n")
        (folder / "d.txt").write_text(DRAFT, encoding="utf-8")
        cache = tmp_path / "cache"
        env = {"NEWSLINT_TRUST_CONFIG": "1"}

        def run() -> tuple[int, str, str]:
            process = run_newslint(
                "check",
                "--format",
                "json",
                ".",
                cwd=folder,
                env={"NEWSLINT_CACHE_DIR": str(cache), **env},
            )
            return (
                process.returncode,
                process.stdout.decode("utf-8"),
                process.stderr.decode("utf-8", "replace"),
            )

        first = run()
        assert first[0] == 1, first[2]
        assert any("manger" in text for text in fake.checked)
        asked = len(fake.checked)
        (cache / "grammar-cache.sqlite3").unlink()
        for extra in ("-wal", "-shm"):
            (cache / f"grammar-cache.sqlite3{extra}").unlink(missing_ok=True)
        second = run()
        assert second == first
        assert len(fake.checked) == asked, fake.checked[asked:]
        (folder / "d.txt").write_text("Elle a manger.\n", encoding="utf-8")
        third = run()
        assert fake.checked[asked:] == ["Elle a manger."]
        found = {
            (Path(file["path"]).name, f["rule"], f["text"])
            for file in json.loads(third[1])["files"]
            for f in file["findings"]
        }
        assert ("d.txt", "grammar/FR_FAKE_RULE", "manger") in found
    finally:
        fake.close()


def test_a_failed_grammar_check_is_never_cached(tmp_path: Path) -> None:
    fake = FakeLanguageTool()
    try:
        folder = tmp_path / "p"
        folder.mkdir()
        (folder / ".newslint.yaml").write_text(
            f"extends: [fr-grammar]\nlanguagetool:\n  url: {fake.url}\n", encoding="utf-8"
        )
        (folder / "a.txt").write_text(DRAFT, encoding="utf-8")
        env = {"NEWSLINT_CACHE_DIR": str(tmp_path / "cache"), "NEWSLINT_TRUST_CONFIG": "1"}
        fake.answer = {"matches": None}
        for _ in range(2):
            process = run_newslint("check", "a.txt", cwd=folder, env=env)
            assert process.returncode == 3, process.stderr
        fake.answer = None
        process = run_newslint("check", "--format", "json", "a.txt", cwd=folder, env=env)
        assert process.returncode == 1, process.stderr
        found = json.loads(process.stdout)["files"][0]["findings"]
        assert [f["rule"] for f in found if f["rule"].startswith("grammar/")] == [
            "grammar/FR_FAKE_RULE"
        ]
        assert healthy(DRAFT)["matches"]
    finally:
        fake.close()


def test_languagetool_cache_false_asks_every_run(tmp_path: Path) -> None:
    fake = FakeLanguageTool()
    try:
        folder = tmp_path / "p"
        folder.mkdir()
        (folder / ".newslint.yaml").write_text(
            f"extends: [fr-grammar]\nlanguagetool:\n  url: {fake.url}\n  cache: false\n",
            encoding="utf-8",
        )
        (folder / "a.txt").write_text(DRAFT, encoding="utf-8")
        env = {"NEWSLINT_CACHE_DIR": str(tmp_path / "cache"), "NEWSLINT_TRUST_CONFIG": "1"}
        for _ in range(2):
            process = run_newslint("check", "a.txt", cwd=folder, env=env)
            assert process.returncode == 1, process.stderr
        assert [text.strip() for text in fake.checked] == [DRAFT.strip()] * 2
    finally:
        fake.close()


def test_changed_draft_config_rule_set_or_option_gives_fresh_findings(tmp_path: Path) -> None:
    folder = project(tmp_path, "extends: [fr-press, ./house.yaml]\n")
    (folder / "house.yaml").write_text("rules: {}\n", encoding="utf-8")
    cache = tmp_path / "cache"

    def rules() -> set[str]:
        code, out, err = newslint(folder, cache, "--format", "json")
        return {f["rule"] for file in json.loads(out)["files"] for f in file["findings"]}

    base = rules()
    assert "typography/spaces" in base
    # The draft changes: its findings follow.
    (folder / "c.html").write_text("<p>Un texte.</p>\n", encoding="utf-8")
    (folder / "a.md").write_text("# Titre\n\nUn texte.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Un texte.\n", encoding="utf-8")
    assert "typography/spaces" not in rules()
    for name, text in DRAFTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert rules() == base
    # A rule set the configuration extends changes.
    (folder / "house.yaml").write_text(
        "rules:\n  typography/spaces: {enabled: false}\n", encoding="utf-8"
    )
    assert rules() == base - {"typography/spaces"}
    (folder / "house.yaml").write_text("rules: {}\n", encoding="utf-8")
    assert rules() == base
    # The configuration itself changes.
    (folder / ".newslint.yaml").write_text(
        "extends: [fr-press, ./house.yaml]\nrules:\n  typography/spaces:\n    severity: error\n",
        encoding="utf-8",
    )
    code, out, _ = newslint(folder, cache, "--format", "json")
    severities = {
        f["severity"]
        for file in json.loads(out)["files"]
        for f in file["findings"]
        if f["rule"] == "typography/spaces"
    }
    assert severities == {"error"}
    # An option that changes findings.
    code, out, _ = newslint(folder, cache, "--format", "json", "--ignore", "typography")
    assert not any(
        f["rule"].startswith("typography/")
        for file in json.loads(out)["files"]
        for f in file["findings"]
    )


def test_corrupt_cache_files_are_ignored(tmp_path: Path) -> None:
    folder = project(tmp_path)
    cache = tmp_path / "cache"
    first = newslint(folder, cache)
    files = cache_files(cache)
    assert files
    for index, path in enumerate(files):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2] if index % 2 else data[:-5] + b"xxxxx")
    assert newslint(folder, cache) == first
    (cache / "results" / files[0].name).write_bytes(b"")
    assert newslint(folder, cache) == first
    # Rewritten whole after the corrupt one was ignored: the next run hits again.
    assert newslint(folder, cache) == first


def test_no_cache_neither_reads_nor_writes_results(tmp_path: Path) -> None:
    folder = project(tmp_path)
    cache = tmp_path / "cache"
    newslint(folder, cache, "--no-cache")
    assert not cache_files(cache)


def test_cache_is_private(tmp_path: Path) -> None:
    folder = project(tmp_path)
    cache = tmp_path / "cache"
    newslint(folder, cache)
    for path in cache_files(cache):
        assert path.stat().st_mode & 0o777 == 0o600
    assert (cache / "results").stat().st_mode & 0o777 == 0o700


class _Opens:
    """A pickle that, when loaded, creates a file: what a forged cache file could run."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (open, (str(self.marker), "w"))


@pytest.mark.parametrize("mode", [0o600, 0o666])
def test_a_cache_file_others_may_write_is_not_unpickled(tmp_path: Path, mode: int) -> None:
    """Results are unpickled only from the user's own files that nobody else may write: a
    cache file another user could have forged (checksum and all) is never loaded, so it can
    run nothing; the files are checked afresh."""
    from _blake2 import blake2b

    from newslint import resultcache

    folder = project(tmp_path)
    cache = tmp_path / "cache"
    expected = newslint(folder, cache)
    marker = tmp_path / "ran"
    payload = __import__("pickle").dumps(_Opens(marker))
    for path in cache_files(cache):
        path.write_bytes(resultcache.MAGIC + blake2b(payload).digest() + payload)
        path.chmod(mode)
    assert newslint(folder, cache) == expected
    # The user's own private file is trusted (it was read: the forged pickle ran), one that
    # others may write is not.
    assert marker.exists() == (mode == 0o600)


def test_parallel_workers_and_two_runs_at_once(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = project(tmp_path)
    for index in range(40):
        (folder / f"n{index:02}.txt").write_text(
            f"Le texte numéro {index}  a deux espaces .\n", encoding="utf-8"
        )
    cache = tmp_path / "cache"
    expected = newslint(folder, tmp_path / "none", "--no-cache", "-j", "2")
    env = {**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": "", "NEWSLINT_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "newslint", "check", "--no-grammar", "-j", "2", "."]
    runs = [
        subprocess.Popen(
            command, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    for process in runs:
        out, err = process.communicate(timeout=300)
        assert (process.returncode, out.decode(), err.decode()) == expected
    assert newslint(folder, cache, "-j", "2") == expected
    assert newslint(folder, cache) == expected


def test_fix_and_check_again_after_a_cached_run(tmp_path: Path) -> None:
    """--fix after a cached run fixes what a fresh run fixes; the fixed files are checked
    anew (their bytes changed)."""
    cached = project(tmp_path / "one")
    fresh = project(tmp_path / "two")
    cache = tmp_path / "cache"
    newslint(cached, cache)
    fixed = newslint(cached, cache, "--fix")
    assert fixed == newslint(fresh, tmp_path / "none", "--no-cache", "--fix")
    for name in DRAFTS:
        assert (cached / name).read_bytes() == (fresh / name).read_bytes()
    assert (cached / "a.md").read_bytes() != DRAFTS["a.md"].encode()
    assert newslint(cached, cache) == newslint(fresh, tmp_path / "none", "--no-cache")


@pytest.mark.languagetool
def test_persistent_server_and_installation_key_the_caches_alike(tmp_path: Path, lt_server) -> None:
    """A run through the persistent server (version from its state file), then runs that
    find LanguageTool as the local installation (no state file, no Java): both caches answer,
    nothing is asked again (last session saw a warm run start a JVM after such a switch)."""
    import shutil

    cache = tmp_path / "cache"
    cache.mkdir()
    shutil.copy(lt_server.cache_dir / "languagetool-server.json", cache)
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / ".newslint.yaml").write_text("extends: [fr-grammar]\n", encoding="utf-8")
    (folder / "a.txt").write_text(
        "Il a manger une pomme.\n\nLes enfant jouent dehors.\n", encoding="utf-8"
    )
    env = {**lt_server.env, "NEWSLINT_CACHE_DIR": str(cache), "NEWSLINT_NO_RESULT_CACHE": ""}

    def check(env: dict) -> tuple[int, str, str]:
        process = run_newslint("check", "--format", "json", "a.txt", cwd=folder, env=env)
        return (
            process.returncode,
            process.stdout.decode("utf-8"),
            process.stderr.decode("utf-8", "replace"),
        )

    first = check(env)
    assert first[0] == 1, first[2]
    assert "grammar/" in first[1]
    assert cache_files(cache)
    (cache / "languagetool-server.json").unlink()
    no_java = {**env, "PATH": str(tmp_path / "empty-bin"), "JAVA_HOME": ""}
    assert check(no_java) == first  # the file's result
    shutil.rmtree(cache / "results")
    assert check(no_java) == first  # the paragraphs' results
