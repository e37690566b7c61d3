"""Every text a Word package shows or carries, read the way a reader sees the words, for the leak scan.

`text_parts` finds the parts to read: the main document wherever the package puts it, every XML
and relationship part, content Word imports as part of the body (`altChunk`: HTML, MHT, RTF, plain
text or another .docx) and embedded packages (a spreadsheet in a letter), recursively and within
bounds. What cannot be read (an encrypted file, an embedded object in a binary format) is refused,
naming the part: a part the scan cannot read must never pass as clean.

`part_text` reads one part: the runs of a paragraph joined, every break Word renders as space
(line break, carriage return, tab, page break) kept as one, so words typed apart stay apart.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from functools import lru_cache
from typing import cast
from urllib.parse import unquote

from lxml import etree
from lxml import html as lxml_html
from striprtf import striprtf

from .docxzip import (
    MAX_PARTS,
    MAX_UNPACKED_BYTES,
    OFFICE_PACKAGE,
    OLE_MAGIC,
    content_types,
    describe_compound_file,
    read_package,
    read_parts,
    relationships,
    too_large,
)
from .errors import CommsgenError
from .messages import t

_rtf_to_text = cast(Callable[..., str], striprtf.rtf_to_text)  # the library has no annotations
MAX_DEPTH = 3  # a package in a package in a package in the document; deeper is refused


def _tags(namespaces: tuple[str, str], *names: str) -> frozenset[str]:
    return frozenset(f"{{{ns}}}{name}" for ns in namespaces for name in names)


# Transitional and Strict Open XML namespaces of each vocabulary that carries text.
_W = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
      "http://purl.oclc.org/ooxml/wordprocessingml/main")
_A = ("http://schemas.openxmlformats.org/drawingml/2006/main", "http://purl.oclc.org/ooxml/drawingml/main")
_X = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "http://purl.oclc.org/ooxml/spreadsheetml/main")
_M = ("http://schemas.openxmlformats.org/officeDocument/2006/math",
      "http://purl.oclc.org/ooxml/officeDocument/math")

# Elements whose runs a reader sees as one line: a paragraph (Word, DrawingML), a shared or inline
# string and a comment (Excel).
PARAGRAPHS = _tags(_W, "p") | _tags(_A, "p") | _tags(_X, "si", "is", "text")
RUN_TEXT = (_tags(_W, "t", "delText", "instrText", "delInstrText") | _tags(_A, "t") | _tags(_X, "t")
            | _tags(_M, "t"))
# Tracked changes: text removed from what Word shows (deleted, moved away) and added to it. A
# `w:del` or `w:moveFrom` inside a paragraph's properties marks its paragraph mark as removed.
_REMOVED = _tags(_W, "del", "moveFrom")
_INSERTED = _tags(_W, "ins", "moveTo")
_DELETED_TEXT = _tags(_W, "delText", "delInstrText")
_RUN_PROPERTIES = _tags(_W, "rPr")
_PARAGRAPH_PROPERTIES = _tags(_W, "pPr")
# What Word draws for the break-like elements inside a paragraph.
INLINE = (
    dict.fromkeys(_tags(_W, "br", "cr") | _tags(_A, "br"), "\n")
    | dict.fromkeys(_tags(_W, "tab", "ptab"), " ")
    | dict.fromkeys(_tags(_W, "noBreakHyphen"), "-")
    | dict.fromkeys(_tags(_W, "softHyphen"), "")
)
_HTML_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "option", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead",
    "title", "tr", "ul",
})
_HTML_HIDDEN = frozenset({"script", "style"})  # code and layout rules, never shown
_HTML_START = re.compile(rb"\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype\s+html|<html)", re.I | re.S)
_MHT_START = re.compile(rb"\s*(mime-version|content-type)\s*:", re.I)
_FIELD_INSTRUCTION = re.compile(r"\\fldinst\s*([^{}]*)")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_RECOVER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)

# Part formats read as text, besides XML: what Word imports through an altChunk.
TEXT_TYPES = frozenset({
    "text/html", "application/xhtml+xml", "message/rfc822", "multipart/related", "text/plain",
    "application/rtf", "text/rtf", "application/vnd.openxmlformats-officedocument.vmlDrawing",
})
# Parts that hold no text: pictures and fonts. Their names and descriptions are text elsewhere
# (relationships, alt text), and are read there. Printer settings (a binary DEVMODE that Word,
# and every Excel and PowerPoint file, carries) hold the printer's name and paper, which no reader
# of the document sees; an embedded spreadsheet is read for its sheets, not refused for them.
_NO_TEXT_TYPES = tuple(kind.casefold() for kind in (  # compared with casefolded content types
                  "image/", "font/", "application/x-font", "application/vnd.ms-fontobject",
                  "application/vnd.openxmlformats-officedocument.obfuscatedFont",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.printerSettings",
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings",
                  "application/vnd.openxmlformats-officedocument.presentationml.printerSettings"))
_NO_TEXT_EXTENSIONS = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".emz", ".wmz", ".ico",
    ".webp", ".odttf", ".ttf", ".otf", ".fntdata", ".woff", ".woff2", ".eot",
})
_XML_EXTENSIONS = frozenset({".xml", ".rels", ".vml"})
_ALT_CHUNK = "aFChunk"  # last segment of the relationship type, Transitional and Strict


def text_parts(data: bytes, name: str, error: type[CommsgenError]) -> dict[str, bytes]:
    """Every part of a .docx to scan, by place name (`word/embeddings/Sheet1.xlsx!xl/sharedStrings.xml`).

    `name` is only used in messages; anything that cannot be read raises `error` naming the part.
    """
    return package_text_parts(read_parts(data, name, error), name, error)


def package_text_parts(parts: Mapping[str, bytes], name: str, error: type[CommsgenError]) -> dict[str, bytes]:
    """`text_parts` of a package whose parts are already read."""
    found: dict[str, bytes] = {}
    budget = _Budget(MAX_UNPACKED_BYTES - sum(len(data) for data in parts.values()), MAX_PARTS - len(parts))
    _collect(parts, "", _Scope(name, error, budget), 0, found)
    return found


@dataclass
class _Budget:
    """Bytes and parts that embedded packages may still unpack to, all levels together."""

    left: int
    parts: int


@dataclass(frozen=True)
class _Scope:
    """What every level of one package's reading shares: its name, error class and size budget."""

    name: str
    error: type[CommsgenError]
    budget: _Budget


def _collect(
    parts: Mapping[str, bytes], prefix: str, scope: _Scope, depth: int, found: dict[str, bytes]
) -> None:
    types = content_types(parts, scope.name, scope.error)
    chunks = _alt_chunks(parts, scope)
    for part in sorted(parts):
        data, place = parts[part], prefix + part
        content_type = types.of(part).casefold()
        if not data:
            continue
        if data.startswith(OLE_MAGIC):
            raise scope.error(f"{scope.name}: {place} {_compound_reason(part, data, content_type)}")
        if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            if depth >= MAX_DEPTH:
                raise scope.error(t("{file}: {part} is nested more than {depth} packages deep; "
                                    "it cannot be read", file=scope.name, part=place, depth=MAX_DEPTH))
            inner = read_package(data, f"{scope.name}: {place}", scope.error, max(scope.budget.left, 0),
                                 what=OFFICE_PACKAGE)
            scope.budget.left -= sum(len(d) for d in inner.values())
            scope.budget.parts -= len(inner)
            if scope.budget.parts < 0:
                raise scope.error(too_large(f"{scope.name}: {place}"))
            _collect(inner, place + "!", scope, depth + 1, found)
        elif _is_text(part, data, content_type, part in chunks):
            found[place] = data
        elif not _holds_no_text(part, content_type):
            raise scope.error(t(
                "{file}: {part} is in a format that cannot be read ({type}); the document cannot be "
                "checked while it holds it", file=scope.name, part=place,
                type=content_type or t("no content type"),
            ))


def _alt_chunks(parts: Mapping[str, bytes], scope: _Scope) -> set[str]:
    """The parts that some part imports as content (`altChunk`), by part name."""
    targets: set[str] = set()
    for rels in parts:
        folder, base = posixpath.split(rels)
        if posixpath.basename(folder) != "_rels" or not base.endswith(".rels"):
            continue
        source = posixpath.join(posixpath.dirname(folder), base.removesuffix(".rels"))
        for rel in relationships(parts, source, scope.name, scope.error):
            if rel.type.rsplit("/", 1)[-1] == _ALT_CHUNK and not rel.external:
                targets.add(rel.target)
    return targets


def _compound_reason(part: str, data: bytes, content_type: str) -> str:
    """Why a compound (OLE) part cannot be read, and what the user can do."""
    if "vbaproject" in content_type or posixpath.basename(part).casefold().startswith("vbaproject"):
        return t("holds macros (a Visual Basic project), which cannot be read; save the document as .docx")
    if "EncryptedPackage".encode("utf-16-le") in data:
        return describe_compound_file(data)
    return t("is an embedded object in a binary (OLE) format, which cannot be read; "
             "the document cannot be checked while it holds it")


def _is_text(part: str, data: bytes, content_type: str, alt_chunk: bool) -> bool:
    extension = posixpath.splitext(part)[1].casefold()
    if content_type.endswith("xml") or content_type in TEXT_TYPES or extension in _XML_EXTENSIONS:
        return True
    if alt_chunk or not content_type:
        return _decodes(data)
    return False


def _holds_no_text(part: str, content_type: str) -> bool:
    if content_type:
        return content_type.startswith(_NO_TEXT_TYPES)
    return posixpath.splitext(part)[1].casefold() in _NO_TEXT_EXTENSIONS


def _decodes(data: bytes) -> bool:
    """Whether the bytes are text: a Unicode byte order mark, or UTF-8 without control characters."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not any(ord(c) < 32 and c not in "\t\n\r\f" for c in text)


def part_text(name: str, data: bytes) -> str:
    """All text of one part, paragraphs on their own lines; `name` tells the format where bytes do not."""
    return _text(_format(name, data), data)


def _format(name: str, data: bytes) -> str:
    extension = posixpath.splitext(name.rsplit("!", 1)[-1])[1].casefold()
    head = data[:2048].removeprefix(codecs.BOM_UTF8)
    if extension in (".htm", ".html", ".xhtml") or _HTML_START.match(head):
        return "html"
    if extension in (".mht", ".mhtml") or _MHT_START.match(head):
        return "mht"
    if extension == ".rtf" or head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if extension == ".txt":
        return "text"
    return "xml"


@lru_cache(maxsize=256)  # the same styles and settings parts recur in every document of a run
def _text(kind: str, data: bytes) -> str:
    if kind == "html":
        return _html_text(data)
    if kind == "mht":
        return _mht_text(data)
    if kind == "rtf":
        return _rtf_text(decode(data))
    if kind == "text":
        return decode(data)
    try:
        return _xml_text(etree.fromstring(data, _PARSER))
    except etree.XMLSyntaxError:
        # Damaged: scan what is there rather than skip it, and what a forgiving parser makes of it.
        recovered = etree.fromstring(data, _RECOVER)
        return decode(data) + ("\n" + _xml_text(recovered) if recovered is not None else "")


def decode(data: bytes) -> str:
    """Text of unknown encoding: by its byte order mark, else UTF-8, else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _attribute_chunks(element: etree._Element) -> list[str]:
    """Attribute values worth reading (alt text, titles, link targets); %-escaped ones also decoded."""
    chunks = []
    for value in element.attrib.values():
        if len(value) > 2 and not value.isdigit():
            chunks.append(value)
            if "%" in value:
                chunks.append(unquote(value))
    return chunks


@dataclass
class _Line:
    """One open paragraph: the text Word shows, the text before the tracked changes, what was removed."""

    shown: list[str]
    original: list[str]
    removed: list[list[str]]  # runs of deleted or moved-away text, each read on its own
    changed: bool = False
    mark_removed: bool = False  # its paragraph mark is deleted: Word joins it to the next paragraph


def _xml_text(root: etree._Element) -> str:
    """Text of an XML part as Word shows it, then what its tracked changes removed.

    Deleted (`w:del`, `w:delText`) and moved-away (`w:moveFrom`) text is not part of the shown text
    (`Verbe` + deleted `e` + `ek` reads `Verbeek`), but the file carries it: each paragraph's text
    before the changes, and each removed piece alone, follow as lines of their own.
    """
    chunks: list[str] = []
    lines: list[_Line] = []  # the open paragraphs, innermost last (a text box sits in one)
    removed = 0  # how many deleted or moved-from containers are open
    inserted = 0  # how many inserted or moved-to containers are open
    carried: dict[int, str] = {}  # shown text of a paragraph whose mark is deleted, by nesting depth
    for event, element in etree.iterwalk(root, events=("start", "end", "comment")):
        if event == "comment":
            if element.text and element.text.strip():
                chunks.append(element.text)
            continue
        tag = element.tag
        if event == "end":
            if tag in _REMOVED:
                removed -= 1
                if lines and _in_paragraph_mark(element):
                    lines[-1].mark_removed = True
            elif tag in _INSERTED:
                inserted -= 1
            if tag in PARAGRAPHS:
                _close(lines.pop(), len(lines), chunks, carried)
            if element.tail and element.tail.strip():
                chunks.append(element.tail)
            continue
        chunks += _attribute_chunks(element)
        if tag in _REMOVED:
            removed += 1
            if lines:
                lines[-1].changed = True
        elif tag in _INSERTED:
            inserted += 1
            if lines:
                lines[-1].changed = True
        if tag in PARAGRAPHS:
            lines.append(_Line([carried.pop(len(lines), "")], [], [[]]))
        elif lines and (tag in RUN_TEXT or tag in INLINE):
            piece = ((element.text or "").replace("\u00ad", "") if tag in RUN_TEXT  # the soft hyphen
                     else INLINE[tag])
            line = lines[-1]
            if removed or tag in _DELETED_TEXT:
                line.removed[-1].append(piece)  # removed text next to removed text reads as one
                line.changed = True
            else:
                line.shown.append(piece)
                if line.removed[-1]:
                    line.removed.append([])
            if not inserted:
                line.original.append(piece)
        elif element.text and element.text.strip():
            chunks.append(element.text)
    chunks += carried.values()  # a last paragraph whose mark is deleted
    return "\n".join(chunks)


def _in_paragraph_mark(element: etree._Element) -> bool:
    """Whether a `w:del`/`w:moveFrom` marks a paragraph's own mark (in `w:pPr/w:rPr`) as removed."""
    parent = element.getparent()
    grandparent = parent.getparent() if parent is not None else None
    return (parent is not None and grandparent is not None and parent.tag in _RUN_PROPERTIES
            and grandparent.tag in _PARAGRAPH_PROPERTIES)


def _close(line: _Line, depth: int, chunks: list[str], carried: dict[int, str]) -> None:
    """Write a finished paragraph: shown text (or carried into the next one), then what was removed."""
    shown = "".join(line.shown)
    if line.mark_removed:
        carried[depth] = shown
    else:
        chunks.append(shown)
    if line.changed:
        chunks.append("".join(line.original))
        chunks += ["".join(piece) for piece in line.removed if "".join(piece).strip()]


def _html_text(data: bytes) -> str:
    """Visible text of an HTML or XHTML page, blocks on their own lines, then its attribute values."""
    # Without a byte order mark or a declared charset the HTML parser assumes Latin-1; UTF-8 is the
    # likelier, and bytes that decode as UTF-8 are almost never meant as anything else.
    encoding = None
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            pass
    try:
        root = lxml_html.document_fromstring(data, parser=lxml_html.HTMLParser(encoding=encoding))
    except etree.ParserError:  # nothing but whitespace or comments
        return decode(data)
    line: list[str] = []
    chunks: list[str] = []

    def walk(element: etree._Element) -> None:
        if element.tag is etree.Comment:
            chunks.append(element.text or "")  # Word keeps document properties in comments
        elif isinstance(element.tag, str):
            chunks.extend(_attribute_chunks(element))
            if element.tag not in _HTML_HIDDEN:
                block = "\n" if element.tag in _HTML_BLOCKS else ""
                line.append(block + (element.text or ""))
                for child in element:
                    walk(child)
                line.append(block)
        line.append(element.tail or "")

    walk(root)
    return "".join(line) + "\n" + "\n".join(chunks)


def _mht_text(data: bytes) -> str:
    """Text of a web archive (MHT), as Word saves a web page: each page and text file of it read."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    chunks: list[str] = []
    for part in message.walk():
        if part.is_multipart() or not isinstance(part, EmailMessage):
            continue
        chunks += [str(part[h]) for h in ("Content-Location", "Content-Description") if part[h]]
        kind = part.get_content_type()
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        if kind in ("text/html", "application/xhtml+xml"):
            chunks.append(_html_text(_declared(part, payload).encode("utf-8")))
        elif kind.endswith("xml"):
            chunks.append(_text("xml", payload))
        elif kind.startswith("text/"):
            chunks.append(_declared(part, payload))
    return "\n".join(chunks)


def _declared(part: EmailMessage, payload: bytes) -> str:
    """A MIME part's text in its declared charset, or guessed when that is missing or unknown."""
    charset = part.get_content_charset()
    if charset:
        try:
            return payload.decode(charset, errors="replace")
        except LookupError:
            pass
    return decode(payload)


def _rtf_text(text: str) -> str:
    """Text of an RTF document without its control words, and its field instructions (link targets)."""
    body = _rtf_to_text(text, errors="replace")
    fields = [_rtf_to_text("{\\rtf1 " + f + "}", errors="replace") for f in _FIELD_INSTRUCTION.findall(text)]
    return "\n".join([body, *fields])
