"""The text a reader sees in a rendered .docx, part by part, for before/after comparisons.

`python -m tests.doctext` rewrites the golden texts (tests/fixtures/golden/): the pack of the
example case, of the tests' small case (whose school name holds `&`) and of a 300-pupil case (the
benchmark's generated pupils, benchmarks/cases.py, stored gzipped); do that only when a change of
wording is intended.
"""

from __future__ import annotations

import datetime as dt
import gzip
import importlib.util
import io
import sys
import zipfile
from pathlib import Path
from types import ModuleType

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "case.yaml"
GOLDEN = ROOT / "tests" / "fixtures" / "golden"
TODAY = dt.date(2026, 11, 20)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_TEXT_PARTS = ("word/document", "word/header", "word/footer", "word/footnotes", "word/endnotes")


def paragraph_text(paragraph: etree._Element, fields: bool = True) -> str:
    """A paragraph's text as Word shows it: runs joined, tabs and line breaks kept.

    With `fields=False` a field (a page number) shows as its code, `[PAGE]`, not as the result
    the last editor stored: LibreOffice stores the page count it laid out, python-docx a `1`.
    """
    chunks = []
    code: list[str] = []
    in_result = False
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}fldChar", f"{W}instrText",
                               f"{W}fldSimple"):
        if not fields:
            if node.tag == f"{W}fldSimple":
                chunks.append(f"[{node.get(f'{W}instr', '').strip()}]")
                continue
            if node.tag == f"{W}fldChar":
                kind = node.get(f"{W}fldCharType")
                if kind == "begin":
                    code = []
                elif kind == "separate":
                    in_result = True
                elif kind == "end":
                    chunks.append(f"[{''.join(code).strip()}]")
                    in_result = False
                continue
            if node.tag == f"{W}instrText":
                code.append(node.text or "")
                continue
            if in_result or any(a.tag == f"{W}fldSimple" for a in node.iterancestors()):
                continue
        if node.tag == f"{W}t":
            chunks.append(node.text or "")
        elif node.tag in (f"{W}tab",):
            chunks.append("\t")
        elif node.tag in (f"{W}br", f"{W}cr"):
            chunks.append("\n")
    return "".join(chunks)


def document_text(data: bytes, fields: bool = True) -> str:
    """Every paragraph of the body, headers, footers and notes, and the document title."""
    lines = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in sorted(archive.namelist()):
            if name.startswith(_TEXT_PARTS) and name.endswith(".xml"):
                root = etree.fromstring(archive.read(name))
                lines.append(f"--- {name}")
                lines += [paragraph_text(p, fields) for p in root.iter(f"{W}p")]
        core = etree.fromstring(archive.read("docProps/core.xml"))
        lines.append(f"--- title: {core.findtext(DC_TITLE)}")
    return "\n".join(lines)


def pack_text(case_path: Path = EXAMPLE, today: dt.date = TODAY) -> str:
    """The text of every document `commsgen pack` makes of a case, in the pack's order."""
    from commsgen.casefile import load_case
    from commsgen.generate import Options, plan, produce
    from commsgen.kinds import KINDS

    loaded = load_case(case_path)
    options = Options(tuple(KINDS), whole_pack=True, today=today)
    documents = produce(loaded, plan(loaded, options), options)
    # A portal message, e-mail draft or CSV is compared as the text it is.
    return "".join(f"=== {d.name}\n{_text_of(d.name, d.data)}\n" for d in documents)


def _text_of(name: str, data: bytes) -> str:
    return document_text(data) if name.endswith(".docx") else data.decode("utf-8-sig")


def golden_cases(folder: Path) -> dict[str, Path]:
    """The cases with a golden text: golden file name -> case file (written into `folder`)."""
    from tests.conftest import CASE_YAML

    small = folder / "small-case.yaml"
    small.write_text(CASE_YAML, encoding="utf-8")
    large = folder / "large-case.yaml"
    large.write_text(_benchmark_cases().scaled_case_text(EXAMPLE.read_text(encoding="utf-8"), LARGE),
                     encoding="utf-8")
    return {"example-pack.txt": EXAMPLE, "small-case-pack.txt": small, "large-case-pack.txt.gz": large}


LARGE = 300  # pupils in the large golden case: a board-wide incident, above the old cap of 200


def _benchmark_cases() -> ModuleType:
    """benchmarks/cases.py, which lives beside the package, not in it."""
    spec = importlib.util.spec_from_file_location("benchmark_cases", ROOT / "benchmarks" / "cases.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_golden(name: str) -> str:
    """A golden text, unpacked when it is stored gzipped (the 300-pupil pack is 2 MB of text)."""
    data = (GOLDEN / name).read_bytes()
    return (gzip.decompress(data) if name.endswith(".gz") else data).decode("utf-8")


def write_golden(name: str, text: str) -> None:
    """Store a golden text; gzip with a fixed time stamp, so an unchanged text is an unchanged file."""
    data = text.encode("utf-8")
    (GOLDEN / name).write_bytes(gzip.compress(data, 9, mtime=0) if name.endswith(".gz") else data)


def by_document(text: str) -> dict[str, list[str]]:
    """A pack's text split per document (`=== name` lines), each as its lines."""
    documents: dict[str, list[str]] = {}
    lines: list[str] = []
    for line in text.splitlines():
        if line.startswith("=== "):
            lines = documents.setdefault(line[4:], [])
        else:
            lines.append(line)
    return documents


if __name__ == "__main__":
    import tempfile

    GOLDEN.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for name, case in golden_cases(Path(scratch)).items():
            write_golden(name, pack_text(case))
            sys.stdout.write(f"wrote {GOLDEN / name}\n")
