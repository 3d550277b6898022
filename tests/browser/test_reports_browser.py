"""The dashboard in Chromium: filters swap the report in place (URL pushed), errors beside fields, axe, sizes."""
import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_axe_violations, assert_touch_targets, follow, login, screenshot
from tests.report_helpers import crafted_agency

import pytest


@pytest.fixture
def agency(live_server):
    return crafted_agency()


def test_dashboard_filters_charts_and_drill_down(page: Page, agency, at_sizes):
    login(page, "admin-1")
    follow(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports"))
    page.evaluate("window.sameDocument = true")
    page.get_by_label("Report start date").fill("2025-01-01")
    page.get_by_label("Report end date").fill("2025-12-31")
    page.get_by_role("button", name="Show report").click()
    expect(page).to_have_url(re.compile(r"/reports\?start=2025-01-01&end=2025-12-31"))
    people = page.locator("#table-people")
    expect(people.get_by_role("row", name=re.compile("^Total people served"))).to_contain_text("7")
    expect(page.get_by_role("img", name=re.compile("People served"))).to_be_visible()
    assert page.evaluate("window.sameDocument === true"), "the report was not swapped in place"
    assert_no_axe_violations(page)
    assert_touch_targets(page)
    screenshot(page, "reports-dashboard")

    page.get_by_label("Report end date").fill("2024-01-01")
    page.get_by_role("button", name="Show report").click()
    expect(page.locator("#end-errors")).to_have_text("The end date must be on or after the start date.")
    expect(page.get_by_label("Report end date")).to_have_value("2024-01-01")
    assert_no_axe_violations(page)
    screenshot(page, "reports-error")

    page.get_by_label("Report end date").fill("2025-12-31")
    page.get_by_role("button", name="Show report").click()
    follow(page, people.get_by_role("row", name=re.compile("^Adults")).get_by_role("link").first)
    expect(page.get_by_role("heading", name="Records behind a count")).to_be_visible()
    expect(page.get_by_text("4 households")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot(page, "reports-records")


def test_for_sharing_shows_small_counts_hidden(page: Page, agency, at_sizes):
    login(page, "viewer-1")
    page.goto("/reports?start=2025-01-01&end=2025-12-31&sharing=y")
    expect(page.locator("#table-people").get_by_role("row", name=re.compile("^Adults"))).to_contain_text("suppressed")
    expect(page.locator("#report a[href*='/reports/records']")).to_have_count(0)
    assert_no_axe_violations(page)
    screenshot(page, "reports-sharing")
