"""``newslint annotate DRAFT.docx OUT.docx`` (issue 17): a Word comment on each finding's
exact text, read back by python-docx and by LibreOffice, the draft never touched."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _draft(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Un titre", level=1)
    paragraph = document.add_paragraph("Le maire a dit que ")
    paragraph.add_run("les").bold = True
    paragraph.add_run(" les travaux commencent.")
    document.add_paragraph("Une phrase avec les les mots, en ")
    document.paragraphs[-1].add_run("italique").italic = True
    document.sections[0].header.paragraphs[0].text = "En-tête les les"
    path = tmp_path / "draft.docx"
    document.save(path)
    return path


def _commented_texts(data: bytes) -> dict[str, str]:
    """Comment id -> the document text between its range start and end."""
    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    open_ranges: dict[str, list[str]] = {}
    done: dict[str, str] = {}
    for element in root.iter():
        if element.tag == W + "commentRangeStart":
            open_ranges[element.get(W + "id")] = []
        elif element.tag == W + "commentRangeEnd":
            done[element.get(W + "id")] = "".join(open_ranges.pop(element.get(W + "id")))
        elif element.tag == W + "t":
            for parts in open_ranges.values():
                parts.append(element.text or "")
    return done


def test_annotate_comments_each_finding_on_its_exact_text(tmp_path, cli):
    draft = _draft(tmp_path)
    before = draft.read_bytes()
    out = tmp_path / "out.docx"
    process = cli("annotate", "--no-grammar", "--select", "style/repetition", str(draft), str(out))
    assert process.returncode == 1, process.stderr
    assert draft.read_bytes() == before
    assert (
        process.stdout.decode()
        .strip()
        .endswith("out.docx: 2 comments; 1 in headers, footers or notes (see newslint check)")
    )
    annotated = docx.Document(out)
    comments = {str(c.comment_id): c.text for c in annotated.comments}
    assert len(comments) == 2
    assert all(
        text.startswith("style/repetition (error) : Mot répété") and "Suggestion : les" in text
        for text in comments.values()
    )
    assert sorted(_commented_texts(out.read_bytes()).values()) == ["les les", "les les"]
    # The text and its formatting are those of the draft.
    assert [p.text for p in annotated.paragraphs] == [
        p.text for p in docx.Document(draft).paragraphs
    ]
    bold = [run.text for run in annotated.paragraphs[1].runs if run.bold]
    assert bold == ["les"]
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]


def test_annotate_never_writes_the_draft(tmp_path, cli):
    draft = _draft(tmp_path)
    before = draft.read_bytes()
    process = cli("annotate", "--no-grammar", str(draft), str(draft))
    assert process.returncode == 2
    assert "the draft is never written" in process.stderr.decode()
    assert draft.read_bytes() == before


def test_annotate_refuses_a_macro_document_in_one_line(tmp_path, cli):
    draft = _draft(tmp_path)
    macro = tmp_path / "macro.docm"
    macro.write_bytes(draft.read_bytes())
    process = cli("annotate", "--no-grammar", str(macro), str(tmp_path / "out.docx"))
    assert process.returncode == 2
    assert len(process.stderr.decode().strip().splitlines()) == 1
    assert "macro-enabled" in process.stderr.decode()
    assert not (tmp_path / "out.docx").exists()


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("NEWSLINT_REQUIRE_TOOLS") == "1":
            pytest.fail("LibreOffice (soffice) is required (NEWSLINT_REQUIRE_TOOLS=1) and missing")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def test_annotated_copy_opens_in_libreoffice_with_its_comments(tmp_path, cli):
    soffice = _soffice()
    draft = _draft(tmp_path)
    out = tmp_path / "out.docx"
    cli("annotate", "--no-grammar", "--select", "style/repetition", str(draft), str(out))
    converted = tmp_path / "converted"
    profile = (tmp_path / "lo-profile").as_uri()
    process = subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "fodt",
            "--outdir",
            str(converted),
            str(out),
        ],
        check=False,
        capture_output=True,
        timeout=300,
    )
    flat = converted / "out.fodt"
    assert process.returncode == 0 and flat.exists(), process.stderr
    text = flat.read_text(encoding="utf-8")
    # Each annotation: its author, its text, and the document text it spans.
    spans = re.findall(
        r'<office:annotation office:name="([^"]+)"[^>]*>(.*?)</office:annotation>(.*?)'
        r'<office:annotation-end office:name="\1"/>',
        text,
        re.DOTALL,
    )
    assert len(spans) == 2, text[:2000]
    for _name, body, covered in spans:
        assert "newslint" in body and "style/repetition" in body
        assert re.sub(r"<[^>]+>", "", covered) == "les les"


def test_annotate_a_finding_across_paragraphs(tmp_path, cli):
    from test_loaders_docx import _joined

    draft = _joined(tmp_path)
    out = tmp_path / "out.docx"
    process = cli("annotate", "--no-grammar", "--select", "style/repetition", str(draft), str(out))
    assert process.returncode == 1, process.stderr
    assert list(_commented_texts(out.read_bytes()).values()) == ["les les"]
