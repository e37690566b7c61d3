"""The library entry: plan a run's documents, render and guard each one, then write them all or none."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .audiences import Audience, letter_date, project
from .bidi import make_right_to_left
from .casefile import LoadedCase
from .docxzip import read_parts
from .errors import CommsgenError, LocaleError, PrivacyError
from .i18n import available_languages, catalog, text_direction
from .kinds import KINDS, DocKind
from .labels import LABELS
from .leakscan import Scanner, wording_tokens
from .metadata import clean
from .output import OutputFile, write_all
from .render import environment, render
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


def produce(loaded: LoadedCase, jobs: list[Job], options: Options,
            progress: Callable[[Job], None] | None = None) -> list[OutputFile]:
    """Render, clean and scan every job in memory; raise before anything is written."""
    case = loaded.case
    today = letter_date(case, options.today)
    templates: dict[str, Template] = {}
    scanners: dict[Audience, Scanner] = {}
    files: list[OutputFile] = []
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
        if job.person_id is not None:
            context["pupil"] = context["people"][0]
        rendered = render(template, context, environment(job.lang))
        if text_direction(job.lang) == "rtl":
            rendered = make_right_to_left(rendered, job.lang)
        title = _rendered_title(rendered) or job.kind.description
        document = clean(rendered, title=title, author=case.school.name, lang=job.lang,
                         now=dt.datetime.now(dt.UTC))
        scanner = scanners.get(job.audience) or scanners.setdefault(job.audience, Scanner(case, job.audience))
        wording = wording_tokens(
            read_parts(template.data, template.name), [translate(m) for m in template.msgids]
        ) if scanner.generic else frozenset()
        findings = scanner.scan_parts(read_parts(document, "rendered document"), wording)
        if findings:
            raise PrivacyError(
                f"{job.filename(case.case.reference)}: blocked, it holds details the "
                f"{job.audience.group} audience may not see",
                [f"{job.filename(case.case.reference)}: {f} may not reach the {job.audience.group} "
                 "audience; nothing was written" for f in findings],
            )
        files.append(OutputFile(job.filename(case.case.reference), document))
        if progress:
            progress(job)
    return files


def _rendered_title(data: bytes) -> str:
    core = read_parts(data, "rendered document").get("docProps/core.xml", b"").decode("utf-8", "replace")
    match = re.search(r"<dc:title>(.*?)</dc:title>", core, re.DOTALL)
    if not match:
        return ""
    from html import unescape

    return unescape(unescape(match.group(1)))  # docxtpl escapes once more under autoescape


def generate(loaded: LoadedCase, options: Options, out_dir: Path, force: bool) -> list[Path]:
    """Make the requested documents and write them all, or raise and write nothing."""
    jobs = plan(loaded, options)
    if not jobs:
        raise UsageError("nothing to make: the case has no involved pupils for this document")
    files = produce(loaded, jobs, options)
    return write_all(out_dir, files, force)
