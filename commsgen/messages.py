"""The interface language (Dutch or English) and its catalog: `t("English text {field}", field=...)`.

Messages, `--help` texts and progress labels are written in English in the code (the msgid) and
translated in `locales/<lang>/LC_MESSAGES/ui.po`, a gettext domain of its own: the document
catalogs (`commsgen.po`) decide which languages a letter can be written in, this one only what
the person at the keyboard reads. Values put into a message are field paths, line numbers, file
names and counts, never a value from the case file.

The language is, in this order: `use()` (the `--taal` option), `COMMSGEN_LANG`, the locale
variables `LC_ALL`, `LC_MESSAGES`, `LANG`, the Windows display language; English otherwise.
"""

from __future__ import annotations

import io
import os
import sys
from functools import cache
from gettext import GNUTranslations, NullTranslations
from typing import Any

from .resources import locales_dir

DOMAIN = "ui"
LANGUAGES = ("nl", "en")
SOURCE = "en"  # the msgids are English

_chosen: str | None = None


def N_(msgid: str) -> str:
    """Mark a text for the catalog where it is defined; `t()` translates it where it is shown."""
    return msgid


def _from_tag(tag: str | None) -> str | None:
    """`nl` for `nl_NL.UTF-8`, `nl-BE` or `Dutch_Netherlands.1252`; None for C, POSIX and others."""
    if not tag:
        return None
    name = tag.split(".")[0].replace("-", "_").lower()
    if name.startswith(("nl_", "dutch")) or name == "nl":
        return "nl"
    if name.startswith(("en_", "english")) or name == "en":
        return "en"
    return None


def _windows_language() -> str | None:
    """The Windows display language (a Dutch Windows with an English locale still reads Dutch)."""
    if sys.platform != "win32":
        return None
    import locale

    try:
        import ctypes

        lcid = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined,unused-ignore]
    except (AttributeError, OSError):
        return None
    return _from_tag(locale.windows_locale.get(int(lcid)))


def detect() -> str:
    """The user's language from the environment: `nl` or `en`."""
    setting = os.environ.get("COMMSGEN_LANG", "").strip()
    if setting:
        return _from_tag(setting) or SOURCE
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "").strip()
        if value:  # the first one set decides, as in gettext; `C` means English
            return _from_tag(value) or SOURCE
    return _windows_language() or SOURCE


def use(lang: str | None) -> None:
    """Choose the interface language (`nl`, `en`), or go back to the environment's with None."""
    global _chosen
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"interface language must be one of {', '.join(LANGUAGES)}")
    _chosen = lang


def language() -> str:
    """The interface language now in use."""
    return _chosen or detect()


@cache
def translations(lang: str) -> NullTranslations:
    """The catalog of `lang`, read with Babel from its .po file; fuzzy entries are left out."""
    if lang == SOURCE:
        return NullTranslations()
    path = locales_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return NullTranslations()
    from . import cache  # compiled once per .po content, then read from the disk cache

    source = path.read_bytes()
    key = cache.cache_key("ui-mo", source, lang)
    compiled = cache.load("ui-mo", key)
    if compiled is not None:
        try:
            return GNUTranslations(io.BytesIO(compiled))
        except (OSError, ValueError, IndexError, UnicodeDecodeError):
            pass  # not a catalog after all: made again below
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(source), locale=lang, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog)  # fuzzy entries are not written
    cache.store("ui-mo", key, out.getvalue())
    return GNUTranslations(io.BytesIO(out.getvalue()))


def t(msgid: str, **values: Any) -> str:
    """The message in the interface language, with `{name}` placeholders filled in."""
    text = translations(language()).gettext(msgid)
    return text.format(**values) if values else text


def tn(singular: str, plural: str, count: int, **values: Any) -> str:
    """A message with a count in it (`1 pupil`, `3 pupils`); `{count}` is filled in too."""
    text = translations(language()).ngettext(singular, plural, count)
    return text.format(count=count, **values)
