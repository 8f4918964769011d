"""Issue 14: newslint's own sentence-case rule (LanguageTool's UPPERCASE_SENTENCE_START is a
text-level rule, now off). Decided by shape: must flag / must not flag, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_newslint

MUST_FLAG = [
    ("Le vote a eu lieu hier. le résultat sera connu demain.", "le"),
    ("la réunion a commencé à midi.", "la"),
    ("Il est parti. après deux heures, il est revenu.", "après"),
    ("Le score est de 3-1. à la mi-temps, rien.", "à"),
    ("Le président a parlé.) les députés ont applaudi.", "les"),
    ("Il pleut.\u00a0il vente.", "il"),
    ("Le rapport est paru. l’HAS se dit prête.", "l’HAS"),
]

MUST_NOT_FLAG = [
    "Quoi ? dit-il en riant.",
    "Quelle surprise ! s’exclama-t-elle.",
    "Il hésita… puis il partit.",
    "Il hésita... puis il partit.",
    "Il a dit : il faut partir.",
    "« et puis nous sommes partis », raconte-t-il.",
    "Il a lancé : « c’est fini. » Puis il est parti.",
    "— oui, répond-il.",
    "iPhone et eBay ont annoncé leurs résultats.",
    "Le chiffre a doublé. eBay a annoncé ses résultats.",
    "Le chiffre a doublé. iOS 18 arrive.",
    "- premier point de la liste",
    "• premier point",
    "1) premier point",
    "a) premier point",
    "Voir M. Dupont, Mme Martin, etc. pour la suite.",
    "Il vit au n° 3 bis, av. de la République.",
    "Le site lemonde.fr a publié l’article. lemonde.fr est en tête.",
    "bpost a relevé ses tarifs. bpost dit que le courrier baisse.",
    "… et le conflit a continué.",
    "(suite de la page 3) Le conflit a continué.",
    "Voir https://exemple.fr. merci",
    "Il veut ouvrir un...\n\ncabaret. Il le dit.",
    "« Vous n’allez pas imposer ça. » est-il écrit.",
    '"Vous n\'allez pas imposer ça." est-il écrit.',
    "On a eu un appel (ndlr. mardi) sur le 17.",
    "J. k. Rowling a écrit.",
    "Le chapitre 1. intitulé « Départ » commence ainsi.",
]


def _flagged(tmp_path: Path, texts: list[str], name: str = "a.md") -> list[list[str]]:
    (tmp_path / ".newslint.yaml").write_text("extends: [fr-grammar]\n", encoding="utf-8")
    for index, text in enumerate(texts):
        (tmp_path / f"{index:03d}{name}").write_text(text + "\n", encoding="utf-8")
    process = run_newslint(
        "check",
        "--no-grammar",
        "--select",
        "style/sentence-case",
        "--format",
        "json",
        ".",
        cwd=tmp_path,
    )
    assert process.returncode in (0, 1), process.stderr
    data = json.loads(process.stdout)
    by_path = {f["path"]: [x["text"] for x in f["findings"]] for f in data["files"]}
    return [by_path.get(f"{index:03d}{name}", []) for index in range(len(texts))]


def test_must_flag(tmp_path: Path) -> None:
    found = _flagged(tmp_path, [text for text, _ in MUST_FLAG])
    assert found == [[word] for _, word in MUST_FLAG]


def test_must_not_flag(tmp_path: Path) -> None:
    found = _flagged(tmp_path, MUST_NOT_FLAG)
    assert {t: f for t, f in zip(MUST_NOT_FLAG, found) if f} == {}


def test_markdown_list_items_and_plain_text(tmp_path: Path) -> None:
    text = "Les points :\n\n- premier point\n- second point\n\nfin du texte.\n"
    assert _flagged(tmp_path, [text]) == [["fin"]]
    assert _flagged(tmp_path, ["Ligne un. deux trois."], name="b.txt") == [["deux"]]


@pytest.mark.parametrize("text", ["Il pleut. il vente."])
def test_fix_is_a_suggestion_not_applied(tmp_path: Path, text: str) -> None:
    (tmp_path / ".newslint.yaml").write_text("extends: [fr-grammar]\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(text + "\n", encoding="utf-8")
    process = run_newslint(
        "check",
        "--no-grammar",
        "--select",
        "style/sentence-case",
        "--format",
        "json",
        "a.md",
        cwd=tmp_path,
    )
    finding = json.loads(process.stdout)["files"][0]["findings"][0]
    assert finding["suggestions"] == ["Il"]
