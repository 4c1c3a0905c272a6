"""End to end in a real headless Chromium (Debian's, driven by Playwright), against a real
`culpa serve`: a new user finds the EU deployer duties as of today, opens one, follows its
citation and crosswalks, downloads the list as XLSX, looks at the matrix, runs a named query and
an example query in the SPARQL editor. Screenshots go to tests/artifacts/."""
from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("CULPA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: ./quickstart test installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def shot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_new_user_journey(live_server, page, tmp_path):
    today = dt.date.today().isoformat()
    page.goto(live_server + "/")
    assert "Who owed what" in page.inner_text("h1")
    shot(page, "01-home")

    # the duties finder: deployer, EU, as of today
    page.click("text=Duties")
    page.fill("#f-role", "deployer")
    page.select_option("#f-jur", ["EU"])
    page.fill("#f-asof", today)
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("table.duties")
    assert "deployer" in page.inner_text("#result-summary")
    assert f"asOf={today}" in page.url and "role=deployer" in page.url  # the URL holds the filters
    rows = page.locator("table.duties tbody tr")
    assert rows.count() > 0
    shot(page, "02-duties")

    # download exactly what is shown, as XLSX
    with page.expect_download() as download_info:
        page.click("#download-xlsx")
    path = tmp_path / "duties.xlsx"
    download_info.value.save_as(path)
    from openpyxl import load_workbook

    assert load_workbook(path).active.max_row == rows.count() + 1

    # open one duty (Art. 26(5) applies later; pick the deep-fake disclosure duty, which applies today)
    page.click("table.duties a:has-text('deep fake')")
    page.wait_for_selector("h1")
    assert "Art. 50(4)" in page.content()
    source = page.locator("a.source-link").first
    assert source.get_attribute("href").startswith("https://eur-lex.europa.eu/eli/reg/2024/1689/oj#art_50")
    shot(page, "03-duty")

    # follow its citation inside culpa: the provision page, with the same official source
    page.click("table.props a:has-text('Art. 50(4)')")
    page.wait_for_selector("h1")
    assert "Art. 50(4)" in page.inner_text("h1")
    assert page.locator("a.source-link").first.get_attribute("href").endswith("#art_50")
    shot(page, "04-provision")

    # crosswalks: from a duty that has mappings, follow one to the other instrument
    page.goto(live_server + "/id/norm/eu-aiact-art-15-5-ai-specific-attack-measures")
    assert page.locator("#crosswalks").count() == 1
    links = page.locator("#crosswalks + table a")
    assert links.count() > 0, "the AI Act Art. 15(5) duty should have crosswalks (e.g. to CRA Annex I)"
    target = links.first.get_attribute("href")
    links.first.click()
    page.wait_for_url("**" + target)
    assert page.locator("h1").count() == 1
    shot(page, "05-crosswalk")

    # the matrix, with click-through to a duties list
    page.goto(live_server + "/matrix")
    cell = page.locator("#matrix td a").first
    cell.click()
    page.wait_for_selector("#result-summary")
    shot(page, "06-matrix-click")

    # the query library: run a named query from its form
    page.goto(live_server + "/queries/reporting-deadlines")
    page.fill("#p-jurisdiction", "EU")
    page.click("#query-form button[type=submit]")
    page.wait_for_selector("#query-results")
    assert "P15D" in page.inner_text("#query-results")
    shot(page, "07-query")


def test_sparql_editor_runs_an_example(live_server, page):
    page.goto(live_server + "/editor")
    page.wait_for_selector(".yasqe")
    page.click("button.example >> nth=0")
    page.wait_for_selector(".yasr table tbody tr", timeout=20000)
    assert "Art." in page.inner_text(".yasr")
    shot(page, "08-editor")


def test_assessment_diagram_renders(live_server, page):
    page.goto(live_server + "/assess")
    page.click("#cases a:has-text('optimind')")
    page.wait_for_selector("#assessment-diagram")
    assert page.locator("#assessment-diagram g.actor").count() >= 3
    assert page.locator("#assessment-diagram line.exploited").count() >= 1
    assert page.locator("#assessment-diagram line.indemnity").count() == 3   # OptiMind -> Innovate bracket
    box = page.locator("#assessment-diagram").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100
    shot(page, "10-assessment")
    # a reviewer traces a finding to its provision: failure -> binding duty -> provision page
    link = page.locator("section.actor-findings details[open] .chain a[href*='/id/provision/']").first
    notation = link.inner_text()
    link.click()
    page.wait_for_selector("h1")
    assert notation in page.inner_text("main")
    shot(page, "11-assessment-provision")


def test_build_a_scenario(live_server, page):
    page.goto(live_server + "/assess")
    page.click("#build-link")
    page.select_option("#b-jur", "SG")
    page.uncheck("#b-c-data-agreement")
    page.click("#builder button[type=submit]")
    page.wait_for_selector("#assessment-diagram")
    assert "Personal Data Protection" in page.inner_text("main")
    page.click("#scenario-json summary")
    assert '"variant_of": "optimind"' in page.inner_text("#scenario-json")
    shot(page, "12-assessment-built")


def test_phone_layout(live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server + "/duties?role=deployer&jurisdiction=EU")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400 or page.locator(".scroll").count() == 1
    shot(page, "09-phone")
    context.close()


def test_keyboard_reaches_the_content(live_server, page):
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
