"""The guard holds against how people really type, edit and save (issue 8): each input of the issue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commsgen.audiences import Audience
from commsgen.casefile import load_case
from commsgen.cli import cli
from commsgen.errors import CaseFileError
from commsgen.freetext import check_free_text
from commsgen.guard_scan import Scanner
from tests.conftest import CASE_YAML, make_template

SUMMARY = "Er is onder leerlingen van groep 8 een foto van seksuele aard gedeeld."


def case_with(tmp_path: Path, old: str, new: str) -> Path:
    assert old in CASE_YAML, old
    path = tmp_path / "case.yaml"
    path.write_text(CASE_YAML.replace(old, new), encoding="utf-8")
    return path


def in_summary(tmp_path: Path, text: str) -> Path:
    return case_with(tmp_path, f'"{SUMMARY}"', f'"{SUMMARY} {text}"')


def found(case_file: Path, text: str, audience: str = "parents") -> set[str]:
    scanner = Scanner(load_case(case_file).case, Audience.parse(audience))
    return {f.field for f in scanner.scan_text(text, "word/document.xml")}


def test_a_pupils_name_in_a_staff_note_is_refused_by_check(tmp_path: Path, runner: CliRunner) -> None:
    """A note all staff read that names a pupil: check names both fields and the line, never the value."""
    path = case_with(tmp_path, 'note: "Wijkagent gebeld."',
                     'note: "Wijkagent gebeld.", staff_note: "Gesprek met Tim Jansen gepland."')
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    expected = r"case\.yaml:\d+: actions\[1\]\.staff_note: mentions people\[2\] \(s2\)\.name"
    assert re.search(expected, result.stderr)
    assert "Tim" not in result.output + result.stderr


def test_a_name_inside_text_staff_may_read_is_still_found_by_scan(case_file: Path) -> None:
    """Free text an audience may see is never masked whole: a pupil's name written inside it is found."""
    text = "Er is onder leerlingen van groep 8 een foto van seksuele aard gedeeld, door Tim."
    assert found(case_file, text, "staff") == {"people[2] (s2).name"}


def test_a_guardian_phone_with_an_en_dash_in_the_summary_is_refused(tmp_path: Path) -> None:
    """`06–1234 5678` is what Word makes of `06-1234 5678`: the same number."""
    with pytest.raises(CaseFileError) as caught:
        check_free_text(load_case(in_summary(tmp_path, "Bel 06–1234 5678.")))
    assert "people[1] (s1).guardians[1].phone" in caught.value.message


def test_a_name_pasted_with_curly_quotes_is_stored_without_them(tmp_path: Path) -> None:
    """`name: “Lotte Claessens”` is the name Lotte Claessens, so `Lotte` alone is found."""
    path = case_with(tmp_path, 'name: "Tim Jansen"', "name: “Lotte Claessens”")
    loaded = load_case(path)
    assert loaded.case.people[1].name == "Lotte Claessens"
    assert found(path, "Er is een foto van Lotte gedeeld.") == {"people[2] (s2).name"}


@pytest.mark.parametrize(
    "spelling",
    ["06–12345678", "06—1234 5678", "06‑1234‑5678", "+31 (0)6 1234 5678", "0031612345678",
     "06.12.34.56.78", "06\u00a01234\u00a05678", "06\u202f1234\u202f5678", "06 \u2060 1234 5678",
     "０６１２３４５６７８"],
    ids=["en-dash", "em-dash", "nb-hyphen", "plus31-trunk", "0031", "dots", "nbsp", "narrow-nbsp",
         "word-joiner", "fullwidth"],
)
def test_every_way_of_typing_a_phone_number_is_the_same_number(case_file: Path, spelling: str) -> None:
    """Dashes, spaces, prefixes and compatibility forms do not hide a guardian's number."""
    assert "people[1] (s1).guardians[1].phone" in found(case_file, f"Bel {spelling} voor meer.")


@pytest.mark.parametrize(
    "text",
    ["zie www.leak.example.invalid/abc", "zie https://www.leak.example.invalid/abc/",
     "zie LEAK.example.invalid/abc", "zie leak.example.invalid", "zie hxxps://leak[.]example[.]invalid/abc",
     "zie leak(dot)example(dot)invalid/abc"],
    ids=["www", "scheme-www-slash", "case", "host-only", "defanged", "dot-words"],
)
def test_the_source_address_is_found_with_or_without_www(case_file: Path, text: str) -> None:
    """The police-only web address, in any of the ways people write it."""
    assert "incident.source_url" in found(case_file, text)


def test_the_source_address_with_www_in_the_summary_is_refused(tmp_path: Path) -> None:
    """`check` refuses the summary that names the source site with `www.`."""
    with pytest.raises(CaseFileError) as caught:
        check_free_text(load_case(in_summary(tmp_path, "Het stond op www.leak.example.invalid/abc.")))
    assert "incident.source_url" in caught.value.message


@pytest.mark.parametrize(
    "text",
    ["Tim\nJansen", "Tim\tJansen", "Tim Jan-\nsen", "TimJansen", "Tim_Jansen_groep8.gif", "tim.jansen.jpg",
     "Tims fiets", "Tim’s foto", "T\u200bim Jansen", "Tim\ufe0f Jansen",
     "T\u0456m Jansen", "T i m   J a n s e n"],
    ids=["soft-break", "tab", "line-end-hyphen", "camel", "underscores", "dots", "possessive",
         "apostrophe-s", "zero-width", "variation-selector", "cyrillic-i", "spaced-out"],
)
def test_a_name_is_found_in_the_forms_a_reader_recognises(case_file: Path, text: str) -> None:
    """Breaks, joins, possessives, invisible and look-alike characters do not hide a pupil."""
    assert "people[2] (s2).name" in found(case_file, text)


def test_a_family_plural_names_the_family(case_file: Path) -> None:
    """`de Boers` is Sanne de Boer's family to a Dutch reader."""
    assert "people[1] (s1).name" in found(case_file, "Het gaat om de Boers.")


@pytest.mark.parametrize("text, field", [("Zoe", "people[2] (s2).name"), ("Zoë", "people[2] (s2).name"),
                                         ("Anne Marie", "people[2] (s2).name"),
                                         ("Anne-Marie", "people[2] (s2).name")])
def test_special_letters_and_hyphenated_first_names_are_one_name(
    tmp_path: Path, text: str, field: str
) -> None:
    """Zoë typed without its diaeresis, Anne-Marie typed with a space: the same child."""
    name = "Zoë" if text.startswith("Zo") else "Anne-Marie"
    path = case_with(tmp_path, 'name: "Tim Jansen"', f'name: "{name} Verbeek"')
    assert field in found(path, f"Een foto van {text}.")


def test_an_arabic_label_glued_to_an_address_is_not_a_new_address(case_file: Path) -> None:
    """PDF text that joins an Arabic label to the contact's e-mail is the contact's e-mail: no finding."""
    text = "البريد الإلكترونيm.jansen@linde.example.orgالهاتف046 123 4567"
    assert found(case_file, text) == set()


def test_an_address_without_a_case_value_is_still_a_finding_for_parents(case_file: Path) -> None:
    """An unknown e-mail address in a parents' document is personal data the case does not hold."""
    assert found(case_file, "mail lotte@example.org") == {"an e-mail address that is not in the case file"}


def test_a_hand_edited_letter_with_the_www_address_is_blocked_by_scan(
    case_file: Path, tmp_path: Path, runner: CliRunner
) -> None:
    """A letter edited by hand after generation, with the site written with `www.`, scans as a finding."""
    body = ["Beste ouders,", "Zie www.leak.example.invalid/abc."]
    letter = make_template(tmp_path / "edited", "letter", body=body)
    result = runner.invoke(cli, ["scan", str(letter), "--case", str(case_file), "--audience", "parents"])
    assert result.exit_code == 3
    assert "incident.source_url" in result.stderr and "leak.example" not in result.stderr


def test_a_name_in_a_pictures_file_name_kept_as_alt_text_is_blocked(
    case_file: Path, tmp_path: Path, runner: CliRunner
) -> None:
    """`Tim_Jansen_groep8.gif` in a picture's description reaches a reader as a name."""
    import io
    import zipfile

    letter = make_template(tmp_path / "edited", "letter", body=["Beste ouders,"])
    with zipfile.ZipFile(letter) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    drawing = ('<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/'
               'drawingml/2006/wordprocessingDrawing"><wp:docPr id="1" name="Afbeelding 1" '
               'descr="Tim_Jansen_groep8.gif"/></wp:inline></w:drawing></w:r></w:p>')
    document = parts["word/document.xml"]
    parts["word/document.xml"] = document.replace(b"</w:body>", drawing.encode() + b"</w:body>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    letter.write_bytes(out.getvalue())
    result = runner.invoke(cli, ["scan", str(letter), "--case", str(case_file), "--audience", "parents"])
    assert result.exit_code == 3 and "people[2] (s2).name" in result.stderr


def test_a_visible_contact_sharing_a_surname_still_does_not_block(case_file: Path) -> None:
    """Longer private values win over shorter allowed ones, exactly as before; allowed ones pass."""
    assert found(case_file, "Neem contact op met Marieke Jansen of mevrouw Jansen.") == set()
    assert found(case_file, "Marieke Jansen sprak met Tim Jansen.") == {"people[2] (s2).name"}


# A private value of another field, in the forms people type it.
FORMS = {
    "as-is": lambda v: v,
    "upper": str.upper,
    "curly": lambda v: f"“{v}”",
    "nbsp": lambda v: v.replace(" ", "\u00a0"),
    "en-dash": lambda v: v.replace("-", "–").replace(" ", "–") if v[:1].isdigit() else v,
    "zero-width": lambda v: v[:1] + "\u200b" + v[1:],
    "cyrillic-a": lambda v: v.replace("a", "а", 1),
}
PRIVATE = {  # value -> its field, all unseen by parents and staff
    "Sanne de Boer": "people[1] (s1).name",
    "06 1234 5678": "people[1] (s1).guardians[1].phone",
    "petra.deboer@example.org": "people[1] (s1).guardians[1].email",
    "Karel Jansen": "people[2] (s2).guardians[1].name",
}
FREE_TEXT = {  # field -> how to put text into it in the test case
    "incident.summary": (f'"{SUMMARY}"', f'"{SUMMARY} {{}}"'),
    "actions[1].staff_note": ('note: "Wijkagent gebeld."',
                              'note: "Wijkagent gebeld.", staff_note: "Gesprek: {}."'),
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.sampled_from(sorted(PRIVATE)), form=st.sampled_from(sorted(FORMS)),
       field=st.sampled_from(sorted(FREE_TEXT)))
def test_a_private_value_in_any_form_in_any_free_text_is_refused_and_blocked(
    tmp_path: Path, value: str, form: str, field: str
) -> None:
    """Property: check refuses it, and the scan of every document whose readers may not see it blocks."""
    typed = FORMS[form](value)
    old, template = FREE_TEXT[field]
    path = case_with(tmp_path, old, template.format(typed))
    loaded = load_case(path)
    with pytest.raises(CaseFileError) as caught:
        check_free_text(loaded)
    assert field in caught.value.message and PRIVATE[value] in caught.value.message
    assert value not in caught.value.message
    for audience in ("parents", "staff"):
        scanner = Scanner(loaded.case, Audience(audience))
        assert PRIVATE[value] in {f.field for f in scanner.scan_text(f"Tekst: {typed}.", "body")}
