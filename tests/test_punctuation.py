"""Punctuation rules: what each flags and what it must leave alone (catalogue examples)."""

from __future__ import annotations

import pytest
from test_typography_support import NB, NN, fixed, run, spans

FLAGS = [
    # punctuation/doubled (catalogue 18)
    ("punctuation/doubled", "Fin..", [".."]),
    ("punctuation/doubled", "oui,, non", [",,"]),
    ("punctuation/doubled", f"bof{NN};;", [";;"]),
    ("punctuation/doubled", "Mouais, .", [", ."]),
    ("punctuation/doubled", f"C’est ça{NB}?. tu crois", ["?."]),
    ("punctuation/doubled", "Bon….", ["…."]),
    ("punctuation/doubled", f"Ah{NB}!,., et", ["!,.,"]),
    # punctuation/repeated (catalogue 19)
    ("punctuation/repeated", f"Incroyable{NN}!!", ["!!"]),
    ("punctuation/repeated", f"Quoi{NN}???", ["???"]),
    # punctuation/space-before (catalogue 14, 16)
    ("punctuation/space-before", "Il vient , dit-il", [" ,"]),
    ("punctuation/space-before", "Il part .", [" ."]),
    ("punctuation/space-before", "Merde ,ça", [" ,"]),
    ("punctuation/space-before", "c’est (enfin ) parti", [" )"]),
    ("punctuation/space-before", "c’est ( enfin) parti", ["( "]),
    # punctuation/space-after (catalogue 15)
    ("punctuation/space-after", "oui,non", [",n"]),
    ("punctuation/space-after", f"Quoi{NN}?Rien", ["?R"]),
    ("punctuation/space-after", f"espace{NB};manquant", [";m"]),
    ("punctuation/space-after", f"«{NB}oui{NB}»mot", ["»m"]),
    ("punctuation/space-after", "fini.Demain", [".D"]),
    ("punctuation/space-after", "de gain (V = A·v)et associé", [")e"]),
    ("punctuation/space-after", "merde…Ça suffit", ["…Ç"]),
    ("punctuation/space-after", "Fin;Suite et (re)former et (a b)et Yahoo!Finance.", [";S", ")e"]),
    # punctuation/lone (catalogue 23)
    ("punctuation/lone", "Une phrase.\n\n.\n\nUne autre.", ["."]),
    ("punctuation/lone", "Une phrase\n»\n", ["»"]),
    # punctuation/brackets (catalogue 17)
    ("punctuation/brackets", "Il (enfin partit.", ["("]),
    ("punctuation/brackets", "Il enfin) partit.", [")"]),
    ("punctuation/brackets", "Il [enfin (partit].", ["("]),
    # Brackets pair within a paragraph only.
    ("punctuation/brackets", "Il (enfin\n\npartit) [a\n\nb].", ["(", ")", "[", "]"]),
    ("punctuation/brackets", "Voir https://x.fr/page) puis rien.", [")"]),
    # punctuation/ellipsis (catalogue 21, 22)
    ("punctuation/ellipsis", "Et puis...", ["..."]),
    ("punctuation/ellipsis", "Et puis....", ["...."]),
    ("punctuation/ellipsis", "des poires, etc...", ["etc..."]),
    ("punctuation/ellipsis", "des poires, etc…", ["etc…"]),
    ("punctuation/ellipsis", "J’en ai marre … c’est ça.", [" …"]),
    # punctuation/quote-period (catalogue 20)
    ("punctuation/quote-period", f"Il a dit{NB}: «{NB}Je pars.{NB}».", [f".{NB}»."]),
    # punctuation/dash (catalogue 24)
    ("punctuation/dash", "Il a - dit-on - refusé.", ["-", "-"]),
    ("punctuation/space-inversion", f"Le faut -il{NN}?", [" -il"]),
]

ACCEPTS = [
    ("punctuation/doubled", "Et puis... rien."),
    ("punctuation/doubled", f"Vraiment{NN}?!"),
    ("punctuation/doubled", "Des pommes, etc. Puis des poires."),
    ("punctuation/doubled", "Arthur D., de toute façon, vient."),
    ("punctuation/doubled", f"—{NB}Oui…, oui… j’en suis sûre."),
    ("punctuation/doubled", "Cité dans […] le texte."),
    ("punctuation/doubled", "Masques, stress...: les soignants…; la suite."),
    ("punctuation/doubled", "Rendez-vous à 14:30. Voir lemonde.fr."),
    ("punctuation/repeated", f"Vraiment{NN}?!"),
    (
        "punctuation/repeated",
        f"«{NB}Au secours{NN}!!{NB}», a-t-il crié.",
    ),  # quoted speech is skipped
    ("punctuation/space-before", "Un taux de .5 et la bulle des .com."),
    ("punctuation/space-before", "Lancez ./run.sh maintenant."),
    ("punctuation/space-before", "Cité dans [ ] la liste."),
    ("punctuation/space-before", "Il hésite … puis part."),
    ("punctuation/space-after", "Il pèse 3,5 kg."),
    ("punctuation/space-after", "Voir lemonde.fr et Monde.fr."),
    ("punctuation/space-after", "Les U.S. et J.-C. en 1.2.3."),
    ("punctuation/space-after", "Écrire à jean.dupont@exemple.fr aujourd’hui."),
    ("punctuation/space-after", "Il faut (re)former tout ça, il (n’)est (qu’)ingénieur."),
    ("punctuation/space-after", "Sur Yahoo!Finance."),
    ("punctuation/space-after", "pic.twitter.com/PICNAME"),
    ("punctuation/lone", "* * *\n\n---\n\n…"),
    ("punctuation/lone", "Une phrase. Puis une autre."),
    ("punctuation/brackets", "1) premier a) second iv) troisième"),
    ("punctuation/brackets", "Content :-) et (vraiment) ravi (oui :)"),
    ("punctuation/brackets", "Il (enfin) partit [vraiment] {oui}."),
    # A URL keeps its own parentheses; one closing after it belongs to the prose.
    ("punctuation/brackets", "Voir https://fr.wikipedia.org/wiki/Paris_(France) et la suite."),
    (
        "punctuation/brackets",
        "Lire (https://fr.wikipedia.org/wiki/Paris_(France)) puis (https://x.fr/a).",
    ),
    ("punctuation/ellipsis", "Voir https://x.fr/a...b et `a...b`."),
    ("punctuation/ellipsis", "Il a cité […] le texte (…) puis rien…"),
    ("punctuation/ellipsis", "Des pommes, etc."),
    (
        "punctuation/quote-period",
        f"«{NB}Je pars.{NB}» Puis «{NB}je pars{NB}». «{NB}Viens{NN}!{NB}», dit-il.",
    ),
    ("punctuation/dash", "Le score est de 2-1 lors de PSG-OM, dit-il."),
    ("punctuation/dash", "- premier point\n- second point"),
]


@pytest.mark.parametrize("rule, text, expected", FLAGS)
def test_flags(rule, text, expected):
    assert spans(text, rule) == expected


@pytest.mark.parametrize("rule, text", ACCEPTS)
def test_accepts(rule, text):
    fmt = "md" if "`" in text or text.startswith("- ") else "txt"
    assert spans(text, rule, fmt=fmt) == []


@pytest.mark.parametrize(
    "rule, text, expected",
    [
        ("punctuation/space-before", "Il vient , dit-il (enfin ) .", "Il vient, dit-il (enfin)."),
        ("punctuation/space-before", "Merde ,ça", "Merde, ça"),
        ("punctuation/space-after", f"oui,non{NN}!Bon", f"oui, non{NN}! Bon"),
        ("punctuation/ellipsis", "Et puis... des poires, etc...", "Et puis… des poires, etc."),
    ],
)
def test_safe_fixes(rule, text, expected):
    assert fixed(text, rule) == expected


@pytest.mark.parametrize(
    "rule, text",
    [
        ("punctuation/doubled", "Fin.."),
        ("punctuation/space-after", "fini.Demain"),
        ("punctuation/lone", "Texte.\n\n.\n"),
        ("punctuation/brackets", "Il (enfin partit."),
        ("punctuation/ellipsis", "Ligne de points........."),
        ("punctuation/quote-period", f"«{NB}Je pars.{NB}»."),
        ("punctuation/dash", "a - b"),
    ],
)
def test_unsafe_cases_only_suggest(rule, text):
    findings = run(text, rule)
    assert findings and not any(f.fixable for f in findings)


def test_messages_are_french_and_quote_the_text():
    (finding,) = run("Fin..", "punctuation/doubled")
    assert finding.message == "Ponctuation doublée : « .. »."
    (finding,) = run("Une phrase.\n\n.\n", "punctuation/lone")
    assert finding.message == "Ligne réduite à une ponctuation : « . »."


def test_quotes_skip_is_a_per_rule_option(tmp_path, cli_json):
    draft = tmp_path / "a.txt"
    draft.write_text("Il a dit : « Je pars.. » Puis il est parti..\n", encoding="utf-8")
    _, data = cli_json("--no-grammar", "--select", "punctuation/doubled", str(draft), cwd=tmp_path)
    assert [f["column"] for f in data["files"][0]["findings"]] == [21, 43]
    (tmp_path / ".newslint.yaml").write_text(
        "extends: fr-press\nrules:\n  punctuation/doubled: {quotes: skip}\n", encoding="utf-8"
    )
    _, data = cli_json("--no-grammar", "--select", "punctuation/doubled", str(draft), cwd=tmp_path)
    assert [f["column"] for f in data["files"][0]["findings"]] == [43]
