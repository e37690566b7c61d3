"""The generated cases of the benchmark: fictional pupils and guardians, reserved domains only.

`large_case_text` is the 30-pupil case of rows 1a and 1d; `scaled_case_text` makes a case of any
size up to 1,000 pupils for the scaling curve and the 100-document rows, every name unique.
"""

from __future__ import annotations

import json
import re
import unicodedata

LANGUAGES = ("nl", "en", "de", "pl", "tr", "ar", "uk")

# Fictional people only. Names were picked so that none is an ordinary word of the documents in
# any of the seven languages (the leak scan matches names as whole words and would block them).
PUPILS = [
    "Lieke", "Bram", "Noor", "Finn", "Lotte", "Jesse", "Fenna", "Thijs", "Iris", "Ruben",
    "Elif", "Emre", "Oksana", "Taras", "Zofia", "Kacper", "Amira", "Yusuf", "Hanna", "Lukas",
    "Sophie", "Oliver", "Nadia", "Bilal", "Femke", "Stijn", "Maud", "Jelle", "Vera", "Teun",
]
SURNAMES = [
    "Verhoeven", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Groot", "Brouwer", "Dekker",
    "Vermeulen", "van Dijk", "Hendriks", "Dijkstra", "Kaya", "Yılmaz", "Shevchenko", "Kovalenko",
    "Nowak", "Zieliński", "Haddad", "Benali", "Schmidt", "Becker", "Peeters", "Claes", "Willems",
    "Janssens", "Kuipers", "Postma", "Hoekstra",
]
GUARDIANS = [
    "Anke", "Marco", "Ilse", "Ronald", "Esther", "Dennis", "Wendy", "Patrick", "Sandra", "Erik",
    "Monique", "Gerard", "Ayşe", "Mehmet", "Olena", "Andrii", "Magdalena", "Tomasz", "Samira",
    "Rachid", "Birgit", "Jürgen", "Chantal", "Wouter", "Ingeborg", "Harm", "Yvonne", "Sjoerd",
    "Nicole", "Arjen", "Leonie", "Frank", "Marloes", "Bart", "Dilek", "Serkan", "Halyna", "Bohdan",
    "Katarzyna", "Piotr", "Leila", "Karim", "Ursula", "Dieter", "Mirjam", "Joris", "Astrid", "Ruud",
    "Gerrit", "Hilde",
]
ROLES = ["depicted", "shared", "shared", "received", "received", "received", "saw", "saw", "reported"]
RELATIONS = [("moeder", "vader"), ("ouder", "ouder"), ("verzorger", "pleegouder"), ("voogd", "moeder")]


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _mailbox(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]+", ".", ascii_name.lower()).strip(".")


def _guardian_count(i: int) -> int:
    """One guardian for every third pupil, two for the others."""
    return 1 if i % 3 == 2 else 2


def _pupil(i: int, pid: str, name: str, guardians: list[str], phone: int) -> list[str]:
    """The YAML lines of pupil `i`: role, group, guardians (phones numbered on from `phone`), a note."""
    lines = [
        f"  - id: {pid}",
        f"    name: {_q(name)}",
        f"    role: {ROLES[i % len(ROLES)]}",
        f"    group: {_q('groep 8' if i % 3 else 'groep 7')}",
        "    guardians:",
    ]
    relations = RELATIONS[i % len(RELATIONS)]
    domain = "example.org" if i % 2 == 0 else "ouders.invalid"
    for g, full in enumerate(guardians):
        lines += [
            f"      - name: {_q(full)}",
            f"        relation: {relations[g]}",
            f"        phone: {_q(f'06 1234 {phone + g + 1}')}",
            f"        email: {_q(f'{_mailbox(full)}@{domain}')}",
            f"        language: {LANGUAGES[(i + g) % len(LANGUAGES)]}",
        ]
    if i % 4 == 0:
        note = f"Gesprek {i + 1} met mentor en ouders gepland; dossierstuk {pid}."
        lines.append(f"    notes: {_q(note)}")
    return lines


def large_people() -> str:
    """The `people:` block of the large case: 30 pupils, 1-2 guardians each, every language."""
    lines = ["people:"]
    guardian_names = iter(GUARDIANS)
    phone = 5700
    for i, (first, surname) in enumerate(zip(PUPILS, SURNAMES, strict=True)):
        guardians = [f"{next(guardian_names)} {surname}" for _ in range(_guardian_count(i))]
        lines += _pupil(i, f"p{i + 1:02d}", f"{first} {surname}", guardians, phone)
        phone += len(guardians)
    return "\n".join(lines) + "\n\n"


def large_case_text(example: str) -> str:
    """The example case with its people replaced by 30 generated pupils and all seven languages."""
    return _with_people(example, large_people())


def _with_people(example: str, people_block: str) -> str:
    text, people = re.subn(r"^people:\n.*?(?=^police:)", lambda _: people_block, example,
                           flags=re.MULTILINE | re.DOTALL)
    text, langs = re.subn(r"^  languages: \[.*\]$", f"  languages: [{', '.join(LANGUAGES)}]", text,
                          flags=re.MULTILINE)
    if people != 1 or langs != 1:
        raise SystemExit("bench: the example case no longer has the expected people/languages layout")
    return text


# Ten more surnames for the scaled cases (40 in all), again none an ordinary word of the documents.
MORE_SURNAMES = ["Wolters", "Veenstra", "Scholten", "Bosma", "Zijlstra", "Polat", "Bondarenko",
                 "Lewandowski", "Mansouri", "Goossens"]
MAX_SCALED = 25 * 40  # first names x surnames; guardian names stay unique up to here too


def scaled_people(count: int) -> str:
    """A `people:` block of `count` pupils (at most 1,000), 1-2 guardians each, every name unique.

    Pupil i is first name i // 40 and surname i % 40; its guardians take the next two guardian
    first names of that round with the pupil's surname, so no name is used twice in the case
    (the leak scan would take a shared name for a leak between two pupils' documents).
    """
    if not 0 < count <= MAX_SCALED:
        raise ValueError(f"scaled cases have 1 to {MAX_SCALED} pupils")
    surnames = SURNAMES + MORE_SURNAMES
    lines = ["people:"]
    phone = 5000
    for i in range(count):
        rank, index = divmod(i, len(surnames))
        surname = surnames[index]
        guardians = [f"{GUARDIANS[2 * rank + g]} {surname}" for g in range(_guardian_count(i))]
        lines += _pupil(i, f"p{i + 1:04d}", f"{PUPILS[rank]} {surname}", guardians, phone)
        phone += len(guardians)
    return "\n".join(lines) + "\n\n"


def scaled_case_text(example: str, count: int) -> str:
    """The example case with `count` generated pupils and all seven languages.

    A pack of it makes count + ceil(count / 9) + 33 documents with today's 13 kinds (one pupil in
    nine is depicted and gets a checklist); the benchmark counts them rather than trusting this.
    """
    return _with_people(example, scaled_people(count))
