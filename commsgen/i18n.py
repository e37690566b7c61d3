"""Languages: gettext catalogs (Dutch is the source) and Babel formatting for the reader's locale."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from . import pii
from .errors import LocaleError
from .labels import LABELS, school_years
from .messages import t
from .resources import locales_dir

SOURCE_LANGUAGE = "nl"
DOMAIN = "commsgen"


@dataclass(frozen=True)
class Catalog:
    """The translations of one language, read from `locales/<lang>/LC_MESSAGES/commsgen.po`."""

    lang: str
    messages: dict[str, str] = field(default_factory=dict)
    reviewed: bool = False
    broken: int = 0  # entries Babel's checks refuse (such as a changed placeholder); left out

    def gettext(self, msgid: str) -> str:
        if self.lang == SOURCE_LANGUAGE:
            return msgid
        return self.messages.get(msgid) or msgid

    def missing(self, msgids: Iterable[str]) -> list[str]:
        """The msgids this catalog has no finished translation for."""
        if self.lang == SOURCE_LANGUAGE:
            return []
        return [m for m in msgids if not self.messages.get(m)]


def available_languages() -> list[str]:
    """Dutch plus every language with a catalog."""
    base = locales_dir()
    found = {p.parent.parent.name for p in base.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return [SOURCE_LANGUAGE, *sorted(found - {SOURCE_LANGUAGE})]


@cache
def catalog(lang: str) -> Catalog:
    """The catalog of `lang`; fuzzy entries count as missing."""
    if lang == SOURCE_LANGUAGE:
        return Catalog(lang, reviewed=True)
    path = locales_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        raise LocaleError(t("no catalog for language '{lang}' (available: {available})", lang=lang,
                            available=", ".join(available_languages())))
    return _read_po(path, lang)


def _read_po(path: Path, lang: str) -> Catalog:
    from babel.messages.pofile import read_po

    try:
        with path.open("rb") as handle:
            po = read_po(handle, locale=lang, domain=DOMAIN)
    except Exception as e:  # Babel raises several types for a broken catalog
        raise LocaleError(t("{file} for '{lang}' cannot be read ({reason})", file=path.name, lang=lang,
                            reason=type(e).__name__)) from e
    broken = {str(message.id) for message, errors in po.check() if errors}
    messages = {
        str(m.id): str(m.string)
        for m in po
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy and m.id not in broken
    }
    reviewed = "reviewed-by-native-speaker: yes" in (po.header_comment or "").lower()
    return Catalog(lang, messages, reviewed, len(broken))


def text_direction(lang: str) -> str:
    """`rtl` for right-to-left scripts such as Arabic, else `ltr`."""
    from babel import Locale

    return (str(Locale.parse(lang).character_order) == "right-to-left" and "rtl") or "ltr"


def format_locale(lang: str) -> str:
    """The locale for dates and lists: the reader's language as written in the Netherlands.

    `en` alone would give American dates (November 26, 2026; 7:30 PM); `en_NL` gives
    26 November 2026 and 19:30, as a parent here expects.
    """
    from babel import Locale, UnknownLocaleError

    if "_" in lang:
        return lang
    try:
        return str(Locale.parse(f"{lang}_NL"))
    except (ValueError, UnknownLocaleError):
        return lang


def filters(lang: str, translate: Callable[[str], str]) -> dict[str, Callable[..., Any]]:
    """The Jinja filters templates use to format values for `lang`."""
    from babel.dates import format_date, format_time
    from babel.lists import format_list

    from .bidi import isolate

    locale = format_locale(lang)
    rtl = text_direction(lang) == "rtl"

    def label(value: Any) -> str:
        return translate(LABELS.get(str(value), str(value)))

    def labels(values: Iterable[Any]) -> list[str]:
        return [label(v) for v in values]

    def longdate(value: dt.date) -> str:
        return _months(format_date(value, "long", locale=locale), lang)

    def fulldate(value: dt.date) -> str:
        return _months(format_date(value, "full", locale=locale), lang)

    def shortdate(value: dt.date) -> str:
        return format_date(value, "short", locale=locale)

    def weekday(value: dt.date) -> str:
        return format_date(value, "EEEE", locale=locale)

    def time(value: dt.time, unit: bool = True) -> str:
        # Always the 24-hour clock, as schools here write it (Babel's Arabic short time is 7:30 م).
        # Dutch in school style, `19.30 uur`; `unit=False` where the wording says `uur` itself
        # (`om %(tijd)s uur`). Other languages keep their own style, and their wording its own word
        # for the hour (`%(tijd)s Uhr`, `godz. %(tijd)s`).
        if lang.split("_")[0] == "nl":
            clock = format_time(value, "H.mm", locale=locale)
            return f"{clock} uur" if unit else clock
        return format_time(value, "HH:mm", locale=locale)

    def joinlist(values: Iterable[Any]) -> str:
        items = [str(v) for v in values]
        if rtl:  # each Latin item keeps its own order inside the Arabic list: `groep 7 و groep 8`
            items = [isolate(item) for item in items]
        return _unglued(format_list(items, locale=locale)) if items else ""

    def yearnumbers(groups: Iterable[str], school_type: str) -> str:
        found = school_years(groups, school_type)
        return joinlist(str(n) for n in found[0]) if found else ""

    def ages(groups: Iterable[str], school_type: str) -> str:
        found = school_years(groups, school_type)
        return _AGE_RANGES.get(lang.split("_")[0], "{0}–{1}").format(*found[1]) if found else ""

    def languagename(code: str) -> str:
        from babel import Locale

        return str(Locale.parse(code).get_display_name(lang) or code)

    def yesno(value: Any) -> str:
        return label("yes" if value else "no")

    return {
        "label": label, "labels": labels, "longdate": longdate, "fulldate": fulldate,
        "shortdate": shortdate, "time": time, "joinlist": joinlist, "yesno": yesno,
        "languagename": languagename, "weekday": weekday, "yearnumbers": yearnumbers, "ages": ages,
        "nobreak": lambda value: nobreak(value, rtl),
    }


# An age range as the language writes it in a sentence (`ongeveer 10–12 jaar`). Arabic says
# `بين 10 و12` (`تتراوح أعمارهم بين %(leeftijden)s سنة`): a dash between two numbers in a
# right-to-left line is shown reversed (`12–10`) by LibreOffice, isolates or not. German writes
# `von etwa 10 bis 12 Jahren`. Each catalog's sentence is written for its language's form.
_AGE_RANGES = {"ar": "{0} و{1}", "de": "{0} bis {1}"}

NO_BREAK_SPACE, NO_BREAK_HYPHEN, BREAK_HERE, JOINER = "\u00a0", "\u2011", "\u200b", "\u2060"
# In a right-to-left paragraph LibreOffice breaks a left-to-right run that holds a no-break space
# or hyphen (U+00A0, U+2011) in the middle of a word (`Hanneke Verhoe` / `ven`); a word joiner
# after a thin space or a plain hyphen keeps the run whole, and it moves to the next line.
KEEP_TOGETHER = {False: {" ": NO_BREAK_SPACE, "-": NO_BREAK_HYPHEN},
                 True: {" ": "\u2009" + JOINER, "-": "-" + JOINER}}


def nobreak(value: Any, rtl: bool = False) -> Any:
    """A name or address that a line may not break inside (`{{ g.name|nobreak }}`).

    A name keeps its words together (no-break spaces and hyphens). In an e-mail or web address,
    found anywhere in the value (a sentence naming a website), a line may break only after `@` and
    after a dot inside the host (a zero-width space), so `petra.deboer@` / `example.org` and never
    `petra.deboer@example.o` / `rg`. The leak scan reads through all of these characters.
    """
    if value is None:
        return value
    text = value.unescape() if isinstance(value, Markup) else str(value)
    keep = KEEP_TOGETHER[rtl]
    if pii.EMAIL.search(text) or pii.URL.search(text):
        found = re.sub(f"{pii.EMAIL.pattern}|{pii.URL.pattern}", lambda m: _address_breaks(m.group(), keep),
                       text, flags=re.IGNORECASE)
    else:
        found = "".join(keep.get(c, c) for c in text)
    return escape(found) if isinstance(value, Markup) else found


def _address_breaks(address: str, keep: dict[str, str]) -> str:
    """Break opportunities after `@` and after each dot of the host but the last (`www.` keeps with it)."""
    last_dot = address.rfind(".")
    start = 4 if address.casefold().startswith("www.") else 0
    return "".join(c + BREAK_HERE if c == "@" or (c == "." and start <= i != last_dot) else
                   keep["-"] if c == "-" else c for i, c in enumerate(address))


# Arabic joins `و` (and) to the next word; before a Latin name (`وSnapchat`) that makes one word of
# two scripts, which readers and screen readers stumble over. A space keeps them apart.
_GLUED_AND = re.compile(r"(?<!\w)و(?=\u2066?[^\W\d_\u0600-\u06ff])")


def _unglued(text: str) -> str:
    return _GLUED_AND.sub("و ", text)


# Babel's Arabic month names are those of Egypt and the Maghreb; families from Syria, Iraq or
# Lebanon know the Syriac names. Letters give both, as Arabic newspapers do: نوفمبر/تشرين الثاني.
_ARABIC_MONTHS = dict(zip(
    ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
     "نوفمبر", "ديسمبر"),
    ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
     "تشرين الثاني", "كانون الأول"), strict=True,
))


def _months(text: str, lang: str) -> str:
    if lang.split("_")[0] != "ar":
        return text
    for name, syriac in _ARABIC_MONTHS.items():
        text = re.sub(rf"(?<!\w){name}(?!\w)", f"{name}/{syriac}", text)
    return text


def gettext_function(translate: Callable[[str], str], rtl: bool = False) -> Callable[..., Markup]:
    """`_("…", name=value)`: translation and values are both XML-escaped before formatting.

    In a right-to-left language each value without right-to-left script is isolated, so that a
    phone number or e-mail address inside an Arabic sentence keeps its order.
    """
    from .bidi import isolate

    def _(msgid: str, **values: Any) -> Markup:
        text = escape(translate(msgid))
        if rtl:
            values = {name: isolate(str(value)) for name, value in values.items()}
        return text % values if values else text

    return _


def kind_languages(kind: str) -> str:
    """The languages a built-in template is complete in, with their review status, for `list`."""
    from .templates import load_template

    msgids = load_template(kind).msgids
    shown = []
    for lang in available_languages():
        try:
            entry = catalog(lang)
        except LocaleError:
            shown.append(t("{lang} (catalog broken)", lang=lang))
            continue
        if entry.broken:
            shown.append(t("{lang} (catalog has {count} broken entries)", lang=lang, count=entry.broken))
        elif not entry.missing(msgids | set(LABELS.values())):
            unreviewed = t("{lang} (not reviewed by a native speaker)", lang=lang)
            shown.append(lang if entry.reviewed else unreviewed)
    return ", ".join(shown)
