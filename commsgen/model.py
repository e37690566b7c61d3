"""The case file's shape, with each field's sensitivity declared once, next to its definition.

Every field is declared with `declared(SENSITIVITY, pii=KIND)`. Projection (`audiences`), the
leak scan (`leakscan`), the template lint and `commsgen schema` all read these declarations;
there is no second list. A nested field's effective sensitivity is the highest of its own and
that of every field above it (a contact is `public` under `school`, `staff` under `case`).
"""

from __future__ import annotations

import datetime as dt
import re
from enum import IntEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator


class Sensitivity(IntEnum):
    """Who may see a field; each level includes the ones below it."""

    PUBLIC = 0  # parents of the affected groups, and everyone above
    STAFF = 1  # teachers and staff involved
    STUDENT = 2  # the staff member meeting one pupil: only that pupil's own record
    POLICE = 3  # the police: everything


# What kind of personal value a field holds; the leak scan matches each kind its own way.
PiiKind = Literal["name", "phone", "email", "url", "text", "ref"]

SENSITIVITY_KEY = "x-sensitivity"
PII_KEY = "x-pii"


def declared(sensitivity: Sensitivity, pii: PiiKind | None = None, **kwargs: Any) -> Any:
    """A pydantic Field carrying its sensitivity (and kind of personal data) for everyone else."""
    extra: dict[str, Any] = {SENSITIVITY_KEY: sensitivity.name.lower()}
    if pii:
        extra[PII_KEY] = pii
    return Field(json_schema_extra=extra, **kwargs)


def _check_language(code: str) -> str:
    from babel import Locale, UnknownLocaleError

    problem = "not a known language code (use for example nl, en, ar, tr, pl)"
    if not re.fullmatch(r"[A-Za-z]{2,3}([_-][A-Za-z]{2})?", code) or code.lower() == "und":
        raise ValueError(problem)
    try:
        # One spelling per language, so that `NL` and `nl` are the same and find the same catalog.
        return str(Locale.parse(code.replace("-", "_")))
    except (ValueError, UnknownLocaleError) as e:
        raise ValueError(problem) from e


_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-.]{4,24}$")


def _check_phone(value: str) -> str:
    if not _PHONE.match(value) or sum(c.isdigit() for c in value) < 6:
        raise ValueError("not a phone number (digits, spaces and dashes, for example 046 123 4567)")
    return value


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _check_email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError("not an e-mail address")
    return value


def _check_url(value: str) -> str:
    if not re.match(r"^(https?://)?[^\s/]+\.[^\s]+$", value):
        raise ValueError("not a web address")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_check_phone)]
Email = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_check_email)]
Url = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), AfterValidator(_check_url)]
Language = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_check_language)]
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,15}$")]
Reference = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")]
# Free text that parents may read: one Dutch string, or a text per language.
PublicText = LongText | dict[Language, LongText]

Role = Literal["depicted", "shared", "received", "saw", "reported"]
Relation = Literal["moeder", "vader", "ouder", "verzorger", "voogd", "pleegouder"]
Channel = Literal[
    "whatsapp", "snapchat", "instagram", "tiktok", "telegram", "signal", "messenger",
    "discord", "email", "sms", "airdrop", "website", "other",
]
YesNoUnknown = Literal["yes", "no", "unknown"]
IncidentKind = Literal["sexting", "distribution"]


class Strict(BaseModel):
    """Unknown keys are errors: a typo must not silently drop data."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_missing(cls, data: Any) -> Any:
        """An empty value ("" or spaces) means not filled in: optional fields take their default."""
        if isinstance(data, dict):
            return {
                key: value for key, value in data.items()
                if not (isinstance(value, str) and not value.strip())
            }
        return data


class Contact(Strict):
    """A staff member or officer people can reach."""

    name: Text = declared(Sensitivity.PUBLIC, pii="name")
    role: Text = declared(Sensitivity.PUBLIC)
    phone: Phone | None = declared(Sensitivity.PUBLIC, pii="phone", default=None)
    email: Email | None = declared(Sensitivity.PUBLIC, pii="email", default=None)


class Signatory(Strict):
    """Who signs letters on behalf of the school."""

    name: Text = declared(Sensitivity.PUBLIC, pii="name")
    role: Text = declared(Sensitivity.PUBLIC)


class Meeting(Strict):
    """A planned meeting."""

    date: dt.date = declared(Sensitivity.PUBLIC)
    time: dt.time | None = declared(Sensitivity.PUBLIC, default=None)
    location: Text | None = declared(Sensitivity.PUBLIC, default=None)


class Case(Strict):
    """Administrative data of the case."""

    reference: Reference = declared(Sensitivity.STAFF, pii="ref")
    opened: dt.date = declared(Sensitivity.STAFF)
    coordinator: Contact = declared(Sensitivity.STAFF)


class School(Strict):
    """The school and who parents can contact."""

    name: Text = declared(Sensitivity.PUBLIC)
    board: Text = declared(Sensitivity.PUBLIC)
    address: Text | None = declared(Sensitivity.PUBLIC, default=None)
    city: Text | None = declared(Sensitivity.PUBLIC, default=None)
    phone: Phone | None = declared(Sensitivity.PUBLIC, pii="phone", default=None)
    website: Url | None = declared(Sensitivity.PUBLIC, pii="url", default=None)
    parent_contact: Contact = declared(Sensitivity.PUBLIC)
    signatory: Signatory | None = declared(Sensitivity.PUBLIC, default=None)


class Incident(Strict):
    """What happened, at the level each audience may know."""

    kind: IncidentKind = declared(Sensitivity.PUBLIC)
    discovered: dt.date = declared(Sensitivity.PUBLIC)
    summary: PublicText | None = declared(Sensitivity.PUBLIC, pii="text", default=None)
    pupil_depicted: bool = declared(Sensitivity.STAFF)
    channels: list[Channel] = declared(Sensitivity.PUBLIC, default_factory=list, max_length=20)
    other_schools: YesNoUnknown = declared(Sensitivity.STAFF, default="unknown")
    source_url: Url | None = declared(Sensitivity.POLICE, pii="url", default=None)
    affected_groups: list[Text] = declared(Sensitivity.PUBLIC, min_length=1, max_length=50)


class Guardian(Strict):
    """A parent or guardian of an involved pupil."""

    name: Text = declared(Sensitivity.STUDENT, pii="name")
    relation: Relation = declared(Sensitivity.STUDENT)
    phone: Phone | None = declared(Sensitivity.STUDENT, pii="phone", default=None)
    email: Email | None = declared(Sensitivity.STUDENT, pii="email", default=None)
    language: Language = declared(Sensitivity.STUDENT, default="nl")


class Person(Strict):
    """An involved pupil; only their own conversation document and the police see them."""

    id: Identifier = declared(Sensitivity.STUDENT)
    name: Text = declared(Sensitivity.STUDENT, pii="name")
    role: Role = declared(Sensitivity.STUDENT)
    group: Text = declared(Sensitivity.STUDENT)
    guardians: list[Guardian] = declared(Sensitivity.STUDENT, default_factory=list, max_length=6)
    notes: LongText | None = declared(Sensitivity.POLICE, pii="text", default=None)


class Police(Strict):
    """Contact with the police (protocol steps 3 and 4)."""

    contact: Contact | None = declared(Sensitivity.STAFF, default=None)
    contacted: dt.date | None = declared(Sensitivity.PUBLIC, default=None)
    report_reference: Text | None = declared(Sensitivity.POLICE, pii="ref", default=None)
    meldpunt_reference: Text | None = declared(Sensitivity.POLICE, pii="ref", default=None)
    agreed_plan: LongText | None = declared(Sensitivity.POLICE, pii="text", default=None)


class Action(Strict):
    """One entry of the protocol log: what the school did, and when."""

    step: int = declared(Sensitivity.STAFF, ge=1, le=9)
    date: dt.date = declared(Sensitivity.STAFF)
    done: bool = declared(Sensitivity.STAFF, default=False)
    note: LongText | None = declared(Sensitivity.STAFF, pii="text", default=None)


class Communication(Strict):
    """The communication plan: languages, letter date and meetings."""

    languages: list[Language] | None = declared(Sensitivity.STAFF, default=None, max_length=12)
    letter_date: dt.date | None = declared(Sensitivity.PUBLIC, default=None)
    staff_meeting: Meeting | None = declared(Sensitivity.STAFF, default=None)
    parent_meeting: Meeting | None = declared(Sensitivity.PUBLIC, default=None)


class CaseFile(Strict):
    """A whole case file."""

    case: Case = declared(Sensitivity.STAFF)
    school: School = declared(Sensitivity.PUBLIC)
    incident: Incident = declared(Sensitivity.PUBLIC)
    people: list[Person] = declared(Sensitivity.STUDENT, default_factory=list, max_length=200)
    police: Police = declared(Sensitivity.PUBLIC, default_factory=Police)
    actions: list[Action] = declared(Sensitivity.STAFF, default_factory=list, max_length=200)
    communication: Communication = declared(Sensitivity.PUBLIC, default_factory=Communication)
