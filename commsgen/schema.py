"""The JSON Schema of the case file: what an editor checks and explains while a coordinator types.

It accepts every case `check` accepts, as an editor's YAML 1.2 parser reads it: the loader reads
every value as text, so a text field may hold what YAML calls a number (`group: 8`), a yes/no field
the words `check` accepts (`ja`, `true`, `yes`), a choice its Dutch words (`slachtoffer`), and a
whole number may be quoted. It refuses what `check` refuses where a pattern can say it (dates,
times as HH:MM, phone numbers, e-mail and web addresses, language codes, choices, unknown keys).
One difference on purpose: a blank value (`""`, `[]`) is "not filled in yet", which `check` names
field by field; the editor does not mark every line of a fresh `init` skeleton red. Every field has a Dutch
description with its readers in words; the readers as data are in each field's `$comment`
(`readers: parents, staff`), a keyword every strict validator accepts, where `x-` keywords are not.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from .model import PII_KEY, READERS_KEY, CaseFile
from .readers import READERS
from .schema_nl import DESCRIPTIONS, READER_NAMES, SECTIONS
from .synonyms import BOOLEAN_WORDS, WORDS, sections

DATE = r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$"
TIME = r"^\s*([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?\s*$"
WHOLE = r"^\s*[+-]?[0-9]+(\.0*)?\s*$"
BLANK = r"^\s*$"
# As lenient as the loader (which also reads every dash as a hyphen and odd spaces as spaces).
PHONE = r"^\s*\+?[0-9][0-9 ()\-.\u2010-\u2015\u2212\u00a0\u202f]{4,24}\s*$"
EMAIL = r"^\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*$"
URL = r"^\s*(https?://)?[^\s/]+\.[^\s]+\s*$"
LANGUAGE = r"^\s*([A-Za-z]{2,3}([_-][A-Za-z]{2})?|[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ ()'-]{3,40})\s*$"
_BY_VALIDATOR = {"_check_phone": PHONE, "_check_email": EMAIL, "_check_url": URL, "_check_language": LANGUAGE}
_BOOLEANS = ("true", "false", "yes", "no", "on", "off", "y", "n", "t", "f", "1", "0", *BOOLEAN_WORDS)


def _any_case(words: list[str]) -> str:
    """A pattern matching each word in any mix of capitals (JSON Schema patterns have no flags)."""
    def one(word: str) -> str:
        out = ""
        for char in word:
            if char.isalpha() and char.lower() != char.upper():
                out += f"[{char.lower()}{char.upper()}]"
            elif char == " ":
                out += r"\s+"
            else:
                out += re.escape(char) if char in "^$\\.*+?()[]{}|" else char
        return out

    return r"^\s*(" + "|".join(one(w) for w in sorted(set(words), key=len, reverse=True)) + r")\s*$"


_ANNOTATIONS = ("default", "$comment", "description", "title")


def _or_blank(field: JsonSchemaValue) -> JsonSchemaValue:
    """A value, or blank: a field not filled in yet is for `check` to name, not for the editor to mark."""
    annotations = {k: field[k] for k in _ANNOTATIONS if k in field}
    value = {k: v for k, v in field.items() if k not in _ANNOTATIONS}
    options = value["anyOf"] if set(value) == {"anyOf"} else [value]
    if any("$ref" in option or option.get("type") == "array" for option in options):
        return field  # a section or a list: blocks and `[]` are for `check` to judge
    return {"anyOf": [*options, {"type": "string", "pattern": BLANK}], **annotations}


class _CaseSchema(GenerateJsonSchema):
    """Pydantic's schema, with each kind of value as the loader reads it."""

    def date_schema(self, schema: core_schema.DateSchema) -> JsonSchemaValue:
        return {"type": "string", "pattern": DATE, "format": "date"}

    def time_schema(self, schema: core_schema.TimeSchema) -> JsonSchemaValue:
        return {"type": "string", "pattern": TIME}

    def bool_schema(self, schema: core_schema.BoolSchema) -> JsonSchemaValue:
        return {"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": _any_case(list(_BOOLEANS))}]}

    def int_schema(self, schema: core_schema.IntSchema) -> JsonSchemaValue:
        return {"anyOf": [super().int_schema(schema), {"type": "string", "pattern": WHOLE}]}

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        """Text, or what YAML 1.2 reads as a number or true/false: the loader takes it as text."""
        return {"anyOf": [super().str_schema(schema), {"type": "number"}, {"type": "boolean"}]}

    def literal_schema(self, schema: core_schema.LiteralSchema) -> JsonSchemaValue:
        values = [str(v) for v in schema["expected"]]
        words = [w for v in values for w in (v, *WORDS.get(v, ()))]
        return {"anyOf": [{"enum": values}, {"type": "string", "pattern": _any_case(words)}]}

    def function_after_schema(self, schema: core_schema.AfterValidatorFunctionSchema) -> JsonSchemaValue:
        """Phone numbers, e-mail and web addresses, languages: the pattern of their validator."""
        inner = self.generate_inner(schema["schema"])
        pattern = _BY_VALIDATOR.get(getattr(schema["function"]["function"], "__name__", ""))
        if pattern is None:
            return inner
        text, *others = inner["anyOf"]
        return {"anyOf": [{**text, "pattern": pattern}, *others]}

    def list_schema(self, schema: core_schema.ListSchema) -> JsonSchemaValue:
        json_schema = super().list_schema(schema)
        json_schema.pop("minItems", None)  # `affected_groups: []` is not filled in yet: `check` says so
        return json_schema

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        """A text per language: the keys are language codes."""
        json_schema = super().dict_schema(schema)
        keys = schema.get("keys_schema")
        if keys is not None and "pattern" in (key_schema := self.generate_inner(keys)["anyOf"][0]):
            json_schema["propertyNames"] = {"type": "string", "pattern": key_schema["pattern"]}
        return json_schema


_TEXT_KEYWORDS = ("minLength", "maxLength", "pattern", "format")


def _tidy(node: Any) -> None:
    """Move text limits that pydantic puts beside an `anyOf` into its text branch (strict validators
    refuse `maxLength` where the type may be a number)."""
    if isinstance(node, list):
        for item in node:
            _tidy(item)
    if not isinstance(node, dict):
        return
    for value in node.values():
        _tidy(value)
    if "anyOf" in node and "type" not in node and (loose := [k for k in _TEXT_KEYWORDS if k in node]):
        target = node["anyOf"][0]
        while "anyOf" in target:
            target = target["anyOf"][0]
        target.update({k: node.pop(k) for k in loose})


def _readers(names: list[str]) -> str:
    if set(names) == set(READERS):
        return "iedereen die een document krijgt"
    words = [READER_NAMES[name] for name in READERS if name in names]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1]


def _text_branch(node: dict[str, Any]) -> dict[str, Any] | None:
    """The `type: string` alternative a value's own pattern belongs to."""
    if node.get("type") == "string" and "pattern" not in node:
        return node
    for option in node.get("anyOf", []):
        if (found := _text_branch(option)) is not None:
            return found
    return None


def _describe(section: str, properties: dict[str, Any]) -> None:
    """A Dutch description and the readers (in words and as data) on every field of a section."""
    model = sections()[section]
    for name, field in properties.items():
        for constraint in model.model_fields[name].metadata:  # ids and references: their pattern
            if getattr(constraint, "pattern", None) and (text := _text_branch(field)) is not None:
                text["pattern"] = constraint.pattern
        readers = field.pop(READERS_KEY)
        pii = field.pop(PII_KEY, None)
        field.pop("title", None)
        field["$comment"] = f"readers: {', '.join(readers)}" + (f"; personal data: {pii}" if pii else "")
        words = DESCRIPTIONS.get(section, {}).get(name, "")  # a test requires one for every field
        field["description"] = f"{words} Zichtbaar voor: {_readers(readers)}.".lstrip()
        properties[name] = _or_blank(field)


def case_schema() -> dict[str, Any]:
    """The schema as a dict, ready for `json.dumps`."""
    schema = CaseFile.model_json_schema(schema_generator=_CaseSchema)
    _tidy(schema)
    for name, definition in schema.get("$defs", {}).items():
        definition.pop("title", None)
        definition["description"] = SECTIONS.get(name, "")
        _describe(name, definition["properties"])
    _describe("CaseFile", schema["properties"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "commsgen-dossier",
        "description": SECTIONS["CaseFile"],
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
    }
