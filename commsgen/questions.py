"""The questions of a case, one model behind the terminal `interview` and the browser app.

The order is the protocol's (the case file, the school, steps 1 to 9, the Meldcode); each
question is one field of the model, with its label (the interview's wording), the help text of
the schema (`schema_nl`), who reads it (the field's declared readers), its choices with their
Dutch words, and how an answer typed by a person is read (`5-12-2026`, `19.30`, `ja`,
`basisschool`, a choice's number). Whether an answer is valid is decided by `check`'s own code:
the whole case is saved and read back with `load_case` and `check_free_text` (`case_problems`),
so a rule that spans fields (a pupil's first name in the summary, typed before the pupil was
added) is found at every save, at the field it concerns.

`CaseDocument` is the case file as ruamel's round-trip reader holds it: comments kept, written
whole and atomically with the output code `pack` uses.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from io import StringIO
from pathlib import Path
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from . import model as m
from .casefile import parse_yaml, problem_message
from .errors import CaseFileError, CommsgenError, InterviewError
from .messages import N_, language, t
from .output import OutputFile, write_all
from .profile import PROFILE_KEY, read_profile
from .synonyms import WORDS, accept_words, annotation_kind
from .wording import has_text, text

Where = tuple[str | int, ...]

YES = {"ja", "j", "yes", "y", "true", "waar"}
NO = {"nee", "n", "no", "false", "onwaar"}
BACK = {"terug", "back"}
_DUTCH_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})")
_TIME = re.compile(r"(\d{1,2})(?:[:.,hu](\d{2}))?(?:\s*uur)?")


# ── the kind of a field ─────────────────────────────────────────────────────


def plain(annotation: Any) -> Any:
    """The type behind Optional and Annotated: `Literal[...]`, `list[...]`, `str`, `dt.date`..."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        else:
            return annotation


def field_choices(annotation: Any) -> tuple[str, ...]:
    """The stored values of a choice (or of the items of a list of choices)."""
    found = plain(annotation)
    if get_origin(found) is list:
        found = plain(get_args(found)[0])
    return tuple(get_args(found)) if get_origin(found) is Literal else ()


@cache
def _adapter(owner: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """The validator of one field: its type with the constraints declared on it, as `check` applies them."""
    info = owner.model_fields[name]
    annotation: Any = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(annotation)


@dataclass(frozen=True)
class Question:
    """One field of the case file, at one place (`where` is its section, list positions as numbers)."""

    where: Where
    owner: type[BaseModel]
    name: str
    progress: bool = False  # a date that records progress: empty means "not yet"

    @property
    def path(self) -> Where:
        return (*self.where, self.name)

    @property
    def key(self) -> str:
        """The form field's name: `people.0.guardians.1.phone`."""
        return ".".join(str(k) for k in self.path)

    @property
    def info(self) -> FieldInfo:
        return self.owner.model_fields[self.name]

    @property
    def required(self) -> bool:
        return self.info.is_required()

    @property
    def choices(self) -> tuple[str, ...]:
        return field_choices(self.info.annotation)

    @property
    def kind(self) -> str:
        """How it is asked: date, time, bool, int, choice, choices, list, longtext or text."""
        found = plain(self.info.annotation)
        if get_origin(found) is list:
            return "choices" if self.choices else "list"
        if self.choices:
            return "choice"
        if found is dt.date:
            return "date"
        if found is dt.time:
            return "time"
        if found is bool:
            return "bool"
        if found is int:
            return "int"
        return "longtext" if _long(self.info.annotation) else "text"

    def label(self, lang: str | None = None, form: bool = False) -> str:
        """The question; `form`: without what only a terminal needs (the date's format, `Enter = ...`)."""
        key = f"q.{self.owner.__name__}.{self.name}"
        if has_text(key):
            words = text(key, lang)
            return _FORM_ONLY.sub("", words).strip() if form else words
        from .schema_nl import DESCRIPTIONS

        return DESCRIPTIONS.get(self.owner.__name__, {}).get(self.name, self.name)

    def help(self, form: bool = False) -> str:
        """The schema's description of the field (Dutch, as an editor shows it on hover).

        `form`: without the date's format, and empty where it only repeats the question.
        """
        from .schema_nl import DESCRIPTIONS

        words = DESCRIPTIONS.get(self.owner.__name__, {}).get(self.name, "")
        if not form:
            return words
        words = _FORM_ONLY.sub("", words).strip()
        return "" if _plain_words(words) == _plain_words(self.label(form=True)) else words

    def group(self, lang: str | None = None) -> str:
        """Whose field this is, as a heading (`Wie de zaak coördineert`); empty for a section's own fields."""
        if len(self.where) < 2 or self.where[0] == "people":
            return ""
        entry = "c." + ".".join(k for k in self.where if isinstance(k, str))
        return text(entry, lang).rstrip(":") if has_text(entry) else ""

    def shown_value(self, value: Any, lang: str | None = None) -> str:
        """A stored value as a person reads it: a choice by its words, yes or no."""
        if isinstance(value, list) and self.choices:
            return ", ".join(choice_words(str(v), lang) for v in value)
        if self.choices and isinstance(value, str) and value in self.choices:
            return choice_words(value, lang)
        if isinstance(value, bool):
            return t("yes") if value else t("no")
        return shown(self, value)

    def readers(self, lang: str | None = None) -> list[str]:
        """Who will read this field, in words (the field's effective readers)."""
        return reader_words(self.declared, lang)

    @property
    def declared(self) -> str:
        """`people[].guardians[].phone`: the path as the readers' table names it."""
        out = ""
        for part in self.path:
            out += "[]" if isinstance(part, int) else (("." if out else "") + part)
        return out


# `(JJJJ-MM-DD, of vandaag)`, `(Enter = nog niet)`, `(ja/nee)`: a form has a date picker and choices.
_FORM_ONLY = re.compile(r"\s*\((?:[^()]*(?:JJJJ|YYYY|UU:MM|HH:MM|Enter|ja/nee|yes/no)[^()]*)\)")


def _plain_words(words: str) -> str:
    return re.sub(r"\W+", " ", words).strip().casefold()


def _long(annotation: Any) -> bool:
    """Whether a text field admits long text (a letter's summary, a note)."""
    for option in get_args(annotation) or (annotation,):
        for item in getattr(option, "__metadata__", ()):
            if getattr(item, "max_length", None) == 4000:
                return True
        if get_origin(option) is Annotated and _long(get_args(option)[0]):
            return True
        if get_origin(option) in (typing.Union, types.UnionType) and _long(option):
            return True
    return False


def reader_words(declared: str, lang: str | None = None) -> list[str]:
    """The readers of a field (declared path) as a person reads them."""
    from .readers import READERS
    from .schema_nl import READER_NAMES
    from .sensitivity import readers_of

    names = [name for name in READERS if name in readers_of(declared)]
    if (lang or language()) == "nl":
        return [READER_NAMES.get(name, name) for name in names]
    return [READERS[name].description for name in names]


# The readers in a word or two, for a form and for messages (the schema's descriptions are sentences).
READER_WORDS = {
    "parents": N_("parents"),
    "pupils": N_("pupils of the groups"),
    "staff": N_("staff"),
    "student": N_("the pupil's own conversation"),
    "schools": N_("other schools"),
    "it": N_("IT service desk"),
    "advisor": N_("Veilig Thuis (anonymous)"),
    "police": N_("police"),
    "dossier": N_("the school's own case file"),
    "board": N_("the school board"),
}


def reader_word(name: str) -> str:
    """An audience by a short name in the interface language (`ouders` for parents)."""
    return t(READER_WORDS[name]) if name in READER_WORDS else name


# Dutch names people type for an audience (`--audience ouders`, `leerling:s1`).
AUDIENCE_WORDS = {
    "ouders": "parents", "leerlingen": "pupils", "medewerkers": "staff", "personeel": "staff",
    "team": "staff",
    "leerling": "student", "scholen": "schools", "andere scholen": "schools", "servicedesk": "it",
    "it-servicedesk": "it", "adviseur": "advisor", "veilig thuis": "advisor", "politie": "police",
    "bestuur": "board", "schoolbestuur": "board",
}


def audience_name(word: str) -> str:
    """`ouders` → `parents`, `leerling:s1` → `student:s1`; anything else as it was typed."""
    name, colon, rest = word.strip().partition(":")
    found = AUDIENCE_WORDS.get(name.casefold())
    return (found + colon + rest) if found else word


def audience_words(group: str, person: str | None = None) -> str:
    """An audience as the interface language names it (`ouders`, `het gesprek met leerling s1`)."""
    if person:
        return t("the conversation with pupil {id}", id=person)
    return reader_word(group)


def short_readers(declared: str) -> list[str]:
    from .readers import READERS
    from .sensitivity import readers_of

    return [reader_word(name) for name in READERS if name in readers_of(declared)]


def choice_words(value: str, lang: str | None = None) -> str:
    """`slachtoffer: is in the images` for `depicted`: the Dutch word and the label of a choice."""
    if not has_text("choice." + value):
        return value  # already a word people use (moeder, whatsapp)
    label = text("choice." + value, lang)
    word = WORDS[value][0] if value in WORDS and (lang or language()) == "nl" else value
    return f"{word} ({label})" if label and label != word else word


# ── reading an answer as people type it ─────────────────────────────────────


def read_date(word: str) -> str:
    """`5-12-2026`, `05/12/26`, `vandaag` → `2026-12-05`; anything else is passed on for `check` to judge."""
    low = word.strip().lower()
    if low in ("vandaag", "today"):
        return dt.date.today().isoformat()
    found = _DUTCH_DATE.fullmatch(low)
    if not found:
        return word.strip()
    year = int(found[3]) + (2000 if len(found[3]) == 2 else 0)
    return f"{year:04d}-{int(found[2]):02d}-{int(found[1]):02d}"


def read_time(word: str) -> str:
    """`19.30`, `19u30`, `19:30 uur`, `19` → `19:30`/`19:00`; anything else is passed on."""
    found = _TIME.fullmatch(word.strip().lower())
    if not found:
        return word.strip()
    return f"{int(found[1]):02d}:{found[2] or '00'}"


def _choice(word: str, choices: tuple[str, ...]) -> str:
    """A choice by its number in the list shown, by its value or by a word people use for it."""
    if word.isdigit() and 1 <= int(word) <= len(choices):
        return choices[int(word) - 1]
    return word


def read_answer(question: Question, answer: str) -> Any:
    """The typed answer as the case file would hold it (Dutch words mapped as `check` maps them)."""
    word = answer.strip()
    kind = question.kind
    if kind == "bool":
        low = word.lower()
        raw: Any = "true" if low in YES else "false" if low in NO else word
    elif kind in ("list", "choices"):
        raw = [_choice(item.strip(), question.choices) for item in re.split(r"[,;\n]", word) if item.strip()]
    elif kind == "choice":
        raw = _choice(word, question.choices)
    elif kind == "date":
        raw = read_date(word)
    elif kind == "time":
        raw = read_time(word)
    else:
        raw = word
    return accepted(question.path, raw)


def accepted(path: Where, raw: Any) -> Any:
    """`raw` at `path` with the words people type read as stored values, by `check`'s own mapping."""
    data: Any = raw
    for key in reversed(path):
        data = [*([None] * key), data] if isinstance(key, int) else {key: data}
    result: Any = accept_words(data)
    for key in path:
        result = result[key]
    return result


def validate(question: Question, raw: Any) -> tuple[Any, str | None]:
    """The field's value, or the reason it is not valid (never quoting the answer), by the model's type."""
    try:
        return _adapter(question.owner, question.name).validate_python(raw), None
    except ValidationError as e:
        error = e.errors()[0]
        field = annotation_kind(question.info.annotation)
        loc = (*question.path, *[p for p in error["loc"] if isinstance(p, int)])
        return None, problem_message(error, loc, {question.name: raw}, field)


def to_yaml(question: Question, value: Any) -> Any:
    """How a value is written: text in double quotes, choices and dates plain, lists in [ ]."""
    if isinstance(value, list):
        seq = CommentedSeq([_to_yaml_item(question, v) for v in value])
        seq.fa.set_flow_style()
        return seq
    return _to_yaml_item(question, value)


def _to_yaml_item(question: Question, value: Any) -> Any:
    if isinstance(value, dt.time):
        return DoubleQuotedScalarString(value.strftime("%H:%M"))
    if isinstance(value, str) and (not question.choices or value not in question.choices):
        return DoubleQuotedScalarString(value)
    return value


def as_raw(value: Any) -> Any:
    """A value read back from the file, as the case loader would see it (all scalars text)."""
    if isinstance(value, list):
        return [as_raw(v) for v in value]
    if isinstance(value, dict):
        return {str(k): as_raw(v) for k, v in value.items()}
    if isinstance(value, bool):
        return "true" if value else "false"
    return None if value is None else str(value)


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(question: Question, value: Any) -> str:
    """A stored value as a person types it back into a form field."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)


# ── the protocol's order ────────────────────────────────────────────────────


def _fields(where: Where, owner: type[BaseModel], *names: str, progress: bool = False) -> list[Question]:
    return [Question(where, owner, name, progress) for name in (names or tuple(owner.model_fields))]


@dataclass(frozen=True)
class Page:
    """A page of the case: a section of the interview, in the order of the protocol."""

    key: str  # dossier, school, step-1 ... step-9, meldcode
    questions: tuple[Question, ...]
    step: int | None = None  # the step whose done date this page asks (the action log)
    pupils: bool = False  # step 2: the list of pupils comes first

    def title(self, lang: str | None = None) -> str:
        return text("section." + self.key, lang)


CONTACT = tuple(m.Contact.model_fields)
SIGNATORY = ("school", "signatory")
POLICE_CONTACT = ("police", "contact")
STAFF_MEETING = ("communication", "staff_meeting")
PARENT_MEETING = ("communication", "parent_meeting")
OPTIONAL_SECTIONS = (SIGNATORY, POLICE_CONTACT, STAFF_MEETING, PARENT_MEETING, ("meldcode",))


def pages() -> list[Page]:
    """Every page in the protocol's order; the fields of each in the order the interview asks them."""
    police, communication = ("police",), ("communication",)
    return [
        Page("dossier", (*_fields(("case",), m.Case, "reference", "opened"),
                         *_fields(("case", "coordinator"), m.Contact))),
        Page("school", (*_fields(("school",), m.School, "name", "type", "board", "address", "city", "phone",
                                 "website"),
                        *_fields(("school", "parent_contact"), m.Contact),
                        *_fields(SIGNATORY, m.Signatory))),
        Page("step-1", (*_fields(("incident",), m.Incident, "kind", "discovered", "pupil_depicted",
                                 "affected_groups", "channels", "other_schools", "source_url", "summary"),
                        *_fields(police, m.Police, "agreed_filter", progress=True)), step=1),
        Page("step-2", (), step=2, pupils=True),
        Page("step-3", (*_fields(POLICE_CONTACT, m.Contact),
                        *_fields(police, m.Police, "contacted", progress=True),
                        *_fields(police, m.Police, "report_reference", "agreed_plan"),
                        *_fields(police, m.Police, "agreed_school_notice", progress=True)), step=3),
        Page("step-4", tuple(_fields(police, m.Police, "meldpunt_reference")), step=4),
        Page("step-5", tuple(_fields(police, m.Police, "agreed_deletion", progress=True)), step=5),
        Page("step-6", (), step=6),
        Page("step-7", tuple(_fields(STAFF_MEETING, m.Meeting)), step=7),
        Page("step-8", (*_fields(communication, m.Communication, "languages", "letter_date"),
                        *_fields(PARENT_MEETING, m.Meeting)), step=8),
        Page("step-9", (), step=9),
        Page("meldcode", tuple(_fields(("meldcode",), m.Consultation, "date", "consulted_by", "anonymous",
                                       "decision"))),
    ]


def page(key: str) -> Page:
    for found in pages():
        if found.key == key:
            return found
    raise KeyError(key)


def pupil_questions(index: int, guardians: int) -> list[Question]:
    """The questions about pupil `index` (from 0) and each of their `guardians`."""
    where: Where = ("people", index)
    found = _fields(where, m.Person, "id", "name", "role", "group", "age")
    for g in range(guardians):
        found += _fields((*where, "guardians", g), m.Guardian)
    return [*found, *_fields(where, m.Person, "notes")]


# ── the case file, with its comments ────────────────────────────────────────


def _words(where: Where) -> str:
    """`people.guardians` for ('people', 0, 'guardians'): the wording key of a place in the file."""
    return ".".join(k for k in where if isinstance(k, str))


class CaseDocument:
    """A case file read with ruamel's round-trip reader: edited in place, saved whole, comments kept."""

    def __init__(self, path: Path, lang: str | None = None) -> None:
        self.path = path
        self.lang = lang
        self.yaml = YAML()
        self.yaml.preserve_quotes = True
        self.yaml.indent(mapping=2, sequence=4, offset=2)
        self.yaml.width = 100
        self.profile: dict[str, Any] = {}
        self.saves = 0
        self.doc = self._load()

    def words(self, key: str, **values: Any) -> str:
        return text(key, self.lang, **values)

    def _load(self) -> CommentedMap:
        if self.path.is_symlink():
            raise InterviewError(t("{file}: is a symbolic link; commsgen never writes through one",
                                   file=self.path))
        if not self.path.exists():
            if not self.path.parent.is_dir():
                raise InterviewError(t("{folder}: folder does not exist", folder=self.path.parent))
            doc = CommentedMap()
            doc.yaml_set_start_comment(self.words("file.header"))
            return doc
        try:
            source = self.path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise InterviewError(t("{file}: cannot be read as a UTF-8 case file", file=self.path)) from e
        parse_yaml(source, str(self.path))  # the case loader's own rules first: line-numbered errors
        try:
            loaded = self.yaml.load(source)
        except YAMLError as e:
            raise InterviewError(t("{file}: cannot be read as YAML", file=self.path)) from e
        if loaded is None:
            return CommentedMap()
        if not isinstance(loaded, CommentedMap):
            raise InterviewError(t("{file}:1: a case file is a set of sections (case:, school:, ...)",
                                   file=self.path))
        if isinstance(loaded.get(PROFILE_KEY), str):
            self.use_profile(str(loaded[PROFILE_KEY]))
        return loaded

    def use_profile(self, name: str) -> None:
        self.profile = read_profile(self.path.parent / name, f"{self.path}: {PROFILE_KEY}")

    def set_profile(self, name: str) -> None:
        """Use a school profile (`init-school`): its file name, relative to the case file's folder."""
        self.use_profile(name)
        if PROFILE_KEY in self.doc:
            self.doc[PROFILE_KEY] = DoubleQuotedScalarString(name)
            return
        self.doc.insert(0, PROFILE_KEY, DoubleQuotedScalarString(name))
        self.doc.yaml_set_comment_before_after_key(PROFILE_KEY, before=self.words("c.profile"))

    def dump(self) -> str:
        out = StringIO()
        self.yaml.dump(self.doc, out)
        return out.getvalue()

    def save(self) -> None:
        """Write the whole file again, atomically (0600): a stop at any moment leaves the last answer kept."""
        try:
            data = self.dump().encode("utf-8")
            write_all(self.path.parent, [OutputFile(self.path.name, data)], force=True)
        except CommsgenError as e:
            raise InterviewError(e.message) from e
        self.saves += 1

    def node(self, where: Where) -> CommentedMap:
        """The section at `where`, created (and commented) when it is not in the file yet."""
        node: Any = self.doc
        for depth, key in enumerate(where):
            if isinstance(key, int):
                while isinstance(node, CommentedSeq) and len(node) <= key:
                    node.append(CommentedMap())
            child = node[key] if isinstance(key, int) else node.get(key)
            if isinstance(child, CommentedSeq) and depth + 1 < len(where):
                node = child  # a list on the way: its items are addressed by number
                continue
            if not isinstance(child, CommentedMap):
                nxt = where[depth + 1] if depth + 1 < len(where) else None
                child = CommentedSeq() if isinstance(nxt, int) else CommentedMap()
                if isinstance(key, str):
                    self.comment(node, key, "c." + _words(where[: depth + 1]), where[:depth])
                node[key] = child
                if isinstance(child, CommentedSeq):
                    child.fa.set_block_style()
                    node = child
                    continue
            node = child
        return typing.cast(CommentedMap, node)

    def section(self, where: Where) -> Any:
        """The section at `where`, or None when it is not in the file."""
        node: Any = self.doc
        for key in where:
            if isinstance(key, int):
                node = node[key] if isinstance(node, list) and 0 <= key < len(node) else None
            else:
                node = node.get(key) if isinstance(node, dict) else None
            if node is None:
                return None
        return node

    def value(self, where: Where, name: str) -> Any:
        node = self.section(where)
        return node.get(name) if isinstance(node, dict) else None

    def comment(self, parent: CommentedMap, key: str, entry: str, where: Where) -> None:
        """A comment above a key that is added (`where` is its parent); none inside list items."""
        if key in parent or not has_text(entry) or any(isinstance(k, int) for k in where):
            return
        wrapped = "\n".join(textwrap.wrap(self.words(entry), width=96 - 2 * len(where)))
        parent.yaml_set_comment_before_after_key(key, before=wrapped, indent=2 * len(where))

    def store(self, question: Question, value: Any) -> None:
        """Put a value (already in its YAML form) into the document, without saving."""
        parent = self.node(question.where)
        self.comment(parent, question.name, f"q.{question.owner.__name__}.{question.name}", question.where)
        parent[question.name] = value

    def remove(self, question: Question) -> None:
        parent = self.section(question.where)
        if isinstance(parent, dict) and question.name in parent:
            del parent[question.name]

    def drop_if_empty(self, where: Where) -> None:
        """An optional section with nothing filled in is left out of the file."""
        section = self.section(where)
        if isinstance(section, dict) and all(blank(v) for v in section.values()):
            parent = self.section(where[:-1]) if len(where) > 1 else self.doc
            if isinstance(parent, dict):
                del parent[where[-1]]

    # ── the action log ──
    def step_date(self, step: int) -> Any:
        """The date step `step` is logged as done, or None."""
        for action in self.doc.get("actions") or []:
            if isinstance(action, dict) and str(action.get("step")) == str(step) \
                    and str(as_raw(action.get("done"))).lower() == "true":
                return action.get("date")
        return None

    def log_step(self, step: int, date: Any) -> None:
        """Log step `step` as done on `date` (a new line in the log, or the existing one's date)."""
        for action in self.doc.get("actions") or []:
            if isinstance(action, dict) and str(action.get("step")) == str(step) \
                    and str(as_raw(action.get("done"))).lower() == "true":
                action["date"] = date
                return
        if not isinstance(self.doc.get("actions"), CommentedSeq):
            self.comment(self.doc, "actions", "c.actions", ())
            self.doc["actions"] = CommentedSeq()
            self.doc["actions"].fa.set_block_style()
        self.doc["actions"].append(CommentedMap([("step", step), ("date", date), ("done", True)]))

    def unlog_step(self, step: int) -> None:
        """Take back a step logged as done that holds nothing but its date."""
        actions = self.doc.get("actions")
        if not isinstance(actions, list):
            return
        keep = [a for a in actions if not (isinstance(a, dict) and str(a.get("step")) == str(step)
                                           and set(a) <= {"step", "date", "done"})]
        actions[:] = keep


# ── check's verdict on the whole case, at the field it concerns ─────────────


@dataclass(frozen=True)
class Problem:
    """One problem `check` finds: where (a path in the case file, or None) and what, without values."""

    where: Where | None
    message: str
    line: int


_PLACE_PART = re.compile(r"([a-z_]+)(?:\[(\d+)\](?: \([a-z0-9_-]+\))?)?")


def _place(text_: str) -> Where | None:
    """`people[2] (s2).guardians[1].phone` → ('people', 1, 'guardians', 0, 'phone')."""
    out: list[str | int] = []
    rest = text_
    while rest:
        found = _PLACE_PART.match(rest)
        if not found:
            return None
        out.append(found[1])
        if found[2]:
            out.append(int(found[2]) - 1)
        rest = rest[found.end():]
        if rest.startswith("."):
            rest = rest[1:]
        elif rest:
            return None
    return tuple(out) or None


def read_problems(lines: list[str], source: str, text_: str | None = None) -> list[Problem]:
    """Problems from `check`'s lines (`FILE:LINE: place: problem`), each placed at its field."""
    located: dict[int, Where] = {}
    if text_ is not None:
        try:
            _, positions = parse_yaml(text_, source)
        except CaseFileError:
            positions = {}
        for loc, at in positions.items():
            if len(loc) >= len(located.get(at, ())):
                located[at] = loc
    found = []
    for entry in lines:
        rest = entry.removeprefix(source + ":")
        number, _, rest = rest.partition(": ")
        where: Where | None = None
        message = rest
        if ": " in rest:
            head, _, tail = rest.partition(": ")
            where = _place(head)
            if where is not None:
                message = tail
        if where is None and number.isdigit():
            where = located.get(int(number))
        found.append(Problem(where, message, int(number) if number.isdigit() else 0))
    return found


def case_problems(path: Path) -> list[Problem]:
    """Every problem `check` finds in the case file, by `check`'s own code, each at its field."""
    from .casefile import load_case
    from .freetext import check_free_text

    try:
        check_free_text(load_case(path))
    except CommsgenError as e:
        try:
            source_text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            source_text = None
        return read_problems(e.lines, str(path), source_text)
    return []


def answered_later(question: Question, doc: CaseDocument) -> bool:
    """Whether `check`'s problem at this field is settled by a later question, not by this one.

    `incident.pupil_depicted: ja` (step 1) wants a pupil with the role `depicted`, who is added in
    step 2: until a pupil has that role, the answer stands and the problem is told, not asked again.
    """
    if question.path != ("incident", "pupil_depicted"):
        return False
    people = doc.doc.get("people") or []
    return not any(isinstance(p, dict) and str(p.get("role")) == "depicted" for p in people)


def problems_at(problems: list[Problem], question: Question) -> list[str]:
    """The problems of one field (a list item's problem counts for its list)."""
    size = len(question.path)
    return [p.message for p in problems if p.where is not None and p.where[:size] == question.path]


def answered(doc: CaseDocument, questions: list[Question]) -> Iterator[tuple[Question, Any]]:
    """Each question with the value the file holds for it."""
    for question in questions:
        yield question, doc.value(question.where, question.name)
