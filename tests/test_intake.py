"""Household intake: what is stored, what is refused, and that nothing identifying is kept."""
import html
import re
from datetime import date, timedelta

import pytest

from domain.dates import SHIFT_MAX_DAYS, SHIFT_MIN_DAYS, household_offset_days
from models import Agency, AuditEvent, Client, EmploymentEducation, Enrollment, HealthAndDV, Household, Project
from models.accounts import utcnow  # naive UTC, as the app stores times
from tests.intake_helpers import ADULT, CHILD, intake_post, intake_token

SHIFT_KEY = b"test-shift-key-0123456789abcdef"


@pytest.fixture
def staff(client, auth, agency):
    auth.login("staff-1")
    return agency[1][0]


def post(client, project, **kwargs):
    token = kwargs.pop("token", None) or intake_token(client, project.id)
    return client.post(f"/projects/{project.id}/intake", data=intake_post(token, **kwargs))


def errors_beside(response, field_id):
    """The messages shown in the field block with this id."""
    text = html.unescape(response.get_data(as_text=True))
    block = text.split(f'id="field-{field_id}"')[1].split('id="field-')[0]
    return " ".join(re.findall(r"<li>(.*?)</li>", block))


def test_intake_page_and_partial(client, staff):
    page = client.get(f"/projects/{staff.id}/intake")
    assert page.status_code == 200 and b"What is never entered" in page.data and b"<html" in page.data
    assert f"Adds the same {SHIFT_MIN_DAYS} to {SHIFT_MAX_DAYS} days" in page.get_data(as_text=True)
    assert b'name="members-0-birth_date"' in page.data
    names = set(re.findall(r'name="([^"]+)"', page.get_data(as_text=True)))
    for pii in ("name", "ssn", "address", "phone", "email", "zip"):
        assert not [n for n in names if pii in n.split("-")[-1]], names
    # htmx asks for the form alone: the same fields, without the layout, and caches keep the two apart.
    part = client.get(f"/projects/{staff.id}/intake", headers={"HX-Request": "true"})
    assert part.status_code == 200 and b"<html" not in part.data and "HX-Request" in part.headers["Vary"]
    assert set(re.findall(r'name="([^"]+)"', part.get_data(as_text=True))) <= names
    assert b'name="members-0-birth_date"' in part.data


def test_save_household_stores_anonymous_records(client, staff):
    response = post(client, staff)
    assert response.status_code == 303
    household = Household.get()
    assert response.headers["Location"] == f"/households/{household.id}"
    assert not household.dates_approximated and len(household.code) == 8
    enrollments = list(Enrollment.select().order_by(Enrollment.relationship_to_hoh))
    assert [e.relationship_to_hoh for e in enrollments] == [1, 2]
    assert {e.entry_date for e in enrollments} == {date(2026, 2, 1)}  # real dates unless approximated
    assert enrollments[0].enrollment_coc == "WA-501" and enrollments[1].enrollment_coc is None
    head, child = enrollments[0].client, enrollments[1].client
    for person, year in ((head, 1987), (child, 2015)):
        assert person.dob.month == 1 and person.dob.day == 1 and abs(person.dob.year - year) <= 1
        assert (person.name_data_quality, person.ssn_data_quality, person.dob_data_quality) == (9, 9, 9)
    assert head.white and head.race_none is None and head.sex == 0 and head.veteran_status == 0
    assert child.veteran_status == 99  # not asked of children
    assert enrollments[0].living_situation == 101 and enrollments[0].date_to_street_essh == date(2026, 1, 5)
    assert enrollments[0].los_under_threshold is None  # 3.917A (emergency shelter) does not derive it
    assert enrollments[1].living_situation is None
    dv = HealthAndDV.get()
    assert dv.enrollment_id == enrollments[0].id and dv.domestic_violence_survivor == 1 and dv.when_occurred == 1
    assert dv.data_collection_stage == 1 and dv.information_date == date(2026, 2, 1)
    assert AuditEvent.get(AuditEvent.record_type == "household").record_id == household.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"{household.code[:4]}-{household.code[4:]}" in page and "Real dates" in page
    assert AuditEvent.select().where(AuditEvent.action == "view", AuditEvent.record_id == household.id).count() == 1


def test_the_same_real_dob_stores_the_same_year_in_every_household(client, staff):
    """Keyed on the person, not drawn per form: two entries (or edits) of one person cannot be intersected to
    narrow the birth year, and a fresh token or page load does not change the year stored."""
    for start in ("2026-02-01", "2026-02-01", "2026-02-03"):
        assert post(client, staff, start=start, members=(ADULT,)).status_code == 303
    stored = {c.dob for c in Client.select()}
    assert Client.select().count() == 3 and len(stored) == 1 and abs(stored.pop().year - 1987) <= 1


def test_approximated_household_shifts_every_date_and_timestamp(client, staff):
    before = utcnow()
    response = post(client, staff, approximate=True)
    assert response.status_code == 303
    household = Household.get()
    offset = household_offset_days(SHIFT_KEY, household.household_id)
    assert SHIFT_MIN_DAYS <= offset <= SHIFT_MAX_DAYS and household.dates_approximated
    head = Enrollment.get(Enrollment.relationship_to_hoh == 1)
    assert head.entry_date == date(2026, 2, 1) + timedelta(days=offset)
    assert head.date_to_street_essh == date(2026, 1, 5) + timedelta(days=offset)
    assert HealthAndDV.get().information_date == head.entry_date
    for record in (household, head, head.client, HealthAndDV.get()):
        shifted = record.date_created - before
        assert timedelta(days=offset) - timedelta(minutes=1) <= shifted <= timedelta(days=offset, minutes=1)
    audit = AuditEvent.get(AuditEvent.record_type == "household")
    assert audit.at == household.date_created  # the audit trail gives nothing to subtract


def test_adult_status_is_kept_for_a_17_year_old(client, staff):
    seventeen = {**CHILD, "birth_date": "2008-12-30", "relationship_to_hoh": "2"}
    response = post(client, staff, start="2026-02-01", approximate=True, members=(ADULT, seventeen))
    assert response.status_code == 303
    child = Enrollment.get(Enrollment.relationship_to_hoh == 2)
    age = child.entry_date.year - child.client.dob.year  # DOB is January 1, so this is the age at entry
    assert age < 18 and HealthAndDV.select().count() == 1


def test_agency_can_store_hud_approximate_dob_code(client, staff):
    Agency.update(dob_data_quality=2).execute()
    assert post(client, staff).status_code == 303
    assert {c.dob_data_quality for c in Client.select()} == {2}


def test_age_or_year_instead_of_a_date_of_birth(client, staff):
    by_age = {**ADULT, "birth_date": "", "age": "40"}
    by_year = {**CHILD, "birth_date": "", "birth_year": "2019"}
    assert post(client, staff, members=(by_age, by_year)).status_code == 303
    years = sorted(c.dob.year for c in Client.select())
    assert years[0] in (1984, 1985, 1986, 1987)  # 40 at the start: born 1985 or 1986, stored within a year
    assert years[1] in (2018, 2019, 2020)


def test_education_is_asked_where_the_project_collects_it(client, staff):
    Project.update(collects_education=True).execute()
    missing = post(client, staff)
    assert missing.status_code == 422
    assert "Last Grade Completed" in errors_beside(missing, "members-0-last_grade_completed")
    assert post(client, staff, members=({**ADULT, "last_grade_completed": "5"}, CHILD)).status_code == 303
    assert EmploymentEducation.get().last_grade_completed == 5


def test_3917b_derives_los_under_threshold_and_asks_previous_night(client, staff):
    Project.update(project_type=2, housing_type=1).execute()  # transitional housing: 3.917B
    friend = {**ADULT, "living_situation": "336", "length_of_stay": "11", "previous_street_essh": "1",
              "date_to_street_essh": "2025-12-01"}
    assert post(client, staff, members=(friend,)).status_code == 303
    enrollment = Enrollment.get()
    assert (enrollment.los_under_threshold, enrollment.previous_street_essh) == (1, 1)
    assert enrollment.date_to_street_essh == date(2025, 12, 1)


def test_follow_ups_that_do_not_apply_are_not_stored(client, staff):
    Project.update(project_type=2, housing_type=1).execute()
    long_stay = {**ADULT, "living_situation": "336", "length_of_stay": "5", "previous_street_essh": "1"}
    assert post(client, staff, members=(long_stay,)).status_code == 303
    enrollment = Enrollment.get()
    assert enrollment.los_under_threshold == 0
    assert enrollment.previous_street_essh is None and enrollment.date_to_street_essh is None
    assert enrollment.times_homeless_past_three_years is None


BAD_INPUT = [
    ({"birth_date": "2099-01-01"}, "members-0-birth_date", "Date of Birth cannot be in the future."),
    ({"birth_date": "1880-01-01"}, "members-0-birth_date", "cannot be more than 120 years ago"),
    ({"birth_date": ""}, "members-0-birth_date", "Enter the Date of Birth, or an age or year"),
    ({"birth_date": "14/03/1987"}, "members-0-birth_date", "Not a valid date value."),
    ({"age": "40"}, "members-0-birth_date", "Enter only one of"),
    ({"birth_date": "", "age": "130"}, "members-0-age", "Age cannot be more than 120."),
    ({"birth_date": "", "age": "forty"}, "members-0-age", "Not a valid integer value."),
    ({"birth_date": "2026-03-01"}, "members-0-birth_date", "after the Project Start Date"),
    ({"sex": ""}, "members-0-sex", "Choose an answer."),
    ({"sex": "7"}, "members-0-sex", "Choose one of the answers listed."),
    ({"sex": "female"}, "members-0-sex", "Choose one of the answers listed."),
    ({"relationship_to_hoh": "abc"}, "members-0-relationship_to_hoh", "Choose one of the answers listed."),
    ({"race": [], "race_none": ""}, "members-0-race", "Choose at least one"),
    ({"race_none": "9"}, "members-0-race_none", "not both"),
    ({"veteran_status": ""}, "members-0-veteran_status", "Choose an answer for Veteran Status."),
    ({"when_occurred": ""}, "members-0-when_occurred", "Choose an answer for When Experience Occurred."),
    ({"living_situation": ""}, "members-0-living_situation", "Choose an answer for Prior Living Situation."),
    ({"living_situation": "999"}, "members-0-living_situation", "Choose one of the answers listed."),
    ({"date_to_street_essh": ""}, "members-0-date_to_street_essh", "Answer Approximate Date"),
    ({"date_to_street_essh": "2026-03-01"}, "members-0-date_to_street_essh", "cannot be after the Project Start"),
]


@pytest.mark.parametrize("changes, field, message", BAD_INPUT)
def test_bad_member_input_is_explained_and_kept(client, staff, changes, field, message):
    response = post(client, staff, members=({**ADULT, **changes}, CHILD))
    assert response.status_code == 422
    assert message in errors_beside(response, field)
    assert 'value="2015-06-30"' in response.get_data(as_text=True)  # the other member's answers are kept
    assert Household.select().count() == 0 and Client.select().count() == 0


@pytest.mark.parametrize("start, message", [
    ("", "Enter the Project Start Date."),
    ("2019-12-31", "began operating on 01/01/2020"),
    ("2999-01-01", "cannot be in the future"),
    ("yesterday", "Not a valid date value."),
])
def test_bad_project_start_date(client, staff, start, message):
    response = post(client, staff, start=start)
    assert response.status_code == 422 and message in errors_beside(response, "project_start_date")
    assert Household.select().count() == 0


@pytest.mark.parametrize("relationships, message", [
    (("1", "1"), "exactly one Head of Household"),
    (("2", "2"), "exactly one Head of Household"),
])
def test_household_needs_one_head(client, staff, relationships, message):
    members = ({**ADULT, "relationship_to_hoh": relationships[0]}, {**CHILD, "relationship_to_hoh": relationships[1]})
    response = post(client, staff, members=members)
    assert response.status_code == 422 and message in html.unescape(response.get_data(as_text=True))
    assert Household.select().count() == 0


def test_child_head_of_household_is_warned_not_blocked(client, staff):
    youth = {**ADULT, "birth_date": "2010-05-05", "veteran_status": ""}
    token = intake_token(client, staff.id)
    preview = client.post(f"/projects/{staff.id}/intake/preview", data=intake_post(token, members=(youth,)))
    assert "head of household is a child" in html.unescape(preview.get_data(as_text=True))
    response = post(client, staff, token=token, members=(youth,))
    assert response.status_code == 303
    assert HealthAndDV.select().count() == 1  # a child head of household answers 4.11
    assert Client.get().veteran_status == 99


def test_double_submit_saves_once(client, staff):
    token = intake_token(client, staff.id)
    first = post(client, staff, token=token)
    second = post(client, staff, token=token)
    assert first.headers["Location"] == second.headers["Location"]
    assert Household.select().count() == 1 and Client.select().count() == 2
    assert b"already saved" in client.get(second.headers["Location"]).data


@pytest.mark.parametrize("token", ["", "forged-token", "InRoZSBzYW1lIn0.forged"])
def test_forged_or_missing_token_is_refused(client, staff, token):
    response = client.post(f"/projects/{staff.id}/intake", data=intake_post(token))
    assert response.status_code == 422 and b"This form has expired" in response.data
    assert Household.select().count() == 0


def test_members_with_gaps_in_their_numbers_are_saved(client, staff):
    token = intake_token(client, staff.id)
    data = intake_post(token, members=(ADULT,))
    data.update({k.replace("members-0-", "members-4-"): v for k, v in intake_post(token, members=(CHILD,)).items()
                 if k.startswith("members-0-")})
    assert client.post(f"/projects/{staff.id}/intake", data=data).status_code == 303
    assert Client.select().count() == 2


def test_add_and_remove_members_without_javascript(client, staff):
    token = intake_token(client, staff.id)
    added = client.post(f"/projects/{staff.id}/intake", data={**intake_post(token, members=(ADULT,)),
                                                               "add_member": "1"})
    text = added.get_data(as_text=True)
    assert added.status_code == 200 and 'name="members-1-birth_date"' in text and 'value="1987-03-14"' in text
    removed = client.post(f"/projects/{staff.id}/intake", data={**intake_post(token), "remove_member": "1"})
    text = removed.get_data(as_text=True)
    assert 'name="members-1-birth_date"' not in text and 'value="1987-03-14"' in text
    assert Household.select().count() == 0


def test_add_member_row_by_htmx(client, staff):
    token = intake_token(client, staff.id)
    response = client.post(f"/projects/{staff.id}/intake/members", data=intake_post(token),
                           headers={"HX-Request": "true"})
    text = response.get_data(as_text=True)
    assert 'id="members-2"' in text and "<html" not in text and "autofocus" in text
    assert "dob_choice" not in text  # the approximate DOB is keyed on the person, not drawn per form


def test_followups_for_a_removed_member_swap_nothing(client, staff):
    token = intake_token(client, staff.id)
    response = client.post(f"/projects/{staff.id}/intake/members/5/followups", data=intake_post(token))
    assert response.status_code == 204


@pytest.mark.parametrize("living, project_type, shown, hidden", [
    ("101", 0, ["times_homeless_past_three_years"], ["previous_street_essh"]),
    ("336", 2, ["length_of_stay"], ["times_homeless_past_three_years", "previous_street_essh"]),
    ("435", 2, ["rental_subsidy_type", "length_of_stay"], ["times_homeless_past_three_years"]),
])
def test_followups_region_shows_what_hud_asks(client, staff, living, project_type, shown, hidden):
    Project.update(project_type=project_type, housing_type=1).execute()
    token = intake_token(client, staff.id)
    data = intake_post(token, members=({**ADULT, "living_situation": living, "length_of_stay": ""},))
    text = client.post(f"/projects/{staff.id}/intake/members/0/followups", data=data).get_data(as_text=True)
    for name in shown:
        assert f'name="members-0-{name}"' in text
    for name in hidden:
        assert f'name="members-0-{name}"' not in text


def test_preview_is_post_only_and_not_cached(client, staff):
    assert client.get(f"/projects/{staff.id}/intake/preview").status_code == 405
    token = intake_token(client, staff.id)
    response = client.post(f"/projects/{staff.id}/intake/preview", data=intake_post(token, approximate=True))
    text = html.unescape(response.get_data(as_text=True))
    assert response.headers["Cache-Control"] == "no-store"
    assert 'hx-swap-oob="true"' in text and "approximated" in text
    assert "age group at entry: 35–44" in text and "age group at entry: 5–12" in text
    assert "1987-03-14" not in text and "03/14/1987" not in text


def test_preview_does_not_jump_between_requests(client, staff):
    token = intake_token(client, staff.id)
    data = intake_post(token)
    first = client.post(f"/projects/{staff.id}/intake/preview", data=data).data
    assert all(client.post(f"/projects/{staff.id}/intake/preview", data=data).data == first for _ in range(5))


def test_viewer_cannot_enter_households(client, auth, agency):
    auth.login("viewer-1")
    assert client.get(f"/projects/{agency[1][0].id}/intake").status_code == 403


def test_household_page_keeps_privacy_choices_apart_from_gaps(client, staff):
    head = {**ADULT, "veteran_status": "9", "sex": "99"}
    response = post(client, staff, members=(head, CHILD), approximate=True)
    page = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    gaps = page.split("To fix")[1].split("Privacy choices")[0]
    privacy = page.split("Privacy choices")[1]
    assert "Sex" in gaps and "Veteran Status" not in gaps
    assert "Veteran Status: client prefers not to answer" in privacy
    assert "This household's dates are approximated." in privacy


@pytest.mark.parametrize("key", ["members-²-birth_date", "members-99999999-sex", "members--sex", "members-x-sex"])
def test_unreadable_member_keys_are_dropped_not_a_crash(client, staff, key):
    token = intake_token(client, staff.id)
    data = {**intake_post(token), key: "1987-03-14"}
    for url in ("", "/preview", "/members"):
        response = client.post(f"/projects/{staff.id}/intake{url}", data=data)
        assert response.status_code in (200, 303), (url, response.status_code)
    assert Client.select().count() == 2


def test_preview_warns_when_approximation_would_count_a_child_as_an_adult(client, staff, monkeypatch):
    import views.intake
    monkeypatch.setattr(views.intake, "household_offset_days", lambda key, household_id: 45)
    # 17 on the real start (12/01/2025); the 45-day shift moves the stored start into 2026, where every
    # January 1 within a year of 2007 makes them 18 or older.
    turning_18 = {**CHILD, "birth_date": "2007-12-30"}
    token = intake_token(client, staff.id)
    data = intake_post(token, start="2025-12-01", members=({**ADULT, "date_to_street_essh": "2025-11-01"},
                                                           turning_18), approximate=True)
    text = html.unescape(client.post(f"/projects/{staff.id}/intake/preview", data=data).get_data(as_text=True))
    assert "Reports would count this child as an adult" in text
    data["members-1-birth_date"], data["members-1-age"] = "", "17"
    text = html.unescape(client.post(f"/projects/{staff.id}/intake/preview", data=data).get_data(as_text=True))
    assert "Reports would count this child as an adult" not in text and "13–17 · child" in text


@pytest.mark.parametrize("changes, field", [
    ({"birth_date": "", "birth_year": "99999999999"}, "members-0-birth_year"),
    ({"birth_date": "", "age": "999999999999"}, "members-0-age"),
    ({"relationship_to_hoh": "77"}, "members-0-relationship_to_hoh"),
])
def test_absurd_numbers_and_codes_are_refused_not_a_crash(client, staff, changes, field):
    token = intake_token(client, staff.id)
    data = intake_post(token, members=({**ADULT, **changes}, CHILD), approximate=True)
    assert client.post(f"/projects/{staff.id}/intake/preview", data=data).status_code == 200
    response = client.post(f"/projects/{staff.id}/intake", data=data)
    assert response.status_code == 422 and errors_beside(response, field)


def test_a_start_date_in_year_9999_is_refused_not_a_crash(client, staff):
    token = intake_token(client, staff.id)
    data = intake_post(token, start="9999-12-31", approximate=True)
    assert client.post(f"/projects/{staff.id}/intake/preview", data=data).status_code == 200
    response = client.post(f"/projects/{staff.id}/intake", data=data)
    assert response.status_code == 422 and "cannot be in the future" in errors_beside(response, "project_start_date")
