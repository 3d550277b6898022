"""Household intake in Chromium: live previews, follow-up questions, members, keyboard-only entry, errors."""
import re
from datetime import date, datetime, timedelta

import pytest
from playwright.sync_api import Locator, Page, expect

from domain.dates import SHIFT_MAX_DAYS, SHIFT_MIN_DAYS
from models import Client, Enrollment, HealthAndDV, Household, Project
from tests.browser.conftest import assert_no_axe_violations, assert_touch_targets, follow, login, screenshot
from tests.browser.helpers_intake import save_household, tab_to

APPROXIMATE = "These dates could identify this household: approximate them"
LENGTH = "Length of Stay in Prior Living Situation"
PREVIOUS_NIGHT = "On the night before, did you stay on the streets, in an emergency shelter or a safe haven?"
EPISODE = ("Approximate Date This Episode of Homelessness Started",
           "Number of Times on the Streets, in Emergency Shelter, or Safe Haven in the Past Three Years",
           "Total Number of Months Homeless on the Street, in Emergency Shelter, or Safe Haven in the Past Three Years")


@pytest.fixture
def project(agency):
    """Safe Shelter: an emergency shelter (project type 0), so 3.917A asks every follow-up."""
    return agency[1][0]


def open_intake(page: Page, project):
    login(page, "staff-1")
    page.goto(f"/projects/{project.id}/intake")
    page.evaluate("window.sameDocument = true")  # gone if anything reloads the page


def assert_same_document(page: Page):
    assert page.evaluate("window.sameDocument === true"), "the page was reloaded"


def member(page: Page, index):
    return page.locator(f"#members-{index}")


def choose(group: Locator, legend, answer):
    group.get_by_role("group", name=legend, exact=True).get_by_role("radio", name=answer, exact=True).check()


def type_date(field: Locator, digits):
    """Type a date as a person does: click into its first part (the month), then type mm dd yyyy."""
    field.click(position={"x": 16, "y": 16})
    field.page.keyboard.type(digits)


def fill_head(head: Locator):
    """Every answer a head of household in an emergency shelter needs, the quick way (not what is tested)."""
    head.get_by_label("Relationship to Head of Household").select_option(label="Self (head of household)")
    head.get_by_label("Date of Birth", exact=True).fill("1987-03-14")
    head.get_by_role("checkbox", name="White").check()
    for legend, answer in (("Sex", "Female"), ("Disabling Condition", "No"), ("Veteran Status", "No"),
                           ("Domestic Violence Survivor", "Yes"), ("Currently Fleeing", "Yes")):
        choose(head, legend, answer)
    head.get_by_label("When Experience Occurred").select_option(label="Within the past three months")
    head.get_by_label("Prior Living Situation", exact=True).select_option("116")
    head.get_by_label(LENGTH, exact=True).select_option(label="One week or more, but less than one month")
    head.get_by_label(EPISODE[0]).fill("2026-01-05")
    head.get_by_label(EPISODE[1]).select_option(label="One time")
    head.get_by_label(EPISODE[2]).select_option(label="1")


def test_date_previews_update_while_typing(page: Page, project):
    open_intake(page, project)
    start_preview, dob_preview = page.locator("#start-preview"), page.locator("#members-0-dob-preview")
    type_date(page.get_by_label("Project Start Date"), "02012026")
    expect(start_preview).to_contain_text("Stored in HMIS: 02/01/2026 (the real date)")

    dob = member(page, 0).get_by_label("Date of Birth", exact=True)
    type_date(dob, "03141987")
    adult = re.compile(r"Stored in HMIS: 01/01/198[678] · age group at entry: 35–44 · adult")
    expect(dob_preview).to_contain_text(adult)
    first = dob_preview.inner_text()
    type_date(dob, "06302015")
    expect(dob_preview).to_contain_text(
        re.compile(r"Stored in HMIS: 01/01/201[456] · age group at entry: 5–12 · child"))
    type_date(dob, "03141987")
    expect(dob_preview).to_have_text(first)  # the same DOB gives the same stored year: no jumping

    page.get_by_role("checkbox", name=APPROXIMATE).check()
    expect(start_preview).to_contain_text("days (approximated)")
    stored, days = re.search(r"Stored in HMIS: (\S+), \+(\d+) days", start_preview.inner_text()).groups()
    assert SHIFT_MIN_DAYS <= int(days) <= SHIFT_MAX_DAYS
    assert datetime.strptime(stored, "%m/%d/%Y").date() == date(2026, 2, 1) + timedelta(days=int(days))
    expect(dob_preview).to_contain_text(adult)
    page.get_by_role("checkbox", name=APPROXIMATE).uncheck()
    expect(start_preview).to_contain_text("Stored in HMIS: 02/01/2026 (the real date)")
    assert_same_document(page)


def test_emergency_shelter_asks_every_follow_up_and_the_subsidy_for_435(page: Page, project):
    open_intake(page, project)
    head = member(page, 0)
    situation = head.get_by_label("Prior Living Situation", exact=True)
    with page.expect_response(re.compile(r"/followups$")):
        situation.select_option("101")
    for label in (LENGTH, *EPISODE):
        expect(head.get_by_label(label, exact=True)).to_be_visible()
    expect(head.get_by_label("Rental Subsidy Type")).to_have_count(0)

    head.get_by_label(LENGTH, exact=True).select_option(label="One year or longer")
    situation.select_option("435")
    expect(head.get_by_label("Rental Subsidy Type")).to_be_visible()
    expect(head.get_by_label(LENGTH, exact=True)).to_have_value("5")  # kept through the swap
    assert_same_document(page)


def test_transitional_housing_reveals_follow_ups_step_by_step(page: Page, project):
    Project.update(project_type=2, housing_type=1).where(Project.id == project.id).execute()
    open_intake(page, project)
    head = member(page, 0)
    length, previous = head.get_by_label(LENGTH, exact=True), head.get_by_role("group", name=PREVIOUS_NIGHT)
    expect(length).to_have_count(0)

    head.get_by_label("Prior Living Situation", exact=True).select_option("336")
    expect(length).to_be_visible()
    expect(previous).to_have_count(0)
    for label in EPISODE:
        expect(head.get_by_label(label)).to_have_count(0)

    length.select_option(label="Two to six nights")
    expect(previous).to_be_visible()
    expect(head.get_by_label(EPISODE[0])).to_have_count(0)

    previous.get_by_role("radio", name="Yes").check()
    for label in EPISODE:
        expect(head.get_by_label(label, exact=True)).to_be_visible()
    expect(length).to_have_value("11")
    expect(previous.get_by_role("radio", name="Yes")).to_be_checked()

    length.select_option(label="One year or longer")  # a break in the episode: the rest is not asked
    expect(previous).to_have_count(0)
    expect(head.get_by_label(EPISODE[0])).to_have_count(0)
    assert_same_document(page)


def test_adding_and_removing_members_keeps_what_was_typed(page: Page, project):
    open_intake(page, project)
    page.get_by_label("Project Start Date").fill("2026-02-01")
    head = member(page, 0)
    fill_head(head)
    expect(head.get_by_role("button", name="Remove this member")).to_be_hidden()  # the only member stays

    add = page.get_by_role("button", name="Add a household member")
    add.click()
    second = member(page, 1)
    expect(second.get_by_label("Date of Birth", exact=True)).to_be_focused()
    second.get_by_label("Date of Birth", exact=True).fill("2015-06-30")
    second.get_by_label("Relationship to Head of Household").select_option(label="Child")
    expect(page.locator("#members-1-dob-preview")).to_contain_text("child")
    expect(second.get_by_role("group", name="Head of household and adults")).to_be_hidden()  # not asked of a child
    add.click()
    third = member(page, 2)
    third.get_by_label("Date of Birth", exact=True).fill("2019-09-09")
    choose(third, "Sex", "Male")

    second.get_by_role("button", name="Remove this member").click()
    expect(second).to_have_count(0)
    expect(page.locator("#members > .member")).to_have_count(2)
    expect(head.get_by_label("Date of Birth", exact=True)).to_have_value("1987-03-14")
    expect(head.get_by_label("Relationship to Head of Household")).to_have_value("1")
    expect(head.get_by_role("checkbox", name="White")).to_be_checked()
    expect(head.get_by_label(EPISODE[0])).to_have_value("2026-01-05")
    expect(third.get_by_label("Date of Birth", exact=True)).to_have_value("2019-09-09")
    expect(third.get_by_role("radio", name="Male", exact=True)).to_be_checked()
    expect(page.locator("#members-2-dob-preview")).to_contain_text("age group at entry: 5–12 · child")
    assert_same_document(page)
    assert_no_axe_violations(page)

    third.get_by_label("Date of Birth", exact=True).press("Enter")  # Enter saves; it never removes a member
    expect(page.get_by_role("alert")).to_contain_text("Please fix the")
    expect(page.locator("#members > .member")).to_have_count(2)


def test_a_household_entered_with_the_keyboard_alone(page: Page, project):
    open_intake(page, project)
    keys = page.keyboard
    tab_to(page, page.get_by_label("Project Start Date"))
    keys.type("02012026")
    head = member(page, 0)
    tab_to(page, head.get_by_label("Relationship to Head of Household"))
    keys.press("ArrowDown")  # Self (head of household)
    keys.press("Tab")
    expect(head.get_by_label("Date of Birth", exact=True)).to_be_focused()
    keys.type("03141987")
    white = head.get_by_role("checkbox", name="White")
    tab_to(page, white)
    expect(white).to_have_css("outline-style", "solid")  # focus is visible
    keys.press("Space")
    for legend in ("Sex", "Disabling Condition", "Veteran Status", "Domestic Violence Survivor"):
        tab_to(page, head.get_by_role("group", name=legend, exact=True).get_by_role("radio").first)
        keys.press("Space")  # the first answer: Female, or No
    expect(head.get_by_label("When Experience Occurred")).to_be_hidden()  # asked only after Yes
    situation = head.get_by_label("Prior Living Situation", exact=True)
    tab_to(page, situation)
    with page.expect_response(re.compile(r"/followups$")):
        keys.press("ArrowDown")  # the first situation: 101 Emergency shelter
    expect(situation).to_be_focused()  # the swap below it leaves the focus where it was
    tab_to(page, head.get_by_label(LENGTH, exact=True))
    keys.press("ArrowDown")  # One night or less
    tab_to(page, head.get_by_label(EPISODE[0]))
    keys.type("01052026")
    for label in EPISODE[1:]:
        tab_to(page, head.get_by_label(label, exact=True))
        keys.press("ArrowDown")  # One time; 1 month

    add = page.get_by_role("button", name="Add a household member")
    tab_to(page, add)
    keys.press("Enter")
    child = member(page, 1)
    expect(child.get_by_label("Date of Birth", exact=True)).to_be_focused()
    keys.type("06302015")
    tab_to(page, child.get_by_label("Relationship to Head of Household"), backwards=True)
    keys.press("ArrowDown")
    keys.press("ArrowDown")  # Child
    tab_to(page, child.get_by_role("checkbox", name="White"))
    keys.press("Space")
    tab_to(page, child.get_by_role("group", name="Sex", exact=True).get_by_role("radio").first)
    keys.press("ArrowDown")  # from Female to Male
    tab_to(page, child.get_by_role("group", name="Disabling Condition", exact=True).get_by_role("radio").first)
    keys.press("Space")
    tab_to(page, page.get_by_role("button", name="Save household"))
    keys.press("Enter")

    expect(page).to_have_url(re.compile(r"/households/\d+$"))
    household = Household.get()
    code = f"{household.code[:4]}-{household.code[4:]}"
    assert page.url.endswith(f"/households/{household.id}")
    expect(page.locator("#alerts")).to_contain_text(f"Household {code} saved with 2 people.")
    expect(page.locator(".record-code")).to_have_text(code)
    head_row, child_row = Enrollment.select().order_by(Enrollment.relationship_to_hoh)
    assert (head_row.relationship_to_hoh, head_row.living_situation, head_row.length_of_stay) == (1, 101, 10)
    assert (head_row.times_homeless_past_three_years, head_row.months_homeless_past_three_years) == (1, 101)
    assert head_row.date_to_street_essh == date(2026, 1, 5) and head_row.entry_date == date(2026, 2, 1)
    assert HealthAndDV.get(HealthAndDV.enrollment == head_row).domestic_violence_survivor == 0
    assert (child_row.relationship_to_hoh, child_row.client.sex, child_row.client.white) == (2, 1, True)
    assert Client.get(Client.id == head_row.client_id).dob.year in (1986, 1987, 1988)


def test_errors_appear_beside_fields_and_keep_what_was_typed(page: Page, project):
    open_intake(page, project)
    page.get_by_label("Project Start Date").fill("2030-01-01")
    head = member(page, 0)
    head.get_by_label("Date of Birth", exact=True).fill("1987-03-14")
    choose(head, "Sex", "Female")
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/intake")) as posted:
        page.get_by_role("button", name="Save household").click()
    assert posted.value.status == 422 and posted.value.request.headers.get("hx-request") == "true"

    expect(page.get_by_role("alert").first).to_have_text("Please fix the 4 highlighted answers below.")
    start = page.get_by_label("Project Start Date")
    expect(start).to_have_value("2030-01-01")
    expect(start).to_have_attribute("aria-invalid", "true")
    expect(start).to_have_accessible_description("The Project Start Date cannot be in the future.")
    expect(head.get_by_label("Relationship to Head of Household")).to_have_accessible_description(
        "Choose the relationship to the head of household.")
    expect(head.get_by_role("group", name="Race and Ethnicity", exact=True)).to_have_accessible_description(
        re.compile("Choose at least one, or “Client prefers not to answer”."))
    expect(head.get_by_role("group", name="Disabling Condition", exact=True)).to_have_accessible_description(
        "Choose an answer.")
    expect(head.get_by_label("Date of Birth", exact=True)).to_have_value("1987-03-14")
    expect(head.get_by_role("radio", name="Female")).to_be_checked()
    assert_same_document(page)
    screenshot(page, "intake-errors")
    assert_no_axe_violations(page)

    start.fill("2026-02-01")
    fill_head(head)
    page.get_by_role("button", name="Save household").click()
    expect(page.locator("#alerts")).to_contain_text("saved with 1 person.")
    assert Household.select().count() == 1


def test_pages_at_laptop_and_tablet_sizes(page: Page, agency, project, at_sizes):
    """Screenshots to look at, axe and touch targets: intake empty and filled, household page, member correction,
    and the household's history as an admin sees it."""
    open_intake(page, project)
    screenshot(page, "intake-empty")
    assert_no_axe_violations(page)
    assert_touch_targets(page)
    page.get_by_label("Project Start Date").fill("2026-02-01")
    fill_head(member(page, 0))
    page.get_by_role("button", name="Add a household member").click()
    member(page, 1).get_by_label("Date of Birth", exact=True).fill("2015-06-30")
    expect(page.locator("#members-1-dob-preview")).to_contain_text("child")
    screenshot(page, "intake-filled")
    assert_touch_targets(page)

    household = save_household(project, agency[2]["staff"], offset_days=45)
    page.goto(f"/households/{household.id}")
    expect(page.locator(".record-code")).to_have_text(f"{household.code[:4]}-{household.code[4:]}")
    screenshot(page, "household")
    assert_no_axe_violations(page)
    assert_touch_targets(page)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), "the page scrolls sideways"

    follow(page, page.get_by_role("link", name=re.compile(r"^Correct answers for")).first)
    expect(page.get_by_role("heading", name=re.compile("^Correct answers for"))).to_be_visible()
    expect(page.get_by_label("When Experience Occurred")).to_be_visible()  # stored Yes: its questions show
    screenshot(page, "member-correction")
    assert_no_axe_violations(page)
    assert_touch_targets(page)

    page.get_by_role("button", name="Sign out").click()
    login(page, "admin-1")
    page.goto(f"/households/{household.id}")
    follow(page, page.get_by_role("link", name="Who changed this household, in order"))
    expect(page.get_by_role("cell", name="Create").first).to_be_visible()
    screenshot(page, "household-history")
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), "the page scrolls sideways"
