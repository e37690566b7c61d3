"""A Babel extractor for Word templates, so `pybabel extract` finds the `_("...")` texts in a .docx.

Registered under the `babel.extractors` entry point as `docx`; see babel.cfg and the README.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import IO, Any

from jinja2 import Environment
from jinja2.ext import extract_from_ast, i18n

from .docxzip import read_parts
from .errors import TemplateError
from .templates import jinja_source, translatable_parts


def extract_docx(
    fileobj: IO[bytes], keywords: Sequence[str], comment_tags: Sequence[str], options: Mapping[str, Any]
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Yield (paragraph number, function, message, comments) for each translatable text."""
    parts = read_parts(fileobj.read(), str(getattr(fileobj, "name", "template")), TemplateError)
    env = Environment(extensions=[i18n], autoescape=True)  # parsed only, never rendered
    offset = 0
    for _part, xml in translatable_parts(parts):
        # One line per paragraph, as docxtpl renders it, so locations point at a paragraph.
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", jinja_source(xml))
        for lineno, function, message in extract_from_ast(env.parse(source), tuple(keywords)):
            text = message[0] if isinstance(message, tuple) else message
            if isinstance(text, str):
                yield offset + lineno, function, text, []
        offset += source.count("\n") + 1
