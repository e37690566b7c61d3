"""The JSON Schema of the case file, with each field's readers as `x-readers`."""

from __future__ import annotations

from typing import Any

from .model import CaseFile

SENSITIVITY_NOTE = (
    "Each field carries x-readers: the audiences that may read it (parents, pupils, staff, "
    "student = the staff member meeting that one pupil, their own record only, schools, it, "
    "advisor, police). A nested field reaches only readers its section reaches too. "
    "x-pii names the kind of personal data the leak scan looks for."
)


def case_schema() -> dict[str, Any]:
    """The schema as a dict, ready for `json.dumps`."""
    schema = CaseFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "commsgen case file"
    schema["description"] = SENSITIVITY_NOTE
    return schema
