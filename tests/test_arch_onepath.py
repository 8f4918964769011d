"""One path from draft to report (issue 15): the CLI is the library API's first caller, the
core names no kind, and a house rule is a rule whatever its id."""

from __future__ import annotations

import ast
import gzip
import json
from pathlib import Path

import pytest

from newslint import api

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "orangesum-dev.jsonl.gz"

HOUSE_GRAMMAR_RULE = """\
rules:
  grammar/accord-maison:
    kind: existence
    severity: error
    options:
      tokens: ["les les"]
      message: "Mot doublé."
"""


def test_a_house_rule_named_grammar_slash_is_reported(tmp_path: Path, cli_json) -> None:
    """Its finding is on the very span of another rule's: only LanguageTool's findings give
    way there, never a house rule's because of its name."""
    (tmp_path / ".newslint.yaml").write_text(HOUSE_GRAMMAR_RULE, encoding="utf-8")
    draft = tmp_path / "brouillon.md"
    draft.write_text("Il a vu les les enfants.\n", encoding="utf-8")
    code, report = cli_json("--no-grammar", str(draft), cwd=tmp_path)
    rules = [f["rule"] for file in report["files"] for f in file["findings"]]
    assert "grammar/accord-maison" in rules, rules
    assert "style/repetition" in rules
    assert code == 1


def test_no_grammar_keeps_a_house_rule_named_grammar_slash(tmp_path: Path) -> None:
    (tmp_path / ".newslint.yaml").write_text(HOUSE_GRAMMAR_RULE, encoding="utf-8")
    checker = api.Checker(grammar=False, select=("grammar/accord-maison",))
    checked = checker.check_text("Il a vu les les enfants.\n", path=str(tmp_path / "d.md"))
    assert [f.rule for f in checked.findings] == ["grammar/accord-maison"]


def _strings(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and not (isinstance(node.value, str) and "\n" in node.value)
    }


@pytest.mark.parametrize("module", ["runner.py", "linter.py", "selection.py", "pool.py", "sink.py"])
def test_the_core_names_no_kind(module: str) -> None:
    """Kinds say what they need through their hooks (``Kind.sub_ids``, ``defers``,
    ``service``, ``prepare``): no kind's name is a string in the core."""
    from newslint.checks import kinds

    names = set(kinds())
    strings = _strings(ROOT / "src" / "newslint" / module)
    assert not {s for s in strings if s in names or s.rstrip("/") in names}


def test_cli_and_api_give_identical_findings_on_the_corpus(tmp_path: Path, cli_json) -> None:
    if not CORPUS.is_file():
        pytest.skip("../shared is absent")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for index, line in zip(range(50), handle):
            article = json.loads(line)
            body = f"# {article['title']}\n\n{article['text']}\n"  # as benchmarks/corpus_files.py
            (tmp_path / f"a{index:03d}.md").write_text(body, encoding="utf-8")
    code, report = cli_json("--no-grammar", "-j", "1", str(tmp_path), cwd=tmp_path)
    assert code in (0, 1)
    from_cli = {
        file["path"]: [
            (
                f["line"],
                f["column"],
                f["end_line"],
                f["end_column"],
                f["rule"],
                f["severity"],
                f["message"],
            )
            for f in file["findings"]
        ]
        for file in report["files"]
    }
    checker = api.Checker(grammar=False)
    from_api = {}
    for file in checker.iter_paths([str(tmp_path)]):
        key = str(Path(file.path).relative_to(tmp_path))
        from_api[key] = [
            (f.line, f.column, f.end_line, f.end_column, f.rule, str(f.severity), f.message)
            for f in file.findings
        ]
    # check_text over each draft's text gives the same again.
    for name in list(from_api)[:10]:
        checked = checker.check_text(
            (tmp_path / name).read_text(encoding="utf-8"), path=str(tmp_path / name)
        )
        assert [
            (f.line, f.column, f.end_line, f.end_column, f.rule, str(f.severity), f.message)
            for f in checked.findings
        ] == from_api[name]
    assert len(from_api) == 50
    assert from_cli == from_api
    assert sum(map(len, from_api.values())) > 0


def test_checks_share_work_through_the_document_and_the_context() -> None:
    """What checks compute once (a names analysis, boilerplate paragraphs, the speller's
    vocabulary) lives in the document's or the context's memo, not in module-level tables
    keyed by ``id()`` (an id is reused once its object is gone), and is dropped once the
    document is checked."""
    for path in sorted((ROOT / "src" / "newslint" / "checks").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "id"
        ]
        assert not calls, f"{path.name}: id() at lines {calls}"
    checked = api.Checker(grammar=False).check_text("Joe Biden et Joe Baiden.\n", path="d.md")
    assert checked.findings and checked.document.memo == {}
