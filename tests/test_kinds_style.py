"""Each style kind through the real CLI, with the config inline as YAML (yamllint style)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import run_json, run_newslint


def check(tmp_path: Path, rules_yaml: str, draft: str, *args: str, name: str = "draft.txt"):
    config = tmp_path / ".newslint.yaml"
    config.write_text(
        "extends: []\nrules:\n" + textwrap.indent(textwrap.dedent(rules_yaml), "  "),
        encoding="utf-8",
    )
    (tmp_path / name).write_text(draft, encoding="utf-8")
    code, data = run_json("--no-grammar", *args, name, cwd=tmp_path)
    findings = (
        [f for file in data["files"] for f in file["findings"]]
        if "files" in data
        else data["findings"]
    )
    return code, findings


def test_existence_reports_with_template_and_position(tmp_path):
    code, found = check(
        tmp_path,
        """
        style/tics:
          kind: existence
          options:
            tokens: ["force est de constater"]
            message: "« {match} » : cliché."
        """,
        "Titre\n\nForce est de constater que la crise dure.\n",
        "--fail-on",
        "warning",
    )
    assert code == 1  # a rule without a severity is a warning; the default gate is error
    assert [(f["line"], f["column"], f["message"]) for f in found] == [
        (3, 1, "« Force est de constater » : cliché.")
    ]


def test_substitution_fix_keeps_case(tmp_path):
    rules = """
        style/anglicismes:
          kind: substitution
          options: {swap: {"impacter": "toucher", "deadline": "date limite|échéance"}}
        """
    draft = "Impacter les retraités avant la deadline.\n"
    _code, found = check(tmp_path, rules, draft)
    assert [f["message"] for f in found] == [
        "« Impacter » : préférer « Toucher ».",
        "« deadline » : préférer « date limite » ou « échéance ».",
    ]
    process = run_newslint("check", "--no-grammar", "--fix", "draft.txt", cwd=tmp_path)
    assert (tmp_path / "draft.txt").read_text(encoding="utf-8") == (
        "Toucher les retraités avant la deadline.\n"
    ), process.stdout


def test_occurrence_per_draft_skips_quotes(tmp_path):
    rules = """
        style/a-declare:
          kind: occurrence
          options: {tokens: ["a déclaré"], max: 2}
        """
    draft = (
        "Il a déclaré oui. Elle a déclaré non.\n\n« J'ai a déclaré », dit-il.\n\n"
        "Il a déclaré encore.\n"
    )
    _code, found = check(tmp_path, rules, draft)
    assert [(f["line"], f["message"]) for f in found] == [
        (5, "« a déclaré » employé 3 fois dans le même article (au plus 2) ; varier.")
    ]


def test_occurrence_reports_once_with_the_other_places(tmp_path):
    rules = """
        style/a-declare:
          kind: occurrence
          options: {tokens: ["a déclaré"], max: 1}
        """
    draft = "Il a déclaré oui.\nElle a déclaré non.\nIl a déclaré peut-être.\n"
    _, found = check(tmp_path, rules, draft)
    (finding,) = found
    assert (finding["line"], finding["column"]) == (2, 6)
    assert (
        finding["message"]
        == "« a déclaré » employé 3 fois dans le même article (au plus 1) ; varier."
    )
    assert finding["related"] == [{"line": 3, "column": 4, "text": "a déclaré"}]
    each = rules.replace("max: 1}", "max: 1, report: each, message: '{rank}e'}")
    _, found = check(tmp_path, each, draft)
    assert [(f["line"], f["message"]) for f in found] == [(2, "2e"), (3, "3e")]


def test_occurrence_per_sentence(tmp_path):
    rules = """
        style/tres:
          kind: occurrence
          options: {tokens: ["très"], max: 1, per: sentence}
        """
    _, found = check(tmp_path, rules, "Très bien et très beau. Très bien.\n")
    assert [f["column"] for f in found] == [14]


def test_repetition(tmp_path):
    _, found = check(
        tmp_path,
        "style/repetition: {kind: repetition}\n",
        "Le le président. Nous nous voyons. L'appel de de Gaulle. Il a a priori raison.\n",
    )
    assert [f["text"] for f in found] == ["Le le"]


def test_consistency_reports_the_minority_form(tmp_path):
    rules = """
        style/variantes:
          kind: consistency
          options: {either: {"Kiev": "Kyiv"}}
        """
    _, found = check(tmp_path, rules, "À Kiev. À Kyiv. À Kiev.\n")
    assert [(f["text"], f["message"]) for f in found] == [
        ("Kyiv", "« Kyiv » et « Kiev » dans le même article : garder une seule forme.")
    ]
    _, found = check(tmp_path, rules, "À Kiev. Encore Kiev.\n")
    assert found == []


def test_conditional_acronym_defined_before_use(tmp_path):
    rules = """
        style/sigles:
          kind: conditional
          options: {exceptions: [ONU]}
        """
    draft = (
        "La CNCDH publie un rapport. La Commission nationale consultative des droits "
        "de l'homme (CNCDH) s'inquiète. L'ONU aussi. L'Organisation mondiale de la santé "
        "(OMS) alerte. L'OMS insiste.\n"
    )
    _, found = check(tmp_path, rules, draft)
    assert [f["message"] for f in found] == [
        "« CNCDH » : sigle employé sans être défini auparavant."
    ]


def test_sentence_length(tmp_path):
    rules = "style/longue: {kind: sentence-length, options: {max_words: 5}}\n"
    _, found = check(
        tmp_path, rules, "Une phrase courte. Une phrase beaucoup trop longue pour la règle.\n"
    )
    assert [f["message"] for f in found] == ["Phrase de 8 mots (au plus 5) : la couper."]


def test_scope_heading_and_quotes_only(tmp_path):
    rules = """
        style/titre:
          kind: existence
          scope: heading
          options: {tokens: ["choc"]}
        style/cite:
          kind: existence
          quotes: only
          options: {tokens: ["bref"]}
        """
    draft = "# Un choc\n\nUn choc. Bref, « bref ».\n"
    _, found = check(tmp_path, rules, draft, name="draft.md")
    assert sorted((f["rule"], f["line"], f["column"]) for f in found) == [
        ("style/cite", 3, 18),
        ("style/titre", 1, 6),
    ]


def test_case_sensitive_rule(tmp_path):
    rules = "style/x: {kind: existence, options: {tokens: [Mr], ignorecase: false}}\n"
    _, found = check(tmp_path, rules, "Mr Smith et mr Jones.\n")
    assert [f["text"] for f in found] == ["Mr"]


@pytest.mark.parametrize(
    "rule, line, expected",
    [
        (
            "style/x: {kind: existence, options: {tokens: [bon, 'mauvais(']}}",
            1,
            "option \"tokens\": invalid pattern 'mauvais('",
        ),
        (
            "style/x:\n  kind: substitution\n  options:\n    swap:\n      ok: bien\n      '(?=x)': y",
            6,
            "invalid perl operator",
        ),
        (
            "style/x: {kind: existence, options: {tokens: [a], message: '{nope}'}}",
            1,
            "unknown field {nope}",
        ),
        (
            "style/x: {kind: occurrence, options: {tokens: [a], per: chapter}}",
            1,
            "should be one of draft|paragraph|sentence",
        ),
    ],
)
def test_invalid_rule_is_a_config_error_with_file_and_line(tmp_path, rule, line, expected):
    config = tmp_path / ".newslint.yaml"
    config.write_text(
        "extends: []\nrules:\n" + textwrap.indent(rule, "  ") + "\n", encoding="utf-8"
    )
    (tmp_path / "d.txt").write_text("Texte.\n", encoding="utf-8")
    process = run_newslint("check", "--no-grammar", "d.txt", cwd=tmp_path)
    error = process.stderr.decode()
    assert process.returncode == 2
    assert f".newslint.yaml:{line + 2}:" in error and expected in error, error
    assert "Traceback" not in error and "re2.cc" not in error


def test_substitution_skips_quotes_and_names_by_choice(tmp_path):
    rules = """
        style/anglicismes:
          kind: substitution
          options: {swap: {"deadline": "date limite"}, skip_names: true}
        style/typo:
          kind: substitution
          quotes: any
          options: {swap: {'(\\d+)ème': "\\\\1e"}, ignorecase: false}
        """
    draft = (
        "Selon le site Deadline, la deadline approche. « La deadline ? » Deadline passée.\n"
        "« Le 2ème tour », dit-il.\n"
    )
    _, found = check(tmp_path, rules, draft)
    assert [(f["rule"], f["line"], f["column"]) for f in found] == [
        ("style/anglicismes", 1, 28),
        ("style/anglicismes", 1, 65),
        ("style/typo", 2, 6),
    ]
