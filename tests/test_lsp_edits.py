"""The language server's edits of the configuration: a word added to a list without
rewriting the rest of the file, or nothing at all."""

from __future__ import annotations

import yaml

from newslint.lsp.edits import add_list_item, file_directive_offset, smallest_change


def test_new_key_appended_keeping_the_file():
    text = "# house style\nrules:\n  typography/spaces: {severity: info}  # keep\n"
    new = add_list_item(text, "vocabulary", "Ouchakov")
    assert new == text + "vocabulary:\n  - Ouchakov\n"


def test_item_added_after_the_last_one_of_a_block_list():
    text = "vocabulary:\n    - Peskov\n    # a comment\n    - Ouchakov\nnames:\n  - Jen Psaki\n"
    new = add_list_item(text, "vocabulary", "Lavrov")
    assert (
        new
        == "vocabulary:\n    - Peskov\n    # a comment\n    - Ouchakov\n    - Lavrov\nnames:\n  - Jen Psaki\n"
    )
    assert yaml.safe_load(new)["names"] == ["Jen Psaki"]


def test_crlf_file_keeps_crlf_and_odd_words_are_quoted():
    text = "names:\r\n  - Jen Psaki\r\n"
    new = add_list_item(text, "names", "yes")
    assert new == 'names:\r\n  - Jen Psaki\r\n  - "yes"\r\n'
    assert yaml.safe_load(new)["names"] == ["Jen Psaki", "yes"]
    assert yaml.safe_load(add_list_item("", "vocabulary", "l’Élysée: #1"))["vocabulary"] == [
        "l’Élysée: #1"
    ]


def test_layouts_that_would_need_a_rewrite_are_refused():
    assert add_list_item("vocabulary: [Peskov]\n", "vocabulary", "Lavrov") is None
    assert add_list_item("vocabulary:\n  include: [mots.txt]\n", "vocabulary", "Lavrov") is None
    assert add_list_item("rules: [\n", "vocabulary", "Lavrov") is None


def test_present_word_changes_nothing():
    assert (
        add_list_item("vocabulary:\n  - Peskov\n", "vocabulary", "Peskov")
        == "vocabulary:\n  - Peskov\n"
    )


def test_smallest_change_and_front_matter():
    assert smallest_change("Il a dit  non.", "Il a dit non.") == (9, 10, "")
    assert smallest_change("abc", "abc") == (3, 3, "")
    assert file_directive_offset("---\ntitle: x\n---\n# Titre\n", True) == len(
        "---\ntitle: x\n---\n"
    )
    assert file_directive_offset("---\ntitle: x\n---\n# Titre\n", False) == 0


def test_grammar_findings_kept_outside_the_change_and_moved():
    from newslint.findings import Finding
    from newslint.lsp.server import _shifted

    old = "Il a manger.\n\nUn mot.\n\nElle a manger.\n"
    new = "Il a manger.\n\nUn autre mot.\n\nElle a manger.\n"
    before = [
        Finding(5, 11, "x", rule="grammar/A", source_start=5, source_end=11),
        Finding(17, 20, "y", rule="grammar/B", source_start=17, source_end=20),
        Finding(30, 36, "z", rule="grammar/C", source_start=30, source_end=36),
    ]
    kept = _shifted(before, old, new)
    assert [(f.rule, new[f.source_start : f.source_end]) for f in kept] == [
        ("grammar/A", "manger"),
        ("grammar/C", "manger"),
    ]
