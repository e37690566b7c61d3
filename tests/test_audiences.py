"""Projection: a template's context holds only what its audience is cleared for."""

from __future__ import annotations

from pathlib import Path

import pytest

from commsgen.audiences import Audience, AudienceError, project
from commsgen.casefile import load_case
from commsgen.sensitivity import field_table


def test_every_field_declares_its_readers() -> None:
    """The table covers nested fields, and a nested field never reaches a reader its section does not."""
    table = field_table()
    # The school's own case file (`dossier`) reads everything; the board reads whom to call.
    assert table["people[].guardians[].phone"].readers == {"student", "police", "dossier"}
    assert table["case.coordinator.name"].readers == {"staff", "student", "police", "it", "board", "dossier"}
    assert {"parents", "pupils", "schools", "it"} <= table["school.parent_contact.name"].readers
    assert table["incident.source_url"].readers == {"police", "it", "dossier"}
    assert table["people[].role"].readers == {"student", "police", "advisor", "dossier"}
    for path, spec in table.items():
        parent = path.rsplit(".", 1)[0].removesuffix("[]")
        if parent in table:
            assert spec.readers <= table[parent].readers, path
        assert spec.readers, f"{path} has no reader at all"


def test_readers_are_sets_not_levels() -> None:
    """The IT desk reads the web address but no pupil; the advisor reads roles and ages, no names."""
    table = field_table()
    it, advisor = Audience("it"), Audience("advisor")
    assert it.may_read(table["incident.source_url"]) and not it.may_read(table["people[].role"])
    assert not Audience("staff").may_read(table["incident.source_url"])
    assert advisor.may_read(table["people[].age"]) and not advisor.may_read(table["people[].name"])
    assert not advisor.may_read(table["people[].guardians[].name"])


def test_an_audience_name_comes_from_the_registry() -> None:
    """Every registered reader parses; a pupil audience needs an id; anything else is refused."""
    for name in ("parents", "pupils", "staff", "schools", "it", "advisor", "police", "board", "dossier"):
        assert Audience.parse(name) == Audience(name)
    assert Audience.parse("student:s2") == Audience("student", "s2")
    for bad in ("student", "teachers", "parents:s1", "Police"):
        with pytest.raises(AudienceError):
            Audience.parse(bad)


def test_parents_see_no_people_case_or_police_details(case_file: Path) -> None:
    """The parents' context has no pupils, no case data and no police-only fields."""
    context = project(load_case(case_file).case, Audience("parents"), "nl")
    assert "people" not in context and "case" not in context and "actions" not in context
    assert "source_url" not in context["incident"]
    assert context["incident"]["pupil_depicted"] is True  # read only to say that no pupil is depicted
    assert set(context["police"]) == {"contacted", "agreed_deletion"}
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
