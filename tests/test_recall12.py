"""Issue 12, « Recall that generalises »: typography families the older kinds missed
(glued words, mixed single quotes, a missing apostrophe at a sentence start, units after a
plain space and dialogue dashes, the last two as instances of the ``convention`` kind) and web
calls to action found by their shape.

Must-flag and must-not-flag cases run through the shipped default rules (``fr-press``, no
grammar), as a user's draft would; the CLI tests show the severities a user sees.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newslint.checks import Context
from newslint.config import load_config
from newslint.documents import load
from newslint.linter import lint

NB = "\u00a0"


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    path = tmp_path_factory.mktemp("cfg") / ".newslint.yaml"
    path.write_text("extends: [fr-press]\n", encoding="utf-8")
    return [r for r in load_config(path).base_rules() if r.enabled and r.kind.name != "grammar"]


def findings(rules, text: str, rule_id: str, name: str = "draft.txt") -> list[str]:
    document = load(name, text.encode("utf-8"))
    return [f.text for f in lint(document, rules, Context()) if f.rule == rule_id]


# -- glued words ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, found",
    [
        ("Il a refusé.de partir.", "refusé.de"),
        ("Il est parti.de la ville hier.", "parti.de"),
        ("M.Dupont est arrivé.", "M.Dupont"),
        ("Il a vu MM.Martin et Durand.", "MM.Martin"),
        ("Il était muni de lunettes et.d’un casque.", "et.d’"),
        ("Attention:danger de mort.", "Attention:danger"),
        ("Le vote a eu lieu.mais rien ne change.", "lieu.mais"),
    ],
)
def test_glued_words_flagged(rules, text, found):
    assert findings(rules, text, "punctuation/glued-words") == [found]


@pytest.mark.parametrize(
    "text",
    [
        "Voir lemonde.fr, le rapport.pdf, spiegel.de et site.ru.",
        "Il a gagné 3,5 % et 1.000 euros à 10:30, un ratio de 1:1000.",
        "Les U.S., J.-P. Dupont, p.ex. ici, etc. Fin.",
        "Le site Actu.fr, Node.js et ASP.net, config.yaml, os.path.join.",
        "Écrire à contact@exemple.org ou https://exemple.com/a.b:c.",
        "La version 3.17.8 sort demain, le fichier notes.txt aussi.",
        "Le groupe Re:Wind joue ce soir, habillé en J.Crew.",
    ],
)
def test_glued_words_not_flagged(rules, text):
    assert findings(rules, text, "punctuation/glued-words") == []


def test_glued_words_not_flagged_in_markdown_code(rules):
    text = "Appelez `obj.methode` ici.\n\n```\nx = os.path.join(a,b)\n```\n"
    assert findings(rules, text, "punctuation/glued-words", "d.md") == []


# -- single quotes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, found",
    [
        ("Un ‘grand' homme.", ["‘grand'"]),
        ("Un geste ‘‘barbare’’.", ["‘‘", "’’"]),
        ("'Ça’ recommence.", ["'Ça’"]),
        ("Il dit ‘l'homme' ici.", ["‘l'homme'"]),
    ],
)
def test_single_quotes_flagged(rules, text, found):
    assert findings(rules, text, "quotes/single-mixed") == found


@pytest.mark.parametrize(
    "text",
    [
        "Un ‘grand’ homme, un 'petit' geste.",
        "L’'État, l’État, aujourd’hui, rock ’n’ roll.",
        "J’en ai '''marre''' (syntaxe wiki).",
        "Le « dit ‘non’ » reste.",
    ],
)
def test_single_quotes_not_flagged(rules, text):
    assert findings(rules, text, "quotes/single-mixed") == []


# -- apostrophe at a sentence start ----------------------------------------------------------


@pytest.mark.parametrize(
    "text, found",
    [
        ("L opinion a changé.", "L opinion"),
        ("Il a hésité. D abord, il a refusé.", "D abord"),
        ("« Qu il vienne ! »", "Qu il"),
        ("L Europe avance.", "L Europe"),
        ("Mais c est la crise.", "c est"),
        ("Il part.\n\nJ ai dit non.", "J ai"),
        ("Il vient de l Europe.", "l Europe"),
        ("Il est sorti d hôpital.", "d hôpital"),
        ("Il n a rien dit.", "n a"),
        ("Il s y rend.", "s y"),
        ("Il a parlé dans L Opinion.", "L Opinion"),
        ("Fin.\n\nL ONG a réagi.", "L ONG"),
        ("Fin.\n\n15.000 EUROS D AMENDES\n\nLa suite.", "D AMENDES"),
    ],
)
def test_apostrophe_start_flagged(rules, text, found):
    assert findings(rules, text, "typography/apostrophe-lost") == [found]


@pytest.mark.parametrize(
    "text",
    [
        "L’opinion a changé. D’abord, c’est la crise.",
        "Le groupe D en tête, le plan B en réserve.",
        "Samuel L Jackson et M Obama sont là.",
        "M Obama est arrivé.",
        "La vitamine D est utile.",
        "Il a vu la lettre L au tableau.",
        "Il a couru le 100 m Est et le 3 m olympique.",
        "Il a tapé la touche l Entrée.",
    ],
)
def test_apostrophe_start_not_flagged(rules, text):
    assert findings(rules, text, "typography/apostrophe-lost") == []


# -- units after a plain space (typography/convention-units, a convention instance) ---------


def sites(rules, text: str, rule_id: str) -> list[tuple[int, int]]:
    document = load("draft.txt", text.encode("utf-8"))
    return [(f.start, f.end) for f in lint(document, rules, Context()) if f.rule == rule_id]


@pytest.mark.parametrize(
    "text, plain",
    [
        (f"Il a fait 22,4 °C à Paris, 18{NB}°C à Lyon et 12{NB}°C à Brest.", ["22,4 °C"]),
        (f"Une bande de 40 MHz, une de 20{NB}MHz et une de 10{NB}MHz.", ["40 MHz"]),
        (
            f"Un vent de 200 m/s et 3 km de bouchons, 5{NB}kg, 2{NB}t et 8{NB}l.",
            ["200 m/s", "3 km"],
        ),
    ],
)
def test_unit_space_flagged_when_the_draft_contradicts_itself(rules, text, plain):
    # One finding per paragraph, from the first plain space the draft's majority contradicts
    # to the last one.
    first = text.index(plain[0]) + plain[0].index(" ")
    last = text.index(plain[-1]) + plain[-1].index(" ")
    assert sites(rules, text, "typography/convention-units") == [(first, last + 1)]


@pytest.mark.parametrize(
    "text",
    [
        "Il a fait 22,4 °C à Paris et 18 °C à Lyon, à 130 km/h.",  # plain spaces throughout
        f"Il a fait 22,4{NB}°C, 3 M, 3 minutes, et les 2 l’ont vu.",  # M, minutes, l’ are words
        f"Il a fait 10{NB}%, puis 18kg, 3kg et 4kg.",  # glued throughout
    ],
)
def test_unit_space_not_flagged(rules, text):
    assert findings(rules, text, "typography/convention-units") == []


def test_unit_space_house_profile_normalises(tmp_path, cli_json):
    (tmp_path / ".newslint.yaml").write_text("extends: [fr-press-strict]\n", encoding="utf-8")
    (tmp_path / "d.txt").write_text("Il a fait 22,4 °C et 40 MHz.\n", encoding="utf-8")
    _, data = cli_json("--no-grammar", "d.txt", cwd=tmp_path)
    found = [f for f in data["files"][0]["findings"] if f["rule"] == "typography/convention-units"]
    assert [f["text"] for f in found] == [" °C et 40 "]  # both sites, one paragraph
    cli_json("--no-grammar", "--fix", "d.txt", cwd=tmp_path)
    assert (tmp_path / "d.txt").read_text(
        encoding="utf-8"
    ) == f"Il a fait 22,4{NB}°C et 40{NB}MHz.\n"


# -- dialogue dashes -----------------------------------------------------------------------


def test_dialogue_dash_minority_forms_flagged(rules):
    text = "— Tu viens ?\n- Non.\n—Pourquoi ?\n— Parce que.\n— Bon."
    assert findings(rules, text, "punctuation/convention-dialogue") == ["- ", "—"]


@pytest.mark.parametrize(
    "text, name",
    [
        ("— Tu viens ?\n— Non.", "d.txt"),
        ("- Tu viens ?\n- Non.", "d.txt"),  # one form throughout: the draft's convention
        ("Il a conclu.\n\n- Un intertitre d'agence -\n\n— Viens.\n\n— Non.", "d.txt"),
        ("Liste :\n\n- Un point.\n- Deux points.\n\n— Viens.", "d.md"),  # a Markdown list
        ("Au menu :\n- Des pommes\n- Des poires\n— Viens.", "d.txt"),  # a plain-text list
    ],
)
def test_dialogue_dash_not_flagged(rules, text, name):
    assert findings(rules, text, "punctuation/convention-dialogue", name) == []


# -- web calls to action -------------------------------------------------------------------

STORY = "Le gouvernement a présenté son plan mardi.\n\n{}\n\nLes syndicats appellent à la grève.\n"


@pytest.mark.parametrize(
    "line",
    [
        "Cliquez ici pour réagir",
        "À lire également",
        "À découvrir aussi : notre dossier",
        "Suivez-nous sur Instagram",
        "Inscrivez-vous",
        "Téléchargez notre application gratuitement",
        "Publicité",
        "La suite après cette publicité",
        "Voir aussi : le plan de 2019",
        "Retrouvez toutes nos vidéos",
        "Partager sur WhatsApp",
        "Donnez votre avis",
    ],
)
def test_call_to_action_flagged(rules, line):
    assert findings(rules, STORY.format(line), "web/call-to-action") + findings(
        rules, STORY.format(line), "web/boilerplate"
    ) == [line]


@pytest.mark.parametrize(
    "line",
    [
        "Relancer le tourisme",  # an intertitle
        "Retrouver la confiance des électeurs",
        "Abonnez-vous à notre newsletter, a-t-il lancé.",  # a sentence
        "« Suivez-nous sur Instagram », a lancé le ministre.",
        "Chez Facebook, la page se tourne",
        "- Voir plus loin -",
        "Lisez les petites lignes",  # an imperative, no web object
    ],
)
def test_call_to_action_not_flagged(rules, line):
    assert findings(rules, STORY.format(line), "web/call-to-action") == []


def test_call_to_action_not_the_title(rules):
    assert (
        findings(rules, "Cliquez ici pour réagir\n\nLe plan a été présenté.", "web/call-to-action")
        == []
    )


def test_one_finding_when_two_web_rules_name_a_line(tmp_path, cli_json):
    (tmp_path / "d.txt").write_text(STORY.format("Partager sur Facebook"), encoding="utf-8")
    _, data = cli_json("--no-grammar", "d.txt", cwd=tmp_path)
    web = [f for f in data["files"][0]["findings"] if f["rule"].startswith("web/")]
    assert [f["text"] for f in web] == ["Partager sur Facebook"]


# -- what a user sees ----------------------------------------------------------------------


def test_slips_are_errors_conventions_warnings(tmp_path, cli_json):
    draft = (
        "Le plan a été présenté.\n\n"
        "Il a refusé.de partir. L opinion a changé. Un ‘grand' homme.\n\n"
        f"Il fait 22,4 °C, et 18{NB}°C à Lyon.\n\n"
        "— Tu viens ?\n- Non.\n— Pourquoi ?\n\n"
        "Cliquez ici pour réagir\n"
    )
    (tmp_path / "d.txt").write_text(draft, encoding="utf-8")
    code, data = cli_json("--no-grammar", "d.txt", cwd=tmp_path)
    severity = {f["rule"]: f["severity"] for f in data["files"][0]["findings"]}
    assert severity["punctuation/glued-words"] == "error"
    assert severity["typography/apostrophe-lost"] == "error"
    assert severity["quotes/single-mixed"] == "error"
    assert severity["web/call-to-action"] == "error"
    assert severity["typography/convention-units"] == "warning"
    assert severity["punctuation/convention-dialogue"] == "warning"
    assert code == 1


def test_rules_explain_says_why_the_severity(cli, tmp_path):
    process = cli("rules", "explain", "punctuation/glued-words", cwd=tmp_path)
    out = process.stdout.decode()
    assert process.returncode == 0
    assert "Erreur" in out and "## Fix safety" in out


# -- real copy: published articles raise few new findings -----------------------------------

NEW_RULES = (
    "punctuation/glued-words",
    "quotes/single-mixed",
    "typography/apostrophe-lost",
    "typography/unit-space",
    "punctuation/convention-dialogue",
    "web/call-to-action",
)


def test_published_articles_raise_few_new_findings(rules, shared: Path):
    """300 clean published AFP articles: at most 2 % get a finding from the new rules."""
    touched = 0
    with gzip.open(shared / "corpus" / "orangesum-dev.jsonl.gz", "rt") as handle:
        for number, line in enumerate(handle):
            if number >= 300:
                break
            text = json.loads(line)["text"]
            document = load("a.txt", text.encode("utf-8"))
            touched += any(f.rule in NEW_RULES for f in lint(document, rules, Context()))
    assert touched <= 6


@pytest.mark.parametrize(
    "name", ["glued-words", "quote-single-mixed", "apostrophe-lost", "call-to-action"]
)
def test_new_kinds_document_themselves(name):
    from newslint.checks import get

    doc = get(name).doc
    sections = [
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "## Options",
        "## Fix safety",
    ]
    positions = [doc.find(section) for section in sections]
    assert -1 not in positions and positions == sorted(positions), name


@pytest.mark.parametrize(
    "text, rule_id",
    [
        (
            "Merci à tous.tes les militant.e.s, citoyen.ne.s et lycéen.nes, acteur.rice.s.",
            "punctuation/glued-words",
        ),
        ("Le concept AI:ME est présenté.", "punctuation/glued-words"),
        ("Le mouvement Génération•s a réagi.", "typography/apostrophe-lost"),
        ("Le procès s'ouvre.\n\nRENDEZ-VOUS AU TRIBUNAL\n\nLa suite.", "web/call-to-action"),
    ],
)
def test_conventions_and_codes_not_taken_for_slips(rules, text, rule_id):
    assert findings(rules, text, rule_id) == []


@pytest.mark.parametrize(
    "text, found",
    [
        ("Celui qui.ne sait pas se tait.", "qui.ne"),
        ("Dans le pays.les habitants votent.", "pays.les"),
    ],
)
def test_glued_words_before_a_word_that_ends_inclusive_writing(rules, text, found):
    assert findings(rules, text, "punctuation/glued-words") == [found]


def test_glued_words_not_flagged_on_sites_named_with_foreign_words(rules):
    text = "Selon le site mos.news, le sondage gfs.bern et la boutique shop.online."
    assert findings(rules, text, "punctuation/glued-words") == []


@pytest.mark.parametrize(
    "text, rule_id",
    [
        ("Soit L une liste. L est vide, et D aussi. D est fini.", "typography/apostrophe-lost"),
        ("Soit f:R et x:y = 2:3, la touche « L » et le signe « : ».", "punctuation/glued-words"),
        ("Soit f:R et x:y = 2:3, la touche « L » et le signe « : ».", "typography/apostrophe-lost"),
        ("Il a couru en 3'20, puis en 4’10 ; 5' et 6’ de pause.", "quotes/single-mixed"),
    ],
)
def test_maths_and_quoted_signs_not_flagged(rules, text, rule_id):
    assert findings(rules, text, rule_id) == []
