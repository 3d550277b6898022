"""The agency's service catalog: defaults, adding, renaming, deactivating, and who may do it."""
import pytest

from forms._fields import NOT_ON_THE_LIST
from models import AuditEvent, ServiceType
from models.services import DEFAULT_LOCAL_TYPES
from tests.conftest import make_agency
from tests.test_services import errors_beside


@pytest.fixture
def admin(client, auth, agency):
    auth.login("admin-1")
    return agency[0]


def test_catalog_starts_with_the_usual_types(client, admin):
    page = client.get("/admin/services")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for name, _ in DEFAULT_LOCAL_TYPES:
        assert name in text
    assert ServiceType.select().where(ServiceType.agency == admin).count() == len(DEFAULT_LOCAL_TYPES)
    client.get("/admin/services")  # seeded once only
    assert ServiceType.select().count() == len(DEFAULT_LOCAL_TYPES)
    rent = ServiceType.get(ServiceType.name == "Rent")
    assert rent.financial_assistance and rent.record_type is None and rent.active


def test_add_the_agencys_own_type(client, admin):
    response = client.post("/admin/services/new", data={"name": "  Emergency   food ", "hud_type": "",
                                                        "financial_assistance": "y"})
    assert response.status_code == 303 and response.headers["Location"] == "/admin/services"
    row = ServiceType.get(ServiceType.name == "Emergency food")
    assert (row.record_type, row.type_provided, row.financial_assistance, row.active) == (None, None, True, True)
    event = AuditEvent.get(AuditEvent.record_type == "service_type")
    assert (event.action, event.record_id) == ("create", row.id)
    assert event.fields == "financial_assistance,name,record_type,type_provided"


@pytest.mark.parametrize("hud_type, record_type, type_provided, financial", [
    ("200-200", 200, 200, False), ("152-1", 152, 1, True), ("151-7", 151, 7, True), ("300-2", 300, 2, False),
    ("143-10", 143, 10, False)])
def test_add_a_hud_type(client, admin, hud_type, record_type, type_provided, financial):
    response = client.post("/admin/services/new", data={"name": "HUD type", "hud_type": hud_type})
    assert response.status_code == 303
    row = ServiceType.get(ServiceType.name == "HUD type")
    assert (row.record_type, row.type_provided, row.financial_assistance) == (record_type, type_provided, financial)


@pytest.mark.parametrize("data, field, message", [
    ({"name": ""}, "name", "Enter a name for this service type."),
    ({"name": "   "}, "name", "Enter a name for this service type."),
    ({"name": "x" * 101}, "name", "A name can be at most 100 characters long."),
    ({"name": "rent"}, "name", "This agency already has a service type called “Rent”."),
    ({"name": "New", "hud_type": "999-1"}, "hud_type", NOT_ON_THE_LIST),
    ({"name": "New", "hud_type": "abc"}, "hud_type", NOT_ON_THE_LIST),
    ({"name": "New", "hud_type": "144-3"}, "hud_type", NOT_ON_THE_LIST),  # needs SubTypeProvided
    ({"name": "New", "hud_type": "200-200", "financial_assistance": "y"}, "financial_assistance",
     "Of HUD's record types only HOPWA and SSVF Financial Assistance have an amount"),
])
def test_bad_new_types_are_explained(client, admin, data, field, message):
    response = client.post("/admin/services/new", data={"hud_type": "", **data})
    assert response.status_code == 422
    assert message in errors_beside(response, field)
    assert ServiceType.select().count() == len(DEFAULT_LOCAL_TYPES)


def test_the_name_of_an_inactive_type_hints_at_reactivating(client, admin):
    client.get("/admin/services")
    ServiceType.update(active=False).where(ServiceType.name == "Counseling").execute()
    response = client.post("/admin/services/new", data={"name": "COUNSELING", "hud_type": ""})
    assert "(it is inactive: reactivate it instead)" in errors_beside(response, "name")


def test_rename(client, admin):
    client.get("/admin/services")
    rent = ServiceType.get(ServiceType.name == "Rent")
    page = client.get(f"/admin/services/{rent.id}/edit")
    assert page.status_code == 200 and 'value="Rent"' in page.get_data(as_text=True)
    taken = client.post(f"/admin/services/{rent.id}/edit", data={"name": "Security Deposit"})
    assert taken.status_code == 422
    assert "already has a service type called “Security deposit”" in errors_beside(taken, "name")
    assert client.post(f"/admin/services/{rent.id}/edit", data={"name": "rent"}).status_code == 303  # own name
    assert client.post(f"/admin/services/{rent.id}/edit", data={"name": "Rent assistance"}).status_code == 303
    assert ServiceType.get_by_id(rent.id).name == "Rent assistance"
    assert [e.fields for e in AuditEvent.select().where(AuditEvent.action == "update")] == ["name", "name"]


def test_deactivate_and_reactivate(client, admin):
    client.get("/admin/services")
    rent = ServiceType.get(ServiceType.name == "Rent")
    response = client.post(f"/admin/services/{rent.id}/deactivate")
    assert response.status_code == 303 and not ServiceType.get_by_id(rent.id).active
    row = client.post(f"/admin/services/{rent.id}/reactivate", headers={"HX-Request": "true"})
    assert row.status_code == 200 and row.get_data(as_text=True).lstrip().startswith(f'<tr id="service-type-{rent.id}"')
    assert "Deactivate" in row.get_data(as_text=True) and ServiceType.get_by_id(rent.id).active
    client.post(f"/admin/services/{rent.id}/reactivate")  # no change, no event
    assert [e.fields for e in AuditEvent.select().where(AuditEvent.action == "update")] == ["active", "active"]


def test_another_agencys_types_are_not_found_and_others_may_not_edit(client, auth, admin):
    other, _, _ = make_agency("Other Agency", projects=())
    ServiceType.ensure_defaults(other)
    theirs = ServiceType.get(ServiceType.agency == other, ServiceType.name == "Rent")
    assert client.get(f"/admin/services/{theirs.id}/edit").status_code == 404
    assert client.post(f"/admin/services/{theirs.id}/deactivate").status_code == 404
    assert ServiceType.get_by_id(theirs.id).active
    client.get("/admin/services")
    assert ServiceType.select().where(ServiceType.agency == admin).count() == len(DEFAULT_LOCAL_TYPES)
    auth.logout()
    auth.login("staff-1")
    assert client.get("/admin/services").status_code == 403
    assert client.post("/admin/services/new", data={"name": "Mine"}).status_code == 403


def test_form_page_and_partial(client, admin):
    page = client.get("/admin/services/new")
    part = client.get("/admin/services/new", headers={"HX-Request": "true"})
    assert b"<html" in page.data and b"<html" not in part.data
    assert b"HUD Record Type and Type Provided" in part.data and b"Bed Night (200)" in part.data
