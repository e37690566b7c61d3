"""Dutch labels of the case file's fixed values; other languages translate them via gettext."""

from __future__ import annotations

LABELS: dict[str, str] = {
    # incident.kind
    "sexting": "sexting",
    "distribution": "verspreiding van seksueel beeldmateriaal van minderjarigen",
    # people[].role
    "depicted": "leerling die in beeld is",
    "shared": "leerling die beelden heeft gedeeld",
    "received": "leerling die beelden heeft ontvangen",
    "saw": "leerling die beelden heeft gezien",
    "reported": "leerling die het heeft gemeld",
    # people[].guardians[].relation
    "moeder": "moeder",
    "vader": "vader",
    "ouder": "ouder",
    "verzorger": "verzorger",
    "voogd": "voogd",
    "pleegouder": "pleegouder",
    # incident.channels
    "whatsapp": "WhatsApp",
    "snapchat": "Snapchat",
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "telegram": "Telegram",
    "signal": "Signal",
    "messenger": "Messenger",
    "discord": "Discord",
    "email": "e-mail",
    "sms": "sms",
    "airdrop": "AirDrop",
    "website": "een website",
    "other": "een ander kanaal",
    # incident.other_schools
    "yes": "ja",
    "no": "nee",
    "unknown": "onbekend",
}
