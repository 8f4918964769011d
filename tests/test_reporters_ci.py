"""CI output formats as CI servers read them: SARIF (validated against the official schema),
GitHub workflow commands, reviewdog rdjsonl, checkstyle and JUnit XML, and ``--output``.

Every test runs the real CLI on small drafts with a self-contained configuration (one rule kind
with a message template), so what is asserted is exactly what a CI server receives.
"""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import run_newslint
from sarif_schema import VALIDATORS, validate_sarif

DATA = Path(__file__).parent / "data"

#: A message template full of what breaks naive formatters (quotes, %, ::, <, &, line breaks).
NASTY = 'Doublon « {match} » : 100% "sûr" :: <b>&amp;</b>, a,b\nligne 2\r\n::error::injecté'
CONFIG = f"""\
extends: []
rules:
  house/repeat:
    kind: repetition
    severity: error
    description: Mot répété deux fois de suite.
  house/nasty:
    kind: repetition
    severity: info
    description: Même règle, message hostile.
    options:
      message: {json.dumps(NASTY, ensure_ascii=False)}
"""
FORMATS = ["sarif", "github", "rdjsonl", "checkstyle", "junit", "json"]
NASTY_NAME = 'dossier é/brève 50% <1> & "q", a:b.md'


def workspace(tmp_path: Path, files: dict[str, str], config: str = CONFIG) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".newslint.yaml").write_text(config, encoding="utf-8")
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def run(fmt: str, *args: str, cwd: Path, env: dict | None = None) -> tuple[int, str]:
    process = run_newslint("check", "--no-grammar", "--format", fmt, *args, cwd=cwd, env=env)
    assert not process.stderr, process.stderr.decode()
    return process.returncode, process.stdout.decode("utf-8")


# -- SARIF ------------------------------------------------------------------------------------


def sarif(*args: str, cwd: Path) -> tuple[int, dict]:
    code, out = run("sarif", *args, cwd=cwd)
    return code, validate_sarif(json.loads(out))


def test_schemas_are_the_official_ones() -> None:
    oasis = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert oasis["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    assert oasis["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    # The validators do reject a broken log (a test that cannot fail is a defect).
    for validator in VALIDATORS:
        assert not validator.is_valid({"version": "2.1.0", "runs": [{"tool": {}}]})
        assert not validator.is_valid(
            {
                "version": "2.1.0",
                "runs": [
                    {
                        "tool": {"driver": {"name": "x"}},
                        "results": [{"message": {"text": "m"}, "level": "fatal"}],
                    }
                ],
            }
        )


def test_sarif_rules_results_regions_levels(tmp_path: Path) -> None:
    workspace(tmp_path, {"drafts/a.md": "# Titre\n\nCafé et le le maire.\n\nLe\nle texte.\n"})
    code, log = sarif("drafts", cwd=tmp_path)
    assert code == 1
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run_,) = log["runs"]
    assert run_["columnKind"] == "unicodeCodePoints"
    driver = run_["tool"]["driver"]
    assert driver["name"] == "newslint"
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) == {"house/repeat", "house/nasty"}
    repeat = rules["house/repeat"]
    assert repeat["shortDescription"]["text"] == "Mot répété deux fois de suite."
    assert repeat["fullDescription"]["text"] == "Mot répété deux fois de suite."
    assert "## What it does" in repeat["help"]["text"]
    assert repeat["defaultConfiguration"]["level"] == "error"
    assert rules["house/nasty"]["defaultConfiguration"]["level"] == "note"

    results = run_["results"]
    by_rule = {}
    for result in results:
        by_rule.setdefault(result["ruleId"], []).append(result)
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    assert {r["level"] for r in by_rule["house/repeat"]} == {"error"}
    assert {r["level"] for r in by_rule["house/nasty"]} == {"note"}
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in by_rule["house/repeat"]]
    # "le le" after "Café et " (code points: é is one column), and "Le\nle" over two lines.
    assert regions[0] == {
        "startLine": 3,
        "startColumn": 9,
        "endLine": 3,
        "endColumn": 14,
        "snippet": {"text": "le le"},
    }
    assert regions[1] == {
        "startLine": 5,
        "startColumn": 1,
        "endLine": 6,
        "endColumn": 3,
        "snippet": {"text": "Le\nle"},
    }
    location = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "drafts/a.md", "uriBaseId": "%SRCROOT%"}
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    assert run_["invocations"][0]["executionSuccessful"] is True
    assert run_["invocations"][0]["exitCode"] == 1


def test_sarif_region_slices_the_source_exactly(tmp_path: Path) -> None:
    text = "Un 😀 emoji, puis « le le » et\u00a0une espace insécable. Il il\n"
    workspace(tmp_path, {"a.txt": text})
    _, log = sarif("--select", "house/repeat", "a.txt", cwd=tmp_path)
    lines = text.split("\n")
    for result in log["runs"][0]["results"]:
        region = result["locations"][0]["physicalLocation"]["region"]
        line = lines[region["startLine"] - 1]
        assert line[region["startColumn"] - 1 : region["endColumn"] - 1].lower() in {
            "le le",
            "il il",
        }


def test_sarif_uri_is_repo_relative_and_percent_encoded(tmp_path: Path) -> None:
    workspace(tmp_path, {NASTY_NAME: "Le le maire.\n"})
    # Run from a sub-folder: URIs stay relative to the repository root, not to the cwd.
    _, log = sarif(str(tmp_path / NASTY_NAME), cwd=tmp_path / "dossier é")
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"
    ]
    assert re.fullmatch(r"[A-Za-z0-9%/._~-]+", uri), uri
    assert unquote(uri) == NASTY_NAME


def test_sarif_fingerprints_are_stable_when_lines_move(tmp_path: Path) -> None:
    workspace(tmp_path, {"a.md": "Le le maire parle.\n\nLa la salle applaudit.\n"})
    _, before = sarif("a.md", cwd=tmp_path)
    (tmp_path / "a.md").write_text(
        "# Nouveau titre\n\nUn paragraphe ajouté au-dessus.\n\nLe le maire parle.\n\n"
        "Une autre phrase. La la salle applaudit.\n",
        encoding="utf-8",
    )
    _, after = sarif("a.md", cwd=tmp_path)

    def prints(log):
        return [
            (
                r["ruleId"],
                r["partialFingerprints"]["newslint/v1"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in log["runs"][0]["results"]
        ]

    old, new = prints(before), prints(after)
    assert [p[:2] for p in old] == [p[:2] for p in new]
    assert [p[2] for p in old] != [p[2] for p in new]  # the lines did move
    assert len({p[1] for p in old}) == len(old)  # and each finding has its own


def test_sarif_reports_unreadable_files_as_notifications(tmp_path: Path) -> None:
    workspace(tmp_path, {"a.md": "Rien à signaler.\n"})
    code, log = sarif("a.md", "absent.md", cwd=tmp_path)
    assert code == 2
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "absent.md"
    assert log["runs"][0]["results"] == []


# -- GitHub workflow commands -----------------------------------------------------------------


def test_github_annotations(tmp_path: Path) -> None:
    workspace(tmp_path, {"a.md": "Titre\n\nCafé et le le maire.\n\nLe\nle texte.\n"})
    code, out = run("github", "--select", "house/repeat", "a.md", cwd=tmp_path)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(
        "::error file=a.md,line=3,endLine=3,col=9,endColumn=14,"
        "title=house/repeat::Mot répété : « le »."
    )
    # A range over two lines: no columns (the runner would drop them).
    assert lines[1].startswith("::error file=a.md,line=5,endLine=6,title=house/repeat::")
    assert lines[2].startswith("newslint: 2 findings (2 errors) in 1 file")


def test_github_paths_are_relative_to_the_repository(tmp_path: Path) -> None:
    workspace(tmp_path, {"desk/drafts/a.md": "Le le maire.\n"})
    code, out = run("github", "--select", "house/repeat", "drafts", cwd=tmp_path / "desk")
    assert code == 1
    assert out.startswith("::error file=desk/drafts/a.md,line=1,")


def test_github_escaping_cannot_inject_commands(tmp_path: Path) -> None:
    workspace(tmp_path, {"x, a:b%.md": "Le le maire.\n"})
    code, out = run("github", "--select", "house/nasty", ".", cwd=tmp_path)
    assert code == 0  # info does not fail the default --fail-on warning
    commands = [line for line in out.splitlines() if line.startswith("::")]
    assert len(commands) == 1, out
    (line,) = commands
    assert line.startswith("::notice file=x%2C a%3Ab%25.md,line=1,")
    message = line.split("::", 2)[2]
    assert message.startswith(
        'Doublon « le » : 100%25 "sûr" :: <b>&amp;</b>, a,b%0Aligne 2%0D%0A::error::injecté'
    )
    # Unescaping as the runner does gives the message back.
    assert (
        message.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%25", "%")
        .startswith(NASTY.replace("{match}", "le"))
    )


def test_github_format_is_automatic_in_github_actions(tmp_path: Path) -> None:
    workspace(tmp_path, {"a.md": "Le le maire.\n"})
    process = run_newslint(
        "check",
        "--no-grammar",
        "--select",
        "house/repeat",
        "a.md",
        cwd=tmp_path,
        env={"GITHUB_ACTIONS": "true"},
    )
    assert process.stdout.decode().startswith("::error file=a.md,line=1,")
    process = run_newslint(
        "check",
        "--no-grammar",
        "--select",
        "house/repeat",
        "--format",
        "text",
        "a.md",
        cwd=tmp_path,
        env={"GITHUB_ACTIONS": "true"},
    )
    assert process.stdout.decode().startswith("a.md:1:1: error house/repeat")
    process = run_newslint(
        "check", "--no-grammar", "--select", "house/repeat", "a.md", cwd=tmp_path
    )
    assert process.stdout.decode().startswith("a.md:1:1: error house/repeat")


# -- reviewdog rdjsonl ------------------------------------------------------------------------


def test_rdjsonl_diagnostics_count_utf8_bytes(tmp_path: Path) -> None:
    workspace(tmp_path, {"é.md": "Café 😀 le le maire.\n"})
    code, out = run("rdjsonl", "--select", "house/repeat", "é.md", cwd=tmp_path)
    assert code == 1
    (line,) = out.splitlines()
    diagnostic = json.loads(line)
    # "Café 😀 " is 7 code points but 11 UTF-8 bytes: "le le" starts at byte column 12.
    assert diagnostic == {
        "message": "Mot répété : « le ».",
        "location": {
            "path": "é.md",
            "range": {"start": {"line": 1, "column": 12}, "end": {"line": 1, "column": 17}},
        },
        "severity": "ERROR",
        "source": {"name": "newslint"},
        "code": {"value": "house/repeat"},
        "suggestions": [
            {
                "range": {"start": {"line": 1, "column": 14}, "end": {"line": 1, "column": 17}},
                "text": "",
            }
        ],
    }
    source = "Café 😀 le le maire.".encode()
    assert source[11:16].decode() == "le le"


# -- checkstyle and JUnit ---------------------------------------------------------------------


def test_checkstyle_xml(tmp_path: Path) -> None:
    workspace(tmp_path, {"a.md": "Le le maire.\n", "b.md": "Rien.\n"})
    code, out = run("checkstyle", "--select", "house/repeat", ".", cwd=tmp_path)
    assert code == 1
    root = ET.fromstring(out.encode())
    assert root.tag == "checkstyle" and root.get("version") == "4.3"
    files = {f.get("name"): f for f in root.findall("file")}
    assert set(files) == {"a.md", "b.md"}
    (error,) = files["a.md"].findall("error")
    message = error.attrib.pop("message")
    assert error.attrib == {
        "line": "1",
        "column": "1",
        "severity": "error",
        "source": "house/repeat",
    }
    assert message.startswith("Mot répété : « le ».")
    assert files["b.md"].findall("error") == []


def test_junit_xml(tmp_path: Path) -> None:
    workspace(tmp_path, {"a.md": "Le le maire.\n", "b.md": "Rien.\n"})
    code, out = run("junit", "--select", "house/repeat", "a.md", "b.md", "absent.md", cwd=tmp_path)
    assert code == 2
    root = ET.fromstring(out.encode())
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "1")
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    (case,) = suites["a.md"].findall("testcase")
    assert case.get("name") == "house/repeat"
    failure = case.find("failure")
    assert failure.get("type") == "error"
    assert failure.text.startswith("a.md:1:1: error house/repeat Mot répété : « le ».")
    (clean,) = suites["b.md"].findall("testcase")
    assert clean.find("failure") is None
    assert suites["absent.md"].find("testcase/error") is not None


# -- escaping across every format -------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_messages_and_paths_survive_every_format(tmp_path: Path, fmt: str) -> None:
    workspace(tmp_path, {NASTY_NAME: "Le le maire.\n"})
    code, out = run(fmt, "--select", "house/nasty", "--fail-on", "info", ".", cwd=tmp_path)
    assert code == 1
    expected = NASTY.replace("{match}", "le")
    if fmt == "sarif":
        _, log = sarif("--select", "house/nasty", ".", cwd=tmp_path)
        (result,) = log["runs"][0]["results"]
        assert result["message"]["text"].startswith(expected + " → ")
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert unquote(uri) == NASTY_NAME
    elif fmt == "json":
        data = json.loads(out)
        (file,) = data["files"]
        assert file["path"] == NASTY_NAME and file["findings"][0]["message"] == expected
    elif fmt == "rdjsonl":
        (line,) = out.splitlines()  # line breaks in the message stay inside the JSON string
        diagnostic = json.loads(line)
        assert diagnostic["message"] == expected
        assert diagnostic["location"]["path"] == NASTY_NAME
    elif fmt == "github":
        (command, _summary) = out.splitlines()
        unescape = {"%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ",", "%25": "%"}
        pattern = re.compile("|".join(unescape))
        head, message = command[2:].split("::", 1)
        properties = dict(p.split("=", 1) for p in head.split(" ", 1)[1].split(","))
        assert pattern.sub(lambda m: unescape[m.group()], properties["file"]) == NASTY_NAME
        assert pattern.sub(lambda m: unescape[m.group()], message).startswith(expected + " → ")
    else:
        root = ET.fromstring(out.encode("utf-8"))
        if fmt == "checkstyle":
            file = root.find("file")
            assert file.get("name") == NASTY_NAME
            assert file.find("error").get("message").startswith(expected + " → ")
        else:
            suite = root.find("testsuite")
            assert suite.get("name") == NASTY_NAME
            assert suite.find("testcase/failure").get("message").startswith(expected + " → ")


@pytest.mark.parametrize("fmt", ["checkstyle", "junit"])
def test_control_characters_do_not_break_xml(tmp_path: Path, fmt: str) -> None:
    config = CONFIG.replace(json.dumps(NASTY, ensure_ascii=False), '"bip \\u0007 {match}"')
    workspace(tmp_path, {"a.md": "Le le maire.\n"}, config=config)
    _, out = run(fmt, "--select", "house/nasty", ".", cwd=tmp_path)
    ET.fromstring(out.encode())  # parses: the BEL became U+FFFD
    assert "bip \ufffd le" in out


# -- --output: one run for a person and a CI server -------------------------------------------


@pytest.mark.parametrize("fmt", ["sarif", "junit", "rdjsonl"])
def test_output_file_gets_machine_format_terminal_gets_text(tmp_path: Path, fmt: str) -> None:
    workspace(tmp_path, {"a.md": "Le le maire.\n"})
    process = run_newslint(
        "check",
        "--no-grammar",
        "--select",
        "house/repeat",
        "--format",
        fmt,
        "--output",
        "report.out",
        "a.md",
        cwd=tmp_path,
    )
    assert process.returncode == 1
    terminal = process.stdout.decode()
    assert terminal.startswith("a.md:1:1: error house/repeat Mot répété")
    assert "1 finding (1 error) in 1 file" in terminal
    written = (tmp_path / "report.out").read_text(encoding="utf-8")
    if fmt == "sarif":
        log = validate_sarif(json.loads(written))
        assert len(log["runs"][0]["results"]) == 1
    elif fmt == "junit":
        assert ET.fromstring(written.encode()).get("failures") == "1"
    else:
        assert json.loads(written)["code"]["value"] == "house/repeat"


def test_output_to_an_unwritable_place_is_a_usage_error(tmp_path: Path) -> None:
    workspace(tmp_path, {"a.md": "Le le maire.\n"})
    process = run_newslint(
        "check",
        "--no-grammar",
        "--format",
        "sarif",
        "--output",
        str(tmp_path / "no" / "such" / "dir" / "r.sarif"),
        "a.md",
        cwd=tmp_path,
    )
    assert process.returncode == 2
    assert process.stderr.decode().startswith("newslint: cannot write ")
    assert "Traceback" not in process.stderr.decode()


@pytest.mark.parametrize("fmt", FORMATS)
def test_clean_run_in_every_format(tmp_path: Path, fmt: str) -> None:
    workspace(tmp_path, {"a.md": "Le maire parle.\n"})
    code, out = run(fmt, "a.md", cwd=tmp_path)
    assert code == 0
    if fmt == "sarif":
        sarif("a.md", cwd=tmp_path)
    elif fmt in ("checkstyle", "junit"):
        ET.fromstring(out.encode())
    elif fmt == "rdjsonl":
        assert out == ""
    elif fmt == "github":
        assert not [line for line in out.splitlines() if line.startswith("::")]
