"""Input reading with bounded cost (issue 21): encodings, NUL bytes, standard input, devices
and FIFOs as drafts or configuration, user patterns and exclude globs that must stay linear."""

from __future__ import annotations

import codecs
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

#: A slip the default gate blocks (issue 12), found at 1:4: the file was checked.
SLIP = "Oui,, non.\n"
LIMIT = 1024 * 1024  # newslint.documents.MAX_BYTES


def _limited(
    *args: str,
    stdin=None,
    input: bytes | None = None,
    cwd=None,
    timeout: float = 120,
    memory: int = 1 << 30,
) -> tuple[subprocess.CompletedProcess, float]:
    """Run the CLI with its address space capped (an unbounded read fails instead of eating
    the machine) and a timeout (a hang fails the test). The configuration is trusted: these
    tests show that even a trusted one cannot make a device or a FIFO hang the run (an
    untrusted one is refused before, tests/test_trust.py)."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = {**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": "", "NEWSLINT_TRUST_CONFIG": "1"}
    started = time.monotonic()
    process = subprocess.run(
        [sys.executable, "-m", "newslint", *args],
        stdin=stdin,
        input=input,
        cwd=cwd,
        capture_output=True,
        env=env,
        timeout=timeout,
        preexec_fn=cap,
    )
    return process, time.monotonic() - started


def _one_line(process: subprocess.CompletedProcess, prefix: str, fragment: str) -> str:
    stderr = process.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.strip().splitlines() if line]
    assert len(lines) == 1, stderr
    assert lines[0].startswith(prefix), stderr
    assert fragment in lines[0], stderr
    return lines[0]


# -- 1. UTF-32 with a byte-order mark -------------------------------------------------------


@pytest.mark.parametrize(
    "bom, codec", [(codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")]
)
def test_utf32_with_bom_is_read_and_fixed_in_utf32(tmp_path: Path, cli_json, bom, codec) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_bytes(bom + "Quoi ?\nZoë dort le le matin.\n".encode(codec))
    code, data = cli_json("--no-grammar", str(draft))
    assert code == 1, data
    assert not data["errors"], data["errors"]
    # (« Quoi ? » alone gets the reference typography at info: not what this test is about.)
    findings = [f for f in data["files"][0]["findings"] if f["severity"] != "info"]
    assert [(f["rule"], f["line"], f["column"]) for f in findings] == [("style/repetition", 2, 10)]
    code, data = cli_json("--no-grammar", "--fix", str(draft))
    assert not data["errors"], data["errors"]
    assert draft.read_bytes() == bom + "Quoi ?\nZoë dort le matin.\n".encode(codec)


def test_utf16_with_bom_still_utf16(tmp_path: Path, cli) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_bytes(codecs.BOM_UTF16_LE + "Zoë dort le le matin.\n".encode("utf-16-le"))
    cli("check", "--no-grammar", "--fix", str(draft))
    assert draft.read_bytes() == codecs.BOM_UTF16_LE + "Zoë dort le matin.\n".encode("utf-16-le")


# -- 2. NUL bytes anywhere ------------------------------------------------------------------


@pytest.mark.parametrize("where", [100, 9000, 800_000])
def test_nul_anywhere_makes_a_binary_file(tmp_path: Path, cli, where: int) -> None:
    text = ("Le président a déclaré qu'il viendrait demain. " * (where // 40 + 10)).encode()
    (tmp_path / "bin.txt").write_bytes(text[:where] + b"\x00" + text[where:])
    (tmp_path / "ok.txt").write_text(SLIP, encoding="utf-8")
    process = cli("check", "--no-grammar", "bin.txt", "ok.txt", cwd=tmp_path)
    out = process.stdout.decode()
    assert process.returncode == 2, out
    assert "bin.txt: input error: binary file (contains NUL bytes)" in out
    assert "ok.txt:1:4" in out  # the other file is still checked
    assert "Traceback" not in process.stderr.decode()


def test_nul_after_8kb_in_utf8_with_bom_utf16_and_utf32(tmp_path: Path, cli) -> None:
    body = "Une phrase ordinaire, sans histoire. " * 400 + "\x00fin\n"
    (tmp_path / "bom.txt").write_bytes(codecs.BOM_UTF8 + body.encode("utf-8"))
    (tmp_path / "u16.txt").write_bytes(codecs.BOM_UTF16_LE + body.encode("utf-16-le"))
    (tmp_path / "u32.txt").write_bytes(codecs.BOM_UTF32_BE + body.encode("utf-32-be"))
    process = cli("check", "--no-grammar", "bom.txt", "u16.txt", "u32.txt", cwd=tmp_path)
    out = process.stdout.decode()
    assert process.returncode == 2, out
    assert "bom.txt: input error: binary file" in out
    assert "u16.txt: input error: binary file" in out
    assert "u32.txt: input error: binary file" in out


# -- 3. Standard input, devices and FIFOs ----------------------------------------------------


def test_stdin_over_the_limit_is_refused(tmp_path: Path) -> None:
    data = b"Le chat dort. " * (LIMIT // 14 + 1000)  # a little over 1 MiB
    (tmp_path / "ok.txt").write_text(SLIP, encoding="utf-8")
    process, _ = _limited("check", "--no-grammar", "-", "ok.txt", input=data, cwd=tmp_path)
    out = process.stdout.decode()
    assert process.returncode == 2, (out[-500:], process.stderr)
    assert "-: input error: standard input too large (more than 1 MiB)" in out
    assert "ok.txt:1:4" in out
    assert "Traceback" not in process.stderr.decode()


def test_stdin_at_the_limit_is_checked(tmp_path: Path) -> None:
    data = SLIP.encode() + b"a" * (LIMIT - len(SLIP) - 1) + b"\n"
    assert len(data) == LIMIT
    process, _ = _limited(
        "check",
        "--no-grammar",
        "--select",
        "punctuation",
        "-",
        input=data,
        cwd=tmp_path,
        timeout=300,
    )
    assert process.returncode == 1, process.stderr
    assert b"-:1:4" in process.stdout


def test_stdin_from_dev_zero_is_refused_without_hanging(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        process, elapsed = _limited(
            "check", "--no-grammar", "-", stdin=zero, cwd=tmp_path, timeout=60
        )
    out = process.stdout.decode()
    assert process.returncode == 2, (out, process.stderr)
    assert "-: input error: standard input too large" in out
    assert "Traceback" not in process.stderr.decode()


def test_fifo_and_device_drafts_are_input_errors_others_checked(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "ok.txt").write_text(SLIP, encoding="utf-8")
    process, _ = _limited(
        "check", "--no-grammar", "pipe.md", "/dev/zero", "ok.txt", cwd=tmp_path, timeout=60
    )
    out = process.stdout.decode()
    assert process.returncode == 2, out
    assert "pipe.md: input error: not a regular file" in out
    assert "/dev/zero: input error: not a regular file" in out
    assert "ok.txt:1:4" in out


def _config_case(tmp_path: Path, kind: str, target: str) -> str:
    if kind == "config":
        return target
    text = {
        "extends": f"extends: ['{target}']\n",
        "vocabulary": f"vocabulary: {{include: ['{target}']}}\n",
        "names": f"names:\n  - include: '{target}'\n",
    }[kind]
    (tmp_path / "cfg.yaml").write_text(text, encoding="utf-8")
    return "cfg.yaml"


@pytest.mark.parametrize("kind", ["config", "extends", "vocabulary", "names"])
@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_config_device_or_fifo_is_a_config_error(tmp_path: Path, kind: str, target: str) -> None:
    if target == "fifo":
        os.mkfifo(tmp_path / "pipe.yaml")
        target = str(tmp_path / "pipe.yaml")
    config = _config_case(tmp_path, kind, target)
    (tmp_path / "ok.txt").write_text(SLIP, encoding="utf-8")
    process, elapsed = _limited(
        "check", "--no-grammar", "--config", config, "ok.txt", cwd=tmp_path, timeout=60
    )
    assert process.returncode == 2, (process.stdout, process.stderr)
    _one_line(process, "newslint: config error: ", "not a regular file")
    assert elapsed < 30


def test_config_too_large_is_a_config_error(tmp_path: Path) -> None:
    from newslint.config import CONFIG_MAX_BYTES  # 4 MiB: larger than a draft's limit

    (tmp_path / "big.yaml").write_bytes(b"# " + b"x" * (CONFIG_MAX_BYTES + 10) + b"\n")
    (tmp_path / "ok.txt").write_text(SLIP, encoding="utf-8")
    process, _ = _limited("check", "--no-grammar", "--config", "big.yaml", "ok.txt", cwd=tmp_path)
    _one_line(process, "newslint: config error: ", "too large")
    assert process.returncode == 2


# -- 4. User patterns: linear whatever the boundaries reject ---------------------------------


def _pattern_run(
    tmp_path: Path, pattern: str, draft: str
) -> tuple[subprocess.CompletedProcess, float]:
    (tmp_path / ".newslint.yaml").write_text(
        "extends: []\nrules:\n  local/evil:\n    kind: existence\n    quotes: any\n"
        f"    options:\n      tokens: ['{pattern}']\n",
        encoding="utf-8",
    )
    (tmp_path / "draft.txt").write_text(draft, encoding="utf-8")
    return _limited(
        "check", "--no-grammar", "--format", "json", "draft.txt", cwd=tmp_path, timeout=120
    )


@pytest.mark.parametrize(
    "pattern, draft",
    [
        ("a+", "a" * 100_000 + "b\n"),
        ("(.*a){20}", "a" * 8_000 + "b\n"),
        ("(.*a){20}", "a " * 4_000 + "ab\n"),
        ("(.*a){20}", "a " * 50_000 + "ab\n"),
    ],
)
def test_rejected_matches_do_not_make_patterns_quadratic(
    tmp_path: Path, pattern: str, draft: str
) -> None:
    process, elapsed = _pattern_run(tmp_path, pattern, draft)
    assert process.returncode in (0, 1), process.stderr
    assert elapsed < 10, elapsed


def _old_finditer(terms, text: str, start: int, end: int):
    """The search before issue 21: a rejected match restarts one character later."""
    from newslint.patterns import compile_pattern, left_boundary, prepare, right_boundary

    compiled = compile_pattern(
        "|".join(f"({source})" for source in terms.sources), terms.ignorecase, True
    )
    prepared = prepare(text)
    data = prepared.data
    position, stop = prepared.byte(start), prepared.byte(end)
    while position <= stop:
        found = compiled.search(data, position, stop)
        if found is None:
            return
        b_start, b_end = found.span()
        c_start, c_end = prepared.char(b_start), prepared.char(b_end)
        if b_end == b_start:
            position = b_end + 1
            continue
        if terms.boundaries and not (left_boundary(text, c_start) and right_boundary(text, c_end)):
            position = prepared.byte(c_start + 1)
            continue
        yield c_start, c_end
        position = b_end


@pytest.mark.parametrize("seed", range(6))
def test_linear_search_finds_what_the_restarting_search_found(seed: int) -> None:
    """On ordinary-sized text the new search keeps the old results exactly."""
    from newslint.patterns import TermSet

    rng = random.Random(seed)
    alphabet = ["a", "b", "é", " ", "-", "'", "’", "l", "t", "il", ".", "\n", "É", "_", "1"]
    patterns = [
        ["a+"],
        ["(.*a){2}"],
        ["a", "ab", "b a"],
        ["l'a"],
        ["[ab]+-?t?"],
        ["é+ ?a"],
        ["\\w+"],
        ["a b|b"],
    ]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        for terms in patterns:
            term_set = TermSet(terms)
            term_set.validate()
            start = rng.randint(0, len(text))
            end = rng.randint(start, len(text))
            for span in ((0, len(text)), (start, end)):
                new = [(m.start, m.end) for m in term_set.finditer(text, *span)]
                assert new == list(_old_finditer(term_set, text, *span)), (terms, text, span)


# -- 5. Exclude globs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "glob",
    ["*a*a*a*a*a*a*a*a*a*a*a*b", "**/*a*a*a*a*a*a*a*a*a*a*a*b", "**a**a**a**a**a**a**a**a**a**b"],
)
def test_exclude_globs_match_in_linear_time(tmp_path: Path, glob: str) -> None:
    name = "a" * 45 + ".md"  # 48 characters
    (tmp_path / name).write_text(SLIP, encoding="utf-8")
    (tmp_path / ".newslint.yaml").write_text(f"exclude: ['{glob}']\n", encoding="utf-8")
    process, elapsed = _limited("check", "--no-grammar", ".", cwd=tmp_path, timeout=120)
    assert process.returncode == 1, (process.stdout, process.stderr)
    assert elapsed < 10, elapsed


@pytest.mark.parametrize(
    "glob, path, expected",
    [
        ("archives/**", "archives/2024/a.md", True),
        ("archives/**", "archives2/a.md", False),
        ("**/*.md", "a.md", True),
        ("**/*.md", "x/y/a.md", True),
        ("*.md", "x/y/a.md", True),  # no slash: matched against the file name too
        ("x/*.md", "x/y/a.md", False),  # * does not cross folders
        ("x/**/a.md", "x/a.md", True),
        ("x/**/a.md", "x/y/z/a.md", True),
        ("x/?.md", "x/a.md", True),
        ("x/?.md", "x/ab.md", False),
        ("[ab].md", "b.md", True),
        ("[!ab].md", "b.md", False),
        ("[!ab].md", "c.md", True),
        ("x/[ab].md", "x/a.md", True),
        ("x/[a-c].md", "x/d.md", False),
        ("[", "[", True),
        ("a.b", "axb", False),
        ("a+b(c)$", "a+b(c)$", True),
        ("x/**", "x/y/z", True),
        ("**", "x/y", True),
        ("dé*", "dépêche.md", True),
    ],
)
def test_glob_semantics(glob: str, path: str, expected: bool) -> None:
    from newslint.config import _matches

    assert _matches(path, [glob]) is expected


# -- Baseline files are read like configuration ------------------------------------------------


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_baseline_device_or_fifo_is_refused(tmp_path: Path, target: str) -> None:
    if target == "fifo":
        os.mkfifo(tmp_path / "pipe.json")
        target = str(tmp_path / "pipe.json")
    (tmp_path / "ok.txt").write_text(SLIP, encoding="utf-8")
    process, _ = _limited(
        "check", "--no-grammar", "--baseline", target, "ok.txt", cwd=tmp_path, timeout=60
    )
    assert process.returncode == 2, (process.stdout, process.stderr)
    _one_line(process, "newslint: ", "not a regular file")


def _old_matches(relative: str, pattern: str) -> bool:
    """Glob matching before issue 21 (Python's backtracking ``re``), for comparison."""
    import fnmatch
    import re

    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        else:
            char = pattern[i]
            out.append("[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char))
            i += 1
    name = relative.rsplit("/", 1)[-1]
    return bool(re.compile("".join(out) + r"\Z", re.S).match(relative)) or (
        "/" not in pattern and fnmatch.fnmatchcase(name, pattern)
    )


@pytest.mark.parametrize("seed", range(4))
def test_globs_match_as_before_on_random_paths(seed: int) -> None:
    """RE2 globs agree with the old matcher (``[...]`` only where it was fnmatch's)."""
    from newslint.config import _matches

    rng = random.Random(seed)
    path_parts = ["a", "b", "ab", "é", ".md", "/", "/", "x", "[a]", "-"]
    glob_parts = ["a", "b", "*", "**", "**/", "?", "/", ".md", "é", "-"]
    classes = ["[ab]", "[!a]", "[a-c]", "[]a]", "[", "[!]"]
    for _ in range(400):
        path = "".join(rng.choice(path_parts) for _ in range(rng.randint(1, 8))).strip("/") or "a"
        parts = glob_parts + (classes if rng.random() < 0.3 else [])
        glob = "".join(rng.choice(parts) for _ in range(rng.randint(1, 6)))
        if "[" in glob and ("/" in glob or "**" in glob):
            continue  # the old full-path matcher read [ literally; fnmatch (names) did not
        assert _matches(path, [glob]) == _old_matches(path, glob), (glob, path)


def test_found_config_that_is_a_fifo_is_a_config_error(tmp_path: Path) -> None:
    """A FIFO named .newslint.yaml beside the drafts is neither waited on nor skipped."""
    os.mkfifo(tmp_path / ".newslint.yaml")
    (tmp_path / "ok.txt").write_text(SLIP, encoding="utf-8")
    process, _ = _limited("check", "--no-grammar", "ok.txt", cwd=tmp_path, timeout=60)
    assert process.returncode == 2, (process.stdout, process.stderr)
    _one_line(process, "newslint: config error: ", "not a regular file")
