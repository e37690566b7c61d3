"""Read and rewrite the parts of a .docx package, with limits so a hostile file cannot exhaust memory.

The package is read as Open Packaging Conventions say: the main document part is the one the
package's relationships and content types name (`word/document.xml` in most files, but Word Online
saves `word/document2.xml`), and part names compare without case.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from lxml import etree

from .errors import CommsgenError
from .messages import N_, t

MAX_PACKAGE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PARTS = 2000
# What a file that is no zip package at all is told (`read_package`'s `what`).
WORD_PACKAGE = N_("not a Word document (a .docx is a zip package)")
OFFICE_PACKAGE = N_("not an Office package (.docx, .xlsx and .pptx are zip packages)")

CONTENT_TYPES = "[Content_Types].xml"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: .doc, or an encrypted .docx
# Content types of a Word main part: document, macro-enabled document, template and its macro form
# (Strict Open XML uses the same content types with other XML namespaces).
MAIN_CONTENT_TYPES = frozenset({
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
})
OFFICE_DOCUMENT = frozenset({
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
})
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def read_package(
    data: bytes,
    name: str,
    error: type[CommsgenError] = CommsgenError,
    limit: int = MAX_UNPACKED_BYTES,
    what: str = WORD_PACKAGE,
) -> dict[str, bytes]:
    """Every part of any zip package (Word, Excel, PowerPoint) by name, unpacking at most `limit` bytes.

    `what` (WORD_PACKAGE, OFFICE_PACKAGE) says in a refusal what the file should have been.
    """
    if len(data) > MAX_PACKAGE_BYTES:
        raise error(t("{file}: the file is larger than {size} MB", file=name,
                      size=MAX_PACKAGE_BYTES // (1024 * 1024)))
    if data.startswith(OLE_MAGIC):
        raise error(f"{name}: {describe_compound_file(data)}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        raise error(f"{name}: {t(what)}") from e
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > limit:
            raise error(too_large(name))
        parts: dict[str, bytes] = {}
        seen: set[str] = set()
        total = 0
        for info in infos:
            if info.filename.casefold() in seen:
                # Which copy an editor reads is not defined: the scan could read the other one.
                raise error(t("{file}: damaged package, part {part} is stored twice", file=name,
                              part=info.filename))
            seen.add(info.filename.casefold())
            if info.flag_bits & 0x1:
                raise error(t("{file}: part {part} is encrypted (password-protected) and cannot be read",
                              file=name, part=info.filename))
            try:
                with archive.open(info) as member:
                    # Read past the declared size by one byte: a lying header is caught here.
                    content = member.read(limit - total + 1)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as e:
                raise error(damaged(name, info.filename)) from e
            total += len(content)
            if total > limit:
                raise error(too_large(name))
            parts[info.filename] = content
    return parts


def too_large(name: str) -> str:
    """The refusal of a package that unpacks to more than its limit (a zip bomb, or far too big)."""
    return t("{file}: package unpacks to more than the allowed size", file=name)


def damaged(name: str, part: str) -> str:
    """The refusal of a package part that cannot be unpacked or parsed."""
    return t("{file}: damaged part {part}", file=name, part=part)


def read_parts(data: bytes, name: str, error: type[CommsgenError] = CommsgenError) -> dict[str, bytes]:
    """Every part of a .docx package by name; `name` is only used in messages."""
    parts = read_package(data, name, error)
    main_part(parts, name, error)
    return parts


def describe_compound_file(data: bytes) -> str:
    """What an OLE compound file most likely is, for a refusal (Office encrypts a .docx into one)."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return t("is encrypted (password-protected), so it cannot be read; save a copy without a password")
    return t("is an Office binary file (an older .doc or another compound file), not a .docx; "
             "save it as .docx")


def main_part(
    parts: Mapping[str, bytes], name: str = "document", error: type[CommsgenError] = CommsgenError
) -> str:
    """The name of the package's main Word part, from its relationships or else its content types."""
    if CONTENT_TYPES not in parts:
        raise error(t("{file}: not a Word document (no {part})", file=name, part=CONTENT_TYPES))
    types = content_types(parts, name, error)
    for rel in relationships(parts, "", name, error):
        if rel.type in OFFICE_DOCUMENT and types.of(rel.target) in MAIN_CONTENT_TYPES:
            found = find_part(parts, rel.target)
            if found is not None:
                return found
    for part in parts:
        if types.of(part) in MAIN_CONTENT_TYPES:
            return part
    raise error(t("{file}: not a Word document (no main document part)", file=name))


def find_part(parts: Mapping[str, bytes], target: str) -> str | None:
    """The stored name of a part, compared without case as part names are."""
    if target in parts:
        return target
    folded = target.casefold()
    return next((p for p in parts if p.casefold() == folded), None)


@dataclass(frozen=True)
class ContentTypes:
    """The content type of each part: overrides by part name, defaults by extension."""

    defaults: Mapping[str, str]
    overrides: Mapping[str, str]

    def of(self, part: str) -> str:
        """The part's content type, or '' when the package declares none."""
        found = self.overrides.get(part.casefold())
        if found is None:
            found = self.defaults.get(posixpath.splitext(part)[1].lstrip(".").casefold(), "")
        return found


def content_types(parts: Mapping[str, bytes], name: str, error: type[CommsgenError]) -> ContentTypes:
    """The package's `[Content_Types].xml`; empty when it has none."""
    data = parts.get(CONTENT_TYPES)
    if data is None:
        return ContentTypes({}, {})
    try:
        return _content_types(data)
    except etree.XMLSyntaxError as e:
        raise error(damaged(name, CONTENT_TYPES)) from e


@lru_cache(maxsize=64)  # every document of a run has the same content types
def _content_types(data: bytes) -> ContentTypes:
    root = etree.fromstring(data, _PARSER)
    defaults = {
        e.get("Extension", "").casefold(): e.get("ContentType", "") for e in root.iter(f"{_CT}Default")
    }
    overrides = {
        part_name(e.get("PartName", "")).casefold(): e.get("ContentType", "")
        for e in root.iter(f"{_CT}Override")
    }
    return ContentTypes(defaults, overrides)


@dataclass(frozen=True)
class Relationship:
    """One relationship of a part: its type, and its target part (or address, when external)."""

    type: str
    target: str
    external: bool


def relationships(
    parts: Mapping[str, bytes], source: str, name: str, error: type[CommsgenError]
) -> list[Relationship]:
    """The relationships of part `source` ('' for the package itself), targets resolved to part names."""
    folder, base = posixpath.split(source)
    rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
    found = find_part(parts, rels_name)
    if found is None:
        return []
    try:
        root = etree.fromstring(parts[found], _PARSER)
    except etree.XMLSyntaxError as e:
        raise error(damaged(name, found)) from e
    result = []
    for rel in root.iter(f"{_REL}Relationship"):
        target = rel.get("Target", "")
        external = rel.get("TargetMode", "") == "External"
        if not external:
            target = part_name(target if target.startswith("/") else posixpath.join(folder, target))
        result.append(Relationship(rel.get("Type", ""), target, external))
    return result


def part_name(uri: str) -> str:
    """A part name as a zip entry name: no leading slash, `.` and `..` resolved, %-escapes decoded."""
    return posixpath.normpath("/" + unquote(uri)).lstrip("/")


# Every entry gets the same time, the zip format's first day (1980-01-01 00:00, as MS-DOS writes
# it), and the same attributes on every system: the same parts always make the same bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1
_LOCAL = struct.Struct("<4sHHHHHLLLHH")  # local file header (APPNOTE 4.3.7)
_CENTRAL = struct.Struct("<4sBBBBHHHHLLLHHHHHLL")  # central directory header (4.3.12)
_END = struct.Struct("<4sHHHHLLH")  # end of central directory (4.3.16)
_VERSION = 20  # 2.0: deflate
_UTF8 = 0x800  # the name is UTF-8


@lru_cache(maxsize=256)
def _deflated(data: bytes) -> tuple[int, bytes]:
    """The CRC-32 and raw deflate stream of one part's content.

    Cached: the parts a render leaves as the template had them (styles, theme, fonts, numbering)
    are the same in every document of a run, and are compressed once instead of once per document.
    """
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return zlib.crc32(data), compressor.compress(data) + compressor.flush()


def write_parts(parts: dict[str, bytes]) -> bytes:
    """A .docx package from its parts, content types first as Word expects, byte for byte reproducible.

    A plain zip (no zip64, no data descriptors, no extra fields) written directly, as zipfile would
    with fixed times, so that each part is compressed once per run (`_deflated`).
    """
    order = sorted(parts, key=lambda n: (n != CONTENT_TYPES, n))
    if len(order) > 0xFFFF:
        raise ValueError("too many parts for a zip without zip64")
    out = bytearray()
    central = bytearray()
    for part in order:
        data = parts[part]
        crc, packed = _deflated(data)
        name = part.encode("utf-8")
        flags = 0 if name.isascii() else _UTF8
        offset = len(out)
        if max(offset, len(data), len(packed)) > 0xFFFFFFFF:
            raise ValueError("package too large for a zip without zip64")
        out += _LOCAL.pack(b"PK\x03\x04", _VERSION, flags, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE,
                           crc, len(packed), len(data), len(name), 0)
        out += name
        out += packed
        central += _CENTRAL.pack(b"PK\x01\x02", _VERSION, 0, _VERSION, 0, flags, zipfile.ZIP_DEFLATED,
                                 _DOS_TIME, _DOS_DATE, crc, len(packed), len(data), len(name), 0, 0, 0, 0,
                                 0, offset)
        central += name
    end = _END.pack(b"PK\x05\x06", 0, 0, len(order), len(order), len(central), len(out), 0)
    return bytes(out + central + end)
