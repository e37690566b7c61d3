"""File-name values hold no name or phone of the case; phones and `pupil_depicted` are checked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from commsgen.cli import cli
from tests.conftest import CASE_YAML

WriteCase = Callable[[str], Path]
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def check(runner: CliRunner, path: Path) -> tuple[int, str]:
    result = runner.invoke(cli, ["check", str(path)])
    return result.exit_code, result.output


def line_of(text: str, needle: str) -> int:
    return next(n for n, row in enumerate(text.splitlines(), 1) if needle in row)


@pytest.mark.parametrize(
    "reference",
    ["2026-Verbeek", "2026-deboer", "2026-Jansen-2", "JANSEN", "Boer.2026", "0612345678", "2026-87654321"],
    ids=["pupil-surname-unknown", "pupil-surname", "coordinator", "upper", "dot", "guardian-phone",
         "phone-digits-inside"],
)
def test_a_reference_holding_a_name_or_phone_of_the_case_is_refused(
    runner: CliRunner, write_case: WriteCase, reference: str
) -> None:
    """`case.reference` goes into every file name: a name or phone of the case in it is refused, by line."""
    text = CASE_YAML.replace('"2026-901"', f'"{reference}"', 1)
    if reference == "2026-Verbeek":
        text = text.replace("Tim Jansen", "Tim Verbeek")
    code, output = check(runner, write_case(text))
    assert code == 1, output
    line = line_of(text, "reference:")
    refused = "case.reference: the reference must not contain a name or phone number"
    assert f"case.yaml:{line}: {refused}" in output
    assert reference not in output


def test_an_ordinary_reference_passes(runner: CliRunner, write_case: WriteCase) -> None:
    """A dossier number of digits and letters that are no name (`2026-014`, `ZK-2026-7`) is fine."""
    for reference in ("2026-014", "ZK-2026-7", "2026.11.b"):
        code, output = check(runner, write_case(CASE_YAML.replace('"2026-901"', f'"{reference}"', 1)))
        assert code == 0, (reference, output)


def test_a_pupil_id_holding_another_persons_name_is_refused(runner: CliRunner, write_case: WriteCase) -> None:
    """Not only the pupil's own name: s2's id spelling s1's surname (or a phone) is refused too."""
    text = CASE_YAML.replace("  - id: s2", "  - id: s2-boer", 1)
    code, output = check(runner, write_case(text))
    assert code == 1
    refused = "people[2].id: the id must not contain a name or phone"
    assert f"case.yaml:{line_of(text, 'id: s2-boer')}: {refused}" in output
    assert "boer" not in output.casefold().replace("petra", "")


@pytest.mark.parametrize("phone", ["06 1234 567", "046 123 45", "+31 6 1234 567"],
                         ids=["nine-digits", "eight-digits", "plus31-short"])
def test_a_phone_number_a_digit_short_is_refused_naming_the_field(
    runner: CliRunner, write_case: WriteCase, phone: str
) -> None:
    """A Dutch number with a digit missing fits the old shape check; the numbering plan refuses it."""
    text = CASE_YAML.replace('phone: "06 1234 5678"', f'phone: "{phone}"', 1)
    code, output = check(runner, write_case(text))
    assert code == 1
    assert "(s1).guardians[1].phone: not a valid phone number: a Dutch number has 10 digits" in output
    assert phone not in output.replace("046 123 4567", "").replace("06 1234 5678", "")  # the examples


@pytest.mark.parametrize("phone", ["+44 20 7946 0958", "+32 470 12 34 56", "+90 532 123 45 67", "0800-0432",
                                   "0900 8844", "06-12345678", "0031687654321"],
                         ids=["uk", "belgium", "turkey", "free-number", "police", "dashes", "0031"])
def test_international_and_service_numbers_are_accepted(
    runner: CliRunner, write_case: WriteCase, phone: str
) -> None:
    """Foreign numbers with their country code, and Dutch 0800/0900 numbers, are valid."""
    text = CASE_YAML.replace('phone: "06 1234 5678"', f'phone: "{phone}"', 1)
    code, output = check(runner, write_case(text))
    assert code == 0, output


def test_a_depicted_pupil_is_needed_when_the_case_says_a_pupil_is_on_the_images(
    runner: CliRunner, write_case: WriteCase
) -> None:
    """`pupil_depicted: ja` with no pupil in the role `depicted`: refused at that line, saying what to do."""
    text = CASE_YAML.replace("pupil_depicted: true", "pupil_depicted: ja")
    text = text.replace("role: depicted", "role: received")
    code, output = check(runner, write_case(text))
    assert code == 1
    refused = "incident.pupil_depicted: says a pupil of the school is on the images, but no pupil has"
    assert f"case.yaml:{line_of(text, 'pupil_depicted')}: {refused} the role 'depicted'" in output


def test_no_pupil_on_the_images_needs_no_depicted_pupil(runner: CliRunner, write_case: WriteCase) -> None:
    """`pupil_depicted: false` and nobody depicted is a valid case."""
    text = CASE_YAML.replace("pupil_depicted: true", "pupil_depicted: false").replace("role: depicted",
                                                                                      "role: received")
    assert check(runner, write_case(text))[0] == 0


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_the_shipped_examples_stay_valid(runner: CliRunner, example: Path) -> None:
    """The examples' references, ids, phones and depicted pupils pass the new checks."""
    code, output = check(runner, example)
    assert code == 0, output


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_skeleton_has_none_of_the_new_problems(runner: CliRunner, tmp_path: Path, lang: str) -> None:
    """`commsgen init`'s file is incomplete, but no comment, phone or reference rule fires on it."""
    path = tmp_path / "case.yaml"
    assert runner.invoke(cli, ["init", str(path), "--lang", lang]).exit_code == 0
    code, output = check(runner, path)
    assert code == 1
    for new in ("' #'", "not a valid phone number", "must not contain a name", "no pupil has the role"):
        assert new not in output


def test_a_profile_file_named_after_a_person_of_the_case_is_refused(
    runner: CliRunner, write_case: WriteCase
) -> None:
    """`check` prints the profile's file name: one holding a pupil's name is refused like the reference."""
    profile = CASE_YAML.split("incident:")[0].split("school:")[1]
    write_case("school:" + profile, "profiel-de-boer.yaml")
    text = "profile: profiel-de-boer.yaml\n" + CASE_YAML
    code, output = check(runner, write_case(text))
    assert code == 1
    assert "case.yaml:1: profile: the profile's file name must not contain a name or phone number" in output
