"""The household size stored beside the household type (for the re-identification check) follows every change of
membership: intake, removing and restoring a member, removing and restoring the household, moving the start."""
import pytest

from models import AuditEvent, Enrollment, Household
from tests.intake_helpers import ADULT, CHILD, intake_post, intake_token


@pytest.fixture
def household(client, auth, agency):
    auth.login("staff-1")
    project = agency[1][0]
    token = intake_token(client, project.id)
    data = intake_post(token, start="2026-02-01", members=(ADULT, CHILD, {**CHILD, "sex": "1"}))
    assert client.post(f"/projects/{project.id}/intake", data=data).status_code == 303
    return Household.get()


def admin(app):
    other = app.test_client()
    other.post("/login", data={"username": "admin-1", "password": "correct horse battery"})
    return other


def stored(household):
    fresh = Household.get_by_id(household.id)
    live = Enrollment.select().where(Enrollment.household == household, Enrollment.date_deleted.is_null()).count()
    return fresh.household_size, fresh.household_type, live


def test_intake_stores_the_size(household):
    assert stored(household) == (3, "With children and adults", 3)


def test_removing_and_restoring_members(app, client, household):
    children = list(Enrollment.select().where(Enrollment.relationship_to_hoh == 2).order_by(Enrollment.id))
    assert client.post(f"/members/{children[0].id}/delete").status_code == 303
    assert stored(household) == (2, "With children and adults", 2)
    assert client.post(f"/members/{children[1].id}/delete").status_code == 303
    assert stored(household) == (1, "Without children", 1)
    assert admin(app).post(f"/admin/deleted/members/{children[0].id}/restore").status_code == 303
    assert stored(household) == (2, "With children and adults", 2)


def test_removing_the_last_member_and_the_household(app, client, household):
    assert client.post(f"/households/{household.id}/delete").status_code == 303
    assert Household.get_by_id(household.id).household_size == 3  # deleted as a whole: restored as a whole
    assert admin(app).post(f"/admin/deleted/households/{household.id}/restore").status_code == 303
    assert stored(household) == (3, "With children and adults", 3)


def test_moving_the_start_date_keeps_the_size(client, household):
    assert client.post(f"/households/{household.id}/start-date",
                       data={"project_start_date": "2026-02-10"}).status_code == 303
    assert stored(household) == (3, "With children and adults", 3)


def test_the_last_member_removed_takes_the_household_along_and_comes_back_with_it(app, client, auth, agency):
    """One transaction and one stamp for both, with an audit event for each: restoring the household brings its
    last member back (two stamps a second apart once left it restored with no one in it)."""
    auth.login("staff-1")
    project = agency[1][0]
    data = intake_post(intake_token(client, project.id), start="2026-02-01", members=(ADULT,))
    assert client.post(f"/projects/{project.id}/intake", data=data).status_code == 303
    head = Enrollment.get()
    response = client.post(f"/members/{head.id}/delete")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    household, stamp = Household.get(), Enrollment.get_by_id(head.id).date_deleted
    assert household.date_deleted == stamp and household.household_size == 1
    deleted = {(e.record_type, e.at) for e in AuditEvent.select().where(AuditEvent.action == "delete")}
    assert deleted == {("enrollment", stamp), ("household", stamp)}
    assert admin(app).post(f"/admin/deleted/households/{household.id}/restore").status_code == 303
    assert stored(household) == (1, "Without children", 1)
