"""The console never undoes a run: characters it cannot show are replaced, a closed pipe ends quietly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PRIVATE_VALUES


def _commsgen(*args: str, encoding: str = "cp1252") -> subprocess.CompletedProcess[bytes]:
    """`python -m commsgen ARGS` with a console in `encoding`, as a Windows console or redirect has it."""
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run([sys.executable, "-m", "commsgen", *args], capture_output=True, env=env,
                          timeout=120, check=False)


def test_an_output_name_the_console_cannot_show_is_printed_with_a_replacement(
    case_file: Path, tmp_path: Path
) -> None:
    """cp1252 has no Arabic: the run succeeds (exit 0) and prints `?` where the console lacks a letter."""
    out = tmp_path / "uitvoer-ملف"
    result = _commsgen("render", str(case_file), "--doc", "parent-letter", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert b"wrote " + str(tmp_path).encode("cp1252") + b"/uitvoer-???/2026-901_parent-letter_nl.docx" \
        in result.stdout
    assert sorted(os.listdir(out)) == ["2026-901_parent-letter_nl.docx", "manifest.json"]


def test_an_error_the_console_cannot_show_is_still_one_clear_line(tmp_path: Path) -> None:
    """An error message naming a path in another script is printed with `?`, not as an internal error."""
    result = _commsgen("check", str(tmp_path / "zaak-ملف.yaml"))
    assert result.returncode == 1
    assert result.stderr.startswith(b"commsgen: error: ") and b"zaak-???.yaml" in result.stderr
    assert b"internal error" not in result.stderr


@pytest.mark.parametrize("args", [["list"], ["lint"], ["schema"]], ids=["list", "lint", "schema"])
def test_a_closed_pipe_ends_quietly(args: list[str]) -> None:
    """`commsgen lint | head -1`: the reader left; exit 0 and no `internal error (BrokenPipeError)`."""
    with subprocess.Popen([sys.executable, "-m", "commsgen", *args], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # before the first line is written: every write meets a closed pipe
        errors = process.stderr.read()
    assert process.returncode == 0
    assert errors == b""


def test_a_pack_whose_output_pipe_is_closed_keeps_its_files_and_exits_0(
    case_file: Path, tmp_path: Path
) -> None:
    """The files are committed before anything is printed; a closed pipe afterwards changes nothing."""
    out = tmp_path / "out"
    command = [sys.executable, "-m", "commsgen", "pack", str(case_file), "--out", str(out)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        errors = process.stderr.read()
    # stderr may say which kinds the case does not call for yet; never an error.
    assert process.returncode == 0 and b"error" not in errors
    assert len(list(out.glob("*.docx"))) == 13  # with the logbook and the parents' evening
    assert not any(value.encode() in errors for value in PRIVATE_VALUES)
