"""Dutch words for the stored values, and the kind of value each field holds.

A coordinator types `role: slachtoffer`, `pupil_depicted: ja`, `language: Nederlands` or
`kind: Sexting`; the case file stores `depicted`, `true`, `nl`, `sexting`. Where a word means one
stored value only, it is mapped on the parsed data before validation (`accept_words`); the kind of
each field is read from the model's own types, so a field added later is covered too. Messages
use `field_kind` to say what a field wants, and `choices` to list its values in Dutch.
"""

from __future__ import annotations

import types
import typing
from functools import cache
from typing import Any, Literal, Union

from pydantic import BaseModel

from .model import CaseFile, Email, Language, Phone, Url

Loc = tuple[str | int, ...]

# Stored value -> the words people type for it (lowercase). A word is only mapped where the field
# allows that stored value, so `gemeld` is `reported` for a role and `report` for a decision.
WORDS: dict[str, tuple[str, ...]] = {
    "yes": ("ja",),
    "no": ("nee",),
    "unknown": ("onbekend", "weet niet", "nog niet bekend", "?"),
    "depicted": ("slachtoffer", "afgebeeld", "in beeld", "op de beelden"),
    "shared": ("gedeeld", "doorgestuurd", "verspreid", "gedeeld/doorgestuurd"),
    "received": ("ontvangen", "gekregen"),
    "saw": ("gezien",),
    "reported": ("gemeld", "melder"),
    "primary": ("basisschool", "po", "primair onderwijs", "primair"),
    "secondary": ("voortgezet onderwijs", "voortgezet", "vo", "middelbare school"),
    "distribution": ("verspreiding",),
    "moeder": ("mama", "mam", "mother", "mum", "mom"),
    "vader": ("papa", "pap", "father", "dad"),
    "voogd": ("guardian",),
    "pleegouder": ("pleegmoeder", "pleegvader", "foster parent"),
    "email": ("e-mail", "mail"),
    "other": ("anders", "overig", "iets anders"),
    "pending": ("in afwachting", "nog niet besloten", "open"),
    "report": ("melden", "melding", "gemeld"),
    "no_report": ("niet melden", "geen melding", "no report"),
}
BOOLEAN_WORDS = {"ja": "true", "nee": "false", "waar": "true", "onwaar": "false"}

Kind = str  # "bool", "int", "date", "time", "language", "phone", "email", "url", "text", "list", ...


def _unwrap(annotation: Any) -> list[Any]:
    """The alternatives of an annotation, without `None`: `Text | None` -> [Text]."""
    if typing.get_origin(annotation) in (Union, types.UnionType):
        return [a for a in typing.get_args(annotation) if a is not type(None)]
    return [annotation]


def _kind(annotation: Any) -> Kind:
    for known, name in ((Language, "language"), (Phone, "phone"), (Email, "email"), (Url, "url")):
        if annotation == known:
            return name
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _kind(typing.get_args(annotation)[0])
    if origin is Literal:
        return "choice"
    if origin is list:
        return "list"
    if origin is dict:
        return "mapping"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "section"
    return {bool: "bool", int: "int", str: "text"}.get(annotation, getattr(annotation, "__name__", "text"))


@cache
def _hints(model: type[BaseModel]) -> dict[str, Any]:
    return typing.get_type_hints(model, include_extras=True)


def annotation_at(loc: Loc) -> Any | None:
    """The declared type of the field at `loc` (list positions and language keys stepped through)."""
    current: Any = CaseFile
    for part in loc:
        step = None
        for option in _unwrap(current):
            origin = typing.get_origin(option)
            if isinstance(part, int) and origin is list:
                step = typing.get_args(option)[0]
            elif isinstance(part, str) and origin is dict:
                step = typing.get_args(option)[1]
            elif isinstance(part, str) and isinstance(option, type) and issubclass(option, BaseModel):
                step = _hints(option).get(part)
            if step is not None:
                break
        if step is None:
            return None
        current = step
    return current


def annotation_kind(annotation: Any) -> Kind:
    """What a field with this annotation holds (`Email | None` -> `email`)."""
    return _kind(_unwrap(annotation)[0])


def field_kind(loc: Loc) -> Kind | None:
    """What the field at `loc` holds: the first alternative that is not None."""
    annotation = annotation_at(loc)
    return None if annotation is None else _kind(_unwrap(annotation)[0])


def section_fields(loc: Loc) -> frozenset[str]:
    """The field names of the section at `loc` (empty where `loc` is not a section)."""
    annotation = annotation_at(loc)
    for option in _unwrap(annotation) if annotation is not None else []:
        if isinstance(option, type) and issubclass(option, BaseModel):
            return frozenset(_hints(option))
    return frozenset()


def choices(loc: Loc) -> tuple[str, ...]:
    """The stored values a choice field allows, in the model's order."""
    annotation = annotation_at(loc)
    for option in _unwrap(annotation) if annotation is not None else []:
        if typing.get_origin(option) is Literal:
            return tuple(str(v) for v in typing.get_args(option))
    return ()


@cache
def sections() -> dict[str, type[BaseModel]]:
    """Every section (model) of the case file by its class name, the case file itself included."""
    seen: dict[str, type[BaseModel]] = {}
    todo: list[Any] = [CaseFile]
    while todo:
        item = todo.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            if item.__name__ not in seen:
                seen[item.__name__] = item
                todo.extend(_hints(item).values())
        else:
            todo.extend(typing.get_args(item))
    return seen


@cache
def field_names() -> frozenset[str]:
    """Every field name of the case file: the only keys a message may repeat."""
    return frozenset(name for model in sections().values() for name in _hints(model))


@cache
def _language_names() -> dict[str, str]:
    """`nederlands`, `dutch`, `arabisch`, `arabic` ... -> the language code, from Babel's data."""
    from babel import Locale

    found: dict[str, str] = {}
    for display in ("en", "nl"):
        for code, name in Locale.parse(display).languages.items():
            if "_" not in code and len(code) <= 3:
                found.setdefault(name.casefold(), code)
    return found


def _word(value: str, allowed: tuple[str, ...]) -> str:
    typed = " ".join(value.split()).casefold()
    for stored in allowed:
        if typed == stored.casefold() or typed in WORDS.get(stored, ()):
            return stored
    return value


def _accept(value: Any, annotation: Any) -> Any:
    """`value` with the words people type replaced by the stored values, following the annotation."""
    options = _unwrap(annotation)
    if isinstance(value, dict):
        for option in options:
            if isinstance(option, type) and issubclass(option, BaseModel):
                hints = _hints(option)
                return {k: _accept(v, hints[k]) if k in hints else v for k, v in value.items()}
            if typing.get_origin(option) is dict:
                return {k: _accept(v, typing.get_args(option)[1]) for k, v in value.items()}
        return value
    if isinstance(value, list):
        for option in options:
            if typing.get_origin(option) is list:
                return [_accept(v, typing.get_args(option)[0]) for v in value]
        return value
    if not isinstance(value, str):
        return value
    kind = _kind(options[0])
    if kind == "choice":
        return _word(value, tuple(str(v) for v in typing.get_args(options[0])))
    if kind == "bool":
        return BOOLEAN_WORDS.get(value.strip().casefold(), value)
    if kind == "language" and len(value.strip()) > 3:
        return _language_names().get(value.strip().casefold(), value)
    return value


def accept_words(data: Any) -> Any:
    """The parsed case file with Dutch words, capitals and language names read as stored values."""
    return _accept(data, CaseFile)


def dutch_choices(loc: Loc) -> str:
    """`slachtoffer (depicted), gedeeld (shared), ...`: the choices as a Dutch reader types them."""
    return ", ".join(f"{WORDS[v][0]} ({v})" if v in WORDS else v for v in choices(loc))
