"""Audiences and projection: the part of a case each audience may read.

An audience is one of the readers in `readers.READERS`; a `student:<id>` audience reads only its
own pupil's record. A field is in an audience's projection when the audience is among the field's
declared readers (`model`). A template's context is built by `project`, so a field an audience may
not see is not there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from .errors import CommsgenError
from .messages import t
from .model import CaseFile
from .readers import READERS
from .sensitivity import FieldSpec, field_table

# The list whose items are one pupil each: a `student:<id>` audience sees only its own item.
PUPIL_LIST = "people"


class AudienceError(CommsgenError):
    """An audience name that does not exist."""


@dataclass(frozen=True)
class Audience:
    """Who reads a document: a reader of the registry, such as `parents`, or `student:<id>`."""

    group: str
    person_id: str | None = None

    @property
    def wide(self) -> bool:
        """Many readers: personal data the case does not hold is a finding in their documents too."""
        return READERS[self.group].wide

    def __str__(self) -> str:
        return f"{self.group}:{self.person_id}" if self.person_id else self.group

    @classmethod
    def parse(cls, text: str) -> Audience:
        """Read an audience name as written on the command line."""
        match = re.fullmatch(r"([a-z]+)|student:([a-z0-9][a-z0-9_-]{0,15})", text.strip())
        group = match and (match.group(1) or "student")
        if not match or group not in READERS or (group == "student") != bool(match.group(2)):
            names = [r.name if not r.per_person else f"{r.name}:<id>" for r in READERS.values()]
            raise AudienceError(t("unknown audience (use {names})", names=", ".join(names)))
        return cls(group, match.group(2))

    def may_read(self, spec: FieldSpec) -> bool:
        """Whether this audience is among the readers of a field."""
        return self.group in spec.readers

    def sees(self, path: str) -> bool:
        """Whether this audience may read the field at `path` (list items as `[]`)."""
        spec = field_table().get(path)
        return spec is not None and self.may_read(spec)


def localise(value: Any, lang: str) -> str | None:
    """Free text for one language: a plain string is Dutch; a mapping holds one per language."""
    if isinstance(value, dict):
        text = value.get(lang)
        return text if isinstance(text, str) else None
    if isinstance(value, str):
        return value if lang == "nl" else None
    return None


def project(case: CaseFile, audience: Audience, lang: str) -> dict[str, Any]:
    """The case as the audience may see it: same shape, fields it may not see left out."""
    context = _project_model(case, "", audience, lang)
    if audience.person_id is not None:
        pupils = context.get(PUPIL_LIST, [])
        if len(pupils) != 1:
            # The id typed is not shown: it may be a pupil's name typed where an id belongs.
            raise AudienceError(t("audience student:<id>: no involved pupil has this id"))
    return context


def _project_model(model: BaseModel, prefix: str, audience: Audience, lang: str) -> dict[str, Any]:
    table = field_table()
    out: dict[str, Any] = {}
    for name in type(model).model_fields:
        path = prefix + name
        spec = table[path]
        if not audience.may_read(spec):
            continue
        value = getattr(model, name)
        if spec.pii == "text" and "parents" in spec.readers:
            out[name] = localise(value, lang)
        elif isinstance(value, BaseModel):
            out[name] = _project_model(value, path + ".", audience, lang)
        elif isinstance(value, list):
            items = value
            if path == PUPIL_LIST and audience.person_id is not None:
                items = [p for p in value if p.id == audience.person_id]
            out[name] = [_project_item(item, path + "[].", audience, lang) for item in items]
        else:
            out[name] = value
    return out


def _project_item(item: Any, prefix: str, audience: Audience, lang: str) -> Any:
    if isinstance(item, BaseModel):
        return _project_model(item, prefix, audience, lang)
    return item


def letter_date(case: CaseFile, today: dt.date | None = None) -> dt.date:
    """The date printed on documents: the planned letter date, else today."""
    return case.communication.letter_date or today or dt.date.today()
