"""Read and rewrite the parts of a .docx package, with limits so a hostile file cannot exhaust memory."""

from __future__ import annotations

import io
import zipfile

from .errors import CommsgenError

MAX_PACKAGE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PARTS = 2000


def read_parts(data: bytes, name: str, error: type[CommsgenError] = CommsgenError) -> dict[str, bytes]:
    """Every part of a .docx package by name; `name` is only used in messages."""
    if len(data) > MAX_PACKAGE_BYTES:
        raise error(f"{name}: file is larger than {MAX_PACKAGE_BYTES // (1024 * 1024)} MB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        raise error(f"{name}: not a Word document (.docx is a zip package)") from e
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
            raise error(f"{name}: package unpacks to more than the allowed size")
        parts: dict[str, bytes] = {}
        total = 0
        for info in infos:
            try:
                with archive.open(info) as member:
                    # Read past the declared size by one byte: a lying header is caught here.
                    content = member.read(MAX_UNPACKED_BYTES - total + 1)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as e:
                raise error(f"{name}: damaged part {info.filename}") from e
            total += len(content)
            if total > MAX_UNPACKED_BYTES:
                raise error(f"{name}: package unpacks to more than the allowed size")
            parts[info.filename] = content
    if "[Content_Types].xml" not in parts or "word/document.xml" not in parts:
        raise error(f"{name}: not a Word document (no word/document.xml)")
    return parts


def write_parts(parts: dict[str, bytes]) -> bytes:
    """A .docx package from its parts, content types first as Word expects."""
    out = io.BytesIO()
    order = sorted(parts, key=lambda n: (n != "[Content_Types].xml", n))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in order:
            archive.writestr(part, parts[part])
    return out.getvalue()
