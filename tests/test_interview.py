"""`commsgen interview`: answers checked on the spot, saved at once, resumable, never printed back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from commsgen.casefile import load_case, parse_yaml
from commsgen.cli import cli
from commsgen.errors import CaseFileError
from commsgen.interview import Interview

# One complete interview of a small fictional case, answer by answer, in the order asked.
ANSWERS = [
    "2026-020", "18-11-2026", "Marieke Jansen", "intern begeleider", "046 123 4567", "",  # the case
    "",  # no school profile
    "Basisschool De Linde", "1", "Stichting Voorbeeld", "", "", "", "",  # the school
    "Marieke Jansen", "intern begeleider", "046 123 4567", "m.jansen@linde.example.org",  # parent contact
    "nee",  # no separate signatory
    "1", "2026-11-18", "ja", "groep 8", "whatsapp", "3", "", "",  # step 1: the incident
    "2026-11-18",  # step 1 done
    "ja", "s1", "Sanne de Boer", "1", "groep 8", "11",  # step 2: a depicted pupil
    "ja", "Petra de Boer", "moeder", "06 1234 5678", "", "nl", "nee", "",  # her mother; no notes
    "nee",  # no other pupil
    "2026-11-18",  # step 2 done
    "nee", "2026-11-19", "", "", "2026-11-19",  # step 3: police contacted, logged
    "", "",  # step 5: no agreement yet, not done
    "",  # step 6
    "nee", "",  # step 7: no staff meeting, not done
    "", "", "nee", "",  # step 8: languages, letter date, no parents' meeting, not done
    "",  # step 9
    "",  # Meldcode: not yet
    "nee",  # no review of the answers
]
PRIVATE = ["Sanne de Boer", "Petra de Boer", "06 1234 5678", "m.jansen@linde.example.org"]


class Script:
    """Scripted answers for the library; records every question and message it was shown."""

    def __init__(self, answers: list[str], stop_after: int | None = None) -> None:
        self.answers: Iterator[str] = iter(answers)
        self.stop_after = stop_after
        self.questions: list[str] = []
        self.said: list[str] = []

    def ask(self, question: str, default: str | None) -> str:
        if self.stop_after is not None and len(self.questions) >= self.stop_after:
            raise click.Abort  # what Ctrl-C or a closed terminal does inside click.prompt
        self.questions.append(question)
        answer = next(self.answers)
        return answer or ""

    def say(self, line: str) -> None:
        self.said.append(line)


@pytest.fixture(autouse=True)
def dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMSGEN_LANG", "nl")


def test_a_scripted_interview_writes_a_valid_commented_case(runner: CliRunner, tmp_path: Path) -> None:
    """Driven through the command with scripted input, the interview ends with a file `check` accepts."""
    case_file = tmp_path / "casus.yaml"
    result = runner.invoke(cli, ["interview", str(case_file)], input="\n".join(ANSWERS) + "\n")
    assert result.exit_code == 0, result.output
    assert "Klaar: " in result.output
    case = load_case(case_file).case
    assert case.people[0].role == "depicted" and case.people[0].age == 11
    assert [(a.step, a.done) for a in case.actions] == [(1, True), (2, True), (3, True)]
    text = case_file.read_text(encoding="utf-8")
    assert "# Uw eigen zaaknummer" in text and "# ── Betrokken leerlingen" in text
    assert oct(case_file.stat().st_mode & 0o777) == "0o600"


def test_an_invalid_answer_is_asked_again_with_the_reason_and_never_printed(tmp_path: Path) -> None:
    """A wrong e-mail address is refused with check's reason; what was typed appears in no message."""
    answers = [*ANSWERS[:5], "Sanne de Boer at home", *ANSWERS[5:]]
    script = Script(answers)
    Interview(tmp_path / "casus.yaml", script.ask, script.say).run()
    expected = "Niet goed: geen e-mailadres (bijvoorbeeld naam@school.example.org). Probeer het nog eens."
    assert expected in script.said
    assert script.questions[5] == script.questions[6]
    shown = "\n".join(script.said + script.questions)
    assert not [value for value in [*PRIVATE, "at home"] if value in shown]


def all_questions(tmp_path: Path) -> list[str]:
    """The questions of an uninterrupted interview, in order."""
    script = Script(ANSWERS)
    Interview(tmp_path / "whole.yaml", script.ask, script.say).run()
    return script.questions


AFTER_NAME = ANSWERS.index("Sanne de Boer") + 1
AFTER_PUPILS = ANSWERS.index("2026-11-18", AFTER_NAME)  # the pupil list is done; step 2's log is next


@pytest.mark.parametrize("stop_after", [1, 9, AFTER_NAME, AFTER_PUPILS + 3],
                         ids=["after-reference", "in-school", "after-pupil-name", "in-police"])
def test_a_stopped_interview_leaves_a_valid_partial_file_and_resumes_where_it_stopped(
    tmp_path: Path, stop_after: int
) -> None:
    """After a stop the file is valid YAML lacking only fields; a new run asks only what is left."""
    case_file = tmp_path / "casus.yaml"
    first = Script(ANSWERS, stop_after=stop_after)
    with pytest.raises(click.Abort):
        Interview(case_file, first.ask, first.say).run()
    parse_yaml(case_file.read_text(encoding="utf-8"), str(case_file))
    try:
        load_case(case_file)  # past the required fields, a partial file is a valid case already
    except CaseFileError as e:
        missing = ("dit veld is verplicht en ontbreekt", "moet ingevuld worden")
        assert all(line.endswith(missing) for line in e.lines), e.lines
    # A pupil list asks again whether there is another pupil: the one question a resume repeats.
    repeats = ["nee"] if stop_after > AFTER_PUPILS else []
    second = Script([*repeats, *ANSWERS[stop_after:]])
    Interview(case_file, second.ask, second.say).run()
    assert second.questions[len(repeats):] == all_questions(tmp_path)[stop_after:]
    load_case(case_file)


def test_questions_are_in_english_with_commsgen_lang_en(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """COMMSGEN_LANG=en asks in English."""
    monkeypatch.setenv("COMMSGEN_LANG", "en")
    script = Script(ANSWERS, stop_after=1)
    with pytest.raises(click.Abort):
        Interview(tmp_path / "case.yaml", script.ask, script.say).run()
    assert script.questions[0].startswith("Your own case reference")


def test_an_answer_is_checked_by_the_validator_check_uses(tmp_path: Path) -> None:
    """An id with a capital and a space is refused with `check`'s own message for ids."""
    case_file = tmp_path / "casus.yaml"
    position = ANSWERS.index("s1")
    script = Script([*ANSWERS[:position], "S 1", *ANSWERS[position:]])
    Interview(case_file, script.ask, script.say).run()
    assert any("geen geldig kenmerk" in line for line in script.said)
    assert load_case(case_file).case.people[0].id == "s1"
