"""Small real packages for the reading tests: made with python-docx, then edited part by part."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from docx import Document

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_TYPE = R_NS + "/{}"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_RELS = "application/vnd.openxmlformats-package.relationships+xml"


def png_1px() -> bytes:
    """A valid one-pixel PNG picture."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0"))
            + chunk(b"IEND", b""))


def word_document(*paragraphs: str) -> bytes:
    """A .docx saved by python-docx with one paragraph per text."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def package(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def replace(parts: dict[str, bytes], name: str, old: str, new: str) -> None:
    """Edit one part's text in place; the edit must apply."""
    assert old.encode() in parts[name], (name, old)
    parts[name] = parts[name].replace(old.encode(), new.encode(), 1)


def add_part(parts: dict[str, bytes], name: str, content_type: str, data: bytes, rel_type: str) -> str:
    """Add a part related to the main document; returns its relationship id."""
    rid = f"rIdTest{len(parts)}"
    replace(parts, "[Content_Types].xml", "</Types>",
            f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>')
    target = name.removeprefix("word/")
    relationship = f'<Relationship Id="{rid}" Type="{REL_TYPE.format(rel_type)}" Target="{target}"/>'
    replace(parts, "word/_rels/document.xml.rels", "</Relationships>", relationship + "</Relationships>")
    return rid


def add_alt_chunk(data: bytes, name: str, content_type: str, payload: bytes) -> bytes:
    """A document that imports `payload` into its body as Word's altChunk does."""
    parts = parts_of(data)
    rid = add_part(parts, name, content_type, payload, "aFChunk")
    parts[name] = payload
    replace(parts, "word/document.xml", "<w:sectPr", f'<w:altChunk xmlns:r="{R_NS}" r:id="{rid}"/><w:sectPr')
    return package(parts)


def embed(data: bytes, name: str, content_type: str, payload: bytes, rel_type: str = "package") -> bytes:
    """A document carrying `payload` as an embedded object part."""
    parts = parts_of(data)
    add_part(parts, name, content_type, payload, rel_type)
    parts[name] = payload
    return package(parts)


def spreadsheet(*strings: str) -> bytes:
    """A minimal .xlsx whose shared strings are `strings`, each split over two rich-text runs."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    halves = [(s[: len(s) // 2], s[len(s) // 2:]) for s in strings]
    items = "".join(
        f'<si><r><t xml:space="preserve">{a}</t></r><r><rPr><b/></rPr><t>{b}</t></r></si>' for a, b in halves
    )
    return package({
        "[Content_Types].xml": (
            f'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="{_RELS}"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ).encode(),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL_TYPE.format("officeDocument")}" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ).encode(),
        "xl/workbook.xml": f'<workbook xmlns="{main}"><sheets><sheet name="Blad1"/></sheets></workbook>'
        .encode(),
        "xl/sharedStrings.xml": f'<sst xmlns="{main}" count="{len(strings)}">{items}</sst>'.encode(),
    })
