"""``newslint rules explain`` and docs/rules.md: a rule described in one language.

One language per surface (issue 20): findings are French (they speak to the journalist);
program messages are English (they speak to whoever runs the tool), and so is ``rules
explain``, a page for rule authors: English headings, the kind's documentation (English),
and the rule's own examples (the ``examples:`` its rule file carries and ``newslint rules
test`` checks) in place of its kind's. The rule's description and severity reason are quoted
as its rule file writes them (French in the shipped sets). ``--lang fr`` gives French headings
and leaves out the kind's English documentation.

docs/rules.md is this page for every rule of the default set (``fr-press``), each under an
anchor the SARIF report's ``helpUri`` points to: regenerate it with
``python -m newslint.explain > docs/rules.md``.
"""

from __future__ import annotations

import os
from collections.abc import Container
from typing import Any

#: Where docs/rules.md is published; SARIF ``helpUri`` = this + ``#`` + :func:`anchor`.
#: ``NEWSLINT_DOCS_URL`` overrides it (a newsroom that hosts newslint elsewhere).
DOCS_URL = "https://git.example.org/tools/newslint/-/blob/main/docs/rules.md"

LABELS = {
    "en": {
        "error": "error",
        "warning": "warning",
        "info": "info",
        "disabled": "disabled",
        "why": "Severity {severity}:",
        "examples": "Example",
        "match": "Reported:",
        "no_match": "Not reported:",
        "fix": "Fixed by --fix:",
        "no_examples": "The rule has no examples of its own (examples: in its rule file; "
        "`newslint rules test` checks them).",
        "options": "Options in force",
    },
    "fr": {
        "error": "erreur",
        "warning": "avertissement",
        "info": "info",
        "disabled": "désactivée",
        "why": "Gravité {severity} :",
        "examples": "Exemples",
        "match": "Signalé :",
        "no_match": "Non signalé :",
        "fix": "Corrigé par --fix :",
        "no_examples": "La règle n’a pas d’exemple propre (clé examples: de son fichier ; "
        "`newslint rules test` les vérifie).",
        "options": "Options en vigueur",
    },
}
LANGUAGES = tuple(LABELS)
#: Sections of a kind's documentation that show the kind's example, not the rule's.
KIND_EXAMPLE_SECTIONS = ("## Example", "## Use instead")


def docs_url() -> str:
    return os.environ.get("NEWSLINT_DOCS_URL") or DOCS_URL


def anchor(rule_id: str) -> str:
    """``style/repetition`` -> ``style-repetition``: the id of the rule's section."""
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in rule_id.lower())


def help_uri(rule_id: str, rules: Container[str] | None = None, page: str | None = None) -> str:
    """The address of a rule's section of docs/rules.md (published at ``page``, by default
    :func:`docs_url`): the SARIF report's ``helpUri`` and the language server's diagnostic
    links. With ``rules`` (the ids of the rules in force), an id that is not one of them is
    a sub-id (``grammar/FR_RULE``: a LanguageTool rule reported under ``grammar``) and links
    to the section of its rule, as ``rules explain`` explains it by that rule."""
    if rules is not None:
        while rule_id not in rules and "/" in rule_id:
            rule_id = rule_id.rsplit("/", 1)[0]
    return f"{page or docs_url()}#{anchor(rule_id)}"


def examples_of(config, rule_id: str) -> dict[str, list]:
    """The ``examples:`` the rule's entry carries (``match``, ``no_match``, ``fix``)."""
    entry = config.rules.get(rule_id) or {}
    examples = entry.get("examples")
    merged: dict[str, list] = {}
    found = [examples] if isinstance(examples, dict) else []
    # The top-level ``examples:`` list: ``{rule: ID, match: [...], ...}`` entries.
    found += [e for e in config.examples if isinstance(e, dict) and e.get("rule") == rule_id]
    for block in found:
        for key in ("match", "no_match", "fix"):
            if isinstance(block.get(key), list):
                merged.setdefault(key, []).extend(block[key])
    return merged


def full_description(rule) -> str:
    """The SARIF ``fullDescription``: what the rule reports and why at its severity."""
    parts = [(rule.description or "").strip() or rule.kind.summary or rule.id]
    if rule.why:
        parts.append(f"Severity {rule.severity}: {rule.why.strip()}")
    return "\n\n".join(parts)


def kind_doc_without_examples(doc: str) -> str:
    """A kind's documentation less its example sections (the rule's own replace them)."""
    kept, skipping = [], False
    for line in doc.strip().splitlines():
        if line.startswith("## "):
            skipping = line.strip() in KIND_EXAMPLE_SECTIONS
        if not skipping:
            kept.append(line)
    return "\n".join(kept).strip()


def examples_section(config, rule, lang: str, heading: str = "##") -> str:
    words = LABELS[lang]
    out = [f"{heading} {words['examples']}\n"]
    examples = examples_of(config, rule.id)
    shown = False
    for key in ("match", "no_match"):
        items = [e for e in examples.get(key) or [] if isinstance(e, str)]
        if items:
            shown = True
            out.append(words[key])
            out.append("\n".join(f"- {_inline(item)}" for item in items) + "\n")
    fixes = [e for e in examples.get("fix") or [] if isinstance(e, dict)]
    if fixes:
        shown = True
        out.append(words["fix"])
        out.append(
            "\n".join(
                f"- {_inline(str(e.get('from', '')))} → {_inline(str(e.get('to', '')))}"
                for e in fixes
            )
            + "\n"
        )
    if not shown:
        out.append(words["no_examples"] + "\n")
    return "\n".join(out)


def render(rule, config, lang: str = "en", heading: str = "#", kind_doc: bool = True) -> str:
    """The page of ``rule`` (Markdown) with ``lang``'s headings. The kind's documentation
    (English, for rule authors) is shown in English only."""
    from newslint.options import describe
    from newslint.renames import former_ids

    words = LABELS[lang]
    severity = words[str(rule.severity)]
    state = severity + ("" if rule.enabled else f", {words['disabled']}")
    out = [f"{heading} {rule.id}  ({rule.kind.name}, {state})\n"]
    for old in former_ids(rule.id):
        out.append(
            f"Anciennement `{old}` : l’ancien identifiant fonctionne encore (obsolète).\n"
            if lang == "fr"
            else f"Formerly `{old}`: the old id still configures and selects it (deprecated).\n"
        )
    if rule.description:
        out.append(rule.description.strip() + "\n")
    if rule.why:
        out.append(f"{words['why'].format(severity=severity)} {rule.why.strip()}\n")
    doc = kind_doc_without_examples(rule.kind.doc) if lang == "en" and kind_doc else ""
    sub = heading + "#"
    if doc:
        out.append(doc.replace("\n## ", f"\n{sub} ") if heading != "#" else doc)
        out.append("")
    out.append(examples_section(config, rule, lang, sub))
    rows = describe(rule.kind.options)
    if rows:
        out.append(f"{sub} {words['options']}\n")
        out.append(
            "\n".join(
                f"- {name} ({type_text}): {_short(getattr(rule.options, name))}"
                for name, type_text, _default in rows
            )
            + "\n"
        )
    return "\n".join(out)


def _inline(text: str) -> str:
    return "`" + text.replace("`", "'").replace("\n", "⏎") + "`"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 200 else text[:197] + "..."


def rules_markdown() -> str:
    """docs/rules.md: every rule of the default set, one anchored section each."""
    from newslint.config import load_config, shipped_rules_dir

    config = load_config(shipped_rules_dir() / "fr-press.yaml", trusted=False)
    rules = config.base_rules()
    intro = (
        "Generated by `python -m newslint.explain > docs/rules.md` from the shipped rule "
        "files; `newslint rules explain ID` prints the same page for the rules in force "
        "(your configuration's), with its kind's documentation. Each rule "
        "below is the `helpUri` of its SARIF rule descriptor.\n"
    )
    out = ["# Rules of the default set (fr-press)\n", intro]
    out.append("\n".join(f"- [{rule.id}](#{anchor(rule.id)})" for rule in rules) + "\n")
    for rule in rules:
        out.append(f'<a id="{anchor(rule.id)}"></a>\n')
        out.append(render(rule, config, "en", heading="##", kind_doc=False))
    return "\n".join(out).rstrip("\n") + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(rules_markdown())
