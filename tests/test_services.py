"""Services for a household: what is stored, what is refused, deleting, and who may do it."""
import html
import re
import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain import services as rules
from domain.dates import SHIFT_MAX_DAYS, SHIFT_MIN_DAYS, household_offset_days
from forms.services import FUTURE, HOH_ONLY
from forms._fields import NOT_ON_THE_LIST
from models import AuditEvent, Client, Enrollment, Exit, Household, Project, Service, ServiceType
from models.intake import unique_code
from tests.conftest import make_agency
from views.services import ALREADY_RECORDED

SHIFT_KEY = b"test-shift-key-0123456789abcdef"
REAL_START = date(2026, 2, 1)
STAMPS = {"date_created": "2026-02-01 00:00:00", "date_updated": "2026-02-01 00:00:00"}


def make_household(project, *, approximated=False, real_start=REAL_START, relationships=(1, 2)):
    """A household entered on `real_start` (stored moved by its offset when approximated); returns it and the offset."""
    household_id = uuid.uuid4().hex
    offset = household_offset_days(SHIFT_KEY, household_id) if approximated else 0
    household = Household.create(agency=project.agency_id, project=project, household_id=household_id,
                                 code=unique_code(Household), dates_approximated=approximated, **STAMPS)
    for relationship in relationships:
        client = Client.create(agency=project.agency_id, personal_id=uuid.uuid4().hex, code=unique_code(Client),
                               dob="1985-01-01" if relationship == 1 else "2015-01-01", dob_data_quality=9, sex=0,
                               veteran_status=99, race_none=9, **STAMPS)
        Enrollment.create(agency=project.agency_id, project=project, household=household, client=client,
                          enrollment_id=uuid.uuid4().hex, relationship_to_hoh=relationship,
                          entry_date=real_start + timedelta(days=offset), disabling_condition=0, **STAMPS)
    return household, offset


def members(household):
    """(head, first other member) enrollments."""
    rows = list(Enrollment.select().where(Enrollment.household == household).order_by(Enrollment.relationship_to_hoh))
    return rows[0], rows[1]


def exit_member(enrollment, stored_exit):
    return Exit.create(enrollment=enrollment, exit_date=stored_exit, destination=410, **STAMPS)


def service_type(agency, name):
    ServiceType.ensure_defaults(agency)
    return ServiceType.get(ServiceType.agency == agency, ServiceType.name == name)


def service_data(type_id, enrollment_id, day="2026-03-01", amount=""):
    return {"service-service_type": str(type_id), "service-enrollment": str(enrollment_id),
            "service-date_provided": day, "service-fa_amount": amount}


def errors_beside(response, field_id):
    """The messages shown in the field block with this id."""
    text = html.unescape(response.get_data(as_text=True))
    block = text.split(f'id="field-{field_id}"')[1].split('id="field-')[0]
    return " ".join(re.findall(r"<li>(.*?)</li>", block))


@pytest.fixture
def world(app):
    agency, projects, _ = make_agency()
    household, _ = make_household(projects[0])
    return agency, projects[0], household


@pytest.fixture
def staff(client, auth, world):
    auth.login("staff-1")
    return world


def post(client, household, data, **headers):
    return client.post(f"/households/{household.id}/services", data=data, headers=headers)


def test_household_page_has_the_services_section(client, staff):
    _, project, household = staff
    page = client.get(f"/households/{household.id}").get_data(as_text=True)
    head, _ = members(household)
    assert 'id="services-section"' in page and "No services recorded" in page
    assert re.search(rf'<option selected value="{head.id}">', page)  # the head of household is preselected
    assert "Record rent or other financial assistance" not in page
    assert f"/projects/{project.id}/services/bulk" in page
    Project.update(gives_financial_assistance=True).where(Project.id == project.id).execute()
    page = client.get(f"/households/{household.id}").get_data(as_text=True)
    assert "Record rent or other financial assistance" in page
    # Financial types are offered first where the project gives financial assistance.
    assert page.index("Financial assistance (head of household") < page.index('label="Other services"')


def test_record_a_service_with_real_dates(client, staff):
    agency, _, household = staff
    _, child = members(household)
    advocacy = service_type(agency, "Advocacy")
    response = post(client, household, service_data(advocacy.id, child.id, "2026-03-01"))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/households/{household.id}#services-section"
    service = Service.get()
    assert (service.enrollment_id, service.service_type_id) == (child.id, advocacy.id)
    assert service.date_provided == date(2026, 3, 1) and service.fa_amount is None
    assert service.date_deleted is None and service.version == 1
    event = AuditEvent.get(AuditEvent.record_type == "service")
    assert (event.action, event.record_id) == ("create", service.id)
    assert event.fields == "date_provided,enrollment,fa_amount,service_type"
    page = client.get(f"/households/{household.id}").get_data(as_text=True)
    assert "03/01/2026" in page and "Advocacy" in page
    code = child.client.code
    assert f"{code[:4]}-{code[4:]}" in page


def test_financial_assistance_on_the_head_of_an_approximated_household(client, staff):
    agency, project, _ = staff
    household, offset = make_household(project, approximated=True)
    head, _ = members(household)
    rent = service_type(agency, "Rent")
    response = post(client, household, service_data(rent.id, head.id, "2026-03-01", "$1,250.50"),
                    **{"HX-Request": "true"})
    assert response.status_code == 200 and "<html" not in response.get_data(as_text=True)
    assert "Rent recorded for" in response.get_data(as_text=True)
    service = Service.get()
    assert service.enrollment_id == head.id and service.fa_amount == Decimal("1250.50")
    assert service.date_provided == date(2026, 3, 1) + timedelta(days=offset)
    assert SHIFT_MIN_DAYS <= offset <= SHIFT_MAX_DAYS
    # Record timestamps move with the household's dates.
    assert service.date_created.date() - timedelta(days=offset) in (date.today(), date.today() - timedelta(days=1))
    shown = (date(2026, 3, 1) + timedelta(days=offset)).strftime("%m/%d/%Y")
    assert shown in response.get_data(as_text=True) and "$1,250.50" in response.get_data(as_text=True)


def test_financial_assistance_for_a_child_is_refused(client, staff):
    agency, _, household = staff
    _, child = members(household)
    rent = service_type(agency, "Rent")
    response = post(client, household, service_data(rent.id, child.id, amount="850"))
    assert response.status_code == 422
    assert HOH_ONLY in errors_beside(response, "service-enrollment")
    assert Service.select().count() == 0
    assert 'value="850"' in response.get_data(as_text=True)  # what was typed is kept


AMOUNTS = [
    ("", rules.AMOUNT_REQUIRED),
    ("abc", rules.NOT_A_NUMBER),
    ("-5", rules.NEGATIVE),
    ("0", rules.ZERO),
    ("1e9", rules.TOO_LARGE),
    ("100000.01", rules.TOO_LARGE),
    ("12.345", rules.CENTS),
    ("12,50", rules.NOT_A_NUMBER),
    ("NaN", rules.NOT_A_NUMBER),
    ("١٢٣", rules.NOT_A_NUMBER),  # digits, but not ones anyone types into an amount here
    ("1" * 30, rules.NOT_A_NUMBER),
]


@pytest.mark.parametrize("amount, message", AMOUNTS)
def test_bad_amounts_are_explained(client, staff, amount, message):
    agency, _, household = staff
    head, _ = members(household)
    response = post(client, household, service_data(service_type(agency, "Rent").id, head.id, amount=amount))
    assert response.status_code == 422
    assert message in errors_beside(response, "service-fa_amount")
    assert Service.select().count() == 0


@pytest.mark.parametrize("amount, stored", [("850", "850.00"), ("100000", "100000.00"), ("$ 99.9", "99.90"),
                                            ("0.01", "0.01")])
def test_good_amounts_are_stored_to_the_cent(client, staff, amount, stored):
    agency, _, household = staff
    head, _ = members(household)
    rent = service_type(agency, "Rent").id
    assert post(client, household, service_data(rent, head.id, amount=amount)).status_code == 303
    assert Service.get().fa_amount == Decimal(stored)


def test_an_amount_on_a_service_that_is_not_financial_is_refused(client, staff):
    agency, _, household = staff
    head, _ = members(household)
    response = post(client, household, service_data(service_type(agency, "Advocacy").id, head.id, amount="50"))
    assert response.status_code == 422
    assert rules.AMOUNT_NOT_ALLOWED in errors_beside(response, "service-fa_amount")


@pytest.mark.parametrize("day, message", [
    ("2026-01-31", "The Date Provided is before this member's Project Start Date (stored as 02/01/2026)."),
    ("2099-01-01", FUTURE),
    ("9999-12-31", FUTURE),
    ("2026-02-30", "Not a valid date value."),
    ("", "Enter the Date Provided."),
])
def test_dates_outside_the_enrollment_are_refused(client, staff, day, message):
    agency, _, household = staff
    head, _ = members(household)
    response = post(client, household, service_data(service_type(agency, "Advocacy").id, head.id, day))
    assert response.status_code == 422
    assert message in errors_beside(response, "service-date_provided")
    assert Service.select().count() == 0


def test_date_after_a_live_exit_is_refused_and_an_undone_exit_does_not_count(client, staff):
    agency, _, household = staff
    head, _ = members(household)
    advocacy = service_type(agency, "Advocacy")
    row = exit_member(head, date(2026, 3, 1))
    on_exit_day = post(client, household, service_data(advocacy.id, head.id, "2026-03-01"))
    assert on_exit_day.status_code == 303
    after = post(client, household, service_data(advocacy.id, head.id, "2026-03-02"))
    assert after.status_code == 422
    assert ("The Date Provided is after this member's Project Exit Date (stored as 03/01/2026)."
            in errors_beside(after, "service-date_provided"))
    Exit.update(date_deleted="2026-03-05 00:00:00").where(Exit.id == row.id).execute()
    assert post(client, household, service_data(advocacy.id, head.id, "2026-03-02")).status_code == 303


def test_window_is_checked_in_stored_dates_for_approximated_households(client, staff):
    agency, project, _ = staff
    household, offset = make_household(project, approximated=True)
    head, _ = members(household)
    advocacy = service_type(agency, "Advocacy")
    before = post(client, household, service_data(advocacy.id, head.id, "2026-01-31"))
    stored_start = (REAL_START + timedelta(days=offset)).strftime("%m/%d/%Y")
    assert f"Project Start Date (stored as {stored_start})" in errors_beside(before, "service-date_provided")
    assert post(client, household, service_data(advocacy.id, head.id, "2026-02-01")).status_code == 303


def test_a_double_submit_is_not_saved_twice(client, staff):
    agency, _, household = staff
    head, _ = members(household)
    data = service_data(service_type(agency, "Rent").id, head.id, amount="850")
    assert post(client, household, data).status_code == 303
    again = post(client, household, data)
    assert again.status_code == 422 and ALREADY_RECORDED in errors_beside(again, "service-date_provided")
    assert Service.select().count() == 1
    assert post(client, household, dict(data, **{"service-fa_amount": "40"})).status_code == 303  # another payment


@pytest.mark.parametrize("field, value", [("service-service_type", "abc"), ("service-service_type", "99999"),
                                          ("service-enrollment", "abc"), ("service-enrollment", "99999")])
def test_made_up_ids_are_refused(client, staff, field, value):
    agency, _, household = staff
    head, _ = members(household)
    data = dict(service_data(service_type(agency, "Advocacy").id, head.id), **{field: value})
    response = post(client, household, data)
    assert response.status_code == 422 and NOT_ON_THE_LIST in errors_beside(response, field)


def test_members_and_types_of_others_are_refused(client, staff):
    agency, project, household = staff
    other_household, _ = make_household(project)
    other_head, _ = members(other_household)
    foreign_agency, foreign_projects, _ = make_agency("Other Agency", projects=("Other Shelter",))
    foreign_type = service_type(foreign_agency, "Advocacy")
    head, _ = members(household)
    response = post(client, household, service_data(service_type(agency, "Advocacy").id, other_head.id))
    assert NOT_ON_THE_LIST in errors_beside(response, "service-enrollment")
    response = post(client, household, service_data(foreign_type.id, head.id))
    assert NOT_ON_THE_LIST in errors_beside(response, "service-service_type")
    foreign_household, _ = make_household(foreign_projects[0])
    assert post(client, foreign_household, service_data(foreign_type.id, members(foreign_household)[0].id)) \
        .status_code == 404
    assert Service.select().count() == 0


def test_an_inactive_type_is_not_offered(client, staff):
    agency, _, household = staff
    head, _ = members(household)
    counseling = service_type(agency, "Counseling")
    ServiceType.update(active=False).where(ServiceType.id == counseling.id).execute()
    page = client.get(f"/households/{household.id}").get_data(as_text=True)
    offered = page.split('name="service-service_type"')[1].split("</select>")[0]
    assert "Advocacy" in offered and f'value="{counseling.id}"' not in offered
    response = post(client, household, service_data(counseling.id, head.id))
    assert NOT_ON_THE_LIST in errors_beside(response, "service-service_type")


def test_invalid_post_without_javascript_gets_a_whole_page(client, staff):
    _, _, household = staff
    response = post(client, household, {})
    assert response.status_code == 422 and "<html" in response.get_data(as_text=True)
    assert "Choose the service type." in errors_beside(response, "service-service_type")
    partial = post(client, household, {}, **{"HX-Request": "true"})
    assert partial.status_code == 422 and "<html" not in partial.get_data(as_text=True)
    assert "HX-Request" in partial.headers["Vary"]


def test_preview_shows_the_stored_date_and_problems(client, staff):
    agency, project, _ = staff
    household, offset = make_household(project, approximated=True)
    head, _ = members(household)
    url = f"/households/{household.id}/services/preview"
    advocacy = service_type(agency, "Advocacy")
    response = client.post(url, data=service_data(advocacy.id, head.id, "2026-03-01"))
    text = html.unescape(response.get_data(as_text=True))
    stored = (date(2026, 3, 1) + timedelta(days=offset)).strftime("%m/%d/%Y")
    assert response.status_code == 200 and 'hx-swap-oob="true"' in text
    assert f"Stored in HMIS: <strong>{stored}</strong>, +{offset} days (approximated)" in text
    assert response.headers["Cache-Control"] == "no-store"
    early = html.unescape(client.post(url, data=service_data(advocacy.id, head.id, "2026-01-01"))
                          .get_data(as_text=True))
    assert "before this member's Project Start Date" in early
    assert FUTURE in html.unescape(client.post(url, data=service_data("", "", "2099-01-01")).get_data(as_text=True))
    assert "Type the Date Provided" in client.post(url, data={}).get_data(as_text=True)


def test_delete_a_service(client, staff):
    agency, project, _ = staff
    household, offset = make_household(project, approximated=True)
    head, _ = members(household)
    assert post(client, household, service_data(service_type(agency, "Advocacy").id, head.id)).status_code == 303
    service = Service.get()
    response = client.post(f"/services/{service.id}/delete")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/households/{household.id}#services-section"
    service = Service.get_by_id(service.id)
    assert service.date_deleted is not None and service.version == 2
    assert service.date_deleted.date() - timedelta(days=offset) in (date.today(), date.today() - timedelta(days=1))
    event = AuditEvent.get(AuditEvent.action == "delete")
    assert (event.record_type, event.record_id, event.fields) == ("service", service.id, "date_deleted")
    assert "No services recorded" in client.get(f"/households/{household.id}").get_data(as_text=True)
    assert client.post(f"/services/{service.id}/delete").status_code == 404  # already deleted


def test_delete_with_htmx_drops_the_row_and_says_so(client, staff):
    agency, _, household = staff
    head, _ = members(household)
    post(client, household, service_data(service_type(agency, "Advocacy").id, head.id))
    response = client.post(f"/services/{Service.get().id}/delete", headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Service deleted." in response.get_data(as_text=True)
    assert 'hx-swap-oob="innerHTML:#alerts"' in response.get_data(as_text=True)


def test_scoping_of_delete_and_record(app, client, auth, world):
    agency, _, household = world
    head, _ = members(household)
    service = Service.create(enrollment=head, service_type=service_type(agency, "Advocacy"),
                             date_provided="2026-03-01", **STAMPS)
    unassigned = Project.create(agency=agency, name="Unassigned", project_type=0, housing_type=1, coc_code="WA-501",
                                funding_source=8, operating_start_date="2020-01-01")
    elsewhere, _ = make_household(unassigned)
    elsewhere_service = Service.create(enrollment=members(elsewhere)[0], service_type=service.service_type,
                                       date_provided="2026-03-01", **STAMPS)
    auth.login("viewer-1")
    assert client.post(f"/services/{service.id}/delete").status_code == 403
    assert post(client, household, service_data(service.service_type_id, head.id)).status_code == 403
    auth.logout()
    auth.login("staff-1")
    assert client.post(f"/services/{elsewhere_service.id}/delete").status_code == 404
    assert client.post(f"/households/{elsewhere.id}/services/preview", data={}).status_code == 404
    assert client.post("/services/999999/delete").status_code == 404
    assert Service.select().where(Service.date_deleted.is_null()).count() == 2


def test_csrf_token_is_required(database_url, tmp_path):
    from tests.conftest import make_app
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    agency, projects, _ = make_agency()
    household, _ = make_household(projects[0])
    client = app.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    client.post("/login", data={"username": "staff-1", "password": "correct horse battery", "csrf_token": token})
    data = service_data(service_type(agency, "Advocacy").id, members(household)[0].id)
    assert client.post(f"/households/{household.id}/services", data=data).status_code == 400
    assert Service.select().count() == 0
