"""Load a case file: safe YAML (events only, all scalars text), validation, problems with lines.

Every message names the file, line and field path, never a value from the file: a pupil's name
must not end up in a terminal log. For the same reason the library exceptions (whose text quotes
the input) are not chained onto the CaseFileError. Messages are in the interface language
(`messages.t`); positions in a list count as people count them, from 1, with the pupil's id
(`people[2] (s2)`). Words people type for a stored value (`ja`, `slachtoffer`, `Nederlands`) are
read as that value before validation (`synonyms`).
"""

from __future__ import annotations

import calendar
import difflib
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
from commsgen.messages import N_, t, tn
from commsgen.model import PHONE_PLAN, CaseFile
from commsgen.synonyms import accept_words, choices, dutch_choices, field_kind, field_names, section_fields
from commsgen.yamlhelp import Failure, explain

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
        raise CaseFileError(t("{file}: the case file has no content", file=source))
    from .profile import merge  # `profile: school.yaml`: the school profile's fields, under the case's own

    merged = merge(data, lines, path)
    data = accept_words(merged.data)
    try:
        case = CaseFile.model_validate(data)
    except ValidationError as e:
        problems = validation_problems(e.errors(), data, lines)
    else:
        problems = list(_cross_checks(case, data, lines, merged.profile))
    if problems:
        _fail(source, sorted(problems))
    return LoadedCase(case, source, MappingProxyType(lines), hashlib.sha256(raw).hexdigest())


def _read(path: Path, source: str) -> bytes:
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_BYTES + 1)  # never read more than the limit, however big the file
    except FileNotFoundError:
        raise CaseFileError(_not_found(path, source)) from None
    except OSError as e:
        problem = t("{file}: cannot read the file ({reason})", file=source, reason=e.strerror)
        raise CaseFileError(problem) from None
    if len(raw) > MAX_BYTES:
        raise CaseFileError(t("{file}: file is larger than 1 MiB; this is not a case file", file=source))
    if not raw.strip(_BOM + b" \t\r\n"):
        raise CaseFileError(t("{file}: file is empty", file=source))
    return raw


def _not_found(path: Path, source: str) -> str:
    """`file not found`, naming the `casus.yaml.txt` Windows makes of a file saved from Notepad."""
    for twin in (path.with_name(path.name + ".txt"), path.with_suffix(".yml"), path.with_suffix(".yaml")):
        if twin != path and twin.is_file():
            return t("{file}: file not found, but {twin} is there: rename it to {name} (Windows hides the "
                     "last part of a file name)", file=source, twin=twin.name, name=path.name)
    return t("{file}: file not found", file=source)


def _decode(raw: bytes, source: str) -> str:
    body = raw.removeprefix(_BOM)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as e:
        line = body[: e.start].count(b"\n") + 1
        raise CaseFileError(t("{file}:{line}: not UTF-8 text (save the file as UTF-8: in Notepad choose "
                              "Save as, Encoding: UTF-8)", file=source, line=line)) from None


@dataclass
class _Frame:
    """An open mapping or sequence while the events are turned into data."""

    loc: Loc
    value: dict[str, Any] | list[Any]
    key: str | None = None  # in a mapping: the key whose value comes next


def parse_yaml(text: str, source: str) -> tuple[Any, dict[Loc, int]]:
    """Turn YAML text into plain dicts, lists, strings and None, plus a line per path."""
    text = _spaces_for_tabs(_version_directive(text, source))
    try:
        # The safe parser: the round-trip one keeps comments and fails on some it cannot place
        # (a comment between a key and its value on the next lines: NotImplementedError).
        return _build(YAML(typ="safe", pure=True).parse(text), source, text.splitlines())
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        context_line = e.context_mark.line + 1 if e.context_mark else None
        failure = Failure(line, column, e.problem or "", e.context or "", context_line)
        line, problem = explain(text, failure)
        raise CaseFileError(t("{file}:{line}: YAML syntax error: {problem}", file=source, line=line,
                              problem=problem)) from None
    except ReaderError as e:
        line = text[: e.position].count("\n") + 1
        raise CaseFileError(t("{file}:{line}: a control character YAML does not allow (an invisible "
                              "character; retype the line)", file=source, line=line)) from None
    except RecursionError:
        raise CaseFileError(t("{file}: nesting is too deep", file=source)) from None
    except (YAMLError, ValueError, TypeError, LookupError, AttributeError, AssertionError,
            NotImplementedError) as e:
        # The parser's own message may quote the file's text; name only the kind of failure.
        raise CaseFileError(t("{file}: cannot parse the YAML ({kind})", file=source,
                              kind=type(e).__name__)) from None


def _spaces_for_tabs(text: str) -> str:
    """Tabs after a line's first character as spaces, so that the parser takes what YAML allows.

    A tab after a value (`"2026-014"<tab>`) or before a comment is white space to YAML, and the
    parser refuses it; inside a value the model reads a tab as a space anyway. Indenting tabs stay
    (they are refused, with their own message). Positions in messages stay the same.
    """
    if "\t" not in text:
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        body = line.lstrip(" \t")
        lines[i] = line[: len(line) - len(body)] + body.replace("\t", " ")
    return "\n".join(lines)


_DIRECTIVE = re.compile(r"^%YAML[ \t]+(\d+)\.(\d+)[ \t]*(#.*)?$", re.MULTILINE)


def _version_directive(text: str, source: str) -> str:
    """A `%YAML 1.3` line is read as 1.2 (as the YAML spec asks of a parser); 2.x is refused."""
    def version(m: re.Match[str]) -> str:
        if m[1] != "1":
            line = text[: m.start()].count("\n") + 1
            _fail(source, [(line, t("this tool reads YAML 1.2: remove the %YAML line"))])
        return "%YAML 1.2" if int(m[2]) > 2 else m[0]

    return _DIRECTIVE.sub(version, text)


def _build(events: Iterable[yev.Event], source: str,
           text_lines: list[str] | None = None) -> tuple[Any, dict[Loc, int]]:
    """Build data from parse events in a loop (no recursion), refusing all but plain YAML.

    With the file's `text_lines`, a comment right after unquoted text on its line is refused:
    `location: Aula #2` would silently lose `#2`.
    """
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
                _fail(source, [(line, t("more than one YAML document (remove the '---')"))])
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
                _fail(source, [(line, _where(top.loc, t("a key must be plain text")))])
            if event.style is None and event.value in _NULLS:
                _fail(source, [(line, _where(top.loc, t("a key is empty")))])
            top.key = str(event.value)
            loc = (*top.loc, top.key)
            if loc in lines:
                problem = t("this field is given twice (first on line {first}); remove one of them",
                            first=lines[loc])
                duplicates.append((line, _where(loc, problem, root)))
            else:
                lines[loc] = line  # a mapping value is reported at its key's line
            continue
        else:
            loc = (*top.loc, top.key)
        if isinstance(event, yev.AliasEvent) or event.anchor is not None:
            _fail(source, [(line, _where(loc, t('anchors and aliases (& and *) are not allowed; text '
                                                'that starts with & or * goes between quotes: "…"')))])
        if getattr(event, "ctag", None) is not None:
            _fail(source, [(line, _where(loc, t('tags (! and !!) are not allowed; text that starts '
                                                'with ! goes between quotes: "…"')))])
        lines.setdefault(loc, line)
        value: Any = None
        if isinstance(event, yev.ScalarEvent):
            if event.style is not None or event.value not in _NULLS:
                value = str(event.value)
            if value is not None and event.style is None and _comment_follows(text_lines, event):
                problem = t("the text after ' #' on this line would be lost as a comment: put the whole "
                            'text between quotes, for example `{key}: "…"`', key=_key_shown(loc))
                duplicates.append((event.end_mark.line + 1, _where(loc, problem, root)))
        elif isinstance(event, yev.CollectionStartEvent):
            if len(stack) >= MAX_DEPTH:
                _fail(source, [(line, _where(loc, t("nested deeper than {depth} levels", depth=MAX_DEPTH)))])
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
        _fail(source, [(1, t("the case file has no content"))])
    if duplicates:
        _fail(source, duplicates)
    return root, lines


def _comment_follows(text_lines: list[str] | None, event: yev.ScalarEvent) -> bool:
    """Whether text that reads as part of the value follows unquoted text as a comment (`Aula #2`).

    A comment written as people write one (`opened: 2026-11-19  # staff`, as in the contract's own
    example) is a comment; `#` glued to a letter or digit (`#2`, `#metoo`) is text that would be lost.
    """
    end = event.end_mark
    if text_lines is None or end is None or not 0 <= end.line < len(text_lines):
        return False
    return re.match(r"[ \t]+#\w", text_lines[end.line][end.column:]) is not None


def _key_shown(loc: Loc) -> str:
    """The field name for an example in a message (`location`), or a neutral word."""
    key = next((part for part in reversed(loc) if isinstance(part, str)), "")
    return key if key in field_names() else t("field")


def _language_code(key: str) -> bool:
    from babel import Locale, UnknownLocaleError

    if not re.fullmatch(r"[a-z]{2,3}(?:[_-][A-Z]{2})?", key):
        return False
    try:
        Locale.parse(key.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return False
    return True


def _show_key(key: str) -> str:
    """A key as a message may show it: field names and language codes; anything else is case data."""
    return key if key in field_names() or _language_code(key) else "<" + t("key") + ">"


def dotted(loc: Loc) -> str:
    """`people[1].guardians[0].phone` for ('people', 1, 'guardians', 0, 'phone'): positions from 0."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f"{'.' if out else ''}{_show_key(part)}"
    return out


# `s2` is shown; an id without a digit could be a name and is not.
_SHOWN_ID = re.compile(r"(?=.*[0-9])[a-z0-9][a-z0-9_-]{0,15}")


def place(loc: Loc, data: Any = None) -> str:
    """`people[2] (s2).guardians[1].phone`: positions as people count them, with the pupil's id."""
    out, node = "", data
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            shown = isinstance(ident, str) and _SHOWN_ID.fullmatch(ident)
            out += f"[{part + 1}]" + (f" ({ident})" if shown else "")
            node = item
        else:
            out += f"{'.' if out else ''}{_show_key(part)}"
            node = node.get(part) if isinstance(node, dict) else None
    return out


def _where(loc: Loc, problem: str, data: Any = None) -> str:
    return f"{place(loc, data)}: {problem}" if loc else problem


def _fail(source: str, problems: list[tuple[int, str]]) -> NoReturn:
    lines = [f"{source}:{line}: {problem}" for line, problem in problems]
    message = lines[0] if len(lines) == 1 else tn(
        "{file}: {count} problem in the case file", "{file}: {count} problems in the case file",
        len(lines), file=source)
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


def _kinds() -> dict[str, str]:
    return {"string_type": t("text"), "dict_type": t("a block of fields"), "list_type": t("a list")}


def validation_problems(
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
    words = _words(data)
    for (path, union_at, error), is_shallow in zip(found, shallow, strict=True):
        if error["type"] == "extra_forbidden" and path:
            problems.append((_line(lines, path), _unknown_field(path, data, words)))
        elif not is_shallow:
            problems.append((_line(lines, path), _where(path, problem_message(error, path, data), data)))
        elif union_at is not None and union_at not in deep:
            kinds.setdefault(union_at, []).append(_kinds().get(error["type"], t("another kind")))
    for path, names in kinds.items():
        problem = t("must be {kinds}", kinds=t(" or ").join(names))
        problems.append((_line(lines, path), _where(path, problem, data)))
    return problems


def _words(data: Any) -> set[str]:
    """Every word of every value in the file: a key that is one of them is never shown."""
    found: set[str] = set()
    todo = [data]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
        elif isinstance(node, str):
            found.update(re.findall(r"\w+", node.casefold()))
    return found


def _unknown_field(path: Loc, data: Any, words: set[str]) -> str:
    """`school.adress: unknown field (did you mean address?)`; a key that is not field-like is hidden."""
    key, parent = str(path[-1]), path[:-1]
    siblings = sorted(section_fields(parent))
    close = difflib.get_close_matches(key.casefold(), siblings, n=1, cutoff=0.8)
    shown = key if (key in field_names() or close) and key.casefold() not in words else "<" + t("key") + ">"
    where = f"{place(parent, data)}.{shown}" if parent else shown
    if close:
        return f"{where}: " + t("unknown field (did you mean {suggestion}?)", suggestion=close[0])
    return f"{where}: " + t("unknown field (check the spelling; the fields here are: {fields})",
                            fields=", ".join(siblings))


_LIST_EXAMPLES = {"affected_groups": "groep 8", "channels": "whatsapp", "languages": "nl",
                  "other_school_names": "Basisschool De Eik", "guardians": "name: …", "people": "id: s1",
                  "actions": "step: 3"}
_FIXED = {
    "missing": N_("required field is missing"),
    "blank": N_("must be filled in"),
    "string_type": N_('must be text; put the text between quotes, for example `{key}: "…"`'),
    "string_too_short": N_("must not be empty"),
    "int_parsing": N_("must be a whole number, for example 3"),
    "int_type": N_("must be a whole number, for example 3"),
    "string_too_long": N_("too long (at most {max_length} characters)"),
    "too_short": N_("needs at least {min_length} item(s)"),
    "too_long": N_("too many items (at most {max_length})"),
    "greater_than_equal": N_("must be at least {ge}"),
    "less_than_equal": N_("must be at most {le}"),
    "dict_type": N_("must be a block of fields: nothing after the colon, and the fields on the lines "
                    "below it, indented further"),
    "model_type": N_("must be a block of fields: nothing after the colon, and the fields on the lines "
                     "below it, indented further (`name: …`, `role: …`)"),
}
_BY_KIND = {
    "phone": N_("not a phone number (digits, spaces and dashes, for example 046 123 4567)"),
    "email": N_("not an e-mail address (for example naam@school.example.org)"),
    "url": N_("not a web address (for example https://www.school.example.org)"),
    "language": N_("not a known language code: use for example nl (Dutch), en (English), ar (Arabic), "
                   "tr (Turkish), pl (Polish), uk (Ukrainian)"),
}
_PATTERNS = {
    "id": N_("not a valid id (up to 16 lowercase letters, digits, - or _, for example s1)"),
    "reference": N_("not a valid reference (up to 32 letters, digits, '.', '-' or '_', "
                    "for example 2026-014)"),
}


def problem_message(error: ErrorDetails, path: Loc, data: Any, field: str | None = None) -> str:
    """A short message for a pydantic error from its type, context and field, never from its input.

    `field` is what the field holds (`email`, `phone`, ...) when `path` does not lead to it from the root.
    """
    kind, ctx, value = error["type"], error.get("ctx", {}), error.get("input", "")
    key = str(path[-1]) if path and isinstance(path[-1], str) else ""
    field = field or field_kind(path)
    if value is None and kind not in ("missing", "extra_forbidden"):
        if kind == "model_type":
            return t("is empty (fill it in or remove the line)")
        return t("must not be empty")
    if kind in ("bool_parsing", "bool_type"):
        return t("must be true (yes) or false (no)")
    if kind == "list_type":
        example = _LIST_EXAMPLES.get(key, "…")
        return t("must be a list; write each item on its own line below `{key}:`, starting with a dash: "
                 "`- {example}`", key=_show_key(key) if key else "…", example=example)
    if kind in _FIXED:
        return t(_FIXED[kind], key=_show_key(key) if key else t("field"), **ctx)  # ctx: the model's limits
    if kind.startswith("date_"):
        return _date_message(value)
    if kind.startswith("time_"):
        return t("not a valid time: write HH:MM, for example 19:30")
    if kind == "literal_error":
        from commsgen.messages import language

        if language() == "nl" and dutch_choices(path):
            return t("must be one of: {choices}", choices=dutch_choices(path))
        return t("must be one of: {choices}", choices=", ".join(choices(path)))
    if kind in ("value_error", "assertion_error"):
        if "[key]" in error["loc"]:
            field = "language"  # the only mapping keys the model checks are language codes
        if field == "phone" and str(ctx.get("error", "")) == PHONE_PLAN:
            return t(PHONE_PLAN)  # the form is right, the number is not (a digit short)
        if field in _BY_KIND:
            return t(_BY_KIND[field])
        return t(str(ctx["error"]))  # model.py's validators write value-free messages
    if kind == "string_pattern_mismatch":
        return t(_PATTERNS.get(key, "has characters not allowed here"))
    return t("not valid here ({kind})", kind=kind)


def _date_message(value: Any) -> str:
    """A date in the right form whose day does not exist is told apart from a date in another form."""
    m = re.fullmatch(r"\s*(\d{4})-(\d{2})-(\d{2})\s*", value) if isinstance(value, str) else None
    if m and 1 <= int(m[2]) <= 12 and int(m[3]) > calendar.monthrange(int(m[1]), int(m[2]))[1]:
        return t("this day does not exist in that month (check the day and the month)")
    if m and not 1 <= int(m[2]) <= 12:
        return t("there is no such month: write YYYY-MM-DD, month from 01 to 12, for example 2026-11-18")
    return t("not a valid date: write YYYY-MM-DD, for example 2026-11-18")


def _spells_a_name(person: Any) -> bool:
    """Whether a pupil's id holds a word (three letters or more) of the pupil's or a guardian's name."""
    letters = "".join(re.findall(r"[a-z]+", person.id))
    names = [person.name, *(g.name for g in person.guardians)]
    words = {w for name in names for w in re.findall(r"[a-z]+", _ascii(name).casefold()) if len(w) >= 3}
    return any(w in letters for w in words - {"van", "der", "den", "ter"})


_PARTICLES = {"van", "der", "den", "ter", "ten", "het", "de"}


def _private_words(case: CaseFile) -> tuple[set[str], set[str]]:
    """The name words (three letters or more) and phone digits of every person in the case.

    A value that reaches file names, the manifest and messages (the reference, a pupil's id) must
    hold none of them.
    """
    from pydantic import BaseModel

    from commsgen.model import PII_KEY

    names: set[str] = set()
    phones: set[str] = set()
    pending: list[Any] = [case]
    while pending:
        obj = pending.pop()
        for name, info in type(obj).model_fields.items():
            value = getattr(obj, name)
            items = value if isinstance(value, list) else [value]
            pending += [item for item in items if isinstance(item, BaseModel)]
            extra = info.json_schema_extra
            kind = extra.get(PII_KEY) if isinstance(extra, dict) else None
            for item in (i for i in items if isinstance(i, str)):
                if kind == "name":
                    names |= {w for w in re.findall(r"[a-z]+", _ascii(item).casefold()) if len(w) >= 3}
                elif kind == "phone":
                    digits = "".join(c for c in item if c.isdigit()).lstrip("0")
                    phones.add(digits[2:] if item.lstrip().startswith("+") else digits)
    return names - _PARTICLES, {p for p in phones if len(p) >= 6}


def _holds_private(value: str, private: tuple[set[str], set[str]]) -> bool:
    """Whether a value spells a name word or a phone number of the case (`2026-Verbeek`)."""
    names, phones = private
    letters = "".join(re.findall(r"[a-z]+", _ascii(value).casefold()))
    digits = "".join(c for c in value if c.isdigit())
    return any(w in letters for w in names) or any(p in digits for p in phones)


def _ascii(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _cross_checks(case: CaseFile, data: Any, lines: Mapping[Loc, int],
                  profile: Path | None = None) -> Iterator[tuple[int, str]]:
    """Rules that span fields: unique ids and languages, a depicted pupil declared as such."""
    private = _private_words(case)
    if _holds_private(case.case.reference, private):
        # The reference goes into every file name, the manifest and the console.
        loc: Loc = ("case", "reference")
        problem = t("the reference must not contain a name or phone number from the case file; "
                    "use a number, for example 2026-014")
        yield _line(lines, loc), _where(loc, problem, None)
    if profile is not None and _holds_private(profile.name, private):
        loc = ("profile",)  # its file name is printed by `check`
        problem = t("the profile's file name must not contain a name or phone number from the case file")
        yield _line(lines, loc), _where(loc, problem, None)
    first_id: dict[str, int] = {}
    for i, person in enumerate(case.people):
        loc = ("people", i, "id")
        if person.id in first_id:
            problem = t("this id is used twice (also by pupil {first}); give each pupil its own id",
                        first=place(("people", first_id[person.id]), data))
            yield _line(lines, loc), _where(loc, problem, data)
        first_id.setdefault(person.id, i)
        if _spells_a_name(person):
            # The id goes into file names and messages; it must not say who the pupil is.
            problem = t("the id must not contain the pupil's or a guardian's name; use for example s1")
            yield _line(lines, loc), _where(loc, problem, None)
        elif _holds_private(person.id, private):
            problem = t("the id must not contain a name or phone number from the case file; "
                        "use for example s1")
            yield _line(lines, loc), _where(loc, problem, None)
        if person.role == "depicted" and not case.incident.pupil_depicted:
            loc = ("people", i, "role")
            problem = t("role 'depicted' needs incident.pupil_depicted: true")
            yield _line(lines, loc), _where(loc, problem, data)
    if case.incident.pupil_depicted and not any(p.role == "depicted" for p in case.people):
        loc = ("incident", "pupil_depicted")
        problem = t("says a pupil of the school is on the images, but no pupil has the role 'depicted': "
                    "add that pupil under people with role: depicted, or write pupil_depicted: false")
        yield _line(lines, loc), _where(loc, problem, data)
    first_language: dict[str, int] = {}
    for i, language in enumerate(case.communication.languages or []):
        loc = ("communication", "languages", i)
        if language in first_language:
            problem = t("language listed twice (also languages[{first}])", first=first_language[language] + 1)
            yield _line(lines, loc), _where(loc, problem, data)
        first_language.setdefault(language, i)
