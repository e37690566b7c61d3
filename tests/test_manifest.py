"""manifest.json: every file with its kind, audience and hashes, no values; verify finds changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from commsgen.cli import cli
from tests.conftest import PRIVATE_VALUES


def test_pack_records_every_file_without_values(runner: CliRunner, case_file: Path, tmp_path: Path) -> None:
    """Kinds, audiences, languages, ids, hashes and field paths; never a name or number."""
    out = tmp_path / "out"
    assert runner.invoke(cli, ["pack", str(case_file), "--out", str(out)]).exit_code == 0
    text = (out / "manifest.json").read_text(encoding="utf-8")
    manifest = json.loads(text)
    records = {r["file"]: r for r in manifest["files"]}
    assert set(records) == {p.name for p in out.iterdir()} - {"manifest.json"}  # .docx, .csv, .txt, .html
    meeting = records["2026-901_student-meeting_s2_nl.docx"]
    assert meeting["audience"] == "student:s2" and meeting["person"] == "s2"
    assert "people.name" in meeting["fields"] and len(meeting["sha256"]) == 64
    assert len(manifest["case_sha256"]) == 64
    for value in PRIVATE_VALUES:
        assert value not in text


def test_verify_passes_then_finds_a_hand_edit(runner: CliRunner, case_file: Path, tmp_path: Path) -> None:
    """verify is exit 0 on an untouched folder and exit 1 naming the file that changed."""
    out = tmp_path / "out"
    runner.invoke(cli, ["pack", str(case_file), "--out", str(out)])
    assert runner.invoke(cli, ["verify", str(out)]).exit_code == 0
    letter = out / "2026-901_parent-letter_nl.docx"
    letter.write_bytes(letter.read_bytes() + b"\0")
    result = runner.invoke(cli, ["verify", str(out)])
    assert result.exit_code == 1 and "parent-letter_nl.docx: changed" in result.stderr


def test_a_folder_that_disagrees_with_its_manifest_is_refused(
    runner: CliRunner, case_file: Path, tmp_path: Path
) -> None:
    """A new run into a folder whose files no longer match its manifest stops (exit 1); --force proceeds."""
    out = tmp_path / "out"
    runner.invoke(cli, ["render", str(case_file), "--doc", "parent-letter", "--out", str(out)])
    (out / "2026-901_parent-letter_nl.docx").unlink()
    result = runner.invoke(cli, ["render", str(case_file), "--doc", "teacher-briefing", "--out", str(out)])
    assert result.exit_code == 1 and "manifest" in result.stderr
    assert not (out / "2026-901_teacher-briefing_nl.docx").exists()
    forced = runner.invoke(cli, ["render", str(case_file), "--doc", "teacher-briefing", "--out", str(out),
                                 "--force"])
    assert forced.exit_code == 0
    assert runner.invoke(cli, ["verify", str(out)]).exit_code == 0


def test_a_second_render_adds_to_the_manifest(runner: CliRunner, case_file: Path, tmp_path: Path) -> None:
    """Rendering kinds one by one into a folder keeps one manifest that lists them all."""
    out = tmp_path / "out"
    runner.invoke(cli, ["render", str(case_file), "--doc", "parent-letter", "--out", str(out)])
    runner.invoke(cli, ["render", str(case_file), "--doc", "police-handover", "--out", str(out)])
    files = {r["file"] for r in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]}
    assert files == {"2026-901_parent-letter_nl.docx", "2026-901_police-handover_nl.docx"}


def test_quiet_prints_nothing_on_success(runner: CliRunner, case_file: Path, tmp_path: Path) -> None:
    """--quiet silences everything but errors."""
    result = runner.invoke(cli, ["pack", str(case_file), "--quiet", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0 and result.output == ""


@pytest.mark.parametrize("name", ["~$26-901_parent-letter_nl.docx", ".~lock.2026-901_parent-letter_nl.docx#",
                                  "~$26-901_parent-letter_nl.pdf", ".commsgen.lock"],
                         ids=["word", "libreoffice", "word-pdf", "commsgen"])
def test_lock_files_next_to_an_open_document_are_not_changes(
    runner: CliRunner, case_file: Path, tmp_path: Path, name: str
) -> None:
    """A letter open in Word or LibreOffice (or a run's own lock) is no added file for verify or a new run."""
    out = tmp_path / "out"
    runner.invoke(cli, ["render", str(case_file), "--doc", "parent-letter", "--out", str(out)])
    (out / name).write_bytes(b"\x0bowner")
    result = runner.invoke(cli, ["verify", str(out)])
    assert result.exit_code == 0, result.stderr
    again = runner.invoke(cli, ["render", str(case_file), "--doc", "teacher-briefing", "--out", str(out)])
    assert again.exit_code == 0, again.stderr
