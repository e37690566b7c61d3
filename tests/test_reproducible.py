"""Reproducible documents: the same case, templates and version make the same bytes."""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from commsgen.cli import cli


def pack(runner: CliRunner, case_file: Path, out: Path) -> dict[str, bytes]:
    """Every file a pack wrote, by name."""
    result = runner.invoke(cli, ["pack", str(case_file), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return {path.name: path.read_bytes() for path in sorted(out.iterdir()) if not path.name.startswith(".")}


def core_properties(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("docProps/core.xml").decode()


def test_two_packs_of_one_case_are_byte_identical(
    runner: CliRunner, case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Packed twice, a second apart, into two folders: every document has the same bytes."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = pack(runner, case_file, tmp_path / "a")
    time.sleep(1.1)  # zip entries and core properties keep whole seconds: a later second must not show
    second = pack(runner, case_file, tmp_path / "b")
    documents = sorted(name for name in first if name.endswith(".docx"))
    assert len(documents) > 5
    assert sorted(first) == sorted(second)
    assert [name for name in documents if first[name] != second[name]] == []


def test_the_manifests_of_two_packs_differ_only_in_when_they_were_made(
    runner: CliRunner, case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without SOURCE_DATE_EPOCH, the manifest's `created` is the run's time; nothing else differs."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = json.loads(pack(runner, case_file, tmp_path / "a")["manifest.json"])
    second = json.loads(pack(runner, case_file, tmp_path / "b")["manifest.json"])
    first.pop("created")
    second.pop("created")
    assert first == second
    assert first["reproducible"] == {"source_date": "2026-11-20T00:00:00+00:00", "from": "letter_date"}


def test_documents_carry_the_letter_date_not_the_time_of_the_run(
    runner: CliRunner, case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """created/modified are the case's letter date; every zip entry has one fixed time."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    files = pack(runner, case_file, tmp_path / "out")
    data = next(content for name, content in files.items() if name.endswith(".docx"))
    core = core_properties(data)
    assert ">2026-11-20T00:00:00Z</dcterms:created>" in core
    assert ">2026-11-20T00:00:00Z</dcterms:modified>" in core
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_source_date_epoch_sets_the_date_and_makes_the_manifest_identical(
    runner: CliRunner, case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With SOURCE_DATE_EPOCH the documents carry that moment, and two manifests are byte-identical."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00:00 UTC
    first = pack(runner, case_file, tmp_path / "a")
    time.sleep(1.1)
    second = pack(runner, case_file, tmp_path / "b")
    assert first == second
    document = next(content for name, content in first.items() if name.endswith(".docx"))
    assert ">2026-01-01T00:00:00Z</dcterms:created>" in core_properties(document)
    manifest = json.loads(first["manifest.json"])
    assert manifest["created"] == "2026-01-01T00:00:00+00:00"
    assert manifest["reproducible"]["from"] == "SOURCE_DATE_EPOCH"


def test_without_a_letter_date_documents_carry_the_day_they_print(
    runner: CliRunner, write_case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No letter date: the date on the letters (today), never a date some readers may not see."""
    from tests.conftest import CASE_YAML

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    case_file = write_case(CASE_YAML.replace("  letter_date: 2026-11-20\n", ""))
    files = pack(runner, case_file, tmp_path / "out")
    manifest = json.loads(files["manifest.json"])
    assert manifest["reproducible"]["from"] == "today"
    day = manifest["reproducible"]["source_date"][:10]
    document = next(content for name, content in files.items() if name.endswith(".docx"))
    assert f">{day}T00:00:00Z</dcterms:created>" in core_properties(document)
    assert "2026-11-19" not in core_properties(document)  # case.opened, a staff-only date


@pytest.mark.parametrize("value", ["yesterday", "-5", "1e9", "99999999999999999999"], ids=str)
def test_a_malformed_source_date_epoch_is_refused(
    runner: CliRunner, case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """A SOURCE_DATE_EPOCH that is no number of seconds stops the run (exit 1) and writes nothing."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = runner.invoke(cli, ["pack", str(case_file), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "SOURCE_DATE_EPOCH must be a number of seconds" in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.docx"))
