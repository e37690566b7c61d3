"""`manifest.json`: what each file is, for whom, from which template and case (AVG art. 5(2)).

It holds kinds, audiences, languages, person ids, hashes and case field paths: never a value.
A run refuses a folder whose previous manifest disagrees with its files (a letter edited by
hand, a file removed), unless --force.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import OutputError, VerifyError
from .messages import t
from .output import LOCK_NAME, OutputFile, claim, clear_leftovers, leftovers

if TYPE_CHECKING:
    from .casefile import LoadedCase
    from .jobs import Job
    from .metadata import SourceDate
    from .templates import Template

MANIFEST = "manifest.json"
# Files other programs keep next to a document while it is open: Word's owner file `~$...docx`,
# LibreOffice's `.~lock....docx#`; and a run's own lock. None of them is a document.
LOCK_FILE_PREFIXES = ("~$", ".~lock.")
# What a run writes besides the manifest: documents, their PDFs and their text formats (`textformats`).
DOCUMENT_SUFFIXES = (".docx", ".pdf", ".txt", ".html", ".eml", ".csv")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def entry(name: str, data: bytes, job: Job, template: Template) -> dict[str, Any]:
    """The manifest record of one file."""
    return {
        "file": name,
        "kind": job.kind.name,
        "audience": str(job.audience),
        "language": job.lang,
        "person": job.person_id,
        "sha256": _sha256(data),
        "template": template.name,
        "template_sha256": template.sha256,
        "fields": sorted({path.replace("[]", "") for path in template.uses}),
    }


def read_manifest(out_dir: Path) -> dict[str, Any] | None:
    """The folder's manifest, or None when it has none."""
    path = out_dir / MANIFEST
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise VerifyError(t("{file}: cannot be read as a commsgen manifest", file=path)) from e
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        raise VerifyError(t("{file}: is not a commsgen manifest", file=path))
    return data


def _check_records(out_dir: Path, records: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """The manifest records whose file is present and unchanged, and a problem for each other one."""
    matching, found = [], []
    for record in records:
        name = str(record.get("file", ""))
        path = out_dir / name
        if "/" in name or not path.is_file():
            found.append(t("{file}: listed in the manifest but missing", file=path))
        elif _sha256(path.read_bytes()) != record.get("sha256"):
            found.append(t("{file}: changed since commsgen made it", file=path))
        else:
            matching.append(record)
    return matching, found


def problems(out_dir: Path) -> list[str]:
    """Every way the files in `out_dir` differ from its manifest."""
    manifest = read_manifest(out_dir)
    if manifest is None:
        return [t("{file}: no manifest in this folder", file=out_dir / MANIFEST)]
    _, found = _check_records(out_dir, manifest["files"])
    listed = {str(record.get("file", "")) for record in manifest["files"]}
    found += [t("{file}: not listed in the manifest", file=path) for path in sorted(out_dir.iterdir())
              if path.suffix in DOCUMENT_SUFFIXES and path.name not in listed and not is_lock_file(path.name)]
    found += [t("{file}: an unfinished file of an interrupted commsgen run; run commsgen pack again "
                "into this folder, or remove it", file=path) for path in leftovers(out_dir)]
    return found


def is_lock_file(name: str) -> bool:
    """A lock file of Word, LibreOffice or commsgen itself: never a document, never a change."""
    return name == LOCK_NAME or name.startswith(LOCK_FILE_PREFIXES)


def build_manifest(loaded: LoadedCase, items: list[tuple[str, bytes, Job, Template]],
                   out_dir: Path, force: bool, override: dict[str, Any] | None = None,
                   source: SourceDate | None = None) -> OutputFile:
    """The new manifest: this run's files, plus earlier ones in the folder that still match.

    `override` is the record of an `--override` (reason, documents, steps waited for), kept as given.
    `source` is the date the documents carry (`metadata.source_date`): recorded, so that anyone can
    make the same documents again from the case, its templates and this version, byte for byte.
    With `SOURCE_DATE_EPOCH` set, `created` is that moment too, and two runs write the same manifest.
    """
    previous = read_manifest(out_dir) if out_dir.is_dir() else None
    kept: list[dict[str, Any]] = []
    if previous is not None:
        matching, trouble = _check_records(out_dir, previous["files"])
        if trouble and not force:
            raise OutputError(t(
                "{problem}; the folder no longer matches its manifest (use another --out, or --force "
                "to replace the documents and the manifest)", problem=trouble[0],
            ))
        names = {name for name, _, _, _ in items}
        kept = [record for record in matching if record.get("file") not in names]
    created = dt.datetime.now(dt.UTC)
    if source is not None and source.origin == "SOURCE_DATE_EPOCH":
        created = source.when
    manifest: dict[str, Any] = {
        "commsgen": __version__,
        "created": created.isoformat(timespec="seconds"),
        "case_sha256": loaded.sha256,
        "files": kept + [entry(*item) for item in items],
    }
    if source is not None:
        manifest["reproducible"] = {"source_date": source.record()["date"], "from": source.origin}
    if override is not None:
        manifest["protocol_override"] = override
    return OutputFile(MANIFEST, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode())


def verify(out_dir: Path) -> int:
    """Check a folder against its manifest; raise with every difference, else the file count.

    Files an interrupted run left (half-written documents among them) are removed first, holding
    the folder as a run does, and reported: the folder was not as its manifest says.
    """
    removed: list[Path] = []
    held: list[str] = []  # why they could not be removed: another run writing, a read-only folder
    if out_dir.is_dir() and leftovers(out_dir):
        try:
            with claim(out_dir, clear=False):  # never while a run writes: its temporary files are live
                removed = clear_leftovers(out_dir)
        except OutputError as e:
            held = [e.message]
    found = held + [t("{file}: an unfinished file of an interrupted commsgen run; removed", file=path)
                    for path in removed] + problems(out_dir)
    if found:
        raise VerifyError(found[0], found)
    manifest = read_manifest(out_dir)
    assert manifest is not None
    return len(manifest["files"])
