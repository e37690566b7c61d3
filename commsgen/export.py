"""`commsgen templates export DIR`: the built-in templates and their Dutch source, for a school's letterhead.

DIR receives `<kind>.docx` for every kind (so that `--templates DIR` uses them at once) and
`src/<kind>.txt`, the Dutch wording they are built from. Nothing is written over an existing file.
`untranslated` tells, for a school's edited template, which of its texts the catalogs lack.
"""

from __future__ import annotations

from pathlib import Path

from .errors import OutputError
from .i18n import SOURCE_LANGUAGE, available_languages, catalog
from .kinds import KINDS
from .messages import t
from .output import OutputFile, check_targets, write_all
from .resources import templates_dir
from .templates import Template, load_template

SOURCE_FOLDER = "src"


def export_templates(target: Path) -> list[Path]:
    """Write every kind's built-in template and Dutch source into `target`; never over a file."""
    builtin = templates_dir()
    documents: list[OutputFile] = []
    sources: list[OutputFile] = []
    for kind in KINDS:
        try:
            documents.append(OutputFile(f"{kind}.docx", (builtin / f"{kind}.docx").read_bytes()))
            source = builtin / SOURCE_FOLDER / f"{kind}.txt"
            if source.is_file():
                sources.append(OutputFile(source.name, source.read_bytes()))
        except OSError as e:
            raise OutputError(t("the built-in template of {kind} cannot be read ({reason})", kind=kind,
                                reason=e.strerror)) from e
    if target.exists() and not target.is_dir():
        raise OutputError(t("{folder}: is a file, not a folder", folder=target))
    # Both folders are checked before anything is written: an export is whole or not at all.
    check_targets(target, documents, force=False, replaceable=set())
    check_targets(target / SOURCE_FOLDER, sources, force=False, replaceable=set())
    written = write_all(target, documents, force=False)
    if sources:
        written += write_all(target / SOURCE_FOLDER, sources, force=False)
    return written


def untranslated(template: Template) -> dict[str, list[str]]:
    """Per language: the texts inside `_()` of `template` that its catalog has no translation for.

    Only languages in which the built-in template of the same kind is complete are counted: a
    text missing there was changed (or added) by the school.
    """
    builtin = load_template(template.kind).msgids
    found: dict[str, list[str]] = {}
    for lang in available_languages():
        if lang == SOURCE_LANGUAGE or catalog(lang).missing(builtin):
            continue
        missing = sorted(catalog(lang).missing(template.msgids))
        if missing:
            found[lang] = missing
    return found


def example_case() -> Path:
    """The shipped example case: `examples/` beside the templates (in the package, or the checkout)."""
    return templates_dir().parent / "examples" / "case.yaml"


def write_example(path: Path) -> Path:
    """Copy the fictional example case to `path` (0600, never over an existing file)."""
    try:
        data = example_case().read_bytes()
    except OSError as e:
        raise OutputError(t("the example case cannot be read ({reason})", reason=e.strerror)) from e
    if not path.parent.is_dir():
        raise OutputError(t("{folder}: folder does not exist", folder=path.parent))
    return write_all(path.parent, [OutputFile(path.name, data)], force=False)[0]
