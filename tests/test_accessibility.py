"""Documents every reader can read (issue 21): structure in the .docx and a tagged PDF/UA.

The .docx of every kind of both examples, in every language it is made in, carries its language
on its text, heading styles, marked table header rows and alternative text on pictures, and the
title in its core properties. The PDFs (one LibreOffice batch for all of them; marked `slow`)
are tagged: `/MarkInfo /Marked true`, a structure tree with the title and headings as `H1`/`H2`/`H3`
and table header cells as `TH`, `/Lang` of the document's language and a title. A school template that drops
the structure is warned about by the lint, not refused.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree

from commsgen import pdf
from commsgen.accessibility import set_language
from commsgen.casefile import load_case
from commsgen.cli import cli
from commsgen.generate import Options, Rendered, plan, produce
from commsgen.i18n import text_direction
from commsgen.kinds import KINDS
from commsgen.lint import structure, structure_warnings
from commsgen.status import gate
from commsgen.templates import load_template
from tests.test_layout import builder

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = (ROOT / "examples" / "case.yaml", ROOT / "examples" / "secondary-case.yaml")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
DC = "{http://purl.org/dc/elements/1.1/}"
HEADINGS = {"Title": "/H1", "Heading1": "/H2", "Heading2": "/H3"}  # the title is the first heading
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def render_case(case_file: Path) -> list[Rendered]:
    """Every document the case calls for (held-back ones too), in every language it is made in."""
    loaded = load_case(case_file)
    options = Options(tuple(KINDS), allow_untranslated=True, whole_pack=True, override="accessibility test")
    jobs, _ = gate(loaded.case, plan(loaded, options), options.override, True)
    return produce(loaded, jobs, options)


@pytest.fixture(scope="module")
def documents() -> list[Rendered]:
    """Both examples' documents, every kind in every language, as .docx."""
    # The Word documents; a portal message, e-mail draft or CSV has no styles or runs.
    return [r for case_file in EXAMPLES for r in render_case(case_file) if r.name.endswith(".docx")]


def language_of(name: str) -> str:
    found = re.search(r"_([a-z]{2})\.(?:docx|pdf)$", name)
    assert found, name
    return found.group(1)


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def body_styles(data: bytes) -> Counter[str]:
    """How many paragraphs of the body are in each paragraph style."""
    root = etree.fromstring(parts_of(data)["word/document.xml"], PARSER)
    return Counter(str(s.get(f"{W}val")) for s in root.iter(f"{W}pStyle"))


# --- the .docx -------------------------------------------------------------------------------


def test_every_kind_and_language_of_both_examples_is_checked(documents: list[Rendered]) -> None:
    """The checks below see every document kind, and the parent letter in every case language."""
    names = " ".join(d.name for d in documents)
    assert all(f"_{kind}_" in names for kind in KINDS if "docx" in KINDS[kind].formats)
    assert all(f"parent-letter_{lang}" in names for lang in ("nl", "en", "de", "pl", "tr", "ar", "uk"))


def test_the_text_of_every_document_is_in_its_language(documents: list[Rendered]) -> None:
    """The styles' default language and every run's `w:lang` are the document's language; a
    right-to-left document has it as its bidi language too (Arabic read with an Arabic voice)."""
    for document in documents:
        lang = language_of(document.name)
        parts = parts_of(document.data)
        styles = etree.fromstring(parts["word/styles.xml"], PARSER)
        default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
        assert default is not None, document.name
        assert default.get(f"{W}val") == lang, document.name
        if text_direction(lang) == "rtl":
            assert default.get(f"{W}bidi") == lang, document.name
        for name, content in parts.items():
            if re.match(r"word/(document|header\d*|footer\d*)\.xml$", name):
                tags = etree.fromstring(content, PARSER).iter(f"{W}lang")
                assert {(t.get(f"{W}val"), text_direction(lang) != "rtl" or t.get(f"{W}bidi") == lang)
                        for t in tags} <= {(lang, True)}, (document.name, name)


def test_the_title_and_headings_are_heading_styles(documents: list[Rendered]) -> None:
    """Each document has its title in the Title style, and its sections (where its wording has any)
    under Heading 1."""
    for document in documents:
        styles = body_styles(document.data)
        source = (ROOT / "templates" / "src" / f"{document.job.kind.name}.txt").read_text(encoding="utf-8")
        sections = re.search(r"^== ", source, re.MULTILINE) is not None
        assert styles["Title"] == 1 and (styles["Heading1"] >= 1) == sections, document.name


def test_the_title_is_in_the_core_properties_in_the_documents_language(documents: list[Rendered]) -> None:
    """`dc:title` is the title the document shows (translated), and `dc:language` its language."""
    for document in documents:
        parts = parts_of(document.data)
        core = etree.fromstring(parts["docProps/core.xml"], PARSER)
        body = etree.fromstring(parts["word/document.xml"], PARSER)
        title = next(p for p in body.iter(f"{W}p")
                     if any(s.get(f"{W}val") == "Title" for s in p.iter(f"{W}pStyle")))
        shown = "".join(t.text or "" for t in title.iter(f"{W}t")).strip()
        assert shown and core.findtext(f"{DC}title") == shown, document.name
        assert core.findtext(f"{DC}language") == language_of(document.name)


def test_every_header_row_of_the_wording_is_marked_as_one() -> None:
    """Each `|!` row of a template's source is a table header row (`w:tblHeader`) in the template,
    and its cells are in the Table Heading style (a PDF's TH)."""
    build = builder()
    for source in sorted((ROOT / "templates" / "src").glob("*.txt")):
        text = source.read_text(encoding="utf-8")
        rows = len(re.findall(r"^\|!", text, re.MULTILINE))
        parts = build.parts_of(build.build(source.stem, text))
        body = etree.fromstring(parts["word/document.xml"], PARSER)
        marked = [tr for tr in body.iter(f"{W}tr") if tr.find(f"{W}trPr/{W}tblHeader") is not None]
        assert len(marked) == rows, source.name
        for tr in marked:
            cells = [p for p in tr.iter(f"{W}p") if "".join(t.text or "" for t in p.iter(f"{W}t")).strip()]
            styles = {p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in cells}
            assert styles == {"TableHeading"}, source.name


def test_no_picture_is_without_alternative_text(documents: list[Rendered]) -> None:
    """Every picture (`wp:docPr`) of every document has a description or is marked decorative."""
    for document in documents:
        assert structure(parts_of(document.data)).unlabelled == {}, document.name


def test_a_templates_own_run_language_becomes_the_documents() -> None:
    """A run a template set to Dutch (`w:lang w:val="nl-NL"`) is in Arabic in the Arabic letter, with
    Arabic as its bidi language; a template without any default gets one."""
    document = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                b'<w:p><w:r><w:rPr><w:lang w:val="nl-NL"/></w:rPr><w:t>Beste ouders</w:t></w:r></w:p>'
                b"</w:body></w:document>")
    styles = b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"></w:styles>'
    parts = set_language({"word/document.xml": document, "word/styles.xml": styles}, "ar", rtl=True)
    assert b'<w:lang w:val="ar" w:eastAsia="ar" w:bidi="ar"/>' in parts["word/document.xml"]
    root = etree.fromstring(parts["word/styles.xml"], PARSER)
    assert root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang").get(f"{W}val") == "ar"


# --- the lint: a warning for a school template that drops the structure -------------------------


def school_template(tmp_path: Path, kind: str, change: Any) -> Path:
    """A templates folder with the built-in template of `kind`, its document.xml changed by `change`."""
    folder = tmp_path / "school"
    folder.mkdir(exist_ok=True)
    parts = dict(load_template(kind).parts)
    parts["word/document.xml"] = change(parts["word/document.xml"])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    (folder / f"{kind}.docx").write_bytes(out.getvalue())
    return folder


PICTURE = (b'<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
           b'wordprocessingDrawing"><wp:extent cx="1" cy="1"/><wp:docPr id="1" name="Logo"%s/></wp:inline>'
           b"</w:drawing></w:r>")


def with_picture(attributes: bytes) -> Any:
    return lambda xml: xml.replace(b"</w:p>", PICTURE % attributes + b"</w:p>", 1)


@pytest.mark.parametrize(("kind", "change", "warned"), [
    ("parent-letter", lambda xml: re.sub(rb'<w:pStyle w:val="(Title|Heading\d)"/>', b"", xml), "kopstijl"),
    ("police-handover", lambda xml: xml.replace(b"<w:tblHeader/>", b""), "kopregels van tabellen"),
    ("parent-letter", with_picture(b""), "zonder alternatieve tekst"),
], ids=["headings", "header-rows", "picture"])
def test_the_lint_warns_in_dutch_about_a_school_template_that_drops_structure(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, change: Any, warned: str
) -> None:
    """`lint --templates` names the template and what a screen reader loses, in Dutch; it passes (exit 0)."""
    monkeypatch.setenv("COMMSGEN_LANG", "nl")
    folder = school_template(tmp_path, kind, change)
    result = runner.invoke(cli, ["lint", "--templates", str(folder)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "waarschuwing:" in line]
    assert len(lines) == 1 and f"{kind}.docx" in lines[0] and warned in lines[0], result.output


@pytest.mark.parametrize("attributes", [b' descr="Logo van de school"', b""], ids=["described", "decorative"])
def test_a_described_or_decorative_picture_is_not_warned_about(attributes: bytes) -> None:
    """A picture with alternative text, or marked decorative as Word marks it, passes the lint."""
    xml = load_template("parent-letter").parts["word/document.xml"]
    if not attributes:  # Word's decorative mark: an extension inside docPr
        picture = PICTURE.replace(b"%s/>", b'><a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/'
                                  b'2006/main"><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
                                  b'<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/'
                                  b'2017/decorative" val="1"/></a:ext></a:extLst></wp:docPr>')
        changed = xml.replace(b"</w:p>", picture + b"</w:p>", 1)
    else:
        changed = with_picture(attributes)(xml)
    parts = {**load_template("parent-letter").parts, "word/document.xml": changed}
    assert structure(parts).unlabelled == {}
    assert structure_warnings("parent-letter.docx", parts, load_template("parent-letter").parts) == []


def test_the_built_in_templates_get_no_warning() -> None:
    """The builder's own templates carry every structure the lint looks for."""
    for kind in KINDS:
        parts = load_template(kind).parts
        assert structure_warnings(f"{kind}.docx", parts, parts) == [], kind


# --- the PDFs: tagged PDF/UA, in one LibreOffice batch -----------------------------------------


@dataclass(frozen=True)
class Tagged:
    """What a PDF tells a screen reader: its catalog's marks, language and title, and its tags."""

    marked: bool
    tree: bool
    lang: str
    title: str
    tags: Counter[str]


def tagged(data: bytes) -> Tagged:
    """The structure of a PDF, read with pypdf."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    mark = root.get("/MarkInfo")
    tags: Counter[str] = Counter()
    pending: list[Any] = [root["/StructTreeRoot"]] if "/StructTreeRoot" in root else []
    while pending:
        node = pending.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            pending += list(node)
        elif hasattr(node, "get"):
            if node.get("/S") is not None:
                tags[str(node["/S"])] += 1
            if node.get("/K") is not None:
                pending.append(node["/K"])
    return Tagged(bool(mark and mark.get_object().get("/Marked")), "/StructTreeRoot" in root,
                  str(root.get("/Lang", "")), str((reader.metadata or {}).get("/Title", "")), tags)


@pytest.fixture(scope="module")
def pdfs(documents: list[Rendered]) -> dict[str, Tagged]:
    """Every document of both examples as PDF, from one LibreOffice batch, read for its structure."""
    if pdf.find_libreoffice() is None:
        pytest.skip("LibreOffice is not installed")
    made = pdf.LibreOffice().convert({d.name: d.data for d in documents})
    return {name: tagged(data) for name, data in made.items()}


@pytest.mark.slow
@pytest.mark.skipif(pdf.find_libreoffice() is None, reason="LibreOffice is not installed")
def test_every_pdf_is_tagged_with_its_language_and_title(pdfs: dict[str, Tagged],
                                                          documents: list[Rendered]) -> None:
    """`/MarkInfo /Marked true`, a structure tree, `/Lang` of the document's language (LibreOffice
    adds the region: `ar-SA`) and the title of the core properties, for every kind and language."""
    titles = {d.name: etree.fromstring(parts_of(d.data)["docProps/core.xml"], PARSER).findtext(f"{DC}title")
              for d in documents}
    for name, found in pdfs.items():
        assert found.marked and found.tree, name
        assert found.lang.split("-")[0] == language_of(name), (name, found.lang)
        assert found.title and found.title == titles[name], name


@pytest.mark.slow
@pytest.mark.skipif(pdf.find_libreoffice() is None, reason="LibreOffice is not installed")
def test_the_pdfs_headings_are_h1_and_h2_as_in_the_docx(pdfs: dict[str, Tagged],
                                                        documents: list[Rendered]) -> None:
    """The title of the .docx is the PDF's one H1 tag, every Heading 1 paragraph an H2, every Heading 2
    an H3: a screen reader announces the title as a heading, and the sections under it."""
    for document in documents:
        styles = body_styles(document.data)
        found = pdfs[document.name].tags
        for style, tag in HEADINGS.items():
            assert found[tag] == styles[style], (document.name, tag)


@pytest.mark.slow
@pytest.mark.skipif(pdf.find_libreoffice() is None, reason="LibreOffice is not installed")
def test_the_pdfs_tables_have_header_cells(pdfs: dict[str, Tagged], documents: list[Rendered]) -> None:
    """A table with a header row or labels in its first column has TH cells; every table is a Table."""
    seen_th = 0
    for document in documents:
        found = pdfs[document.name].tags
        xml = parts_of(document.data)["word/document.xml"]
        assert found["/Table"] == len(re.findall(rb"<w:tbl>", xml)), document.name
        if b'w:val="TableHeading"' in xml:
            assert found["/TH"] >= 1, document.name
            seen_th += 1
    assert seen_th >= len(KINDS) - 1  # nearly every kind has a table with headers


@pytest.mark.slow
@pytest.mark.skipif(pdf.find_libreoffice() is None, reason="LibreOffice is not installed")
def test_pdfa_keeps_the_tags(runner: CliRunner, case_file: Path, tmp_path: Path) -> None:
    """`--pdfa` writes PDF/A-2 (declared in XMP) that is still tagged, with its language."""
    out = tmp_path / "out"
    result = runner.invoke(cli, ["render", str(case_file), "--doc", "parent-letter", "--lang", "ar", "--pdfa",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    data = (out / "2026-901_parent-letter_ar.pdf").read_bytes()
    assert b"pdfaid:part>2<" in data or b'pdfaid:part="2"' in data
    found = tagged(data)
    assert found.marked and found.tree and found.lang.startswith("ar") and found.tags["/H1"] >= 1
