"""HTML drafts (issue 17): only the prose of a real page is checked, at exact places."""

from __future__ import annotations

import html
from pathlib import Path

from conftest import SHARED

from newslint import api
from newslint.documents import load
from newslint.findings import Edit, Finding, Fix
from newslint.fix import source_edits

SEED = SHARED / "corpus" / "seed-draft-biden-poutine.txt"

#: A CMS article page as newsrooms export it: site header, navigation, share buttons, ads,
#: scripts with text in them, a related-articles box, a footer. "les les" (a doubled word,
#: style/repetition) stands everywhere; only the article's own one is prose.
CMS_PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Les les titres du jour</title>
  <script>window.dataLayer = [{"title": "les les"}]; if (a < b && c) { x = "<p>les les</p>"; }</script>
  <style>p::after { content: "les les"; }</style>
</head>
<body>
  <header class="site-header"><a href="/">Le Journal</a> les les rubriques</header>
  <nav><ul><li><a href="/politique">Politique les les</a></li></ul></nav>
  <main>
    <article>
      <header><h1>Un titre&nbsp;: ici</h1><p class="byline">Par Anne Dupont</p></header>
      <div class="share-buttons"><a href="#">Partager les les articles</a><button>Tweeter les les</button></div>
      <p>Premier paragraphe sans faute, avec <a href="/x" title="les les">un lien</a> et
         du <em>texte</em> mis en forme.</p>
      <p>Le maire a dit que les les travaux commenceront lundi.</p>
      <!-- les les : un commentaire -->
      <pre>les les dans du code</pre>
      <p>Une commande <code>les les</code> au milieu d'une phrase.</p>
      <div class="ad-slot">Publicité les les</div>
      <template><p>les les</p></template>
      <noscript>Activez les les scripts</noscript>
    </article>
    <aside class="related"><h2>À lire aussi</h2><p>les les autres</p></aside>
  </main>
  <footer>Mentions légales les les</footer>
  <script>document.write("les les");</script>
</body>
</html>
"""


def _write(tmp_path: Path, name: str, text: str, newline: str = "\n") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def _at(source: str, line: int, column: int, end_column: int) -> str:
    return source.splitlines()[line - 1][column - 1 : end_column - 1]


def test_cms_article_only_prose_is_checked_at_exact_places(tmp_path, cli_json):
    page = _write(tmp_path, "article.html", CMS_PAGE)
    code, data = cli_json("--no-grammar", "--select", "style/repetition", str(page))
    findings = data["files"][0]["findings"]
    assert [(f["line"], f["text"]) for f in findings] == [(18, "les les")], findings
    finding = findings[0]
    assert _at(CMS_PAGE, finding["line"], finding["column"], finding["end_column"]) == "les les"
    assert code == 1


def test_blocks_headings_and_whitespace():
    document = load("a.html", CMS_PAGE.encode())
    assert document.text.split("\n\n") == [
        "Un titre\u00a0: ici",
        "Par Anne Dupont",
        "Premier paragraphe sans faute, avec un lien et du texte mis en forme.",
        "Le maire a dit que les les travaux commenceront lundi.",
        "Une commande \ufffc au milieu d'une phrase.",
    ]
    assert [block.kind for block in document.blocks] == ["heading"] + ["paragraph"] * 4


def test_entity_finding_points_at_the_entity(tmp_path, cli_json):
    source = (
        "<p>Il a dit&nbsp;: « oui&nbsp;».</p>\n"
        "<p>Il a dit&#160;: « non ».</p>\n<p>Et : « encore ».</p>\n"
    )
    page = _write(tmp_path, "entities.html", source)
    _, data = cli_json("--no-grammar", str(page))
    entity = [f for f in data["files"][0]["findings"] if f["text"] in ("&nbsp;", "&#160;")]
    assert entity, data
    for finding in entity:
        assert (
            _at(source, finding["line"], finding["column"], finding["end_column"])
            == finding["text"]
        )
    document = load("entities.html", source.encode())
    index = document.text.index("\u00a0")
    start, end = document.source_span(index, index + 1)
    assert source[start:end] == "&nbsp;"
    assert document.position(start) == (1, 12)


def test_crlf_saved_page_with_main_and_cookie_banner(tmp_path, cli_json):
    saved = """<html><head><script type="application/ld+json">{"headline": "les les"}</script></head>
<body><div id="cookie-banner">Nous utilisons les les cookies</div>
<main><h1>Titre</h1>
<p>Une phrase
   sur deux lignes avec les les mots.</p>
<svg><text>les les</text></svg><p hidden>les les</p><p aria-hidden="true">les les</p>
</main><div role="contentinfo">les les</div></body></html>
"""
    page = _write(tmp_path, "saved.htm", saved, newline="\r\n")
    _, data = cli_json(
        "--no-grammar", "--select", "style/repetition", "--select", "typography/spaces", str(page)
    )
    findings = data["files"][0]["findings"]
    assert [(f["rule"], f["line"], f["column"]) for f in findings] == [("style/repetition", 5, 25)]


def test_suppression_comment(tmp_path, cli_json):
    source = (
        "<p>Le maire a dit que les les travaux commencent.</p>\n"
        "<div><!-- newslint-disable style/repetition -->\n"
        "<p>Le préfet a dit que les les routes sont fermées.</p>\n"
        "<!-- newslint-enable style/repetition --></div>\n"
        "<p>Le juge a dit que les les faits sont graves.</p>\n"
        "<!-- newslint-disable-next-line style/repetition -->\n"
        "<p>Le maire a dit que les les ponts sont fermés.</p>\n"
    )
    page = _write(tmp_path, "s.html", source)
    _, data = cli_json("--no-grammar", "--select", "style/repetition", str(page))
    assert [f["line"] for f in data["files"][0]["findings"]] == [1, 5]


def test_fix_edits_text_nodes_only_and_keeps_entities(tmp_path, cli):
    source = (
        '<p title="les les">Le maire&nbsp;: les les travaux &amp; <b>les routes</b>.</p>\n'
        "<script>var s = 'les les';</script>\n"
    )
    page = _write(tmp_path, "f.html", source)
    process = cli("check", "--no-grammar", "--select", "style/repetition", "--fix", str(page))
    assert process.returncode == 0, process.stderr
    assert page.read_text() == source.replace("les les travaux", "les travaux")


def test_fix_writes_entities_as_the_draft_does():
    source = "<p>Le maire&nbsp;: oui. Il a dit : non &amp; <i>x</i>.</p>"
    document = load("a.html", source.encode())
    colon = document.text.index(" :")
    finding = Finding(colon, colon + 1, "m", fix=Fix((Edit(colon, colon + 1, "\u00a0"),)))
    edits, count = source_edits(document, [finding])
    assert count == 1 and [(source[e.start : e.end], e.replacement) for e in edits] == [
        (" ", "&nbsp;")
    ]
    assert document.written("a < b & c") == "a &lt; b &amp; c"


def test_folders_include_html_and_configured_extensions(tmp_path, cli_json):
    _write(tmp_path, "a.html", "<p>Le maire a dit que les les travaux.</p>")
    _write(tmp_path, "b.htm", "<p>Le maire a dit que les les routes.</p>")
    _write(tmp_path, "c.page", "<script>les les</script><p>Les les ponts.</p>")
    _write(tmp_path, "d.other", "les les")
    (tmp_path / ".newslint.yaml").write_text('formats:\n  ".page": html\n')
    _, data = cli_json("--no-grammar", "--select", "style/repetition", str(tmp_path))
    found = {Path(f["path"]).name: [x["text"] for x in f["findings"]] for f in data["files"]}
    assert found == {"a.html": ["les les"], "b.htm": ["les les"], "c.page": ["Les les"]}


def test_formats_configuration_is_validated(tmp_path, cli):
    (tmp_path / ".newslint.yaml").write_text('formats:\n  ".page": pdf\n')
    _write(tmp_path, "a.page", "texte")
    process = cli("check", "--no-grammar", str(tmp_path / "a.page"))
    assert process.returncode == 2
    assert 'unknown format "pdf"' in process.stderr.decode()


def _finding_keys(findings):
    return sorted((f.rule, f.text, f.message) for f in findings)


def test_seed_draft_as_html_gives_the_text_findings_at_the_right_places():
    seed = SEED.read_text(encoding="utf-8")
    paragraphs = [p for p in seed.split("\n\n") if p.strip()]
    page = (
        "<!DOCTYPE html><html><head><title>Biden</title><script>var t = '“Baiden”';</script>"
        "</head><body><nav><a href='/'>Accueil</a></nav><article>\n"
        + "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
        + "\n</article><footer>© Le Journal</footer></body></html>\n"
    )
    checker = api.Checker(grammar=False)
    expected = checker.check_text(seed, path="seed.txt").findings
    found = checker.check_text(page, path="seed.html").findings
    assert expected and _finding_keys(found) == _finding_keys(expected)
    for finding in found:
        assert (
            html.unescape(_at(page, finding.line, finding.column, finding.end_column))
            == finding.text
        )


def test_tag_soup_is_refused_in_one_line_and_the_rest_checked(tmp_path, cli):
    soup = tmp_path / "soup.html"
    soup.write_bytes(b"<p>a</p>" * 60_000)
    good = _write(tmp_path, "good.html", "<p>Le maire a dit que les les travaux.</p>")
    process = cli("check", "--no-grammar", "--select", "style/repetition", str(soup), str(good))
    out = process.stdout.decode() + process.stderr.decode()
    lines = [line for line in out.splitlines() if "soup.html" in line]
    assert len(lines) == 1 and "too much markup (120,000 tags and entities" in lines[0]
    assert "good.html:1:23:" in out
    assert process.returncode == 2
