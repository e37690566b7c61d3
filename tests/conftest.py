"""Shared fixtures: a small fictional case, written inline into tmp_path."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

# Fictional people and reserved domains only.
CASE_YAML = """\
case:
  reference: "2026-901"
  opened: 2026-11-19
  coordinator: {name: "Marieke Jansen", role: "intern begeleider", phone: "046 123 4567",
                email: "m.jansen@linde.example.org"}
school:
  name: "Basisschool De Linde & De Es"
  board: "Stichting Voorbeeld"
  city: "Voorbeeldstad"
  parent_contact: {name: "Marieke Jansen", role: "intern begeleider", phone: "046 123 4567",
                   email: "m.jansen@linde.example.org"}
incident:
  kind: sexting
  discovered: 2026-11-18
  summary: "Er is onder leerlingen van groep 8 een foto van seksuele aard gedeeld."
  pupil_depicted: true
  channels: [whatsapp, snapchat]
  other_schools: no
  source_url: "https://leak.example.invalid/abc"
  affected_groups: ["groep 8"]
people:
  - id: s1
    name: "Sanne de Boer"
    role: depicted
    group: "groep 8"
    guardians:
      - {name: "Petra de Boer", relation: moeder, phone: "06 1234 5678",
         email: "petra.deboer@example.org", language: nl}
    notes: "Sanne meldde zich zelf op maandagochtend bij de juf van groep acht."
  - id: s2
    name: "Tim Jansen"
    role: shared
    group: "groep 8"
    guardians:
      - {name: "Karel Jansen", relation: vader, phone: "+31 6 8765 4321", language: nl}
police:
  contact: {name: "Ahmed El Amrani", role: "wijkagent", phone: "0900 8844",
            email: "wijkagent@example.org"}
  contacted: 2026-11-19
  report_reference: "PL2400-2026112345"
  agreed_plan: "De school voert de gesprekken pas na het politiegesprek van donderdag."
  agreed_deletion: 2026-11-20
  agreed_filter: 2026-11-20
actions:
  - {step: 3, date: 2026-11-19, done: true, note: "Wijkagent gebeld."}
  - {step: 2, date: 2026-11-18, done: true}
communication:
  languages: [nl]
  letter_date: 2026-11-20
  parent_meeting: {date: 2026-11-26, time: "19:30", location: "Aula"}
"""

PRIVATE_VALUES = [
    "Sanne de Boer", "Petra de Boer", "06 1234 5678", "petra.deboer@example.org",
    "Tim Jansen", "Karel Jansen", "8765 4321", "leak.example.invalid", "PL2400-2026112345",
]


@pytest.fixture(autouse=True, scope="session")
def own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The disk cache of templates and catalogs in a folder of this test session, never the user's."""
    folder = tmp_path_factory.mktemp("commsgen-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COMMSGEN_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(autouse=True)
def english_interface(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Messages in English whatever the machine's locale; tests of Dutch messages ask for Dutch."""
    from commsgen import messages

    monkeypatch.setenv("COMMSGEN_LANG", "en")
    messages.use(None)
    yield
    messages.use(None)


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    """The small fictional case as a file."""
    path = tmp_path / "case.yaml"
    path.write_text(CASE_YAML, encoding="utf-8")
    return path


@pytest.fixture
def write_case(tmp_path: Path) -> Callable[[str], Path]:
    """Write a variant of the case (the text given) and return its path."""

    def write(text: str, name: str = "case.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def runner() -> CliRunner:
    """A Click runner that keeps stdout and stderr apart."""
    return CliRunner()


def docx_text(data: bytes) -> str:
    """Every text node of every XML part of a .docx, for assertions (not the scan under test)."""
    from lxml import etree

    chunks = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                root = etree.fromstring(archive.read(name))
                chunks += [t for t in root.itertext()]
                chunks += [v for el in root.iter() for v in el.attrib.values()]
    return "\n".join(chunks)


def make_template(
    folder: Path, kind: str, body: list[str], header: str | None = None, title: str | None = None
) -> Path:
    """A school's own template made with python-docx, as a school would in Word."""
    from docx import Document

    folder.mkdir(parents=True, exist_ok=True)
    document = Document()
    for text in body:
        document.add_paragraph(text)
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    if title is not None:
        document.core_properties.title = title
    path = folder / f"{kind}.docx"
    document.save(str(path))
    return path


# Tests marked `slow` (pytest -m "not slow" leaves them out for a quick run; CI and the README's
# command run everything): every test of a module that starts LibreOffice, any test that skips
# without LibreOffice, and these, each of which makes a large case or many packs (over ~10 s on 2
# shared cores).
SLOW_MODULES = ("test_layout.py", "test_pdf.py")
SLOW_TESTS = {
    "test_properties.py": ("test_a_name_planted_in_a_custom_template_is_refused_or_absent",
                           "test_a_clean_case_never_triggers_a_finding",
                           "test_a_name_planted_in_the_summary_is_refused_or_absent"),
    "test_render.py": ("test_every_document_renders_the_same_text_as_the_golden_copy",
                       "test_a_second_pack_prepares_nothing_the_cache_holds",
                       "test_a_pack_prepares_each_template_part_once_and_zips_each_document_once"),
    "test_templates_built.py": ("test_committed_templates_match_their_source",),
    "test_templates.py": ("test_templates_resaved_by_libreoffice_render_the_same_text",),
    "test_house.py": ("test_a_pack_imports_nothing_it_does_not_use",),
    "test_cli.py": ("test_a_canary_case_is_never_echoed_by_any_command_or_error_path",
                    "test_scan_refuses_a_zip_bomb_and_a_non_zip"),
    "test_output.py": ("test_two_packs_into_one_folder_at_once_one_wins_and_the_folder_holds_its_files",),
    "test_console.py": ("test_a_pack_whose_output_pipe_is_closed_keeps_its_files_and_exits_0",),
    "test_adversarial.py": ("test_every_language_letter_with_its_helplines_scans_clean",
                            "test_check_refuses_a_private_value_typed_into_the_parents_summary"),
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the slow tests (see SLOW_MODULES and SLOW_TESTS)."""
    for item in items:
        module = item.path.name
        name = getattr(item, "originalname", item.name)
        needs_office = any("libreoffice" in str(mark.kwargs.get("reason", "")).lower()
                           for mark in item.iter_markers("skipif"))
        if module in SLOW_MODULES or needs_office or name in SLOW_TESTS.get(module, ()):
            item.add_marker(pytest.mark.slow)
