"""What a screen reader needs from a rendered document: the language of its text.

The template builder writes the structure (heading styles, table header rows, alternative text);
a template is Dutch, its documents are in many languages. `set_language` gives every run the
document's language: the styles' default (`w:rPrDefault`) and each `w:lang` a template or the
right-to-left pass set on a run. A right-to-left language is also the bidi language (`w:bidi`),
which Word and LibreOffice use for Arabic script; LibreOffice writes the default to the PDF's
`/Lang`, so a screen reader picks the right voice. The core properties carry the language too
(`metadata.clean`).
"""

from __future__ import annotations

import re
from functools import lru_cache

_STYLES = "word/styles.xml"
_TEXT_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_LANG = re.compile(rb"<w:lang\b([^>]*?)/>")
_BIDI = re.compile(rb'\sw:bidi="([^"]*)"')
_RPR_DEFAULT = re.compile(rb"<w:rPrDefault>\s*<w:rPr>(.*?)</w:rPr>\s*</w:rPrDefault>", re.DOTALL)
_DOC_DEFAULTS = re.compile(rb"<w:docDefaults>|<w:docDefaults/>")
# Elements that follow w:lang in a run's properties (CT_RPr): a new w:lang goes before them.
_AFTER_LANG = re.compile(rb"<w:(?:eastAsianLayout|specVanish|oMath)\b")


def set_language(parts: dict[str, bytes], lang: str, rtl: bool) -> dict[str, bytes]:
    """The package's parts with its text in `lang` (a BCP 47 tag such as `nl`, `ar`, `uk`)."""
    changed = dict(parts)
    for name, content in parts.items():
        if name == _STYLES:
            changed[name] = _styles(content, lang, rtl)
        elif _TEXT_PARTS.match(name) and b"<w:lang" in content:
            changed[name] = _runs(content, lang, rtl)
    return changed


def language_tag(lang: str, rtl: bool, bidi_default: bytes = b"ar-SA") -> bytes:
    """The `w:lang` element for a document in `lang`: the Latin and East Asian text in `lang`, the
    complex-script text in `lang` too when it is right to left (else the template's own)."""
    code = lang.replace("_", "-").encode("ascii")
    bidi = code if rtl else bidi_default
    return b'<w:lang w:val="' + code + b'" w:eastAsia="' + code + b'" w:bidi="' + bidi + b'"/>'


@lru_cache(maxsize=64)
def _styles(content: bytes, lang: str, rtl: bool) -> bytes:
    """styles.xml with every style's language, and the default's, set to `lang`.

    Cached: a template's styles are the same for every document of a language.
    """
    def default(match: re.Match[bytes]) -> bytes:
        inner = match.group(1)
        if _LANG.search(inner) is None:
            at = _AFTER_LANG.search(inner)
            tag = language_tag(lang, rtl)
            inner = inner[:at.start()] + tag + inner[at.start():] if at else inner + tag
        return b"<w:rPrDefault><w:rPr>" + inner + b"</w:rPr></w:rPrDefault>"

    if _RPR_DEFAULT.search(content) is None:  # a template without defaults gets them
        defaults = b"<w:docDefaults><w:rPrDefault><w:rPr></w:rPr></w:rPrDefault>"
        if _DOC_DEFAULTS.search(content):
            content = _DOC_DEFAULTS.sub(lambda m: defaults + (b"</w:docDefaults>" if m.group(0).endswith(
                b"/>") else b""), content, count=1)
        else:
            content = re.sub(rb"(<w:styles\b[^>]*>)", lambda m: m.group(1) + defaults + b"</w:docDefaults>",
                             content, count=1)
    content = _RPR_DEFAULT.sub(default, content, count=1)
    return _runs(content, lang, rtl)


def _runs(content: bytes, lang: str, rtl: bool) -> bytes:
    """Every `w:lang` in a part set to `lang` (the bidi language kept for a left-to-right one)."""
    def replaced(match: re.Match[bytes]) -> bytes:
        found = _BIDI.search(match.group(1))
        return language_tag(lang, rtl, found.group(1) if found and found.group(1) else b"ar-SA")

    return _LANG.sub(replaced, content)
