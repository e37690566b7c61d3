"""PDF output: one LibreOffice process converts a whole run; every PDF is checked before it is kept.

The converter sits behind a small protocol so that a server (unoserver) can replace the
one-shot process later. LibreOffice exits 0 even when it fails, so every PDF is checked.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Protocol

from .errors import CommsgenError

PDF_EXPORT = "pdf:writer_pdf_Export"
# PDF/A-2b, for archiving: LibreOffice's JSON filter options (7.4 and later).
PDFA_EXPORT = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
INSTALL_HINT = "install LibreOffice (Debian/Ubuntu: sudo apt install libreoffice-writer-nogui)"


class ConversionError(CommsgenError):
    """LibreOffice is missing, hung, or made no valid PDF."""


class Converter(Protocol):
    """Turns .docx documents (name -> bytes) into PDFs (same stem + .pdf -> bytes)."""

    def convert(self, documents: dict[str, bytes], pdfa: bool = False) -> dict[str, bytes]: ...


def find_libreoffice() -> str | None:
    """The LibreOffice program on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


class LibreOffice:
    """One headless LibreOffice process per run, with its own throw-away user profile."""

    def __init__(self, binary: str | None = None, timeout: float = 180.0) -> None:
        found = binary or find_libreoffice()
        if found is None:
            raise ConversionError(f"--pdf needs LibreOffice, which is not installed: {INSTALL_HINT}")
        self.binary = found
        self.timeout = timeout

    def convert(self, documents: dict[str, bytes], pdfa: bool = False) -> dict[str, bytes]:
        with tempfile.TemporaryDirectory(prefix="commsgen-pdf-") as work:
            folder = Path(work)
            inputs = []
            for name, data in documents.items():
                path = folder / "in" / name
                path.parent.mkdir(mode=0o700, exist_ok=True)
                path.write_bytes(data)
                inputs.append(str(path))
            command = [
                self.binary, "--headless", "--norestore", "--nolockcheck",
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--infilter=MS Word 2007 XML",  # a file that is not Word is refused, not read as text
                "--convert-to", PDFA_EXPORT if pdfa else PDF_EXPORT,
                "--outdir", str(folder / "out"), *inputs,
            ]
            self._run(command)
            return {name: self._checked(folder / "out" / (Path(name).stem + ".pdf"), name)
                    for name in documents}

    def _run(self, command: list[str]) -> None:
        try:
            process = subprocess.Popen(  # noqa: S603 - a fixed program and our own temporary files
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True,  # its own process group, so a hang can be ended whole
            )
        except OSError as e:
            raise ConversionError(f"LibreOffice could not be started ({e.strerror}): {INSTALL_HINT}") from e
        try:
            process.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired as e:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise ConversionError(
                f"LibreOffice did not finish within {self.timeout:.0f} s and was stopped; nothing was written"
            ) from e

    @staticmethod
    def _checked(path: Path, source: str) -> bytes:
        """The PDF's bytes, if LibreOffice really made a readable PDF."""
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        if not path.is_file():
            raise ConversionError(f"{source}: LibreOffice made no PDF (is it a valid Word document?)")
        data = path.read_bytes()
        try:
            if not data.startswith(b"%PDF-") or len(PdfReader(io.BytesIO(data)).pages) == 0:
                raise ConversionError(f"{source}: LibreOffice made an empty or damaged PDF")
        except PdfReadError as e:
            raise ConversionError(f"{source}: LibreOffice made a damaged PDF") from e
        return data


def pdf_text(data: bytes, name: str) -> dict[str, str]:
    """Text of a PDF by place (`page 1`, ..., `document properties`), for the leak scan."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        places = {f"page {i}": page.extract_text() or "" for i, page in enumerate(reader.pages, 1)}
        info = reader.metadata
        places["document properties"] = "\n".join(str(v) for v in (info or {}).values())
        xmp = reader.xmp_metadata
        if xmp is not None:
            # The values only: tags and attributes are namespace plumbing (ns.adobe.com, ...).
            places["XMP metadata"] = re.sub(r"<[^>]*>", " ", xmp.rdf_root.toxml())
    except (PdfReadError, ValueError, KeyError) as e:
        raise ConversionError(f"{name}: not a readable PDF") from e
    return places
