"""Right-to-left layout for languages such as Arabic: paragraphs, runs and tables read from the right.

Word is strict about the order of elements inside paragraph, run and table properties, so each
new element is inserted at its place in the schema's sequence.
"""

from __future__ import annotations

import re

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_LAYOUT_PARTS = ("word/document", "word/header", "word/footer", "word/footnotes", "word/endnotes")

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


def right_to_left(xml: bytes, lang: str) -> bytes:
    """One part with its paragraphs, runs and tables in right-to-left script set to right-to-left.

    A paragraph without any right-to-left letter (a phone number or e-mail address in a table
    cell) stays left to right: in a right-to-left paragraph `046 123 4567` would read backwards.
    """
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    for paragraph in root.iter(_w("p")):
        text = "".join(t.text or "" for t in paragraph.iter(_w("t")))
        if not RTL_SCRIPT.search(text):
            # A Latin-only line (a signature, a phone number in a table cell) keeps its order but
            # sits on the reading side, as every other line and cell of the letter does.
            _ensure(_properties(paragraph, "pPr"), "jc", _PPR_ORDER).set(_w("val"), "right")
            continue
        for run in paragraph.iter(_w("r")):
            props = _properties(run, "rPr")
            _ensure(props, "rtl", _RPR_ORDER)
            _ensure(props, "lang", _RPR_ORDER).set(_w("bidi"), lang)
        props = _properties(paragraph, "pPr")
        _ensure(props, "bidi", _PPR_ORDER)
        jc = props.find(_w("jc"))
        if jc is not None and jc.get(_w("val")) in ("left", "right", "start", "end", "both"):
            props.remove(jc)  # alignment follows the reading direction: start is the right edge
    for table in root.iter(_w("tbl")):
        _ensure(_properties(table, "tblPr"), "bidiVisual", _TBLPR_ORDER)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def make_right_to_left(parts: dict[str, bytes], lang: str) -> dict[str, bytes]:
    """The package's parts with its text parts laid out right to left."""
    return {name: right_to_left(content, lang)
            if name.startswith(_LAYOUT_PARTS) and name.endswith(".xml") else content
            for name, content in parts.items()}
