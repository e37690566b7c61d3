#!/usr/bin/env python3
"""Benchmark of `commsgen pack`: what the privacy guard costs over bare docxtpl, and more.

Run it from the project root, with the interpreter that has commsgen's dependencies::

    python benchmarks/bench.py            # full run: a few minutes on 2 cores
    python benchmarks/bench.py --quick    # fewer repetitions: a smoke test of the script

(for example `.venv/bin/python benchmarks/bench.py`; the script puts the project root on
`sys.path` and on its children's `PYTHONPATH` itself, so the checkout is what gets measured.)

This is a benchmark, not a test: it prints a table and always exits 0 once it has measured
(a missed target is reported as "MISSED", not raised). Machines are shared and noisy, so every
row compares variants measured side by side in the same run; the ratio is the result and the
absolute times are only context. Each variant runs once untimed (warm-up), then the variants
take turns, rotating who goes first (A B, B A, A B, ...), so that load on the machine hits them
alike. Times are `time.perf_counter` wall times; the ratio is best A / best B (load only ever
adds time), with the medians shown alongside. benchmarks/README.md describes every row.

1a  pack (library, no file writing) / bare docxtpl (same templates, same projected contexts), on
    the example case (39 documents in 7 languages) and on a generated 30-pupil case (67). Target
    <= 1.0. Before timing, every bare docxtpl document is checked to read as commsgen's.
1b  one soffice per document / `python -m commsgen pack CASE --pdf`, example. Target >= 3.
1c  `python -m commsgen --help` / `python -c "import click"`, fresh interpreters. Target <= 1.5.
1d  Peak memory (max RSS) of `python -m commsgen pack`, large and example case.
2a  `python -m commsgen pack` / one node process filling the peer letter with docxtemplater, as
    many times as the pack has documents: 39 (example) and 100 (a generated 60-pupil case).
2b  the same against Carbone Community (.docx out, no LibreOffice). Target <= 1.0.
    2a and 2b print "skipped: node not found" (or the missing package) and go on without node.
2c  pack (library) / the floor: str.replace of the values in the letter's XML and one zip.
2d  `pack --pdf` / a docxtpl script (interpreter start, render and save every .docx) followed by
    one soffice call for all documents, example. Target <= 1.2.
3   The scaling curve: packs of generated cases of 5, 30, 100, 300 and 1,000 pupils, each in a
    fresh process timed after its imports: seconds per document and peak memory. Sizes the model
    refuses are skipped with the reason. Targets: s/doc at 1,000 / at 30 <= 1.3 (3r), peak
    memory at 1,000 <= 250 MiB (3m).

After the table: a cProfile of one extra pack (not timed) of the example and of a generated
300-pupil case, to show where pack's time goes.

The peer letter (benchmarks/peer_letter.py) is commsgen's own rendered Dutch parent letter with
each value replaced by a tag, so every engine fills the same two pages with the same data; each
peer's output is checked to read exactly as commsgen's before it is timed.

The end of the output describes the machine (platform, Python, CPUs, load, LibreOffice, node).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import importlib
import io
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cases import large_case_text, scaled_case_text  # noqa: E402
from docxtpl import DocxTemplate  # noqa: E402
from jinja2.sandbox import ImmutableSandboxedEnvironment  # noqa: E402
from peer_letter import PeerLetter, build, fill, paragraphs  # noqa: E402

from commsgen.audiences import letter_date, project  # noqa: E402
from commsgen.casefile import LoadedCase, load_case  # noqa: E402
from commsgen.freetext import check_free_text  # noqa: E402
from commsgen.generate import Job, Options, Rendered, plan, produce  # noqa: E402
from commsgen.kinds import KINDS  # noqa: E402
from commsgen.manifest import build_manifest  # noqa: E402
from commsgen.render import environment, language_context  # noqa: E402
from commsgen.status import gate  # noqa: E402
from commsgen.templates import find_template  # noqa: E402

EXAMPLE = ROOT / "examples" / "case.yaml"
PYTHON = sys.executable
CHILD_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(
    p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
)}
PEERS = Path(__file__).resolve().parent / "peers"  # package.json and render.js; npm installs here
PEER_PACKAGES = {"docxtemplater": ("docxtemplater", "pizzip"), "carbone": ("carbone",)}
PEER_NAMES = {"docxtemplater": "docxtemplater", "carbone": "Carbone"}
SCALE_SIZES = (5, 30, 100, 300, 1000)
# Pupils of the 100-document case: 60 pupil conversations, 7 checklists of depicted pupils (one
# pupil in nine is depicted) and the 33 documents of the example that do not depend on the pupils.
HUNDRED_PUPILS = 60
PROFILE_PUPILS = 300  # the generated case profiled next to the example


@dataclass(frozen=True)
class Plan:
    """Repetitions per row; `--quick` only checks that every row runs."""

    pack: int
    pack_large: int
    pdf: int
    startup: int
    memory: int
    peers: int
    floor: int
    scale: dict[int, int]  # pupils: repetitions


FULL = Plan(pack=7, pack_large=5, pdf=3, startup=15, memory=2, peers=5, floor=5,
            scale={5: 3, 30: 3, 100: 2, 300: 2, 1000: 1})
QUICK = Plan(pack=2, pack_large=1, pdf=1, startup=3, memory=1, peers=1, floor=1,
             scale={5: 1, 30: 1, 100: 1})


# --- measuring -----------------------------------------------------------------------------------


@dataclass
class Samples:
    """The wall times of one variant, in seconds."""

    times: list[float]

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    def show(self) -> str:
        return f"{_secs(self.best)} ({_secs(self.median)})"


def _secs(value: float) -> str:
    return f"{value:.3f}s" if value < 10 else f"{value:.1f}s"


def interleaved(variants: Sequence[Callable[[], object]], reps: int, warm: bool = True) -> list[Samples]:
    """Time each variant `reps` times, taking turns and rotating who goes first."""
    if warm:
        for variant in variants:
            variant()
    times: list[list[float]] = [[] for _ in variants]
    for rep in range(reps):
        for k in range(len(variants)):
            index = (rep + k) % len(variants)
            gc.collect()
            start = time.perf_counter()
            variants[index]()
            times[index].append(time.perf_counter() - start)
    return [Samples(t) for t in times]


def run(cmd: Sequence[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run a child (the project's own interpreter or soffice, by absolute path), output captured."""
    return subprocess.run(  # noqa: S603 - fixed commands built by this script
        list(cmd), cwd=cwd, env=CHILD_ENV, capture_output=True, text=True, check=False
    )


def checked(cmd: Sequence[str], cwd: Path | None = None) -> None:
    result = run(cmd, cwd)
    if result.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd[:4])} ... failed (exit {result.returncode}): "
                         f"{result.stderr.strip()[-400:]}")


@contextmanager
def scratch(prefix: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix=f"commsgen-bench-{prefix}-") as name:
        yield Path(name)


@dataclass
class Row:
    """One line of the result table: A against B, and the ratio that has a target."""

    key: str
    what: str
    a: Samples | None = None
    b: Samples | None = None
    target: str = ""
    met: Callable[[float], bool] | None = None
    value: str = ""  # shown instead of A and B where the row has no timed variants (memory)
    figure: float | None = None  # the compared number where it is not A / B (a ratio of ratios, MiB)
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """Best of A over best of B: load on a shared machine only ever adds time."""
        if self.figure is not None:
            return self.figure
        if self.a is None or self.b is None:
            return None
        return self.a.best / self.b.best


# --- 1a: pack through the library against bare docxtpl -------------------------------------------

PACK_OPTIONS = Options(tuple(KINDS), whole_pack=True)  # what `commsgen pack CASE` asks for
NO_FOLDER = Path(tempfile.gettempdir()) / "commsgen-bench-no-such-folder"  # the manifest finds no earlier run


def pack_jobs(loaded: LoadedCase) -> list[Job]:
    """The documents `commsgen pack CASE` makes: planned, then the protocol order applied."""
    jobs, _override = gate(loaded.case, plan(loaded, PACK_OPTIONS), None, whole_pack=True)
    return jobs


def run_caches() -> list[Any]:
    """commsgen's bounded caches (`functools.lru_cache`): parts and values shared within one run.

    They are emptied before every timed pack, so that a pack in this process does not reuse the
    parts of the one before, which a `commsgen pack` from the command line never can. The
    unbounded ones (`functools.cache`: catalogs, the field table) hold what is read once per
    process; bare docxtpl's contexts are built with them too, so they stay.
    """
    found = []
    for name in list(sys.modules):
        if name == "commsgen" or name.startswith("commsgen."):
            for value in vars(sys.modules[name]).values():
                if isinstance(value, functools._lru_cache_wrapper) and value.cache_parameters()["maxsize"]:
                    found.append(value)
    return list({id(f): f for f in found}.values())


def pack_library(case_path: Path) -> list[Rendered]:
    """`commsgen pack` without writing: the calls of cli._run and generate.generate, but write_all."""
    for cached in run_caches():
        cached.cache_clear()
    loaded = load_case(case_path)
    check_free_text(loaded)
    jobs = pack_jobs(loaded)
    documents = produce(loaded, jobs, PACK_OPTIONS)
    build_manifest(loaded, [(d.name, d.data, d.job, d.template) for d in documents], NO_FOLDER, False)
    return documents


@dataclass(frozen=True)
class BareJob:
    """Everything bare docxtpl needs for one document, prepared before timing."""

    job: Job
    template: Path
    context: dict[str, Any]
    env: ImmutableSandboxedEnvironment


def prepare_bare(case_path: Path) -> list[BareJob]:
    """The jobs of a pack with their contexts built exactly as generate.produce builds them."""
    loaded = load_case(case_path)
    today = letter_date(loaded.case, PACK_OPTIONS.today)
    prepared = []
    for job in pack_jobs(loaded):
        context = project(loaded.case, job.audience, job.lang)
        context["today"] = today
        context.update(language_context(job.lang))
        if job.person_id is not None:
            context["pupil"] = context["people"][0]
        # A fresh environment per document, as plain docxtpl use would have it.
        prepared.append(BareJob(job, find_template(job.kind.name, PACK_OPTIONS.templates), context,
                                environment()))
    return prepared


def bare_docxtpl(jobs: list[BareJob]) -> list[bytes]:
    """Plain docxtpl: open the template, render, save to memory; no guard at all."""
    documents = []
    for bare in jobs:
        document = DocxTemplate(bare.template)
        document.render(bare.context, jinja_env=bare.env, autoescape=False)
        out = io.BytesIO()
        document.save(out)
        documents.append(out.getvalue())
    return documents


# Bidi controls commsgen's right-to-left pass puts around left-to-right values in Arabic.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u2066\u2067\u2068\u2069"))


def reads_alike(pack: list[Rendered], bare: list[bytes]) -> str:
    """"" when every bare docxtpl document reads as commsgen's (body, header, footer), else where not.

    Only the bidi controls of the right-to-left pass are left out of the comparison: bare docxtpl
    has no such pass. The peer must render the same documents, or its time says nothing.
    """
    for document, data in zip(pack, bare, strict=True):
        # Empty paragraphs aside: commsgen adds 1 pt spacers where LibreOffice would strand a heading.
        ours = [p.translate(BIDI_CONTROLS) for p in paragraphs(document.data) if p.strip()]
        theirs = [p.translate(BIDI_CONTROLS) for p in paragraphs(data) if p.strip()]
        if ours != theirs:
            pairs = enumerate(zip(ours, theirs, strict=False))
            first = next((i for i, (o, t) in pairs if o != t), min(len(ours), len(theirs)))
            return f"{document.name}: bare docxtpl's text differs from paragraph {first + 1}"
    return ""


def row_pack(label: str, case_path: Path, reps: int) -> tuple[Row, int]:
    bare_jobs = prepare_bare(case_path)
    documents = pack_library(case_path)
    count = len(documents)
    if count != len(bare_jobs) or [d.job for d in documents] != [b.job for b in bare_jobs]:
        raise SystemExit("bench: pack and bare docxtpl do not make the same documents")
    differs = reads_alike(documents, bare_docxtpl(bare_jobs))
    if differs:
        raise SystemExit(f"bench: {differs}")
    pack, bare = interleaved([lambda: pack_library(case_path), lambda: bare_docxtpl(bare_jobs)], reps)
    row = Row("1a", f"{label}, {count} docs: pack (library) / bare docxtpl", pack, bare,
              target="<= 1.0", met=lambda r: r <= 1.0, note="texts checked alike")
    return row, count


# --- 1b: pack --pdf against one soffice per document ---------------------------------------------


def pack_cmd(case_path: Path, out: Path, pdf: bool) -> list[str]:
    """`python -m commsgen pack CASE [--pdf] --out OUT`, as a user runs it."""
    return [PYTHON, "-m", "commsgen", "pack", str(case_path), *(["--pdf"] if pdf else []), "--out", str(out)]


def pdf_unavailable(case_path: Path, expected: int) -> str | None:
    """Why `pack --pdf` cannot be measured now, or None when it works (this run is the warm-up)."""
    with scratch("probe") as folder:
        result = run(pack_cmd(case_path, folder / "out", pdf=True), folder)
        pdfs = len(list((folder / "out").glob("*.pdf")))
    stderr = result.stderr.strip()
    if result.returncode == 2 and "no such option" in stderr.lower():
        return "skipped: `pack --pdf` is not implemented yet (exit 2, no such option)"
    if result.returncode != 0:
        first = stderr.splitlines()[0] if stderr else "no message"
        return f"skipped: `pack --pdf` failed (exit {result.returncode}): {first[:120]}"
    if pdfs != expected:
        return f"skipped: `pack --pdf` wrote {pdfs} PDF files, expected {expected}"
    return None


def soffice_per_document(soffice: str, documents: list[Path], work: Path) -> None:
    """One LibreOffice start per document, each with a fresh profile of its own."""
    for i, document in enumerate(documents):
        profile = work / f"profile-{i}"
        checked([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                 "--convert-to", "pdf", "--outdir", str(work / "pdf"), str(document)])


def row_pdf(case_path: Path, documents: int, reps: int) -> list[Row]:
    """1b: one soffice per document / `pack --pdf`; 2d: `pack --pdf` / docxtpl + one soffice.

    All variants take turns in one loop; the plain pack and one soffice call for the ready-made
    documents run alongside for context.
    """
    per_document = Row("1b", f"example, {documents} docs: soffice per document / pack --pdf",
                       target=">= 3", met=lambda r: r >= 3)
    one_call = Row("2d", f"example, {documents} docs: pack --pdf / docxtpl + one soffice",
                   target="<= 1.2", met=lambda r: r <= 1.2)
    soffice = shutil.which("soffice")
    reason = "skipped: soffice is not installed" if soffice is None else pdf_unavailable(case_path, documents)
    if soffice is None or reason:
        per_document.note = one_call.note = reason or ""
        return [per_document, one_call]
    bare_jobs = prepare_bare(case_path)
    with scratch("pdf") as base:
        checked(pack_cmd(case_path, base / "docx", pdf=False), base)  # the documents A converts
        docx = sorted((base / "docx").glob("*.docx"))
        runs = iter(range(1_000_000))

        def in_folder(action: Callable[[Path], None]) -> Callable[[], None]:
            def timed() -> None:
                folder = base / f"run-{next(runs)}"
                action(folder)
                shutil.rmtree(folder)
            return timed

        def one_soffice(folder: Path, documents: Sequence[Path]) -> None:
            checked([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                     "--convert-to", "pdf", "--outdir", str(folder / "pdf"), *map(str, documents)])

        def docxtpl_and_soffice(folder: Path) -> None:
            """What a docxtpl script does: start, render and save every .docx, one soffice for all."""
            checked([PYTHON, "-c", "import docxtpl"])  # the script's own interpreter start
            (folder / "docx").mkdir(parents=True)
            written = []
            for bare, data in zip(bare_jobs, bare_docxtpl(bare_jobs), strict=True):
                path = folder / "docx" / f"{bare.job.kind.name}-{bare.job.lang}-{bare.job.person_id}.docx"
                path.write_bytes(data)
                written.append(path)
            one_soffice(folder, written)

        variants = [
            in_folder(lambda folder: soffice_per_document(soffice, docx, folder)),
            in_folder(lambda folder: checked(pack_cmd(case_path, folder, pdf=True), base)),
            in_folder(docxtpl_and_soffice),
            in_folder(lambda folder: checked(pack_cmd(case_path, folder, pdf=False), base)),
            in_folder(lambda folder: one_soffice(folder, docx)),
        ]
        # The probe and the plain pack above warmed commsgen up; one conversion warms LibreOffice.
        soffice_per_document(soffice, docx[:1], base / "warm-up")
        bare_docxtpl(bare_jobs)
        per_document.a, with_pdf, docxtpl_pdf, plain, single = interleaved(variants, reps, warm=False)
    per_document.b = one_call.a = with_pdf
    one_call.b = docxtpl_pdf
    per_document.note = one_call.note = (f"context: plain `pack` {_secs(plain.best)}; one soffice for "
                                         f"the {documents} ready .docx {_secs(single.best)}")
    return [per_document, one_call]


# --- 1c and 1d: start-up and memory --------------------------------------------------------------


def row_startup(reps: int) -> Row:
    def helps() -> None:
        checked([PYTHON, "-m", "commsgen", "--help"])

    def imports_click() -> None:
        checked([PYTHON, "-c", "import click"])

    a, b = interleaved([helps, imports_click], reps)
    return Row("1c", "`python -m commsgen --help` / `python -c 'import click'`", a, b,
               target="<= 1.5", met=lambda r: r <= 1.5)


# The wrapper's only child is the pack, so its RUSAGE_CHILDREN peak is the pack's own (KiB on Linux).
RSS_WRAPPER = """\
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
print(json.dumps({"exit": code, "seconds": time.perf_counter() - start,
                  "maxrss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def row_memory(label: str, case_path: Path, count: int, reps: int) -> Row:
    peaks: list[int] = []
    walls: list[float] = []
    with scratch("memory") as base:
        for rep in range(reps):
            out = base / f"out-{rep}"
            cmd = [PYTHON, "-c", RSS_WRAPPER, PYTHON, "-m", "commsgen", "pack", str(case_path),
                   "--out", str(out)]
            result = run(cmd, base)
            report = json.loads(result.stdout)
            if report["exit"] != 0:
                raise SystemExit(f"bench: pack of the {label} case failed (exit {report['exit']})")
            peaks.append(int(report["maxrss_kib"]))
            walls.append(float(report["seconds"]))
    value = f"{max(peaks) / 1024:.1f} MiB"
    note = f"max of {reps}; wall {Samples(walls).show()} for a cold `python -m commsgen pack`"
    return Row("1d", f"{label}, {count} docs: peak RSS of `python -m commsgen pack`", value=value,
               note=note)


# --- 2a-2c: the peers and the floor, on the same letter ------------------------------------------


def commsgen_letter(case_path: Path) -> tuple[bytes, dict[str, Any], ImmutableSandboxedEnvironment]:
    """commsgen's Dutch parent letter of the case, with the context and environment it was made with."""
    loaded = load_case(case_path)
    bare = next(b for b in prepare_bare(case_path)
                if b.job.kind.name == "parent-letter" and b.job.lang == "nl")
    (document,) = produce(loaded, [bare.job], PACK_OPTIONS)
    return document.data, bare.context, bare.env


def install_peers() -> dict[str, str]:
    """Each peer engine that can run: engine -> why not, or "" when it can (npm installs once)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None:
        return dict.fromkeys(PEER_PACKAGES, "skipped: node not found")

    def missing(engine: str) -> bool:
        return any(not (PEERS / "node_modules" / p / "package.json").is_file() for p in PEER_PACKAGES[engine])

    if any(missing(engine) for engine in PEER_PACKAGES):
        if npm is None:
            return {e: "skipped: npm not found (needed once to install the peers)" if missing(e) else ""
                    for e in PEER_PACKAGES}
        print(f"bench: npm install --prefix {PEERS} (once; node_modules is the cache)", flush=True)
        result = run([npm, "install", "--prefix", str(PEERS), "--no-audit", "--no-fund", "--loglevel=error"])
        if result.returncode != 0:
            print(f"bench: npm install failed (exit {result.returncode}): {result.stderr.strip()[-300:]}")
    return {engine: f"skipped: npm package(s) {', '.join(PEER_PACKAGES[engine])} missing in {PEERS}"
            if missing(engine) else "" for engine in PEER_PACKAGES}


def peer_version(engine: str) -> str:
    manifest = PEERS / "node_modules" / engine / "package.json"
    if not manifest.is_file():
        return "not installed"
    return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])


@dataclass
class PeerRun:
    """One engine rendering `count` letters in one node process; the node-side times land here."""

    engine: str
    template: Path
    data: Path
    count: int
    work: Path
    inside: list[float]

    def __call__(self) -> None:
        out = self.work / f"{self.engine}-{self.count}-{len(self.inside)}"
        result = run([str(shutil.which("node")), str(PEERS / "render.js"), self.engine, str(self.template),
                      str(self.data), str(self.count), str(out)])
        if result.returncode != 0:
            raise SystemExit(f"bench: {self.engine} failed (exit {result.returncode}): "
                             f"{result.stderr.strip()[-300:]}")
        self.inside.append(float(json.loads(result.stdout)["seconds"]))
        shutil.rmtree(out)


def same_text(peer: PeerRun, expected: list[str]) -> str:
    """"" when the engine's letter reads exactly as commsgen's, else why not (checked before timing)."""
    out = peer.work / f"check-{peer.engine}"
    result = run([str(shutil.which("node")), str(PEERS / "render.js"), peer.engine, str(peer.template),
                  str(peer.data), "1", str(out)])
    if result.returncode != 0:
        return f"skipped: {peer.engine} failed (exit {result.returncode}): {result.stderr.strip()[:160]}"
    got = paragraphs((out / "letter-0.docx").read_bytes())
    if got != expected:
        pairs = enumerate(zip(got, expected, strict=False))
        first = next((i for i, (g, e) in pairs if g != e), min(len(got), len(expected)))
        return f"skipped: {peer.engine}'s letter differs from commsgen's from paragraph {first + 1}"
    return ""


def rows_peers(cases: dict[int, Path], letter: PeerLetter, expected: list[str], reps: int,
               work: Path) -> list[Row]:
    """2a, 2b: `python -m commsgen pack` / one node process filling the peer letter as often."""
    available = install_peers()
    for engine, reason in available.items():
        if reason:
            print(f"bench: 2a/2b {PEER_NAMES[engine]} {reason}", flush=True)
    for engine in PEER_PACKAGES:
        (work / f"letter-{engine}.docx").write_bytes(letter.template(engine))
    (work / "data.json").write_text(json.dumps(letter.data, ensure_ascii=False), encoding="utf-8")
    rows: list[Row] = []
    runs = iter(range(1_000_000))
    for documents, case_path in cases.items():
        peers = {engine: PeerRun(engine, work / f"letter-{engine}.docx", work / "data.json", documents,
                                 work, []) for engine, reason in available.items() if not reason}
        for engine, peer in list(peers.items()):
            available[engine] = available[engine] or same_text(peer, expected)
            if available[engine]:
                del peers[engine]
        def pack(case_path: Path = case_path) -> None:
            folder = work / f"pack-{next(runs)}"
            checked([*pack_cmd(case_path, folder, pdf=False), "--quiet"], work)
            shutil.rmtree(folder)

        samples = interleaved([pack, *peers.values()], reps) if peers else []
        for key, engine in (("2a", "docxtemplater"), ("2b", "carbone")):
            what = f"{documents} docs, .docx, whole process: pack / {PEER_NAMES[engine]}"
            row = Row(key, what, note=available[engine])
            if engine in peers:
                row.a, row.b = samples[0], samples[1 + list(peers).index(engine)]
                row.note = f"inside node {_secs(min(peers[engine].inside))}"
                if engine == "carbone":
                    row.target, row.met = "<= 1.0", lambda r: r <= 1.0
            rows.append(row)
    return rows


def rows_floor(cases: dict[int, Path], letter: PeerLetter, reps: int) -> list[Row]:
    """2c: pack through the library / string replacement in the letter's XML and one zip, as often."""
    rows = []
    for documents, case_path in cases.items():
        count = len(pack_library(case_path))
        if count != documents:
            raise SystemExit(f"bench: the {documents}-document case makes {count} documents")

        def pack(case_path: Path = case_path) -> list[Any]:
            return pack_library(case_path)

        def floor(documents: int = documents) -> list[bytes]:
            return [fill(letter, letter.data) for _ in range(documents)]

        packs, floors = interleaved([pack, floor], reps)
        rows.append(Row("2c", f"{documents} docs, in process: pack (library) / str.replace + zip floor",
                        packs, floors))
    return rows


# --- 3: the scaling curve ------------------------------------------------------------------------

# `commsgen pack` as the CLI runs it, in a fresh process, timed from after the imports: start-up is
# the same at every size and would flatter the large ones. The peak memory comes from a small
# wrapper (SCALE_WRAPPER) whose only child this is: Linux keeps a process's ru_maxrss across fork
# and exec, so the child's own figure would start at the size of this benchmark.
SCALE_CHILD = """\
import json, sys, time
import docxtpl, commsgen.casefile, commsgen.generate, commsgen.guard_scan, commsgen.freetext
from commsgen.cli import cli
start = time.perf_counter()
try:
    code = cli.main(args=sys.argv[1:], prog_name="commsgen", standalone_mode=False)
except SystemExit as e:
    code = e.code
except Exception as e:
    print(f"commsgen: {type(e).__name__}", file=sys.stderr)
    code = 2
print(json.dumps({"exit": code or 0, "seconds": time.perf_counter() - start}))
"""
SCALE_WRAPPER = """\
import json, resource, subprocess, sys
child = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, text=True, check=False)
report = json.loads(child.stdout.strip().splitlines()[-1])
report["maxrss_kib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps(report))
"""


def rows_scaling(sizes: dict[int, int], folder: Path) -> list[Row]:
    """3: seconds per document and peak memory of a pack of 5 ... 1,000 pupils; sizes take turns."""
    example = EXAMPLE.read_text(encoding="utf-8")
    paths = {}
    for pupils in sizes:
        paths[pupils] = folder / f"scale-{pupils}.yaml"
        paths[pupils].write_text(scaled_case_text(example, pupils), encoding="utf-8")
    seconds: dict[int, list[float]] = {p: [] for p in sizes}  # of the pack, after the imports
    peaks: dict[int, list[int]] = {p: [] for p in sizes}
    documents: dict[int, int] = {}
    refused: dict[int, str] = {}
    run_pack(paths[min(sizes)], folder / "warm-up")  # file cache and bytecode
    for rep in range(max(sizes.values())):
        order = [p for p in sizes if rep < sizes[p] and p not in refused]
        for pupils in order if rep % 2 == 0 else reversed(order):
            report, error = run_pack(paths[pupils], folder / f"out-{pupils}-{rep}")
            if report["exit"] != 0:
                refused[pupils] = f"skipped: pack refuses this case (exit {report['exit']}: {error[:110]})"
                continue
            seconds[pupils].append(float(report["seconds"]))
            peaks[pupils].append(int(report["maxrss_kib"]))
            documents[pupils] = int(report["documents"])
    rows = []
    per_doc: dict[int, float] = {}
    for pupils in sizes:
        if pupils in refused:
            rows.append(Row("3", f"{pupils} pupils: s/doc, peak RSS of the pack", note=refused[pupils]))
            continue
        what = f"{pupils} pupils, {documents[pupils]} docs: s/doc, peak RSS of the pack"
        per_doc[pupils] = min(seconds[pupils]) / documents[pupils]
        rows.append(Row("3", what, value=f"{per_doc[pupils] * 1000:.1f}ms {max(peaks[pupils]) / 1024:.0f}MiB",
                        note=f"best of {len(seconds[pupils])}: {_secs(min(seconds[pupils]))} for the pack"))
    largest = max(per_doc, default=None)
    ratio = Row("3r", "s/doc at 1000 pupils / s/doc at 30 pupils", target="<= 1.3", met=lambda r: r <= 1.3)
    memory = Row("3m", "peak RSS at 1000 pupils, MiB", target="<= 250", met=lambda r: r <= 250)
    if 1000 in per_doc and 30 in per_doc:
        ratio.figure = per_doc[1000] / per_doc[30]
        memory.figure = max(peaks[1000]) / 1024
    else:
        context = (f"; for context s/doc at {largest} / at 30 pupils = {per_doc[largest] / per_doc[30]:.2f}"
                   if largest and 30 in per_doc and largest != 30 else "")
        why = "refused" if 1000 in refused else "not in this run"
        ratio.note = f"not measured: 1000 pupils {why}{context}"
        memory.note = ratio.note.split(";")[0]
    return [*rows, ratio, memory]


def run_pack(case_path: Path, out: Path) -> tuple[dict[str, Any], str]:
    """One pack in SCALE_CHILD: its report, and the first line it printed on stderr (no case values).

    The report's `documents` is the number of .docx files the pack wrote.
    """
    result = run([PYTHON, "-c", SCALE_WRAPPER, PYTHON, "-c", SCALE_CHILD, "pack", str(case_path),
                  "--out", str(out), "--quiet"])
    written = len(list(out.glob("*.docx"))) if out.is_dir() else 0
    shutil.rmtree(out, ignore_errors=True)
    if not result.stdout.strip():
        raise SystemExit(f"bench: the scaling child failed: {result.stderr.strip()[-300:]}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    report["documents"] = written
    error = (result.stderr.strip().splitlines() or ["no message"])[0]
    return report, error.replace(str(case_path), case_path.name)


# --- the profile ---------------------------------------------------------------------------------

FuncKey = tuple[str, int, str]
Edge = tuple[int, int, float, float]  # cProfile: primitive calls, calls, own time, cumulative time
PACKAGE_DIR = str(ROOT / "commsgen") + os.sep


def key_of(function: Callable[..., Any]) -> FuncKey:
    """cProfile's key for a Python function."""
    code = function.__code__
    return code.co_filename, code.co_firstlineno, code.co_name


def resolve(dotted: str) -> FuncKey | None:
    """The key of `module:Qual.name`, or None when the code no longer has it (it keeps changing)."""
    module_name, _, qualname = dotted.partition(":")
    try:
        target: Any = importlib.import_module(module_name)
        for attribute in qualname.split("."):
            target = getattr(target, attribute)
        return key_of(target)
    except (ImportError, AttributeError):
        return None


def module_of(key: FuncKey) -> str:
    """`commsgen.render`, `docxtpl`, `zipfile`, ... for a profiled function."""
    filename = key[0]
    if filename.startswith(PACKAGE_DIR):
        return "commsgen." + Path(filename).stem
    if filename == "~":
        return "builtins"
    parts = Path(filename).parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].removesuffix(".py")
    return Path(filename).stem


def label_of(key: FuncKey) -> str:
    return f"{module_of(key)}:{key[2]}" if key[0] != "~" else key[2]


@dataclass
class Profile:
    """cProfile's call graph: for each function its totals and the time spent under each caller."""

    stats: dict[FuncKey, tuple[int, int, float, float, dict[FuncKey, Edge]]]

    def total(self, key: FuncKey) -> float:
        return self.stats[key][3] if key in self.stats else 0.0

    def own(self, key: FuncKey) -> float:
        return self.stats[key][2] if key in self.stats else 0.0

    def calls(self, key: FuncKey) -> int:
        return self.stats[key][1] if key in self.stats else 0

    def callees(self, caller: FuncKey) -> dict[FuncKey, tuple[int, float]]:
        """Functions called by `caller`: (calls, cumulative seconds under this caller)."""
        return {key: (callers[caller][1], callers[caller][3])
                for key, (*_, callers) in self.stats.items() if caller in callers}


def profile_pack(case_path: Path) -> tuple[Profile, int]:
    """One profiled pack (after the timed ones, so imports and catalogs are as warm as there)."""
    profiler = cProfile.Profile()
    documents = profiler.runcall(pack_library, case_path)
    return Profile(pstats.Stats(profiler).stats), len(documents)  # type: ignore[attr-defined]


# Calls made straight from produce that serve another stage than the module they live in.
STAGE_OF = {"commsgen.docxzip": "commsgen.docxzip (zip written once, template read)",
            "commsgen.pii": "commsgen.guard_scan", "commsgen.guard_index": "commsgen.guard_scan"}

# Work of the pipeline counted over the whole pack; (label, function). Totals may nest.
REPEATED = [
    ("case loaded and validated (casefile.load_case)", "commsgen.casefile:load_case"),
    ("free-text check (freetext.check_free_text)", "commsgen.freetext:check_free_text"),
    ("templates read (templates.load_template)", "commsgen.templates:load_template"),
    ("templates linted (templates.check_template)", "commsgen.templates:check_template"),
    ("contexts projected (audiences.project)", "commsgen.audiences:project"),
    ("documents rendered (render.Renderer.render)", "commsgen.render:Renderer.render"),
    ("  Jinja compilations (Environment.from_string)", "jinja2.environment:Environment.from_string"),
    ("  Jinja renders (Template.render)", "jinja2.environment:Template.render"),
    ("  body: shell copied, serialised (Renderer._body)", "commsgen.render:Renderer._body"),
    ("  docxtpl table grids (DocxTemplate.fix_tables)", "docxtpl.template:DocxTemplate.fix_tables"),
    ("  docxtpl listing pass (resolve_listing)", "docxtpl.template:DocxTemplate.resolve_listing"),
    ("right to left (bidi.make_right_to_left)", "commsgen.bidi:make_right_to_left"),
    ("metadata cleaned (metadata.clean)", "commsgen.metadata:clean"),
    ("leak scan of the parts (Scanner.scan_parts)", "commsgen.guard_scan:Scanner.scan_parts"),
    ("  parts chosen (docxtext.package_text_parts)", "commsgen.docxtext:package_text_parts"),
    ("  text of a part (docxtext.part_text)", "commsgen.docxtext:part_text"),
    ("  case index lookups, uncached (CaseIndex._find)", "commsgen.guard_index:CaseIndex._find"),
    ("  matching per audience (Scanner.scan_text)", "commsgen.guard_scan:Scanner.scan_text"),
    ("template wording (guard_scan.wording_tokens)", "commsgen.guard_scan:wording_tokens"),
    ("zip packages written (docxzip.write_parts)", "commsgen.docxzip:write_parts"),
    ("zip packages read (docxzip.read_parts)", "commsgen.docxzip:read_parts"),
    ("manifest (manifest.build_manifest)", "commsgen.manifest:build_manifest"),
]


def breakdown(measured: tuple[Profile, int], label: str) -> list[str]:
    """Pack's time by the commsgen module the pipeline calls, a look inside, and the top functions."""
    profile, documents = measured
    root, producer, planner = key_of(pack_library), key_of(produce), key_of(pack_jobs)
    total = profile.total(root)
    groups: dict[str, list[tuple[str, int, float]]] = defaultdict(list)
    for caller in (root, producer, planner):
        for key, (calls, seconds) in profile.callees(caller).items():
            if key in (producer, planner):
                continue
            module = module_of(key)
            if not module.startswith("commsgen."):
                module = "commsgen.generate"  # produce's own small calls (dates, sets, lists)
            groups[STAGE_OF.get(module, module)].append((key[2], calls, seconds))
    own = profile.own(producer) + profile.own(root) + profile.own(planner)
    groups["commsgen.generate"].append(("(own code)", 1, own))
    out = [f"Where pack's time goes: cProfile of one pack of {label} ({documents} documents), "
           f"{total:.2f}s under the profiler ({total / documents * 1000:.1f} ms per document).",
           "Cumulative time of each call the pipeline (pack_library, produce) makes, grouped by the",
           "commsgen module called; profiling inflates pure-Python code more than C (lxml, zlib).", "",
           f"  {'module':<50} {'seconds':>7} {'share':>6} {'per doc':>8}  functions (calls)"]
    for module, entries in sorted(groups.items(), key=lambda g: -sum(e[2] for e in g[1])):
        seconds = sum(e[2] for e in entries)
        names = ", ".join(f"{n} ({c})" for n, c, s in sorted(entries, key=lambda e: -e[2]) if s >= 0.0005)
        out.append(f"  {module:<50} {seconds:7.3f} {seconds / total:6.1%} {seconds / documents * 1000:6.1f}ms"
                   f"  {names}")
    big = [key for key, (_, seconds) in profile.callees(producer).items() if seconds >= 0.05 * total]
    for key in sorted(big, key=lambda k: -profile.callees(producer)[k][1]):
        out += ["", f"Inside {label_of(key)} (calls under it taking >= 1% of the pack):"]
        out += _tree(profile, key, total, depth=2)
    out += ["", "The pipeline's work over the whole pack (totals; indented rows are inside the row above):"]
    for what, dotted in REPEATED:
        found = resolve(dotted)
        if found is None or found not in profile.stats:
            out.append(f"  {what:<60} (not called in this version)")
            continue
        calls = profile.calls(found)
        out.append(f"  {what:<60} {calls:6d} calls {calls / documents:6.1f}/doc "
                   f"{profile.total(found):7.3f}s {profile.total(found) / total:6.1%}")
    out += ["", "Top functions by own time (time in the function itself, not in what it calls):"]
    ranked = sorted(profile.stats, key=lambda k: -profile.own(k))[:15]
    for key in ranked:
        out.append(f"  {label_of(key)[:66]:<66} {profile.calls(key):7d} calls {profile.own(key):7.3f}s "
                   f"{profile.own(key) / total:6.1%}")
    return out


def _tree(profile: Profile, key: FuncKey, total: float, depth: int, indent: str = "  ") -> list[str]:
    lines = []
    for child, (calls, seconds) in sorted(profile.callees(key).items(), key=lambda kv: -kv[1][1]):
        if seconds < 0.01 * total:
            continue
        lines.append(f"{indent}{label_of(child):<{64 - len(indent)}} {calls:5d} calls {seconds:7.3f}s "
                     f"{seconds / total:6.1%}")
        if depth > 1:
            lines += _tree(profile, child, total, depth - 1, indent + "    ")
    return lines


# --- output --------------------------------------------------------------------------------------


def table(rows: list[Row]) -> list[str]:
    header = f"{'row':<4} {'what':<62} {'A best (median)':<19} {'B best (median)':<19} " \
             f"{'ratio':>6}  {'target':<8} result"
    lines = [header, "-" * len(header)]
    for row in rows:
        ratio = row.ratio
        if ratio is None:
            text = f"{row.value:<19} {'':<19} {'':>6}  {'':<8} " if row.value else ""
            lines.append(f"{row.key:<4} {row.what:<62} {text}{row.note}".rstrip())
            continue
        a = row.a.show() if row.a else row.value
        b = row.b.show() if row.b else ""
        verdict = "" if row.met is None else "met" if row.met(ratio) else "MISSED"
        runs = f"(n={len(row.a.times)})" if row.a else ""
        lines.append(f"{row.key:<4} {row.what:<62} {a:<19} {b:<19} {ratio:6.2f}  {row.target:<8} "
                     f"{' '.join(p for p in (verdict, runs, row.note) if p)}".rstrip())
    return lines


def machine() -> list[str]:
    soffice = shutil.which("soffice")
    office = "not installed"
    if soffice:
        result = run([soffice, "--version"])
        office = (result.stdout.strip().splitlines() or ["unknown"])[0]
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in ("docxtpl", "python-docx", "Jinja2", "lxml"))
    node = shutil.which("node")
    node_version = run([node, "--version"]).stdout.strip() if node else "not found"
    peers = ", ".join(f"{p} {peer_version(p)}" for p in ("docxtemplater", "pizzip", "carbone"))
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"platform     {platform.platform()} ({platform.machine()})",
        f"python       {platform.python_implementation()} {platform.python_version()} ({PYTHON})",
        f"cpus         {os.cpu_count()} (usable by this process: {affinity}); load average now {load}",
        f"libreoffice  {office}",
        f"libraries    {versions}",
        f"node         {node_version}; {peers}",
        f"code         {code_state()}",
    ]


def code_state() -> str:
    """The commit measured, and whether commsgen has uncommitted changes (it is being worked on)."""
    git = shutil.which("git")
    if git is None:
        return "unknown (no git)"
    head = run([git, "-C", str(ROOT), "rev-parse", "--short", "HEAD"]).stdout.strip() or "unknown"
    changed = run([git, "-C", str(ROOT), "status", "--porcelain", "--", "commsgen", "templates",
                   "locales"]).stdout.split("\n")
    files = [line[3:] for line in changed if line.strip()]
    return f"commit {head}" + (f" + uncommitted changes in {', '.join(files)}" if files else "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke test)")
    args = parser.parse_args(argv)
    reps = QUICK if args.quick else FULL
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    rows: list[Row] = []
    with scratch("case") as folder:
        large = folder / "large-case.yaml"
        large.write_text(large_case_text(EXAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"bench: {'quick' if args.quick else 'full'} run; large case written to {large}", flush=True)

        row, example_docs = row_pack("example", EXAMPLE, reps.pack)
        rows.append(row)
        print(f"bench: 1a example done ({time.perf_counter() - started:.0f}s)", flush=True)
        row, large_docs = row_pack("large", large, reps.pack_large)
        rows.append(row)
        print(f"bench: 1a large done ({time.perf_counter() - started:.0f}s)", flush=True)
        profiled = folder / f"profile-{PROFILE_PUPILS}-case.yaml"
        profiled.write_text(scaled_case_text(EXAMPLE.read_text(encoding="utf-8"), PROFILE_PUPILS),
                            encoding="utf-8")
        profile = [*breakdown(profile_pack(EXAMPLE), "the example"), "",
                   *breakdown(profile_pack(profiled), f"a generated {PROFILE_PUPILS}-pupil case")]
        print(f"bench: profiles done ({time.perf_counter() - started:.0f}s)", flush=True)

        rows += row_pdf(EXAMPLE, example_docs, reps.pdf)
        print(f"bench: 1b done ({time.perf_counter() - started:.0f}s)", flush=True)
        rows.append(row_startup(reps.startup))
        print(f"bench: 1c done ({time.perf_counter() - started:.0f}s)", flush=True)
        rows.append(row_memory("large", large, large_docs, reps.memory))
        rows.append(row_memory("example", EXAMPLE, example_docs, reps.memory))
        print(f"bench: 1d done ({time.perf_counter() - started:.0f}s)", flush=True)

        hundred = folder / "hundred-case.yaml"
        example_text = EXAMPLE.read_text(encoding="utf-8")
        hundred.write_text(scaled_case_text(example_text, HUNDRED_PUPILS), encoding="utf-8")
        hundred_docs = len(pack_jobs(load_case(hundred)))
        if hundred_docs != 100:
            print(f"bench: the {HUNDRED_PUPILS}-pupil case makes {hundred_docs} documents, not 100 "
                  "(the kinds changed: adjust HUNDRED_PUPILS)", flush=True)
        cases = {example_docs: EXAMPLE, hundred_docs: hundred}
        document, context, env = commsgen_letter(EXAMPLE)
        letter, expected = build(document, context, env), paragraphs(document)
        if paragraphs(fill(letter, letter.data)) != expected:
            raise SystemExit("bench: the peer letter, filled, does not read as commsgen's letter")
        rows += rows_peers(cases, letter, expected, reps.peers, folder)
        print(f"bench: 2a, 2b done ({time.perf_counter() - started:.0f}s)", flush=True)
        rows += rows_floor(cases, letter, reps.floor)
        print(f"bench: 2c done ({time.perf_counter() - started:.0f}s)", flush=True)
        rows += rows_scaling(reps.scale, folder)
        print(f"bench: 3 done ({time.perf_counter() - started:.0f}s)", flush=True)

    rows.sort(key=lambda row: row.key)  # stable: the order within a row group stays
    print()
    print("\n".join(table(rows)))
    print("A and B are the two variants named in `what`, in that order; ratio = best A / best B (best of n "
          "interleaved runs; the median in brackets).")
    print()
    print("\n".join(profile))
    print()
    print("\n".join(machine()))
    print(f"run          {time.perf_counter() - started:.0f}s, load average (1 min) {load_before:.2f} "
          f"at start, {os.getloadavg()[0]:.2f} at end; {'quick' if args.quick else 'full'} run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
