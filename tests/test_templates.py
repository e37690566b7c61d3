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


RESAVED = Path(__file__).resolve().parent / "fixtures" / "resaved"
KIND_NAMES = sorted(p.stem for p in (Path(__file__).resolve().parent.parent / "templates").glob("*.docx"))


def test_the_resaved_fixtures_are_what_libreoffice_writes() -> None:
    """The copies hold LibreOffice's entities (`&quot;`) inside tags: the case the lint must read."""
    import zipfile

    for kind in KIND_NAMES:
        with zipfile.ZipFile(RESAVED / f"{kind}.docx") as archive:
            assert b"&quot;" in archive.read("word/document.xml"), kind
            assert b"LibreOffice" in archive.read("docProps/app.xml"), kind


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_a_template_resaved_by_libreoffice_passes_the_lint(kind: str) -> None:
    """Entities and other run boundaries are read as docxtpl reads them: the tags are intact."""
    from commsgen.kinds import KINDS

    template = load_template(kind, RESAVED)
    assert template.path.parent == RESAVED
    check_template(template, Audience(KINDS[kind].audience, "s1" if KINDS[kind].per_person else None))
    assert template.msgids == load_template(kind).msgids


def test_templates_resaved_by_libreoffice_render_the_same_text(tmp_path: Path) -> None:
    """Every document of the example case reads the same from the re-saved copies as from the originals.

    Page-number fields are compared by their code: each editor stores its own last result.
    """
    import datetime as dt

    from commsgen.casefile import load_case
    from commsgen.generate import Options, plan, produce
    from commsgen.kinds import KINDS
    from tests.doctext import EXAMPLE, document_text

    loaded = load_case(EXAMPLE)

    def texts(folder: Path | None) -> dict[str, str]:
        options = Options(tuple(KINDS), templates=folder, whole_pack=True, today=dt.date(2026, 11, 20))
        documents = produce(loaded, plan(loaded, options), options)
        return {d.name: document_text(d.data, fields=False) if d.name.endswith(".docx") else d.data.decode()
                for d in documents}

    original, resaved = texts(None), texts(RESAVED)
    assert original.keys() == resaved.keys()
    for name in original:
        assert resaved[name].splitlines() == original[name].splitlines(), name


def _damage(path: Path, part: str) -> None:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts[part] = parts[part][: len(parts[part]) // 2]  # cut off mid-way, as a broken copy would be
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


@pytest.mark.parametrize("part", ["word/document.xml", "word/header1.xml", "word/styles.xml"])
def test_a_template_with_a_damaged_xml_part_is_a_template_error_naming_it(tmp_path: Path, part: str) -> None:
    """Not well-formed XML is refused with exit 1, naming the template and the part."""
    folder = tmp_path / "tpl"
    path = make_template(folder, "parent-letter", body=["Beste ouders,"], header="{{ school.name }}")
    _damage(path, part)
    with pytest.raises(TemplateError) as caught:
        load_template("parent-letter", folder)
    assert caught.value.exit_code == 1
    assert "parent-letter.docx" in caught.value.message and part in caught.value.message
    assert "not well-formed" in caught.value.message


def test_pack_with_a_damaged_template_names_it_and_writes_nothing(
        runner, case_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The command line says which template and part, never `internal error`; exit 1, no file."""
    from commsgen.cli import cli

    folder = tmp_path / "tpl"
    _damage(make_template(folder, "parent-letter", body=["Beste ouders,"]), "word/document.xml")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["pack", str(case_file), "--templates", str(folder), "--out", str(out)])
    assert result.exit_code == 1
    assert "parent-letter.docx" in result.stderr and "word/document.xml" in result.stderr
    assert "internal error" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_a_tag_split_over_runs_with_typographic_quotes_as_word_saves_it_passes(
        case_file: Path, tmp_path: Path) -> None:
    """Word splits a tag over runs (spell-check marks, revision ids) and types curly quotes: both fine."""
    import io
    import zipfile

    from docx import Document

    from commsgen.casefile import load_case
    from commsgen.generate import Options, plan, produce

    folder = tmp_path / "tpl"
    path = make_template(folder, "parent-letter", body=["MARK"])
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    word_runs = (
        '<w:r w:rsidR="00B2"><w:t>{{ school.</w:t></w:r><w:proofErr w:type="spellStart"/>'
        '<w:r w:rsidRPr="00C3"><w:t>name if lang == “nl” else ‘’</w:t></w:r>'
        '<w:proofErr w:type="spellEnd"/><w:r><w:t xml:space="preserve"> }}</w:t></w:r>'
    )
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:r><w:t>MARK</w:t></w:r>", word_runs.encode("utf-8"))
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    check_template(load_template("parent-letter", folder), PARENTS)
    loaded = load_case(case_file)
    options = Options(("parent-letter",), None, None, folder)
    [document] = produce(loaded, plan(loaded, options), options)
    paragraphs = Document(io.BytesIO(document.data)).paragraphs
    assert [p.text for p in paragraphs] == ["Basisschool De Linde & De Es"]
