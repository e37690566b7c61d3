"""Dutch labels of the case file's fixed values; other languages translate them via gettext."""

from __future__ import annotations


def N_(text: str) -> str:
    """Mark a text for `pybabel extract -k N_`; it is translated where it is shown."""
    return text


LABELS: dict[str, str] = {
    # incident.kind
    "sexting": N_("sexting"),
    "distribution": N_("verspreiding van seksueel beeldmateriaal van minderjarigen"),
    # people[].role
    "depicted": N_("leerling die in beeld is"),
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
    # incident.other_schools
    "yes": N_("ja"),
    "no": N_("nee"),
    "unknown": N_("onbekend"),
}
