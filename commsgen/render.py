"""Render a template into a package in memory, with each part compiled once per run, as docxtpl would.

The Jinja environment is sandboxed, strictly undefined and XML-escaping. The renderer does what
docxtpl's `render` and `save` do for commsgen's templates, without opening, parsing and zipping
the template again for every document: it compiles the syntax trees the lint approved
(`templates.Source`) once for every language, renders the body, headers, footers, footnotes and
the title with them, and applies docxtpl's own post-processing of the rendered XML (line breaks
and tabs in values, `{%p %}`/`{%tr %}` tags, table grids). A part without Jinja is rendered once.
The other document properties are not rendered: `metadata.clean` replaces them.
"""

from __future__ import annotations

import copy
import html
import marshal
import re
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, pass_context
from jinja2 import Template as JinjaTemplate
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree

from .errors import CommsgenError, PrivacyError, TemplateError
from .i18n import catalog, filters, gettext_function, text_direction
from .lint import FORMATTERS
from .messages import t
from .templates import SYNTAX, XML_PARSER, Source, Template, docxtpl, jinja_problem, part_label, template_name

FILTERS = FORMATTERS  # declared with the lint, which relies on their returning text
T = TypeVar("T", bytes, str)
_LISTING = re.compile("[\t\n\a\f]")
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# LibreOffice lays a document it opens out 25 paragraphs to a page first (a table row counts as one;
# SwLayHelper, `mnMaxParaPerPage`), then formats it; a keep-with-next paragraph that ends such a
# first guess is not moved on to the page of the paragraph it keeps with. tests/test_layout.py
# proves the behaviour (its probe of the 25th paragraph) and fails on a heading alone at a page foot.
LIBREOFFICE_GUESS = 25
_RECOVERING = etree.XMLParser(recover=True)  # docxtpl's parser in fix_tables


def environment() -> ImmutableSandboxedEnvironment:
    """A sandboxed, strict and escaping Jinja environment, for any language.

    The language is not baked into compiled templates: filters read `lang` from the render
    context, and `_` is part of that context.
    """
    env = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined, **SYNTAX)
    by_language: dict[str, dict[str, Callable[..., Any]]] = {}

    def dispatch(name: str) -> Callable[..., Any]:
        @pass_context
        def language_filter(context: Context, *args: Any, **kwargs: Any) -> Any:
            lang = str(context["lang"])
            if lang not in by_language:
                by_language[lang] = filters(lang, catalog(lang).gettext)
            return by_language[lang][name](*args, **kwargs)

        return language_filter

    env.filters.update({name: dispatch(name) for name in FILTERS})
    return env


def language_context(lang: str) -> dict[str, Any]:
    """What a document in `lang` adds to its context: `_` for wording, `lang` and `direction`."""
    direction = text_direction(lang)
    return {"_": gettext_function(catalog(lang).gettext, direction == "rtl"), "lang": lang,
            "direction": direction}


@dataclass
class Package:
    """A rendered document in memory: its parts by name, and the title its template rendered."""

    parts: dict[str, bytes]
    title: str  # "" when the template has none


class Renderer:
    """The rendering of one run: one environment, each template part compiled once for all languages."""

    def __init__(self) -> None:
        self.env = environment()
        self._compiled: dict[Source, JinjaTemplate] = {}
        self._static: dict[Source, Any] = {}  # parts without Jinja, rendered once
        self._keeps: dict[str, frozenset[str]] = {}

    def render(self, template: Template, context: dict[str, Any]) -> Package:
        """The document's parts: the template's, with every rendered part replaced."""
        parts = dict(template.parts)
        title = ""
        for source in template.sources:
            if source.role == "title":
                title = self._once(template, source, context, self._text)
            elif source.role == "body":
                parts[source.part] = self._once(template, source, context, self._body)
            elif source.role == "part":
                parts[source.part] = self._once(template, source, context, self._part)
        return Package(parts, title)

    def _once(self, template: Template, source: Source, context: dict[str, Any],
              make: Callable[[Template, Source, dict[str, Any]], T]) -> T:
        if not source.static:
            return make(template, source, context)
        if source not in self._static:
            self._static[source] = make(template, source, context)
        made: T = self._static[source]
        return made

    def _text(self, template: Template, source: Source, context: dict[str, Any]) -> str:
        # The title is rendered under autoescape; the document properties hold plain text.
        return html.unescape(self._jinja(template, source, context))

    def _body(self, template: Template, source: Source, context: dict[str, Any]) -> bytes:
        xml = self._xml(template, source, context)
        try:
            # docxtpl's own: grid columns for `{%tc %}` loops; without a table it does only its parse.
            body = docxtpl().fix_tables(xml) if "tbl" in xml else etree.fromstring(xml, _RECOVERING)
        except (etree.XMLSyntaxError, AttributeError, TypeError, ValueError) as e:
            raise _invalid(template, source) from e
        for number, drawing in enumerate(body.iter(f"{{{WP}}}docPr"), start=1001):
            drawing.set("id", str(number))  # unique picture ids, as docxtpl numbers them
        _clear_of_the_page_guess(body, self._keeping_styles(template))
        root = copy.deepcopy(template.shell)
        root.insert(template.body_index, body)
        return bytes(etree.tostring(root, encoding="UTF-8", standalone=True))

    def _keeping_styles(self, template: Template) -> frozenset[str]:
        """The paragraph styles of a template that keep with the next paragraph (headings, title)."""
        found = self._keeps.get(template.name)
        if found is None:
            found = frozenset()
            if "word/styles.xml" in template.parts:
                styles = etree.fromstring(template.parts["word/styles.xml"], XML_PARSER)
                found = frozenset(str(style.get(f"{W}styleId")) for style in styles.iter(f"{W}style")
                                  if style.find(f"{W}pPr/{W}keepNext") is not None)
            self._keeps[template.name] = found
        return found

    def _part(self, template: Template, source: Source, context: dict[str, Any]) -> bytes:
        xml = self._xml(template, source, context)
        try:
            root = etree.fromstring(xml.encode("utf-8"), XML_PARSER)
        except etree.XMLSyntaxError as e:
            raise _invalid(template, source) from e
        return bytes(etree.tostring(root, encoding="UTF-8", standalone=True))

    def _xml(self, template: Template, source: Source, context: dict[str, Any]) -> str:
        """A part rendered, with docxtpl's post-processing (DocxTemplate.render_xml_part)."""
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", self._jinja(template, source, context))
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if _LISTING.search(xml):  # without these characters the listing pass changes nothing
            xml = str(docxtpl().resolve_listing(xml))  # `\n`, `\t`, `\a`, `\f` in values
        return xml

    def _compile(self, source: Source) -> JinjaTemplate:
        """The part's Jinja code, compiled from the tree the lint walked, or read from the disk cache.

        The cache key is the part's text (which that tree was parsed from) and commsgen's own code,
        which configures this environment: the same text always compiles to the same code.
        """
        from . import cache

        key = cache.cache_key("jinja", source.text)
        kept = cache.load("jinja", key)
        code = None
        if kept is not None:
            try:
                code = marshal.loads(kept)  # noqa: S302 (our own cache, written by this code)
            except (EOFError, ValueError, TypeError):
                code = None
        if not isinstance(code, types.CodeType):
            source.tree.set_environment(self.env)  # fold constants as this environment would
            code = self.env.compile(source.tree)
            cache.store("jinja", key, marshal.dumps(code))
        return self.env.template_class.from_code(self.env, code, self.env.make_globals(None), None)

    def _jinja(self, template: Template, source: Source, context: dict[str, Any]) -> str:
        """One source rendered by Jinja; failures become errors without any case value."""
        try:
            compiled = self._compiled.get(source)
            if compiled is None:
                compiled = self._compiled[source] = self._compile(source)
            return compiled.render(context)
        except (JinjaTemplateError, TypeError, ValueError, LookupError, AttributeError, ArithmeticError,
                AssertionError) as e:
            # The place is named only on failure: a message made for every part of every document
            # cost more than the render of a short part.
            where = t("{template}: {part}", template=template_name(template.name),
                      part=part_label(source.part))
            raise _failure(e, where) from e


def _failure(e: Exception, where: str) -> CommsgenError:
    """The error for a failed render of the part at `where`."""
    if isinstance(e, SecurityError):
        return PrivacyError(t("{where}: refused by the sandbox (the template reaches for something "
                              "no template may use)", where=where))
    if isinstance(e, TemplateSyntaxError):
        return TemplateError(t("{where}: a tag is not written correctly: {problem}", where=where,
                               problem=jinja_problem(e.message)))
    if isinstance(e, UndefinedError):
        # Jinja names the missing attribute, never a value.
        return TemplateError(t("{where}: {problem}", where=where, problem=jinja_problem(e.message)))
    # A filter given the wrong kind of value (a date filter on a name) asserts inside Babel.
    # Python's messages can quote a value ("invalid literal ... 'Sanne'"): name the type only.
    return TemplateError(t("{where}: the template failed ({kind})", where=where, kind=type(e).__name__))


def _clear_of_the_page_guess(body: Any, keeping: frozenset[str]) -> None:
    """Keep a keep-with-next chain from ending one of LibreOffice's first-guess pages (the 25th,
    50th, ... paragraph of the body): empty paragraphs of 1 pt go in before the chain, after the
    paragraph that does not keep with it, until the page's last paragraph is one of them. LibreOffice
    then moves the chain on as a whole; Word does not need it; the spacers print nothing."""
    items = [child for child in body if child.tag in (f"{W}p", f"{W}tbl")]

    def keeps(item: Any) -> bool:
        return bool(item.tag == f"{W}p" and _keeps_with_next(item, keeping))

    count, index = 0, 0
    while index < len(items):
        item = items[index]
        count += len(item.findall(f"{W}tr")) if item.tag == f"{W}tbl" else 1
        if count % LIBREOFFICE_GUESS == 0 and keeps(item):
            first = index  # the chain's first paragraph: the one after a paragraph that keeps with nothing
            while first > 0 and keeps(items[first - 1]):
                first -= 1
            needed = index - first + 1
            if first > 0 and needed < LIBREOFFICE_GUESS:
                for _ in range(needed):
                    items[first].addprevious(_spacer())
                count += needed
        index += 1


def _keeps_with_next(paragraph: Any, keeping: frozenset[str]) -> bool:
    properties = paragraph.find(f"{W}pPr")
    if properties is None:
        return False
    style = properties.find(f"{W}pStyle")
    keep = properties.find(f"{W}keepNext")
    if keep is not None:
        return keep.get(f"{W}val", "true") not in ("0", "false", "off")  # `w:val="0"` switches it off
    return style is not None and style.get(f"{W}val") in keeping


def _spacer() -> Any:
    """An empty paragraph one point high, with no spacing: invisible on the page."""
    paragraph = etree.Element(f"{W}p")
    properties = etree.SubElement(paragraph, f"{W}pPr")
    etree.SubElement(properties, f"{W}spacing", {f"{W}before": "0", f"{W}after": "0", f"{W}line": "20",
                                                  f"{W}lineRule": "exact"})
    marks = etree.SubElement(properties, f"{W}rPr")
    etree.SubElement(marks, f"{W}sz", {f"{W}val": "2"})
    return paragraph


def _invalid(template: Template, source: Source) -> CommsgenError:
    return TemplateError(t(
        "{template}: {part}: the rendered XML is not well-formed (a tag such as {paragraph} or {row} "
        "in the wrong place?)", template=template_name(template.name), part=part_label(source.part),
        paragraph="{%p %}", row="{%tr %}",
    ))
