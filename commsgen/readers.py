"""The registry of readers (audiences), and the shorthand sets fields declare as their readers.

Every field of the case file names the audiences that may read it (`model.declared`); this module
is the one place where the audiences themselves are declared: their name on the command line and
in messages, and what each stands for. Readers are sets, not levels: the IT service desk may read
the web address but no pupil, an anonymous Veilig Thuis consultation reads roles and ages but no
names.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reader:
    """One audience: its name (`parents`, `student`), a short description, and whether it is per pupil."""

    name: str
    description: str
    per_person: bool = False  # `student:<id>`: one pupil's own record only
    wide: bool = False  # many readers: personal data the case does not hold is a finding too


READERS: dict[str, Reader] = {
    reader.name: reader
    for reader in (
        Reader("parents", "all parents and guardians of the affected groups", wide=True),
        Reader("pupils", "the pupils of the affected groups", wide=True),
        Reader("staff", "teachers and staff of the school", wide=True),
        Reader("student", "the staff member meeting one involved pupil and their parents", per_person=True),
        Reader("schools", "the directors of other schools", wide=True),
        Reader("it", "the board's IT service desk"),
        Reader("advisor", "an anonymous consultation (Veilig Thuis): roles and ages, no names"),
        Reader("police", "the community police officer and the police"),
        # The school's own case file, read by the coordinator and the director: everything it holds.
        Reader("dossier", "the school's own case file (coordinator and director): everything"),
        # The board's safety team and incident register: how the school handles it, no pupil's record.
        Reader("board", "the school board's safety team and incident register: process level, "
                        "no pupil names"),
    )
}

Readers = frozenset[str]


def readers(*names: str) -> Readers:
    """A set of audience names, checked against the registry."""
    unknown = [n for n in names if n not in READERS]
    if unknown:
        raise ValueError(f"unknown audience in a field declaration: {unknown[0]}")
    return frozenset(names)


# Shorthands for the common sets. The school's identity reaches everyone; process-level facts reach
# every reader concerned with the incident; staff facts reach staff and up; a pupil's own record
# reaches only that pupil's conversation and the police. The school's own case file (`dossier`)
# reads everything; the board reads the process (what happened and what the school did), never a
# pupil's record, a note or an address.
EVERYONE = readers(*READERS)
DOSSIER = readers("dossier")
PROCESS = readers("parents", "pupils", "staff", "student", "schools", "advisor", "police", "board", "dossier")
# Written for parents:
PARENTS = readers("parents", "staff", "student", "schools", "police", "board", "dossier")
STAFF = readers("staff", "student", "police", "dossier")
STAFF_ADVISOR = STAFF | readers("advisor")
PUPIL = readers("student", "police", "dossier")
PUPIL_ADVISOR = PUPIL | readers("advisor")
POLICE = readers("police", "dossier")
POLICE_IT = readers("police", "it", "dossier")
BOARD = readers("board")
