"""One quote model (issue 15): ``newslint.quotemarks`` owns the marks; the lenient reading
(``segment.quote_spans``, which rules use to skip quoted speech) and the strict one
(``checks.quotes.pairing``, which the quote checks report on) derive what they read from it.

Each place where the two readings differ is a named property of the model and is pinned
here: merging the two tables naively (last session) changed which spans are quoted, hence
findings; these tests fail on such a merge.
"""

from __future__ import annotations

import pytest

from newslint import quotemarks
from newslint.checks.quotes import pairing
from newslint.segment import quote_spans


def lenient(text: str) -> list[str]:
    return [text[s.start : s.end] for s in quote_spans(text)]


def strict(text: str) -> tuple[list[str], list[str]]:
    """Pairs (marks included) and the marks reported, paragraphs split at blank lines."""
    blocks, start = [], 0
    for part in text.split("\n\n"):
        blocks.append((start, start + len(part)))
        start += len(part) + 2
    result = pairing(text, blocks)
    pairs = [text[p.open : p.close + 1] for p in result.pairs]
    return pairs, [text[p.start : p.start + 1] for p in result.problems]


@pytest.mark.parametrize("opening", ["«", "“", "‹"])
def test_both_readings_quote_a_typographic_pair_alike(opening):
    closing = quotemarks.MARKS[opening].partner
    text = f"Il a dit {opening}oui{closing} hier."
    assert lenient(text) == [f"{opening}oui{closing}"]
    assert strict(text) == ([f"{opening}oui{closing}"], [])


def test_single_quotes_are_apostrophes_to_the_lenient_reading():
    """Property ``apostrophe``: ‘ ’ pair by their place in the strict reading only; the
    lenient one has no place test and never quotes from ‘ to an apostrophe."""
    assert quotemarks.MARKS["’"].apostrophe and quotemarks.MARKS["‘"].apostrophe
    text = "Il a dit ‘oui’ hier, à l’État."
    assert lenient(text) == []
    assert strict(text) == (["‘oui’"], [])


def test_the_german_low_mark_is_quoted_speech_but_no_house_style():
    """Property ``foreign``: „…“ is a quotation to skip (lenient); the strict reading leaves
    „ alone, so its “ is an English opening mark never closed."""
    assert quotemarks.MARKS["„"].foreign and quotemarks.MARKS["„"].partner == "“"
    text = "Er sagte „Ja“ gestern."
    # Fixed: the lenient reading took “ for an opening mark and never quoted „Ja“.
    assert lenient(text) == ["„Ja“"]
    assert strict(text) == ([], ["“"])


def test_a_lone_straight_apostrophe_is_never_a_quote():
    """Property ``alone``: only '' typed for " is a mark, in the strict reading."""
    assert not quotemarks.MARKS["'"].alone
    assert lenient("Il a dit 'oui' hier.") == []
    assert strict("Il a dit 'oui' hier.") == ([], [])
    assert lenient("Le ''grand” homme.") == []
    assert strict("Le ''grand” homme.")[0] == ["''grand”"]


def test_paragraph_ends():
    """Property ``continued_by``: both carry « over « or »; the strict reading carries “
    over “, the lenient one ends the span at the blank line; the lenient one carries any
    typographic quotation over a paragraph opening with «."""
    guillemets = "« Premier paragraphe.\n\n« Second paragraphe. »"
    assert lenient(guillemets) == [guillemets]
    assert strict(guillemets) == ([guillemets], [])
    english = "“Premier paragraphe.\n\n“Second paragraphe.”"
    assert lenient(english) == ["“Premier paragraphe.", "“Second paragraphe.”"]
    assert strict(english) == ([english], [])
    mixed = "“Premier paragraphe.\n\n« Second » et la suite."
    assert lenient(mixed) == ["“Premier paragraphe.\n\n« Second »"]
    assert strict(mixed) == (["« Second »"], ["“"])


def test_straight_quotes_inside_typographic_ones():
    """Straight " is ambiguous (role ``either``): the strict reading pairs it anywhere,
    the lenient one only outside typographic quotes."""
    assert quotemarks.MARKS['"'].role == "either"
    text = 'Il a dit « un "mot" » hier.'
    assert lenient(text) == ['« un "mot" »']
    assert strict(text) == (['« un "mot" »', '"mot"'], [])


def test_the_readings_derive_their_marks_from_the_model():
    assert quotemarks.LENIENT_OPENERS == {"«": "»", "“": "”", "‹": "›", "„": "“"}
    assert set(quotemarks.CLOSER) == {"«", "“", "‹", "‘", '"'}
    assert set(quotemarks.STRICT_MARKS) == set('«»“”‹›‘’"')
    assert set(quotemarks.CARRIED) == {"«", "“", '"'}


def test_two_apostrophes_close_as_the_straight_quote_they_stand_for():
    """``STANDS_FOR``: '' is typed for ". Fixed: ''Astérix'' was reported as « opened by '',
    closed by '' » (a mismatch of a mark with itself), and quote-style's span left out the
    last apostrophe."""
    from test_typography_support import spans

    text = "Le sosie dans ''Astérix et Obélix'', rapporte Voici."
    assert quotemarks.STANDS_FOR == {"''": '"'}
    assert spans(text, "quotes/pairing") == []
    assert spans(text, "quotes/style") == ["''Astérix et Obélix''"]
    # A typographic opening mark closed by '' is still a mismatch.
    assert spans("Le ''grand” homme.", "quotes/pairing") == ["''grand”"]


@pytest.mark.parametrize("mark", sorted(quotemarks.MARKS))
def test_a_word_after_any_quotation_mark_may_start_a_sentence(mark):
    """``patterns.sentence_start`` skips every mark of the model (it listed « » “ ” " ' and
    missed ‹ › ‘ ’ „: « Il a dit. ‹ Deadline › » read Deadline as a name in a sentence)."""
    from newslint.patterns import sentence_start

    text = f"Il a dit. {mark}Deadline"
    assert sentence_start(text, text.index("Deadline"))
    assert not sentence_start(f"le site {mark}Deadline", len("le site ") + 1)
