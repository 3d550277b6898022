"""The re-identification guard in Chromium: the live panel in intake and exit, the one-tap proposal, saving
anyway with a reason, the project privacy report and the admin settings; axe clean, touch targets, screenshots."""
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from models import Agency, AuditEvent, Client, Exit
from tests.browser.conftest import assert_no_axe_violations, assert_touch_targets, login, screenshot
from tests.browser.test_intake_browser import assert_same_document, choose, fill_head, open_intake
from tests.reid_helpers import stored_household

WARNING = "Nobody else in Safe Shelter shares these answers yet: this record alone could identify her."
PROPOSAL = "Set Veteran Status to “Client prefers not to answer”"


@pytest.fixture
def crowded(agency):
    """Four stored women of 35-44 who started alone in February 2026, Veteran Status 9 (k = 5)."""
    project = agency[1][0]
    for _ in range(4):
        stored_household(project, start=date(2026, 2, 10),
                         members=({"dob": date(1987, 1, 1), "veteran_status": 9, "dv": 1},))
    return project


def panel(page: Page):
    return page.locator("#privacy-check")


def type_head(page: Page):
    page.get_by_label("Project Start Date").fill("2026-02-01")
    fill_head(page.locator("#members-0"))


def test_intake_panel_warns_live_and_the_proposal_reaches_k(page: Page, crowded, at_sizes):
    open_intake(page, crowded)
    expect(panel(page)).to_contain_text("The privacy check runs once the Project Start Date is entered.")
    type_head(page)
    expect(panel(page)).to_contain_text(WARNING)
    expect(panel(page)).to_contain_text(f"Smallest change that makes the group 5: {PROPOSAL}.")
    assert_same_document(page)  # no page load: htmx swapped the panel
    screenshot(page, "intake-privacy-warning")
    assert_no_axe_violations(page)
    assert_touch_targets(page)

    choose(page.locator("#members-0"), "Veteran Status", "Yes")  # another answer: the panel follows
    expect(panel(page)).to_contain_text(WARNING)
    panel(page).get_by_role("button", name="Apply this change for Member 1").click()
    veteran = page.locator("#members-0").get_by_role("group", name="Veteran Status", exact=True)
    expect(veteran.get_by_role("radio", name="Client prefers not to answer", exact=True)).to_be_checked()
    expect(panel(page)).to_contain_text("4 other people in Safe Shelter share these answers")
    expect(panel(page).get_by_label("Save anyway, as typed")).to_have_count(0)
    assert_same_document(page)
    page.get_by_role("button", name="Save household").last.click()
    expect(page.get_by_text("saved with 1 person")).to_be_visible()
    assert Client.select().where(Client.veteran_status == 9).count() == 5


def test_saving_anyway_needs_a_reason(page: Page, crowded):
    open_intake(page, crowded)
    type_head(page)
    expect(panel(page)).to_contain_text(WARNING)
    page.get_by_role("button", name="Save household").last.click()
    expect(page.locator("#field-save_anyway")).to_contain_text("tick “Save anyway” and give the reason")
    page.get_by_label("Save anyway, as typed").check()
    page.get_by_label("Reason for saving anyway").fill("Veteran services referral")
    page.get_by_role("button", name="Save household").last.click()
    expect(page.get_by_text("saved with 1 person")).to_be_visible()
    event = AuditEvent.get(AuditEvent.action == "reid_override")
    assert (event.fields, event.reason) == ("veteran_status", "Veteran services referral")


@pytest.fixture
def leaving(agency):
    """As in tests/test_reidentification_exit.py: k = 4; 2 others exited to a permanent destination in April
    2026, 3 to "Other"; she exits in April."""
    project = agency[1][0]
    Agency.update(reid_k=4).execute()
    for exit_date, destination in ((date(2026, 4, 3), 410), (date(2026, 4, 20), 435), (date(2026, 4, 25), 9),
                                   (date(2026, 4, 26), 17), (date(2026, 4, 28), 30)):
        stored_household(project, members=({"exit": (exit_date, destination)},))
    (member,) = stored_household(project)
    return member


def test_exit_panel_proposes_withholding_the_destination(page: Page, leaving):
    login(page, "staff-1")
    page.goto(f"/households/{leaving.household_id}/exit")
    form = page.locator("#exit-form")
    form.get_by_label("Project Exit Date").fill("2026-04-09")
    form.get_by_label("Destination", exact=True).select_option("411")
    form.get_by_label("Reason for Leaving").select_option("1")
    expect(panel(page)).to_contain_text("Only 2 other people in Safe Shelter share these answers")
    panel(page).get_by_role("button", name="Apply this change").click()
    expect(page.locator("#exit-form").get_by_label("Destination", exact=True)).to_have_value("9")
    expect(panel(page)).to_contain_text("3 other people in Safe Shelter share these answers")
    assert_no_axe_violations(page)
    assert_touch_targets(page)
    page.locator("#exit-form").get_by_role("button", name="Save exit").click()
    expect(page.get_by_text("Exit saved for")).to_be_visible()
    assert Exit.get(Exit.enrollment == leaving.id).destination == 9


def test_privacy_report_and_settings(page: Page, agency, at_sizes):
    project = agency[1][0]
    Agency.update(reid_k=3).execute()
    for _ in range(3):
        stored_household(project, start=date(2026, 1, 5))
    stored_household(project, start=date(2026, 1, 5), members=({"sex": 1},))
    login(page, "admin-1")
    page.goto(f"/projects/{project.id}/privacy")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Privacy")
    expect(page.get_by_text("4 records; 1 in groups smaller than 3")).to_be_visible()
    screenshot(page, "privacy-report")
    assert_no_axe_violations(page)
    assert_touch_targets(page)

    page.goto("/admin/privacy")
    page.get_by_label("Smallest group allowed (k)").fill("1")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#field-k")).to_contain_text("The group size must be at least 2")
    expect(page.get_by_label("Smallest group allowed (k)")).to_have_value("1")
    screenshot(page, "privacy-settings")
    assert_no_axe_violations(page)
    assert_touch_targets(page)
    page.get_by_label("Smallest group allowed (k)").fill("4")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Privacy check settings saved.")).to_be_visible()
    assert Agency.get().reid_k == 4


def test_export_page_summary_follows_the_period_typed(page: Page, agency, at_sizes):
    project = agency[1][0]
    for _ in range(3):
        stored_household(project, start=date(2026, 1, 5))
    stored_household(project, start=date(2026, 3, 5), members=({"exit": (date(2026, 3, 20), 410)},))
    login(page, "admin-1")
    page.goto("/admin/export/hmis-csv")
    summaries = page.locator("#privacy-summaries")
    expect(summaries).to_contain_text("4 records")
    page.get_by_label("Export Start Date").fill("2026-04-01")
    page.get_by_label("Export End Date").fill("2026-04-30")
    expect(summaries).to_contain_text("3 records")
    expect(summaries).to_contain_text("active from 04/01/2026 to 04/30/2026")
    screenshot(page, "export-privacy-summary")
    assert_no_axe_violations(page)
    assert_touch_targets(page)


def test_member_correction_panel_warns_live_and_the_proposal_reaches_k(page: Page, crowded, at_sizes):
    (member,) = stored_household(crowded, start=date(2026, 2, 10),
                                 members=({"dob": date(1987, 1, 1), "veteran_status": 9, "dv": 1},))
    login(page, "staff-1")
    page.goto(f"/members/{member.id}/edit")
    expect(panel(page)).to_contain_text("4 other people in Safe Shelter share these answers")
    form = page.locator("#member-form")
    fill_head(form)  # the answers the stored test record lacks (the DOB typed again lands in the same age group)
    choose(form, "Veteran Status", "Yes")
    expect(panel(page)).to_contain_text(WARNING)
    expect(panel(page)).to_contain_text(f"Smallest change that makes the group 5: {PROPOSAL}.")
    screenshot(page, "member-correction-privacy-warning")
    assert_no_axe_violations(page)
    assert_touch_targets(page)
    panel(page).get_by_role("button", name="Apply this change for This member").click()
    veteran = page.locator("#member-form").get_by_role("group", name="Veteran Status", exact=True)
    expect(veteran.get_by_role("radio", name="Client prefers not to answer", exact=True)).to_be_checked()
    expect(panel(page)).to_contain_text("4 other people in Safe Shelter share these answers")
    page.get_by_role("button", name="Save corrections").click()
    expect(page.get_by_text("Member's answers saved.")).to_be_visible()
    assert Client.get_by_id(member.client_id).veteran_status == 9
