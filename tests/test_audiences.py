"""Projection: a template's context holds only what its audience is cleared for."""

from __future__ import annotations

from pathlib import Path

import pytest

from commsgen.audiences import Audience, AudienceError, project
from commsgen.casefile import load_case
from commsgen.sensitivity import field_table


def test_every_field_declares_a_sensitivity() -> None:
    """The table covers nested fields, and a nested field is never less sensitive than its parent."""
    table = field_table()
    assert table["people[].guardians[].phone"].sensitivity.name == "STUDENT"
    assert table["case.coordinator.name"].sensitivity.name == "STAFF"
    assert table["school.parent_contact.name"].sensitivity.name == "PUBLIC"
    assert table["incident.source_url"].sensitivity.name == "POLICE"
    for path, spec in table.items():
        parent = path.rsplit(".", 1)[0].removesuffix("[]")
        if parent in table:
            assert spec.sensitivity >= table[parent].sensitivity, path


def test_parents_see_no_people_case_or_police_details(case_file: Path) -> None:
    """The parents' context has no pupils, no case data and no police-only fields."""
    context = project(load_case(case_file).case, Audience("parents"), "nl")
    assert "people" not in context and "case" not in context and "actions" not in context
    assert "source_url" not in context["incident"]
    assert "pupil_depicted" not in context["incident"]
    assert set(context["police"]) == {"contacted"}
    assert context["school"]["parent_contact"]["name"] == "Marieke Jansen"


def test_staff_see_the_coordinator_but_no_pupil(case_file: Path) -> None:
    """Staff get case data and the action log, never the pupils."""
    context = project(load_case(case_file).case, Audience("staff"), "nl")
    assert "people" not in context
    assert context["case"]["coordinator"]["name"] == "Marieke Jansen"
    assert context["actions"][0]["step"] == 3
    assert "report_reference" not in context["police"]


def test_a_pupil_document_holds_only_that_pupil(case_file: Path) -> None:
    """student:s2 sees pupil s2 and their guardians, no other pupil and no police notes."""
    context = project(load_case(case_file).case, Audience("student", "s2"), "nl")
    assert [p["id"] for p in context["people"]] == ["s2"]
    assert "notes" not in context["people"][0]
    assert context["people"][0]["guardians"][0]["name"] == "Karel Jansen"
    assert "source_url" not in context["incident"]


def test_police_see_everything(case_file: Path) -> None:
    """The police context holds every pupil, their notes and the source URL."""
    context = project(load_case(case_file).case, Audience("police"), "nl")
    assert [p["id"] for p in context["people"]] == ["s1", "s2"]
    assert context["people"][0]["notes"]
    assert context["incident"]["source_url"].startswith("https://")


def test_a_summary_per_language_is_chosen_and_dutch_text_is_not_shown_in_english(case_file: Path) -> None:
    """A plain summary is Dutch: an English context leaves it out rather than mixing languages."""
    case = load_case(case_file).case
    assert project(case, Audience("parents"), "nl")["incident"]["summary"].startswith("Er is")
    assert project(case, Audience("parents"), "en")["incident"]["summary"] is None


@pytest.mark.parametrize("text", ["student", "student:", "Parents", "student:S 1", "all"])
def test_unknown_audiences_are_refused(text: str) -> None:
    """Only parents, staff, police and student:<id> exist."""
    with pytest.raises(AudienceError):
        Audience.parse(text)


def test_an_unknown_pupil_audience_is_refused(case_file: Path) -> None:
    """Projecting for a pupil id that is not in the case fails instead of giving an empty document."""
    with pytest.raises(AudienceError):
        project(load_case(case_file).case, Audience("student", "s9"), "nl")
