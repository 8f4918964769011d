"""Names: evidence beyond the draft's counts (issue 13, the measured gaps). Places spelt as
the iso-codes lists spell them decide a direction; false pairs kept out on evidence (an
organisation known accents aside, two unknown forms two edits apart that nothing ties, two
transliterations); short attested names let in when the draft ties them; a letter lost is
no plural. Each draft goes through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_json


def _findings(tmp_path: Path, text: str) -> list[tuple[str, list[str]]]:
    (tmp_path / ".newslint.yaml").write_text("extends: [fr-names]\n", encoding="utf-8")
    (tmp_path / "draft.txt").write_text(text, encoding="utf-8")
    _, data = run_json("--select", "names/variants", "draft.txt", cwd=tmp_path)
    return [
        (f["text"], f["suggestions"])
        for file in data["files"]
        for f in file["findings"]
        if f["rule"] == "names/variants"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A tie between two spellings whose parts are common French words: the list of
        # places says which is the region's name.
        (
            "La région Bourgogne-Franche-Comté vote. La Bourgogne-France-Comté a choisi.\n",
            [("Bourgogne-France-Comté", ["Bourgogne-Franche-Comté"])],
        ),
        (
            "Le président des Etat-Unis parle. Les Etats-Unis ont voté.\n",
            [("Etat-Unis", ["Etats-Unis"])],
        ),
        (
            "Le département des Côte-d'Armor vote. Les Côtes-d'Armor ont choisi.\n",
            [("Côte-d'Armor", ["Côtes-d'Armor"])],
        ),
    ],
)
def test_a_place_name_decides_a_tie(tmp_path, text, expected):
    assert _findings(tmp_path, text) == expected


def test_two_different_first_names_in_a_compound_are_weighed(tmp_path):
    # « Louis » and « Luis » are two words, not two forms of one: French frequency decides.
    found = _findings(tmp_path, "Jean-Luis Martin a parlé. Jean-Louis Martin a insisté.\n")
    assert found == [("Jean-Luis", ["Jean-Louis"])]


def test_an_organisation_known_accents_aside_is_not_a_misspelling(tmp_path):
    found = _findings(
        tmp_path,
        "Il préside Wikimédia France. Sa biographie sur Wikipédia a changé. "
        "Wikipédia le confirme.\n",
    )
    assert found == []


def test_two_unknown_forms_two_edits_apart_once_each_are_two_names(tmp_path):
    found = _findings(
        tmp_path,
        "Un habitant, Atiqullah, a parlé. Le porte-parole Attaullah Khogyani a confirmé.\n",
    )
    assert found == []


def test_two_transliterations_one_vowel_apart_are_not_a_slip(tmp_path):
    found = _findings(
        tmp_path,
        "L'université Mohammed ben Rachid Al Maktoum ouvre. Le cheikh Mohammed ben Rached "
        "Al Maktoum parle. L'université Mohammed ben Rachid Al Maktoum ferme.\n",
    )
    assert found == []


def test_a_short_attested_name_beside_the_same_first_name_is_a_slip(tmp_path):
    found = _findings(
        tmp_path,
        "Emmanuel Macron a parlé. Puis Emmanuel Macrin a insisté. Emmanuel Macron conclut.\n",
    )
    assert found == [("Macrin", ["Macron"])]


def test_a_short_attested_name_alone_stays_another_name(tmp_path):
    found = _findings(
        tmp_path,
        "Emmanuel Macron a parlé. Puis Pierre Macrin a insisté. Emmanuel Macron conclut.\n",
    )
    assert found == []


def test_a_letter_lost_is_no_plural(tmp_path):
    found = _findings(
        tmp_path,
        "Il vit à Londres. Il quitte Londrs demain. Londres l'attend.\n",
    )
    assert found == [("Londrs", ["Londres"])]


def test_a_rare_plural_stays_a_plural(tmp_path):
    found = _findings(
        tmp_path,
        "La première Intifada a commencé. Les deux Intifadas ont marqué. L'Intifada reste.\n",
    )
    assert found == []


def test_a_rare_form_beside_a_household_name_is_its_misspelling(tmp_path):
    # « Frane » is a Croatian first name, but rare in French and far rarer than « France »
    # in every language: beside « France » it is a slip.
    found = _findings(
        tmp_path,
        "La France a voté. Le contrat négocié par la Frane est signé. La France attend.\n",
    )
    assert found == [("Frane", ["France"])]


def test_a_name_of_its_own_elsewhere_stays_another_name(tmp_path):
    # « Pais » is commoner in Portuguese than « Paris »: a name of its own.
    found = _findings(
        tmp_path,
        "Paris a voté. Le ministre Sidónio Pais est venu. Paris attend.\n",
    )
    assert found == []


def test_two_unknown_forms_two_edits_apart_in_one_role_are_still_reported(tmp_path):
    # Nothing says they are two names: reported, without a suggestion.
    found = _findings(
        tmp_path,
        "Le groupe Bildberberg se réunit. Le club Bildeberg est secret.\n",
    )
    assert len(found) == 1 and found[0][1] == []
