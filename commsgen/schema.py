"""The JSON Schema of the case file, with each field's sensitivity as `x-sensitivity`."""

from __future__ import annotations

from typing import Any

from .model import CaseFile

SENSITIVITY_NOTE = (
    "Each field carries x-sensitivity: who may see it. public = parents of the affected groups "
    "and everyone below; staff = teachers and staff; student = the staff member meeting that one "
    "pupil (their own record only); police = the police. A nested field is as sensitive as the "
    "most sensitive field above it. x-pii names the kind of personal data the leak scan looks for."
)


def case_schema() -> dict[str, Any]:
    """The schema as a dict, ready for `json.dumps`."""
    schema = CaseFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "commsgen case file"
    schema["description"] = SENSITIVITY_NOTE
    return schema
