"""Babel extractors, for `pybabel extract` only: nothing in commsgen imports this module at run time.

Registered under the `babel.extractors` entry point (pyproject.toml): `docx` finds the `_("...")`
texts of a Word template (babel.cfg), `clickhelp` every help text of the command line
(babel-ui.cfg). They sit above every other module (`clickhelp` imports `cli`, the top of the
house), so that the modules a run needs never import the command line or Babel's extraction.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Mapping, Sequence
from typing import IO, Any


def extract_docx(
    fileobj: IO[bytes], keywords: Sequence[str], comment_tags: Sequence[str], options: Mapping[str, Any]
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Yield (paragraph number, function, message, comments) for each translatable text of a .docx."""
    from jinja2.ext import extract_from_ast

    from .templates import read_template

    template = read_template(fileobj.read(), str(getattr(fileobj, "name", "template")))
    offset = 0
    for source in template.sources:
        # One line per paragraph, as docxtpl renders it, so locations point at a paragraph.
        for lineno, function, message in extract_from_ast(source.tree, tuple(keywords)):
            text = message[0] if isinstance(message, tuple) else message
            if isinstance(text, str):
                yield offset + lineno, function, text, []
        offset += source.text.count("\n") + 1


def extract_cli_help(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[Any, ...]]:
    """Babel extractor for cli.py: its `t()`/`N_()` calls, and every Click help text.

    Click takes a command's help from its docstring, which gettext keywords cannot mark; this
    walks the command tree itself, so that a command added later is in the catalog as well.
    """
    from babel.messages.extract import extract_python

    yield from extract_python(fileobj, keywords, comment_tags, options)
    for line, text in cli_texts():
        yield line, "", text, []


def cli_texts() -> list[tuple[int, str]]:
    """Every help text of the command line (commands, options, Click's own), with its line."""
    import click

    from .cli import cli

    found: list[tuple[int, str]] = []

    def walk(command: click.Command) -> None:
        line = 0
        if command.callback is not None:
            line = inspect.getsourcelines(command.callback)[1]
        if command.help:
            found.append((line, inspect.cleandoc(command.help)))
        if command.short_help:
            found.append((line, command.short_help))
        for param in command.params:
            if isinstance(param, click.Option) and param.help:
                found.append((line, param.help))
        with click.Context(command) as ctx:
            for option in (command.get_help_option(ctx),):
                if option is not None and option.help:
                    found.append((line, option.help))
        if isinstance(command, click.Group):
            for sub in command.commands.values():
                walk(sub)

    walk(cli)
    return found
