"""A school profile: the `school:` section kept in one file that every case file reuses.

A case file names its profile with a top-level `profile: school.yaml` (relative to the case
file's folder). Before validation the profile's school fields are merged under the case's: the
case wins where it fills a field in itself, and `overrides` names those fields (by path, never
value). A contact (parent contact, signatory, support team...) counts as a whole: a case that
gives its own contact replaces the profile's, so that no one is reached on another person's phone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import CaseFileError, OutputError
from .messages import t
from .model import School
from .output import OutputFile, write_all
from .resources import skeletons_dir

Loc = tuple[str | int, ...]  # as casefile's
# What reading a profile borrows from the case file's reader: `casefile.parse_yaml` and
# `casefile.validation_problems`, handed in by the caller. casefile calls `merge` while it loads a
# case, so this module sits below it and never imports it (no import circle).
Parse = Callable[[str, str], tuple[Any, dict[Loc, int]]]
Problems = Callable[[Any, Any, Mapping[Loc, int]], list[tuple[int, str]]]


@dataclass(frozen=True)
class YamlReader:
    """The case file's YAML reader and its messages for fields pydantic refuses."""

    parse: Parse
    problems: Problems


PROFILE_KEY = "profile"
SECTION = "school"
MAX_BYTES = 256 * 1024


@dataclass(frozen=True)
class Merged:
    """Case data with its profile merged in, and the school fields where the case overrides it."""

    data: Any
    overrides: list[str]
    profile: Path | None = None


def _blank(value: Any) -> bool:
    """Not filled in: nothing, spaces, or a section whose every field is blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    if isinstance(value, Mapping):
        return all(_blank(v) for v in value.values())
    return isinstance(value, list) and not value


def merge(data: Any, lines: Mapping[Loc, int], case_path: Path, reader: YamlReader) -> Merged:
    """Take `profile:` out of the case data and merge its school section under the case's own."""
    if not isinstance(data, dict) or PROFILE_KEY not in data:
        return Merged(data, [])
    data = dict(data)
    reference = data.pop(PROFILE_KEY)
    where = f"{case_path}:{lines.get((PROFILE_KEY,), 1)}: {PROFILE_KEY}"
    if not isinstance(reference, str) or not reference.strip():
        raise CaseFileError(t("{where}: write the file name of the school profile, such as school.yaml",
                              where=where))
    path = case_path.parent / reference.strip()
    school = read_profile(path, where, reader)
    own = data.get(SECTION)
    if own is not None and not isinstance(own, dict):
        return Merged(data, [], path)  # validation reports the section's shape, with its line
    merged = dict(school)
    overrides = []
    for key, value in (own or {}).items():
        if _blank(value):
            merged.setdefault(key, value)
            continue
        if key in school and not _blank(school[key]) and school[key] != value:
            overrides.append(f"{SECTION}.{key}")
        merged[key] = value
    data[SECTION] = merged
    return Merged(data, overrides, path)


def read_profile(path: Path, where: str, reader: YamlReader) -> dict[str, Any]:
    """The school fields a profile fills in, each valid on its own (a profile may leave some out)."""
    try:
        raw = path.read_bytes()[: MAX_BYTES + 1]
    except FileNotFoundError:
        raise CaseFileError(t("{where}: {file} not found (the name is read from the case file's folder)",
                              where=where, file=path)) from None
    except OSError as e:
        raise CaseFileError(t("{where}: {file} cannot be read ({reason})", where=where, file=path,
                              reason=e.strerror)) from None
    if len(raw) > MAX_BYTES:
        raise CaseFileError(t("{file}: larger than {size} KiB; this is not a school profile", file=path,
                              size=MAX_BYTES // 1024))
    try:
        source = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        raise CaseFileError(t("{file}: not UTF-8 text (save the file as UTF-8)", file=path)) from None
    data, lines = reader.parse(source, str(path))
    if not isinstance(data, dict) or set(data) != {SECTION} or not isinstance(data[SECTION], dict):
        raise CaseFileError(t("{file}:1: a school profile holds one section, school:, and nothing else",
                              file=path))
    school = {k: v for k, v in data[SECTION].items() if not _blank(v)}
    try:
        School.model_validate(school)
    except ValidationError as e:
        errors = [error for error in e.errors() if error["type"] != "missing"]
        problems = reader.problems(errors, school, _strip(lines))
        if problems:
            found = [f"{path}:{line}: {SECTION}.{problem}" for line, problem in sorted(problems)]
            raise CaseFileError(found[0], found) from None
    return school


def _strip(lines: Mapping[Loc, int]) -> dict[Loc, int]:
    """Lines of the profile's school fields, keyed as pydantic reports them (without `school`)."""
    return {loc[1:]: line for loc, line in lines.items() if loc[:1] == (SECTION,)}


def overrides(case_path: Path, reader: YamlReader) -> Merged:
    """The profile a valid case file uses and the school fields it overrides (for `check`)."""
    try:
        source = case_path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return Merged(None, [])  # `load_case` has reported it already
    data, lines = reader.parse(source, str(case_path))
    return merge(data, lines, case_path, reader)


def write_profile(path: Path, lang: str) -> Path:
    """Write a commented school profile to fill in (0600, never over an existing file)."""
    if lang not in ("nl", "en"):
        raise OutputError(t("no school profile in the language '{lang}' (choose nl or en)", lang=lang))
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(t("{folder}: folder does not exist (create it first, or choose another place)",
                            folder=folder))
    skeleton = (skeletons_dir() / f"school.{lang}.yaml").read_bytes()
    return write_all(folder, [OutputFile(path.name, skeleton)], force=False)[0]
