"""Generic personal data: found in any text for wide audiences, unless allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from commsgen import pii
from commsgen.audiences import Audience
from commsgen.casefile import load_case
from commsgen.guard_scan import Scanner


@pytest.mark.parametrize(
    "text, kind",
    [
        ("bel 06-11223344", "a phone number"),
        ("bel +31 6 11 22 33 44", "a phone number"),
        ("mail iemand@example.org", "an e-mail address"),
        ("zie https://foto.example.invalid/x", "a web address"),
        ("zie www.example.invalid", "a web address"),
        ("woont op 1234 AB", "a postcode"),
        ("bsn 111222333", "a citizen service number (BSN)"),
        ("rekening NL91 ABNA 0417 1643 00", "a bank account number (IBAN)"),
        ("volg @zoe_2014 op Instagram", "a social media handle"),
    ],
    ids=["phone", "phone-plus31", "email", "url", "www", "postcode", "bsn", "iban", "handle"],
)
def test_each_kind_is_found(text: str, kind: str) -> None:
    """Every kind of personal data the issue names is recognised."""
    assert kind in {k for k, _ in pii.find(text)}


@pytest.mark.parametrize(
    "text, kind",
    [("op 26-11-2026 om 19:30", "a phone number"), ("groep 8 en 2026 en meer", "a postcode"),
     ("bsn 123456789", "a citizen service number (BSN)"),
     ("NL91 ABNA 0417 1643 01", "a bank account number (IBAN)"),
     ("schemas.openxmlformats.org/wordprocessingml", "a web address"),
     ("mail m.jansen@example.org", "a social media handle")],
    ids=["date-time", "year-word", "bsn-fails-11-test", "iban-bad-check", "ooxml-plumbing",
         "email-no-handle"],
)
def test_look_alikes_are_not_taken_for_that_kind(text: str, kind: str) -> None:
    """Dates, years, numbers failing their checksum, namespaces and e-mail addresses are not misread."""
    assert kind not in {k for k, _ in pii.find(text)}


def test_the_eleven_test_and_mod_97() -> None:
    """The checksums (python-stdnum) separate a BSN or IBAN from any nine digits or code."""
    kinds = {kind for kind, _ in pii.find("BSN 111222333, rekening NL91ABNA0417164300")}
    assert kinds == {"a citizen service number (BSN)", "a bank account number (IBAN)"}
    assert not list(pii.find("nummer 123456789, code NL91ABNA0417164301"))


def test_a_visible_contact_number_and_the_templates_helpline_are_allowed(case_file: Path) -> None:
    """The parent contact's number and a helpline written in the template are not findings."""
    scanner = Scanner(load_case(case_file).case, Audience("parents"))
    text = "Bel 046 123 4567 of Veilig Thuis 0800 2000 1234."
    assert scanner.scan_text(text, "word/document.xml", pii.keys("Veilig Thuis 0800 2000 1234")) == []
    assert scanner.scan_text("Bel 06 99887766.", "word/document.xml")


def test_the_police_audience_is_not_checked_for_generic_data(case_file: Path) -> None:
    """The police handover may hold any number the school has."""
    scanner = Scanner(load_case(case_file).case, Audience("police"))
    assert scanner.scan_text("Bel 06 99887766.", "word/document.xml") == []
