"""The command line's smaller fixes of issue 20 (point 6): Click's own messages and the audiences in Dutch."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from commsgen.cli import cli

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "case.yaml"


def test_clicks_own_messages_are_dutch_for_a_dutch_user() -> None:
    """"No such command", "Try ... for help" and "Error:" come from the ui catalog."""
    result = CliRunner().invoke(cli, ["--taal", "nl", "inpakken"], prog_name="commsgen")
    assert result.exit_code == 2
    assert "Onbekende opdracht 'inpakken'." in result.output
    assert "Typ 'commsgen --help' voor hulp." in result.output and "Fout: " in result.output
    assert "No such command" not in result.output and "Try " not in result.output


def test_a_missing_argument_is_named_in_dutch() -> None:
    """`commsgen check` without a file: `Ontbrekend argument`."""
    result = CliRunner().invoke(cli, ["--taal", "nl", "check"], prog_name="commsgen")
    assert result.exit_code == 2
    assert "Ontbrekend argument 'CASE_FILE'." in result.output


def test_clicks_messages_stay_english_for_an_english_user() -> None:
    """With --taal en nothing changes."""
    result = CliRunner().invoke(cli, ["--taal", "en", "inpakken"], prog_name="commsgen")
    assert "No such command 'inpakken'." in result.output


def test_a_dutch_audience_name_is_accepted_and_shown_in_dutch(tmp_path: Path) -> None:
    """`scan --audience ouders` reads the parents' audience, and the message names it `ouders`."""
    case = tmp_path / "casus.yaml"
    shutil.copy(EXAMPLE, case)
    out = tmp_path / "out"
    made = CliRunner().invoke(cli, ["pack", str(case), "--out", str(out), "--override", "test"])
    assert made.exit_code == 0, made.output
    letter = next(out.glob("*_parent-letter_nl.docx"))
    result = CliRunner().invoke(cli, ["--taal", "nl", "scan", str(letter), "--case", str(case),
                                      "--audience", "ouders"])
    assert result.exit_code == 0, result.output
    assert "in orde voor de lezers ouders" in result.output
    pupil = next(out.glob("*_student-meeting_s1_nl.docx"))
    refused = CliRunner().invoke(cli, ["--taal", "nl", "scan", str(pupil), "--case", str(case),
                                       "--audience", "ouders"])
    assert refused.exit_code == 3
    assert "mag niet bij de lezers ouders komen" in refused.stderr
