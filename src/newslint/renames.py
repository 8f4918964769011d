"""Names that changed, and keep working: old rule ids and old kind names, each with its new
name (as Ruff redirects a renamed rule code: the old one still selects the rule, with a
warning).

An old rule id is read wherever a user writes one: a configuration's ``rules:`` and
``overrides:``, ``--select`` and ``--ignore``, suppression comments, ``rules explain``.
Findings carry the new id; a baseline's fingerprints use a rule's first id, so a baseline
recorded before a rename still hides the same findings. An old kind name is read in a rule's
``kind:``. Each old name used says so once on standard error.

The naming convention these renames apply is in ``docs/architecture.md`` ("Names").
"""

from __future__ import annotations

import sys

#: Old rule id -> current rule id.
RULES: dict[str, str] = {
    # The only rule of a code kind with a French name; its kind is sentence-length.
    "style/phrase-longue": "style/sentence-length",
}

#: Old kind name -> current kind name.
KINDS: dict[str, str] = {
    "space-before-comma": "punct-space-before",
    "space-after-punct": "punct-space-after",
    "lone-punctuation": "punct-lone",
    "dash-incise": "punct-dash",
    "single-quotes": "quote-single-mixed",
    "web-cta": "call-to-action",
}

_FIRST = {new: old for old, new in RULES.items()}
_told: set[str] = set()


def _deprecated(what: str, old: str, new: str) -> None:
    message = f'{what} "{old}" is now "{new}"; the old name still works but is deprecated'
    if message not in _told:
        _told.add(message)
        print(f"newslint: {message}", file=sys.stderr)


def rule_id(name: str) -> str:
    """The current id for ``name``: a rule id, or a pattern that selects rules (an old id,
    or an old id with a sub-id after it)."""
    new = RULES.get(name)
    if new is None:
        if "/" in name:
            head, _, tail = name.rpartition("/")
            if head in RULES:
                return rule_id(head) + "/" + tail
        return name
    _deprecated("rule", name, new)
    return new


def kind(name: str) -> str:
    """The current name for the kind ``name``."""
    new = KINDS.get(name)
    if new is None:
        return name
    _deprecated("kind", name, new)
    return new


def former_ids(current: str) -> list[str]:
    """The ids ``current`` was shipped under before, oldest first."""
    found = []
    while current in _FIRST:
        current = _FIRST[current]
        found.append(current)
    return found[::-1]


def first_id(current: str) -> str:
    """The id a rule was first shipped under (what baseline fingerprints use)."""
    former = former_ids(current)
    return former[0] if former else current
