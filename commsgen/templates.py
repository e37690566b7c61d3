"""Find a document kind's template, read its Jinja from every part, and lint it for its audience.

The lint walks the Jinja syntax tree of every text-bearing part (body, headers, footers,
footnotes, comments, document properties) and lists the case fields the template uses. A field
the audience may not see is refused before anything renders (exit 3); a field that does not
exist is an ordinary template error (exit 1).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .audiences import Audience
from .docxzip import read_parts
from .errors import PrivacyError, TemplateError
from .resources import templates_dir
from .sensitivity import SECTIONS, field_table, spec_for

# Parts that hold Jinja: every XML part of the package except styles, themes and fonts.
_SKIP_PARTS = re.compile(
    r"^(word/(styles|theme/|fontTable|numbering|webSettings|stylesWithEffects)|customXml/)"
)
_TRACKED = re.compile(rb"<w:(ins|del|moveFrom|moveTo) ")
# Filters and methods that dump a whole structure or reach attributes by a string name.
FORBIDDEN_FILTERS = frozenset({
    "tojson", "pprint", "attr", "dictsort", "items", "xmlattr", "format",
    "selectattr", "rejectattr", "groupby",
})
# Filters that may name an attribute of the items they sort: the attribute is linted as a field.
SORTING_FILTERS = frozenset({"sort", "min", "max", "unique"})
FORBIDDEN_METHODS = frozenset({"items", "keys", "values", "get", "__getattribute__", "mro"})
# Names a template may use besides the case sections; `pupil` is `people[]` in a pupil's document.
HELPERS = {"_": None, "today": None, "lang": None, "direction": None, "loop": None, "pupil": "people[]"}


def part_label(part: str) -> str:
    """A reader's name for a package part (`word/header1.xml` → `header`)."""
    name = part.rsplit("/", 1)[-1]
    for prefix, label in (("document", "body"), ("header", "header"), ("footer", "footer"),
                          ("footnotes", "footnotes"), ("endnotes", "endnotes"),
                          ("comments", "comments"), ("core", "document properties"),
                          ("app", "application properties"), ("custom", "custom properties")):
        if name.startswith(prefix):
            return f"{label} ({part})"
    return part


def jinja_source(xml: str) -> str:
    """The Jinja text docxtpl renders from a part (its tag clean-up, which does not use self)."""
    from docxtpl import DocxTemplate

    return str(DocxTemplate.patch_xml(None, xml))


def translatable_parts(parts: dict[str, bytes]) -> Iterator[tuple[str, str]]:
    """The parts that may hold Jinja, in a stable order, as text."""
    for part, raw in sorted(parts.items()):
        if part.endswith(".xml") and not _SKIP_PARTS.match(part):
            text = raw.decode("utf-8", errors="replace")
            if "{" in text:
                yield part, text


@dataclass
class Template:
    """One template file, read and parsed once."""

    kind: str
    path: Path
    data: bytes
    sha256: str
    uses: dict[str, str] = field(default_factory=dict)  # case path -> first part using it
    msgids: set[str] = field(default_factory=set)
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (part, construct, why)

    @property
    def name(self) -> str:
        return self.path.name


def find_template(kind: str, override: Path | None) -> Path:
    """The school's own `DIR/<kind>.docx` when present, else the built-in one."""
    if override is not None:
        if not override.is_dir():
            raise TemplateError(f"--templates {override}: not a folder")
        candidate = override / f"{kind}.docx"
        if candidate.is_file():
            return candidate
    return templates_dir() / f"{kind}.docx"


def load_template(kind: str, override: Path | None = None) -> Template:
    """Read and analyse the template for `kind`."""
    path = find_template(kind, override)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise TemplateError(f"template {path}: cannot be read ({e.strerror})") from e
    parts = read_parts(data, f"template {path.name}", TemplateError)
    template = Template(kind, path, data, hashlib.sha256(data).hexdigest())
    env = ImmutableSandboxedEnvironment()
    for part, raw in sorted(parts.items()):
        if part.startswith("word/") and _TRACKED.search(raw):
            # Deleted or inserted text under revision can hold anything, unseen in Word's view.
            template.problems.append((part, "tracked changes", "accept or reject them in Word first"))
    for part, text in translatable_parts(parts):
        try:
            tree = env.parse(jinja_source(text))
        except TemplateSyntaxError as e:
            raise TemplateError(
                f"template {path.name}: {part_label(part)}: Jinja syntax error: {e.message}"
            ) from e
        _Walker(template, part).walk(tree)
    return template


def check_template(template: Template, audience: Audience) -> None:
    """Refuse a template that uses fields its audience may not see, or constructs that dump data."""
    if template.problems:
        part, construct, why = template.problems[0]
        raise PrivacyError(
            f"template {template.name}: {part_label(part)}: {construct} is not allowed ({why})"
        )
    unknown = sorted(p for p in template.uses if spec_for(p) is None)
    if unknown:
        path = unknown[0]
        raise TemplateError(
            f"template {template.name}: {part_label(template.uses[path])}: "
            f"'{path.replace('[]', '')}' is not a field of the case file"
        )
    for path, part in sorted(template.uses.items()):
        spec = spec_for(path)
        assert spec is not None
        if not audience.may_read(spec):
            raise PrivacyError(
                f"template {template.name}: {part_label(part)}: uses "
                f"'{spec.path.replace('[]', '')}', which the {audience.group} audience may not see"
            )


class _Walker:
    """Collects case paths, translatable strings and refused constructs from one Jinja tree."""

    def __init__(self, template: Template, part: str) -> None:
        self.template = template
        self.part = part
        self.aliases: dict[str, str | None] = dict(HELPERS)

    def refuse(self, construct: str, why: str) -> None:
        self.template.problems.append((self.part, construct, why))

    def walk(self, node: nodes.Node) -> None:
        for child in self._children(node):
            self.walk(child)

    def _children(self, node: nodes.Node) -> Iterator[nodes.Node]:
        if isinstance(node, (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            self.refuse("include, import or extends", "templates must be self-contained")
            return
        if isinstance(node, (nodes.For, nodes.Assign)):
            source = node.iter if isinstance(node, nodes.For) else node.node
            base = self.path_of(source)
            if isinstance(node.target, nodes.Name):
                item = base + "[]" if base and isinstance(node, nodes.For) else base
                self.aliases[node.target.name] = item
        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
            path = self.path_of(node)
            if path is not None:
                self.template.uses.setdefault(path, self.part)
            yield from self._subscripts(node)
            return
        if isinstance(node, nodes.Filter):
            self._filter(node)
        if isinstance(node, nodes.Call):
            self._call(node)
        yield from node.iter_child_nodes()

    def _filter(self, node: nodes.Filter) -> None:
        refused = node.name in FORBIDDEN_FILTERS
        if node.name == "map" and node.args:  # map('upper') applies a filter; it must be allowed too
            first = node.args[0]
            refused = not (isinstance(first, nodes.Const) and first.value not in FORBIDDEN_FILTERS)
        for keyword in node.kwargs:
            if keyword.key != "attribute":
                continue
            base = self.path_of(node.node) if node.node is not None else None
            value = keyword.value
            if node.name in SORTING_FILTERS and base and isinstance(value, nodes.Const):
                self.template.uses.setdefault(f"{base}[].{value.value}", self.part)
            else:
                refused = True
        if refused:
            self.refuse(f"filter '{node.name}'", "it can dump data or reach fields by name")

    def _call(self, node: nodes.Call) -> None:
        if isinstance(node.node, nodes.Name) and node.node.name == "_" and node.args:
            first = node.args[0]
            if isinstance(first, nodes.Const) and isinstance(first.value, str):
                self.template.msgids.add(first.value)
            else:
                self.refuse("_() with a computed text", "translatable text must be written out")
        if isinstance(node.node, nodes.Getattr) and node.node.attr in FORBIDDEN_METHODS:
            self.refuse(f"method '{node.node.attr}'", "it can dump data")

    def _subscripts(self, node: nodes.Node) -> Iterator[nodes.Node]:
        """The non-chain children of an attribute chain (subscript expressions)."""
        while isinstance(node, (nodes.Getattr, nodes.Getitem)):
            if isinstance(node, nodes.Getitem):
                yield node.arg
            node = node.node
        if not isinstance(node, nodes.Name):
            yield node

    def path_of(self, node: nodes.Node) -> str | None:
        """The case path an expression reads (`people[].name`), or None if it is not case data."""
        if isinstance(node, nodes.Name):
            if node.name in self.aliases:
                return self.aliases[node.name]
            return node.name if node.name in SECTIONS else None
        if isinstance(node, nodes.Getattr):
            if node.attr.startswith("_"):
                self.refuse(f"attribute '{node.attr}'", "private attributes are never available")
                return None
            base = self.path_of(node.node)
            return f"{base}.{node.attr}" if base else None
        if isinstance(node, nodes.Getitem):
            base = self.path_of(node.node)
            if base is None:
                return None
            key = node.arg
            if isinstance(key, nodes.Const) and isinstance(key.value, int):
                return base + "[]"
            if isinstance(key, nodes.Const) and isinstance(key.value, str):
                if key.value.startswith("_"):
                    self.refuse(f"subscript '{key.value}'", "private attributes are never available")
                    return None
                return f"{base}.{key.value}"
            self.refuse("a computed subscript on case data", "the fields used must be visible")
            return None
        if isinstance(node, nodes.Filter) and node.name in ("first", "last") and node.node is not None:
            base = self.path_of(node.node)
            return base + "[]" if base else None
        return None


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
