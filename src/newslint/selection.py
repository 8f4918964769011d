"""Which rules a run applies and which findings it keeps: ``--select``, ``--ignore``,
``--no-grammar`` and suppression comments all match rule ids the same way, here; and the
names given to ``--select``/``--ignore``/``rules explain`` checked against the rules in force.

A kind whose findings carry sub-ids (``Kind.sub_ids``: ``grammar/<LT_RULE_ID>``) is kept by a
pattern naming one of its sub-ids, and its findings are then filtered by their own id. Kinds
that need an outside service (``Kind.service``) are what ``--no-grammar`` leaves out. No kind
is named here.

A typo in a gate (``--select typografy``) used to run no rule and exit 0: the gate was off
without a word (issue 20). A name that is neither a rule id, nor a prefix of one
(``typography``, ``typography/``), nor ``all``/``*``, nor an outside checker's rule id under
a rule whose findings carry sub-ids (``grammar/FR_SPELLING_RULE``: upper-case letters, digits
and ``_``, which LanguageTool defines and newslint cannot list offline) is refused with a
"did you mean", as Ruff does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from newslint import renames
from newslint.errors import NewslintError

if TYPE_CHECKING:
    from newslint.config import Rule
    from newslint.findings import Finding


class Selection(Protocol):
    """What selecting needs from a run's options (:class:`newslint.runner.RunOptions`)."""

    select: tuple[str, ...]
    ignore: tuple[str, ...]
    no_grammar: bool


def rule_matches(rule_id: str, patterns: Iterable[str]) -> bool:
    """``names`` matches ``names/variants``; ``all`` or no pattern matches everything."""
    for pattern in patterns:
        pattern = renames.rule_id(pattern)  # a renamed rule's old id still selects it
        if (
            pattern in ("all", "*")
            or rule_id == pattern
            or rule_id.startswith(pattern.rstrip("/") + "/")
        ):
            return True
    return False


def select_rules(rules: list[Rule], options: Selection) -> list[Rule]:
    """``rules`` less those ``--select``/``--ignore``/``--no-grammar`` leave out."""
    chosen = []
    for rule in rules:
        # ``--select grammar/FR_SPELLING_RULE`` keeps the rule that reports that sub-id; the
        # findings are then filtered by :func:`keep_finding`.
        if (
            options.select
            and not rule_matches(rule.id, options.select)
            and not (
                rule.kind.sub_ids
                and any(pattern.startswith(rule.id + "/") for pattern in options.select)
            )
        ):
            continue
        if options.ignore and rule_matches(rule.id, options.ignore):
            continue
        if options.no_grammar and rule.kind.service:
            continue
        chosen.append(rule)
    return chosen


def keep_finding(finding: Finding, options: Selection) -> bool:
    """``--select``/``--ignore`` applied to the id a finding carries (``grammar/<LT_ID>``)."""
    if options.select and not rule_matches(finding.rule, options.select):
        return False
    return not (options.ignore and rule_matches(finding.rule, options.ignore))


#: LanguageTool rule ids (``FR_SPELLING_RULE``, ``A_ACCENT``, ``PLACE_DE_LA_VIRGULE``).
_LT_ID = re.compile(r"[A-Z][A-Z0-9_]*(?:\[\d+\])?\Z")


class UnknownRuleError(NewslintError):
    """A rule name that matches no rule in force (exit 2)."""


def names(rule_ids: Iterable[str]) -> set[str]:
    """Every name that selects something: rule ids and each of their prefixes."""
    known: set[str] = set()
    for rule_id in rule_ids:
        parts = rule_id.split("/")
        for end in range(1, len(parts) + 1):
            known.add("/".join(parts[:end]))
    return known


def is_known(pattern: str, known: set[str], grammar_rules: set[str]) -> bool:
    if pattern in ("all", "*"):
        return True
    pattern = renames.rule_id(pattern)
    stripped = pattern.rstrip("/") if pattern != "/" else pattern
    if stripped in known:
        return True
    head, _, tail = stripped.partition("/")
    return head in grammar_rules and bool(_LT_ID.match(tail))


def suggestion(pattern: str, known: set[str]) -> str:
    """`` (did you mean "x"?)`` or ``""``."""
    import difflib  # only on a mistake: not on every run's start-up

    close = difflib.get_close_matches(pattern, sorted(known), n=1, cutoff=0.6)
    if not close and "/" in pattern:  # a typo in the prefix of a full id: try the prefix
        close = difflib.get_close_matches(pattern.split("/")[0], sorted(known), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def check(options_by_flag: dict[str, Iterable[str]], rules: Iterable) -> None:
    """Raise :class:`UnknownRuleError` for the first name no rule in ``rules`` answers to.

    ``options_by_flag``: ``{"--select": patterns, "--ignore": patterns}``; ``rules``: every
    rule in force in the run (before selection), from every configuration it uses."""
    rules = list(rules)
    known = names(rule.id for rule in rules)
    grammar_rules = {rule.id for rule in rules if rule.kind.sub_ids}
    for flag, patterns in options_by_flag.items():
        for pattern in patterns:
            if not is_known(pattern, known, grammar_rules):
                raise UnknownRuleError(
                    f'{flag} {pattern}: no rule or rule prefix "{pattern}"'
                    f"{suggestion(pattern, known)}; see: newslint rules"
                )


def check_selection(options, finder, rule_lists: Iterable[list]) -> None:
    """The run's ``--select``/``--ignore`` against every rule list it uses, and the rules of
    the configuration for the working directory (a run that found no file still says so)."""
    if not options.select and not options.ignore:
        return
    import os

    rules = [rule for rules in rule_lists for rule in rules]
    rules += finder.for_path(os.path.join(os.getcwd(), "draft.md")).base_rules()
    check({"--select": options.select, "--ignore": options.ignore}, rules)
