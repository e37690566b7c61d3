"""A cache across runs of what depends only on templates and catalogs, never on a case.

Reading a template (its parts, docxtpl's tag clean-up, the lint), compiling its Jinja code and
reading the catalogs is the same work for every run with the same files: it is kept on disk, in
the user's cache folder, under a key made of the content hash of what it was made from, the
commsgen version and a hash of commsgen's own code (so a changed template, a school's own
template or an edited checkout is never served stale). Nothing of a case goes in.

The cache is an optimisation only: an unwritable, read-only, full or corrupt cache never breaks
or changes a run; an entry that cannot be read is made again. `COMMSGEN_CACHE_DIR` chooses the
folder; set to `off` (or empty) it switches the cache off.

Use: `key = cache_key("kind", source_bytes, ...)`, then `load("kind", key)` (bytes or None) and
`store("kind", key, data)`; `load_json` / `store_json` for plain data.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__

ENV = "COMMSGEN_CACHE_DIR"
OFF = ("", "off", "0", "no", "false")
_PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    """The folder of the cache, or None when it is switched off."""
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in OFF else Path(chosen)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "commsgen" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "commsgen"
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "commsgen"


@cache
def code_fingerprint() -> str:
    """commsgen's version, its own code, and the Python and library versions that shape the results."""
    import importlib.util

    digest = hashlib.sha256(f"{__version__}\0{sys.version}\0".encode())
    digest.update(importlib.util.MAGIC_NUMBER)
    for name in ("jinja2", "docxtpl", "babel", "lxml"):
        # Where each library is and when it was installed, without importing it (--help needs none).
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None and spec.origin else ""
        try:
            stat = os.stat(origin)
            digest.update(f"{name}={origin}:{stat.st_size}:{stat.st_mtime_ns}\0".encode())
        except OSError:
            digest.update(f"{name}=?\0".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_key(kind: str, *sources: bytes | str) -> str:
    """The key of what is made from `sources` (file contents, texts, options) by this code."""
    digest = hashlib.sha256(f"{kind}\0{code_fingerprint()}\0".encode())
    for source in sources:
        data = source.encode("utf-8") if isinstance(source, str) else source
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _path(kind: str, key: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / kind / f"{key}.bin"


def load(kind: str, key: str) -> bytes | None:
    """The entry stored under `key`, or None when there is none or it cannot be read."""
    path = _path(kind, key)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except (OSError, ValueError):
        return None
    # Each entry ends with the hash of its content: a torn or altered file is not used.
    body, check = data[:-32], data[-32:]
    if len(data) < 32 or hashlib.sha256(body).digest() != check:
        return None
    return body


def store(kind: str, key: str, data: bytes) -> None:
    """Keep `data` under `key`, atomically; quietly nothing when the cache cannot be written."""
    path = _path(kind, key)
    if path is None:
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with open(temporary, "wb") as handle:
            handle.write(data + hashlib.sha256(data).digest())
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def load_json(kind: str, key: str) -> Any:
    """A stored JSON value, or None."""
    data = load(kind, key)
    if data is None:
        return None
    try:
        return json.loads(data)
    except ValueError:
        return None


def store_json(kind: str, key: str, value: Any) -> None:
    """Keep a JSON value."""
    store(kind, key, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
