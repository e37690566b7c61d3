"""Build the Word templates in templates/ from their wording in templates/src/*.txt.

The wording is reviewed as text; this script only adds layout (letterhead, styles, tables,
page numbers). Run it after changing a source file:

    python tools/build_templates.py            # writes templates/<kind>.docx
    python tools/build_templates.py --check    # exits 1 when a committed template is stale

Markup, one paragraph per line (blank lines and `;;` comments are skipped):
`= title`, `== heading`, `=== subheading`, `- bullet`, `+ numbered`, `! bold`, `> note box`,
`~ small print`, `---` a form follows, `| cell | cell |` table rows (`|!` header row), a lone
`{% ... %}` controls the following paragraphs (or table rows). Plain text is Dutch wording
wrapped for translation; `text %(x)s :: x=expr; y=expr` binds placeholders; text holding
`{{` is raw Jinja and is not translated. `@date EXPR` (once, anywhere) dates the document with the
Jinja expression EXPR instead of `today`, for a letter sent later than the first one. `@compact`
(once, anywhere) sets the body a little smaller (10 pt, line spacing 1.1), for a letter that must
fit on two pages in every language.

Layout rules every template gets from here, never from a source (see `LAYOUT`):
- a heading (or a `!` bold label) keeps with the paragraph after it, and that paragraph with the
  next one unless it ends its section; no paragraph leaves one line alone on a page, and the last
  item of a list never stands alone at the top of a page (the item before keeps with it);
- a table's header row repeats on every page it continues on, keeps with the first row and that
  one with the second, the row before the last keeps with the last (rows a `{% for %}` repeats
  excepted), and no row is split over two pages;
- a person's name or e-mail address (`{{ g.name }}`, `naam=case.coordinator.name`)
  and any web or e-mail address in a sentence is printed through the `nobreak` filter: no line
  break inside a name, in an address only after `@` or a dot;
- a table of four or more columns is set in a smaller size, so names and addresses fit their cells;
- a table whose every row leaves a cell empty is filled in by hand: those rows are tall enough to
  write in; a table with rows printed full (a plan) keeps its empty cells as low as the others;
- structure for screen readers (issue 21): the title and headings are Word's `Title`, `Heading 1`
  and `Heading 2` styles, with outline levels 1, 2 and 3 (tagged `H1`, `H2`, `H3` in a PDF); a
  table's header row is marked as one (`w:tblHeader`), and its cells and the labels in the first
  column of a two-column table are in the `Table Heading` style (tagged `TH`); the text's language
  is Dutch (`w:lang nl`, the styles' default), which the render sets to the document's language
  (`commsgen.accessibility`);
- `---` starts a form filled in by hand: it is kept together (heading, instruction and rows), so it
  goes to a new page only when it does not fit on the current one, and its empty cells are tall
  enough to write in; it is never a hard page break, which left near-empty pages.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from commsgen import pii

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "templates" / "src"
OUT = ROOT / "templates"

FONT = "Arial"
LANGUAGE = "nl"  # the wording's language; a document's own is set when it is rendered
TABLE_HEADING = "Table Heading"  # LibreOffice tags a cell in this paragraph style as a header cell (TH)
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
NOTE_FILL = "EAF1F8"
HEADER_FILL = "D9E2F3"
TOP_MARGIN_CM, BOTTOM_MARGIN_CM = 2.2, 2.0
TOP_MARGIN_PT, BOTTOM_MARGIN_PT = TOP_MARGIN_CM * 72 / 2.54, BOTTOM_MARGIN_CM * 72 / 2.54  # the body's edges
# Fixed timestamp so that a rebuild of unchanged wording gives identical bytes.
FIXED_ZIP_DATE = (2026, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Layout:
    """The layout rules the builder applies to every template; a test switches one off to plant a defect."""

    keep_headings: bool = True  # a heading keeps with the next paragraph
    widow_control: bool = True  # no single line of a paragraph alone at a page's top or bottom
    repeat_header: bool = True  # a table's header row repeats on each page
    unbroken_names: bool = True  # names and addresses through the `nobreak` filter
    keep_blocks: bool = True  # forms (`---`), short tables and the last section keep together
    form_row: float = 1.6  # cm, the least height of a row with a cell to fill in by hand
    wide_table: int = 4  # columns from which a table is set in `wide_table_size`
    wide_table_size: float = 9.0  # pt


LAYOUT = Layout()
SHORT_TABLE = 12  # source rows up to which a table without a header row is never split
# A person's name or e-mail address, printed whole: `g.name`, `g.email or '–'`.
# Organisations (the school, its support team, the IT service desk) may wrap like any text.
PERSONAL = re.compile(r"^((?:[a-z_]+\.)+(?:name|email))(?:\s+or\s+'[^']*')?$")
ORGANISATIONS = re.compile(r"^(?:school\.name|.*\b(?:support_team|it_service_desk)\.name)$")

CONFIDENTIAL = {
    "police-handover": "Vertrouwelijk – alleen voor de politie",
    "student-meeting": "Vertrouwelijk – alleen voor de gespreksvoerder",
    "teacher-briefing": "Vertrouwelijk – alleen voor medewerkers",
    "filter-request": "Vertrouwelijk – alleen voor de ICT-servicedesk",
    "victim-checklist": "Vertrouwelijk – alleen voor de gespreksvoerder",
    "school-notice": "Vertrouwelijk – van directeur aan directeur",
    "deletion-call-staff": "Vertrouwelijk – alleen voor medewerkers",
    "follow-up-plan": "Vertrouwelijk – alleen voor medewerkers",
    "veilig-thuis-record": "Vertrouwelijk – dossier meldcode",
    "board-notice": "Vertrouwelijk – voor het veiligheidsteam van het bestuur",
    "logbook": "Vertrouwelijk – dossier van de school",
    "invitation": "Persoonlijk",
    "parents-evening": "Vertrouwelijk – voor de directeur, de wijkagent en medewerkers",
    "mentor-lesson": "Vertrouwelijk – alleen voor de mentor",
}


def jinja_text(text: str, layout: Layout = LAYOUT) -> str:
    """Turn one line of wording into the Jinja expression that translates and fills it."""
    text = text.strip()
    if "{{" in text or "{%" in text:
        # Words beside Jinja in one line never reach the catalog: a translated letter would print
        # them in Dutch. They go inside `_("…")` (the police handover's Meldpunt cell shows how).
        bare = re.sub(r"{{.*?}}|{%.*?%}", "", text)
        if re.search(r"[^\W\d_]{2,}", bare):
            raise ValueError(f"wording beside Jinja is not translated (put it in _(…)): {bare.strip()[:50]}")
        return unbroken(text) if layout.unbroken_names else text
    if not text:
        return ""
    if '"' in text or "“" in text or "”" in text:
        raise ValueError(f"double quote in wording (use ‘ ’): {text[:40]}")
    wording, _, bindings = text.partition(" :: ")
    args = ""
    if bindings:
        pairs = [b.strip() for b in bindings.split(";") if b.strip()]
        if layout.unbroken_names:
            pairs = [unbroken_binding(p) for p in pairs]
        args = "".join(", " + p for p in pairs)
    address = layout.unbroken_names and (pii.EMAIL.search(wording) or pii.URL.search(wording))
    return '{{ _("' + wording.strip() + '"' + args + ")" + ("|nobreak" if address else "") + " }}"


def personal(expression: str) -> bool:
    """Whether a Jinja expression prints a person's name or e-mail address."""
    found = PERSONAL.match(expression.strip())
    return found is not None and not ORGANISATIONS.match(found.group(1))


def unbroken(jinja: str) -> str:
    """Raw Jinja with each printed name or address through `nobreak`: `{{ (g.name)|nobreak }}`."""
    def wrapped(match: re.Match[str]) -> str:
        expression = match.group(1)
        return "{{ (" + expression + ")|nobreak }}" if personal(expression) else match.group(0)

    return re.sub(r"\{\{\s*(.+?)\s*\}\}", wrapped, jinja)


def unbroken_binding(pair: str) -> str:
    """`naam=case.coordinator.name` → `naam=(case.coordinator.name)|nobreak`; other bindings as they are."""
    name, _, expression = pair.partition("=")
    return f"{name}=({expression.strip()})|nobreak" if personal(expression) else pair


def shade(cell_or_par_pr: OxmlElement, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell_or_par_pr.append(shd)


def add_field(paragraph, instruction: str) -> None:
    """Append a Word field (such as PAGE) that Word and LibreOffice compute."""
    run = paragraph.add_run()
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    inner = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    inner.append(text)
    field.append(inner)
    run._r.addnext(field)


def theme_free(style) -> None:
    """Drop theme font references, which would otherwise win over the style's own font."""
    fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
    if fonts is not None:
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        fonts.set(qn("w:cs"), FONT)


def complex_script(rpr, size: float, bold: bool = True) -> None:
    """Bold and size for Arabic and other complex scripts, which Word sets apart (bCs, szCs)."""
    for tag in ("w:bCs", "w:szCs"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), str(int(size * 2)))
    sz = rpr.find(qn("w:sz"))
    (sz.addnext if sz is not None else rpr.append)(size_cs)
    if bold:
        b = rpr.find(qn("w:b"))
        bcs = OxmlElement("w:bCs")
        (b.addnext if b is not None else rpr.insert)(*((bcs,) if b is not None else (0, bcs)))


def set_styles(document, layout: Layout = LAYOUT) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(5)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.widow_control = layout.widow_control
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for name, size, before in (("Title", 17, 0), ("Heading 1", 13, 12), ("Heading 2", 11, 8)):
        style = styles[name]
        style.font.name = FONT
        theme_free(style)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = ACCENT
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = layout.keep_headings
        style.paragraph_format.keep_together = True
        complex_script(style.element.get_or_add_rPr(), size)
    complex_script(normal.element.get_or_add_rPr(), 10.5, bold=False)
    title = styles["Title"]
    title.element.get_or_add_pPr()
    for border in title.element.pPr.findall(qn("w:pBdr")):
        title.element.pPr.remove(border)
    for name in ("List Bullet", "List Number"):
        styles[name].font.name = FONT
        theme_free(styles[name])
        styles[name].paragraph_format.space_after = Pt(3)
    outline_levels(styles)
    heading = styles.add_style(TABLE_HEADING, WD_STYLE_TYPE.PARAGRAPH)  # looks as Normal: cells set their own
    heading.base_style = normal
    default_language(document)


def outline_levels(styles) -> None:
    """The title is the document's first-level heading, its sections the second, their parts the third:
    a tagged PDF reads `H1` for the title, `H2` for `==`, `H3` for `===` (LibreOffice tags by outline
    level), and a screen reader announces the title as a heading. Word keeps its own levels for its
    heading styles; its navigation shows the title beside the sections."""
    for name, level in (("Title", 0), ("Heading 1", 1), ("Heading 2", 2)):
        ppr = styles[name].element.get_or_add_pPr()
        for old in ppr.findall(qn("w:outlineLvl")):
            ppr.remove(old)
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(level))
        later = [ppr.find(qn(tag)) for tag in ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")]
        following = next((element for element in later if element is not None), None)
        (following.addprevious if following is not None else ppr.append)(outline)


def default_language(document) -> None:
    """The language of all text (the styles' default run properties): Dutch; Arabic for complex script
    until the render sets the document's own language."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    lang.set(qn("w:bidi"), "ar-SA")


def letterhead(document, kind: str) -> None:
    section = document.sections[0]
    section.page_width = Cm(21.0)  # A4, as Dutch schools print
    section.page_height = Cm(29.7)
    section.top_margin = Cm(TOP_MARGIN_CM)
    section.bottom_margin = Cm(BOTTOM_MARGIN_CM)
    section.left_margin = Cm(2.3)
    section.right_margin = Cm(2.3)
    section.header_distance = Cm(1.0)
    section.footer_distance = Cm(1.0)

    header = section.header
    first = header.paragraphs[0]
    name = first.add_run("{{ school.name }}")
    name.bold = True
    name.font.size = Pt(13)
    name.font.color.rgb = ACCENT
    sub = header.add_paragraph()
    sub.paragraph_format.space_after = Pt(0)
    small = sub.add_run(
        "{% if school.address %}{{ school.address }}{% if school.city %}, {{ school.city }}{% endif %}"
        " · {% endif %}{{ school.board }}"
    )
    small.font.size = Pt(8.5)
    if kind in CONFIDENTIAL:
        mark = header.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = mark.add_run(jinja_text(CONFIDENTIAL[kind]))
        run.bold = True
        run.font.size = Pt(8.5)
        run.font.color.rgb = RGBColor(0xA0, 0x1C, 0x1C)
    rule = header.add_paragraph()
    rule_pr = rule._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "1F4E79")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    rule_pr.append(borders)

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.style.font.size = Pt(8.5)
    footer.add_run("{{ school.name }} · ")
    add_field(footer, "PAGE")
    footer.add_run(" / ")
    add_field(footer, "NUMPAGES")


def date_line(document, date: str = "today") -> None:
    par = document.add_paragraph()
    par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    when = date if date == "today" else f"({date})"
    par.add_run("{% if school.city %}{{ school.city }}, {% endif %}{{ " + when + "|longdate }}")


def date_of(lines: list[str]) -> tuple[str, list[str]]:
    """The `@date EXPR` line's expression (default `today`), and the lines without it."""
    found = [ln.removeprefix("@date ").strip() for ln in lines if ln.startswith("@date ")]
    return (found[0] if found else "today"), [ln for ln in lines if not ln.startswith("@date ")]


def add_table(document, rows: list[str], layout: Layout = LAYOUT, form: bool = False) -> None:
    """Add consecutive `|` lines (and `{% %}` row controls) as one table; a form's rows keep together."""
    cells = [r for r in rows if r.startswith("|")]
    width = max(len(split_cells(r)) for r in cells)
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    size = Pt(layout.wide_table_size) if width >= layout.wide_table else None
    short = layout.keep_blocks and not rows[0].startswith("|!") and len(cells) <= SHORT_TABLE
    # A table is filled in by hand when every row but the header leaves a cell empty; a table whose
    # rows are printed full (a plan with a date here and a time there) only has nothing to say there.
    by_hand = all(any(not v for v in padded(split_cells(r), width)) for r in cells if not r.startswith("|!"))
    body: list[Entry] = []  # the rows under the header, and the row tags between them
    for row in rows:
        if not row.startswith("|"):
            control = row.strip().replace("{%", "{%tr", 1)
            tr = table.add_row()
            tr.cells[0].paragraphs[0].add_run(control)
            body.append(("control", control_keyword(control)))
            continue
        header = row.startswith("|!")
        values = split_cells(row)
        tr = table.add_row()
        if not header:
            body.append(("item", tr))
        if by_hand and not header and any(not v for v in padded(values, width)):
            tr.height = Cm(layout.form_row)  # a form row, filled in by hand: room to write
            tr.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        if header and layout.repeat_header:  # repeated at the top of each page the table continues on
            tr._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for index in range(width):
            cell = tr.cells[index]
            text = values[index] if index < len(values) else ""
            text = re.sub(r"\s*\^\d+$", "", text) if header else text
            par = cell.paragraphs[0]
            if header or (width == 2 and index == 0 and text):  # a column's or a row's header: TH
                par.style = TABLE_HEADING
            par.paragraph_format.space_after = Pt(2)
            # The header keeps with the first row (more rows keep below, see `keep_rows`).
            par.paragraph_format.keep_with_next = (header and layout.repeat_header) or None
            run = par.add_run(jinja_text(text, layout))
            if size is not None:
                run.font.size = size
                complex_script(run._r.get_or_add_rPr(), layout.wide_table_size, bold=False)
            if header or (width == 2 and index == 0 and text):
                bold(run)
            if header:
                shade(cell._tc.get_or_add_tcPr(), HEADER_FILL)
    keep_rows(body, form, short, layout)
    table.autofit = False
    weights = column_weights(cells[0], width)
    widths = [Cm(16.4 * w / sum(weights)) for w in weights]
    for index, column in enumerate(table.columns):
        column.width = widths[index]  # the grid, which LibreOffice reads
        for cell in column.cells:
            cell.width = widths[index]  # the cells, which Word reads
    for row in table.rows:  # a row is never split over two pages
        row_pr = row._tr.get_or_add_trPr()
        row_pr.insert(0, OxmlElement("w:cantSplit"))
    spacer = document.add_paragraph()  # a thin gap after the table, not a full empty line
    spacer.paragraph_format.space_after = Pt(0)
    spacer.paragraph_format.line_spacing = Pt(6)
    spacer.paragraph_format.keep_with_next = form or None


def keep_rows(body: list[Entry], form: bool, short: bool, layout: Layout = LAYOUT) -> None:
    """Rows that keep with the next: every row of a form; every row but the last of a short table
    without a header (a contact block); else the first row with the second, so that the header never
    stands with one row at a page's foot, and the row before the last, so that the last never stands
    alone at the top of a page. A row a `{% for %}` repeats keeps with nothing (the table may be long)."""
    if form:
        chosen = [v for k, v in body if k == "item"]
    elif short:
        last = possibly_last(body)
        chosen = [v for k, v in body if k == "item" and not any(v is x for x in last)]
    elif layout.widow_control:
        first = [v for v in possibly_first(body)
                 if not in_loop(body, next(i for i, (_, w) in enumerate(body) if w is v))]
        chosen = first + before_last(body, 0, len(body))
    else:
        chosen = []
    for tr in chosen:
        for cell in tr.cells:
            for par in cell.paragraphs:
                par.paragraph_format.keep_with_next = True


def padded(values: list[str], width: int) -> list[str]:
    """A row's cells, with the empty ones a short row leaves at its end."""
    return values + [""] * (width - len(values))


def bold(run) -> None:
    """Bold in every script: Word and LibreOffice keep Arabic bold apart (w:bCs)."""
    run.bold = True
    rpr = run._r.get_or_add_rPr()
    if rpr.find(qn("w:bCs")) is None:
        rpr.find(qn("w:b")).addnext(OxmlElement("w:bCs"))


def column_weights(row: str, width: int) -> list[int]:
    """Relative column widths from `^N` after the header cells; key/value tables get 6:10."""
    found = [re.search(r"\^(\d+)$", cell) for cell in split_cells(row)]
    if all(found) and len(found) == width:
        return [int(m.group(1)) for m in found if m]
    return [6, 10] if width == 2 else [1] * width


def split_cells(row: str) -> list[str]:
    """The cells of a `| a | b |` row: borders have spaces around them; `x|filter` is Jinja."""
    body = row[2:] if row.startswith("|!") else row[1:]
    cells, current, depth, index = [], "", 0, 0
    while index < len(body):
        pair = body[index:index + 2]
        if pair in ("{{", "{%"):
            depth += 1
        elif pair in ("}}", "%}"):
            depth -= 1
        spaced = (index == 0 or body[index - 1].isspace()) and (
            index + 1 == len(body) or body[index + 1].isspace()
        )
        if body[index] == "|" and depth == 0 and spaced:
            cells.append(current.strip())
            current = ""
        else:
            current += body[index] if pair not in ("{{", "{%", "}}", "%}") else pair
            index += 1 if pair in ("{{", "{%", "}}", "%}") else 0
        index += 1
    if current.strip():
        cells.append(current.strip())
    return cells


def table_end(lines: list[str], start: int) -> int:
    """Index after the table that starts at `start`, including its row loops and conditions."""
    index, depth = start, 0
    while index < len(lines):
        line = lines[index]
        next_is_row = index + 1 < len(lines) and lines[index + 1].startswith("|")
        words = line.strip()[2:].split() if line.startswith("{%") else []
        keyword = words[0] if words else ""
        if line.startswith("|"):
            pass
        elif keyword in ("for", "if") and next_is_row:
            depth += 1
        elif keyword in ("endfor", "endif") and depth:
            depth -= 1
        elif not (keyword in ("else", "elif") and depth):
            break
        index += 1
    return index


Entry = tuple[str, object]  # ("control", keyword) for a `{% %}` tag docxtpl removes, ("item", thing)


def possibly_last(entries: list[Entry]) -> list:
    """The items that can be the last one rendered of `entries`, read through `{% if %}`/`{% for %}`.

    `A {% if x %} B {% else %} C {% endif %}` ends with B or C, never with A; without the
    `{% else %}` it may end with A as well. Entries that end inside a branch (`A {% if x %} B
    {% else %}`) end with what stands before that `{% if %}`: the other branch is not rendered with it.
    """
    found: list = []
    blocks: list[bool] = []  # for each block entered from its end: whether it has an `else`
    wanted, skipping = True, 0  # skipping: inside the other branches of an `{% if %}` we stand in
    for kind, value in reversed(entries):
        if kind == "control" and skipping:
            skipping += {"endif": 1, "endfor": 1, "if": -1, "for": -1}.get(str(value), 0)
            continue
        if kind == "control":
            if value in ("endif", "endfor"):
                blocks.append(False)
            elif value in ("else", "elif") and not blocks:
                skipping = 1  # back to the `{% if %}` of the branch these entries end in
                continue
            elif value == "else":
                blocks[-1] = True
            elif value in ("if", "for"):
                wanted = not (blocks.pop() and value == "if") if blocks else True
                if not blocks and not wanted:  # an if/else always renders a branch: nothing before is last
                    break
                continue
            wanted = True
            continue
        if skipping:
            continue
        if wanted:
            found.append(value)
            wanted = False
            if not blocks:
                break
    return found


def possibly_first(entries: list[Entry]) -> list:
    """The items that can be the first one rendered of `entries` (see `possibly_last`)."""
    mirror = {"if": "endif", "for": "endfor", "endif": "if", "endfor": "for"}
    flipped: list[Entry] = []
    for kind, value in reversed(entries):  # read backwards, an `else` ends its branch
        flipped.append((kind, mirror.get(str(value), value)) if kind == "control" else (kind, value))
    return possibly_last(flipped)


def control_keyword(text: str) -> str | None:
    """`if` for a `{%p if x %}` (or `{%tr ...%}`, `{% ... %}`) paragraph, None for a paragraph of text."""
    found = re.match(r"\{%(?:p|tr)?\s+(\w+)", text.strip())
    return found.group(1) if found else None


def body_entries(document) -> list[Entry]:
    """The body's paragraphs so far, as entries; a table is an item (its spacer paragraph follows it)."""
    from docx.text.paragraph import Paragraph

    entries: list[Entry] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            par = Paragraph(child, document)
            keyword = control_keyword(par.text)
            entries.append(("control", keyword) if keyword else ("item", par))
        elif child.tag == qn("w:tbl"):
            entries.append(("item", child))
    return entries


def keep_list_ends(document) -> None:
    """The last item of a list never stands alone at the top of a page: the one before keeps with it."""
    entries = body_entries(document)
    listed = {"List Bullet", "List Number"}
    start = 0
    while start < len(entries):
        kind, value = entries[start]
        if kind != "item" or getattr(getattr(value, "style", None), "name", None) not in listed:
            start += 1
            continue
        end = start  # the list runs on through its items and the tags between them
        while end + 1 < len(entries) and (entries[end + 1][0] == "control" or getattr(
                getattr(entries[end + 1][1], "style", None), "name", None) in listed):
            end += 1
        for before in before_last(entries, start, end + 1):
            if getattr(before, "style", None) is not None and before.style.name in listed:
                before.paragraph_format.keep_with_next = True
        start = end + 1


def before_last(entries: list[Entry], start: int, end: int) -> list:
    """The items that can stand just before the last one of `entries[start:end]`, none in a loop."""
    found = []
    run = entries[start:end]
    for last in possibly_last(run):
        at = next(i for i, (_, v) in enumerate(run) if v is last)
        if not in_loop(entries, start + at):
            found += [v for v in possibly_last(run[:at])
                      if not in_loop(entries, start + next(i for i, (_, w) in enumerate(run) if w is v))]
    return found


def in_loop(entries: list[Entry], at: int) -> bool:
    """Whether entry `at` is repeated by a `{% for %}` around it."""
    depth = 0
    for kind, value in reversed(entries[:at]):
        if kind == "control" and value in ("endfor",):
            depth += 1
        elif kind == "control" and value == "for":
            if depth == 0:
                return True
            depth -= 1
    return False


def next_is_heading(lines: list[str], index: int) -> bool:
    """Whether the paragraph after line `index` is a heading (`==`), read through `{% %}` lines:
    the other branches of an `{% if %}` the line stands in are skipped."""
    depth, skipping = 0, None
    for line in lines[index + 1:]:
        keyword = control_keyword(line) if line.startswith("{%") else None
        if keyword in ("if", "for"):
            depth += 1
        elif keyword in ("endif", "endfor"):
            depth -= 1
            if skipping is not None and depth < skipping:
                skipping = None
        elif keyword in ("else", "elif") and skipping is None and depth <= 0:
            skipping = depth  # the rest of this `{% if %}`: another branch
        elif line.strip() and not line.startswith("{%") and skipping is None:
            return line.partition(" ")[0] in ("=", "==", "===", "!")
    return False


def branch_lead(control: str, lead: bool, branches: list[bool]) -> bool:
    """Whether the paragraph after a `{% %}` line is the first after a heading, in any branch."""
    keyword = (control.strip()[2:].split() or [""])[0]
    if keyword == "if":
        branches.append(lead)
    elif keyword in ("elif", "else") and branches:
        return branches[-1]
    elif keyword == "endif" and branches:
        branches.pop()
    return lead


def add_line(document, line: str, layout: Layout = LAYOUT, keep: bool = False) -> None:
    """Add one source line as a paragraph; `keep` (in a form, after a heading) keeps it with the next."""
    prefix, _, rest = line.partition(" ")
    if line.strip() == "---":
        if not layout.keep_blocks:  # the old way: a hard page break, which left near-empty pages
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        else:  # a form does not keep with the text before it (nor a second form with the first)
            for par in possibly_last(body_entries(document)):
                if hasattr(par, "paragraph_format"):  # a table is always followed by its spacer
                    par.paragraph_format.keep_with_next = None
        return
    if line.startswith("{%"):
        document.add_paragraph(line.replace("{%", "{%p", 1))
        return
    if prefix in ("=", "==", "==="):
        style = {"=": "Title", "==": "Heading 1", "===": "Heading 2"}[prefix]
        par = document.add_paragraph(jinja_text(rest, layout), style=style)
    elif prefix == "-":
        par = document.add_paragraph(jinja_text(rest, layout), style="List Bullet")
    elif prefix == "+":
        par = document.add_paragraph(jinja_text(rest, layout), style="List Number")
    elif prefix == "!":  # a bold label introduces what follows, like a heading
        par = document.add_paragraph()
        bold(par.add_run(jinja_text(rest, layout)))
        keep = keep or layout.keep_headings
    elif prefix == "~":
        par = document.add_paragraph()
        run = par.add_run(jinja_text(rest, layout))
        run.font.size = Pt(8.5)
        run.italic = True
    elif prefix == ">":
        par = document.add_paragraph()
        shade(par._p.get_or_add_pPr(), NOTE_FILL)
        par.paragraph_format.left_indent = Cm(0.2)
        par.paragraph_format.right_indent = Cm(0.2)
        bold(par.add_run(jinja_text(rest, layout)))
    else:
        par = document.add_paragraph(jinja_text(line, layout))
    if keep:
        par.paragraph_format.keep_with_next = True


def build(kind: str, source: str, layout: Layout = LAYOUT) -> bytes:
    """The template for one document kind, as .docx bytes (deterministic)."""
    document = Document()
    set_styles(document, layout)
    letterhead(document, kind)
    # Blank lines are kept: a blank line ends a table, so a `{% if %}` after it is a paragraph tag.
    lines = [ln.rstrip() for ln in source.splitlines() if not ln.lstrip().startswith(";;")]
    if "@compact" in lines:
        lines = [ln for ln in lines if ln != "@compact"]
        normal = document.styles["Normal"]
        normal.font.size, normal.paragraph_format.line_spacing = Pt(10), 1.1
    date, lines = date_of(lines)
    date_line(document, date)
    index, form, lead = 0, False, False
    # The last section (from the last heading on) keeps together: a last page never holds only
    # the closing of a letter or the last two bullets of a list.
    last = max((i for i, ln in enumerate(lines) if ln.partition(" ")[0] in ("==", "===")), default=len(lines))
    branches: list[bool] = []  # for each open `{% if %}`: whether it came right after a heading
    while index < len(lines):
        line = lines[index]
        if line.startswith("|"):
            end = table_end(lines, index)
            add_table(document, lines[index:end], layout, form or (index > last and layout.keep_blocks))
            index, lead = end, False
            continue
        if line.strip():
            control = line.startswith("{%")  # a paragraph docxtpl removes: it is no paragraph of the text
            heading = line.partition(" ")[0] in ("=", "==", "===", "!")
            # The first paragraph after a heading keeps with the next one too, so that a heading
            # never stands at a page's foot with one short line of its text (a first bullet).
            ending = index >= last and layout.keep_blocks and index < len(lines) - 1
            # A paragraph that ends its section keeps with nothing: the next heading keeps with its own text.
            lead_keep = lead and not heading and not control and not next_is_heading(lines, index)
            add_line(document, line, layout, form or ending or lead_keep)
            # Each branch of an `{% if %}` right after a heading starts with that first paragraph.
            lead = branch_lead(line, lead, branches) if control else heading and layout.keep_headings
        if line.strip() == "---":  # from here on, a form that keeps together
            form = layout.keep_blocks
        index += 1
    if layout.widow_control:
        keep_list_ends(document)
    core = document.core_properties
    titles = [ln[2:] for ln in lines if ln.startswith("= ")]
    core.title = jinja_text(titles[0]) if titles else ""
    core.author = "{{ school.name }}"
    core.last_modified_by = ""
    core.comments = ""
    core.keywords = ""
    core.subject = ""
    core.revision = 1
    return normalised(document)


def normalised(document) -> bytes:
    """Save with fixed zip dates and core timestamps, so unchanged wording gives equal bytes."""
    import datetime as dt

    fixed = dt.datetime(*FIXED_ZIP_DATE)
    document.core_properties.created = fixed
    document.core_properties.modified = fixed
    raw = io.BytesIO()
    document.save(raw)
    with zipfile.ZipFile(raw) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    parts = slimmed(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(parts, key=lambda n: (n != "[Content_Types].xml", n)):
            data = parts[name]
            if name.endswith(".xml"):
                data = re.sub(rb' w:rsid\w*="[0-9A-Fa-f]+"', b"", data)
            info = zipfile.ZipInfo(name, FIXED_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)
    return out.getvalue()


# Parts python-docx's default template carries that a letter does not need: a Word 2010
# copy of the styles (438 KB) and a preview image. Every document would carry and scan them.
UNNEEDED = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg")


def slimmed(parts: dict[str, bytes]) -> dict[str, bytes]:
    """The package without unneeded parts and without styles that nothing uses."""
    from lxml import etree

    for name in UNNEEDED:
        parts.pop(name, None)
        leaf = re.escape(name.rsplit("/", 1)[-1].encode())
        for rels in [n for n in parts if n.endswith(".rels")]:
            parts[rels] = re.sub(rb'<Relationship [^>]*Target="[^"]*' + leaf + rb'"[^>]*/>', b"", parts[rels])
        parts["[Content_Types].xml"] = re.sub(
            rb'<Override [^>]*PartName="/' + re.escape(name.encode()) + rb'"[^>]*/>', b"",
            parts["[Content_Types].xml"],
        )
    used = set()
    for name, data in parts.items():
        if name.startswith("word/") and name != "word/styles.xml" and name.endswith(".xml"):
            used |= {m.decode() for m in re.findall(rb'w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', data)}
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = etree.fromstring(parts["word/styles.xml"])
    styles = {s.get(f"{w}styleId"): s for s in root.findall(f"{w}style")}
    used |= {sid for sid, s in styles.items() if s.get(f"{w}default") == "1"}
    pending = list(used)
    while pending:  # keep what the used styles are based on, link to or continue with
        style = styles.get(pending.pop())
        for tag in ("basedOn", "link", "next"):
            ref = style.find(f"{w}{tag}") if style is not None else None
            if ref is not None and ref.get(f"{w}val") not in used:
                used.add(ref.get(f"{w}val"))
                pending.append(ref.get(f"{w}val"))
    for sid, style in styles.items():
        if sid not in used:
            root.remove(style)
    for latent in root.findall(f"{w}latentStyles"):
        root.remove(latent)
    parts["word/styles.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return parts


def parts_of(data: bytes) -> dict[str, bytes]:
    """The package's parts, so that a check does not depend on the zip library's compression."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the committed templates")
    args = parser.parse_args()
    stale = []
    for source in sorted(SRC.glob("*.txt")):
        kind = source.stem
        data = build(kind, source.read_text(encoding="utf-8"))
        target = OUT / f"{kind}.docx"
        if args.check:
            if not target.exists() or parts_of(target.read_bytes()) != parts_of(data):
                stale.append(target.name)
        else:
            target.write_bytes(data)
            print(f"wrote {target.relative_to(ROOT)}")
    if stale:
        print("stale templates (run python tools/build_templates.py): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
