"""The admin screens in Chromium at laptop and tablet sizes: keyboard sign-in, htmx forms, the screen lock."""
import re

import pytest
from playwright.sync_api import Page, expect

from models import Agency, Project, User
from tests.browser.conftest import assert_no_axe_violations, assert_touch_targets, follow, login, screenshot
from tests.conftest import PASSWORD, make_agency

NEW_PASSWORD = "lantern orchard quietly"


@pytest.fixture
def agency(live_server):
    """Safe Harbor with two projects, so that assigning projects to a user means choosing."""
    return make_agency(projects=("Safe Shelter", "Harbor Transitional"))


def check_page(page: Page, name):
    """What every page must pass: axe, touch targets; and a screenshot to look at."""
    screenshot(page, name)
    assert_no_axe_violations(page)
    assert_touch_targets(page)


def test_keyboard_sign_in_then_visible_focus(page: Page, agency, at_sizes):
    page.goto("/login")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    check_page(page, "login")

    username = page.get_by_label("Username", exact=True)
    expect(username).to_be_focused()  # autofocus: a desk worker can start typing at once
    page.keyboard.type("admin-1")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1, name="Safe Harbor")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    check_page(page, "home")

    page.keyboard.press("Tab")  # the skip link comes first, and shows when focused
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Tab")
    home = page.get_by_role("navigation", name="Main").get_by_role("link", name="Home")
    expect(home).to_be_focused()
    expect(home).to_have_css("outline-style", "solid")
    expect(home).to_have_css("outline-width", "3px")


def test_add_project_shows_errors_beside_fields_then_saves(page: Page, agency, at_sizes):
    login(page, "admin-1")
    follow(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Projects"))
    expect(page.get_by_role("heading", name="Projects")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Safe Shelter"))).to_be_visible()
    check_page(page, "projects")

    follow(page, page.get_by_role("link", name="Add a project"))
    expect(page.get_by_role("heading", name="Add a project")).to_be_visible()
    check_page(page, "project-new")

    page.get_by_label("Project Name", exact=True).fill("Harbor House")
    page.get_by_label("Project Type", exact=True).select_option(label="Transitional Housing")
    page.get_by_label("CoC Code", exact=True).fill("WA501")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Add project").click()
    response = posted.value
    assert response.status == 422 and response.request.headers.get("hx-request") == "true"  # CSRF header sent

    expect(page.get_by_role("alert")).to_contain_text("Please fix the")
    coc = page.get_by_label("CoC Code", exact=True)
    expect(coc).to_have_value("WA501")  # typed values kept
    expect(coc).to_have_attribute("aria-invalid", "true")
    expect(coc).to_have_accessible_description(re.compile("two letters, a hyphen and three digits"))
    expect(page.get_by_label("Housing Type", exact=True)).to_have_accessible_description(
        "Residential projects need a housing type.")
    expect(page.get_by_label("Funding Source", exact=True)).to_have_accessible_description(
        "Choose the funding source.")
    expect(page.get_by_label("Geocode", exact=True)).to_have_accessible_description(
        re.compile("^Enter the project's six-digit geocode."))
    expect(page.get_by_label("Project Name", exact=True)).to_have_value("Harbor House")
    expect(page.get_by_label("Project Type", exact=True)).to_have_value("2")
    check_page(page, "project-new-errors")

    page.get_by_label("Housing Type", exact=True).select_option(label="Site-based - single site")
    page.get_by_label("Target Population", exact=True).select_option(label="DV: Survivor of Domestic Violence")
    coc.fill("WA-501")
    page.get_by_label("Geocode", exact=True).fill("539033")
    page.get_by_label("Funding Source", exact=True).select_option(label="Local or Other Funding Source")
    page.get_by_label("Other Funder", exact=True).fill("VAWA")
    page.get_by_label("Operating Start Date", exact=True).fill("2024-07-01")
    page.get_by_role("checkbox", name="Gives rent or other financial assistance").check()
    page.get_by_role("button", name="Add project").click()

    expect(page).to_have_url(re.compile(r"/admin/projects$"))
    expect(page.get_by_role("status")).to_contain_text("Project “Harbor House” added.")
    row = page.get_by_role("row", name=re.compile("Harbor House"))
    expect(row).to_contain_text("Transitional Housing")
    expect(row).to_contain_text("Local or Other Funding Source (VAWA)")
    project = Project.get(Project.name == "Harbor House")
    assert (project.housing_type, project.gives_financial_assistance) == (1, True)


def test_add_user_edit_user_and_reset_password(page: Page, agency, at_sizes):
    login(page, "admin-1")
    follow(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Users"))
    expect(page.get_by_role("heading", name="Users")).to_be_visible()
    check_page(page, "users")

    follow(page, page.get_by_role("link", name="Add a user"))
    expect(page.get_by_role("heading", name="Add a user")).to_be_visible()
    check_page(page, "user-new")
    page.get_by_label("Username", exact=True).fill("Case.Worker")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat the password", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("radio", name="Staff").check()
    page.get_by_role("checkbox", name="Harbor Transitional").check()
    page.get_by_role("checkbox", name="Safe Shelter").check()
    page.get_by_role("button", name="Create account").click()

    expect(page).to_have_url(re.compile(r"/admin/users$"))
    expect(page.get_by_role("status")).to_contain_text("Account “case.worker” created.")
    expect(page.get_by_role("row", name=re.compile("case.worker"))).to_contain_text(
        "Harbor Transitional, Safe Shelter")

    follow(page, page.get_by_role("link", name="Edit staff-1"))
    expect(page.get_by_role("heading", name="Edit staff-1")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Safe Shelter")).to_be_checked()
    check_page(page, "user-edit")
    page.get_by_role("checkbox", name="Harbor Transitional").check()
    page.get_by_role("checkbox", name="Active (can sign in)").uncheck()
    page.get_by_role("button", name="Save account").click()
    expect(page.get_by_role("status")).to_contain_text("Account “staff-1” saved.")
    row = page.get_by_role("row", name=re.compile("staff-1"))
    expect(row).to_contain_text("Harbor Transitional, Safe Shelter")
    expect(row).to_contain_text("Deactivated")

    follow(page, page.get_by_role("link", name="Reset password for viewer-1"))
    expect(page.get_by_role("heading", name="New password for viewer-1")).to_be_visible()
    check_page(page, "user-password")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat the password", exact=True).fill(NEW_PASSWORD + "!")
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_label("Repeat the password", exact=True)).to_have_accessible_description(
        "The two passwords do not match.")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat the password", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("status")).to_contain_text("New password set for “viewer-1”.")
    assert User.get(User.username == "viewer-1").check_password(NEW_PASSWORD)


def test_agency_page_and_not_found_page(page: Page, agency, at_sizes):
    login(page, "admin-1")
    follow(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Agency"))
    expect(page.get_by_role("heading", name="Agency")).to_be_visible()
    check_page(page, "agency")
    page.get_by_label("Organization Common Code", exact=True).fill("SH-01")
    page.get_by_role("radio", name=re.compile("^Approximate or partial DOB")).check()
    page.get_by_role("button", name="Save agency").click()
    expect(page.get_by_role("status")).to_contain_text("Agency settings saved.")
    expect(page.get_by_label("Organization Common Code", exact=True)).to_have_value("SH-01")
    saved = Agency.get(Agency.name == "Safe Harbor")
    assert (saved.organization_common_code, saved.dob_data_quality) == ("SH-01", 2)

    response = page.goto("/admin/users/9999/edit")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    check_page(page, "not-found")


def test_lock_blanks_the_screen_until_the_password_is_typed(page: Page, agency, at_sizes):
    login(page, "admin-1")
    # Freeze the moment after the press: a listener added after lock.js's own cancels the navigation.
    page.evaluate("document.getElementById('lock-form').addEventListener('submit', e => e.preventDefault())")
    page.get_by_role("button", name="Lock screen").click()
    expect(page.locator("html")).to_have_class("locking")
    expect(page.get_by_role("heading", name="Safe Harbor")).to_be_hidden()
    expect(page.get_by_role("button", name="Lock screen")).to_be_hidden()
    screenshot(page, "locking")

    page.reload()  # now press it for real
    page.get_by_role("button", name="Lock screen").click()
    expect(page).to_have_url(re.compile(r"/unlock$"))
    expect(page.get_by_role("heading", name="Screen locked")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    check_page(page, "unlock")

    page.goto("/admin/users")  # nothing else opens while locked
    expect(page).to_have_url(re.compile(r"/unlock$"))
    page.get_by_label("Password", exact=True).fill("not my password")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_have_text("That password is not right.")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Safe Harbor")).to_be_visible()
    follow(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Users"))
    expect(page.get_by_role("heading", name="Users")).to_be_visible()
