"""``check --fix`` writes safely (issue 21): an edit saved meanwhile is never overwritten, a
symbolic link never leads a write out of the checked tree nor becomes a file, owner, mode and
hard links are kept, a folder that cannot be written is one line and exit code 2, a
termination signal never leaves a temporary file or half a draft; the cache is private to
the user, written through unpredictable names, and the YAML parse cache is bounded.

Runs that must act at a precise moment of a write (an editor saving, a SIGTERM) run the real
command line with a few lines of Python wrapped around one function of ``newslint.fix``
(:func:`cli_with`): deterministic, no sleeping races.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newslint import api

SELECT = (
    "--no-grammar",
    "--select",
    "typography",
    "--select",
    "quotes",
    "--select",
    "punctuation",
    "--select",
    "style/repetition",
)
# A slip the default gate blocks and --fix removes under any house style (issue 12).
BEFORE = "Il a dit non le le matin.\n"
AFTER = "Il a dit non le matin.\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def cli_with(
    hook: str, *args: str, env: dict | None = None, **kwargs
) -> subprocess.CompletedProcess:
    """``newslint ARGS`` as a user runs it, with ``hook`` (Python) run first in the process."""
    code = (
        f"import sys\n{textwrap.dedent(hook)}\n"
        f"sys.argv = ['newslint', *{list(args)!r}]\n"
        "from newslint.cli import main\nmain()\n"
    )
    full_env = {**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": "", **(env or {})}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, env=full_env, timeout=600, **kwargs
    )


def leftovers(*folders: Path) -> list[str]:
    return [str(p) for folder in folders for p in folder.rglob("*") if p.name.endswith(".tmp")]


def no_traceback(process: subprocess.CompletedProcess) -> None:
    assert b"Traceback" not in process.stderr + process.stdout, process.stderr.decode()


def stderr_lines(process: subprocess.CompletedProcess) -> list[str]:
    return process.stderr.decode("utf-8").splitlines()


# -- 1. an edit saved while --fix runs ------------------------------------------------------

#: An editor saves the draft while newslint computes its fixes (between reading and writing).
EDITOR_APPENDS = """
    import newslint.fix as fix
    real = fix.fix_document
    def fix_document(document, check):
        result = real(document, check)
        if document.path.endswith("edited.txt"):
            with open(document.path, "ab") as handle:
                handle.write("Ajout de l'autrice.\\n".encode())
        return result
    fix.fix_document = fix_document
"""

#: The same, keeping the size and the modification time: only the content hash can tell.
EDITOR_SAME_SIZE_AND_TIME = """
    import os
    import newslint.fix as fix
    real = fix.fix_document
    def fix_document(document, check):
        result = real(document, check)
        if document.path.endswith("edited.txt"):
            info = os.stat(document.path)
            data = open(document.path, "rb").read()
            with open(document.path, "wb") as handle:
                handle.write(data.replace(b"non", b"oui"))
            os.utime(document.path, ns=(info.st_atime_ns, info.st_mtime_ns))
        return result
    fix.fix_document = fix_document
"""


@pytest.mark.parametrize(
    "hook, expected",
    [
        (EDITOR_APPENDS, BEFORE + "Ajout de l'autrice.\n"),
        (EDITOR_SAME_SIZE_AND_TIME, BEFORE.replace("non", "oui")),
    ],
    ids=["appended", "same-size-and-mtime"],
)
def test_edit_saved_during_fix_is_kept(tmp_path, hook, expected):
    edited, other = tmp_path / "edited.txt", tmp_path / "other.txt"
    edited.write_text(BEFORE, encoding="utf-8")
    other.write_text(BEFORE, encoding="utf-8")
    process = cli_with(hook, "check", *SELECT, "--fix", str(edited), str(other))
    no_traceback(process)
    assert edited.read_text(encoding="utf-8") == expected  # the editor's save wins
    assert other.read_text(encoding="utf-8") == AFTER  # the other file is still fixed
    lines = stderr_lines(process)
    assert len(lines) == 1 and str(edited) in lines[0], lines
    assert "changed on disk since it was read; not fixed" in lines[0]
    assert process.returncode == 2  # input error: a file could not be fixed
    assert leftovers(tmp_path) == []


def test_edit_saved_between_check_and_fix_is_fixed_not_undone(tmp_path):
    """The documents kept from checking are not written back over a newer save."""
    draft = tmp_path / "draft.txt"
    draft.write_text(BEFORE, encoding="utf-8")
    checker = api.Checker(
        select=("typography", "quotes", "punctuation", "style/repetition"), grammar=False, jobs=1
    )
    run = checker.start([str(draft)], keep_documents=True)
    run.collect()
    draft.write_text(BEFORE + "Et alors alors ?\n", encoding="utf-8")  # saved after the check
    count = run.fix(write=True)
    again = run.result
    assert draft.read_text(encoding="utf-8") == AFTER + "Et alors ?\n"
    assert count == 2 and again.unfixed == []


# -- 2. symbolic links ----------------------------------------------------------------------


def test_link_out_of_the_checked_tree_is_not_followed(tmp_path):
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    tree.mkdir()
    outside.mkdir()
    secret = outside / "elsewhere.txt"
    secret.write_text(BEFORE, encoding="utf-8")
    (tree / "link.txt").symlink_to(secret)
    own = tree / "own.txt"
    own.write_text(BEFORE, encoding="utf-8")
    process = cli_with("", "check", *SELECT, "--fix", str(tree))
    no_traceback(process)
    assert secret.read_text(encoding="utf-8") == BEFORE  # never written through the link
    assert (tree / "link.txt").is_symlink()
    assert own.read_text(encoding="utf-8") == AFTER
    lines = stderr_lines(process)
    assert lines == [
        f"newslint: {tree / 'link.txt'}: symbolic link to a file outside {tree}; not fixed"
    ]
    assert process.returncode == 2


def test_link_inside_the_tree_fixes_its_target_and_stays_a_link(tmp_path):
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    target = tree / "sub" / "real.txt"
    target.write_text(BEFORE, encoding="utf-8")
    (tree / "link.txt").symlink_to(Path("sub") / "real.txt")
    process = cli_with("", "check", *SELECT, "--fix", str(tree))
    no_traceback(process)
    assert (tree / "link.txt").is_symlink() and target.read_text(encoding="utf-8") == AFTER
    assert process.returncode == 0 and process.stderr == b""


def test_link_named_on_the_command_line_fixes_its_target(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "real.txt"
    target.write_text(BEFORE, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    process = cli_with("", "check", *SELECT, "--fix", str(link))
    no_traceback(process)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == AFTER
    assert process.returncode == 0
    assert leftovers(tmp_path) == []


# -- 3. owner, mode, hard links, read-only folders ------------------------------------------


@pytest.mark.skipif(not IS_ROOT, reason="giving a file to another user needs root")
def test_owner_and_mode_are_kept(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(BEFORE, encoding="utf-8")
    os.chown(draft, 4321, 4322)
    draft.chmod(0o640)
    process = cli_with("", "check", *SELECT, "--fix", str(draft))
    no_traceback(process)
    info = draft.stat()
    assert draft.read_text(encoding="utf-8") == AFTER
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (4321, 4322, 0o640)
    assert process.returncode == 0


def test_hard_links_stay_linked(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(BEFORE, encoding="utf-8")
    other_name = tmp_path / "other-name.txt"
    os.link(draft, other_name)
    inode = draft.stat().st_ino
    process = cli_with("", "check", *SELECT, "--fix", str(draft))
    no_traceback(process)
    assert draft.stat().st_ino == inode and draft.stat().st_nlink == 2
    assert other_name.read_text(encoding="utf-8") == AFTER  # one file, two names
    assert process.returncode == 0
    assert leftovers(tmp_path) == []


#: Linux capabilities (linux/capability.h) that let root ignore permissions and owners.
CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 0, 1, 2, 3


def without_root_powers() -> dict:
    """subprocess arguments that run the command as root without the powers to ignore file
    permissions or to give files away: as an ordinary user would, where the user is root."""
    import ctypes

    def drop() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP, kept across exec
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")

    return {"preexec_fn": drop}


@pytest.mark.skipif(
    not IS_ROOT or not sys.platform.startswith("linux"),
    reason="needs root's capabilities to drop (Linux)",
)
def test_read_only_folder_is_one_line_and_exit_2(tmp_path):
    locked, open_ = tmp_path / "locked", tmp_path / "open"
    locked.mkdir()
    open_.mkdir()
    stuck, fine = locked / "a.txt", open_ / "b.txt"
    for draft in (stuck, fine):
        draft.write_text(BEFORE, encoding="utf-8")  # the files themselves may be written
    locked.chmod(0o555)
    try:
        process = cli_with(
            "", "check", *SELECT, "--fix", str(stuck), str(fine), **without_root_powers()
        )
    finally:
        locked.chmod(0o755)
    no_traceback(process)
    assert stuck.read_text(encoding="utf-8") == BEFORE
    assert fine.read_text(encoding="utf-8") == AFTER  # the other file is still fixed
    lines = stderr_lines(process)
    assert len(lines) == 1 and lines[0].startswith(
        f"newslint: {stuck}: cannot write the fixed file: no temporary file in {locked}"
    ), lines
    assert process.returncode == 2
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(
    not IS_ROOT or not sys.platform.startswith("linux"),
    reason="needs root's capabilities to drop (Linux)",
)
def test_file_of_another_owner_keeps_its_owner(tmp_path):
    """A user who may write a file but not give it away: written in place, owner kept."""
    folder = tmp_path / "team"
    folder.mkdir()
    folder.chmod(0o777)
    draft = folder / "draft.txt"
    draft.write_text(BEFORE, encoding="utf-8")
    os.chown(draft, 4321, 4322)
    draft.chmod(0o666)  # another user's file, writable by the team
    process = cli_with("", "check", *SELECT, "--fix", str(draft), **without_root_powers())
    no_traceback(process)
    assert draft.read_text(encoding="utf-8") == AFTER
    info = draft.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (4321, 4322, 0o666)
    assert process.returncode == 0
    assert leftovers(folder) == []


def test_not_fixed_files_in_json_run_exit_2(tmp_path):
    """The exit code, not only the text, says a file was left unfixed (any report format)."""
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    tree.mkdir()
    outside.mkdir()
    (outside / "x.txt").write_text(BEFORE, encoding="utf-8")
    (tree / "x.txt").symlink_to(outside / "x.txt")
    process = cli_with("", "check", *SELECT, "--format", "json", "--fix", str(tree))
    no_traceback(process)
    assert process.returncode == 2 and b"not fixed" in process.stderr


# -- 4. signals -------------------------------------------------------------------------------

#: Inside the write, with the fixed text in its temporary file: say so, then wait until the
#: test has sent SIGTERM (a "go" file follows the signal).
PAUSE_IN_WRITE = """
    import os, time
    real = os.replace
    def replace(source, target, *args, **kwargs):
        name = os.path.basename(str(source))
        if name.startswith(".newslint-") and name.endswith(".tmp"):
            open(os.environ["FIXWRITE_READY"], "w").close()
            deadline = time.monotonic() + 60
            while not os.path.exists(os.environ["FIXWRITE_GO"]) and time.monotonic() < deadline:
                time.sleep(0.01)
        return real(source, target, *args, **kwargs)
    os.replace = replace
"""


@pytest.mark.parametrize(
    "number, expected",
    [(signal.SIGTERM, -signal.SIGTERM), (signal.SIGINT, 130)],
    ids=["SIGTERM", "SIGINT"],
)
def test_signal_during_a_write_leaves_no_temporary_file(tmp_path, number, expected):
    draft = tmp_path / "draft.txt"
    draft.write_text(BEFORE, encoding="utf-8")
    ready, go = tmp_path / "ready", tmp_path / "go"
    code = (
        f"import sys\n{textwrap.dedent(PAUSE_IN_WRITE)}\n"
        f"sys.argv = ['newslint', 'check', *{list(SELECT)!r}, '--fix', {str(draft)!r}]\n"
        "from newslint.cli import main\nmain()\n"
    )
    env = {**os.environ, "FIXWRITE_READY": str(ready), "FIXWRITE_GO": str(go)}
    process = subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert leftovers(tmp_path)  # the temporary file is there: the signal comes mid-write
        process.send_signal(number)
        go.touch()
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == expected, err  # the run still ends: killed, or exit 130 (Ctrl-C)
    assert b"Traceback" not in err
    assert leftovers(tmp_path) == []
    assert draft.read_text(encoding="utf-8") == AFTER  # the write it was in finished


def test_sigterm_mid_run_leaves_every_draft_whole(tmp_path):
    """A real run over many drafts, terminated once it has begun writing them."""
    drafts = []
    for number in range(400):
        draft = tmp_path / f"d{number:03}.txt"
        draft.write_text(BEFORE * 20, encoding="utf-8")
        drafts.append(draft)
    process = subprocess.Popen(
        [sys.executable, "-m", "newslint", "check", *SELECT, "--fix", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        deadline = time.monotonic() + 300
        while drafts[0].read_text(encoding="utf-8") == BEFORE * 20:
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.002)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert b"Traceback" not in err
    assert leftovers(tmp_path) == []
    contents = [draft.read_text(encoding="utf-8") for draft in drafts]
    assert all(text in (BEFORE * 20, AFTER * 20) for text in contents)
    assert contents[-1] == BEFORE * 20, "the run ended before the signal: use more drafts"


# -- 5. the cache: private, unpredictable temporary names, bounded --------------------------


def modes(folder: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): stat.S_IMODE(p.stat().st_mode)
        for p in [folder, *folder.rglob("*")]
    }


def test_yaml_cache_is_private(tmp_path):
    cache = tmp_path / "cache"
    draft = tmp_path / "draft.txt"
    draft.write_text("Bonjour.\n", encoding="utf-8")
    process = subprocess.run(
        [sys.executable, "-m", "newslint", "check", *SELECT, str(draft)],
        capture_output=True,
        env={**os.environ, "NEWSLINT_CACHE_DIR": str(cache)},
        preexec_fn=lambda: os.umask(0o022),
        timeout=600,
    )
    assert process.returncode == 0, process.stderr
    found = modes(cache)
    assert any(name.endswith(".marshal") for name in found), found
    for name, mode in found.items():
        wanted = 0o700 if (cache / name).is_dir() else 0o600
        assert mode == wanted, (name, oct(mode))


def test_grammar_cache_is_private(tmp_path, monkeypatch):
    from newslint.grammar.cache import ResultCache

    previous = os.umask(0o022)
    try:
        cache = ResultCache(tmp_path / "cache" / "newslint" / "grammar.sqlite3")
        cache.put_many({"k": [{"offset": 0}]})
        assert cache.get_many(["k"]) == {"k": [{"offset": 0}]}
        found = modes(tmp_path / "cache")
        cache.close()
    finally:
        os.umask(previous)
    assert any(name.endswith("-wal") for name in found), found
    for name, mode in found.items():
        wanted = 0o700 if (tmp_path / "cache" / name).is_dir() else 0o600
        assert mode == wanted, (name, oct(mode))


def test_yaml_cache_never_writes_through_a_planted_link(tmp_path, monkeypatch):
    """Another user who can guess the temporary name cannot make newslint write elsewhere."""
    import zlib

    from newslint import __version__, config

    cache = tmp_path / "cache"
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(cache))
    (cache / "yaml").mkdir(parents=True)
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    text, filename = "rules: {}\n", str(tmp_path / ".newslint.yaml")
    key = f"{__version__}\0{filename}\0{text}"
    name = f"{zlib.crc32(key.encode('utf-8', 'surrogatepass')):08x}-{len(key)}"
    for guess in (f"{name}.{os.getpid()}.tmp", f"{name}.marshal.tmp", f"{name}.tmp"):
        (cache / "yaml" / guess).symlink_to(victim)
    data, _ = config._parsed(text, filename)
    assert data == {"rules": {}}
    assert victim.read_bytes() == b"precious"
    assert (cache / "yaml" / f"{name}.marshal").is_file()
    assert not (cache / "yaml" / f"{name}.marshal").is_symlink()


def test_server_state_never_writes_through_a_planted_link(tmp_path, monkeypatch):
    from newslint.grammar import server

    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    path = server.state_path()
    path.with_suffix(f".{os.getpid()}.tmp").symlink_to(victim)
    server.ServerState("http://127.0.0.1:1", 1, 2, "6.6", 0.0, 60.0).write()
    assert victim.read_bytes() == b"precious"
    assert server.read_state().url == "http://127.0.0.1:1"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_yaml_cache_is_bounded(tmp_path, monkeypatch):
    from newslint import config, yamlload

    cache = tmp_path / "cache"
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(cache))
    monkeypatch.setattr(yamlload, "CACHE_ENTRIES", 20, raising=False)
    monkeypatch.setattr(yamlload, "CACHE_BYTES", 64 * 1024, raising=False)
    big = "words:\n" + "".join(f"  - mot{n}\n" for n in range(500))  # about 18 KB cached
    for number in range(60):
        text = big if number % 10 == 9 else f"value: {number}\n"
        config._parsed(text, f"/configs/{number}.yaml")
    entries = list((cache / "yaml").glob("*.marshal"))
    assert len(entries) <= 20
    assert sum(p.stat().st_size for p in entries) <= 64 * 1024
    assert not leftovers(cache)
    # The latest parses are kept: read again, they are not parsed again.
    parsed = []
    real = yamlload.load_yaml
    monkeypatch.setattr(yamlload, "load_yaml", lambda *a: parsed.append(a) or real(*a))
    assert config._parsed(big, "/configs/59.yaml")[0]["words"][-1] == "mot499"
    assert config._parsed("value: 58\n", "/configs/58.yaml")[0] == {"value": 58}
    assert parsed == []


def test_language_model_cache_is_private_and_never_writes_through_a_planted_link(tmp_path):
    from array import array
    from types import SimpleNamespace

    import numpy as np

    from newslint.checks import language

    path = tmp_path / "cache" / "langid" / f"py3langid-0-v{language._CACHE_LAYOUT}-en-fr.npz"
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    found = SimpleNamespace(
        nb_ptc=np.zeros((3, 2)),
        nb_pc=np.zeros(2),
        nb_classes=["fr", "en"],
        tk_nextmove=array("H", [0, 1, 2, 3]),
        tk_row=array("H", [0, 1]),
        tk_output=[0, 1],
    )
    path.parent.mkdir(parents=True)
    path.parent.chmod(0o700)
    # The name an older newslint used for both files: guessable from the process id.
    path.with_suffix(f".{os.getpid()}.tmp").symlink_to(victim)
    previous = os.umask(0o022)
    try:
        language._save_cached(path, found)
    finally:
        os.umask(previous)
    assert victim.read_bytes() == b"precious"
    written = {
        p.name: stat.S_IMODE(p.stat().st_mode) for p in path.parent.iterdir() if not p.is_symlink()
    }
    assert written == {path.name: 0o600, language._table_file(path).name: 0o600}


def test_languagetool_folder_is_private(tmp_path, monkeypatch):
    """``newslint languagetool install`` creates its folders 0700 (Maven faked: no network)."""
    from newslint.grammar import provision

    home = tmp_path / "cache" / "languagetool"
    monkeypatch.setenv("NEWSLINT_LANGUAGETOOL_HOME", str(home))
    monkeypatch.setattr(provision, "check_java", lambda java="": "java")
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/mvn")

    def maven(mvn, pom, lib, version, echo):
        lib.mkdir()
        (lib / f"languagetool-server-{version}.jar").write_bytes(b"jar")

    monkeypatch.setattr(provision, "_run_maven", maven)
    previous = os.umask(0o022)
    try:
        provision.install("6.6", echo=lambda line: None)
    finally:
        os.umask(previous)
    folders = {
        str(p.relative_to(tmp_path)): stat.S_IMODE(p.stat().st_mode)
        for p in [home.parent, home, home / "6.6"]
    }
    assert folders == {"cache": 0o700, "cache/languagetool": 0o700, "cache/languagetool/6.6": 0o700}
