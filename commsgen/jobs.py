"""One document to make (kind, language, pupil) and what the user asked for: what a run plans from.

Below `generate` and `manifest`, which both use it, so neither imports the other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .audiences import Audience
from .kinds import DocKind

if TYPE_CHECKING:
    from .casefile import LoadedCase


@dataclass(frozen=True)
class Job:
    """One document to make: a kind, a language and, for pupil documents, a person id."""

    kind: DocKind
    lang: str
    person_id: str | None = None

    @property
    def audience(self) -> Audience:
        return Audience(self.kind.audience, self.person_id)

    def filename(self, reference: str) -> str:
        """`2026-014_student-meeting_s2_nl.docx`: ids only, never a name."""
        person = f"_{self.person_id}" if self.person_id else ""
        return f"{reference}_{self.kind.name}{person}_{self.lang}.docx"


@dataclass(frozen=True)
class Options:
    """What the user asked for on the command line."""

    kinds: tuple[str, ...]
    langs: tuple[str, ...] | None = None
    person: str | None = None
    templates: Path | None = None
    today: dt.date | None = None
    allow_untranslated: bool = False  # render with Dutch where a translation is missing
    whole_pack: bool = False  # `pack`: `langs` are the parents' languages; the rest is Dutch
    pdf: bool = False  # also a PDF of every document
    pdfa: bool = False  # PDF/A-2b, for archiving
    override: str | None = None  # make documents the protocol order holds back; recorded in the manifest


def case_languages(loaded: LoadedCase) -> list[str]:
    """`communication.languages`, else Dutch plus every guardian's language."""
    case = loaded.case
    if case.communication.languages:
        return list(dict.fromkeys(case.communication.languages))
    found = ["nl"] + [g.language for p in case.people for g in p.guardians]
    return list(dict.fromkeys(found))
