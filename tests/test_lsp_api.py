"""The library API the language server calls: rule explanations, a finding's fix placed in the
source, the draft's names and variants."""

from __future__ import annotations

from collections import Counter

from newslint import api


def keys(findings) -> Counter:
    return Counter(f.rule for f in findings)


def test_explain_is_what_rules_explain_prints(cli):
    result = cli("rules", "explain", "names/variants")
    assert api.explain("names/variants") == result.stdout.decode("utf-8")


def test_explain_sub_id_falls_back_to_its_rule_and_unknown_is_none():
    assert api.explain("grammar/FR_SOME_RULE").startswith("# grammar  (grammar,")
    assert api.explain("no/such-rule") is None


def test_fix_edits_are_source_offsets_that_fix_the_text():
    source = "# Titre\r\n\r\nIl a dit  non 😀 à *Paris*  hier.\r\n"
    checker = api.Checker(grammar=False)
    checked = checker.check_text(source, "brouillon.md")
    fixable = [f for f in checked.findings if f.fixable]
    assert fixable
    for finding in fixable:
        edits = api.fix_edits(checked, finding)
        assert edits
        fixed = source
        for edit in sorted(edits, key=lambda e: e.start, reverse=True):
            fixed = fixed[: edit.start] + edit.replacement + fixed[edit.end :]
        after = checker.check_text(fixed, "brouillon.md").findings
        assert keys(after)[finding.rule] == keys(checked.findings)[finding.rule] - 1


def test_names_in_lists_forms_with_their_variants():
    text = "Emmanuel Macron a parlé. Puis Emmanuel Macronn a dit non. Le président Macron répète.\n"
    checked = api.Checker(grammar=False).check_text(text, "brouillon.md")
    names = {n.form: n for n in api.names_in(checked)}
    assert "Macronn" in names["Macron"].variants
    assert "Macron" in names["Macronn"].variants
    assert [text[s:e] for s, e in names["Macron"].spans] == ["Macron", "Macron"]
