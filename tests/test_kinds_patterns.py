"""The pattern helper: RE2, French word boundaries, case keeping."""

from __future__ import annotations

import time

import pytest

from newslint.patterns import PatternError, TermSet, expand, keep_case


def texts(terms, text, **kw):
    matcher = TermSet(terms, **kw)
    matcher.validate()
    return [m.text for m in matcher.finditer(text)]


def test_elision_is_a_boundary_but_not_any_apostrophe():
    assert texts(["escalade"], "l’escalade et d'escalade") == ["escalade", "escalade"]
    assert texts(["hui"], "aujourd’hui") == []


def test_hyphen_joins_compounds_but_not_inverted_pronouns():
    assert texts(["parole"], "le porte-parole a parlé") == []
    assert texts(["déclare"], "déclare-t-il, puis déclare-elle") == ["déclare", "déclare"]
    assert texts(["peut"], "peut-être") == []


def test_accented_letters_are_word_characters():
    assert texts(["été"], "l'été, étéroclite, représenté") == ["été"]


def test_longest_alternative_wins():
    assert texts(["impacté", "impactés"], "Les commerces impactés") == ["impactés"]


def test_offsets_are_character_offsets_after_multibyte_text():
    matcher = TermSet(["crise"])
    matcher.validate()
    text = "« Évidemment », la crise"
    (match,) = matcher.finditer(text)
    assert text[match.start : match.end] == "crise"


def test_case_keeping():
    assert keep_case("Impacter", "toucher") == "Toucher"
    assert keep_case("IMPACTER", "toucher") == "TOUCHER"
    assert keep_case("impacter", "toucher") == "toucher"
    assert expand(r"\1e", ("21",)) == "21e"


@pytest.mark.parametrize("bad", ["(", "a(?=b)", r"(a)\1", "x*", ""])
def test_invalid_patterns_are_refused(bad):
    with pytest.raises(PatternError):
        TermSet([bad]).validate()


def test_linear_time_on_a_catastrophic_pattern():
    matcher = TermSet(["(a+)+b"], boundaries=False)
    matcher.validate()
    started = time.perf_counter()
    assert list(matcher.finditer("a" * 50_000)) == []
    assert time.perf_counter() - started < 1.0
