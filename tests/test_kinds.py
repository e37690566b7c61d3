"""The documents of the whole protocol: each new kind sees only what its readers may, and says it right.

A case with every section filled in (fictional people, reserved domains) is written inline; each
test states one behaviour: what a kind's readers may and may not see, that a private value typed
into any free text its readers read is blocked or refused, that a kind whose needs the case does
not meet is skipped (pack) or refused (render) naming the field, and the wording rules of the kinds.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from commsgen.audiences import Audience, project
from commsgen.casefile import load_case
from commsgen.cli import cli
from commsgen.errors import CommsgenError
from commsgen.freetext import check_free_text
from commsgen.generate import Options, plan, produce
from commsgen.kinds import KINDS
from commsgen.sensitivity import field_table
from commsgen.templates import check_template, load_template
from tests.conftest import docx_text, make_template
from tests.test_wording import violations

NEW_KINDS = ["filter-request", "victim-checklist", "school-notice", "deletion-call", "deletion-call-staff",
             "class-talk", "follow-up", "follow-up-plan", "veilig-thuis-record"]

# Every section the new kinds read, filled in. Fictional people only; web addresses on .invalid.
FULL_CASE = """\
case:
  reference: "2026-902"
  opened: 2026-11-19
  coordinator: {name: "Marieke Jansen", role: "intern begeleider", phone: "046 123 4567",
                email: "m.jansen@linde.example.org"}
school:
  name: "Basisschool De Linde"
  type: primary
  board: "Stichting Voorbeeld"
  city: "Voorbeeldstad"
  parent_contact: {name: "Marieke Jansen", role: "intern begeleider", phone: "046 123 4567",
                   email: "m.jansen@linde.example.org"}
  signatory: {name: "Jeroen Smeets", role: "directeur"}
  protocol: {title: "Protocol sexting", version: "2024"}
  support_team: {name: "Ellen Hendriks", role: "adviseur veiligheid", phone: "046 123 4800"}
  meldcode_contact: {name: "Marieke Jansen", role: "aandachtsfunctionaris"}
  it_service_desk: {name: "Servicedesk ICT", email: "servicedesk@ict.example.org"}
incident:
  kind: sexting
  discovered: 2026-11-18
  summary: "Er is onder leerlingen van groep 8 een foto van seksuele aard gedeeld."
  pupil_depicted: true
  channels: [whatsapp, website]
  other_schools: "yes"
  other_school_names: ["Basisschool Het Veld"]
  staff_received: "yes"
  parents_received: "no"
  source_url: "https://leak.example.invalid/abc"
  affected_groups: ["groep 8"]
people:
  - id: s1
    name: "Sanne de Boer"
    role: depicted
    group: "groep 8"
    age: 11
    birth_date: 2015-03-02
    guardians:
      - {name: "Petra de Boer", relation: moeder, phone: "06 1234 5678",
         email: "petra.deboer@example.org", language: nl}
    notes: "Meldde zich zelf op maandagochtend bij de juf van groep acht."
    invitation: {date: 2026-11-23, time: "15:30", location: "kamer van de intern begeleider",
                 present: ["intern begeleider"]}
  - id: s2
    name: "Tim Jansen"
    role: shared
    group: "groep 8"
    age: 12
    guardians:
      - {name: "Karel Jansen", relation: vader, phone: "+31 6 8765 4321", language: nl}
police:
  contact: {name: "Ahmed El Amrani", role: "wijkagent", phone: "046 123 4590",
            email: "wijkagent@example.org"}
  contacted: 2026-11-19
  report_reference: "PL2400-2026112345"
  agreed_plan: "De school voert de gesprekken pas na het politiegesprek van donderdag."
  agreed_deletion: 2026-11-20
  agreed_filter: 2026-11-20
  agreed_school_notice: 2026-11-21
actions:
  - {step: 2, date: 2026-11-18, done: true}
  - {step: 3, date: 2026-11-19, done: true, note: "Wijkagent gebeld over de zaak.",
     staff_note: "De politie is ingeschakeld."}
meldcode:
  date: 2026-11-21
  consulted_by: "aandachtsfunctionaris"
  anonymous: true
  advice: "Geen signalen van onveiligheid thuis; nazorg op school volstaat."
  decision: no_report
  reasons: "Geen acute of structurele onveiligheid vastgesteld."
follow_up:
  update_letter: 2026-12-10
  evaluation: 2027-01-14
  closing: 2027-03-01
  retention_years: 2
  message: "Het is weer rustig in de groep."
communication:
  languages: [nl]
  letter_date: 2026-11-20
  parent_meeting: {date: 2026-11-26, time: "19:30", location: "de aula"}
  class_talk: {date: 2026-11-23, time: "08:45", location: "het eigen lokaal"}
  portal: "Parro"
  board_request: "Wij vragen het bestuur om steun bij vragen van de pers."
"""

OTHER_PUPIL = "Tim Jansen"  # s2: private for every new kind's readers (victim-checklist is s1's)
GUARDIAN_PHONE = "06 1234 5678"  # s1's mother: private for everyone but s1's conversation and the police
SOURCE = "leak.example.invalid"


@pytest.fixture
def full_case(write_case: Callable[..., Path]) -> Path:
    """The case with every section filled in."""
    return write_case(FULL_CASE)


def rendered_text(case_path: Path, kind: str) -> str:
    """The text of every document of one kind, rendered in memory (nothing is written)."""
    loaded = load_case(case_path)
    check_free_text(loaded)
    options = Options((kind,), today=None)
    documents = produce(loaded, plan(loaded, options), options)
    return "\n".join(docx_text(d.data) for d in documents)


def body_text(data: bytes) -> str:
    """The visible text of a document's body, paragraph by paragraph."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return "\n".join("".join(t.text or "" for t in p.iter(f"{w}t")) for p in root.iter(f"{w}p"))


def kind_text(case_path: Path, kind: str) -> str:
    loaded = load_case(case_path)
    options = Options((kind,))
    return "\n".join(body_text(d.data) for d in produce(loaded, plan(loaded, options), options))


# --- projection: what each kind's readers may and may not see --------------------------------------


def context_of(case_path: Path, kind: str) -> dict[str, Any]:
    audience = Audience(KINDS[kind].audience, "s1" if KINDS[kind].per_person else None)
    return project(load_case(case_path).case, audience, "nl")


def test_the_filter_request_sees_the_web_address_but_no_pupil_and_no_incident(full_case: Path) -> None:
    """The IT desk reads the school, the case number, the web address and the police's date; nothing else."""
    context = context_of(full_case, "filter-request")
    assert context["incident"] == {"source_url": "https://leak.example.invalid/abc"}
    assert context["case"] == {"reference": "2026-902", "coordinator": context["case"]["coordinator"]}
    assert set(context["police"]) == {"agreed_filter"}
    assert not {"people", "actions", "meldcode"} & set(context) and context["follow_up"] == {}
    assert not {"support_team", "meldcode_contact"} & set(context["school"])


def test_the_victim_checklist_sees_only_its_own_pupil_without_police_notes(full_case: Path) -> None:
    """One depicted pupil with guardians and age; no other pupil, no notes, no web address, no plan."""
    context = context_of(full_case, "victim-checklist")
    assert [p["name"] for p in context["people"]] == ["Sanne de Boer"]
    assert context["people"][0]["age"] == 11 and "notes" not in context["people"][0]
    assert "source_url" not in context["incident"]
    assert "agreed_plan" not in context["police"] and "report_reference" not in context["police"]
    assert "advice" not in context["meldcode"] and "reasons" not in context["meldcode"]


def test_the_school_notice_sees_process_level_and_one_contact_only(full_case: Path) -> None:
    """Other schools' directors: no pupil, no coordinator, no school names, no web address, no staff facts."""
    context = context_of(full_case, "school-notice")
    assert not {"people", "case", "actions", "meldcode"} & set(context)
    incident = context["incident"]
    staff_facts = {"source_url", "other_school_names", "other_schools", "staff_received"}
    assert not staff_facts & set(incident)
    assert context["school"]["parent_contact"]["name"] == "Marieke Jansen"
    assert "agreed_school_notice" in context["police"] and "contact" not in context["police"]


@pytest.mark.parametrize("kind", ["deletion-call", "class-talk"])
def test_the_pupils_documents_see_no_pupil_no_summary_and_no_staff_facts(full_case: Path, kind: str) -> None:
    """Pupils of the groups read the process, the police's agreement and the class talk; no free text."""
    context = context_of(full_case, kind)
    assert not {"people", "case", "actions", "meldcode"} & set(context) and context["follow_up"] == {}
    assert "summary" not in context["incident"]
    assert set(context["police"]) == {"contacted", "agreed_deletion"}
    assert context["communication"]["class_talk"]["location"] == "het eigen lokaal"
    assert "parent_meeting" not in context["communication"]


@pytest.mark.parametrize("kind", ["deletion-call-staff", "follow-up-plan"])
def test_the_staff_documents_see_staff_facts_but_no_pupil(full_case: Path, kind: str) -> None:
    """Staff read who received material, the follow-up dates and the Meldcode outcome; never a pupil."""
    context = context_of(full_case, kind)
    assert "people" not in context and "source_url" not in context["incident"]
    assert context["incident"]["staff_received"] == "yes"
    assert all(set(a) == {"step", "date", "done", "staff_note"} for a in context["actions"])
    assert context["follow_up"]["retention_years"] == 2
    assert context["meldcode"]["decision"] == "no_report"
    assert "advice" not in context["meldcode"] and "reasons" not in context["meldcode"]


def test_the_update_letter_sees_what_parents_see(full_case: Path) -> None:
    """The parents' update: the letter's date and its text, not the staff's evaluation or retention."""
    context = context_of(full_case, "follow-up")
    assert context["follow_up"] == {"update_letter": context["follow_up"]["update_letter"],
                                    "message": "Het is weer rustig in de groep."}
    assert not {"people", "case", "actions", "meldcode"} & set(context)


def test_the_veilig_thuis_record_sees_roles_and_ages_but_no_names(full_case: Path) -> None:
    """An anonymous consultation: each pupil as role and age only; the advice; no coordinator, no contacts."""
    context = context_of(full_case, "veilig-thuis-record")
    assert context["people"] == [{"role": "depicted", "age": 11}, {"role": "shared", "age": 12}]
    assert context["meldcode"]["advice"].startswith("Geen signalen")
    assert "coordinator" not in context["case"] and "meldcode_contact" not in context["school"]
    assert "summary" not in context["incident"] and "source_url" not in context["incident"]


@pytest.mark.parametrize("kind", NEW_KINDS)
def test_every_new_template_uses_only_fields_its_readers_may_see(kind: str) -> None:
    """The lint passes each built-in template for its own audience."""
    template = load_template(kind)
    check_template(template, Audience(KINDS[kind].audience, "s1" if KINDS[kind].per_person else None))
    assert template.uses, f"{kind} reads no case field at all"


@pytest.mark.parametrize(
    "kind, field",
    [("filter-request", "people[0].name"), ("filter-request", "incident.kind"),
     ("veilig-thuis-record", "people[0].name"), ("veilig-thuis-record", "case.coordinator.name"),
     ("school-notice", "incident.other_school_names"), ("deletion-call", "incident.summary"),
     ("deletion-call-staff", "incident.source_url"), ("follow-up", "follow_up.evaluation")],
)
def test_a_school_template_for_a_new_kind_that_reaches_too_far_is_refused(
    runner: CliRunner, tmp_path: Path, kind: str, field: str
) -> None:
    """`lint` refuses with exit 3 a template that names a field its readers may not see, naming it."""
    folder = tmp_path / "tpl"
    make_template(folder, kind, body=["{{ " + field + " }}"])
    result = runner.invoke(cli, ["lint", "--templates", str(folder)])
    assert result.exit_code == 3
    assert f"{kind}.docx" in result.stderr and field.replace("[0]", "") in result.stderr


# --- leaks: a private value typed into any free text the readers read ---------------------------------


def free_text_fields(kind: str) -> list[str]:
    """The declared free-text fields (`pii: text`) this kind's readers may read."""
    group = KINDS[kind].audience
    return [path for path, spec in field_table().items() if spec.pii == "text" and group in spec.readers]


# Where a value lands in FULL_CASE when planted into each free-text field.
PLANT = {
    "incident.summary": 'summary: "Er is onder leerlingen van groep 8 een foto van seksuele aard gedeeld."',
    "follow_up.message": 'message: "Het is weer rustig in de groep."',
    "actions[].staff_note": 'staff_note: "De politie is ingeschakeld."',
    "meldcode.advice": 'advice: "Geen signalen van onveiligheid thuis; nazorg op school volstaat."',
    "meldcode.reasons": 'reasons: "Geen acute of structurele onveiligheid vastgesteld."',
    "actions[].note": 'note: "Wijkagent gebeld over de zaak."',
    "people[].notes": 'notes: "Meldde zich zelf op maandagochtend bij de juf van groep acht."',
    "police.agreed_plan":
        'agreed_plan: "De school voert de gesprekken pas na het politiegesprek van donderdag."',
}


def planted(field: str, value: str) -> str:
    """FULL_CASE with `value` written inside the free text of `field`."""
    line = PLANT[field]
    key, _, text = line.partition(": ")
    return FULL_CASE.replace(line, f'{key}: "Gesprek gevoerd met {value}. {text[1:]}', 1)


def private_values(kind: str) -> list[tuple[str, str]]:
    """The private values to plant: another pupil's name, a guardian's phone, the web address."""
    values = [("a pupil's name", OTHER_PUPIL), ("a guardian's phone", GUARDIAN_PHONE)]
    if KINDS[kind].audience not in field_table()["incident.source_url"].readers:
        values.append(("the source web address", SOURCE + "/abc"))
    return values


# Free text its readers may read, but which the guard does not read yet for these readers: a visible
# free-text value is masked whole before the scan, and `check` reads only the parents' free text.
LEAK_CASES = [
    pytest.param(kind, field, value, id=f"{kind}-{field}-{what}")
    for kind in NEW_KINDS for field in free_text_fields(kind) for what, value in private_values(kind)
]


def test_every_new_kind_has_free_text_to_plant_into_or_prints_none() -> None:
    """The leak cases cover every free-text field of every new kind (the IT desk and pupils read none)."""
    assert {kind for kind in NEW_KINDS if not free_text_fields(kind)} == {
        "filter-request", "deletion-call", "class-talk"}
    assert {field for kind in NEW_KINDS for field in free_text_fields(kind)} <= set(PLANT)


@pytest.mark.parametrize("kind, field, value", LEAK_CASES)
def test_a_private_value_in_free_text_is_blocked_or_refused(
    write_case: Callable[..., Path], kind: str, field: str, value: str
) -> None:
    """The value is refused by check (exit 1) or blocks the document (exit 3); the message never shows it."""
    case_path = write_case(planted(field, value))
    with pytest.raises(CommsgenError) as caught:
        rendered_text(case_path, kind)
    assert caught.value.exit_code in (1, 3)
    assert value not in " ".join(caught.value.lines) and "Tim" not in " ".join(caught.value.lines)


@pytest.mark.parametrize("kind",
                         ["filter-request", "school-notice", "deletion-call", "class-talk", "follow-up"])
def test_a_pupil_name_in_a_printed_typed_field_blocks_the_document(
    write_case: Callable[..., Path], kind: str
) -> None:
    """Typed fields a template prints (the IT desk's name, a contact's role, the class talk's place):
    refused by check (exit 1) or blocked by the scan (exit 3)."""
    text = FULL_CASE.replace('it_service_desk: {name: "Servicedesk ICT"',
                             f'it_service_desk: {{name: "{OTHER_PUPIL}"')
    text = text.replace('role: "intern begeleider", phone: "046 123 4567",\n                   email',
                        f'role: "mentor van {OTHER_PUPIL}", phone: "046 123 4567",\n                   email')
    text = text.replace('location: "het eigen lokaal"', f'location: "het lokaal van {OTHER_PUPIL}"')
    assert text.count(OTHER_PUPIL) == 4
    with pytest.raises(CommsgenError) as caught:
        path = write_case(text)
        check_free_text(load_case(path))
        rendered_text(path, kind)
    assert caught.value.exit_code in (1, 3)


@pytest.mark.parametrize("kind", NEW_KINDS)
def test_no_new_document_holds_a_value_its_readers_may_not_see(full_case: Path, kind: str) -> None:
    """Rendered from the full case, no document carries another pupil, a guardian or the web address."""
    text = rendered_text(full_case, kind)
    assert OTHER_PUPIL not in text and "Karel" not in text and "8765 4321" not in text
    assert "PL2400-2026112345" not in text and "politiegesprek van donderdag" not in text
    assert "maandagochtend" not in text and "2015-03-02" not in text and "maart 2015" not in text
    if KINDS[kind].audience != "student":
        assert "Sanne" not in text and "Petra" not in text and GUARDIAN_PHONE not in text
    if kind != "filter-request":
        assert SOURCE not in text and "leak[.]example" not in text


# --- needs: a kind the case does not call for ---------------------------------------------------------


def test_render_of_a_filter_request_without_web_address_names_the_field_and_writes_nothing(
    runner: CliRunner, write_case: Callable[..., Path], tmp_path: Path
) -> None:
    """exit 1, the message names incident.source_url (never a value), the output folder stays empty."""
    case_path = write_case(FULL_CASE.replace('  source_url: "https://leak.example.invalid/abc"\n', ""))
    out = tmp_path / "out"
    result = runner.invoke(cli, ["render", str(case_path), "--doc", "filter-request", "--out", str(out)])
    assert result.exit_code == 1
    assert "incident.source_url" in result.stderr and "Sanne" not in result.stderr
    assert not out.exists() or list(out.iterdir()) == []


@pytest.mark.parametrize(
    "edit, kind, field",
    [
        (('  source_url: "https://leak.example.invalid/abc"\n', ""), "filter-request", "incident.source_url"),
        (("role: depicted", "role: saw"), "victim-checklist", "people[].role"),
        (('other_schools: "yes"', 'other_schools: "unknown"'), "school-notice", "incident.other_schools"),
        (("  update_letter: 2026-12-10\n", ""), "follow-up", "follow_up.update_letter"),
        (("meldcode:\n  date: 2026-11-21\n", "unused:\n  date: 2026-11-21\n"), "veilig-thuis-record",
         "meldcode"),
    ],
    ids=["no-web-address", "no-depicted-pupil", "no-other-schools", "no-update-date", "no-consultation"],
)
def test_pack_skips_a_kind_the_case_does_not_call_for_and_says_which_field(
    runner: CliRunner, write_case: Callable[..., Path], tmp_path: Path,
    edit: tuple[str, str], kind: str, field: str,
) -> None:
    """The pack makes everything else, and says which kind it left out and which field keeps it out."""
    text = FULL_CASE.replace(*edit)
    if kind == "veilig-thuis-record":  # drop the whole section
        text = re.sub(r"unused:\n(  .*\n)+", "", text)
    if kind == "victim-checklist":  # no pupil on the images: check refuses `pupil_depicted: true` then
        text = text.replace("pupil_depicted: true", "pupil_depicted: false")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["pack", str(write_case(text)), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert f"skipped {kind}: " in result.stderr and field in result.stderr
    # The portal message is text and HTML only (no .docx); its follow-up post is `portal-message-update`.
    made = {name.split("_")[1].removesuffix("-update") for name in (p.name for p in out.iterdir())
            if name != "manifest.json"}
    # The mentor lesson is for secondary schools; this case is a primary school's.
    assert kind not in made and made == set(KINDS) - {kind, "mentor-lesson"}


# --- wording -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", NEW_KINDS)
def test_no_new_kind_asks_anyone_to_handle_the_images(kind: str) -> None:
    """Every Dutch sentence that mentions the images with looking, checking or sending is negated."""
    msgids = load_template(kind).msgids
    assert [s for m in msgids for s in violations(m, "nl")] == []


@pytest.mark.parametrize("kind", [k for k in NEW_KINDS if KINDS[k].audience in ("parents", "pupils", "staff",
                                                                                   "schools")])
def test_wide_audience_documents_never_call_a_pupil_a_perpetrator(kind: str) -> None:
    """Parents, pupils, staff and other schools read about behaviour, never about a ‘dader’ or ‘schuldige’."""
    wording = " ".join(load_template(kind).msgids).casefold()
    assert not re.search(r"\b(dader|daders|schuldige|verdachte)\b", wording)


def test_the_web_address_in_the_filter_request_cannot_be_opened_by_a_click(full_case: Path) -> None:
    """Written as hxxps://leak[.]example[.]invalid/abc, with a line not to open it, and no hyperlink."""
    loaded = load_case(full_case)
    options = Options(("filter-request",))
    data = produce(loaded, plan(loaded, options), options)[0].data
    text = body_text(data)
    assert "hxxps://leak[.]example[.]invalid/abc" in text and SOURCE not in text
    assert "Open het webadres niet" in text
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rels = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".rels"))
    assert "hyperlink" not in rels and "invalid" not in rels


def test_the_filter_request_waits_for_the_police_until_they_agreed(
    full_case: Path, write_case: Callable[..., Path]
) -> None:
    """Without police.agreed_filter the request says not to act yet; with it, it gives the date."""
    waiting = kind_text(write_case(FULL_CASE.replace("  agreed_filter: 2026-11-20\n", ""), "w.yaml"),
                        "filter-request")
    assert "Nog niet uitvoeren" in waiting and "wacht op de instemming van de politie" in waiting
    agreed = kind_text(full_case, "filter-request")
    assert "Nog niet uitvoeren" not in agreed and "20 november 2026" in agreed


@pytest.mark.parametrize("kind", ["deletion-call", "class-talk", "follow-up"])
def test_the_call_to_delete_says_delete_only_once_the_police_agreed(
    full_case: Path, write_case: Callable[..., Path], kind: str
) -> None:
    """Before police.agreed_deletion: report it, the school agrees the next step with the police; no
    instruction to delete, and no deleting put off until later (that asks a reader to keep them)."""
    waiting = kind_text(write_case(FULL_CASE.replace("  agreed_deletion: 2026-11-20\n", ""), "w.yaml"), kind)
    assert "met de politie af" in waiting
    assert "straks" not in waiting and "Nog niet verwijderen" not in waiting
    assert not re.search(r"\bVerwijder (het bericht|de beelden|ze)\b", waiting)
    assert "moet ze verwijderen" not in waiting
    agreed = kind_text(full_case, kind)
    assert re.search(r"\b[Vv]erwijder", agreed) and "straks" not in agreed


def test_the_staff_call_asks_to_report_today_and_never_to_wait_before_the_police_agreed(
    full_case: Path, write_case: Callable[..., Path]
) -> None:
    """Before police.agreed_deletion: report it today, the coordinator agrees the rest with the police;
    no ‘not yet’, ‘wait’ or ‘later’ (an instruction to keep material whose possession is an offence)."""
    waiting = kind_text(write_case(FULL_CASE.replace("  agreed_deletion: 2026-11-20\n", ""), "w.yaml"),
                        "deletion-call-staff")
    assert "Meld het vandaag" in waiting
    assert "spreekt met de politie af wat er met het bericht gebeurt" in waiting
    assert not re.search(r"\b(Nog niet|nog niet verwijderen|wacht|straks)\b", waiting)
    assert not re.search(r"\bVerwijder (het bericht|de beelden|ze)\b", waiting)
    agreed = kind_text(full_case, "deletion-call-staff")
    assert re.search(r"\b[Vv]erwijder", agreed) and "straks" not in agreed


def test_the_call_to_delete_never_sends_a_child_back_into_the_chat(full_case: Path) -> None:
    """Delete the message or chat without opening it; a link is not opened and not forwarded."""
    text = kind_text(full_case, "deletion-call")
    assert "Verwijder het bericht of de hele chat, zonder het te openen." in text
    assert "Open hem niet en stuur hem niet door." in text
    assert "in de chat" not in text


@pytest.mark.parametrize("school_type, present, absent", [
    ("primary", ["leidraad voor de leerkracht", "Zeg bijvoorbeeld", "juf of meester", "groep 8"],
     ["mentor", "Beste leerlingen"]),
    ("secondary", ["Beste leerlingen van groep 8", "mentor", "Helpwanted"], ["juf", "Zeg bijvoorbeeld"]),
], ids=["primary-script", "secondary-letter"])
def test_the_class_talk_is_a_script_in_primary_and_a_letter_in_secondary(
    write_case: Callable[..., Path], school_type: str, present: list[str], absent: list[str]
) -> None:
    """school.type chooses the form and the words (leerkracht / mentor, juf of meester / docent)."""
    text = kind_text(write_case(FULL_CASE.replace("type: primary", f"type: {school_type}")), "class-talk")
    assert [p for p in present if p not in text] == []
    assert [a for a in absent if a in text] == []


def test_distribution_explains_that_the_peer_exception_does_not_apply(
    write_case: Callable[..., Path]
) -> None:
    """Material of an unknown child: the pupils hear it is always a crime to search for, save or
    forward (no exception they were never told of, no `bekijken`); the other school's director
    reads that the peer exception does not apply (art. 252 Sr) and that the police may involve Zeden."""
    text = FULL_CASE.replace("kind: sexting", "kind: distribution")
    text = text.replace("type: primary", "type: secondary")
    path = write_case(text)
    pupils = kind_text(path, "deletion-call")
    assert "opzoeken, opslaan of doorsturen is altijd strafbaar" in pupils
    assert "uitzondering" not in pupils and "bekijken of doorsturen is altijd strafbaar" not in pupils
    notice = kind_text(path, "school-notice")
    assert "artikel 252" in notice and "Zeden" in notice and "Meldpunt Kinderporno (Offlimits)" in notice
    sexting = kind_text(write_case(FULL_CASE, "s.yaml"), "deletion-call")
    assert "uitzondering" not in sexting


def test_the_update_letter_is_dated_on_its_own_day(full_case: Path) -> None:
    """The follow-up letter carries follow_up.update_letter, not the first letter's date."""
    text = kind_text(full_case, "follow-up")
    assert "Voorbeeldstad, 10 december 2026" in text
    assert "Op 20 november 2026 schreven wij u" in text


def test_the_victim_checklist_checks_risks_at_home_before_the_parents_are_told(full_case: Path) -> None:
    """Not your fault, no indirect blame, honour-related risk before parents hear it, the Meldcode, help."""
    text = kind_text(full_case, "victim-checklist")
    for needed in ("niet jouw schuld", "indirecte schuld", "eergerelateerd geweld", "verstoting",
                   "meldcode", "Slachtofferhulp", "Centrum Seksueel Geweld", "Veilig Thuis", "jeugdteam",
                   "Kijk nooit naar de beelden"):
        assert needed in text, needed


def test_the_veilig_thuis_record_holds_the_weighing_and_a_decision_not_to_report(full_case: Path) -> None:
    """Date, role of who consulted, anonymous, advice, the weighing of steps 4–5 and the decision."""
    text = kind_text(full_case, "veilig-thuis-record")
    assert "Voorbeeldstad, 21 november 2026" in text  # dated on the consultation, not the letter
    for needed in ("aandachtsfunctionaris", "Anoniem overleg", "Geen signalen",
                   "acute onveiligheid of structurele onveiligheid", "geen melding bij Veilig Thuis",
                   "Geen acute of structurele onveiligheid vastgesteld"):
        assert needed in text, needed
    assert "Sanne" not in text and "Tim" not in text and "Marieke" not in text


def test_a_police_contact_on_the_public_number_does_not_block_the_school_notice(
    write_case: Callable[..., Path]
) -> None:
    """Wijkagenten are reached through 0900-8844; the notice that names that number is still clean."""
    text = FULL_CASE.replace('phone: "046 123 4590"', 'phone: "0900-8844"')
    # The number is printed with a no-break hyphen (U+2011), so that it never breaks over two lines.
    assert "0900-8844" in kind_text(write_case(text), "school-notice").replace("\u2011", "-")
