"""The new kinds' text formats: portal messages (.txt, .html), e-mail drafts (.eml), the logbook's .csv.

Each is made from the rendered document, guarded before it is written, and read again by `scan`.
"""

from __future__ import annotations

import csv
import io
from email import policy
from email.parser import BytesParser
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from commsgen.cli import cli
from commsgen.textformats import ZERO_WIDTH

ROOT = Path(__file__).resolve().parent.parent
PRIMARY = ROOT / "examples" / "case.yaml"
SECONDARY = ROOT / "examples" / "secondary-case.yaml"


def render(runner: CliRunner, case: Path, out: Path, *args: str) -> list[Path]:
    result = runner.invoke(cli, ["render", str(case), "--out", str(out), *args])
    assert result.exit_code == 0, result.output + result.stderr
    return sorted(out.iterdir())


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The portal messages of the primary example, in Dutch and Arabic (right to left)."""
    out = tmp_path_factory.mktemp("portal")
    render(CliRunner(), PRIMARY, out, "--doc", "portal-message", "--lang", "nl,ar")
    return out


@pytest.fixture(scope="module")
def invitations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The invitations of the secondary example: Polish, Arabic, and a Turkish one without an address."""
    out = tmp_path_factory.mktemp("invitation")
    render(CliRunner(), SECONDARY, out, "--doc", "invitation")
    return out


def test_portal_text_pastes_cleanly(portal: Path) -> None:
    """Every .txt message is UTF-8, lines of at most 100 characters, no markup, no zero-width characters."""
    texts = sorted(portal.glob("*.txt"))
    assert len(texts) == 4  # the message and the follow-up's, in two languages
    for path in texts:
        text = path.read_bytes().decode("utf-8")  # raises on anything but UTF-8
        assert all(len(line) <= 100 for line in text.splitlines()), path.name
        assert not any(c in ZERO_WIDTH for c in text), path.name
        assert "<" not in text and "{{" not in text and "**" not in text, path.name


def test_portal_message_names_the_portal_and_the_attached_letter(portal: Path) -> None:
    """The Dutch message says the letter is attached in Parro, and stays within 80 to 150 words."""
    text = (portal / "2026-014_portal-message_nl.txt").read_text(encoding="utf-8")
    assert "bijlage bij dit bericht in Parro" in text
    assert 80 <= len(text.split()) <= 150


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.values: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.values += [v or "" for _, v in attrs]


def test_portal_html_is_simple_and_self_contained(portal: Path) -> None:
    """The .html parses, has no script, and loads nothing from anywhere else."""
    pages = sorted(portal.glob("*.html"))
    assert pages
    for path in pages:
        source = path.read_text(encoding="utf-8")
        parser = _Collect()
        parser.feed(source)
        parser.close()
        assert "script" not in parser.tags and "<script" not in source.lower()
        assert not any(tag in parser.tags for tag in ("link", "img", "iframe", "object", "embed"))
        assert not any("http" in v or "//" in v or "url(" in v for v in parser.values), path.name
    assert 'dir="rtl"' in (portal / "2026-014_portal-message_ar.html").read_text(encoding="utf-8")


def test_a_portal_message_in_a_language_the_case_does_not_use_is_refused(runner: CliRunner,
                                                                         tmp_path: Path) -> None:
    """Asking for a portal message in French for a case without French: exit 1, nothing written."""
    result = runner.invoke(cli, ["render", str(SECONDARY), "--doc", "portal-message", "--lang", "en",
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "'en'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_invitation_draft_goes_to_that_pupils_guardians_only(invitations: Path) -> None:
    """The .eml parses, is addressed to s3's guardians with an address and no one else, opens as a draft."""
    data = (invitations / "2026-027_invitation_s3_ar.eml").read_bytes()
    mail = BytesParser(policy=policy.default).parsebytes(data)
    addresses = [a.addr_spec for a in mail["To"].addresses]
    assert addresses == ["o.haddad@example.org"]
    assert mail["X-Unsent"] == "1"
    body = mail.get_body(preferencelist=("plain",))
    assert body is not None and "Layla Haddad" in body.get_content()
    assert "Wiktor" not in mail.as_string() and "Nowak" not in str(mail["To"])


def test_an_invitation_without_any_guardian_address_has_no_draft(runner: CliRunner, tmp_path: Path) -> None:
    """s5's guardian has no e-mail address: the letter is written, the draft skipped, naming the field."""
    result = runner.invoke(cli, ["render", str(SECONDARY), "--doc", "invitation", "--person", "s5",
                                 "--out", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "2026-027_invitation_s5_tr.docx").is_file()
    assert not list(tmp_path.glob("*.eml"))
    assert "people[].guardians[].email" in result.stderr


def test_the_logbook_csv_opens_in_dutch_excel(runner: CliRunner, tmp_path: Path) -> None:
    """The .csv starts with a BOM, separates by `;`, and lists the retention date's row."""
    render(runner, PRIMARY, tmp_path, "--doc", "logbook")
    data = (tmp_path / "2026-014_logbook_nl.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Datum", "Stap", "Wat"]
    assert any(row[0] == "01-03-2029" and "bewaartermijn" in row[2] for row in rows)
    assert "Sanne" not in data.decode("utf-8-sig")  # pupils by id and role, never by name


@pytest.mark.parametrize("kind, section, key", [
    ("logbook", None, "actions"),
    ("board-notice", "communication", "board_request"),
])
def test_a_kind_the_case_cannot_fill_is_refused_naming_the_field(
        runner: CliRunner, tmp_path: Path, kind: str, section: str | None, key: str) -> None:
    """Without the field a kind needs, `render` exits 1 and names the field."""
    from ruamel.yaml import YAML

    yaml = YAML()
    data = yaml.load(PRIMARY.read_text(encoding="utf-8"))
    del (data[section] if section else data)[key]
    case = tmp_path / "case.yaml"
    with case.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    result = runner.invoke(cli, ["render", str(case), "--doc", kind, "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.stderr
    assert (f"{section}.{key}" if section else key) in result.stderr


EML = """To: Petra de Boer <petra.deboer@example.org>
Subject: {subject}
X-Unsent: 1
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

{body}
"""


@pytest.mark.parametrize("suffix, content", [
    (".txt", "Beste ouders,\nWij spreken met Tim Jansen en zijn ouders.\n"),
    (".html", "<!DOCTYPE html><html><body><p>Wij spreken met <b>Tim</b> Jansen.</p></body></html>"),
    (".eml", EML.format(subject="Gesprek over Tim Jansen", body="Beste ouders, tot maandag.")),
    (".eml", EML.format(subject="Uitnodiging", body="Wij spreken met Tim Jansen.")),
    (".csv", "\ufeffDatum;Wat\r\n18-11-2026;Gesprek met Tim Jansen\r\n"),
], ids=["txt", "html", "eml-header", "eml-body", "csv"])
def test_scan_finds_a_pupils_name_in_each_text_format(runner: CliRunner, case_file: Path, tmp_path: Path,
                                                        suffix: str, content: str) -> None:
    """Another pupil's name planted in a text file for s1's parents is a finding (exit 3), by field."""
    planted = tmp_path / f"planted{suffix}"
    planted.write_bytes(content.encode("utf-8"))
    result = runner.invoke(cli, ["scan", str(planted), "--case", str(case_file), "--audience", "student:s1"])
    assert result.exit_code == 3, result.output + result.stderr
    assert "people[2] (s2).name" in result.stderr
    assert "Tim" not in result.stderr


def test_scan_passes_a_clean_text_file(runner: CliRunner, case_file: Path, tmp_path: Path) -> None:
    """The same text without the other pupil's name is clean for s1's parents (exit 0)."""
    clean = tmp_path / "clean.eml"
    clean.write_bytes(EML.format(subject="Uitnodiging", body="Wij spreken met Sanne de Boer.").encode())
    result = runner.invoke(cli, ["scan", str(clean), "--case", str(case_file), "--audience", "student:s1"])
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("fmt", ["txt", "html", "eml"])
def test_the_guard_blocks_a_name_planted_in_a_derived_file_before_writing(
        monkeypatch: pytest.MonkeyPatch, runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    """A pupil's name in a made .txt/.html/.eml its readers may not see stops the run; nothing is written.

    (The logbook's .csv is read by the dossier, which may see every name: `scan` covers .csv above.)
    """
    from commsgen import generate, textformats

    real = textformats.derived

    def planted(job, name, parts, context):  # type: ignore[no-untyped-def]
        return [textformats.Extra(e.name, e.data, e.text + "\nDaan van ’t Hof")
                if e.name.endswith("." + fmt) else e for e in real(job, name, parts, context)]

    monkeypatch.setattr(generate, "derived", planted)
    kind = "invitation" if fmt == "eml" else "portal-message"
    args = ["--person", "s1"] if kind == "invitation" else ["--lang", "nl"]
    out = tmp_path / "out"
    result = runner.invoke(cli, ["render", str(PRIMARY), "--doc", kind, *args, "--out", str(out)])
    assert result.exit_code == 3, result.stderr
    assert "people[2] (s2).name" in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_the_manifest_lists_and_verify_covers_the_text_files(runner: CliRunner, portal: Path) -> None:
    """`verify` passes on the portal folder and fails once a .txt is edited."""
    assert runner.invoke(cli, ["verify", str(portal)]).exit_code == 0
    target = portal / "2026-014_portal-message_nl.txt"
    original = target.read_bytes()
    try:
        target.write_bytes(original + b"x")
        result = runner.invoke(cli, ["verify", str(portal)])
        assert result.exit_code != 0 and target.name in result.stderr
    finally:
        target.write_bytes(original)
