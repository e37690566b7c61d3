"""`commsgen app` in a real browser (issue 20 point 5, issue 21 point 3): the system Chromium,
driven by Selenium, with nothing downloaded at run time.

A small case is filled in from the first question to a written pack, with one wrong answer
corrected on the way; the zip the browser downloads holds the documents `commsgen pack` makes of
the saved YAML. Every page is checked with axe-core (no serious or critical violation) and is
usable with the keyboard alone. Screenshots of each page are written to the test's folder (and to
$COMMSGEN_SCREENSHOTS when set), to be looked at.
"""

from __future__ import annotations

import os
import shutil
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from commsgen.cli import cli
from tests.appserver import Live, live_app
from tests.doctext import document_text

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "case.yaml"

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
    reason="Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")


def axe_source() -> str | None:
    """axe-core's axe.min.js: $AXE_CORE_JS (.ci/run installs it with npm), else none."""
    path = os.environ.get("AXE_CORE_JS")
    return Path(path).read_text(encoding="utf-8") if path and Path(path).is_file() else None


@pytest.fixture(autouse=True)
def dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMSGEN_LANG", "nl")


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture
def browser(tmp_path: Path, downloads: Path) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--lang=nl",
                 "--window-size=1100,1400", f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


class Pages:
    """The browser, with the screenshots and axe checks of every page it shows."""

    def __init__(self, driver: object, folder: Path) -> None:
        self.driver = driver
        self.folder = folder
        self.count = 0
        self.violations: list[str] = []
        extra = os.environ.get("COMMSGEN_SCREENSHOTS")
        self.extra = Path(extra) if extra else None

    def by(self, selector: str) -> object:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, selector)  # type: ignore[attr-defined]

    def fill(self, field_id: str, text: str) -> None:
        element = self.by(f"#{field_id}")
        element.clear()  # type: ignore[attr-defined]
        element.send_keys(text)  # type: ignore[attr-defined]

    def date(self, field_id: str, iso: str) -> None:
        """A date input holds an ISO date whatever the browser shows; set it as the picker would."""
        self.driver.execute_script("arguments[0].value = arguments[1];", self.by(f"#{field_id}"), iso)  # type: ignore[attr-defined]

    def choose(self, field_id: str, value: str) -> None:
        from selenium.webdriver.support.ui import Select

        Select(self.by(f"#{field_id}")).select_by_value(value)

    def press(self, text: str) -> None:
        from selenium.webdriver.common.by import By

        visible = f"//button[not(@aria-hidden) and normalize-space()='{text}']"
        buttons = self.driver.find_elements(By.XPATH, visible)  # type: ignore[attr-defined]
        assert buttons, text
        self.navigate(buttons[0])

    def navigate(self, element: object) -> None:
        """Click and wait for the next page (a form's post and its redirect)."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.ui import WebDriverWait

        old = self.driver.find_element(By.TAG_NAME, "html")  # type: ignore[attr-defined]
        element.click()  # type: ignore[attr-defined]
        WebDriverWait(self.driver, 30).until(expected_conditions.staleness_of(old))
        WebDriverWait(self.driver, 30).until(
            lambda d: d.execute_script("return document.readyState") == "complete")

    def shot(self, name: str) -> None:
        self.count += 1
        file = f"{self.count:02d}-{name}.png"
        self.driver.save_screenshot(str(self.folder / file))  # type: ignore[attr-defined]
        if self.extra is not None:
            self.extra.mkdir(parents=True, exist_ok=True)
            self.driver.save_screenshot(str(self.extra / file))  # type: ignore[attr-defined]
        self.axe(name)

    def axe(self, name: str) -> None:
        source = axe_source()
        if source is None:
            return
        self.driver.execute_script(source)  # type: ignore[attr-defined]
        result = self.driver.execute_async_script(  # type: ignore[attr-defined]
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations))"
            ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));")
        for violation in result:
            if violation["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in violation["nodes"]][:3]
                self.violations.append(f"{name}: {violation['id']} ({violation['impact']}): "
                                       f"{violation['help']} {targets}")


def test_a_new_case_from_the_first_question_to_the_downloaded_pack(
    browser: object, tmp_path: Path, downloads: Path
) -> None:
    """Start, every step, one wrong answer corrected (a Dutch error next to the field), review,
    status, documents, the zip: the same documents `commsgen pack` makes of the saved case."""
    case = tmp_path / "casus.yaml"
    pages = Pages(browser, tmp_path)
    with live_app() as app:
        walk(pages, app, case)
    assert pages.violations == []
    zips = list(downloads.glob("*.zip"))
    assert len(zips) == 1
    out = tmp_path / "cli"
    result = CliRunner().invoke(cli, ["pack", str(case), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(zips[0]) as archive:
        app_docs = {n: document_text(archive.read(n)) for n in archive.namelist() if n.endswith(".docx")}
    cli_docs = {p.name: document_text(p.read_bytes()) for p in out.glob("*.docx")}
    assert len(app_docs) >= 4
    assert app_docs == cli_docs


def walk(pages: Pages, app: Live, case: Path) -> None:
    driver = pages.driver
    driver.get(app.url)  # type: ignore[attr-defined]
    assert "token" not in driver.current_url  # type: ignore[attr-defined]
    assert driver.find_element("css selector", "html").get_attribute("lang") == "nl"  # type: ignore[attr-defined]
    pages.shot("start")
    pages.fill("new-path", str(case))
    pages.press("Nieuwe zaak beginnen")
    assert driver.current_url.endswith("/page/dossier")  # type: ignore[attr-defined]
    pages.shot("dossier")
    pages.fill("f-case-reference", "2026 031")  # a space: not a valid reference
    pages.date("f-case-opened", "2026-11-18")
    pages.fill("f-case-coordinator-name", "Marieke Jansen")
    pages.fill("f-case-coordinator-role", "intern begeleider")
    pages.press("Opslaan en verder")
    error = pages.by("#f-case-reference-error")
    assert "geen geldig zaaknummer" in error.text  # type: ignore[attr-defined]
    field = pages.by("#f-case-reference")
    assert field.get_attribute("aria-invalid") == "true"  # type: ignore[attr-defined]
    assert "f-case-reference-error" in field.get_attribute("aria-describedby")  # type: ignore[attr-defined]
    assert pages.by("#problems").get_attribute("role") == "alert"  # type: ignore[attr-defined]
    pages.shot("dossier-error")
    pages.fill("f-case-reference", "2026-031")
    pages.press("Opslaan en verder")
    assert driver.current_url.endswith("/page/school")  # type: ignore[attr-defined]
    pages.shot("school")
    pages.fill("f-school-name", "Basisschool De Linde")
    pages.choose("f-school-type", "primary")
    pages.fill("f-school-board", "Stichting Voorbeeld")
    pages.fill("f-school-parent-contact-name", "Marieke Jansen")
    pages.fill("f-school-parent-contact-role", "intern begeleider")
    pages.fill("f-school-parent-contact-email", "m.jansen@linde.example.org")
    pages.press("Opslaan en verder")
    assert driver.current_url.endswith("/page/step-1")  # type: ignore[attr-defined]
    pages.shot("step-1")
    pages.choose("f-incident-kind", "sexting")
    pages.date("f-incident-discovered", "2026-11-18")
    pages.choose("f-incident-pupil-depicted", "ja")
    pages.fill("f-incident-affected-groups", "groep 8")
    pages.by("#f-incident-channels-1").click()  # type: ignore[attr-defined]
    pages.fill("f-incident-summary", "Er is een foto gedeeld in een groepsapp.")
    pages.date("step-done", "2026-11-18")
    pages.press("Opslaan en verder")
    assert driver.current_url.endswith("/page/step-2")  # type: ignore[attr-defined]
    pages.shot("step-2")
    pages.press("Leerling toevoegen")
    assert driver.current_url.endswith("/pupil/0")  # type: ignore[attr-defined]
    pages.fill("f-people-0-name", "Sanne de Boer")
    pages.choose("f-people-0-role", "depicted")
    pages.fill("f-people-0-group", "groep 8")
    pages.fill("f-people-0-age", "11")
    pages.press("Ouder of verzorger toevoegen")
    pages.fill("f-people-0-guardians-0-name", "Petra de Boer")
    pages.choose("f-people-0-guardians-0-relation", "moeder")
    pages.fill("f-people-0-guardians-0-phone", "06 1234 5678")
    pages.shot("pupil")
    pages.press("Opslaan en verder")
    assert driver.current_url.endswith("/page/step-2")  # type: ignore[attr-defined]
    pages.date("step-done", "2026-11-18")
    pages.press("Opslaan en verder")
    pages.shot("step-3")
    pages.date("f-police-contacted", "2026-11-19")
    pages.date("step-done", "2026-11-19")
    pages.press("Opslaan en verder")
    for step in ("step-4", "step-5", "step-6", "step-7", "step-8", "step-9", "meldcode"):
        assert driver.current_url.endswith(f"/page/{step}"), step  # type: ignore[attr-defined]
        if step in ("step-8", "meldcode"):
            pages.shot(step)
        pages.press("Opslaan en verder")
    assert driver.current_url.endswith("/review")  # type: ignore[attr-defined]
    pages.shot("review")
    assert "De zaak is compleet en in orde." in driver.page_source  # type: ignore[attr-defined]
    driver.get(app.base + "/status")  # type: ignore[attr-defined]
    pages.shot("status")
    driver.get(app.base + "/documents")  # type: ignore[attr-defined]
    pages.shot("documents")
    pages.press("Alle documenten maken")
    assert "bestanden geschreven" in driver.page_source  # type: ignore[attr-defined]
    pages.shot("documents-made")
    pages.by("a[href='/documents/all.zip']").click()  # type: ignore[attr-defined]
    folder = Path(str(pages.folder / "downloads"))
    deadline = time.monotonic() + 30
    while not list(folder.glob("*.zip")) and time.monotonic() < deadline:
        time.sleep(0.2)
    driver.get(app.base + "/scan")  # type: ignore[attr-defined]
    pages.shot("scan")


def test_every_page_of_a_full_case_passes_axe_and_works_with_the_keyboard(browser: object,
                                                                           tmp_path: Path) -> None:
    """The example case's pages: no serious or critical axe-core violation; Tab reaches every
    control of a page, each with a visible focus."""
    if axe_source() is None:
        pytest.skip("axe-core is not available: set AXE_CORE_JS to axe.min.js (.ci/run installs it with npm)")
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    case = tmp_path / "casus.yaml"
    shutil.copy(EXAMPLE, case)
    pages = Pages(browser, tmp_path)
    driver = browser
    with live_app(case) as app:
        driver.get(app.url)  # type: ignore[attr-defined]
        for path in ("/", "/page/dossier", "/page/school", "/page/step-1", "/page/step-2", "/pupil/0",
                     "/page/step-3", "/page/step-7", "/page/step-8", "/page/meldcode", "/review", "/status",
                     "/documents", "/scan"):
            driver.get(app.base + path)  # type: ignore[attr-defined]
            pages.axe(path)
        driver.get(app.base + "/page/dossier")  # type: ignore[attr-defined]
        controls = {e.get_attribute("id") for e in driver.find_elements(  # type: ignore[attr-defined]
            By.CSS_SELECTOR, "main input:not([type=hidden]), main select, main textarea")}
        reached: list[str] = []
        outlines: dict[str, str] = {}
        body = driver.find_element(By.TAG_NAME, "body")  # type: ignore[attr-defined]
        body.send_keys(Keys.TAB)
        for _ in range(80):
            active = driver.switch_to.active_element  # type: ignore[attr-defined]
            if active.tag_name != "body":  # past the last control, the focus leaves the page
                reached.append(active.get_attribute("id") or active.text)
                outlines.setdefault(reached[-1], active.value_of_css_property("outline-style"))
            active.send_keys(Keys.TAB)
        assert reached[0] == "Naar de inhoud"
        assert controls <= set(reached)
        assert {name: style for name, style in outlines.items() if style != "solid"} == {}
    assert pages.violations == []


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm")),
                    reason="needs LibreOffice (soffice) and poppler (pdftoppm)")
def test_the_documents_page_shows_a_first_page_preview_of_each_pdf(browser: object, tmp_path: Path) -> None:
    """A document made with its PDF is listed with a loaded image of its first page, with Dutch alt
    text, and the page still passes axe."""
    from selenium.webdriver.common.by import By

    case = tmp_path / "casus.yaml"
    shutil.copy(EXAMPLE, case)
    out = tmp_path / "casus-documenten"
    result = CliRunner().invoke(cli, ["render", str(case), "--doc", "deletion-call", "--pdf",
                                      "--out", str(out), "--override", "test"])
    assert result.exit_code == 0, result.output
    pages = Pages(browser, tmp_path)
    driver = browser
    with live_app(case) as app:
        driver.get(app.url)  # type: ignore[attr-defined]
        driver.get(app.base + "/documents")  # type: ignore[attr-defined]
        images = driver.find_elements(By.CSS_SELECTOR, "img.preview")  # type: ignore[attr-defined]
        assert len(images) == len(list(out.glob("*.pdf"))) >= 1
        for image in images:
            assert driver.execute_script(  # type: ignore[attr-defined]
                "return arguments[0].complete && arguments[0].naturalWidth", image) > 0
            assert image.get_attribute("alt").startswith("Eerste pagina van ")
        pages.shot("documents-previews")
    assert pages.violations == []


def test_making_the_documents_shows_a_labelled_progress_bar(browser: object, tmp_path: Path) -> None:
    """Pressing "make all" shows a progress bar named "Documenten maken…" in a status region and
    disables the button until the next page; the page passes axe meanwhile."""
    from selenium.webdriver.common.by import By

    case = tmp_path / "casus.yaml"
    shutil.copy(EXAMPLE, case)
    pages = Pages(browser, tmp_path)
    driver = browser
    with live_app(case) as app:
        driver.get(app.url)  # type: ignore[attr-defined]
        driver.get(app.base + "/documents")  # type: ignore[attr-defined]
        assert driver.find_elements(By.CSS_SELECTOR, "#making progress") == []  # type: ignore[attr-defined]
        # hold the submission back (the page would be replaced at once), so that the bar can be seen
        driver.execute_script(  # type: ignore[attr-defined]
            "document.getElementById('make-form').addEventListener('submit', e => e.preventDefault());")
        pages.by("#make-form button[type=submit]").click()  # type: ignore[attr-defined]
        bar = pages.by("#making progress")
        assert bar.is_displayed()  # type: ignore[attr-defined]
        assert bar.get_attribute("aria-label") == "Documenten maken…"  # type: ignore[attr-defined]
        assert pages.by("#making").get_attribute("role") == "status"  # type: ignore[attr-defined]
        assert "Documenten maken…" in pages.by("#making").text  # type: ignore[attr-defined]
        assert not pages.by("#make-form button[type=submit]").is_enabled()  # type: ignore[attr-defined]
        pages.shot("documents-making")
    assert pages.violations == []
