"""Role and agency scoping on every route: walk the URL map as each role and as another agency's user."""
import pytest

from tests.conftest import make_agency

ANYONE = {"anonymous", "admin", "staff", "viewer"}
SIGNED_IN = {"admin", "staff", "viewer"}
ADMIN = {"admin"}
STAFF = {"admin", "staff"}

# endpoint -> roles allowed. A new route fails test_every_route_is_in_the_table until it is listed here.
ACCESS = {
    "static": ANYONE,
    "auth.login": ANYONE,
    "auth.logout": ANYONE,
    "auth.lock": SIGNED_IN,
    "auth.unlock": SIGNED_IN,
    "home.index": SIGNED_IN,
    "admin.agency": ADMIN,
    "admin.projects": ADMIN,
    "admin.new_project": ADMIN,
    "admin.edit_project": ADMIN,
    "admin.users": ADMIN,
    "admin.new_user": ADMIN,
    "admin.edit_user": ADMIN,
    "admin.reset_password": ADMIN,
    "intake.new": STAFF,
    "intake.preview": STAFF,
    "intake.add_member": STAFF,
    "intake.remove_member": STAFF,
    "intake.followups": STAFF,
    "households.show": STAFF,
    "history.show": ADMIN,
    # services
    "services.catalog": ADMIN,
    "services.new_type": ADMIN,
    "services.edit_type": ADMIN,
    "services.deactivate_type": ADMIN,
    "services.reactivate_type": ADMIN,
    "services.create": STAFF,
    "services.preview": STAFF,
    "services.delete": STAFF,
    "services.bulk": STAFF,
    "services.add_bulk_row": STAFF,
    "services.remove_bulk_row": STAFF,
    "services.bulk_preview": STAFF,
    # exits
    "exits.new": STAFF,
    "exits.preview": STAFF,
    "exits.followups": STAFF,
    "exits.undo": STAFF,
    "exits.move_in": STAFF,
    "exits.preview_move_in": STAFF,
    # assessments
    "assessments.new": STAFF,
    "assessments.edit": STAFF,
    "assessments.preview": STAFF,
    "assessments.section": STAFF,
    # records
    "records.find": STAFF,
    "records.search": STAFF,
    "records.project_roster": STAFF,
    "records.inactive": STAFF,
    "members.edit": STAFF,
    "members.followups": STAFF,
    "members.delete": STAFF,
    "households.delete": STAFF,
    "households.start_date": STAFF,
    "admin.deleted": ADMIN,
    "admin.restore_deleted_household": ADMIN,
    "admin.restore_deleted_member": ADMIN,
    # exports
    "exports.hmis_csv": ADMIN,
    # HUD APR/CAPER: aggregate counts, for every role
    "hud_reports.index": SIGNED_IN,
    "hud_reports.table_csv": SIGNED_IN,
    "hud_reports.report_zip": SIGNED_IN,
    # reports
    "reports.index": SIGNED_IN,
    "reports.download": SIGNED_IN,
    "reports.records": STAFF,
    # re-identification guard
    "privacy.settings": ADMIN,
    "intake.privacy_check": STAFF,
    "exits.privacy_check": STAFF,
    "assessments.privacy_check": STAFF,
    "members.privacy_check": STAFF,
    "exports.privacy_summary": ADMIN,
    "privacy.project_report": SIGNED_IN,
}


# Allowed uses of these are tested in their own modules; here only refusals are checked.
# URL parts that name something other than a record (a report table): the same for every agency.
NOT_RECORD_IDS = {"table"}
CHANGES_THE_RECORDS_UNDER_TEST = {"households.delete", "members.delete", "admin.restore_deleted_household",
                                  "admin.restore_deleted_member"}


def test_every_route_is_in_the_table(app):
    assert {rule.endpoint for rule in app.url_map.iter_rules()} == set(ACCESS)


def _urls(app, ids):
    """One concrete URL per rule and method, with ids taken from `ids` (own or another agency's records)."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        values = {arg: ids[arg] for arg in rule.arguments}
        url = app.url_map.bind("localhost").build(rule.endpoint, values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, url, bool(rule.arguments - NOT_RECORD_IDS)


@pytest.fixture
def world(app):
    own = make_agency("Safe Harbor", projects=("Safe Shelter", "Unassigned Project"))
    other = make_agency("Other Agency", projects=("Other Shelter",))
    return own, other


def test_staff_cannot_reach_an_unassigned_project(app, world):
    own, _ = world
    client = app.test_client()
    _login(client, "staff-1")
    unassigned = own[1][1]
    household = _household(unassigned)
    assert client.get(f"/projects/{unassigned.id}/intake").status_code == 404
    assert client.post(f"/projects/{unassigned.id}/intake/preview", data={}).status_code == 404
    assert client.get(f"/households/{household.id}").status_code == 404
    admin = app.test_client()
    _login(admin, "admin-1")
    assert admin.get(f"/households/{household.id}").status_code == 200


def _ids(agency_tuple):
    _, projects, users = agency_tuple
    household = _household(projects[0])
    return {"project_id": projects[0].id, "user_id": users["staff"].id, "index": 0, "household_id": household.id,
            "enrollment_id": _enrollment(household).id, **_services(household), **_assessments(household),
            "table": "people"}


def _services(household):
    """services: a service type of the agency and a service on the household's enrollment."""
    from models import Enrollment, Service, ServiceType
    service_type = ServiceType.create(agency=household.agency_id, name="Advocacy")
    service = Service.create(enrollment=Enrollment.get(Enrollment.household == household), service_type=service_type,
                             date_provided="2026-01-02", date_created="2026-01-02 00:00:00",
                             date_updated="2026-01-02 00:00:00")
    return {"service_type_id": service_type.id, "service_id": service.id}


def _assessments(household):
    """assessments: a stage, a form section and an update record on the household's enrollment."""
    from models import Enrollment, IncomeBenefits
    record = IncomeBenefits.create(enrollment=Enrollment.get(Enrollment.household == household),
                                   information_date="2026-01-02", data_collection_stage=2,
                                   date_created="2026-01-02 00:00:00", date_updated="2026-01-02 00:00:00")
    return {"stage": 2, "section": "income", "assessment_id": record.id}


def _enrollment(household):
    from models import Client, Enrollment
    stamps = {"date_created": "2026-01-01 00:00:00", "date_updated": "2026-01-01 00:00:00"}
    client = Client.create(agency=household.agency_id, personal_id=f"p{household.id}",
                           code=f"CLNT{household.project_id:04d}", dob="1980-01-01", dob_data_quality=9, sex=0,
                           veteran_status=0, race_none=9, **stamps)
    return Enrollment.create(agency=household.agency_id, project=household.project_id, household=household,
                             client=client, enrollment_id=f"e{household.id}", relationship_to_hoh=1,
                             entry_date="2026-01-01", disabling_condition=0, **stamps)


def _household(project):
    from models import Household
    return Household.create(agency=project.agency_id, project=project, household_id=f"h{project.id}",
                            code=f"TEST{project.id:04d}", date_created="2026-01-01 00:00:00",
                            date_updated="2026-01-01 00:00:00")


def _login(client, username):
    client.post("/login", data={"username": username, "password": "correct horse battery"})


@pytest.mark.parametrize("role", ["anonymous", "admin", "staff", "viewer"])
def test_role_access_on_every_route(app, world, role):
    own, _ = world
    client = app.test_client()
    if role != "anonymous":
        _login(client, own[2][role].username)
    for endpoint, method, url, _ in _urls(app, _ids(own)):
        if endpoint in ("auth.logout", "auth.login", "auth.lock"):
            continue  # these change the session under test; covered in test_auth
        allowed = role in ACCESS[endpoint]
        if allowed and endpoint in CHANGES_THE_RECORDS_UNDER_TEST:
            continue
        response = client.open(url, method=method, data={})
        if role == "anonymous" and not allowed:
            assert response.status_code == 302 and "/login" in response.headers["Location"], (method, url)
        elif not allowed:
            assert response.status_code == 403, (role, method, url, response.status_code)
        else:
            assert response.status_code in (200, 302, 303, 422), (role, method, url, response.status_code)
            # A redirect must be the route's own answer, not a signed-in user sent back to the sign-in page.
            assert "/login" not in response.headers.get("Location", ""), (role, method, url)


@pytest.mark.parametrize("role", ["admin", "staff", "viewer"])
def test_records_of_another_agency_are_not_found(app, world, role):
    own, other = world
    client = app.test_client()
    _login(client, own[2][role].username)
    checked = 0
    for endpoint, method, url, has_ids in _urls(app, _ids(other)):
        if not has_ids or role not in ACCESS[endpoint]:
            continue
        checked += 1
        response = client.open(url, method=method, data={})
        assert response.status_code == 404, (role, method, url, response.status_code)
    assert checked or role != "admin"
