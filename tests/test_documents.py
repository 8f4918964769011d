"""Loaders and the offset map: every finding's source slice is exactly the text it names."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pytest

from newslint.checks import Context, register
from newslint.config import Rule
from newslint.documents import load
from newslint.errors import InputError
from newslint.findings import Finding
from newslint.linter import lint


@dataclass
class _PatternOptions:
    pattern: str = r"\w+"


@register("test-pattern", _PatternOptions)
def _pattern_check(document, options, context):
    """Test-only kind: every match of a regex in the checked text."""
    for match in re.finditer(options.pattern, document.text):
        yield Finding(match.start(), match.end(), match.group(0))


def findings_for(name: str, data: bytes, pattern: str = r"\w+") -> tuple:
    from newslint.checks import get

    document = load(name, data)
    rule = Rule("test/pattern", get("test-pattern"), _PatternOptions(pattern))
    return document, lint(document, [rule], Context())


DRAFTS = {
    "plain": "Joe Biden a parlé avec Vladimir Poutine.\n\nLe Kremlin dément.\n",
    "emoji": "Le 🇫🇷 drapeau 😀 flotte sur l’Élysée 👍🏽 ce matin.\n",
    "nbsp": "Il a dit\u00a0: « Non\u202f! » puis\u00a0: «\u00a0Oui\u00a0».\n",
    "combining": "Le re\u0301sume\u0301 de l’Hôtel-Dieu et Zoë.\n",
    "crlf": "Première ligne.\r\nDeuxième ligne.\r\n\r\nNouveau paragraphe ici.\r\n",
    "cr": "Ligne un.\rLigne deux.\r",
    "bom": "\ufeffTitre avec BOM\n\nTexte du corps.\n",
    "tabs": "Col1\tCol2\t\tfin\n",
    "no-final-newline": "Sans fin de ligne",
    "long": ("Une phrase assez longue pour tester les positions. " * 50).strip() + "\n",
}

MARKDOWN_DRAFTS = {
    "md-basic": "# Titre du *papier*\n\nLe **président** a dit `code` et [Biden](http://exemple.fr/x).\n",
    "md-crlf": "# Titre\r\n\r\nLe *président*\r\nparle encore.\r\n\r\n- un\r\n- deux\r\n",
    "md-entities": "Paul &amp; Marie \\*pas d’italique\\* &eacute;t&eacute; &#233;t&#xE9;.\n",
    "md-quote": "> Citation sur\n> deux lignes avec 😀 emoji.\n\nFin\u00a0!\n",
    "md-front": "---\ntitle: Ne pas vérifier\n---\n\nCorps du texte.\n",
    "md-code": "Avant.\n\n```python\nprint('non')\n```\n\n    indenté non\n\nAprès.\n",
    "md-html": "Texte <span>inline</span> suite.\n\n<div>\nbloc html\n</div>\n\n<!-- commentaire -->\nFin.\n",
    "md-table": "| Nom | Âge |\n|-----|-----|\n| Zoë | 30 |\n",
    "md-bom": "\ufeff# Titre\n\nTexte.\n",
    "md-nested": "1. un\n   - deux *trois*\n     > quatre\n",
    "md-autolink": "Voir <https://exemple.fr/page> et www.exemple.fr ici.\n",
}


def _encode(text: str) -> bytes:
    if text.startswith("\ufeff"):
        return b"\xef\xbb\xbf" + text[1:].encode("utf-8")
    return text.encode("utf-8")


@pytest.mark.parametrize("name", sorted({**DRAFTS, **MARKDOWN_DRAFTS}))
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_every_finding_slices_exactly(name: str, suffix: str) -> None:
    text = {**DRAFTS, **MARKDOWN_DRAFTS}[name]
    document, findings = findings_for(f"draft{suffix}", _encode(text))
    assert findings, "the pattern must find words"
    source = document.source
    for finding in findings:
        # The source slice at the reported span is the word the check matched (as Markdown
        # renders it: "&eacute;" is "é").
        assert finding.text == source[finding.source_start : finding.source_end]
        assert rendered(finding.text, document.format) == finding.message
        # Line and column (1-based, code points) point at the same place.
        lines = re.split(r"\r\n|\r|\n", source)
        assert lines[finding.line - 1][finding.column - 1 :].startswith(finding.text)
        if finding.end_line == finding.line:
            assert (
                lines[finding.line - 1][finding.column - 1 : finding.end_column - 1] == finding.text
            )


def rendered(text: str, fmt: str) -> str:
    if fmt != "markdown":
        return text
    return html.unescape(re.sub(r"\\(.)", r"\1", text))


def test_columns_count_code_points_and_exclude_bom() -> None:
    document, findings = findings_for("a.txt", _encode("\ufeff😀 Zoë\u00a0Biden\n"), r"Biden")
    (finding,) = findings
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (1, 7, 1, 12)


def test_crlf_lines_are_counted_once() -> None:
    _, findings = findings_for("a.txt", b"un\r\ndeux\r\n\r\ntrois\r\n", r"trois")
    assert (findings[0].line, findings[0].column) == (4, 1)


def test_span_over_crlf_line_break_covers_both_characters() -> None:
    document, findings = findings_for("a.txt", b"fin\r\ndebut\r\n", r"fin\ndebut")
    (finding,) = findings
    assert finding.text == "fin\r\ndebut"
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (1, 1, 2, 6)


def test_markdown_checks_only_prose() -> None:
    source = (
        "---\ntitle: FRONTMATTER\n---\n\n# Titre\n\nTexte `INLINECODE` et [lien](http://URLTARGET.fr)"
        ' <https://AUTOLINK.fr> <abbr title="RAWHTML">OTAN</abbr>.\n\n```\nCODEBLOCK\n```\n\n<!-- COMMENT -->\n\n'
        "<div>\nHTMLBLOCK\n</div>\n\n![IMAGEALT](img.png) fin.\n"
    )
    document = load("a.md", source.encode())
    for hidden in (
        "FRONTMATTER",
        "INLINECODE",
        "URLTARGET",
        "AUTOLINK",
        "RAWHTML",
        "CODEBLOCK",
        "COMMENT",
        "HTMLBLOCK",
        "IMAGEALT",
    ):
        assert hidden not in document.text
    for shown in ("Titre", "Texte", "lien", "OTAN", "fin."):
        assert shown in document.text
    assert [block.kind for block in document.blocks][:2] == ["heading", "paragraph"]


def test_markdown_entity_maps_to_whole_entity() -> None:
    document, findings = findings_for("a.md", b"Paul &amp; Marie\n", r"&")
    assert findings[0].text == "&amp;"


def test_plain_text_blocks_are_paragraphs() -> None:
    document = load("a.txt", b"Titre\n\nPremier paragraphe\nsur deux lignes.\n\n\nSecond.\n")
    texts = [document.text[b.start : b.end] for b in document.blocks]
    assert texts == ["Titre", "Premier paragraphe\nsur deux lignes.", "Second."]


@pytest.mark.parametrize(
    "data, message",
    [
        ("Élysée café".encode("latin-1"), "not valid UTF-8 (byte 0xC9 on line 1)"),
        (b"ok\nok\n\xff\xfe", "not valid UTF-8 (byte 0xFF on line 3)"),
        (b"\x00\x01\x02binary", "binary file"),
    ],
)
def test_undecodable_input_is_an_input_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as raised:
        load("bad.txt", data)
    assert message in str(raised.value)
    assert str(raised.value).startswith("bad.txt: ")


def test_utf16_with_bom_is_decoded() -> None:
    document = load("a.txt", "Texte en UTF-16 : Zoë.\n".encode("utf-16"))
    assert document.text.startswith("Texte en UTF-16")
    assert document.encoding == "utf-16"


# -- plain Markdown read without markdown-it ----------------------------------------------

PLAIN_MARKDOWN = {
    "seven-hashes": "####### Texte.\n",
    "hashtag": "#Nous Demain se propose de rassembler.\n\n# Titre\n",
    "ampersand-and-brackets": "Procter & Gamble [sic] et AT&T.\n",
    "no-break-space-line": "Texte.\n\n\u00a0\n\nSuite.\n   \nFin.\n",
    "headline-and-paragraphs": "# Titre : 10 %\n\nPremier paragraphe.\nSuite du paragraphe. \n\nFin.\n",
    "trailing-nbsp": "# Titre\u00a0\n\nLigne un.\u00a0\nLigne deux.\u00a0\u202f \n\n- Intertitre -\u00a0\n",
    "hard-break": "Ligne avec deux espaces  \nsuite\u2003\n",
    "no-final-newline": "# Titre\n\nTexte sans fin",
    "items": 'Avant.\n\n- "Pas grand chose" -\n\n- autre\n\nAprès.\n',
    "hash-inside": "# Titre # pas une fin\n\nLe #MeToo et 3#4.\n",
    "blank-lines": "\n\n# Titre\n\n\n\nCorps.\n\n\n",
}
#: Drafts the fast reading must leave to markdown-it: markup, or block structures it does not
#: emulate (a setext heading, a list interrupting a paragraph, a front matter...).
NOT_PLAIN_MARKDOWN = {
    "setext": "Titre\n=====\n\nCorps.\n",
    "item-after-paragraph": "Texte\n- item\n",
    "ordered": "1. un\n\nTexte.\n",
    "front-matter-like": "- ---a\n\nTexte.\n",
    "closing-hashes": "# Titre ##\n\nTexte.\n",
    "indented": "Texte.\n\n    code\n",
    "leading-nbsp": "\u00a0Texte.\n",
    "link": "Voir [le texte](https://example.org).\n",
    "link-definition": "Voir [le texte].\n\n[le texte]: https://example.org\n",
    "entity": "Tom &amp; Jerry\n",
    "thematic-break": "Texte.\n\n- - -\n",
    "markup": "Le *président*.\n",
}


def _by_markdown_it(source: str):
    from newslint.documents import markdown

    original = markdown._simple_blocks
    markdown._simple_blocks = lambda source: None
    try:
        return markdown.load_markdown("draft.md", source)
    finally:
        markdown._simple_blocks = original


def _reading(document) -> tuple:
    offsets = document.offsets
    return (
        document.text,
        document.blocks,
        document.directives,
        document.line_starts,
        offsets._text_starts,
        offsets._text_ends,
        offsets._source_starts,
        offsets._source_ends,
    )


@pytest.mark.parametrize("name", sorted(PLAIN_MARKDOWN))
def test_plain_markdown_reads_as_markdown_it_does(name: str) -> None:
    from newslint.documents import markdown

    source = PLAIN_MARKDOWN[name]
    assert markdown._simple_blocks(source) is not None, "this draft should take the fast path"
    assert _reading(markdown.load_markdown("draft.md", source)) == _reading(_by_markdown_it(source))


@pytest.mark.parametrize("name", sorted(NOT_PLAIN_MARKDOWN))
def test_other_markdown_goes_to_markdown_it(name: str) -> None:
    from newslint.documents import markdown

    assert markdown._simple_blocks(NOT_PLAIN_MARKDOWN[name]) is None


def test_plain_markdown_matches_markdown_it_on_arbitrary_lines() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from newslint.documents import markdown

    pieces = st.sampled_from(
        [
            "a",
            "b c",
            "Été",
            " ",
            "  ",
            "\u00a0",
            "\u202f",
            "\u3000",
            "#",
            "# ",
            "## ",
            "- ",
            "-",
            "+ ",
            "1. ",
            "=",
            "---",
            "\n",
            "\n\n",
            "x ",
            "«",
            "»",
            '"',
            ".",
            "#x",
            "- - ",
            "\ufeff",
            "\u00a0\n",
            " \n",
            "  \n",
            "a#",
            " #",
            "-a",
            "&",
            "& ",
            "&amp;",
            "&#233;",
            "&x",
            "[",
            "]",
            "[a]",
            "](",
            "]:",
            "#Nous",
            "\u00a0 ",
            "%",
            "é\u0301",
        ]
    )

    @settings(max_examples=3000, deadline=None)
    @given(st.lists(pieces, max_size=14).map("".join))
    def same(source: str) -> None:
        if markdown._simple_blocks(source) is not None:
            assert _reading(markdown.load_markdown("draft.md", source)) == _reading(
                _by_markdown_it(source)
            )

    same()
