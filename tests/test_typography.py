"""French typography rules, the masking of non-prose spans, and the rule documentation."""

from __future__ import annotations

import re

import pytest
from test_typography_support import NB, NN, fixed, run, shipped_rules, spans

from newslint.checks import kinds
from newslint.masking import PLACEHOLDER, mask

OWN_KINDS = {
    "quote-pairing": "quotes/pairing",
    "quote-style": "quotes/style",
    "punct-doubled": "punctuation/doubled",
    "punct-repeated": "punctuation/repeated",
    "punct-space-before": "punctuation/space-before",
    "punct-space-after": "punctuation/space-after",
    "punct-lone": "punctuation/lone",
    "brackets": "punctuation/brackets",
    "ellipsis": "punctuation/ellipsis",
    "quote-period": "punctuation/quote-period",
    "punct-dash": "punctuation/dash",
    "french-spacing": "typography/space-missing",
    "spaces": "typography/spaces",
    "elision": "typography/elision",
    "numbers": "typography/numbers",
    "abbreviations": "typography/abbreviations",
}

FLAGS = [
    # typography/space-missing (catalogue 8, 10)
    ("typography/space-missing", "Quoi?", ["i?"]),
    ("typography/space-missing", "Attention: danger", ["n:"]),
    ("typography/space-missing", "Lire la suite:", ["e:"]),
    ("typography/space-missing", f"Et encore!{NN}?", ["e!"]),
    ("typography/space-missing", "«oui»", ["«o", "i»"]),
    ("typography/space-missing", f"«{NB}Je pars.»", [".»"]),
    ("typography/space-missing", f"Note{NB}:{NB}texte", [f":{NB}"]),
    ("typography/space-missing", f"Note :{NB}texte", [f":{NB}"]),
    # typography/nbsp (catalogue 9, 25, 27)
    ("typography/nbsp", "Quoi ?", [" ?"]),
    ("typography/nbsp", "Note : texte", [" :"]),
    ("typography/nbsp", "« oui »", ["« ", " »"]),
    ("typography/nbsp", "Il a 20 000 euros, soit 10 %.", ["20 000", " %"]),
    ("typography/nbsp", "Il a 1 000 000 d’euros et 2,5 %.", ["1 000 000", " %"]),
    # The whole run of spaces and tabs before the sign; not at the start of a line.
    ("typography/nbsp", "Quoi \t? Oui  ! Non\n ; fin", [" \t?", "  !"]),
    # typography/spaces (catalogue 13)
    ("typography/spaces", "deux  espaces", ["  "]),
    ("typography/spaces", f"avec Mr{NB} Paul", [f"{NB} "]),
    ("typography/spaces", f"«{NB}Je pars.{NN}{NB}»", [f"{NN}{NB}"]),
    ("typography/spaces", "ça \tva", [" \t"]),
    ("typography/spaces", "    Espaces en tête.", ["    "]),
    ("typography/spaces", "Fin de ligne ", [" "]),
    ("typography/spaces", "Ligne\n  suite\t\nfin", ["  ", "\t"]),
    # typography/elision (catalogue 7)
    ("typography/elision", "l’ OTAN et qu’ il", ["l’ ", "qu’ "]),
    ("typography/elision", "Je pense qu ` elle", ["qu ` "]),
    ("typography/elision", "l’'électricien", ["l’'"]),
    ("typography/elision", "pendant qu il avançait, jusqu à plus soif", ["qu ", "jusqu "]),
    # typography/numbers (catalogue 25, 27)
    ("typography/numbers", "Il a touché 20000 euros.", ["20000"]),
    ("typography/numbers", "Il cumule 200.000.000 de pertes.", ["200.000.000"]),
    ("typography/numbers", "Il a fait 10% et 50€ pour 18kg.", ["10%", "50€", "18kg"]),
    ("typography/numbers", "Un 1,5km et 12345 puis n° 12345 et 75001 Paris.", ["1,5km", "12345"]),
    # typography/abbreviations (catalogue 28)
    ("typography/abbreviations", "J’ai vu Mme. Bovary et Mlle. Eva.", ["Mme.", "Mlle."]),
    ("typography/abbreviations", "avec Mr Paul", ["Mr"]),
    (
        "typography/abbreviations",
        "Mmes. Dupont, Dr. House et Mgr. Lustiger.",
        ["Mmes.", "Dr.", "Mgr."],
    ),
]

ACCEPTS = [
    ("typography/space-missing", "Rendez-vous à 14:30 sur http://x.fr, ratio 1:1000, Jean 3:16."),
    ("typography/space-missing", "Content :) et (?) puis Yahoo! et Re:Wind."),
    ("typography/space-missing", f"Vraiment{NN}?! Oui{NN}!?"),
    ("typography/space-missing", f"«{NB}Je pars.{NB}» et «{NN}oui{NN}»"),
    ("typography/space-missing", "“non” et le code `a?b:c`."),
    ("typography/space-missing", f"»{NB}Suite de la citation.{NB}»"),
    ("typography/nbsp", f"Quoi{NN}? Note{NB}: «{NB}oui{NB}» et 20{NN}000 et 10{NB}%."),
    ("typography/nbsp", "En 2019 300 personnes, et 1 fois."),
    ("typography/spaces", "Une phrase normale, avec des espaces simples."),
    ("typography/spaces", "Du code :\n\n```\nif x:\n    y  = 1\n```\n"),
    ("typography/elision", f"De l’huile d’«{NB}olive{NB}», l’OTAN, aujourd’hui."),
    ("typography/elision", "Le vainqueur du 100 m a triché ; la lettre l est mal écrite."),
    ("typography/elision", "Les taux ont été limité(e)s en concentration."),
    (
        "typography/numbers",
        "En 2024, au 75001 Paris, n° 12345, tél. 0612345678, ISBN 9782070368228.",
    ),
    (
        "typography/numbers",
        "Version 3.17.8, IP 192.168.0.99, 45°, 1er, 3M, 4G, 3,43 milliards, %20.",
    ),
    ("typography/numbers", f"Il a 500{NB}000{NB}euros et 10{NB}%."),
    ("typography/abbreviations", "M. Dupont, MM. Durand et Mme Martin."),
]


@pytest.mark.parametrize("rule, text, expected", FLAGS)
def test_flags(rule, text, expected):
    assert spans(text, rule) == expected


@pytest.mark.parametrize("rule, text", ACCEPTS)
def test_accepts(rule, text):
    fmt = "md" if "`" in text else "txt"
    assert spans(text, rule, fmt=fmt) == []


@pytest.mark.parametrize(
    "rule, text, expected",
    [
        (
            "typography/space-missing",
            "Quoi? Attention: «oui»",
            f"Quoi{NN}? Attention{NB}: «{NB}oui{NB}»",
        ),
        (
            "typography/nbsp",
            "Quoi ? « oui » 20 000 et 10 %",
            f"Quoi{NN}? «{NB}oui{NB}» 20{NN}000 et 10{NB}%",
        ),
        ("typography/spaces", f"deux  espaces et{NB} là ", f"deux espaces et{NB}là"),
        ("typography/space-missing", f"Note{NB}:{NB}texte", f"Note{NB}: texte"),
        ("typography/elision", "l’ OTAN et l`État", "l’OTAN et l’État"),
        ("typography/numbers", "10% et 50€", f"10{NB}% et 50{NB}€"),
        ("typography/abbreviations", "Mme. Bovary", "Mme Bovary"),
    ],
)
def test_safe_fixes(rule, text, expected):
    assert fixed(text, rule) == expected


def test_insert_options_choose_the_space():
    assert (
        fixed("Quoi? Note:", "typography/space-missing", insert_high="nbsp", insert_low="nnbsp")
        == f"Quoi{NB}? Note{NN}:"
    )


def test_prefer_imprimerie_nationale_flags_the_other_space():
    text = f"Quoi{NB}? Note{NN}: oui{NN}; «{NB}bien{NB}»"
    assert spans(text, "typography/space-missing", prefer="imprimerie-nationale") == [
        f"{NB}?",
        f"{NN}:",
    ]
    assert spans(text, "typography/space-missing") == []


def test_unsafe_suggestions():
    for rule, text in [
        ("typography/numbers", "20000 euros et 18kg"),
        ("typography/elision", "qu il"),
        ("typography/abbreviations", "Mr Paul et Dr. House"),
    ]:
        findings = run(text, rule)
        assert findings and not any(f.fixable for f in findings), rule


# -- masking -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, masked_part",
    [
        ("Voir https://lemonde.fr/a?b=1:2 demain.", "https://lemonde.fr/a?b=1:2"),
        ("Voir www.x.fr/page.", "www.x.fr/page"),
        ("Écrire à jean.dupont@exemple.fr.", "jean.dupont@exemple.fr"),
        ("Suivez @AFP et #JO2024.", "@AFP"),
        ("Suivez @AFP et #JO2024.", "#JO2024"),
        ("À 14:30:05 précises.", "14:30:05"),
        ("Un ratio de 1:1000.", "1:1000"),
        ("Content :-) et ;) et :D.", ":-)"),
        ("Sur lemonde.fr hier.", "lemonde.fr"),
        ("Les U.S. et J.-C.", "U.S."),
        ("Version 3.17.8 sortie.", "3.17.8"),
        ("Lancez ./run.sh maintenant.", "./run.sh"),
    ],
)
def test_mask_hides_non_prose(text, masked_part):
    start = text.index(masked_part)
    masked = mask(text)
    assert len(masked) == len(text)
    assert masked[start : start + len(masked_part)] == PLACEHOLDER * len(masked_part)


def test_mask_keeps_prose_and_sentence_marks():
    text = "Voir https://x.fr. Puis 200.000.000 euros, et fin."
    masked = mask(text)
    assert masked.endswith(". Puis 200.000.000 euros, et fin.")


# -- rule documentation and shipped set ----------------------------------------------------


def _blocks(doc: str, section: str) -> list[str]:
    part = doc.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```\n(.*?)```", part, re.DOTALL)


@pytest.mark.parametrize("kind_name", sorted(OWN_KINDS))
def test_docstring_sections_and_examples_run(kind_name):
    """Every kind documents itself in Ruff's sections; its example is flagged, its fix not."""
    kind = kinds()[kind_name]
    for section in (
        "What it does",
        "Why is this bad?",
        "Example",
        "Use instead",
        "Options",
        "Fix safety",
    ):
        assert f"## {section}" in kind.doc, (kind_name, section)
    rule = OWN_KINDS[kind_name]
    for example in _blocks(kind.doc, "Example"):
        assert run(example, rule), (rule, example)
    for good in _blocks(kind.doc, "Use instead"):
        assert [f.text for f in run(good, rule)] == [], (rule, good)


def test_shipped_typography_rules_use_own_kinds():
    rules = shipped_rules()
    for kind_name, rule_id in OWN_KINDS.items():
        assert rules[rule_id].kind.name == kind_name
    assert (
        rules["typography/nbsp"].options.breakable and not rules["typography/nbsp"].options.missing
    )
    assert rules["quotes/style"].options.style == "french"
    assert rules["punctuation/repeated"].quotes == "skip"


def test_rules_explain_prints_documentation(cli):
    process = cli("rules", "explain", "quotes/style")
    assert process.returncode == 0
    out = process.stdout.decode()
    assert "## Fix safety" in out and "style: straight" in out
