"""Safe files: all or nothing, 0600, no overwrite without --force, never through a link."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from commsgen.errors import OutputError
from commsgen.manifest import verify
from commsgen.output import OutputFile, claim, write_all
from tests.conftest import PRIVATE_VALUES

FILES = [OutputFile("a_nl.docx", b"one"), OutputFile("b_nl.docx", b"two")]


def test_files_are_written_with_mode_0600(tmp_path: Path) -> None:
    """Only the owner can read documents about children."""
    written = write_all(tmp_path / "out", FILES, force=False)
    assert [p.read_bytes() for p in written] == [b"one", b"two"]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in written)


def test_an_existing_file_is_not_replaced_without_force(tmp_path: Path) -> None:
    """Without --force nothing is written, not even the files that are new."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "b_nl.docx").write_bytes(b"edited by hand")
    with pytest.raises(OutputError, match="already exists"):
        write_all(out, FILES, force=False)
    assert sorted(os.listdir(out)) == ["b_nl.docx"]
    assert (out / "b_nl.docx").read_bytes() == b"edited by hand"


def test_force_replaces_existing_files(tmp_path: Path) -> None:
    """With --force the new content replaces the old."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "a_nl.docx").write_bytes(b"old")
    write_all(out, FILES, force=True)
    assert (out / "a_nl.docx").read_bytes() == b"one"


def test_a_symlink_target_is_refused_even_with_force(tmp_path: Path) -> None:
    """A link planted in the output folder cannot redirect a document elsewhere."""
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"keep")
    (out / "a_nl.docx").symlink_to(elsewhere)
    with pytest.raises(OutputError, match="symbolic link"):
        write_all(out, FILES, force=True)
    assert elsewhere.read_bytes() == b"keep"


def test_an_output_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    """--out pointing at a file is a clear error."""
    target = tmp_path / "out"
    target.write_bytes(b"")
    with pytest.raises(OutputError, match="is a file"):
        write_all(target, FILES, force=False)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    """A folder the user cannot write to is reported before anything is attempted."""
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="not writable"):
            write_all(out, FILES, force=False)
    finally:
        out.chmod(0o700)


def test_a_failure_halfway_leaves_no_file_and_restores_replaced_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the second rename fails, the first new file is removed and the old one is back."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "a_nl.docx").write_bytes(b"old")
    real_replace = os.replace
    calls = {"n": 0}

    def flaky(src: str | Path, dst: str | Path) -> None:
        calls["n"] += 1
        if str(dst).endswith("b_nl.docx"):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(OutputError, match="nothing was kept"):
        write_all(out, FILES, force=True)
    monkeypatch.undo()
    assert sorted(os.listdir(out)) == ["a_nl.docx"]
    assert (out / "a_nl.docx").read_bytes() == b"old"


@pytest.mark.parametrize("error", [OSError(13, "Permission denied"), OSError(28, "No space left on device")],
                         ids=["read-only", "disk-full"])
def test_a_write_refused_by_the_system_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError
) -> None:
    """When the second file cannot be written (even as root), no file or temporary file remains."""
    from commsgen import output

    out = tmp_path / "out"
    out.mkdir()
    real = output._write_new
    calls = {"n": 0}

    def failing(path: Path, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise error
        real(path, data)

    monkeypatch.setattr(output, "_write_new", failing)
    with pytest.raises(OutputError, match="nothing was kept"):
        write_all(out, FILES, force=False)
    assert os.listdir(out) == []


def test_a_file_that_appears_after_the_check_is_kept_and_the_run_undone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --force a file placed by someone else between check and write is never replaced."""
    from commsgen import output

    out = tmp_path / "out"
    out.mkdir()
    real_check = output.check_targets

    def check_then_appear(*args: Any) -> None:
        real_check(*args)
        (out / "b_nl.docx").write_bytes(b"saved by someone else")

    monkeypatch.setattr(output, "check_targets", check_then_appear)
    with pytest.raises(OutputError, match=r"b_nl\.docx: appeared while commsgen was writing"):
        write_all(out, FILES, force=False)
    assert sorted(os.listdir(out)) == ["b_nl.docx"]
    assert (out / "b_nl.docx").read_bytes() == b"saved by someone else"


def test_without_hard_links_a_file_is_still_never_placed_over_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system without hard links (FAT) placement falls back to a rename that refuses a target."""
    from commsgen import output

    def no_links(_src: object, _dst: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    written = write_all(tmp_path / "fresh", FILES, force=False)
    assert [p.read_bytes() for p in written] == [b"one", b"two"]
    out = tmp_path / "out"
    out.mkdir()
    real_check = output.check_targets

    def check_then_appear(*args: Any) -> None:
        real_check(*args)
        (out / "a_nl.docx").write_bytes(b"saved by someone else")

    monkeypatch.setattr(output, "check_targets", check_then_appear)
    with pytest.raises(OutputError, match="appeared while commsgen was writing"):
        write_all(out, FILES, force=False)
    assert sorted(os.listdir(out)) == ["a_nl.docx"]


def test_files_are_written_byte_for_byte(tmp_path: Path) -> None:
    """Line ends and every other byte of a document arrive unchanged (binary mode on Windows)."""
    data = bytes(range(256)) + b"\n\r\n\x1a"
    [written] = write_all(tmp_path / "out", [OutputFile("bytes_nl.docx", data)], force=False)
    assert written.read_bytes() == data


def test_a_second_run_into_a_claimed_folder_is_refused_at_once(tmp_path: Path) -> None:
    """While one run holds the folder, another is told so (exit 1), not queued or mixed in."""
    out = tmp_path / "out"
    with claim(out), pytest.raises(OutputError, match="another commsgen run is writing into it"), claim(out):
        pass  # pragma: no cover - never reached
    with claim(out):
        pass  # free again once the first run is done


def test_the_lock_file_is_gone_after_the_run(tmp_path: Path) -> None:
    """A run leaves the documents and nothing of its own lock behind (POSIX; Windows removes it too)."""
    out = tmp_path / "out"
    with claim(out):
        write_all(out, FILES, force=False)
    assert sorted(os.listdir(out)) == ["a_nl.docx", "b_nl.docx"]


HOLD = """\
import sys, time
from pathlib import Path
from commsgen.output import claim
with claim(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_run_that_was_killed_leaves_the_folder_free(tmp_path: Path) -> None:
    """The lock is the system's: a run killed while it held the folder does not lock it forever."""
    out = tmp_path / "out"
    command = [sys.executable, "-c", HOLD, str(out)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline() == "held\n"
            with pytest.raises(OutputError, match="another commsgen run"), claim(out):
                pass  # pragma: no cover - never reached
        finally:
            holder.kill()
    with claim(out):
        write_all(out, FILES, force=False)
    assert (out / "a_nl.docx").read_bytes() == b"one"


def test_two_packs_into_one_folder_at_once_one_wins_and_the_folder_holds_its_files(
    case_file: Path, tmp_path: Path
) -> None:
    """Started together without --force: exactly one exits 0, the other 1 with a clear message."""
    out = tmp_path / "out"
    command = [sys.executable, "-m", "commsgen", "pack", str(case_file), "--out", str(out)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    results = [(run.returncode, stderr) for run in runs for _, stderr in [run.communicate(timeout=120)]]
    assert sorted(code for code, _ in results) == [0, 1]
    [message] = [stderr for code, stderr in results if code == 1]
    assert message.startswith("commsgen: error: ")
    assert "another commsgen run is writing into it" in message or "already exists" in message
    assert not any(value in message for value in PRIVATE_VALUES)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {record["file"] for record in manifest["files"]} == set(os.listdir(out)) - {"manifest.json"}
    assert verify(out) == 16  # 13 .docx, the logbook's .csv, the portal message's .txt and .html
