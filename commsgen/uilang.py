"""The interface language (Dutch or English) and the wording of the guided commands.

The wording of `interview` and `status` lives in `wording.yaml` (data, not f-strings): one entry
per message, a text per interface language. Values put into a message are field paths, step
numbers, dates and counts: never a name, number or note from the case.
"""

from __future__ import annotations

import locale
import os
from functools import cache
from pathlib import Path
from typing import Any

INTERFACE_LANGUAGES = ("nl", "en")
_WORDING = Path(__file__).resolve().parent / "wording.yaml"


def ui_language() -> str:
    """`COMMSGEN_LANG` when it is nl or en; otherwise Dutch unless the system locale is another language."""
    chosen = os.environ.get("COMMSGEN_LANG", "").strip().lower()[:2]
    if chosen in INTERFACE_LANGUAGES:
        return chosen
    system = os.environ.get("LC_ALL") or os.environ.get("LANG") or (locale.getlocale()[0] or "")
    return "en" if system[:2].lower() == "en" else "nl"


@cache
def _wording() -> dict[str, dict[str, str]]:
    from ruamel.yaml import YAML

    loaded: Any = YAML(typ="safe").load(_WORDING.read_text(encoding="utf-8"))
    return {str(key): {str(k): str(v) for k, v in texts.items()} for key, texts in loaded.items()}


def has_text(key: str) -> bool:
    """Whether the wording has an entry `key`."""
    return key in _wording()


def text(key: str, lang: str | None = None, **values: Any) -> str:
    """The message `key` in the interface language, with `{name}` placeholders filled in."""
    entry = _wording()[key]
    wording = entry.get(lang or ui_language()) or entry["nl"]
    return wording.format(**values) if values else wording
