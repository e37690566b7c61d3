"""PDF output: one LibreOffice run, every PDF checked and leak-scanned; clear errors otherwise."""

from __future__ import annotations

import stat
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from commsgen import pdf
from commsgen.cli import cli
from commsgen.pdf import ConversionError, LibreOffice, pdf_text

needs_libreoffice = pytest.mark.skipif(pdf.find_libreoffice() is None, reason="LibreOffice is not installed")


@needs_libreoffice
def test_pack_pdf_gives_a_clean_pdf_for_every_document(
    runner: CliRunner, case_file: Path, tmp_path: Path
) -> None:
    """Each .docx gets a PDF with text, the school as author, and no pupil in the parents' letter."""
    out = tmp_path / "out"
    result = runner.invoke(cli, ["pack", str(case_file), "--pdf", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    docx = sorted(p.stem for p in out.glob("*.docx"))
    assert sorted(p.stem for p in out.glob("*.pdf")) == docx and len(docx) == 11
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
    assert "people[0].name in page" in result.stderr and "Sanne" not in result.stderr


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
    out = tmp_path / "out"
    result = runner.invoke(cli, ["pack", str(case_file), "--pdf", "--out", str(out)])
    assert result.exit_code == 1
    assert "libreoffice-writer-nogui" in result.stderr
    assert not out.exists()


def test_a_hanging_libreoffice_is_stopped_with_its_whole_process_group(tmp_path: Path) -> None:
    """The timeout ends LibreOffice and any child it started, then reports a clear error."""
    fake = tmp_path / "soffice"
    marker = tmp_path / "child.pid"
    fake.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {marker}\nwait\n", encoding="utf-8")
    fake.chmod(0o700)
    started = time.monotonic()
    with pytest.raises(ConversionError, match="did not finish"):
        LibreOffice(str(fake), timeout=1).convert({"a.docx": b"x"})
    assert time.monotonic() - started < 30
    child = int(marker.read_text(encoding="utf-8"))
    time.sleep(0.2)
    status = Path(f"/proc/{child}/status")
    # Gone, or a zombie waiting for init to reap it: either way it no longer runs.
    assert not status.exists() or "State:\tZ" in status.read_text(encoding="utf-8")
