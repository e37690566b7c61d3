"""The registry of document kinds: readers, protocol steps, languages, and what a kind needs.

Adding a kind is a template source in `templates/src/`, a line here and its catalog entries;
no other code. A kind whose needs are not met by the case (a filter request without a web address)
is skipped by `pack`, which says so, and refused by `render`, naming the missing field.

Languages: each kind declares the languages it is written in, those of its readers.
`languages="school"` (the default): the school's language only (`SCHOOL_LANGUAGE`, Dutch): every
document for staff, the police, the IT desk, other schools, an advisor, the board or the dossier.
`languages="case"`: the case's languages (`communication.languages`, else Dutch plus each
guardian's language): letters parents and pupils read. A kind that is a teacher's script in one
school type and a letter to pupils in the other declares both: `languages=by_school_type(
primary="school", secondary="case")`. `languages="guardians"` (per-pupil kinds): the languages of
that pupil's own guardians (an invitation). A document written for staff is never made in a
parents' language, not even with `--lang` (one wrong attachment would reach a parent).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .messages import N_

Languages = Literal["school", "case", "guardians"]
SCHOOL_LANGUAGE = "nl"  # the language the school writes in: staff documents, the dossier


@dataclass(frozen=True)
class BySchoolType:
    """Languages that depend on `school.type` (a script for the teacher, or a letter to pupils)."""

    primary: Languages
    secondary: Languages


def by_school_type(primary: Languages, secondary: Languages) -> BySchoolType:
    """`languages=by_school_type(primary="school", secondary="case")` in a kind's registry line."""
    return BySchoolType(primary, secondary)


@dataclass(frozen=True)
class DocKind:
    """One kind of document commsgen makes."""

    name: str
    audience: str  # a reader of `readers.READERS`
    steps: str  # protocol steps it serves ("M2" is step 2 of the Meldcode)
    description: str
    # "school": the school's language only (staff, police, IT, schools, advisor); "case": the
    # case's languages (parents, pupils); "guardians": one pupil's guardians' languages; or
    # by_school_type(...). See the module's docstring.
    languages: Languages | BySchoolType = "school"
    needs: tuple[str, ...] = ()  # case paths that must be filled in (`incident.source_url`)
    when: tuple[tuple[str, str], ...] = ()  # (case path, value) that must hold, e.g. other schools: yes
    roles: tuple[str, ...] = ()  # per-pupil kinds: only pupils with these roles (empty: every pupil)
    after: tuple[str, ...] = ()  # what the protocol order waits for first (names of `status.REQUIREMENTS`)
    # The files made of one rendered document (`textformats`): a Word file, a plain text and an HTML
    # message for a portal, an e-mail draft, a spreadsheet of its table. Each is guarded before writing.
    formats: tuple[str, ...] = ("docx",)
    person_needs: str | None = None  # per-pupil kinds: only pupils with this field filled in

    @property
    def per_person(self) -> bool:
        """One document per involved pupil (the `student:<id>` audience)."""
        return self.audience == "student"


KINDS: dict[str, DocKind] = {
    kind.name: kind
    for kind in (
        DocKind("filter-request", "it", "1",
                N_("request to the IT service desk to filter the source website"),
                needs=("incident.source_url",), after=("police-agreed-filter",)),
        DocKind("victim-checklist", "student", "2",
                N_("checklist for the conversation with the depicted pupil and their parents"),
                roles=("depicted",)),
        DocKind("police-handover", "police", "3, 4", N_("handover of the facts to the police")),
        DocKind("school-notice", "schools", "3, 8", N_("notice to the directors of other schools"),
                when=(("incident.other_schools", "yes"),),
                after=("police-contacted", "family-talk", "police-agreed-school-notice")),
        DocKind("deletion-call", "pupils", "5", N_("call to the pupils of the affected groups: do not open, "
                "do not forward, delete"), languages="case", after=("police-agreed-deletion",)),
        DocKind("deletion-call-staff", "staff", "5",
                N_("call to staff to delete material from mailboxes, bins and back-ups"),
                after=("police-agreed-deletion",)),
        DocKind("student-meeting", "student", "6, 2",
                N_("conversation guide for one involved pupil and their parents"),
                after=("police-agreed-talks",)),
        DocKind("teacher-briefing", "staff", "7", N_("briefing for teachers and staff")),
        DocKind("parent-letter", "parents", "8, 5",
                N_("letter to all parents of the affected groups"), languages="case",
                after=("police-contacted", "family-talk")),
        DocKind("class-talk", "pupils", "8",
                N_("for the pupils of the class: a script for the teacher (primary), a letter (secondary)"),
                # The primary script is the teacher's, never a parent's (advisor review, B1).
                languages=by_school_type(primary="school", secondary="case")),
        DocKind("follow-up", "parents", "9", N_("update letter to all parents of the affected groups"),
                needs=("follow_up.update_letter",), languages="case"),
        DocKind("follow-up-plan", "staff", "9",
                N_("follow-up plan: check-ins, watching for bullying, evaluation, closing the case file")),
        DocKind("veilig-thuis-record", "advisor", "M2",
                N_("record of the Veilig Thuis consultation and the decision (Meldcode)"),
                needs=("meldcode",)),
        DocKind("board-notice", "board", "3, 9",
                N_("notice to the school board's safety team: process level, no pupil names"),
                needs=("communication.board_request",), after=("police-contacted",)),
        DocKind("logbook", "dossier", "1-9",
                N_("logbook for the case file: every dated action, contact, decision and communication"),
                needs=("actions",), formats=("docx", "csv")),
        DocKind("portal-message", "parents", "8, 9",
                N_("short message for the parent portal, with the letter attached (text and HTML)"),
                languages="case", after=("police-contacted", "family-talk"), formats=("txt", "html")),
        DocKind("parents-evening", "staff", "8, 5",
                N_("script of the parents' meeting for the director and the police officer"),
                needs=("communication.parent_meeting",), after=("police-contacted", "family-talk")),
        DocKind("mentor-lesson", "staff", "8",
                N_("secondary schools: the mentor's lesson plan for the class (what to say, "
                   "questions, a pupil who comes forward)"), when=(("school.type", "secondary"),)),
        DocKind("invitation", "student", "6",
                N_("invitation of one involved pupil's parents to a conversation (letter and e-mail draft)"),
                languages="guardians", person_needs="invitation", formats=("docx", "eml")),
    )
}


def value_at(case: Any, path: str) -> Any:
    """The value at a dotted case path, or None where a section on the way is not filled in."""
    value = case
    for name in path.split("."):
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


def languages_of(kind: DocKind, case: Any) -> Languages:
    """Whose languages a kind is written in for this case: "school", "case" or "guardians"."""
    declared = kind.languages
    if isinstance(declared, BySchoolType):
        return declared.secondary if value_at(case, "school.type") == "secondary" else declared.primary
    return declared


def unmet(kind: DocKind, case: Any) -> str | None:
    """The first case field that keeps this kind from being made (path, never a value), or None."""
    for path in kind.needs:
        if value_at(case, path) in (None, "", [], ()):
            return path
    for path, expected in kind.when:
        if str(value_at(case, path)) != expected:
            return path
    if kind.roles and not any(p.role in kind.roles for p in case.people):
        return "people[].role"
    if kind.person_needs and not any(getattr(p, kind.person_needs, None) for p in case.people):
        return f"people[].{kind.person_needs}"
    return None
