"""Track Changes: a document is read as Word shows it, and what the changes removed is read on its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from commsgen.audiences import Audience
from commsgen.casefile import load_case
from commsgen.cli import cli
from commsgen.docxtext import part_text
from commsgen.guard_scan import Scanner
from tests.docxbuild import package, parts_of, replace, word_document

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MARK = 'w:id="{}" w:author="Medewerker" w:date="2026-11-20T10:00:00Z"'


def body(xml: str) -> bytes:
    return f"<w:document {W_NS}><w:body>{xml}</w:body></w:document>".encode()


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def deleted(text: str, n: int = 1) -> str:
    return f'<w:del {MARK.format(n)}><w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'


def inserted(text: str, n: int = 2) -> str:
    return f"<w:ins {MARK.format(n)}>{run(text)}</w:ins>"


ATTRIBUTES = {"preserve", "Medewerker", "2026-11-20T10:00:00Z"}  # attribute values are read too


def lines_of(xml: str) -> list[str]:
    """The lines of a part's text, without the attribute values the reader adds."""
    return [line for line in part_text("word/document.xml", body(xml)).split("\n") if line not in ATTRIBUTES]


def found(case_file: Path, xml: str, audience: str = "parents") -> set[str]:
    scanner = Scanner(load_case(case_file).case, Audience.parse(audience))
    return {f.field for f in scanner.scan_parts({"word/document.xml": body(xml)})}


def test_a_deleted_letter_inside_a_word_is_not_part_of_the_shown_text() -> None:
    """`Verbe` + deleted `e` + `ek` reads `Verbeek`, as Word shows it, not `Verbeeek`."""
    lines = lines_of(f"<w:p>{run('Daan Verbe')}{deleted('e')}{run('ek is ziek.')}</w:p>")
    assert lines[0] == "Daan Verbeek is ziek."


def test_what_a_change_removed_is_read_on_its_own_and_in_the_text_before_the_change() -> None:
    """The paragraph as it read before the change, and the deleted piece alone, follow the shown text."""
    lines = lines_of(f"<w:p>{run('Brief aan ')}{deleted('Sanne de Boer')}{inserted('de ouders')}</w:p>")
    assert lines == ["Brief aan de ouders", "Brief aan Sanne de Boer", "Sanne de Boer"]


def test_a_name_mended_with_a_tracked_deletion_is_found(case_file: Path) -> None:
    """`Sanne de Boe` + deleted `e` + `r`: Word shows the pupil's full name; the scan finds it."""
    xml = f"<w:p>{run('Gesprek met Sanne de Boe')}{deleted('e')}{run('r.')}</w:p>"
    assert "people[1] (s1).name" in found(case_file, xml)


def test_a_name_only_in_deleted_text_is_still_found(case_file: Path) -> None:
    """The file carries deleted text (Reject All shows it again): a name there is a finding."""
    xml = f"<w:p>{run('Gesprek met ')}{deleted('Tim Jansen')}{inserted('de leerling')}{run('.')}</w:p>"
    assert "people[2] (s2).name" in found(case_file, xml)


def test_a_phone_number_split_by_a_deletion_is_found(case_file: Path) -> None:
    """`06 1234 5` + deleted `9` + `678` shows the guardian's number, and is found."""
    xml = f"<w:p>{run('Bel 06 1234 5')}{deleted('9')}{run('678.')}</w:p>"
    assert "people[1] (s1).guardians[1].phone" in found(case_file, xml)


def test_text_moved_with_track_changes_is_read_where_it_stands_and_where_it_stood(case_file: Path) -> None:
    """`w:moveFrom` is out of the shown text but read; `w:moveTo` is shown (here it completes a name)."""
    move_from = f'<w:moveFrom {MARK.format(3)}>{run("Jansen")}</w:moveFrom>'
    move_to = f'<w:moveTo {MARK.format(4)}>{run("Jansen")}</w:moveTo>'
    lines = lines_of(f"<w:p>{move_from}{run(' gebeld.')}</w:p><w:p>{run('Tim ')}{move_to}</w:p>")
    assert lines[0] == " gebeld."
    assert "Tim Jansen" in lines
    assert "people[2] (s2).name" in found(case_file, f"<w:p>{run('Tim ')}{move_to}</w:p>")


def test_a_deleted_paragraph_mark_joins_the_paragraphs_as_word_shows_them() -> None:
    """A tracked deletion of the paragraph mark between `Verbe` and `ek` shows one word."""
    mark = f'<w:pPr><w:rPr><w:del {MARK.format(5)}/></w:rPr></w:pPr>'
    lines = lines_of(f"<w:p>{mark}{run('Daan Verbe')}</w:p><w:p>{run('ek is ziek.')}</w:p>")
    assert "Daan Verbeek is ziek." in lines
    assert "ek is ziek." not in lines


def test_a_document_without_tracked_changes_reads_as_before() -> None:
    """No change: one line per paragraph, nothing repeated."""
    assert lines_of(f"<w:p>{run('Beste ouders,')}</w:p><w:p>{run('Met vriendelijke groet')}</w:p>") == [
        "Beste ouders,", "Met vriendelijke groet"]


@pytest.mark.parametrize("audience, exit_code", [("parents", 3), ("police", 0)])
def test_scan_finds_a_name_mended_with_track_changes_in_a_real_package(
    runner: CliRunner, case_file: Path, tmp_path: Path, audience: str, exit_code: int
) -> None:
    """`commsgen scan` of a Word file with a deleted letter inside a pupil's surname: a leak for parents."""
    parts = parts_of(word_document("Gesprek met Tim Jansssen gepland."))
    replace(parts, "word/document.xml", "<w:t>Gesprek met Tim Jansssen gepland.</w:t></w:r>",
            f"<w:t>Gesprek met Tim Jans</w:t></w:r>{deleted('ss')}{run('en gepland.')}")
    path = tmp_path / "brief.docx"
    path.write_bytes(package(parts))
    result = runner.invoke(cli, ["scan", str(path), "--case", str(case_file), "--audience", audience])
    assert result.exit_code == exit_code, result.output


SEGMENT = st.tuples(st.sampled_from(["shown", "del", "ins", "moveFrom", "moveTo"]),
                    st.text(alphabet="abcdefghij KLMNOP0123456789", min_size=1, max_size=8))


@settings(max_examples=200, deadline=None)
@given(segments=st.lists(SEGMENT, min_size=1, max_size=8))
def test_any_mix_of_tracked_changes_reads_as_word_shows_it(segments: list[tuple[str, str]]) -> None:
    """Shown, inserted and moved-to text make the shown line; deleted and moved-from text is read apart."""
    xml = ""
    for n, (kind, text) in enumerate(segments):
        if kind == "shown":
            xml += run(text)
        elif kind == "del":
            xml += deleted(text, n)
        else:
            tag = "w:ins" if kind == "ins" else f"w:{kind}"
            xml += f"<{tag} {MARK.format(n)}>{run(text)}</{tag}>"
    lines = lines_of(f"<w:p>{xml}</w:p>")
    shown = "".join(text for kind, text in segments if kind in ("shown", "ins", "moveTo"))
    before = "".join(text for kind, text in segments if kind in ("shown", "del", "moveFrom"))
    assert lines[0] == shown
    if any(kind in ("del", "moveFrom", "ins", "moveTo") for kind, _ in segments):
        assert before in lines
    for kind, text in segments:
        if kind in ("del", "moveFrom") and text.strip():
            assert any(text in line for line in lines[1:])
