"""The privacy guard against what real school staff type, edit and save (issue 8), tried as a user would.

Each test feeds input people produce by accident, not by attack: names typed into free-text fields,
numbers pasted from an e-mail signature, letters edited in Word or LibreOffice and scanned again,
PDFs, wrong values in a field, and correct documents that must not be blocked. Tests marked
`xfail(strict=True)` are defects found on this branch: each reason says what happens instead; when
the defect is fixed the test passes and strict xfail makes it fail, so remove the mark then.

Fictional people and reserved domains only (the small case of `conftest`).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from docx import Document

from commsgen import guard_scan, pdf
from commsgen.cli import cli
from tests.conftest import CASE_YAML, make_template
from tests.docxbuild import add_part, package, parts_of, replace, word_document

needs_libreoffice = pytest.mark.skipif(pdf.find_libreoffice() is None, reason="LibreOffice is not installed")

SUMMARY = 'summary: "Er is onder leerlingen van groep 8 een foto van seksuele aard gedeeld."'
STEP3 = '{step: 3, date: 2026-11-19, done: true, note: "Wijkagent gebeld."}'
# Every way the case's private values could show up in a message, as words.
SECRET_WORDS = ["sanne", "boer", "petra", "tim jansen", "karel", "1234 5678", "8765", "petra.deboer",
                "leak.example", "pl2400", "amrani"]


def variant(*edits: tuple[str, str]) -> str:
    """The conftest case with each (old, new) edit applied once; every edit must apply."""
    text = CASE_YAML
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def with_summary(summary: str) -> str:
    return variant((SUMMARY, f'summary: "{summary}"'))


def invoke(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def assert_silent(result: Result) -> None:
    """No private value of the case in anything the command printed."""
    said = (result.stdout + result.stderr).casefold()
    leaked = [w for w in SECRET_WORDS if w in said]
    assert not leaked, (leaked, said)


@pytest.fixture(scope="module")
def wording() -> frozenset[str]:
    """The built-in templates' wording in every language, as `commsgen scan` allows it."""
    return guard_scan.builtin_wording()


@pytest.fixture(autouse=True)
def wording_once(monkeypatch: pytest.MonkeyPatch, wording: frozenset[str]) -> None:
    """`scan` reads the same built-in wording each time (0.6 s); here it is read once per module."""
    monkeypatch.setattr(guard_scan, "builtin_wording", lambda: wording)


@pytest.fixture
def case_of(tmp_path: Path) -> Callable[[str], Path]:
    """Write a case text into its own file and return the path."""
    count = iter(range(1000))

    def write(text: str) -> Path:
        path = tmp_path / f"case{next(count)}.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def check(path: Path) -> Result:
    result = invoke("check", path)
    assert_silent(result)
    return result


def render(path: Path, kind: str, out: Path, *extra: object) -> Result:
    result = invoke("render", path, "--doc", kind, "--out", out, *extra)
    assert_silent(result)
    return result


def scan(document: Path, case: Path, audience: str) -> Result:
    result = invoke("scan", document, "--case", case, "--audience", audience)
    assert_silent(result)
    return result


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The parent letter of the conftest case, as generated (clean for parents)."""
    folder = tmp_path_factory.mktemp("letter")
    case = folder / "case.yaml"
    case.write_text(CASE_YAML, encoding="utf-8")
    result = invoke("render", case, "--doc", "parent-letter", "--out", folder / "out")
    assert result.exit_code == 0, result.stderr
    return next((folder / "out").glob("*_parent-letter_nl.docx")).read_bytes()


def edited(letter: bytes, xml: str) -> bytes:
    """The letter with body XML typed in at its end, as an edit in Word leaves it."""
    parts = parts_of(letter)
    replace(parts, "word/document.xml", "<w:sectPr", xml + "<w:sectPr")
    return package(parts)


def run_(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*inner: str) -> str:
    return "<w:p>" + "".join(inner) + "</w:p>"


BR, TAB = "<w:r><w:br/></w:r>", "<w:r><w:tab/></w:r>"


# --- Free text: `check` refuses what a field's readers may not see -----------------------------------


@pytest.mark.parametrize("text", [
    "Sanne de Boer heeft het zelf gemeld.",
    "Sanne heeft het zelf gemeld.",
    "Sannes foto is gedeeld.",
    "Sanne’s foto is gedeeld.",
    "De Boers zijn ingelicht.",
    "Boer, S. de (groep 8)",
    "Tims moeder is ingelicht.",
    "Karel belt de school nog.",
    "Bel 06–1234 5678 voor vragen.",
    "Bel 06\u00a01234\u00a05678 voor vragen.",
    "Bel +31 (0)6 1234 5678 voor vragen.",
    "Bel 0031612345678 voor vragen.",
    "Bel 06.12.34.56.78 voor vragen.",
    "Mail PETRA.DEBOER@EXAMPLE.ORG voor vragen.",
    "Zie www.leak.example.invalid/abc.",
    "Zie hxxps://leak[.]example[.]invalid/abc.",
    "Wijkagent Ahmed El Amrani komt langs.",
    "Kenmerk politie PL2400-2026112345.",
], ids=["full", "first", "possessive", "apostrophe-s", "family-plural", "surname-first", "other-pupil",
        "guardian-first", "en-dash-phone", "nbsp-phone", "plus31-0", "0031", "dotted-phone", "email-caps",
        "www-url", "defanged-url", "officer", "police-ref"])
def test_check_refuses_a_private_value_typed_into_the_parents_summary(case_of: Callable[[str], Path],
                                                                     text: str) -> None:
    """What people type for a name, number or address in `incident.summary` is refused, value unsaid."""
    result = check(case_of(with_summary(text)))
    assert result.exit_code == 1
    assert "incident.summary" in result.stderr


@pytest.mark.parametrize(("edits", "field"), [
    ([(STEP3, STEP3[:-1] + ', staff_note: "Gesprek met Tim Jansen gepland."}')], "actions[1].staff_note"),
    ([(STEP3, STEP3[:-1] + ', staff_note: "Moeder van Sanne gebeld op 06–1234 5678."}')],
     "actions[1].staff_note"),
    ([("communication:", 'follow_up:\n  update_letter: 2026-12-01\n  message: {nl: "Het gaat goed.", '
       'en: "Sanne\'s family thanks you."}\ncommunication:')], "follow_up.message.en"),
    ([("actions:", 'meldcode:\n  date: 2026-11-19\n  consulted_by: "aandachtsfunctionaris"\n'
       '  advice: "Tim is 12, het gesprek met zijn vader volgt."\nactions:')], "meldcode.advice"),
    ([("actions:", 'meldcode:\n  date: 2026-11-19\n  consulted_by: "aandachtsfunctionaris"\n'
       '  reasons: "De vader van Tim, Karel, werkt mee."\nactions:')], "meldcode.reasons"),
], ids=["staff-note-name", "staff-note-phone", "follow-up-en", "meldcode-advice", "meldcode-reasons"])
def test_check_refuses_a_name_in_every_kind_of_free_text(case_of: Callable[[str], Path],
                                                        edits: list[tuple[str, str]], field: str) -> None:
    """Staff notes, the update letter's text per language and the Veilig Thuis advice are checked too."""
    result = check(case_of(variant(*edits)))
    assert result.exit_code == 1
    assert field in result.stderr


@pytest.mark.parametrize("edit", [
    (STEP3, STEP3.replace("Wijkagent gebeld.", "Wijkagent gebeld over Sanne de Boer en Tim Jansen.")),
    ("agreed_plan: \"De school",
     "agreed_plan: \"Sanne en haar moeder Petra (06 1234 5678) komen donderdag. De school"),
    ("notes: \"Sanne meldde", "notes: \"Tim Jansen (vader Karel, +31 6 8765 4321) en Sanne meldde"),
], ids=["action-note", "agreed-plan", "pupil-notes"])
def test_check_accepts_names_in_text_only_the_police_read(case_of: Callable[[str], Path],
                                                         edit: tuple[str, str]) -> None:
    """The police may read every name: a police-only note that names pupils is no problem."""
    assert check(case_of(variant(edit))).exit_code == 0


def test_a_name_pasted_with_curly_quotes_is_still_a_name(case_of: Callable[[str], Path]) -> None:
    """`name: “Sanne de Boer”` (pasted from Word) still keeps `Sanne` out of the summary."""
    text = variant(('name: "Sanne de Boer"', "name: “Sanne de Boer”"))
    text = text.replace(SUMMARY, 'summary: "Er is een foto van Sanne gedeeld."')
    assert check(case_of(text)).exit_code == 1


@pytest.mark.parametrize("pasted", [
    "De school voert de gesprekken pas na het politiegesprek van donderdag.",
    "Een leerling meldde zich zelf op maandagochtend bij de juf van groep acht.",
], ids=["agreed-plan", "pupil-notes"])
def test_police_only_text_pasted_into_the_summary_is_refused(case_of: Callable[[str], Path], tmp_path: Path,
                                                            pasted: str) -> None:
    """Copying the agreed plan or a pupil's care note into the parents' summary never reaches parents."""
    case = case_of(with_summary(pasted))
    assert check(case).exit_code == 1
    assert render(case, "parent-letter", tmp_path / "out").exit_code != 0
    assert not list((tmp_path / "out").glob("*.docx"))


def test_a_pupil_name_in_the_source_url_does_not_reach_the_it_desk(case_of: Callable[[str], Path],
                                                                   tmp_path: Path) -> None:
    """`https://…/sanne-de-boer-groep8` is refused (check) or blocked (the filter request), not sent to IT."""
    case = case_of(variant(("invalid/abc", "invalid/sanne-de-boer-groep8")))
    result = render(case, "filter-request", tmp_path / "out")
    assert result.exit_code in (1, 3)
    assert not list((tmp_path / "out").glob("*.docx"))


@pytest.mark.parametrize("text", [
    "Rodzice Tima zostali poinformowani.", "Powiedzieliśmy Sannie o tym.",
    "Rodzice Tima zostali poinformowani o wszystkim, co się stało w szkole.",
    "Powiedzieliśmy Sannie o tym wszystkim, co wiemy od policji.",
], ids=["pl-genitive", "pl-dative", "genitive-long", "dative-long"])
def test_a_declined_name_in_a_translated_summary_is_refused(case_of: Callable[[str], Path],
                                                            text: str) -> None:
    """A translator's summary that declines a pupil's name (Polish genitive, dative) is refused; one
    longer than five words matches itself as free text, which must not hide its names."""
    case = case_of(variant((SUMMARY, f'summary: {{nl: "Er is een foto gedeeld.", pl: "{text}"}}')))
    assert check(case).exit_code == 1


def test_a_phone_number_in_arabic_indic_digits_is_refused(case_of: Callable[[str], Path]) -> None:
    """Karel's number typed in Arabic-Indic digits (٠٦ …) is his number: NFKC keeps those digits."""
    summary = 'summary: {nl: "Er is een foto gedeeld.", ar: "اتصلوا بالرقم ٠٦ ٨٧٦٥ ٤٣٢١."}'
    assert check(case_of(variant((SUMMARY, summary)))).exit_code == 1


@pytest.mark.parametrize("name", ["Cor", "Rob"])
def test_a_name_that_looks_like_a_polish_word_blocks_no_polish_letter(
        case_of: Callable[[str], Path], tmp_path: Path, name: str) -> None:
    """`core` in a package's plumbing, `robi` in 'Co robi szkoła?': the declining rule reads only the
    text a reader sees, and never a word of the letter's own wording."""
    text = variant(('    name: "Tim Jansen"\n', f'    name: "{name} Jansen"\n'),
                   ("  languages: [nl]", "  languages: [nl, pl, uk]"))
    text = text.replace("Tim Jansen", f"{name} Jansen")
    result = render(case_of(text), "parent-letter", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert {p.name.rsplit("_", 1)[-1] for p in (tmp_path / "out").glob("*.docx")} >= {"pl.docx", "uk.docx"}


BORN = ('    name: "Sanne de Boer"\n', '    name: "Sanne de Boer"\n    birth_date: 2015-03-14\n')


@pytest.mark.parametrize("written", ["14 maart 2015", "14-3-2015", "2015-03-14", "14/03/2015", "14.03.2015",
                                     "14th March 2015", "March 14, 2015", "14 marca 2015", "14. März 2015",
                                     "14-03-2015", "14-03-15", "١٤-٠٣-٢٠١٥"])
def test_a_birth_date_is_refused_as_people_write_it(case_of: Callable[[str], Path], written: str) -> None:
    """However the date is written, in whichever language, it points at one pupil."""
    text = variant(BORN).replace(SUMMARY, f'summary: "Het gaat om een leerling die op {written} is geboren."')
    assert check(case_of(text)).exit_code == 1


def test_a_year_or_another_date_is_no_birth_date(case_of: Callable[[str], Path]) -> None:
    """Only day, month and year together are the pupil's: the year or day and month alone pass."""
    summary = 'summary: "Sinds 14 maart gaat er een foto rond onder leerlingen die in 2015 zijn geboren."'
    text = variant(BORN).replace(SUMMARY, summary)
    assert check(case_of(text)).exit_code == 0


def test_the_police_handover_shows_the_birth_date_it_may_show(case_of: Callable[[str], Path],
                                                               tmp_path: Path) -> None:
    """The police read the date of birth: their handover prints it and is not blocked."""
    result = render(case_of(variant(BORN)), "police-handover", tmp_path / "out")
    assert result.exit_code == 0, result.output
    [document] = (tmp_path / "out").glob("*.docx")
    cells = [c.text for t in Document(str(document)).tables for r in t.rows for c in r.cells]
    assert "14 maart 2015" in cells


def test_another_involved_school_named_in_the_summary_is_refused(case_of: Callable[[str], Path]) -> None:
    """The other school's name (staff and police only) does not go to every parent through the summary."""
    text = variant(("other_schools: no", 'other_schools: yes\n  other_school_names: ["Basisschool De Eik"]'))
    text = text.replace(SUMMARY, 'summary: "Ook leerlingen van Basisschool De Eik hebben de foto ontvangen."')
    assert check(case_of(text)).exit_code == 1


def test_a_name_in_a_typed_role_field_is_still_blocked_when_rendered(case_of: Callable[[str], Path],
                                                                    tmp_path: Path) -> None:
    """A pupil's name typed where a role belongs never reaches the Veilig Thuis record (refused by the
    early check, exit 1, or blocked by the scan, exit 3)."""
    case = case_of(variant(("actions:", 'meldcode:\n  date: 2026-11-19\n  consulted_by: "Sanne de Boer"\n'
                            '  advice: "Geen melding nodig."\n  decision: no_report\nactions:')))
    result = render(case, "veilig-thuis-record", tmp_path / "out")
    assert result.exit_code in (1, 3)
    assert not list((tmp_path / "out").glob("*.docx"))


@pytest.mark.parametrize("edit", [
    ('role: "intern begeleider", phone: "046 123 4567",\n                   email',
     'role: "mentor van Tim", phone: "046 123 4567",\n                   email'),
    ('location: "Aula"', 'location: "bij de familie De Boer thuis"'),
    ("actions:", 'meldcode:\n  date: 2026-11-19\n  consulted_by: "Sanne de Boer"\nactions:'),
], ids=["contact-role", "meeting-location", "consulted-by"])
def test_check_refuses_a_name_typed_into_any_text_field(case_of: Callable[[str], Path],
                                                        edit: tuple[str, str]) -> None:
    """Every text field a user types into is checked by `check`, not only those called free text."""
    assert check(case_of(variant(edit))).exit_code == 1


# --- Messages on error paths never repeat what was typed ---------------------------------------------


@pytest.mark.parametrize("edit", [
    ('phone: "06 1234 5678"', 'phone: "Petra de Boer"'),
    ('email: "petra.deboer@example.org"', 'email: "Petra de Boer"'),
    ("language: nl}", 'language: "Petra"}'),
    ("role: depicted", 'role: "Sanne de Boer"'),
    ("relation: moeder", 'relation: "Petra"'),
    ("id: s1", 'id: "Sanne de Boer"'),
    ("discovered: 2026-11-18", 'discovered: "Sanne de Boer"'),
    ('group: "groep 8"', 'group: ["Sanne de Boer"]'),
    ('source_url: "https://leak.example.invalid/abc"', 'source_url: "Sanne de Boer"'),
    ('time: "19:30"', 'time: "Sanne"'),
    ("languages: [nl]", 'languages: [nl, "Sanne de Boer"]'),
    ("{step: 3,", '{step: "Sanne",'),
    ("    role: depicted\n", "    role: depicted\n    Petra de Boer: moeder\n"),
    ("    role: depicted\n", "    role: depicted\n    petra: moeder\n"),
    ("    role: depicted\n", "    role: depicted\n    Sanne: groep 8\n    Sanne: groep 7\n"),
    ("    role: depicted\n", '    role: depicted\n    name: "Sanne de Boer"\n'),
    ('      - {name: "Petra de Boer"', '      - {name: "Petra de Boer", Petra: ja'),
    (SUMMARY, 'summary: {nl: "x", petra: "Sanne de Boer"}'),
    (SUMMARY, 'summary: "Er is een foto van Sanne gedeeld" en meer'),
    (SUMMARY, 'summary: "Er is een foto van Sanne gedeeld\n  pupil_depicted: true'),
    (SUMMARY, "summary: Sanne: gedeeld"),
    (SUMMARY, "summary: 'Sanne's foto is gedeeld'"),
    (SUMMARY, "summary: *Sanne"),
    (SUMMARY, "summary: @Sanne_deBoer08 deelde"),
    (SUMMARY, 'summary: "Sanne ' + "x" * 4000 + '"'),
], ids=["phone", "email", "language", "role", "relation", "id", "date", "list", "url", "time", "languages",
        "step", "unknown-key-name", "unknown-key-first-name", "duplicate-key-name", "duplicate-name",
        "flow-key-name", "language-key-name", "text-after-quote", "unclosed-quote", "colon", "apostrophe",
        "alias", "at-sign", "too-long"])
def test_an_invalid_case_file_is_refused_without_quoting_it(case_of: Callable[[str], Path],
                                                           edit: tuple[str, str]) -> None:
    """Wrong values, unknown and duplicate keys and YAML slips are named by field and line, never quoted."""
    result = check(case_of(variant(edit)))
    assert result.exit_code == 1
    assert ".yaml:" in result.stderr


@pytest.mark.parametrize("args", [
    ("render", "{case}", "--doc", "student-meeting", "--person", "Sanne de Boer", "--out", "{out}"),
    ("render", "{case}", "--doc", "student-meeting", "--person", "sanne", "--out", "{out}"),
    ("scan", "{doc}", "--case", "{case}", "--audience", "student:sanne"),
], ids=["person-full-name", "person-first-name", "audience-first-name"])
def test_a_name_typed_where_an_id_belongs_is_not_echoed(case_of: Callable[[str], Path], tmp_path: Path,
                                                        letter: bytes, args: tuple[str, ...]) -> None:
    """`--person "Sanne de Boer"` or `student:sanne` is refused without printing the name back."""
    document = tmp_path / "letter.docx"
    document.write_bytes(letter)
    values = {"case": str(case_of(CASE_YAML)), "out": str(tmp_path / "out"), "doc": str(document)}
    result = invoke(*[a.format(**values) for a in args])
    assert result.exit_code != 0
    assert_silent(result)


def test_an_id_that_spells_the_pupils_name_is_refused(case_of: Callable[[str], Path]) -> None:
    """File names carry the id, never a name: an id made of the pupil's first name is an input error."""
    result = invoke("check", case_of(variant(("id: s1", "id: sanne1"))))
    assert result.exit_code == 1


@pytest.mark.parametrize("tag", ["{{ pupil.name|languagename }}", "{{ pupil.name + 1 }}",
                                 "{{ pupil.name[99] }}", "{{ pupil.name|yearnumbers }}",
                                 "{{ pupil.name|wordwrap(0) }}"],
                         ids=["languagename", "add", "index", "yearnumbers", "wordwrap"])
def test_a_template_error_names_the_template_not_the_value(case_of: Callable[[str], Path], tmp_path: Path,
                                                           tag: str) -> None:
    """A school template that misuses a pupil's name fails with exit 1, naming template and part."""
    make_template(tmp_path / "huisstijl", "student-meeting", ["Gesprek", tag])
    result = render(case_of(CASE_YAML), "student-meeting", tmp_path / "out", "--person", "s1",
                    "--templates", tmp_path / "huisstijl")
    assert result.exit_code == 1
    assert "student-meeting.docx" in result.stderr


@pytest.mark.parametrize("tag", ["{{ pupil.name|longdate }}", "{{ pupil.name|shortdate }}",
                                 "{{ pupil.name|weekday }}", "{{ pupil.name|truncate(-1) }}"],
                         ids=["longdate", "shortdate", "weekday", "truncate"])
def test_a_template_error_in_a_filter_names_the_template(case_of: Callable[[str], Path], tmp_path: Path,
                                                         tag: str) -> None:
    """A date filter applied to a name is a template error (exit 1) naming the template, not a crash."""
    make_template(tmp_path / "huisstijl", "student-meeting", ["Gesprek", tag])
    result = render(case_of(CASE_YAML), "student-meeting", tmp_path / "out", "--person", "s1",
                    "--templates", tmp_path / "huisstijl")
    assert result.exit_code == 1
    assert "student-meeting.docx" in result.stderr
    assert "internal error" not in result.stderr


def test_the_filter_request_template_cannot_reach_a_pupil(case_of: Callable[[str], Path],
                                                          tmp_path: Path) -> None:
    """A custom IT filter request that prints a pupil's name is refused before anything is written."""
    make_template(tmp_path / "huisstijl", "filter-request", ["Betreft {{ people[0].name }}",
                                                             "{{ incident.source_url }}"])
    result = render(case_of(CASE_YAML), "filter-request", tmp_path / "out",
                    "--templates", tmp_path / "huisstijl")
    assert result.exit_code == 3
    assert "people" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.docx"))


# --- A letter edited by hand and scanned again --------------------------------------------------------


@pytest.mark.parametrize("xml", [
    para(run_("San"), '<w:r><w:rPr><w:b/></w:rPr><w:t>ne de B</w:t></w:r>', run_("oer")),
    para(run_("Sanne"), BR, run_("de Boer")),
    para(run_("Tim"), TAB, run_("Jansen")),
    para(run_("Sanne de Bo-"), BR, run_("er")),
    para('<w:ins w:id="91" w:author="x" w:date="2026-11-20T10:00:00Z">', run_("Tim Jansen"), "</w:ins>"),
    para('<w:del w:id="92" w:author="x" w:date="2026-11-20T10:00:00Z"><w:r><w:delText>Tim Jansen</w:delText>'
         "</w:r></w:del>"),
    para("<w:r><w:rPr><w:vanish/></w:rPr><w:t>Tim Jansen</w:t></w:r>"),
    para('<w:ins w:id="93" w:author="Ahmed El Amrani" w:date="2026-11-20T10:00:00Z">', run_("Met dank."),
         "</w:ins>"),
    para('<w:hyperlink w:anchor="Sanne_de_Boer">', run_("zie hier"), "</w:hyperlink>"),
    para('<w:fldSimple w:instr=" HYPERLINK &quot;mailto:petra.deboer@example.org&quot; ">', run_("mail"),
         "</w:fldSimple>"),
    para('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK '
         '"https://example.org/?leerling=Tim%20Jansen" </w:instrText></w:r>'
         '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', run_("link"),
         '<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
    '<w:sdt><w:sdtPr><w:alias w:val="Leerling Tim Jansen"/></w:sdtPr><w:sdtContent>' + para(run_("[naam]"))
    + "</w:sdtContent></w:sdt>",
    para(run_("Met vriendelijke groet,")) + para(run_("Karel Jansen"))
    + para(run_("M: +31\u00a06\u00a08765\u00a04321")),
    para(run_("T 06\u20111234\u20115678")),
    para(run_("06\u202f12\u202f34\u202f56\u202f78")),
    para(run_("０６－１２３４５６７８")),
    para(run_("(06) 12.34.56.78")),
    para(run_("MAILTO:Petra.DeBoer@Example.Org")),
    para(run_("www.leak.example.invalid")),
    para(run_("leak[.]example[.]invalid/abc")),
    para(run_("San\u200bne de Bo\u200ber")),
    para(run_("S\u0430nne")),
    para(run_("ＳＡＮＮＥ")),
    para(run_("S a n n e")),
    para(run_("Tim's mother")),
    para(run_("Jansen, Tim (groep 8)")),
    para(run_("#TimJansen")),
    para(run_("@tim_jansen")),
    para(run_("IMG_Tim_Jansen_001.jpg")),
], ids=["split-runs", "line-break", "tab", "line-end-hyphen", "tracked-insert", "tracked-delete", "hidden",
        "revision-author", "bookmark-link", "mailto-field", "hyperlink-field-query", "content-control-alias",
        "pasted-signature", "nb-hyphen-phone", "narrow-space-phone", "full-width-phone", "dotted-phone",
        "mailto-caps", "www-host", "defanged-url", "zero-width", "cyrillic-a", "full-width-name",
        "spaced-letters", "english-possessive", "surname-first", "hashtag", "handle", "file-name"])
def test_a_private_value_typed_into_a_letter_is_found(case_of: Callable[[str], Path], tmp_path: Path,
                                                      letter: bytes, xml: str) -> None:
    """What a coordinator types into the generated letter in Word is found by `scan` (exit 3)."""
    document = tmp_path / "letter.docx"
    document.write_bytes(edited(letter, xml))
    result = scan(document, case_of(CASE_YAML), "parents")
    assert result.exit_code == 3
    assert "may not reach the parents audience" in result.stderr


def _saved(document: Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _commented(letter: bytes) -> bytes:
    document = Document(io.BytesIO(letter))
    paragraph = document.add_paragraph("Met vriendelijke groet,")
    document.add_comment(paragraph.runs[0], text="Check dit met de moeder van Sanne", author="M. Jansen",
                         initials="MJ")
    return _saved(document)


def _header(letter: bytes) -> bytes:
    document = Document(io.BytesIO(letter))
    document.sections[0].header.paragraphs[0].text = "Betreft: Tim Jansen"
    return _saved(document)


def _footer(letter: bytes) -> bytes:
    document = Document(io.BytesIO(letter))
    document.sections[0].footer.add_paragraph("Karel Jansen, 06 8765 4321")
    return _saved(document)


def _properties(letter: bytes) -> bytes:
    document = Document(io.BytesIO(letter))
    document.core_properties.title = "Brief over Sanne"
    document.core_properties.keywords = "groep 8; boer"
    return _saved(document)


def _text_box(letter: bytes) -> bytes:
    shape = ('<w:p><w:r><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
             'wordprocessingDrawing" simplePos="0" relativeHeight="1" behindDoc="0" locked="0" '
             'layoutInCell="1" allowOverlap="1" distT="0" distB="0" distL="0" distR="0">'
             '<wp:simplePos x="0" y="0"/>'
             '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
             '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
             '<wp:extent cx="914400" cy="914400"/><wp:wrapNone/><wp:docPr id="77" name="Tekstvak 1"/>'
             '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData '
             'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp xmlns:wps='
             '"http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx><w:txbxContent>'
             + para(run_("Nog bellen: Sanne")) + "</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>"
             "</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>")
    return edited(letter, shape)


def _footnote(letter: bytes) -> bytes:
    parts = parts_of(letter)
    add_part(parts, "word/footnotes.xml",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", b"", "footnotes")
    parts["word/footnotes.xml"] = (
        b'<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b'<w:footnote w:id="1">'
        b"<w:p><w:r><w:t>Bron: de vader van Tim, Karel.</w:t></w:r></w:p></w:footnote></w:footnotes>")
    return package(parts)


def _link(target: str) -> Callable[[bytes], bytes]:
    def make(letter: bytes) -> bytes:
        parts = parts_of(letter)
        replace(parts, "word/_rels/document.xml.rels", "</Relationships>",
                '<Relationship Id="rIdLink9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                f'relationships/hyperlink" Target="{target}" TargetMode="External"/></Relationships>')
        replace(parts, "word/document.xml", "<w:sectPr",
                '<w:p><w:hyperlink xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                f'relationships" r:id="rIdLink9">{run_("mail de school")}</w:hyperlink></w:p><w:sectPr')
        return package(parts)

    return make


@pytest.mark.parametrize("edit", [
    _commented, _header, _footer, _properties, _text_box, _footnote,
    _link("mailto:petra.deboer@example.org?subject=Gesprek"),
    _link("https://forms.example.org/aanmelden?kind=Tim+Jansen&amp;ouder=Karel"),
], ids=["comment", "header", "footer", "properties", "text-box", "footnote", "mailto-target", "query-target"])
def test_a_name_in_any_part_word_keeps_is_found(case_of: Callable[[str], Path], tmp_path: Path, letter: bytes,
                                                edit: Callable[[bytes], bytes]) -> None:
    """Comments, headers, footers, properties, text boxes, footnotes and link targets are all scanned."""
    document = tmp_path / "letter.docx"
    document.write_bytes(edit(letter))
    assert scan(document, case_of(CASE_YAML), "parents").exit_code == 3


@pytest.fixture(scope="module")
def libreoffice_copies(tmp_path_factory: pytest.TempPathFactory, letter: bytes) -> dict[str, Path]:
    """The letter with a comment naming a pupil, saved by LibreOffice as .docx, .odt, .doc, .rtf and PDF
    (comments exported as PDF annotations, an option of LibreOffice's PDF dialog)."""
    import subprocess

    folder = tmp_path_factory.mktemp("libreoffice")
    source = folder / "brief.docx"
    source.write_bytes(_commented(letter))
    office = pdf.find_libreoffice()
    assert office is not None
    profile = (folder / "profile").as_uri()
    filters = ["docx:MS Word 2007 XML", "odt", "doc", "rtf",
               'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}']
    copies = {}
    for number, target in enumerate(filters):
        out = folder / str(number)
        subprocess.run([office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
                        "--outdir", str(out), str(source)], capture_output=True, timeout=180, check=True)
        copies[target.split(":")[0]] = next(out.iterdir())
    return copies


@needs_libreoffice
def test_a_comment_kept_by_libreoffice_is_found(case_of: Callable[[str], Path],
                                                libreoffice_copies: dict[str, Path]) -> None:
    """A letter with a comment, saved again by LibreOffice Writer as .docx, still blocks (exit 3)."""
    assert scan(libreoffice_copies["docx"], case_of(CASE_YAML), "parents").exit_code == 3


@needs_libreoffice
@pytest.mark.parametrize("kind", ["odt", "doc", "rtf"])
def test_a_letter_saved_in_another_format_is_refused_not_passed(case_of: Callable[[str], Path],
                                                                libreoffice_copies: dict[str, Path],
                                                                kind: str) -> None:
    """LibreOffice's own .odt, Word 97 .doc and .rtf cannot be read: refused (exit 1), never `clean`."""
    result = scan(libreoffice_copies[kind], case_of(CASE_YAML), "parents")
    assert result.exit_code == 1
    assert "clean" not in result.stdout


@needs_libreoffice
def test_a_comment_exported_into_a_pdf_is_found(case_of: Callable[[str], Path],
                                                libreoffice_copies: dict[str, Path]) -> None:
    """The comment naming a pupil, exported by LibreOffice as a PDF annotation, blocks the PDF (exit 3)."""
    assert scan(libreoffice_copies["pdf"], case_of(CASE_YAML), "parents").exit_code == 3


@pytest.fixture(scope="module")
def letters_in_every_language(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """The parent letter in every language the catalogs have, as .docx and PDF (one LibreOffice run)."""
    folder = tmp_path_factory.mktemp("languages")
    case = folder / "case.yaml"
    case.write_text(CASE_YAML.replace("languages: [nl]", "languages: [nl, ar, de, en, pl, tr, uk]"), "utf-8")
    result = invoke("render", case, "--doc", "parent-letter", "--pdf", "--out", folder / "out")
    assert result.exit_code == 0, result.stderr
    return case, sorted(p for p in (folder / "out").iterdir() if p.suffix in (".docx", ".pdf"))


@needs_libreoffice
def test_every_language_letter_with_its_helplines_scans_clean(
        letters_in_every_language: tuple[Path, list[Path]]) -> None:
    """Helplines (Veilig Thuis 0800-2000, Kindertelefoon, police 0900-8844, Helpwanted) never block."""
    case, documents = letters_in_every_language
    assert len(documents) == 14
    for document in documents:
        result = scan(document, case, "parents")
        assert result.exit_code == 0, (document.name, result.stderr)


def _annotated(source: Path, target: Path, how: str) -> Path:
    from pypdf import PdfWriter
    from pypdf.annotations import Text

    writer = PdfWriter(clone_from=str(source))
    if how == "note":
        writer.add_annotation(0, Text(text="Moeder van Sanne bellen", rect=(50, 550, 80, 580)))
    elif how == "attachment":
        writer.add_attachment("notities.txt", b"Karel Jansen 06 8765 4321")
    else:
        writer.add_outline_item(title="Gesprek Tim Jansen", page_number=0)
    with target.open("wb") as file:
        writer.write(file)
    return target


@needs_libreoffice
@pytest.mark.parametrize("how", ["note", "attachment", "bookmark"])
def test_a_name_added_to_a_pdf_in_a_reader_is_found(letters_in_every_language: tuple[Path, list[Path]],
                                                    tmp_path: Path, how: str) -> None:
    """A note, an attached file or a bookmark added in Acrobat to the letter's PDF blocks it (exit 3)."""
    case, documents = letters_in_every_language
    source = next(d for d in documents if d.name.endswith("_nl.pdf"))
    assert scan(_annotated(source, tmp_path / "brief.pdf", how), case, "parents").exit_code == 3


# --- Every audience of the registry -------------------------------------------------------------------


AUDIENCE_TEXTS = [
    ("it", "Graag blokkeren: https://leak.example.invalid/abc. Contact Marieke Jansen, 046 123 4567.", True),
    ("it", "Graag blokkeren: de site waar Sanne op staat.", False),
    ("it", "Er is onder leerlingen van groep 8 een foto van seksuele aard gedeeld.", False),
    ("it", "Bel de moeder: 06 1234 5678", False),
    ("advisor", "Leerling (11 jaar), rol: afgebeeld. Basisschool De Linde & De Es.", True),
    ("advisor", "Leerling Sanne (11 jaar)", False),
    ("advisor", "De wijkagent Ahmed El Amrani is gebeld.", False),
    ("advisor", "Zie https://leak.example.invalid/abc", False),
    ("schools", "Neem contact op met Marieke Jansen, 046 123 4567.", True),
    ("schools", "Onze leerling Tim deelde een foto.", False),
    ("schools", "Kenmerk 2026-901.", False),
    ("pupils", "Vragen? Marieke Jansen.", True),
    ("pupils", "Tim, verwijder de foto.", False),
    ("pupils", "Er is onder leerlingen van groep 8 een foto van seksuele aard gedeeld.", False),
    ("student:s1", "Gesprek met Sanne de Boer en Petra de Boer (06 1234 5678).", True),
    ("student:s1", "Tim heeft de foto doorgestuurd.", False),
    ("student:s1", "Karel belt nog.", False),
    ("student:s1", "+31 6 8765 4321", False),
    ("student:s2", "de moeder van Sanne", False),
    ("staff", "Sanne meldde zich zelf op maandagochtend bij de juf van groep acht.", False),
    ("staff", "Wijkagent Ahmed El Amrani, 0900 8844.", True),
    ("police", "Sanne, Tim, Petra 06 1234 5678, https://leak.example.invalid/abc", True),
]


@pytest.mark.parametrize(("audience", "text", "clean"), AUDIENCE_TEXTS, ids=[
    f"{audience}-{'clean' if clean else 'blocked'}-{n}"
    for n, (audience, _, clean) in enumerate(AUDIENCE_TEXTS)])
def test_every_audience_sees_only_its_own_values(case_of: Callable[[str], Path], tmp_path: Path,
                                                 audience: str, text: str, clean: bool) -> None:
    """`scan --audience it/advisor/schools/pupils/student:<id>/staff/police` follows each field's readers."""
    document = tmp_path / "document.docx"
    document.write_bytes(word_document(text))
    result = scan(document, case_of(CASE_YAML), audience)
    assert result.exit_code == (0 if clean else 3), result.stderr


# --- No false blocks on correct documents -------------------------------------------------------------


def test_a_parent_contact_sharing_a_pupils_surname_does_not_block(case_of: Callable[[str], Path],
                                                                  tmp_path: Path) -> None:
    """Marieke Jansen (the contact) signs the letter although Tim Jansen is an involved pupil."""
    result = render(case_of(CASE_YAML), "parent-letter", tmp_path / "out")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("text", [
    "Op 18-11-2026 om 19:30 uur kwam de melding binnen.",
    "Tussen 2026-11-18 en 2026-11-20 zijn 1200 leerlingen ingelicht.",
    "Spreekuur van 08.30-09.00 en 12.30-13.00 uur.",
    "De ouderavond is op 26-11-2026 van 19.30 tot 21.00 uur in lokaal 0.12.",
    "Het gaat om groep 7/8 en 8A, ongeveer 60 leerlingen van 11-12 jaar.",
    "Protocol versie 29-05-2024, art. 252 Sr, Stb. 2024, 59.",
    "Meld u bij Veilig Thuis (0800-2000) of de Kindertelefoon (0800-0432).",
    "Bel bij nood 112.",
    "Bel gerust met school: 046 123 4567.",
], ids=["date-time", "iso-dates", "time-ranges", "meeting", "groups-ages", "law", "helplines", "112",
        "contact-phone"])
def test_numbers_that_look_like_phone_numbers_pass(case_of: Callable[[str], Path], tmp_path: Path,
                                                   text: str) -> None:
    """Dates, times, groups, law articles and the helplines in a summary are not personal data."""
    case = case_of(with_summary(text))
    assert check(case).exit_code == 0
    assert render(case, "parent-letter", tmp_path / "out").exit_code == 0


@pytest.mark.parametrize("text", ["Bel bij vragen ook de politie: 0900-8844.",
                                  "Meer informatie en hulp: www.helpwanted.nl."],
                         ids=["police-0900", "helpwanted"])
def test_a_helpline_the_letter_itself_prints_is_accepted_in_the_summary(case_of: Callable[[str], Path],
                                                                        text: str) -> None:
    """A summary may repeat a helpline that the built-in letter prints anyway."""
    assert check(case_of(with_summary(text))).exit_code == 0


def test_a_street_holding_a_pupils_surname_inside_a_word_does_not_block(case_of: Callable[[str], Path],
                                                                        tmp_path: Path) -> None:
    """`Burgemeester de Boerlaan` in the school's address is not the pupil Sanne de Boer."""
    make_template(tmp_path / "huisstijl", "parent-letter", ["{{ incident.summary }}"],
                  header="{{ school.name }}, {{ school.address }}, {{ school.city }}")
    address = 'address: "Burgemeester de Boerlaan 3"\n  city: "Voorbeeldstad"'
    case = case_of(variant(('city: "Voorbeeldstad"', address)))
    result = render(case, "parent-letter", tmp_path / "out", "--templates", tmp_path / "huisstijl")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("edits", [
    [('city: "Voorbeeldstad"', 'address: "Anne Frankstraat 12"\n  city: "Voorbeeldstad"'),
     ('name: "Sanne de Boer"', 'name: "Anne Visser"')],
    [('city: "Voorbeeldstad"', 'address: "Lindelaan 12, 6131 AB"\n  city: "Voorbeeldstad"')],
    [('name: "Sanne de Boer"', 'name: "Emma van der Linde"')],
], ids=["street-first-name", "postcode", "school-name-surname"])
def test_the_schools_own_address_and_name_do_not_block(case_of: Callable[[str], Path], tmp_path: Path,
                                                       edits: list[tuple[str, str]]) -> None:
    """A letterhead printing the school's name and address (both public) is not a leak."""
    make_template(tmp_path / "huisstijl", "parent-letter", ["{{ incident.summary }}"],
                  header="{{ school.name }}, {{ school.address or '' }}, {{ school.city }}")
    case = case_of(variant(*edits).replace("Basisschool De Linde & De Es", "Basisschool De Linde"))
    result = render(case, "parent-letter", tmp_path / "out", "--templates", tmp_path / "huisstijl")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(("name", "languages"), [
    ("Emma van der Meer", "[nl]"), ("Ben Visser", "[nl]"), ("Noa Kort", "[nl]"), ("May Chen", "[nl, en]"),
    ("Will Smit", "[nl, en]"),
], ids=["van-der-meer", "ben", "kort", "may", "will"])
def test_a_pupil_whose_name_is_a_word_of_the_letters_can_be_packed(case_of: Callable[[str], Path],
                                                                   tmp_path: Path, name: str,
                                                                   languages: str) -> None:
    """The built-in documents can be made for a pupil called Ben, May or Emma van der Meer."""
    case = case_of(variant(('name: "Sanne de Boer"', f'name: "{name}"'),
                           ("languages: [nl]", f"languages: {languages}")))
    result = invoke("pack", case, "--out", tmp_path / "out")
    assert_silent(result)
    assert result.exit_code == 0, result.stderr
