"""The early check of text a user types (`check`, the interview): no value one of its readers may not see."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from .audiences import PUPIL_LIST, Audience
from .casefile import LoadedCase, Loc, place
from .errors import CaseFileError
from .guard_index import DECLINING, CaseIndex, Value
from .guard_scan import Finding, Scanner, builtin_wording
from .i18n import available_languages
from .messages import t
from .model import CaseFile
from .readers import READERS
from .sensitivity import field_table


def check_free_text(loaded: LoadedCase) -> None:
    """Refuse text a user types that mentions a value one of its readers may not see (`check`, exit 1).

    Free text and web addresses are read for every audience that may read them. A helpline the
    built-in letters print themselves is no finding (read only when something was found).
    """
    index = CaseIndex(loaded.case)
    found: list[tuple[Value, str, Finding]] = []
    typed = [v for v in index.values if v.kind in ("text", "url")] + list(_plain_texts(loaded.case))
    for value in typed:
        for reader in sorted(value.readers):
            scanner = Scanner(index, _reader_of(value, reader, index), _language_of(value))
            findings = [f for f in scanner.scan_text(value.text, value.field) if f.field != value.field]
            found += [(value, reader, f) for f in findings]
            if findings:
                break  # one reader is enough to name the problem
    if found:
        wording = builtin_wording()
        found = [(v, r, f) for v, r, f in found if not _is_wording(index, v, r, f, wording)]
    problems = list(dict.fromkeys(t(
        "{file}:{line}: {field}: mentions {other}, which the {reader} audience may not see "
        "(it reads this field); describe it without names or contact details",
        file=loaded.source, line=loaded.line_of(value.loc), field=value.field,
        other=t(finding.field), reader=reader) for value, reader, finding in found))
    if problems:
        raise CaseFileError(problems[0], problems)


def _plain_texts(case: CaseFile) -> Iterator[Value]:
    """Text typed into fields that hold no personal data by design (a role, a place, a function):
    a name typed there must still be refused before it is printed."""
    table = field_table()
    ids = {PUPIL_LIST: [{"id": p.id} for p in case.people]}
    pending: list[tuple[Any, Loc, str]] = [(case, (), "")]
    while pending:
        obj, loc, declared = pending.pop()
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            here, spec = (*loc, name), table[declared + name]
            if isinstance(value, BaseModel):
                pending.append((value, here, declared + name + "."))
            elif isinstance(value, list):
                pending += [(item, (*here, i), declared + name + "[].")
                            for i, item in enumerate(value) if isinstance(item, BaseModel)]
            elif isinstance(value, str) and spec.pii is None and " " in value.strip():
                pupil = here[1] if here[0] == PUPIL_LIST and len(here) > 1 else None
                yield Value(here, "text", value, spec.readers, pupil if isinstance(pupil, int) else None,
                            place(here, ids))


def _language_of(value: Value) -> str:
    """The language a typed value is written in: the key of a translated field (`summary.pl`), else Dutch."""
    last = value.loc[-1] if value.loc else ""
    translated = isinstance(last, str) and len(value.loc) > 1 and last in available_languages()
    return last if isinstance(last, str) and (last in DECLINING or translated) else "nl"


def _is_wording(index: CaseIndex, value: Value, reader: str, finding: Finding,
                wording: frozenset[str]) -> bool:
    """Whether a finding disappears when the built-in letters' own wording is allowed (0900-8844)."""
    scanner = Scanner(index, _reader_of(value, reader, index), _language_of(value))
    return finding not in scanner.scan_text(value.text, value.field, wording)


def _reader_of(value: Value, reader: str, index: CaseIndex) -> Audience:
    """The audience a free-text value reaches as `reader`: a pupil's own text is read in their document."""
    if not READERS[reader].per_person:
        return Audience(reader)
    if value.pupil is not None:
        return Audience(reader, index.case.people[value.pupil].id)
    return Audience(reader, "\x00")  # a pupil document that belongs to nobody sees no pupil's record


