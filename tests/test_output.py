"""Safe files: all or nothing, 0600, no overwrite without --force, never through a link."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from commsgen.errors import OutputError
from commsgen.output import OutputFile, write_all

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
