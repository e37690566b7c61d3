"""Wording guard: no document asks readers to look at, check or pass on the images.

The guard reads every sentence of every document (parents', pupils', staff, police), in Dutch and in every
language whose catalog covers them, for an imperative to look at, check, search, forward,
screenshot, save or keep, formal and informal (the pupils' letters say `du`, `ty`, `sen`). Such a
verb is allowed only in a negated sentence ("Kijk niet naar de beelden"). Imperative forms are
listed per language; a planted sentence proves each list works.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from commsgen import i18n
from commsgen.i18n import available_languages, catalog, filters
from commsgen.kinds import KINDS
from commsgen.labels import LABELS
from commsgen.resources import locales_dir
from commsgen.templates import load_template
from tests.conftest import CASE_YAML

# Imperatives (formal and informal) that would ask a reader to handle the images.
FORBIDDEN = {
    "nl": r"\b(kijk|bekijk|controleer|check|zoek|doorzoek|stuur|bewaar|sla|maak (een )?screenshot)\b",
    # English imperatives stand at the head of a clause ("Check the photos", "please forward"): "to
    # send more images" in a sentence about blackmail is no instruction.
    "en": r"(^\W*|\bplease |\band |\bthen |[;:] )(look|view|check|search|forward|send|save|keep|store|"
          r"(take|make) (a )?screenshot)\b",
    # Formal German imperatives are the verb followed by `Sie` ("Prüfen Sie ..."); infinitives
    # ("Es ist strafbar, Bilder zu speichern") are statements, not instructions.
    "de": r"\b(schauen|sehen|prüfen|kontrollieren|suchen|durchsuchen|leiten|schicken|senden|speichern|"
          r"bewahren|machen) sie\b|^\W*(schau|schaut|sieh|seht|prüf|prüfe|prüft|such|suche|sucht|schick|"
          r"schicke|schickt|leite|leitet|speicher|speichere|speichert|bewahre|bewahrt)\b",
    "pl": r"\b(obejrzyj|obejrzyjcie|oglądaj|sprawdź|sprawdźcie|szukaj|przeszukaj|prześlij|prześlijcie|"
          r"wyślij|wyślijcie|zapisz|zachowaj|zróbcie zrzut|zrób zrzut)",
    "tr": r"(\bbakın\b|\bkontrol edin\b|\barayın\b|\biletin\b|\bgönderin\b|ekran görüntüsü alın\b|"
          r"\bsaklayın\b|\bkaydedin\b|\bbak\b|\bkontrol et\b|\bilet\b|\bgönder\b|ekran görüntüsü al\b|"
          r"\bsakla\b|\bkaydet\b)",
    "ar": r"(انظروا|انظر|شاهدوا|تحققوا|ابحثوا|أرسلوا|أعيدوا إرسال|احتفظوا|احفظوا|"
          r"\bشاهد\b|\bتحقق\b|\bابحث\b|\bأرسل\b|\bأعد إرسال\b|\bاحتفظ\b|\bاحفظ\b)",
    "uk": r"(переглядайте|перегляньте|подивіться|перевірте|шукайте|пересилайте|перешліть|надішліть|"
          r"збережіть|зберігайте|зробіть скріншот|переглянь|подивись|перевір|шукай|пересилай|перешли|"
          r"надішли|збережи|зберігай|зроби скріншот)",
}
NEGATION = {
    "nl": r"\b(niet|geen|nooit|niets)\b",
    "en": r"\b(not|never|no|don't|nothing|neither|nor|nobody|no one)\b",
    "de": r"\b(nicht|kein|keine|keinen|nie|niemals)\b",
    "pl": r"\b(nie|nigdy|żadnych)\b",
    "tr": r"(\bhiçbir\b|\basla\b|\bdeğil\b)",
    "ar": r"(\bلا\b|\bلن\b|\bأبدًا\b|\bأبدا\b|\bدون\b|\bبدون\b)",
    "uk": r"(\bне\b|\bніколи\b|\bжодних\b)",
}
IMAGES = {
    "nl": r"beeld|foto|film|screenshot|materiaal",
    "en": r"image|photo|picture|video|screenshot|material",
    "de": r"bild|foto|video|screenshot|material",
    "pl": r"zdjęci|obraz|nagrani|film|materiał|zrzut",
    "tr": r"görüntü|fotoğraf|video|resim",
    "ar": r"صور|صورة|فيديو|مواد",
    "uk": r"зображен|фото|відео|скріншот|матеріал",
}
EVERY_KIND = list(KINDS.values())


def violations(text: str, lang: str) -> list[str]:
    """Sentences of `text` that ask to handle the images without a negation."""
    found = []
    for sentence in re.split(r"(?<=[.!?؟:;])\s+|\n", text):
        lower = sentence.casefold().replace("\u2019", "'")  # don’t as typed by a word processor
        if sentence.rstrip().endswith(("?", "؟")):
            continue  # a question ("Did you forward them?") asks nothing to be done
        if (re.search(FORBIDDEN[lang], lower) and re.search(IMAGES[lang], lower)
                and not re.search(NEGATION[lang], lower)):
            found.append(sentence)
    return found


def texts(kind: str, lang: str) -> list[str]:
    entry = catalog(lang)
    msgids = load_template(kind).msgids | set(LABELS.values())
    if entry.missing(msgids):
        return []  # this language does not claim the document; rendering it would be refused
    return [entry.gettext(m) for m in msgids]


@pytest.mark.parametrize("lang", available_languages())
@pytest.mark.parametrize("kind", [k.name for k in EVERY_KIND])
def test_no_document_asks_to_handle_the_images(kind: str, lang: str) -> None:
    """Every sentence that mentions the images together with looking, checking or sending is negated."""
    assert lang in FORBIDDEN, f"add the imperatives of '{lang}' to the wording guard"
    bad = [s for text in texts(kind, lang) for s in violations(text, lang)]
    assert bad == []


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("nl", "Bekijk de beelden op de telefoon van uw kind."),
        ("en", "Please check the photos on your child's phone."),
        ("de", "Bitte prüfen Sie die Bilder auf dem Handy Ihres Kindes."),
        ("pl", "Sprawdźcie zdjęcia w telefonie dziecka."),
        ("tr", "Lütfen çocuğunuzun telefonundaki görüntüleri kontrol edin."),
        ("ar", "تحققوا من الصور في هاتف طفلكم."),
        ("uk", "Перевірте фото в телефоні вашої дитини."),
        # the informal forms of the pupils' letters
        ("de", "Schau dir die Bilder noch einmal an."),
        ("en", "Then forward the photo to your mentor."),
        ("tr", "Fotoğrafı arkadaşına gönder."),
        ("ar", "أرسل الصور إلى صديقك."),
        ("uk", "Перешли фото своєму другові."),
    ],
)
def test_the_guard_catches_a_planted_instruction(lang: str, sentence: str) -> None:
    """The guard is not vacuous: an instruction to check the images is found in each language."""
    assert violations(sentence, lang) == [sentence]
    assert violations(sentence.replace(sentence.split()[0], "Niet"), "nl") == [] or lang != "nl"


def test_the_dutch_letter_asks_to_delete_and_not_to_look_or_forward() -> None:
    """The call of protocol step 5 is in the parent letter: delete, do not look, do not forward."""
    wording = " ".join(load_template("parent-letter").msgids).casefold()
    assert "verwijder" in wording and "kijk niet" in wording and "niet door" in wording


# --- Point 4 of the advisor's review: what a program can check in every translated sentence ---------
#
# A parent who reads no Dutch stumbles over `groep 7`, `intern begeleider` or `Aula` left as they are,
# over `7:30 م`, over `Liebe Eltern,` followed by a capital `Wir`, and over a word that mixes two
# scripts (`وSnapchat`). Each check below reads every translation of a catalog and names the msgid.

SOURCES = Path(__file__).resolve().parent.parent / "templates" / "src"

# Dutch school words a reader of another language does not know. A translation may keep one only
# inside brackets, next to its own word for it: "pupil support coordinator (intern begeleider)".
DUTCH_SCHOOL_TERMS = (
    "groep", "groepen", "jaargroep", "klas", "klassen", "brugklas", "mentor", "mentorles",
    "leerkracht", "docent", "intern begeleider", "ib'er", "directeur", "adjunct-directeur", "rector",
    "conrector", "teamleider", "zorgcoördinator", "aandachtsfunctionaris", "vertrouwenspersoon",
    "aula", "gymzaal", "teamkamer", "huisarts", "wijkagent", "meldcode", "leerlingvolgsysteem",
    "ouderavond", "bedrijfsarts",
)
# Words that are also the reader's own: Polish `klas` (of the classes) and `aula`, German `Aula`, `Klassen`.
NATIVE_WORDS = {"pl": {"klas", "aula"}, "de": {"aula", "klassen"}}
SUFFIXING = {"tr"}
# Placeholders that print Dutch school words from the case file (`groep 7 en groep 8`).
DUTCH_VALUE_PLACEHOLDERS = ("%(groepen)s",)

# A 12-hour time, or a time placeholder followed by a 12-hour marker (Arabic م / ص, am / pm).
TWELVE_HOUR = re.compile(
    r"(?:\b\d{1,2}[:.]\d{2}|%\(tijd\)s)\s*(?:[ap]\.?\s?m\b\.?|م(?!\w)|ص(?!\w)|مساءً|صباحًا|مساء|صباحا)",
    re.IGNORECASE,
)

# After a salutation ending in a comma, German (and Ukrainian) go on in lowercase, except for the
# polite pronoun; English, Dutch and Turkish go on with a capital; Polish accepts both. After `!`
# every language goes on with a capital. The closing formula takes a comma in some languages only.
LOWER_AFTER_COMMA = {"de", "uk"}
CAPITAL_AFTER_COMMA = {"nl", "en", "tr"}
POLITE_PRONOUNS = {"de": {"Sie", "Ihr", "Ihre", "Ihnen", "Ihren", "Ihrem", "Ihrer", "Ihres"}}
CLOSING_COMMA = {"en": True, "tr": True, "uk": True, "ar": True, "de": False, "pl": False}
SALUTATION = re.compile(r"^(Beste|Geachte|Lieve)\b.*,$")
CLOSING = re.compile(r"^(Met (vriendelijke|hartelijke) groet(en)?|Hartelijke groet(en)?),$")


def _outside_brackets(text: str, index: int) -> bool:
    before = text[:index]
    return before.count("(") <= before.count(")")


def untranslated_terms(text: str, lang: str) -> list[str]:
    """Dutch school words in a translation that are not inside brackets (and are not the reader's own)."""
    found = []
    lower = text.casefold()
    for term in DUTCH_SCHOOL_TERMS:
        if term in NATIVE_WORDS.get(lang, set()):
            continue
        # Turkish adds its endings to a borrowed word (`aulası`): the Dutch word is still there.
        end = "" if lang in SUFFIXING else r"(?![\w-])"
        for match in re.finditer(rf"(?<![\w-]){re.escape(term)}{end}", lower):
            if _outside_brackets(text, match.start()):
                found.append(term)
    found += [p for p in DUTCH_VALUE_PLACEHOLDERS
              if p in text and _outside_brackets(text, text.index(p))]
    return found


def twelve_hour_times(text: str) -> list[str]:
    """Times written on the 12-hour clock."""
    return [m.group(0) for m in TWELVE_HOUR.finditer(text)]


def _script(char: str) -> str:
    return unicodedata.name(char, "UNKNOWN").split()[0]


def mixed_script_words(text: str) -> list[str]:
    """Words whose letters come from more than one script; a placeholder counts as a Latin word."""
    text = re.sub(r"%\(\w+\)s", "X", text)
    return [word for word in re.findall(r"[^\W\d_]+", text) if len({_script(c) for c in word}) > 1]


def salutation_slips(salutation: str, following: str, lang: str) -> list[str]:
    """A capital or lowercase letter after the salutation against the language's rule."""
    first = following.split()[0] if following.split() else ""
    if not first[:1].isalpha() or first[:1].upper() == first[:1].lower():
        return []  # a script without case (Arabic), or a placeholder
    capital = first[0].isupper()
    if salutation.endswith("!") or (salutation.endswith(",") and lang in CAPITAL_AFTER_COMMA):
        return [] if capital else [f"lowercase '{first}' after '{salutation}'"]
    polite = first.strip(",.") in POLITE_PRONOUNS.get(lang, set())
    if salutation.endswith(",") and lang in LOWER_AFTER_COMMA and capital and not polite:
        return [f"capital '{first}' after '{salutation}'"]
    return []


def closing_slips(closing: str, lang: str) -> list[str]:
    """The closing formula with or without the comma its language writes."""
    if lang not in CLOSING_COMMA:
        return []
    has_comma = closing.rstrip().endswith((",", "،"))
    return [] if has_comma == CLOSING_COMMA[lang] else [f"closing '{closing}'"]


def _msgid_of(line: str) -> str | None:
    """The Dutch msgid of one source line, as the template builder wraps it (None for tags and rows)."""
    line = line.strip()
    if not line or line.startswith(("{%", ";;", "|", "---")) or "{{" in line:
        return None
    first, _, rest = line.partition(" ")
    if first in ("=", "==", "===", "-", "+", "!", ">", "~"):
        line = rest
    return line.partition(" :: ")[0].strip().replace("‘", "'").replace("’", "'")


def letter_openings() -> list[tuple[str, str]]:
    """(salutation, each first sentence that can follow it) in every template source."""
    pairs = []
    for source in sorted(SOURCES.glob("*.txt")):
        lines = source.read_text(encoding="utf-8").splitlines()
        for index, line in enumerate(lines):
            salutation = _msgid_of(line)
            if not salutation or not SALUTATION.match(salutation):
                continue
            rest = [ln for ln in lines[index + 1:] if not ln.lstrip().startswith(";;")]
            while rest and not rest[0].strip():
                rest.pop(0)
            block = list(itertools.takewhile(lambda ln: ln.strip(), rest))
            pairs += [(salutation, m) for m in map(_msgid_of, block) if m]
    return pairs


def closings() -> set[str]:
    return {m for s in SOURCES.glob("*.txt") for line in s.read_text(encoding="utf-8").splitlines()
            if (m := _msgid_of(line)) and CLOSING.match(m)}


def wording_problems(lang: str) -> list[str]:
    """Every problem the four checks find in one catalog, each naming the msgid it is in."""
    entry = catalog(lang)
    problems = []
    for msgid, text in sorted(entry.messages.items()):
        problems += [f"{msgid[:40]!r}: Dutch '{t}' not translated" for t in untranslated_terms(text, lang)]
        problems += [f"{msgid[:40]!r}: 12-hour time '{t}'" for t in twelve_hour_times(text)]
        problems += [f"{msgid[:40]!r}: mixed scripts in '{w}'" for w in mixed_script_words(text)]
    # A date that ends in an abbreviation (`26 листопада 2026 р.`) must not be followed by a full stop.
    if filters(lang, entry.gettext)["longdate"](dt.date(2026, 11, 26)).endswith("."):
        problems += [f"{msgid[:40]!r}: full stop after a date that has one" for msgid, text in
                     sorted(entry.messages.items()) if re.search(r"%\(datum\)s\.", text)]
    for salutation, following in letter_openings():
        if salutation in entry.messages and following in entry.messages:
            problems += salutation_slips(entry.gettext(salutation), entry.gettext(following), lang)
    for closing in closings():
        if closing in entry.messages:
            problems += closing_slips(entry.gettext(closing), lang)
    return problems


@pytest.mark.parametrize("lang", [lang for lang in available_languages() if lang != "nl"])
def test_every_translated_sentence_passes_the_wording_checks(lang: str) -> None:
    """No untranslated Dutch school word, 12-hour time, case slip after the salutation or mixed script."""
    assert wording_problems(lang) == []


def test_the_wording_checks_see_the_letter_opening_and_closing() -> None:
    """The salutation check is not vacuous: it finds the letter's salutation, its openings and closing."""
    pairs = letter_openings()
    assert ("Beste ouder(s)/verzorger(s),", OPENING) in pairs
    assert len(pairs) >= 4 and closings() == {"Met vriendelijke groet,", "Hartelijke groet,"}


@pytest.mark.parametrize("lang", [lang for lang in available_languages() if lang != "nl"])
def test_times_are_on_the_24_hour_clock_in_every_language(lang: str) -> None:
    """The `time` filter writes 19:30 in every language (Babel's Arabic short time is 7:30 م)."""
    assert filters(lang, lambda s: s)["time"](dt.time(19, 30)) == "19:30"


def test_dutch_times_are_written_in_school_style() -> None:
    """Dutch writes `19.30 uur` and `8.00 uur` (advisor, December 2026); a sentence that says `uur`
    itself (`begint om %(tijd)s uur`) takes the clock alone, `time(unit=False)`."""
    time = filters("nl", lambda s: s)["time"]
    assert [time(dt.time(19, 30)), time(dt.time(8, 0)), time(dt.time(19, 30), unit=False)] == [
        "19.30 uur", "8.00 uur", "19.30"]


@pytest.mark.parametrize("lang", [lang for lang in available_languages() if lang != "nl"])
def test_lists_of_latin_names_make_no_mixed_script_word(lang: str) -> None:
    """Arabic `و` (and) is not glued to a Latin name: `WhatsApp و Snapchat`, not `وSnapchat`."""
    joined = filters(lang, lambda s: s)["joinlist"](["WhatsApp", "Snapchat", "TikTok"])
    assert mixed_script_words(joined) == []


@pytest.fixture
def planted_locales(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the shipped catalogs in which a test may plant a bad translation."""
    copy = tmp_path / "locales"
    shutil.copytree(locales_dir(), copy)
    monkeypatch.setattr(i18n, "locales_dir", lambda: copy)
    catalog.cache_clear()
    yield copy
    catalog.cache_clear()


def plant(base: Path, lang: str, msgid: str, translation: str) -> None:
    path = base / lang / "LC_MESSAGES" / "commsgen.po"
    with path.open("rb") as handle:
        po = read_po(handle, locale=lang)
    po[msgid].string = translation
    with path.open("wb") as handle:
        write_po(handle, po)
    catalog.cache_clear()


OPENING = ("Wij schrijven u over iets wat er is gebeurd onder leerlingen van %(groepen)s. "
           "Wij vinden het belangrijk dat u dit van ons hoort.")
MEETING = "De bijeenkomst begint om %(tijd)s uur."
CHANNELS = "De beelden zijn gedeeld via %(kanalen)s."


@pytest.mark.parametrize(
    "lang, msgid, bad, problem",
    [
        ("en", OPENING, "We are writing about something among pupils of %(groepen)s.", "Dutch '%(groepen)s'"),
        ("en", "intern begeleider", "intern begeleider", "Dutch 'intern begeleider'"),
        ("tr", "de aula van de school", "okulun aulası", "Dutch 'aula'"),
        ("uk", "directeur", "directeur школи", "Dutch 'directeur'"),
        ("en", MEETING, "The meeting starts at 7:30 pm.", "12-hour time"),
        ("ar", MEETING, "يبدأ اللقاء في الساعة %(tijd)s م.", "12-hour time"),
        ("de", OPENING, "Wir schreiben Ihnen über etwas, das hier passiert ist.", "capital 'Wir'"),
        ("tr", OPENING, "size okulumuzda yaşanan bir olay hakkında yazıyoruz.", "lowercase 'size'"),
        ("uk", "Met vriendelijke groet,", "З повагою", "closing"),
        ("de", "Met vriendelijke groet,", "Mit freundlichen Grüßen,", "closing"),
        ("ar", CHANNELS, "تمت مشاركة الصور عبر و%(kanalen)s.", "mixed scripts"),
        ("pl", "Vragen", "Pytаnia", "mixed scripts"),  # a Cyrillic а inside a Polish word
        ("uk", "Wij nodigen u uit voor een bijeenkomst over dit onderwerp op %(dag)s %(datum)s. U kunt "
         "daar al uw vragen stellen. Over individuele leerlingen praten wij niet.",
         "Запрошуємо Вас на зустріч %(datum)s. Приходьте.", "full stop after a date"),
    ],
)
def test_each_wording_check_fails_when_its_defect_is_put_back(
    planted_locales: Path, lang: str, msgid: str, bad: str, problem: str
) -> None:
    """A planted bad entry in a shipped catalog is found, and named, by the check made for it."""
    assert wording_problems(lang) == []
    plant(planted_locales, lang, msgid, bad)
    assert any(problem in p for p in wording_problems(lang)), wording_problems(lang)


def test_a_dutch_term_inside_brackets_next_to_its_translation_passes() -> None:
    """The Dutch word is allowed where the parent will hear it at school, in brackets."""
    assert untranslated_terms("pupil support coordinator (intern begeleider)", "en") == []
    assert untranslated_terms("uczniów klas 3 i 4 (klas 3 en klas 4)", "pl") == []
    assert untranslated_terms("in year groups 7 and 8 (%(groepen)s; aged about 10–12)", "en") == []


def test_the_checks_catch_what_babel_itself_writes_in_arabic() -> None:
    """Without commsgen's own formats, Babel writes `7:30 م` and `WhatsApp وSnapchat`: both are caught."""
    from babel.dates import format_time
    from babel.lists import format_list

    assert twelve_hour_times(format_time(dt.time(19, 30), "short", locale="ar")) != []
    assert mixed_script_words(format_list(["WhatsApp", "Snapchat"], locale="ar")) != []


@pytest.mark.parametrize("lang", [lang for lang in available_languages() if lang != "nl"])
def test_each_catalog_says_who_checked_it_against_what_and_what_is_unreviewed(lang: str) -> None:
    """The header keeps its review note: by whom, against what, by program, and what no native read."""
    with (locales_dir() / lang / "LC_MESSAGES" / "commsgen.po").open("rb") as handle:
        header = read_po(handle, locale=lang).header_comment
    for part in ("reviewed-by-native-speaker: ", "Written by:", "Checked against:",
                 "Checked by program:", "Not yet read by a native speaker:"):
        assert part in header, part


def render_letter(case: Path, lang: str) -> str:
    import io

    from docx import Document

    from commsgen.casefile import load_case
    from commsgen.generate import Options, plan, produce

    loaded = load_case(case)
    options = Options(("parent-letter",), (lang,), None, None)
    [document] = produce(loaded, plan(loaded, options), options)
    doc = Document(io.BytesIO(document.data))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_letter_says_delete_only_once_the_police_agreed(write_case: Callable[[str], Path]) -> None:
    """Protocol step 5: before police.agreed_deletion the letter asks to report, not to delete."""
    assert "  agreed_deletion: 2026-11-20\n" in CASE_YAML
    before = render_letter(write_case(CASE_YAML.replace("  agreed_deletion: 2026-11-20\n", "")), "nl")
    agreed = render_letter(write_case(CASE_YAML), "nl")
    assert "Verwijder de beelden." not in before
    assert "Wij spreken met de politie af wat u daarna moet doen" in before
    assert "Verwijder de beelden." in agreed and "Wij spreken met de politie af" not in agreed
    assert "zonder het bericht te openen" in agreed


@pytest.mark.parametrize("kind", ["parent-letter", "deletion-call", "class-talk", "follow-up"])
def test_no_letter_asks_to_keep_the_images_until_later(kind: str) -> None:
    """Before the police agree, no sentence puts deleting off ("straks", "nog niet"): that asks a
    reader to keep material that is a crime to have. The letters ask to report today instead."""
    source = (Path(__file__).resolve().parent.parent / "templates" / "src" / f"{kind}.txt").read_text("utf-8")
    text = "\n".join(line for line in source.splitlines() if not line.startswith(";;"))
    assert not re.search(r"straks[^.]*verwijder|nog niet verwijder|later[^.]*verwijder", text, re.IGNORECASE)


def test_a_secondary_school_letter_speaks_of_classes_and_explains_them(
    write_case: Callable[[str], Path]
) -> None:
    """`school.type: secondary` gives klas and mentorles in Dutch, years and ages in a translation."""
    secondary = (CASE_YAML.replace('  board: "Stichting Voorbeeld"\n',
                                   '  type: secondary\n  board: "Stichting Voorbeeld"\n')
                 .replace('affected_groups: ["groep 8"]', 'affected_groups: ["klas 3", "klas 4"]')
                 .replace("languages: [nl]", "languages: [nl, en]"))
    dutch, english = (render_letter(write_case(secondary), lang) for lang in ("nl", "en"))
    assert "in de klas en in de mentorles" in dutch and "alle leerlingen" in dutch
    assert "in de groep" not in dutch and "alle kinderen" not in dutch
    assert ("years 3 and 4 of our secondary school (klas 3 and klas 4; young people aged about 14–16)"
            in english)


def test_a_translated_letter_names_the_year_groups_and_ages_of_a_primary_school(case_file: Path) -> None:
    """`groep 8` means nothing to a reader of English: year group 8, children aged about 11–12."""
    text = render_letter(case_file, "en")
    assert "year group 8 of our primary school (groep 8; children aged about 11–12)" in text
    assert "Location: the school hall (aula)." in text
    assert "pupil support coordinator (intern begeleider)" in text
