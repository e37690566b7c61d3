"""Clean the metadata of an output package: no authors, comments, custom properties or leftovers."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from xml.sax.saxutils import escape

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


def clean(parts: dict[str, bytes], *, title: str, author: str, lang: str,
          now: dt.datetime) -> dict[str, bytes]:
    """The package's parts with neutral, minimal metadata: the author is the school.

    `title` is the document's title as the template rendered it (plain text).
    """
    dropped = {name for name in parts if _DROP.match(name)}
    stamp = now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    cleaned = {name: _clean_part(name, content, frozenset(dropped))
               for name, content in parts.items() if name not in dropped}
    cleaned["docProps/core.xml"] = CORE.format(
        title=escape(title), author=escape(author), lang=escape(lang), now=stamp
    ).encode("utf-8")
    cleaned["docProps/app.xml"] = APP.encode("utf-8")
    return cleaned


@lru_cache(maxsize=32)
def _clean_part(name: str, content: bytes, dropped: frozenset[str]) -> bytes:
    """One part without review marks and links to dropped parts.

    Cached: the parts a render leaves as the template had them are the same for every document.
    """
    if name.endswith(".rels"):
        return _drop_relationships(content, dropped)
    if name == "[Content_Types].xml":
        return _drop_overrides(content, dropped)
    if name.startswith("word/") and name.endswith(".xml"):
        content = _RSID.sub(b"", content)
        content = _COMMENT_MARKS.sub(b"", content)
        if name == "word/settings.xml":
            content = _ATTACHED.sub(b"", _RSIDS_BLOCK.sub(b"", content))
    return content


def _drop_relationships(rels: bytes, dropped: frozenset[str]) -> bytes:
    for name in dropped:
        target = re.escape(name.rsplit("/", 1)[-1].encode())
        rels = re.sub(rb"<Relationship [^>]*Target=\"[^\"]*" + target + rb"\"[^>]*/>", b"", rels)
    return rels


def _drop_overrides(types: bytes, dropped: frozenset[str]) -> bytes:
    for name in dropped:
        part = re.escape(("/" + name).encode())
        types = re.sub(rb"<Override [^>]*PartName=\"" + part + rb"\"[^>]*/>", b"", types)
    return types
