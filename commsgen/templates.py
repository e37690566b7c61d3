"""Find a document kind's template, read it exactly as docxtpl renders it, and lint it for its audience.

Each piece of a template that renders through Jinja (the body, every header and footer, the
footnotes, the document properties) is read once: its XML parsed the way python-docx parses it
(entities and character references resolved), then docxtpl's own tag clean-up (which joins a tag
split over Word runs), then Jinja's parser. The lint walks that syntax tree (`lint`) and the
renderer compiles the very same tree, so what the lint passed is what renders, whichever editor
saved the file. A field the audience may not see is refused before anything renders (exit 3);
a field that does not exist, a broken tag or a damaged XML part is a template error (exit 1).
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree

from .audiences import Audience
from .docxzip import read_parts
from .errors import PrivacyError, TemplateError
from .lint import Findings, Walker
from .messages import N_, t
from .resources import templates_dir
from .sensitivity import field_table, spec_for

# Lexer options of every Jinja environment that parses or renders a template part.
SYNTAX: dict[str, Any] = {"keep_trailing_newline": True}
# python-docx's own parser settings: docxtpl sees a part as python-docx has parsed it.
XML_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DOCUMENT = "/officeDocument"
_CORE = "/metadata/core-properties"
# Parts related to the main part that docxtpl renders besides the body.
_RENDERED = ("/header", "/footer", "/footnotes")
# The document properties docxtpl renders (python-docx's names), by element.
PROPERTIES = {
    "author": "{http://purl.org/dc/elements/1.1/}creator",
    "comments": "{http://purl.org/dc/elements/1.1/}description",
    "identifier": "{http://purl.org/dc/elements/1.1/}identifier",
    "language": "{http://purl.org/dc/elements/1.1/}language",
    "subject": "{http://purl.org/dc/elements/1.1/}subject",
    "title": "{http://purl.org/dc/elements/1.1/}title",
}
_TRACKED = re.compile(rb"<w:(ins|del|moveFrom|moveTo) ")
_JINJA = re.compile(r"\{[{%#]")


# A reader's name for each kind of package part, by the start of the part's file name.
PART_LABELS = (
    ("document", N_("body")), ("header", N_("header")), ("footer", N_("footer")),
    ("footnotes", N_("footnotes")), ("endnotes", N_("endnotes")), ("comments", N_("comments")),
    ("core", N_("document properties")), ("app", N_("application properties")),
    ("custom", N_("custom properties")),
)


def part_label(part: str) -> str:
    """A reader's name for a package part (`word/header1.xml` → `header (word/header1.xml)`)."""
    name = part.rsplit("/", 1)[-1]
    for prefix, label in PART_LABELS:
        if name.startswith(prefix):
            return t("{label} ({part})", label=t(label), part=part)
    return part


def template_name(name: str) -> str:
    """`template parent-letter.docx`: how a message names a template file."""
    return t("template {name}", name=name)


# Jinja's own descriptions of the tokens it expected: the characters the user types instead.
_TOKENS = {"end of print statement": "}}", "end of statement block": "%}", "end of comment": "#}",
           "begin of print statement": "{{", "begin of statement block": "{%"}
# Jinja's syntax messages, sentence by sentence, and the ui catalog's message for each (its
# placeholders filled from the pattern's groups; `{closing}` is the tag end the user left out).
_JINJA_SENTENCES = (
    (re.compile(r"Encountered unknown tag '(?P<tag>[^']*)'\."), N_("unknown tag '{tag}'")),
    (re.compile(r"Unexpected end of template\."), N_("the template ends while a block is still open")),
    (re.compile(r"Jinja was looking for the following tags: (?P<tags>.+?)\.(?= |$)"),
     N_("expected here: {tags}")),
    (re.compile(r"You probably made a nesting mistake\. Jinja is expecting this tag, but currently "
                r"looking for (?P<tags>.+?)\.(?= |$)"),
     N_("the blocks are probably nested the wrong way; first expected: {tags}")),
    (re.compile(r"The innermost block that needs to be closed is '(?P<tag>[^']*)'\."),
     N_("the innermost block still to be closed is '{tag}'")),
    (re.compile(r"unexpected end of template, expected '(?P<expected>[^']*)'\."),
     N_("the template ends where '{expected}' is expected")),
    (re.compile(r"expected token '(?P<expected>[^']*)', got '(?P<found>[^']*)'"),
     N_("'{expected}' expected, but '{found}' found")),
    (re.compile(r"unexpected '(?P<found>[^']*)', expected '(?P<expected>[^']*)'"),
     N_("'{expected}' expected, but '{found}' found")),
    (re.compile(r"unexpected char '(?P<found>.)' at \d+"), N_("unexpected character '{found}'")),
    (re.compile(r"unexpected '(?P<found>[^']*)'"), N_("unexpected '{found}'")),
    (re.compile(r"tag name expected"), N_("a tag name is expected here (such as if, for or endif)")),
    (re.compile(r"Expected an expression, got '(?P<found>[^']*)'"),
     N_("a name or value expected, but '{found}' found")),
    (re.compile(r"Missing end of comment tag(?P<closing>)"),
     N_("a comment is not closed: '{closing}' is missing")),
    (re.compile(r"'(?P<name>[^']*)' is undefined"), N_("'{name}' is not a name the template knows")),
    (re.compile(r".* has no attribute '(?P<name>[^']*)'"), N_("'{name}' is not a field here")),
)


def jinja_problem(message: str | None) -> str:
    """Jinja's message about a template (tags and names, never case data) in the interface language.

    The sentences Jinja writes most are translated; any other stays as Jinja wrote it.
    """
    text = (message or "").strip()
    found = []
    while text:
        for pattern, msgid in _JINJA_SENTENCES:
            match = pattern.match(text)
            if match:
                values = {k: _TOKENS.get(v, v) for k, v in match.groupdict().items()}
                if "closing" in values:
                    values["closing"] = "#}"
                if "tags" in values:  # 'elif' or 'else' or 'endif'
                    values["tags"] = values["tags"].replace("' or '", "' " + t("or") + " '")
                found.append(t(msgid, **values))
                text = text[match.end():].lstrip()
                break
        else:
            found.append(text)
            break
    return "; ".join(found)


@cache
def docxtpl() -> Any:
    """docxtpl's XML helpers (tag clean-up, post-processing, table grids).

    They use nothing of their instance, which never opens a file. Imported on first use: the
    commands that only scan or check need no docxtpl.
    """
    from docxtpl import DocxTemplate

    return DocxTemplate(None)


def docxtpl_source(xml: str) -> str:
    """The Jinja text docxtpl makes of a part's XML: its tag clean-up, one line per paragraph."""
    patched = str(docxtpl().patch_xml(xml))
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)  # as DocxTemplate.render_xml_part does


@dataclass(frozen=True, eq=False)
class Source:
    """One piece of a template that renders through Jinja, parsed once."""

    part: str  # the package part it comes from
    role: str  # "body", "part" (header, footer, footnotes) or a document property ("title")
    text: str  # the Jinja source, as docxtpl renders it
    parsed: nodes.Template | None = field(default=None, repr=False)  # None: read from the cache

    @cached_property
    def tree(self) -> nodes.Template:
        """The Jinja syntax tree the lint walked; parsed again from the text when read from the cache."""
        if self.parsed is not None:
            return self.parsed
        return ImmutableSandboxedEnvironment(**SYNTAX).parse(self.text)

    @property
    def static(self) -> bool:
        """Holds no Jinja: renders the same for every document."""
        return not _JINJA.search(self.text)


@dataclass
class Template:
    """One template file, read, parsed and linted once per run."""

    kind: str
    path: Path
    data: bytes
    sha256: str
    parts: dict[str, bytes] = field(default_factory=dict)  # the package as read
    sources: list[Source] = field(default_factory=list)
    shell: Any = None  # the main part's root element without its body: the rendered body goes here
    body_index: int = 0
    main: str = ""  # the main part's name
    found: Findings = field(default_factory=Findings)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def uses(self) -> dict[str, str]:
        """Case path -> the first part using it."""
        return self.found.uses

    @property
    def msgids(self) -> set[str]:
        return self.found.msgids

    @property
    def problems(self) -> list[tuple[str, str, str]]:
        """(part, construct, why) of each construct refused."""
        return self.found.problems


def find_template(kind: str, override: Path | None) -> Path:
    """The school's own `DIR/<kind>.docx` when present, else the built-in one."""
    if override is not None:
        if not override.is_dir():
            raise TemplateError(t("--templates {folder}: not a folder", folder=override))
        candidate = override / f"{kind}.docx"
        if candidate.is_file():
            return candidate
    return templates_dir() / f"{kind}.docx"


def parse_part(raw: bytes, what: str, part: str) -> Any:
    """One XML part as python-docx parses it; a damaged part is a TemplateError naming it."""
    try:
        root = etree.fromstring(raw, XML_PARSER)
    except etree.XMLSyntaxError as e:
        line, column = e.position
        raise TemplateError(t(
            "{template}: {part}: damaged, the XML is not well-formed (line {line}, column {column}); "
            "open the file in Word or LibreOffice and save it again",
            template=what, part=part_label(part), line=line, column=column,
        )) from e
    if root.getroottree().docinfo.doctype:
        raise TemplateError(t("{template}: {part}: declares a DOCTYPE, which Word never writes",
                              template=what, part=part_label(part)))
    return root


def relations(parts: dict[str, bytes], roots: dict[str, Any], source: str) -> list[tuple[str, str]]:
    """(relationship type, part name) of every internal relationship of `source` ("" = package)."""
    folder, name = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    root = roots.get(rels)
    if root is None:
        return []
    found = []
    for rel in root.iter(RELS):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        path = posixpath.normpath(path)
        if path in parts:
            found.append((rel.get("Type", ""), path))
    return found


def _sources(template: Template, roots: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(part, role, Jinja text) of every piece docxtpl renders, in the order it renders them."""
    package = relations(template.parts, roots, "")
    main = next((p for kind, p in package if kind.endswith(_DOCUMENT)), "word/document.xml")
    root = roots.get(main)
    body = None if root is None else root.find(f"{{{W}}}body")
    if root is None or body is None:
        raise TemplateError(t("{template}: {part}: the document has no body",
                              template=template_name(template.name), part=part_label(main)))
    found = [(main, "body", docxtpl_source(etree.tostring(body, encoding="unicode")))]
    _set_shell(template, main, root, body)
    rendered = dict.fromkeys(p for kind, p in relations(template.parts, roots, main)
                             if kind.endswith(_RENDERED) and p in roots)
    for part in rendered:
        found.append((part, "part", docxtpl_source(etree.tostring(roots[part], encoding="unicode"))))
    core = next((p for kind, p in package if kind.endswith(_CORE)), None)
    if core is not None:
        for role, tag in PROPERTIES.items():
            text = roots[core].findtext(tag)
            if text:
                found.append((core, role, text))  # docxtpl renders a property's text as it is
    return found


def load_template(kind: str, override: Path | None = None) -> Template:
    """Read, parse and lint the template for `kind` (the school's own where given)."""
    path = find_template(kind, override)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise TemplateError(t("{template}: cannot be read ({reason})", template=template_name(str(path)),
                              reason=e.strerror)) from e
    return read_template(data, path, kind)


def read_template(data: bytes, path: Path | str, kind: str = "") -> Template:
    """Parse and lint a template's bytes; `path` names it in messages.

    The outcome for the same bytes (and the same commsgen) is kept in the disk cache (`cache`):
    the Jinja texts of its parts and what the lint found, for a template the lint passed.
    """
    from . import cache

    template = Template(kind, Path(path), data, hashlib.sha256(data).hexdigest())
    what = template_name(template.name)
    template.parts = read_parts(data, what, TemplateError)
    key = cache.cache_key("template", data)
    if _from_cache(template, cache.load_json("template", key)):
        return template
    _read(template, what)
    if not template.problems:
        cache.store_json("template", key, {
            "main": template.main, "sources": [[s.part, s.role, s.text] for s in template.sources],
            "uses": template.uses, "msgids": sorted(template.msgids),
        })
    return template


def _from_cache(template: Template, kept: Any) -> bool:
    """Fill `template` from a cache entry; False (and nothing filled) when the entry does not fit."""
    try:
        main, sources, uses, msgids = kept["main"], kept["sources"], kept["uses"], kept["msgids"]
        if not (isinstance(uses, dict) and isinstance(msgids, list) and isinstance(sources, list)
                and main in template.parts and all(len(s) == 3 for s in sources)):
            return False
        loaded = [Source(str(part), str(role), str(text)) for part, role, text in sources]
        root = etree.fromstring(template.parts[main], XML_PARSER)
    except (TypeError, KeyError, ValueError, etree.XMLSyntaxError):
        return False
    body = root.find(f"{{{W}}}body")
    if body is None:
        return False
    _set_shell(template, main, root, body)
    template.sources = loaded
    template.found.uses.update({str(k): str(v) for k, v in uses.items()})
    template.found.msgids.update(str(m) for m in msgids)
    return True


def _set_shell(template: Template, main: str, root: Any, body: Any) -> None:
    """The main part without its body, where the renderer puts each rendered body."""
    template.main = main
    template.body_index = list(root).index(body)
    root.remove(body)
    template.shell = root


def _read(template: Template, what: str) -> None:
    """Parse every part, turn the rendered ones into Jinja and lint them."""
    roots = {part: parse_part(raw, what, part) for part, raw in sorted(template.parts.items())
             if part.endswith((".xml", ".rels"))}
    for part, raw in sorted(template.parts.items()):
        if part.startswith("word/") and _TRACKED.search(raw):
            # Deleted or inserted text under revision can hold anything, unseen in Word's view.
            template.problems.append((part, t("tracked changes"), t("accept or reject them in Word first")))
    env = ImmutableSandboxedEnvironment(**SYNTAX)  # parses only; the renderer compiles the trees
    for part, role, text in _sources(template, roots):
        try:
            tree = env.parse(text)
        except TemplateSyntaxError as e:
            raise TemplateError(t("{template}: {part}: a tag is not written correctly: {problem}",
                                  template=what, part=part_label(part),
                                  problem=jinja_problem(e.message))) from e
        Walker(template.found, part).walk(tree)
        template.sources.append(Source(part, role, text, tree))


def check_template(template: Template, audience: Audience) -> None:
    """Refuse a template that uses fields its audience may not see, or constructs that dump data."""
    if template.problems:
        part, construct, why = template.problems[0]
        raise PrivacyError(t("{template}: {part}: {construct} is not allowed ({why})",
                             template=template_name(template.name), part=part_label(part),
                             construct=construct, why=why))
    # A private field is refused before an unknown one: a name followed through `set` or a loop may
    # stand for several paths, some of which exist nowhere.
    for path, part in sorted(template.uses.items()):
        spec = spec_for(path)
        if spec is not None and not audience.may_read(spec):
            raise PrivacyError(t(
                "{template}: {part}: uses '{field}', which the {audience} audience may not see",
                template=template_name(template.name), part=part_label(part),
                field=spec.path.replace("[]", ""), audience=audience.group,
            ))
    unknown = sorted(p for p in template.uses if spec_for(p) is None)
    if unknown:
        path = unknown[0]
        raise TemplateError(t(
            "{template}: {part}: '{field}' is not a field of the case file",
            template=template_name(template.name), part=part_label(template.uses[path]),
            field=path.replace("[]", ""),
        ))


def all_field_paths() -> list[str]:
    """Every case path, for messages and tests."""
    return sorted(field_table())


def lint_all(override: Path | None = None) -> list[tuple[str, Template]]:
    """Lint the template of every kind (the school's own where given); raise on the first problem."""
    from .kinds import KINDS

    checked = []
    for kind in KINDS.values():
        template = load_template(kind.name, override)
        # Any pupil id stands for all: a pupil document may use exactly the `people[]` fields.
        check_template(template, Audience(kind.audience, "any" if kind.per_person else None))
        checked.append((kind.name, template))
    return checked
