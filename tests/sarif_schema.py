"""Validation of SARIF logs against the official SARIF 2.1.0 schemas vendored in tests/data/
(see tests/data/SOURCES.md): the OASIS errata-01 schema and the SARIF SDK's revision of it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

DATA = Path(__file__).parent / "data"


def _validators() -> list:
    oasis = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    sdk = json.loads((DATA / "sarif-2.1.0-sarif-sdk.json").read_text(encoding="utf-8"))
    checker = jsonschema.FormatChecker()
    return [
        jsonschema.Draft4Validator(oasis, format_checker=checker),
        jsonschema.Draft202012Validator(sdk, format_checker=checker),
    ]


VALIDATORS = _validators()


def validate_sarif(log: dict) -> dict:
    """Fail with the first errors when ``log`` is not valid SARIF 2.1.0; return it."""
    for validator in VALIDATORS:
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    return log
