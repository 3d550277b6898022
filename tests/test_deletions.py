"""Soft deletes of households and members, and an admin undoing them."""
import pytest

from models import AuditEvent, Client, Enrollment, HealthAndDV, Household
from tests.intake_helpers import ADULT, CHILD, intake_post, intake_token


@pytest.fixture
def household(client, auth, agency):
    auth.login("staff-1")
    project = agency[1][0]
    token = intake_token(client, project.id)
    client.post(f"/projects/{project.id}/intake", data=intake_post(token, members=(ADULT, CHILD)))
    return Household.get()


def login(app, username):
    other = app.test_client()
    other.post("/login", data={"username": username, "password": "correct horse battery"})
    return other


def test_delete_household_is_soft_and_undone_by_an_admin(app, client, household):
    response = client.post(f"/households/{household.id}/delete")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert Household.get_by_id(household.id).date_deleted is not None
    assert Enrollment.select().where(Enrollment.date_deleted.is_null()).count() == 0
    assert Client.select().where(Client.date_deleted.is_null()).count() == 0
    assert HealthAndDV.select().where(HealthAndDV.date_deleted.is_null()).count() == 0
    assert client.get(f"/households/{household.id}").status_code == 404
    assert client.post(f"/admin/deleted/households/{household.id}/restore").status_code == 403  # staff
    admin = login(app, "admin-1")
    assert household.code[:4] in admin.get("/admin/deleted").get_data(as_text=True)
    assert admin.post(f"/admin/deleted/households/{household.id}/restore").status_code == 303
    assert Household.get_by_id(household.id).date_deleted is None
    assert Enrollment.select().where(Enrollment.date_deleted.is_null()).count() == 2
    assert HealthAndDV.select().where(HealthAndDV.date_deleted.is_null()).count() == 1
    assert client.get(f"/households/{household.id}").status_code == 200
    actions = [e.action for e in AuditEvent.select().where(AuditEvent.record_type == "household")]
    assert "delete" in actions and "restore" in actions


def test_remove_a_member_and_restore(app, client, household):
    child = Enrollment.get(Enrollment.relationship_to_hoh == 2)
    assert client.post(f"/members/{child.id}/delete").status_code == 303
    assert Enrollment.get_by_id(child.id).date_deleted is not None
    assert Client.get_by_id(child.client_id).date_deleted is not None
    admin = login(app, "admin-1")
    assert admin.post(f"/admin/deleted/members/{child.id}/restore").status_code == 303
    assert Enrollment.get_by_id(child.id).date_deleted is None
    assert Client.get_by_id(child.client_id).date_deleted is None


def test_head_of_household_cannot_be_removed_alone(client, household):
    head = Enrollment.get(Enrollment.relationship_to_hoh == 1)
    client.post(f"/members/{head.id}/delete")
    assert Enrollment.get_by_id(head.id).date_deleted is None
    assert b"Make another member the head of household first" in client.get(f"/households/{household.id}").data


def test_restoring_a_live_record_is_not_found(app, household):
    admin = login(app, "admin-1")
    assert admin.post(f"/admin/deleted/households/{household.id}/restore").status_code == 404
