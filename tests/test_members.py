"""Correcting a saved member's answers, and not overwriting someone else's save."""
import html
import re

import pytest

from models import AuditEvent, Client, Enrollment, HealthAndDV
from tests.intake_helpers import ADULT, CHILD, intake_post, intake_token


@pytest.fixture
def household(client, auth, agency):
    auth.login("staff-1")
    project = agency[1][0]
    token = intake_token(client, project.id)
    response = client.post(f"/projects/{project.id}/intake", data=intake_post(token, members=(ADULT, CHILD)))
    assert response.status_code == 303
    return Enrollment.get(Enrollment.relationship_to_hoh == 1)


def edit_page(client, enrollment):
    page = client.get(f"/members/{enrollment.id}/edit").get_data(as_text=True)
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*type="hidden"[^>]*value="([^"]*)"', page))
    fields.update({k: v for v, k in re.findall(r'<input[^>]*value="([^"]*)"[^>]*name="(base)"', page)})
    return page, fields


def post_edit(client, enrollment, base, **changes):
    answers = {**ADULT, "birth_date": "", **changes}
    data = {"base": base, **{f"member-{key}": value for key, value in answers.items()}}
    return client.post(f"/members/{enrollment.id}/edit", data=data)


def base_of(page):
    return html.unescape(re.search(r'name="base" type="hidden" value="([^"]*)"', page).group(1))


def test_edit_form_shows_stored_answers(client, household):
    page, _ = edit_page(client, household)
    assert 'name="member-sex"' in page and "checked" in page
    assert 'name="member-birth_date"' in page and 'value="1987-03-14"' not in page  # the real DOB is not kept


def test_correct_answers_keeps_dob_when_blank(client, household):
    page, _ = edit_page(client, household)
    dob = household.client.dob
    response = post_edit(client, household, base_of(page), sex="1", veteran_status="9")
    assert response.status_code == 303
    client_row = Client.get_by_id(household.client_id)
    assert client_row.sex == 1 and client_row.veteran_status == 9 and client_row.dob == dob
    assert client_row.version == 2
    audit = AuditEvent.get(AuditEvent.record_type == "enrollment", AuditEvent.action == "update")
    assert "sex" in audit.fields and "veteran_status" in audit.fields and "1" not in audit.fields


def test_correcting_the_dob_stores_a_new_approximation(client, household):
    page, _ = edit_page(client, household)
    assert post_edit(client, household, base_of(page), birth_date="1990-06-01").status_code == 303
    assert Client.get_by_id(household.client_id).dob.year in (1989, 1990, 1991)


def test_dv_answers_are_corrected(client, household):
    page, _ = edit_page(client, household)
    response = post_edit(client, household, base_of(page), domestic_violence_survivor="0", when_occurred="",
                         currently_fleeing="")
    assert response.status_code == 303
    dv = HealthAndDV.get(HealthAndDV.enrollment == household)
    assert (dv.domestic_violence_survivor, dv.when_occurred, dv.currently_fleeing) == (0, None, None)


def test_bad_correction_is_explained_and_kept(client, household):
    page, _ = edit_page(client, household)
    response = post_edit(client, household, base_of(page), sex="7", birth_date="2099-01-01")
    text = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "Choose one of the answers listed." in text and "cannot be in the future" in text
    assert Client.get_by_id(household.client_id).version == 1


def test_a_second_editor_is_told_what_changed(app, client, household):
    page, _ = edit_page(client, household)
    mine = base_of(page)
    other = app.test_client()
    other.post("/login", data={"username": "admin-1", "password": "correct horse battery"})
    other_page = other.get(f"/members/{household.id}/edit").get_data(as_text=True)
    assert post_edit(other, household, base_of(other_page), disabling_condition="1").status_code == 303
    response = post_edit(client, household, mine, sex="1")
    text = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422 and "Someone else saved changes" in text and "Disabling Condition" in text
    stored = Client.get_by_id(household.client_id)
    assert stored.sex == 0 and Enrollment.get_by_id(household.id).disabling_condition == 1  # theirs is kept
    again = post_edit(client, household, base_of(text), sex="1", disabling_condition="1")
    assert again.status_code == 303 and Client.get_by_id(household.client_id).sex == 1


def test_forged_base_is_refused(client, household):
    response = post_edit(client, household, "forged")
    assert response.status_code == 422 and "the form was changed" in response.get_data(as_text=True)


@pytest.mark.parametrize("relationship", ["1", "3"])
def test_corrections_keep_exactly_one_head_of_household(client, household, relationship):
    target = household if relationship == "3" else Enrollment.get(Enrollment.relationship_to_hoh == 2)
    page, _ = edit_page(client, target)
    changes = {"relationship_to_hoh": relationship}
    if target is not household:  # the child's own answers, with the relationship changed to Self
        changes.update({**CHILD, "birth_date": "", **changes})
    response = post_edit(client, target, base_of(page), **changes)
    assert response.status_code == 422
    assert "exactly one Head of Household" in html.unescape(response.get_data(as_text=True))
    assert sorted(e.relationship_to_hoh for e in Enrollment.select()) == [1, 2]


def test_household_type_follows_corrections(client, household):
    from models import Household
    child = Enrollment.get(Enrollment.relationship_to_hoh == 2)
    assert Household.get().household_type == "With children and adults"
    page, _ = edit_page(client, child)
    answers = {**ADULT, **CHILD, "birth_date": "1990-01-01",
               "relationship_to_hoh": "3", "veteran_status": "0", "living_situation": "101"}
    response = post_edit(client, child, base_of(page), **answers)
    assert response.status_code == 303
    assert Household.get().household_type == "Without children"


def test_last_grade_completed_is_corrected_where_the_project_collects_it(client, household):
    from models import EmploymentEducation, Project
    Project.update(collects_education=True).execute()
    page, _ = edit_page(client, household)
    assert post_edit(client, household, base_of(page), last_grade_completed="7").status_code == 303
    (row,) = EmploymentEducation.select().where(EmploymentEducation.enrollment == household)
    assert (row.last_grade_completed, row.data_collection_stage, row.information_date) == (7, 1, household.entry_date)
    page, _ = edit_page(client, household)
    assert post_edit(client, household, base_of(page), last_grade_completed="12").status_code == 303
    assert EmploymentEducation.get_by_id(row.id).last_grade_completed == 12
    Project.update(collects_education=False).execute()  # no longer asked: the stored answer stays
    page, _ = edit_page(client, household)
    assert post_edit(client, household, base_of(page), sex="1").status_code == 303
    assert EmploymentEducation.get_by_id(row.id).date_deleted is None


def test_form_data_is_the_stored_answers(client, household):
    from models.members import form_data
    data = form_data(Enrollment.get_by_id(household.id))
    expected = {key: int(value) for key, value in ADULT.items() if key not in ("birth_date", "race",
                                                                            "date_to_street_essh")}
    assert data == {**dict.fromkeys(("rental_subsidy_type", "previous_street_essh"), None), **expected,
                    "date_to_street_essh": household.date_to_street_essh, "race": ["White"], "race_none": None}
