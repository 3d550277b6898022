"""Services in Chromium: the live date preview, saving and deleting with htmx, bulk rows added and removed."""
import re

import pytest
from playwright.sync_api import Page, expect

from models import Project, Service
from tests.browser.conftest import assert_no_axe_violations, assert_touch_targets, follow, login, screenshot
from tests.test_services import make_household


@pytest.fixture
def households(agency):
    """Two households of a project that gives financial assistance; the second's dates are approximated."""
    project = agency[1][0]
    Project.update(gives_financial_assistance=True).where(Project.id == project.id).execute()
    return project, make_household(project)[0], make_household(project, approximated=True)[0]


def check_page(page: Page, name):
    screenshot(page, name)
    assert_no_axe_violations(page)
    assert_touch_targets(page)


def test_record_rent_with_preview_then_delete(page: Page, households, at_sizes):
    household = households[1]
    login(page, "staff-1")
    page.goto(f"/households/{household.id}")
    follow(page, page.get_by_role("link", name="Record rent or other financial assistance"))
    form = page.locator("#service-form")
    form.get_by_label("Service Type").select_option(label="Rent")
    form.get_by_label("Date Provided").fill("2026-03-01")
    expect(page.locator("#service-date-preview")).to_contain_text("Stored in HMIS: 03/01/2026 (the real date)")
    form.get_by_label("Amount").fill("-5")
    form.get_by_role("button", name="Save service").click()
    expect(form.get_by_label("Amount")).to_have_accessible_description(re.compile("cannot be negative"))
    check_page(page, "household-services-error")

    page.locator("#service-form").get_by_label("Amount").fill("850")
    page.locator("#service-form").get_by_role("button", name="Save service").click()
    expect(page.get_by_text("Rent recorded for")).to_be_visible()
    row = page.locator("#services-section").get_by_role("row", name=re.compile("Rent"))
    expect(row).to_contain_text("$850.00")
    assert Service.select().count() == 1
    check_page(page, "household-services")

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name=re.compile("Delete")).click()
    expect(page.locator("#alerts")).to_contain_text("Service deleted.")
    expect(page.locator("#services-section").get_by_role("row", name=re.compile("Rent"))).to_have_count(0)
    assert Service.get().date_deleted is not None


def test_bulk_rows_added_and_removed_then_saved(page: Page, households, at_sizes):
    project, first, second = households
    login(page, "staff-1")
    page.goto(f"/projects/{project.id}/services/bulk")
    page.get_by_label("Service Type").select_option(label="Rent")
    page.get_by_label("Date Provided").fill("2026-03-01")
    rows = page.locator(".bulk-row")
    expect(rows).to_have_count(5)
    page.get_by_role("button", name="Add a household").click()
    expect(rows).to_have_count(6)
    expect(rows.nth(5).get_by_label("Household record code")).to_be_focused()
    rows.nth(5).get_by_role("button", name=re.compile("Remove")).click()
    expect(rows).to_have_count(5)

    for n, household in enumerate((first, second)):
        rows.nth(n).get_by_label("Household record code").fill(f"{household.code[:4]}-{household.code[4:]}")
        rows.nth(n).get_by_label("Amount").fill(f"{900 + n}")
    rows.nth(2).get_by_label("Household record code").fill("ZZZZ")
    expect(rows.nth(0).locator("output")).to_contain_text("stored in HMIS: 03/01/2026 (the real date)")
    expect(rows.nth(1).locator("output")).to_contain_text("days (approximated)")
    expect(rows.nth(2).locator("output")).to_contain_text("A record code is 8 letters and digits")
    page.get_by_role("button", name="Record for these households").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    expect(rows.nth(0).get_by_label("Amount")).to_have_value("900")  # kept
    check_page(page, "services-bulk-error")

    rows.nth(2).get_by_label("Household record code").fill("")
    page.keyboard.press("Enter")  # Enter saves; it does not remove the first row
    expect(page.get_by_text("Rent recorded for 2 households.")).to_be_visible()
    assert Service.select().count() == 2
    check_page(page, "services-bulk")


def test_catalog_deactivate_with_htmx(page: Page, agency, at_sizes):
    login(page, "admin-1")
    page.goto("/admin/services")
    row = page.get_by_role("row", name=re.compile("^Counseling"))
    check_page(page, "services-catalog")
    row.get_by_role("button", name="Deactivate Counseling").click()
    expect(row).to_contain_text("Inactive")
    expect(row.get_by_role("button", name="Reactivate Counseling")).to_be_visible()
    follow(page, page.get_by_role("link", name="Add a service type"))
    page.get_by_label("Name", exact=True).fill("Bed night")
    page.get_by_label("HUD Record Type and Type Provided").select_option(label="Bed Night")
    page.get_by_role("button", name="Add service type").click()
    expect(page.get_by_role("row", name=re.compile("^Bed night"))).to_contain_text("Bed Night")
    check_page(page, "services-catalog-added")
