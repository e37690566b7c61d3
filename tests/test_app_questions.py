"""One question model (issue 20, point 3): the terminal interview, the app's form and `check` agree.

The same answer is given to the interview (one question asked) and to the app's form (one page
posted); both accept it or both refuse it, and `check`, reading the file the app saved, agrees.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from commsgen.app import create_app
from commsgen.app.routes import _page_of
from commsgen.app.security import Session
from commsgen.interview import Interview
from commsgen.questions import (
    CaseDocument,
    Question,
    case_problems,
    page,
    pages,
    problems_at,
    pupil_questions,
    shown,
)

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "case.yaml"

# (field, answer as a person types it, accepted)
ANSWERS = [
    ("case.opened", "5-12-2026", True),
    ("case.opened", "31-02-2026", False),
    ("case.reference", "2026 014", False),
    ("school.type", "basisschool", True),
    ("school.type", "kleuterschool", False),
    ("school.parent_contact.email", "geen adres", False),
    ("incident.pupil_depicted", "ja", True),
    ("incident.summary", "Sanne heeft een foto gedeeld.", False),  # a pupil's first name, for all parents
    ("incident.summary", "Er is een foto gedeeld in een groepsapp.", True),
    ("communication.languages", "nl, en", True),
    ("communication.languages", "nl, xx", False),
    ("communication.parent_meeting.time", "19.30", True),
    ("communication.parent_meeting.time", "25.00", False),
    ("communication.letter_date", "20-11-2026", True),
    ("people.0.role", "slachtoffer", True),
    ("people.0.role", "dader", False),
    ("people.0.age", "11", True),
    ("people.0.age", "2", False),
    ("people.0.guardians.0.language", "Nederlands", True),
    ("people.0.guardians.0.phone", "06 1234 5678", True),
]


@pytest.fixture(autouse=True)
def dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMSGEN_LANG", "nl")


def question_at(key: str, doc: CaseDocument) -> Question:
    for found in pages():
        for question in found.questions:
            if question.key == key:
                return question
    people = doc.doc.get("people") or []
    for index, person in enumerate(people):
        for question in pupil_questions(index, len(person.get("guardians") or [])):
            if question.key == key:
                return question
    raise KeyError(key)


class Stop(Exception):
    """The interview asked a second time: the answer was refused."""


def interview_accepts(path: Path, key: str, answer: str) -> bool:
    doc = CaseDocument(path)
    question = question_at(key, doc)
    doc.remove(question)
    doc.save()
    asked: list[str] = []

    def ask(prompt: str, default: str | None) -> str:
        asked.append(prompt)
        if len(asked) > 1:
            raise Stop
        return answer

    interview = Interview(path, ask, lambda line: None)
    try:
        interview.field(question.where, question.owner, question.name, progress=question.progress)
    except Stop:
        return False
    return True


def app_accepts(path: Path, key: str, answer: str) -> bool:
    from starlette.testclient import TestClient

    session = Session(port=8123, extra_hosts=("testserver",))
    test = TestClient(create_app(session, path), base_url="http://testserver")
    assert test.get(f"/?token={session.token}").status_code == 200
    doc = CaseDocument(path)
    question = question_at(key, doc)
    target = _page_of(question.path)
    if target.startswith("/pupil/"):
        index = int(target.rsplit("/", 1)[1])
        person = doc.doc["people"][index]
        questions = pupil_questions(index, len(person.get("guardians") or []))
        step = None
    else:
        found = page(target.rsplit("/", 1)[1])
        questions, step = list(found.questions), found.step
    form: dict[str, Any] = {"csrf": session.csrf, "go": "next"}
    for q in questions:
        value = doc.value(q.where, q.name)
        form[q.key] = [str(v) for v in value] if q.kind == "choices" and value else shown(q, value)
    if step:
        form["step_done"] = str(doc.step_date(step) or "")
    form[key] = answer
    response = test.post(target, data=form, follow_redirects=False)
    assert response.status_code in (303, 422), response.status_code
    return response.status_code == 303


@pytest.mark.parametrize(("key", "answer", "accepted"), ANSWERS,
                         ids=[f"{k}={a}" for k, a, _ in ANSWERS])
def test_the_interview_the_app_and_check_agree(tmp_path: Path, key: str, answer: str, accepted: bool) -> None:
    """Both ways of asking accept or refuse the same answer, and `check` agrees with the saved file."""
    terminal, browser = tmp_path / "terminal.yaml", tmp_path / "browser.yaml"
    shutil.copy(EXAMPLE, terminal)
    shutil.copy(EXAMPLE, browser)
    assert interview_accepts(terminal, key, answer) is accepted
    assert app_accepts(browser, key, answer) is accepted
    question = question_at(key, CaseDocument(browser))
    assert (problems_at(case_problems(browser), question) == []) is accepted


def test_a_summary_naming_a_pupil_added_later_is_refused_at_the_summary(tmp_path: Path) -> None:
    """The summary is typed before the pupil exists; once the pupil is added, `check` names the summary."""
    path = tmp_path / "casus.yaml"
    shutil.copy(EXAMPLE, path)
    doc = CaseDocument(path)
    summary = question_at("incident.summary", doc)
    doc.store(summary, "Wouter Pietersen kreeg de foto.")
    doc.save()
    assert problems_at(case_problems(path), summary) == []
    name = question_at("people.0.name", doc)
    doc.store(name, "Wouter Pietersen")
    doc.save()
    assert problems_at(case_problems(path), summary) != []


def test_a_wrong_choice_lists_the_choices_in_dutch(tmp_path: Path) -> None:
    """Not `kies uit: .` but the choices, with the Dutch words people type."""
    path = tmp_path / "casus.yaml"
    shutil.copy(EXAMPLE, path)
    doc = CaseDocument(path)
    question = question_at("people.0.role", doc)
    doc.remove(question)
    doc.save()
    said: list[str] = []
    answers = iter(["dader", "1"])
    Interview(path, lambda prompt, default: next(answers), said.append).field(
        question.where, question.owner, question.name)
    assert any("slachtoffer (depicted)" in line and "gedeeld (shared)" in line for line in said), said


def test_terug_goes_back_to_the_previous_question(tmp_path: Path) -> None:
    """`terug` asks the question before again, with the answer given as the default."""
    path = tmp_path / "casus.yaml"
    answers = iter(["2026-020", "terug", "2026-021", "18-11-2026"])
    asked: list[tuple[str, str | None]] = []

    def ask(prompt: str, default: str | None) -> str:
        asked.append((prompt, default))
        try:
            return next(answers)
        except StopIteration:
            raise Stop from None

    with pytest.raises(Stop):
        Interview(path, ask, lambda line: None).run()
    assert asked[0][0] == asked[2][0] and asked[2][1] == "2026-020"
    assert asked[1][0] == asked[3][0]
    assert CaseDocument(path).value(("case",), "reference") == "2026-021"


def test_a_pupil_on_the_images_is_answered_before_the_pupil_is_added(tmp_path: Path) -> None:
    """`pupil_depicted: ja` in step 1 stands while step 2 (the pupil) is still to come: neither the
    interview nor the app asks it again, though `check` says what is still missing."""
    terminal, browser = tmp_path / "terminal.yaml", tmp_path / "browser.yaml"
    for path in (terminal, browser):
        shutil.copy(EXAMPLE, path)
        doc = CaseDocument(path)
        del doc.doc["people"]
        doc.save()
    assert interview_accepts(terminal, "incident.pupil_depicted", "ja")
    assert app_accepts(browser, "incident.pupil_depicted", "ja")
    question = question_at("incident.pupil_depicted", CaseDocument(browser))
    assert problems_at(case_problems(browser), question) != []
