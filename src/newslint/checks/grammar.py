"""Kind ``grammar``: French grammar and spelling by LanguageTool (a real server, see
``newslint.grammar``). Each LanguageTool match becomes a finding ``grammar/<LT_RULE_ID>``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import field
from typing import TYPE_CHECKING, Any

from newslint.checks import Context, register
from newslint.findings import Edit, Finding, Fix, Severity
from newslint.options import options_class

if TYPE_CHECKING:
    from newslint.documents.model import Document
    from newslint.grammar import Backend

#: Language variants LanguageTool 6.8 knows for French (``/v2/languages``).
VARIANTS = ("fr", "fr-FR", "fr-CA", "fr-CH", "fr-BE")
ISSUE_TYPES = (
    "misspelling",
    "grammar",
    "typographical",
    "style",
    "uncategorized",
    "duplication",
    "whitespace",
    "register",
    "inconsistency",
    "non-conformance",
    "locale-violation",
    "characters",
    "terminology",
    "legal",
    "other",
)


_RULE_ID = re.compile(r"^[A-Za-z0-9_]+$")
_WORD_SPLIT = re.compile(r"[\s\-'’]+")


#: The apostrophe convention (as rules/fr-typography.yaml's convention-apostrophe names it).
APOSTROPHES = {"typographique": "’", "droite": "'"}


def _apostrophe_convention() -> Any:
    from newslint.checks.convention import Options as ConventionOptions

    return ConventionOptions(
        label="apostrophe",  # type: ignore[call-arg]
        variants={"typographique": r"\pL(’)\pL", "droite": r"\pL(')\pL"},
        write=dict(APOSTROPHES),
    )


def wanted_apostrophe(text: str, choice: str) -> str:
    """The apostrophe replacements should carry: the house's, or the draft's majority
    (``convention.majority`` over ``convention.sites``); "" when the draft has none."""
    if choice in APOSTROPHES:
        return APOSTROPHES[choice]
    from newslint.checks.convention import majority, sites

    found = sites(text, _apostrophe_convention())
    if not found:
        return ""
    counts: dict[str, int] = {}
    order: list[str] = []
    for _, _, name in found:
        if name not in counts:
            order.append(name)
        counts[name] = counts.get(name, 0) + 1
    return APOSTROPHES[majority(counts, order)]


def follow_conventions(replacement: str, apostrophe: str) -> str:
    """``replacement`` written with the draft's (or the house's) apostrophe."""
    if not apostrophe:
        return replacement
    other = "'" if apostrophe == "’" else "’"
    return re.sub(rf"(?<=\w){re.escape(other)}(?=\w)", apostrophe, replacement)


def _default_severities() -> dict[str, str]:
    # Categories first (LanguageTool files most French grammar rules as "uncategorized"),
    # then issue types. What is not listed is a warning.
    return {
        "CAT_GRAMMAIRE": "error",
        "CAT_HOMONYMES_PARONYMES": "error",
        "CAT_ELISION": "error",
        "misspelling": "warning",
        "grammar": "error",
        "typographical": "info",
        "style": "info",
    }


@options_class
class Options:
    """Options of the ``grammar`` kind (``newslint rules explain`` describes them)."""

    #: LanguageTool language: ``fr`` or a variant (fr-FR, fr-CA, fr-CH, fr-BE); empty: the
    #: configuration's ``language``.
    language: str = ""
    #: LanguageTool rule ids to turn on / off (``FR_SPELLING_RULE``...).
    enabled_rules: list[str] = field(default_factory=list)
    disabled_rules: list[str] = field(default_factory=list)
    #: LanguageTool category ids to turn on / off (``CAT_TYPOGRAPHIE``...).
    enabled_categories: list[str] = field(default_factory=list)
    disabled_categories: list[str] = field(default_factory=list)
    #: Only the enabled rules and categories run.
    enabled_only: bool = False
    #: LanguageTool's ``level=picky`` (more style rules).
    picky: bool = False
    #: Run LanguageTool's text-level rules (those ``/v2/configinfo`` marks
    #: ``isTextLevelRule``: repeated words, a lower-case sentence start...). Off: requests
    #: are sent with ``mode=allButTextLevelOnly``, so a paragraph's matches never depend on
    #: its neighbours, and several paragraphs go in one request (see ``newslint.grammar``).
    text_level_rules: bool = False
    #: The writer's mother tongue (``en``...): turns on false-friend rules.
    mother_tongue: str = ""
    #: Report spelling mistakes (the speller accepts the vocabulary and the names registry).
    spelling: bool = True
    #: Also report unknown capitalised words. Off by default: in agency copy nearly nine in
    #: ten of the speller's matches are proper names; the names rules check those instead.
    spelling_proper_nouns: bool = False
    #: Severity by LanguageTool category id or issue type (category first).
    severities: dict[str, str] = field(default_factory=_default_severities)
    #: Message template: ``{message}`` is LanguageTool's, ``{text}`` the flagged text.
    message: str = "{message} (« {text} »)"
    #: At most this many replacements are offered.
    max_suggestions: int = 5
    #: The apostrophe LanguageTool's replacements are written with (it suggests ``l'arbre``
    #: whatever the draft uses): ``draft`` follows the draft's own convention (its majority,
    #: inferred as the ``convention`` kind does), ``typographique`` (’) or ``droite`` (') is
    #: the house's.
    apostrophe: str = "draft"

    def validate(self) -> None:
        if self.language and self.language not in VARIANTS:
            raise ValueError(
                f"language should be one of {', '.join(VARIANTS)}, not {self.language!r}"
            )
        for name in (
            "enabled_rules",
            "disabled_rules",
            "enabled_categories",
            "disabled_categories",
        ):
            for value in getattr(self, name):
                if not _RULE_ID.match(value):
                    raise ValueError(
                        f"{name}: {value!r} is not a LanguageTool id (letters, digits, _)"
                    )
        if self.enabled_only and not (self.enabled_rules or self.enabled_categories):
            raise ValueError("enabled_only needs enabled_rules or enabled_categories")
        if self.mother_tongue and not re.fullmatch(r"[a-z]{2,3}(-[A-Z]{2})?", self.mother_tongue):
            raise ValueError(
                f"mother_tongue should be a language code such as en, not {self.mother_tongue!r}"
            )
        for key, value in self.severities.items():
            if value not in ("error", "warning", "info"):
                raise ValueError(
                    f"severities: {key} should be error, warning or info, not {value!r}"
                )
        if self.apostrophe not in ("draft", *APOSTROPHES):
            raise ValueError(
                f"apostrophe should be draft, {' or '.join(APOSTROPHES)}, not {self.apostrophe!r}"
            )
        if self.max_suggestions < 0:
            raise ValueError("max_suggestions should not be negative")


def request_params(options: Options, language: str) -> dict[str, str]:
    """The ``/v2/check`` parameters for a rule's options (also part of the cache key)."""
    params = {"language": options.language or language or "fr"}
    if params["language"] not in VARIANTS:
        params["language"] = "fr"
    disabled = list(options.disabled_rules)
    if not options.spelling:
        disabled.append("FR_SPELLING_RULE")
    for key, values in (
        ("enabledRules", options.enabled_rules),
        ("disabledRules", disabled),
        ("enabledCategories", options.enabled_categories),
        ("disabledCategories", options.disabled_categories),
    ):
        if values:
            params[key] = ",".join(sorted(set(values)))
    if options.enabled_only:
        params["enabledOnly"] = "true"
    if options.picky:
        params["level"] = "picky"
    if not options.text_level_rules:
        from newslint.grammar import GROUPED_MODE  # the backend groups these paragraphs

        params["mode"] = GROUPED_MODE
    if options.mother_tongue:
        params["motherTongue"] = options.mother_tongue
    return params


def paragraphs(document: Document) -> list[tuple[int, str]]:
    """``(start, text)`` of each block LanguageTool checks on its own."""
    text = document.text
    blocks = document.blocks or []
    if not blocks:
        return [(0, text)] if text.strip() else []
    return [(b.start, text[b.start : b.end]) for b in blocks if text[b.start : b.end].strip()]


def requests_for(
    document: Document, options: Options, context: Context
) -> list[tuple[str, dict[str, str]]]:
    params = request_params(options, context.language)
    return [(text, params) for _, text in paragraphs(document)]


def utf16_to_index(text: str) -> Callable[[int], int]:
    """A function mapping LanguageTool's UTF-16 offsets in ``text`` to Python indexes."""
    if text.isascii() or max(text) < "\U00010000":
        return lambda offset: offset
    table = []
    for index, char in enumerate(text):
        table.append(index)
        if char >= "\U00010000":
            table.append(index)  # the low surrogate: same character
    table.append(len(text))

    def convert(offset: int) -> int:
        return table[offset] if 0 <= offset < len(table) else len(text)

    return convert


def _severity(match: dict, severities: dict[str, str]) -> Severity:
    rule = match["rule"]
    name = severities.get(rule["category"]["id"]) or severities.get(rule.get("issueType", ""))
    return Severity.parse(name) if name else Severity.WARNING


def _is_spelling(match: dict) -> bool:
    rule = match["rule"]
    return (
        rule.get("issueType") == "misspelling"
        or rule["category"]["id"] == "TYPOS"
        or "SPELLING" in rule["id"]
    )


def _accepted(word: str, vocabulary: frozenset[str]) -> bool:
    if word in vocabulary or word.capitalize() in vocabulary:
        return True
    parts = [p for p in _WORD_SPLIT.split(word) if p]
    return bool(parts) and all(p in vocabulary or p.capitalize() in vocabulary for p in parts)


def _vocabulary(context: Context) -> frozenset[str]:
    cached = context.memo.get("grammar.vocabulary")
    if cached is None or cached[0] is not context.vocabulary:
        cached = context.memo["grammar.vocabulary"] = (
            context.vocabulary,
            frozenset(context.vocabulary),
        )
    return cached[1]


def backend(context: Context) -> Backend:
    from newslint.grammar import attach

    return attach(context)


def prepare(targets: list, documents: dict | None = None) -> dict:
    """The kind's ``prepare`` hook: every paragraph of the run to LanguageTool at once
    (``documents``: those already loaded, by path)."""
    from newslint.grammar import prefetch

    return prefetch(targets, requests_for, documents)


@register("grammar", Options, sub_ids=True, defers=True, service=True, prepare=prepare)
def check(document: Document, options: Options, context: Context) -> Iterable[Finding]:
    """Report French grammar and spelling mistakes found by LanguageTool.

    ## What it does
    Sends each paragraph to a LanguageTool server (a local one newslint starts, a persistent
    one from `newslint languagetool serve`, or a configured URL) and reports every match as
    `grammar/<LT_RULE_ID>` at its exact place, with LanguageTool's message and replacements.
    Words of the `vocabulary` list and of the names registry are not spelling mistakes.

    ## Why is this bad?
    Agreement, conjugation and homophone mistakes (« il a manger ») survive proofreading on
    screen and cost a newsroom its credibility.

    ## Example
    ```
    Il a manger une pomme.
    ```

    ## Use instead
    ```
    Il a mangé une pomme.
    ```

    ## Options
    - `language`: fr, fr-FR, fr-CA, fr-CH or fr-BE (default: the configuration's language).
    - `enabled_rules`, `disabled_rules`, `enabled_categories`, `disabled_categories`,
      `enabled_only`: LanguageTool rule and category ids.
    - `picky`: LanguageTool's picky level; `mother_tongue`: false-friend rules.
    - `spelling`: report spelling mistakes; `spelling_proper_nouns`: also unknown
      capitalised words (off: the names rules check names).
    - `severities`: severity by category id or issue type; the rule's own severity caps it.
    - `message`, `max_suggestions`.
    - `apostrophe`: replacements carry the draft's apostrophe (`draft`: its majority of ’
      and '), or the house's (`typographique`, `droite`).

    ## Fix safety
    Replacements are suggestions only (an unsafe fix): LanguageTool's first choice is often
    not the writer's meaning, so `--fix` never applies them.
    """
    spans = paragraphs(document)
    if not spans:
        return
    params = request_params(options, context.language)
    answers = backend(context).results([(text, params) for _, text in spans])
    vocabulary = _vocabulary(context)
    apostrophe = None
    for (base, text), matches in zip(spans, answers):
        convert = utf16_to_index(text)
        for match in matches:
            start = convert(match["offset"])
            end = convert(match["offset"] + match["length"])
            if end <= start:
                continue
            flagged = text[start:end]
            if _is_spelling(match):
                if not options.spelling or _accepted(flagged, vocabulary):
                    continue
                if flagged[:1].isupper() and not options.spelling_proper_nouns:
                    continue
            if "\ufffc" in flagged:
                continue  # an inline code span: not prose
            if apostrophe is None:  # only for a draft with a match
                apostrophe = wanted_apostrophe(document.text, options.apostrophe)
            replacements = tuple(
                dict.fromkeys(
                    written
                    for r in match["replacements"][: options.max_suggestions]
                    if (written := follow_conventions(r, apostrophe)) != flagged
                )
            )
            finding = Finding(
                base + start,
                base + end,
                options.message.format(message=match["message"].strip(), text=flagged),
                suggestions=replacements,
                fix=Fix((Edit(base + start, base + end, replacements[0]),), safe=False)
                if replacements
                else None,
            )
            finding.rule = f"{context.rule_id}/{match['rule']['id']}"
            finding.severity = _severity(match, options.severities)
            yield finding


__all__ = ["Options", "check", "request_params", "requests_for", "utf16_to_index"]
