"""Explain a YAML syntax error in a coordinator's words, on the line where the fix is.

The parser reports where it gave up, which is often a line or more after the mistake (an unclosed
quote is noticed at the end of the file, `people: []` above new entries on the first entry). Once
parsing has failed, the lines up to that point are read for the mistakes people make by hand, and
the message says what to type, with a short example. It names lines, columns and field names,
never the text of a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .messages import t
from .synonyms import field_names


@dataclass(frozen=True)
class Failure:
    """Where and how the parser failed: 1-based line and column, the parser's own wording."""

    line: int
    column: int
    problem: str
    context: str = ""
    context_line: int | None = None


_KEY_LINE = re.compile(
    r"^(?P<indent> *)(?P<dash>(?:- +)*)(?P<key>[A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?P<rest>.*)$"
)
_NO_SPACE = re.compile(r"^ *(?:- +)*(?P<key>[A-Za-z_][A-Za-z0-9_]*):(?=[^\s/:])")
_OPENS_QUOTE = re.compile(r"^ *(?:- +)*(?:[A-Za-z_][A-Za-z0-9_-]*: +)?(?P<quote>[\"'])")


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _column(line: str) -> int:
    """Where a line's key starts: `    - name:` counts as the 6 spaces before `name`."""
    m = _KEY_LINE.match(line)
    return len(m["indent"]) + len(m["dash"]) if m else len(line) - len(line.lstrip(" "))


def _shown(key: str) -> str:
    return key if key in field_names() else t("field")


def _unclosed(line: str) -> bool:
    """A value that opens a quote and does not close it on the same line."""
    m = _OPENS_QUOTE.match(line)
    if not m:
        return False
    quote, rest = m["quote"], line[m.end():]
    if quote == '"':
        rest = re.sub(r'\\.', "", rest)
        return '"' not in rest
    return rest.replace("''", "").count("'") == 0


def explain(text: str, failure: Failure) -> tuple[int, str]:
    """The line to fix and what to do there, for a file the parser refused at `failure`."""
    lines = text.splitlines()
    upto = lines[: failure.line]
    for number, line in enumerate(upto, 1):
        leading = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in leading:
            return number, t("this line is indented with a tab; indent with spaces only "
                             "(the fields of one block exactly below each other)")
    if failure.context.startswith("while scanning a quoted scalar") and failure.context_line:
        return failure.context_line, _quote_message(lines[failure.context_line - 1])
    for number, line in enumerate(upto, 1):
        # The next line that is not a comment: a comment line often follows a value (the skeleton).
        following = next((x for x in lines[number:] if not x.lstrip().startswith("#")), "")
        if _unclosed(line) and (_KEY_LINE.match(following) or not following.strip()):
            return number, _quote_message(line)
    for number, line in enumerate(upto, 1):
        if (m := _NO_SPACE.match(line)) and not line.lstrip().startswith("#"):
            return number, t('put a space after the colon: `{key}: "…"`', key=_shown(m["key"]))
    if failure.context.startswith("while parsing a flow mapping") and failure.context_line:
        return failure.context_line, t("the block that starts with {open} on this line is not closed: end it "
                                       "with {close} on the same line, and put text with a # or : in it "
                                       'between quotes, for example `{open}date: 2026-11-26, location: '
                                       '"Aula #2"{close}`', open="{", close="}")
    if failure.context.startswith("while parsing a flow") and failure.context_line:
        return failure.context_line, t("the list that starts with [ on this line is not closed: end it "
                                       "with ] on the same line, for example `[groep 7, groep 8]`")
    return _layout(lines, failure)


def _quote_message(line: str) -> str:
    quote = '"' if '"' in line else "'"
    m = _KEY_LINE.match(line)
    key = _shown(m["key"]) if m else t("field")
    return t('the quote {quote} on this line is not closed: put one at the end as well, for example '
             '`{key}: "…"`', quote=quote, key=key)


def _layout(lines: list[str], failure: Failure) -> tuple[int, str]:
    """Indentation and colons: compare the failing line with the line of content above it."""
    number = failure.line
    line = lines[number - 1] if 0 < number <= len(lines) else ""
    above = next((n for n in range(number - 1, 0, -1) if _content(lines[n - 1])), None)
    if above is not None and _content(line):
        previous = lines[above - 1]
        own, theirs = _column(line), _column(previous)
        m = _KEY_LINE.match(previous)
        if m and m["rest"].split("#")[0].strip() in ("[]", "{}") and own > theirs:
            return above, t("remove the {empty} after `{key}:`: the lines below it now fill it in "
                            "(each entry starts with `- `)", empty=m["rest"].split("#")[0].strip(),
                            key=_shown(m["key"]))
        opens_block = m is not None and not m["rest"].split("#")[0].strip()
        if own != theirs and not (opens_block and own > theirs) and _KEY_LINE.match(line):
            return number, t("the indentation of this line does not match: it starts {own} spaces in, "
                             "line {above} starts {theirs} spaces in. Put the fields of one block "
                             "exactly below each other", own=own, above=above, theirs=theirs)
    if "mapping values are not allowed" in failure.problem and (m := _KEY_LINE.match(line)):
        return number, t('this text contains a colon: put the text between quotes, for example '
                         '`{key}: "…"`', key=_shown(m["key"]))
    if "cannot start any token" in failure.problem:
        return number, t('text that starts with @ or ` goes between quotes, for example `name: "…"`')
    if "could not find expected ':'" in failure.problem:
        return failure.context_line or number, t(
            "this line has no `field:` in front of it; if it continues the text above, put that text "
            'between quotes, for example `summary: "…"`, and indent this line further')
    return number, t("the layout of the file is not right here (column {column}): check the indentation "
                     'and put text with a : or # in it between quotes, for example `name: "…"`',
                     column=failure.column)
