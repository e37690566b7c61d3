"""The index of a case's values, and how the guard reads text (shared by check, pack, scan, verify).

The case's personal values are normalised and indexed once per run (`CaseIndex`): names and
references as word sequences, phone numbers by their national digits, e-mail and web addresses by
key, dates of birth by day and month, free text as five-word shingles. A part's text is read once:
its candidate matches are found by token lookup, whatever the audience, and cached by content.

Text is compared as a reader would read it: case, diacritics, compatibility forms, apostrophes,
every dash, odd and invisible spaces, look-alike letters of other scripts inside a Latin word,
camel case, underscores and dots between words, and a word hyphenated at a line end are all
normalised.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

from pydantic import BaseModel

from . import pii
from .audiences import PUPIL_LIST
from .casefile import Loc, place
from .i18n import available_languages
from .model import CaseFile, PiiKind
from .readers import Readers
from .sensitivity import field_table

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
    if "%" in text:  # a link's query string: `?leerling=Zo%C3%AB`, `petra%40example.org`
        text = _percent_decoded(text)
    text = unicodedata.normalize("NFKC", _drop_invisible(text))
    text = _ascii_digits()(_one_apostrophe(_one_dash(text)))
    text = _DEFANGED.sub(_undefanged, text)  # hxxps://site[.]example, name[at]example.org
    if _WORD_ADDRESS_HINT.search(text):
        text = _WORD_ADDRESS.sub(_word_address, text)  # name at example dot org
    if text.isascii() or _LOOKALIKE_CHARS.isdisjoint(text.casefold()):
        return text
    return _LATIN_WORD.sub(_fold_word, text)


# A web address written so it cannot be opened by a click is still that address.
_DEFANGED = re.compile(r"\s?[\[({<]\s?(?:(\.|dot|punt|punkt)|(at|@))\s?[\])}>]\s?|\bhxxp(?=s?://)",
                       re.IGNORECASE)
# An e-mail address written in words (`petra at example dot org`): read as one only where it ends in
# a top-level domain, so that running text with "at" and "dot" is left alone.
_WORD_ADDRESS_HINT = re.compile(r"\s(?:dot|punt|punkt)\s", re.IGNORECASE)
_WORD_ADDRESS = re.compile(
    r"(?<![\w.@])([\w.+-]{1,64})\s+at\s+((?:[\w-]{1,63}\s+(?:dot|punt|punkt)\s+)+)(" + pii.TOP_LEVEL + r")\b",
    re.IGNORECASE)
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _undefanged(match: re.Match[str]) -> str:
    return "." if match.group(1) else "@" if match.group(2) else "http"


def _word_address(match: re.Match[str]) -> str:
    domain = re.sub(r"\s+(?:dot|punt|punkt)\s+", ".", match.group(2), flags=re.IGNORECASE)
    return f"{match.group(1)}@{domain}{match.group(3)}"


def _percent_decoded(text: str) -> str:
    """Percent-encoded runs as the characters they encode (twice: `%2540` is `%40` is `@`); a run
    that is no UTF-8 stays as it is."""
    def decode(match: re.Match[str]) -> str:
        try:
            return unquote(match.group(), errors="strict")
        except UnicodeDecodeError:
            return match.group()

    for _ in range(2):
        decoded = _PERCENT.sub(decode, text)
        if decoded == text or "%" not in decoded:
            return decoded
        text = decoded
    return text
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


# How a word is written, the evidence a reader has that it is a name (a Latin-script word only).
LOWER, CAPITAL, WEAK, UNCASED = 0, 1, 2, 3  # lower case; capitalised mid-sentence; at a sentence
# start or in capitals throughout; digits or a script without case evidence
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_SENTENCE_END = re.compile(r"[.!?:;\n\t\r\u2029\u2028\u2022\u00b7]")


def read(text: str, keep_gaps: bool = False) -> tuple[tuple[str, ...], bytes, tuple[str, ...]]:
    """A text's words as `tokens` gives them, with how each is written (`LOWER`, `CAPITAL`, `WEAK`,
    `UNCASED`) and, if asked, what stands before it (`'`, `-`). Where the words read here differ
    from `tokens` (a letter whose case folding changes the word's length), every word is `UNCASED`,
    so a name is never taken for a word by mistake; slower than `tokens`, so read only where needed."""
    words, shapes, gaps = _read(text, keep_gaps)
    plain = tokens(text)
    if words != plain:
        return plain, bytes([UNCASED]) * len(plain), gaps if len(gaps) == len(plain) else ("",) * len(plain)
    return words, shapes, gaps


def _read(text: str, keep_gaps: bool) -> tuple[tuple[str, ...], bytes, tuple[str, ...]]:
    text = _LINE_END_HYPHEN.sub(r"\1\2", clean(text))
    text = _CAMEL.sub(" ", text)
    if not text.isascii():
        text = _without_marks(_plain_letters(text))
    words: list[str] = []
    shapes = bytearray()
    gaps: list[str] = []
    end = 0
    for match in _TOKEN.finditer(text):
        word = match.group()
        gap = text[end:match.start()]
        end = match.end()
        if keep_gaps:
            gaps.append(gap)
        if word.isdigit():
            words.append(word)
            shapes.append(UNCASED)
            continue
        low = word.lower() if word.isascii() else _plain_letters(word.casefold())
        words.append(low)
        if low == word:
            shapes.append(LOWER if word.isascii() or _LATIN_LETTER.search(word) else UNCASED)
        elif not (word.isascii() or _LATIN_LETTER.match(word)):
            shapes.append(UNCASED)
        elif (len(word) > 1 and word.isupper()) or len(words) == 1 or _SENTENCE_END.search(gap):
            shapes.append(WEAK)
        else:
            shapes.append(CAPITAL)
    return tuple(words), bytes(shapes), tuple(gaps)


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


# Ordinal endings after a day (`7e`, `7de`, `8ste`, `7th`, `1st`, `7.` leaves none) and the words
# between day and month (`7th of March`, `March the 7th`).
_ORDINALS = frozenset(["e", "ste", "de", "st", "nd", "rd", "th", "ten", "go", "ego", "inci", "nci", "uncu",
                       "ncu"])
_BETWEEN = frozenset(["of", "the"])
# A two-digit year after a month's name counts only where it is written as a year: `7-mrt-14`
# (Excel's Dutch d-mmm-jj), `7 maart '14`; `7 maart 14 uur` is a day, a month and a number.
_YEAR_MARK = re.compile(r"['/-]")
# Abbreviations Excel and people write besides the ones of the Unicode data (German Excel's `Mrz`).
_MORE_MONTHS = {"sept": 9, "mrz": 3, "maa": 3, "okt": 10, "dez": 12, "mei": 5}


@lru_cache(maxsize=1)
def month_names() -> dict[str, frozenset[int]]:
    """Every word for a month in every document language, as the scan reads it (`maart`, `mrt`,
    `march`, `mar`, `marca`, `märz` → `marz`, `mart`, `مارس` and its Syriac name, `березня`, `бер`):
    wide and abbreviated, in a date and standing alone, and the first three letters of a Latin name."""
    from babel.dates import get_month_names

    from .i18n import _ARABIC_MONTHS

    found: dict[str, set[int]] = {}
    for lang in (*available_languages(), "en_US"):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for month, name in get_month_names(width, context, locale=lang).items():
                    words = [w for w in tokens(name) if not w.isdigit()]
                    if width == "wide" and words and words[0].isascii() and len(words[0]) > 3:
                        words.append(words[0][:3])
                    for word in words:
                        found.setdefault(word, set()).add(month)
    for arabic, syriac in _ARABIC_MONTHS.items():  # `مارس/آذار`: a letter writes both
        for word in tokens(syriac):
            found.setdefault(word, set()).update(found.get(tokens(arabic)[0], ()))
    for word, month in _MORE_MONTHS.items():
        found.setdefault(word, set()).add(month)
    return {word: frozenset(months) for word, months in found.items()}


def written_dates(words: tuple[str, ...], gaps: tuple[str, ...],
                  at: int) -> Iterator[tuple[int, int, int, str, bool]]:
    """The dates written from word `at` on: (words used, month, day, year as written, whether a
    two-digit year counts). Numbers (`14-3-2015`, `2015-03-14`, `3/14/2015`, `14-03-15`) and a month's
    name with the day before or after it, an ordinal (`7e`, `7th of`, `March 7th`) and a year
    (`2014`, `'14`, `-14`). Day, month and year together only: a year, or a day and month, alone
    are no date of a person."""
    n, first = len(words), words[at]
    months = month_names()
    if first.isdigit():
        if at + 2 < n and words[at + 1].isdigit() and words[at + 2].isdigit() and len(words[at + 1]) <= 2:
            middle, last = int(words[at + 1]), words[at + 2]
            if len(first) <= 2 and len(last) in (2, 4):
                yield 3, middle, int(first), last, True  # 14-03-2015, 14-3-15
                if len(last) == 4:
                    yield 3, int(first), middle, last, True  # 3/14/2015
            elif len(first) == 4 and len(last) <= 2:
                yield 3, middle, int(last), first, True  # 2015-03-14
        if len(first) > 2:
            return
        j = at + 1
        if j < n and words[j] in _ORDINALS:
            j += 1
        if j < n and words[j] in _BETWEEN:
            j += 1
        month = months.get(words[j]) if j < n else None
        if not month:
            return
        j += 1
        if j < n and words[j] in months and months[words[j]] & month:
            j += 1  # `مارس/آذار`
        if j < n and words[j].isdigit() and len(words[j]) in (2, 4):
            for m in month:
                yield j + 1 - at, m, int(first), words[j], bool(_YEAR_MARK.search(gaps[j]))
    elif first in months:
        j = at + 1
        if j < n and words[j] in months and months[words[j]] & months[first]:
            j += 1
        if j < n and words[j] in _BETWEEN:
            j += 1
        if not (j < n and words[j].isdigit() and len(words[j]) <= 2):
            return
        day = int(words[j])
        j += 1
        if j < n and words[j] in _ORDINALS:
            j += 1
        if j < n and words[j].isdigit() and len(words[j]) in (2, 4):
            for m in months[first]:
                yield j + 1 - at, m, day, words[j], bool(_YEAR_MARK.search(gaps[j]))


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
    pieces: tuple[str, ...] = ()  # the text between and inside addresses, in token order
    _shapes: bytes | None = None
    _gaps: tuple[str, ...] = ()
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
    def shapes(self) -> bytes:
        """How each token is written (`read`); worked out only for a text where a name word needs it."""
        if self._shapes is None:
            shapes, gaps = bytearray(), list[str]()
            for piece in self.pieces:
                _, piece_shapes, piece_gaps = read(piece, keep_gaps=True)
                shapes += piece_shapes
                gaps += piece_gaps
            if len(shapes) == len(gaps) == len(self.tokens):
                self._shapes, self._gaps = bytes(shapes), tuple(gaps)
            else:
                count = len(self.tokens)
                self._shapes, self._gaps = bytes([UNCASED]) * count, ("",) * count
        return self._shapes

    @property
    def gaps(self) -> tuple[str, ...]:
        """What stands before each token (`read`), worked out with `shapes`."""
        if self._shapes is None:
            _ = self.shapes
        return self._gaps

    @property
    def generic(self) -> list[tuple[str, str]]:
        """(kind, key) of personal data anywhere in the text; read only for wide audiences."""
        if self._generic is None:
            self._generic = list(pii.find(self.text))
        return self._generic


SPECIAL_KINDS = ("email", "url", "phone")

_CACHED_TEXTS = 128  # texts whose candidates are kept: the parts every document of a run shares


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
        self.birthdays: dict[tuple[int, int], list[tuple[int, int]]] = {}  # (month, day) -> (year, value id)
        self.name_words: dict[int, frozenset[str]] = {}  # a name's words, particles aside
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
                self.name_words[vid] = frozenset(w for w in tokens(value.text) if w not in PARTICLES)
            elif value.kind == "text":
                needles = _text_needles(value.text)
            elif value.kind == "date":
                born = dt.date.fromisoformat(value.text)  # read by `written_dates`, not as words
                self.birthdays.setdefault((born.month, born.day), []).append((born.year, vid))
                needles = []
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
        all_gaps: list[str] = []
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
            host_end = _host_end(text, start, end) if SPECIAL_KINDS[kind_index] == "url" else end
            pieces.append((text[start:host_end], segment))
            specials.append((segment, kind_index, vids))
            segment += 1
            if host_end < end:
                pieces.append((text[host_end:end], segment))
                segment += 1
            cursor = end
        pieces.append((text[cursor:], segment))
        for piece, seg in pieces:
            if self.birthdays:  # what stands between the words tells a year from a number
                words, _, gaps = read(piece, keep_gaps=True)
                all_gaps += gaps
            else:
                words = tokens(piece)
            all_tokens += words
            segment_of += [seg] * len(words)
        words_found: list[tuple[int, int, tuple[int, ...]]] = []
        toks = tuple(all_tokens)
        for i, token in enumerate(toks):
            for needle, vids in self.first.get(token, ()):
                if toks[i:i + len(needle)] == needle:
                    words_found.append((i, len(needle), vids))
        if self.birthdays:
            words_found += self._dates(toks, tuple(all_gaps))
        words_found += self._spaced_out(toks)
        words_found.sort(key=lambda w: (w[0], -w[1]))
        # A word that starts a name or reference match is not read again as a declined name; a free
        # text's own phrases (the summary matches itself) do not count, or its declined names hide.
        exact = {start for start, _, vids in words_found if any(self.values[v].kind != "text" for v in vids)}
        declined = [(i, 1, vids) for i, token in enumerate(toks) if i not in exact
                    for vids in [self._declined(token)] if vids]
        return Candidates(toks, tuple(segment_of), specials, words_found, text, declined,
                          tuple(piece for piece, _ in pieces))

    def _dates(self, words: tuple[str, ...], gaps: tuple[str, ...]) -> list[tuple[int, int, tuple[int, ...]]]:
        """Every date of birth of the case written in the text, in any of the ways `written_dates` reads."""
        found: list[tuple[int, int, tuple[int, ...]]] = []
        for at, word in enumerate(words):
            if not (word.isdigit() or word in month_names()):
                continue
            for length, month, day, year, short_counts in written_dates(words, gaps, at):
                for born, vid in self.birthdays.get((month, day), ()):
                    if year == str(born) or (short_counts and year == f"{born % 100:02}"):
                        found.append((at, length, (vid,)))
        return found

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


