"""Write a run's files safely: all or nothing, atomically, 0600, never over a file or through a link.

A run takes its output folder for itself (`claim`), so two runs into one folder cannot mix
their files; the lock is the operating system's, released when the process ends, even by a crash.

A run killed while writing (power cut, SIGKILL, Task Manager) cannot undo itself: it leaves its
temporary files (`.NAME.TOKEN.tmp`, possibly half-written private documents) and backups
(`.NAME.TOKEN.bak`, the earlier version of a replaced file). The next run into the folder removes
them as soon as it holds the folder (`clear_leftovers`), putting back a backup whose file the
interrupted run had already taken away, so the folder matches its manifest again; `verify` does
the same and reports them. The dot hides them on Linux and macOS only: on Windows they are also
given the hidden attribute, and they end in .tmp/.bak, never in .docx or .pdf.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import secrets
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from .errors import OutputError
from .messages import t, tn

FILE_MODE = 0o600
DIR_MODE = 0o700
LOCK_NAME = ".commsgen.lock"  # no document, PDF or manifest has this name
# Binary on Windows (no LF -> CRLF in a .docx), never followed through a link where links exist.
WRITE_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
               | getattr(os, "O_NOFOLLOW", 0))


# A run's own temporary and backup files, as `write_all` names them (TOKEN: 8 hex digits).
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.[0-9a-f]{8}\.(?P<kind>tmp|bak)$")
_MANIFEST = "manifest.json"  # manifest.MANIFEST (that module builds on this one)


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
def claim(out_dir: Path, clear: bool = True) -> Iterator[None]:
    """Hold the output folder for one run; a second run into it is refused at once, not queued.

    Everything that reads the folder to decide what to write (the manifest, the existing files)
    belongs inside, so that what was checked is still true when the files are placed. What an
    interrupted run left is cleared first (`clear_leftovers`), and said on the error stream.
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
        removed = clear_leftovers(out_dir) if clear else []  # `clear=False`: the caller does, and says so
        if removed:
            import click

            click.echo(tn("output folder {folder}: removed {count} unfinished file of an earlier run "
                          "that was interrupted", "output folder {folder}: removed {count} unfinished "
                          "files of an earlier run that was interrupted", len(removed),
                          folder=out_dir), err=True)
        yield
    finally:
        # Removed while still held, so a waiting run never locks a name that is gone (filelock
        # checks for that). Windows cannot remove an open file; filelock removes it after release.
        if os.name != "nt":
            with contextlib.suppress(OSError):
                (out_dir / LOCK_NAME).unlink()
        lock.release()


def leftovers(out_dir: Path) -> list[Path]:
    """Temporary and backup files an interrupted run left in the folder (commsgen's own names only)."""
    try:
        entries = sorted(out_dir.iterdir())
    except OSError:
        return []
    return [path for path in entries if _LEFTOVER.match(path.name) and not path.is_dir()]


def clear_leftovers(out_dir: Path) -> list[Path]:
    """Remove what an interrupted run left; call it holding the folder (`claim`). Returns what went.

    A temporary file is removed: it may be half written, and its run never placed it. A backup is
    put back when the manifest shows it is the version the folder should hold (the interrupted run
    had moved the file aside, or already replaced it, before its manifest was written); otherwise
    it is removed. A file that cannot be removed is left for `verify` to report.
    """
    removed: list[Path] = []
    found = leftovers(out_dir)
    # The manifest is placed last: a backup of it means the run stopped while placing, and the
    # manifest it puts back is the one the other backups are compared with.
    manifest_first = sorted(found, key=lambda p: not p.name.startswith(f".{_MANIFEST}."))
    expected: dict[str, str] | None = None
    for path in manifest_first:
        m = _LEFTOVER.match(path.name)
        assert m is not None
        target = out_dir / m["name"]
        if expected is None and m["name"] != _MANIFEST:
            expected = _manifest_hashes(out_dir)
        with contextlib.suppress(OSError):
            if m["kind"] == "bak" and _restores(path, target, (expected or {}).get(m["name"])):
                os.replace(path, target)
            else:
                path.unlink()
            removed.append(path)
    if removed:
        _sync_folder(out_dir)
    return removed


def _restores(backup: Path, target: Path, expected: str | None) -> bool:
    """Whether a backup, not the file in its place, is the version the manifest lists."""
    if target.is_symlink() or (target.exists() and not target.is_file()):
        return False
    if not target.exists():
        return expected is None or _hash(backup) == expected
    return expected is not None and _hash(target) != expected and _hash(backup) == expected


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _manifest_hashes(out_dir: Path) -> dict[str, str]:
    """File name to SHA-256 from the folder's manifest; empty when it has none or cannot be read."""
    try:
        data = json.loads((out_dir / _MANIFEST).read_text(encoding="utf-8"))
        return {str(r["file"]): str(r["sha256"]) for r in data["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


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
                    _hide(backup)
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
    if path.name.startswith("."):
        _hide(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def _hide(path: Path) -> None:
    """Windows shows dot files: give a temporary file the hidden attribute (best effort)."""
    if sys.platform == "win32":
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x2)  # FILE_ATTRIBUTE_HIDDEN


def _sync_folder(out_dir: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(out_dir, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
