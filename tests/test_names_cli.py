"""Names checks as a user meets them: the seed draft, the registry (includes, thresholds,
example registry), --across-files, config errors and rule documentation (issue 3)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import run_json, run_newslint

SEED = "seed-draft-biden-poutine.txt"


def names_findings(data: dict) -> list[tuple[str, str, int, int, str, list]]:
    return [
        (f["rule"], f["text"], f["line"], f["column"], f["message"], f["suggestions"])
        for file in data["files"]
        for f in file["findings"]
        if f["rule"].startswith("names/")
    ]


def write_config(folder: Path, text: str) -> None:
    (folder / ".newslint.yaml").write_text(text, encoding="utf-8")


# -- the seed draft ---------------------------------------------------------------------------


def test_seed_draft_baiden_only(shared, tmp_path):
    shutil.copy(shared / "corpus" / SEED, tmp_path / SEED)
    write_config(tmp_path, "extends: [fr-names]\n")
    code, data = run_json("--select", "names", SEED, cwd=tmp_path)
    found = names_findings(data)
    assert code == 1
    assert [(rule, text, line) for rule, text, line, *_ in found] == [
        ("names/variants", "Baiden", 15),
        ("names/variants", "Baiden", 21),
        ("names/variants", "Baiden", 29),
        ("names/variants", "Baiden", 31),
    ]
    assert all(f[5] == ["Biden"] for f in found)
    source = (tmp_path / SEED).read_text(encoding="utf-8").splitlines()
    for _, text, line, column, _, _ in found:
        assert source[line - 1][column - 1 : column - 1 + len(text)] == text


def test_seed_draft_with_registry(shared, tmp_path):
    shutil.copy(shared / "corpus" / SEED, tmp_path / SEED)
    write_config(tmp_path, "extends: [fr-names]\nnames:\n  - Jen Psaki\n  - Emily Horne\n")
    _, data = run_json("--select", "names", SEED, cwd=tmp_path)
    found = names_findings(data)
    registry = [
        (text, suggestions)
        for rule, text, _, _, _, suggestions in found
        if rule == "names/registry"
    ]
    assert registry == [("Emilia Horna", ["Emily Horne"]), ("Jena Psaki", ["Jen Psaki"])]
    assert [text for rule, text, *_ in found if rule == "names/variants"] == ["Baiden"] * 4
    assert len(found) == 6  # nothing else: Poutine, Peskov, Ouchakov, Russie... are consistent
    message = next(f[4] for f in found if f[1] == "Jena Psaki")
    assert message == "« Jena Psaki » : le registre des noms écrit « Jen Psaki »."


# -- the registry ------------------------------------------------------------------------------

DRAFT = (
    "Vladimir Putin a appelé Joe Biden. Poutine a parlé à Jen Psakki, porte-parole. "
    "Selon Dmitri Peskov, Psaki a répondu. Vladimir Poutine a conclu.\n"
)


def test_registry_aliases_wrong_forms_and_near_misses(tmp_path):
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    write_config(
        tmp_path,
        """extends: [fr-names]
names:
  - canonical: Vladimir Poutine
    aliases: [Poutine]
    wrong: [Putin, Vladimir Putin]
  - Jen Psaki
  - Dmitri Peskov
""",
    )
    _, data = run_json("--select", "names", "draft.txt", cwd=tmp_path)
    found = [
        (rule, text, message, suggestions)
        for rule, text, _, _, message, suggestions in names_findings(data)
    ]
    assert found == [
        (
            "names/registry",
            "Vladimir Putin",
            "« Vladimir Putin » : forme refusée par le registre des noms ; écrire « Vladimir Poutine ».",
            ["Vladimir Poutine"],
        ),
        (
            "names/registry",
            "Jen Psakki",
            "« Jen Psakki » : le registre des noms écrit « Jen Psaki ».",
            ["Jen Psaki"],
        ),
    ]


def test_registry_split_in_included_files(tmp_path):
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "registres").mkdir()
    (tmp_path / "registres" / "monde.yaml").write_text(
        "names:\n  - Jen Psaki\n  - include: russie.yaml\n", encoding="utf-8"
    )
    (tmp_path / "registres" / "russie.yaml").write_text(
        "- canonical: Vladimir Poutine\n  aliases: [Poutine]\n  wrong: [Putin]\n", encoding="utf-8"
    )
    write_config(tmp_path, "extends: [fr-names]\nnames:\n  - include: registres/monde.yaml\n")
    _, data = run_json("--select", "names/registry", "draft.txt", cwd=tmp_path)
    assert [text for _, text, *_ in names_findings(data)] == ["Vladimir Putin", "Jen Psakki"]


def test_registry_thresholds_per_rule(tmp_path):
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    write_config(
        tmp_path,
        """extends: [fr-names]
names: [Jen Psaki]
rules:
  names/registry:
    options: {similarity: 0.99, single_words: false}
""",
    )
    _, data = run_json("--select", "names/registry", "draft.txt", cwd=tmp_path)
    assert names_findings(data) == []


def test_example_registry_is_shipped_and_extendable(tmp_path):
    (tmp_path / "draft.txt").write_text(
        "Le président Vladimir Putin a reçu Sergei Lavrov et Jen Psaki.\n", encoding="utf-8"
    )
    write_config(tmp_path, "extends: [fr-names, names-example]\n")
    _, data = run_json("--select", "names", "draft.txt", cwd=tmp_path)
    assert [(text, suggestions) for _, text, _, _, _, suggestions in names_findings(data)] == [
        ("Vladimir Putin", ["Vladimir Poutine"]),
        ("Sergei Lavrov", ["Sergueï Lavrov"]),
    ]


def test_registry_errors_name_file_and_line(tmp_path):
    write_config(
        tmp_path, "extends: [fr-names]\nnames:\n  - canonical: Jen Psaki\n    alias: [Psaki]\n"
    )
    (tmp_path / "draft.txt").write_text("Texte.\n", encoding="utf-8")
    process = run_newslint("check", "draft.txt", cwd=tmp_path)
    assert process.returncode == 2
    err = process.stderr.decode()
    assert ".newslint.yaml:4" in err and 'unknown key "alias"' in err


def test_bad_option_is_a_config_error(tmp_path):
    write_config(
        tmp_path, "extends: [fr-names]\nrules:\n  names/variants:\n    options: {known_zipf: 12}\n"
    )
    (tmp_path / "draft.txt").write_text("Texte.\n", encoding="utf-8")
    process = run_newslint("check", "draft.txt", cwd=tmp_path)
    assert process.returncode == 2
    assert "known_zipf" in process.stderr.decode()


# -- across files -------------------------------------------------------------------------------


def make_desk(tmp_path: Path, config: str = "extends: [fr-names]\n") -> None:
    desk = tmp_path / "desk"
    desk.mkdir()
    for i in range(3):
        (desk / f"a{i}.txt").write_text(
            "Le président François Mitterrand a été élu en 1981. Mitterrand a gouverné.\n",
            encoding="utf-8",
        )
    (desk / "b.txt").write_text(
        "Le président François Mitterand a dissous l'Assemblée.\n", encoding="utf-8"
    )
    write_config(tmp_path, config)


def test_across_files_flag(tmp_path):
    make_desk(tmp_path)
    _, data = run_json("--select", "names", "desk", cwd=tmp_path)
    assert names_findings(data) == []
    code, data = run_json("--select", "names", "--across-files", "desk", cwd=tmp_path)
    assert code == 1
    [finding] = [f for file in data["files"] for f in file["findings"]]
    assert finding["text"] == "Mitterand" and finding["line"] == 1 and finding["column"] == 23
    assert (
        finding["message"]
        == "« Mitterand » (1 fois ici) ; « Mitterrand » ailleurs : 6 fois dans 3 fichiers."
    )
    assert finding["suggestions"] == ["Mitterrand"]
    places = {(p["path"], p["line"], p["column"], p["form"]) for p in finding["related"]}
    assert ("desk/a0.txt", 1, 23, "Mitterrand") in places and len(places) == 6
    assert next(f["path"] for f in data["files"] if f["findings"]) == "desk/b.txt"


def test_across_files_option_in_config(tmp_path):
    make_desk(
        tmp_path,
        "extends: [fr-names]\nrules:\n  names/variants:\n    options: {across_files: true}\n",
    )
    _, data = run_json("--select", "names", "desk", cwd=tmp_path)
    assert [f[1] for f in names_findings(data)] == ["Mitterand"]


def test_across_files_text_report(tmp_path):
    make_desk(tmp_path)
    process = run_newslint("check", "--select", "names", "--across-files", "desk", cwd=tmp_path)
    out = process.stdout.decode()
    assert "desk/b.txt:1:23: error names/variants « Mitterand » (1 fois ici)" in out


# -- documentation ------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", ["names/variants", "names/accents", "names/registry"])
def test_rules_explain(rule, tmp_path):
    write_config(tmp_path, "extends: [fr-names]\n")
    process = run_newslint("rules", "explain", rule, cwd=tmp_path)
    assert process.returncode == 0, process.stderr
    out = process.stdout.decode()
    assert "## Why is this bad?" in out or "Why is this bad?" in out


# -- start-up: the word lists come from the shipped table, not from wordfreq ---------------


def test_a_run_reads_the_shipped_table_without_importing_wordfreq(tmp_path):
    # Two near forms: the lexicon is asked whether they are two names.
    (tmp_path / "brouillon.txt").write_text(
        "Joe Biden a parlé mardi. Baiden a insisté, a dit Biden.\n", encoding="utf-8"
    )
    process = run_newslint(
        "check",
        "--no-grammar",
        "--no-cache",
        "brouillon.txt",
        cwd=tmp_path,
        env={"PYTHONPROFILEIMPORTTIME": "1"},
    )
    assert process.returncode == 1, process.stderr
    imported = process.stderr.decode("utf-8")
    assert "newslint.names.lexicon" in imported  # the names rules ran
    assert "wordfreq" not in imported
    assert "sqlite3" not in imported


def test_a_draft_without_near_names_does_not_open_the_table():
    """No two capitalised forms are near: the word table is not even opened."""
    from newslint.checks import Context, get
    from newslint.documents import load
    from newslint.names import lexicon

    examples = Path(__file__).resolve().parents[1] / "examples"
    document = load("petit.txt", (examples / "petit.txt").read_bytes())
    lexicon._TABLE = None
    lexicon._row.cache_clear()
    for kind in ("name-variants", "name-accents"):
        chosen = get(kind)
        list(chosen.check(document, chosen.options(), Context()))
    assert lexicon._TABLE is None
