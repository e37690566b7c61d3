"""The audiences `dossier` (the school's own case file) and `board` (the board's safety team)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from commsgen.audiences import Audience, project
from commsgen.casefile import load_case
from commsgen.cli import cli
from commsgen.sensitivity import field_table

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "case.yaml"


def test_the_dossier_reads_every_field() -> None:
    """Every field of the case file names the dossier among its readers."""
    assert [path for path, spec in field_table().items() if "dossier" not in spec.readers] == []


def test_the_board_reads_the_process_and_no_pupil() -> None:
    """The board's projection holds the steps and the case reference, no pupil, note or source address."""
    context = project(load_case(EXAMPLE).case, Audience("board"), "nl")
    assert "people" not in context and "meldcode" not in context
    assert context["case"]["reference"] == "2026-014"
    assert all(set(a) == {"step", "date", "done"} for a in context["actions"])
    assert "source_url" not in context["incident"] and "staff_involved" in context["incident"]


def test_check_refuses_a_pupils_name_in_the_request_to_the_board(tmp_path: Path) -> None:
    """`communication.board_request` is read by the board: a pupil's name in it is refused, by field."""
    case = tmp_path / "case.yaml"
    case.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
        "Wij vragen het bestuur om de woordvoerder", "Wij vragen voor Sanne de Boer om de woordvoerder"),
        encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(case)])
    assert result.exit_code == 1
    assert "communication.board_request" in result.stderr and "people[1] (s1).name" in result.stderr
    assert "Sanne" not in result.stderr
