"""Dutch labels of the case file's fixed values and of common school words, translated via gettext.

A parent who reads no Dutch does not know what `intern begeleider`, `directeur` or `Aula` mean, and
the case file holds such words as free values (a contact's role, a meeting's location). The `label`
filter translates every value listed here; a value not listed appears as typed. `school_years`
reads the year numbers and ages in group names (`groep 7`, `klas 3`, `4 havo`), so a translated
letter can say which school years and ages it is about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def N_(text: str) -> str:
    """Mark a text for `pybabel extract -k N_`; it is translated where it is shown."""
    return text


LABELS: dict[str, str] = {
    # incident.kind
    "sexting": N_("sexting"),
    "distribution": N_("verspreiding van seksueel beeldmateriaal van minderjarigen"),
    # people[].role. Not "in beeld": a Dutch reader hears "known to the police" in it.
    "depicted": N_("leerling die op de beelden staat"),
    "shared": N_("leerling die beelden heeft gedeeld"),
    "received": N_("leerling die beelden heeft ontvangen"),
    "saw": N_("leerling die beelden heeft gezien"),
    "reported": N_("leerling die het heeft gemeld"),
    # people[].guardians[].relation
    "moeder": N_("moeder"),
    "vader": N_("vader"),
    "ouder": N_("ouder"),
    "verzorger": N_("verzorger"),
    "voogd": N_("voogd"),
    "pleegouder": N_("pleegouder"),
    # incident.channels
    "whatsapp": N_("WhatsApp"),
    "snapchat": N_("Snapchat"),
    "instagram": N_("Instagram"),
    "tiktok": N_("TikTok"),
    "telegram": N_("Telegram"),
    "signal": N_("Signal"),
    "messenger": N_("Messenger"),
    "discord": N_("Discord"),
    "email": N_("e-mail"),
    "sms": N_("sms"),
    "airdrop": N_("AirDrop"),
    "website": N_("een website"),
    "other": N_("een ander kanaal"),
    # incident.other_schools and the other yes/no/unknown fields
    "yes": N_("ja"),
    "no": N_("nee"),
    "unknown": N_("onbekend"),
}

# Roles and rooms as schools type them (contacts' `role`, meetings' `location`). A translation
# names the thing in the reader's language and keeps the Dutch word in brackets where the parent
# will hear it at school: "pupil support coordinator (intern begeleider)".
SCHOOL_WORDS: dict[str, str] = {
    "intern begeleider": N_("intern begeleider"),
    "ib'er": N_("intern begeleider"),
    "directeur": N_("directeur"),
    "adjunct-directeur": N_("adjunct-directeur"),
    "locatiedirecteur": N_("directeur"),
    "rector": N_("rector"),
    "conrector": N_("conrector"),
    "teamleider": N_("teamleider"),
    "zorgcoördinator": N_("zorgcoördinator"),
    "mentor": N_("mentor"),
    "leerkracht": N_("leerkracht"),
    "docent": N_("docent"),
    "vertrouwenspersoon": N_("vertrouwenspersoon"),
    "aandachtsfunctionaris": N_("aandachtsfunctionaris"),
    "aula": N_("de aula van de school"),
    "de aula": N_("de aula van de school"),
    "gymzaal": N_("de gymzaal van de school"),
    "de gymzaal": N_("de gymzaal van de school"),
    "kantine": N_("de kantine van de school"),
    "de kantine": N_("de kantine van de school"),
    "teamkamer": N_("de teamkamer"),
    "de teamkamer": N_("de teamkamer"),
    "in de eigen groep": N_("in de eigen groep"),
    "in de klas": N_("in de klas"),
    "in de mentorles": N_("in de mentorles"),
    "wijkagent": N_("wijkagent"),
}
def pgettext(context: str, text: str) -> str:
    """Mark a text with a context (msgctxt) for `pybabel extract` (a default keyword); shown by `label`."""
    return text


FORMS = ("mevrouw", "meneer")
# A job title in the form of address of the person who holds it (`Contact.form`): Polish,
# German, Arabic and Ukrainian mark it (koordynatorka, Förderkoordinatorin, مسؤولة). Each is the
# neutral label's msgid with the form as its msgctxt; a catalog without it prints the neutral one.
FORMED: dict[tuple[str, str], str] = {
    ("mevrouw", "intern begeleider"): pgettext("mevrouw", "intern begeleider"),
    ("meneer", "intern begeleider"): pgettext("meneer", "intern begeleider"),
    ("mevrouw", "directeur"): pgettext("mevrouw", "directeur"),
    ("meneer", "directeur"): pgettext("meneer", "directeur"),
    ("mevrouw", "adjunct-directeur"): pgettext("mevrouw", "adjunct-directeur"),
    ("meneer", "adjunct-directeur"): pgettext("meneer", "adjunct-directeur"),
    ("mevrouw", "rector"): pgettext("mevrouw", "rector"),
    ("meneer", "rector"): pgettext("meneer", "rector"),
    ("mevrouw", "conrector"): pgettext("mevrouw", "conrector"),
    ("meneer", "conrector"): pgettext("meneer", "conrector"),
    ("mevrouw", "teamleider"): pgettext("mevrouw", "teamleider"),
    ("meneer", "teamleider"): pgettext("meneer", "teamleider"),
    ("mevrouw", "zorgcoördinator"): pgettext("mevrouw", "zorgcoördinator"),
    ("meneer", "zorgcoördinator"): pgettext("meneer", "zorgcoördinator"),
    ("mevrouw", "mentor"): pgettext("mevrouw", "mentor"),
    ("meneer", "mentor"): pgettext("meneer", "mentor"),
    ("mevrouw", "leerkracht"): pgettext("mevrouw", "leerkracht"),
    ("meneer", "leerkracht"): pgettext("meneer", "leerkracht"),
    ("mevrouw", "docent"): pgettext("mevrouw", "docent"),
    ("meneer", "docent"): pgettext("meneer", "docent"),
    ("mevrouw", "vertrouwenspersoon"): pgettext("mevrouw", "vertrouwenspersoon"),
    ("meneer", "vertrouwenspersoon"): pgettext("meneer", "vertrouwenspersoon"),
    ("mevrouw", "aandachtsfunctionaris"): pgettext("mevrouw", "aandachtsfunctionaris"),
    ("meneer", "aandachtsfunctionaris"): pgettext("meneer", "aandachtsfunctionaris"),
    ("mevrouw", "wijkagent"): pgettext("mevrouw", "wijkagent"),
    ("meneer", "wijkagent"): pgettext("meneer", "wijkagent"),
}

# Typed with or without a capital: `Aula`, `Intern begeleider`.
for _word, _label in list(SCHOOL_WORDS.items()):
    LABELS.setdefault(_word, _label)
    LABELS.setdefault(_word[0].upper() + _word[1:], _label)

# Ages in Dutch school years: groep 1 is 4 to 5 years old, groep 8 is 11 to 12; the first year of
# secondary school (klas 1, brugklas) is 12 to 13.
_PRIMARY_WORDS = re.compile(r"\bgroep(en)?\b", re.IGNORECASE)
_SECONDARY_WORDS = re.compile(r"\b(klas|klassen|brugklas|leerjaar|havo|vwo|vmbo|atheneum|gymnasium|mavo)\b",
                              re.IGNORECASE)
_NUMBER = re.compile(r"(?<![0-9])([1-8])(?![0-9])")


def school_year(group: str, school_type: str) -> int | None:
    """The year number in a group's name (`groep 7` → 7, `brugklas` → 1, `3B` → 3), or None."""
    if re.search(r"\bbrugklas\b", group, re.IGNORECASE):
        return 1
    found = _NUMBER.findall(group)
    if len(found) != 1:
        return None
    number = int(found[0])
    return number if number <= (8 if _is_primary(group, school_type) else 6) else None


def _is_primary(group: str, school_type: str) -> bool:
    if _PRIMARY_WORDS.search(group):
        return True
    if _SECONDARY_WORDS.search(group):
        return False
    return school_type != "secondary"


def school_years(groups: Iterable[str], school_type: str) -> tuple[list[int], tuple[int, int]] | None:
    """The year numbers of all groups and the ages they span, or None when a name is not understood."""
    years, youngest, oldest = [], 99, 0
    for group in groups:
        year = school_year(group, school_type)
        if year is None:
            return None
        first_age = year + 3 if _is_primary(group, school_type) else year + 11
        youngest, oldest = min(youngest, first_age), max(oldest, first_age + 1)
        if year not in years:
            years.append(year)
    return (sorted(years), (youngest, oldest)) if years else None
