"""Any case file, valid YAML or not, loads or gets one-line messages: never an internal error."""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from commsgen.cli import cli
from tests.conftest import CASE_YAML

WriteCase = Callable[[str], Path]
VALID = "case.yaml: valid"
PROBLEM = re.compile(r"^commsgen: error: .*case\.yaml(:\d+)?: ")


def with_reference(value_lines: str) -> str:
    """The small case with `case.reference` written as given (the lines after `reference:`)."""
    return CASE_YAML.replace('  reference: "2026-901"', "  reference:" + value_lines, 1)


def as_json() -> str:
    """The small case written as JSON, which YAML 1.2 reads as well."""
    return json.dumps(YAML(typ="safe", pure=True).load(CASE_YAML), default=str, ensure_ascii=False, indent=1)


# Valid YAML the spec allows, each in a real case file: every one loads.
ODD_BUT_VALID = {
    "comment-before-value": with_reference(' # het zaaknummer\n    "2026-901"'),
    "p94k-comment-lines": with_reference('    # Comment\n               # lines\n    "2026-901"\n\n\n'),
    "comment-and-blank-before-value": with_reference(" #\n\n    # nog een\n    2026-901"),
    "block-literal": with_reference(" |-\n    2026-901"),
    "block-folded-indicator": with_reference(" >2-\n     2026-901"),
    "plain-over-two-lines": CASE_YAML.replace(
        '  summary: "Er is onder leerlingen van groep 8 een foto van seksuele aard gedeeld."',
        "  summary: Er is onder leerlingen van groep 8\n    een foto van seksuele aard gedeeld."),
    "single-quoted": with_reference(" '2026-901'"),
    "explicit-key": CASE_YAML.replace('  reference: "2026-901"', '  ? reference\n  : "2026-901"', 1),
    "document-markers": "%YAML 1.2\n---\n" + CASE_YAML + "...\n",
    "crlf": CASE_YAML.replace("\n", "\r\n"),
    "json": as_json(),
    "trailing-spaces-and-tabs": CASE_YAML.replace('"2026-901"', '"2026-901" \t', 1),
    "tag-directive": "%TAG !e! tag:example.org,2026:\n---\n" + CASE_YAML,
    "unknown-directive": "%GEHEIM ja\n---\n" + CASE_YAML,
    "bom-in-the-middle": CASE_YAML.replace("Aula", "Au\ufeffla"),
    "comment-after-quoted-value": CASE_YAML.replace('"2026-901"', '"2026-901"  # dossier', 1),
}

# Broken, or YAML this tool does not take (anchors, tags, several documents): one message each.
BROKEN = {
    "unclosed-double-quote": with_reference(' "2026-901\n  # geopend op\n'),
    "unclosed-single-quote": with_reference(" '2026-901"),
    "unclosed-flow-list": CASE_YAML.replace("[whatsapp, snapchat]", "[whatsapp, snapchat"),
    "unclosed-flow-map": CASE_YAML.replace('location: "Aula"}', 'location: "Aula"'),
    "bad-escape": with_reference(' "2026\\q901"'),
    "tab-indent": CASE_YAML.replace("  reference:", "\treference:", 1),
    "key-one-space-off": CASE_YAML.replace("  opened:", "   opened:", 1),
    "anchor": with_reference(' &r "2026-901"'),
    "alias": CASE_YAML + "x: *r\n",
    "tag": with_reference(" !!binary aGFsbG8="),
    "local-tag": with_reference(" !geheim x"),
    "yaml-2": "%YAML 2.0\n---\n" + CASE_YAML,
    "two-documents": CASE_YAML + "---\n" + CASE_YAML,
    "content-after-end": CASE_YAML + "...\nnog: iets\n",
    "complex-key": CASE_YAML.replace('  reference: "2026-901"', '  ? [a, b]\n  : "2026-901"', 1),
    "empty-key": CASE_YAML.replace('  reference: "2026-901"', '  : "2026-901"', 1),
    "merge-key": CASE_YAML + "extra:\n  <<: {a: b}\n",
    "null-byte": CASE_YAML.replace("Aula", "Au\x00la"),
    "control-character": CASE_YAML.replace("Aula", "Au\x07la"),
    "hash-in-plain-value": CASE_YAML.replace(
        'parent_meeting: {date: 2026-11-26, time: "19:30", location: "Aula"}',
        "parent_meeting:\n    date: 2026-11-26\n    location: Aula #2"),
    "hash-in-flow-value": CASE_YAML.replace('location: "Aula"}', "location: Aula #2}"),
    "no-space-after-colon": CASE_YAML.replace('  reference: "2026-901"', '  reference:"2026-901"', 1),
    "colon-in-value": CASE_YAML.replace('location: "Aula"', "location: Aula: achteringang"),
    "only-a-comment": "# leeg\n",
    "a-list": "- a\n- b\n",
    "a-scalar": "hallo\n",
    "deep": "a: " + "[" * 200 + "]" * 200 + "\n",
    "deep-block": "".join("  " * i + f"k{i}:\n" for i in range(60)),
    "lone-dash": "-\n",
    "question-mark": "?\n",
    "block-scalar-bad-indent": with_reference(" |\n  2026-901\n    meer"),
}


def check(runner: CliRunner, path: Path) -> tuple[int, list[str]]:
    result = runner.invoke(cli, ["check", str(path)])
    return result.exit_code, [line for line in result.output.splitlines() if line.strip()]


def assert_no_internal_error(code: int, lines: list[str]) -> None:
    assert 0 <= code <= 4, lines
    assert not any("internal error" in line for line in lines), lines
    assert lines, "no message at all"
    if code:
        assert all(PROBLEM.match(line) for line in lines), lines  # each problem one line, with its file


@pytest.mark.parametrize("text", ODD_BUT_VALID.values(), ids=ODD_BUT_VALID.keys())
def test_odd_but_valid_yaml_loads(runner: CliRunner, write_case: WriteCase, text: str) -> None:
    """Comments between a key and its value (P94K), block scalars, JSON, explicit keys: all valid."""
    code, lines = check(runner, write_case(text))
    assert code == 0, lines
    assert lines[-1].endswith("valid (2 involved pupils)") or VALID in lines[-1], lines


@pytest.mark.parametrize("text", BROKEN.values(), ids=BROKEN.keys())
def test_broken_yaml_gets_one_line_messages(runner: CliRunner, write_case: WriteCase, text: str) -> None:
    """Each broken or refused file: exit 1, every message one line naming the file (and line)."""
    code, lines = check(runner, write_case(text))
    assert code == 1, lines
    assert_no_internal_error(code, lines)


def test_an_unclosed_quote_is_reported_on_its_own_line_with_its_own_field(
    runner: CliRunner, write_case: WriteCase
) -> None:
    """`reference: "2026-031` followed by a comment line: line 2, the quote advice, the reference key."""
    code, lines = check(runner, write_case(BROKEN["unclosed-double-quote"]))
    assert code == 1
    assert len(lines) == 1
    expected = r"case\.yaml:2: YAML syntax error: the quote \" on this line is not closed: .*`reference: "
    assert re.search(expected, lines[0]), lines


def test_text_after_a_hash_is_refused_not_dropped(runner: CliRunner, write_case: WriteCase) -> None:
    """`location: Aula #2` would lose `#2` as a comment: refused on its line, naming the field only."""
    text = BROKEN["hash-in-plain-value"]
    code, lines = check(runner, write_case(text))
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "Aula #2" in row)
    assert code == 1
    assert len(lines) == 1
    assert f"case.yaml:{line}: communication.parent_meeting.location: the text after ' #'" in lines[0]
    assert "Aula" not in lines[0]


def test_comments_after_values_as_the_contract_writes_them_load(
    runner: CliRunner, write_case: WriteCase
) -> None:
    """`opened: 2026-11-19   # staff` (SPEC section 3's own example) is a comment, not lost text."""
    text = CASE_YAML.replace('location: "Aula"}', 'location: Aula}   # openbaar', 1)
    text = re.sub(r"(?m)^(  kind: sexting)$", r"\1                    # sexting | distribution", text)
    assert "# sexting | distribution" in text
    code, lines = check(runner, write_case(text))
    assert code == 0, lines


LINE_EDITS = st.tuples(st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=60),
                       st.text(alphabet=st.sampled_from(list(" \t\n#:-?[]{}\"'&*!|>%@`,.0aé\u00a0")),
                               max_size=4))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(LINE_EDITS, min_size=1, max_size=3))
def test_a_case_file_with_random_edits_never_ends_in_an_internal_error(
    runner: CliRunner, edits: list[tuple[int, int, str]]
) -> None:
    """The real case with YAML's special characters typed anywhere: it loads, or gets one-line messages."""
    lines = CASE_YAML.splitlines(keepends=True)
    for row, column, typed in edits:
        row %= len(lines)
        lines[row] = lines[row][:column] + typed + lines[row][column:]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "case.yaml"
        path.write_text("".join(lines), encoding="utf-8")
        assert_no_internal_error(*check(runner, path))


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=300))
def test_random_text_never_ends_in_an_internal_error(text: str) -> None:
    """Any text at all as a case file: a valid-case or one-line messages, exit code 0 to 4."""
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "case.yaml"
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        code, lines = check(runner, path)
        assert_no_internal_error(code, lines)
