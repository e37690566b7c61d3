"""The command line: a thin Click shell over the library; errors are mapped to exit codes in one place."""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .errors import CommsgenError

CASE = click.Path(path_type=Path, dir_okay=False)
FOLDER = click.Path(path_type=Path, file_okay=True)


class CommsgenGroup(click.Group):
    """Runs a command and reports any failure as `commsgen: error: ...` lines, without traceback."""

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
                traceback.print_exc()
            for line in e.lines:
                click.echo(f"commsgen: error: {line}", err=True)
            ctx.exit(e.exit_code)
        except Exception as e:  # the last resort: never a traceback with case data in it
            if ctx.params.get("debug"):
                traceback.print_exc()
            click.echo(
                f"commsgen: error: internal error ({type(e).__name__}); "
                "run with --debug to see where", err=True,
            )
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


@click.group(cls=CommsgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show a traceback when something fails (may show case data).")
@click.version_option(package_name="commsgen")
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
        click.echo(f"wrote {path}")
    click.echo(f"next: fill in {case_file}, then run: commsgen check {case_file}")


@cli.command()
@click.argument("case_file", type=CASE)
def check(case_file: Path) -> None:
    """Validate a case file; print every problem as FILE:LINE: field: message."""
    from .casefile import load_case
    from .leakscan import check_public_text

    loaded = load_case(case_file)
    check_public_text(loaded)
    people = len(loaded.case.people)
    click.echo(f"{case_file}: valid ({people} involved pupil{'s' if people != 1 else ''})")


@cli.command(name="list")
def list_kinds() -> None:
    """List the document kinds with audience, protocol step and languages."""
    from .i18n import kind_languages
    from .kinds import KINDS

    for kind in KINDS.values():
        audience = "student:<id>" if kind.per_person else kind.audience
        click.echo(f"{kind.name:<18} audience {audience:<13} step {kind.steps:<5} {kind.description}")
        click.echo(f"{'':<18} languages: {kind_languages(kind.name)}")


def _run(case_file: Path, options: Any, out: Path, force: bool, quiet: bool) -> None:
    from .pdf import LibreOffice

    # LibreOffice first (or a clear error before any work): it loads while the rest is imported,
    # the case is read and the documents are made.
    with LibreOffice() if options.pdf else contextlib.nullcontext() as converter:
        from .casefile import load_case
        from .generate import generate, plan
        from .leakscan import check_public_text

        loaded = load_case(case_file)
        check_public_text(loaded)
        total = len(plan(loaded, options))
        if not quiet and sys.stderr.isatty() and (total > 3 or options.pdf):
            with click.progressbar(length=total, label="making documents", file=sys.stderr) as bar:
                written = generate(loaded, options, out, force, lambda _job: bar.update(1), converter)
        else:
            written = generate(loaded, options, out, force, converter=converter)
    if quiet:
        return
    # The run is committed: from here on, nothing may turn it into a failure.
    try:
        for path in written:
            click.echo(f"wrote {path}")
    except OSError:
        _output_to_nowhere()


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
        raise UsageError("--person only applies to --doc student-meeting")
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
            f"{document}: {len(findings)} finding(s)",
            [f"{document}: {f} may not reach the {reader} audience" for f in findings],
        )
    click.echo(f"{document}: clean for the {reader} audience")


@cli.command()
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False), help=TEMPLATES_HELP)
def lint(templates: Path | None) -> None:
    """Check every template for fields its readers may not see and for unsafe constructs.

    Exit 0 when all pass, 3 when a template reaches for something its audience may not see,
    1 for a broken template. No case file is needed.
    """
    from .templates import lint_all

    for kind, template in lint_all(templates):
        click.echo(f"{kind:<18} ok  {template.path}  ({len(template.uses)} fields, "
                   f"{len(template.msgids)} texts)")


@cli.command()
@click.argument("out_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
def verify(out_dir: Path) -> None:
    """Check an output folder against its manifest.json (nothing changed, missing or added)."""
    from .manifest import verify as verify_folder

    count = verify_folder(out_dir)
    click.echo(f"{out_dir}: all {count} files match the manifest")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the case file, with each field's sensitivity."""
    from .schema import case_schema

    click.echo(json.dumps(case_schema(), indent=2, ensure_ascii=False))


def main() -> None:
    """Entry point of the `commsgen` console script."""
    _tolerant_streams()
    cli(prog_name="commsgen")


if __name__ == "__main__":  # pragma: no cover
    main()
