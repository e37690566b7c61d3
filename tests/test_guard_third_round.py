"""The guard, third round (issue 16): what it reads in text. International addresses, dates of birth
as staff and Excel write them, obfuscated and percent-encoded forms, and names that are words.

Each class is tested once through the layer every command shares (`CaseIndex`, `Scanner`), and
through `check` or `pack` where the issue names them. Fictional people, reserved domains only.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commsgen.audiences import Audience
from commsgen.casefile import load_case
from commsgen.cli import cli
from commsgen.errors import CaseFileError
from commsgen.freetext import check_free_text
from commsgen.guard_index import PARTICLES, month_names, normalise
from commsgen.guard_scan import LABELS, TITLES, Scanner, lexicon
from commsgen.kinds import KINDS
from commsgen.readers import READERS
from tests.conftest import CASE_YAML, docx_text, make_template

SUMMARY = 'summary: "Er is onder leerlingen van groep 8 een foto van seksuele aard gedeeld."'
SANNE_EMAIL = "people[1] (s1).guardians[1].email"
SANNE = "people[1] (s1).name"
SOURCE = "incident.source_url"
UNKNOWN_EMAIL = "an e-mail address that is not in the case file"
EXAMPLE = Path(__file__).parent.parent / "examples" / "case.yaml"


def variant(*edits: tuple[str, str], base: str = CASE_YAML) -> str:
    """The case with each (old, new) edit applied once; every edit must apply."""
    for old, new in edits:
        assert old in base, old
        base = base.replace(old, new, 1)
    return base


def write(tmp_path: Path, text: str, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def findings(path: Path, text: str, audience: str = "parents", lang: str = "nl",
             allowed: frozenset[str] = frozenset()) -> set[str]:
    scanner = Scanner(load_case(path).case, Audience.parse(audience), lang)
    return {f.field for f in scanner.scan_text(text, "word/document.xml", allowed)}


def refused(path: Path) -> set[str]:
    """The fields `check` names as mentioned where they may not be (empty: accepted)."""
    try:
        check_free_text(load_case(path))
    except CaseFileError as e:
        return {m for problem in e.lines for m in re.findall(r"mentions (.+?), which", problem)}
    return set()


# --- 1. International addresses ---------------------------------------------------------------------

IDN_SOURCE = ('source_url: "https://leak.example.invalid/abc"', 'source_url: "https://canary-föto.invalid/abc"')


@pytest.mark.parametrize("written", ["https://canary-föto.invalid/abc", "canary-föto.invalid/abc",
                                     "CANARY-FÖTO.invalid", "https://xn--canary-fto-lcb.invalid/abc",
                                     "canary-fo\u0308to.invalid"],
                         ids=["scheme", "no-scheme", "upper-host", "punycode", "decomposed"])
def test_a_police_only_address_with_a_non_ascii_host_is_refused_in_the_summary(tmp_path: Path,
                                                                                written: str) -> None:
    """The source URL with `ö` in its host, however written, is the police's: `check` refuses it."""
    summary = f'summary: "Er is een foto gedeeld, zie {written} voor meer."'
    assert SOURCE in refused(write(tmp_path, variant(IDN_SOURCE, (SUMMARY, summary))))


def test_a_guardian_address_with_a_non_ascii_local_part_is_found_for_every_reader_but_its_own(
        tmp_path: Path) -> None:
    """`jürgen.bakker@…` is the guardian's address for the staff, the IT desk and another pupil's
    document alike; unknown to the case it is still an address for the parents."""
    edit = ('email: "petra.deboer@example.org"', 'email: "jürgen.bakker@example.org"')
    path = write(tmp_path, variant(edit))
    text = "Mail jürgen.bakker@example.org of JÜRGEN.BAKKER@EXAMPLE.ORG."
    for audience in ("parents", "staff", "it", "student:s2"):
        assert SANNE_EMAIL in findings(path, text, audience), audience
    assert findings(path, "Mail ölaf.visser@example.org.", "parents") == {UNKNOWN_EMAIL}
    assert findings(path, "Mail https://bücher.example.org.", "parents") == {
        "a web address that is not in the case file"}


def test_an_arabic_label_glued_to_an_international_address_is_still_not_part_of_it(tmp_path: Path) -> None:
    """Only Latin letters join an address: an Arabic label a PDF glues to it is no new address."""
    path = write(tmp_path, CASE_YAML.replace("m.jansen@linde.example.org", "m.jänsen@linde.example.org"))
    text = "البريد الإلكترونيm.jänsen@linde.example.orgالهاتف046 123 4567"
    assert findings(path, text, "parents") == set()


# --- 3. Obfuscated and encoded forms ----------------------------------------------------------------

@pytest.mark.parametrize("written", ["petra.deboer[at]example.org", "petra.deboer (at) example (dot) org",
                                     "petra.deboer at example dot org", "petra.deboer{at}example[dot]org",
                                     "petra.deboer%40example.org", "petra.deboer%2540example.org"],
                         ids=["brackets", "parentheses", "words", "braces", "percent", "double-percent"])
@pytest.mark.parametrize("audience", ["parents", "it", "advisor", "student:s2"])
def test_an_obfuscated_address_is_the_address_for_every_reader_that_may_not_see_it(
        case_file: Path, written: str, audience: str) -> None:
    """An address written so that robots miss it reaches a reader all the same: not only the wide
    audiences (through the unknown-address detector) but every one the guardian's value is hidden from."""
    assert SANNE_EMAIL in findings(case_file, f"Mail {written} voor vragen.", audience)


@pytest.mark.parametrize("audience", ["parents", "it", "advisor", "student:s2"])
def test_a_name_percent_encoded_in_a_links_query_is_found(tmp_path: Path, audience: str) -> None:
    """`?leerling=Zo%C3%AB` is Zoë: found in text and in a hyperlink target, for every reader of
    whom the name is hidden."""
    path = write(tmp_path, variant(('name: "Sanne de Boer"', 'name: "Zoë de Boer"')))
    assert SANNE in findings(path, "Zie https://school.example.org/?leerling=Zo%C3%AB&groep=8", audience)
    assert SANNE in findings(path, "https://school.example.org/?q=Zo%C3%AB%20de%20Boer", audience)


def test_a_name_in_a_hyperlink_target_is_blocked_by_scan(tmp_path: Path) -> None:
    """A hand-edited letter whose link points at `…?leerling=Zo%C3%AB`: `scan` exits 3."""
    path = write(tmp_path, variant(('name: "Sanne de Boer"', 'name: "Zoë de Boer"')))
    letter = make_template(tmp_path / "edited", "letter", body=["Beste ouders,"])
    with zipfile.ZipFile(letter) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    rels = "word/_rels/document.xml.rels"
    link = ('<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/hyperlink" Target="https://school.example.org/?leerling=Zo%C3%AB" '
            'TargetMode="External"/></Relationships>')
    parts[rels] = parts[rels].replace(b"</Relationships>", link.encode())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    letter.write_bytes(out.getvalue())
    result = invoke("scan", letter, "--case", path, "--audience", "parents")
    assert result.exit_code == 3, result.output
    assert SANNE in result.stderr and "Zo" not in result.stderr


def test_at_and_dot_in_running_text_are_no_address(case_file: Path) -> None:
    """"We meet at school" and "dot" in a sentence are words, not an address."""
    assert findings(case_file, "We meet at school, dot on time, and look at the dot of the i.") == set()


# --- 2. Dates of birth as staff and Excel write them ------------------------------------------------

BORN = ('    name: "Sanne de Boer"\n', '    name: "Sanne de Boer"\n    birth_date: 2014-03-07\n')
BIRTH = "people[1] (s1).birth_date"


@pytest.mark.parametrize("written", [
    "7-mrt-14", "7-mrt.-2014", "07-mrt-14", "7 mrt. 2014", "7 mrt 2014", "7 maart '14", "7 maart ’14",
    "7e maart 2014", "7de maart 2014", "7th of March 2014", "March 7th, 2014", "the 7th of March '14",
    "7 Mar 2014", "7-Mar-14", "7. März 2014", "7. Mrz. 2014", "7 marca 2014", "7 mar 2014",
    "7 Mart 2014", "7 березня 2014 р.", "7 бер. 2014", "٧ مارس/آذار ٢٠١٤", "7 مارس 2014",
    "07-03-2014", "7/3/14", "2014-03-07", "3/7/2014",
])
def test_a_date_of_birth_is_found_as_staff_and_excel_write_it(tmp_path: Path, written: str) -> None:
    """Abbreviated months with and without a dot and with hyphens, apostrophe years and ordinal
    days, in every document language: the pupil's date of birth, refused by `check`."""
    summary = f'summary: "Het gaat om een leerling, geboren {written}, uit groep 8."'
    assert BIRTH in refused(write(tmp_path, variant(BORN, (SUMMARY, summary))))


@pytest.mark.parametrize("written", ["7 maart", "7e maart", "March 7th", "7th of March", "in 2014",
                                     "op 7 maart 14 leerlingen", "7 mrt. 14 uur", "7 maart 2015",
                                     "8-mrt-14", "'14"])
def test_a_day_and_month_or_a_year_alone_is_no_date_of_birth(tmp_path: Path, written: str) -> None:
    """Day and month without the year, the year alone, a number after the month, another date: accepted."""
    summary = f'summary: "Sinds {written} gaat er een foto rond onder leerlingen van groep 8."'
    assert refused(write(tmp_path, variant(BORN, (SUMMARY, summary)))) == set()


# --- 4. Names that are everyday words ---------------------------------------------------------------

WILL_KIND = ('name: "Tim Jansen"', 'name: "Will Kind"')
WILL = "people[2] (s2).name"


@pytest.mark.parametrize(("text", "blocked"), [
    ("De ouders steunen hun kind.", False),
    ("Kind en ouders krijgen hulp.", False),
    ("De ouders van Kind zijn ingelicht.", True),
    ("De foto van Will Kind is gedeeld.", True),
    ("De ouders van will kind zijn ingelicht.", True),
    ("Naam leerling: kind.", True),
    ("Mevrouw kind belde.", True),
    ("De leerling kind werd niet genoemd.", False),
    ("Het gaat om Will.", True),
    ("Het gaat om will en zijn ouders.", True),
], ids=["word", "sentence-start", "capital-mid-sentence", "full-name", "full-name-lower", "after-label",
        "after-title", "label-without-colon",
        "given-name", "lower-case-not-a-dutch-word"])
def test_check_reads_a_name_word_as_a_reader_would(tmp_path: Path, text: str, blocked: bool) -> None:
    """A pupil called Will Kind: 'kind' in lower case is the Dutch word; capitalised mid-sentence,
    beside a label, or as the full name it is the pupil."""
    path = write(tmp_path, variant(WILL_KIND, (SUMMARY, f'summary: "{text}"')))
    assert (WILL in refused(path)) is blocked


def test_a_name_word_in_an_english_letter_is_read_by_the_english_wording(tmp_path: Path) -> None:
    """'can' and 'will' are English words in an English document; 'Can' mid-sentence is a name there."""
    path = write(tmp_path, variant(('name: "Tim Jansen"', 'name: "Can Yilmaz"')))
    assert findings(path, "You can call us. Can we help?", "parents", "en") == set()
    assert findings(path, "We spoke with Can today.", "parents", "en") == {WILL}
    assert findings(path, "You can call us.", "parents", "ar") == {WILL}  # no English word in Arabic


def test_a_case_of_pupils_whose_names_are_words_packs_in_every_language(tmp_path: Path) -> None:
    """Can Yilmaz, Will Kind, Mark de Wit and Frank Post: the example case packs in all seven
    languages (exit 0), and no wide-audience document holds any of their full names."""
    text = EXAMPLE.read_text(encoding="utf-8")
    names = {"Sanne de Boer": "Can Yilmaz", "Daan van ’t Hof": "Will Kind",
             "Yasmina El Idrissi": "Mark de Wit", "Zoë Janssen": "Frank Post"}
    for old, new in names.items():
        assert old in text
        text = text.replace(old, new)
    assert "languages: [nl, en, de, pl, tr, ar, uk]" in text
    out = tmp_path / "out"
    result = invoke("pack", write(tmp_path, text), "--out", out)
    assert result.exit_code == 0, result.stderr
    manifest = (out / "manifest.json").read_text(encoding="utf-8")
    wide = [p for p in out.glob("*.docx") if READERS[KINDS[p.name.split("_")[1]].audience].wide]
    assert {p.name.rsplit("_", 1)[-1] for p in wide} >= {f"{lang}.docx" for lang in
                                                          ("nl", "en", "de", "pl", "tr", "ar", "uk")}
    for document in wide:
        words = normalise(docx_text(document.read_bytes()))
        for name in names.values():
            assert normalise(name) not in words, (document.name, name)
    assert all(name not in manifest for name in names.values())


def test_a_translated_summary_is_read_with_the_words_of_its_language(tmp_path: Path) -> None:
    """`summary.en` is English: 'can' there is a word; in the Dutch summary it is Can Yilmaz."""
    base = variant(('name: "Tim Jansen"', 'name: "Can Yilmaz"'))
    english = 'summary: {nl: "Er is een foto gedeeld.", en: "Parents can ask us anything."}'
    assert refused(write(tmp_path, variant((SUMMARY, english), base=base))) == set()
    dutch = 'summary: "Er is een foto gedeeld; ouders can ons bellen."'
    assert WILL in refused(write(tmp_path, variant((SUMMARY, dutch), base=base), "nl.yaml"))


# --- 5. Properties ---------------------------------------------------------------------------------

PROPERTY = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
LATIN = "abcdefghijklmnoprstuvwzéëïöüçşłñå"
word = st.text(alphabet=LATIN, min_size=3, max_size=9)
NL_MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
DATE_WRITINGS = {
    "excel-nl": lambda d: f"{d.day}-{NL_MONTHS[d.month - 1]}-{d.year % 100:02}",
    "excel-nl-dot": lambda d: f"{d.day}-{NL_MONTHS[d.month - 1]}.-{d.year}",
    "apostrophe": lambda d: f"{d.day} {NL_MONTHS[d.month - 1]} '{d.year % 100:02}",
    "ordinal-nl": lambda d: f"{d.day}e {NL_MONTHS[d.month - 1]} {d.year}",
    "ordinal-of": lambda d: f"{d.day}th of {EN_MONTHS[d.month - 1]} {d.year}",
    "month-first": lambda d: f"{EN_MONTHS[d.month - 1]} {d.day}th, {d.year}",
}
EMAIL_WRITINGS = {
    "brackets": lambda local, domain: f"{local}[at]{domain}",
    "parentheses": lambda local, domain: f"{local} (at) {domain.replace('.', ' (dot) ')}",
    "words": lambda local, domain: f"{local} at {domain.replace('.', ' dot ')}",
    "percent": lambda local, domain: quote(f"{local}@{domain}", safe=""),
    "upper": lambda local, domain: f"{local}@{domain}".upper(),
}


def guardian_email_case(tmp_path: Path, local: str) -> Path:
    edit = ('email: "petra.deboer@example.org"', f'email: "{local}@example.org"')
    return write(tmp_path, variant(edit), "email.yaml")


@PROPERTY
@given(local=st.builds(lambda a, b: f"{a}.{b}", word, word), writing=st.sampled_from(sorted(EMAIL_WRITINGS)),
       audience=st.sampled_from(["parents", "staff", "it", "advisor", "student:s2"]))
def test_any_guardian_address_in_any_new_writing_is_blocked(tmp_path: Path, local: str, writing: str,
                                                            audience: str) -> None:
    """Any guardian address, obfuscated, percent-encoded or in capitals, with letters beyond ASCII,
    is found for every audience that may not see it."""
    path = guardian_email_case(tmp_path, local)
    written = EMAIL_WRITINGS[writing](local, "example.org")
    assert SANNE_EMAIL in findings(path, f"Vragen? Mail {written} vandaag.", audience)


@PROPERTY
@given(first=word.map(str.capitalize), last=word.map(str.capitalize),
       audience=st.sampled_from(["parents", "it", "advisor", "student:s2"]))
def test_any_pupil_name_percent_encoded_in_a_link_is_blocked(tmp_path: Path, first: str, last: str,
                                                             audience: str) -> None:
    """Any pupil name (letters beyond ASCII too) percent-encoded in a link's query string is found."""
    path = write(tmp_path, variant(('name: "Sanne de Boer"', f'name: "{first} {last}"')), "name.yaml")
    link = f"https://school.example.org/dossier?leerling={quote(f'{first} {last}')}&groep=8"
    assert SANNE in findings(path, f"Zie {link}", audience)


@PROPERTY
@given(born=st.dates(dt.date(2008, 1, 1), dt.date(2020, 12, 31)),
       writing=st.sampled_from(sorted(DATE_WRITINGS)))
def test_any_date_of_birth_in_any_new_writing_is_blocked(tmp_path: Path, born: dt.date, writing: str) -> None:
    """Any date of birth in Excel's, an apostrophe year's or an ordinal writing reaches no parent."""
    edit = ('    name: "Sanne de Boer"\n', f'    name: "Sanne de Boer"\n    birth_date: {born.isoformat()}\n')
    path = write(tmp_path, variant(edit), "born.yaml")
    assert BIRTH in findings(path, f"Een leerling, geboren {DATE_WRITINGS[writing](born)}, uit groep 8.")


@PROPERTY
@given(host=word, writing=st.sampled_from(["scheme", "bare", "punycode", "upper"]))
def test_any_international_source_address_is_blocked(tmp_path: Path, host: str, writing: str) -> None:
    """Any police-only source host with letters beyond ASCII, written with or without its scheme, in
    capitals or as punycode, is found in a parents' document."""
    name = f"{host}-föto.invalid"
    path = write(tmp_path, variant(('source_url: "https://leak.example.invalid/abc"',
                                    f'source_url: "https://{name}/abc"')), "url.yaml")
    written = {"scheme": f"https://{name}/abc", "bare": f"{name}/abc", "upper": name.upper(),
               "punycode": name.encode("idna").decode("ascii")}[writing]
    assert SOURCE in findings(path, f"De foto stond op {written} tot gisteren.")


def everyday_words(lang: str) -> list[str]:
    """Words the built-in wording of a language writes in lower case, that could be a name."""
    taken = set(re.findall(r"\w+", normalise(CASE_YAML))) | PARTICLES | TITLES | LABELS
    return sorted(w for w in lexicon(lang)[0]
                  if w.isascii() and w.isalpha() and len(w) >= 3 and w not in taken
                  and w not in month_names())


@PROPERTY
@given(data=st.data(), lang=st.sampled_from(["nl", "en", "de", "pl", "tr"]), surname=st.booleans())
def test_a_name_that_is_an_everyday_word_used_only_as_a_word_is_not_blocked(
        tmp_path: Path, data: st.DataObject, lang: str, surname: bool) -> None:
    """A pupil whose first name or surname is a word of the letter's language: a document that
    writes the word in lower case in running text is not blocked; the full name still is."""
    common = data.draw(st.sampled_from(everyday_words(lang)))
    name = f"Yusuf {common.capitalize()}" if surname else f"{common.capitalize()} Yilmaz"
    path = write(tmp_path, variant(('name: "Tim Jansen"', f'name: "{name}"')), "word.yaml")
    assert findings(path, f"Volgens de school gaat het om {common} in de klas.", "parents", lang) == set()
    assert findings(path, f"Volgens de school gaat het om {name} in de klas.", "parents", lang) == {WILL}
