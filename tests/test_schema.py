"""The JSON Schema: no false error on a valid case, the refusals of `check`, Dutch hover texts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from commsgen.casefile import load_case
from commsgen.errors import CaseFileError
from commsgen.readers import READERS
from commsgen.schema import case_schema
from commsgen.skeleton import write_skeleton
from tests.conftest import CASE_YAML
from tests.test_casefile import ACCEPTED, FILLED, MINIMAL

ROOT = Path(__file__).resolve().parent.parent


def editor_load(text: str) -> Any:
    """YAML as an editor or check-jsonschema reads it: YAML 1.2, dates and times left as text."""
    yaml = YAML(typ="safe", pure=True)
    yaml.constructor.yaml_constructors["tag:yaml.org,2002:timestamp"] = (
        yaml.constructor.yaml_constructors["tag:yaml.org,2002:str"]
    )
    return yaml.load(text)


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = case_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(validator: Draft202012Validator, text: str) -> list[str]:
    errors = validator.iter_errors(editor_load(text))
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


VALID = {
    "example": (ROOT / "examples" / "case.yaml").read_text(encoding="utf-8"),
    "tests-minimal": MINIMAL,
    "tests-conftest": CASE_YAML,
    "tests-filled": FILLED,
    **{
        f"accepted-{name}": FILLED.replace(old, new, -1 if old == "\n" else 1)
        for name, (old, new, _loc, _stored) in ACCEPTED.items()
        if name != "yaml-1.3-directive"  # the commsgen loader reads it; YAML 1.2 editors refuse the line
    },
    "group-as-a-number": FILLED.replace('group: "groep 8"', "group: 8"),
    "quoted-step": FILLED.replace("step: 3", 'step: "3"'),
    "blank-optional-field": FILLED.replace('address: "Lindelaan 12"', 'address: ""'),
    "yes-for-true": FILLED.replace("done: true", "done: yes"),
    "time-with-seconds": FILLED.replace('time: "19:30"', "time: 19:30:00"),
    "summary-per-language": FILLED.replace('  summary: "Er is', '  summary:\n    nl: "Er is'),
}


@pytest.mark.parametrize("text", VALID.values(), ids=VALID.keys())
def test_a_case_check_accepts_has_no_schema_error(validator: Draft202012Validator, text: str,
                                                  tmp_path: Path) -> None:
    """Every case `check` loads is valid for the schema, as an editor parses it (no false error)."""
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    load_case(path)  # the premise: check accepts it
    assert schema_errors(validator, text) == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_init_skeleton_has_no_schema_error(validator: Draft202012Validator, tmp_path: Path,
                                               lang: str) -> None:
    """A fresh skeleton is not marked red: blank values are `check`'s to name, one by one."""
    [case_file, _schema] = write_skeleton(tmp_path / "casus.yaml", lang)
    assert schema_errors(validator, case_file.read_text(encoding="utf-8")) == []


REFUSED = {
    "time-with-a-dot": ('time: "19:30"', "time: 19.30", "communication.parent_meeting"),
    "time-without-leading-zero": ('time: "19:30"', 'time: "7:30"', "communication.parent_meeting"),
    "date-day-first": ("discovered: 2026-11-18", "discovered: 18-11-2026", "incident.discovered"),
    "day-that-does-not-exist": ("discovered: 2026-11-18", "discovered: 2026-11-31", "incident.discovered"),
    "phone-of-letters": ('phone: "06 2345 6701"', "phone: bel mij", "people.0.guardians.0.phone"),
    "email-without-at": ('email: "petra.deboer@example.org"', "email: petra.example.org",
                         "people.0.guardians.0.email"),
    "language-code-with-digits": ("language: nl", "language: n1", "people.0.guardians.0.language"),
    "role-not-a-choice": ("role: depicted", "role: dader", "people.0.role"),
    "step-in-words": ("step: 3", "step: drie", "actions.0.step"),
    "step-out-of-range": ("step: 3", "step: 12", "actions.0.step"),
    "yes-no-word-not-known": ("pupil_depicted: true", "pupil_depicted: misschien", "incident.pupil_depicted"),
    "unknown-key": ("  address:", "  adress:", "school"),
    "id-with-capitals": ("id: s1", "id: S-1!", "people.0.id"),
    "summary-language-not-a-code": ('  summary: "Er is', '  summary:\n    n1: "Er is', "incident.summary"),
}


@pytest.mark.parametrize(("old", "new", "path"), REFUSED.values(), ids=REFUSED.keys())
def test_what_check_refuses_the_schema_refuses(validator: Draft202012Validator, tmp_path: Path,
                                               old: str, new: str, path: str) -> None:
    """Where a pattern can say it, the editor marks the same field `check` refuses."""
    assert old in FILLED, old
    text = FILLED.replace(old, new, 1)
    case_file = tmp_path / "case.yaml"
    case_file.write_text(text, encoding="utf-8")
    with pytest.raises(CaseFileError):
        load_case(case_file)
    errors = schema_errors(validator, text)
    assert any(error.startswith(path) for error in errors), errors


def fields_of(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = [(f"CaseFile.{name}", field) for name, field in schema["properties"].items()]
    for section, definition in schema["$defs"].items():
        found += [(f"{section}.{name}", field) for name, field in definition["properties"].items()]
    return found


def test_every_field_has_a_dutch_description_with_its_readers_in_words() -> None:
    """Hover shows what to type and who reads it, in Dutch; the readers as data are in `$comment`."""
    schema = case_schema()
    from commsgen import model

    models = {name: getattr(model, name) for name in schema["$defs"]} | {"CaseFile": model.CaseFile}
    for path, field in fields_of(schema):
        section, name = path.split(".")
        own = sorted(models[section].model_fields[name].json_schema_extra["x-readers"])  # type: ignore[index]
        assert field["$comment"].startswith(f"readers: {', '.join(own)}"), path
        text = field["description"]
        assert re.fullmatch(r"[A-Za-z`\"'(].{4,}\. Zichtbaar voor: .+\.", text, re.S), (path, text)
        if set(own) == set(READERS):
            assert "Zichtbaar voor: iedereen die een document krijgt." in text, path
        else:
            assert ("de politie" in text) == ("police" in own), path


def test_the_schema_has_no_keyword_a_strict_validator_refuses() -> None:
    """No `x-` keyword anywhere, no union `type` list, text limits only beside `type: string`."""
    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            assert not [k for k in node if k.startswith("x-")], where
            assert not isinstance(node.get("type"), list), where
            if {"minLength", "maxLength", "pattern"} & set(node):
                assert node.get("type") == "string", where
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}/{i}")

    schema = case_schema()
    walk(schema, "#")
    assert json.loads(json.dumps(schema)) == schema
