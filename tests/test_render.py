"""Rendering: values appear exactly, cannot inject Word XML, and are formatted for the locale."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

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
    """Babel writes `26 november 2026` and `WhatsApp en Snapchat`; a Dutch time reads `19.30 uur`."""
    folder = tmp_path / "tpl"
    make_template(folder, "parent-letter", body=[
        "{{ communication.parent_meeting.date|longdate }} om {{ communication.parent_meeting.time|time }}",
        "{{ incident.channels|labels|joinlist }}",
    ])
    assert render_letter(case_file, folder) == "26 november 2026 om 19.30 uur\nWhatsApp en Snapchat"


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
    """The text of each pack document (example case, small case, 300-pupil case; fixed date) is unchanged.

    The golden files were made from the code before rendering moved off docxtpl's own save;
    regenerate them with `python -m tests.doctext` only for an intended change of wording.
    """
    from tests.doctext import by_document, golden_cases, pack_text, read_golden

    for name, case in golden_cases(tmp_path).items():
        expected, actual = by_document(read_golden(name)), by_document(pack_text(case))
        assert list(actual) == list(expected), f"{name}: other documents, or in another order"
        for document, lines in expected.items():
            assert actual[document] == lines, f"{name}: {document}"


def _docxtpl_text(template: Path, case_path: Path) -> str:
    """What bare docxtpl makes of the template, for the same context commsgen builds."""
    from docxtpl import DocxTemplate

    from commsgen.audiences import Audience, letter_date, project
    from commsgen.render import environment, language_context
    from tests.doctext import document_text

    case = load_case(case_path).case
    context = project(case, Audience("parents"), "nl")
    context["today"] = letter_date(case)
    context.update(language_context("nl"))
    document = DocxTemplate(str(template))
    document.render(context, jinja_env=environment(), autoescape=False)
    out = io.BytesIO()
    document.save(out)
    return document_text(out.getvalue()).rsplit("\n--- title:", 1)[0]


def test_docxtpl_tags_and_listing_characters_render_as_docxtpl_renders_them(
        write_case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """{%p %} and {%tr %} tags, `{%-`, a line break in a value: the same text as docxtpl's."""
    from docx import Document as NewDocument

    from tests.doctext import document_text

    summary = 'summary: "Er is onder leerlingen van groep 8 een foto van seksuele aard gedeeld."'
    path = write_case(CASE_YAML.replace(summary, 'summary: "Eerste regel\\nTweede regel"'))
    folder = tmp_path / "tpl"
    folder.mkdir()
    document = NewDocument()
    for text in ["{%p if school.name %}", "School: {{ school.name }}", "{%p endif %}",
                 "Samenvatting: {{ incident.summary }}", "Groepen: {%- for g in incident.affected_groups %} "
                 "{{ g }}{% endfor %}"]:
        document.add_paragraph(text)
    table = document.add_table(rows=3, cols=2)
    table.rows[0].cells[0].text = "{%tr for c in incident.channels %}"
    table.rows[1].cells[0].text = "{{ c|label }}"
    table.rows[1].cells[1].text = "{{ loop.index }}"
    table.rows[2].cells[0].text = "{%tr endfor %}"
    document.sections[0].header.paragraphs[0].text = "{{ school.name }}\t{{ today|shortdate }}"
    template = folder / "parent-letter.docx"
    document.save(str(template))

    loaded = load_case(path)
    options = Options(("parent-letter",), None, None, folder)
    [rendered] = produce(loaded, plan(loaded, options), options)
    ours = document_text(rendered.data).rsplit("\n--- title:", 1)[0]
    assert "Eerste regel\nTweede regel" in ours and "WhatsApp\n1\nSnapchat" in ours and "{%" not in ours
    assert ours == _docxtpl_text(template, path)
    with zipfile.ZipFile(io.BytesIO(rendered.data)) as archive:
        assert b"<w:br/>" in archive.read("word/document.xml")  # a line break, as Word shows it


def test_a_pack_prepares_each_template_part_once_and_zips_each_document_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """docxtpl's clean-up and the Jinja compile run per template part, not per document or language.

    The example pack makes several documents of one kind (the parent letter in 7 languages, one
    conversation guide per pupil); each template's body, headers, footers and title are prepared
    once. No document goes through DocxTemplate or is unzipped again. (Without the disk cache,
    which would spare even that: see test_a_second_pack_prepares_nothing_the_cache_holds.)
    """
    from docxtpl import DocxTemplate
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    import commsgen.docxzip
    import commsgen.generate
    from commsgen.kinds import KINDS
    from commsgen.templates import docxtpl, load_template
    from tests.doctext import EXAMPLE, TODAY

    monkeypatch.setenv("COMMSGEN_CACHE_DIR", "off")
    loaded = load_case(EXAMPLE)
    options = Options(tuple(KINDS), whole_pack=True, today=TODAY)
    jobs = plan(loaded, options)
    kinds = {job.kind.name for job in jobs}
    sources = [s for kind in kinds for s in load_template(kind).sources]
    assert len(jobs) > len(kinds)
    counts = {"patch": 0, "compile": 0, "zip": 0, "unzip": 0}

    def counted(name: str, function):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            counts[name] += 1
            return function(*args, **kwargs)
        return wrapper

    def never(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a document went through DocxTemplate")

    monkeypatch.setattr(docxtpl(), "patch_xml", counted("patch", docxtpl().patch_xml))
    monkeypatch.setattr(ImmutableSandboxedEnvironment, "compile",
                        counted("compile", ImmutableSandboxedEnvironment.compile))
    monkeypatch.setattr(commsgen.generate, "write_parts", counted("zip", commsgen.generate.write_parts))
    # generate no longer unzips anything (templates keep their parts): counted should it ever again.
    monkeypatch.setattr(commsgen.generate, "read_parts",
                        counted("unzip", commsgen.docxzip.read_parts), raising=False)
    monkeypatch.setattr(DocxTemplate, "render", never)
    monkeypatch.setattr(DocxTemplate, "save", never)
    documents = [d for d in produce(loaded, jobs, options) if d.name.endswith(".docx")]  # not .txt, .csv
    assert len(documents) == len([job for job in jobs if "docx" in job.kind.formats])
    assert counts["patch"] == len([s for s in sources if s.role in ("body", "part")])
    assert counts["compile"] == len([s for s in sources if s.role in ("body", "part", "title")])
    assert counts["zip"] == len(documents)
    assert counts["unzip"] <= len(kinds)  # templates only (the scan's view of them), never a document


def test_a_second_pack_prepares_nothing_the_cache_holds(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With the disk cache, a pack after the first (a new process) neither cleans up a template's
    tags, nor compiles Jinja, nor reads a template's wording for the scan: all come from the cache,
    and the documents are the same bytes."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    import commsgen.generate
    from commsgen import i18n
    from commsgen.kinds import KINDS
    from commsgen.templates import docxtpl
    from tests.doctext import EXAMPLE, TODAY

    monkeypatch.setenv("COMMSGEN_CACHE_DIR", str(tmp_path / "cache"))
    loaded = load_case(EXAMPLE)
    options = Options(tuple(KINDS), whole_pack=True, today=TODAY)
    jobs = plan(loaded, options)
    first = [d.data for d in produce(loaded, jobs, options)]
    counts = {"work": 0}

    def counted(function):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            counts["work"] += 1
            return function(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(docxtpl(), "patch_xml", counted(docxtpl().patch_xml))
    environment = ImmutableSandboxedEnvironment
    monkeypatch.setattr(environment, "compile", counted(environment.compile))
    monkeypatch.setattr(commsgen.generate, "wording_tokens", counted(commsgen.generate.wording_tokens))
    i18n.catalog.cache_clear()  # as in a new process
    second = [d.data for d in produce(loaded, jobs, options)]
    assert counts["work"] == 0
    assert second == first


def _body_of(*paragraphs: str) -> etree._Element:
    """A document body of paragraphs: `H` a heading (keeps with the next), `K` a paragraph with its
    own keep-with-next, anything else plain."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = etree.Element(f"{{{w}}}body", nsmap={"w": w})
    for kind in paragraphs:
        paragraph = etree.SubElement(body, f"{{{w}}}p")
        properties = etree.SubElement(paragraph, f"{{{w}}}pPr")
        if kind == "H":
            etree.SubElement(properties, f"{{{w}}}pStyle", {f"{{{w}}}val": "Heading1"})
        elif kind == "K":
            etree.SubElement(properties, f"{{{w}}}keepNext")
        etree.SubElement(etree.SubElement(paragraph, f"{{{w}}}r"), f"{{{w}}}t").text = kind
    return body


def _texts(body: etree._Element) -> list[str]:
    return ["".join(p.itertext()) or "-" for p in body]


@pytest.mark.parametrize("chain", [["H"], ["K", "H"]], ids=["heading", "kept-paragraph-and-heading"])
def test_a_keep_chain_never_ends_libreoffices_first_guess_of_a_page(chain: list[str]) -> None:
    """A heading (with a paragraph that keeps with it) ending at the 25th paragraph gets empty 1 pt
    paragraphs before its chain, so that the chain starts LibreOffice's next guessed page."""
    from commsgen.render import _clear_of_the_page_guess

    body = _body_of(*["p"] * (25 - len(chain)), *chain, "p", "p")
    _clear_of_the_page_guess(body, frozenset({"Heading1"}))
    texts = _texts(body)
    spacers = len(chain)
    assert texts[25 - spacers:25] == ["-"] * spacers
    assert texts[25:25 + len(chain)] == chain


def test_a_paragraph_that_keeps_with_nothing_at_the_page_guess_gets_no_spacer() -> None:
    from commsgen.render import _clear_of_the_page_guess

    body = _body_of(*["p"] * 24, "p", "H", "p")
    _clear_of_the_page_guess(body, frozenset({"Heading1"}))
    assert "-" not in _texts(body)
