"""Word drafts (issue 17): .docx written with python-docx, read back; bad files refused."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import SHARED
from docx.oxml.ns import qn

from newslint import api
from newslint.documents import load

SEED = SHARED / "corpus" / "seed-draft-biden-poutine.txt"

FOOTNOTES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">Une note avec les les mots.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""


def _save(document, path: Path, extra: dict[str, bytes] | None = None) -> Path:
    buffer = io.BytesIO()
    document.save(buffer)
    if extra:
        source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
            for item in source.infolist():
                out.writestr(item, source.read(item.filename))
            for name, data in extra.items():
                out.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


def _track(paragraph, inserted: str, deleted: str) -> None:
    """Append a tracked insertion and a tracked deletion to ``paragraph``."""
    run = paragraph.add_run(inserted)._r
    ins = run.makeelement(qn("w:ins"), {qn("w:id"): "1", qn("w:author"): "A"})
    run.addprevious(ins)
    ins.append(run)
    gone = paragraph.add_run("x")._r
    text = gone.find(qn("w:t"))
    text.tag = qn("w:delText")
    text.text = deleted
    dele = gone.makeelement(qn("w:del"), {qn("w:id"): "2", qn("w:author"): "A"})
    gone.addprevious(dele)
    dele.append(gone)


def _article(tmp_path: Path, name: str = "article.docx") -> Path:
    document = docx.Document()
    document.add_heading("Le titre du papier", level=1)
    document.add_paragraph("Premier paragraphe sans faute.")
    paragraph = document.add_paragraph("Le maire a dit que ")
    paragraph.add_run("les").bold = True
    paragraph.add_run(" les travaux commencent.")
    commented = document.add_paragraph("Un paragraphe commenté.")
    document.add_comment(commented.runs, text="Les les commentaires ne sont pas lus.", author="R")
    tracked = document.add_paragraph("Texte suivi")
    _track(tracked, " avec ajout", " les les supprimés")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Cellule"
    table.cell(0, 1).text = "Les les chiffres"
    document.sections[0].header.paragraphs[0].text = "En-tête les les"
    document.sections[0].footer.paragraphs[0].text = "Pied de page"
    return _save(document, tmp_path / name, {"word/footnotes.xml": FOOTNOTES.encode()})


def test_body_tables_headers_footers_footnotes_tracked_changes(tmp_path):
    document = load("article.docx", _article(tmp_path).read_bytes())
    assert document.source.split("\n") == [
        "Le titre du papier",
        "Premier paragraphe sans faute.",
        "Le maire a dit que les les travaux commencent.",
        "Un paragraphe commenté.",
        "Texte suivi avec ajout",
        "Cellule",
        "Les les chiffres",
        "En-tête les les",
        "Pied de page",
        "Une note avec les les mots.",
    ]
    assert [block.kind for block in document.blocks][:2] == ["heading", "paragraph"]
    assert [block.kind for block in document.blocks][5:7] == ["table_cell", "table_cell"]


def test_positions_paragraph_and_character(tmp_path, cli, cli_json):
    path = _article(tmp_path)
    code, data = cli_json("--no-grammar", "--select", "style/repetition", str(path))
    findings = data["files"][0]["findings"]
    # The bold "les" and the plain " les" are one finding across the runs.
    assert [(f["paragraph"], f["character"], f["end_character"], f["text"]) for f in findings] == [
        (3, 20, 27, "les les"),
        (7, 1, 8, "Les les"),
        (8, 9, 16, "les les"),
        (10, 15, 22, "les les"),
    ]
    assert code == 1
    process = cli("check", "--no-grammar", "--select", "style/repetition", str(path))
    assert (
        f"{path.name}: paragraph 3, character 20: error style/repetition" in process.stdout.decode()
    )
    process = cli(
        "check", "--no-grammar", "--select", "style/repetition", "--format", "sarif", str(path)
    )
    result = json.loads(process.stdout)["runs"][0]["results"][0]
    location = result["locations"][0]
    assert location["logicalLocations"][0]["name"] == "paragraph 3, character 20"
    assert location["properties"]["paragraph"] == 3 and "region" not in location["physicalLocation"]


def test_fix_never_rewrites_a_word_document(tmp_path, cli):
    document = docx.Document()
    document.add_paragraph("Le maire a dit que les les travaux commencent.")
    path = _save(document, tmp_path / "f.docx")
    before = path.read_bytes()
    process = cli("check", "--no-grammar", "--select", "style/repetition", "--fix", str(path))
    assert path.read_bytes() == before
    assert process.returncode == 1 and b"les les" in process.stdout
    assert process.stderr.decode() == (
        f"newslint: {path}: a Word document is not rewritten; its fixes are suggestions "
        "(newslint annotate writes a commented copy)\n"
    )


def test_library_api_reads_docx_bytes(tmp_path):
    data = _article(tmp_path).read_bytes()
    checked = api.check_text(data, path="x.docx", select=["style/repetition"], grammar=False)
    assert [f.line for f in checked.findings] == [3, 7, 8, 10]


# -- files refused: one line, exit 2, the other files still checked ------------------------


def _good(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Le maire a dit que les les travaux commencent.")
    return _save(document, tmp_path / "good.docx")


def _corrupt(tmp_path: Path) -> Path:
    data = _good(tmp_path).read_bytes()
    path = tmp_path / "corrupt.docx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _encrypted(tmp_path: Path) -> Path:
    path = tmp_path / "encrypted.docx"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    path.write_bytes(header + "EncryptionInfo".encode("utf-16-le") + bytes(1024))
    return path


def _legacy(tmp_path: Path) -> Path:
    path = tmp_path / "old.doc.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))
    return path


def _macro(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Texte.")
    return _save(document, tmp_path / "macro.docx", {"word/vbaProject.bin": b"\x00" * 64})


def _docm(tmp_path: Path) -> Path:
    data = _good(tmp_path).read_bytes()
    path = tmp_path / "macro.docm"
    path.write_bytes(data)
    return path


def _bomb_ratio(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Texte.")
    path = _save(document, tmp_path / "bomb.docx")
    source = zipfile.ZipFile(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            if item.filename == "word/document.xml":
                out.writestr(
                    item.filename,
                    source.read(item.filename)[:-20]
                    + b" " * (6 * 1024 * 1024)
                    + b"</w:body></w:document>",
                )
            else:
                out.writestr(item, source.read(item.filename))
    path.write_bytes(buffer.getvalue())
    return path


def _bomb_entries(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Texte.")
    path = _save(
        document, tmp_path / "entries.docx", {f"word/media/x{i}.bin": b"" for i in range(3000)}
    )
    return path


def _too_many_paragraphs(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Texte.")
    path = _save(document, tmp_path / "long.docx")
    source = zipfile.ZipFile(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 50_001)
            out.writestr(item.filename, data)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize(
    "make, reason",
    [
        (_corrupt, "corrupt Word document"),
        (_encrypted, "encrypted (password-protected) Word document"),
        (_legacy, "Word 97-2003 document"),
        (_macro, "macro-enabled Word document"),
        (_docm, "macro-enabled Word document"),
        (_bomb_ratio, "zip bomb?"),
        (_bomb_entries, "zip bomb?"),
        (_too_many_paragraphs, "more than 50,000 paragraphs"),
    ],
)
def test_bad_word_files_are_refused_in_one_line(tmp_path, cli, make, reason):
    bad = make(tmp_path)
    good = _good(tmp_path)
    process = cli("check", "--no-grammar", "--select", "style/repetition", str(bad), str(good))
    stderr = process.stderr.decode()
    stdout = process.stdout.decode()
    lines = [line for line in (stderr + stdout).splitlines() if bad.name in line]
    assert len(lines) == 1 and reason in lines[0], (stdout, stderr)
    assert "Traceback" not in stderr
    assert f"{good.name}: paragraph 1, character 20:" in stdout
    assert process.returncode == 2


def test_seed_draft_as_docx_gives_the_text_findings_at_the_right_places(tmp_path):
    seed = SEED.read_text(encoding="utf-8")
    paragraphs = [p for p in seed.split("\n\n") if p.strip()]
    document = docx.Document()
    for text in paragraphs:
        paragraph = document.add_paragraph()
        # Runs cut every 7 characters: findings must not see the runs.
        for start in range(0, len(text), 7):
            paragraph.add_run(text[start : start + 7]).italic = bool(start % 2)
    path = _save(document, tmp_path / "seed.docx")
    checker = api.Checker(grammar=False)
    expected = checker.check_text(seed, path="seed.txt").findings
    found = checker.check_text(path.read_bytes(), path="seed.docx").findings
    assert expected
    assert sorted((f.rule, f.text, f.message) for f in found) == sorted(
        (f.rule, f.text, f.message) for f in expected
    )
    for finding in found:
        if finding.line == finding.end_line:
            paragraph = paragraphs[finding.line - 1]
            assert paragraph[finding.column - 1 : finding.end_column - 1] == finding.text


def test_word_document_on_standard_input_beyond_a_text_drafts_limit(tmp_path, cli):
    import os as _os

    document = docx.Document()
    document.add_paragraph("Le maire a dit que les les travaux commencent.")
    # A photo that does not compress: the file is larger than a text draft may be.
    path = _save(
        document, tmp_path / "photo.docx", {"word/media/image1.bin": _os.urandom(1_500_000)}
    )
    assert path.stat().st_size > 1024 * 1024
    process = cli(
        "check",
        "--no-grammar",
        "--select",
        "style/repetition",
        "--stdin-filename",
        "photo.docx",
        "-",
        input=path.read_bytes(),
    )
    assert "photo.docx: paragraph 1, character 20:" in process.stdout.decode(), process.stderr
    assert process.returncode == 1


def _joined(tmp_path: Path) -> Path:
    """Two paragraphs whose first mark is a tracked deletion: accepted, they are one."""
    document = docx.Document()
    first = document.add_paragraph("Le maire a dit que les")
    document.add_paragraph(" les travaux commencent.")
    document.add_paragraph("Autre paragraphe.")
    properties = first._p.get_or_add_pPr()
    mark = properties.makeelement(qn("w:rPr"), {})
    mark.append(mark.makeelement(qn("w:del"), {qn("w:id"): "9", qn("w:author"): "A"}))
    properties.append(mark)
    return _save(document, tmp_path / "joined.docx")


def test_deleted_paragraph_mark_joins_the_paragraphs(tmp_path, cli_json):
    path = _joined(tmp_path)
    document = load("joined.docx", path.read_bytes())
    assert document.text == "Le maire a dit que les les travaux commencent.\n\nAutre paragraphe."
    assert len(document.blocks) == 2
    _, data = cli_json("--no-grammar", "--select", "style/repetition", str(path))
    assert [
        (f["paragraph"], f["character"], f["end_paragraph"], f["end_character"])
        for f in data["files"][0]["findings"]
    ] == [(1, 20, 2, 5)]
