"""Rendering: values appear exactly, cannot inject Word XML, and are formatted for the locale."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document

from commsgen.casefile import load_case
from commsgen.generate import Options, plan, produce
from tests.conftest import CASE_YAML, make_template


def render_letter(case_path: Path, folder: Path) -> str:
    loaded = load_case(case_path)
    options = Options(("parent-letter",), None, None, folder)
    [document] = produce(loaded, plan(loaded, options), options)
    return "\n".join(p.text for p in Document(io.BytesIO(document.data)).paragraphs)


def test_ampersand_and_angle_brackets_come_out_exactly(write_case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`De Linde & De Es` and `<b>` are text, not markup."""
    board = 'board: "Stichting <b>Voorbeeld</b>"'
    path = write_case(CASE_YAML.replace('board: "Stichting Voorbeeld"', board))
    folder = tmp_path / "tpl"
    make_template(folder, "parent-letter", body=["{{ school.name }} / {{ school.board }}"])
    assert render_letter(path, folder) == "Basisschool De Linde & De Es / Stichting <b>Voorbeeld</b>"


def test_a_value_cannot_inject_word_xml(write_case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Closing tags in a value stay literal text inside one run."""
    evil = '</w:t></w:r><w:r><w:t>injected'
    path = write_case(CASE_YAML.replace('city: "Voorbeeldstad"', f"city: '{evil}'"))
    folder = tmp_path / "tpl"
    make_template(folder, "parent-letter", body=["{{ school.city }}"])
    assert render_letter(path, folder) == evil


def test_dates_and_lists_are_formatted_in_dutch(case_file: Path, tmp_path: Path) -> None:
    """Babel writes `26 november 2026` and `WhatsApp en Snapchat`."""
    folder = tmp_path / "tpl"
    make_template(folder, "parent-letter", body=[
        "{{ communication.parent_meeting.date|longdate }} om {{ communication.parent_meeting.time|time }}",
        "{{ incident.channels|labels|joinlist }}",
    ])
    assert render_letter(case_file, folder) == "26 november 2026 om 19:30\nWhatsApp en Snapchat"


def test_output_metadata_names_the_school_as_author(case_file: Path, tmp_path: Path) -> None:
    """No personal author, last-modified-by or comments: the school is the author."""
    loaded = load_case(case_file)
    folder = tmp_path / "tpl"
    path = make_template(folder, "parent-letter", body=["Beste ouders,"])
    template = Document(str(path))
    template.core_properties.author = "J. Medewerker"
    template.core_properties.last_modified_by = "J. Medewerker"
    template.core_properties.comments = "concept"
    template.save(str(path))
    options = Options(("parent-letter",), None, None, folder)
    [document] = produce(loaded, plan(loaded, options), options)
    props = Document(io.BytesIO(document.data)).core_properties
    assert props.author == "Basisschool De Linde & De Es"
    assert props.last_modified_by == "" and props.comments == ""


def test_every_document_renders_the_same_text_as_the_golden_copy(tmp_path: Path) -> None:
    """The text of each pack document (example case and small case, fixed date) is unchanged.

    The golden files were made from the code before rendering moved off docxtpl's own save;
    regenerate them with `python -m tests.doctext` only for an intended change of wording.
    """
    from tests.doctext import GOLDEN, golden_cases, pack_text

    for name, case in golden_cases(tmp_path).items():
        expected = (GOLDEN / name).read_text(encoding="utf-8")
        actual = pack_text(case)
        assert actual.splitlines() == expected.splitlines(), name
