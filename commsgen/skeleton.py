"""`commsgen init`: write a commented case skeleton, and the JSON Schema editors check it against."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .errors import OutputError
from .messages import t
from .resources import skeletons_dir
from .schema import case_schema

SCHEMA_NAME = "commsgen-case.schema.json"  # the name the skeleton's first line points at


def write_skeleton(case_file: Path, lang: str) -> list[Path]:
    """Create `case_file` (0600, never over anything) and the schema beside it; return what was written."""
    if lang not in ("nl", "en"):
        raise OutputError(t("no case skeleton in that language (choose nl or en)"))
    folder = case_file.parent
    if not folder.is_dir():
        raise OutputError(t("{folder}: folder does not exist (create it first, or choose another place)",
                            folder=folder))
    skeleton = (skeletons_dir() / f"case.{lang}.yaml").read_bytes()
    schema = (json.dumps(case_schema(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    schema_file = folder / SCHEMA_NAME
    fd = _open_new(case_file)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(skeleton)
        if not schema_file.is_symlink() and schema_file.is_file() and schema_file.read_bytes() == schema:
            return [case_file]
        _replace(schema_file, schema)
    except OSError as e:
        case_file.unlink(missing_ok=True)  # a failed init leaves nothing behind
        problem = t("{file}: cannot write the skeleton or its schema ({reason})", file=case_file,
                    reason=e.strerror)
        raise OutputError(problem) from None
    return [case_file, schema_file]


def _open_new(path: Path) -> int:
    """Create a new 0600 file and return its descriptor; an existing file or symlink is refused."""
    try:
        return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        raise OutputError(t("{file}: already exists; commsgen init never overwrites a case file",
                            file=path)) from None
    except OSError as e:
        problem = t("{file}: cannot create the file ({reason})", file=path, reason=e.strerror)
        raise OutputError(problem) from None


def _replace(path: Path, data: bytes) -> None:
    """Write a generated file atomically; a symlink in its place is replaced, not followed."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".commsgen-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
