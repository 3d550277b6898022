"""Finding records in Chromium: the record-code search as you type, the roster and the 90-day list."""
import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_axe_violations, assert_touch_targets, follow, login, screenshot
from tests.browser.helpers_intake import HEAD, save_household

INVALID = "That is not a valid record code"


@pytest.fixture
def households(agency):
    """Three households of Safe Shelter: one that started ten days ago (with a child), and two from 2025 (one
    approximated) with no activity since."""
    project, staff = agency[1][0], agency[2]["staff"]
    return [save_household(project, staff, start=date.today() - timedelta(days=10)),
            save_household(project, staff, start=date(2025, 6, 1), members=(HEAD,)),
            save_household(project, staff, start=date(2025, 6, 3), members=(HEAD,), offset_days=40)]


def typo(code):
    """The code with its fourth symbol changed: the kind of slip the check symbol catches."""
    return code[:3] + ("X" if code[3] != "X" else "Y") + code[4:]


def test_code_search_answers_as_you_type(page: Page, households):
    household = households[0]
    login(page, "staff-1")
    follow(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Find a record"))
    page.evaluate("window.sameDocument = true")
    search = page.get_by_label("Record code")
    result = page.locator("#search-result")

    search.press_sequentially(typo(household.code).lower())
    expect(result).to_contain_text(INVALID)
    expect(result.get_by_role("link")).to_have_count(0)

    search.fill("")
    search.press_sequentially(f"{household.code[:4]}-{household.code[4:]}".lower())  # any case, with the hyphen
    code = f"{household.code[:4]}-{household.code[4:]}"
    link = result.get_by_role("link", name=code)
    expect(link).to_be_visible()
    expect(result).not_to_contain_text(INVALID)
    assert page.evaluate("window.sameDocument === true"), "the page was reloaded"

    link.click()
    expect(page).to_have_url(re.compile(rf"/households/{household.id}$"))
    expect(page.locator(".record-code")).to_have_text(code)


def test_find_roster_and_inactive_pages(page: Page, agency, households, at_sizes):
    project = agency[1][0]
    login(page, "staff-1")
    page.goto(f"/households/{households[0].id}")  # so that it is among the recent households
    page.goto("/records")
    expect(page.get_by_role("heading", name="Your recent households")).to_be_visible()
    page.get_by_label("Record code").fill(households[1].code)
    expect(page.locator("#search-result").get_by_role("link")).to_be_visible()
    screenshot(page, "records")
    assert_no_axe_violations(page)
    assert_touch_targets(page)

    page.goto(f"/projects/{project.id}/roster")
    expect(page.get_by_text("3 households with current participants")).to_be_visible()
    screenshot(page, "roster")
    assert_no_axe_violations(page)
    assert_touch_targets(page)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), "the page scrolls sideways"

    follow(page, page.get_by_role("link", name="No activity for 90 days"))
    expect(page.get_by_role("heading", name="No activity for 90 days")).to_be_visible()
    rows = page.get_by_role("row")
    expect(rows).to_have_count(3)  # the header and the two 2025 households
    expect(rows.filter(has_text=households[2].code[:4])).to_contain_text("approx.")
    screenshot(page, "inactive")
    assert_no_axe_violations(page)
    assert_touch_targets(page)
