"""Project exit in Chromium: the live preview, the subsidy question revealed for 435, undo after a confirm."""
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from models import Client, Enrollment, Exit, Household, Project
from tests.browser.conftest import assert_no_axe_violations, assert_touch_targets, login, screenshot

STAMPS = {"date_created": "2026-02-01 00:00:00", "date_updated": "2026-02-01 00:00:00"}


@pytest.fixture
def household(agency):
    """A two-person household in a rapid re-housing project, started 02/01/2026 with real dates."""
    project = agency[1][0]
    Project.update(project_type=13, rrh_sub_type=2).where(Project.id == project.id).execute()
    household = Household.create(agency=project.agency_id, project=project, household_id="hh-browser",
                                 code="BRWS0001", **STAMPS)
    for n, relationship in enumerate((1, 2)):
        client = Client.create(agency=project.agency_id, personal_id=f"p{n}", code=f"CASE000{n}", dob="1990-01-01",
                               dob_data_quality=9, sex=0, veteran_status=0, race_none=9, **STAMPS)
        Enrollment.create(agency=project.agency_id, project=project, household=household, client=client,
                          enrollment_id=f"e{n}", relationship_to_hoh=relationship, entry_date=date(2026, 2, 1),
                          disabling_condition=0, **STAMPS)
    return household


def test_exit_with_live_preview_and_subsidy_then_undo(page: Page, household, at_sizes):
    login(page, "staff-1")
    page.goto(f"/households/{household.id}")
    form = page.locator("#exit-form")
    form.get_by_label("Project Exit Date").fill("2026-03-19")
    expect(page.locator("#exit-preview")).to_contain_text("Length of stay: 46 days")

    expect(form.get_by_label("Rental Subsidy Type")).to_have_count(0)
    form.get_by_label("Destination", exact=True).select_option("435")
    expect(form.get_by_label("Rental Subsidy Type")).to_be_visible()
    form.get_by_label("Rental Subsidy Type").select_option("433")
    form.get_by_label("Reason for Leaving").select_option("5")
    screenshot(page, "household-exit-form")
    assert_no_axe_violations(page)
    assert_touch_targets(page)
    form.get_by_role("button", name="Save exit").click()

    expect(page.get_by_text("Exit saved for")).to_be_visible()
    expect(page.locator("#exits").get_by_role("row", name="CASE-0000")).to_contain_text("HCV voucher")
    assert Exit.select().where(Exit.date_deleted.is_null()).count() == 2
    screenshot(page, "household-exited")
    assert_no_axe_violations(page)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Undo exit of CASE-0000").click()
    expect(page.get_by_text("The exit of CASE-0000 was undone")).to_be_visible()
    expect(page.locator("#exit-form").get_by_label("CASE-0000 · Self (head of household)")).to_be_checked()
