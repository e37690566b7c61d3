"""A Babel extractor for Word templates, so `pybabel extract` finds the `_("...")` texts in a .docx.

Registered under the `babel.extractors` entry point as `docx`; see babel.cfg and the README.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import IO, Any

from jinja2.ext import extract_from_ast

from .templates import read_template


def extract_docx(
    fileobj: IO[bytes], keywords: Sequence[str], comment_tags: Sequence[str], options: Mapping[str, Any]
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Yield (paragraph number, function, message, comments) for each translatable text."""
    template = read_template(fileobj.read(), str(getattr(fileobj, "name", "template")))
    offset = 0
    for source in template.sources:
        # One line per paragraph, as docxtpl renders it, so locations point at a paragraph.
        for lineno, function, message in extract_from_ast(source.tree, tuple(keywords)):
            text = message[0] if isinstance(message, tuple) else message
            if isinstance(text, str):
                yield offset + lineno, function, text, []
        offset += source.text.count("\n") + 1
