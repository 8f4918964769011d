"""One home for French typographic constants (issue 15): ``newslint.french``.

The elision list was spelled six ways, each with its own members: ``quoiqu`` was missing from
the missing-apostrophe checks, ``quelqu`` and ``entr`` from every list. One list now, read by
every check; these tests show what the decided membership changes, through the real CLI.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from test_typography_support import spans

from newslint import french

SRC = Path(__file__).resolve().parents[1] / "src" / "newslint"


@pytest.mark.parametrize(
    "text, rule_id, expected",
    [
        # A space after the apostrophe of quelqu’, presqu’, entr’ (typography/elision).
        ("Il a vu quelqu’ un hier.", "typography/elision", ["quelqu’ "]),
        ("La presqu’ île est fermée.", "typography/elision", ["presqu’ "]),
        ("Il faut entr’ ouvrir la porte.", "typography/elision", ["entr’ "]),
        # A lost apostrophe after quoiqu, quelqu (was read after qu, jusqu, lorsqu, puisqu).
        ("Il viendra, quoiqu il arrive.", "typography/elision", ["quoiqu "]),
        ("Il a vu quelqu un hier.", "typography/elision", ["quelqu "]),
        (
            "Il partira quoiqu Emmanuel le retienne.",
            "typography/apostrophe-lost",
            ["quoiqu Emmanuel"],
        ),
        # Unchanged: c is not read as a lone elided word (only « c est »), a letter is not.
        ("La vitamine c a des effets.", "typography/elision", []),
        ("Il a dit qu il viendrait, jusqu à lundi.", "typography/elision", ["qu ", "jusqu "]),
    ],
)
def test_every_check_reads_the_whole_elision_list(text, rule_id, expected):
    assert spans(text, rule_id) == expected


def test_a_term_after_any_elided_word_is_a_word(cli_json, tmp_path):
    """House-rule terms: an elided word's apostrophe is a word boundary for every member
    (« ouvrir » in « entr’ouvrir », as « île » in « presqu’île »); another apostrophe is not."""
    (tmp_path / ".newslint.yaml").write_text(
        "extends: []\nrules:\n  house/mots:\n    kind: existence\n    severity: error\n"
        "    options:\n      tokens: [ouvrir, île, hui]\n",
        encoding="utf-8",
    )
    draft = tmp_path / "a.md"
    draft.write_text("Il faut entr’ouvrir la presqu’île aujourd’hui.\n", encoding="utf-8")
    _, data = cli_json(str(draft), cwd=tmp_path)
    found = [f["message"] for f in data["files"][0]["findings"]]
    assert found == ["« ouvrir » est à éviter.", "« île » est à éviter."]


def _string_constants(path: Path):
    """The string constants of a module that are not docstrings, with their lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            yield node.lineno, node.value


def test_no_module_spells_a_constant_of_its_own():
    """The elision list, the no-break spaces and the unit list are written in
    ``newslint.french`` only (messages and docstrings may name them)."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name in ("french.py", "quotemarks.py"):
            continue
        where = path.relative_to(SRC)
        for line, value in _string_constants(path):
            lowered = value.lower()
            if ("lorsqu" in lowered or "puisqu" in lowered) and "«" not in value:
                offenders.append(f"{where}:{line}: elision list {value[:50]!r}")
            if "kwh" in lowered and "|" in value:
                offenders.append(f"{where}:{line}: unit list {value[:50]!r}")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            # A definition of its own: literals only (a derived value names newslint.french);
            # a table from names to marks (grammar's apostrophe conventions) is another thing.
            if isinstance(node, ast.Assign) and not isinstance(node.value, ast.Dict):
                if any(
                    isinstance(n, ast.Name) and n.id not in ("frozenset", "set", "tuple")
                    for n in ast.walk(node.value)
                ):
                    continue
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
                names += [
                    e.id
                    for t in node.targets
                    if isinstance(t, ast.Tuple)
                    for e in t.elts
                    if isinstance(e, ast.Name)
                ]
                for name in names:
                    if name.strip("_") in ("NBSP", "NNBSP", "ELIDED", "HYPHENS", "APOSTROPHES"):
                        offenders.append(f"{where}:{node.lineno}: defines {name}")
    assert offenders == [], "\n".join(offenders)


def test_the_membership_is_french_grammar():
    """le/la, de, je, me, te, se/si, ne, ce, que, jusque, lorsque, puisque, quoique,
    quelque (quelqu’un), presque (presqu’île), entre (entr’ouvrir): Grevisse §§ 44-46."""
    members = {
        "l",
        "d",
        "j",
        "m",
        "t",
        "s",
        "n",
        "c",
        "qu",
        "jusqu",
        "lorsqu",
        "puisqu",
        "quoiqu",
        "quelqu",
        "presqu",
        "entr",
    }
    assert members == french.ELIDED
    assert {"c"} == french.ELIDED - french.ELIDED_WRITTEN_APART
    # N’Golo, M’Bappé: a capital single letter before an apostrophe is a name's own.
    assert "n" not in french.ELIDED_BEFORE_NAMES and "l" in french.ELIDED_BEFORE_NAMES
