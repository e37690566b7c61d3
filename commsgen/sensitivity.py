"""Read the reader declarations of `model` into one table of field paths.

Paths are dotted, with `[]` for list items: `people[].guardians[].phone`. A field's effective
readers are those its own declaration names that every field above it allows too: a nested field
is as private as its section.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from .model import PII_KEY, READERS_KEY, CaseFile, PiiKind
from .readers import EVERYONE, Readers, readers


@dataclass(frozen=True)
class FieldSpec:
    """One field of the case file: where it is, who may read it, what kind of data it holds."""

    path: str
    readers: Readers
    pii: PiiKind | None
    is_list: bool
    model: type[BaseModel] | None  # the nested model, for sections and contacts


def _unwrap(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The nested model type (if any) behind an annotation, and whether it is a list."""
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        for arg in get_args(annotation):
            if arg is not type(None):
                found, is_list = _unwrap(arg)
                if found is not None or is_list:
                    return found, is_list
        return None, False
    if origin is list:
        inner, _ = _unwrap(get_args(annotation)[0])
        return inner, True
    if origin is typing.Annotated:
        return _unwrap(get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    return None, False


@cache
def field_table() -> dict[str, FieldSpec]:
    """Every field of the case file by path, with its effective readers."""
    table: dict[str, FieldSpec] = {}
    pending: list[tuple[str, type[BaseModel], Readers]] = [("", CaseFile, EVERYONE)]
    while pending:
        prefix, model, allowed = pending.pop()
        for name, info in model.model_fields.items():
            extra = info.json_schema_extra
            if not isinstance(extra, dict) or READERS_KEY not in extra:
                raise TypeError(f"{model.__name__}.{name} declares no readers")
            own = readers(*typing.cast(list[str], extra[READERS_KEY]))
            effective = own & allowed
            nested, is_list = _unwrap(info.annotation)
            path = f"{prefix}{name}"
            pii = typing.cast(PiiKind | None, extra.get(PII_KEY))
            table[path] = FieldSpec(path, effective, pii, is_list, nested)
            if nested is not None:
                pending.append((path + ("[]." if is_list else "."), nested, effective))
    return table


SECTIONS = tuple(CaseFile.model_fields)


def readers_of(path: str) -> Readers:
    """The audiences that may read the field at `path` (declared path, `[]` for list items)."""
    spec = field_table().get(path)
    return spec.readers if spec is not None else frozenset()


def spec_for(path: str) -> FieldSpec | None:
    """The field at `path`, or the closest enclosing leaf (`incident.discovered.year`)."""
    table = field_table()
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        found = table.get(candidate)
        if found is None and candidate.endswith("[]"):
            found = table.get(candidate[:-2])  # an item of a list field
        if found is not None:
            if end == len(parts) or found.model is None:
                return found
            return None  # a section or contact that has no such field
    return None
