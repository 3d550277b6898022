"""Free-text screening in Chromium: the message appears beside Other Destination after Save, text kept."""
import re

from playwright.sync_api import Page, expect

from models import Exit
from tests.browser.conftest import assert_no_axe_violations, assert_touch_targets, login, screenshot
from tests.browser.test_exits_browser import household  # noqa: F401 - the fixture

MESSAGE = "This looks like a person's name (“Maria”). Remove it: never enter a person's name."


def test_identifying_other_destination_is_refused_beside_the_field(page: Page, household, at_sizes):  # noqa: F811
    login(page, "staff-1")
    page.goto(f"/households/{household.id}")
    form = page.locator("#exit-form")
    form.get_by_label("Project Exit Date").fill("2026-03-19")
    form.get_by_label("Destination", exact=True).select_option("17")
    other = form.get_by_label("Other Destination")
    expect(other).to_be_visible()
    other.fill("couch at her sister Maria's")
    form.get_by_label("Reason for Leaving").select_option("5")
    form.get_by_role("button", name="Save exit").click()

    field = page.locator("#field-exit-other_destination")
    expect(field.get_by_role("listitem")).to_have_text(MESSAGE)
    other = page.locator("#exit-form").get_by_label("Other Destination")
    expect(other).to_have_value("couch at her sister Maria's")
    expect(other).to_have_attribute("aria-invalid", "true")
    expect(other).to_have_accessible_description(re.compile(re.escape(MESSAGE)))  # read out with the field
    assert Exit.select().count() == 0
    screenshot(page, "exit-other-destination-screened")
    assert_no_axe_violations(page)
    assert_touch_targets(page)

    other.fill("couch at a relative's")
    page.locator("#exit-form").get_by_role("button", name="Save exit").click()
    expect(page.get_by_text("Exit saved for")).to_be_visible()
    assert [e.other_destination for e in Exit.select()] == ["couch at a relative's"] * 2
