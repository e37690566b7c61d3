"""Scan rendered documents for case values their audience may not read.

The case's personal values are normalised and indexed once per run (`CaseIndex`): names and
references as word sequences, phone numbers by their national digits, e-mail and web addresses by
key, free text as five-word shingles. A part's text is read once: its candidate matches are found
by token lookup, whatever the audience, and cached by content. Each audience is a filter over those
candidates (`Scanner`), so the cost grows with the text and the case, not with their product.

Text is compared as a reader would read it: case, diacritics, compatibility forms, apostrophes,
every dash, odd and invisible spaces, look-alike letters of other scripts inside a Latin word,
camel case, underscores and dots between words, and a word hyphenated at a line end are all
normalised. Free text is never masked whole: what an audience may see is allowed value by value
(a name, a number), so a private value inside allowed text is still found. Findings name the field
and the part, never the value.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from babel.dates import format_date
from pydantic import BaseModel

from . import pii
from .audiences import PUPIL_LIST, Audience
from .casefile import LoadedCase, Loc, place
from .docxtext import package_text_parts, part_text
from .errors import CaseFileError, CommsgenError, DocumentError
from .i18n import available_languages
from .messages import N_, t
from .model import CaseFile, PiiKind
from .readers import READERS, Readers
from .sensitivity import field_table
from .templates import part_label

# Zero-width, soft hyphen, variation selectors, invisible operators and bidirectional controls:
# invisible, so they must not split a name.
_INVISIBLE = dict.fromkeys(
    [*map(ord, "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e\u034f"
               "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"),
     *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)], None
)
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_APOSTROPHES = str.maketrans({c: "'" for c in "’‘`´′ʼʹ‛"})
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})
# Letters of other scripts that look like Latin ones; applied only inside a word that also has
# Latin letters (a Cyrillic `а` typed into `Dаan`), never to a word wholly in another script.
_LOOKALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "і": "i", "ї": "i", "ј": "j", "к": "k", "м": "m", "н": "h",
    "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "һ": "h", "ӏ": "l", "ɡ": "g", "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v",
    "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ϲ": "c",
})
_LOOKALIKE_CHARS = frozenset(chr(c) for c in _LOOKALIKES)
_LINE_END_HYPHEN = re.compile(r"(\w)-[ \t]*[\r\n\u2028\u2029\v\f]+[ \t]*(\w)")
_CAMEL = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])")
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
# Name words that are not a name on their own (Dutch and common other particles).
PARTICLES = frozenset(
    ["van", "de", "der", "den", "het", "t", "te", "ter", "ten", "op", "in", "la", "le", "du", "da",
     "di", "del", "della", "von", "vom", "zu", "el", "al", "bin", "ben", "d", "l", "y", "e", "s"]
)
# Languages that decline a name (Polish `Tima`, `Timowi`, `Sannie` for Tim and Sanne; a Latin name
# with a Cyrillic ending reads the same after look-alike folding): in their text a name word
# followed by one of these endings is that name. Endings after accent stripping (ą → a, ę → e).
DECLINING = frozenset(["pl", "uk", "ru", "be", "cs", "sk", "sl", "hr", "sr", "bs", "lt", "lv"])
_ENDINGS = frozenset(["a", "e", "i", "o", "u", "y", "ie", "owi", "em", "iem", "om", "ego", "emu", "ach",
                      "ami", "ow", "ej", "ou", "ovi", "ym", "iu"])
_LONGEST_ENDING = max(map(len, _ENDINGS))
_VOWELS = frozenset("aeiouy")
SHINGLE = 5  # notes are matched by phrases of five consecutive words
TEXT_RUN = 4  # four phrases in a row (eight words) of a private note repeat the note


@dataclass(frozen=True)
class Finding:
    """A private value found in a document: which field, in which part."""

    field: str
    part: str

    def __str__(self) -> str:
        return t("{field} in {part}", field=t(self.field), part=part_label(self.part))


def _char_class(codes: Iterator[int] | list[int]) -> str:
    """A regular expression's character class of these code points, consecutive ones as ranges
    (a class of single characters is tried one by one, a range at once)."""
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                         for a, b in ranges) + "]"


def _translator(table: dict[int, Any]) -> Callable[[str], str]:
    """`str.translate` with `table`, done by a regular expression that visits only the characters
    to replace: translate looks every character of the text up in a dict, ten times slower."""
    present = re.compile(_char_class(list(table)))
    replacement = {chr(code): (value if isinstance(value, str) else "" if value is None else chr(value))
                   for code, value in table.items()}

    def apply(text: str) -> str:
        return present.sub(lambda match: replacement[match.group()], text)

    return apply


_drop_invisible = _translator(_INVISIBLE)
_one_dash = _translator(pii.DASHES)
_one_apostrophe = _translator(_APOSTROPHES)
_plain_letters = _translator(_LETTERS)
_BEYOND_BMP = re.compile("[\\U00010000-\\U0010ffff]")


@lru_cache(maxsize=1)
def _ascii_digits() -> Callable[[str], str]:
    """Every decimal digit of the Basic Multilingual Plane as its ASCII digit (built on first use):
    NFKC keeps Arabic-Indic `٠٦ ١٢٣٤ ٥٦٠١` and Devanagari digits, and a number or date typed in
    them is the same number or date."""
    return _translator({c: str(unicodedata.decimal(chr(c))) for c in range(0x80, 0x10000)
                        if unicodedata.decimal(chr(c), None) is not None})


@lru_cache(maxsize=1)
def _marks() -> re.Pattern[str]:
    """The combining marks of the Basic Multilingual Plane, as one character class (built on first use)."""
    return re.compile(_char_class([c for c in range(0x300, 0x10000) if unicodedata.combining(chr(c))]) + "+")


def _without_marks(text: str) -> str:
    """Text decomposed (NFKD) with its combining marks (accents, harakat) left out."""
    text = unicodedata.normalize("NFKD", text)
    if _BEYOND_BMP.search(text):  # rare: marks outside the BMP are not in the class
        return "".join(c for c in text if not unicodedata.combining(c))
    return _marks().sub("", text)


def clean(text: str) -> str:
    """Text as people meant it: no invisible characters, NFKC, one kind of dash, apostrophe and space,
    and no look-alike letters of another script inside a Latin word or address."""
    text = unicodedata.normalize("NFKC", _drop_invisible(text))
    text = _ascii_digits()(_one_apostrophe(_one_dash(text)))
    text = _DEFANGED.sub(lambda m: "." if m.group(1) else "http", text)  # hxxps://site[.]example
    if text.isascii() or _LOOKALIKE_CHARS.isdisjoint(text.casefold()):
        return text
    return _LATIN_WORD.sub(_fold_word, text)


# A web address written so it cannot be opened by a click is still that address.
_DEFANGED = re.compile(r"\s?[\[(]\s?(\.|dot)\s?[\])]\s?|\bhxxp(?=s?://)", re.IGNORECASE)
_LATIN_WORD = re.compile(r"[^\s]*[A-Za-z][^\s]*")  # only words with a Latin letter can hide one


def _fold_word(match: re.Match[str]) -> str:
    word = match.group()
    if word.isascii():
        return word
    return "".join(c.casefold().translate(_LOOKALIKES) if c.casefold() in _LOOKALIKE_CHARS else c
                   for c in word)


def normalise(text: str) -> str:
    """Text as the scan compares words: no case, accents, invisible characters or odd spaces."""
    text = _LINE_END_HYPHEN.sub(r"\1\2", clean(text))
    text = _plain_letters(_CAMEL.sub(" ", text).casefold())
    if not text.isascii():
        text = _without_marks(text)
    return _SPACES.sub(" ", text).strip()


def tokens(text: str) -> tuple[str, ...]:
    """The words of a text as the scan compares them: letters and digits, everything else a separator."""
    return tuple(_TOKEN.findall(normalise(text)))


@dataclass(frozen=True)
class Value:
    """One personal value from the case, with where it stands in the case file and who may read it."""

    loc: Loc  # ('people', 1, 'name')
    kind: PiiKind
    text: str
    readers: Readers
    pupil: int | None  # the index in `people` when the value is part of a pupil's record
    field: str  # the field as messages show it, as `check` does: `people[2] (s2).name`


def case_values(case: CaseFile) -> Iterator[Value]:
    """Every personal value in the case, with its readers."""
    table = field_table()
    ids = {PUPIL_LIST: [{"id": p.id} for p in case.people]}  # all `place` needs to show a pupil
    pending: list[tuple[Any, Loc, str]] = [(case, (), "")]
    while pending:
        obj, loc, declared = pending.pop()
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            here, spec_path = (*loc, name), declared + name
            spec = table[spec_path]
            pupil = here[1] if here[0] == PUPIL_LIST and len(here) > 1 else None
            if isinstance(value, BaseModel):
                pending.append((value, here, spec_path + "."))
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, BaseModel):
                        pending.append((item, (*here, index), spec_path + "[]."))
                    elif spec.pii and isinstance(item, str):  # a list of names (other schools)
                        item_loc = (*here, index)
                        yield Value(item_loc, spec.pii, item, spec.readers, None, place(item_loc, ids))
            elif spec.pii and isinstance(value, dict):
                for lang, text in value.items():
                    shown = place((*here, lang), ids)
                    yield Value((*here, lang), spec.pii, str(text), spec.readers, None, shown)
            elif spec.pii and isinstance(value, str | dt.date):
                pupil_index = pupil if isinstance(pupil, int) else None
                text = value.isoformat() if isinstance(value, dt.date) else value
                yield Value(here, spec.pii, text, spec.readers, pupil_index, place(here, ids))


def _name_needles(name: str) -> list[tuple[str, ...]]:
    """A full name; its surname (particles kept); each name word, also as possessive or plural."""
    words = [tokens(w) for w in clean(name).split()]
    full = tuple(t for w in words for t in w)
    needles = [full]
    if len(words) > 1:
        surname = tuple(t for w in words[1:] for t in w)
        needles += [surname, ("".join(surname),)]
    # The first word is a given name even when it is also a particle elsewhere (Ben, El, Da).
    given = words[0] if words else ()
    singles = [t for t in given if len(t) > 1 and not t.isdigit()]
    singles += [t for w in words[1:] for t in w if t not in PARTICLES and len(t) > 1 and not t.isdigit()]
    if len(full) > 1 or singles:
        needles += [(t,) for t in singles] + [(t + "s",) for t in singles if not t.endswith("s")]
    return [n for n in dict.fromkeys(needles) if n]


def _date_needles(text: str) -> list[tuple[str, ...]]:
    """A date (a date of birth) as people write it: 14-03-2015, 14-3-2015, 14-03-15, 2015-03-14,
    14/3/2015, 14 maart 2015 (also 01 maart) and its month name in every document language, 14th
    March 2015, 1st March, 3/14/2015 (day, month and year together: a year, or a day and month,
    alone says too little)."""
    day = dt.date.fromisoformat(text)
    year, short = str(day.year), f"{day.year % 100:02}"
    days = (str(day.day), f"{day.day:02}")
    numeric = [(d, m) for d in days for m in (str(day.month), f"{day.month:02}")]
    needles: set[tuple[str, ...]] = set()
    for d, m in numeric:
        needles |= {(d, m, year), (year, m, d), (m, d, year), (d, m, short)}  # Dutch, ISO, American, 14-03-15
    ordinal = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(day.day, "th")
    for day_first, month in _month_words(day.month):
        for d in days:  # 01 maart 2015 too; 14th March 2015, March 1st 2015
            needles |= ({(d, month, year), (d, ordinal, month, year)} if day_first
                        else {(month, d, year), (month, d, ordinal, year)})
    return sorted(n for n in needles if len(n) >= 3)


@lru_cache(maxsize=12)  # Babel's formatting is slow; a month's names are the same for every date
def _month_words(month: int) -> frozenset[tuple[bool, str]]:
    """How each document language writes a month (full and short, day before or after it)."""
    found = set()
    for lang in (*available_languages(), "en_US"):
        for pattern in ("d MMMM y", "d MMM y", "MMMM d y"):
            written = tokens(format_date(dt.date(2000, month, 28), pattern, locale=lang))
            day_first = written[0].isdigit()
            found.add((day_first, written[1] if day_first else written[0]))
    return frozenset(found)


def _text_needles(text: str) -> list[tuple[str, ...]]:
    words = tokens(text)
    if len(words) <= SHINGLE:
        return [words] if len(" ".join(words)) >= 12 else []
    return [words[i:i + SHINGLE] for i in range(len(words) - SHINGLE + 1)]


@dataclass
class Candidates:
    """What one text holds that the case knows of, before any audience is applied (cached per text)."""

    tokens: tuple[str, ...]
    segment_of: tuple[int, ...]  # token index -> segment; addresses are segments of their own
    specials: list[tuple[int, int, tuple[int, ...]]]  # (segment, kind index, value ids) for addresses
    words: list[tuple[int, int, tuple[int, ...]]]  # (start token, length, value ids), longest first per start
    text: str  # the cleaned text, for personal data the case does not hold
    declined: list[tuple[int, int, tuple[int, ...]]]  # (token, 1, value ids): a name word with an ending
    _generic: list[tuple[str, str]] | None = None
    _with_declined: list[tuple[int, int, tuple[int, ...]]] | None = None

    def words_in(self, declining: bool) -> list[tuple[int, int, tuple[int, ...]]]:
        """The words found, with the declined names too for a language that declines them."""
        if not declining or not self.declined:
            return self.words
        if self._with_declined is None:
            self._with_declined = sorted(self.words + self.declined, key=lambda w: (w[0], -w[1]))
        return self._with_declined

    @property
    def generic(self) -> list[tuple[str, str]]:
        """(kind, key) of personal data anywhere in the text; read only for wide audiences."""
        if self._generic is None:
            self._generic = list(pii.find(self.text))
        return self._generic


_SPECIAL_KINDS = ("email", "url", "phone")
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


def _host_end(text: str, start: int, end: int) -> int:
    """Where the host of the web address at text[start:end] ends (its path, if any, begins)."""
    scheme = text.find("://", start, end)
    host_start = scheme + 3 if scheme != -1 else start
    for i in range(host_start, end):
        if text[i] in "/?#":
            return i
    return end


class CaseIndex:
    """Every personal value of a case, normalised and indexed once per run."""

    def __init__(self, case: CaseFile) -> None:
        self.case = case
        self.values: list[Value] = list(case_values(case))
        self.pupil_ids = {p.id: i for i, p in enumerate(case.people)}
        sequences: dict[tuple[str, ...], list[int]] = {}
        self.emails: dict[str, list[int]] = {}
        self.urls: dict[str, list[int]] = {}
        self.phones: dict[str, list[int]] = {}
        for vid, value in enumerate(self.values):
            needles: list[tuple[str, ...]]
            if value.kind == "email":
                self.emails.setdefault(pii.email_key(value.text), []).append(vid)
                needles = []
            elif value.kind == "url":
                for key in pii.url_keys(value.text):
                    self.urls.setdefault(key, []).append(vid)
                needles = []
            elif value.kind == "phone":
                key = pii.phone_key(value.text)
                if len(key) >= 6:
                    self.phones.setdefault(key, []).append(vid)
                needles = []
            elif value.kind == "name":
                needles = _name_needles(value.text)
            elif value.kind == "text":
                needles = _text_needles(value.text)
            elif value.kind == "date":
                needles = _date_needles(value.text)
            else:
                needles = [tokens(value.text)]
            for needle in needles:
                if needle:
                    sequences.setdefault(needle, []).append(vid)
        # A declined name keeps the name's stem: the name, or without its last vowel (Sanne → Sann-).
        self.stems: dict[str, list[int]] = {}
        for needle, vids in sequences.items():
            word = needle[0]
            if len(needle) == 1 and word.isalpha() and any(self.values[v].kind == "name" for v in vids):
                stem = word[:-1] if word[-1] in _VOWELS and len(word) > 3 else word
                if len(stem) >= 3:
                    self.stems.setdefault(stem, []).extend(v for v in vids if self.values[v].kind == "name")
        self.first: dict[str, list[tuple[tuple[str, ...], tuple[int, ...]]]] = {}
        for needle, vids in sorted(sequences.items(), key=lambda item: -len(item[0])):
            self.first.setdefault(needle[0], []).append((needle, tuple(dict.fromkeys(vids))))
        self.phone_lengths = sorted({len(k) for k in self.phones}, reverse=True)
        # Private free text counts as repeated when TEXT_RUN of its phrases follow each other (eight
        # words), or all of them for a shorter text: five common words are no leak of a note.
        self.shingles_needed = {
            vid: min(TEXT_RUN, max(1, len(tokens(v.text)) - SHINGLE + 1))
            for vid, v in enumerate(self.values) if v.kind == "text"}
        # Personal data the case holds is reported by its field, never again as unknown data.
        self.known = frozenset(key for v in self.values if v.kind != "text" for key in pii.keys(v.text))
        self.known |= frozenset(self.phones)
        self._cache: OrderedDict[bytes, Candidates] = OrderedDict()

    def candidates(self, text: str) -> Candidates:
        """The matches of one text against the whole case, cached by content (shared parts recur)."""
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        found = self._cache.get(digest)
        if found is None:
            found = self._cache[digest] = self._find(text)
            if len(self._cache) > _CACHED_TEXTS:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(digest)
        return found

    def _find(self, raw: str) -> Candidates:
        text = clean(raw)
        spans: list[tuple[int, int, int, tuple[int, ...]]] = []  # (start, end, kind, value ids)
        for match in pii.EMAIL.finditer(text):
            key = pii.email_key(match.group())
            spans.append((match.start(), match.end(), 0, tuple(self.emails.get(key, ()))))
        taken = [(s, e) for s, e, _, _ in spans]
        for match in pii.URL.finditer(text):
            if any(s <= match.start() < e for s, e in taken):
                continue
            vids = tuple(v for key in pii.url_keys(match.group()) for v in self.urls.get(key, ()))
            spans.append((match.start(), match.end(), 1, tuple(dict.fromkeys(vids))))
        for match in pii.PHONE_RUN.finditer(text):
            digits = pii.run_digits(match.group())
            vids = tuple(dict.fromkeys(self._phones_in(digits)))
            if vids:
                spans.append((match.start(), match.end(), 2, vids))
        spans.sort()
        # Segments: plain text between addresses, and each address; tokens remember their segment.
        all_tokens: list[str] = []
        segment_of: list[int] = []
        specials: list[tuple[int, int, tuple[int, ...]]] = []
        cursor, segment = 0, 0
        pieces: list[tuple[str, int]] = []
        for start, end, kind_index, vids in spans:
            if start < cursor:
                continue
            pieces.append((text[cursor:start], segment))
            segment += 1
            # A web address the audience may see hides its host, never its path: a pupil's name in
            # `site.example/sanne-de-boer` is still a name.
            host_end = _host_end(text, start, end) if _SPECIAL_KINDS[kind_index] == "url" else end
            pieces.append((text[start:host_end], segment))
            specials.append((segment, kind_index, vids))
            segment += 1
            if host_end < end:
                pieces.append((text[host_end:end], segment))
                segment += 1
            cursor = end
        pieces.append((text[cursor:], segment))
        for piece, seg in pieces:
            words = tokens(piece)
            all_tokens += words
            segment_of += [seg] * len(words)
        words_found: list[tuple[int, int, tuple[int, ...]]] = []
        toks = tuple(all_tokens)
        for i, token in enumerate(toks):
            for needle, vids in self.first.get(token, ()):
                if toks[i:i + len(needle)] == needle:
                    words_found.append((i, len(needle), vids))
        words_found += self._spaced_out(toks)
        words_found.sort(key=lambda w: (w[0], -w[1]))
        # A word that starts a name or reference match is not read again as a declined name; a free
        # text's own phrases (the summary matches itself) do not count, or its declined names hide.
        exact = {start for start, _, vids in words_found if any(self.values[v].kind != "text" for v in vids)}
        declined = [(i, 1, vids) for i, token in enumerate(toks) if i not in exact
                    for vids in [self._declined(token)] if vids]
        return Candidates(toks, tuple(segment_of), specials, words_found, text, declined)

    def _declined(self, token: str) -> tuple[int, ...]:
        """The names a word is a declined form of: a name's stem and an ending (`tima` → Tim)."""
        for cut in range(1, min(_LONGEST_ENDING, len(token) - 3) + 1):
            if token[-cut:] in _ENDINGS and token[:-cut] in self.stems:
                return tuple(dict.fromkeys(self.stems[token[:-cut]]))
        return ()

    def _phones_in(self, digits: str) -> Iterator[int]:
        """Every case phone number whose national digits stand in a run of digits."""
        for length in self.phone_lengths:
            for start in range(len(digits) - length + 1):
                yield from self.phones.get(digits[start:start + length], ())

    def _spaced_out(self, toks: tuple[str, ...]) -> list[tuple[int, int, tuple[int, ...]]]:
        """Letters set apart by character spacing (`D a a n`): read as the word they spell."""
        found: list[tuple[int, int, tuple[int, ...]]] = []
        i = 0
        while i < len(toks):
            j = i
            while j < len(toks) and len(toks[j]) == 1 and toks[j].isalpha():
                j += 1
            if j - i >= 3:
                run = "".join(toks[i:j])
                for needles in self.first.values():
                    for needle, vids in needles:
                        joined = "".join(needle)
                        if len(joined) >= 3 and joined in run:
                            found.append((i, j - i, vids))
            i = max(j, i + 1)
        return found


class Scanner:
    """One audience's view of a run's case index: which values it may see. Cheap to make."""

    def __init__(self, case_or_index: CaseFile | CaseIndex, audience: Audience, lang: str = "nl") -> None:
        self.index = case_or_index if isinstance(case_or_index, CaseIndex) else CaseIndex(case_or_index)
        self.audience = audience
        self.declining = lang.split("-")[0].split("_")[0].casefold() in DECLINING  # the text's language
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
            elif _SPECIAL_KINDS[kind_index] == "phone" and self._wording_phone(vids, allowed):
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


def check_free_text(loaded: LoadedCase) -> None:
    """Refuse text a user types that mentions a value one of its readers may not see (`check`, exit 1).

    Free text and web addresses are read for every audience that may read them. A helpline the
    built-in letters print themselves is no finding (read only when something was found).
    """
    index = CaseIndex(loaded.case)
    found: list[tuple[Value, str, Finding]] = []
    typed = [v for v in index.values if v.kind in ("text", "url")] + list(_plain_texts(loaded.case))
    for value in typed:
        for reader in sorted(value.readers):
            scanner = Scanner(index, _reader_of(value, reader, index), _language_of(value))
            findings = [f for f in scanner.scan_text(value.text, value.field) if f.field != value.field]
            found += [(value, reader, f) for f in findings]
            if findings:
                break  # one reader is enough to name the problem
    if found:
        wording = builtin_wording()
        found = [(v, r, f) for v, r, f in found if not _is_wording(index, v, r, f, wording)]
    problems = list(dict.fromkeys(t(
        "{file}:{line}: {field}: mentions {other}, which the {reader} audience may not see "
        "(it reads this field); describe it without names or contact details",
        file=loaded.source, line=loaded.line_of(value.loc), field=value.field,
        other=t(finding.field), reader=reader) for value, reader, finding in found))
    if problems:
        raise CaseFileError(problems[0], problems)


def _plain_texts(case: CaseFile) -> Iterator[Value]:
    """Text typed into fields that hold no personal data by design (a role, a place, a function):
    a name typed there must still be refused before it is printed."""
    table = field_table()
    ids = {PUPIL_LIST: [{"id": p.id} for p in case.people]}
    pending: list[tuple[Any, Loc, str]] = [(case, (), "")]
    while pending:
        obj, loc, declared = pending.pop()
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            here, spec = (*loc, name), table[declared + name]
            if isinstance(value, BaseModel):
                pending.append((value, here, declared + name + "."))
            elif isinstance(value, list):
                pending += [(item, (*here, i), declared + name + "[].")
                            for i, item in enumerate(value) if isinstance(item, BaseModel)]
            elif isinstance(value, str) and spec.pii is None and " " in value.strip():
                pupil = here[1] if here[0] == PUPIL_LIST and len(here) > 1 else None
                yield Value(here, "text", value, spec.readers, pupil if isinstance(pupil, int) else None,
                            place(here, ids))


def _language_of(value: Value) -> str:
    """The language a typed value is written in: the key of a translated field (`summary.pl`), else Dutch."""
    last = value.loc[-1] if value.loc else ""
    return last if isinstance(last, str) and last in DECLINING else "nl"


def _is_wording(index: CaseIndex, value: Value, reader: str, finding: Finding,
                wording: frozenset[str]) -> bool:
    """Whether a finding disappears when the built-in letters' own wording is allowed (0900-8844)."""
    scanner = Scanner(index, _reader_of(value, reader, index), _language_of(value))
    return finding not in scanner.scan_text(value.text, value.field, wording)


def _reader_of(value: Value, reader: str, index: CaseIndex) -> Audience:
    """The audience a free-text value reaches as `reader`: a pupil's own text is read in their document."""
    if not READERS[reader].per_person:
        return Audience(reader)
    if value.pupil is not None:
        return Audience(reader, index.case.people[value.pupil].id)
    return Audience(reader, "\x00")  # a pupil document that belongs to nobody sees no pupil's record


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
    scanner = Scanner(case, audience)
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
    from .i18n import available_languages, catalog
    from .kinds import KINDS
    from .templates import load_template

    tokens_: set[str] = set()
    for kind in KINDS:
        template = load_template(kind)
        translations = [catalog(lang).gettext(m) for lang in available_languages() for m in template.msgids]
        tokens_ |= wording_tokens(template.parts, translations)
    return frozenset(tokens_)
