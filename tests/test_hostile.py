"""Hostile input (issue 8): every bad file gets a one-line error or is checked correctly, the
other files are still checked, the exit code says what happened, and there is never a
traceback. The corpus is generated here, in ``tmp_path``; nothing hostile is committed.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from conftest import run_json, run_newslint

from newslint.documents import MAX_BYTES, load, load_path
from newslint.errors import InputError

#: A draft with known findings: doubled space, space before the full stop.
GOOD = "Le président a dit  bonjour .\n"


def _corpus(root: Path) -> dict[str, str]:
    """Write the hostile files; return ``name -> expected error fragment`` ("" = checked)."""
    expected: dict[str, str] = {}

    def put(name: str, data: bytes, error: str = "") -> None:
        (root / name).write_bytes(data)
        expected[name] = error

    put("good.md", GOOD.encode())
    put("binary.md", bytes(range(256)) * 8, "binary file")
    put(
        "latin1.txt",
        "Le café de l'été.\n".encode("latin-1"),
        "not valid UTF-8 (byte 0xE9 on line 1)",
    )
    put("utf16-bom.md", "Le café « bon ».\n".encode("utf-16"))
    put(
        "utf16-nobom.txt",
        "Le café est bon.\n".encode("utf-16-le"),
        "UTF-16 without a byte-order mark",
    )
    put(
        "invalid-utf8.txt",
        b"Bonjour.\nLa suite \xff\xfe ici.\n",
        "not valid UTF-8 (byte 0xFF on line 2)",
    )
    put("empty.md", b"")
    put(
        "control.txt",
        "Le\x01 texte\x0b avec\x0c des\x1c contrôles\x85 et\u2028 des\u2029 fins\x7f.\n".encode(),
    )
    put(
        "bidi.md",
        "Le\u200b président\u200d Ma\u00adcron\u202e a dit\u202c « oui\u2066 ».\ufeff\n".encode(),
    )
    # An unpaired surrogate cannot be UTF-8; escaped as an entity, Markdown reads U+FFFD.
    put(
        "surrogate-bytes.txt",
        b"Le mot \xed\xa0\x80 ici.\n",
        "not valid UTF-8 (byte 0xED on line 1)",
    )
    put("surrogate-entity.md", b"Le mot &#xD800; et &#55296; et \\ud800 ici.\n")
    # markdown-it skips what lies deeper than its nesting limit: refused, not half-checked.
    put("nested-quotes.md", b">" * 10_000 + b" Le texte cit\xc3\xa9.\n", "nested more than")
    put(
        "nested-lists.md", b"".join(b"  " * i + b"- item\n" for i in range(400)), "nested more than"
    )
    put("shallow-quotes.md", b"> " * 8 + b"Le texte  cit\xc3\xa9.\n")
    # 4,000 unclosed brackets of each kind: 8,000 findings, under linter.MAX_FINDINGS.
    put(
        "nested-inline.md",
        b"*" * 10_000 + b"texte" + b"_" * 10_000 + b"[" * 4_000 + b"(" * 4_000 + b"\n",
    )
    put("nested-html.md", b"<div>" * 10_000 + b"\n\nLe texte.\n")
    (root / "loop.md").symlink_to("loop.md")
    expected["loop.md"] = "cannot read: Too many levels of symbolic links"
    os.mkfifo(root / "fifo.md")
    expected["fifo.md"] = "not a regular file"
    (root / "folder.md").mkdir()  # a directory with a draft's name is walked, not read
    (root / "folder.md" / "inside.md").write_text(GOOD, encoding="utf-8")
    expected["folder.md/inside.md"] = ""
    (root / "sub").mkdir()
    (root / "sub" / "up").symlink_to("..")  # a directory symlink loop: never followed
    return expected


def test_hostile_corpus_one_line_each_and_the_rest_checked(tmp_path: Path) -> None:
    expected = _corpus(tmp_path)
    missing = str(tmp_path / "does-not-exist.md")
    started = time.monotonic()
    code, report = run_json(str(tmp_path), missing, "/proc/self/mem", "--no-grammar", "-j", "1")
    assert time.monotonic() - started < 120
    assert code == 2  # input errors outrank findings
    errors = {
        Path(e["path"]).relative_to(tmp_path).as_posix()
        if e["path"].startswith(str(tmp_path))
        else e["path"]: e["message"]
        for e in report["errors"]
    }
    checked = {Path(f["path"]).relative_to(tmp_path).as_posix(): f for f in report["files"]}
    for name, fragment in expected.items():
        if fragment:
            assert name in errors, name
            assert fragment in errors[name], (name, errors[name])
            assert "\n" not in errors[name]
        else:
            assert name in checked, name
    assert errors["does-not-exist.md"] == "no such file or directory"
    # A path whose read raises (root ignores chmod 000; /proc/self/mem gives EIO).
    assert errors["/proc/self/mem"].startswith("cannot read:")
    # The good drafts are still checked, with their findings.
    for name in ("good.md", "folder.md/inside.md"):
        rules = {f["rule"] for f in checked[name]["findings"]}
        assert {"typography/spaces", "punctuation/space-before"} <= rules, rules
    assert checked["empty.md"]["findings"] == []
    assert not any("sub/up" in name for name in checked)  # the symlinked folder was not walked


def test_hostile_corpus_text_output_has_no_traceback(tmp_path: Path) -> None:
    _corpus(tmp_path)
    process = run_newslint("check", str(tmp_path), "--no-grammar")
    stderr = process.stderr.decode()
    stdout = process.stdout.decode("utf-8")
    assert process.returncode == 2
    assert "Traceback" not in stderr + stdout
    assert "binary.md: input error: binary file" in stdout
    assert "fifo.md: input error: not a regular file" in stdout


def test_hostile_stdin(tmp_path: Path) -> None:
    process = run_newslint("check", "-", "--no-grammar", input=b"\x00\x01\x02binary")
    assert process.returncode == 2
    assert b"binary file" in process.stdout
    assert b"Traceback" not in process.stderr
    process = run_newslint(
        "check",
        "-",
        "--stdin-filename",
        "d.md",
        "--no-grammar",
        input="Le café\u202e « oui ».".encode("utf-16"),
    )
    assert process.returncode in (0, 1)
    assert b"Traceback" not in process.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.md"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0)
    code, report = run_json(str(path), "--no-grammar")
    assert code == 2
    assert report["errors"][0]["message"] == "permission denied"


def test_read_that_raises_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What root cannot be denied, a failing read stands in for (EIO, EACCES...)."""
    path = tmp_path / "draft.md"
    path.write_text(GOOD, encoding="utf-8")
    import os

    real_open = os.open

    def failing_open(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", failing_open)
    with pytest.raises(InputError, match="permission denied"):
        load_path(str(path))


def test_file_larger_than_the_limit_is_refused_without_reading(tmp_path: Path) -> None:
    """A 50 MB single-line file: one line of error, at once (it is never read)."""
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: the test stays cheap
    with open(path, "r+b") as handle:
        handle.write(b"Le texte sans fin " * 10)
    started = time.monotonic()
    code, report = run_json(str(path), str(tmp_path / "ok.md"), "--no-grammar")
    assert time.monotonic() - started < 30
    assert code == 2
    messages = {Path(e["path"]).name: e["message"] for e in report["errors"]}
    assert messages["huge.txt"] == f"file too large (50.0 MiB, limit {MAX_BYTES // 1048576} MiB)"


def test_real_50mb_single_line_file(tmp_path: Path) -> None:
    """Not sparse: 50 MB of prose on one line, written for real."""
    path = tmp_path / "line.txt"
    chunk = ("Le président a dit « oui » : c'est vrai . " * 1000).encode()
    with open(path, "wb") as handle:
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(chunk)
    started = time.monotonic()
    with pytest.raises(InputError, match="file too large"):
        load_path(str(path))
    assert time.monotonic() - started < 1


def test_long_single_line_under_the_limit_is_checked(tmp_path: Path) -> None:
    """60 KB on one line: checked, findings placed on line 1, bounded time."""
    path = tmp_path / "line.txt"
    path.write_text("Le président a dit  bonjour . " * 2_000 + "\n", encoding="utf-8")
    started = time.monotonic()
    code, report = run_json(
        str(path), "--no-grammar", "--select", "typography", "--select", "punctuation"
    )
    assert time.monotonic() - started < 120
    assert code == 1
    findings = report["files"][0]["findings"]
    assert len(findings) >= 4_000
    assert {f["line"] for f in findings} == {1}


@pytest.mark.parametrize("depth", [25, 1000, 10_000])
def test_deep_nesting_is_refused_or_checked_never_recursion_error(depth: int) -> None:
    limit = sys.getrecursionlimit()
    for source in (
        ">" * depth + " texte",
        "".join(" " * min(i, 40) + "- a\n" for i in range(min(depth, 2000))),
        "- " * depth + "texte",
        "1. " * depth + "texte",
        "*" * depth + "texte" + "*" * depth,
        "[" * depth + "texte" + "](" * depth,
        "> - " * depth + "texte",
        "<div>" * depth + "\n\ntexte",
    ):
        try:
            document = load("deep.md", source.encode())
        except InputError as error:
            assert "nested more than" in str(error)
            continue
        # Checked: the prose is there, whole.
        assert "texte" in document.text or "a" in document.text
    assert sys.getrecursionlimit() == limit


def test_nesting_up_to_the_limit_keeps_every_word() -> None:
    document = load("ok.md", ("> " * 18 + "texte profond").encode())
    assert document.text == "texte profond"
    document = load("ok.md", "".join("  " * i + f"- point{i}\n" for i in range(9)).encode())
    assert [w for w in document.text.split() if w.startswith("point")] == [
        f"point{i}" for i in range(9)
    ]


def test_recursion_error_in_the_parser_is_an_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from newslint.documents import markdown

    def explode(path, source):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(markdown, "load_markdown", explode)
    with pytest.raises(InputError, match="nested too deeply"):
        load("deep.md", b"> > > texte")


def test_special_files_are_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    for path in (str(fifo), "/dev/zero", "/dev/null"):
        with pytest.raises(InputError, match="not a regular file"):
            load_path(path)
    assert time.monotonic() - started < 1


def test_a_crashing_check_is_one_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in one check must not hide the other rules' findings or print a traceback."""
    from newslint.checks import kinds

    kind = kinds()["repetition"]

    def broken(document, options, context):
        raise IndexError("string index out of range")
        yield  # pragma: no cover

    import dataclasses

    monkeypatch.setitem(kinds(), "repetition", dataclasses.replace(kind, check=broken))
    draft = tmp_path / "draft.md"
    draft.write_text(GOOD, encoding="utf-8")
    from newslint.runner import Runner, RunOptions

    result = Runner(RunOptions(paths=[str(draft)], no_grammar=True, jobs=1)).run()
    assert result.failures == [
        (str(draft), "style/repetition: internal error (IndexError: string index out of range)")
    ]
    assert {"typography/spaces", "punctuation/space-before"} <= {
        f.rule for f in result.files[0].findings
    }


def test_text_excerpts_of_a_long_line_are_windowed(tmp_path: Path) -> None:
    """One finding = one short excerpt, not the whole 60 KB line each time."""
    path = tmp_path / "line.txt"
    path.write_text("Le président a dit  bonjour . " * 2_000 + "\n", encoding="utf-8")
    process = run_newslint(
        "check", str(path), "--no-grammar", "--select", "typography/spaces", "--fail-on", "info"
    )  # typography/spaces is info (issue 12)
    assert process.returncode == 1
    lines = process.stdout.decode("utf-8").splitlines()
    excerpts = [line for line in lines if line.startswith("    1 | ")]
    assert len(excerpts) >= 2_000
    assert max(len(line) for line in lines) < 200
    # The caret still sits under the doubled space.
    for excerpt, caret in zip(lines[1::3][:50], lines[2::3][:50]):
        column = caret.index("^")
        assert excerpt[column : column + 2] == "  ", (excerpt, caret)


def test_a_crashing_loader_is_one_line_and_the_rest_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newslint import runner as runner_mod
    from newslint.runner import Runner, RunOptions

    real = runner_mod.load_path

    def flaky(path, *args, **kwargs):
        if path.endswith("bad.md"):
            raise ValueError("boom")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(runner_mod, "load_path", flaky)
    (tmp_path / "bad.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    result = Runner(RunOptions(paths=[str(tmp_path)], no_grammar=True, jobs=1)).run()
    assert result.failures == [
        (str(tmp_path / "bad.md"), "internal error while reading (ValueError)")
    ]
    assert [Path(f.path).name for f in result.files] == ["good.md"]
    assert result.files[0].findings
