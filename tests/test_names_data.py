"""The shipped names data is tested like code: fr-names rules, the example registry, and
the suffix list the variant check relies on (issue 3)."""

from __future__ import annotations

from pathlib import Path

from newslint.config import load_config, shipped_sets
from newslint.findings import Severity
from newslint.names.variants import SUFFIXES


def load_sets(tmp_path: Path, *names: str):
    path = tmp_path / ".newslint.yaml"
    path.write_text(f"extends: [{', '.join(names)}]\n", encoding="utf-8")
    return load_config(path)


def test_fr_names_rules_and_severities(tmp_path):
    config = load_sets(tmp_path, "fr-names")
    rules = {rule.id: rule for rule in config.base_rules() if rule.id.startswith("names/")}
    assert {rule_id: (rule.kind.name, rule.severity) for rule_id, rule in rules.items()} == {
        "names/variants": ("name-variants", Severity.ERROR),
        # Issue 12: a name with and without its accent is the draft inconsistent with itself.
        "names/accents": ("name-accents", Severity.WARNING),
        "names/registry": ("name-registry", Severity.ERROR),
    }


def test_fr_press_includes_the_names_rules(tmp_path):
    ids = {rule.id for rule in load_sets(tmp_path, "fr-press").base_rules()}
    assert {"names/variants", "names/accents", "names/registry"} <= ids


def test_example_registry_is_consistent(tmp_path):
    assert "names-example" in shipped_sets()
    entries = load_sets(tmp_path, "names-example").names
    assert len(entries) >= 10
    canonicals = [entry.canonical for entry in entries]
    assert len(set(canonicals)) == len(canonicals)
    accepted = {form.casefold() for entry in entries for form in entry.accepted}
    for entry in entries:
        assert all(wrong.casefold() not in accepted for wrong in entry.wrong), entry
        assert all(
            form.strip() == form and "  " not in form for form in entry.accepted + entry.wrong
        )
    names = {entry.canonical for entry in entries}
    assert {
        "Vladimir Poutine",
        "Jen Psaki",
        "Emily Horne",
        "Dmitri Peskov",
        "Iouri Ouchakov",
    } <= names


def test_suffixes_are_lowercase_and_short():
    assert all(suffix == suffix.lower() and len(suffix) <= 6 for suffix in SUFFIXES)
