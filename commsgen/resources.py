"""Where the built-in templates and catalogs are: inside the installed package, or in the checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE / name  # the wheel maps the top-level folder into the package
    return installed if installed.is_dir() else _PACKAGE.parent / name


def templates_dir() -> Path:
    """The folder holding the built-in `<kind>.docx` templates."""
    return _data_dir("templates")


def locales_dir() -> Path:
    """The folder holding `<lang>/LC_MESSAGES/commsgen.po` catalogs."""
    return _data_dir("locales")


def skeletons_dir() -> Path:
    """The folder holding the commented case skeletons written by `commsgen init`."""
    return _PACKAGE / "skeletons"
