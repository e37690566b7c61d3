"""The text the scan reads: every part Word shows or carries, with words kept apart as Word shows them."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Cm

from commsgen import docxtext
from commsgen.docxtext import part_text, text_parts
from commsgen.errors import DocumentError, TemplateError
from tests.docxbuild import (
    DOCX,
    OLE_MAGIC,
    XLSX,
    add_alt_chunk,
    embed,
    package,
    parts_of,
    png_1px,
    replace,
    spreadsheet,
    word_document,
)
from tests.test_docxzip import moved_main_part

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
ALT_TEXT = 'name="Picture 1" descr="Daan_Verbeek_groep8.gif"'


def words(text: str) -> str:
    """Text as a reader compares it: runs of white space as one space."""
    return re.sub(r"\s+", " ", text).strip()


def reads(text: str, phrase: str) -> bool:
    """Whether the text holds the phrase as whole words, however white space separates them."""
    return re.search(r"(?<!\S)" + r"\s+".join(map(re.escape, phrase.split())) + r"(?!\S)", text) is not None


def body(xml: str, namespace: str = W_NS) -> bytes:
    return f'<w:document xmlns:w="{namespace}"><w:body>{xml}</w:body></w:document>'.encode()


def scanned_text(data: bytes) -> dict[str, str]:
    """What the leak scan reads of a package: each place's text."""
    places = text_parts(data, "brief.docx", DocumentError)
    return {place: part_text(place, part) for place, part in places.items()}


@pytest.mark.parametrize(
    "runs",
    [
        '<w:r><w:t>Daan</w:t><w:br/><w:t>Verbeek</w:t></w:r>',
        '<w:r><w:t>Daan</w:t></w:r><w:r><w:br w:type="page"/></w:r><w:r><w:t>Verbeek</w:t></w:r>',
        '<w:r><w:t>Daan</w:t><w:tab/><w:t>Verbeek</w:t></w:r>',
        '<w:r><w:t>Daan</w:t><w:cr/><w:t>Verbeek</w:t></w:r>',
        '<w:r><w:t>Daan</w:t><w:ptab w:relativeTo="margin" w:alignment="center" w:leader="none"/>'
        "<w:t>Verbeek</w:t></w:r>",
    ],
    ids=["line-break", "page-break", "tab", "carriage-return", "position-tab"],
)
def test_a_break_word_renders_as_space_separates_words(runs: str) -> None:
    """Shift+Enter, a page break, a tab: the two words of a name stay two words, not `DaanVerbeek`."""
    text = part_text("word/document.xml", body(f"<w:p>{runs}</w:p>"))
    assert reads(text, "Daan Verbeek") and "DaanVerbeek" not in text


def test_soft_and_non_breaking_hyphens_read_as_word_shows_them() -> None:
    """A soft hyphen is invisible inside a word; a non-breaking hyphen is a hyphen."""
    xml = body("<w:p><w:r><w:t>Ver</w:t><w:softHyphen/><w:t>beek en Anne</w:t><w:noBreakHyphen/>"
               "<w:t>Sophie</w:t><w:t>, Ver\u00adbeek</w:t></w:r></w:p>")
    assert reads(part_text("word/document.xml", xml), "Verbeek en Anne-Sophie, Verbeek")


def test_paragraphs_are_separate_lines_and_runs_are_joined() -> None:
    """Runs of one paragraph are joined whatever Word split; two paragraphs never run together."""
    xml = body("<w:p><w:r><w:t>Da</w:t></w:r><w:r><w:t>an</w:t></w:r></w:p>"
               "<w:p><w:r><w:t>Verbeek</w:t></w:r></w:p>")
    assert part_text("word/document.xml", xml).splitlines()[:2] == ["Daan", "Verbeek"]


def test_a_strict_open_xml_document_is_read_like_a_transitional_one() -> None:
    """Strict Open XML (other namespace, same words): runs joined and breaks kept."""
    xml = "<w:p><w:r><w:t>Da</w:t></w:r><w:r><w:t>an</w:t><w:br/><w:t>Verbeek</w:t></w:r></w:p>"
    assert part_text("word/document.xml", body(xml, STRICT_W_NS)) == part_text("word/document.xml", body(xml))
    assert "Daan\nVerbeek" in part_text("word/document.xml", body(xml, STRICT_W_NS))


def test_a_strict_open_xml_package_is_found_and_read() -> None:
    """A Strict package (Strict relationship type and namespaces) has its main part found and read."""
    parts = parts_of(word_document("Daan Verbeek"))
    for name in ("word/document.xml", "word/styles.xml"):
        parts[name] = parts[name].replace(W_NS.encode(), STRICT_W_NS.encode())
    replace(parts, "_rels/.rels", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
            "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")
    assert reads(scanned_text(package(parts))["word/document.xml"], "Daan Verbeek")


def test_a_text_box_is_its_own_line_inside_its_paragraph() -> None:
    """A text box anchored in a paragraph is read whole, without gluing it to the words around it."""
    xml = body("<w:p><w:r><w:t>Beste</w:t></w:r><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>Daan Verbeek</w:t>"
               "</w:r></w:p></w:txbxContent></w:pict></w:r><w:r><w:t> ouders</w:t></w:r></w:p>")
    assert part_text("word/document.xml", xml).splitlines()[:2] == ["Daan Verbeek", "Beste ouders"]


def test_attribute_values_are_read_and_escaped_ones_also_decoded() -> None:
    """Alt text and link targets are text; `Daan%20Verbeek` in a file address is read as `Daan Verbeek`."""
    rels = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="x/hyperlink" Target="file:///C:/Foto/Daan%20Verbeek.jpg" '
            b'TargetMode="External"/></Relationships>')
    assert "file:///C:/Foto/Daan Verbeek.jpg" in part_text("word/_rels/document.xml.rels", rels).splitlines()


def test_damaged_xml_is_read_as_it_is_and_as_a_forgiving_parser_reads_it() -> None:
    """A damaged part is never skipped: its raw text, and its runs joined as far as they can be read."""
    xml = body("<w:p><w:r><w:t>Da</w:t></w:r><w:r><w:t>an Verbeek</w:t></w:r></w:p>")[:-25]
    text = part_text("word/document.xml", xml)
    assert "<w:t>Da</w:t>" in text and "Daan Verbeek" in text


def test_drawing_and_spreadsheet_runs_are_joined_per_paragraph() -> None:
    """A shape's DrawingML paragraph and a spreadsheet's rich text are read like Word paragraphs."""
    drawing = (b'<a:txBody xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:p><a:r><a:t>Da</a:t>'
               b"</a:r><a:r><a:t>an</a:t></a:r><a:br/><a:r><a:t>Verbeek</a:t></a:r></a:p></a:txBody>")
    assert reads(part_text("word/charts/chart1.xml", drawing), "Daan Verbeek")
    sheet = parts_of(spreadsheet("Daan Verbeek"))["xl/sharedStrings.xml"]
    assert reads(part_text("xl/sharedStrings.xml", sheet), "Daan Verbeek")


def test_a_main_part_named_document2_is_scanned_under_its_own_name() -> None:
    """A Word Online file (word/document2.xml) is read, and its text is found there."""
    data = moved_main_part(word_document("Daan Verbeek is jarig."), "word/document2.xml")
    texts = scanned_text(data)
    assert "word/document.xml" not in texts
    assert "Daan Verbeek is jarig." in texts["word/document2.xml"]


def test_a_name_in_an_embedded_spreadsheet_is_read() -> None:
    """An embedded .xlsx is unpacked and its shared strings read, by a place naming both packages."""
    data = embed(word_document("Zie de tabel."), "word/embeddings/Microsoft_Excel_Worksheet.xlsx", XLSX,
                 spreadsheet("Daan Verbeek", "groep 8"))
    texts = scanned_text(data)
    place = "word/embeddings/Microsoft_Excel_Worksheet.xlsx!xl/sharedStrings.xml"
    assert reads(texts[place], "Daan Verbeek") and reads(texts[place], "groep 8")


def test_embedded_packages_are_read_three_deep_and_refused_deeper() -> None:
    """A document in a document is read up to three levels; a fourth is a refusal naming the place."""
    inner = spreadsheet("Daan Verbeek")
    for level in range(3):
        inner = embed(word_document(f"niveau {level}"), f"word/embeddings/n{level}.docx",
                      DOCX, inner)
    place = "word/embeddings/n2.docx!word/embeddings/n1.docx!word/embeddings/n0.docx!xl/sharedStrings.xml"
    assert "Daan Verbeek" in words(scanned_text(inner)[place])
    deeper = embed(word_document("niveau 3"), "word/embeddings/n3.docx",
                   DOCX, inner)
    nested = r"^brief\.docx: word/embeddings/n3\.docx!.*n0\.docx is nested more"
    with pytest.raises(DocumentError, match=nested):
        text_parts(deeper, "brief.docx", DocumentError)


@pytest.mark.parametrize("limit", ["MAX_UNPACKED_BYTES", "MAX_PARTS"])
def test_embedded_packages_share_one_size_limit(monkeypatch: pytest.MonkeyPatch, limit: str) -> None:
    """All levels together unpack to at most the package's bytes and parts: a refusal naming the part."""
    data = embed(word_document("Zie de tabel."), "word/embeddings/blad.xlsx", XLSX, spreadsheet("x" * 50_000))
    outer = parts_of(data)
    outer_bytes = sum(len(part) for part in outer.values())
    room = {"MAX_UNPACKED_BYTES": outer_bytes + 1000, "MAX_PARTS": len(outer) + 1}
    monkeypatch.setattr(docxtext, limit, room[limit])
    too_large = r"^brief\.docx: word/embeddings/blad\.xlsx: package unpacks to more"
    with pytest.raises(DocumentError, match=too_large):
        text_parts(data, "brief.docx", DocumentError)


@pytest.mark.parametrize(
    "name, content_type, payload, expected",
    [
        ("word/afchunk.htm", "text/html",
         b"<html><body><p>Da<b>an</b> Verbeek<br>groep 8</p><script>var x='geheim';</script>"
         b'<img src="Daan_Verbeek.gif" alt="Foto van Daan"></body></html>',
         ["Daan Verbeek", "groep 8", "Daan_Verbeek.gif", "Foto van Daan"]),
        ("word/afchunk.xhtml", "application/xhtml+xml",
         ('<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body>'
         "<p>Zo<i>\u00eb</i> Verbeek</p><a href=\"https://daan.example.org/\">site</a></body></html>").encode(),
         ["Zo\u00eb Verbeek", "https://daan.example.org/"]),
        ("word/afchunk.mht", "message/rfc822",
         b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="grens"\r\n\r\n--grens\r\n'
         b"Content-Location: file:///C:/Daan/brief.htm\r\nContent-Transfer-Encoding: quoted-printable\r\n"
         b'Content-Type: text/html; charset="windows-1252"\r\n\r\n<html><body><p>Zo=EB Ver=\r\nbeek</p>'
         b"</body></html>\r\n--grens--\r\n",
         ["Zo\u00eb Verbeek", "file:///C:/Daan/brief.htm"]),
        ("word/afchunk.rtf", "application/rtf",
         rb"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}\f0 Zo\'eb\line Verbeek\par"
         rb'{\field{\*\fldinst HYPERLINK "https://daan.example.org/"}{\fldrslt site}}}',
         ["Zo\u00eb Verbeek", "https://daan.example.org/"]),
        ("word/afchunk.txt", "text/plain", "Zoë Verbeek\r\ngroep 8".encode("utf-16"), ["Zo\u00eb Verbeek"]),
    ],
    ids=["html", "xhtml", "mht", "rtf", "plain-text"],
)
def test_content_imported_into_the_body_is_read(
    name: str, content_type: str, payload: bytes, expected: list[str]
) -> None:
    """An altChunk (HTML, XHTML, web archive, RTF, plain text) is read: its visible text and addresses."""
    texts = scanned_text(add_alt_chunk(word_document("Beste ouders,"), name, content_type, payload))
    text = words(texts[name])
    for phrase in expected:
        assert phrase in text
    assert "geheim" not in text  # a script is not text a reader sees


def test_an_imported_docx_is_read_as_a_package() -> None:
    """An altChunk that is itself a .docx is unpacked and read."""
    data = add_alt_chunk(word_document("Beste ouders,"), "word/afchunk.docx", DOCX + ".main+xml",
                         word_document("Daan Verbeek"))
    assert "Daan Verbeek" in scanned_text(data)["word/afchunk.docx!word/document.xml"]


def test_alt_text_of_a_picture_is_read_and_the_picture_is_not() -> None:
    """A picture's alt text (`descr`) is text; the picture itself is not text and is not scanned."""
    document = Document()
    document.add_picture(io.BytesIO(png_1px()), width=Cm(1))
    out = io.BytesIO()
    document.save(out)
    parts = parts_of(out.getvalue())
    replace(parts, "word/document.xml", 'name="Picture 1"', ALT_TEXT)
    texts = scanned_text(package(parts))
    assert "Daan_Verbeek_groep8.gif" in texts["word/document.xml"].splitlines()
    assert not [place for place in texts if place.startswith("word/media/")]


@pytest.mark.parametrize(
    "name, content_type, payload, message",
    [
        ("word/embeddings/oleObject1.bin", "application/vnd.openxmlformats-officedocument.oleObject",
         OLE_MAGIC + b"\0" * 100, "is an embedded object in a binary (OLE) format"),
        ("word/embeddings/blad.xlsx", XLSX,
         OLE_MAGIC + "EncryptedPackage".encode("utf-16-le"),
         "is encrypted (password-protected)"),
        ("word/vbaProject.bin", "application/vnd.ms-office.vbaProject",
         OLE_MAGIC + b"\0" * 100, "holds macros"),
        ("word/embeddings/object.dat", "application/octet-stream", b"\x00\x01\x02 Daan",
         "is in a format that cannot"),
    ],
    ids=["ole-object", "encrypted-spreadsheet", "macros", "unknown-binary"],
)
def test_what_cannot_be_read_is_refused_naming_the_part(
    name: str, content_type: str, payload: bytes, message: str
) -> None:
    """An embedded object the scan cannot read is a refusal naming the part, never a silent pass."""
    data = embed(word_document("Zie bijlage."), name, content_type, payload, rel_type="oleObject")
    with pytest.raises(TemplateError, match="^" + re.escape(f"brief.docx: {name} {message}")):
        text_parts(data, "brief.docx", TemplateError)


def test_an_encrypted_file_is_refused_before_anything_is_read() -> None:
    """A password-protected .docx (an OLE compound file) is refused as encrypted, naming the file."""
    data = OLE_MAGIC + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(DocumentError, match=r"^brief\.docx: is encrypted \(password-protected\)"):
        text_parts(data, "brief.docx", DocumentError)


def test_every_xml_part_and_relationship_is_read() -> None:
    """Headers, styles, settings, properties and relationships are all among the places read."""
    places = text_parts(word_document("Beste ouders,"), "brief.docx", DocumentError)
    assert {"word/document.xml", "word/styles.xml", "docProps/core.xml", "_rels/.rels",
            "word/_rels/document.xml.rels", "[Content_Types].xml"} <= set(places)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_document_saved_again_by_libreoffice_reads_the_same(tmp_path: Path) -> None:
    """Re-saved by LibreOffice as Word 2007 XML, the body's words, breaks and alt text read as before."""
    document = Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Daan").add_break()
    paragraph.add_run("Verbeek")
    paragraph = document.add_paragraph()
    paragraph.add_run("Lotte").add_tab()
    paragraph.add_run("Claessens")
    document.add_paragraph("Ver@soft@beek en Anne@hyphen@Sophie")
    document.add_picture(io.BytesIO(png_1px()), width=Cm(1))
    out = io.BytesIO()
    document.save(out)
    parts = parts_of(out.getvalue())
    replace(parts, "word/document.xml", "@soft@", "</w:t></w:r><w:r><w:softHyphen/><w:t>")
    replace(parts, "word/document.xml", "@hyphen@", "</w:t></w:r><w:r><w:noBreakHyphen/><w:t>")
    replace(parts, "word/document.xml", 'name="Picture 1"', ALT_TEXT)
    original = tmp_path / "brief.docx"
    original.write_bytes(package(parts))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
         "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "out"), str(original)],
        check=True, capture_output=True, timeout=120,
    )
    resaved = (tmp_path / "out" / "brief.docx").read_bytes()
    assert resaved != original.read_bytes()
    for data in (original.read_bytes(), resaved):
        text = scanned_text(data)["word/document.xml"]
        assert "DaanVerbeek" not in text and "LotteClaessens" not in text
        phrases = ("Daan Verbeek", "Lotte Claessens", "Verbeek en Anne-Sophie", "Daan_Verbeek_groep8.gif")
        for phrase in phrases:
            assert reads(text, phrase), phrase
