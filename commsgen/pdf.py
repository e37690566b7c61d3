"""PDF output: LibreOffice converts a run's documents; every PDF is checked, and its text read for the scan.

LibreOffice takes most of a second to start. `LibreOffice.start()` starts it (headless, on a
throw-away profile) at the beginning of a run, so it loads while the .docx work runs;
`convert()` then hands it the documents: a second `soffice` call on the same profile passes
its command line to the running process and waits until it has converted them. From a few
dozen documents on, and on a machine of more than two cores, two such processes share the work
(on two cores, two cost more CPU than one and finish no sooner). LibreOffice exits 0 even when it
fails, so every PDF is checked.

Every PDF is tagged (PDF/UA: headings, lists and tables in a structure tree, bookmarks from the
headings, the title shown instead of the file name); its language and title come from the
document (`w:lang` of the styles, the core properties). The text for the scan is read by one
`pdftotext` run over all PDFs of a run, joined by `pdfunite`, not one process per file.
"""

from __future__ import annotations

import contextlib
import glob
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

from .errors import ConversionError
from .messages import N_, t

if TYPE_CHECKING:
    from pypdf import PdfReader

# LibreOffice's JSON filter options (7.4 and later): tagged PDF/UA, bookmarks from the headings,
# the document's title in the window; PDF/A-2b (with the tags) for archiving.
ACCESSIBLE = {
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "PDFUACompliance": {"type": "boolean", "value": "true"},
    "ExportBookmarks": {"type": "boolean", "value": "true"},
    "DisplayPDFDocumentTitle": {"type": "boolean", "value": "true"},
}
ARCHIVE = {"SelectPdfVersion": {"type": "long", "value": "2"}}
INSTALL_HINT = N_("install LibreOffice (Windows and macOS: libreoffice.org; "
                  "Debian/Ubuntu: sudo apt install libreoffice-writer-nogui)")
SPLIT_AT = 30  # from this many documents on, two LibreOffice processes share the conversion
SPLIT_CORES = 3  # ... on a machine with at least this many cores (measured: on two, one is faster)
# The font of the letters (tools/build_templates.py) and the metric-compatible fonts that keep
# their layout (line and page breaks) where Arial itself is not installed.
LETTER_FONT = "Arial"
SAME_METRICS = ("Arial", "Liberation Sans", "Arimo")
TEXT_TIMEOUT = 60.0  # seconds for pdftotext to read one PDF
# Direction marks pdftotext puts around each run of right-to-left or left-to-right text: layout,
# not text. A space in their place keeps the runs apart (an Arabic label, an e-mail address).
DIRECTION_MARKS = re.compile("[\u202a-\u202e\u2066-\u2069]")
NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console window per process

__all__ = ["ConversionError", "Converter", "LibreOffice", "export_filter", "find_libreoffice", "font_warning",
           "letter_font_missing", "pdf_text", "pdf_texts", "processes_for"]


def export_filter(pdfa: bool = False) -> str:
    """The `--convert-to` argument: PDF export tagged for PDF/UA, and PDF/A-2b when archiving."""
    options = {**ACCESSIBLE, **(ARCHIVE if pdfa else {})}
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


class Converter(Protocol):
    """Turns .docx documents (name -> bytes) into PDFs (same stem + .pdf -> bytes)."""

    def convert(self, documents: dict[str, bytes], pdfa: bool = False) -> dict[str, bytes]: ...


def libreoffice_candidates(platform: str | None = None,
                           environ: Mapping[str, str] | None = None) -> list[Path]:
    """Where LibreOffice's installer puts `soffice` on this system, most common first."""
    platform = platform or sys.platform
    environ = os.environ if environ is None else environ
    if platform == "win32":
        folders = [environ.get("ProgramFiles", r"C:\Program Files"),
                   environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)")]
        return [Path(folder) / "LibreOffice" / "program" / "soffice.exe" for folder in folders]
    if platform == "darwin":
        app = Path("LibreOffice.app") / "Contents" / "MacOS" / "soffice"
        return [Path("/Applications") / app, Path.home() / "Applications" / app]
    # The Document Foundation's own packages install next to the distribution's.
    return [Path(found) for found in sorted(glob.glob("/opt/libreoffice*/program/soffice"), reverse=True)]


def find_libreoffice() -> str | None:
    """The LibreOffice program: on PATH, else in the standard install folders of this system."""
    on_path = shutil.which("soffice") or shutil.which("libreoffice")
    if on_path:
        return on_path
    return next((str(path) for path in libreoffice_candidates() if path.is_file()), None)


def processes_for(documents: int) -> int:
    """How many LibreOffice processes a run of this many documents is worth.

    Two only from SPLIT_AT documents and SPLIT_CORES cores: on two cores, measured on the example
    pack (39 documents), two processes took more CPU time than one and finished no sooner.
    """
    return 2 if documents >= SPLIT_AT and (os.cpu_count() or 1) >= SPLIT_CORES else 1


FONT_MISSING = N_("the letters' font (Arial, or Liberation Sans of the same measures) is not installed: "
                  "the PDFs are set in another font, and their lines and pages may break elsewhere "
                  "than in Word ({hint})")
FONT_HINT = N_("Debian/Ubuntu: sudo apt install fonts-liberation")


def font_warning() -> str | None:
    """What `--pdf` says when the letters' font is missing, or None when it is there."""
    return t(FONT_MISSING, hint=t(FONT_HINT)) if letter_font_missing() else None


def letter_font_missing() -> bool:
    """Whether neither Arial nor a font with its metrics is installed (asked of fontconfig where it
    is; a system without `fc-match`, such as Windows or macOS with Arial built in, counts as having it).

    Without one, LibreOffice sets the letters in another font: lines and pages break elsewhere.
    """
    program = shutil.which("fc-match")
    if program is None:
        return False
    try:
        done = subprocess.run(  # noqa: S603 - a fixed program and a fixed font name
            [program, "--format=%{family}", LETTER_FONT], capture_output=True, timeout=10, check=False,
            creationflags=NO_WINDOW,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    families = done.stdout.decode("utf-8", errors="replace").split(",")
    return not any(family.strip() in SAME_METRICS for family in families)


@dataclass
class _Office:
    """One LibreOffice process with its own profile and folders."""

    folder: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def profile(self) -> str:
        return f"-env:UserInstallation={(self.folder / 'profile').as_uri()}"


class LibreOffice:
    """Headless LibreOffice on throw-away profiles, started early; a context manager that ends it."""

    def __init__(self, binary: str | None = None, timeout: float = 180.0, processes: int = 1) -> None:
        found = binary or find_libreoffice()
        if found is None:
            raise ConversionError(t("--pdf needs LibreOffice, which is not installed: {hint}",
                                    hint=t(INSTALL_HINT)))
        self.binary = found
        self.timeout = timeout
        self.processes = max(1, processes)
        self._work: Path | None = None
        self._offices: list[_Office] = []
        self._clients: list[subprocess.Popen[bytes]] = []

    def __enter__(self) -> LibreOffice:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def start(self, processes: int | None = None) -> None:
        """Start LibreOffice now, or more processes of it, up to `processes`; they load while the
        caller does other work. Calling it again is free."""
        self.processes = max(self.processes, processes or 1)
        if self._work is None:
            self._work = Path(tempfile.mkdtemp(prefix="commsgen-pdf-"))
        while len(self._offices) < self.processes:
            office = _Office(self._work / str(len(self._offices)))
            office.folder.mkdir(mode=0o700)
            self._offices.append(office)
            office.process = self._spawn([self.binary, "--headless", "--norestore", "--nolockcheck",
                                          "--nologo", "--nodefault", office.profile])

    def convert(self, documents: dict[str, bytes], pdfa: bool = False) -> dict[str, bytes]:
        """The PDF of every document, checked; raise (and stop LibreOffice) if one fails or it hangs."""
        self.start()
        try:
            names = list(documents)
            share = -(-len(names) // len(self._offices))  # documents per process, rounded up
            batches = [(office, names[i * share:(i + 1) * share]) for i, office in enumerate(self._offices)]
            for office, batch in batches:
                if batch:
                    self._clients.append(self._spawn(self._command(office, batch, documents, pdfa)))
            self._wait()
            made = {name: office.folder / "out" / (Path(name).stem + ".pdf")
                    for office, batch in batches for name in batch}
            missing = [name for name, path in made.items() if not path.is_file()]
            if missing:
                made.update(self._retry(missing, documents, pdfa))
            return {name: self._checked(path, name) for name, path in made.items()}
        finally:
            self.close()

    def _retry(self, names: list[str], documents: dict[str, bytes], pdfa: bool) -> dict[str, Path]:
        """Convert what a hand-over missed once more, in a LibreOffice of its own.

        On a slow or busy machine the hand-over can reach LibreOffice before it is ready to take
        it; a fresh process with a fresh profile then does the work itself.
        """
        assert self._work is not None
        _end_trees([p.pid for p in (*self._clients, *(o.process for o in self._offices if o.process))
                    if p.poll() is None], None)
        office = _Office(self._work / f"retry-{len(self._offices)}")
        office.folder.mkdir(mode=0o700)
        self._clients = [self._spawn(self._command(office, names, documents, pdfa))]
        self._wait()
        return {name: office.folder / "out" / (Path(name).stem + ".pdf") for name in names}

    def close(self) -> None:
        """End every LibreOffice process of this converter, with its children, and remove its files."""
        processes = [*self._clients, *(o.process for o in self._offices if o.process is not None)]
        # Only processes not yet reaped: the id of one that was could belong to another program now.
        _end_trees([p.pid for p in processes if p.poll() is None], self._work)
        for process in processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
        self._clients, self._offices = [], []
        if self._work is not None:
            shutil.rmtree(self._work, ignore_errors=True)
            self._work = None

    def _command(self, office: _Office, batch: list[str], documents: dict[str, bytes],
                 pdfa: bool) -> list[str]:
        """Write the batch into the process's folder; the command that hands it over."""
        inputs = office.folder / "in"
        inputs.mkdir(mode=0o700, exist_ok=True)
        for name in batch:
            (inputs / name).write_bytes(documents[name])
        return [
            self.binary, "--headless", "--norestore", "--nolockcheck", office.profile,
            "--infilter=MS Word 2007 XML",  # a file that is not Word is refused, not read as text
            "--convert-to", export_filter(pdfa),
            "--outdir", str(office.folder / "out"), *(str(inputs / name) for name in batch),
        ]

    def _spawn(self, command: list[str]) -> subprocess.Popen[bytes]:
        try:
            return subprocess.Popen(  # noqa: S603 - a fixed program and our own temporary files
                command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                creationflags=NO_WINDOW,
            )
        except OSError as e:
            self.close()
            raise ConversionError(t("LibreOffice could not be started ({reason}): {hint}", reason=e.strerror,
                                    hint=t(INSTALL_HINT))) from e

    def _wait(self) -> None:
        """Wait for every hand-over to finish, within the time limit for the whole conversion."""
        deadline = time.monotonic() + self.timeout
        for client in self._clients:
            try:
                client.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired as e:
                raise ConversionError(t("LibreOffice did not finish within {seconds} s and was stopped; "
                                        "nothing was written", seconds=round(self.timeout))) from e

    @staticmethod
    def _checked(path: Path, source: str) -> bytes:
        """The PDF's bytes, if LibreOffice really made a readable PDF."""
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        if not path.is_file():
            raise ConversionError(t("{file}: LibreOffice made no PDF (is it a valid Word document?)",
                                    file=source))
        data = path.read_bytes()
        try:
            if not data.startswith(b"%PDF-") or len(PdfReader(io.BytesIO(data)).pages) == 0:
                raise ConversionError(t("{file}: LibreOffice made an empty or damaged PDF", file=source))
        except PdfReadError as e:
            raise ConversionError(t("{file}: LibreOffice made a damaged PDF", file=source)) from e
        return data


def _end_trees(pids: list[int], work: Path | None) -> None:
    """Kill these processes and every process they started, on any system; wait until they are gone.

    A LibreOffice process whose parent already exited is found by its profile in `work`, a
    folder whose random name only this converter's processes carry on their command line.
    """
    import psutil  # here, not at the top: only a --pdf run needs it

    victims: dict[int, psutil.Process] = {}
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            parent = psutil.Process(pid)
            victims.update({p.pid: p for p in [*parent.children(recursive=True), parent]})
    if work is not None:
        for process in psutil.process_iter(["cmdline"]):
            if any(work.name in part for part in process.info["cmdline"] or []):
                victims.setdefault(process.pid, process)
    for victim in victims.values():
        with contextlib.suppress(psutil.Error):
            victim.kill()
    psutil.wait_procs(list(victims.values()), timeout=5)


def find_pdftotext() -> str | None:
    """Poppler's `pdftotext`, if installed: much faster than pypdf, and it keeps table cells apart."""
    return shutil.which("pdftotext")


def find_pdfunite() -> str | None:
    """Poppler's `pdfunite`, which joins a run's PDFs for one `pdftotext` run."""
    return shutil.which("pdfunite")


def pdf_text(data: bytes, name: str) -> dict[str, str]:
    """Text of a PDF by place (`page 1`, ..., `document properties`, ...), for the leak scan.

    Pages come from poppler's `pdftotext` in reading order (each table cell and text block on
    lines of its own), else from pypdf; properties, XMP metadata and link targets from pypdf.
    """
    return pdf_texts({name: data})[name]


def pdf_texts(pdfs: dict[str, bytes]) -> dict[str, dict[str, str]]:
    """`pdf_text` of every PDF (name -> bytes), with one `pdftotext` run for all of them.

    The PDFs are joined by `pdfunite` and read at once; each document's pages are its share of
    the joined text, in order. Where the join does not give every page (or `pdfunite` is not
    installed), each PDF is read by a `pdftotext` run of its own, as before: the text is the same.
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    readers: dict[str, PdfReader] = {}
    counts: dict[str, int] = {}
    for name, data in pdfs.items():
        try:
            readers[name] = PdfReader(io.BytesIO(data))
            counts[name] = len(readers[name].pages)
        except (PdfReadError, ValueError, KeyError) as e:
            raise ConversionError(t("{file}: not a readable PDF", file=name)) from e
    joined = _joined_pages(pdfs, counts) if len(pdfs) > 1 else None
    texts = {}
    for name, reader in readers.items():
        try:
            pages = joined[name] if joined is not None else _poppler_pages(pdfs[name], name, counts[name])
            if pages is None:
                pages = [page.extract_text() or "" for page in reader.pages]
            texts[name] = _places(reader, pages)
        except (PdfReadError, ValueError, KeyError) as e:
            raise ConversionError(t("{file}: not a readable PDF", file=name)) from e
    return texts


def _places(reader: PdfReader, pages: list[str]) -> dict[str, str]:
    """The pages' text and what else a PDF holds as text, by place."""
    places = {f"page {i}": text for i, text in enumerate(pages, 1)}
    places["document properties"] = "\n".join(str(v) for v in (reader.metadata or {}).values())
    xmp = reader.xmp_metadata
    if xmp is not None:
        # The values only: tags and attributes are namespace plumbing (ns.adobe.com, ...).
        places["XMP metadata"] = re.sub(r"<[^>]*>", " ", xmp.rdf_root.toxml())
    links = _link_targets(reader)
    if links:
        places["link targets"] = links
    added = _added_text(reader)
    if added:
        places["notes, bookmarks and attachments"] = added
    return places


def _joined_pages(pdfs: dict[str, bytes], counts: dict[str, int]) -> dict[str, list[str]] | None:
    """Each PDF's pages from one `pdftotext` run over all of them joined; None where that cannot be
    (no poppler, a PDF `pdfunite` refuses, a page count that does not add up)."""
    unite, program = find_pdfunite(), find_pdftotext()
    if unite is None or program is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix="commsgen-text-"))
    try:
        paths = []
        for number, data in enumerate(pdfs.values()):
            path = folder / f"{number}.pdf"
            path.write_bytes(data)
            paths.append(str(path))
        joined = folder / "all.pdf"
        united = subprocess.run(  # noqa: S603 - fixed programs on our own temporary files
            [unite, *paths, str(joined)], capture_output=True, timeout=TEXT_TIMEOUT, check=False,
            creationflags=NO_WINDOW,
        )
        if united.returncode != 0 or not joined.is_file():
            return None
        done = subprocess.run(  # noqa: S603
            [program, "-q", "-enc", "UTF-8", str(joined), "-"], capture_output=True,
            timeout=TEXT_TIMEOUT * len(pdfs), check=False, creationflags=NO_WINDOW,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None  # each PDF is read on its own, with that read's own errors
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    pages = done.stdout.decode("utf-8", errors="replace").split("\f")[:-1]
    if done.returncode != 0 or len(pages) != sum(counts.values()):
        return None
    found, at = {}, 0
    for name in pdfs:
        found[name] = [DIRECTION_MARKS.sub(" ", page) for page in pages[at:at + counts[name]]]
        at += counts[name]
    return found


def _poppler_pages(data: bytes, name: str, count: int) -> list[str] | None:
    """Each page's text from `pdftotext`, or None when poppler is not installed."""
    program = find_pdftotext()
    if program is None:
        return None
    handle, path = tempfile.mkstemp(suffix=".pdf", prefix="commsgen-text-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        done = subprocess.run(  # noqa: S603 - a fixed program on our own temporary file
            [program, "-q", "-enc", "UTF-8", path, "-"], capture_output=True, timeout=TEXT_TIMEOUT,
            check=False, creationflags=NO_WINDOW,
        )
    except subprocess.TimeoutExpired as e:
        raise ConversionError(t("{file}: pdftotext did not finish within {seconds} s", file=name,
                                seconds=round(TEXT_TIMEOUT))) from e
    except OSError as e:
        raise ConversionError(t("{file}: pdftotext could not be started ({reason})", file=name,
                                reason=e.strerror)) from e
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
    # pdftotext ends every page with a form feed; a page it could not read is a refusal.
    pages = done.stdout.decode("utf-8", errors="replace").split("\f")[:-1]
    if done.returncode != 0 or len(pages) != count:
        raise ConversionError(t("{file}: pdftotext could not read every page (exit {code})", file=name,
                                code=done.returncode))
    return [DIRECTION_MARKS.sub(" ", page) for page in pages]


def _added_text(reader: PdfReader) -> str:
    """What readers add to a PDF: notes and comments (text and author), bookmarks, form fields,
    and attached files (their names, and their bytes read as text)."""
    chunks: list[str] = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            item = annotation.get_object()
            chunks += [str(item[key]) for key in ("/Contents", "/T", "/RC") if key in item]
    pending: list[Any] = list(reader.outline)
    while pending:
        entry = pending.pop()
        if isinstance(entry, list):
            pending += entry
        elif hasattr(entry, "title"):
            chunks.append(str(entry.title))
    for field in (reader.get_fields() or {}).values():
        chunks += [str(field.get(key)) for key in ("/V", "/TU") if field.get(key)]
    for name, contents in reader.attachments.items():
        chunks.append(name)
        chunks += [data.decode("utf-8", errors="replace") for data in contents]
    return "\n".join(chunks)


def _link_targets(reader: PdfReader) -> str:
    """The web and mail addresses of the PDF's links, one a line."""
    targets = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action.get_object():
                targets.append(str(action.get_object()["/URI"]))
    return "\n".join(targets)
