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
