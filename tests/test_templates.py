"""Template lint: fields an audience may not see are refused before rendering, in every part."""

from __future__ import annotations

from pathlib import Path

import pytest

from commsgen.audiences import Audience
from commsgen.errors import PrivacyError, TemplateError
from commsgen.templates import check_template, load_template
from tests.conftest import make_template

PARENTS = Audience("parents")


def lint(tmp_path: Path, audience: Audience = PARENTS, **parts: object) -> None:
    folder = tmp_path / "tpl"
    make_template(folder, "parent-letter", **parts)  # type: ignore[arg-type]
    check_template(load_template("parent-letter", folder), audience)


@pytest.mark.parametrize(
    "body",
    [
        ["{{ people[0].name }}"],
        ["{% for p in people %}{{ p.name }}{% endfor %}"],
        ["{{ incident.source_url }}"],
        ["{{ police.report_reference }}"],
        ["{{ case.coordinator.phone }}"],
        ["{{ incident['source_url'] }}"],
        ["{% set i = incident %}{{ i.source_url }}"],
    ],
    ids=["people-index", "people-loop", "source-url", "report-ref", "coordinator", "subscript", "alias"],
)
def test_a_parents_template_reaching_for_private_fields_is_refused(tmp_path: Path, body: list[str]) -> None:
    """Exit 3 (PrivacyError) names the template and the field."""
    with pytest.raises(PrivacyError) as caught:
        lint(tmp_path, body=body)
    assert "parent-letter.docx" in caught.value.message


def test_a_private_field_in_the_header_is_refused(tmp_path: Path) -> None:
    """Headers are linted like the body."""
    with pytest.raises(PrivacyError, match="header"):
        lint(tmp_path, body=["Beste ouders,"], header="{{ people[0].name }}")


def test_a_private_field_in_the_document_title_is_refused(tmp_path: Path) -> None:
    """Document properties are linted like the body."""
    with pytest.raises(PrivacyError, match="document properties"):
        lint(tmp_path, body=["Beste ouders,"], title="Brief over {{ people[0].name }}")


def test_a_field_that_exists_nowhere_is_a_template_error(tmp_path: Path) -> None:
    """A typo is an ordinary template error (exit 1), not a privacy block."""
    with pytest.raises(TemplateError, match=r"school\.nmae"):
        lint(tmp_path, body=["{{ school.nmae }}"])


@pytest.mark.parametrize(
    "body",
    [
        ["{{ ''.__class__.__mro__ }}"],
        ["{{ cycler.__init__.__globals__ }}"],
        ["{{ school|tojson }}"],
        ["{{ school.items() }}"],
        ["{% include 'x.docx' %}"],
        ["{% for k in ['name'] %}{{ school[k] }}{% endfor %}"],
        ["{{ incident.channels|map(attribute='x')|list }}"],
    ],
    ids=["mro", "globals", "tojson", "items", "include", "computed-key", "map-attribute"],
)
def test_constructs_that_reach_around_the_projection_are_refused(tmp_path: Path, body: list[str]) -> None:
    """Dunder access, dumping filters, includes and computed keys never run."""
    with pytest.raises(PrivacyError):
        lint(tmp_path, body=body)


def test_the_pupils_own_fields_are_allowed_in_the_pupil_document(tmp_path: Path) -> None:
    """A student-meeting template may use pupil.name but not pupil.notes."""
    folder = tmp_path / "tpl"
    make_template(folder, "student-meeting", body=["{{ pupil.name }} {{ pupil.guardians[0].phone }}"])
    check_template(load_template("student-meeting", folder), Audience("student", "s1"))
    make_template(folder, "student-meeting", body=["{{ pupil.notes }}"])
    with pytest.raises(PrivacyError, match=r"people\.notes"):
        check_template(load_template("student-meeting", folder), Audience("student", "s1"))


def test_a_file_that_is_not_a_docx_is_a_clear_template_error(tmp_path: Path) -> None:
    """A text file named .docx is refused with a message, not a traceback."""
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "parent-letter.docx").write_text("not a zip", encoding="utf-8")
    with pytest.raises(TemplateError, match="not a Word document"):
        load_template("parent-letter", folder)


def test_a_missing_kind_falls_back_to_the_built_in_template(tmp_path: Path) -> None:
    """--templates DIR only overrides the kinds it holds."""
    folder = tmp_path / "tpl"
    folder.mkdir()
    assert load_template("police-handover", folder).path.parent != folder


@pytest.mark.parametrize("kind", ["parent-letter", "teacher-briefing", "student-meeting", "police-handover"])
def test_built_in_templates_pass_their_own_lint(kind: str) -> None:
    """The shipped templates use only fields their audience may see."""
    from commsgen.kinds import KINDS

    template = load_template(kind)
    check_template(template, Audience(KINDS[kind].audience, "s1" if KINDS[kind].per_person else None))
    assert template.msgids, "wording is wrapped for translation"


def test_a_template_with_tracked_changes_is_refused(tmp_path: Path) -> None:
    """Deleted text under revision is invisible in Word but travels with the file: refuse it."""
    import zipfile

    folder = tmp_path / "tpl"
    path = make_template(folder, "parent-letter", body=["Beste ouders,"])
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:body>",
        b'<w:body><w:p><w:del w:id="1" w:author="x"><w:r><w:delText>oud</w:delText></w:r></w:del></w:p>',
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(PrivacyError, match="tracked changes"):
        check_template(load_template("parent-letter", folder), PARENTS)
