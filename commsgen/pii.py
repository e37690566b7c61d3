"""Personal data of any kind in text for wide audiences, whether or not the case file holds it.

A phone number typed into a summary or a custom template is a finding in a `parents` or `staff`
document unless that audience may see it (the contact's number) or it is the template's own
wording (a helpline). Each token is returned normalised, for comparison with those allowed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>()]+|\b[\w-]+(?:\.[\w-]+)*\.(?:nl|com|org|net|eu|be|de|info|io|invalid)"
    r"\b(?:/[^\s<>()]*)?",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\w+])\+?\d[\d \-./()]{7,}\d(?!\w)")
_POSTCODE = re.compile(r"\b[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}\b")
_BSN = re.compile(r"(?<![\d.-])(\d{4}[ .]?\d{2}[ .]?\d{3}|\d{9})(?![\d.-])")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
# Namespace and schema addresses every Word package carries: structure, not personal data.
_PLUMBING = ("schemas.openxmlformats.org", "schemas.microsoft.com", "purl.org", "w3.org",
             "schemas.libreoffice.org", "openoffice.org")
_HANDLE = re.compile(r"(?<![\w.@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,28}[A-Za-z0-9_])")


def phone_key(text: str) -> str:
    """A phone number as digits, with an international Dutch prefix (+31, 0031) read as 0."""
    digits = re.sub(r"\D", "", text)
    if text.strip().startswith(("+", "00")):
        for prefix in ("0031", "31"):
            if digits.startswith(prefix):
                return "0" + digits[len(prefix):]
    return digits


def url_key(text: str) -> str:
    """A web address without scheme, `www.`, case or trailing punctuation."""
    core = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text.strip().casefold())
    return core.removeprefix("www.").rstrip("/.,;:")


def elfproef(digits: str) -> bool:
    """The Dutch 11-test that every citizen service number (BSN) passes."""
    if len(digits) != 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0 and digits != "000000000"


def iban_valid(text: str) -> bool:
    """ISO 13616 check: the rearranged number modulo 97 is 1."""
    compact = text.replace(" ", "")
    moved = compact[4:] + compact[:4]
    number = "".join(str(int(c, 36)) for c in moved)
    return len(compact) >= 15 and int(number) % 97 == 1


def find(text: str) -> Iterator[tuple[str, str]]:
    """(kind, normalised token) for each piece of personal data in `text`."""
    emails = [m.group() for m in _EMAIL.finditer(text)]
    for email in emails:
        yield "an e-mail address", email.casefold()
    without_emails = _EMAIL.sub(" ", text)
    for match in _URL.finditer(without_emails):
        key = url_key(match.group())
        if not key.startswith(_PLUMBING):
            yield "a web address", key
    for match in _PHONE.finditer(text):
        key = phone_key(match.group())
        if 10 <= len(key) <= 13:  # Dutch numbers have ten digits; foreign ones up to thirteen
            yield "a phone number", key
    for match in _POSTCODE.finditer(text):
        yield "a postcode", match.group().replace(" ", "").casefold()
    for match in _BSN.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if elfproef(digits):
            yield "a citizen service number (BSN)", digits
    for match in _IBAN.finditer(text):
        if iban_valid(match.group()):
            yield "a bank account number (IBAN)", match.group().replace(" ", "").casefold()
    for match in _HANDLE.finditer(without_emails):
        yield "a social media handle", match.group().casefold()


@lru_cache(maxsize=4096)  # the same case values recur in the scanner of every audience
def keys(text: str) -> frozenset[str]:
    """The normalised tokens of `text`, for the set of tokens a document may show."""
    return frozenset(token for _, token in find(text))
