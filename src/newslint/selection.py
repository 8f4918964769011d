"""Which rules a run applies and which findings it keeps: ``--select``, ``--ignore``,
``--no-grammar`` and suppression comments all match rule ids the same way, here.

A kind whose findings carry sub-ids (``Kind.sub_ids``: ``grammar/<LT_RULE_ID>``) is kept by a
pattern naming one of its sub-ids, and its findings are then filtered by their own id. Kinds
that need an outside service (``Kind.service``) are what ``--no-grammar`` leaves out. No kind
is named here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

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
        if pattern in ("all", "*") or rule_id == pattern or rule_id.startswith(pattern.rstrip("/") + "/"):
            return True
    return False


def select_rules(rules: list[Rule], options: Selection) -> list[Rule]:
    """``rules`` less those ``--select``/``--ignore``/``--no-grammar`` leave out."""
    chosen = []
    for rule in rules:
        # ``--select grammar/FR_SPELLING_RULE`` keeps the rule that reports that sub-id; the
        # findings are then filtered by :func:`keep_finding`.
        if options.select and not rule_matches(rule.id, options.select) and not (
                rule.kind.sub_ids
                and any(pattern.startswith(rule.id + "/") for pattern in options.select)):
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
