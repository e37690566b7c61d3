"""Clean the metadata of an output package: no authors, comments, custom properties or leftovers."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from .errors import CommsgenError
from .messages import t

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

CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
CORE_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
APP_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
APP_TYPE = "application/vnd.openxmlformats-officedocument.extended-properties+xml"

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


@dataclass(frozen=True)
class SourceDate:
    """The one moment a run's documents carry (created, modified): the same case makes the same bytes."""

    when: dt.datetime  # in UTC
    origin: str  # "SOURCE_DATE_EPOCH", "letter_date", or "today" (the date the letters print)

    def record(self) -> dict[str, str]:
        """What the manifest says about it."""
        return {"date": self.when.isoformat(), "from": self.origin}


def source_date(letter_date: dt.date | None, printed: dt.date) -> SourceDate:
    """`SOURCE_DATE_EPOCH` when set (reproducible-builds.org), else the case's letter date, else the
    date the letters print (today), each at midnight UTC.

    Only a date every reader sees already is used: a date of the case that some audiences may not
    read (such as `case.opened`) would leak into their documents' properties.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise CommsgenError(t("SOURCE_DATE_EPOCH must be a number of seconds since 1970 (or not set)"))
        try:
            return SourceDate(dt.datetime.fromtimestamp(int(epoch), dt.UTC), "SOURCE_DATE_EPOCH")
        except (OverflowError, OSError, ValueError) as e:
            raise CommsgenError(t("SOURCE_DATE_EPOCH must be a number of seconds since 1970 (or not set)")) \
                from e
    day, origin = (letter_date, "letter_date") if letter_date is not None else (printed, "today")
    return SourceDate(dt.datetime.combine(day, dt.time(0), dt.UTC), origin)


def clean(parts: dict[str, bytes], *, title: str, author: str, lang: str,
          now: dt.datetime) -> dict[str, bytes]:
    """The package's parts with neutral, minimal metadata: the author is the school.

    `title` is the document's title as the template rendered it (plain text).
    """
    dropped = {name for name in parts if _DROP.match(name)}
    stamp = now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    cleaned = {name: _clean_part(name, content, frozenset(dropped))
               for name, content in parts.items() if name not in dropped}
    core = CORE.format(title=escape(title), author=escape(author), lang=escape(lang), now=stamp)
    _replace_properties(cleaned, CORE_REL, CORE_TYPE, "docProps/core.xml", core.encode("utf-8"))
    _replace_properties(cleaned, APP_REL, APP_TYPE, "docProps/app.xml", APP.encode("utf-8"))
    return cleaned


def _replace_properties(parts: dict[str, bytes], rel_type: str, content_type: str, default: str,
                        content: bytes) -> None:
    """Put `content` in the properties part of `rel_type`, wherever the package keeps it.

    A package without one (python-docx added the core properties when docxtpl saved) gets it
    at `default`, with its relationship and content type.
    """
    rels = parts.get("_rels/.rels", b"")
    found = re.search(rb'<Relationship [^>]*Type="' + re.escape(rel_type.encode()) + rb'"[^>]*/>', rels)
    target = re.search(rb'Target="/?([^"]+)"', found.group(0)) if found else None
    if target is not None:
        parts[target.group(1).decode()] = content
        return
    parts[default] = content
    rel = f'<Relationship Id="rIdCommsgen{len(rels)}" Type="{rel_type}" Target="{default}"/>'
    parts["_rels/.rels"] = re.sub(rb"</Relationships>\s*$", rel.encode() + b"</Relationships>", rels)
    override = f'<Override PartName="/{default}" ContentType="{content_type}"/>'
    parts["[Content_Types].xml"] = re.sub(rb"</Types>\s*$", override.encode() + b"</Types>",
                                          parts.get("[Content_Types].xml", b""))


@lru_cache(maxsize=256)  # the unchanged parts of every template of a run (11 kinds, ~15 parts each)
def _clean_part(name: str, content: bytes, dropped: frozenset[str]) -> bytes:
    """One part without review marks and links to dropped parts.

    Cached: the parts a render leaves as the template had them are the same for every document.
    """
    if name.endswith(".rels"):
        return _drop_relationships(content, dropped)
    if name == "[Content_Types].xml":
        return _drop_overrides(content, dropped)
    if name.startswith("word/") and name.endswith(".xml"):
        # Each pattern needs its word in the part: a plain search skips the costly ones.
        if b"rsid" in content:
            content = _RSID.sub(b"", content)
        if b"comment" in content:
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
