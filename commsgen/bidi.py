"""Right-to-left layout for languages such as Arabic: paragraphs, runs and tables read from the right.

Word is strict about the order of elements inside paragraph, run and table properties, so each
new element is inserted at its place in the schema's sequence.
"""

from __future__ import annotations

import re

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_LAYOUT_PARTS = ("word/document", "word/header", "word/footer", "word/footnotes", "word/endnotes")
# A font with Arabic in regular and bold (Debian: fonts-dejavu-core, present wherever LibreOffice
# is): Arial has no Arabic on Linux, and the fallback LibreOffice picks for it differs per machine,
# some without a bold face, which it then smears (synthetic bold). Word without DejaVu substitutes
# its own complex-script font, which has Arabic bold too.
COMPLEX_SCRIPT_FONT = "DejaVu Sans"
ARABIC_COMMA, RLM = "\u060c", "\u200f"

# Schema order (ECMA-376 CT_PPrBase, CT_RPr, CT_TblPr), up to the elements we add or change.
_PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
              "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku",
              "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi",
              "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
              "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
              "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"]
_RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
              "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
              "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
              "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
              "specVanish", "oMath"]
_TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
                "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange"]


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _properties(parent: etree._Element, tag: str) -> etree._Element:
    """The properties element (pPr, rPr, tblPr), created as the parent's first child if missing."""
    found = parent.find(_w(tag))
    if found is None:
        found = etree.Element(_w(tag))
        parent.insert(0, found)
    return found


def _ensure(props: etree._Element, tag: str, order: list[str]) -> etree._Element:
    """The child `tag` of `props`, inserted at its place in the schema sequence if missing."""
    found = props.find(_w(tag))
    if found is not None:
        return found
    rank = order.index(tag)
    element = etree.Element(_w(tag))
    for index, child in enumerate(props):
        name = etree.QName(child).localname
        if name in order and order.index(name) > rank:
            props.insert(index, element)
            return element
    props.append(element)
    return element


RTL_SCRIPT = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
LRI, PDI = "\u2066", "\u2069"  # Unicode isolates: the enclosed text keeps left-to-right order


def isolate(value: str) -> str:
    """A value without right-to-left script (a phone number, e-mail, name), kept left to right."""
    return value if RTL_SCRIPT.search(value) else f"{LRI}{value}{PDI}"


_LTR_COMMA = re.compile(r"(?<=[A-Za-z\u00c0-\u024f]), (?=\d)")
_ISOLATES = re.compile(r"[\u2066-\u2069]")


def _arabic_commas(paragraph: etree._Element) -> None:
    """A Latin comma and space outside a left-to-right isolate, in an Arabic paragraph, is Arabic.

    Such a comma comes from the template, not the translation (the date line `Sittard, 20 …`):
    Arabic separates with U+060C. After a Latin word and before a number a right-to-left mark
    follows the comma: without it the number would join the Latin word (`Sittard, 20` read as one
    left-to-right run, the day on the far right, the month split from it).
    """
    depth = 0
    for node in paragraph.iter(_w("t")):
        text = node.text or ""
        pieces = []
        for piece in re.split(r"([\u2066-\u2069])", text):
            if _ISOLATES.fullmatch(piece):
                depth += 1 if piece != PDI else -1
                depth = max(depth, 0)
            elif depth == 0 and piece:
                piece = _LTR_COMMA.sub(ARABIC_COMMA + RLM + " ", piece)
                piece = piece.replace(", ", ARABIC_COMMA + " ")
            pieces.append(piece)
        if pieces and "".join(pieces) != text:
            node.text = "".join(pieces)


def right_to_left(xml: bytes, lang: str) -> bytes:
    """One part with its paragraphs, runs and tables in right-to-left script set to right-to-left.

    A paragraph without any right-to-left letter (a phone number or e-mail address in a table
    cell) stays left to right: in a right-to-left paragraph `046 123 4567` would read backwards.
    """
    root = _parse(xml)
    for paragraph in root.iter(_w("p")):
        text = "".join(t.text or "" for t in paragraph.iter(_w("t")))
        if not RTL_SCRIPT.search(text):
            # A Latin-only line (a signature, a phone number in a table cell) keeps its order but
            # sits on the reading side, as every other line and cell of the letter does.
            _ensure(_properties(paragraph, "pPr"), "jc", _PPR_ORDER).set(_w("val"), "right")
            continue
        _arabic_commas(paragraph)
        for run in paragraph.iter(_w("r")):
            props = _properties(run, "rPr")
            _complex_script_twins(props)
            _ensure(props, "rtl", _RPR_ORDER)
            _ensure(props, "lang", _RPR_ORDER).set(_w("bidi"), lang)
        props = _properties(paragraph, "pPr")
        _ensure(props, "bidi", _PPR_ORDER)
        jc = props.find(_w("jc"))
        if jc is not None and jc.get(_w("val")) in ("left", "right", "start", "end", "both"):
            props.remove(jc)  # alignment follows the reading direction: start is the right edge
    for table in root.iter(_w("tbl")):
        _ensure(_properties(table, "tblPr"), "bidiVisual", _TBLPR_ORDER)
    return _serialise(root)


def _complex_script_twins(props: etree._Element) -> None:
    """Bold and size set for Latin (`b`, `sz`) also set for Arabic (`bCs`, `szCs`).

    Word and LibreOffice format right-to-left text with the complex-script twins only: a bold
    label without `bCs` is regular in Arabic, a small print line without `szCs` full size.
    """
    bold = props.find(_w("b"))
    if bold is not None and bold.get(_w("val"), "true") not in ("0", "false", "off"):
        _ensure(props, "bCs", _RPR_ORDER)
    size = props.find(_w("sz"))
    if size is not None and props.find(_w("szCs")) is None:
        _ensure(props, "szCs", _RPR_ORDER).set(_w("val"), size.get(_w("val"), ""))


def _parse(xml: bytes) -> etree._Element:
    return etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))


def _serialise(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def right_to_left_numbering(xml: bytes) -> bytes:
    """Every list level right to left: its bullet or number on the right, the text to its left.

    `w:bidi` on the list paragraph alone is not enough for every reader: the level's own
    paragraph properties (its indents) are read as left to right unless the level says `bidi`.
    """
    root = _parse(xml)
    for level in root.iter(_w("lvl")):
        props = level.find(_w("pPr"))
        if props is None:
            props = etree.SubElement(level, _w("pPr"))
            rpr = level.find(_w("rPr"))
            if rpr is not None:  # CT_Lvl: pPr comes before rPr
                rpr.addprevious(props)
        _ensure(props, "bidi", _PPR_ORDER)
    return _serialise(root)


def right_to_left_styles(xml: bytes) -> bytes:
    """Styles whose complex-script font has Arabic in regular and bold, and `bCs` beside `b`.

    Only the complex-script slot (`w:cs`) changes: Latin text (names, addresses) keeps Arial.
    """
    root = _parse(xml)
    for props in root.iter(_w("rPr")):
        parent = props.getparent()
        is_default = parent is not None and etree.QName(parent).localname == "rPrDefault"
        if props.find(_w("rFonts")) is not None or is_default:
            fonts = _ensure(props, "rFonts", _RPR_ORDER)
            fonts.set(_w("cs"), COMPLEX_SCRIPT_FONT)
            fonts.attrib.pop(_w("cstheme"), None)
        _complex_script_twins(props)
    return _serialise(root)


def make_right_to_left(parts: dict[str, bytes], lang: str) -> dict[str, bytes]:
    """The package's parts with its text parts, lists and styles laid out right to left."""
    made = {}
    for name, content in parts.items():
        if name.startswith(_LAYOUT_PARTS) and name.endswith(".xml"):
            content = right_to_left(content, lang)
        elif name == "word/numbering.xml":
            content = right_to_left_numbering(content)
        elif name == "word/styles.xml":
            content = right_to_left_styles(content)
        made[name] = content
    return made
