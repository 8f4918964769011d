"""Text edits the language server proposes: suppression comments, a word added to a list of the
configuration, the smallest replacement between two versions of a buffer."""

from __future__ import annotations

import json
import re

import yaml

_FRONT_MATTER = re.compile(
    r"---[ \t]*(?:\r\n|\r|\n).*?(?:\r\n|\r|\n)---[ \t]*(?:\r\n|\r|\n|$)", re.DOTALL
)


def smallest_change(old: str, new: str) -> tuple[int, int, str]:
    """``(start, end, replacement)``: ``old[start:end]`` replaced gives ``new``, the span as
    short as a common prefix and suffix make it."""
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    return prefix, len(old) - suffix, new[prefix : len(new) - suffix]


def file_directive_offset(source: str, markdown: bool) -> int:
    """Where a file-wide ``newslint-disable`` comment goes: the top, after any front matter."""
    if markdown:
        match = _FRONT_MATTER.match(source)
        if match:
            return match.end()
    return 0


def _scalar(word: str) -> str:
    """``word`` as a YAML scalar: bare when YAML reads it back as that string, else quoted."""
    try:
        if re.fullmatch(r"[^\s:#,\[\]{}&*!|>'\"%@`-][^:#]*", word) and yaml.safe_load(word) == word:
            return word
    except yaml.YAMLError:
        pass
    return json.dumps(word, ensure_ascii=False)


def add_list_item(config_text: str, key: str, item: str) -> str | None:
    """``config_text`` with ``item`` added to its top-level ``key:`` list, written as a block
    list. ``None`` when the file cannot take it without rewriting what is there (a flow list,
    a mapping, YAML that does not parse): better nothing than a file the user did not write."""
    try:
        data = yaml.safe_load(config_text) if config_text.strip() else {}
    except yaml.YAMLError:
        return None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None
    newline = "\r\n" if "\r\n" in config_text else "\n"
    line = f"  - {_scalar(item)}"
    if key not in data:
        text = config_text
        if text and not text.endswith(("\n", "\r")):
            text += newline
        result = f"{text}{key}:{newline}{line}{newline}"
    else:
        value = data[key]
        if value is not None and not isinstance(value, list):
            return None
        if item in (value or []):
            return config_text
        lines = config_text.splitlines(keepends=True)
        head = next(
            (i for i, text in enumerate(lines) if re.match(rf"{re.escape(key)}:\s*(#.*)?$", text)),
            None,
        )
        if head is None:
            return None  # a flow list or an odd layout
        last = head
        for index in range(head + 1, len(lines)):
            stripped = lines[index].strip()
            if not stripped or stripped.startswith("#"):
                continue
            if lines[index][0] in " \t-":
                last = index
                continue
            break
        found = re.match(r"[ \t]*", lines[last])
        indent = found.group(0) if found is not None and last > head else "  "
        ending = lines[last][len(lines[last].rstrip("\r\n")) :] or newline
        if not lines[last].endswith(("\n", "\r")):
            lines[last] += newline
        lines.insert(last + 1, f"{indent}- {_scalar(item)}{ending}")
        result = "".join(lines)
    try:
        after = yaml.safe_load(result)
    except yaml.YAMLError:
        return None
    if not isinstance(after, dict) or item not in (after.get(key) or []):
        return None
    return result
