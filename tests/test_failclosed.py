"""Fail closed (issue 21): whatever newslint cannot walk or read is reported, one line each,
with exit 2, and every other file is still checked; file names that are not UTF-8 never crash
a report; control and bidirectional characters never reach the terminal raw.

Tests run as root, whom file modes do not stop: the permission tests run newslint in a child
that has dropped root's capabilities to override modes (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH),
so it meets ``chmod 000`` as any user does.
"""

from __future__ import annotations

import base64
import ctypes
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sarif_schema import validate_sarif

from newslint.findings import Finding, Severity
from newslint.reporters.github import GithubReporter
from newslint.reporters.text import TextReporter
from newslint.runner import FileResult

#: Two findings: a doubled space and a space before the full stop.
GOOD = "Le président a dit  bonjour .\n"
ESC = "\x1b"
RLO = "\u202e"


#: Linux capabilities that let root read and search whatever the modes say.
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2
PR_CAPBSET_DROP = 24
_LIBC = ctypes.CDLL(None, use_errno=True)  # loaded here: the child only calls it


def _drop_dac() -> None:
    """In the child, before exec: drop root's power to ignore file modes (from the bounding
    set, so the exec'd interpreter never regains it). Root then meets modes as a user does,
    while still reaching this checkout's Python, which may live in a folder only root opens."""
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if _LIBC.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            os._exit(97)


@pytest.fixture
def public_tmp():
    """A temporary folder of our own, removed even when modes were changed or it is deeper
    than Python's recursion (shutil.rmtree recurses; GNU rm does not)."""
    root = Path(tempfile.mkdtemp(prefix="newslint-failclosed-"))
    root.chmod(0o755)
    yield root
    subprocess.run(["chmod", "-R", "u+rwX", str(root)], capture_output=True)
    subprocess.run(["rm", "-rf", str(root)], capture_output=True)
    if root.exists():
        shutil.rmtree(root, ignore_errors=True)


def run_as_user(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``python -m newslint ARGS`` subject to file modes: as root (CI runs as root), the
    child drops the capabilities that bypass them; otherwise modes already apply."""
    env = {**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": "", "LC_ALL": "C.UTF-8"}
    preexec = _drop_dac if os.geteuid() == 0 else None
    probe = cwd / ".probe"
    probe.write_text("x")
    probe.chmod(0)
    try:
        check = subprocess.run(
            [sys.executable, "-c", f"open({str(probe)!r}).read()"],
            capture_output=True,
            preexec_fn=preexec,
            timeout=60,
        )
    finally:
        probe.unlink()
    if check.returncode == 0 or check.returncode == 97:
        pytest.skip("cannot run a process that file modes stop (no capability to drop)")
    return subprocess.run(
        [sys.executable, "-m", "newslint", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=300,
        preexec_fn=preexec,
    )


def _json(process: subprocess.CompletedProcess) -> dict:
    assert b"Traceback" not in process.stderr, process.stderr.decode(errors="replace")
    try:
        return json.loads(process.stdout.decode("utf-8"))
    except ValueError:
        raise AssertionError(f"not JSON: {process.stdout!r} {process.stderr!r}") from None


def _tree(root: Path) -> None:
    (root / "ok").mkdir()
    (root / "ok" / "a.md").write_text(GOOD, encoding="utf-8")
    (root / "open" / "sub").mkdir(parents=True)
    (root / "open" / "sub" / "c.md").write_text(GOOD, encoding="utf-8")
    (root / "locked").mkdir()
    (root / "locked" / "b.md").write_text(GOOD, encoding="utf-8")
    (root / "secret.md").write_text(GOOD, encoding="utf-8")


def _lock(root: Path) -> None:
    for name in ("locked", "secret.md"):
        if (root / name).exists():
            (root / name).chmod(0)


# -- 1. folders that cannot be walked ------------------------------------------------------


def test_unreadable_folder_is_an_input_error_and_the_rest_is_checked(public_tmp: Path) -> None:
    _tree(public_tmp)
    (public_tmp / "secret.md").unlink()
    _lock(public_tmp)
    process = run_as_user(
        "check", "--format", "json", "--no-grammar", "-j", "1", ".", cwd=public_tmp
    )
    report = _json(process)
    assert process.returncode == 2
    assert {e["path"]: e["message"] for e in report["errors"]} == {"locked": "permission denied"}
    checked = {f["path"]: {x["rule"] for x in f["findings"]} for f in report["files"]}
    assert set(checked) == {"ok/a.md", "open/sub/c.md"}
    assert all("typography/spaces" in rules for rules in checked.values())
    # The text report says it in one line, and counts the folder as not read.
    process = run_as_user("check", "--no-grammar", "-j", "1", ".", cwd=public_tmp)
    text = process.stdout.decode("utf-8")
    assert process.returncode == 2
    assert "locked: input error: permission denied\n" in text
    assert "1 file could not be read" in text
    assert b"Traceback" not in process.stderr


def test_unreadable_folder_the_configuration_excludes_is_not_reported(public_tmp: Path) -> None:
    """``exclude: ["locked/**"]`` already says its drafts are not to be checked."""
    _tree(public_tmp)
    (public_tmp / "secret.md").unlink()
    (public_tmp / ".newslint.yaml").write_text(
        'extends: fr-press\nexclude: ["locked/**"]\n', encoding="utf-8"
    )
    _lock(public_tmp)
    process = run_as_user(
        "check", "--format", "json", "--no-grammar", "-j", "1", ".", cwd=public_tmp
    )
    report = _json(process)
    assert process.returncode == 1
    assert report["errors"] == []
    assert [f["path"] for f in report["files"]] == ["ok/a.md", "open/sub/c.md"]


def _deep_tree(root: Path, levels: int, name_length: int = 200) -> str:
    """Folders nested past PATH_MAX (made through folder descriptors: no path is that long);
    a draft at the bottom. Returns the relative path of the first folder past the limit."""
    fd = os.open(root, os.O_RDONLY)
    relative = ""
    too_long = ""
    try:
        for level in range(levels):
            name = f"{level:03d}" + "d" * (name_length - 3)
            os.mkdir(name, dir_fd=fd)
            child = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = child
            relative = f"{relative}/{name}" if relative else name
            if not too_long and len(os.fsencode(str(root / relative))) >= 4096:
                too_long = relative
        draft = os.open("deep.md", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(draft, GOOD.encode())
        os.close(draft)
    finally:
        os.close(fd)
    return too_long


def test_tree_deeper_than_the_path_limit_is_reported(public_tmp: Path, cli) -> None:
    (public_tmp / "top.md").write_text(GOOD, encoding="utf-8")
    too_long = _deep_tree(public_tmp, 30)
    assert too_long
    process = cli("check", "--format", "json", "--no-grammar", "-j", "1", str(public_tmp))
    report = _json(process)
    assert process.returncode == 2
    assert [f["path"] for f in report["files"]] == [str(public_tmp / "top.md")]
    (error,) = report["errors"]
    assert "path too long" in error["message"]
    assert "\n" not in error["message"]
    assert error["path"] == str(public_tmp / too_long)


def test_tree_thousands_of_folders_deep_is_checked(public_tmp: Path, cli) -> None:
    """Under the path limit, depth costs no recursion: discovery and the configuration's
    upward search are loops."""
    folder = public_tmp
    for _ in range(1900):
        folder = folder / "a"
        folder.mkdir()
    (folder / "deep.md").write_text(GOOD, encoding="utf-8")
    process = cli("check", "--format", "json", "--no-grammar", ".", cwd=public_tmp)
    report = _json(process)
    assert process.returncode == 1
    (entry,) = report["files"]
    assert entry["path"].endswith("/a/deep.md") and entry["findings"]


def test_symlink_loops_in_a_tree_are_reported_and_never_followed(public_tmp: Path, cli) -> None:
    (public_tmp / "top.md").write_text(GOOD, encoding="utf-8")
    (public_tmp / "sub").mkdir()
    (public_tmp / "sub" / "in.md").write_text(GOOD, encoding="utf-8")
    (public_tmp / "sub" / "up").symlink_to("..")  # a folder link: not followed, nothing lost
    (public_tmp / "loop").symlink_to("loop")  # resolves to nothing, whatever its name
    (public_tmp / "ping").symlink_to("pong")
    (public_tmp / "pong").symlink_to("ping")
    process = cli("check", "--format", "json", "--no-grammar", "-j", "1", ".", cwd=public_tmp)
    report = _json(process)
    assert process.returncode == 2
    assert [f["path"] for f in report["files"]] == ["sub/in.md", "top.md"]
    errors = {e["path"]: e["message"] for e in report["errors"]}
    assert set(errors) == {"loop", "ping", "pong"}
    assert all(message == "symbolic link loop; not followed" for message in errors.values())


# -- 2. unreadable paths on the command line -----------------------------------------------


def test_unreadable_paths_on_the_command_line_do_not_stop_the_others(public_tmp: Path) -> None:
    _tree(public_tmp)
    _lock(public_tmp)
    process = run_as_user(
        "check",
        "--format",
        "json",
        "--no-grammar",
        "-j",
        "1",
        "secret.md",
        "locked",
        "locked/b.md",
        "ok/a.md",
        "missing.md",
        "open",
        cwd=public_tmp,
    )
    report = _json(process)
    assert process.returncode == 2
    assert b"Usage" not in process.stderr
    assert {e["path"]: e["message"] for e in report["errors"]} == {
        "secret.md": "permission denied",
        "locked": "permission denied",
        "locked/b.md": "permission denied",
        "missing.md": "no such file or directory",
    }
    assert [f["path"] for f in report["files"]] == ["ok/a.md", "open/sub/c.md"]
    assert all(f["findings"] for f in report["files"])


# -- 3. file names that are not UTF-8 -------------------------------------------------------

LATIN1_NAME = b"caf\xe9.md"
#: Standard output as Python sets it up in the C/POSIX locale (undecodable names would go out
#: as raw bytes) and in a UTF-8 locale such as en_US.UTF-8 (writing one raises).
LOCALES = {"posix": {"LC_ALL": "C"}, "utf8": {"PYTHONIOENCODING": "utf-8:strict"}}


def _non_utf8_tree(root: Path) -> None:
    folder = os.fsencode(str(root))
    with open(os.path.join(folder, LATIN1_NAME), "wb") as handle:
        handle.write(GOOD.encode())
    with open(os.path.join(folder, b"bad\xff.txt"), "wb") as handle:  # and an input error
        handle.write("Le café.\n".encode("latin-1"))


@pytest.mark.parametrize("locale", LOCALES)
def test_non_utf8_names_in_json(tmp_path: Path, cli, locale: str) -> None:
    _non_utf8_tree(tmp_path)
    process = cli(
        "check", "--format", "json", "--no-grammar", ".", cwd=tmp_path, env=LOCALES[locale]
    )
    report = _json(process)
    assert process.returncode == 2
    (entry,) = report["files"]
    assert entry["path"] == "caf\\xe9.md"
    assert base64.b64decode(entry["path_bytes"]) == LATIN1_NAME
    assert entry["findings"]
    (error,) = report["errors"]
    assert error["path"] == "bad\\xff.txt"
    assert base64.b64decode(error["path_bytes"]) == b"bad\xff.txt"
    assert "not valid UTF-8" in error["message"]


def test_json_keeps_ordinary_names_exact(tmp_path: Path, cli) -> None:
    """Only undecodable names are rendered: a backslash or control character in a valid name
    is kept as it is (JSON escapes control characters itself)."""
    name = f"a\\x{ESC}[2J{RLO}.md"
    (tmp_path / name).write_text(GOOD, encoding="utf-8")
    report = _json(cli("check", "--format", "json", "--no-grammar", ".", cwd=tmp_path))
    (entry,) = report["files"]
    assert entry["path"] == name
    assert "path_bytes" not in entry


@pytest.mark.parametrize("locale", LOCALES)
def test_non_utf8_names_in_sarif_are_percent_encoded(tmp_path: Path, cli, locale: str) -> None:
    _non_utf8_tree(tmp_path)
    (tmp_path / "run").mkdir()
    process = cli(
        "check", "--format", "sarif", "--no-grammar", ".", cwd=tmp_path, env=LOCALES[locale]
    )
    log = validate_sarif(_json(process))
    assert process.returncode == 2
    run = log["runs"][0]
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert uris == {"caf%E9.md"}
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes] == [
        "bad%FF.txt"
    ]
    # Outside the repository root (here: the working directory), an absolute file: URI.
    (tmp_path / "run" / ".git").mkdir()
    process = cli(
        "check",
        "--format",
        "sarif",
        "--no-grammar",
        "..",
        cwd=tmp_path / "run",
        env=LOCALES[locale],
    )
    log = validate_sarif(_json(process))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert uris == {Path(tmp_path).as_uri() + "/caf%E9.md"}


@pytest.mark.parametrize("locale", LOCALES)
def test_non_utf8_names_in_rdjsonl(tmp_path: Path, cli, locale: str) -> None:
    _non_utf8_tree(tmp_path)
    process = cli(
        "check", "--format", "rdjsonl", "--no-grammar", ".", cwd=tmp_path, env=LOCALES[locale]
    )
    assert b"Traceback" not in process.stderr
    lines = [json.loads(line) for line in process.stdout.decode("utf-8").splitlines()]
    assert {line["location"]["path"] for line in lines} == {"caf\\xe9.md", "bad\\xff.txt"}
    assert process.returncode == 2


@pytest.mark.parametrize(
    "fmt", ["text", "json", "sarif", "rdjsonl", "github", "checkstyle", "junit", "html"]
)
@pytest.mark.parametrize("locale", LOCALES)
def test_non_utf8_names_never_crash_a_report(tmp_path: Path, cli, fmt: str, locale: str) -> None:
    """To the terminal and to ``--output``, in every format: valid UTF-8, no traceback."""
    _non_utf8_tree(tmp_path)
    out = tmp_path / "report.out"
    process = cli(
        "check",
        "--format",
        fmt,
        "--no-grammar",
        "--output",
        str(out),
        ".",
        cwd=tmp_path,
        env=LOCALES[locale],
    )
    assert b"Traceback" not in process.stderr, process.stderr.decode(errors="replace")
    assert process.returncode == 2
    written = out.read_bytes().decode("utf-8")
    terminal = process.stdout.decode("utf-8")  # the text report that goes with --output
    assert "caf\\xe9.md:1:" in terminal
    assert "bad\\xff.txt: input error:" in terminal
    shown = {
        "sarif": ("caf%E9.md", "bad%FF.txt"),
        "json": ("caf\\\\xe9.md", "bad\\\\xff.txt"),
        "rdjsonl": ("caf\\\\xe9.md", "bad\\\\xff.txt"),
    }.get(fmt, ("caf\\xe9.md", "bad\\xff.txt"))
    assert all(name in written for name in shown), written
    process = cli("check", "--format", fmt, "--no-grammar", ".", cwd=tmp_path, env=LOCALES[locale])
    assert b"Traceback" not in process.stderr, process.stderr.decode(errors="replace")
    assert process.returncode == 2
    process.stdout.decode("utf-8")


def test_non_utf8_name_with_diff_does_not_crash(tmp_path: Path, cli) -> None:
    """On a UTF-8 terminal what cannot be written is escaped, not a traceback."""
    _non_utf8_tree(tmp_path)
    process = cli("check", "--diff", "--no-grammar", ".", cwd=tmp_path, env=LOCALES["utf8"])
    assert b"Traceback" not in process.stderr, process.stderr.decode(errors="replace")
    assert process.returncode == 2
    assert "caf\\udce9.md\n@@" in process.stdout.decode("utf-8")


# -- 4. control and bidirectional characters -------------------------------------------------

NASTY_NAME = f"a{ESC}[2Jb{RLO}.md"
#: Two doubled spaces, one before and one after an escape sequence and an RLO.
NASTY_TEXT = f"Le  {ESC}[31mchat{RLO} rouge  fin.\n"
RAW = [ESC, RLO, "\x9b", "\u2066", "\u200f"]


def _excerpts(text: str) -> list[tuple[str, str]]:
    """``(excerpt line, caret line)`` under each finding of a text report, in order."""
    lines = text.splitlines()
    return [
        (line, below) for line, below in itertools.pairwise(lines) if " | " in line and "^" in below
    ]


def test_text_report_escapes_controls_in_names_and_excerpts(tmp_path: Path, cli) -> None:
    (tmp_path / NASTY_NAME).write_text(NASTY_TEXT, encoding="utf-8")
    process = cli("check", "--no-grammar", "--select", "typography/spaces", ".", cwd=tmp_path)
    text = process.stdout.decode("utf-8")
    assert not any(raw in text for raw in RAW), text
    assert "a\\x1b[2Jb\\u202e.md:1:3:" in text
    assert "a\\x1b[2Jb\\u202e.md:1:21:" in text  # columns still count the source's characters
    assert "Le  \\x1b[31mchat\\u202e rouge  fin." in text
    # Each caret sits under its doubled space in the escaped excerpt.
    (first, first_caret), (second, second_caret) = _excerpts(text)
    assert first_caret.index("^^") == first.index("Le  ") + 2
    assert second_caret.index("^^") == second.index("  fin")


def test_text_report_caret_width_counts_escapes(tmp_path: Path, cli) -> None:
    """A finding whose span holds a control character is underlined across its escape."""
    from newslint.documents import load

    document = load("d.txt", f"Un{ESC}deux trois\n".encode())
    finding = Finding(
        start=2,
        end=3,
        message=f"Caractère {ESC}[2J de contrôle {RLO}",
        rule="x/y",
        severity=Severity.WARNING,
        line=1,
        column=3,
        end_line=1,
        end_column=4,
        text=ESC,
    )
    out = TextReporter(None).render(
        FileResult(path=f"d{ESC}.txt", findings=[finding], document=document)
    )
    assert not any(raw in out for raw in RAW), out
    lines = out.splitlines()
    assert lines[0] == "d\\x1b.txt:1:3: warning x/y Caractère \\x1b[2J de contrôle \\u202e"
    assert lines[1].endswith("| Un\\x1bdeux trois")
    assert lines[2].index("^") == lines[1].index("\\x1b")
    assert lines[2].count("^") == 4


def test_text_report_errors_escape_names_and_messages(tmp_path: Path, cli) -> None:
    (tmp_path / f"bin{ESC}{RLO}.md").write_bytes(b"\x00\x01binary")
    process = cli("check", "--no-grammar", ".", cwd=tmp_path)
    text = process.stdout.decode("utf-8")
    assert "bin\\x1b\\u202e.md: input error: binary file" in text
    assert not any(raw in text for raw in RAW)


def test_github_report_escapes_controls(tmp_path: Path, cli) -> None:
    (tmp_path / NASTY_NAME).write_text(NASTY_TEXT, encoding="utf-8")
    process = cli("check", "--no-grammar", "--format", "github", ".", cwd=tmp_path)
    text = process.stdout.decode("utf-8")
    assert not any(raw in text for raw in RAW), text
    assert "file=a\\x1b[2Jb\\u202e.md" in text
    finding = Finding(
        start=0,
        end=1,
        message=f"Mot {ESC}[2J{RLO} ici",
        rule="x/y",
        severity=Severity.WARNING,
        line=1,
        column=1,
        end_line=1,
        end_column=2,
    )
    out = GithubReporter(None).render(FileResult(path="d.md", findings=[finding]))
    assert out.endswith("::Mot \\x1b[2J\\u202e ici\n")


def test_french_spaces_are_not_escaped(tmp_path: Path, cli) -> None:
    """No-break and narrow no-break spaces are typography, not control characters."""
    (tmp_path / "d.md").write_text("Il a dit\u00a0:  « oui\u202f»  !\n", encoding="utf-8")
    process = cli("check", "--no-grammar", "--select", "typography/spaces", ".", cwd=tmp_path)
    text = process.stdout.decode("utf-8")
    assert "Il a dit\u00a0:  « oui\u202f»  !" in text
    assert "\\u" not in text and "\\x" not in text


def test_machine_formats_keep_exact_data(tmp_path: Path, cli) -> None:
    (tmp_path / NASTY_NAME).write_text(NASTY_TEXT, encoding="utf-8")
    report = _json(
        cli(
            "check",
            "--format",
            "json",
            "--no-grammar",
            "--select",
            "typography/spaces",
            ".",
            cwd=tmp_path,
        )
    )
    (entry,) = report["files"]
    assert entry["path"] == NASTY_NAME
    log = validate_sarif(
        _json(cli("check", "--format", "sarif", "--no-grammar", ".", cwd=tmp_path))
    )
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert uris == {"a%1B%5B2Jb%E2%80%AE.md"}


def test_one_line_errors_escape_controls(tmp_path: Path, cli) -> None:
    """``newslint: config error: …`` names the file as the user gave it, escaped."""
    (tmp_path / "d.md").write_text(GOOD, encoding="utf-8")
    process = cli("check", "--no-grammar", "--config", f"x{RLO}\x9b2J.yaml", "d.md", cwd=tmp_path)
    stderr = process.stderr.decode("utf-8")
    assert process.returncode == 2
    assert "x\\u202e\\x9b2J.yaml: configuration file not found" in stderr
    assert not any(raw in stderr for raw in RAW)
