"""`commsgen app`: safe by construction (issue 20, point 4), each rule an HTTP request.

The app is tested through Starlette's test client and, where the server itself matters (the
printed address, the loopback interface, the logs), through a real uvicorn on 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

from commsgen.app import create_app
from commsgen.app.security import CSP, Session
from tests.appserver import live_app

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "case.yaml"


@pytest.fixture(autouse=True)
def dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMSGEN_LANG", "nl")


def client(case: Path | None = None, lang: str = "nl"):  # type: ignore[no-untyped-def]
    from starlette.testclient import TestClient

    session = Session(port=8123, extra_hosts=("testserver",))
    return TestClient(create_app(session, case, lang), base_url="http://testserver"), session


def logged_in(case: Path | None = None, lang: str = "nl"):  # type: ignore[no-untyped-def]
    test, session = client(case, lang)
    assert test.get(f"/?token={session.token}").status_code == 200
    return test, session


@pytest.fixture
def case(tmp_path: Path) -> Path:
    target = tmp_path / "casus.yaml"
    shutil.copy(EXAMPLE, target)
    return target


@pytest.mark.parametrize("path", ["/", "/page/dossier", "/static/app.css", "/documents", "/nothing"])
def test_a_request_without_the_session_token_is_refused(path: str) -> None:
    """No token, no cookie: 403, whatever the page."""
    test, _ = client()
    assert test.get(path).status_code == 403


def test_the_token_becomes_an_http_only_strict_cookie_and_leaves_the_address() -> None:
    """The first visit with ?token= sets the cookie (HttpOnly, SameSite=Strict) and redirects without it."""
    test, session = client()
    first = test.get(f"/?token={session.token}", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "/"
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and session.token not in cookie
    assert test.get("/").status_code == 200


def test_the_printed_token_opens_one_session_only() -> None:
    """A second browser with the same address is refused: the token is used up."""
    test, session = logged_in()
    other, _ = client()
    other.app = test.app  # the same running app
    assert other.get(f"/?token={session.token}").status_code == 403


def test_a_wrong_token_is_refused() -> None:
    """A guessed token is no session."""
    test, _ = client()
    assert test.get("/?token=guess").status_code == 403


@pytest.mark.parametrize("host", ["evil.example.org:8123", "127.0.0.1:9999", "localhost", "192.0.2.1:8123"])
def test_a_foreign_host_header_is_refused_even_with_the_cookie(host: str) -> None:
    """DNS rebinding: only 127.0.0.1:PORT and localhost:PORT are served."""
    test, _ = logged_in()
    assert test.get("/", headers={"host": host}).status_code == 403


def test_localhost_with_the_port_is_served() -> None:
    """localhost:PORT is the same app."""
    test, _ = logged_in()
    assert test.get("/", headers={"host": "localhost:8123"}).status_code == 200


def test_a_post_without_the_csrf_token_is_refused(case: Path) -> None:
    """A state change without the form's token: 403, and the case file is unchanged."""
    test, _ = logged_in(case)
    before = case.read_bytes()
    answer = test.post("/page/dossier", data={"case.reference": "2026-999"}, follow_redirects=False)
    assert answer.status_code == 403
    assert test.post("/page/dossier", data={"csrf": "wrong", "case.reference": "x"}).status_code == 403
    assert case.read_bytes() == before


def test_a_post_from_another_origin_is_refused(case: Path) -> None:
    """Even with the token, a form posted from another site is refused."""
    test, session = logged_in(case)
    answer = test.post("/page/dossier", data={"csrf": session.csrf},
                       headers={"origin": "http://evil.example.org"})
    assert answer.status_code == 403


@pytest.mark.parametrize("path", ["/documents/make", "/open", "/new"])
def test_a_state_change_by_get_is_not_possible(case: Path, path: str) -> None:
    """The routes that change something answer only POST."""
    test, _ = logged_in(case)
    assert test.get(path).status_code in (404, 405)


def test_other_methods_are_refused() -> None:
    """PUT and DELETE: 405."""
    test, _ = logged_in()
    assert test.put("/").status_code == 405
    assert test.delete("/").status_code == 405


@pytest.mark.parametrize("path", ["/", "/static/app.css", "/nothing", "/?token=x"])
def test_every_response_carries_the_content_security_policy(path: str) -> None:
    """CSP default-src 'self' on pages, files, errors and refusals alike."""
    test, _ = logged_in()
    answer = test.get(path)
    assert answer.headers["content-security-policy"] == CSP
    assert answer.headers["content-security-policy"].startswith("default-src 'self'")
    refused, _ = client()
    assert refused.get(path).headers["content-security-policy"] == CSP


PAGES = ["/", "/page/dossier", "/page/school", "/page/step-1", "/page/step-2", "/pupil/0", "/page/step-3",
         "/page/step-8", "/page/meldcode", "/review", "/status", "/documents", "/scan"]


@pytest.mark.parametrize("path", PAGES)
def test_no_page_references_another_origin(case: Path, path: str) -> None:
    """Every src, href and action is a path of this app: nothing from a CDN or another site."""
    test, _ = logged_in(case)
    answer = test.get(path)
    assert answer.status_code == 200
    targets = re.findall(r'(?:src|href|action|formaction)="([^"]*)"', answer.text)
    assert targets
    assert [t for t in targets if not t.startswith(("/", "#"))] == []
    assert "url(" not in test.get("/static/app.css").text  # the style sheet loads nothing either


def test_a_page_is_dutch_with_the_language_set(case: Path) -> None:
    """Dutch by default, <html lang="nl">; English with --taal en."""
    test, _ = logged_in(case)
    page = test.get("/page/dossier").text
    assert '<html lang="nl">' in page and "Opslaan en verder" in page
    english, _ = logged_in(case, "en")
    page = english.get("/page/dossier").text
    assert '<html lang="en">' in page and "Save and continue" in page


def test_an_upload_larger_than_the_limit_is_refused_before_it_is_read(case: Path) -> None:
    """A body over the limit: 413."""
    test, _ = logged_in(case)
    answer = test.post("/scan", content=b"x" * 10, headers={"content-length": str(30 * 1024 * 1024),
                                                               "content-type": "application/octet-stream"})
    assert answer.status_code == 413


def test_an_uploaded_document_is_scanned_by_the_reader_scan_uses(case: Path, tmp_path: Path) -> None:
    """A pupil's own letter, checked for the parents: findings name the field and the part, not the value."""
    from click.testing import CliRunner

    from commsgen.cli import cli

    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["pack", str(case), "--out", str(out), "--override", "test"])
    assert result.exit_code == 0, result.output
    letter = next(out.glob("*_student-meeting_s1_nl.docx"))
    test, session = logged_in(case)
    answer = test.post("/scan", data={"csrf": session.csrf, "audience": "parents"},
                       files={"document": (letter.name, letter.read_bytes(), "application/octet-stream")})
    assert answer.status_code == 200
    assert "people" in answer.text and "Sanne" not in answer.text.split("<main", 1)[1].split("<form")[0]


def test_the_command_prints_one_address_and_serves_on_loopback_only(case: Path, tmp_path: Path) -> None:
    """`commsgen app --no-browser`: one line with the address; the process listens on 127.0.0.1 only;
    a value saved through the app reaches neither its output nor its log."""
    env = {**os.environ, "COMMSGEN_LANG": "nl", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "commsgen", "app", str(case), "--no-browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        found = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]{40,})", line)
        assert found, line
        port = int(found[1])
        listening = [c.laddr for c in psutil.Process(process.pid).net_connections() if c.status == "LISTEN"]
        assert [a.ip for a in listening] == ["127.0.0.1"] and listening[0].port == port
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as web:
            assert web.get("/").status_code == 403
            assert web.get(line, follow_redirects=True).status_code == 200
            assert web.get("/", headers={"host": f"evil.example.org:{port}"}).status_code == 403
            page = web.get("/page/dossier").text
            csrf = re.search(r'name="csrf" value="([^"]+)"', page)
            assert csrf
            web.post("/page/dossier", data={"csrf": csrf[1], "case.reference": "2026-014",
                                            "case.opened": "2026-11-18",
                                            "case.coordinator.name": "Wilhelmina Testpersoon",
                                            "case.coordinator.role": "intern begeleider", "go": "stay"})
            assert "Wilhelmina Testpersoon" in case.read_text(encoding="utf-8")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            out, err = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
    assert out.strip() == ""  # the one line was read above; nothing after it
    assert "Wilhelmina" not in err and "Testpersoon" not in err


def test_a_live_server_refuses_a_foreign_host(case: Path) -> None:
    """The same rules hold on the real server (uvicorn), not only in the test client."""
    with live_app(case) as app, httpx.Client(base_url=app.base) as web:
        assert web.get("/").status_code == 403
        assert web.get(app.url, follow_redirects=True).status_code == 200
        assert web.get("/", headers={"host": "evil.example.org"}).status_code == 403
        time.sleep(0)


def test_the_shortcut_is_a_desktop_file_that_starts_the_app(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """`commsgen app --snelkoppeling` on Linux: ~/Desktop/commsgen.desktop runs this Python's commsgen app."""
    from click.testing import CliRunner

    from commsgen.cli import cli

    (tmp_path / "Desktop").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "linux")
    result = CliRunner().invoke(cli, ["app", "--snelkoppeling"])
    assert result.exit_code == 0, result.output
    launcher = tmp_path / "Desktop" / "commsgen.desktop"
    text = launcher.read_text(encoding="utf-8")
    assert text.startswith("[Desktop Entry]\n")
    assert f'Exec="{sys.executable}" -m commsgen app\n' in text and "Terminal=true" in text
    assert os.access(launcher, os.X_OK)


@pytest.mark.parametrize(("platform", "name", "line"), [
    ("win32", "commsgen.cmd", '"{python}" -m commsgen app\r\n'),
    ("darwin", "commsgen.command", "exec '{python}' -m commsgen app\n"),
])
def test_the_shortcut_on_windows_and_macos(tmp_path: Path, platform: str, name: str, line: str) -> None:
    """A .cmd on Windows and a .command on macOS, on the desktop, with the installed Python."""
    from commsgen.app.shortcut import write_shortcut

    (tmp_path / "Desktop").mkdir()
    path = write_shortcut(tmp_path, platform, "/opt/py/bin/python3")
    assert path == tmp_path / "Desktop" / name
    assert line.format(python="/opt/py/bin/python3") in path.read_bytes().decode("utf-8")


def test_a_new_case_with_the_school_profile_uses_it(tmp_path: Path) -> None:
    """Start a new case with the profile of `init-school`: the file names it, the school page says so."""
    from click.testing import CliRunner

    from commsgen.cli import cli

    assert CliRunner().invoke(cli, ["init-school", str(tmp_path / "school.yaml")]).exit_code == 0
    test, session = logged_in()
    answer = test.post("/new", data={"csrf": session.csrf, "path": str(tmp_path / "casus.yaml"),
                                     "profile": "school.yaml"})
    assert answer.status_code == 200 and answer.url.path == "/page/dossier"
    assert 'profile: "school.yaml"' in (tmp_path / "casus.yaml").read_text(encoding="utf-8")
    assert "schoolprofiel school.yaml" in test.get("/page/school").text


def test_a_new_case_is_not_written_over_an_existing_file(case: Path) -> None:
    """`Start a new case` at the path of an existing file: refused, the file unchanged."""
    test, session = logged_in()
    before = case.read_bytes()
    answer = test.post("/new", data={"csrf": session.csrf, "path": str(case)})
    assert answer.status_code == 422 and "Er is al een bestand met deze naam" in answer.text
    assert case.read_bytes() == before


def test_a_problem_in_the_log_of_one_step_stops_only_that_steps_page(case: Path) -> None:
    """A pupil's name in step 1's staff note: step 1's page shows it at its date; step 3 goes on."""
    from commsgen.questions import CaseDocument, page, shown

    doc = CaseDocument(case)
    action = next(a for a in doc.doc["actions"] if str(a["step"]) == "1")
    action["staff_note"] = "Sanne de Boer was er niet."
    doc.save()
    test, session = logged_in(case)

    def post(key: str):  # type: ignore[no-untyped-def]
        found = page(key)
        form = {"csrf": session.csrf, "go": "next", "step_done": str(doc.step_date(found.step) or "")}
        for q in found.questions:
            value = doc.value(q.where, q.name)
            form[q.key] = [str(v) for v in value] if q.kind == "choices" and value else shown(q, value)
        return test.post(f"/page/{key}", data=form, follow_redirects=False)

    assert post("step-3").status_code == 303
    held = post("step-1")
    assert held.status_code == 200 and 'id="step-done-error"' in held.text


def _documents_folder(case: Path) -> Path:
    folder = case.parent / f"{case.stem}-documenten"
    folder.mkdir()
    return folder


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm")),
                    reason="needs LibreOffice (soffice) and poppler (pdftoppm)")
def test_a_pdf_in_the_documents_folder_gets_a_first_page_preview(case: Path, tmp_path: Path) -> None:
    """A real PDF is listed with a PNG of its first page, named by document kind and language in Dutch."""
    folder = _documents_folder(case)
    source = tmp_path / "2026-031_school-notice_nl.txt"
    source.write_text("Bericht aan de scholen.\n", encoding="utf-8")
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    test, _ = logged_in(case)
    page = test.get("/documents")
    image = re.search(r'<img class="preview" src="(/documents/preview/[^"]+)" alt="([^"]+)"', page.text)
    assert image is not None, page.text
    assert image.group(1) == "/documents/preview/2026-031_school-notice_nl.pdf"
    assert image.group(2).startswith("Eerste pagina van ") and "(school-notice)" in image.group(2)
    assert image.group(2).endswith(", Nederlands")
    answer = test.get(image.group(1))
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/png"
    assert answer.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert answer.headers["content-security-policy"] == CSP


@pytest.mark.parametrize("name", ["..%2Fcasus.yaml", "..%2Fother.pdf", "%2E%2E%2Fother.pdf", ".hidden.pdf",
                                  "missing.pdf", "notes.txt"])
def test_the_preview_route_refuses_names_outside_the_output_folder(case: Path, name: str) -> None:
    """Only a PDF that is itself in the documents folder has a preview; anything else is 404."""
    folder = _documents_folder(case)
    (case.parent / "other.pdf").write_bytes(b"%PDF-1.4 outside the folder")
    (folder / ".hidden.pdf").write_bytes(b"%PDF-1.4 hidden")
    (folder / "notes.txt").write_text("not a pdf", encoding="utf-8")
    test, _ = logged_in(case)
    answer = test.get(f"/documents/preview/{name}")
    assert answer.status_code == 404
    assert b"PDF" not in answer.content


def test_the_preview_needs_the_session_token(case: Path) -> None:
    """The preview route is guarded like the downloads: no token, 403."""
    (_documents_folder(case) / "2026-031_school-notice_nl.pdf").write_bytes(b"%PDF-1.4")
    test, _ = client(case)
    assert test.get("/documents/preview/2026-031_school-notice_nl.pdf").status_code == 403


def test_without_pdftoppm_there_is_no_preview_and_no_error(case: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """No poppler: the PDF is still listed for download, with no image and no error."""
    (_documents_folder(case) / "2026-031_school-notice_nl.pdf").write_bytes(b"%PDF-1.4")
    real = shutil.which
    monkeypatch.setattr(shutil, "which",
                        lambda tool, *a, **k: None if tool == "pdftoppm" else real(tool, *a, **k))
    test, _ = logged_in(case)
    page = test.get("/documents")
    assert page.status_code == 200
    assert "/documents/file/2026-031_school-notice_nl.pdf" in page.text and "<img" not in page.text
    assert test.get("/documents/preview/2026-031_school-notice_nl.pdf").status_code == 404


def test_the_documents_page_has_a_progress_region_and_only_a_script_file_of_the_app(case: Path) -> None:
    """The make-all form has a status region labelled in Dutch; its script is a file from /static."""
    test, _ = logged_in(case)
    page = test.get("/documents").text
    assert re.search(r'<div id="making" class="making" role="status" aria-live="polite" '
                     r'data-label="Documenten maken…"></div>', page)
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.S)
    assert scripts == [(' src="/static/progress.js" defer', "")]
    served = test.get("/static/progress.js")
    assert served.status_code == 200 and "javascript" in served.headers["content-type"]
    assert served.headers["content-security-policy"] == CSP
    assert 'getElementById("making")' in served.text
