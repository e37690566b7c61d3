"""Languages: catalogs stay in sync with the templates, are complete, and never mix languages."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from docx import Document

from commsgen import i18n
from commsgen.casefile import load_case
from commsgen.errors import LocaleError
from commsgen.generate import Options, case_languages, plan, produce
from commsgen.kinds import KINDS
from commsgen.labels import LABELS
from commsgen.resources import locales_dir
from commsgen.templates import load_template
from tests.conftest import CASE_YAML, make_template

PARENT_LANGUAGES = ["en", "de", "pl", "tr", "ar", "uk"]


def po_path(lang: str, base: Path | None = None) -> Path:
    return (base or locales_dir()) / lang / "LC_MESSAGES" / "commsgen.po"


def template_msgids() -> set[str]:
    return set().union(*(load_template(kind).msgids for kind in KINDS)) | set(LABELS.values())


def test_the_pot_file_holds_exactly_the_template_and_label_texts() -> None:
    """Every `_()` text of every template and every label is extracted; nothing stale remains."""
    with (locales_dir() / "commsgen.pot").open("rb") as handle:
        pot = {str(m.id) for m in read_po(handle) if m.id}
    assert pot == template_msgids()


@pytest.mark.parametrize("lang", PARENT_LANGUAGES)
def test_catalogs_pass_babels_checks_and_hold_no_stale_entries(lang: str) -> None:
    """Placeholders match their msgid, the syntax is valid, and every msgid is still in use."""
    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    problems = [(m.id, errors) for m, errors in catalog.check() if errors]
    assert problems == []
    assert {str(m.id) for m in catalog if m.id} <= template_msgids()


ENGLISH_KINDS = ["parent-letter", "teacher-briefing", "student-meeting", "police-handover"]


@pytest.mark.parametrize(
    "lang, kinds",
    [("en", ENGLISH_KINDS)] + [(lang, ["parent-letter"]) for lang in PARENT_LANGUAGES[1:]],
)
def test_catalogs_are_complete_for_the_documents_they_promise(lang: str, kinds: list[str]) -> None:
    """English covers the first four documents; the other languages cover what parents read.

    The kinds of the whole protocol are Dutch only until their translation pass (issue 11).
    """
    catalog = i18n.catalog(lang)
    for kind in kinds:
        assert catalog.missing(load_template(kind).msgids | set(LABELS.values())) == [], kind


@pytest.fixture
def own_locales(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the catalogs that a test may break, used instead of the shipped ones."""
    copy = tmp_path / "locales"
    shutil.copytree(locales_dir(), copy)
    monkeypatch.setattr(i18n, "locales_dir", lambda: copy)
    i18n.catalog.cache_clear()
    yield copy
    i18n.catalog.cache_clear()


def edit_entry(base: Path, lang: str, msgid: str, translation: str) -> None:
    path = po_path(lang, base)
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    catalog[msgid].string = translation
    with path.open("wb") as handle:
        write_po(handle, catalog)


def letter(case_file: Path, lang: str, folder: Path | None = None, allow: bool = False) -> str:
    loaded = load_case(case_file)
    options = Options(("parent-letter",), (lang,), None, folder, allow_untranslated=allow)
    [document] = produce(loaded, plan(loaded, options), options)
    return "\n".join(p.text for p in Document(io.BytesIO(document.data)).paragraphs)


def test_a_missing_translation_is_an_error_naming_language_and_count(
    case_file: Path, own_locales: Path
) -> None:
    """A letter is never a mix of German and Dutch."""
    edit_entry(own_locales, "de", "Beste ouder(s)/verzorger(s),", "")
    with pytest.raises(LocaleError, match=r"'de': 1 text\(s\)"):
        letter(case_file, "de")


def test_allow_untranslated_accepts_dutch_for_missing_texts(case_file: Path, own_locales: Path) -> None:
    """--allow-untranslated renders the Dutch text where a translation is missing."""
    edit_entry(own_locales, "de", "Beste ouder(s)/verzorger(s),", "")
    assert "Beste ouder(s)/verzorger(s)," in letter(case_file, "de", allow=True)


def test_a_broken_placeholder_counts_as_missing(case_file: Path, own_locales: Path) -> None:
    """A translation that renames %(datum)s is refused rather than crashing mid-letter."""
    msgid = next(m for m in load_template("parent-letter").msgids if "%(" in m)
    edit_entry(own_locales, "de", msgid, "Kaputt %(falsch)s")
    assert i18n.catalog("de").broken == 1
    with pytest.raises(LocaleError):
        letter(case_file, "de")


def test_a_translation_with_ampersand_and_angle_brackets_appears_exactly(
    case_file: Path, own_locales: Path, tmp_path: Path
) -> None:
    """Translations are XML-escaped: `&` and `<` neither blank the paragraph nor inject markup."""
    folder = tmp_path / "tpl"
    make_template(folder, "parent-letter", body=['{{ _("Beste ouder(s)/verzorger(s),") }}'])
    edit_entry(own_locales, "en", "Beste ouder(s)/verzorger(s),", "Dear parents & <carers>,")
    assert letter(case_file, "en", folder) == "Dear parents & <carers>,"


@pytest.mark.parametrize("lang", ["nl", *PARENT_LANGUAGES])
def test_the_parent_letter_renders_in_every_language(case_file: Path, lang: str) -> None:
    """Each language's letter renders, passes the leak scan, and shows its own date format."""
    text = letter(case_file, lang)
    assert "2026" in text and "Sanne" not in text


def test_an_arabic_letter_reads_right_to_left_and_keeps_numbers_readable(case_file: Path) -> None:
    """Arabic paragraphs are right to left; a phone number's paragraph keeps left-to-right order."""
    from lxml import etree

    from commsgen.bidi import RTL_SCRIPT

    loaded = load_case(case_file)
    options = Options(("parent-letter",), ("ar",), None, None)
    [document] = produce(loaded, plan(loaded, options), options)
    with zipfile.ZipFile(io.BytesIO(document.data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    paragraphs = [("".join(t.text or "" for t in p.iter(f"{w}t")), p.find(f"{w}pPr/{w}bidi") is not None)
                  for p in root.iter(f"{w}p")]
    arabic = [bidi for text, bidi in paragraphs if RTL_SCRIPT.search(text)]
    assert arabic and all(arabic)
    assert [bidi for text, bidi in paragraphs if text.strip() == "046 123 4567"] == [False]
    assert root.find(f".//{w}tblPr/{w}bidiVisual") is not None


def test_without_case_languages_parents_get_dutch_plus_guardian_languages(write_case) -> None:  # type: ignore[no-untyped-def]
    """communication.languages absent: Dutch and every guardian's language, each once."""
    text = CASE_YAML.replace("  languages: [nl]\n", "").replace("language: nl}", "language: ar}", 1)
    assert case_languages(load_case(write_case(text))) == ["nl", "ar"]
