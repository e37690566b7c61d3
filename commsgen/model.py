"""The case file's shape, with each field's readers declared once, next to its definition.

Every field is declared with `declared(READERS, pii=KIND)`, READERS being a set of audiences from
`readers`. Projection (`audiences`), the leak scan (`guard_index`, `guard_scan`, `freetext`), the
template lint, `check` and `commsgen schema` all read these declarations; there is no second list.
A nested field is as private as its section: its effective readers are those of its own
declaration that every field above it allows too (a contact is read by parents under `school`,
by staff only under `case`).

Text is stored as people meant it, not as their editor typed it: compatibility forms (NFKC),
non-breaking and narrow spaces, and quotes pasted around a value (`“Lotte Claessens”`) are
normalised when the file is read.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from .messages import N_
from .readers import (
    BOARD,
    DOSSIER,
    EVERYONE,
    PARENTS,
    POLICE,
    POLICE_IT,
    PROCESS,
    PUPIL,
    PUPIL_ADVISOR,
    STAFF,
    STAFF_ADVISOR,
    Readers,
    readers,
)

# What kind of personal value a field holds; the leak scan matches each kind its own way.
PiiKind = Literal["name", "phone", "email", "url", "text", "ref", "date"]

READERS_KEY = "x-readers"
PII_KEY = "x-pii"


def declared(who: Readers, pii: PiiKind | None = None, **kwargs: Any) -> Any:
    """A pydantic Field carrying its readers (and kind of personal data) for everyone else."""
    extra: dict[str, Any] = {READERS_KEY: sorted(who)}
    if pii:
        extra[PII_KEY] = pii
    return Field(json_schema_extra=extra, **kwargs)


def _check_language(code: str) -> str:
    from babel import Locale, UnknownLocaleError

    problem = N_("not a known language code (use for example nl, en, ar, tr, pl)")
    if not re.fullmatch(r"[A-Za-z]{2,3}([_-][A-Za-z]{2})?", code) or code.lower() == "und":
        raise ValueError(problem)
    try:
        # One spelling per language, so that `NL` and `nl` are the same and find the same catalog.
        return str(Locale.parse(code.replace("-", "_")))
    except (ValueError, UnknownLocaleError) as e:
        raise ValueError(problem) from e


_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-.]{4,24}$")


PHONE_PLAN = N_("not a valid phone number: a Dutch number has 10 digits (for example 046 123 4567 "
                "or 06 1234 5678), a foreign one starts with + and the country code")


def _check_phone(value: str) -> str:
    if not _PHONE.match(value) or sum(c.isdigit() for c in value) < 6:
        raise ValueError(N_("not a phone number (digits, spaces and dashes, for example 046 123 4567)"))
    import phonenumbers

    # The numbering plan, as the scan reads numbers: a Dutch number without + (06 1234 567 lacks a
    # digit), a foreign one with + and its country code.
    try:
        number = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValueError(PHONE_PLAN)
    return value


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _check_email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError(N_("not an e-mail address"))
    return value


def _check_url(value: str) -> str:
    if not re.match(r"^(https?://)?[^\s/]+\.[^\s]+$", value):
        raise ValueError(N_("not a web address"))
    return value


# Quotes that Word, Outlook and phones put around pasted text; a value wrapped in them is stored without.
_WRAPPING_QUOTES = {"\"": "\"", "'": "'", "“": "”", "”": "”", "„": "”", "‘": "’", "’": "’", "‚": "’",
                    "«": "»", "»": "«", "‹": "›", "「": "」"}
_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\ufe0e\ufe0f"), None)


def typed_text(value: Any) -> Any:
    """Text as it was meant: NFKC, plain spaces, no invisible characters, no quotes wrapped around it."""
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value).translate(_INVISIBLE)
    lines = [_ODD_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    text = "\n".join(lines).strip()
    while len(text) >= 2 and _WRAPPING_QUOTES.get(text[0]) == text[-1]:
        text = text[1:-1].strip()
    return text


_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"})


def _typed_phone(value: Any) -> Any:
    """A phone number with every dash Unicode has read as a hyphen (Word autocorrects `-` to `–`)."""
    value = typed_text(value)
    return value.translate(_DASHES) if isinstance(value, str) else value


Typed = BeforeValidator(typed_text)
Text = Annotated[str, Typed, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, Typed, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Phone = Annotated[str, BeforeValidator(_typed_phone), StringConstraints(strip_whitespace=True),
                  AfterValidator(_check_phone)]
Email = Annotated[str, Typed, StringConstraints(strip_whitespace=True), AfterValidator(_check_email)]
Url = Annotated[str, Typed, StringConstraints(strip_whitespace=True, max_length=2000),
                AfterValidator(_check_url)]
Language = Annotated[str, Typed, StringConstraints(strip_whitespace=True), AfterValidator(_check_language)]
Identifier = Annotated[str, Typed, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,15}$")]
Reference = Annotated[str, Typed, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")]
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
SchoolType = Literal["primary", "secondary"]
Decision = Literal["pending", "report", "no_report"]
# How a person is addressed, for the languages whose job titles follow it (Polish koordynatorka,
# German Förderkoordinatorin, Arabic مسؤولة): empty is a neutral form.
Form = Literal["mevrouw", "meneer", "neutraal"]


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
    """A staff member, officer or service people can reach."""

    name: Text = declared(EVERYONE, pii="name")
    role: Text = declared(EVERYONE)
    phone: Phone | None = declared(EVERYONE, pii="phone", default=None)
    email: Email | None = declared(EVERYONE, pii="email", default=None)
    form: Form | None = declared(EVERYONE, default=None)  # the job title's grammatical gender


class Service(Strict):
    """An organisation's desk (the board's IT service desk): no person's name."""

    name: Text = declared(EVERYONE)
    phone: Phone | None = declared(EVERYONE, pii="phone", default=None)
    email: Email | None = declared(EVERYONE, pii="email", default=None)


class Signatory(Strict):
    """Who signs letters on behalf of the school."""

    name: Text = declared(EVERYONE, pii="name")
    role: Text = declared(EVERYONE)
    form: Form | None = declared(EVERYONE, default=None)  # the job title's grammatical gender


class Meeting(Strict):
    """A planned meeting."""

    date: dt.date = declared(EVERYONE)
    time: dt.time | None = declared(EVERYONE, default=None)
    location: Text | None = declared(EVERYONE, default=None)


class Protocol(Strict):
    """The board's protocol the documents follow (its own title and version)."""

    title: Text = declared(EVERYONE)
    version: Text | None = declared(EVERYONE, default=None)


class Case(Strict):
    """Administrative data of the case."""

    # The board's incident register files the case by its reference and knows whom to call.
    reference: Reference = declared(STAFF_ADVISOR | readers("it") | BOARD, pii="ref")
    opened: dt.date = declared(STAFF_ADVISOR | BOARD)
    coordinator: Contact = declared(STAFF | readers("it") | BOARD)


class School(Strict):
    """The school, its board and who parents can contact."""

    # The school's public name and address are values too ("ref": matched whole), so that a pupil
    # called Van der Linde does not block a letter of Basisschool De Linde.
    name: Text = declared(EVERYONE, pii="ref")
    type: SchoolType = declared(EVERYONE, default="primary")
    board: Text = declared(EVERYONE, pii="ref")
    address: Text | None = declared(EVERYONE, pii="ref", default=None)
    city: Text | None = declared(EVERYONE, pii="ref", default=None)
    phone: Phone | None = declared(EVERYONE, pii="phone", default=None)
    website: Url | None = declared(EVERYONE, pii="url", default=None)
    parent_contact: Contact = declared(EVERYONE)
    signatory: Signatory | None = declared(EVERYONE, default=None)
    protocol: Protocol | None = declared(EVERYONE, default=None)
    # The board's support team (Kindante: Ondersteuningsteam Veiligheid) and the school's
    # aandachtsfunctionaris for the Meldcode: staff know whom to call.
    support_team: Contact | None = declared(STAFF | readers("schools"), default=None)
    meldcode_contact: Contact | None = declared(STAFF, default=None)
    it_service_desk: Service | None = declared(STAFF | readers("it"), default=None)


class Incident(Strict):
    """What happened, at the level each audience may know."""

    kind: IncidentKind = declared(PROCESS)
    discovered: dt.date = declared(PROCESS)
    summary: PublicText | None = declared(PARENTS, pii="text", default=None)
    # Parents may read it so a letter can reassure them that no pupil of the school is depicted.
    pupil_depicted: bool = declared(PROCESS)
    channels: list[Channel] = declared(PROCESS, default_factory=list, max_length=20)
    other_schools: YesNoUnknown = declared(STAFF_ADVISOR | BOARD, default="unknown")
    # Names of schools, never of pupils: the police and the staff who contact them.
    other_school_names: list[Text] = declared(STAFF, pii="ref", default_factory=list, max_length=30)
    staff_received: YesNoUnknown = declared(STAFF_ADVISOR | BOARD, default="unknown")
    parents_received: YesNoUnknown = declared(STAFF_ADVISOR | BOARD, default="unknown")
    # Whether a staff member is involved (then the board calls the Inspectorate's confidential
    # inspector): for the board, the police and an anonymous consultation, not for all staff.
    staff_involved: YesNoUnknown = declared(readers("board", "dossier", "police", "advisor"),
                                            default="unknown")
    # Whether the press or social media have picked the incident up: staff must know whom to refer to.
    media_attention: YesNoUnknown = declared(STAFF | BOARD, default="unknown")
    source_url: Url | None = declared(POLICE_IT, pii="url", default=None)
    affected_groups: list[Text] = declared(PROCESS, min_length=1, max_length=50)


class Guardian(Strict):
    """A parent or guardian of an involved pupil."""

    name: Text = declared(PUPIL, pii="name")
    relation: Relation = declared(PUPIL)
    phone: Phone | None = declared(PUPIL, pii="phone", default=None)
    email: Email | None = declared(PUPIL, pii="email", default=None)
    language: Language = declared(PUPIL, default="nl")


class Invitation(Strict):
    """The invitation of one pupil's guardians to a conversation at school (protocol step 6)."""

    date: dt.date = declared(PUPIL)
    time: dt.time | None = declared(PUPIL, default=None)
    location: Text | None = declared(PUPIL, default=None)
    # Who is there for the school: roles ("mentor", "intern begeleider"), as the guardians will meet them.
    present: list[Text] = declared(PUPIL, default_factory=list, max_length=6)


class Person(Strict):
    """An involved pupil; only their own conversation document and the police see them by name."""

    id: Identifier = declared(PUPIL)
    name: Text = declared(PUPIL, pii="name")
    role: Role = declared(PUPIL_ADVISOR)
    group: Text = declared(PUPIL)
    # The police need the age (children under 12 are not prosecuted, art. 486 Sv); an anonymous
    # consultation hears ages and roles, never a name or a date of birth.
    age: int | None = declared(PUPIL_ADVISOR, default=None, ge=3, le=25)
    birth_date: dt.date | None = declared(PUPIL, pii="date", default=None)  # as telling as a name
    guardians: list[Guardian] = declared(PUPIL, default_factory=list, max_length=6)
    notes: LongText | None = declared(POLICE, pii="text", default=None)
    invitation: Invitation | None = declared(PUPIL, default=None)


class Police(Strict):
    """Contact with the police (protocol steps 3 and 4), and what they agreed to."""

    contact: Contact | None = declared(STAFF, default=None)
    contacted: dt.date | None = declared(PROCESS, default=None)
    report_reference: Text | None = declared(POLICE, pii="ref", default=None)
    meldpunt_reference: Text | None = declared(POLICE, pii="ref", default=None)
    agreed_plan: LongText | None = declared(POLICE, pii="text", default=None)
    # Dates the police agreed: to the call to delete (step 5), to the filter request (step 1),
    # to informing other schools (steps 3 and 8). Until then those documents wait.
    agreed_deletion: dt.date | None = declared(PROCESS, default=None)
    agreed_filter: dt.date | None = declared(STAFF | readers("it") | BOARD, default=None)
    agreed_school_notice: dt.date | None = declared(STAFF | readers("schools") | BOARD, default=None)
    # The police's vice squad (Zeden) investigates: the guide for a pupil who shared waits for the
    # date the police said that and how the school may talk with that pupil (protocol step 6).
    zeden: bool = declared(STAFF, default=False)
    agreed_talks: dt.date | None = declared(STAFF | BOARD, default=None)


class Action(Strict):
    """One entry of the protocol log: what the school did, and when."""

    # The board reads which steps were taken and when, never a note.
    step: int = declared(STAFF | BOARD, ge=1, le=9)
    date: dt.date = declared(STAFF | BOARD)
    done: bool = declared(STAFF | BOARD, default=False)
    # Notes hold care details about pupils: for the coordinator and the police only.
    note: LongText | None = declared(POLICE, pii="text", default=None)
    # What all staff may read about this step (the teacher briefing prints it).
    staff_note: LongText | None = declared(STAFF, pii="text", default=None)


class Consultation(Strict):
    """Meldcode step 2: consulting Veilig Thuis (may be anonymous), and the weighing of steps 4 and 5."""

    date: dt.date = declared(STAFF_ADVISOR)
    consulted_by: Text = declared(STAFF_ADVISOR)  # a role, such as "aandachtsfunctionaris"
    anonymous: bool = declared(STAFF_ADVISOR, default=True)
    advice: LongText | None = declared(readers("advisor", "police") | DOSSIER, pii="text", default=None)
    decision: Decision = declared(STAFF_ADVISOR, default="pending")
    reasons: LongText | None = declared(readers("advisor", "police") | DOSSIER, pii="text", default=None)
    reported: dt.date | None = declared(STAFF_ADVISOR, default=None)


class FollowUp(Strict):
    """Step 9: following the situation up, evaluating, closing the case file."""

    update_letter: dt.date | None = declared(PARENTS, default=None)
    evaluation: dt.date | None = declared(STAFF | BOARD, default=None)
    closing: dt.date | None = declared(STAFF | BOARD, default=None)
    retention_years: int | None = declared(STAFF | BOARD, default=None, ge=1, le=20)
    # What parents hear in the update letter (one Dutch text, or one per language).
    message: PublicText | None = declared(PARENTS, pii="text", default=None)


class Communication(Strict):
    """The communication plan: languages, letter date and meetings."""

    languages: list[Language] | None = declared(STAFF, default=None, max_length=12)
    letter_date: dt.date | None = declared(EVERYONE, default=None)
    staff_meeting: Meeting | None = declared(STAFF, default=None)
    parent_meeting: Meeting | None = declared(PARENTS, default=None)
    class_talk: Meeting | None = declared(STAFF | readers("pupils"), default=None)
    # The parent portal the school posts in (Parro, Social Schools, Magister): "in Parro".
    portal: Text | None = declared(EVERYONE, default=None)
    # What the school asks of the board (the board notice); process level, no names.
    board_request: LongText | None = declared(BOARD | DOSSIER, pii="text", default=None)


MAX_PEOPLE = 2000


class CaseFile(Strict):
    """A whole case file."""

    # The school profile this case reuses (`commsgen init-school`); merged in before validation.
    profile: Text | None = declared(STAFF, default=None)
    case: Case = declared(STAFF_ADVISOR | readers("it") | BOARD)
    school: School = declared(EVERYONE)
    incident: Incident = declared(EVERYONE)
    people: list[Person] = declared(PUPIL_ADVISOR, default_factory=list, max_length=MAX_PEOPLE)
    police: Police = declared(EVERYONE, default_factory=Police)
    actions: list[Action] = declared(STAFF | BOARD, default_factory=list, max_length=500)
    meldcode: Consultation | None = declared(STAFF_ADVISOR | POLICE, default=None)
    follow_up: FollowUp | None = declared(EVERYONE, default=None)
    communication: Communication = declared(EVERYONE, default_factory=Communication)
