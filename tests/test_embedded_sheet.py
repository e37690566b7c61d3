"""An embedded Excel workbook as Excel saves it: its printer settings are no reason to refuse the document."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest
from click.testing import CliRunner

from commsgen.cli import cli
from commsgen.docxtext import text_parts
from commsgen.errors import TemplateError
from tests.docxbuild import XLSX, embed, package, parts_of, replace, spreadsheet, word_document

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PRINTER = "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"
SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
PLACE = "word/embeddings/Microsoft_Excel_Worksheet.xlsx"


def devmode() -> bytes:
    """A Windows DEVMODE as Excel stores it: the printer's name in UTF-16, then binary settings."""
    name = "Kopieerapparaat".encode("utf-16-le").ljust(64, b"\0")
    return name + struct.pack("<HHHHI", 0x0401, 0x0401, 220, 0, 0x0001FF03) + bytes(range(256)) * 4


def workbook(shared: str, inline: str, printer_type: str = PRINTER) -> bytes:
    """An .xlsx with a shared string, an inline string in its sheet, and printer settings."""
    parts = parts_of(spreadsheet(shared))
    replace(parts, "[Content_Types].xml", "</Types>",
            f'<Default Extension="bin" ContentType="{printer_type}"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET}"/></Types>')
    parts["xl/worksheets/sheet1.xml"] = (
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
        f'<c r="B1" t="inlineStr"><is><t>{inline}</t></is></c></row></sheetData></worksheet>').encode()
    parts["xl/worksheets/_rels/sheet1.xml.rels"] = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'printerSettings" Target="../printerSettings/printerSettings1.bin"/></Relationships>')
    parts["xl/printerSettings/printerSettings1.bin"] = devmode()
    return package(parts)


def letter(sheet: bytes) -> bytes:
    return embed(word_document("Zie de tabel hieronder."), PLACE, XLSX, sheet)


def test_printer_settings_of_an_embedded_workbook_do_not_stop_the_reading() -> None:
    """The sheet's shared and inline strings are read; the printer settings part is not refused."""
    texts = text_parts(letter(workbook("groep 8", "Aula")), "brief.docx", TemplateError)
    assert f"{PLACE}!xl/sharedStrings.xml" in texts
    assert f"{PLACE}!xl/worksheets/sheet1.xml" in texts
    assert not [place for place in texts if "printerSettings1.bin" in place]


@pytest.mark.parametrize("shared, inline", [("Tim Jansen", "groep 8"), ("groep 8", "Tim Jansen")],
                         ids=["shared-string", "inline-string"])
def test_scan_finds_a_name_planted_in_an_embedded_workbook(
    runner: CliRunner, case_file: Path, tmp_path: Path, shared: str, inline: str
) -> None:
    """`commsgen scan`: a pupil's name in an Excel sheet inside a letter for parents is a finding (exit 3)."""
    path = tmp_path / "brief.docx"
    path.write_bytes(letter(workbook(shared, inline)))
    result = runner.invoke(cli, ["scan", str(path), "--case", str(case_file), "--audience", "parents"])
    assert result.exit_code == 3, result.output
    assert "Tim Jansen" not in result.output


def test_scan_passes_a_clean_workbook_with_printer_settings(
    runner: CliRunner, case_file: Path, tmp_path: Path
) -> None:
    """Nothing private in the sheet: the document is clean (exit 0), not 'cannot be checked'."""
    path = tmp_path / "brief.docx"
    path.write_bytes(letter(workbook("groep 8", "Aula")))
    result = runner.invoke(cli, ["scan", str(path), "--case", str(case_file), "--audience", "parents"])
    assert result.exit_code == 0, result.output


def test_a_binary_sheet_is_still_refused() -> None:
    """A binary part that a reader does see (an .xlsb sheet) cannot be read and is refused, naming it."""
    binary = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"
    sheet = workbook("groep 8", "Aula", printer_type=binary)
    with pytest.raises(TemplateError, match=re.escape("printerSettings1.bin is in a format that cannot")):
        text_parts(letter(sheet), "brief.docx", TemplateError)
