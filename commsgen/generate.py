"""The library entry: plan a run's documents, render and guard each one, then write them all or none."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import pii
from .audiences import Audience, letter_date, project
from .bidi import make_right_to_left
from .casefile import LoadedCase
from .docxzip import read_parts
from .errors import CommsgenError, LocaleError, PrivacyError
from .i18n import available_languages, catalog, text_direction
from .kinds import KINDS, DocKind
from .labels import LABELS
from .leakscan import Finding, Scanner, template_tokens
from .manifest import build_manifest
from .metadata import clean
from .output import OutputFile, claim, write_all
from .pdf import Converter, LibreOffice, pdf_text, processes_for
from .render import environment, language_context, render
from .templates import Template, check_template, load_template


class UsageError(CommsgenError):
    """A request that does not fit the case (unknown kind, person or language)."""


@dataclass(frozen=True)
class Job:
    """One document to make: a kind, a language and, for pupil documents, a person id."""

    kind: DocKind
    lang: str
    person_id: str | None = None

    @property
    def audience(self) -> Audience:
        return Audience(self.kind.audience, self.person_id)

    def filename(self, reference: str) -> str:
        """`2026-014_student-meeting_s2_nl.docx`: ids only, never a name."""
        person = f"_{self.person_id}" if self.person_id else ""
        return f"{reference}_{self.kind.name}{person}_{self.lang}.docx"


@dataclass(frozen=True)
class Options:
    """What the user asked for on the command line."""

    kinds: tuple[str, ...]
    langs: tuple[str, ...] | None = None
    person: str | None = None
    templates: Path | None = None
    today: dt.date | None = None
    allow_untranslated: bool = False  # render with Dutch where a translation is missing
    whole_pack: bool = False  # `pack`: `langs` are the parents' languages; the rest is Dutch
    pdf: bool = False  # also a PDF of every document
    pdfa: bool = False  # PDF/A-2b, for archiving


def case_languages(loaded: LoadedCase) -> list[str]:
    """`communication.languages`, else Dutch plus every guardian's language."""
    case = loaded.case
    if case.communication.languages:
        return list(dict.fromkeys(case.communication.languages))
    found = ["nl"] + [g.language for p in case.people for g in p.guardians]
    return list(dict.fromkeys(found))


def plan(loaded: LoadedCase, options: Options) -> list[Job]:
    """Every document of the run, in a stable order."""
    unknown = [k for k in options.kinds if k not in KINDS]
    if unknown:
        raise UsageError(f"unknown document kind '{unknown[0]}' (known: {', '.join(KINDS)})")
    available = available_languages()
    for lang in options.langs or case_languages(loaded):
        if lang not in available:
            raise LocaleError(f"no catalog for language '{lang}' (available: {', '.join(available)})")
    people = [p.id for p in loaded.case.people]
    if options.person is not None and options.person not in people:
        raise UsageError(f"no involved pupil has id '{options.person}' (ids: {', '.join(people) or 'none'})")
    jobs: list[Job] = []
    for name in options.kinds:
        kind = KINDS[name]
        if kind.all_languages:
            langs = list(options.langs or case_languages(loaded))
        else:
            langs = list(options.langs) if options.langs and not options.whole_pack else ["nl"]
        if kind.per_person:
            ids = [options.person] if options.person else people
            jobs += [Job(kind, lang, pid) for pid in ids for lang in langs]
        else:
            jobs += [Job(kind, lang) for lang in langs]
    return jobs


@dataclass(frozen=True)
class Rendered:
    """One guarded document in memory, with what the manifest and the PDF scan need."""

    job: Job
    name: str
    data: bytes
    template: Template
    scanner: Scanner
    wording: frozenset[str]


def produce(loaded: LoadedCase, jobs: list[Job], options: Options,
            progress: Callable[[Job], None] | None = None) -> list[Rendered]:
    """Render, clean and scan every job in memory; raise before anything is written."""
    case = loaded.case
    today = letter_date(case, options.today)
    templates: dict[str, Template] = {}
    scanners: dict[Audience, Scanner] = {}
    wordings: dict[str, frozenset[str]] = {}  # tokens of each template's own text
    env = environment()  # one for the run: it keeps the compiled template parts
    template_parts: dict[str, dict[str, bytes]] = {}
    parents_scanner = Scanner(case, Audience("parents"))  # the strictest: sees least
    documents: list[Rendered] = []
    for job in jobs:
        template = templates.get(job.kind.name)
        if template is None:
            template = templates[job.kind.name] = load_template(job.kind.name, options.templates)
            check_template(template, job.audience)
        translate = catalog(job.lang).gettext
        missing = catalog(job.lang).missing(template.msgids | set(LABELS.values()))
        if missing and not options.allow_untranslated:
            raise LocaleError(
                f"language '{job.lang}': {len(missing)} text(s) of {template.name} are not translated "
                "(or only as a draft); a letter would mix languages (--allow-untranslated to accept)"
            )
        context = project(case, job.audience, job.lang)
        context["today"] = today
        context.update(language_context(job.lang))
        if job.person_id is not None:
            context["pupil"] = context["people"][0]
        rendered = render(template, context, env)
        if text_direction(job.lang) == "rtl":
            rendered = make_right_to_left(rendered, job.lang)
        document = clean(rendered, fallback_title=job.kind.description, author=case.school.name,
                         lang=job.lang, now=dt.datetime.now(dt.UTC))
        scanner = scanners.get(job.audience) or scanners.setdefault(job.audience, Scanner(case, job.audience))
        if job.kind.name not in template_parts:
            template_parts[job.kind.name] = read_parts(template.data, template.name)
            wordings[job.kind.name] = template_tokens(template_parts[job.kind.name])
        unchanged = template_parts[job.kind.name]
        wording: frozenset[str] = frozenset()
        if scanner.generic:
            wording = wordings[job.kind.name] | pii.keys("\n".join(translate(m) for m in template.msgids))
        name = job.filename(case.case.reference)
        parts = read_parts(document, name)
        refuse_findings(name, job.audience, scanner.scan_parts(
            {part: data for part, data in parts.items() if unchanged.get(part) != data}, wording))
        # Parts the render left as the template had them: anything private for any audience is
        # private for parents, so a part clean for parents is clean for every audience.
        # Their scan is cached per part, so each is read once per run.
        same = {part: data for part, data in parts.items() if unchanged.get(part) == data}
        if parents_scanner.scan_parts(same, wording):
            refuse_findings(name, job.audience, scanner.scan_parts(same, wording))
        documents.append(Rendered(job, name, document, template, scanner, wording))
        if progress:
            progress(job)
    return documents


def refuse_findings(name: str, audience: Audience, findings: list[Finding]) -> None:
    """Block the run when a document holds details its audience may not see."""
    if findings:
        raise PrivacyError(
            f"{name}: blocked, it holds details the {audience.group} audience may not see",
            [f"{name}: {f} may not reach the {audience.group} audience; nothing was written"
             for f in findings],
        )


def to_pdf(documents: list[Rendered], converter: Converter, pdfa: bool) -> list[Rendered]:
    """The PDF of every document, converted in one go and leak-scanned like the .docx."""
    pdfs = converter.convert({d.name: d.data for d in documents}, pdfa=pdfa)
    converted = []
    for document in documents:
        name = document.name.removesuffix(".docx") + ".pdf"
        data = pdfs[document.name]
        findings = [
            finding
            for place, text in pdf_text(data, name).items()
            for finding in document.scanner.scan_text(text, place, document.wording)
        ]
        refuse_findings(name, document.job.audience, findings)
        converted.append(Rendered(document.job, name, data, document.template, document.scanner,
                                  document.wording))
    return converted


def generate(loaded: LoadedCase, options: Options, out_dir: Path, force: bool,
             progress: Callable[[Job], None] | None = None,
             converter: LibreOffice | None = None) -> list[Path]:
    """Make the requested documents and write them all, or raise and write nothing.

    With --pdf, `converter` may be a LibreOffice the caller started even earlier; it is ended here.
    """
    jobs = plan(loaded, options)
    if not jobs:
        raise UsageError("nothing to make: the case has no involved pupils for this document")
    if options.pdf and converter is None:
        converter = LibreOffice()  # missing LibreOffice fails before any work
    with converter or contextlib.nullcontext():
        if converter is not None:
            converter.start(processes_for(len(jobs)))  # it loads while produce() runs
        documents = produce(loaded, jobs, options, progress)
        if converter is not None:
            documents += to_pdf(documents, converter, options.pdfa)
    files = [OutputFile(d.name, d.data) for d in documents]
    with claim(out_dir):  # from reading the folder's manifest to the last file placed
        manifest = build_manifest(loaded, [(d.name, d.data, d.job, d.template) for d in documents],
                                  out_dir, force)
        return write_all(out_dir, files, force, extra=[manifest])
