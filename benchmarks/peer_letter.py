"""The peer version of commsgen's parent letter: the same text, with simple `{tag}` placeholders.

Other template engines (docxtemplater, Carbone) and the zip floor fill this letter, so that every
row of the benchmark renders the same two pages with the same data. It is made, never edited by
hand: commsgen renders its Dutch parent letter for the case; each value the template put in (found
by evaluating the template's own expressions, FIELDS, with commsgen's filters on the letter's
projected context) is replaced by a tag. Filling the tags back gives commsgen's letter again, so
the peers' output can be compared with it paragraph by paragraph.

    python benchmarks/peer_letter.py DIR   # writes the templates and data.json of the example case
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

# tag: the expression of templates/src/parent-letter.txt (and its letterhead) the tag stands for.
FIELDS = {
    "groepen": "incident.affected_groups|joinlist",
    "datum_ontdekt": "incident.discovered|longdate",
    "kanalen": "incident.channels|labels|joinlist",
    "samenvatting": "incident.summary",
    "datum_politie": "police.contacted|longdate",
    "contact_naam": "school.parent_contact.name|nobreak",
    "contact_rol": "school.parent_contact.role|label",
    "contact_telefoon": "school.parent_contact.phone",
    "contact_email": "school.parent_contact.email|nobreak",
    "dag_avond": "communication.parent_meeting.date|weekday",
    "datum_avond": "communication.parent_meeting.date|longdate",
    "tijd_avond": "communication.parent_meeting.time|time(unit=False)",
    "plaats_avond": "communication.parent_meeting.location|label",
    "ondertekenaar": "school.signatory.name|nobreak",
    "ondertekenaar_rol": "school.signatory.role|label",
    "school": "school.name",
    "adres": "school.address",
    "plaats": "school.city",
    "bestuur": "school.board",
    "datum_brief": "today|longdate",
}
TAGGED_PARTS = ("word/document.xml", "word/header1.xml", "word/footer1.xml")
STYLES = {"docxtemplater": "{{{}}}", "carbone": "{{d.{}}}", "docxtpl": "{{{{ {} }}}}", "floor": "{{{}}}"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class PeerLetter:
    """The letter's parts with `{tag}` in place of each value, and the values."""

    parts: dict[str, bytes]
    data: dict[str, str]

    def template(self, style: str) -> bytes:
        """The .docx template for one engine: `{tag}` (docxtemplater), `{d.tag}` (Carbone), `{{ tag }}`
        (docxtpl)."""
        pattern = STYLES[style]
        parts = dict(self.parts)
        for name in TAGGED_PARTS:
            if name in parts:
                xml = parts[name].decode()
                for tag in self.data:
                    xml = xml.replace("{" + tag + "}", pattern.format(tag))
                parts[name] = xml.encode()
        return zip_parts(parts)


def build(letter: bytes, context: dict[str, Any], env: Any) -> PeerLetter:
    """Tag commsgen's rendered letter; `context` and `env` are the ones it was rendered with."""
    data = {tag: str(env.compile_expression(expression)(**context)) for tag, expression in FIELDS.items()}
    with zipfile.ZipFile(io.BytesIO(letter)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    texts = {name: parts[name].decode() for name in TAGGED_PARTS if name in parts}
    for tag, value in sorted(data.items(), key=lambda item: -len(item[1])):  # longest first
        if "{" in value or "}" in value:
            raise SystemExit(f"bench: the value of the peer letter's tag {tag} has a brace")
        found = False
        for name, xml in texts.items():
            if escape(value) in xml:
                texts[name] = xml.replace(escape(value), "{" + tag + "}")
                found = True
        if not found:
            raise SystemExit(f"bench: the peer letter's tag {tag} ({FIELDS[tag]}) is not in commsgen's "
                             "letter (the template changed: update FIELDS in benchmarks/peer_letter.py)")
    parts.update({name: xml.encode() for name, xml in texts.items()})
    return PeerLetter(parts, data)


def fill(letter: PeerLetter, values: dict[str, str]) -> bytes:
    """The floor: plain string replacement in the tagged parts, then one zip; nothing else."""
    parts = dict(letter.parts)
    for name in TAGGED_PARTS:
        if name in parts:
            xml = parts[name].decode()
            for tag, value in values.items():
                xml = xml.replace("{" + tag + "}", escape(value))
            parts[name] = xml.encode()
    return zip_parts(parts)


def zip_parts(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def paragraphs(document: bytes) -> list[str]:
    """The text of each paragraph of the body, header and footer: what a reader sees."""
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        names = [name for name in TAGGED_PARTS if name in archive.namelist()]
        roots = [etree.fromstring(archive.read(name)) for name in names]
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for root in roots for p in root.iter(f"{W}p")]


def main(argv: list[str]) -> int:
    """Write the peer templates and data of the example case into a folder, to look at."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench import EXAMPLE, commsgen_letter

    if len(argv) != 1:
        print("usage: python benchmarks/peer_letter.py DIR", file=sys.stderr)
        return 2
    folder = Path(argv[0])
    folder.mkdir(parents=True, exist_ok=True)
    letter = build(*commsgen_letter(EXAMPLE))
    for style in ("docxtemplater", "carbone"):
        (folder / f"letter-{style}.docx").write_bytes(letter.template(style))
    (folder / "data.json").write_text(json.dumps(letter.data, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {folder}/letter-docxtemplater.docx, letter-carbone.docx and data.json")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
