"""The HTML report (issue 18), as a file: self-contained, escaped, marks exact and well nested.

The same report in a real browser: tests/test_report_html_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import html5lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.reporters.html import mark_tokens

XHTML = "{http://www.w3.org/1999/xhtml}"

#: A draft that tries every way into a page: markup, event attributes, script URLs, a
#: textarea break-out, a template expression, requests to a server.
HOSTILE = (
    "Le président a parlé.\n\n"
    "Lire la suite <script>window.__pwned = 1</script> ici\n\n"
    '</textarea></div></section></main><img src=x onerror="window.__pwned = 2">\n\n'
    '<a href="javascript:window.__pwned = 3">cliquez</a> et <svg onload=window.__pwned=4>\n\n'
    '<iframe src="http://127.0.0.1:9/frame"></iframe><link rel=stylesheet href="//127.0.0.1:9/c">\n\n'
    "{{ 7 * 7 }} {% raw %} ' \" & &amp; <!-- commentaire --> ]]> <![CDATA[ x ]]>\n"
)


def report(cli, tmp_path: Path, *paths: str, name: str = "report.html") -> str:
    out = tmp_path / name
    process = cli("check", "--no-grammar", "--format", "html", "--output", str(out), *paths)
    assert process.returncode in (0, 1), process.stderr.decode()
    assert not process.stderr.strip(), process.stderr.decode()
    return out.read_text(encoding="utf-8")


def parse(page: str):
    return html5lib.parse(page, namespaceHTMLElements=True)


def text_of(element) -> str:
    return "".join(element.itertext())


def test_report_is_one_file_that_fetches_nothing(cli, tmp_path):
    draft = tmp_path / "a.txt"
    draft.write_text("Le le président a parlé.\n", encoding="utf-8")
    page = report(cli, tmp_path, str(draft))
    tree = parse(page)
    for element in tree.iter():
        for attribute in ("src", "href", "action", "srcset", "poster", "data"):
            value = element.get(attribute)
            if value is not None:
                assert value.startswith("#") or value == "data:,", (element.tag, attribute, value)
    assert not tree.findall(f".//{XHTML}link[@rel='stylesheet']")
    styles = tree.findall(f".//{XHTML}style")
    scripts = tree.findall(f".//{XHTML}script")
    assert len(styles) == 1 and len(scripts) == 1
    assert "url(" not in styles[0].text and "@import" not in styles[0].text
    assert "@font-face" not in styles[0].text


def test_policy_forbids_requests_and_allows_only_the_pages_own_code(cli, tmp_path):
    draft = tmp_path / "a.txt"
    draft.write_text("Le le président a parlé.\n", encoding="utf-8")
    tree = parse(report(cli, tmp_path, str(draft)))
    (meta,) = [
        m
        for m in tree.iter(f"{XHTML}meta")
        if (m.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    policy = dict(part.strip().split(" ", 1) for part in meta.get("content").split(";"))
    assert policy["default-src"] == "'none'"
    assert policy["base-uri"] == "'none'" and policy["form-action"] == "'none'"

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert policy["script-src"] == digest(tree.find(f".//{XHTML}script").text)
    assert policy["style-src"] == digest(tree.find(f".//{XHTML}style").text)
    # The policy is the first thing in the head after the character set.
    head = list(tree.find(f"{XHTML}head"))
    assert head[1] is meta


def test_hostile_draft_renders_as_text(cli, tmp_path):
    draft = tmp_path / "<img src=x onerror=alert(1)>.txt"
    draft.write_text(HOSTILE, encoding="utf-8")
    page = report(cli, tmp_path, str(draft))
    tree = parse(page)
    # Nothing from the draft became an element or an attribute.
    for tag in ("img", "iframe", "svg", "textarea", "a[@href='javascript:window.__pwned = 3']"):
        assert not tree.findall(f".//{XHTML}{tag}"), tag
    assert not [el for el in tree.iter() if any(name.startswith("on") for name in el.attrib)]
    assert len(tree.findall(f".//{XHTML}script")) == 1
    (text,) = [d for d in tree.iter(f"{XHTML}div") if d.get("class") == "text"]
    assert text_of(text) == HOSTILE
    (section,) = [s for s in tree.iter(f"{XHTML}section") if s.get("class") == "draft"]
    heading = section.find(f".//{XHTML}h2")
    assert text_of(heading) == str(draft)
    assert "{{ 7 * 7 }}" in page  # no template ran on the draft
    # A finding's message quotes the draft: escaped too.
    messages = [text_of(p) for p in tree.iter(f"{XHTML}p") if p.get("class") == "message"]
    assert any("<script>" in message for message in messages), messages


def test_each_finding_is_marked_on_its_exact_text(cli, cli_json, tmp_path):
    draft = tmp_path / "a.md"
    draft.write_text(
        '# Titre\n\nLe le président Biden a vu Baiden, Biden et Biden hier.\n\nIl a dit :"non" .\n',
        encoding="utf-8",
    )
    _code, data = cli_json("--no-grammar", str(draft))
    expected = sorted((f["line"], f["column"], f["text"]) for f in data["files"][0]["findings"])
    assert expected
    tree = parse(report(cli, tmp_path, str(draft)))
    source = draft.read_text(encoding="utf-8")
    (text,) = [d for d in tree.iter(f"{XHTML}div") if d.get("class") == "text"]
    assert text_of(text) == source
    pieces: dict[str, list[str]] = {}
    firsts = []
    for mark in text.iter(f"{XHTML}mark"):
        pieces.setdefault(mark.get("data-f"), []).append(text_of(mark))
        if mark.get("id"):
            firsts.append(mark.get("data-f"))
    assert sorted(firsts) == sorted(pieces) and len(firsts) == len(expected)
    cards = {c.get("data-f"): c for c in tree.iter(f"{XHTML}li") if "card" in c.get("class", "")}
    shown = []
    for number, texts in pieces.items():
        where = next(a for a in cards[number].iter(f"{XHTML}a") if a.get("class") == "where")
        line, column = map(int, re.findall(r"\d+", text_of(where)))
        shown.append((line, column, "".join(texts)))
    assert sorted(shown) == expected


def test_index_counts_every_draft_and_rule(cli, cli_json, tmp_path):
    for number in range(3):
        (tmp_path / f"d{number}.txt").write_text("Le le président.\n" * number, encoding="utf-8")
    _code, data = cli_json("--no-grammar", str(tmp_path))
    tree = parse(report(cli, tmp_path, str(tmp_path)))
    (drafts,) = [t for t in tree.iter(f"{XHTML}table") if t.get("class") == "drafts"]
    rows = drafts.findall(f"{XHTML}tbody/{XHTML}tr")
    assert [text_of(r.find(f"{XHTML}td")) for r in rows] == [f["path"] for f in data["files"]]
    totals = [int(text_of(r.findall(f"{XHTML}td")[-2])) for r in rows]
    assert totals == [len(f["findings"]) for f in data["files"]]
    (rules,) = [t for t in tree.iter(f"{XHTML}table") if t.get("class") == "rules"]
    by_rule = {
        text_of(r.find(f"{XHTML}td")): int(text_of(r.findall(f"{XHTML}td")[-2]))
        for r in rules.findall(f"{XHTML}tbody/{XHTML}tr")
    }
    assert by_rule == data["summary"]["by_rule"]


def test_unreadable_draft_is_listed_and_others_reported(cli, tmp_path):
    good = tmp_path / "a.txt"
    good.write_text("Le le président.\n", encoding="utf-8")
    out = tmp_path / "r.html"
    process = cli(
        "check",
        "--no-grammar",
        "--format",
        "html",
        "--output",
        str(out),
        str(good),
        str(tmp_path / "missing.txt"),
    )
    assert process.returncode == 2
    page = out.read_text(encoding="utf-8")
    assert "missing.txt" in page and "Fichier illisible" in page
    assert page.count('<section class="draft"') == 1


def test_control_and_bidi_characters_are_isolated(cli, tmp_path):
    draft = tmp_path / "a.txt"
    draft.write_bytes("Le le texte \u202eenverse\u202c et \x07 cloche.\n".encode())
    tree = parse(report(cli, tmp_path, str(draft)))
    controls = [s for s in tree.iter(f"{XHTML}span") if s.get("class") == "ctl"]
    assert [s.get("data-cp") for s in controls] == ["U+202E", "U+202C", "U+0007"]
    assert text_of(controls[0]) == "\u202e"


def _pieces(tokens) -> tuple[dict[int, str], list[int]]:
    """Each finding's text, joined from its pieces, and the findings in order of first piece."""
    texts: dict[int, list[str]] = {}
    stack: list = []
    firsts = []
    for token in tokens:
        kind = token[0]
        if kind == "o":
            stack.append(token[1])
            texts.setdefault(token[1], [])
            if token[2]:
                firsts.append(token[1])
        elif kind == "c":
            assert stack and stack[-1] is not None
            stack.pop()
        elif kind == "z":
            texts.setdefault(token[1], [])
            firsts.append(token[1])
        elif kind == "r":
            stack.append(None)
        elif kind == "e":
            assert stack and stack.pop() is None
        elif kind in "tx":
            for number in stack:
                if number is not None:
                    texts[number].append(token[1])
    assert not stack
    return {number: "".join(parts) for number, parts in texts.items()}, firsts


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_overlapping_and_nested_spans_stay_exact(data):
    source = data.draw(st.text(alphabet="ab \n", min_size=0, max_size=30))
    raw = data.draw(
        st.lists(st.tuples(st.integers(0, len(source)), st.integers(0, len(source))), max_size=8)
    )
    spans = sorted((min(a, b), max(a, b)) for a, b in raw)
    spans = sorted(spans, key=lambda s: (s[0], -s[1]))
    numbered = [(start, end, number) for number, (start, end) in enumerate(spans)]
    refs = [
        (a, b, f"r{a}")
        for a, b in data.draw(
            st.lists(
                st.tuples(st.integers(0, len(source)), st.integers(0, len(source))), max_size=3
            )
        )
        if a < b
    ]
    placed: set = set()
    tokens = mark_tokens(source, numbered, refs, placed)
    texts, firsts = _pieces(tokens)
    assert "".join(t[1] for t in tokens if t[0] in "tx") == source
    assert firsts == list(range(len(spans)))  # page order is the findings' order
    for start, end, number in numbered:
        assert texts[number] == source[start:end]
    assert placed <= {ref for _a, _b, ref in refs}


def test_crossing_spans_are_cut_into_pieces():
    tokens = mark_tokens("abcdefgh", [(0, 5, 0), (3, 8, 1)])
    assert tokens == [
        ("o", 0, True),
        ("t", "abc"),
        ("o", 1, True),
        ("t", "de"),
        ("c",),
        ("c",),
        ("o", 1, False),
        ("t", "fgh"),
        ("c",),
    ]


@pytest.mark.parametrize(
    "shown, expected", [(" ", "espace"), ("\u202f", "espace fine insécable"), ("« ", "« ")]
)
def test_space_suggestions_are_named(shown, expected):
    from newslint.reporters.html import shown_suggestion

    assert shown_suggestion(shown) == expected


def test_library_api_renders_the_report(tmp_path):
    import io

    from newslint import api

    draft = tmp_path / "a.txt"
    draft.write_text("Le le président a parlé.\n", encoding="utf-8")
    result = api.check_paths([str(draft)], grammar=False)
    stream = io.StringIO()
    assert api.render(result, "html", stream) == 1
    tree = parse(stream.getvalue())
    marks = [m for m in tree.iter(f"{XHTML}mark") if m.get("id")]
    assert [text_of(m) for m in marks] == [f.text for f in result.files[0].findings]


def test_related_places_link_within_and_across_drafts(tmp_path):
    import io

    from newslint import api
    from newslint.reporters import Summary, create
    from newslint.reporters.html import draft_key
    from newslint.runner import FileResult

    here, there = str(tmp_path / "a.txt"), str(tmp_path / "b.txt")
    checked = api.check_text("Le le président Biden parle. Biden part.\n", path=here, grammar=False)
    finding = checked.findings[0]
    finding.related = [
        {"line": 1, "column": 17, "form": "Biden"},
        {"line": 1, "column": 2, "form": "Biden"},  # not there: no link
        {"path": there, "line": 3, "column": 1, "form": "Bidden"},
    ]
    other = api.check_text("Rien.\n", path=there, grammar=False)
    stream = io.StringIO()
    reporter = create("html", stream)
    reporter.start()
    reporter.file(FileResult(here, checked.findings, checked.document))
    reporter.file(FileResult(there, other.findings, other.document))
    reporter.finish(Summary())
    tree = parse(stream.getvalue())
    (card,) = [c for c in tree.iter(f"{XHTML}li") if c.get("id") == f"{draft_key(here)}-0-card"]
    (related,) = [p for p in card.iter(f"{XHTML}p") if p.get("class") == "related"]
    links = [a.get("href") for a in related.iter(f"{XHTML}a")]
    assert links == [f"#{draft_key(here)}-at16", f"#{draft_key(there)}"]
    (place,) = [s for s in tree.iter(f"{XHTML}span") if s.get("class") == "ref"]
    assert place.get("id") == f"{draft_key(here)}-at16" and text_of(place) == "Biden"
    sections = [s.get("id") for s in tree.iter(f"{XHTML}section") if s.get("class") == "draft"]
    assert sections == [draft_key(here), draft_key(there)]


def test_a_finding_without_source_offsets_is_placed_by_line_and_column():
    from newslint import api
    from newslint.findings import Finding
    from newslint.reporters.html import source_span

    document = api.check_text("Un\nLe président.\n", path="a.txt", grammar=False).document
    placed = Finding(0, 0, "m", line=2, column=4, end_line=2, end_column=13)
    assert document.source[slice(*source_span(placed, document))] == "président"
    backwards = Finding(0, 0, "m", line=2, column=4, end_line=1, end_column=1)
    assert source_span(backwards, document) == (6, 6)
    assert source_span(Finding(0, 0, "m"), document) is None


def test_deeply_nested_or_crossing_spans_stay_bounded():
    from newslint.reporters.html import MAX_DEPTH

    size = 2000
    # Each span crosses every later one: without a bound, pieces grow with the square.
    spans = [(i, size + i, i) for i in range(size)]
    unmarked: set = set()
    tokens = mark_tokens("x" * (2 * size), spans, unmarked=unmarked)
    assert len(tokens) < 4 * MAX_DEPTH * size
    texts, firsts = _pieces(tokens)
    assert unmarked and set(firsts) | unmarked == set(range(size))
    for start, end, number in spans:
        if number not in unmarked:
            assert texts[number] == "x" * (end - start)
