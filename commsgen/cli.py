"""The command line: a thin Click shell over the library; errors are mapped to exit codes in one place."""

from __future__ import annotations

import json
import re
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import messages
from .errors import CommsgenError
from .messages import t, tn

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
        except CommsgenError as e:
            if ctx.params.get("debug"):
                traceback.print_exc()
            for line in e.lines:
                click.echo(t("commsgen: error: {problem}", problem=line), err=True)
            ctx.exit(e.exit_code)
        except Exception as e:  # the last resort: never a traceback with case data in it
            if ctx.params.get("debug"):
                traceback.print_exc()
            problem = t("internal error ({kind}); run with --debug to see where", kind=type(e).__name__)
            click.echo(t("commsgen: error: {problem}", problem=problem), err=True)
            ctx.exit(1)


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
    from .leakscan import check_public_text

    loaded = load_case(case_file)
    check_public_text(loaded)
    people = len(loaded.case.people)
    click.echo(tn("{file}: valid ({count} involved pupil)", "{file}: valid ({count} involved pupils)",
                  people, file=case_file))


@cli.command(name="list")
def list_kinds() -> None:
    """List the document kinds with audience, protocol step and languages."""
    from .i18n import kind_languages
    from .kinds import KINDS

    for kind in KINDS.values():
        audience = "student:<id>" if kind.per_person else kind.audience
        readers, step = t("audience"), t("step")
        languages = t("languages: {languages}", languages=kind_languages(kind.name))
        click.echo(f"{kind.name:<18} {readers} {audience:<13} {step} {kind.steps:<5} {kind.description}")
        click.echo(f"{'':<18} {languages}")


def _run(case_file: Path, options: Any, out: Path, force: bool, quiet: bool) -> None:
    from .casefile import load_case
    from .generate import generate, plan
    from .leakscan import check_public_text

    loaded = load_case(case_file)
    check_public_text(loaded)
    total = len(plan(loaded, options))
    if not quiet and sys.stderr.isatty() and (total > 3 or options.pdf):
        with click.progressbar(length=total, label=t("making documents"), file=sys.stderr) as bar:
            written = generate(loaded, options, out, force, lambda _job: bar.update(1))
    else:
        written = generate(loaded, options, out, force)
    if quiet:
        return
    for path in written:
        click.echo(t("wrote {path}", path=path))


OUT_HELP = "Folder for the documents (created if needed)."
PDF_HELP = "Also a PDF of every document (needs LibreOffice: apt install libreoffice-writer-nogui)."
PDFA_HELP = "PDF/A-2b for archiving (implies --pdf)."
UNTRANSLATED_HELP = "Accept Dutch text where a translation is missing (normally an error)."
TEMPLATES_HELP = "Folder with the school's own <kind>.docx templates; missing kinds use the built-in ones."


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
    ]):
        command = option(command)
    return command


@cli.command()
@click.argument("case_file", type=CASE)
@click.option("--doc", "kind", required=True, help="Document kind (see `commsgen list`).")
@click.option("--lang", help="Language(s), comma-separated, e.g. nl,en. Default: for the parent letter the "
              "case's communication.languages (else Dutch plus every guardian's language); otherwise Dutch.")
@click.option("--person", help="Only this pupil's conversation guide (student-meeting), by id.")
@run_options
def render(case_file: Path, kind: str, lang: str | None, person: str | None, out: Path, force: bool,
           templates: Path | None, allow_untranslated: bool, pdf: bool, pdfa: bool, quiet: bool) -> None:
    """Render one document kind (for student-meeting: one per involved pupil)."""
    from .generate import Options, UsageError

    if person and kind != "student-meeting":
        raise UsageError(t("--person only applies to --doc student-meeting"))
    options = Options((kind,), _languages(lang), person, templates,
                      allow_untranslated=allow_untranslated, pdf=pdf or pdfa, pdfa=pdfa)
    _run(case_file, options, out, force, quiet)


@cli.command()
@click.argument("case_file", type=CASE)
@click.option("--lang", help="Language(s) of the parents' documents, comma-separated, e.g. nl,en,ar. "
              "Default: the case's communication.languages, else Dutch plus every guardian's language. "
              "Staff, pupil and police documents are in Dutch.")
@run_options
def pack(case_file: Path, lang: str | None, out: Path, force: bool, templates: Path | None,
         allow_untranslated: bool, pdf: bool, pdfa: bool, quiet: bool) -> None:
    """Render every document the case needs: all of them, or none if one fails."""
    from .generate import Options
    from .kinds import KINDS

    options = Options(tuple(KINDS), _languages(lang), None, templates, allow_untranslated=allow_untranslated,
                      whole_pack=True, pdf=pdf or pdfa, pdfa=pdfa)
    _run(case_file, options, out, force, quiet)


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
    from .leakscan import scan_document

    loaded = load_case(case_file)
    reader = Audience.parse(audience)
    project(loaded.case, reader, "nl")  # refuses a pupil id that is not in the case
    findings = scan_document(document, loaded.case, reader)
    if findings:
        raise PrivacyError(
            t("{document}: {count} finding(s)", document=document, count=len(findings)),
            [t("{document}: {finding} may not reach the {reader} audience", document=document, finding=f,
               reader=reader) for f in findings],
        )
    click.echo(t("{document}: clean for the {reader} audience", document=document, reader=reader))


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
        click.echo(f"{kind:<18} ok  {template.path}  {counts}")


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
    from .schema import case_schema

    click.echo(json.dumps(case_schema(), indent=2, ensure_ascii=False))


def main() -> None:
    """Entry point of the `commsgen` console script."""
    cli(prog_name="commsgen")


if __name__ == "__main__":  # pragma: no cover
    main()
