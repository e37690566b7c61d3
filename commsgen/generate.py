"""The library entry: plan a run's documents, render and guard each one, then write them all or none."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .accessibility import set_language
from .audiences import Audience, letter_date, localise, project
from .bidi import make_right_to_left
from .casefile import LoadedCase
from .docxzip import write_parts
from .errors import CommsgenError, LocaleError, PrivacyError, TemplateError
from .guard_index import CaseIndex
from .guard_scan import Finding, Scanner, wording_tokens
from .i18n import available_languages, catalog, text_direction
from .jobs import Job as Job  # the library entry names these too
from .jobs import Options as Options
from .jobs import case_languages as case_languages
from .kinds import KINDS, SCHOOL_LANGUAGE, DocKind, languages_of, unmet, value_at
from .labels import LABELS
from .manifest import build_manifest
from .messages import t
from .metadata import SourceDate, clean, source_date
from .output import OutputFile, claim, write_all
from .pdf import Converter, LibreOffice, pdf_texts, processes_for
from .render import Renderer, language_context
from .status import gate
from .templates import Template, check_template, load_template
from .textformats import derived, document_extras


class UsageError(CommsgenError):
    """A request that does not fit the case (unknown kind, person or language)."""


def guardian_languages(loaded: LoadedCase, person_id: str) -> list[str]:
    """The languages of one pupil's guardians, Dutch when none is given."""
    person = next(p for p in loaded.case.people if p.id == person_id)
    return list(dict.fromkeys(g.language for g in person.guardians)) or ["nl"]


def plan(loaded: LoadedCase, options: Options) -> list[Job]:
    """Every document of the run, in a stable order."""
    unknown = [k for k in options.kinds if k not in KINDS]
    if unknown:
        raise UsageError(t("unknown document kind '{kind}' (known: {known})", kind=unknown[0],
                             known=", ".join(KINDS)))
    available = available_languages()
    for lang in options.langs or case_languages(loaded):
        if lang not in available:
            raise LocaleError(t("no catalog for language '{lang}' (available: {available})", lang=lang,
                                 available=", ".join(available)))
    people = [p.id for p in loaded.case.people]
    if options.person is not None and options.person not in people:
        # What was typed is not shown: a name typed where an id belongs must not reach a log.
        raise UsageError(t("no involved pupil has the id given with --person (ids: {ids})",
                           ids=", ".join(people) or "-"))
    jobs: list[Job] = []
    for name in options.kinds:
        kind = KINDS[name]
        missing = unmet(kind, loaded.case)
        if missing is not None:
            if options.whole_pack:
                continue  # `skipped` tells the user which kinds a pack leaves out, and why
            raise UsageError(t("{kind}: the case does not call for this document ({field} is not filled in "
                               "or does not apply)", kind=kind.name, field=missing))
        langs = kind_languages(kind, loaded, options)
        if kind.per_person:
            ids = [options.person] if options.person else [
                p.id for p in loaded.case.people if (not kind.roles or p.role in kind.roles)
                and (not kind.person_needs or getattr(p, kind.person_needs, None))]
            for pid in ids:
                own = langs
                asked = options.langs and not options.whole_pack
                if languages_of(kind, loaded.case) == "guardians" and not asked:
                    own = guardian_languages(loaded, pid)
                    unknown_lang = [lang for lang in own if lang not in available]
                    if unknown_lang:
                        raise LocaleError(t("no catalog for language '{lang}' (available: {available})",
                                            lang=unknown_lang[0], available=", ".join(available)))
                jobs += [Job(kind, lang, pid) for lang in own]
        else:
            jobs += [Job(kind, lang) for lang in langs]
    return jobs


def kind_languages(kind: DocKind, loaded: LoadedCase, options: Options) -> list[str]:
    """The languages a kind is made in: its readers' (`kinds.languages_of`), never a parent's for staff.

    A kind written in the school's language is made in it alone; asked for in another language
    (`render --lang pl teacher-briefing`), it is refused rather than made.
    """
    declared = languages_of(kind, loaded.case)
    if declared != "school":
        langs = list(options.langs or case_languages(loaded))
        # A message (portal) is made only in the case's own languages.
        if declared == "case" and kind.formats != ("docx",) and not options.whole_pack:
            foreign = [lang for lang in langs if lang not in case_languages(loaded)]
            if foreign:
                raise UsageError(t("{kind}: the case does not use language '{lang}' "
                                   "(communication.languages)", kind=kind.name, lang=foreign[0]))
        return langs
    if options.langs and not options.whole_pack and set(options.langs) - {SCHOOL_LANGUAGE}:
        raise UsageError(t("{kind}: written for staff, in the school's language only ({lang}); it is never "
                           "made in a parents' language", kind=kind.name, lang=SCHOOL_LANGUAGE))
    return [SCHOOL_LANGUAGE]


def skipped(loaded: LoadedCase, options: Options) -> list[tuple[str, str]]:
    """The kinds a pack leaves out, each with the case field that keeps it from being made."""
    found = [(name, unmet(KINDS[name], loaded.case)) for name in options.kinds if name in KINDS]
    return [(name, path) for name, path in found if path is not None]


def localised_fields() -> list[str]:
    """The free-text fields a letter prints per language (`incident.summary`, `follow_up.message`)."""
    from .sensitivity import field_table

    return [path for path, spec in field_table().items() if spec.pii == "text" and "parents" in spec.readers]


def free_text_gaps(loaded: LoadedCase, jobs: list[Job], folder: Path | None = None) -> dict[str, list[str]]:
    """Per document file name, the free-text fields it would print but has no text for in its language.

    A translated letter leaves such a paragraph out (a Dutch text in a Polish letter would mix
    languages); `check` and `pack` say so, per field and language, never with the text itself.
    """
    langs = {job.lang for job in jobs}
    fields = [path for path in localised_fields()
              if value_at(loaded.case, path) not in (None, "", {})
              and any(localise(value_at(loaded.case, path), lang) is None for lang in langs)]
    if not fields:
        return {}  # every free text is there in every language: no template needs reading
    uses: dict[str, set[str]] = {}
    gaps: dict[str, list[str]] = {}
    for job in jobs:
        if job.kind.name not in uses:
            uses[job.kind.name] = set(load_template(job.kind.name, folder).uses)
        for path in fields:
            value = value_at(loaded.case, path)
            printed = path in uses[job.kind.name] and value not in (None, "", {})
            if printed and localise(value, job.lang) is None:
                gaps.setdefault(job.filename(loaded.case.case.reference), []).append(path)
    return gaps


def warn_free_text(loaded: LoadedCase) -> list[str]:
    """`check`: one warning per free-text field and language a letter of the case would leave out."""
    jobs = plan(loaded, Options(tuple(KINDS), whole_pack=True))
    found: dict[tuple[str, str], None] = {}
    for name, paths in free_text_gaps(loaded, jobs).items():
        lang = name.removesuffix(".docx").rsplit("_", 1)[-1]
        found.update(dict.fromkeys((path, lang) for path in paths))
    return [t("{file}: warning: {field} has no text in language '{lang}': the letters in that language leave "
              "this paragraph out. Add the translation to the case file (see the README, 'Free text in "
              "several languages').", file=loaded.source, field=path, lang=lang) for path, lang in found]


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
    stamp = run_source_date(loaded, options).when  # created/modified of every document
    templates: dict[str, Template] = {}
    scanners: dict[tuple[Audience, str], Scanner] = {}
    wordings: dict[tuple[str, str], frozenset[str]] = {}  # tokens of each template's own text, per language
    renderer = Renderer()  # one for the run: it compiles each template part once, for all languages
    index = CaseIndex(case)  # the case's values, normalised and indexed once for every audience
    documents: list[Rendered] = []
    for job in jobs:
        template = templates.get(job.kind.name)
        if template is None:
            template = templates[job.kind.name] = load_template(job.kind.name, options.templates)
            check_template(template, job.audience)
        translate = catalog(job.lang).gettext
        missing = catalog(job.lang).missing(template.msgids | set(LABELS.values()))
        if missing and not options.allow_untranslated:
            raise LocaleError(t(
                "language '{lang}': {count} text(s) of {template} are not translated (or only as a draft); "
                "a letter would mix languages (--allow-untranslated to accept)",
                lang=job.lang, count=len(missing), template=template.name))
        context = project(case, job.audience, job.lang)
        context["today"] = today
        context.update(language_context(job.lang))
        if job.person_id is not None:
            context["pupil"] = context["people"][0]
        context.update(document_extras(job, context, loaded, options))
        # The package stays in memory as its parts until it is zipped, once, below.
        package = renderer.render(template, context)
        parts = package.parts
        rtl = text_direction(job.lang) == "rtl"
        if rtl:
            parts = make_right_to_left(parts, job.lang)
        parts = set_language(parts, job.lang, rtl)  # every run in the document's language (issue 21)
        parts = clean(parts, title=package.title or job.kind.description, author=case.school.name,
                      lang=job.lang, now=stamp)
        scanner = scanners.get((job.audience, job.lang)) or Scanner(index, job.audience, job.lang)
        scanners[job.audience, job.lang] = scanner
        wording = wordings.get((job.kind.name, job.lang))
        if wording is None:  # the template's own text in this language: helplines, fixed sentences
            wording = wordings[job.kind.name, job.lang] = template_wording(
                template, sorted(translate(m) for m in template.msgids))
        name = job.filename(case.case.reference)
        # Parts the render left as the template had them recur in every document: their text is
        # matched against the case once per run (the index caches it), then filtered per audience.
        refuse_findings(name, job.audience, scanner.scan_parts(parts, wording, name, TemplateError))
        # Text, HTML, e-mail and CSV files made of the same document: each scanned before anything is written.
        for extra in derived(job, name, parts, context):
            refuse_findings(extra.name, job.audience, scanner.scan_text(extra.text, extra.name, wording))
            documents.append(Rendered(job, extra.name, extra.data, template, scanner, wording))
        if "docx" in job.kind.formats:
            documents.append(Rendered(job, name, write_parts(parts), template, scanner, wording))
        if progress:
            progress(job)
    return documents


def template_wording(template: Template, translations: list[str]) -> frozenset[str]:
    """`guard_scan.wording_tokens` of a template in one language, kept in the disk cache (`cache`).

    It depends only on the template's bytes and its translated texts (given sorted, so that the
    result and the key are the same in every process), never on a case.
    """
    from . import cache

    key = cache.cache_key("wording", template.data, *translations)
    kept = cache.load_json("wording", key)
    if isinstance(kept, list) and all(isinstance(token, str) for token in kept):
        return frozenset(kept)
    found = wording_tokens(template.parts, translations)
    cache.store_json("wording", key, sorted(found))
    return found


def run_source_date(loaded: LoadedCase, options: Options) -> SourceDate:
    """The date a run's documents carry: the same case, templates and version make the same bytes."""
    case = loaded.case
    return source_date(case.communication.letter_date, letter_date(case, options.today))


def refuse_findings(name: str, audience: Audience, findings: list[Finding]) -> None:
    """Block the run when a document holds details its audience may not see."""
    if findings:
        raise PrivacyError(
            t("{name}: blocked, it holds details the {audience} audience may not see",
              name=name, audience=audience.group),
            [t("{name}: {finding} may not reach the {audience} audience; nothing was written",
               name=name, finding=f, audience=audience.group) for f in findings],
        )


def to_pdf(documents: list[Rendered], converter: Converter, pdfa: bool) -> list[Rendered]:
    """The PDF of every document, converted in one go and leak-scanned like the .docx."""
    documents = [d for d in documents if d.name.endswith(".docx")]  # text formats need no PDF
    pdfs = converter.convert({d.name: d.data for d in documents}, pdfa=pdfa)
    converted = []
    names = {d.name: d.name.removesuffix(".docx") + ".pdf" for d in documents}
    texts = pdf_texts({names[d.name]: pdfs[d.name] for d in documents})  # one pdftotext run for all
    for document in documents:
        name = names[document.name]
        data = pdfs[document.name]
        findings = [
            finding
            for place, text in texts[name].items()
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
    # Protocol order (`status.gate`): a held-back kind is refused, left out of a pack, or overridden.
    jobs, override = gate(loaded.case, plan(loaded, options), options.override, options.whole_pack)
    if not jobs:
        raise UsageError(t("nothing to make: the case has no involved pupils for this document"))
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
                                  out_dir, force, override=override,
                                  source=run_source_date(loaded, options))
        return write_all(out_dir, files, force, extra=[manifest])
