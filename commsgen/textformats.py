"""Plain text, HTML, e-mail drafts and CSV, made of a rendered document and guarded like it.

A kind's `formats` (`kinds`) say which files one rendered document becomes: the portal message
is a `.txt` to paste into any portal editor and a simple `.html`; the invitation is also an
e-mail draft (`.eml`) to that pupil's guardians; the logbook's table is also a `.csv`. Each file is
made in memory from the rendered Word body, its text handed to the same scanner as the Word parts
(`generate.produce`), and written with the rest, all or nothing. `read_text` gives the text a
reader of such a file sees, for `commsgen scan`.
"""

from __future__ import annotations

import csv
import html
import io
import re
import textwrap
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from lxml import etree

from .i18n import text_direction
from .messages import t

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from .audiences import Audience
    from .casefile import LoadedCase
    from .guard_scan import Finding
    from .jobs import Job, Options
    from .model import CaseFile

TEXT_SUFFIXES = (".txt", ".html", ".eml", ".csv")
LINE = 100  # the longest line of a plain text message
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# What the renderer puts into names and addresses so Word breaks them well, and old bidi embeddings:
# a plain text has no use for them, and a portal editor shows some as stray characters. The
# isolates around a phone number or a Latin name in an Arabic sentence (U+2066-2069) stay: without
# them a right-to-left line shows `043 765 4321` as `4321 765 043`. HTML writes them as <bdi>.
_PLAIN = {0x00A0: " ", 0x2009: " ", 0x202F: " ", 0x2011: "-", 0x00AD: None, 0x200B: None, 0x200C: None,
          0x200D: None, 0x2060: None, 0xFEFF: None, 0x200E: None, 0x200F: None, 0x061C: None,
          **{c: None for c in range(0x202A, 0x202F)}}
ZERO_WIDTH = frozenset(chr(c) for c, v in _PLAIN.items() if v is None)
_ISOLATES = {"\u2066": '<bdi dir="ltr">', "\u2067": '<bdi dir="rtl">', "\u2068": "<bdi>", "\u2069": "</bdi>"}


@dataclass(frozen=True)
class Extra:
    """One file made of a rendered document: its name, its bytes and the text the guard reads."""

    name: str
    data: bytes
    text: str


def plain(text: str) -> str:
    """Text without the renderer's invisible line-break helpers and direction marks."""
    return re.sub(r"[ \t]+", " ", text.translate(_PLAIN)).strip()


@dataclass(frozen=True)
class Block:
    """A paragraph (`style` as Word names it) or a table (`rows`) of the rendered body."""

    style: str
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


_MARKS = {f"{W}tab": " ", f"{W}br": "\n", f"{W}noBreakHyphen": "-"}


def _paragraph_text(p: Any) -> str:
    out = []
    for node in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}noBreakHyphen"):
        out.append((node.text or "") if node.tag == f"{W}t" else _MARKS[node.tag])
    return plain("".join(out))


def blocks(parts: Mapping[str, bytes]) -> list[Block]:
    """The rendered body as paragraphs and tables, in order, with empty paragraphs left out."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(parts["word/document.xml"], parser)
    body = root.find(f"{W}body")
    found: list[Block] = []
    for child in body if body is not None else []:
        if child.tag == f"{W}p":
            text = _paragraph_text(child)
            if text:
                style = child.find(f"{W}pPr/{W}pStyle")
                found.append(Block(style.get(f"{W}val", "") if style is not None else "", text))
        elif child.tag == f"{W}tbl":
            rows = tuple(tuple(" ".join(_paragraph_text(p) for p in tc.iter(f"{W}p")).strip()
                               for tc in tr.iter(f"{W}tc")) for tr in child.iter(f"{W}tr"))
            found.append(Block("table", rows=rows))
    return found


def messages(found: list[Block]) -> list[list[Block]]:
    """The messages of a document: each starts at a title; the place and date line is left out."""
    out: list[list[Block]] = []
    titled = any(b.style == "Title" for b in found)
    for block in found:
        # The place and date line stands before the title.
        if titled and not out and block.style != "Title":
            continue
        if block.style == "Title" or not out:
            out.append([])
        out[-1].append(block)
    return out


def _wrap(text: str, bullet: bool) -> list[str]:
    width = LINE - (2 if bullet else 0)
    lines: list[str] = []
    for para in text.split("\n"):
        lines += textwrap.wrap(para, width, break_long_words=False, break_on_hyphens=False) or [""]
    return ["- " + lines[0]] + ["  " + line for line in lines[1:]] if bullet else lines


def _items(block: Block) -> list[str]:
    """A paragraph's text, or a table's rows as `label: value` lines."""
    return [": ".join(c for c in row if c) for row in block.rows] if block.style == "table" else [block.text]


def to_text(message: list[Block]) -> str:
    """A message as plain text: paragraphs apart, lists with dashes, lines of at most `LINE` characters."""
    lines: list[str] = []
    previous_list = False
    for block in message:
        is_list = block.style.startswith("List")
        if lines and not (is_list and previous_list):
            lines.append("")
        for item in _items(block):
            lines += _wrap(item, is_list)
        previous_list = is_list
    return "\n".join(lines).strip() + "\n"


_STYLE = {
    "body": "font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;"
            "margin:0;padding:12px;",
    "h1": "font-size:20px;margin:0 0 12px 0;color:#1f4e79;",
    "h2": "font-size:17px;margin:16px 0 8px 0;color:#1f4e79;",
    "p": "margin:0 0 12px 0;",
    "ul": "margin:0 0 12px 0;padding-inline-start:22px;",
    "li": "margin:0 0 4px 0;",
}


def _isolated(text: str) -> str:
    """Escaped text with each bidi isolate written as <bdi>, which every browser and portal keeps."""
    for char, tag in _ISOLATES.items():
        text = text.replace(char, tag)
    return text


def to_html(message: list[Block], lang: str) -> str:
    """A message as one simple HTML page: inline styles, no script, nothing loaded from elsewhere."""
    direction = text_direction(lang)
    title = next((b.text for b in message if b.style == "Title"), "")
    out = [f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}" dir="{direction}">',
           f'<head><meta charset="utf-8"><title>{html.escape(title)}</title></head>',
           f'<body style="{_STYLE["body"]}">']
    in_list = False
    for block in message:
        if block.style.startswith("List") != in_list:
            in_list = not in_list
            out.append(f'<ul style="{_STYLE["ul"]}">' if in_list else "</ul>")
        if block.style == "table":
            out += [f'<p style="{_STYLE["p"]}">{_isolated(html.escape(item))}</p>' for item in _items(block)]
            continue
        text = _isolated(html.escape(block.text).replace("\n", "<br>"))
        tag = {"Title": "h1", "Heading1": "h2", "Heading 1": "h2"}.get(block.style, "li" if in_list else "p")
        out.append(f'<{tag} style="{_STYLE[tag]}">{text}</{tag}>')
    if in_list:
        out.append("</ul>")
    out.append("</body>\n</html>\n")
    return "\n".join(out)


def _csv(found: list[Block]) -> str:
    """The document's largest table as CSV for Dutch Excel: `;` between cells, CRLF, no formulas."""
    tables = [b for b in found if b.style == "table"]
    if not tables:
        return ""
    table = max(tables, key=lambda b: len(b.rows))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in table.rows:
        # A cell Excel would read as a formula (=, +, -, @ first) is kept as text.
        writer.writerow(["'" + c if c[:1] in ("=", "+", "-", "@") else c for c in row])
    return out.getvalue()


def _eml(job: Job, found: list[Block], context: dict[str, Any]) -> EmailMessage | None:
    """The invitation as an unsent e-mail to that pupil's guardians (None when none has an address)."""
    pupil = context.get("pupil") or {}
    to = [g for g in pupil.get("guardians", []) if g.get("email")]
    if not to:
        return None
    message = messages(found)
    title = next((b.text for b in message[0] if b.style == "Title"), "") if message else ""
    body = to_text([b for m in message for b in m if b.style != "Title"])
    mail = EmailMessage(policy=policy.SMTP)
    mail["To"] = [Address(display_name=g["name"], addr_spec=g["email"]) for g in to]
    sender = (context.get("case") or {}).get("coordinator") or {}
    if sender.get("email"):
        mail["From"] = Address(display_name=sender.get("name", ""), addr_spec=sender["email"])
    mail["Subject"] = title
    mail["X-Unsent"] = "1"  # Outlook and Thunderbird open it as a draft, to check and send
    mail.set_content(body, charset="utf-8", cte="quoted-printable")
    mail["Content-Language"] = job.lang  # after set_content, which replaces the Content-* headers
    return mail


def email_text(mail: EmailMessage) -> str:
    """What a reader of an e-mail sees: every header, and every text part decoded."""
    lines = [f"{key}: {value}" for key, value in mail.items()]
    for part in mail.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        payload = payload if isinstance(payload, bytes) else b""
        charset = part.get_content_charset() or "utf-8"
        try:
            decoded = payload.decode(charset, errors="replace")
        except LookupError:
            decoded = payload.decode("utf-8", errors="replace")
        if part.get_content_type() == "text/html":
            decoded = html_text(decoded)
        lines += [f"{k}: {v}" for k, v in part.items()] if part is not mail else []
        lines.append(decoded)
    return "\n".join(lines)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.chunks.append(" ")
        self.chunks += [f" {value} " for _, value in attrs if value]  # a title or href is text too


def html_text(source: str) -> str:
    """The text of an HTML page, with its attributes (a link's address, a title)."""
    parser = _Text()
    parser.feed(source)
    parser.close()
    return "".join(parser.chunks)


def derived(job: Job, name: str, parts: Mapping[str, bytes], context: dict[str, Any]) -> list[Extra]:
    """The text files a rendered document becomes, besides (or instead of) its .docx."""
    formats = [f for f in job.kind.formats if f != "docx"]
    if not formats:
        return []
    found = blocks(parts)
    stem = name.removesuffix(".docx")
    extras: list[Extra] = []
    for fmt in formats:
        if fmt in ("txt", "html"):
            for number, message in enumerate(messages(found)):
                # A second message (the follow-up's) is a file of its own: `<kind>-update`.
                kind = job.kind.name
                base = stem if number == 0 else stem.replace(f"_{kind}_", f"_{kind}-update_", 1)
                if fmt == "txt":
                    text = to_text(message)
                    extras.append(Extra(f"{base}.txt", text.encode("utf-8"), text))
                else:
                    page = to_html(message, job.lang)
                    extras.append(Extra(f"{base}.html", page.encode("utf-8"), html_text(page)))
        elif fmt == "csv":
            table = _csv(found)
            extras.append(Extra(f"{stem}.csv", "\ufeff".encode() + table.encode("utf-8"), table))
        elif fmt == "eml":
            mail = _eml(job, found, context)
            if mail is not None:
                data = mail.as_bytes()
                extras.append(Extra(f"{stem}.eml", data, email_text(_parse_email(data))))
    return extras


def _parse_email(data: bytes) -> EmailMessage:
    parsed = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(parsed, EmailMessage)
    return parsed


def missing_drafts(loaded: LoadedCase, kinds: tuple[str, ...], person: str | None = None) -> list[str]:
    """Ids of pupils whose invitation is made without its e-mail draft: no guardian has an address."""
    from .kinds import KINDS

    if not any("eml" in KINDS[k].formats for k in kinds if k in KINDS):
        return []
    return [p.id for p in loaded.case.people
            if p.invitation is not None and (person is None or p.id == person)
            and not any(g.email for g in p.guardians)]


def document_extras(job: Job, context: dict[str, Any], loaded: LoadedCase,
                    options: Options) -> dict[str, Any]:
    """What a kind's template gets besides the case: the logbook's timeline (for the dossier only)."""
    if job.kind.name != "logbook" or job.kind.audience != "dossier":
        return {}
    from .jobs import case_languages
    from .timeline import timeline

    return {"timeline": timeline(loaded.case, case_languages(loaded), context["today"], options.override)}


def scan_text_file(path: Path, case: CaseFile, audience: Audience) -> list[Finding]:
    """Findings in a .txt, .html, .eml or .csv file, read as its reader reads it (`commsgen scan`)."""
    from .errors import DocumentError
    from .guard_scan import Scanner, builtin_wording

    try:
        data = path.read_bytes()
    except OSError as e:
        raise DocumentError(t("{file}: cannot be read ({reason})", file=path, reason=e.strerror)) from e
    scanner = Scanner(case, audience)
    wording = builtin_wording()
    return [f for place, text in read_text(data, path.suffix.lower()).items()
            for f in scanner.scan_text(text, place, wording)]


def read_text(data: bytes, suffix: str) -> dict[str, str]:
    """The text of a .txt, .html, .eml or .csv file by place, as its reader sees it (for `scan`)."""
    if suffix == ".eml":
        mail = _parse_email(data)
        return {"message": email_text(mail)}
    text = data.decode("utf-8-sig", errors="replace")
    if suffix == ".html":
        return {"page": html_text(text)}
    return {"text": text}
