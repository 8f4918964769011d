"""Sentence segmentation of French copy and quotation spans."""

from __future__ import annotations

import pytest

from newslint.segment import quote_spans, sentences


def split(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("M. Macron est arrivé. Il a parlé.", ["M. Macron est arrivé.", "Il a parlé."]),
        (
            "Mme Borne et MM. Dupont et Durand sont là. Fin.",
            ["Mme Borne et MM. Dupont et Durand sont là.", "Fin."],
        ),
        (
            "Des pommes, des poires, etc. sont vendues. Ensuite.",
            ["Des pommes, des poires, etc. sont vendues.", "Ensuite."],
        ),
        ("J. K. Rowling publie. Puis rien.", ["J. K. Rowling publie.", "Puis rien."]),
        (
            "Le taux est de 3,5 % et 1.200 euros. Voilà.",
            ["Le taux est de 3,5 % et 1.200 euros.", "Voilà."],
        ),
        ("Quoi ? dit-il. Non !", ["Quoi ? dit-il.", "Non !"]),
        ("Il part… Elle reste.", ["Il part…", "Elle reste."]),
        ("Né aux U.S.A. en 1950. Fin.", ["Né aux U.S.A. en 1950.", "Fin."]),
        ("Sans point final", ["Sans point final"]),
    ],
)
def test_french_sentences(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def test_sentences_within_a_range() -> None:
    text = "Avant. Dedans un. Dedans deux. Après."
    spans = sentences(text, 7, 30)
    assert [text[s.start : s.end] for s in spans] == ["Dedans un.", "Dedans deux."]


def test_quote_spans_nested_and_straight() -> None:
    text = 'Il a dit « non, “jamais” » puis "oui" et l’Ukraine.'
    spans = [text[s.start : s.end] for s in quote_spans(text)]
    assert spans == ["« non, “jamais” »", '"oui"']


def test_apostrophe_is_not_a_quote() -> None:
    assert quote_spans("L’Ukraine et O’Brien d’accord.") == []
