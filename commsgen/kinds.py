"""The registry of document kinds: audience, protocol steps, and which languages a pack makes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocKind:
    """One kind of document commsgen makes."""

    name: str
    audience: str  # parents | staff | student | police
    steps: str  # protocol steps it serves
    description: str
    per_person: bool = False  # one document per involved pupil
    all_languages: bool = False  # a pack makes it in every case language, else Dutch only


KINDS: dict[str, DocKind] = {
    kind.name: kind
    for kind in (
        DocKind("parent-letter", "parents", "8, 5",
                "letter to all parents of the affected groups", all_languages=True),
        DocKind("teacher-briefing", "staff", "7", "briefing for teachers and staff"),
        DocKind("student-meeting", "student", "6, 2",
                "conversation guide for one involved pupil and their parents", per_person=True),
        DocKind("police-handover", "police", "3, 4", "handover of the facts to the police"),
    )
}
