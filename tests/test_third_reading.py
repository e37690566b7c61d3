"""The third reading of both examples (advisor review, December 2026): each point read in the rendered text.

Staff documents stay in the school's language, free text a letter leaves out is named, the protocol
waits for the police before a pupil under investigation is spoken to, job titles follow the person's
form of address, and each should-fix of the review holds in Dutch and in the language concerned.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from commsgen import i18n
from commsgen.casefile import load_case
from commsgen.cli import cli
from commsgen.generate import Options, UsageError, free_text_gaps, plan, produce, warn_free_text
from commsgen.kinds import KINDS, SCHOOL_LANGUAGE, BySchoolType, languages_of
from commsgen.status import follow_up_warning, report
from tests.doctext import EXAMPLE, document_text

SECONDARY = EXAMPLE.parent / "secondary-case.yaml"
TODAY = dt.date(2026, 11, 20)
# The kinds parents and pupils read; every other kind is written for staff, police, IT, schools, advisor.
CASE_LANGUAGE_KINDS = {"parent-letter", "deletion-call", "follow-up", "portal-message"}
UNKNOWN_CHILD = "Het gaat waarschijnlijk om beelden van seksueel misbruik van een kind dat wij niet kennen."
HELPWANTED_PHONE = "020-261 52 75"


def plain(text: str) -> str:
    """Text as read: the no-break characters `nobreak` puts in names and numbers read as plain ones."""
    for odd, usual in (("\u00a0", " "), ("\u2011", "-"), ("\u2009", " "), ("\u2060", ""), ("\u200b", ""),
                       ("\u2066", ""), ("\u2067", ""), ("\u2068", ""), ("\u2069", "")):
        text = text.replace(odd, usual)
    return text


@cache
def documents(case: Path, kinds: tuple[str, ...] = tuple(KINDS), langs: tuple[str, ...] | None = None,
              ) -> dict[str, str]:
    """File name -> plain text of every document a pack would make of `case` (gates not applied)."""
    loaded = load_case(case)
    options = Options(kinds, langs, whole_pack=True, today=TODAY)
    return {d.name: plain(document_text(d.data)) for d in produce(loaded, plan(loaded, options), options)
            if d.name.endswith(".docx")}


def one(case: Path, kind: str, lang: str = "nl", person: str | None = None) -> str:
    found = [text for name, text in documents(case).items()
             if f"_{kind}_{person + '_' if person else ''}{lang}.docx" in name]
    assert len(found) == 1, (kind, lang, person)
    return found[0]


def translated(lang: str, msgid: str) -> str:
    text = i18n.catalog(lang).gettext(msgid)
    assert lang == "nl" or text != msgid, (lang, msgid)
    return plain(text)


# ── 1 and 2: the languages of each kind ────────────────────────────────────────────────────────────


def test_every_kind_declares_whose_languages_it_is_written_in() -> None:
    """Parents' and pupils' documents in the case's languages, the class talk by school type, the rest
    Dutch."""
    declared = {name: kind.languages for name, kind in KINDS.items()}
    assert {name for name, value in declared.items() if value == "case"} == CASE_LANGUAGE_KINDS
    assert declared["class-talk"] == BySchoolType(primary="school", secondary="case")
    assert declared["invitation"] == "guardians"
    assert all(value in ("school", "case", "guardians") or isinstance(value, BySchoolType)
               for value in declared.values())


@pytest.mark.parametrize("case, expected", [(EXAMPLE, "school"), (SECONDARY, "case")])
def test_the_class_talk_is_the_teachers_script_at_primary_and_a_letter_at_secondary(
        case: Path, expected: str) -> None:
    """The class talk's languages follow school.type, in the registry."""
    assert languages_of(KINDS["class-talk"], load_case(case).case) == expected


@pytest.mark.parametrize("case", [EXAMPLE, SECONDARY])
def test_no_document_for_staff_is_made_in_a_parents_language(case: Path) -> None:
    """A pack makes every school-language kind in Dutch only, whatever the case's languages."""
    loaded = load_case(case)
    jobs = plan(loaded, Options(tuple(KINDS), whole_pack=True))
    for job in jobs:
        if languages_of(job.kind, loaded.case) == "school":
            assert job.lang == SCHOOL_LANGUAGE, job.filename("x")
    assert {job.lang for job in jobs if job.kind.name == "parent-letter"} == set(
        loaded.case.communication.languages or [])


def test_the_primary_class_talk_exists_only_in_dutch() -> None:
    """The primary example's pack holds one class talk, the Dutch teacher's script (blocker B1)."""
    assert [name for name in documents(EXAMPLE) if "_class-talk_" in name] == ["2026-014_class-talk_nl.docx"]


def test_asking_for_a_staff_document_in_a_parents_language_is_refused() -> None:
    """`render --lang pl --doc teacher-briefing` is a usage error naming the kind, not a Polish briefing."""
    loaded = load_case(SECONDARY)
    with pytest.raises(UsageError, match="teacher-briefing"):
        plan(loaded, Options(("teacher-briefing",), ("pl",)))
    assert [job.lang for job in plan(loaded, Options(("teacher-briefing",), ("nl",)))] == ["nl"]


# ── 1: the teacher's script names nobody and says what is for the children ────────────────────────


def test_the_teachers_script_says_only_quoted_sentences_are_for_the_children() -> None:
    """The box says what the children may hear, and nothing says who is on the images."""
    text = one(EXAMPLE, "class-talk")
    assert ("Alleen de zinnen tussen aanhalingstekens zijn voor de kinderen. De rest is alleen voor jou: "
            "geef deze leidraad niet mee en stuur hem niet door.") in text
    assert "Alles in deze leidraad mogen de kinderen horen" not in text
    assert "leerling op de beelden" not in text


def test_the_under_12_line_of_the_script_is_marked_for_the_teacher() -> None:
    """A teacher reading aloud to 12-year-olds sees that the age line is not for the class."""
    text = one(EXAMPLE, "class-talk")
    line = next(ln for ln in text.splitlines() if "onder de 12 jaar" in ln)
    assert line.startswith("Alleen voor jou:")
    assert "vanaf 12 jaar kan de politie wel een strafzaak beginnen" in line


# ── 3: no silent omission ──────────────────────────────────────────────────────────────────────────


def without_polish_summary(tmp_path: Path) -> Path:
    text = SECONDARY.read_text(encoding="utf-8")
    text = re.sub(r"\n    pl: \"Materiały krążyły[^\n]*", "", text)
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_examples_hold_every_free_text_in_every_language() -> None:
    """Both examples show the mapping form: no letter of theirs leaves a paragraph out."""
    for case in (EXAMPLE, SECONDARY):
        assert warn_free_text(load_case(case)) == []


def test_check_warns_per_field_and_language_without_the_text(tmp_path: Path, runner: CliRunner) -> None:
    """`check` exits 0 and names incident.summary and 'pl', never the Dutch summary itself."""
    case = without_polish_summary(tmp_path)
    result = runner.invoke(cli, ["check", str(case)])
    assert result.exit_code == 0, result.output
    warnings = [ln for ln in result.output.splitlines() if "warning" in ln]
    assert len(warnings) == 1
    assert "incident.summary" in warnings[0] and "'pl'" in warnings[0]
    assert "link" not in result.output


def test_check_warns_in_dutch_too(tmp_path: Path, runner: CliRunner) -> None:
    """The warning is a message of the ui catalog."""
    result = runner.invoke(cli, ["--taal", "nl", "check", str(without_polish_summary(tmp_path))])
    assert "waarschuwing: incident.summary heeft geen tekst in de taal 'pl'" in result.output


def test_pack_names_the_missing_text_next_to_the_file(tmp_path: Path, runner: CliRunner) -> None:
    """The note follows the Polish parent letter's line, and no other file's."""
    case = without_polish_summary(tmp_path)
    result = runner.invoke(cli, ["pack", str(case), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    notes = [i for i, ln in enumerate(lines) if "has no text in language" in ln]
    assert len(notes) == 1
    assert lines[notes[0] - 1].endswith("_parent-letter_pl.docx")
    assert "incident.summary" in lines[notes[0]]


def test_free_text_gaps_are_per_document_and_field(tmp_path: Path) -> None:
    """Only the documents that print the field, in the language without it, are named."""
    loaded = load_case(without_polish_summary(tmp_path))
    gaps = free_text_gaps(loaded, plan(loaded, Options(tuple(KINDS), whole_pack=True)))
    assert gaps == {"2026-027_parent-letter_pl.docx": ["incident.summary"]}


@pytest.mark.parametrize("lang", ["nl", "pl", "ar", "tr"])
def test_the_unknown_child_is_fixed_wording_in_every_language(lang: str) -> None:
    """The secondary parent letter says the images show a child nobody knows, in each case language."""
    assert translated(lang, UNKNOWN_CHILD) in one(SECONDARY, "parent-letter", lang)


def test_every_catalog_translates_the_unknown_child_sentence() -> None:
    """Not only the example's languages: every catalog holds the sentence."""
    for lang in i18n.available_languages():
        translated(lang, UNKNOWN_CHILD)


# ── 4: gates ──────────────────────────────────────────────────────────────────────────────────────


def test_the_guide_for_a_pupil_under_investigation_waits_for_the_police(tmp_path: Path,
                                                                        runner: CliRunner) -> None:
    """Zeden involved: the guide for the pupil who shared is refused with exit 4 until agreed_talks."""
    result = runner.invoke(cli, ["render", str(SECONDARY), "--doc", "student-meeting", "--person", "s1",
                                 "--out", str(tmp_path / "a")])
    assert result.exit_code == 4
    assert "police.agreed_talks" in result.output


def test_the_guides_of_the_other_pupils_are_made(tmp_path: Path, runner: CliRunner) -> None:
    """A pack leaves out s1's guide only, and says so by id."""
    result = runner.invoke(cli, ["pack", str(SECONDARY), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in (tmp_path / "out").glob("*student-meeting*"))
    assert made == [f"2026-027_student-meeting_s{i}_nl.docx" for i in (2, 3, 4, 5)]
    assert "student-meeting (s1): left out" in result.output


def test_override_makes_the_guide_and_records_it(tmp_path: Path, runner: CliRunner) -> None:
    """`--override` makes the guide, with the requirement recorded in the manifest."""
    out = tmp_path / "out"
    result = runner.invoke(cli, ["render", str(SECONDARY), "--doc", "student-meeting", "--person", "s1",
                                 "--out", str(out), "--override",
                                 "De politie heeft het telefonisch goedgekeurd."])
    assert result.exit_code == 0, result.output
    record = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["protocol_override"]
    assert record["documents"] == ["student-meeting"]
    assert record["waiting_for"] == ["step 6: police-agreed-talks"]


def test_once_the_police_agreed_the_guide_is_made_with_its_line(tmp_path: Path, runner: CliRunner) -> None:
    """With agreed_talks the guide is made; it still tells the reader to wait for the police's word."""
    agreed = "  zeden: true\n  agreed_talks: 2026-11-26\n"
    text = SECONDARY.read_text(encoding="utf-8").replace("  zeden: true\n", agreed)
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["render", str(case), "--doc", "student-meeting", "--person", "s1",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    guide = plain(document_text((out / "2026-027_student-meeting_s1_nl.docx").read_bytes()))
    assert "Voer dit gesprek pas als de politie (Zeden) heeft gezegd dat en hoe het kan." in guide


def test_a_follow_up_dated_while_step_5_is_open_is_named() -> None:
    """status says it on the secondary example (no step 5 done), not on the primary one."""
    assert follow_up_warning(load_case(SECONDARY).case) is not None
    assert any("2026-12-14" in line and "step 5" in line for line in report(load_case(SECONDARY).case))
    assert follow_up_warning(load_case(EXAMPLE).case) is None


def test_pack_names_the_early_follow_up(tmp_path: Path, runner: CliRunner) -> None:
    """pack says it too, on stderr with the other protocol notes."""
    result = runner.invoke(cli, ["pack", str(SECONDARY), "--out", str(tmp_path / "out")])
    assert "follow-up letter is dated 2026-12-14 while step 5" in result.output


# ── 5: form of address ────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("case, lang, title", [
    (SECONDARY, "pl", "Hanneke Verhoeven, koordynatorka wsparcia uczniów (zorgcoördinator)"),
    (EXAMPLE, "de", "Jeroen Smeets, Schulleiter (directeur)"),
    (EXAMPLE, "de", "Marieke Jansen, Förderkoordinatorin der Schule (intern begeleider)"),
    (EXAMPLE, "uk", "Marieke Jansen, координаторка з підтримки учнів (intern begeleider)"),
    (EXAMPLE, "ar", "مسؤولة رعاية التلاميذ"),
])
def test_a_job_title_follows_the_persons_form_of_address(case: Path, lang: str, title: str) -> None:
    """The parent letter's signature and contact name the role in the person's grammatical gender."""
    assert title in one(case, "parent-letter", lang)


def signature(tmp_path: Path, form: str) -> str:
    """The German letter of the primary example with the signatory's form replaced (empty: none)."""
    replacement = f"    form: {form}\n" if form else ""
    text = EXAMPLE.read_text(encoding="utf-8").replace("    form: meneer\n", replacement, 1)
    case = tmp_path / f"case-{form or 'none'}.yaml"
    case.write_text(text, encoding="utf-8")
    loaded = load_case(case)
    options = Options(("parent-letter",), ("de",), today=TODAY)
    [document] = produce(loaded, plan(loaded, options), options)
    lines = plain(document_text(document.data)).splitlines()
    return next(ln for ln in lines if ln.startswith("Jeroen Smeets"))


def test_without_a_form_the_title_is_the_neutral_one(tmp_path: Path) -> None:
    """No `form` (or `neutraal`): the catalog's plain entry; `mevrouw` its own form."""
    neutral = "Jeroen Smeets, " + i18n.catalog("de").gettext("directeur")
    assert signature(tmp_path, "") == neutral
    assert signature(tmp_path, "neutraal") == neutral
    assert signature(tmp_path, "mevrouw") == "Jeroen Smeets, Schulleiterin (directeur)"


def test_dutch_is_unchanged_by_the_form() -> None:
    """Dutch prints the role as the school typed it."""
    assert "Jeroen Smeets, directeur" in one(EXAMPLE, "parent-letter")


# ── 6: the should-fix points, in Dutch and the language concerned ──────────────────────────────────


TWELVE = "Vanaf 12 jaar kan de politie wel een strafzaak beginnen. Wat er gebeurt, beslist de politie."


@pytest.mark.parametrize("lang", ["nl", "pl", "de"])
def test_the_primary_letter_says_the_police_can_act_from_12(lang: str) -> None:
    """Parents of a 12-year-old in groep 8 do not read 'not our child'."""
    msgid = ("Kinderen onder de 12 jaar worden niet strafrechtelijk vervolgd. " + TWELVE + " De school en de "
             "politie nemen het altijd serieus en bespreken met het kind en de ouders wat nodig is.")
    assert translated(lang, msgid) in one(EXAMPLE, "parent-letter", lang)


@pytest.mark.parametrize("case, lang", [(SECONDARY, "nl"), (SECONDARY, "tr"), (EXAMPLE, "uk")])
def test_the_kindertelefoon_is_for_ages_8_to_18(case: Path, lang: str) -> None:
    """Parent letters name the helpline's ages."""
    msgid = "Voor kinderen en jongeren van 8 tot 18 jaar: gratis en anoniem praten."
    assert translated(lang, msgid) in one(case, "parent-letter", lang)


def test_every_document_that_names_helpwanted_gives_its_number() -> None:
    """Wherever Helpwanted is named, in every language of both packs, its phone number is printed."""
    for case in (EXAMPLE, SECONDARY):
        for name, text in documents(case).items():
            if "Helpwanted" in text:
                assert HELPWANTED_PHONE in text, name


def test_the_teacher_briefing_plans_every_dated_communication() -> None:
    """The class talk or mentor lesson, the pupils' letter and the follow-up letter are in the plan."""
    primary = one(EXAMPLE, "teacher-briefing")
    assert "Gesprek in de groep\n23 november 2026\n8.45 uur" in primary
    assert "Vervolgbrief aan ouders\n10 december 2026" in primary
    secondary = one(SECONDARY, "teacher-briefing")
    assert "Mentorles\n26 november 2026\n10.15 uur" in secondary
    assert "Brief aan leerlingen\n25 november 2026" in secondary
    assert "Vervolgbrief aan ouders\n14 december 2026" in secondary


def test_the_briefing_gives_distribution_advice_not_sexting_advice() -> None:
    """No 'not so smart to share such a photo' about an abused child nobody knows."""
    secondary = one(SECONDARY, "teacher-briefing")
    advice = "Zeg niets over wat er op de beelden zou staan en maak geen opmerkingen over het kind."
    assert advice in secondary
    assert "indirecte schuld" not in secondary
    assert "indirecte schuld" in one(EXAMPLE, "teacher-briefing")


def test_the_secondary_briefing_says_what_the_pupils_already_read() -> None:
    """Dit zeg je wel: the unknown child and the law, as in the pupils' letter."""
    said = ("Het gaat om beelden van een kind dat je niet kent: waarschijnlijk beelden van seksueel "
            "misbruik. Zulke beelden opzoeken, opslaan of doorsturen is altijd strafbaar.")
    assert said in one(SECONDARY, "teacher-briefing")


def test_the_briefing_never_threatens() -> None:
    """Dreig nooit met politie of straf, and no more 'dreig dus niet met de politie' under 12."""
    for case in (EXAMPLE, SECONDARY):
        text = one(case, "teacher-briefing")
        assert "Dreig nooit met politie of straf." in text
        assert "dreig dus niet met de politie" not in text


def test_the_guide_for_a_pupil_of_12_says_the_police_can_prosecute() -> None:
    """Primary s2 (12, shared) reads the 12-or-older line; s3 (11, received) does not."""
    line = "De leerling is 12 of ouder: de politie kan een strafzaak beginnen. Beloof niets over de afloop"
    assert line in one(EXAMPLE, "student-meeting", person="s2")
    assert line not in one(EXAMPLE, "student-meeting", person="s3")


def test_a_date_of_birth_counts_as_an_age(tmp_path: Path) -> None:
    """A pupil who shared with only a date of birth, 12 on the document's date, gets the line too."""
    text = EXAMPLE.read_text(encoding="utf-8").replace("    age: 12\n", "    birth_date: 2014-11-20\n", 1)
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    loaded = load_case(case)
    options = Options(("student-meeting",), person="s2", today=TODAY)
    [document] = produce(loaded, plan(loaded, options), options)
    assert "De leerling is 12 of ouder" in plain(document_text(document.data))


def test_the_school_notice_does_not_ask_what_the_school_knows() -> None:
    """The secondary case names a website: the notice says it is known instead of asking."""
    text = one(SECONDARY, "school-notice")
    assert "Staan de beelden openbaar op internet?" not in text
    assert "De beelden staan ook op een openbare website." in text


def test_the_police_handover_ends_with_who_prepared_it_and_when() -> None:
    """Opgesteld door ... op <date>, as the last line of text."""
    body = one(SECONDARY, "police-handover").split("--- word/document.xml\n", 1)[1].split("\n--- ", 1)[0]
    last = [ln for ln in body.splitlines() if ln.strip()][-1]
    assert last == "Opgesteld door Hanneke Verhoeven, zorgcoördinator, op 25 november 2026."


def test_the_age_paragraph_of_the_veilig_thuis_record_has_a_heading() -> None:
    """The art. 486 paragraph follows its own heading."""
    lines = [ln for ln in one(EXAMPLE, "veilig-thuis-record").splitlines() if ln.strip()]
    at = next(i for i, ln in enumerate(lines) if "artikel 486" in ln)
    assert lines[at - 1] == "Leeftijd en strafrecht"
