"""Scan a rendered package for case values its audience may not see.

Every text-bearing place is read (body, headers, footers, notes, comments, text boxes, deleted
and hidden text, field codes, attribute values such as hyperlink targets and alt text, document
properties). Text split over runs is joined per paragraph and normalised (case, diacritics,
apostrophes, invisible and non-breaking spaces). Findings name the field and the part, never
the value.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml import etree
from pydantic import BaseModel

from . import pii
from .audiences import PUPIL_LIST, Audience
from .casefile import LoadedCase, Loc, dotted
from .model import CaseFile, PiiKind
from .sensitivity import field_table
from .templates import part_label

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RUN_TEXT = (f"{W}t", f"{W}delText", f"{W}instrText")
# Zero-width, soft hyphen and bidirectional controls: invisible, so they must not split a name.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c"
             "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), None
)
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u2009\u2002\u2003]+")
_APOSTROPHES = str.maketrans({c: "'" for c in "’‘`´′ʼ"})
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—"})
# Name words that are not a name on their own (Dutch and common other particles).
PARTICLES = frozenset(
    ["van", "de", "der", "den", "het", "'t", "te", "ter", "ten", "op", "in", "la", "le", "du", "da",
     "di", "del", "della", "von", "vom", "zu", "el", "al", "bin", "ben", "d'", "l'", "y", "e"]
)
_PHONE_RUN = re.compile(r"\+?\d[\d \-./()]{4,}\d")


@dataclass(frozen=True)
class Finding:
    """A private value found in a document: which field, in which part."""

    field: str
    part: str

    def __str__(self) -> str:
        return f"{self.field} in {part_label(self.part)}"


def normalise(text: str) -> str:
    """Text as the scan compares it: no case, accents, invisible characters or odd spaces."""
    text = text.translate(_INVISIBLE).translate(_APOSTROPHES).translate(_DASHES)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES.sub(" ", text.casefold()).strip()


def url_core(text: str) -> str:
    """A web address compared without scheme, `www.` or trailing slash."""
    core = re.sub(r"^[a-z][a-z0-9+.-]*://", "", normalise(text))
    return core.removeprefix("www.").rstrip("/")


@dataclass(frozen=True)
class Value:
    """One personal value from the case, with where it stands in the case file."""

    loc: Loc  # ('people', 1, 'name')
    kind: PiiKind
    text: str

    @property
    def field(self) -> str:
        """The field path as messages show it: `people[1].name`."""
        return dotted(self.loc)


def case_values(case: CaseFile) -> Iterator[tuple[Value, str]]:
    """Every personal value in the case, with the declared path of its field."""
    table = field_table()
    pending: list[tuple[Any, Loc, str]] = [(case, (), "")]
    while pending:
        obj, loc, declared = pending.pop()
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            here, spec_path = (*loc, name), declared + name
            spec = table[spec_path]
            if isinstance(value, BaseModel):
                pending.append((value, here, spec_path + "."))
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, BaseModel):
                        pending.append((item, (*here, index), spec_path + "[]."))
            elif spec.pii and isinstance(value, dict):
                for lang, text in value.items():
                    yield Value((*here, lang), spec.pii, str(text)), spec_path
            elif spec.pii and isinstance(value, str):
                yield Value(here, spec.pii, value), spec_path


def split_values(case: CaseFile, audience: Audience) -> tuple[list[Value], list[Value]]:
    """The personal values this audience may see, and those it may not."""
    own = None
    if audience.person_id is not None:
        own = next((i for i, p in enumerate(case.people) if p.id == audience.person_id), None)
    visible: list[Value] = []
    private: list[Value] = []
    for value, declared in case_values(case):
        seen = audience.sees(declared)
        if seen and audience.person_id is not None and value.loc[0] == PUPIL_LIST:
            seen = value.loc[1] == own  # a pupil's document sees only its own pupil's record
        (visible if seen else private).append(value)
    return visible, private


def _name_needles(name: str) -> list[str]:
    """A full name, and its first and last names as whole words (particles kept with the surname)."""
    full = normalise(name)
    words = full.split(" ")
    needles = [full]
    if len(words) > 1:
        surname = " ".join(words[1:])
        needles.append(surname)
        needles += [w for w in words if w not in PARTICLES and len(w.strip("'-")) > 1]
    return needles


class Scanner:
    """The needles of one case and audience, compiled once and used for every document."""

    def __init__(self, case: CaseFile, audience: Audience, mask: bool = True) -> None:
        visible, private = split_values(case, audience)
        self.audience = audience
        self._seen: dict[tuple[str, bytes, frozenset[str]], list[Finding]] = {}
        # Wide audiences are also checked for personal data the case does not hold.
        self.generic = audience.wide
        # Structured values the audience may see are allowed; free text never whitelists itself.
        # Tokens of private structured values are reported by their field, not a second time.
        structured = [v for v in visible + private if v.kind != "text"]
        self.allowed = set().union(*(pii.keys(v.text) for v in structured)) if structured else set()
        masked = [v for v in visible if v.kind != "phone" and (mask or v.kind != "text")]
        self.mask = sorted({normalise(v.text) for v in masked}, key=len, reverse=True)
        self.mask = [m for m in self.mask if len(m) > 2]
        visible_words = {w for v in visible if v.kind == "name" for w in _name_needles(v.text)}
        visible_phones = {pii.phone_key(v.text) for v in visible if v.kind == "phone"}
        self.needles: dict[str, list[str]] = {}  # normalised needle -> fields it comes from
        self.phones: list[tuple[str, str]] = []
        for value in private:
            for needle in self._needles(value):
                if value.kind == "phone":
                    if needle not in visible_phones:
                        self.phones.append((value.field, needle))
                elif needle not in visible_words and needle not in self.mask:
                    self.needles.setdefault(needle, []).append(value.field)
        # One pass over the text for all needles, longest first so a full name wins over a part.
        alternatives = "|".join(
            re.escape(n).replace(r"\ ", r"\s") for n in sorted(self.needles, key=len, reverse=True)
        )
        self.pattern = re.compile(r"(?<![\w@.])(?:" + alternatives + r")(?![\w@])") if alternatives else None

    @staticmethod
    @lru_cache(maxsize=4096)  # Value is frozen: each case value's needles are made once per run
    def _needles(value: Value) -> list[str]:
        if value.kind == "name":
            return _name_needles(value.text)
        if value.kind == "phone":
            digits = pii.phone_key(value.text)
            return [digits] if len(digits) >= 6 else []
        if value.kind == "url":
            return [url_core(value.text)]
        if value.kind == "text":
            words = normalise(value.text).split(" ")
            if len(words) < 6:
                return [" ".join(words)] if len(" ".join(words)) >= 12 else []
            # Any five consecutive words of a note is distinctive enough to count as the note.
            return [" ".join(words[i:i + 5]) for i in range(len(words) - 4)]
        return [normalise(value.text)]

    def scan_text(self, text: str, part: str, allowed: frozenset[str] = frozenset()) -> list[Finding]:
        """Findings in one part's text; `allowed` holds tokens of the template's own wording."""
        norm = normalise(text)
        for visible in self.mask:
            norm = norm.replace(visible, " ¤ ")
        findings = []
        if self.pattern is not None:
            for match in self.pattern.finditer(norm):
                needle = _SPACES.sub(" ", match.group())
                findings += [Finding(field, part) for field in self.needles.get(needle, [])]
        if self.phones:
            runs = [pii.phone_key(m.group()) for m in _PHONE_RUN.finditer(text.translate(_INVISIBLE))]
            findings += [Finding(f, part) for f, digits in self.phones if any(digits in r for r in runs)]
        if self.generic:
            for kind, token in pii.find(text.translate(_INVISIBLE)):
                if token not in self.allowed and token not in allowed:
                    findings.append(Finding(f"{kind} that is not in the case file", part))
        return findings

    def scan_parts(self, parts: dict[str, bytes], allowed: frozenset[str] = frozenset()) -> list[Finding]:
        """Findings in every text-bearing part of a package."""
        findings: list[Finding] = []
        for name, data in sorted(parts.items()):
            if name.endswith((".xml", ".rels")):
                # Styles, themes and settings are the same bytes in every document of a run:
                # scanned once, with the same result for each document that carries them.
                key = (name, hashlib.sha256(data).digest(), allowed)
                if key not in self._seen:
                    self._seen[key] = self.scan_text(part_text(data), name, allowed)
                findings += self._seen[key]
        unique = dict.fromkeys(findings)
        return list(unique)


def template_tokens(template_parts: dict[str, bytes]) -> frozenset[str]:
    """Personal-data-like tokens written in a template itself (helplines, websites)."""
    text = "\n".join(part_text(data) for name, data in template_parts.items() if name.endswith(".xml"))
    return frozenset(pii.keys(text))


def wording_tokens(template_parts: dict[str, bytes], translations: list[str]) -> frozenset[str]:
    """Personal-data-like tokens of a template's own wording, in any language."""
    return template_tokens(template_parts) | pii.keys("\n".join(translations))


@lru_cache(maxsize=256)  # the same styles and settings parts recur in every document of a run
def part_text(data: bytes) -> str:
    """All text of an XML part: paragraphs with their runs joined, other text, attribute values."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return data.decode("utf-8", errors="replace")  # scan what is there rather than skip it
    chunks: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == f"{W}p":
            chunks.append("".join(t.text or "" for t in element.iter(*_RUN_TEXT)))
        elif element.text and element.tag not in _RUN_TEXT and element.text.strip():
            chunks.append(element.text)
        chunks += [v for v in element.attrib.values() if len(v) > 2 and not v.isdigit()]
    return "\n".join(chunks)


def check_public_text(loaded: LoadedCase) -> None:
    """Refuse public free text (such as `incident.summary`) that mentions anything private."""
    from .errors import CaseFileError

    case = loaded.case
    parents = Audience("parents")
    scanner = Scanner(case, parents, mask=False)
    problems = []
    for value, declared in case_values(case):
        if value.kind != "text" or not parents.sees(declared):
            continue
        for finding in scanner.scan_text(value.text, value.field):
            problems.append(
                f"{loaded.source}:{loaded.line_of(value.loc)}: {value.field}: mentions {finding.field}, "
                "which parents may not see; describe what happened without names or contact details"
            )
    if problems:
        raise CaseFileError(problems[0], problems)


def scan_document(path: Any, case: CaseFile, audience: Audience) -> list[Finding]:
    """Findings in any .docx or PDF, such as a letter edited by hand after it was generated."""
    from .docxzip import MAX_PACKAGE_BYTES, read_parts
    from .errors import DocumentError
    from .pdf import ConversionError, pdf_text

    try:
        if path.stat().st_size > MAX_PACKAGE_BYTES:
            raise DocumentError(f"{path}: file is larger than {MAX_PACKAGE_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as e:
        raise DocumentError(f"{path}: cannot be read ({e.strerror})") from e
    scanner = Scanner(case, audience)
    if data.startswith(b"%PDF-"):
        try:
            places = pdf_text(data, str(path))
        except ConversionError as e:
            raise DocumentError(e.message) from e
        wording = builtin_wording()
        return [f for place, text in places.items() for f in scanner.scan_text(text, place, wording)]
    return scanner.scan_parts(read_parts(data, str(path), DocumentError), builtin_wording())


def builtin_wording() -> frozenset[str]:
    """Tokens of the built-in templates' wording in every language (helplines, websites)."""
    from .docxzip import read_parts
    from .i18n import available_languages, catalog
    from .kinds import KINDS
    from .templates import load_template

    tokens: set[str] = set()
    for kind in KINDS:
        template = load_template(kind)
        translations = [catalog(lang).gettext(m) for lang in available_languages() for m in template.msgids]
        tokens |= wording_tokens(read_parts(template.data, template.name), translations)
    return frozenset(tokens)
