"""`commsgen templates export`, the example case from an installed package, and untranslated texts."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from click.testing import CliRunner

from commsgen.cli import cli
from commsgen.kinds import KINDS


def test_export_writes_every_kind_and_its_dutch_source(runner: CliRunner, tmp_path: Path) -> None:
    """Each registry kind gets `<kind>.docx` and, where it has one, `src/<kind>.txt`."""
    folder = tmp_path / "huisstijl"
    result = runner.invoke(cli, ["templates", "export", str(folder)])
    assert result.exit_code == 0, result.output
    assert sorted(p.stem for p in folder.glob("*.docx")) == sorted(KINDS)
    assert (folder / "src" / "parent-letter.txt").read_text(encoding="utf-8").startswith(";;")


def test_export_refuses_to_overwrite_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    """One file already there: the export stops before writing any other."""
    folder = tmp_path / "huisstijl"
    folder.mkdir()
    (folder / "teacher-briefing.docx").write_bytes(b"our own")
    result = runner.invoke(cli, ["templates", "export", str(folder)])
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert [p.name for p in folder.iterdir()] == ["teacher-briefing.docx"]


def _reword(docx: Path, old: str, new: str) -> None:
    """Change a text in a template as Word would: in the document's XML."""
    with zipfile.ZipFile(docx) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    body = parts["word/document.xml"].decode("utf-8")
    assert old in body
    parts["word/document.xml"] = body.replace(old, new).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    docx.write_bytes(out.getvalue())


def test_lint_names_the_kind_and_count_of_texts_a_changed_wording_leaves_untranslated(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Changing a text inside `_()` loses its translation in every language the built-in had."""
    folder = tmp_path / "huisstijl"
    runner.invoke(cli, ["templates", "export", str(folder)])
    _reword(folder / "parent-letter.docx", "Wij vinden het belangrijk dat u dit van ons hoort.",
            "Wij willen dat u dit van ons hoort.")
    result = runner.invoke(cli, ["lint", "--templates", str(folder)])
    assert result.exit_code == 0, result.output
    blocks: dict[str, str] = {}
    kind = ""
    for line in result.output.splitlines():
        kind = line.split(" ", 1)[0] or kind
        blocks[kind] = blocks.get(kind, "") + line + "\n"
    # The sentence ends each of the six variants of the letter's opening (primary, secondary, ...).
    assert "en: 6 texts without a translation" in blocks["parent-letter"]
    assert "not translated: Wij schrijven u over iets" in blocks["parent-letter"]
    assert "without a translation" not in "".join(v for k, v in blocks.items() if k != "parent-letter")


def test_example_writes_the_shipped_case_to_try_commsgen_on(runner: CliRunner, tmp_path: Path) -> None:
    """`commsgen example FILE` copies the fictional example case, which `check` accepts; never overwrites."""
    target = tmp_path / "voorbeeld.yaml"
    assert runner.invoke(cli, ["example", str(target)]).exit_code == 0
    assert runner.invoke(cli, ["check", str(target)]).exit_code == 0
    assert runner.invoke(cli, ["example", str(target)]).exit_code == 1
