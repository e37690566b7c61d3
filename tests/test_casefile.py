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


@pytest.mark.parametrize(("old", "new"), CANARY_VARIANTS.values(), ids=CANARY_VARIANTS.keys())
def test_no_message_contains_a_planted_value(tmp_path: Path, old: str, new: str) -> None:
    """Whatever is wrong, no message line quotes the private value planted in the file."""
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
