"""Quotation marks: pairing (stack across paragraphs, French conventions) and house style."""

from __future__ import annotations

import pytest
from test_typography_support import NB, NN, fixed, run, spans

# -- pairing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # Mismatched marks (catalogue 2): the finding covers the quotation.
        (f"C’est «{NB}stupide”.", [f"«{NB}stupide”"]),
        (f"Quel “emmerdeur{NB}», ce gars.", [f"“emmerdeur{NB}»"]),
        # The seed draft's case: opened with “, closed with ».
        (
            "“Ce sera une erreur colossale », a déclaré Ouchakov.",
            ["“Ce sera une erreur colossale »"],
        ),
        # Unclosed, unopened (catalogue 3).
        (f"Il a dit «{NB}je pars.\n\nLa suite.", ["«"]),
        (f"Il a dit je pars{NB}».", ["»"]),
        ("C’était mon affaire”.", ["”"]),
        ("Il a dit “je pars.\n\nEt puis", ["“"]),
        ("Il a dit “je pars.\n\n“Et puis", ["“"]),  # continued, never closed
        # Marks turned the wrong way: the finding spans both marks.
        (f"Eux et leurs ”amis” sont finis{NB}!", ["”amis”"]),
        (f"«{NB}Le grand homme«", [f"«{NB}Le grand homme«"]),
        ("dans les ’beaux quartiers’", ["’beaux quartiers’"]),
        # Two apostrophes typed for a double quote.
        ("Le ''grand” homme.", ["''grand”"]),
        # Straight quotes: a closing mark whose quotation opened in another paragraph, one
        # quotation run over two paragraphs, reported once at its opening mark.
        (
            '"Concernant les actrices.\n\nCe genre de compliment est agréable", a-t-elle dit.',
            ['"'],
        ),
    ],
)
def test_pairing_flags(text, expected):
    assert spans(text, "quotes/pairing") == expected


@pytest.mark.parametrize(
    "text",
    [
        f"«{NB}Il a crié “non”.{NB}»",
        f"«{NB}J’en suis “malade”.{NB}»",
        f"«{NB}Premier.\n\n»{NB}Deuxième.{NB}»",  # guillemet de suite
        f"«{NB}Premier.\n\n«{NB}Deuxième.{NB}»",  # « repeated
        f"«{NB}Tu viens{NN}?\n\n—{NB}Non.{NB}»",  # dialogue dash
        '"Premier paragraphe.\n\n"Deuxième", a-t-il dit.',  # wire style: " repeated
        "“First.\n\n“Second”, he said.",
        "Il a parlé de l’Ukraine et d’O’Brien, aujourd’hui.",
        f"Il a mis de l’huile d’«{NB}olive{NB}» dans l’OTAN.",
        'Un écran de 27" suffit.',
        "J’en ai '''marre''' (syntaxe wiki).",
        "Il s’appelle O'Brien, l'homme d'affaires.",
        'Voir https://x.fr/a"b et `code "x`.',
        'Il a dit "oui" puis "non".',
        "Les résultats de l''impôt sur la fortune.",  # a doubled apostrophe (typography/elision)
        f"«{NB}Il a dit «{NB}non{NB}».{NB}»",  # nesting is style, not pairing
    ],
)
def test_pairing_accepts(text):
    assert spans(text, "quotes/pairing") == []


def test_pairing_markdown_code_is_not_prose():
    assert spans('Lancez `echo "x` puis « oui ».', "quotes/pairing", fmt="md") == []


def test_excerpt_mode_accepts_quotations_cut_at_the_edges():
    opened = f"Il raisonnera ainsi{NB}: «{NB}Je suis innocent{NN};"
    closed = f"Qu’on n’y soit condamné sur peine de la vie.{NB}»"
    assert spans(opened, "quotes/pairing") == ["«"]
    assert spans(closed, "quotes/pairing") == ["»"]
    assert spans(opened, "quotes/pairing", excerpt=True) == []
    assert spans(closed, "quotes/pairing", excerpt=True) == []
    # Inside an excerpt, a quotation that never closes before the next one is still wrong.
    assert spans(f"«{NB}Un.\n\nDeux «{NB}trois{NB}».", "quotes/pairing", excerpt=True) == ["«"]


def test_pairing_options_turn_off_each_family():
    assert spans("Quel “emmerdeur », ce gars.", "quotes/pairing", mismatch=False) == []
    assert spans("C’était mon affaire”.", "quotes/pairing", unpaired=False) == []


# -- house style ---------------------------------------------------------------------------


def test_english_quotes_reported_against_french_house_style():
    findings = run("Il a parlé d’une “voie diplomatique”.", "quotes/style")
    assert [f.text for f in findings] == ["“voie diplomatique”"]
    assert "la maison écrit chevrons « … »" in findings[0].message
    assert findings[0].fixable


def test_straight_quotes_reported_and_fixed_with_no_break_spaces():
    text = 'Il a dit "non" et “ oui ”.'
    assert spans(text, "quotes/style") == ['"non"', "“ oui ”"]
    assert fixed(text, "quotes/style") == f"Il a dit «{NB}non{NB}» et «{NB}oui{NB}»."
    assert fixed(text, "quotes/style", space="nnbsp") == f"Il a dit «{NN}non{NN}» et «{NN}oui{NN}»."


def test_nested_style():
    inner = f"«{NB}Il a dit «{NB}non{NB}».{NB}»"
    assert spans(inner, "quotes/style") == [f"«{NB}non{NB}»"]
    assert spans(f"«{NB}Il a dit “non”.{NB}»", "quotes/style") == []
    assert spans(f"«{NB}Il a dit ‹{NB}non{NB}›.{NB}»", "quotes/style", nested="‹›") == []
    assert spans(f"«{NB}Il a dit “non”.{NB}»", "quotes/style", nested="‹›") == ["“non”"]


def test_uncertain_pairs_are_suggested_not_fixed():
    # The closing mark is glued to the next word: its role is not certain.
    findings = run('Il a dit "non"et part.', "quotes/style")
    assert findings and not findings[0].fixable


def test_mismatched_pairs_are_left_to_pairing():
    assert spans("“Ce sera une erreur colossale », a-t-il dit.", "quotes/style") == []


def test_straight_apostrophes_grouped_per_paragraph():
    text = "C'est l'OTAN et l'Ukraine.\n\nAujourd'hui."
    findings = run(text, "quotes/style")
    assert [f.text for f in findings] == ["'est l'OTAN et l'", "'"]
    assert "et 2 autres dans ce paragraphe" in findings[0].message
    assert fixed(text, "quotes/style") == "C’est l’OTAN et l’Ukraine.\n\nAujourd’hui."
    assert len(run(text, "quotes/style", group_apostrophes=False)) == 4


def test_apostrophes_not_flagged_outside_letters():
    assert spans("Une planche de 12' et 'Ça'.", "quotes/style") == []


def test_straight_house_style_accepts_wire_copy():
    wire = 'Il a dit "non" a l\'AFP.'
    assert spans(wire, "quotes/style", style="straight") == []
    assert spans(f"Il a dit «{NB}non{NB}».", "quotes/style", style="straight") == [f"«{NB}non{NB}»"]
    assert fixed(f"Il a dit «{NB}non{NB}».", "quotes/style", style="straight") == 'Il a dit "non".'


def test_straight_style_with_one_line_of_config(tmp_path, cli):
    # Issue 12: straight quotes are a house style, reported only when the newsroom declares
    # book typography (at info: the draft follows its own convention consistently).
    draft = tmp_path / "depeche.txt"
    draft.write_text('Il a dit "non" a l\'AFP.\n', encoding="utf-8")
    (tmp_path / ".newslint.yaml").write_text("extends: [fr-press-strict]\n", encoding="utf-8")
    before = cli(
        "check", "--no-grammar", "--fail-on", "info", "--select", "quotes", str(draft), cwd=tmp_path
    )
    assert before.returncode == 1
    assert b"quotes/style" in before.stdout
    (tmp_path / ".newslint.yaml").write_text(
        "extends: fr-press-strict\nrules: {quotes/style: {options: {style: straight}}}\n",
        encoding="utf-8",
    )
    after = cli(
        "check", "--no-grammar", "--fail-on", "info", "--select", "quotes", str(draft), cwd=tmp_path
    )
    assert after.returncode == 0, after.stdout.decode()
    assert b"No findings" in after.stdout


def test_bad_style_option_is_a_config_error(tmp_path, cli):
    (tmp_path / ".newslint.yaml").write_text(
        "extends: fr-press\nrules:\n  quotes/style:\n    options: {style: afp}\n", encoding="utf-8"
    )
    (tmp_path / "a.txt").write_text("Texte.\n", encoding="utf-8")
    process = cli("check", "--no-grammar", "a.txt", cwd=tmp_path)
    assert process.returncode == 2
    assert b"style" in process.stderr and b"french|english|straight" in process.stderr


# -- segment.quote_spans: the lenient reading used by rules with `quotes: skip` --------------


@pytest.mark.parametrize(
    "text, quoted",
    [
        ("« Premier.\n\n» Deuxième. » Hors.", ["« Premier.\n\n» Deuxième. »"]),
        ("« Un.\n\n« Deux. » Hors.", ["« Un.\n\n« Deux. »"]),
        ('"Un.\n\n"Deux", dit-il.', ['"Un.\n\n"Deux"']),
        ("« Tu viens ?\n\n— Non. » Hors.", ["« Tu viens ?\n\n— Non. »"]),
        ("« Un.\n\nHors.", ["« Un."]),
    ],
)
def test_quote_spans_follow_multi_paragraph_conventions(text, quoted):
    from newslint.segment import quote_spans

    assert [text[s.start : s.end] for s in quote_spans(text)] == quoted


def test_rules_skipping_quotes_skip_continued_paragraphs():
    text = f"«{NB}Premier{NN}!!\n\n»{NB}Deuxième{NN}!!{NB}» Hors{NN}!!"
    assert spans(text, "punctuation/repeated") == ["!!"]
    assert run(text, "punctuation/repeated")[0].line == 3
