"""Write a run's files safely: all or nothing, atomically, 0600, never over a file or through a link."""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from .errors import OutputError

FILE_MODE = 0o600
DIR_MODE = 0o700


@dataclass(frozen=True)
class OutputFile:
    """One file of a run: its name (built from ids, never names) and content."""

    name: str
    data: bytes


def prepare_folder(out_dir: Path) -> None:
    """Create the output folder if needed (0700), or refuse one that cannot hold the run."""
    if out_dir.is_symlink() and not out_dir.is_dir():
        raise OutputError(f"output folder {out_dir}: is a broken link")
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"output folder {out_dir}: is a file, not a folder")
    try:
        out_dir.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"output folder {out_dir}: cannot be created ({e.strerror})") from e
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise OutputError(f"output folder {out_dir}: is not writable")


def check_targets(out_dir: Path, files: list[OutputFile], force: bool, replaceable: set[str]) -> None:
    """Refuse before writing anything: an existing file without --force, or any link."""
    for item in files:
        target = out_dir / item.name
        if target.is_symlink():
            raise OutputError(f"{target}: is a symbolic link; commsgen never writes through one")
        if target.exists() and not target.is_file():
            raise OutputError(f"{target}: exists and is not a file")
        if target.exists() and not force and item.name not in replaceable:
            raise OutputError(f"{target}: already exists (use --force to replace it)")


def write_all(out_dir: Path, files: list[OutputFile], force: bool,
              extra: list[OutputFile] | None = None) -> list[Path]:
    """Write every file or none: temporary files first, then renames, undone on any failure.

    `extra` files (the manifest) are written with the run and may replace an earlier version.
    """
    prepare_folder(out_dir)
    replaceable = {item.name for item in extra or []}
    files = files + list(extra or [])
    check_targets(out_dir, files, force, replaceable)
    token = secrets.token_hex(4)
    temps: list[tuple[Path, Path]] = []
    backups: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    try:
        for item in files:
            temp = out_dir / f".{item.name}.{token}.tmp"
            _write_new(temp, item.data)
            temps.append((temp, out_dir / item.name))
        for temp, target in temps:
            if target.exists():
                backup = target.with_name(f".{target.name}.{token}.bak")
                os.replace(target, backup)
                backups.append((backup, target))
            os.replace(temp, target)
            placed.append(target)
    except OSError as e:
        for target in placed:
            with contextlib.suppress(OSError):
                target.unlink()
        for backup, target in backups:
            with contextlib.suppress(OSError):
                os.replace(backup, target)
        for temp, _ in temps:
            with contextlib.suppress(OSError):
                temp.unlink()
        raise OutputError(f"output folder {out_dir}: writing failed ({e.strerror}); nothing was kept") from e
    for backup, _ in backups:
        with contextlib.suppress(OSError):
            backup.unlink()
    _sync_folder(out_dir)
    return [target for _, target in temps]


def _write_new(path: Path, data: bytes) -> None:
    """Create `path` (which must not exist, nor be a link) with mode 0600 and sync it."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def _sync_folder(out_dir: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(out_dir, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
