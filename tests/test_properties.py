"""Property-based tests (issue 8) over every check kind and both loaders.

For arbitrary Unicode (and text built from French news punctuation and Markdown markup):
no exception; every finding's span lies inside the text and the source, is slice-exact in
the source, and equals the checked text when it lies in one prose segment; safe fixes stay
inside their finding's span, are idempotent and leave the rest of the source alone.

Kinds come from ``newslint.checks.kinds()``, so a new kind is covered without editing this
file: each is checked with every shipped rule of that kind, or with its default options.
The grammar kind needs a LanguageTool server and is tested by its own suite.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newslint.checks import kinds
from newslint.config import Rule, default_config
from newslint.documents import load
from newslint.errors import InputError
from newslint.findings import excerpt
from newslint.linter import lint
from newslint.runner import make_context

EXCLUDED_KINDS = {"grammar"}  # needs a server: see tests/test_languagetool.py

#: Pieces a French news draft is made of, including the characters checks look at.
TOKENS = [
    "Le",
    "président",
    "Emmanuel",
    "Macron",
    "Macrom",
    "a",
    "dit",
    "que",
    "l'",
    "l’",
    "État",
    "Etat",
    "c'est",
    "Biden",
    "Baiden",
    "Joe",
    "1000",
    "1 000",
    "25",
    "%",
    "€",
    "h",
    "M.",
    "etc.",
    "a-t-il",
    "aujourd'hui",
    " ",
    "  ",
    "\u00a0",
    "\u202f",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    ".",
    ",",
    ";",
    ":",
    "!",
    "?",
    "…",
    "...",
    "«",
    "»",
    "“",
    "”",
    '"',
    "'",
    "’",
    "(",
    ")",
    "[",
    "]",
    "-",
    "–",
    "—",
    "# ",
    "> ",
    "- ",
    "1. ",
    "*",
    "_",
    "`",
    "```\n",
    "&amp;",
    "&#xD800;",
    "\\",
    "<!-- newslint-disable -->",
    "<br>",
    "[lien](http://x.fr)",
    "| a | b |\n",
    "\u200b",
    "\u200d",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\x0b",
    "\x0c",
    "\x85",
    "\u2028",
    "\ufffc",
    "Previous",
    "Next",
    "Lire la suite",
    "burs-acm/kd",
    "é",
    "É",
    "œ",
    "ç",
    "ß",
    "İ",
    "ﬁ",
    "😀",
    "👍🏽",
    "e\u0301",
    "A" * 40,
]

drafts = st.one_of(
    st.lists(st.sampled_from(TOKENS), max_size=60).map("".join),
    st.text(max_size=200),
    st.text(
        alphabet=st.sampled_from("aéÉ «»\"'’:;!?.,…-–—\u00a0\u202f\n\r#>*_`[]()&\\"), max_size=120
    ),
)


@lru_cache(maxsize=1)
def _config():
    return default_config()


def _rules_by_kind() -> dict[str, list[Rule]]:
    shipped: dict[str, list[Rule]] = {}
    for rule in _config().base_rules():
        shipped.setdefault(rule.kind.name, []).append(dataclasses.replace(rule, enabled=True))
    chosen = {}
    for name, kind in sorted(kinds().items()):
        if name in EXCLUDED_KINDS:
            continue
        rules = shipped.get(name)
        if not rules:
            rules = [Rule(f"test/{name}", kind, kind.options())]
        chosen[name] = rules
    return chosen


RULES = _rules_by_kind()


def test_every_kind_is_covered() -> None:
    # Kinds other test modules register (``test-*``) may come after RULES was built.
    shipped = {name for name in kinds() if not name.startswith("test-")}
    assert shipped - EXCLUDED_KINDS == set(RULES) - {n for n in RULES if n.startswith("test-")}
    assert len(RULES) >= 10


def _document(source: str, fmt: str):
    try:
        return load("draft.md" if fmt == "markdown" else "draft.txt", source.encode("utf-8"), fmt)
    except InputError as error:
        # Only a NUL byte makes valid Unicode unreadable (binary): a one-line error.
        assert "\x00" in source, error
        return None


def _check_spans(document, findings) -> None:
    offsets = document.offsets
    for finding in findings:
        assert 0 <= finding.start <= finding.end <= len(document.text), finding
        assert 0 <= finding.source_start <= finding.source_end <= len(document.source), finding
        assert excerpt(document.source, finding.source_start, finding.source_end) == finding.text
        assert finding.line >= 1 and finding.column >= 1
        # Inside one linear segment of the offset map, the source says what the text says.
        starts = offsets._text_starts
        if finding.end > finding.start and starts:
            import bisect

            k = max(bisect.bisect_right(starts, finding.start) - 1, 0)
            t0, t1 = starts[k], offsets._text_ends[k]
            s0, s1 = offsets._source_starts[k], offsets._source_ends[k]
            if t0 <= finding.start and finding.end <= t1 and t1 - t0 == s1 - s0:
                assert excerpt(document.text, finding.start, finding.end) == finding.text, finding


class _OneRule:
    """What fix.fix_document needs: the findings of one rule in a document."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.context = make_context(_config())

    def __call__(self, document):
        return lint(document, [self.rule], self.context)


def _check_fixes(document, findings, rule: Rule) -> None:
    from newslint import fix

    for finding in findings:
        if not finding.fixable:
            continue
        for edit in finding.fix.edits:
            assert finding.start <= edit.start <= edit.end <= finding.end, (finding, edit)
    edits, _count = fix.source_edits(document, findings)
    fixed = fix.apply_edits(document.source, edits)
    # Outside the edited spans the source is untouched.
    cursor = shift = 0
    for edit in edits:
        assert fixed[cursor + shift : edit.start + shift] == document.source[cursor : edit.start]
        shift += len(edit.replacement) - (edit.end - edit.start)
        cursor = edit.end
    assert fixed[cursor + shift :] == document.source[cursor:]
    # Idempotent: fixing the fixed document changes nothing more.
    runner = _OneRule(rule)
    once, _ = fix.fix_document(document, runner)
    twice, more = fix.fix_document(once, runner)
    assert more == 0 and twice.source == once.source


@pytest.mark.parametrize("kind_name", sorted(RULES))
@pytest.mark.parametrize("fmt", ["text", "markdown"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=drafts)
# Two straight apostrophes in one paragraph: a fix must not reach beyond its finding's span.
@example(source="Il a dit qu'il viendrait et qu'il parlerait.\n")
@example(source="« Oui »  , a-t-il dit ... Le président Macron , M. Macrom et 1000 euros.\n")
def test_kind_on_arbitrary_unicode(kind_name: str, fmt: str, source: str) -> None:
    document = _document(source, fmt)
    if document is None:
        return
    for rule in RULES[kind_name]:
        context = make_context(_config())
        findings = lint(document, [rule], context)
        assert not context.failures, context.failures
        _check_spans(document, findings)
        if any(f.fixable for f in findings):
            _check_fixes(document, findings, rule)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
@settings(max_examples=150, deadline=None)
@given(source=drafts)
def test_loader_offset_map_is_exact(fmt: str, source: str) -> None:
    document = _document(source, fmt)
    if document is None:
        return
    assert all(0 <= b.start <= b.end <= len(document.text) for b in document.blocks)
    for index in range(len(document.text) + 1):
        start, end = document.source_span(index, min(index + 1, len(document.text)))
        assert 0 <= start <= end <= len(document.source)
    text_lines = document.text.count("\n")
    assert document.position(len(document.source))[0] >= 1
    if fmt == "text" and "newslint-" not in source:
        # Plain text keeps every character but line endings (and suppression comments).
        assert document.text == document.source.replace("\r\n", "\n").replace("\r", "\n")
        assert text_lines == len(document.line_starts) - 1


@pytest.mark.parametrize(
    "source",
    [
        "[lien](http://x.fr):",
        '[lien](http://x.fr "t(i)tre") : suite',
        "<http://a.fr>: suite",
        "![img: x](http://a.fr/b:c.png) : suite",
        "[a [b] c][ref] : x\n\n[ref]: http://r.fr",
        "**[gras](http://g.fr)**: fin",
    ],
)
def test_text_after_a_link_maps_after_the_link(source: str) -> None:
    """Found by the fix properties: a ``:`` after a link was mapped into its URL, so a fix
    inserted spaces inside ``http://``."""
    document = load("draft.md", source.encode("utf-8"))
    colon = document.text.index(":")
    start, end = document.source_span(colon, colon + 1)
    assert document.source[start:end] == ":"
    assert start > source.index(")" if "(" in source else ("]" if "[" in source else ">"), 0)
