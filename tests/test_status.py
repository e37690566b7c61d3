"""`commsgen status` and the protocol order: documents held back until the steps they wait for."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from commsgen.casefile import load_case
from commsgen.cli import cli
from commsgen.kinds import KINDS
from commsgen.status import REQUIREMENTS, checklist, next_step
from tests.conftest import CASE_YAML, PRIVATE_VALUES

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "case.yaml"
LOGGED = """\
  - {step: 3, date: 2026-11-19, done: true, note: "Wijkagent gebeld."}
  - {step: 2, date: 2026-11-18, done: true}
"""
BEFORE_POLICE = CASE_YAML.replace(LOGGED, "  - {step: 1, date: 2026-11-18, done: true}\n").replace(
    "  contacted: 2026-11-19\n", "")
BEFORE_FAMILY_TALK = CASE_YAML.replace("  - {step: 2, date: 2026-11-18, done: true}\n", "")


@pytest.fixture(autouse=True)
def dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMSGEN_LANG", "nl")


def test_status_of_the_example_shows_done_steps_with_dates_and_the_next_action(runner: CliRunner) -> None:
    """The shipped example: steps 1-3, 5 and 7 done with their date; step 4 (report the URL) comes next."""
    result = runner.invoke(cli, ["status", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "[x] stap 3    Schakel met de politie" in result.output
    assert "gedaan 2026-11-19" in result.output
    assert "[x] stap M2   Meldcode: overleg met Veilig Thuis             gedaan 2026-11-20" in result.output
    assert result.output.strip().endswith("Volgende actie: stap 4, Meld het materiaal.")


def test_status_names_each_steps_documents_and_what_they_wait_for(write_case: Callable[..., Path]) -> None:
    """Before steps 2 and 3 the parent letter, under steps 8 and 5, waits for step 3; step 2 is next."""
    states = {s.step: s for s in checklist(load_case(write_case(BEFORE_POLICE)).case, "en")}
    letter = dict(states["8"].documents)["parent-letter"]
    assert letter.startswith("waits for step 3")
    assert dict(states["5"].documents)["parent-letter"] == letter
    assert dict(states["7"].documents)["teacher-briefing"] == ""
    assert next_step(list(states.values())).step == "2"  # type: ignore[union-attr]


def test_status_prints_no_private_value(runner: CliRunner, case_file: Path) -> None:
    """The checklist holds steps, dates and kinds: no name, number or address from the case."""
    result = runner.invoke(cli, ["status", str(case_file)])
    assert result.exit_code == 0
    assert not [v for v in PRIVATE_VALUES if v in result.output]


@pytest.mark.parametrize(("case_text", "step"), [(BEFORE_POLICE, "stap 3"), (BEFORE_FAMILY_TALK, "stap 2")],
                         ids=["police-not-contacted", "depicted-pupils-family-not-met"])
def test_parent_letter_before_its_steps_is_refused_with_exit_4(
    runner: CliRunner, write_case: Callable[..., Path], tmp_path: Path, case_text: str, step: str
) -> None:
    """The parent letter waits for the police (step 3) and, with a depicted pupil, the family (step 2)."""
    out = tmp_path / "out"
    result = runner.invoke(cli, ["render", str(write_case(case_text)), "--doc", "parent-letter",
                                 "--out", str(out)])
    assert result.exit_code == 4, result.output
    assert f"parent-letter: nog niet, volgens de volgorde van het protocol: wacht op {step}" in result.output
    assert not out.exists()


def test_override_makes_the_letter_and_records_the_reason_in_the_manifest(
    runner: CliRunner, write_case: Callable[..., Path], tmp_path: Path
) -> None:
    """`--override "reason"` proceeds; the manifest keeps the reason, the kinds and the steps waited for."""
    out = tmp_path / "out"
    reason = "Op advies van het bestuur vooraf verstuurd, de wijkagent is op de hoogte."
    result = runner.invoke(cli, ["render", str(write_case(BEFORE_POLICE)), "--doc", "parent-letter",
                                 "--out", str(out), "--override", reason])
    assert result.exit_code == 0, result.output
    record = json.loads((out / "manifest.json").read_text())["protocol_override"]
    assert record == {"reason": reason, "documents": ["parent-letter"],
                      "waiting_for": ["step 2: family-talk", "step 3: police-contacted"]}


def test_an_override_reason_that_names_a_pupil_is_refused_without_echoing_it(
    runner: CliRunner, write_case: Callable[..., Path], tmp_path: Path
) -> None:
    """A reason is free text like any other: a pupil's name in it stops the run (exit 1), by field path."""
    out = tmp_path / "out"
    result = runner.invoke(cli, ["render", str(write_case(BEFORE_POLICE)), "--doc", "parent-letter",
                                 "--out", str(out), "--override", "Sanne de Boer wilde het zo"])
    assert result.exit_code == 1
    assert "people[1] (s1).name" in result.output
    assert "Sanne" not in result.output
    assert not out.exists()


def test_pack_leaves_held_back_documents_out_and_says_what_they_wait_for(
    runner: CliRunner, write_case: Callable[..., Path], tmp_path: Path
) -> None:
    """A pack before the police step makes what the protocol allows now and names what it left out."""
    out = tmp_path / "out"
    result = runner.invoke(cli, ["pack", str(write_case(BEFORE_POLICE)), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert not list(out.glob("*parent-letter*"))
    assert list(out.glob("*police-handover*"))
    assert "parent-letter: niet gemaakt, wacht op stap 3" in result.output


def test_every_rule_names_a_declared_requirement() -> None:
    """The gating rules are data: each names requirements of the registry, and kinds may declare their own."""
    named = {name for kind in KINDS.values() for name in kind.after}
    assert named <= set(REQUIREMENTS)


def test_pack_does_not_say_a_document_the_case_does_not_call_for_waits(
    runner: CliRunner, write_case: Callable[..., Path], tmp_path: Path
) -> None:
    """A kind the case does not need (no other schools: no school notice) is skipped for that reason
    only, never also reported as waiting for a protocol step."""
    result = runner.invoke(cli, ["pack", str(write_case(BEFORE_POLICE)), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "school-notice" in result.output  # skipped, with the field that keeps it out
    assert "school-notice: niet gemaakt" not in result.output
