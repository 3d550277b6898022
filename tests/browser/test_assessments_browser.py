"""An update in Chromium: sources revealed under a Yes, the live total and date, the Disabling Condition offer."""
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from domain import codes
from models import Client, Enrollment, Household, IncomeBenefits
from tests.browser.conftest import assert_no_axe_violations, assert_touch_targets, login, screenshot

STAMPS = {"date_created": "2026-02-01 00:00:00", "date_updated": "2026-02-01 00:00:00"}


@pytest.fixture
def head(agency):
    """The head of a one-person household started 02/01/2026 with real dates."""
    project = agency[1][0]
    household = Household.create(agency=project.agency_id, project=project, household_id="hh-assess",
                                 code="ASSE0001", **STAMPS)
    client = Client.create(agency=project.agency_id, personal_id="p-assess", code="CASE0000", dob="1990-01-01",
                           dob_data_quality=9, sex=0, veteran_status=0, race_none=9, **STAMPS)
    return Enrollment.create(agency=project.agency_id, project=project, household=household, client=client,
                             enrollment_id="e-assess", relationship_to_hoh=1, entry_date=date(2026, 2, 1),
                             disabling_condition=0, **STAMPS)


def answer(page: Page, question, choice):
    page.get_by_role("group", name=question, exact=True).get_by_label(choice, exact=True).check()


def test_update_reveals_sources_totals_income_and_offers_disabling_condition(page: Page, head, at_sizes):
    login(page, "staff-1")
    page.goto(f"/enrollments/{head.id}/assessments/2")
    page.get_by_label("Information Date").fill("2026-03-01")
    expect(page.locator("#information-date-preview")).to_contain_text("Stored in HMIS: 03/01/2026")

    expect(page.get_by_label("Earned income: monthly amount")).to_have_count(0)
    answer(page, "Income from Any Source", "Yes")
    amount = page.get_by_label("Earned income: monthly amount")
    expect(amount).to_be_visible()
    for _, _, label in codes.INCOME_SOURCES:
        answer(page, label, "Yes" if label in ("Earned income", "Child support") else "No")
    amount.fill("1,200.50")
    page.get_by_label("Child support: monthly amount").fill("99.50")
    expect(page.locator("#income-total")).to_contain_text("$1,300.00")
    expect(page.get_by_label("Information Date")).to_have_value("2026-03-01")  # other sections keep their values

    for question in ("Non-Cash Benefits from Any Source", "Covered by Health Insurance", "Domestic Violence Survivor"):
        answer(page, question, "No")
    for label in codes.DISABILITY_TYPE.values():
        answer(page, label, "Yes" if label == "Developmental disability" else "No")
    offer = page.get_by_label("Change the enrollment's Disabling Condition to match these answers")
    expect(offer).to_be_visible()
    offer.check()
    screenshot(page, "assessment-update")
    assert_no_axe_violations(page)
    assert_touch_targets(page)
    page.get_by_role("button", name="Save update").click()

    expect(page.get_by_text("Update of 03/01/2026 saved for member CASE-0000.")).to_be_visible()
    row = page.locator("#assessments").get_by_role("row", name="03/01/2026")
    expect(row).to_contain_text("$1,300.00 a month")
    expect(row).to_contain_text("Developmental disability")
    assert IncomeBenefits.get().total_monthly_income == 1300
    assert Enrollment.get_by_id(head.id).disabling_condition == 1
    screenshot(page, "household-assessments")
    assert_no_axe_violations(page)


def test_mistakes_are_shown_beside_the_fields(page: Page, head, at_sizes):
    login(page, "staff-1")
    page.goto(f"/enrollments/{head.id}/assessments/2")
    page.get_by_label("Information Date").fill("2026-01-15")
    expect(page.locator("#information-date-preview")).to_contain_text("before this member's Project Start Date")
    answer(page, "Income from Any Source", "Yes")
    answer(page, "Earned income", "Yes")
    page.get_by_label("Earned income: monthly amount").fill("-20")
    page.get_by_role("button", name="Save update").click()
    expect(page.locator("#field-earned_amount")).to_contain_text("The amount cannot be negative.")
    expect(page.locator("#field-information_date")).to_contain_text("before this member's Project Start Date")
    expect(page.get_by_label("Earned income: monthly amount")).to_have_value("-20")
    screenshot(page, "assessment-errors")
    assert_no_axe_violations(page)
    assert IncomeBenefits.select().count() == 0
