"""Wording guard: no wide-audience document asks readers to look at, check or pass on the images.

The guard reads every sentence of the parents' and staff documents, in Dutch and in every
language whose catalog covers them, for an imperative to look at, check, search, forward,
screenshot, save or keep. Such a verb is allowed only in a negated sentence ("Kijk niet naar
de beelden"). Imperative forms are listed per language; a planted sentence proves each list works.
"""

from __future__ import annotations

import re

import pytest

from commsgen.i18n import available_languages, catalog
from commsgen.kinds import KINDS
from commsgen.labels import LABELS
from commsgen.templates import load_template

# Imperatives (formal and informal) that would ask a reader to handle the images.
FORBIDDEN = {
    "nl": r"\b(kijk|bekijk|controleer|check|zoek|doorzoek|stuur|bewaar|sla|maak (een )?screenshot)\b",
    "en": r"\b(look|view|check|search|forward|send|save|keep|store|(take|make) (a )?screenshot)\b",
    # Formal German imperatives are the verb followed by `Sie` ("Prüfen Sie ..."); infinitives
    # ("Es ist strafbar, Bilder zu speichern") are statements, not instructions.
    "de": r"\b(schauen|sehen|prüfen|kontrollieren|suchen|durchsuchen|leiten|schicken|senden|speichern|"
          r"bewahren|machen) sie\b",
    "pl": r"\b(obejrzyj|obejrzyjcie|oglądaj|sprawdź|sprawdźcie|szukaj|przeszukaj|prześlij|prześlijcie|"
          r"wyślij|wyślijcie|zapisz|zachowaj|zróbcie zrzut|zrób zrzut)",
    "tr": r"(\bbakın\b|\bkontrol edin\b|\barayın\b|\biletin\b|\bgönderin\b|ekran görüntüsü alın\b|"
          r"\bsaklayın\b|\bkaydedin\b)",
    "ar": r"(انظروا|انظر|شاهدوا|تحققوا|ابحثوا|أرسلوا|أعيدوا إرسال|احتفظوا|احفظوا)",
    "uk": r"(переглядайте|перегляньте|подивіться|перевірте|шукайте|пересилайте|перешліть|надішліть|"
          r"збережіть|зберігайте|зробіть скріншот)",
}
NEGATION = {
    "nl": r"\b(niet|geen|nooit|niets)\b",
    "en": r"\b(not|never|no|don't|nothing)\b",
    "de": r"\b(nicht|kein|keine|keinen|nie|niemals)\b",
    "pl": r"\b(nie|nigdy|żadnych)\b",
    "tr": r"(\bhiçbir\b|\basla\b|\bdeğil\b)",
    "ar": r"(\bلا\b|\bلن\b|\bأبدًا\b|\bأبدا\b)",
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
WIDE = [kind for kind in KINDS.values() if kind.audience in ("parents", "staff")]


def violations(text: str, lang: str) -> list[str]:
    """Sentences of `text` that ask to handle the images without a negation."""
    found = []
    for sentence in re.split(r"(?<=[.!?؟:;])\s+|\n", text):
        lower = sentence.casefold()
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
@pytest.mark.parametrize("kind", [k.name for k in WIDE])
def test_no_wide_audience_document_asks_to_handle_the_images(kind: str, lang: str) -> None:
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
