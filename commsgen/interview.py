"""`commsgen interview`: a guided questionnaire, in the order of the protocol, that fills in a case file.

Each answer is checked with the validator `check` uses for that field (the field's own type and
constraints, through a pydantic TypeAdapter) and saved at once, atomically, with ruamel's
round-trip writer so that the file's comments stay. An interview that stops (Ctrl-C, a closed
terminal) leaves a valid partial case file; run again, it asks only what is still missing:
a field that is absent, blank ("") or not valid. A question left empty is written as an empty
field and not asked again; steps of the protocol that are not done yet are asked every run.
Nothing the user types is printed back: questions and reasons name fields, never values.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
import types
import typing
from collections.abc import Callable, Iterator
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
from .casefile import parse_yaml, problem_message, validation_problems
from .errors import CaseFileError, CommsgenError, InterviewError
from .messages import t
from .output import OutputFile, write_all
from .profile import PROFILE_KEY, YamlReader, read_profile
from .synonyms import annotation_kind
from .wording import has_text, text

Ask = Callable[[str, str | None], str]  # (question, default shown) -> the answer typed
Say = Callable[[str], None]
Where = tuple[str | int, ...]

_YES = {"ja", "j", "yes", "y", "true", "waar"}
_NO = {"nee", "n", "no", "false", "onwaar"}
_DUTCH_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


@dataclass
class Answered:
    """What one run did, for the closing message (counts only)."""

    saved: int = 0


def _plain(annotation: Any) -> Any:
    """The type behind Optional and Annotated: `Literal[...]`, `list[...]`, `str`, `dt.date`..."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            annotation = options[0]
        else:
            return annotation


def _choices(annotation: Any) -> tuple[str, ...]:
    plain = _plain(annotation)
    if get_origin(plain) is list:
        plain = _plain(get_args(plain)[0])
    return tuple(get_args(plain)) if get_origin(plain) is Literal else ()


def _optional(info: FieldInfo) -> bool:
    return not info.is_required()


def _admits_none(info: FieldInfo) -> bool:
    return info.default is None and not info.is_required()


@cache
def _adapter(owner: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """The validator of one field: its type with the constraints declared on it, as `check` applies them."""
    info = owner.model_fields[name]
    annotation: Any = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(annotation)


def validate(owner: type[BaseModel], name: str, raw: Any) -> tuple[Any, str | None]:
    """A field's value from the raw answer, or the reason it is not valid (never quoting the answer)."""
    try:
        return _adapter(owner, name).validate_python(raw), None
    except ValidationError as e:
        field = annotation_kind(owner.model_fields[name].annotation)
        return None, problem_message(e.errors()[0], (name,), {name: raw}, field)


def _read_answer(info: FieldInfo, answer: str) -> Any:
    """The typed answer as the case file would hold it: `ja` → true, `a, b` → a list, 18-11-2026 → a date."""
    plain = _plain(info.annotation)
    word = answer.strip()
    choices = _choices(info.annotation)
    if plain is bool:
        low = word.lower()
        return "true" if low in _YES else "false" if low in _NO else word
    if get_origin(plain) is list:
        items = [item.strip() for item in re.split(r"[,;]", word) if item.strip()]
        return [_choice(item, choices) for item in items]
    if choices:
        return _choice(word, choices)
    if plain is dt.date:
        if word.lower() in ("vandaag", "today"):
            return dt.date.today().isoformat()
        found = _DUTCH_DATE.fullmatch(word)
        return f"{found[3]}-{int(found[2]):02d}-{int(found[1]):02d}" if found else word
    if plain is dt.time:
        return word.replace(".", ":")
    return word


def _choice(word: str, choices: tuple[str, ...]) -> str:
    """A choice by its number in the list shown, or by its value."""
    if word.isdigit() and 1 <= int(word) <= len(choices):
        return choices[int(word) - 1]
    return word.lower() if choices else word


def _to_yaml(info: FieldInfo, value: Any) -> Any:
    """How a valid value is written: text in double quotes, choices and dates plain, lists in [ ]."""
    if isinstance(value, list):
        seq = CommentedSeq([_to_yaml_item(info, v) for v in value])
        seq.fa.set_flow_style()
        return seq
    return _to_yaml_item(info, value)


def _to_yaml_item(info: FieldInfo, value: Any) -> Any:
    if isinstance(value, dt.time):
        return DoubleQuotedScalarString(value.strftime("%H:%M"))
    if isinstance(value, str) and not _choices(info.annotation):
        return DoubleQuotedScalarString(value)
    return value


def _words(where: Where) -> str:
    """`people.guardians` for ('people', 0, 'guardians'): the wording key of a place in the file."""
    return ".".join(k for k in where if isinstance(k, str))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_raw(value: Any) -> Any:
    """A value read back from the file, as the case loader would see it (all scalars text)."""
    if isinstance(value, list):
        return [_as_raw(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _as_raw(v) for k, v in value.items()}
    if isinstance(value, bool):
        return "true" if value else "false"
    return None if value is None else str(value)


class Interview:
    """One run of the questionnaire over one case file."""

    def __init__(self, path: Path, ask: Ask, say: Say, lang: str | None = None) -> None:
        self.path = path
        self.ask_line = ask
        self.say = say
        self.lang = lang
        self.yaml = YAML()
        self.yaml.preserve_quotes = True
        self.yaml.indent(mapping=2, sequence=4, offset=2)
        self.yaml.width = 100
        self.done = Answered()
        self.profile: dict[str, Any] = {}
        self.intro = ""  # whose contact the next questions are about
        self.doc = self._load()

    # ── the file ──────────────────────────────────────────────────────────────
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
            self._use_profile(str(loaded[PROFILE_KEY]))
        return loaded

    def save(self) -> None:
        """Write the whole file again, atomically (0600): a stop at any moment leaves the last answer kept."""
        out = StringIO()
        self.yaml.dump(self.doc, out)
        try:
            data = out.getvalue().encode("utf-8")
            write_all(self.path.parent, [OutputFile(self.path.name, data)], force=True)
        except CommsgenError as e:
            raise InterviewError(e.message) from e
        self.done.saved += 1

    def node(self, where: Where) -> CommentedMap:
        """The section at `where`, created (and commented) when it is not in the file yet."""
        node: Any = self.doc
        for depth, key in enumerate(where):
            child = node[key] if isinstance(key, int) else node.get(key)
            if isinstance(child, CommentedSeq) and depth + 1 < len(where):
                node = child  # a list on the way: its items are addressed by number
                continue
            if not isinstance(child, CommentedMap):
                child = CommentedMap()
                if isinstance(key, str):
                    self._comment(node, key, "c." + _words(where[: depth + 1]), where[:depth])
                node[key] = child
            node = child
        return typing.cast(CommentedMap, node)

    def value(self, where: Where, name: str) -> Any:
        node: Any = self.doc
        for key in where:
            node = node[key] if isinstance(key, int) else node.get(key) if isinstance(node, dict) else None
            if node is None:
                return None
        return node.get(name) if isinstance(node, dict) else None

    def _comment(self, parent: CommentedMap, key: str, entry: str, where: Where) -> None:
        """A comment above a key the interview adds (`where` is its parent); none inside list items."""
        if key in parent or not has_text(entry) or any(isinstance(k, int) for k in where):
            return
        wrapped = "\n".join(textwrap.wrap(self.words(entry), width=96 - 2 * len(where)))
        parent.yaml_set_comment_before_after_key(key, before=wrapped, indent=2 * len(where))

    # ── asking ────────────────────────────────────────────────────────────────
    def words(self, key: str, **values: Any) -> str:
        return text(key, self.lang, **values)

    def field(self, where: Where, owner: type[BaseModel], name: str, *, progress: bool = False,
              default: str | None = None, extra: Callable[[Any], str | None] | None = None) -> Any:
        """Ask one field unless the file holds a valid value (or, for facts, a deliberately empty one)."""
        info = owner.model_fields[name]
        path = ".".join(str(k) for k in (*where, name) if isinstance(k, str))
        node: Any = self.doc
        for key in where:
            node = node[key] if isinstance(key, int) else (node.get(key) if isinstance(node, dict) else None)
        present = isinstance(node, dict) and name in node
        current = node.get(name) if isinstance(node, dict) else None
        if present and not _blank(current):
            value, problem = validate(owner, name, _as_raw(current))
            if problem is None:
                return value
            self.say(self.words("ask.invalid-in-file", field=path, reason=problem))
        elif present and current is None and not progress and _optional(info):
            return None  # left empty on purpose earlier
        if self.intro:
            self.say(self.intro)
            self.intro = ""
        question = self.words(f"q.{owner.__name__}.{name}")
        choices = _choices(info.annotation)
        if choices:
            question += "\n" + "\n".join(f"  {i}. {c}{self._label(c)}" for i, c in enumerate(choices, 1))
        if _optional(info) and not progress:  # a progress question says "Enter = not yet" itself
            question += " " + self.words("ask.optional")
        while True:
            answer = self.ask_line(question, default)
            if not answer.strip():
                if not _optional(info):
                    self.say(self.words("ask.required"))
                    continue
                if progress:
                    return None  # not yet: asked again next time
                default_value = info.get_default(call_default_factory=True)
                stored = None if _admits_none(info) else _to_yaml(info, default_value)
                self._store(where, owner, name, stored)
                return None
            value, problem = validate(owner, name, _read_answer(info, answer))
            if problem is None and extra is not None:
                problem = extra(value)
            if problem is None:
                self._store(where, owner, name, _to_yaml(info, value))
                return value
            self.say(self.words("ask.again", reason=problem))

    def _label(self, choice: str) -> str:
        return f" ({self.words('choice.' + choice)})" if has_text("choice." + choice) else ""

    def _store(self, where: Where, owner: type[BaseModel], name: str, value: Any) -> None:
        parent = self.node(where)
        self._comment(parent, name, f"q.{owner.__name__}.{name}", where)
        parent[name] = value
        self.save()

    def yes(self, key: str, **values: Any) -> bool:
        """A yes/no question (ja/nee), asked until it is answered."""
        while True:
            question = self.words(key, **values) + " " + self.words("ask.yesno")
            answer = self.ask_line(question, self.words("ask.no")).strip().lower()
            if answer in _YES:
                return True
            if answer in _NO:
                return False
            self.say(self.words("ask.again", reason=self.words("ask.yesno")))

    def optional_section(self, where: Where, name: str, question: str) -> bool:
        """Whether to fill in an optional section: asked once; 'no' is kept as an empty section."""
        node = self.node(where) if where else self.doc
        if isinstance(node.get(name), dict):
            return True
        if name in node:
            return False
        if self.yes(question):
            self.node((*where, name))
            self.save()
            return True
        self._comment(node, name, "c." + _words((*where, name)), where)
        node[name] = None
        self.save()
        return False

    def contact(self, where: Where, owner: type[BaseModel] = m.Contact) -> None:
        """Every field of a contact, introduced by whose contact it is (said only if something is asked)."""
        entry = "c." + _words(where)
        self.intro = self.words(entry) if has_text(entry) else ""
        for name in owner.model_fields:
            self.field(where, owner, name)
        self.intro = ""

    def sequence(self, where: Where, name: str) -> CommentedSeq:
        parent = self.node(where) if where else self.doc
        seq = parent.get(name)
        if not isinstance(seq, CommentedSeq):
            self._comment(parent, name, "c." + _words((*where, name)), where)
            seq = parent[name] = CommentedSeq()
        seq.fa.set_block_style()
        return seq

    # ── the protocol, in order ────────────────────────────────────────────────
    def run(self) -> Answered:
        """Ask everything that is still missing, section by section, saving each answer."""
        for section in self._sections():
            self.say("")
            self.say(f"── {self.words('section.' + section)} ──")
            getattr(self, f"_{section.replace('-', '_')}")()
        return self.done

    @staticmethod
    def _sections() -> Iterator[str]:
        yield from ("dossier", "school", "step-1", "step-2", "step-3", "step-4", "step-5", "step-6",
                    "step-7", "step-8", "step-9", "meldcode")

    def _dossier(self) -> None:
        for name in ("reference", "opened"):
            self.field(("case",), m.Case, name)
        self.contact(("case", "coordinator"))

    def _school(self) -> None:
        school = self.doc.get("school")
        if PROFILE_KEY not in self.doc and not (isinstance(school, dict) and not _blank(school.get("name"))):
            self._ask_profile()
        for name in ("name", "type", "board", "address", "city", "phone", "website"):
            if name not in self.profile:
                self.field(("school",), m.School, name)
        if "parent_contact" not in self.profile:
            self.contact(("school", "parent_contact"))
        signs = "signatory" not in self.profile
        if signs and self.optional_section(("school",), "signatory", "q.section.signatory"):
            self.contact(("school", "signatory"), m.Signatory)

    def _ask_profile(self) -> None:
        while True:
            answer = self.ask_line(self.words("q.profile") + " " + self.words("ask.optional"), None).strip()
            if not answer:
                return
            try:
                self._use_profile(answer)
            except CaseFileError as e:
                for line in e.lines:
                    self.say(self.words("ask.again", reason=line))
                continue
            self.doc.insert(0, PROFILE_KEY, DoubleQuotedScalarString(answer))
            self.doc.yaml_set_comment_before_after_key(PROFILE_KEY, before=self.words("c.profile"))
            self.save()
            return

    def _use_profile(self, name: str) -> None:
        self.profile = read_profile(self.path.parent / name, f"{self.path}: {PROFILE_KEY}",
                                    YamlReader(parse_yaml, validation_problems))

    def _step_1(self) -> None:
        incident = ("incident",)
        for name in ("kind", "discovered", "pupil_depicted", "affected_groups", "channels", "other_schools",
                     "source_url", "summary"):
            self.field(incident, m.Incident, name)
        if self.value(incident, "source_url"):
            self.field(("police",), m.Police, "agreed_filter", progress=True)
        self.log_step(1)

    def _depicted(self) -> bool:
        answer = _as_raw(self.value(("incident",), "pupil_depicted"))
        value, problem = validate(m.Incident, "pupil_depicted", answer)
        return bool(value) and problem is None

    def _step_2(self) -> None:
        people = self.sequence((), "people")
        for index in range(len(people)):
            self.person(index, new=False)
        while self.yes("q.people.more" if len(people) else "q.people.first"):
            people.append(CommentedMap())
            self.person(len(people) - 1, new=True)
        if self._depicted():
            self.log_step(2)

    def person(self, index: int, new: bool) -> None:
        where: Where = ("people", index)
        others = [p for i, p in enumerate(self.doc["people"]) if i != index and isinstance(p, dict)]
        taken = {str(p.get("id")) for p in others}

        def unique(value: Any) -> str | None:
            return self.words("ask.duplicate-id") if value in taken else None

        self.say(self.words("ask.pupil", number=index + 1))
        self.field(where, m.Person, "id", default=self._free_id(taken), extra=unique)
        for name in ("name", "role", "group", "age"):
            self.field(where, m.Person, name)
        record = self.doc["people"][index]
        if new or "guardians" not in record:
            guardians = self.sequence(where, "guardians")
            while self.yes("q.guardians.more" if len(guardians) else "q.guardians.first"):
                guardians.append(CommentedMap())
                self.save()
                self.contact((*where, "guardians", len(guardians) - 1), m.Guardian)
        for g in range(len(record.get("guardians") or [])):
            self.contact((*where, "guardians", g), m.Guardian)
        self.field(where, m.Person, "notes")

    @staticmethod
    def _free_id(taken: set[str]) -> str:
        number = 1
        while f"s{number}" in taken:
            number += 1
        return f"s{number}"

    def _step_3(self) -> None:
        police = ("police",)
        if self.optional_section(police, "contact", "q.section.police-contact"):
            self.contact((*police, "contact"))
        self.field(police, m.Police, "contacted", progress=True)
        for name in ("report_reference", "agreed_plan"):
            self.field(police, m.Police, name)
        if str(self.value(("incident",), "other_schools")) == "yes":
            self.field(police, m.Police, "agreed_school_notice", progress=True)
        self.log_step(3)

    def _step_4(self) -> None:
        if self.value(("incident",), "source_url"):
            self.field(("police",), m.Police, "meldpunt_reference")
            self.log_step(4)
        else:
            self.say(self.words("ask.step-not-applicable"))

    def _step_5(self) -> None:
        self.field(("police",), m.Police, "agreed_deletion", progress=True)
        self.log_step(5)

    def _step_6(self) -> None:
        self.log_step(6)

    def _step_7(self) -> None:
        communication = ("communication",)
        if self.optional_section(communication, "staff_meeting", "q.section.staff-meeting"):
            for name in m.Meeting.model_fields:
                self.field((*communication, "staff_meeting"), m.Meeting, name)
        self.log_step(7)

    def _step_8(self) -> None:
        communication = ("communication",)
        for name in ("languages", "letter_date"):
            self.field(communication, m.Communication, name)
        if self.optional_section(communication, "parent_meeting", "q.section.parent-meeting"):
            for name in m.Meeting.model_fields:
                self.field((*communication, "parent_meeting"), m.Meeting, name)
        self.log_step(8)

    def _step_9(self) -> None:
        self.log_step(9)

    def _meldcode(self) -> None:
        where = ("meldcode",)
        if not isinstance(self.doc.get("meldcode"), dict):
            date = self._ask_date("q.meldcode")
            if date is None:
                return
            self._store(where, m.Consultation, "date", date)
        for name in ("date", "consulted_by", "anonymous", "decision"):
            self.field(where, m.Consultation, name)

    def log_step(self, step: int) -> None:
        """Ask, while step `step` is not logged as done, on which day it was done."""
        for action in self.doc.get("actions") or []:
            if isinstance(action, dict) and str(action.get("step")) == str(step) \
                    and str(_as_raw(action.get("done"))).lower() == "true":
                return
        date = self._ask_date("q.step", step=step, title=self.words(f"step.{step}"))
        if date is None:
            return
        actions = self.sequence((), "actions")
        entry = CommentedMap([("step", step), ("date", date), ("done", True)])
        actions.append(entry)
        self.save()

    def _ask_date(self, key: str, **values: Any) -> dt.date | None:
        """A date, or None when the answer is empty (not done yet)."""
        info = m.Action.model_fields["date"]
        while True:
            answer = self.ask_line(self.words(key, **values), None)
            if not answer.strip():
                return None
            value, problem = validate(m.Action, "date", _read_answer(info, answer))
            if problem is None:
                return typing.cast(dt.date, value)
            self.say(self.words("ask.again", reason=problem))


def finish(path: Path, lang: str | None = None) -> list[str]:
    """The closing words: valid and what to do next, or every problem `check` still finds (no values)."""
    from .casefile import load_case
    from .leakscan import check_free_text

    try:
        check_free_text(load_case(path))
    except CommsgenError as e:
        return [text("end.problems", lang, count=len(e.lines)), *e.lines, text("end.fix", lang, path=path)]
    return [text("end.valid", lang, path=path)]
