"""`commsgen app --snelkoppeling`: a launcher on the desktop that starts the app with a double-click.

A `.cmd` on Windows, a `.command` on macOS, a `.desktop` file on Linux; each runs
`<this Python> -m commsgen app` from the environment commsgen is installed in, in a terminal
window (which shows the address and stops the app when it is closed).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..output import OutputFile, write_all

NAME = "commsgen"


def desktop(home: Path | None = None, platform: str | None = None) -> Path:
    """The user's desktop folder (a OneDrive desktop on Windows when that is the one in use)."""
    home = home or Path.home()
    platform = platform or sys.platform
    candidates = [home / "Desktop", home / "Bureaublad"]
    if platform == "win32":
        candidates = [home / "OneDrive" / "Desktop", home / "OneDrive" / "Bureaublad", *candidates]
    elif platform.startswith("linux"):
        configured = _xdg_desktop(home)
        if configured is not None:
            candidates.insert(0, configured)
    return next((c for c in candidates if c.is_dir()), home / "Desktop")


def _xdg_desktop(home: Path) -> Path | None:
    """XDG_DESKTOP_DIR from ~/.config/user-dirs.dirs (`$HOME/Bureaublad` on a Dutch desktop)."""
    config = home / ".config" / "user-dirs.dirs"
    try:
        lines = config.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith("XDG_DESKTOP_DIR="):
            value = line.partition("=")[2].strip().strip('"').replace("$HOME", str(home))
            return Path(value)
    return None


def _desktop_quote(arg: str) -> str:
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    return f'"{escaped}"'


def launcher(python: str, platform: str) -> tuple[str, str]:
    """The launcher's file name and text for a platform."""
    if platform == "win32":
        return f"{NAME}.cmd", f'@echo off\r\ntitle commsgen\r\n"{python}" -m commsgen app\r\npause\r\n'
    if platform == "darwin":
        quoted = python.replace("'", "'\\''")
        return f"{NAME}.command", f"#!/bin/sh\nexec '{quoted}' -m commsgen app\n"
    return f"{NAME}.desktop", (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Version=1.0\n"
        "Name=commsgen\n"
        "Comment=commsgen app\n"
        f"Exec={_desktop_quote(python)} -m commsgen app\n"
        "Terminal=true\n"
        "Categories=Office;\n"
    )


def write_shortcut(home: Path | None = None, platform: str | None = None, python: str | None = None) -> Path:
    """Put the launcher on the desktop (replacing an earlier one) and return its path."""
    platform = platform or sys.platform
    folder = desktop(home, platform)
    name, content = launcher(python or sys.executable, platform)
    data = content.encode("utf-8")
    path = write_all(folder, [OutputFile(name, data)], force=True)[0]
    if platform != "win32":
        os.chmod(path, 0o700)  # runnable by its owner only
    return path
