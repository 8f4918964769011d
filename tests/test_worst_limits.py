"""The limits that bound the cost of any draft (issue 21): input size and findings per draft.

Every generated worst case up to the input limit is checked in under 10 s and 500 MB
(benchmarks/worst_cases.py); at 4 MiB and 100,000 findings several were not. These tests
pin the user-visible limits: a draft over 1 MiB is refused in one line (exit 2, the other
files still checked), and checking stops at 10,000 findings (exit 3).
"""

from __future__ import annotations

from pathlib import Path

MIB = 1024 * 1024


def test_draft_just_over_1_mib_is_refused_in_one_line(tmp_path: Path, cli) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(b"Le chat dort.\n" * (MIB // 14) + b"x" * (MIB % 14 + 1))
    assert big.stat().st_size == MIB + 1
    (tmp_path / "ok.md").write_text("Oui,, non.\n", encoding="utf-8")
    result = cli("check", "--no-grammar", str(big), str(tmp_path / "ok.md"))
    out = (result.stdout + result.stderr).decode()
    assert result.returncode == 2, out[-500:]
    lines = [line for line in out.splitlines() if "big.md" in line]
    assert len(lines) == 1 and "file too large (1.0 MiB, limit 1 MiB)" in lines[0], lines
    assert "ok.md:1:4" in out  # the other file is still checked
    assert "Traceback" not in out


def test_draft_of_exactly_1_mib_is_checked(tmp_path: Path, cli) -> None:
    draft = tmp_path / "limit.md"
    line = b"Le chat dort sur le tapis du salon depuis ce matin, sans bouger.\n"
    draft.write_bytes(
        b"Oui,, non.\n" + line * ((MIB - 11) // len(line)) + b"a" * ((MIB - 11) % len(line))
    )
    assert draft.stat().st_size == MIB
    result = cli("check", "--no-grammar", "--select", "punctuation", str(draft))
    assert result.returncode == 1, (result.stdout + result.stderr).decode()[-500:]
    assert b"limit.md:1:4" in result.stdout


def test_checking_stops_at_10000_findings(tmp_path: Path, cli_json) -> None:
    # 12,000 repeated words: a finding each. More than 10,000 findings is no news draft.
    draft = tmp_path / "many.md"
    draft.write_text("Le chat le le dort.\n\n" * 12_000, encoding="utf-8")
    code, data = cli_json("--no-grammar", str(draft))
    assert code == 3
    assert len(data["files"][0]["findings"]) == 10_000
    (error,) = data["errors"]
    assert error["message"] == (
        "more than 10000 findings: checking stopped there (not a news draft?)"
    )


def test_draft_of_more_than_50000_lines_is_refused_in_one_line(tmp_path: Path, cli) -> None:
    # 1 MiB of « 1. a » lines took 11 s to read as Markdown: 70 µs a line, whatever it holds.
    (tmp_path / "lines.md").write_text("1. a\n" * 50_001, encoding="utf-8")
    (tmp_path / "ok.md").write_text("Oui,, non.\n", encoding="utf-8")
    result = cli("check", "--no-grammar", str(tmp_path / "lines.md"), str(tmp_path / "ok.md"))
    out = (result.stdout + result.stderr).decode()
    assert result.returncode == 2, out[-500:]
    lines = [line for line in out.splitlines() if "lines.md" in line]
    assert lines == [f"{tmp_path / 'lines.md'}: input error: too many lines (50,001, limit 50,000)"]
    assert "ok.md:1:4" in out


def test_draft_of_50000_lines_is_checked(tmp_path: Path, cli) -> None:
    (tmp_path / "lines.txt").write_bytes(b"Oui,, non.\r\n" + b"Le chat.\r" * 49_998 + b"Fin.")
    result = cli("check", "--no-grammar", "--select", "punctuation", str(tmp_path / "lines.txt"))
    assert result.returncode == 1, (result.stdout + result.stderr).decode()[-500:]
    assert b"lines.txt:1:4" in result.stdout
