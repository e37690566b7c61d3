"""A school profile: the school section kept in one file, reused by each case, overridden by the case."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from commsgen.casefile import load_case
from commsgen.cli import cli
from commsgen.errors import CaseFileError
from tests.conftest import CASE_YAML

PROFILE = """\
school:
  name: "Basisschool De Linde & De Es"
  board: "Stichting Voorbeeld"
  city: "Voorbeeldstad"
  parent_contact: {name: "Marieke Jansen", role: "intern begeleider", phone: "046 123 4567"}
  it_service_desk: {name: "Servicedesk Voorbeeld", email: "servicedesk@example.org"}
"""
SCHOOL = re.compile(r"^school:\n(?:  .*\n)+", re.MULTILINE)


def case_with_profile(school: str = "") -> str:
    """The shared case with its school section replaced by a profile reference (and `school` lines)."""
    return "profile: school.yaml\n" + SCHOOL.sub(school, CASE_YAML)


def test_a_case_takes_its_school_from_the_profile(write_case: Callable[..., Path]) -> None:
    """A case without a school section gets every school field from the profile named at its top."""
    write_case(PROFILE, "school.yaml")
    case = load_case(write_case(case_with_profile())).case
    assert case.school.board == "Stichting Voorbeeld"
    assert case.school.it_service_desk is not None


def test_the_case_wins_and_check_names_the_overridden_field_never_its_value(
    runner: CliRunner, write_case: Callable[..., Path]
) -> None:
    """A field the case fills in itself replaces the profile's; `check` says which, by path."""
    write_case(PROFILE, "school.yaml")
    case_file = write_case(case_with_profile('school:\n  board: "Stichting Anders"\n  city: ""\n'))
    assert load_case(case_file).case.school.board == "Stichting Anders"
    assert load_case(case_file).case.school.city == "Voorbeeldstad"  # blank in the case: the profile's
    result = runner.invoke(cli, ["check", str(case_file)])
    assert result.exit_code == 0, result.output
    assert "school.board: the case's own value replaces the profile's" in result.output
    assert "school.city" not in result.output
    assert "Anders" not in result.output and "Voorbeeld" not in result.output


def test_a_contact_in_the_case_replaces_the_profiles_contact_whole(write_case: Callable[..., Path]) -> None:
    """No one is reached on another person's phone: the profile's contact phone does not fill the case's."""
    write_case(PROFILE, "school.yaml")
    own = 'school:\n  parent_contact: {name: "Joris Peeters", role: "directeur"}\n'
    contact = load_case(write_case(case_with_profile(own))).case.school.parent_contact
    assert contact.phone is None


def test_an_invalid_profile_field_is_reported_on_the_profiles_own_line(
    write_case: Callable[..., Path]
) -> None:
    """A wrong phone in the profile names the profile file, its line and the field."""
    write_case(PROFILE.replace('phone: "046 123 4567"', 'phone: "bel de balie"'), "school.yaml")
    with pytest.raises(CaseFileError) as caught:
        load_case(write_case(case_with_profile()))
    expected = r"school\.yaml:5: school\.parent_contact\.phone: not a phone number"
    assert re.search(expected, caught.value.message)


def test_a_missing_profile_is_an_error_on_the_profile_line(write_case: Callable[..., Path]) -> None:
    """`profile: school.yaml` without that file says so, on line 1 of the case."""
    with pytest.raises(CaseFileError, match=r"case\.yaml:1: profile: .*school\.yaml not found"):
        load_case(write_case(case_with_profile()))


def test_init_school_writes_a_commented_profile_once(runner: CliRunner, tmp_path: Path) -> None:
    """`commsgen init-school` writes the commented skeleton and refuses to overwrite it."""
    target = tmp_path / "school.yaml"
    assert runner.invoke(cli, ["init-school", str(target)]).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Schoolprofiel voor commsgen") and "it_service_desk:" in text
    again = runner.invoke(cli, ["init-school", str(target)])
    assert again.exit_code == 1
    assert target.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_filled_in_skeleton_is_a_valid_profile(runner: CliRunner, tmp_path: Path, lang: str) -> None:
    """With its three required fields filled in, the skeleton serves a case as its profile."""
    target = tmp_path / "school.yaml"
    runner.invoke(cli, ["init-school", str(target), "--lang", lang])
    filled = target.read_text(encoding="utf-8").replace('name: ""', 'name: "De Linde"', 1)
    filled = filled.replace('board: ""', 'board: "Kindante"').replace('name: ""', 'name: "M. Jansen"', 2)
    filled = filled.replace('role: ""', 'role: "intern begeleider"')
    target.write_text(filled, encoding="utf-8")
    case_file = tmp_path / "case.yaml"
    case_file.write_text(case_with_profile(), encoding="utf-8")
    assert load_case(case_file).case.school.signatory is not None
