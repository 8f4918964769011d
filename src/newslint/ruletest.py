"""``newslint rules test``: run the examples rule files carry, as prh runs its ``specs``.

A rule entry may hold examples that document it and that this command verifies::

    rules:
      style/anglicismes:
        kind: substitution
        options: {swap: {"impacter": "toucher"}}
        examples:
          match: ["La réforme va impacter les retraités."]     # at least one finding
          no_match: ["La réforme va toucher les retraités."]   # no finding
          fix:                                                 # safe fixes give `to`
            - {from: "Cela va impacter.", to: "Cela va toucher."}

An item may also be a mapping ``{text: ..., format: markdown}`` to check a Markdown draft
(headings, lists). The same shape is accepted in the top-level ``examples:`` list with a
``rule:`` key naming the rule. Examples run with the rule's merged options, severity, scope
and ``quotes`` mode, alone (other rules are not run).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newslint.errors import ConfigError

KINDS_OF_EXAMPLE = ("match", "no_match", "fix")


def run(files: list[str], config_path: str | None) -> tuple[list[str], int]:
    """Verify examples; return ``(failures, number of examples run)``.

    ``files``: rule files to test (each with what it extends); none: the configuration in
    force (``--config`` or the ``.newslint.yaml`` found from the current folder) and every
    file it extends.
    """
    from newslint.config import ConfigFinder, load_config

    failures: list[str] = []
    total = 0
    if files:
        targets = [(load_config(path), [str(Path(path).resolve())]) for path in files]
    else:
        config = ConfigFinder(config_path).for_path(os.path.join(os.getcwd(), "draft.md"))
        targets = [(config, list(config.files))]
    for config, paths in targets:
        from newslint.runner import make_context

        rules = {rule.id: rule for rule in config.base_rules()}
        context = make_context(config)
        for path in paths:
            for rule_id, kind, item, line in examples_in(path):
                rule = rules.get(rule_id)
                if rule is None:
                    raise ConfigError(f'examples: unknown rule "{rule_id}"', path, line)
                total += 1
                problem = _verify(rule, kind, item, context)
                if problem:
                    failures.append(f"{path}:{line}: {rule_id}: {problem}")
    return failures, total


def examples_in(path: str) -> Iterator[tuple[str, str, Any, int | None]]:
    """``(rule id, match|no_match|fix, item, line)`` for every example written in ``path``."""
    from newslint.config import _read_yaml

    data, marks = _read_yaml(Path(path))
    if not isinstance(data, dict):
        return
    for rule_id, entry in (data.get("rules") or {}).items():
        if isinstance(entry, dict) and "examples" in entry:
            yield from _items(
                entry["examples"], rule_id, path, marks, ("rules", rule_id, "examples")
            )
    for index, entry in enumerate(data.get("examples") or []):
        where = ("examples", index)
        if not isinstance(entry, dict) or not isinstance(entry.get("rule"), str):
            raise ConfigError(
                "examples: each entry needs rule: ID and match/no_match/fix lists",
                path,
                marks.line(where),
            )
        body = {k: v for k, v in entry.items() if k != "rule"}
        yield from _items(body, entry["rule"], path, marks, where)


def _items(examples: Any, rule_id: str, path: str, marks, where: tuple):
    if not isinstance(examples, dict) or set(examples) - set(KINDS_OF_EXAMPLE):
        raise ConfigError(
            f'rule "{rule_id}": examples should be a mapping of '
            f"{', '.join(KINDS_OF_EXAMPLE)} lists",
            path,
            marks.line(where),
        )
    for kind in KINDS_OF_EXAMPLE:
        items = examples.get(kind) or []
        if not isinstance(items, list):
            raise ConfigError(
                f'rule "{rule_id}": examples: {kind} should be a list',
                path,
                marks.line(where + (kind,)),
            )
        for index, item in enumerate(items):
            line = marks.line(where + (kind, index))
            valid = (
                isinstance(item, str)
                or (kind != "fix" and isinstance(item, dict) and isinstance(item.get("text"), str))
                or (
                    kind == "fix"
                    and isinstance(item, dict)
                    and isinstance(item.get("from"), str)
                    and isinstance(item.get("to"), str)
                )
            )
            if not valid or (kind == "fix" and isinstance(item, str)):
                wanted = (
                    "{from: ..., to: ...}"
                    if kind == "fix"
                    else "a string or {text: ..., format: ...}"
                )
                raise ConfigError(
                    f'rule "{rule_id}": examples: {kind} items should be {wanted}', path, line
                )
            yield rule_id, kind, item, line


def _document(text: str, fmt: str = "text"):
    from newslint.documents import load

    return load("<example>", text.encode("utf-8"), fmt)


def findings_for(rule, text: str, context, fmt: str = "text"):
    from dataclasses import replace

    from newslint.linter import lint

    document = _document(text, fmt)
    return document, lint(document, [replace(rule, enabled=True)], context)


def _verify(rule, kind: str, item: Any, context) -> str | None:
    if kind == "fix":
        source, expected = item["from"], item["to"]
        document, found = findings_for(rule, source, context)
        got = apply_fixes(document.text, found)
        if got != expected:
            return f"fix of «{_short(source)}» gives «{_short(got)}», expected «{_short(expected)}»"
        return None
    text = item if isinstance(item, str) else item["text"]
    fmt = "text" if isinstance(item, str) else item.get("format", "text")
    _, found = findings_for(rule, text, context, fmt)
    if kind == "match" and not found:
        return f"should report «{_short(text)}» but found nothing"
    if kind == "no_match" and found:
        return f"should not report «{_short(text)}» but said: {found[0].message}"
    return None


def apply_fixes(text: str, findings) -> str:
    """Apply safe fixes in text offsets, last first, skipping overlapping ones."""
    edits = sorted(
        (edit for f in findings if f.fix is not None and f.fix.safe for edit in f.fix.edits),
        key=lambda e: (e.start, e.end),
    )
    out, position = [], 0
    for edit in edits:
        if edit.start < position:
            continue
        out.append(text[position : edit.start])
        out.append(edit.replacement)
        position = edit.end
    out.append(text[position:])
    return "".join(out)


def _short(text: str, limit: int = 80) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= limit else text[: limit - 1] + "…"
