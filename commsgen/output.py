"""Write a run's files safely: all or nothing, atomically, 0600, never over a file or through a link.

A run takes its output folder for itself (`claim`), so two runs into one folder cannot mix
their files; the lock is the operating system's, released when the process ends, even by a crash.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from .errors import OutputError
from .messages import t

FILE_MODE = 0o600
DIR_MODE = 0o700
LOCK_NAME = ".commsgen.lock"  # no document, PDF or manifest has this name
# Binary on Windows (no LF -> CRLF in a .docx), never followed through a link where links exist.
WRITE_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
               | getattr(os, "O_NOFOLLOW", 0))


@dataclass(frozen=True)
class OutputFile:
    """One file of a run: its name (built from ids, never names) and content."""

    name: str
    data: bytes


def prepare_folder(out_dir: Path) -> None:
    """Create the output folder if needed (0700), or refuse one that cannot hold the run."""
    if out_dir.is_symlink() and not out_dir.is_dir():
        raise OutputError(t("output folder {folder}: is a broken link", folder=out_dir))
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(t("output folder {folder}: is a file, not a folder", folder=out_dir))
    try:
        out_dir.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(t("output folder {folder}: cannot be created ({reason})", folder=out_dir,
                            reason=e.strerror)) from e
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise OutputError(t("output folder {folder}: is not writable", folder=out_dir))


@contextlib.contextmanager
def claim(out_dir: Path) -> Iterator[None]:
    """Hold the output folder for one run; a second run into it is refused at once, not queued.

    Everything that reads the folder to decide what to write (the manifest, the existing files)
    belongs inside, so that what was checked is still true when the files are placed.
    """
    prepare_folder(out_dir)
    # fallback_to_soft=False: a lock that is a mere file could outlive a crashed run.
    lock = FileLock(out_dir / LOCK_NAME, timeout=0, thread_local=False, fallback_to_soft=False)
    try:
        lock.acquire()
    except Timeout as e:
        raise OutputError(t("output folder {folder}: another commsgen run is writing into it; "
                            "wait until it has finished, or use another --out", folder=out_dir)) from e
    except OSError as e:
        raise OutputError(t("output folder {folder}: cannot be locked for this run ({reason})",
                            folder=out_dir, reason=e.strerror)) from e
    try:
        yield
    finally:
        # Removed while still held, so a waiting run never locks a name that is gone (filelock
        # checks for that). Windows cannot remove an open file; filelock removes it after release.
        if os.name != "nt":
            with contextlib.suppress(OSError):
                (out_dir / LOCK_NAME).unlink()
        lock.release()


def check_targets(out_dir: Path, files: list[OutputFile], force: bool, replaceable: set[str]) -> None:
    """Refuse before writing anything: an existing file without --force, or any link."""
    for item in files:
        target = out_dir / item.name
        if target.is_symlink():
            raise OutputError(t("{file}: is a symbolic link; commsgen never writes through one", file=target))
        if target.exists() and not target.is_file():
            raise OutputError(t("{file}: exists and is not a file", file=target))
        if target.exists() and not force and item.name not in replaceable:
            raise OutputError(t("{file}: already exists (use --force to replace it)", file=target))


def write_all(out_dir: Path, files: list[OutputFile], force: bool,
              extra: list[OutputFile] | None = None) -> list[Path]:
    """Write every file or none: temporary files first, then renames, undone on any failure.

    `extra` files (the manifest, placed last: the run's commit) may replace an earlier version.
    Without --force a file is placed only where none exists at that moment, so a file that
    appeared after `check_targets` is kept and the run is undone. Call it inside `claim`.
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
            if not force and target.name not in replaceable:
                _place_new(temp, target)
            else:
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
        raise _write_failure(out_dir, e) from e
    for backup, _ in backups:
        with contextlib.suppress(OSError):
            backup.unlink()
    _sync_folder(out_dir)
    return [target for _, target in temps]


def _write_failure(out_dir: Path, e: OSError) -> OutputError:
    """The message for a run undone by the system: what happened, and that nothing was kept."""
    if isinstance(e, FileExistsError):
        where = e.filename2 or e.filename  # os.link names the target second
        name = Path(where).name if where else "a document"
        return OutputError(t("{file}: appeared while commsgen was writing; nothing was kept "
                             "(use --force to replace it)", file=out_dir / name))
    hint = t(" (is a document open in Word or another program?)") if isinstance(e, PermissionError) else ""
    return OutputError(t("output folder {folder}: writing failed ({reason}){hint}; nothing was kept",
                         folder=out_dir, reason=e.strerror, hint=hint))


def _place_new(temp: Path, target: Path) -> None:
    """Move `temp` to `target` only if nothing exists there now (FileExistsError otherwise)."""
    try:
        os.link(temp, target)  # refuses an existing target, atomically
    except FileExistsError:
        raise
    except OSError as e:  # a file system without hard links (FAT on a USB stick, some shares)
        if os.name != "nt" and os.path.lexists(target):  # POSIX rename would replace it
            raise FileExistsError(errno.EEXIST, "File exists", str(target)) from e
        os.rename(temp, target)  # on Windows rename itself refuses an existing target
        return
    try:
        os.unlink(temp)
    except OSError:
        with contextlib.suppress(OSError):
            target.unlink()
        raise


def _write_new(path: Path, data: bytes) -> None:
    """Create `path` (which must not exist, nor be a link) with mode 0600 and sync it."""
    fd = os.open(path, WRITE_FLAGS, FILE_MODE)
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
