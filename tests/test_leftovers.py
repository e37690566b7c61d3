"""A run killed while writing: what it left is removed by the next run and by `verify`, never kept.

The runs are real `commsgen pack` processes killed with SIGKILL at a fixed point of the writing
(after the second temporary file is half written, or right after a file is moved aside), so the
leftovers are the ones a crash leaves, not planted ones.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from commsgen.cli import cli
from commsgen.output import claim, leftovers

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")

# Runs the command line with a kill switch in the writing code; argv: mode, then commsgen's own.
KILLER = """
import os, signal, sys
import commsgen.output as output
mode = sys.argv[1]
if mode == "half-written":
    calls = []
    original = output._write_new
    def write_new(path, data):
        calls.append(path)
        if len(calls) == 2:  # the second temporary file: half of it on disk, then the power goes
            fd = os.open(path, output.WRITE_FLAGS, output.FILE_MODE)
            os.write(fd, data[: len(data) // 2])
            os.fsync(fd)
            os.kill(os.getpid(), signal.SIGKILL)
        original(path, data)
    output._write_new = write_new
elif mode == "moved-aside":
    replace = os.replace
    def replace_then_die(source, target):
        replace(source, target)
        if str(target).endswith(".bak"):  # the old version moved aside, the new one not yet placed
            os.kill(os.getpid(), signal.SIGKILL)
    output.os.replace = replace_then_die
from commsgen.cli import main
sys.argv = ["commsgen", *sys.argv[2:]]
main()
"""
LEFTOVER = re.compile(r"^\..+\.[0-9a-f]{8}\.(tmp|bak)$")


def killed_pack(mode: str, case_file: Path, out: Path, *extra: str) -> None:
    """Run `commsgen pack` in its own process and let it be killed with SIGKILL while it writes."""
    env = {**os.environ, "COMMSGEN_LANG": "en"}
    result = subprocess.run([sys.executable, "-c", KILLER, mode, "pack", str(case_file), "--out", str(out),
                             "--quiet", *extra], capture_output=True, env=env, timeout=300, check=False)
    assert result.returncode == -signal.SIGKILL, result.stderr.decode(errors="replace")


def left(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if LEFTOVER.match(p.name))


def pack(runner: CliRunner, case_file: Path, out: Path, *extra: str) -> str:
    result = runner.invoke(cli, ["pack", str(case_file), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_killed_pack_leaves_a_half_written_document_behind(case_file: Path, tmp_path: Path) -> None:
    """The premise: SIGKILL during the writing leaves commsgen's temporary files, one half written."""
    out = tmp_path / "out"
    killed_pack("half-written", case_file, out)
    names = left(out)
    assert len(names) == 2 and all(n.endswith(".tmp") for n in names)
    assert [p.name for p in out.iterdir() if p.suffix in (".docx", ".pdf", ".json")] == []


@pytest.mark.parametrize("extra", [(), ("--force",)], ids=["pack", "pack-force"])
def test_the_next_pack_removes_what_a_killed_pack_left(
    runner: CliRunner, case_file: Path, tmp_path: Path, extra: tuple[str, ...]
) -> None:
    """`pack` and `pack --force` after a crash: no temporary file stays, and it says so."""
    out = tmp_path / "out"
    killed_pack("half-written", case_file, out)
    output = pack(runner, case_file, out, *extra)
    assert left(out) == []
    assert "removed 2 unfinished files of an earlier run that was interrupted" in output
    assert runner.invoke(cli, ["verify", str(out)]).exit_code == 0


def test_verify_removes_and_reports_what_a_killed_force_pack_left(
    runner: CliRunner, case_file: Path, tmp_path: Path
) -> None:
    """`verify` after a killed `pack --force`: the leftovers are reported and gone; then all is well."""
    out = tmp_path / "out"
    pack(runner, case_file, out)
    killed_pack("half-written", case_file, out, "--force")
    names = left(out)
    first = runner.invoke(cli, ["verify", str(out)])
    assert first.exit_code != 0
    assert first.output.count("an unfinished file of an interrupted commsgen run; removed") == len(names) == 2
    assert left(out) == []
    assert runner.invoke(cli, ["verify", str(out)]).exit_code == 0


def test_a_file_moved_aside_by_a_killed_run_is_put_back(
    runner: CliRunner, case_file: Path, tmp_path: Path
) -> None:
    """Killed between moving a document aside and placing its new version: verify puts it back."""
    out = tmp_path / "out"
    pack(runner, case_file, out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.suffix == ".docx"}
    killed_pack("moved-aside", case_file, out, "--force")
    assert any(name.endswith(".bak") for name in left(out))
    assert set(before) - {p.name for p in out.iterdir()}  # one document is missing now
    assert runner.invoke(cli, ["verify", str(out)]).exit_code != 0
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.suffix == ".docx"} == before
    assert runner.invoke(cli, ["verify", str(out)]).exit_code == 0


def test_render_removes_a_leftover_and_leaves_other_files_alone(
    runner: CliRunner, case_file: Path, tmp_path: Path
) -> None:
    """`render` clears commsgen's own leftover names only: a user's `.tmp` or `.bak` file stays."""
    out = tmp_path / "out"
    out.mkdir()
    (out / ".2026-901_victim-checklist_s1_nl.docx.0badc0de.tmp").write_bytes(b"PK\x03\x04 half")
    kept = [out / ".notities.tmp", out / "brief.docx.bak", out / ".brief.docx.xyz.tmp"]
    for path in kept:
        path.write_bytes(b"van de gebruiker")
    result = runner.invoke(cli, ["render", str(case_file), "--doc", "parent-letter", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert leftovers(out) == []
    assert all(path.read_bytes() == b"van de gebruiker" for path in kept)


def test_verify_reports_leftovers_it_cannot_remove_while_another_run_holds_the_folder(
    runner: CliRunner, case_file: Path, tmp_path: Path
) -> None:
    """A run holding the folder may be writing those very files: verify removes nothing and says why."""
    out = tmp_path / "out"
    pack(runner, case_file, out)
    planted = out / ".2026-901_parent-letter_nl.docx.0badc0de.tmp"
    planted.write_bytes(b"PK\x03\x04 half")
    with claim(out):  # another run, as far as verify can tell (the lock is not re-entrant)
        planted.write_bytes(b"PK\x03\x04 half")  # that run's own temporary file, live
        result = runner.invoke(cli, ["verify", str(out)])
    assert result.exit_code != 0
    assert "another commsgen run is writing into it" in result.output
    assert "an unfinished file of an interrupted commsgen run; run commsgen pack again" in result.output
    assert planted.exists()
