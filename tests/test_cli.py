"""The command line: wiring, messages and exit codes (behaviour is tested on the library)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from commsgen.cli import cli
from commsgen.kinds import KINDS
from tests.conftest import CASE_YAML, PRIVATE_VALUES, make_template


@pytest.mark.parametrize(
    "command",
    [[], ["init"], ["check"], ["list"], ["render"], ["pack"], ["scan"], ["lint"], ["verify"], ["schema"]],
)
def test_every_command_has_help(runner: CliRunner, command: list[str]) -> None:
    """`--help` works everywhere and explains the command."""
    result = runner.invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_pack_writes_every_kind_with_ids_in_file_names(
    runner: CliRunner, case_file: Path, tmp_path: Path
) -> None:
    """Every kind the case calls for, per pupil where the kind is; names never in file names.

    The small case has no other schools, no follow-up letter date and no Veilig Thuis consultation,
    so the school notice, the update letter and the consultation record are left out; nor a request
    to the board or an invitation, so the board notice and the invitations are left out too.
    """
    out = tmp_path / "out"
    result = runner.invoke(cli, ["pack", str(case_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(out)) == [
        "2026-901_class-talk_nl.docx",
        "2026-901_deletion-call-staff_nl.docx",
        "2026-901_deletion-call_nl.docx",
        "2026-901_filter-request_nl.docx",
        "2026-901_follow-up-plan_nl.docx",
        "2026-901_logbook_nl.csv",
        "2026-901_logbook_nl.docx",
        "2026-901_parent-letter_nl.docx",
        "2026-901_parents-evening_nl.docx",
        "2026-901_police-handover_nl.docx",
        "2026-901_portal-message_nl.html",
        "2026-901_portal-message_nl.txt",
        "2026-901_student-meeting_s1_nl.docx",
        "2026-901_student-meeting_s2_nl.docx",
        "2026-901_teacher-briefing_nl.docx",
        "2026-901_victim-checklist_s1_nl.docx",
        "manifest.json",
    ]


def test_render_one_pupil(runner: CliRunner, case_file: Path, tmp_path: Path) -> None:
    """--person renders only that pupil's conversation guide."""
    out = tmp_path / "out"
    result = runner.invoke(cli, ["render", str(case_file), "--doc", "student-meeting", "--person", "s2",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(out)) == ["2026-901_student-meeting_s2_nl.docx", "manifest.json"]


def test_an_unknown_person_is_an_input_error(runner: CliRunner, case_file: Path, tmp_path: Path) -> None:
    """Exit 1 and one line naming the ids there are, no file; what was typed is not repeated."""
    result = runner.invoke(cli, ["render", str(case_file), "--doc", "student-meeting", "--person", "s9",
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.startswith("commsgen: error: ") and "(ids: s1, s2)" in result.stderr
    assert "s9" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_unknown_language_lists_the_available_ones(
    runner: CliRunner, case_file: Path, tmp_path: Path
) -> None:
    """--lang xx fails with exit 1 and says which languages exist."""
    result = runner.invoke(cli, ["render", str(case_file), "--doc", "parent-letter", "--lang", "xx",
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "available: nl" in result.stderr


def test_an_invalid_case_prints_file_line_and_field(runner: CliRunner, write_case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """check reports `FILE:LINE: field: message` and exit 1, without traceback."""
    path = write_case(CASE_YAML.replace("discovered: 2026-11-18", "discovered: 2026-02-30"))
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    assert f"{path}:14: incident.discovered:" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_a_name_in_the_public_summary_is_refused_by_check(runner: CliRunner, write_case) -> None:  # type: ignore[no-untyped-def]
    """A pupil's name typed into the summary parents read is caught before any letter is made."""
    path = write_case(CASE_YAML.replace("een foto van seksuele aard", "een foto van Sanne"))
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    assert "incident.summary: mentions people[1] (s1).name" in result.stderr
    assert "Sanne" not in result.stderr


def test_a_custom_template_reaching_for_pupils_blocks_with_exit_3(
    runner: CliRunner, case_file: Path, tmp_path: Path
) -> None:
    """A school template that prints pupil names in the parent letter is refused; nothing is written."""
    folder = tmp_path / "tpl"
    make_template(folder, "parent-letter", body=["{% for p in people %}{{ p.name }}{% endfor %}"])
    out = tmp_path / "out"
    result = runner.invoke(cli, ["pack", str(case_file), "--templates", str(folder), "--out", str(out)])
    assert result.exit_code == 3
    assert "people" in result.stderr and "parents" in result.stderr
    assert not out.exists() or os.listdir(out) == []


def test_a_name_typed_into_a_custom_template_is_caught_by_the_scan(
    runner: CliRunner, case_file: Path, tmp_path: Path
) -> None:
    """Literal text in a template is scanned too: the document is blocked with exit 3, value unsaid."""
    folder = tmp_path / "tpl"
    make_template(folder, "parent-letter", body=["Beste ouders,", "Het gaat om Tim Jansen."])
    out = tmp_path / "out"
    result = runner.invoke(cli, ["pack", str(case_file), "--templates", str(folder), "--out", str(out)])
    assert result.exit_code == 3
    assert "people[2] (s2).name" in result.stderr
    assert "Tim" not in result.stderr
    assert not out.exists() or os.listdir(out) == []


def test_no_private_value_reaches_the_console(runner: CliRunner, case_file: Path, tmp_path: Path) -> None:
    """Neither success nor failure output repeats a value from the case."""
    outputs = []
    for args in (["check", str(case_file)], ["pack", str(case_file), "--out", str(tmp_path / "o")],
                 ["pack", str(case_file), "--out", str(tmp_path / "o")],
                 ["render", str(case_file), "--doc", "nope"]):
        result = runner.invoke(cli, args)
        outputs.append(result.output + result.stderr)
    joined = "\n".join(outputs)
    for value in PRIVATE_VALUES:
        assert value not in joined


def test_init_writes_a_skeleton_and_refuses_to_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    """The skeleton points editors at the schema; a second init keeps the first file."""
    target = tmp_path / "nieuw.yaml"
    assert runner.invoke(cli, ["init", str(target), "--lang", "nl"]).exit_code == 0
    first = target.read_text(encoding="utf-8")
    assert first.startswith("# yaml-language-server: $schema=")
    assert (tmp_path / "commsgen-case.schema.json").exists()
    again = runner.invoke(cli, ["init", str(target)])
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert target.read_text(encoding="utf-8") == first


def test_schema_exports_readers(runner: CliRunner) -> None:
    """Every property in the JSON Schema carries the audiences that may read it."""
    import json

    result = runner.invoke(cli, ["schema"])
    schema = json.loads(result.output)
    person = schema["$defs"]["Person"]["properties"]
    assert person["name"]["$comment"] == "readers: dossier, police, student; personal data: name"
    assert person["notes"]["$comment"] == "readers: dossier, police; personal data: text"


def test_list_shows_audience_and_step(runner: CliRunner) -> None:
    """`list` shows each kind with its audience and protocol step."""
    result = runner.invoke(cli, ["list"])
    assert result.exit_code == 0
    assert "parent-letter" in result.output and "parents" in result.output
    assert "student:<id>" in result.output and "languages: nl" in result.output


def test_usage_errors_exit_2(runner: CliRunner) -> None:
    """Click's own usage errors keep exit code 2."""
    assert runner.invoke(cli, ["render"]).exit_code == 2


def test_a_fresh_skeleton_lists_what_is_still_to_fill_in(runner: CliRunner, tmp_path: Path) -> None:
    """init then check: each empty required field is named once, with its line, and nothing else."""
    target = tmp_path / "casus.yaml"
    runner.invoke(cli, ["init", str(target), "--lang", "nl"])
    result = runner.invoke(cli, ["check", str(target)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(line.endswith(": case.reference: must be filled in") for line in lines)
    assert all(line.startswith(f"commsgen: error: {target}:") for line in lines)
    assert not any("reference.reference" in line for line in lines)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "case: {reference: a\ncase: {reference: b}\n",
        CASE_YAML.replace("kind: sexting", "kind: !!python/object/apply:os.system ['true']"),
        "a: &x [1]\nb: *x\n",
        "[" * 50_000 + "]" * 50_000,
        CASE_YAML + "---\n" + CASE_YAML,
        CASE_YAML.replace("language: nl}", "language: xx-nonsense}", 1),
    ],
    ids=["empty", "broken-yaml", "python-tag", "alias", "deep-nesting", "two-documents", "bad-language"],
)
def test_bad_case_files_exit_1_with_one_line_each_and_no_files(
    runner: CliRunner, write_case, tmp_path: Path, text: str  # type: ignore[no-untyped-def]
) -> None:
    """Every bad input is exit 1, `commsgen: error:` lines with the file name, nothing written."""
    path = write_case(text)
    out = tmp_path / "out"
    result = runner.invoke(cli, ["pack", str(path), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr and all(
        line.startswith(f"commsgen: error: {path}") for line in result.stderr.splitlines()
    )
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_latin1_bytes_are_refused_with_their_line(runner: CliRunner, tmp_path: Path) -> None:
    """A file saved in Latin-1 names the line of the first bad byte."""
    path = tmp_path / "case.yaml"
    path.write_bytes(CASE_YAML.replace("Voorbeeldstad", "Zo\xeb").encode("latin-1"))
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 1 and f"{path}:9:" in result.stderr


def test_a_broken_custom_template_is_exit_1(runner: CliRunner, case_file: Path, tmp_path: Path) -> None:
    """A Jinja syntax error in a school's template is an input error naming the template."""
    folder = tmp_path / "tpl"
    make_template(folder, "parent-letter", body=["{{ school.name "])
    result = runner.invoke(cli, ["pack", str(case_file), "--templates", str(folder),
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "parent-letter.docx" in result.stderr and "a tag is not written correctly" in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_output_path_that_is_a_file_is_exit_1(runner: CliRunner, case_file: Path, tmp_path: Path) -> None:
    """--out pointing at an existing file is refused without touching it."""
    target = tmp_path / "out"
    target.write_text("keep", encoding="utf-8")
    result = runner.invoke(cli, ["pack", str(case_file), "--out", str(target)])
    assert result.exit_code == 1 and "is a file" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep"


def test_a_canary_case_is_never_echoed_by_any_command_or_error_path(
    runner: CliRunner, case_file: Path, write_case, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """Every command, on success and on each error path, names fields and lines, never values."""
    out = str(tmp_path / "out")
    leaky = tmp_path / "leaky"
    make_template(leaky, "parent-letter", body=["{{ people[1].name }}"])
    typed = tmp_path / "typed"
    make_template(typed, "parent-letter", body=["Over Tim Jansen en 06 1234 5678."], title="Sanne de Boer")
    broken = write_case(CASE_YAML.replace("Sanne de Boer", "Sanne de Boer\nname: dubbel")
                        .replace("discovered: 2026-11-18", "discovered: 2026-02-30"), "broken.yaml")
    summary = write_case(CASE_YAML.replace("een foto van seksuele aard", "een foto van Sanne de Boer"),
                         "summary.yaml")
    calls = [
        ["check", str(case_file)], ["check", str(broken)], ["check", str(summary)],
        ["list"], ["schema"],
        *(["render", str(case_file), "--doc", kind, "--out", out, "--force"]
          for kind in ("parent-letter", "teacher-briefing", "student-meeting", "police-handover")),
        ["pack", str(case_file), "--out", out, "--force"], ["pack", str(case_file), "--out", out],
        ["pack", str(broken), "--out", out], ["pack", str(summary), "--out", out],
        ["pack", str(case_file), "--templates", str(leaky), "--out", str(tmp_path / "o2")],
        ["pack", str(case_file), "--templates", str(typed), "--out", str(tmp_path / "o3")],
        ["render", str(case_file), "--doc", "student-meeting", "--person", "s9", "--out", out],
        ["render", str(case_file), "--doc", "parent-letter", "--lang", "xx", "--out", out],
        ["scan", f"{out}/2026-901_parent-letter_nl.docx", "--case", str(case_file), "--audience", "parents"],
        ["scan", f"{out}/2026-901_police-handover_nl.docx", "--case", str(case_file),
         "--audience", "parents"],
        ["scan", f"{out}/2026-901_student-meeting_s1_nl.docx", "--case", str(case_file),
         "--audience", "student:s2"],
        ["init", str(case_file)],
    ]
    transcript = []
    for args in calls:
        result = runner.invoke(cli, args)
        assert "Traceback" not in result.output + result.stderr, args
        transcript.append(result.output + result.stderr)
    joined = "\n".join(transcript)
    assert "commsgen: error:" in joined and "may not reach" in joined  # the error paths were reached
    for value in [*PRIVATE_VALUES, "Sanne", "Tim", "0612345678", "dubbel"]:
        assert not re.search(rf"\b{re.escape(value)}\b", joined), value


def test_scan_refuses_a_zip_bomb_and_a_non_zip(runner: CliRunner, case_file: Path, tmp_path: Path) -> None:
    """A package that unpacks to more than the limit, or is no zip at all, is exit 1."""
    import zipfile

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (210 * 1024 * 1024))
    text = tmp_path / "text.docx"
    text.write_text("just text", encoding="utf-8")
    for path in (bomb, text):
        result = runner.invoke(cli, ["scan", str(path), "--case", str(case_file), "--audience", "parents"])
        assert result.exit_code == 1, result.stderr
        assert result.stderr.startswith(f"commsgen: error: {path}")


def test_check_refuses_a_phone_number_in_the_summary(runner: CliRunner, write_case) -> None:  # type: ignore[no-untyped-def]
    """Generic personal data typed into public text is refused before any letter is made."""
    path = write_case(CASE_YAML.replace("gedeeld.\"", "gedeeld. Bel 06 99887766.\""))
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    assert "incident.summary: mentions a phone number" in result.stderr


@pytest.mark.parametrize("kind, exit_code", [("parent-letter", 3), ("police-handover", 0)])
def test_a_name_in_a_part_the_render_leaves_alone_is_judged_for_the_audience(
    runner: CliRunner, case_file: Path, tmp_path: Path, kind: str, exit_code: int
) -> None:
    """A pupil's name as a style name (untouched by rendering) blocks parents, not the police."""
    import zipfile

    folder = tmp_path / "tpl"
    path = make_template(folder, kind, body=["Beste lezer,"])
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(
        b'w:styleId="Title"><w:name w:val="Title"/>', b'w:styleId="Title"><w:name w:val="Sanne de Boer"/>')
    assert b"Sanne de Boer" in parts["word/styles.xml"]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    result = runner.invoke(cli, ["render", str(case_file), "--doc", kind, "--templates", str(folder),
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == exit_code, result.stderr
    if exit_code:
        assert "people[1] (s1).name in word/styles.xml" in result.stderr


def test_lint_passes_the_built_in_templates_and_refuses_a_leaky_one(
    runner: CliRunner, tmp_path: Path
) -> None:
    """`commsgen lint` is exit 0 for the shipped templates and exit 3 for one that reaches for pupils."""
    ok = runner.invoke(cli, ["lint"])
    assert ok.exit_code == 0 and ok.output.count(" ok ") == len(KINDS)
    folder = tmp_path / "tpl"
    make_template(folder, "teacher-briefing", body=["{{ people[0].name }}"], header="{{ school.name }}")
    refused = runner.invoke(cli, ["lint", "--templates", str(folder)])
    assert refused.exit_code == 3 and "teacher-briefing.docx" in refused.stderr and "staff" in refused.stderr
