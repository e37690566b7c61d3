"""Loading the case file: safe YAML, every problem with its line, and never a value in a message."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from pathlib import Path

import pytest

from commsgen.casefile import MAX_BYTES, load_case, parse_yaml
from commsgen.errors import CaseFileError

# All people and schools here are fictional; domains are reserved (example.org, .invalid).
MINIMAL = """\
case:
  reference: "2026-014"
  opened: 2026-11-19
  coordinator:
    name: Marieke Jansen
    role: intern begeleider
school:
  name: Basisschool De Linde
  board: Kindante
  parent_contact:
    name: Marieke Jansen
    role: intern begeleider
    phone: 046 123 4567
    email: m.jansen@delinde.example.org
incident:
  kind: sexting
  discovered: 2026-11-18
  pupil_depicted: true
  other_schools: unknown
  affected_groups: [groep 8]
people:
  - id: s1
    name: Sanne de Boer
    role: depicted
    group: groep 8
    guardians:
      - name: Petra de Boer
        relation: moeder
        phone: 06 1234 5678
        language: nl
communication:
  parent_meeting:
    date: 2026-11-26
    time: 19:30
"""

CANARY_NAME = "Zoë Canarisdochter"
CANARY_URL = "https://canary.invalid/x"
CANARY_PARTS = (CANARY_NAME, "Canarisdochter", "Zoë", "canary.invalid", "Canaris")


def case_yaml(old: str = "", new: str = "", count: int = 1) -> str:
    """The minimal valid case, with `old` replaced by `new` (which must be present)."""
    if not old:
        return MINIMAL
    assert old in MINIMAL, old
    return MINIMAL.replace(old, new, count)


def write(tmp_path: Path, content: str | bytes, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line containing `needle`."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[nth - 1]


def at(tmp_path: Path, text: str, needle: str, nth: int = 1) -> str:
    """The `FILE:LINE: ` prefix of a message about the nth line containing `needle`."""
    return f"{tmp_path / 'case.yaml'}:{line_of(text, needle, nth)}: "


def problems(tmp_path: Path, content: str | bytes) -> list[str]:
    """The problem lines of a case file that must be refused."""
    path = write(tmp_path, content)
    with pytest.raises(CaseFileError) as info:
        load_case(path)
    return info.value.lines


def test_minimal_case_loads(tmp_path: Path) -> None:
    """A valid case loads with typed fields, its source, a line map and the hash of its bytes."""
    path = write(tmp_path, case_yaml())
    loaded = load_case(path)
    assert loaded.case.case.reference == "2026-014"
    assert loaded.case.incident.discovered == dt.date(2026, 11, 18)
    assert loaded.case.incident.pupil_depicted is True
    assert loaded.case.people[0].guardians[0].language == "nl"
    assert loaded.source == str(path)
    assert loaded.lines[("school", "board")] == line_of(MINIMAL, "board:")
    assert loaded.lines[("people", 0)] == line_of(MINIMAL, "- id: s1")
    assert loaded.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_duplicate_key_names_the_key_and_both_lines(tmp_path: Path) -> None:
    """A key given twice in one mapping is refused, naming the key and both lines."""
    text = case_yaml("  board: Kindante\n", "  board: Kindante\n  name: Tweede Naam\n")
    first, second = line_of(text, "  name: Basisschool"), line_of(text, "name: Tweede")
    assert problems(tmp_path, text) == [
        f"{tmp_path / 'case.yaml'}:{second}: "
        f"school.name: this field is given twice (first on line {first}); remove one of them"
    ]


def test_impossible_date_is_reported_with_its_line(tmp_path: Path) -> None:
    """February 30th is written in the right form, but the day does not exist."""
    text = case_yaml("discovered: 2026-11-18", "discovered: 2026-02-30")
    assert problems(tmp_path, text) == [
        f"{tmp_path / 'case.yaml'}:{line_of(text, 'discovered')}: incident.discovered: "
        "this day does not exist in that month (check the day and the month)"
    ]


def test_python_object_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    """A `!!python/object/apply` tag is refused at its line; the command it names does not run."""
    marker = tmp_path / "ran"
    text = case_yaml(
        "board: Kindante", f'board: !!python/object/apply:os.system ["touch {marker}"]'
    )
    [problem] = problems(tmp_path, text)
    assert problem.endswith(
        f":{line_of(text, 'board')}: school.board: tags (! and !!) are not allowed; "
        'text that starts with ! goes between quotes: "…"'
    )
    assert not marker.exists()


@pytest.mark.parametrize(
    "tag", ["!foo", "!!str", "!<tag:example.org,2026:x>"], ids=["local", "str", "verbatim"]
)
def test_any_explicit_tag_is_refused(tmp_path: Path, tag: str) -> None:
    """No tag is accepted, not even the harmless-looking `!!str`."""
    [problem] = problems(tmp_path, case_yaml("board: Kindante", f"board: {tag} Kindante"))
    assert "tags (! and !!) are not allowed" in problem


def test_alias_bomb_is_refused_fast(tmp_path: Path) -> None:
    """A billion-laughs document is refused at its first anchor, without expanding anything."""
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    start = time.monotonic()
    [problem] = problems(tmp_path, "\n".join(levels) + "\n")
    assert time.monotonic() - start < 1.0
    assert ":1: <key>: anchors and aliases (& and *) are not allowed" in problem


def test_alias_alone_is_refused(tmp_path: Path) -> None:
    """An alias is refused even without an anchor to expand."""
    [problem] = problems(tmp_path, case_yaml("board: Kindante", "board: *board"))
    assert "anchors and aliases" in problem


def test_deep_nesting_is_refused_cleanly(tmp_path: Path) -> None:
    """50,000 nested lists give a clean CaseFileError (not a RecursionError) at the 21st level."""
    [problem] = problems(tmp_path, "[" * 50_000 + "]" * 50_000)
    assert problem.endswith(": nested deeper than 20 levels")


@pytest.mark.parametrize(
    "content", [b"", b"\n  \n", b"\xef\xbb\xbf"], ids=["empty", "blank", "bom-only"]
)
def test_empty_file_is_refused(tmp_path: Path, content: bytes) -> None:
    """A file without content is an error, not an empty case."""
    assert problems(tmp_path, content) == [f"{tmp_path / 'case.yaml'}: file is empty"]


def test_file_with_only_comments_is_refused(tmp_path: Path) -> None:
    """Comments alone are no case."""
    assert problems(tmp_path, "# nog in te vullen\n")[0].endswith(": the case file has no content")


def test_two_documents_are_refused(tmp_path: Path) -> None:
    """A second YAML document is refused at its `---` line."""
    text = case_yaml() + "---\nschool:\n  name: Andere School\n"
    assert problems(tmp_path, text) == [
        at(tmp_path, text, "---") + "more than one YAML document (remove the '---')"
    ]


def test_latin1_bytes_are_refused_with_their_line(tmp_path: Path) -> None:
    """A file saved as Latin-1 is refused with the line of the first byte that is not UTF-8."""
    text = case_yaml("name: Sanne de Boer", "name: Zoë de Boer")
    assert problems(tmp_path, text.encode("latin-1")) == [
        f"{tmp_path / 'case.yaml'}:{line_of(text, 'Zoë')}: not UTF-8 text "
        "(save the file as UTF-8: in Notepad choose Save as, Encoding: UTF-8)"
    ]


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    """A UTF-8 byte order mark (Windows Notepad) is accepted and not part of the first key."""
    path = write(tmp_path, b"\xef\xbb\xbf" + case_yaml().encode("utf-8"))
    assert load_case(path).case.case.reference == "2026-014"


def test_no_stays_the_word_no(tmp_path: Path) -> None:
    """`other_schools: no` is the word "no" (YAML 1.1 would read False)."""
    path = write(tmp_path, case_yaml("other_schools: unknown", "other_schools: no"))
    assert load_case(path).case.incident.other_schools == "no"


def test_phone_keeps_its_leading_zero(tmp_path: Path) -> None:
    """`0612345677` stays text with its zero, not an (octal) number."""
    path = write(tmp_path, case_yaml("phone: 06 1234 5678", "phone: 0612345677"))
    assert load_case(path).case.people[0].guardians[0].phone == "0612345677"


def test_unquoted_time_is_a_time(tmp_path: Path) -> None:
    """`time: 19:30` is half past seven (YAML 1.1 would read the number 1170)."""
    meeting = load_case(write(tmp_path, case_yaml())).case.communication.parent_meeting
    assert meeting is not None
    assert meeting.time == dt.time(19, 30)


def test_plain_null_words_become_none_and_quoted_ones_stay_text() -> None:
    """Only plain `~`, `null`, `Null`, `NULL` and empty values are None; nothing else is typed."""
    data, _ = parse_yaml(
        'a: ~\nb:\nc: NULL\nd: "~"\ne: ""\nf: 1.5\ng: yes\nh: [null, "null"]\n', "t.yaml"
    )
    assert data == {
        "a": None,
        "b": None,
        "c": None,
        "d": "~",
        "e": "",
        "f": "1.5",
        "g": "yes",
        "h": [None, "null"],
    }


def test_unknown_key_is_reported_at_its_line(tmp_path: Path) -> None:
    """A misspelt key is an error at the line of that key, not silently dropped."""
    text = case_yaml("  kind: sexting\n", "  kind: sexting\n  chanels: [whatsapp]\n")
    assert problems(tmp_path, text) == [
        at(tmp_path, text, "chanels") + "incident.chanels: unknown field (did you mean channels?)"
    ]


def test_unknown_guardian_language_is_reported_at_its_line(tmp_path: Path) -> None:
    """A language code Babel does not know is reported with the guardian's path and line."""
    text = case_yaml("language: nl", "language: xx-nonsense")
    [problem] = problems(tmp_path, text)
    assert problem.startswith(f"{tmp_path / 'case.yaml'}:{line_of(text, 'xx-nonsense')}: ")
    assert ": people[1] (s1).guardians[1].language: not a known language code" in problem


def test_unknown_summary_language_points_at_its_key(tmp_path: Path) -> None:
    """In `summary: {nl: .., xx: ..}` only the bad language key is reported, not 'must be text'."""
    text = case_yaml(
        "  pupil_depicted", "  summary:\n    nl: Tekst.\n    xx-nonsense: Tekst.\n  pupil_depicted"
    )
    [problem] = problems(tmp_path, text)
    assert problem.startswith(f"{tmp_path / 'case.yaml'}:{line_of(text, 'xx-nonsense')}: ")
    assert "incident.summary.<key>: not a known language code" in problem


def test_missing_field_points_at_its_parent(tmp_path: Path) -> None:
    """A required field that is absent is reported at the line of the mapping that lacks it."""
    text = case_yaml("  board: Kindante\n", "")
    assert problems(tmp_path, text) == [
        at(tmp_path, text, "school:") + "school.board: required field is missing"
    ]


def test_all_problems_are_reported_at_once_in_line_order(tmp_path: Path) -> None:
    """Several problems in one file all appear, each with its own line, sorted by line."""
    text = (
        case_yaml("  board: Kindante\n", "")
        .replace("kind: sexting", "kind: grooming")
        .replace("relation: moeder", "relation: moeder\n        hobby: voetbal")
        .replace("date: 2026-11-26", "date: 26-11-2026")
    )
    assert problems(tmp_path, text) == [
        at(tmp_path, text, "school:") + "school.board: required field is missing",
        at(tmp_path, text, "kind:") + "incident.kind: must be one of: sexting, distribution",
        at(tmp_path, text, "hobby") + "people[1] (s1).guardians[1].<key>: unknown field "
        "(check the spelling; the fields here are: email, language, name, phone, relation)",
        at(tmp_path, text, "date: 26")
        + "communication.parent_meeting.date: not a valid date: write YYYY-MM-DD, for example 2026-11-18",
    ]


def test_duplicate_person_id_names_the_first(tmp_path: Path) -> None:
    """Two people with one id are refused: the id names output files and must be unique."""
    second = "  - id: s1\n    name: Daan Visser\n    role: saw\n    group: groep 8\n"
    text = case_yaml("communication:", second + "communication:")
    assert problems(tmp_path, text) == [
        at(tmp_path, text, "- id: s1", 2)
        + "people[2] (s1).id: this id is used twice (also by pupil people[1] (s1)); "
        "give each pupil its own id"
    ]


def test_depicted_pupil_requires_pupil_depicted(tmp_path: Path) -> None:
    """A person in the role 'depicted' contradicts `incident.pupil_depicted: false`."""
    text = case_yaml("pupil_depicted: true", "pupil_depicted: false")
    [problem] = problems(tmp_path, text)
    assert problem.startswith(
        f"{tmp_path / 'case.yaml'}:{line_of(text, 'role: depicted')}: people[1] (s1).role: "
    )


def test_language_listed_twice_is_refused(tmp_path: Path) -> None:
    """`communication.languages` may not name a language twice."""
    text = case_yaml("communication:\n", "communication:\n  languages: [nl, en, nl]\n")
    [problem] = problems(tmp_path, text)
    assert problem.endswith(
        f":{line_of(text, 'languages')}: "
        "communication.languages[3]: language listed twice (also languages[1])"
    )


def test_syntax_error_does_not_print_the_line(tmp_path: Path) -> None:
    """A YAML syntax error gives file, line and problem, not the text of the line (a URL here)."""
    text = case_yaml("  kind: sexting\n", f"  kind: sexting\n  source_url: {CANARY_URL}: [\n")
    [problem] = problems(tmp_path, text)
    assert problem.startswith(
        f"{tmp_path / 'case.yaml'}:{line_of(text, 'source_url')}: YAML syntax error: "
    )
    assert "canary" not in problem


def test_file_over_one_mebibyte_is_refused(tmp_path: Path) -> None:
    """A file over 1 MiB is refused before it is parsed."""
    text = case_yaml() + "# " + "x" * MAX_BYTES + "\n"
    assert problems(tmp_path, text) == [
        f"{tmp_path / 'case.yaml'}: file is larger than 1 MiB; this is not a case file"
    ]


def test_file_of_exactly_one_mebibyte_is_read(tmp_path: Path) -> None:
    """The limit is inclusive: a valid case padded to exactly 1 MiB loads."""
    text = case_yaml() + "#"
    text += "x" * (MAX_BYTES - len(text.encode("utf-8")) - 1) + "\n"
    assert load_case(write(tmp_path, text)).case.case.reference == "2026-014"


# Broken case files with a private value planted where a careless message would quote it.
CANARY_VARIANTS = {
    "name-too-long": ("name: Sanne de Boer", f"name: {CANARY_NAME * 20}"),
    "role": ("role: depicted", f"role: {CANARY_NAME}"),
    "id": ("id: s1", f"id: {CANARY_NAME}"),
    "phone": ("phone: 06 1234 5678", f"phone: {CANARY_URL}"),
    "email": ("email: m.jansen@delinde.example.org", f"email: {CANARY_NAME}"),
    "website": ("board: Kindante", f"board: Kindante\n  website: {CANARY_NAME}"),
    "date": ("discovered: 2026-11-18", f"discovered: 2026-11-18 {CANARY_NAME}"),
    "datetime": ("discovered: 2026-11-18", "discovered: 2026-02-30T10:00:00Canaris"),
    "time": ("time: 19:30", f"time: 19:30 {CANARY_NAME}"),
    "bool": ("pupil_depicted: true", f"pupil_depicted: {CANARY_NAME}"),
    "literal-in-list": ("kind: sexting", f"kind: sexting\n  channels: [{CANARY_NAME}]"),
    "str-for-list": ("affected_groups: [groep 8]", f"affected_groups: {CANARY_NAME}"),
    "list-for-str": ("group: groep 8", f"group: [{CANARY_NAME}]"),
    "str-for-section": (
        "  coordinator:\n    name: Marieke Jansen\n    role: intern begeleider",
        f"  coordinator: {CANARY_NAME}",
    ),
    "language": ("language: nl", f"language: {CANARY_NAME}"),
    "summary-language-key": (
        "  pupil_depicted",
        f"  summary: {{{CANARY_NAME}: tekst}}\n  pupil_depicted",
    ),
    "summary-list": ("  pupil_depicted", f"  summary: [{CANARY_NAME}]\n  pupil_depicted"),
    "unknown-key": ("group: groep 8", f"group: groep 8\n    {CANARY_NAME}: x"),
    "unknown-lowercase-key": ("group: groep 8", "group: groep 8\n    zoë canarisdochter: x"),
    "duplicate-key": (
        "group: groep 8",
        f"group: groep 8\n    {CANARY_NAME}: 1\n    {CANARY_NAME}: 2",
    ),
    "unterminated-quote": ("name: Sanne de Boer", f'name: "{CANARY_NAME}'),
    "mapping-in-url": ("  kind: sexting", f"  kind: sexting\n  source_url: {CANARY_URL}: x"),
    "bad-escape": ("name: Sanne de Boer", f'name: "{CANARY_NAME} \\q"'),
    "flow-unclosed": ("group: groep 8", f"group: [{CANARY_NAME}, {CANARY_URL}"),
    "anchor": ("name: Sanne de Boer", f"name: &Canaris {CANARY_NAME}"),
    "alias": ("name: Sanne de Boer", "name: *Canarisdochter"),
    "tag": ("name: Sanne de Boer", f"name: !Canarisdochter {CANARY_NAME}"),
    "verbatim-tag": ("name: Sanne de Boer", f"name: !<{CANARY_URL}> x"),
    "undefined-tag-handle": ("name: Sanne de Boer", "name: !Canarisdochter!x y"),
    "bad-tag-escape": ("name: Sanne de Boer", "name: !<tag:Canarisdochter%zz> x"),
    "control-char": ("name: Sanne de Boer", f"name: {CANARY_NAME}\x07"),
    "second-document": ("communication:", f"---\nname: {CANARY_NAME}\ncommunication:"),
    "deep": ("group: groep 8", f"group: {'[' * 30}{CANARY_NAME}{']' * 30}"),
    "tab-indent": ("    group: groep 8", f"\tgroup: {CANARY_NAME}"),
    "at-sign": ("name: Sanne de Boer", f"name: @{CANARY_NAME}"),
}


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize(("old", "new"), CANARY_VARIANTS.values(), ids=CANARY_VARIANTS.keys())
def test_no_message_contains_a_planted_value(tmp_path: Path, old: str, new: str, lang: str) -> None:
    """Whatever is wrong, no message line quotes the private value planted in the file, in either language."""
    from commsgen import messages

    messages.use(lang)
    path = write(tmp_path, case_yaml(old, new))
    with pytest.raises(CaseFileError) as info:
        load_case(path)
    error = info.value
    shown = [error.message, str(error), *error.lines]
    assert all(part.casefold() not in line.casefold() for part in CANARY_PARTS for line in shown), (
        shown
    )
    # A chained library exception would print the file's text in a traceback.
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__


def test_a_whole_file_of_free_text_is_not_quoted(tmp_path: Path) -> None:
    """A file holding only a name (no mapping) is refused without repeating it."""
    [problem] = problems(tmp_path, f"{CANARY_NAME}\n")
    assert "Canaris" not in problem


# ── The mistakes of a hurried coordinator (review of December 2026), in Dutch ──────────────────
# A case as `commsgen init casus.yaml --lang nl` leaves it once filled in (fictional people).
FILLED = """\
# yaml-language-server: $schema=commsgen-case.schema.json
case:
  reference: "2026-014"
  opened: 2026-11-19
  coordinator:
    name: "Marieke Jansen"
    role: "intern begeleider"
    phone: "046 123 4567"
    email: "m.jansen@delinde.example.org"

school:
  name: "Basisschool De Linde"
  board: "Kindante"
  address: "Lindelaan 12"
  parent_contact:
    name: "Marieke Jansen"
    role: "intern begeleider"
    phone: "046 123 4567"
  signatory:
    name: "Jeroen Smeets"
    role: "directeur"

incident:
  kind: sexting
  discovered: 2026-11-18
  summary: "Er is onder leerlingen van groep 8 een foto van seksuele aard gedeeld."
  pupil_depicted: true
  channels: [whatsapp, snapchat]
  other_schools: unknown
  affected_groups: ["groep 8"]

people:
  - id: s1
    name: "Sanne de Boer"
    role: depicted
    group: "groep 8"
    guardians:
      - name: "Petra de Boer"
        relation: moeder
        phone: "06 2345 6701"
        email: "petra.deboer@example.org"
        language: nl
  - id: s2
    name: "Rob Geurts"
    role: shared
    group: "groep 8"
    guardians:
      - name: "Hanneke Geurts"
        relation: moeder
        phone: "06 2345 6702"

police:
  contact:
    name: "Karel Vos"
    role: "wijkagent"
  contacted: 2026-11-19

actions:
  - step: 3
    date: 2026-11-19
    done: true

communication:
  languages: [nl]
  parent_meeting:
    date: 2026-11-26
    time: "19:30"
    location: "Aula"
"""
FILLED_PRIVATE = (
    "Sanne", "Boer", "Petra", "Rob", "Geurts", "Hanneke", "Marieke", "Jansen", "Karel", "Smeets",
    "2345", "123 4567", "deboer", "m.jansen", "Lindelaan", "Aula", "ingang", "achterzijde", "november",
    "18-11", "19/11", "19.30", "11-31", "dader", "nederlandsch", "whatsapp, snapchat",
)

# id: (text to replace, replacement, a text on the line the message must point at, its Dutch message)
MISTAKES = {
    "01-key-indented-3-spaces": (
        '    phone: "046 123 4567"\n    email: "m.jansen', '   phone: "046 123 4567"\n    email: "m.jansen',
        '   phone: "046', "de inspringing van deze regel klopt niet: hij begint na 3 spaties, regel 7 na 4",
    ),
    "02-guardian-field-misaligned": (
        '        phone: "06 2345 6701"', '         phone: "06 2345 6701"', '         phone: "06 2345 6701"',
        "de inspringing van deze regel klopt niet: hij begint na 9 spaties",
    ),
    "03-tab-for-indentation": (
        '    group: "groep 8"\n    guardians:\n      - name: "Petra',
        '\tgroup: "groep 8"\n    guardians:\n      - name: "Petra',
        "\tgroup", "deze regel springt in met een tab; spring alleen in met spaties",
    ),
    "04-phone-without-closing-quote": (
        'phone: "06 2345 6701"', 'phone: "06 2345 6701', 'phone: "06 2345 6701',
        'het aanhalingsteken " op deze regel wordt niet gesloten: zet er aan het eind ook een, '
        'bijvoorbeeld `phone: "…"`',
    ),
    "07-date-day-first": (
        "discovered: 2026-11-18", "discovered: 18-11-2026", "discovered",
        "geen geldige datum: schrijf JJJJ-MM-DD, bijvoorbeeld 2026-11-18",
    ),
    "08-date-in-words": (
        "discovered: 2026-11-18", "discovered: 18 november", "discovered",
        "geen geldige datum: schrijf JJJJ-MM-DD",
    ),
    "09-time-with-a-dot": (
        'time: "19:30"', "time: 19.30", "time:", "geen geldige tijd: schrijf UU:MM, bijvoorbeeld 19:30",
    ),
    "12-role-not-a-choice": (
        "role: depicted", "role: dader", "role: dader",
        "people[1] (s1).role: kies uit: slachtoffer (depicted), gedeeld (shared), ontvangen (received), "
        "gezien (saw), gemeld (reported)",
    ),
    "13-pupil-id-twice": (
        '  - id: s2\n    name: "Rob', '  - id: s1\n    name: "Rob', "  - id: s1",
        "people[2] (s1).id: dit kenmerk komt twee keer voor (ook bij leerling people[1] (s1))",
    ),
    "16-language-not-known": (
        "language: nl", "language: nederlandsch", "language:",
        "people[1] (s1).guardians[1].language: geen bekende taal: schrijf bijvoorbeeld nl (Nederlands)",
    ),
    "17-key-misspelt": (
        "  address:", "  adress:", "adress", "school.adress: onbekend veld (bedoelt u address?)",
    ),
    "18-required-key-misspelt": (
        "affected_groups:", "afected_groups:", "afected_groups",
        "incident.afected_groups: onbekend veld (bedoelt u affected_groups?)",
    ),
    "19-list-written-as-text": (
        'affected_groups: ["groep 8"]', "affected_groups: groep 8", "affected_groups",
        "een lijst schrijft u zo, elk onderdeel op een eigen regel onder `affected_groups:`, met een "
        "streepje ervoor: `- groep 8`",
    ),
    "20-list-with-commas": (
        "channels: [whatsapp, snapchat]", "channels: whatsapp, snapchat", "channels",
        "een lijst schrijft u zo, elk onderdeel op een eigen regel onder `channels:`",
    ),
    "25-people-[]-above-entries": (
        "people:\n", "people: []\n", "people: []",
        "haal de [] achter `people:` weg: de regels eronder vullen het nu in",
    ),
    "27-colon-in-unquoted-text": (
        'location: "Aula"', "location: Aula: ingang achterzijde", "location",
        'in deze tekst staat een dubbele punt: zet de tekst tussen aanhalingstekens: `location: "…"`',
    ),
    "31-day-that-does-not-exist": (
        "discovered: 2026-11-18", "discovered: 2026-11-31", "discovered",
        "deze dag bestaat niet in die maand",
    ),
    "32-no-space-after-colon": (
        '    name: "Rob Geurts"', '    name:"Rob Geurts"', 'name:"Rob',
        'zet een spatie na de dubbele punt: `name: "…"`',
    ),
    "34-signatory-line-one-space-off": (
        '    role: "directeur"', '     role: "directeur"', 'role: "directeur"',
        "de inspringing van deze regel klopt niet: hij begint na 5 spaties, regel 20 na 4",
    ),
    "36-email-without-at": (
        'email: "petra.deboer@example.org"', 'email: "petra.deboer.example.org"', "petra.deboer.",
        "people[1] (s1).guardians[1].email: geen e-mailadres",
    ),
    "37-date-with-slashes": (
        "discovered: 2026-11-18", "discovered: 19/11/2026", "discovered", "geen geldige datum",
    ),
    "name-without-closing-quote": (
        '    name: "Rob Geurts"', '    name: "Rob Geurts', 'name: "Rob Geurts',
        'het aanhalingsteken " op deze regel wordt niet gesloten',
    ),
    "unknown-key-that-is-a-first-name": (
        "        language: nl", "        language: nl\n        petra: x", "petra: x",
        "people[1] (s1).guardians[1].<veldnaam>: onbekend veld (controleer de spelling; hier horen de "
        "velden: email, language, name, phone, relation)",
    ),
}


@pytest.fixture
def dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    """The interface in Dutch, as for a coordinator on a Dutch laptop."""
    from commsgen import messages

    monkeypatch.setenv("COMMSGEN_LANG", "nl")
    messages.use(None)


@pytest.mark.parametrize(("old", "new", "needle", "message"), MISTAKES.values(), ids=MISTAKES.keys())
@pytest.mark.usefixtures("dutch")
def test_a_hand_made_mistake_gets_a_dutch_message_on_the_line_of_the_fix(
    tmp_path: Path, old: str, new: str, needle: str, message: str
) -> None:
    """Each common mistake: a Dutch message saying what to type, on the line to fix, no value in it."""
    assert old in FILLED, old
    text = FILLED.replace(old, new, 1)
    found = problems(tmp_path, text)
    start = text.rfind("\n", 0, text.index(new)) + 1  # the needle is searched from the change on
    line = text[: text.index(needle.splitlines()[0], start)].count("\n") + 1
    expected = f"{tmp_path / 'case.yaml'}:{line}: "
    assert any(line.startswith(expected) and message in line for line in found), found
    shown = "\n".join(found)
    assert not [part for part in FILLED_PRIVATE if part.casefold() in shown.casefold()], found


# id: (text to replace, replacement, the path of the field, the value stored)
ACCEPTED = {
    "05-phone-with-dash-unquoted": ('phone: "06 2345 6701"', "phone: 06-23456701",
                                    ("people", 0, "guardians", 0, "phone"), "06-23456701"),
    "06-phone-unquoted-leading-zero": ('phone: "06 2345 6701"', "phone: 0623456702",
                                       ("people", 0, "guardians", 0, "phone"), "0623456702"),
    "10-ja-for-true": ("pupil_depicted: true", "pupil_depicted: ja", ("incident", "pupil_depicted"), True),
    "11-nee-for-no": ("other_schools: unknown", "other_schools: nee", ("incident", "other_schools"), "no"),
    "11-onbekend-for-unknown": ("other_schools: unknown", "other_schools: onbekend",
                                ("incident", "other_schools"), "unknown"),
    "12-slachtoffer-for-depicted": ("role: depicted", "role: slachtoffer", ("people", 0, "role"), "depicted"),
    "12-doorgestuurd-for-shared": ("role: shared", "role: doorgestuurd", ("people", 1, "role"), "shared"),
    "15-language-in-capitals": ("language: nl", "language: NL",
                                ("people", 0, "guardians", 0, "language"), "nl"),
    "16-language-by-its-dutch-name": ("language: nl", "language: Nederlands",
                                      ("people", 0, "guardians", 0, "language"), "nl"),
    "16-language-by-its-english-name": ("language: nl", "language: Arabic",
                                        ("people", 0, "guardians", 0, "language"), "ar"),
    "26-curly-quotes-around-a-name": ('name: "Rob Geurts"', "name: “Rob Geurts”", ("people", 1, "name"),
                                      "Rob Geurts"),
    "28-kind-with-a-capital": ("kind: sexting", "kind: Sexting", ("incident", "kind"), "sexting"),
    "29-channel-as-written-by-its-maker": ("channels: [whatsapp, snapchat]", "channels: [WhatsApp]",
                                           ("incident", "channels"), ["whatsapp"]),
    "30-mama-for-moeder": ('relation: moeder\n        phone: "06 2345 6701"',
                           'relation: mama\n        phone: "06 2345 6701"',
                           ("people", 0, "guardians", 0, "relation"), "moeder"),
    "33-done-ja": ("done: true", "done: ja", ("actions", 0, "done"), True),
    "school-type-vo": ("  board: \"Kindante\"", "  board: \"Kindante\"\n  type: vo",
                       ("school", "type"), "secondary"),
    "school-type-basisschool": ("  board: \"Kindante\"", "  board: \"Kindante\"\n  type: Basisschool",
                                ("school", "type"), "primary"),
    "comment-between-key-and-value": ('  summary: "Er', '  summary:\n    # Ouders lezen dit.\n    "Er',
                                      ("incident", "summary"),
                                      "Er is onder leerlingen van groep 8 een foto van seksuele aard "
                                      "gedeeld."),
    "comment-between-key-and-list": ('  affected_groups: ["groep 8"]',
                                     "  affected_groups:\n    # alle ouders van deze groepen\n    - groep 8",
                                     ("incident", "affected_groups"), ["groep 8"]),
    "yaml-1.3-directive": ("# yaml-language", "%YAML 1.3\n---\n# yaml-language", ("case", "reference"),
                           "2026-014"),
    "23-crlf-line-endings": ("\n", "\r\n", ("people", 1, "id"), "s2"),
}


@pytest.mark.parametrize(("old", "new", "loc", "stored"), ACCEPTED.values(), ids=ACCEPTED.keys())
def test_what_people_type_for_a_value_is_read_as_that_value(
    tmp_path: Path, old: str, new: str, loc: tuple[str | int, ...], stored: object
) -> None:
    """Dutch words, capitals, language names, comments and line endings load as the stored value."""
    assert old in FILLED, old
    text = FILLED.replace(old, new, -1 if old == "\n" else 1)
    value: object = load_case(write(tmp_path, text)).case
    for part in loc:
        value = value[part] if isinstance(part, int) else getattr(value, part)  # type: ignore[index]
    assert value == stored


@pytest.mark.usefixtures("dutch")
def test_a_word_that_is_no_choice_lists_the_dutch_words(tmp_path: Path) -> None:
    """`other_schools: misschien` lists ja, nee, onbekend with the stored words beside them."""
    text = FILLED.replace("other_schools: unknown", "other_schools: misschien")
    [problem] = problems(tmp_path, text)
    assert problem.endswith("incident.other_schools: kies uit: ja (yes), nee (no), onbekend (unknown)")


@pytest.mark.usefixtures("dutch")
def test_a_file_saved_as_casus_yaml_txt_is_named(tmp_path: Path) -> None:
    """Notepad saves `casus.yaml.txt`; the message says so and how to rename it (24)."""
    write(tmp_path, FILLED, "casus.yaml.txt")
    with pytest.raises(CaseFileError) as info:
        load_case(tmp_path / "casus.yaml")
    assert info.value.lines == [
        f"{tmp_path / 'casus.yaml'}: bestand niet gevonden, maar casus.yaml.txt staat er wel: geef dat "
        "bestand de naam casus.yaml (Windows verbergt het laatste deel van een bestandsnaam)"
    ]


@pytest.mark.usefixtures("dutch")
def test_a_file_saved_by_notepad_as_windows_1252_is_named_in_dutch(tmp_path: Path) -> None:
    """A Windows-1252 file (22) gets the line of its first such byte and how to save it as UTF-8."""
    text = FILLED.replace('name: "Rob Geurts"', 'name: "Zoë Geurts"')
    [problem] = problems(tmp_path, text.encode("cp1252"))
    assert problem == (
        f"{tmp_path / 'case.yaml'}:{line_of(text, 'Zoë')}: geen UTF-8-tekst (sla het bestand op als "
        "UTF-8: in Kladblok via Opslaan als, Codering: UTF-8)"
    )


def test_a_yaml_2_directive_is_refused_with_its_line(tmp_path: Path) -> None:
    """`%YAML 2.0` is not a version this tool reads: a clear message, never an internal error."""
    [problem] = problems(tmp_path, "%YAML 2.0\n---\n" + FILLED)
    assert problem == f"{tmp_path / 'case.yaml'}:1: this tool reads YAML 1.2: remove the %YAML line"


def test_an_unknown_key_that_is_a_word_of_the_case_is_never_shown(tmp_path: Path) -> None:
    """A key close to a field name is still hidden when it is a word of a value (`noten` near `notes`)."""
    text = FILLED.replace('    group: "groep 8"\n    guardians:\n      - name: "Hanneke',
                          '    group: "groep 8"\n    noten: x\n    guardians:\n      - name: "Hanneke')
    text = text.replace('name: "Rob Geurts"', 'name: "Rob Noten"')
    [problem] = problems(tmp_path, text)
    assert "people[2] (s2).<key>: unknown field (did you mean notes?)" in problem
    assert "noten" not in problem.casefold()
