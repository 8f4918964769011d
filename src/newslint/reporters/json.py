"""One JSON document per run (schema version 1, documented in the README)."""

from __future__ import annotations

import base64
import json

from newslint.documents import is_word
from newslint.reporters import Reporter, Summary, display_path, path_bytes
from newslint.reporters.common import json_safe


def finding_dict(finding) -> dict:
    return {
        "rule": finding.rule,
        "severity": str(finding.severity),
        "message": finding.message,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "text": finding.text,
        "suggestions": list(finding.suggestions),
        "fixable": finding.fixable,
        **({"related": finding.related} if finding.related else {}),
    }


def word_fields(finding) -> dict:
    """A Word document's position (documents.docx): 1-based paragraph and character, the
    end exclusive; ``line``/``column`` hold the same numbers."""
    return {
        "paragraph": finding.line,
        "character": finding.column,
        "end_paragraph": finding.end_line,
        "end_character": finding.end_column,
    }


def path_fields(path: str) -> dict:
    """``path`` as shown (valid Unicode: undecodable bytes as ``\\xNN``) and, only for a name
    that is not UTF-8, ``path_bytes``: the exact name, base64-encoded (issue 21)."""
    raw = path_bytes(path)
    fields = {"path": display_path(path)}
    if raw is not None:
        fields["path_bytes"] = base64.b64encode(raw).decode("ascii")
    return fields


class JsonReporter(Reporter):
    """Streams the document: each file's entry is written as it comes (memory stays flat
    however many findings a run has), errors and the summary at the end. The text is exactly
    what ``json.dump(document, indent=2, ensure_ascii=False)`` would write."""

    def start(self) -> None:
        self.errors: list[dict] = []
        self.count = 0
        self.stream.write('{\n  "version": 1,\n  "files": [')

    def render(self, result) -> str:
        return "".join(_entry(result))

    def file(self, result) -> None:
        # Written piece by piece: the entry of a draft with 100,000 findings is never one
        # string (issue 21).
        self.stream.write(("," if self.count else "") + "\n    ")
        for piece in _entry(result):
            self.stream.write(piece)
        self.count += 1

    def emit(self, chunk: str) -> None:
        self.stream.write(("," if self.count else "") + "\n    " + chunk)
        self.count += 1

    def error(self, path: str, message: str) -> None:
        self.errors.append({**path_fields(path), "message": message, "kind": "input"})

    def failure(self, path: str, message: str) -> None:
        self.errors.append({**path_fields(path), "message": message, "kind": "check"})

    def finish(self, summary: Summary) -> None:
        self.stream.write("\n  ]," if self.count else "],")
        self.stream.write(f'\n  "errors": {_nested(self.errors, 2)},')
        self.stream.write(f'\n  "summary": {_nested(summary.as_dict(), 2)}\n}}\n')


def _entry(result):
    """The text of ``_nested({"path": ..., "findings": [...]}, 4)``, one finding at a time:
    no list of dictionaries and no copy of the whole entry (a draft with 85,000 findings
    needed 250 MB for it, issue 21)."""
    head = json_safe(
        "{\n      "
        + ",\n      ".join(
            f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
            for key, value in path_fields(result.path).items()
        )
    )
    if not result.findings:
        yield head + ',\n      "findings": []\n    }'
        return
    yield head + ',\n      "findings": ['
    separator = "\n"
    word = is_word(result.path)
    for finding in result.findings:
        if word or finding.related:
            fields = finding_dict(finding)
            if word:
                fields.update(word_fields(finding))
            yield separator + " " * 8 + _flat(fields, 8)
        else:
            yield separator + " " * 8 + _finding_text(finding)
        separator = ",\n"
    yield "\n      ]\n    }"


def _finding_text(finding) -> str:
    """``_flat(finding_dict(finding), 8)`` for a finding without ``related``, written in one
    expression (most findings of a run: a warm run's report is mostly this)."""
    suggestions = finding.suggestions
    if suggestions:
        listed = "[\n            " + ",\n            ".join(map(_STRING, suggestions))
        listed += "\n          ]"
    else:
        listed = "[]"
    text = (
        '{\n          "rule": '
        + _STRING(finding.rule)
        + ',\n          "severity": '
        + _STRING(str(finding.severity))
        + ',\n          "message": '
        + _STRING(finding.message)
        + ',\n          "line": '
        + _scalar(finding.line)
        + ',\n          "column": '
        + _scalar(finding.column)
        + ',\n          "end_line": '
        + _scalar(finding.end_line)
        + ',\n          "end_column": '
        + _scalar(finding.end_column)
        + ',\n          "text": '
        + _STRING(finding.text)
        + ',\n          "suggestions": '
        + listed
        + ',\n          "fixable": '
        + ("true" if finding.fixable else "false")
        + "\n        }"
    )
    return json_safe(text)


#: A string as JSON text, non-ASCII kept (what ``json.dumps(..., ensure_ascii=False)`` writes).
_STRING = json.encoder.encode_basestring


def _scalar(value) -> str:
    """``json.dumps(value, ensure_ascii=False)`` for a string, number, boolean or null."""
    if isinstance(value, str):
        return _STRING(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float) and value == value and value not in (float("inf"), -float("inf")):
        return float.__repr__(value)
    return json.dumps(value, ensure_ascii=False)


def _flat(fields: dict, indent: int) -> str:
    """:func:`_nested` for a finding's fields, text for text: a dictionary of scalars and
    lists of scalars is written here, each scalar by the encoder's own C functions, not
    through the pure-Python encoder ``indent`` selects (a quarter of a warm 200-file run's
    time); anything else (``related``: a list of objects) goes through :func:`_nested`."""
    pad = " " * (indent + 2)
    parts = []
    for key, value in fields.items():
        if isinstance(value, list):
            if not value:
                text = "[]"
            elif all(isinstance(item, (str, int, float)) or item is None for item in value):
                inner = ",\n".join(pad + "  " + _scalar(item) for item in value)
                text = "[\n" + inner + "\n" + pad + "]"
            else:
                text = _nested(value, indent + 2)
        elif isinstance(value, (str, int, float)) or value is None:
            text = _scalar(value)
        else:
            text = _nested(value, indent + 2)
        parts.append(pad + _STRING(str(key)) + ": " + text)
    if not parts:
        return "{}"
    return json_safe("{\n" + ",\n".join(parts) + "\n" + " " * indent + "}")


def _nested(value, indent: int) -> str:
    """``value`` as ``json.dump(..., indent=2)`` writes it ``indent`` spaces deep."""
    return json_safe(
        json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + " " * indent)
    )
