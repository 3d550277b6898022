"""Admin screens: agency settings, projects and users, with bad input answered beside the field."""
import html as html_lib

import pytest

from domain.dashboard import DEFAULT_THRESHOLD, MAX_THRESHOLD, MIN_THRESHOLD
from models import Agency, AuditEvent, Project, User, UserProject

GOOD_PROJECT = {
    "name": "Harbor House", "project_type": "0", "housing_type": "1", "target_population": "1",
    "coc_code": "wa-501", "geocode": " 539033 ", "geography_type": "1",
    "funding_source": "46", "other_funder": "VAWA", "operating_start_date": "2024-07-01",
    "gives_financial_assistance": "y",
}


@pytest.fixture
def admin(client, auth, agency):
    auth.login("admin-1")
    return agency


def test_partial_and_page(client, admin):
    page = client.get("/admin/projects/new")
    part = client.get("/admin/projects/new", headers={"HX-Request": "true"})
    assert b"<html" in page.data and b"<html" not in part.data and b'id="project-form"' in part.data
    assert "HX-Request" in part.headers["Vary"]


def test_add_project(client, admin):
    response = client.post("/admin/projects/new", data=GOOD_PROJECT)
    assert response.status_code == 303 and response.headers["Location"] == "/admin/projects"
    project = Project.get(Project.name == "Harbor House")
    assert project.agency_id == admin[0].id and project.coc_code == "WA-501" and project.funding_source == 46
    assert (project.geocode, project.geography_type) == ("539033", 1)
    assert project.gives_financial_assistance and project.other_funder == "VAWA"
    assert AuditEvent.get(AuditEvent.action == "create").record_type == "project"
    assert b"Harbor House" in client.get("/admin/projects").data


def test_pages_show_dates_through_one_filter(app, client, admin):
    client.post("/admin/projects/new", data=GOOD_PROJECT)
    listed = client.get("/admin/projects").get_data(as_text=True)
    assert "<td>07/01/2024</td>" in listed and "2024-07-01" not in listed  # Operating Start Date
    signed_in = User.get(User.username == "admin-1").last_login_at
    assert f"{signed_in:%m/%d/%Y %H:%M} UTC" in client.get("/admin/users").get_data(as_text=True)
    with app.app_context():
        shown = app.jinja_env.from_string('{{ none|us_date or "None yet" }} {{ none|us_datetime or "Never" }}')
        assert shown.render() == "None yet Never"


def test_add_project_by_htmx_redirects_with_header(client, admin):
    response = client.post("/admin/projects/new", data=GOOD_PROJECT, headers={"HX-Request": "true"})
    assert response.status_code == 204 and response.headers["HX-Redirect"] == "/admin/projects"


@pytest.mark.parametrize("changes, field, message", [
    ({"name": ""}, "name", "Enter the project's name."),
    ({"name": "Safe Shelter"}, "name", "Another project of this agency already has this name."),
    ({"name": "x" * 201}, "name", "Field cannot be longer than 200 characters."),
    ({"project_type": "5"}, "project_type", "Choose one of the answers listed."),
    ({"project_type": "abc"}, "project_type", "Choose one of the answers listed."),
    ({"coc_code": "Seattle"}, "coc_code", "two letters, a hyphen and three digits"),
    ({"geocode": ""}, "geocode", "Enter the project's six-digit geocode."),
    ({"geocode": "53903"}, "geocode", "A geocode is six digits, like 539033."),
    ({"geocode": "５３９０３３"}, "geocode", "A geocode is six digits, like 539033."),
    ({"geography_type": "7"}, "geography_type", "Choose one of the answers listed."),
    ({"other_funder": ""}, "other_funder", "Name the funder"),
    ({"housing_type": ""}, "housing_type", "Residential projects need a housing type."),
    ({"project_type": "6"}, "housing_type", "Only residential projects have a housing type."),
    ({"project_type": "13", "housing_type": "3"}, "rrh_sub_type", "Rapid re-housing projects need an RRH subtype."),
    ({"operating_start_date": "2024-13-45"}, "operating_start_date", "Not a valid date value."),
    ({"operating_end_date": "2024-01-01"}, "operating_end_date", "cannot be before the operating start date"),
    ({"name": "=1+2"}, "name", "text starting with “=” is run as a formula by spreadsheets"),
    ({"grant_id": "@SUM(A1)"}, "grant_id", "text starting with “@” is run as a formula"),
])
def test_bad_project_input_is_explained_beside_the_field(client, admin, changes, field, message):
    data = {**GOOD_PROJECT, **changes}
    response = client.post("/admin/projects/new", data=data, headers={"HX-Request": "true"})
    html = html_lib.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    block = html.split(f'id="field-{field}"')[1].split('id="field-')[0]
    assert message in block
    assert f'value="{data["name"][:50]}' in html or not data["name"]  # what was typed is kept
    assert Project.select().where(Project.name == "Harbor House").count() == 0


def test_edit_project_keeps_it_in_the_agency(client, admin):
    project = admin[1][0]
    response = client.post(f"/admin/projects/{project.id}/edit", data={**GOOD_PROJECT, "name": "Renamed"})
    assert response.status_code == 303
    assert Project.get_by_id(project.id).name == "Renamed"
    # Only the names of the changed fields are logged, never their values.
    assert AuditEvent.get(AuditEvent.action == "update").fields == (
        "funding_source,geography_type,gives_financial_assistance,name,operating_start_date,other_funder")


def test_agency_settings(client, admin):
    response = client.post("/admin/agency", data={"name": "Safe Harbor DV", "dob_data_quality": "2",
                                                  "victim_service_provider": "y", "suppression_threshold": "11"})
    assert response.status_code == 303
    agency = Agency.get_by_id(admin[0].id)
    assert agency.name == "Safe Harbor DV" and agency.dob_data_quality == 2


def test_the_agency_page_states_the_suppression_threshold_it_enforces(client, admin):
    assert f"{DEFAULT_THRESHOLD} is the usual choice" in client.get("/admin/agency").get_data(as_text=True)
    response = client.post("/admin/agency", data={"name": "Safe Harbor", "dob_data_quality": "2",
                                                  "suppression_threshold": str(MAX_THRESHOLD + 1)})
    assert response.status_code == 422
    assert f"Enter a number from {MIN_THRESHOLD} to {MAX_THRESHOLD}." in response.get_data(as_text=True)


@pytest.mark.parametrize("value", ["7", "x", ""])
def test_agency_dob_setting_refuses_unknown_codes(client, admin, value):
    response = client.post("/admin/agency", data={"name": "Safe Harbor", "dob_data_quality": value})
    assert response.status_code == 422 and b"field-dob_data_quality" in response.data
    assert Agency.get_by_id(admin[0].id).dob_data_quality == 9


NEW_USER = {"username": "Advocate.One", "password": "a long enough pass", "confirm": "a long enough pass",
            "role": "staff", "active": "y"}


def test_create_user_with_projects(client, auth, admin):
    project = admin[1][0]
    response = client.post("/admin/users/new", data={**NEW_USER, "projects": [str(project.id)]})
    assert response.status_code == 303
    user = User.get(User.username == "advocate.one")
    assert user.agency_id == admin[0].id and user.role == "staff"
    assert [a.project_id for a in user.assignments] == [project.id]
    auth.logout()
    assert auth.login("advocate.one", "a long enough pass").status_code == 303


@pytest.mark.parametrize("changes, field, message", [
    ({"username": "staff-1"}, "username", "This username is taken."),
    ({"username": "a b"}, "username", "Usernames are 3 to 64 letters"),
    ({"role": "superuser"}, "role", "Not a valid choice."),
    ({"role": ""}, "role", "Choose a role."),
    ({"password": "short", "confirm": "short"}, "password", "Passwords must be 12 to 256 characters long."),
    ({"confirm": "something else"}, "confirm", "The two passwords do not match."),
    ({"projects": ["999999"]}, "projects", "not a valid choice"),
])
def test_bad_user_input(client, admin, changes, field, message):
    response = client.post("/admin/users/new", data={**NEW_USER, **changes})
    assert response.status_code == 422
    block = html_lib.unescape(response.get_data(as_text=True)).split(f'id="field-{field}"')[1]
    assert message.lower() in block.lower()
    assert not User.select().where(User.username == "advocate.one").exists()


def test_another_agencys_project_cannot_be_assigned(client, admin, other_agency):
    foreign = other_agency[1][0]
    before = UserProject.select().where(UserProject.project == foreign).count()
    response = client.post("/admin/users/new", data={**NEW_USER, "projects": [str(foreign.id)]})
    assert response.status_code == 422
    assert UserProject.select().where(UserProject.project == foreign).count() == before


def test_deactivate_user_ends_their_session(app, client, admin):
    staff = admin[2]["staff"]
    other = app.test_client()
    other.post("/login", data={"username": "staff-1", "password": "correct horse battery"})
    assert other.get("/").status_code == 200
    response = client.post(f"/admin/users/{staff.id}/edit", data={"role": "staff"})  # active unticked
    assert response.status_code == 303
    assert not User.get_by_id(staff.id).active
    assert other.get("/").status_code == 302


def test_admin_cannot_demote_themselves(client, admin):
    me = admin[2]["admin"]
    response = client.post(f"/admin/users/{me.id}/edit", data={"role": "viewer", "active": "y"})
    assert response.status_code == 422 and b"You cannot remove your own admin role" in response.data
    assert User.get_by_id(me.id).role == "admin"


def test_reset_password_unlocks_and_replaces(client, auth, admin):
    staff = admin[2]["staff"]
    User.update(locked_until="2999-01-01 00:00:00").where(User.id == staff.id).execute()
    response = client.post(f"/admin/users/{staff.id}/password",
                           data={"password": "brand new passphrase", "confirm": "brand new passphrase"})
    assert response.status_code == 303
    auth.logout()
    assert auth.login("staff-1", "brand new passphrase").status_code == 303


def test_users_list_shows_assignments(client, admin):
    html = client.get("/admin/users").get_data(as_text=True)
    assert "staff-1" in html and "Safe Shelter" in html and "viewer-1" in html


def test_a_username_taken_between_check_and_save_is_a_field_error(client, admin, monkeypatch):
    from forms.admin import NewUserForm
    monkeypatch.setattr(NewUserForm, "validate_username", lambda self, field: None)  # as if the race was lost
    response = client.post("/admin/users/new", data={**NEW_USER, "username": "staff-1"})
    assert response.status_code == 422 and b"This username is taken." in response.data
