"""The command line: a thin Click shell over the library; errors are mapped to exit codes in one place."""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import messages
from .errors import CommsgenError
from .messages import N_, t, tn

CASE = click.Path(path_type=Path, dir_okay=False)
FOLDER = click.Path(path_type=Path, file_okay=True)


_EXTRA = re.compile(r"\[([^\[\]]*)\]$")


def _extra(item: str) -> str:
    """One item of Click's `[default: out; required]`, in the interface language."""
    if item.startswith("default: "):
        return t("default: {default}", default=item.removeprefix("default: "))
    return t("required") if item == "required" else item


def _help_record(param: click.Parameter, ctx: click.Context) -> tuple[str, str] | None:
    """An option's line in `--help`, translated when it is shown (the language is known by then)."""
    original = param.help if isinstance(param, click.Option) else None
    if isinstance(param, click.Option) and original:
        param.help = t(original)
    try:
        record = param.get_help_record(ctx)
    finally:
        if isinstance(param, click.Option):
            param.help = original
    if record is None:
        return None
    spec, text = record
    return spec, _EXTRA.sub(lambda m: "[" + "; ".join(map(_extra, m[1].split("; "))) + "]", text)


class TranslatedHelp(click.Command):
    """`--help` in the interface language: the English help texts are msgids of the ui catalog."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=t("Usage:") + " ")

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.help:
            import inspect

            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(t(inspect.cleandoc(self.help)).partition("\f")[0])

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [
            record for param in self.get_params(ctx)
            if isinstance(param, click.Option) and (record := _help_record(param, ctx)) is not None
        ]
        if records:
            with formatter.section(t("Options")):
                formatter.write_dl(records)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help:
            return t(self.short_help)
        if not self.help:
            return ""
        import inspect

        first = t(inspect.cleandoc(self.help)).split("\n\n")[0].replace("\n", " ")
        return first if len(first) <= limit else first[: limit - 3].rsplit(" ", 1)[0] + "..."


class CommsgenGroup(TranslatedHelp, click.Group):
    """Runs a command and reports any failure as `commsgen: error: ...` lines, without traceback."""

    command_class = TranslatedHelp
    group_class = type

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        if parent is None:
            messages.use(None)  # each run starts from the environment's language, then --taal
        return super().make_context(info_name, args, parent, **extra)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section(t("Commands")):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # `commsgen lint | head -1`: the reader has all it wanted
            _output_to_nowhere()
            ctx.exit(0)
        except CommsgenError as e:
            if ctx.params.get("debug"):
                import traceback

                traceback.print_exc()
            for line in e.lines:
                click.echo(t("commsgen: error: {problem}", problem=line), err=True)
            ctx.exit(e.exit_code)
        except Exception as e:  # the last resort: never a traceback with case data in it
            if ctx.params.get("debug"):
                import traceback

                traceback.print_exc()
            problem = t("internal error ({kind}); run with --debug to see where", kind=type(e).__name__)
            click.echo(t("commsgen: error: {problem}", problem=problem), err=True)
            ctx.exit(1)


def _tolerant_streams() -> None:
    """A character the console cannot show (a cp1252 console, a redirected output) becomes `?`."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


def _output_to_nowhere() -> None:
    """Standard output is gone (a closed pipe): send the rest to the null device, so exit is quiet."""
    with contextlib.suppress(OSError, ValueError):
        nowhere = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(nowhere, sys.stdout.fileno())
        finally:
            os.close(nowhere)


def _languages(value: str | None) -> tuple[str, ...] | None:
    if not value:
        return None
    return tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))


def _use_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    messages.use(value)  # None: the environment's language (a previous run's choice is forgotten)
    return value


@click.group(cls=CommsgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--taal", "--ui-lang", type=click.Choice(messages.LANGUAGES), is_eager=True, expose_value=False,
              callback=_use_language, help="Language of messages and help (default: COMMSGEN_LANG, "
              "else the system language).")
@click.option("--debug", is_flag=True, help="Show a traceback when something fails (may show case data).")
@click.version_option(package_name="commsgen", help="Show the version and exit.")
def cli(debug: bool) -> None:
    """Make the documents of a sexting or image-sharing incident from one case file.

    Each audience (parents, staff, one pupil's conversation, police) gets only what it may
    know. Start with `commsgen init case.yaml`, fill it in, run `commsgen check case.yaml`,
    then `commsgen pack case.yaml`.
    """


@cli.command()
@click.argument("case_file", type=CASE)
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
              help="Language of the comments in the skeleton.")
def init(case_file: Path, lang: str) -> None:
    """Write a commented, empty case file to fill in (never overwrites)."""
    from .skeleton import write_skeleton

    written = write_skeleton(case_file, lang)
    for path in written:
        click.echo(t("wrote {path}", path=path))
    click.echo(t("next: fill in {file}, then run: commsgen check {file}", file=case_file))


@cli.command()
@click.argument("case_file", type=CASE)
def check(case_file: Path) -> None:
    """Validate a case file; print every problem as FILE:LINE: field: message."""
    from .casefile import load_case
    from .freetext import check_free_text
    from .generate import warn_free_text

    loaded = load_case(case_file)
    check_free_text(loaded)
    people = len(loaded.case.people)
    for warning in warn_free_text(loaded):  # a warning, not an error: the letters can still be made
        click.echo(warning, err=True)
    click.echo(tn("{file}: valid ({count} involved pupil)", "{file}: valid ({count} involved pupils)",
                  people, file=case_file))
    _report_profile(case_file)


@cli.command(name="list")
def list_kinds() -> None:
    """List the document kinds with audience, protocol step and languages."""
    from .i18n import kind_languages
    from .kinds import KINDS, SCHOOL_LANGUAGE

    for kind in KINDS.values():
        audience = "student:<id>" if kind.per_person else kind.audience
        readers, step = t("audience"), t("step")
        # A kind written for staff is made in the school's language only (kinds.py), whatever catalogs hold.
        shown = SCHOOL_LANGUAGE if kind.languages == "school" else kind_languages(kind.name)
        languages = t("languages: {languages}", languages=shown)
        click.echo(f"{kind.name:<20} {readers} {audience:<13} {step} {kind.steps:<5} {t(kind.description)}")
        click.echo(f"{'':<20} {languages}")


def _run(case_file: Path, options: Any, out: Path, force: bool, quiet: bool) -> None:
    from .pdf import LibreOffice

    # LibreOffice first (or a clear error before any work): it loads while the rest is imported,
    # the case is read and the documents are made.
    with LibreOffice() if options.pdf else contextlib.nullcontext() as converter:
        from .casefile import load_case
        from .freetext import check_free_text
        from .generate import free_text_gaps, generate, plan, skipped

        loaded = load_case(case_file)
        check_free_text(loaded)
        jobs = plan(loaded, options)
        total = len(jobs)
        if not quiet and sys.stderr.isatty() and (total > 3 or options.pdf):
            with click.progressbar(length=total, label=t("making documents"), file=sys.stderr) as bar:
                written = generate(loaded, options, out, force, lambda _job: bar.update(1), converter)
        else:
            written = generate(loaded, options, out, force, converter=converter)
    if quiet:
        return
    # The run is committed: from here on, nothing may turn it into a failure.
    try:
        gaps = free_text_gaps(loaded, jobs, options.templates)
        for path in written:
            click.echo(t("wrote {path}", path=path))
            for field in gaps.get(path.stem + ".docx", []):
                click.echo("  " + t("note: {field} has no text in language '{lang}': this letter leaves that "
                                    "paragraph out", field=field, lang=path.stem.rsplit("_", 1)[-1]))
        from .textformats import missing_drafts

        for pid in missing_drafts(loaded, options.kinds, options.person):
            click.echo(t("invitation {person}: no e-mail draft, none of the guardians has an e-mail address "
                         "(people[].guardians[].email)", person=pid), err=True)
        if options.pdf:
            from .pdf import font_warning

            font = font_warning()  # the layout of the PDFs depends on it (issue 17)
            if font:
                click.echo("commsgen: " + font, err=True)
        if options.whole_pack:
            for name, missing in skipped(loaded, options):
                click.echo(t("skipped {kind}: the case does not call for it ({field} is not filled in "
                             "or does not apply)", kind=name, field=missing), err=True)
    except OSError:
        _output_to_nowhere()


OUT_HELP = "Folder for the documents (created if needed)."
PDF_HELP = "Also a PDF of every document (needs LibreOffice: apt install libreoffice-writer-nogui)."
PDFA_HELP = "PDF/A-2b for archiving (implies --pdf)."
UNTRANSLATED_HELP = "Accept Dutch text where a translation is missing (normally an error)."
TEMPLATES_HELP = "Folder with the school's own <kind>.docx templates; missing kinds use the built-in ones."
OVERRIDE_HELP = ("Make documents the protocol order still holds back (exit 4 without it); the reason, "
                 "without names, is recorded in manifest.json.")


def run_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options `render` and `pack` share: where to write, which templates, PDF, quiet."""
    for option in reversed([
        click.option("--out", type=FOLDER, default=Path("out"), show_default=True, help=OUT_HELP),
        click.option("--force", is_flag=True, help="Replace documents that already exist."),
        click.option("--templates", type=click.Path(path_type=Path, file_okay=False), help=TEMPLATES_HELP),
        click.option("--allow-untranslated", is_flag=True, help=UNTRANSLATED_HELP),
        click.option("--pdf", is_flag=True, help=PDF_HELP),
        click.option("--pdfa", is_flag=True, help=PDFA_HELP),
        click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors."),
        click.option("--override", metavar="REASON", help=OVERRIDE_HELP),
    ]):
        command = option(command)
    return command


@cli.command()
@click.argument("case_file", type=CASE)
@click.option("--doc", "kind", required=True, help="Document kind (see `commsgen list`).")
@click.option("--lang", help="Language(s), comma-separated, e.g. nl,en. Default: for the parent letter the "
              "case's communication.languages (else Dutch plus every guardian's language); otherwise Dutch.")
@click.option("--person", help="Only this pupil's document (student-meeting, victim-checklist), by id.")
@run_options
def render(case_file: Path, kind: str, lang: str | None, person: str | None, out: Path, force: bool,
           templates: Path | None, allow_untranslated: bool, pdf: bool, pdfa: bool, quiet: bool,
           override: str | None) -> None:
    """Render one document kind (for student-meeting: one per involved pupil)."""
    from .generate import Options, UsageError
    from .kinds import KINDS

    if person and not (kind in KINDS and KINDS[kind].per_person):
        per_person = ", ".join(k.name for k in KINDS.values() if k.per_person)
        raise UsageError(t("--person only applies to the documents per pupil ({kinds})", kinds=per_person))
    options = Options((kind,), _languages(lang), person, templates,
                      allow_untranslated=allow_untranslated, pdf=pdf or pdfa, pdfa=pdfa, override=override)
    _run(case_file, options, out, force, quiet)


@cli.command()
@click.argument("case_file", type=CASE)
@click.option("--lang", help="Language(s) of the parents' and pupils' documents, comma-separated, e.g. "
              "nl,en,ar. Default: the case's communication.languages, else Dutch plus every guardian's "
              "language. Documents for staff, the police and the board, and the conversation guides, are "
              "in Dutch.")
@run_options
def pack(case_file: Path, lang: str | None, out: Path, force: bool, templates: Path | None,
         allow_untranslated: bool, pdf: bool, pdfa: bool, quiet: bool, override: str | None) -> None:
    """Render every document the case needs: all of them, or none if one fails."""
    from .generate import Options
    from .kinds import KINDS

    options = Options(tuple(KINDS), _languages(lang), None, templates, allow_untranslated=allow_untranslated,
                      whole_pack=True, pdf=pdf or pdfa, pdfa=pdfa, override=override)
    _run(case_file, options, out, force, quiet)
    if not quiet and override is None:
        _report_held_back(case_file)


@cli.command()
@click.argument("document", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--case", "case_file", type=CASE, required=True, help="The case file the document belongs to.")
@click.option("--audience", required=True, help="Who will read it: parents, staff, police or student:<id>.")
def scan(document: Path, case_file: Path, audience: str) -> None:
    """Scan any .docx (say, a letter edited by hand) for details its readers may not see.

    Exit 0 when clean, 3 when something private was found. Findings name the case field
    and the document part, never the value.
    """
    from .audiences import Audience, project
    from .casefile import load_case
    from .errors import PrivacyError
    from .guard_scan import scan_document
    from .questions import audience_name, audience_words

    loaded = load_case(case_file)
    reader = Audience.parse(audience_name(audience))  # Dutch names too: ouders, politie, leerling:s1
    project(loaded.case, reader, "nl")  # refuses a pupil id that is not in the case
    from .textformats import TEXT_SUFFIXES, scan_text_file

    if document.suffix.lower() in TEXT_SUFFIXES:  # portal messages, e-mail drafts, the logbook's CSV
        findings = scan_text_file(document, loaded.case, reader)
    else:
        findings = scan_document(document, loaded.case, reader)
    shown = audience_words(reader.group, reader.person_id)
    if findings:
        raise PrivacyError(
            t("{document}: {count} finding(s)", document=document, count=len(findings)),
            [t("{document}: {finding} may not reach the {reader} audience", document=document, finding=f,
               reader=shown) for f in findings],
        )
    click.echo(t("{document}: clean for the {reader} audience", document=document, reader=shown))


@cli.command()
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False), help=TEMPLATES_HELP)
def lint(templates: Path | None) -> None:
    """Check every template for fields its readers may not see and for unsafe constructs.

    Exit 0 when all pass, 3 when a template reaches for something its audience may not see,
    1 for a broken template. No case file is needed.
    """
    from .templates import lint_all

    for kind, template in lint_all(templates):
        counts = t("({fields} fields, {texts} texts)", fields=len(template.uses), texts=len(template.msgids))
        passed = t("ok")  # the template passed
        click.echo(f"{kind:<20} {passed}  {template.path}  {counts}")
        if templates is not None:
            _report_untranslated(template)
            _report_structure(kind, template)


@cli.command()
@click.argument("out_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
def verify(out_dir: Path) -> None:
    """Check an output folder against its manifest.json (nothing changed, missing or added)."""
    from .manifest import verify as verify_folder

    count = verify_folder(out_dir)
    click.echo(t("{folder}: all {count} files match the manifest", folder=out_dir, count=count))


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the case file, with each field's sensitivity."""
    import json

    from .schema import case_schema

    click.echo(json.dumps(case_schema(), indent=2, ensure_ascii=False))


# ── The guided commands (issue 10): status, interview, school profile, templates export ──


def _report_profile(case_file: Path) -> None:
    """`check`: the school profile a case uses, and the fields the case overrides (paths, never values)."""
    from .casefile import parse_yaml, validation_problems
    from .profile import YamlReader, overrides

    merged = overrides(case_file, YamlReader(parse_yaml, validation_problems))
    if merged.profile is None:
        return
    click.echo(t("{file}: school details from the profile {profile}", file=case_file, profile=merged.profile))
    for path in merged.overrides:
        click.echo(t("{file}: {field}: the case's own value replaces the profile's", file=case_file,
                     field=path))


def _report_held_back(case_file: Path) -> None:
    """`pack`: the kinds the protocol order left out, on stderr, with what each waits for."""
    from .casefile import load_case
    from .kinds import KINDS
    from .status import describe, follow_up_warning, held_back
    from .wording import text

    case = load_case(case_file).case
    for kind, missing in held_back(case, KINDS):
        click.echo("commsgen: " + text("gate.left-out", kind=kind, missing="; ".join(map(describe, missing))),
                   err=True)
    warning = follow_up_warning(case)
    if warning:
        click.echo("commsgen: " + warning, err=True)


def _report_structure(kind: str, template: Any) -> None:
    """`lint --templates`: warn (not block) where a school template drops what a screen reader needs."""
    from .lint import structure_warnings
    from .templates import load_template, template_name

    builtin = load_template(kind).parts
    for warning in structure_warnings(template_name(template.name), template.parts, builtin):
        click.echo(f"{'':<18} " + t("warning: {problem}", problem=warning))


def _report_untranslated(template: Any) -> None:
    """`lint --templates`: per language, how many of a school template's texts lack a translation."""
    from .export import untranslated

    missing = untranslated(template)
    for lang, texts in missing.items():
        click.echo(f"{'':<18} " + tn(
            "{lang}: {count} text without a translation ({lang} documents would be refused; see the "
            "README, 'Your school's own letterhead')",
            "{lang}: {count} texts without a translation ({lang} documents would be refused; see the "
            "README, 'Your school's own letterhead')", len(texts), lang=lang))
    for wording in sorted({text for texts in missing.values() for text in texts}):
        shown = wording[:70] + ("…" if len(wording) > 70 else "")
        click.echo(f"{'':<18}   " + t("not translated: {text}", text=shown))


@cli.command()
@click.argument("case_file", type=CASE)
def status(case_file: Path) -> None:
    """Where the case stands: the nine protocol steps and the Meldcode consultation as a checklist.

    Shows each step done (with its date) or open, the next action, and the documents of each
    step with what they still wait for.
    """
    from .casefile import load_case
    from .status import report

    for line in report(load_case(case_file).case):
        click.echo(line)


@cli.command()
@click.argument("case_file", type=CASE)
def interview(case_file: Path) -> None:
    """Fill in a case file by answering questions, step by step in the order of the protocol.

    Each answer is checked and saved at once; stop at any moment (Ctrl-C) and run the same
    command again to continue where you were. In the language of the messages (--taal,
    COMMSGEN_LANG or the system language).
    """
    import signal

    from .interview import Interview, finish
    from .wording import text

    def ask(question: str, default: str | None) -> str:
        return str(click.prompt(question, default=default or "", show_default=bool(default)))

    def hang_up(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt  # a closed terminal stops like Ctrl-C: the answers are saved already

    previous = signal.signal(signal.SIGHUP, hang_up) if hasattr(signal, "SIGHUP") else None
    try:
        Interview(case_file, ask, click.echo).run()
    except click.Abort:
        click.echo("", err=True)
        click.echo(text("end.stopped", path=case_file), err=True)
        raise SystemExit(1) from None
    finally:
        if previous is not None:
            signal.signal(signal.SIGHUP, previous)
    for line in finish(case_file):
        click.echo(line)


@cli.command(name="init-school")
@click.argument("profile_file", type=CASE)
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
              help="Language of the comments in the profile.")
def init_school(profile_file: Path, lang: str) -> None:
    """Write a commented school profile (the school: section) that every case file can reuse.

    A case file uses it with the line `profile: school.yaml`; its own school fields win.
    """
    from .profile import write_profile

    click.echo(t("wrote {path}", path=write_profile(profile_file, lang)))
    click.echo(t("next: fill in {file}, then put `profile: {name}` at the top of a case file",
                 file=profile_file, name=profile_file.name))


@cli.group(name="templates")
def templates_group() -> None:
    """The built-in Word templates, for a school's own letterhead."""


@templates_group.command(name="export")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
def templates_export(folder: Path) -> None:
    """Write every built-in template (<kind>.docx) and its Dutch source (src/<kind>.txt) into FOLDER.

    Never overwrites a file. Edit them in Word, then: commsgen lint --templates FOLDER, and
    commsgen pack CASE.yaml --templates FOLDER.
    """
    from .export import export_templates

    for path in export_templates(folder):
        click.echo(t("wrote {path}", path=path))
    click.echo(t("next: put your letterhead on them in Word, then run: commsgen lint --templates {folder}",
                 folder=folder))


@cli.command()
@click.argument("case_file", type=CASE, default=Path("example-case.yaml"))
def example(case_file: Path) -> None:
    """Write the shipped, fictional example case (default: example-case.yaml), to try commsgen on."""
    from .export import write_example

    click.echo(t("wrote {path}", path=write_example(case_file)))
    click.echo(t("next: commsgen status {file}   and   commsgen pack {file}", file=case_file))


@cli.command(name="app")
@click.argument("case_file", type=CASE, required=False)
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port on 127.0.0.1 (0: a free port).")
@click.option("--no-browser", is_flag=True, help="Do not open the browser; only print the address.")
@click.option("--taal", "app_lang", type=click.Choice(messages.LANGUAGES), default=None,
              help="Language of the app (default: Dutch).")
@click.option("--snelkoppeling", "--shortcut", "shortcut", is_flag=True,
              help="Put a launcher for the app on the desktop, then stop.")
def app_command(case_file: Path | None, port: int, no_browser: bool, app_lang: str | None,
                shortcut: bool) -> None:
    """Fill in a case, see its status and make its documents in the browser, on this computer only.

    Prints one address (http://127.0.0.1:PORT/?token=...) and opens it; stop with Ctrl+C.
    """
    if shortcut:
        from .app.shortcut import write_shortcut

        click.echo(t("wrote {path}", path=write_shortcut()))
        return
    from .app import serve

    lang = app_lang or getattr(messages, "_chosen", None) or "nl"
    messages.use(lang)
    try:
        serve(case_file, port, browser=not no_browser, lang=lang, announce=lambda url: click.echo(url))
    except OSError as e:
        raise CommsgenError(t("cannot listen on port {port} ({reason})", port=port, reason=e.strerror)) from e


# Click's own messages ("No such command", "Try ... for help", "Missing argument") through the ui
# catalog: Click asks gettext for them, each module by its own name `_`.
CLICK_MESSAGES = (
    N_("Error: {message}"), N_("Try '{command} {option}' for help."), N_("No such command {name!r}."),
    N_("No such option {name!r}."), N_("Missing argument"), N_("Missing option"), N_("Missing parameter"),
    N_("Missing command."), N_("Invalid value for {param_hint}: {message}"), N_("Invalid value: {message}"),
    N_("Aborted!"), N_("Option {name!r} requires an argument."),
    N_("Did you mean {possibility}?"), N_("(Did you mean one of: {possibilities}?)"),
    N_("Got unexpected extra argument ({args})"), N_("Got unexpected extra arguments ({args})"),
    N_("{value!r} is not {choice}."), N_("{value!r} is not one of {choices}."),
)


def _click_gettext(message: str) -> str:
    """Only the messages above: help texts are translated where they are shown (`_help_record`),
    and a help text Click made in Dutch would no longer be the catalog's msgid."""
    if message not in CLICK_MESSAGES:
        return message
    return messages.translations(messages.language()).gettext(message)


def _click_ngettext(singular: str, plural: str, count: int) -> str:
    if singular not in CLICK_MESSAGES:
        return singular if count == 1 else plural
    return messages.translations(messages.language()).ngettext(singular, plural, count)


def _translate_click() -> None:
    import importlib

    for name in ("core", "exceptions", "parser", "types", "decorators", "formatting", "termui"):
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _click_gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _click_ngettext  # type: ignore[attr-defined]


_translate_click()


def main() -> None:
    """Entry point of the `commsgen` console script."""
    _tolerant_streams()
    cli(prog_name="commsgen")


if __name__ == "__main__":  # pragma: no cover
    main()
