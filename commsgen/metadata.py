"""Clean the metadata of an output package: no authors, comments, custom properties or leftovers."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from xml.sax.saxutils import escape

from .docxzip import read_parts, write_parts
from .errors import TemplateError

# Parts that only carry authorship, review history or previews.
_DROP = re.compile(
    r"^(docProps/custom\.xml|docProps/thumbnail\.\w+|word/comments\w*\.xml|word/people\.xml"
    r"|word/_rels/comments\w*\.xml\.rels)$"
)
_RSID = re.compile(rb' w:rsid\w*="[0-9A-Fa-f]+"')
_RSIDS_BLOCK = re.compile(rb"<w:rsids>.*?</w:rsids>", re.DOTALL)
_ATTACHED = re.compile(rb"<w:attachedTemplate [^>]*/>")
_COMMENT_MARKS = re.compile(
    rb"<w:commentRangeStart [^>]*/>|<w:commentRangeEnd [^>]*/>"
    rb"|<w:r>(?:(?!</w:r>).)*?<w:commentReference [^>]*/>(?:(?!</w:r>).)*?</w:r>"
    rb"|<w:commentReference [^>]*/>",
    re.DOTALL,
)

CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><dc:language>{lang}</dc:language>\
<cp:revision>1</cp:revision>\
<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>\
<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>"""

APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
<Application>commsgen</Application></Properties>"""


def clean(data: bytes, *, fallback_title: str, author: str, lang: str, now: dt.datetime) -> bytes:
    """The package with neutral, minimal metadata: the author is the school.

    The title is the one the template rendered, or `fallback_title` when it has none.
    """
    parts = read_parts(data, "rendered document", TemplateError)
    title = _title(parts.get("docProps/core.xml", b"")) or fallback_title
    dropped = {name for name in parts if _DROP.match(name)}
    for name in dropped:
        del parts[name]
    stamp = now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    parts["docProps/core.xml"] = CORE.format(
        title=escape(title), author=escape(author), lang=escape(lang), now=stamp
    ).encode("utf-8")
    parts["docProps/app.xml"] = APP.encode("utf-8")
    for name in list(parts):
        content = parts[name]
        if name.endswith(".rels"):
            content = _drop_relationships(content, dropped)
        elif name == "[Content_Types].xml":
            content = _drop_overrides(content, dropped)
        elif name.startswith("word/") and name.endswith(".xml"):
            content = _RSID.sub(b"", content)
            content = _COMMENT_MARKS.sub(b"", content)
            if name == "word/settings.xml":
                content = _ATTACHED.sub(b"", _RSIDS_BLOCK.sub(b"", content))
        parts[name] = content
    return write_parts(parts)


def _title(core: bytes) -> str:
    match = re.search(r"<dc:title>(.*?)</dc:title>", core.decode("utf-8", "replace"), re.DOTALL)
    # docxtpl renders the title under autoescape and the XML escapes it once more.
    return unescape(unescape(match.group(1))) if match else ""


def _drop_relationships(rels: bytes, dropped: set[str]) -> bytes:
    for name in dropped:
        target = re.escape(name.rsplit("/", 1)[-1].encode())
        rels = re.sub(rb"<Relationship [^>]*Target=\"[^\"]*" + target + rb"\"[^>]*/>", b"", rels)
    return rels


def _drop_overrides(types: bytes, dropped: set[str]) -> bytes:
    for name in dropped:
        part = re.escape(("/" + name).encode())
        types = re.sub(rb"<Override [^>]*PartName=\"" + part + rb"\"[^>]*/>", b"", types)
    return types
