#!/usr/bin/env python3
"""Benchmark of `commsgen pack`: what the privacy guard costs over bare docxtpl, and more.

Run it from the project root, with the interpreter that has commsgen's dependencies::

    python benchmarks/bench.py            # full run: a few minutes on 2 cores
    python benchmarks/bench.py --quick    # fewer repetitions: a smoke test of the script

(for example `.venv/bin/python benchmarks/bench.py`; the script puts the project root on
`sys.path` and on its children's `PYTHONPATH` itself, so the checkout is what gets measured.)

This is a benchmark, not a test: it prints a table and always exits 0 once it has measured
(a missed target is reported as "missed", not raised). Machines are shared and noisy, so every
row compares two variants measured side by side in the same run; the ratio is the result and
the absolute times are only context. Each variant runs once untimed (warm-up), then the variants
take turns, rotating who goes first (A B, B A, A B, ...), so that load on the machine hits them
alike. Times are `time.perf_counter` wall times; the table shows the median and [min-max] of each
variant and the ratio of the medians.

Rows (the targets come from the issue):

1a  pack / bare docxtpl, on the example case and on a large generated one (30 pupils, 1-2
    guardians each, seven languages; fictional names, reserved domains). A is `pack` through the
    library, everything except writing files: load_case, check_public_text, plan and produce (it
    renders, makes Arabic right to left, cleans metadata and leak-scans every document). B is
    bare docxtpl for the same jobs: a fresh `DocxTemplate(path)`, `render(context, jinja_env)`,
    `save(BytesIO)`, with the same templates, the same projected contexts and a Jinja environment
    configured the same way (a fresh one per document, as plain docxtpl use has it), all built
    before timing. Target: ratio <= 1.25. A cProfile of one
    extra pack of the large case (not timed) shows where pack's time goes, by commsgen module.
1b  soffice per document / `pack --pdf`, on the example case. A is `python -m commsgen pack CASE
    --pdf --out DIR` (one LibreOffice process for the whole run, docx rendering included); B is
    one `soffice --headless --convert-to pdf` per document of the same pack (docx made once,
    before timing), each with its own fresh `-env:UserInstallation` profile. Target: >= 3. For
    context, two more variants take their turns with them: the plain `pack` (no --pdf), and a
    single soffice call converting all documents (the floor for "one LibreOffice process").
    While `pack --pdf` does not exist (exit 2, "no such option") or fails, the row is skipped,
    with the reason.
1c  `python -m commsgen --help` / `python -c "import click"`, fresh interpreters. Target <= 1.5.
1d  Peak memory (max RSS) of `python -m commsgen pack LARGE --out DIR`, read with
    `resource.getrusage(RUSAGE_CHILDREN).ru_maxrss` in a small wrapper process whose only child
    is the pack (the benchmark's own RUSAGE_CHILDREN would also hold LibreOffice's peak). The
    example case is shown for context.

The end of the output describes the machine (platform, Python, CPUs, load, LibreOffice).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib
import io
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docxtpl import DocxTemplate  # noqa: E402
from jinja2.sandbox import ImmutableSandboxedEnvironment  # noqa: E402

from commsgen.audiences import letter_date, project  # noqa: E402
from commsgen.casefile import load_case  # noqa: E402
from commsgen.generate import Job, Options, plan, produce  # noqa: E402
from commsgen.kinds import KINDS  # noqa: E402
from commsgen.leakscan import check_public_text  # noqa: E402
from commsgen.render import environment, language_context  # noqa: E402
from commsgen.templates import find_template  # noqa: E402

EXAMPLE = ROOT / "examples" / "case.yaml"
PYTHON = sys.executable
CHILD_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(
    p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
)}
LANGUAGES = ("nl", "en", "de", "pl", "tr", "ar", "uk")


@dataclass(frozen=True)
class Plan:
    """Repetitions per row; `--quick` only checks that every row runs."""

    pack: int
    pack_large: int
    pdf: int
    startup: int
    memory: int


FULL = Plan(pack=7, pack_large=5, pdf=3, startup=15, memory=2)
QUICK = Plan(pack=2, pack_large=1, pdf=1, startup=3, memory=1)


# --- the large case ------------------------------------------------------------------------------

# Fictional people only. Names were picked so that none is an ordinary word of the documents in
# any of the seven languages (the leak scan matches names as whole words and would block them).
PUPILS = [
    "Lieke", "Bram", "Noor", "Finn", "Lotte", "Jesse", "Fenna", "Thijs", "Iris", "Ruben",
    "Elif", "Emre", "Oksana", "Taras", "Zofia", "Kacper", "Amira", "Yusuf", "Hanna", "Lukas",
    "Sophie", "Oliver", "Nadia", "Bilal", "Femke", "Stijn", "Maud", "Jelle", "Vera", "Teun",
]
SURNAMES = [
    "Verhoeven", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Groot", "Brouwer", "Dekker",
    "Vermeulen", "van Dijk", "Hendriks", "Dijkstra", "Kaya", "Yılmaz", "Shevchenko", "Kovalenko",
    "Nowak", "Zieliński", "Haddad", "Benali", "Schmidt", "Becker", "Peeters", "Claes", "Willems",
    "Janssens", "Kuipers", "Postma", "Hoekstra",
]
GUARDIANS = [
    "Anke", "Marco", "Ilse", "Ronald", "Esther", "Dennis", "Wendy", "Patrick", "Sandra", "Erik",
    "Monique", "Gerard", "Ayşe", "Mehmet", "Olena", "Andrii", "Magdalena", "Tomasz", "Samira",
    "Rachid", "Birgit", "Jürgen", "Chantal", "Wouter", "Ingeborg", "Harm", "Yvonne", "Sjoerd",
    "Nicole", "Arjen", "Leonie", "Frank", "Marloes", "Bart", "Dilek", "Serkan", "Halyna", "Bohdan",
    "Katarzyna", "Piotr", "Leila", "Karim", "Ursula", "Dieter", "Mirjam", "Joris", "Astrid", "Ruud",
    "Gerrit", "Hilde",
]
ROLES = ["depicted", "shared", "shared", "received", "received", "received", "saw", "saw", "reported"]
RELATIONS = [("moeder", "vader"), ("ouder", "ouder"), ("verzorger", "pleegouder"), ("voogd", "moeder")]


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _mailbox(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]+", ".", ascii_name.lower()).strip(".")


def large_people() -> str:
    """The `people:` block of the large case: 30 pupils, 1-2 guardians each, every language."""
    lines = ["people:"]
    guardian_names = iter(GUARDIANS)
    phone = 5700
    for i, (first, surname) in enumerate(zip(PUPILS, SURNAMES, strict=True)):
        pid = f"p{i + 1:02d}"
        lines += [
            f"  - id: {pid}",
            f"    name: {_q(f'{first} {surname}')}",
            f"    role: {ROLES[i % len(ROLES)]}",
            f"    group: {_q('groep 8' if i % 3 else 'groep 7')}",
            "    guardians:",
        ]
        relations = RELATIONS[i % len(RELATIONS)]
        domain = "example.org" if i % 2 == 0 else "ouders.invalid"
        for g in range(1 if i % 3 == 2 else 2):
            full = f"{next(guardian_names)} {surname}"
            phone += 1
            lines += [
                f"      - name: {_q(full)}",
                f"        relation: {relations[g]}",
                f"        phone: {_q(f'06 1234 {phone}')}",
                f"        email: {_q(f'{_mailbox(full)}@{domain}')}",
                f"        language: {LANGUAGES[(i + g) % len(LANGUAGES)]}",
            ]
        if i % 4 == 0:
            note = f"Gesprek {i + 1} met mentor en ouders gepland; dossierstuk {pid}."
            lines.append(f"    notes: {_q(note)}")
    return "\n".join(lines) + "\n\n"


def large_case_text(example: str) -> str:
    """The example case with its people replaced by 30 generated pupils and all seven languages."""
    text, people = re.subn(r"^people:\n.*?(?=^police:)", lambda _: large_people(), example,
                           flags=re.MULTILINE | re.DOTALL)
    text, langs = re.subn(r"^  languages: \[.*\]$", f"  languages: [{', '.join(LANGUAGES)}]", text,
                          flags=re.MULTILINE)
    if people != 1 or langs != 1:
        raise SystemExit("bench: the example case no longer has the expected people/languages layout")
    return text


# --- measuring -----------------------------------------------------------------------------------


@dataclass
class Samples:
    """The wall times of one variant, in seconds."""

    times: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    def show(self) -> str:
        return f"{_secs(self.median)} [{_secs(min(self.times))}-{_secs(max(self.times))}]"


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
    value: str = ""  # a row without ratio (memory) shows this instead
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.a is None or self.b is None:
            return None
        return self.a.median / self.b.median


# --- 1a: pack through the library against bare docxtpl -------------------------------------------

PACK_OPTIONS = Options(tuple(KINDS), whole_pack=True)  # what `commsgen pack CASE` asks for


def pack_library(case_path: Path) -> list[Any]:
    """`commsgen pack` without writing: the same calls as cli._run and generate.generate."""
    loaded = load_case(case_path)
    check_public_text(loaded)
    jobs = plan(loaded, PACK_OPTIONS)
    return produce(loaded, jobs, PACK_OPTIONS)


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
    for job in plan(loaded, PACK_OPTIONS):
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


def row_pack(label: str, case_path: Path, reps: int) -> tuple[Row, int]:
    bare_jobs = prepare_bare(case_path)
    count = len(pack_library(case_path))
    if count != len(bare_jobs) or len(bare_docxtpl(bare_jobs)) != count:
        raise SystemExit("bench: pack and bare docxtpl do not make the same documents")
    pack, bare = interleaved([lambda: pack_library(case_path), lambda: bare_docxtpl(bare_jobs)], reps)
    row = Row("1a", f"{label}, {count} docs: pack (library) / bare docxtpl", pack, bare,
              target="<= 1.25", met=lambda r: r <= 1.25)
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


def row_pdf(case_path: Path, documents: int, reps: int) -> Row:
    """A: one soffice per document; B: `pack --pdf`. Two more variants run alongside for context."""
    row = Row("1b", f"example, {documents} docs: soffice per document / pack --pdf",
              target=">= 3", met=lambda r: r >= 3)
    soffice = shutil.which("soffice")
    if soffice is None:
        row.note = "skipped: soffice is not installed"
        return row
    reason = pdf_unavailable(case_path, documents)
    if reason:
        row.note = reason
        return row
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

        def one_soffice(folder: Path) -> None:
            checked([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                     "--convert-to", "pdf", "--outdir", str(folder / "pdf"), *map(str, docx)])

        variants = [
            in_folder(lambda folder: soffice_per_document(soffice, docx, folder)),
            in_folder(lambda folder: checked(pack_cmd(case_path, folder, pdf=True), base)),
            in_folder(lambda folder: checked(pack_cmd(case_path, folder, pdf=False), base)),
            in_folder(one_soffice),
        ]
        # The probe and the plain pack above warmed commsgen up; one conversion warms LibreOffice.
        soffice_per_document(soffice, docx[:1], base / "warm-up")
        row.a, row.b, plain, single = interleaved(variants, reps, warm=False)
    row.note = (f"context: plain `pack` {_secs(plain.median)}; one soffice for all {documents} docs "
                f"{_secs(single.median)}")
    return row


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


def profile_pack(case_path: Path) -> Profile:
    """One profiled pack (after the timed ones, so imports and catalogs are as warm as there)."""
    profiler = cProfile.Profile()
    profiler.runcall(pack_library, case_path)
    return Profile(pstats.Stats(profiler).stats)  # type: ignore[attr-defined]


# Calls made straight from produce that serve another stage than the module they live in.
STAGE_OF = {"commsgen.docxzip": "commsgen.docxzip (reads for the scan)", "commsgen.pii": "commsgen.leakscan"}

# Work that happens several times per document; (label, function). Totals may nest.
REPEATED = [
    ("zip packages opened (zipfile.ZipFile)", "zipfile:ZipFile.__init__"),
    ("zip packages written by docxtpl (python-docx save)", "docx.document:Document.save"),
    ("zip packages rewritten by commsgen (docxzip.write_parts)", "commsgen.docxzip:write_parts"),
    ("packages unzipped by commsgen (docxzip.read_parts)", "commsgen.docxzip:read_parts"),
    ("template opened and parsed by python-docx (docx.Document)", "docx.api:Document"),
    ("docxtpl patch_xml (regex clean-up of the template XML)", "docxtpl.template:DocxTemplate.patch_xml"),
    ("Jinja compilations (Environment.from_string)", "jinja2.environment:Environment.from_string"),
    ("Jinja template renders (Template.render)", "jinja2.environment:Template.render"),
    ("leak-scan texts of XML parts (leakscan.part_text, lxml)", "commsgen.leakscan:part_text"),
    ("leak-scan matching (Scanner.scan_text)", "commsgen.leakscan:Scanner.scan_text"),
    ("leak-scan set-up per audience (Scanner.__init__)", "commsgen.leakscan:Scanner.__init__"),
]


def breakdown(profile: Profile, documents: int) -> list[str]:
    """Pack's time by the commsgen module the pipeline calls, then a look inside the big ones."""
    root, producer = key_of(pack_library), key_of(produce)
    total = profile.total(root)
    groups: dict[str, list[tuple[str, int, float]]] = defaultdict(list)
    for caller in (root, producer):
        for key, (calls, seconds) in profile.callees(caller).items():
            if key == producer:
                continue
            module = module_of(key)
            if not module.startswith("commsgen."):
                module = "commsgen.generate"  # produce's own small calls (dates, sets, lists)
            groups[STAGE_OF.get(module, module)].append((key[2], calls, seconds))
    groups["commsgen.generate"].append(("(own code)", 1, profile.own(producer) + profile.own(root)))
    out = [f"Where pack's time goes: cProfile of one pack of the large case ({documents} documents), "
           f"{total:.2f}s under the profiler.",
           "Cumulative time of each call the pipeline (pack_library, produce) makes, grouped by the",
           "commsgen module called; profiling inflates pure-Python code more than C (lxml, zlib).", "",
           f"  {'module':<38} {'seconds':>7} {'share':>6} {'per doc':>8}  functions (calls)"]
    for module, entries in sorted(groups.items(), key=lambda g: -sum(e[2] for e in g[1])):
        seconds = sum(e[2] for e in entries)
        names = ", ".join(f"{n} ({c})" for n, c, s in sorted(entries, key=lambda e: -e[2]) if s >= 0.0005)
        out.append(f"  {module:<38} {seconds:7.3f} {seconds / total:6.1%} {seconds / documents * 1000:6.1f}ms"
                   f"  {names}")
    big = [key for key, (_, seconds) in profile.callees(producer).items() if seconds >= 0.05 * total]
    for key in sorted(big, key=lambda k: -profile.callees(producer)[k][1]):
        out += ["", f"Inside {label_of(key)} (calls under it taking >= 1% of the pack):"]
        out += _tree(profile, key, total, depth=2)
    out += ["", "Repeated work across the whole pack (totals; rows may nest in one another):"]
    for what, dotted in REPEATED:
        found = resolve(dotted)
        if found is None or found not in profile.stats:
            out.append(f"  {what:<60} (not called in this version)")
            continue
        calls = profile.calls(found)
        out.append(f"  {what:<60} {calls:5d} calls {calls / documents:5.1f}/doc "
                   f"{profile.total(found):7.3f}s {profile.total(found) / total:6.1%}")
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
    header = f"{'row':<4} {'what':<56} {'A median [min-max]':<27} {'B median [min-max]':<27} " \
             f"{'ratio':>6}  {'target':<8} result"
    lines = [header, "-" * len(header)]
    for row in rows:
        if row.value:
            lines.append(f"{row.key:<4} {row.what:<56} {row.value:<27} {'':<27} {'':>6}  {'':<8} "
                         f"{row.note}")
            continue
        ratio = row.ratio
        if row.a is None or row.b is None or ratio is None:
            lines.append(f"{row.key:<4} {row.what:<56} {row.note}")
            continue
        verdict = "met" if row.met is None or row.met(ratio) else "MISSED"
        n = len(row.a.times)
        lines.append(f"{row.key:<4} {row.what:<56} {row.a.show():<27} {row.b.show():<27} "
                     f"{ratio:6.2f}  {row.target:<8} {verdict} (n={n}) {row.note}".rstrip())
    return lines


def machine() -> list[str]:
    soffice = shutil.which("soffice")
    office = "not installed"
    if soffice:
        result = run([soffice, "--version"])
        office = (result.stdout.strip().splitlines() or ["unknown"])[0]
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in ("docxtpl", "python-docx", "Jinja2", "lxml"))
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"platform     {platform.platform()} ({platform.machine()})",
        f"python       {platform.python_implementation()} {platform.python_version()} ({PYTHON})",
        f"cpus         {os.cpu_count()} (usable by this process: {affinity}); load average now {load}",
        f"libreoffice  {office}",
        f"libraries    {versions}",
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
        profile = breakdown(profile_pack(large), large_docs)

        rows.append(row_pdf(EXAMPLE, example_docs, reps.pdf))
        print(f"bench: 1b done ({time.perf_counter() - started:.0f}s)", flush=True)
        rows.append(row_startup(reps.startup))
        print(f"bench: 1c done ({time.perf_counter() - started:.0f}s)", flush=True)
        rows.append(row_memory("large", large, large_docs, reps.memory))
        rows.append(row_memory("example", EXAMPLE, example_docs, reps.memory))
        print(f"bench: 1d done ({time.perf_counter() - started:.0f}s)", flush=True)

    print()
    print("\n".join(table(rows)))
    print("A and B are the two variants named in `what`, in that order; ratio = median A / median B.")
    print()
    print("\n".join(profile))
    print()
    print("\n".join(machine()))
    print(f"run          {time.perf_counter() - started:.0f}s, load average (1 min) {load_before:.2f} "
          f"at start, {os.getloadavg()[0]:.2f} at end; {'quick' if args.quick else 'full'} run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
