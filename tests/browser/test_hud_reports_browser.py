"""The APR/CAPER page in Chromium: the form answers in place through htmx, errors beside their fields."""
from datetime import date
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_axe_violations, assert_touch_targets, follow, login, screenshot
from tests.hud_report_data import household, member


def _served(agency):
    h = household(agency[1][0])
    member(h, dob=date(1990, 1, 1), entry=date(2025, 3, 1), exit=date(2025, 4, 1), destination=410)
    member(h, dob=date(2015, 1, 1), entry=date(2025, 3, 1), exit=date(2025, 4, 1), destination=410, relationship=2)


def test_report_appears_in_place_and_bad_dates_are_explained(page: Page, agency, at_sizes):
    _served(agency)
    login(page, "viewer-1")
    follow(page, page.get_by_role("link", name="HUD APR and CAPER tables"))
    page.evaluate("window.sameDocument = true")
    page.get_by_label("Report Start Date").fill("2025-03-01")
    page.get_by_label("Report End Date").fill("2025-01-31")
    page.get_by_role("button", name="Show the tables").click()
    error = page.locator("#end-errors")
    expect(error).to_have_text("The report end date must be on or after the start date.")
    expect(page.get_by_label("Report End Date")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Report Start Date")).to_have_value("2025-03-01")  # what was typed is kept
    assert_no_axe_violations(page)
    screenshot(page, f"hud-report-error-{at_sizes}")

    page.get_by_label("Report End Date").fill("2025-12-31")
    page.get_by_role("button", name="Show the tables").click()
    q7a = page.get_by_role("table", name="Q7a: Number of Persons Served")
    expect(q7a).to_be_visible()
    expect(q7a.get_by_role("row", name="Total").get_by_role("cell").first).to_have_text("2")
    expect(page.get_by_role("link", name="Download Q7a.csv")).to_be_visible()
    expect(page.get_by_role("link", name="Download all (zip)")).to_be_visible()
    assert page.evaluate("window.sameDocument === true"), "the page was reloaded instead of swapped"
    assert "start=2025-03-01" in page.url and "end=2025-12-31" in page.url  # bookmarkable
    assert_no_axe_violations(page)
    assert_touch_targets(page)
    screenshot(page, f"hud-report-{at_sizes}")


def test_downloading_one_table(page: Page, agency):
    _served(agency)
    login(page, "staff-1")
    page.goto("/reports/hud?start=2025-01-01&end=2025-12-31")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download Q24e.csv").click()
    assert download.value.suggested_filename == "Q24e.csv"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.splitlines()[1] == '"Female","2","0","2","0","0"'
