"""Reading a package: the main part is found wherever the package puts it; unreadable files are refused."""

from __future__ import annotations

import io
import re
import struct
import zipfile

import pytest

from commsgen.docxzip import MAIN_CONTENT_TYPES, main_part, read_parts
from commsgen.errors import DocumentError
from tests.docxbuild import OLE_MAGIC, package, parts_of, replace, spreadsheet, word_document

DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def moved_main_part(data: bytes, new: str) -> bytes:
    """The document with its main part renamed as Word Online does (`word/document2.xml`)."""
    parts = parts_of(data)
    parts[new] = parts.pop("word/document.xml")
    base = new.removeprefix("word/")
    parts[f"word/_rels/{base}.rels"] = parts.pop("word/_rels/document.xml.rels")
    replace(parts, "[Content_Types].xml", 'PartName="/word/document.xml"', f'PartName="/{new}"')
    replace(parts, "_rels/.rels", 'Target="word/document.xml"', f'Target="{new}"')
    return package(parts)


def test_a_python_docx_document_has_its_main_part_where_it_always_was() -> None:
    """The usual package: every part is read and the main part is word/document.xml."""
    parts = read_parts(word_document("Beste ouders,"), "brief.docx")
    assert main_part(parts) == "word/document.xml"
    assert "word/styles.xml" in parts


def test_a_main_part_named_document2_is_read() -> None:
    """Word Online saves word/document2.xml; the package relationships say so, and it is accepted."""
    parts = read_parts(moved_main_part(word_document("Beste ouders,"), "word/document2.xml"), "brief.docx")
    assert main_part(parts) == "word/document2.xml"


def test_without_package_relationships_the_content_types_name_the_main_part() -> None:
    """A package missing _rels/.rels still has its main part found through [Content_Types].xml."""
    parts = parts_of(moved_main_part(word_document("Beste ouders,"), "word/main.xml"))
    del parts["_rels/.rels"]
    assert main_part(read_parts(package(parts), "brief.docx")) == "word/main.xml"


def test_part_names_compare_without_case() -> None:
    """Part names are case-insensitive: a relationship to /Word/Document.xml finds word/document.xml."""
    parts = parts_of(word_document("Beste ouders,"))
    replace(parts, "_rels/.rels", 'Target="word/document.xml"', 'Target="/Word/Document.xml"')
    assert main_part(parts) == "word/document.xml"


@pytest.mark.parametrize("content_type", sorted(MAIN_CONTENT_TYPES - {DOCUMENT_TYPE}))
def test_macro_enabled_documents_and_templates_are_word_documents(content_type: str) -> None:
    """.docm, .dotx and .dotm main parts are main parts too."""
    parts = parts_of(word_document("Beste ouders,"))
    replace(parts, "[Content_Types].xml", DOCUMENT_TYPE, content_type)
    assert main_part(read_parts(package(parts), "brief.dotx")) == "word/document.xml"


def test_a_spreadsheet_is_not_a_word_document() -> None:
    """An .xlsx renamed .docx is refused, naming the file, not read as an empty letter."""
    with pytest.raises(DocumentError, match=r"^brief\.docx: not a Word document \(no main document part\)"):
        read_parts(spreadsheet("Beste ouders"), "brief.docx", DocumentError)


@pytest.mark.parametrize(
    "data, message",
    [
        (OLE_MAGIC + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 64,
         "is encrypted (password-protected)"),
        (OLE_MAGIC + b"\0" * 64 + "WordDocument".encode("utf-16-le") + b"\0" * 64,
         "is an Office binary file (an older .doc"),
    ],
    ids=["encrypted-docx", "old-doc"],
)
def test_a_compound_file_is_refused_for_what_it_is(data: bytes, message: str) -> None:
    """Word saves a password-protected .docx as an OLE compound file; the refusal says so."""
    with pytest.raises(DocumentError, match="^" + re.escape(f"brief.docx: {message}")):
        read_parts(data, "brief.docx", DocumentError)


def test_a_part_stored_twice_is_refused() -> None:
    """Two zip entries of one part (in any case): which one Word reads is undefined, so both are refused."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        for name, data in parts_of(word_document("Beste ouders,")).items():
            archive.writestr(name, data)
        archive.writestr("word/document.xml", b"<w:document/>")
    with pytest.raises(DocumentError, match=r"part word/document\.xml is stored twice"):
        read_parts(out.getvalue(), "brief.docx", DocumentError)
    parts = parts_of(word_document("Beste ouders,"))
    parts["Word/Document.xml"] = parts["word/document.xml"]
    with pytest.raises(DocumentError, match=r"part Word/Document\.xml is stored twice"):
        read_parts(package(parts), "brief.docx", DocumentError)


def test_an_encrypted_zip_entry_is_refused_naming_the_part() -> None:
    """A zip entry flagged as encrypted is a refusal naming it, not an internal error."""
    data = bytearray(word_document("Beste ouders,"))
    name = b"word/document.xml"
    central = data.index(b"PK\x01\x02")
    while data[central + 46:central + 46 + len(name)] != name:
        central = data.index(b"PK\x01\x02", central + 4)
    (local,) = struct.unpack_from("<I", data, central + 42)
    for flag_at in (central + 8, local + 6):  # the entry's flags, in its central and local headers
        data[flag_at] |= 0x1
    with pytest.raises(DocumentError, match=r"part word/document\.xml is encrypted"):
        read_parts(bytes(data), "brief.docx", DocumentError)


def test_damaged_content_types_are_refused_naming_the_part() -> None:
    """The main part cannot be found in a damaged [Content_Types].xml: a refusal naming it."""
    parts = parts_of(word_document("Beste ouders,"))
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"][:-20]
    with pytest.raises(DocumentError, match=r"damaged part \[Content_Types\]\.xml"):
        read_parts(package(parts), "brief.docx", DocumentError)
