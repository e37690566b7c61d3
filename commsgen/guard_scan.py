"""Scan rendered documents for case values their audience may not read.

Each audience is a filter over a run's `CaseIndex` candidates (`Scanner`), so the cost grows with
the text and the case, not with their product. Free text is never masked whole: what an audience
may see is allowed value by value (a name, a number), so a private value inside allowed text is
still found. Findings name the field and the part, never the value.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from . import pii
from .audiences import Audience
from .docxtext import package_text_parts, part_text
from .errors import CommsgenError, DocumentError
from .guard_index import (
    CAPITAL,
    DECLINING,
    LOWER,
    PARTICLES,
    SHINGLE,
    SPECIAL_KINDS,
    UNCASED,
    Candidates,
    CaseIndex,
    Value,
    clean,
    read,
    tokens,
)
from .i18n import available_languages
from .messages import N_, t
from .model import CaseFile
from .readers import READERS
from .templates import part_label


@dataclass(frozen=True)
class Finding:
    """A private value found in a document: which field, in which part."""

    field: str
    part: str

    def __str__(self) -> str:
        return t("{field} in {part}", field=t(self.field), part=part_label(self.part))



# What a finding of personal data the case does not hold is called (by the kind `pii.find` gives).
UNKNOWN_DATA = {
    "an e-mail address": N_("an e-mail address that is not in the case file"),
    "a web address": N_("a web address that is not in the case file"),
    "a phone number": N_("a phone number that is not in the case file"),
    "a postcode": N_("a postcode that is not in the case file"),
    "a citizen service number (BSN)": N_("a citizen service number (BSN) that is not in the case file"),
    "a bank account number (IBAN)": N_("a bank account number (IBAN) that is not in the case file"),
    "a social media handle": N_("a social media handle that is not in the case file"),
}
_CACHED_TEXTS = 128  # texts whose candidates are kept: the parts every document of a run shares


def _longest_run(starts: list[int]) -> int:
    """The most phrase starts that follow each other (3, 4, 5 → 3)."""
    best = run = 0
    previous = None
    for start in sorted(set(starts)):
        run = run + 1 if previous is not None and start == previous + 1 else 1
        best, previous = max(best, run), start
    return best



class Scanner:
    """One audience's view of a run's case index: which values it may see. Cheap to make."""

    def __init__(self, case_or_index: CaseFile | CaseIndex, audience: Audience, lang: str = "nl") -> None:
        self.index = case_or_index if isinstance(case_or_index, CaseIndex) else CaseIndex(case_or_index)
        self.audience = audience
        self.lang = lang.split("-")[0].split("_")[0].casefold()  # the text's language ("*": not known)
        self.declining = self.lang in DECLINING
        self._own = self.index.pupil_ids.get(audience.person_id or "")
        self._per_person = READERS[audience.group].per_person
        self._seen: dict[tuple[str, bytes, frozenset[str]], list[Finding]] = {}

    @property
    def generic(self) -> bool:
        """Wide audiences: personal data the case does not hold is a finding too."""
        return self.audience.wide

    def sees(self, value: Value) -> bool:
        """Whether this audience may read a value (a pupil's document: only its own pupil's record)."""
        if self.audience.group not in value.readers:
            return False
        return not (self._per_person and value.pupil is not None and value.pupil != self._own)

    def scan_text(self, text: str, part: str, allowed: frozenset[str] = frozenset()) -> list[Finding]:
        """Findings in one part's text; `allowed` holds tokens and phrases of the template's own wording."""
        found = self.index.candidates(text)
        values = self.index.values
        findings: list[Finding] = []
        masked: set[int] = set()
        for segment, kind_index, vids in found.specials:
            if not vids:
                continue
            if any(self.sees(values[v]) for v in vids):
                masked.add(segment)  # an address the audience may see: its words are allowed too
            elif SPECIAL_KINDS[kind_index] == "phone" and self._wording_phone(vids, allowed):
                masked.add(segment)
            else:
                findings += [Finding(values[v].field, part) for v in vids]
        cursor = 0
        texts: dict[int, list[int]] = {}  # private free text: where its phrases start
        declining = self.declining and _read_as_text(part)
        declined = {start for start, _, _ in found.declined} if declining else set()
        wording_words = _words_of(allowed) if declined else frozenset()
        for start, length, vids in found.words_in(declining):
            if start < cursor or any(found.segment_of[i] in masked for i in range(start, start + length)):
                continue
            seen = [v for v in vids if self.sees(values[v])]
            if any(values[v].kind != "text" for v in seen):
                cursor = start + length  # a longer visible name hides the shorter ones inside it
                continue
            # Visible free text hides nothing: neither a name written inside it, nor private text
            # that says the same words (a police note pasted into the parents' summary).
            phrase = " ".join(found.tokens[start:start + length])
            private = [v for v in vids
                       if v not in seen and (values[v].kind != "text" or phrase not in allowed)]
            if private and length == 1 and self._in_wording(found.tokens, start, allowed):
                continue  # one name word inside a sentence of the template's own (Emma van der Meer: 'meer')
            if start in declined and found.tokens[start] in wording_words:
                continue  # a word of the letter's own text that only looks like a declined name ('robi': Rob)
            if private and length <= 3 and any(values[v].kind == "name" for v in private):
                private = [v for v in private
                           if values[v].kind != "name" or not self._only_a_word(found, start, length, v)]
                if not private:
                    continue  # 'De ouders steunen hun kind' with a pupil called Will Kind
            for vid in [v for v in private if values[v].kind == "text"]:
                texts.setdefault(vid, []).append(start)
            private = [v for v in private if values[v].kind != "text"]
            if private:
                findings += [Finding(values[v].field, part) for v in private]
                cursor = start + length
        findings += [Finding(values[v].field, part) for v, starts in texts.items()
                     if _longest_run(starts) >= self.index.shingles_needed[v]]
        if self.generic:
            for kind, key in found.generic:
                if key not in self.index.known and key not in allowed:
                    findings.append(Finding(UNKNOWN_DATA[kind], part))
        return list(dict.fromkeys(findings))

    def _only_a_word(self, found: Candidates, start: int, length: int, vid: int) -> bool:
        """Whether one word of a name is used here as an ordinary word of the text's language, as a
        reader would judge it: one word of a longer name (particles aside), not beside another word
        of that name or a title or label, and written as the language writes that word: in lower
        case, capitalised at a sentence start, or capitalised mid-sentence only where the language
        itself does so (a German noun). A full name, and a name word written as a name, stay names."""
        words = found.tokens
        own = [i for i in range(start, start + length) if words[i] not in PARTICLES]
        others = self.index.name_words.get(vid, frozenset())
        if len(own) != 1 or len(others) < 2:
            return False
        at = own[0]
        shape = found.shapes[at]
        if shape == UNCASED:
            return False
        before = words[start - 1] if start > 0 else ""
        after = words[start + length] if start + length < len(words) else ""
        if before in TITLES or before in others or after in others:
            return False
        if before in LABELS and ":" in found.gaps[start]:
            return False  # `Naam: kind`
        lower, capital = lexicon(self.lang)
        word = words[at]
        forms = (word, word[:-1]) if word.endswith("s") else (word,)  # Kinds, Posts: the word's plural
        if shape == LOWER:
            return any(f in lower for f in forms)
        if shape == CAPITAL:
            return any(f in capital for f in forms)
        return any(f in lower or f in capital for f in forms)  # WEAK: a sentence start, capitals

    @staticmethod
    def _in_wording(words: tuple[str, ...], at: int, allowed: frozenset[str]) -> bool:
        """Whether the word at `at` stands inside five words of the template's own wording."""
        for first in range(max(0, at - SHINGLE + 1), at + 1):
            if len(words) >= first + SHINGLE and " ".join(words[first:first + SHINGLE]) in allowed:
                return True
        return False

    def _wording_phone(self, vids: tuple[int, ...], allowed: frozenset[str]) -> bool:
        """A case number that the template itself prints (a helpline) is the template's wording."""
        return all(pii.phone_key(self.index.values[v].text) in allowed for v in vids)

    def scan_parts(self, parts: Mapping[str, bytes], allowed: frozenset[str] = frozenset(),
                   name: str = "document", error: type[CommsgenError] = DocumentError) -> list[Finding]:
        """Findings in every part a package shows or carries (`docxtext` chooses and reads them).

        A part that cannot be read (an encrypted or binary embedded object) raises `error`, naming it.
        """
        findings: list[Finding] = []
        for where, data in sorted(package_text_parts(parts, name, error).items()):
            key = (where, hashlib.blake2b(data, digest_size=16).digest(), allowed)
            if key not in self._seen:
                self._seen[key] = self.scan_text(part_text(where, data), where, allowed)
            findings += self._seen[key]
        return list(dict.fromkeys(findings))


# Words before a name that make the next word a name, in the document languages: titles, and
# labels followed by a colon (`Naam: kind`; "the pupil will" is no label).
TITLES = frozenset([
    "mevrouw", "mevr", "mw", "meneer", "mr", "mrs", "ms", "miss", "dhr", "heer", "juf", "juffrouw",
    "meester", "herr", "frau", "pani", "pan", "bay", "bayan", "hanim", "bey", "sayin", "dr",
    "пан", "пані", "السيد", "السيدة",
])
LABELS = frozenset([
    "leerling", "leerlinge", "pupil", "student", "naam", "name", "voornaam", "achternaam", "roepnaam",
    "surname", "vorname", "nachname", "imie", "nazwisko", "ad", "adi", "soyad", "soyadi", "isim",
    "учень", "учениця", "ім'я", "прізвище", "اسم",
])


@cache  # one lexicon per language and process: the catalogs do not change during a run
def lexicon(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """The words of the built-in wording of a language (its catalog, and the Dutch source every
    document and typed text starts from; every language for "*"): those written in lower case, and
    those capitalised mid-sentence (German nouns). Built only from the shipped catalogs, never from
    a school's own template, so a name typed into a template does not become a word."""
    from .i18n import SOURCE_LANGUAGE, catalog

    languages = available_languages()
    texts: set[str] = set()
    for other in languages:
        if other != SOURCE_LANGUAGE:
            messages = catalog(other).messages
            texts.update(messages)  # the Dutch source
            if lang in ("*", other):
                texts.update(messages.values())
    lower: set[str] = set()
    capital: set[str] = set()
    for text in texts:
        words, shapes, _ = read(text)
        for word, shape in zip(words, shapes, strict=True):
            if shape == LOWER:
                lower.add(word)
            elif shape == CAPITAL:
                capital.add(word)
    return frozenset(lower), frozenset(capital)


# Package plumbing that no reader sees as text (relationships, properties, settings): a declined
# name is looked for in the text of the document only, or `core` in every package reads as Cor.
_PLUMBING_PARTS = re.compile(r"(^|/)_rels/|\.rels$|^docProps/|^\[Content_Types\]|^customXml/|"
                             r"^word/(settings|styles|fontTable|webSettings|numbering|theme/)")


def _read_as_text(part: str) -> bool:
    """Whether a scanned part is text a reader sees (the body, headers, a PDF page, a typed field)."""
    return not _PLUMBING_PARTS.search(part)


@lru_cache(maxsize=64)  # one set of wording per template and language, asked for by each document
def _words_of(allowed: frozenset[str]) -> frozenset[str]:
    """The single words of a template's own wording (its five-word phrases taken apart)."""
    return frozenset(word for phrase in allowed for word in phrase.split(" "))


def wording_tokens(template_parts: dict[str, bytes], translations: list[str]) -> frozenset[str]:
    """Tokens and phrases of a template's own wording, in any language: never a case value's leak."""
    text = "\n".join(part_text(name, data) for name, data in template_parts.items() if name.endswith(".xml"))
    return _wording_of(text) | _wording_of("\n".join(translations))


@lru_cache(maxsize=64)  # a template's own text is the same for every language and document of a run
def _wording_of(text: str) -> frozenset[str]:
    words = tokens(text)
    phrases = {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    # Short service numbers too (0900-8844, 0800-2000): a case contact reached on one is no leak.
    numbers = pii.wording_phones(clean(text))
    return frozenset(key for _, key in pii.find(text, phones=False)) | frozenset(phrases) | frozenset(numbers)


def scan_document(path: Any, case: CaseFile, audience: Audience) -> list[Finding]:
    """Findings in any .docx or PDF, such as a letter edited by hand after it was generated."""
    from .docxzip import MAX_PACKAGE_BYTES, read_parts
    from .pdf import ConversionError, pdf_text

    try:
        if path.stat().st_size > MAX_PACKAGE_BYTES:
            raise DocumentError(t("{file}: file is larger than {size} MB", file=path,
                                  size=MAX_PACKAGE_BYTES // (1024 * 1024)))
        data = path.read_bytes()
    except OSError as e:
        raise DocumentError(t("{file}: cannot be read ({reason})", file=path, reason=e.strerror)) from e
    scanner = Scanner(case, audience, "*")  # a letter's language is not known: any language's words
    if data.startswith(b"%PDF-"):
        try:
            places = pdf_text(data, str(path))
        except ConversionError as e:
            raise DocumentError(e.message) from e
        wording = builtin_wording()
        return [f for place, text in places.items() for f in scanner.scan_text(text, place, wording)]
    return scanner.scan_parts(read_parts(data, str(path), DocumentError), builtin_wording(), str(path))


@cache  # every template and catalog read once per process: `scan` and `check` may ask again
def builtin_wording() -> frozenset[str]:
    """Tokens of the built-in templates' wording in every language (helplines, websites)."""
    from .i18n import catalog
    from .kinds import KINDS
    from .templates import load_template

    tokens_: set[str] = set()
    for kind in KINDS:
        template = load_template(kind)
        translations = [catalog(lang).gettext(m) for lang in available_languages() for m in template.msgids]
        tokens_ |= wording_tokens(template.parts, translations)
    return frozenset(tokens_)
