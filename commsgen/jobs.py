"""One document to make (kind, language, pupil): the unit a run plans, renders and records.

Below `generate` and `manifest`, which both use it, so neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from .audiences import Audience
from .kinds import DocKind


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
