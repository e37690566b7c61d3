"""Load a case file: safe YAML (events only, all scalars text), validation, problems with lines.

Every message names the file, line and field path, never a value from the file: a pupil's name
must not end up in a terminal log. For the same reason the library exceptions (whose text quotes
the input) are not chained onto the CaseFileError.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml import events as yev
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from commsgen.errors import CaseFileError
from commsgen.model import CaseFile

Loc = tuple[str | int, ...]

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 20
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class LoadedCase:
    """A validated case file and where each of its fields sits in the file."""

    case: CaseFile
    source: str
    lines: Mapping[Loc, int]
    sha256: str

    def line_of(self, loc: Loc) -> int:
        """The line of a field, or of its nearest parent that is in the file."""
        return _line(self.lines, loc)


def load_case(path: Path) -> LoadedCase:
    """Read, parse and validate a case file; raise CaseFileError listing every problem."""
    source = str(path)
    raw = _read(path, source)
    data, lines = parse_yaml(_decode(raw, source), source)
    if data is None:
        raise CaseFileError(f"{source}: the case file has no content")
    from .profile import merge  # `profile: school.yaml`: the school profile's fields, under the case's own

    data = merge(data, lines, path).data
    try:
        case = CaseFile.model_validate(data)
    except ValidationError as e:
        problems = _validation_problems(e.errors(), data, lines)
    else:
        problems = list(_cross_checks(case, lines))
    if problems:
        _fail(source, sorted(problems))
    return LoadedCase(case, source, MappingProxyType(lines), hashlib.sha256(raw).hexdigest())


def _read(path: Path, source: str) -> bytes:
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_BYTES + 1)  # never read more than the limit, however big the file
    except FileNotFoundError:
        raise CaseFileError(f"{source}: file not found") from None
    except OSError as e:
        raise CaseFileError(f"{source}: cannot read the file ({e.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise CaseFileError(f"{source}: file is larger than 1 MiB; this is not a case file")
    if not raw.strip(_BOM + b" \t\r\n"):
        raise CaseFileError(f"{source}: file is empty")
    return raw


def _decode(raw: bytes, source: str) -> str:
    body = raw.removeprefix(_BOM)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as e:
        line = body[: e.start].count(b"\n") + 1
        raise CaseFileError(f"{source}:{line}: not UTF-8 text (save the file as UTF-8)") from None


@dataclass
class _Frame:
    """An open mapping or sequence while the events are turned into data."""

    loc: Loc
    value: dict[str, Any] | list[Any]
    key: str | None = None  # in a mapping: the key whose value comes next


def parse_yaml(text: str, source: str) -> tuple[Any, dict[Loc, int]]:
    """Turn YAML text into plain dicts, lists, strings and None, plus a line per path."""
    try:
        return _build(YAML().parse(text), source)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = _scrub(e.problem or e.context or "invalid YAML")
        where = f"column {column}"
        if e.context and e.context_mark and e.context_mark.line != mark.line:
            where += f"; {_scrub(e.context)} from line {e.context_mark.line + 1}"
        raise CaseFileError(f"{source}:{line}: YAML syntax error: {what} ({where})") from None
    except ReaderError as e:
        line = text[: e.position].count("\n") + 1
        raise CaseFileError(f"{source}:{line}: a control character YAML does not allow") from None
    except RecursionError:
        raise CaseFileError(f"{source}: nesting is too deep") from None
    except (YAMLError, ValueError, TypeError, LookupError, AttributeError) as e:
        # The parser's own message may quote the file's text; name only the kind of failure.
        raise CaseFileError(f"{source}: cannot parse the YAML ({type(e).__name__})") from None


def _build(events: Iterable[yev.Event], source: str) -> tuple[Any, dict[Loc, int]]:
    """Build data from parse events in a loop (no recursion), refusing all but plain YAML."""
    lines: dict[Loc, int] = {}
    duplicates: list[tuple[int, str]] = []
    stack: list[_Frame] = []
    root: Any = None
    documents = 0
    for event in events:
        line = event.start_mark.line + 1
        if isinstance(event, yev.DocumentStartEvent):
            documents += 1
            if documents > 1:
                _fail(source, [(line, "more than one YAML document (remove the '---')")])
        elif isinstance(event, yev.CollectionEndEvent):
            stack.pop()
        if not isinstance(event, yev.NodeEvent):
            continue
        top = stack[-1] if stack else None
        if top is None:
            loc: Loc = ()
        elif isinstance(top.value, list):
            loc = (*top.loc, len(top.value))
        elif top.key is None:  # this node is a key
            if not isinstance(event, yev.ScalarEvent) or event.anchor or event.ctag is not None:
                _fail(source, [(line, _where(top.loc, "a key must be plain text"))])
            if event.style is None and event.value in _NULLS:
                _fail(source, [(line, _where(top.loc, "a key is empty"))])
            top.key = str(event.value)
            loc = (*top.loc, top.key)
            if loc in lines:
                shown = f" {top.key!r}" if _show_key(top.key) == top.key else ""
                problem = f"duplicate key{shown} (first on line {lines[loc]})"
                duplicates.append((line, _where(loc, problem)))
            else:
                lines[loc] = line  # a mapping value is reported at its key's line
            continue
        else:
            loc = (*top.loc, top.key)
        if isinstance(event, yev.AliasEvent) or event.anchor is not None:
            _fail(source, [(line, _where(loc, "anchors and aliases (& and *) are not allowed"))])
        if getattr(event, "ctag", None) is not None:
            _fail(source, [(line, _where(loc, "tags (! and !!) are not allowed"))])
        lines.setdefault(loc, line)
        value: Any = None
        if isinstance(event, yev.ScalarEvent):
            if event.style is not None or event.value not in _NULLS:
                value = str(event.value)
        elif isinstance(event, yev.CollectionStartEvent):
            if len(stack) >= MAX_DEPTH:
                _fail(source, [(line, _where(loc, f"nested deeper than {MAX_DEPTH} levels"))])
            value = {} if isinstance(event, yev.MappingStartEvent) else []
            stack.append(_Frame(loc, value))
        if top is None:
            root = value
        elif isinstance(top.value, list):
            top.value.append(value)
        else:
            top.value[str(top.key)] = value
            top.key = None
    if documents == 0:
        _fail(source, [(1, "the case file has no content")])
    if duplicates:
        _fail(source, duplicates)
    return root, lines


# Keys are field names or language codes; anything else (a name typed as a key) is not shown.
_SHOWABLE_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}|[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,3}")


def _show_key(key: str) -> str:
    return key if _SHOWABLE_KEY.fullmatch(key) else "<key>"


def dotted(loc: Loc) -> str:
    """`people[1].guardians[0].phone` for ('people', 1, 'guardians', 0, 'phone')."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f"{'.' if out else ''}{_show_key(part)}"
    return out


def _where(loc: Loc, problem: str) -> str:
    return f"{dotted(loc)}: {problem}" if loc else problem


# Keep quoted token names and single characters; anything longer might be text from the file.
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_HARMLESS = re.compile(r"<[a-z ]+>|[^\\]|\\(?:[a-z]|x[0-9a-f]{2}|u[0-9a-f]{4})")


def _scrub(text: str) -> str:
    def keep(m: re.Match[str]) -> str:
        return m[0] if _HARMLESS.fullmatch(m[0][1:-1]) else "'…'"

    return _QUOTED.sub(keep, text.splitlines()[0] if text else text)


def _fail(source: str, problems: list[tuple[int, str]]) -> NoReturn:
    lines = [f"{source}:{line}: {problem}" for line, problem in problems]
    message = lines[0] if len(lines) == 1 else f"{source}: {len(lines)} problems in the case file"
    raise CaseFileError(message, lines=lines)


def _line(lines: Mapping[Loc, int], loc: Loc) -> int:
    """The line of a path, or of its nearest ancestor that is in the file."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return 1


def _data_path(data: Any, loc: Iterable[str | int]) -> tuple[Loc, Loc | None]:
    """Split a pydantic loc into the path present in the data and where a union tag was skipped."""
    path: Loc = ()
    union_at: Loc | None = None
    node = data
    for part in loc:
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_list or (isinstance(node, dict) and part in node):
            node, path = node[part], (*path, part)
        elif union_at is None and part != "[key]":
            union_at = path  # e.g. 'constrained-str': which branch of `str | dict` failed
    return path, union_at


_KINDS = {"string_type": "text", "dict_type": "a mapping", "list_type": "a list"}


def _validation_problems(
    errors: list[ErrorDetails], data: Any, lines: Mapping[Loc, int]
) -> list[tuple[int, str]]:
    """One problem per pydantic error, with its line; the wrong branches of a union dropped."""
    found: list[tuple[Loc, Loc | None, ErrorDetails]] = []
    for error in errors:
        path, union_at = _data_path(data, error["loc"])
        if error["type"] == "missing":
            name = str(error["loc"][-1])
            if path and path[-1] == name:  # present but blank: the model reads "" as not filled in
                error = {**error, "type": "blank"}
            path, union_at = (path if path and path[-1] == name else (*path, name)), None
        found.append((path, union_at, error))
    # A union branch that failed only on the kind of value is noise when another branch got
    # further (`summary: {xx: ...}` is a mapping, so "must be text" does not help).
    shallow = [u is not None and p == u and e["type"].endswith("_type") for p, u, e in found]
    deep = {u for (_, u, _), s in zip(found, shallow, strict=True) if u is not None and not s}
    kinds: dict[Loc, list[str]] = {}
    problems = []
    for (path, union_at, error), is_shallow in zip(found, shallow, strict=True):
        if not is_shallow:
            problems.append((_line(lines, path), _where(path, _message(error, path))))
        elif union_at is not None and union_at not in deep:
            kinds.setdefault(union_at, []).append(_KINDS.get(error["type"], "another kind"))
    for path, names in kinds.items():
        problems.append((_line(lines, path), _where(path, f"must be {' or '.join(names)}")))
    return problems


_FIXED = {
    "missing": "required field is missing",
    "blank": "must be filled in",
    "extra_forbidden": "unknown field (check the spelling)",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "list_type": "must be a list",
    "dict_type": "must be a mapping (key: value lines)",
    "model_type": "must be a section with fields (key: value lines)",
    "string_type": "must be text",
    "string_too_short": "must not be empty",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "string_too_long": "too long (at most {max_length} characters)",
    "too_short": "needs at least {min_length} item(s)",
    "too_long": "too many items (at most {max_length})",
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
}
_PATTERNS = {
    "id": "not a valid id (up to 16 lowercase letters, digits, - or _, for example s1)",
    "reference": "not a valid reference (up to 32 letters, digits, '.', '-' or '_')",
}


def _message(error: ErrorDetails, path: Loc) -> str:
    """A short message for a pydantic error from its type and context, never from its input."""
    kind, ctx = error["type"], error.get("ctx", {})
    if error.get("input", "") is None and kind not in ("missing", "extra_forbidden"):
        empty_section = kind == "model_type"
        return "is empty (fill it in or remove the line)" if empty_section else "must not be empty"
    if kind in _FIXED:
        return _FIXED[kind].format(**ctx)  # ctx holds only the model's limits here
    if kind.startswith("date_"):
        return "not a valid date (use YYYY-MM-DD)"
    if kind.startswith("time_"):
        return "not a valid time (use HH:MM)"
    if kind == "literal_error":
        return "must be one of: " + ", ".join(re.findall(r"'([^']*)'", str(ctx["expected"])))
    if kind in ("value_error", "assertion_error"):
        return str(ctx["error"])  # model.py's validators write value-free messages
    if kind == "string_pattern_mismatch":
        return _PATTERNS.get(str(path[-1] if path else ""), "has characters not allowed here")
    return f"not valid here ({kind})"


def _cross_checks(case: CaseFile, lines: Mapping[Loc, int]) -> Iterator[tuple[int, str]]:
    """Rules that span fields: unique ids and languages, a depicted pupil declared as such."""
    first_id: dict[str, int] = {}
    for i, person in enumerate(case.people):
        loc: Loc = ("people", i, "id")
        if person.id in first_id:
            problem = f"duplicate id (also people[{first_id[person.id]}])"
            yield _line(lines, loc), _where(loc, problem)
        first_id.setdefault(person.id, i)
        if person.role == "depicted" and not case.incident.pupil_depicted:
            loc = ("people", i, "role")
            problem = "role 'depicted' needs incident.pupil_depicted: true"
            yield _line(lines, loc), _where(loc, problem)
    first_language: dict[str, int] = {}
    for i, language in enumerate(case.communication.languages or []):
        loc = ("communication", "languages", i)
        if language in first_language:
            problem = f"language listed twice (also languages[{first_language[language]}])"
            yield _line(lines, loc), _where(loc, problem)
        first_language.setdefault(language, i)
