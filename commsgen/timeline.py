"""The logbook's timeline: every dated action, contact, decision and communication of a case.

Each event is a small record (date, protocol step, what happened as a code, and for documents
the kind, audience, languages and what the protocol order still waits for). The logbook template
turns the codes into words; its table is also written as CSV (`textformats`). The timeline is made
for the school's own case file (`dossier`) only, which may read everything: pupils appear by id
and role, never by name, so that an export to a registration system carries no names.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .kinds import KINDS, SCHOOL_LANGUAGE, DocKind, languages_of, unmet, value_at
from .model import CaseFile

# The date a case plans for each kind of document (a field of the case), when it has one.
PLANNED: dict[str, str] = {
    "filter-request": "police.agreed_filter",
    "police-handover": "police.contacted",
    "school-notice": "police.agreed_school_notice",
    "deletion-call": "police.agreed_deletion",
    "deletion-call-staff": "police.agreed_deletion",
    "teacher-briefing": "communication.staff_meeting.date",
    "parent-letter": "communication.letter_date",
    "portal-message": "communication.letter_date",
    "class-talk": "communication.class_talk.date",
    "follow-up": "follow_up.update_letter",
    "follow-up-plan": "follow_up.evaluation",
    "veilig-thuis-record": "meldcode.date",
    "board-notice": "police.contacted",
    "parents-evening": "communication.parent_meeting.date",
    "mentor-lesson": "communication.class_talk.date",
}

# Case fields that record one dated event, with its protocol step.
DATED: tuple[tuple[str, str, str], ...] = (
    ("incident.discovered", "1", "discovered"),
    ("case.opened", "1", "opened"),
    ("police.contacted", "3", "police-contacted"),
    ("police.agreed_filter", "1", "police-agreed-filter"),
    ("police.agreed_school_notice", "3", "police-agreed-school-notice"),
    ("police.agreed_deletion", "5", "police-agreed-deletion"),
    ("meldcode.date", "M2", "consultation"),
    ("meldcode.reported", "M2", "reported"),
    ("communication.staff_meeting.date", "7", "staff-meeting"),
    ("communication.class_talk.date", "8", "class-talk"),
    ("communication.parent_meeting.date", "8", "parent-meeting"),
    ("follow_up.evaluation", "9", "evaluation"),
    ("follow_up.closing", "9", "closing"),
)


def _event(date: Any, step: str, event: str, **more: Any) -> dict[str, Any]:
    row = {"date": date, "step": step, "event": event, "kind": "", "audience": "", "person": "",
           "role": "", "languages": "", "waits": "", "done": False, "note": ""}
    row.update(more)
    return row


def retention_until(case: CaseFile) -> dt.date | None:
    """The date until which the case file is kept: its closing date plus the retention years."""
    follow = case.follow_up
    if follow is None or follow.closing is None or follow.retention_years is None:
        return None
    try:
        return follow.closing.replace(year=follow.closing.year + follow.retention_years)
    except ValueError:  # 29 February
        return follow.closing.replace(year=follow.closing.year + follow.retention_years, day=28)


def _languages(kind: DocKind, case: CaseFile, case_langs: list[str], person: Any) -> str:
    declared = languages_of(kind, case)
    if declared == "guardians" and person is not None:
        return ", ".join(dict.fromkeys(g.language for g in person.guardians)) or SCHOOL_LANGUAGE
    return ", ".join(case_langs) if declared != "school" else SCHOOL_LANGUAGE


def _documents(case: CaseFile, case_langs: list[str], override: str | None) -> list[dict[str, Any]]:
    from .status import waiting_for

    rows = []
    for kind in KINDS.values():
        if kind.name == "logbook" or unmet(kind, case) is not None:
            continue
        waits = ", ".join(dict.fromkeys(r.step for r in waiting_for(kind, case)))
        if waits and override:
            waits = "override"
        if kind.per_person:
            for person in case.people:
                if (kind.roles and person.role not in kind.roles) or (
                        kind.person_needs and not getattr(person, kind.person_needs, None)):
                    continue
                planned = person.invitation.date if person.invitation is not None else None
                rows.append(_event(planned, kind.steps.split(",")[0].strip(), "document", kind=kind.name,
                                   audience=kind.audience, person=person.id, role=person.role,
                                   languages=_languages(kind, case, case_langs, person), waits=waits))
            continue
        path = PLANNED.get(kind.name)
        planned = value_at(case, path) if path else None
        rows.append(_event(planned, kind.steps.split(",")[0].strip(), "document", kind=kind.name,
                           audience=kind.audience, languages=_languages(kind, case, case_langs, None),
                           waits=waits))
    return rows


def timeline(case: CaseFile, case_langs: list[str], today: dt.date,
             override: str | None = None) -> list[dict[str, Any]]:
    """Every dated event of the case, in date order (undated planned documents last)."""
    rows = [_event(value, step, event) for path, step, event in DATED
            if (value := value_at(case, path)) is not None]
    if case.meldcode is not None:
        rows = [dict(r, note=case.meldcode.decision) if r["event"] == "consultation" else r for r in rows]
    for action in case.actions:
        rows.append(_event(action.date, str(action.step), "action", done=action.done, note=action.note or ""))
    for person in case.people:
        if person.invitation is not None:
            rows.append(_event(person.invitation.date, "6", "conversation", person=person.id,
                               role=person.role))
    rows += _documents(case, case_langs, override)
    kept = retention_until(case)
    if kept is not None:
        rows.append(_event(kept, "9", "retention"))
    if override:
        rows.append(_event(today, "", "override", note=override))
    order = {"": 99, "M2": 2.5}
    return sorted(rows, key=lambda r: (r["date"] is None, r["date"] or dt.date.min,
                                       order.get(r["step"], float(r["step"]) if r["step"].isdigit() else 50)))
