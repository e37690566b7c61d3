"""The interface language: chosen from the environment or --taal, every message in the Dutch catalog."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from click.testing import CliRunner

from commsgen import errors, i18n, messages, wording
from commsgen.cli import cli
from commsgen.extractors import cli_texts
from commsgen.resources import locales_dir
from tests.conftest import make_template

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"t": None, "tn": (1, 2), "N_": None}


def code_msgids() -> set[str | tuple[str, ...]]:
    """Every message in the code, extracted with Babel as `pybabel extract -F babel-ui.cfg` does."""
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel-ui.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def dutch_catalog() -> dict[str | tuple[str, ...], str | tuple[str, ...]]:
    with (locales_dir() / "nl" / "LC_MESSAGES" / "ui.po").open("rb") as handle:
        po = read_po(handle, locale="nl", domain="ui")
    return {
        (m.id if isinstance(m.id, str) else tuple(m.id)): m.string
        for m in po if m.id and not m.fuzzy
    }


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_in_the_code_has_a_dutch_translation() -> None:
    """No msgid of the code (t, tn, N_, every --help text) is missing or empty in the nl catalog."""
    catalog = dutch_catalog()
    msgids = code_msgids()
    assert len(msgids) > 100
    missing = sorted(str(m) for m in msgids if not catalog.get(m))
    assert missing == []


def test_every_help_text_of_the_command_tree_is_in_the_catalog() -> None:
    """Also a command added later: the help of every command and option is translated."""
    catalog = dutch_catalog()
    texts = {text for _, text in cli_texts()}
    assert "Show this message and exit." in texts
    assert sorted(t for t in texts if not catalog.get(t)) == []


def test_a_translation_keeps_the_placeholders_of_its_msgid() -> None:
    """`{file}:{line}` in English is `{file}:{line}` in Dutch: never a name the code does not fill in."""
    for msgid, translation in dutch_catalog().items():
        ids = (msgid,) if isinstance(msgid, str) else msgid
        strings = (translation,) if isinstance(translation, str) else translation
        for text in strings:
            assert fields(text) == fields(ids[-1]), (msgid, text)


def test_the_template_is_up_to_date_with_the_code() -> None:
    """locales/ui.pot holds exactly the messages of the code (run the pybabel extract of babel-ui.cfg)."""
    with (locales_dir() / "ui.pot").open("rb") as handle:
        pot = {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(handle) if m.id}
    assert pot == code_msgids()


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"COMMSGEN_LANG": "nl"}, "nl"),
        ({"COMMSGEN_LANG": "en", "LANG": "nl_NL.UTF-8"}, "en"),
        ({"LANG": "nl_NL.UTF-8"}, "nl"),
        ({"LANG": "nl_BE.UTF-8"}, "nl"),
        ({"LC_ALL": "C", "LANG": "nl_NL.UTF-8"}, "en"),
        ({"LC_MESSAGES": "nl_NL", "LANG": "en_GB.UTF-8"}, "nl"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({}, "en"),
    ],
    ids=["commsgen-lang", "commsgen-lang-wins", "lang", "flemish", "lc-all-first", "lc-messages", "german",
         "nothing"],
)
def test_the_language_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], expected: str
) -> None:
    """COMMSGEN_LANG, then LC_ALL, LC_MESSAGES, LANG (the first that is set); English otherwise."""
    for name in ("COMMSGEN_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(messages, "_windows_language", lambda: None)
    assert messages.detect() == expected


def test_without_locale_variables_the_windows_display_language_decides(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Windows laptop sets no LANG: its display language (here Dutch, LCID 1043) is used."""
    import locale

    for name in ("COMMSGEN_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    dutch_windows = locale.windows_locale[1043]
    monkeypatch.setattr(messages, "_windows_language", lambda: messages._from_tag(dutch_windows))
    assert messages.detect() == "nl"
    assert messages._from_tag("Dutch_Netherlands.1252") == "nl"


def test_a_message_is_dutch_when_dutch_is_chosen() -> None:
    """`t()` and `tn()` give the Dutch text, with the values filled in and the plural chosen."""
    messages.use("nl")
    assert messages.t("{file}: file not found", file="casus.yaml") == "casus.yaml: bestand niet gevonden"
    assert messages.tn("{file}: valid ({count} involved pupil)", "{file}: valid ({count} involved pupils)", 2,
                       file="c.yaml") == "c.yaml: in orde (2 betrokken leerlingen)"
    messages.use("en")
    assert messages.t("{file}: file not found", file="casus.yaml") == "casus.yaml: file not found"


def test_help_is_dutch_for_a_dutch_user(runner: CliRunner) -> None:
    """`commsgen --help` with COMMSGEN_LANG=nl: Click's headings, the commands and options in Dutch."""
    result = runner.invoke(cli, ["--help"], env={"COMMSGEN_LANG": "nl"}, prog_name="commsgen")
    assert result.exit_code == 0
    assert result.output.startswith("Gebruik: commsgen")
    assert "Opties:" in result.output and "Opdrachten:" in result.output
    assert "Toon deze hulp en stop." in result.output
    assert "Controleer een dossier" in result.output
    english = runner.invoke(cli, ["--help"], prog_name="commsgen")
    assert english.output.startswith("Usage: commsgen") and "Validate a case file" in english.output


def test_taal_option_chooses_dutch_for_one_run(runner: CliRunner) -> None:
    """`--taal nl` gives Dutch help for the subcommand, defaults and all; the next run is English again."""
    result = runner.invoke(cli, ["--taal", "nl", "init", "--help"])
    assert "Taal van de uitleg in het lege dossier.  [standaard: nl]" in result.output
    again = runner.invoke(cli, ["init", "--help"])
    assert "[default: nl]" in again.output


def test_check_speaks_dutch(runner: CliRunner, case_file: Path, tmp_path: Path) -> None:
    """`check` reports in Dutch: valid with the number of pupils, or the problem after `commsgen: fout:`."""
    ok = runner.invoke(cli, ["--taal", "nl", "check", str(case_file)])
    assert ok.exit_code == 0 and ok.output.endswith(": in orde (2 betrokken leerlingen)\n")
    broken = tmp_path / "kapot.yaml"
    broken.write_text(case_file.read_text(encoding="utf-8").replace("kind: sexting", "kind: grooming"),
                      encoding="utf-8")
    result = runner.invoke(cli, ["--taal", "nl", "check", str(broken)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"commsgen: fout: {broken}:")
    assert "incident.kind: kies uit: sexting, verspreiding (distribution)" in result.stderr


def test_a_ui_catalog_does_not_make_a_document_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder with only ui.po is an interface language, not a language letters can be written in."""
    (tmp_path / "fy" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "fy" / "LC_MESSAGES" / "ui.po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "locales_dir", lambda: tmp_path)
    assert i18n.available_languages() == ["nl"]


def _babel_ui_files() -> set[str]:
    with (ROOT / "babel-ui.cfg").open(encoding="utf-8") as handle:
        return set(re.findall(r"^\[\w+: (commsgen/\w+\.py)\]$", handle.read(), re.MULTILINE))


def test_every_module_that_speaks_to_the_user_is_extracted() -> None:
    """A module that uses the ui catalog (`t`, `tn`, `N_`, the wording) is listed in babel-ui.cfg."""
    listed = _babel_ui_files()
    speaking = {
        f"commsgen/{path.name}" for path in (ROOT / "commsgen").glob("*.py")
        if re.search(r"^from \.(messages|wording) import|^from \. import messages",
                     path.read_text(encoding="utf-8"), re.MULTILINE)
    }
    assert sorted(speaking - listed) == []


def _english_literal(node: ast.expr) -> bool:
    """A string written out in the code with words in it (an f-string's own text counts, its values not)."""
    if isinstance(node, ast.Constant):
        words = isinstance(node.value, str) and node.value.replace("commsgen", "")
        return bool(words) and bool(re.search(r"[A-Za-z]{2}", str(words)))
    if isinstance(node, ast.JoinedStr):
        return any(_english_literal(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _english_literal(node.left) or _english_literal(node.right)
    return False


def test_no_error_or_output_line_is_written_in_english_outside_the_catalog() -> None:
    """Every commsgen error and every line `click.echo` prints goes through `t()`/`tn()` (or is no words)."""
    error_names = {name for name, value in vars(errors).items()
                   if isinstance(value, type) and issubclass(value, errors.CommsgenError)} | {"error"}
    found = []
    for path in sorted((ROOT / "commsgen").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            echo = isinstance(func, ast.Attribute) and func.attr == "echo"
            if (name in error_names or echo) and _english_literal(node.args[0]):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


def test_the_guided_commands_wording_is_in_the_catalog_with_its_reviewed_dutch() -> None:
    """interview and status read their texts from the ui catalog: the key's English, the reviewed Dutch."""
    assert wording.has_text("step.3") and not wording.has_text("step.10")
    assert wording.text("step.3", "nl") == "Schakel met de politie"
    assert wording.text("status.next", "en", step="step 4", title="Report the material") == (
        "Next action: step 4, Report the material.")
    assert wording.text("ask.again", "nl", reason="x") == "Niet goed: x. Probeer het nog eens."
    messages.use("nl")
    assert wording.text("status.waits", missing="stap 3") == "wacht op stap 3"  # the interface language
    catalog = dutch_catalog()
    assert sorted(key for key, msgid in wording.WORDING.items() if not catalog.get(msgid)) == []


def test_status_and_interview_follow_the_taal_option(runner: CliRunner, tmp_path: Path) -> None:
    """One language for every message: `--taal nl` makes the checklist and the questions Dutch."""
    example = ROOT / "examples" / "case.yaml"
    dutch = runner.invoke(cli, ["--taal", "nl", "status", str(example)])
    assert "Volgende actie: stap 4, Meld het materiaal." in dutch.output
    english = runner.invoke(cli, ["status", str(example)])
    assert "Next action: step 4, Report the material." in english.output
    asked = runner.invoke(cli, ["--taal", "nl", "interview", str(tmp_path / "casus.yaml")], input="")
    assert "Uw eigen zaaknummer" in asked.output and "Gestopt." in asked.stderr


@pytest.mark.parametrize(("body", "dutch"), [
    ("{% foo %}", "een tag is niet goed geschreven: onbekende tag 'foo'"),
    ("{% if school.name %}", "het binnenste blok dat nog gesloten moet worden is 'if'"),
    ("{{ police.report_reference }}", "gebruikt 'police.report_reference', dat de lezersgroep parents"),
    ("{{ school|tojson }}", "het filter 'tojson' is niet toegestaan"),
], ids=["unknown-tag", "unclosed-block", "private-field", "refused-filter"])
def test_a_broken_template_is_reported_in_dutch(
    runner: CliRunner, tmp_path: Path, body: str, dutch: str
) -> None:
    """`lint --templates`: the template, its part and what is wrong, all in Dutch for a Dutch user."""
    make_template(tmp_path / "tpl", "parent-letter", body=[body])
    result = runner.invoke(cli, ["--taal", "nl", "lint", "--templates", str(tmp_path / "tpl")])
    assert result.exit_code in (1, 3)
    where = "commsgen: fout: sjabloon parent-letter.docx: hoofdtekst (word/document.xml): "
    assert result.stderr.startswith(where)
    assert dutch in result.stderr
