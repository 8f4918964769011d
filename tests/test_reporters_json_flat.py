"""The JSON report writes each finding with a fast encoder of its own (the pure-Python one
``indent`` selects cost a warm 200-file run a quarter of its time): its text must be exactly
``json.dumps(fields, indent=2, ensure_ascii=False)`` indented, whatever the fields hold."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.reporters.json import _flat

scalars = st.one_of(
    st.text(),
    st.integers(),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False),
)
values = st.one_of(
    scalars,
    st.lists(scalars, max_size=4),
    st.lists(st.dictionaries(st.text(max_size=5), scalars, max_size=3), max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=12), values, max_size=8), st.sampled_from([0, 4, 8]))
def test_flat_is_the_standard_encoding(fields: dict, indent: int) -> None:
    expected = json.dumps(fields, ensure_ascii=False, indent=2).replace("\n", "\n" + " " * indent)
    # Lone surrogates are escaped by both (json_safe): compare the escaped texts.
    from newslint.reporters.common import json_safe

    assert _flat(fields, indent) == json_safe(expected)


@settings(max_examples=300, deadline=None)
@given(
    st.text(),
    st.text(),
    st.lists(st.text(), max_size=4),
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=0, max_value=10**6),
    st.booleans(),
    st.sampled_from(["error", "warning", "info"]),
)
def test_a_finding_is_written_as_its_fields_are(
    message: str, text: str, suggestions: list, line: int, column: int, safe: bool, level: str
) -> None:
    """The one-expression writer of a finding (no ``related``) gives the fields' encoding."""
    from newslint.findings import Edit, Finding, Fix, Severity
    from newslint.reporters.json import _finding_text, finding_dict

    finding = Finding(
        0,
        1,
        message,
        tuple(suggestions),
        Fix((Edit(0, 1, "x"),), safe) if suggestions else None,
        "style/x",
        Severity.parse(level),
        line=line,
        column=column,
        end_line=line + 1,
        end_column=column + 2,
        text=text,
    )
    assert _finding_text(finding) == _flat(finding_dict(finding), 8)
