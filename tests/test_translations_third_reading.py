"""The third reading (docs/reviews, advisor review of 7 December 2026): each corrected sentence of
"Per language" in the rendered letter of the language concerned, and the Arabic layout (lists,
tables, date line, ranges, bold) in the document's XML and on the page LibreOffice lays out.

Both examples are packed once per module: `examples/case.yaml` (primary, every parent language)
and `examples/secondary-case.yaml` (secondary; its call to delete made with `--override`, as the
reviewers read it).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.doctext import ROOT, document_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PRIMARY, SECONDARY = ROOT / "examples" / "case.yaml", ROOT / "examples" / "secondary-case.yaml"
# Invisible direction marks and joiners the renderer puts around Latin values in Arabic text.
_MARKS = re.compile("[\u200e\u200f\u2060\u2066-\u2069]")


def _pack(case: Path, today: dt.date) -> dict[str, bytes]:
    from commsgen.casefile import load_case
    from commsgen.generate import Options, plan, produce
    from commsgen.kinds import KINDS

    loaded = load_case(case)
    options = Options(tuple(KINDS), whole_pack=True, today=today, override="third reading of the review")
    return {d.name.split("_", 1)[1].removesuffix(".docx"): d.data
            for d in produce(loaded, plan(loaded, options), options)}


@pytest.fixture(scope="module")
def packs() -> dict[str, dict[str, bytes]]:
    """Both examples' documents by `kind_lang` (the reference left off)."""
    return {"primary": _pack(PRIMARY, dt.date(2026, 11, 20)),
            "secondary": _pack(SECONDARY, dt.date(2026, 11, 25))}


def text_of(packs: dict[str, dict[str, bytes]], example: str, document: str) -> str:
    """A document's visible text, runs joined per paragraph, without direction marks; spaces single."""
    text = _MARKS.sub("", document_text(packs[example][document]))
    return re.sub(r"[ \u00a0\u2009]+", " ", text)


CORRECTED = [
    # Polish
    ("primary", "parent-letter_pl", "Prosimy nie karać za to dziecka.", "reagować na to karą"),
    ("primary", "parent-letter_pl", "– ani do szkoły, ani policji.", "ani na policję"),
    ("secondary", "parent-letter_pl", "– ani do szkoły, ani policji.", "ani na policję"),
    # Turkish
    ("primary", "parent-letter_tr", "Lütfen çocuğunuzu bu yüzden cezalandırmayın.", "tepki göstermeyin"),
    ("secondary", "parent-letter_tr", "3 ve 4. yıl öğrencileri (klas 3 ve klas 4; yaklaşık 14–16 yaş)",
     "sınıf öğrencileri"),
    ("primary", "parent-letter_tr",
     "Sınıfta, internette de birbirimize güvenli ve saygılı davranmayı konuşacağız.", "özellikle yer"),
    ("primary", "deletion-call_tr", "Görüntüleri açma, kimseye gönderme, hemen sil", "gönderme ve sil"),
    ("primary", "deletion-call_tr", "Senden ne istiyoruz?", "Sizden ne istiyoruz?"),
    ("primary", "deletion-call_tr", "Şimdi ne yapman gerektiğini sana anlatıyoruz.", "yapmanız gerektiğini"),
    # Arabic
    # Marieke Jansen is `form: mevrouw` in the example: the review's feminine title.
    ("primary", "parent-letter_ar", "Marieke Jansen، مسؤولة رعاية التلاميذ (intern begeleider)",
     "رعاية الطلاب"),
    ("primary", "parent-letter_ar", "معلومات مهمة حول صور جرى تداولها بين التلاميذ", "تداولها بين الطلاب"),
    ("primary", "parent-letter_ar", "ولا تعاقبوا طفلكم على ذلك.", "بمعاقبة طفلكم"),
    ("primary", "parent-letter_ar", "أطفال تتراوح أعمارهم بين 10 و12 سنة تقريبًا", "10–12"),
    ("secondary", "parent-letter_ar", "طلاب الصفّين 3 و4", "الصفوف"),
    ("secondary", "parent-letter_ar", "شباب تتراوح أعمارهم بين 14 و16 سنة تقريبًا", "14–16"),
    ("primary", "parent-letter_ar", "صورًا ذات طابع جنسي لشخص قاصر", "صورًا جنسية"),
    # Ukrainian
    ("primary", "parent-letter_uk", "фото чи відео сексуального характеру, на яких є неповнолітня особа",
     "на яких зображено неповнолітню"),
    ("primary", "parent-letter_uk", "пліткує про них, завдає цій людині ще більшого болю.",
     "про них, завдає ще більшого"),
    ("primary", "deletion-call_uk", "Про що ми тебе просимо?", "Про що ми вас просимо?"),
    ("primary", "deletion-call_uk", "Ось що тобі тепер треба зробити.", "Ось що вам"),
    # German
    ("primary", "parent-letter_de",
     "der Gruppen 7 und 8 (groep 7 und groep 8; Kinder von etwa 10 bis 12 Jahren) passiert ist.",
     "unserer Grundschule passiert ist"),
    ("primary", "parent-letter_de", "Jeroen Smeets, Schulleiter (directeur)", "Schulleitung (directeur)"),
    ("primary", "parent-letter_de", "Bitte bestrafen Sie Ihr Kind dafür nicht.",
     "Reagieren Sie nicht mit Strafen."),
    ("primary", "deletion-call_de", "Worum bitten wir dich?", "Worum bitten wir euch?"),
    ("primary", "deletion-call_de", "Hier liest du, was du jetzt tun sollst.", "Wir sagen euch"),
    ("primary", "deletion-call_de", "Am Montag, dem 23. November 2026, sprechen wir", "reden wir"),
    ("primary", "deletion-call_de", "Am Montag, dem 23. November 2026,", "Am Montag, 23. November"),
    # The pupils' own closing (the parents' letter keeps the formal one)
    ("primary", "deletion-call_pl", "Drodzy Uczniowie grup 7 i 8,", "groep 7"),
    ("secondary", "deletion-call_pl", "Drodzy Uczniowie klas 3 i 4,", "klas 3 i klas 4"),
    ("primary", "deletion-call_uk", "Дорогі учні груп 7 і 8!", "groep 7"),
    ("primary", "deletion-call_pl", "Serdecznie pozdrawiamy", "Z poważaniem"),
    ("primary", "deletion-call_tr", "Sevgiyle,", "Saygılarımızla,"),
    ("primary", "deletion-call_de", "Viele Grüße", "Mit freundlichen Grüßen"),
    ("primary", "deletion-call_uk", "З найкращими побажаннями,", "З повагою,"),
    ("primary", "parent-letter_pl", "Z poważaniem", "Serdecznie pozdrawiamy"),
]


@pytest.mark.parametrize(("example", "document", "sentence", "old"), CORRECTED,
                         ids=[f"{e}-{d}-{i}" for i, (e, d, _, _) in enumerate(CORRECTED)])
def test_a_corrected_sentence_is_in_the_rendered_letter(packs: dict[str, dict[str, bytes]], example: str,
                                                        document: str, sentence: str, old: str) -> None:
    """The review's corrected sentence is in the letter of its language, the wording it replaced is not."""
    text = text_of(packs, example, document)
    assert sentence in text
    assert old not in text


# --- Arabic layout, in the XML -------------------------------------------------------------------

ARABIC = [("primary", "parent-letter_ar"), ("secondary", "parent-letter_ar"),
          ("primary", "deletion-call_ar"), ("secondary", "deletion-call_ar")]


def part(packs: dict[str, dict[str, bytes]], example: str, document: str, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(packs[example][document])) as archive:
        return etree.fromstring(archive.read(name))


def list_paragraphs(root: etree._Element) -> list[etree._Element]:
    """Bulleted and numbered paragraphs: a list style (`ListBullet`, `ListNumber`) or their own `numPr`."""
    found = []
    for paragraph in root.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        if paragraph.find(f"{W}pPr/{W}numPr") is not None or (
                style is not None and style.get(f"{W}val", "").startswith("List")):
            found.append(paragraph)
    return found


@pytest.mark.parametrize(("example", "document"), ARABIC)
def test_arabic_list_paragraphs_and_list_levels_are_right_to_left(
        packs: dict[str, dict[str, bytes]], example: str, document: str) -> None:
    """Every bulleted or numbered paragraph says `bidi`, and so does every level of every list."""
    body = part(packs, example, document, "word/document.xml")
    listed = list_paragraphs(body)
    assert listed, "no list in the letter"
    assert all(p.find(f"{W}pPr/{W}bidi") is not None for p in listed)
    numbering = part(packs, example, document, "word/numbering.xml")
    levels = list(numbering.iter(f"{W}lvl"))
    assert levels and all(level.find(f"{W}pPr/{W}bidi") is not None for level in levels)


def test_arabic_tables_read_from_the_right(packs: dict[str, dict[str, bytes]]) -> None:
    """The contact table of the Arabic letters is laid out right to left (`bidiVisual`)."""
    for example in ("primary", "secondary"):
        tables = list(part(packs, example, "parent-letter_ar", "word/document.xml").iter(f"{W}tbl"))
        assert tables and all(t.find(f"{W}tblPr/{W}bidiVisual") is not None for t in tables)


@pytest.mark.parametrize(("example", "expected"),
                         [("primary", "Sittard، 20 نوفمبر/تشرين الثاني 2026"),
                          ("secondary", "Voorbeeldstad، 25 نوفمبر/تشرين الثاني 2026")])
def test_the_arabic_date_line_has_the_arabic_comma(packs: dict[str, dict[str, bytes]], example: str,
                                                   expected: str) -> None:
    """`Sittard، 20 نوفمبر…`: the Arabic comma, and a right-to-left mark after it so that the day stays
    with the month instead of joining the Latin place name."""
    body = part(packs, example, "parent-letter_ar", "word/document.xml")
    first = "".join(t.text or "" for t in next(body.iter(f"{W}p")).iter(f"{W}t"))
    assert first.startswith(expected.split("،")[0] + "،\u200f ")
    assert _MARKS.sub("", first) == expected


@pytest.mark.parametrize(("example", "document"), ARABIC)
def test_no_dash_range_between_numbers_in_arabic(packs: dict[str, dict[str, bytes]], example: str,
                                                  document: str) -> None:
    """A range such as `10–12` would be shown `12–10` in a right-to-left line: Arabic writes `بين 10 و12`."""
    text = text_of(packs, example, document)
    assert not re.search(r"\d\s*[–-]\s*\d+\s*(سنة|عام)", text)
    assert not re.search(r"(?<![\d -])\d{1,2}–\d{1,2}(?![\d-])", text)


def test_arabic_headings_use_a_font_with_arabic_bold(packs: dict[str, dict[str, bytes]]) -> None:
    """Every style's complex-script font is DejaVu Sans (Arabic in regular and bold on Debian), and a
    style or run that is bold for Latin text is bold for Arabic text too (`bCs`)."""
    from commsgen.bidi import COMPLEX_SCRIPT_FONT

    styles = part(packs, "primary", "parent-letter_ar", "word/styles.xml")
    fonts = [f.get(f"{W}cs") for f in styles.iter(f"{W}rFonts")]
    assert fonts and set(fonts) == {COMPLEX_SCRIPT_FONT}
    heading = styles.find(f"{W}style[@{W}styleId='Heading1']/{W}rPr")
    assert heading is not None and heading.find(f"{W}bCs") is not None
    body = part(packs, "primary", "parent-letter_ar", "word/document.xml")
    bold_runs = [r for r in body.iter(f"{W}rPr")
                 if r.find(f"{W}b") is not None and r.find(f"{W}rtl") is not None]
    assert bold_runs and all(r.find(f"{W}bCs") is not None for r in bold_runs)


def test_a_dutch_letter_keeps_its_styles_and_commas(packs: dict[str, dict[str, bytes]]) -> None:
    """Only right-to-left documents change: the Dutch date line keeps its comma, Arial stays its font."""
    body = part(packs, "primary", "parent-letter_nl", "word/document.xml")
    first = "".join(t.text or "" for t in next(body.iter(f"{W}p")).iter(f"{W}t"))
    assert first == "Sittard, 20 november 2026"
    styles = part(packs, "primary", "parent-letter_nl", "word/styles.xml")
    assert "DejaVu" not in etree.tostring(styles).decode()


# --- Arabic layout, on the page ------------------------------------------------------------------

needs_tools = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None
                                 or shutil.which("pdftoppm") is None,
                                 reason="LibreOffice or poppler is not installed")
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


@pytest.fixture(scope="module")
def arabic_page(packs: dict[str, dict[str, bytes]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The primary Arabic parent letter as PDF, laid out by LibreOffice."""
    if any(shutil.which(tool) is None for tool in ("soffice", "pdftotext", "pdftoppm")):
        pytest.skip("LibreOffice or poppler is not installed")
    from commsgen.pdf import LibreOffice

    folder = tmp_path_factory.mktemp("arabic-page")
    made = LibreOffice().convert({"letter.docx": packs["primary"]["parent-letter_ar"]})
    path = folder / "letter.pdf"
    path.write_bytes(made["letter.docx"])
    return path


def words(pdf: Path, page: int = 1) -> list[tuple[float, float, float, str]]:
    """(xMin, yMin, xMax, text) of each word poppler finds on the page."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(float(a), float(b), float(c), t) for a, b, c, _, t in _WORD.findall(out)]


def page_width(pdf: Path) -> float:
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    found = re.search(r'<page width="([\d.]+)"', out)
    assert found
    return float(found.group(1))


@needs_tools
def test_arabic_bullets_stand_on_the_right(arabic_page: Path) -> None:
    """On the page image every bullet of the Arabic letter stands in the right half, right of its text."""
    found = words(arabic_page)
    bullets = [w for w in found if w[3] in ("\uf0b7", "•")]
    assert len(bullets) >= 4
    middle = page_width(arabic_page) / 2
    assert all(x0 > middle for x0, _, _, _ in bullets)
    for x0, y0, _, _ in bullets:  # the text of the bulleted line starts left of its bullet
        line = [w for w in found if abs(w[1] - y0) < 2 and w[3] not in ("\uf0b7", "•")]
        assert line and max(w[2] for w in line) < x0


@needs_tools
def test_the_arabic_date_line_reads_from_the_right(arabic_page: Path) -> None:
    """The place name stands rightmost, the day left of it and the year leftmost: `Sittard، 20 نوفمبر … 2026`
    read from the right (before the fix the day stood right of the place name)."""
    found = words(arabic_page)
    lines = [[w for w in found if abs(w[1] - place[1]) < 2]
             for place in found if place[3].startswith("Sittard")]
    line = next(line for line in lines if any(w[3] == "2026" for w in line))  # not the letterhead's
    place = next(w for w in line if w[3].startswith("Sittard"))
    day = next(w for w in line if _MARKS.sub("", w[3]) == "20")
    year = next(w for w in line if w[3] == "2026")
    assert year[0] < day[0] < place[0]


@needs_tools
def test_an_arabic_age_range_reads_from_the_right(arabic_page: Path) -> None:
    """`بين 10 و12` on the page: 10 (read first) right of 12."""
    found = words(arabic_page)
    ten = next(w for w in found if w[3] == "10")
    line = [w for w in found if abs(w[1] - ten[1]) < 2]
    twelve = next(w for w in line if w[3].endswith("12") or w[3].startswith("12"))
    assert twelve[0] < ten[0]


@needs_tools
def test_arabic_headings_are_set_in_a_real_bold_face(arabic_page: Path, tmp_path: Path) -> None:
    """The PDF embeds DejaVu Sans Bold (a real bold face with Arabic), and the page renders to an image."""
    fonts = subprocess.run(["pdffonts", str(arabic_page)], capture_output=True, text=True).stdout \
        if shutil.which("pdffonts") else ""
    if fonts:
        assert "DejaVuSans-Bold" in fonts
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(arabic_page),
                    str(tmp_path / "page")], check=True)
    [image] = list(tmp_path.glob("page*.png"))
    assert image.stat().st_size > 1000
