"""PDF output: LibreOffice started early, every PDF checked and leak-scanned; clear errors otherwise."""

from __future__ import annotations

import contextlib
import io
import re
import stat
import sys
import time
from pathlib import Path
from typing import Any

import psutil
import pytest
from click.testing import CliRunner

from commsgen import generate, pdf
from commsgen.cli import cli
from commsgen.errors import PrivacyError
from commsgen.pdf import ConversionError, LibreOffice, pdf_text
from tests.conftest import CASE_YAML


def needs_libreoffice(test: Any) -> Any:
    """A test that converts with LibreOffice: slow, and skipped where LibreOffice is not installed."""
    skip = pytest.mark.skipif(pdf.find_libreoffice() is None, reason="LibreOffice is not installed")
    return pytest.mark.slow(skip(test))


needs_poppler = pytest.mark.skipif(pdf.find_pdftotext() is None, reason="pdftotext is not installed")


@needs_libreoffice
def test_pack_pdf_gives_a_clean_pdf_for_every_document(
    runner: CliRunner, case_file: Path, tmp_path: Path
) -> None:
    """Each .docx gets a PDF with text, the school as author, and no pupil in the parents' letter."""
    out = tmp_path / "out"
    result = runner.invoke(cli, ["pack", str(case_file), "--pdf", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    docx = sorted(p.stem for p in out.glob("*.docx"))
    assert sorted(p.stem for p in out.glob("*.pdf")) == docx and len(docx) == 13
    letter = (out / "2026-901_parent-letter_nl.pdf").read_bytes()
    places = pdf_text(letter, "letter")
    assert "Marieke Jansen" in places["page 1"] + places.get("page 2", "")
    assert "Sanne" not in "".join(places.values())
    assert "Basisschool De Linde & De Es" in places["document properties"]
    assert stat.S_IMODE((out / "2026-901_police-handover_nl.pdf").stat().st_mode) == 0o600


@needs_libreoffice
def test_pdfa_is_marked_as_pdfa(runner: CliRunner, case_file: Path, tmp_path: Path) -> None:
    """--pdfa writes PDF/A-2b, declared in the XMP metadata."""
    out = tmp_path / "out"
    result = runner.invoke(cli, ["render", str(case_file), "--doc", "parent-letter", "--pdfa",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert b"pdfaid:part" in (out / "2026-901_parent-letter_nl.pdf").read_bytes()


@needs_libreoffice
def test_scan_accepts_a_pdf(runner: CliRunner, case_file: Path, tmp_path: Path) -> None:
    """The police handover as PDF, scanned for parents, is exit 3 naming fields, not values."""
    out = tmp_path / "out"
    runner.invoke(cli, ["render", str(case_file), "--doc", "police-handover", "--pdf", "--out", str(out)])
    result = runner.invoke(cli, ["scan", str(out / "2026-901_police-handover_nl.pdf"),
                                 "--case", str(case_file), "--audience", "parents"])
    assert result.exit_code == 3
    assert "people[1] (s1).name in page" in result.stderr and "Sanne" not in result.stderr


@needs_libreoffice
def test_a_file_that_is_not_word_is_not_converted(tmp_path: Path) -> None:
    """The input filter refuses a text file posing as .docx; LibreOffice's exit 0 is not trusted."""
    with pytest.raises(ConversionError, match="made no PDF"):
        LibreOffice().convert({"letter.docx": b"Sanne de Boer, just text"})


def test_without_libreoffice_pdf_is_a_clear_error_and_nothing_is_written(
    runner: CliRunner, case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--pdf without LibreOffice: exit 1, says how to install it, writes no .docx either."""
    monkeypatch.setattr(pdf.shutil, "which", lambda _name: None)
    monkeypatch.setattr(pdf, "libreoffice_candidates", lambda: [tmp_path / "nowhere" / "soffice"])
    out = tmp_path / "out"
    result = runner.invoke(cli, ["pack", str(case_file), "--pdf", "--out", str(out)])
    assert result.exit_code == 1
    assert "libreoffice-writer-nogui" in result.stderr and "libreoffice.org" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(("platform", "variable", "folder"), [
    ("win32", "ProgramFiles", "Program Files"),
    ("win32", "ProgramFiles(x86)", "Program Files (x86)"),
], ids=["program-files", "program-files-x86"])
def test_libreoffice_is_found_in_the_windows_install_folders_when_not_on_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str, variable: str, folder: str
) -> None:
    """Windows' installer does not put soffice on PATH: Program Files is searched too."""
    program = tmp_path / folder / "LibreOffice" / "program" / "soffice.exe"
    program.parent.mkdir(parents=True)
    program.write_bytes(b"")
    monkeypatch.setattr(pdf.shutil, "which", lambda _name: None)
    monkeypatch.setattr(pdf.sys, "platform", platform)
    for name in ("ProgramFiles", "ProgramFiles(x86)"):
        monkeypatch.setenv(name, str(tmp_path / ("elsewhere" if name != variable else folder)))
    assert pdf.find_libreoffice() == str(program)


def test_macos_looks_in_the_applications_folder() -> None:
    """On macOS the app bundle's soffice is where LibreOffice lives."""
    candidates = pdf.libreoffice_candidates("darwin", {})
    assert Path("/Applications/LibreOffice.app/Contents/MacOS/soffice") in candidates


def test_a_hanging_libreoffice_is_stopped_with_every_child(tmp_path: Path) -> None:
    """The time limit ends LibreOffice and any process it started (psutil: on every system)."""
    fake = tmp_path / "soffice"
    marker = tmp_path / "children.pid"
    fake.write_text(f"#!/bin/sh\nsleep 60 &\necho $! >> {marker}\nwait\n", encoding="utf-8")
    fake.chmod(0o700)
    started = time.monotonic()
    with pytest.raises(ConversionError, match="did not finish"):
        LibreOffice(str(fake), timeout=1).convert({"a.docx": b"x"})
    assert time.monotonic() - started < 30
    children = [int(line) for line in marker.read_text(encoding="utf-8").split()]
    assert len(children) == 2  # the early-started process and the hand-over both hung
    assert not any(_running(pid) for pid in children)


def test_a_libreoffice_left_behind_by_its_launcher_is_ended_too(tmp_path: Path) -> None:
    """A process that outlived the program that started it is found by its own profile and ended."""
    fake = tmp_path / "soffice"
    marker = tmp_path / "orphans.pid"
    fake.write_text(f'#!/bin/sh\n{sys.executable} -c "import time; time.sleep(60)" "$@" &\n'
                    f"echo $! >> {marker}\n", encoding="utf-8")
    fake.chmod(0o700)
    with pytest.raises(ConversionError, match="made no PDF"):
        LibreOffice(str(fake), timeout=30).convert({"a.docx": b"x"})
    orphans = [int(line) for line in marker.read_text(encoding="utf-8").split()]
    assert len(orphans) >= 2  # the early start (ended before it logs, at times), the hand-over, the retry
    time.sleep(0.2)
    assert not any(_running(pid) for pid in orphans)


def _running(pid: int) -> bool:
    """Whether `pid` still runs (a zombie waiting to be reaped does not)."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _offices() -> list[str]:
    """The LibreOffice processes this test process started, however deep (by their profile folder)."""
    found = []
    for process in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if process.status() != psutil.STATUS_ZOMBIE and "commsgen-pdf-" in " ".join(process.cmdline()):
                found.append(process.name())
    return found


@needs_libreoffice
def test_the_command_starts_libreoffice_before_it_reads_the_case(
    runner: CliRunner, case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`render --pdf`: LibreOffice loads while the case is read and the .docx documents are made."""
    from commsgen import casefile

    seen: list[list[str]] = []
    real = casefile.load_case

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen.append(_offices())
        return real(*args, **kwargs)

    monkeypatch.setattr(casefile, "load_case", watched)
    result = runner.invoke(cli, ["render", str(case_file), "--doc", "parent-letter", "--pdf",
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    assert seen and seen[0], "no LibreOffice process was running when the case was read"
    assert _offices() == []


@needs_libreoffice
def test_the_library_starts_libreoffice_before_the_documents_are_made(
    case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """generate() with --pdf and no converter of the caller's starts one before produce()."""
    from commsgen.casefile import load_case

    seen: list[list[str]] = []
    real = generate.produce

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen.append(_offices())
        return real(*args, **kwargs)

    monkeypatch.setattr(generate, "produce", watched)
    options = generate.Options(("parent-letter",), pdf=True)
    written = generate.generate(load_case(case_file), options, tmp_path / "out", force=False)
    assert {p.suffix for p in written} == {".docx", ".pdf", ".json"}
    assert seen and seen[0], "no LibreOffice process was running when the .docx work began"
    assert _offices() == []


@needs_libreoffice
def test_a_run_that_fails_after_libreoffice_started_leaves_no_libreoffice_running(
    runner: CliRunner, case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A block during the .docx work ends the early-started LibreOffice too; nothing is written."""
    def blocked(*_args: Any, **_kwargs: Any) -> Any:
        assert _offices()
        raise PrivacyError("blocked for the test")

    monkeypatch.setattr(generate, "produce", blocked)
    out = tmp_path / "out"
    result = runner.invoke(cli, ["pack", str(case_file), "--pdf", "--out", str(out)])
    assert result.exit_code == 3
    assert _offices() == [] and not out.exists()


@needs_libreoffice
def test_two_libreoffice_processes_share_a_large_run_and_keep_each_document_apart(tmp_path: Path) -> None:
    """From SPLIT_AT documents on the work is split; every PDF still belongs to its own .docx."""
    from docx import Document

    assert pdf.processes_for(pdf.SPLIT_AT - 1) == 1
    documents = {}
    for number in range(6):
        document = Document()
        document.add_paragraph(f"Document number {number} of the test")
        buffer = io.BytesIO()
        document.save(buffer)
        documents[f"doc-{number}.docx"] = buffer.getvalue()
    with LibreOffice(processes=2) as office:
        assert len(office._offices) == 2
        pdfs = office.convert(documents)
    assert sorted(pdfs) == sorted(documents)
    for name, data in pdfs.items():
        number = re.search(r"\d", name)
        assert number and f"Document number {number.group()} of" in pdf_text(data, name)["page 1"]
    assert _offices() == []


@pytest.fixture(scope="module")
def arabic_letter(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The Arabic parent letter of the test case as PDF, made once for the tests that read it."""
    if pdf.find_libreoffice() is None:
        pytest.skip("LibreOffice is not installed")
    folder = tmp_path_factory.mktemp("arabic")
    case = folder / "case.yaml"
    case.write_text(CASE_YAML, encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(case), "--doc", "parent-letter", "--lang", "ar", "--pdf",
                                      "--out", str(folder / "out")])
    assert result.exit_code == 0, result.stderr
    return (folder / "out" / "2026-901_parent-letter_ar.pdf").read_bytes()


@pytest.mark.slow
@needs_poppler
def test_a_right_to_left_letter_keeps_its_contact_block_apart_from_the_label(arabic_letter: bytes) -> None:
    """Arabic letter: the e-mail address of the contact table is on a line of its own, not glued to
    the Arabic label next to it (which made the e-mail pattern match Arabic letters)."""
    places = pdf_text(arabic_letter, "letter")
    lines = [line.strip() for text in places.values() for line in text.splitlines()]
    assert "m.jansen@linde.example.org" in lines
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", "".join(places.values()))


@pytest.mark.slow
def test_without_poppler_the_text_comes_from_pypdf_with_the_same_places(
    arabic_letter: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where pdftotext is absent every page, the properties and XMP are still read (by pypdf)."""
    with_poppler = pdf_text(arabic_letter, "letter")
    monkeypatch.setattr(pdf, "find_pdftotext", lambda: None)
    without = pdf_text(arabic_letter, "letter")
    assert sorted(without) == sorted(with_poppler)
    assert "m.jansen@linde.example.org" in without["page 1"] + without.get("page 2", "")
    assert "Basisschool De Linde & De Es" in without["document properties"]


def _pdf(build: Any) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    build(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_link_targets_of_a_pdf_are_read(tmp_path: Path) -> None:
    """A web address that is only a link's target (not shown as text) reaches the scan."""
    from pypdf.annotations import Link

    data = _pdf(lambda writer: writer.add_annotation(
        0, Link(rect=(50, 50, 200, 80), url="https://leak.example.invalid/abc")))
    places = pdf_text(data, "linked.pdf")
    assert "https://leak.example.invalid/abc" in places["link targets"]
    assert "page 1" in places


def test_a_password_protected_pdf_is_refused_not_passed(tmp_path: Path) -> None:
    """What cannot be read is a refusal naming the file, never an empty (clean) text."""
    data = _pdf(lambda writer: writer.encrypt("secret-password"))
    with pytest.raises(ConversionError, match=r"locked\.pdf: not a readable PDF"):
        pdf_text(data, "locked.pdf")


@needs_libreoffice
def test_a_hand_over_that_reaches_libreoffice_too_early_is_converted_again(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a slow machine the first hand-over can make nothing; the documents are converted once more."""
    from docx import Document

    document = Document()
    document.add_paragraph("Beste ouders,")
    buffer = io.BytesIO()
    document.save(buffer)
    real = LibreOffice._command
    calls: list[int] = []

    def first_one_lost(self: LibreOffice, *args: Any) -> list[str]:
        command = real(self, *args)
        calls.append(1)
        return command if len(calls) > 1 else [sys.executable, "-c", "pass"]

    monkeypatch.setattr(LibreOffice, "_command", first_one_lost)
    with LibreOffice() as converter:
        pdfs = converter.convert({"brief.docx": buffer.getvalue()})
    assert len(calls) == 2 and "Beste ouders" in pdf_text(pdfs["brief.docx"], "brief")["page 1"]


@pytest.mark.parametrize(("cores", "processes"), [(1, 1), (2, 1), (3, 2), (8, 2)])
def test_a_large_run_uses_two_libreoffice_processes_only_above_two_cores(
    monkeypatch: pytest.MonkeyPatch, cores: int, processes: int
) -> None:
    """On two cores one LibreOffice is faster than two (measured on the example pack); above, two share."""
    monkeypatch.setattr(pdf.os, "cpu_count", lambda: cores)
    assert pdf.processes_for(pdf.SPLIT_AT) == processes
    assert pdf.processes_for(pdf.SPLIT_AT - 1) == 1


def test_the_export_is_tagged_pdf_ua_and_pdfa_keeps_the_tags() -> None:
    """The filter options ask for tags, PDF/UA and bookmarks; --pdfa adds PDF/A-2 to them."""
    import json

    plain = json.loads(pdf.export_filter().removeprefix("pdf:writer_pdf_Export:"))
    archive = json.loads(pdf.export_filter(pdfa=True).removeprefix("pdf:writer_pdf_Export:"))
    for option in ("UseTaggedPDF", "PDFUACompliance", "ExportBookmarks"):
        assert plain[option] == archive[option] == {"type": "boolean", "value": "true"}
    assert "SelectPdfVersion" not in plain and archive["SelectPdfVersion"]["value"] == "2"


@pytest.mark.parametrize(("families", "missing"), [
    ("Liberation Sans", False), ("Arial", False), ("DejaVu Sans", True), ("", True),
])
def test_the_letters_font_is_missing_when_fontconfig_finds_no_arial_metrics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, families: str, missing: bool
) -> None:
    """What fontconfig substitutes for Arial decides: Liberation Sans keeps the layout, DejaVu does not."""
    fake = tmp_path / "fc-match"
    fake.write_text(f"#!/bin/sh\nprintf '%s' '{families}'\n", encoding="utf-8")
    fake.chmod(0o700)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: str(fake) if name == "fc-match" else None)
    assert pdf.letter_font_missing() is missing


def test_without_fontconfig_the_font_counts_as_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows and macOS have Arial and no fc-match: no warning there."""
    monkeypatch.setattr(pdf.shutil, "which", lambda _name: None)
    assert pdf.letter_font_missing() is False and pdf.font_warning() is None


class _BlankOffice:
    """A converter that makes a blank PDF of every document, for tests of what --pdf says."""

    def __enter__(self) -> _BlankOffice:
        return self

    def __exit__(self, *_args: object) -> None:
        return None

    def start(self, processes: int | None = None) -> None:
        return None

    def convert(self, documents: dict[str, bytes], pdfa: bool = False) -> dict[str, bytes]:
        return {name: _pdf(lambda _writer: None) for name in documents}


def test_pack_pdf_says_in_dutch_when_the_letters_font_is_missing(
    runner: CliRunner, case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without Arial or Liberation Sans, --pdf writes its PDFs and says the layout may differ (exit 0)."""
    monkeypatch.setenv("COMMSGEN_LANG", "nl")
    monkeypatch.setattr(pdf, "LibreOffice", _BlankOffice)
    monkeypatch.setattr(pdf, "letter_font_missing", lambda: True)
    out = tmp_path / "out"
    result = runner.invoke(cli, ["render", str(case_file), "--doc", "parent-letter", "--pdf",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "lettertype van de brieven" in result.stderr and "fonts-liberation" in result.stderr
    assert (out / "2026-901_parent-letter_nl.pdf").is_file()
    monkeypatch.setattr(pdf, "letter_font_missing", lambda: False)
    again = runner.invoke(cli, ["render", str(case_file), "--doc", "parent-letter", "--pdf", "--out",
                                str(tmp_path / "again")])
    assert again.exit_code == 0 and "lettertype" not in again.stderr


@pytest.mark.slow
@needs_poppler
def test_the_pdfs_of_a_run_are_read_in_one_pdftotext_run_with_the_same_text(
    arabic_letter: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pdf_texts joins the PDFs (pdfunite) and reads them with one pdftotext: each PDF's places are
    exactly what it gives read on its own, so the scan finds what it found before."""
    import subprocess

    linked = _pdf(lambda writer: writer.add_metadata({"/Title": "Sanne de Boer"}))
    alone = {"a.pdf": pdf_text(arabic_letter, "a.pdf"), "b.pdf": pdf_text(linked, "b.pdf")}
    real = subprocess.run
    programs: list[str] = []

    def counted(command: list[str], *args: Any, **kwargs: Any) -> Any:
        programs.append(Path(command[0]).name)
        return real(command, *args, **kwargs)

    monkeypatch.setattr(pdf.subprocess, "run", counted)
    together = pdf.pdf_texts({"a.pdf": arabic_letter, "b.pdf": linked, "c.pdf": arabic_letter})
    assert programs == ["pdfunite", "pdftotext"]
    assert together == {**alone, "c.pdf": alone["a.pdf"]}


@pytest.mark.slow
def test_where_the_pdfs_cannot_be_joined_each_is_read_on_its_own(
    arabic_letter: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without pdfunite (or when it fails) every PDF still gets its text, the same as alone."""
    alone = pdf_text(arabic_letter, "a.pdf")
    monkeypatch.setattr(pdf, "find_pdfunite", lambda: None)
    assert pdf.pdf_texts({"a.pdf": arabic_letter, "b.pdf": arabic_letter}) == {"a.pdf": alone, "b.pdf": alone}
