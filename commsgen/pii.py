"""Personal data of any kind in text, and the keys by which the leak scan compares it.

Phone numbers are read by `phonenumbers` (so `06–12345678`, `+31 (0)6 1234 5678`, `0031612345678`
and `06.12.34.56.78` are one number), citizen service numbers, bank accounts and postcodes are
checked by `python-stdnum`. E-mail and web addresses are matched on the characters they really
contain: Latin letters (ASCII or not) and digits for the local part and the labels of the domain,
punycode labels read as the letters they stand for, so that `jürgen@…` and `canary-föto.invalid`
are addresses while a label in Arabic script glued to an address by a PDF's layout is not read as
part of it.

A phone number typed into a summary or a custom template is a finding in a wide audience's
document unless that audience may see it (the contact's number) or it is the template's own
wording (a helpline). Each token is returned normalised, for comparison with those allowed.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from urllib.parse import unquote

import phonenumbers
from stdnum import iban
from stdnum.nl import bsn, postcode

# Every dash Unicode has, and the spaces people's editors put between digits.
DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"})
_DASH = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")  # the keys of DASHES: is there one to map?
# Letters of the Latin script beyond ASCII (ö, ü, ş, ł, ...): international addresses hold them in
# their local part and host (`jürgen@…`, `canary-föto.invalid`). Other scripts are left out, so a
# label in Arabic script glued to an address by a PDF's layout is not read as part of it.
_LATIN = "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_AL = "A-Za-z0-9" + _LATIN  # a letter or digit of an address
_LABEL = r"(?:xn--)?[" + _AL + r"](?:[" + _AL + r"-]{0,61}[" + _AL + r"])?"
EMAIL = re.compile(
    r"(?<![" + _AL + r"._%+-])[" + _AL + r"._%+-]{1,64}@(?:" + _LABEL + r"\.)+(?:xn--[A-Za-z0-9-]{1,59}|["
    + _LATIN + r"A-Za-z]{2,24})(?![" + _AL + r"-])")
# Top-level domains a bare host (no scheme, no `www.`) is read by.
TOP_LEVEL = "nl|com|org|net|eu|be|de|info|io|invalid|tv|me|xxx|ru|to"
# A web address: with a scheme or `www.`, or a bare host whose last label is a known top-level domain.
_PATH = r"(?:[/?#][" + _AL + r"\-._~:/?#\[\]@!$&'*+,;=%]*)?"
URL = re.compile(
    r"(?<![" + _AL + r"@.-])(?:(?:https?|ftp)://|www\.)(?:" + _LABEL + r"\.)*" + _LABEL + _PATH
    + r"|(?<![" + _AL + r"@.-])(?:" + _LABEL + r"\.)+(?:" + TOP_LEVEL + ")"
    r"(?![" + _AL + r"-])" + _PATH,
    re.IGNORECASE,
)
# A run of digits with the separators people type: spaces, dashes, dots, slashes, brackets.
PHONE_RUN = re.compile(r"(?<![\w+])\+?\(?\d[\d \-./()]{4,}\d(?!\w)")
_POSTCODE = re.compile(r"\b[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}\b")
_BSN = re.compile(r"(?<![\d.-])(\d{4}[ .]?\d{2}[ .]?\d{3}|\d{9})(?![\d.-])")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
_DIGIT = re.compile(r"\d")
_POSSIBLE = phonenumbers.Leniency.POSSIBLE
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{4}")
_HANDLE = re.compile(r"(?<![\w.@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,28}[A-Za-z0-9_])")
# Namespace and schema addresses every Word package carries: structure, not personal data.
_PLUMBING = ("schemas.openxmlformats.org", "schemas.microsoft.com", "purl.org", "purl.oclc.org", "w3.org",
             "schemas.libreoffice.org", "openoffice.org")


def phone_key(text: str) -> str:
    """A phone number by its national significant digits (`612345678` for 06-12345678 and +31 6 …)."""
    cleaned = text.translate(DASHES)
    try:
        number = phonenumbers.parse(cleaned, "NL")
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", cleaned).lstrip("0")
    return str(number.national_number)


def run_digits(text: str) -> str:
    """The digits of a run of text that may hold one or more phone numbers."""
    return re.sub(r"\D", "", text)


_HOST_END = re.compile(r"[/?#]")


def host_key(host: str) -> str:
    """A host name as one key whichever way it is written: each punycode label (`xn--…`) read as
    the letters it stands for, case folded (`canary-föto.invalid` = `xn--canary-fto-…invalid`)."""
    labels = []
    for label in unicodedata.normalize("NFC", host).casefold().split("."):
        if label.startswith("xn--"):
            with contextlib.suppress(UnicodeError, ValueError):  # not punycode: compared as written
                label = label[4:].encode("ascii").decode("punycode").casefold()
        labels.append(label)
    return ".".join(labels)


def url_key(text: str) -> str:
    """A web address without scheme, `www.`, case, trailing punctuation or percent-encoding; its host
    as `host_key` reads it."""
    core = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text.strip().casefold())
    core = core.removeprefix("www.").rstrip("/.,;:!?)'")
    cut = _HOST_END.search(core)
    host, rest = (core[:cut.start()], core[cut.start():]) if cut else (core, "")
    return host_key(host) + (unquote(rest) if "%" in rest else rest)


def url_keys(text: str) -> list[str]:
    """A web address's key and the shorter keys it contains: the host, then each path prefix."""
    key = url_key(text)
    host, _, path = key.partition("/")
    keys = [host]
    for segment in [s for s in re.split(r"[/?#]", path) if s]:
        keys.append(keys[-1] + "/" + segment if len(keys) > 1 else f"{host}/{segment}")
    return list(dict.fromkeys(k for k in keys if k))


def email_key(text: str) -> str:
    """An e-mail address compared without case, its domain as `host_key` reads it."""
    local, at, domain = unicodedata.normalize("NFC", text.strip()).casefold().rpartition("@")
    return local + at + host_key(domain) if at else domain


def find(text: str, phones: bool = True) -> Iterator[tuple[str, str]]:
    """(kind, normalised token) for each piece of personal data in `text` (phone numbers too unless
    `phones` is false: the matcher is the slow part, and a template's wording reads its own, below)."""
    if _DASH.search(text):
        text = text.translate(DASHES)
    has_at = "@" in text  # the e-mail pattern is slow to fail: try it only where it can match
    for match in EMAIL.finditer(text) if has_at else ():
        yield "an e-mail address", email_key(match.group())
    without_emails = EMAIL.sub(" ", text) if has_at else text
    for match in URL.finditer(without_emails):
        key = url_key(match.group())
        if not key.startswith(_PLUMBING):
            yield "a web address", key
    # Fewer than ten digits in all hold no number people dial (below): the matcher is slow, skip it.
    dialable = phones and len(_DIGIT.findall(text)) >= 10
    numbers = phonenumbers.PhoneNumberMatcher(text, "NL", leniency=_POSSIBLE) if dialable else ()
    for number in numbers:
        # Possible numbers include dates and references; a number people dial has 10 to 15 digits.
        glued = number.start > 0 and text[number.start - 1].isalnum()  # inside an IBAN or a code
        dialled = 10 <= len(run_digits(number.raw_string)) <= 15
        if dialled and not glued and not _DATE.fullmatch(number.raw_string):
            yield "a phone number", str(number.number.national_number)
    for match in _POSTCODE.finditer(text):
        if postcode.is_valid(match.group()):
            yield "a postcode", match.group().replace(" ", "").casefold()
    for match in _BSN.finditer(text):
        if bsn.is_valid(match.group()):
            yield "a citizen service number (BSN)", bsn.compact(match.group())
    for match in _IBAN.finditer(text):
        if iban.is_valid(match.group()):
            yield "a bank account number (IBAN)", iban.compact(match.group()).casefold()
    for match in _HANDLE.finditer(without_emails) if has_at else ():
        yield "a social media handle", match.group().casefold()


def wording_phones(text: str) -> set[str]:
    """The phone numbers a template's own text prints (helplines), run by run of digits: the matcher
    reads a few short runs instead of every date and number of a whole letter."""
    found = set()
    for run in PHONE_RUN.finditer(text.translate(DASHES)):
        found.add(phone_key(run.group()))
        found |= {str(n.number.national_number)
                  for n in phonenumbers.PhoneNumberMatcher(run.group(), "NL", leniency=_POSSIBLE)}
    return found


@lru_cache(maxsize=4096)  # the same case values and wording recur in every document of a run
def keys(text: str) -> frozenset[str]:
    """The normalised tokens of `text`, for the set of tokens a document may show."""
    return frozenset(token for _, token in find(text))
