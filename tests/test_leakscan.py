"""Leak scan: private values are found however Word splits or formats them; visible ones are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from commsgen.audiences import Audience
from commsgen.casefile import load_case
from commsgen.docxtext import part_text as read_part
from commsgen.guard_index import normalise
from commsgen.guard_scan import Scanner
from commsgen.pii import phone_key

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def body(xml: str) -> bytes:
    return f'<w:document {W_NS}><w:body>{xml}</w:body></w:document>'.encode()


def fields_found(case_file: Path, text: str, audience: str = "parents") -> set[str]:
    scanner = Scanner(load_case(case_file).case, Audience.parse(audience))
    return {f.field for f in scanner.scan_text(text, "word/document.xml")}


@pytest.mark.parametrize(
    "text, field",
    [
        ("Sanne de Boer", "people[1] (s1).name"),
        ("SANNE DE BOER", "people[1] (s1).name"),
        ("Sanne\u00a0de\u200bBoer", "people[1] (s1).name"),
        ("mevrouw De Boer", "people[1] (s1).name"),
        ("Sanne", "people[1] (s1).name"),
        ("bel 0612345678", "people[1] (s1).guardians[1].phone"),
        ("bel +31 6 12 34 56 78", "people[1] (s1).guardians[1].phone"),
        ("bel 06-87654321", "people[2] (s2).guardians[1].phone"),
        ("mail PETRA.DeBoer@example.org", "people[1] (s1).guardians[1].email"),
        ("zie leak.example.invalid/abc", "incident.source_url"),
        ("kenmerk pl2400-2026112345", "police.report_reference"),
        ("meldde zich zelf op maandagochtend bij de juf", "people[1] (s1).notes"),
    ],
    ids=["full", "upper", "nbsp-zero-width", "surname", "first-name", "phone-digits", "phone-plus31",
         "phone-dash", "email-case", "url-no-scheme", "reference", "note-fragment"],
)
def test_private_values_are_found_in_any_spelling(case_file: Path, text: str, field: str) -> None:
    """Case, spaces, invisible characters, phone formatting and schemes do not hide a value."""
    assert field in fields_found(case_file, text)


def test_diacritics_and_apostrophes_are_normalised() -> None:
    """Zoë matches Zoe, and curly apostrophes match straight ones."""
    assert normalise("Zoë van ’t Hof") == normalise("ZOE VAN 'T HOF")


def test_plus31_is_read_as_a_leading_zero() -> None:
    """+31 6 and 06 are the same phone number."""
    assert phone_key("+31 6 8765 4321") == phone_key("06-8765 4321") == phone_key("0031687654321")


@pytest.mark.parametrize("text", ["Het nieuwe semester begint.", "De boerderij van groep 8.", "Timmerman"])
def test_names_match_as_whole_words_only(case_file: Path, text: str) -> None:
    """`Boer` does not match `boerderij`, nor `Tim` `Timmerman`."""
    assert fields_found(case_file, text) == set()


def test_a_visible_value_sharing_a_surname_does_not_block(case_file: Path) -> None:
    """The parent contact Marieke Jansen may appear although pupil Tim Jansen may not."""
    assert fields_found(case_file, "Neem contact op met Marieke Jansen, 046 123 4567.") == set()
    assert "people[2] (s2).name" in fields_found(case_file, "Marieke Jansen en Tim")


def test_a_pupil_document_may_name_its_own_pupil_but_not_another(case_file: Path) -> None:
    """student:s1 may show Sanne de Boer and her mother, but not Tim Jansen."""
    assert fields_found(case_file, "Sanne de Boer, moeder Petra de Boer", "student:s1") == set()
    assert fields_found(case_file, "Tim Jansen", "student:s1") == {"people[2] (s2).name"}


def test_the_police_may_see_everything(case_file: Path) -> None:
    """Nothing in the case is private for the police audience."""
    assert fields_found(case_file, "Sanne de Boer, Tim Jansen, PL2400-2026112345", "police") == set()


def test_text_split_over_runs_is_joined() -> None:
    """Word splits text into runs at any character; the scan reads the paragraph whole."""
    xml = body("<w:p><w:r><w:t>San</w:t></w:r><w:r><w:t>ne de B</w:t></w:r><w:r><w:t>oer</w:t></w:r></w:p>")
    assert "Sanne de Boer" in read_part("word/document.xml", xml)


@pytest.mark.parametrize(
    "xml",
    [
        "<w:p><w:del><w:r><w:delText>Sanne</w:delText></w:r></w:del></w:p>",
        "<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>Sanne</w:t></w:r></w:p>",
        '<w:p><w:hyperlink r:id="x" xmlns:r="urn:r" w:tooltip="Sanne"/></w:p>',
        '<w:p><w:r><w:instrText>HYPERLINK "https://leak.example.invalid/abc"</w:instrText></w:r></w:p>',
        '<w:p><mc:AlternateContent xmlns:mc="urn:mc"><mc:Choice Requires="wps"/><mc:Fallback>'
        "<w:pict><w:txbxContent><w:p><w:r><w:t>Tim</w:t></w:r><w:r><w:t> Jansen</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:p>",
        '<w:p><wp:docPr xmlns:wp="urn:wp" id="1" name="Foto" descr="Sanne op het schoolplein"/></w:p>',
    ],
    ids=["deleted", "hidden", "attribute", "field-code", "text-box-fallback", "alt-text"],
)
def test_deleted_hidden_attribute_and_field_text_is_read(case_file: Path, xml: str) -> None:
    """Tracked deletions, hidden runs, attributes and field codes are all scanned."""
    scanner = Scanner(load_case(case_file).case, Audience("parents"))
    assert scanner.scan_parts({"word/document.xml": body(xml)})


def test_a_date_of_birth_is_looked_for_in_the_forms_people_write() -> None:
    """The first of the month with its ordinal and zero-padded, a two-digit year (1 March 2015)."""
    from commsgen.guard_index import read, written_dates

    def dates(text: str) -> set[tuple[int, int, str]]:
        words, _, gaps = read(text, keep_gaps=True)
        return {(m, d, y) for at in range(len(words)) for _, m, d, y, _ in written_dates(words, gaps, at)}

    for text, year in [("1st March 2015", "2015"), ("01 maart 2015", "2015"), ("01-03-15", "15"),
                       ("March 1st 2015", "2015"), ("1. März 2015", "2015")]:
        assert (3, 1, year) in dates(text), text
    assert dates("1 maart") == set() and dates("2015") == set()
