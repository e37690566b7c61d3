"""`commsgen interview`: a guided questionnaire, in the order of the protocol, that fills in a case file.

The questions, their order, labels, choices and the reading of an answer (`5-12-2026`, `19.30`,
`basisschool`) are `questions`' model, which the browser app (`commsgen app`) asks too. Each
answer is checked with the validator `check` uses for that field, saved at once, atomically,
with ruamel's round-trip writer so that the file's comments stay, and then the whole case is
read back by `check`'s own code: a problem at the field just answered is asked again, a problem
it causes elsewhere (a pupil's name that a summary typed earlier mentions) is said at once.
`terug` goes back to the previous question; at the end the answers can be reviewed.

An interview that stops (Ctrl-C, a closed terminal) leaves a valid partial case file; run again,
it asks only what is still missing: a field that is absent, blank ("") or not valid. A question
left empty is written as an empty field and not asked again; steps of the protocol that are not
done yet are asked every run. Nothing the user types is printed back, except in the review the
user asks for.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from . import model as m
from .errors import CaseFileError, CommsgenError
from .profile import PROFILE_KEY
from .questions import (
    BACK,
    NO,
    YES,
    CaseDocument,
    Problem,
    Question,
    Where,
    answered_later,
    as_raw,
    blank,
    case_problems,
    choice_words,
    pages,
    problems_at,
    pupil_questions,
    read_answer,
    shown,
    to_yaml,
    validate,
)
from .wording import has_text, text

Ask = Callable[[str, str | None], str]  # (question, default shown) -> the answer typed
Say = Callable[[str], None]


@dataclass
class Answered:
    """What one run did, for the closing message (counts only)."""

    saved: int = 0


class Back(Exception):
    """`terug`: the previous question is asked again."""


def _words(where: Where) -> str:
    """`people.guardians` for ('people', 0, 'guardians'): the wording key of a place in the file."""
    return ".".join(k for k in where if isinstance(k, str))


class Interview(CaseDocument):
    """One run of the questionnaire over one case file."""

    def __init__(self, path: Path, ask: Ask, say: Say, lang: str | None = None) -> None:
        self.ask_line = ask
        self.say = say
        self.done = Answered()
        self.intro = ""  # whose contact the next questions are about
        self.history: list[Question] = []  # the fields answered in this run, for `terug`
        self.defaults: dict[str, str] = {}  # an answer taken back: offered again as the default
        self._problems: tuple[int, list[Problem]] | None = None
        super().__init__(path, lang)

    def save(self) -> None:
        super().save()
        self.done.saved += 1

    def problems(self) -> list[Problem]:
        """`check`'s problems with the file as last saved (read once per save)."""
        if self._problems is None or self._problems[0] != self.saves:
            found = case_problems(self.path) if self.path.exists() else []
            self._problems = (self.saves, found)
        return self._problems[1]

    def ask(self, question: str, default: str | None) -> str:
        """One line from the user; `terug` goes back to the previous question."""
        answer = self.ask_line(question, default)
        if answer.strip().lower() in BACK:
            raise Back
        return answer

    # ── asking ────────────────────────────────────────────────────────────────
    def field(self, where: Where, owner: type[BaseModel], name: str, *, progress: bool = False,
              default: str | None = None, extra: Callable[[Any], str | None] | None = None) -> Any:
        """Ask one field unless the file holds a valid value (or, for facts, a deliberately empty one)."""
        question = Question(where, owner, name, progress)
        info = question.info
        path = ".".join(str(k) for k in question.path if isinstance(k, str))
        node = self.section(where)
        present = isinstance(node, dict) and name in node
        current = node.get(name) if isinstance(node, dict) else None
        if present and not blank(current):
            value, problem = validate(question, as_raw(current))
            if problem is None and not answered_later(question, self):
                problem = next(iter(problems_at(self.problems(), question)), None)
            if problem is None:
                return value
            self.say(self.words("ask.invalid-in-file", field=path, reason=problem))
        elif present and current is None and not progress and not question.required:
            return None  # left empty on purpose earlier
        if self.intro:
            self.say(self.intro)
            self.intro = ""
        prompt = question.label(self.lang)
        if question.choices:
            prompt += "\n" + "\n".join(f"  {i}. {choice_words(c, self.lang)}"
                                        for i, c in enumerate(question.choices, 1))
        if not question.required and not progress:  # a progress question says "Enter = not yet" itself
            prompt += " " + self.words("ask.optional")
        default = self.defaults.pop(question.key, default)
        while True:
            answer = self.ask(prompt, default)
            if not answer.strip():
                if question.required:
                    self.say(self.words("ask.required"))
                    continue
                self.history.append(question)
                if progress:
                    return None  # not yet: asked again next time
                default_value = info.get_default(call_default_factory=True)
                admits_none = info.default is None
                self._store(question, None if admits_none else to_yaml(question, default_value))
                return None
            value, problem = validate(question, read_answer(question, answer))
            if problem is None and extra is not None:
                problem = extra(value)
            if problem is None:
                before = {(p.where, p.message) for p in self.problems()}
                self._store(question, to_yaml(question, value))
                later = answered_later(question, self)
                problem = None if later else next(iter(problems_at(self.problems(), question)), None)
                if problem is None:
                    self.history.append(question)
                    self._tell_new_problems(before, question)
                    return value
            self.say(self.words("ask.again", reason=problem))

    def _tell_new_problems(self, before: set[tuple[Where | None, str]], question: Question) -> None:
        """A problem this answer makes at a field answered before (a name a summary mentions)."""
        for problem in self.problems():
            if (problem.where, problem.message) in before or problem.where is None:
                continue
            if problem.where[: len(question.path)] == question.path:
                continue
            holder = self.section(problem.where[:-1]) if len(problem.where) > 1 else self.doc
            last = problem.where[-1]
            filled = isinstance(holder, dict) and isinstance(last, str) and not blank(holder.get(last))
            if filled:
                field = ".".join(str(k) for k in problem.where if isinstance(k, str))
                self.say(self.words("ask.invalid-in-file", field=field, reason=problem.message))

    def _store(self, question: Question, value: Any) -> None:
        self.store(question, value)
        self.save()

    def yes(self, key: str, **values: Any) -> bool:
        """A yes/no question (ja/nee), asked until it is answered."""
        while True:
            question = self.words(key, **values) + " " + self.words("ask.yesno")
            answer = self.ask(question, self.words("ask.no")).strip().lower()
            if answer in YES:
                return True
            if answer in NO:
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
        self.comment(node, name, "c." + _words((*where, name)), where)
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
            self.comment(parent, name, "c." + _words((*where, name)), where)
            seq = parent[name] = CommentedSeq()
        seq.fa.set_block_style()
        return seq

    # ── the protocol, in order ────────────────────────────────────────────────
    def run(self) -> Answered:
        """Ask everything that is still missing, section by section, saving each answer.

        `terug` takes the last answer back and asks it again: the sections are walked once more,
        and every field that holds a valid answer is passed by.
        """
        while True:
            try:
                for section in self._sections():
                    self.say("")
                    self.say(f"── {self.words('section.' + section)} ──")
                    getattr(self, f"_{section.replace('-', '_')}")()
                self.review()
            except Back:
                self._take_back()
                continue
            return self.done

    def _take_back(self) -> None:
        """Forget the last answer of this run (kept as the default of the question asked again)."""
        if not self.history:
            self.say(self.words("ask.no-back"))
            return
        question = self.history.pop()
        current = self.value(question.where, question.name)
        self.defaults[question.key] = shown(question, current)
        self.remove(question)
        self.save()

    def review(self) -> None:
        """At the end, on request: every answer of the file, question by question."""
        if not self.yes("ask.review"):
            return
        for page in pages():
            questions = list(page.questions)
            if page.pupils:
                for index, person in enumerate(self.doc.get("people") or []):
                    guardians = len(person.get("guardians") or []) if isinstance(person, dict) else 0
                    questions += pupil_questions(index, guardians)
            filled = [(q, self.value(q.where, q.name)) for q in questions]
            filled = [(q, v) for q, v in filled if not blank(v)]
            if not filled:
                continue
            self.say(f"── {page.title(self.lang)} ──")
            for question, value in filled:
                self.say(f"  {question.label(self.lang)}: {shown(question, value)}")
        self.say(self.words("ask.review-end"))

    @staticmethod
    def _sections() -> Iterator[str]:
        yield from (page.key for page in pages())

    def _dossier(self) -> None:
        for name in ("reference", "opened"):
            self.field(("case",), m.Case, name)
        self.contact(("case", "coordinator"))

    def _school(self) -> None:
        school = self.doc.get("school")
        if PROFILE_KEY not in self.doc and not (isinstance(school, dict) and not blank(school.get("name"))):
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
            answer = self.ask(self.words("q.profile") + " " + self.words("ask.optional"), None).strip()
            if not answer:
                return
            try:
                self.set_profile(answer)
            except CaseFileError as e:
                for line in e.lines:
                    self.say(self.words("ask.again", reason=line))
                continue
            self.save()
            return

    def _step_1(self) -> None:
        incident = ("incident",)
        for name in ("kind", "discovered", "pupil_depicted", "affected_groups", "channels", "other_schools",
                     "source_url", "summary"):
            self.field(incident, m.Incident, name)
        if self.value(incident, "source_url"):
            self.field(("police",), m.Police, "agreed_filter", progress=True)
        self.log_step_done(1)

    def _depicted(self) -> bool:
        answer = as_raw(self.value(("incident",), "pupil_depicted"))
        value, problem = validate(Question(("incident",), m.Incident, "pupil_depicted"), answer)
        return bool(value) and problem is None

    def _step_2(self) -> None:
        people = self.sequence((), "people")
        for index in range(len(people)):
            self.person(index, new=False)
        while self.yes("q.people.more" if len(people) else "q.people.first"):
            people.append(CommentedMap())
            self.person(len(people) - 1, new=True)
        if self._depicted():
            self.log_step_done(2)

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
        self.log_step_done(3)

    def _step_4(self) -> None:
        if self.value(("incident",), "source_url"):
            self.field(("police",), m.Police, "meldpunt_reference")
            self.log_step_done(4)
        else:
            self.say(self.words("ask.step-not-applicable"))

    def _step_5(self) -> None:
        self.field(("police",), m.Police, "agreed_deletion", progress=True)
        self.log_step_done(5)

    def _step_6(self) -> None:
        self.log_step_done(6)

    def _step_7(self) -> None:
        communication = ("communication",)
        if self.optional_section(communication, "staff_meeting", "q.section.staff-meeting"):
            for name in m.Meeting.model_fields:
                self.field((*communication, "staff_meeting"), m.Meeting, name)
        self.log_step_done(7)

    def _step_8(self) -> None:
        communication = ("communication",)
        for name in ("languages", "letter_date"):
            self.field(communication, m.Communication, name)
        if self.optional_section(communication, "parent_meeting", "q.section.parent-meeting"):
            for name in m.Meeting.model_fields:
                self.field((*communication, "parent_meeting"), m.Meeting, name)
        self.log_step_done(8)

    def _step_9(self) -> None:
        self.log_step_done(9)

    def _meldcode(self) -> None:
        where = ("meldcode",)
        if not isinstance(self.doc.get("meldcode"), dict):
            date = self._ask_date("q.meldcode")
            if date is None:
                return
            self._store(Question(where, m.Consultation, "date"), date)
        for name in ("date", "consulted_by", "anonymous", "decision"):
            self.field(where, m.Consultation, name)

    def log_step_done(self, step: int) -> None:
        """Ask, while step `step` is not logged as done, on which day it was done."""
        if self.step_date(step) is not None:
            return
        date = self._ask_date("q.step", step=step, title=self.words(f"step.{step}"))
        if date is None:
            return
        self.log_step(step, date)
        self.save()

    def _ask_date(self, key: str, **values: Any) -> dt.date | None:
        """A date, or None when the answer is empty (not done yet)."""
        question = Question(("actions", 0), m.Action, "date")
        while True:
            answer = self.ask(self.words(key, **values), None)
            if not answer.strip():
                return None
            value, problem = validate(question, read_answer(question, answer))
            if problem is None:
                return typing.cast(dt.date, value)
            self.say(self.words("ask.again", reason=problem))


def finish(path: Path, lang: str | None = None) -> list[str]:
    """The closing words: valid and what to do next, or every problem `check` still finds (no values)."""
    from .casefile import load_case
    from .freetext import check_free_text

    try:
        check_free_text(load_case(path))
    except CommsgenError as e:
        return [text("end.problems", lang, count=len(e.lines)), *e.lines, text("end.fix", lang, path=path)]
    return [text("end.valid", lang, path=path)]
