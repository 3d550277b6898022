"""A valid form with one field replaced by nonsense: the checks behind the first ones (saving, approximating dates,
the live privacy check) are reached too, and none of them may answer 500."""
import re

import pytest

from models import Household, Project
from tests.intake_helpers import ADULT, CHILD, intake_post, intake_token
from tests.test_exits import exit_data, make_household
from tests.test_services import service_data, service_type

ODD = ("", " ", "-1", "0", "99999999999999999999999", "1e400", "nan", "2026-02-30", "0001-01-01", "9999-12-31",
       "1900-01-01", "2099-12-31", "☃", "x" * 3000)


@pytest.fixture
def staff(client, auth, agency):
    auth.login("staff-1")
    return agency[1][0]


def _perturbed(data):
    """(field, value, data with that field replaced) for each field and odd value."""
    for field in data:
        for value in ODD:
            yield field, value, {**data, field: value}


def _failures(client, urls, data):
    return [(url, field, value) for field, value, changed in _perturbed(data) for url in urls
            if client.post(url, data=changed).status_code >= 500]


def test_intake_with_one_odd_answer(client, staff):
    project = staff
    urls = [f"/projects/{project.id}/intake/preview", f"/projects/{project.id}/intake/privacy-check",
            f"/projects/{project.id}/intake"]
    data = intake_post(intake_token(client, project.id), members=(ADULT, CHILD), approximate=True)
    assert _failures(client, urls, data) == []
    assert Household.select().count() > 0  # some odd answers are valid ones: the saving path was reached


def test_exit_with_one_odd_answer(client, staff):
    household, head, child = make_household(client, staff, approximate=True)
    urls = [f"/households/{household.id}/exit/preview", f"/households/{household.id}/exit/privacy-check",
            f"/households/{household.id}/exit"]
    data = exit_data(head, child)
    data["exit-members"] = str(head.id)
    assert _failures(client, urls, data) == []


def test_service_with_one_odd_answer(client, staff, agency):
    household, head, _ = make_household(client, staff, approximate=True)
    rent = service_type(agency[0], "Rent")
    urls = [f"/households/{household.id}/services/preview", f"/households/{household.id}/services"]
    assert _failures(client, urls, service_data(rent.id, head.id, amount="850")) == []


def test_move_in_and_start_date_with_one_odd_answer(client, staff):
    Project.update(project_type=13, rrh_sub_type=2).where(Project.id == staff.id).execute()  # asks for a move-in
    household, _, _ = make_household(client, staff, approximate=True)
    for path, field in (("move-in", "move_in_date"), ("start-date", "project_start_date")):
        url = f"/households/{household.id}/{path}"
        loaded = re.search(r'name="loaded"[^>]*value="([^"]*)"', client.get(url).get_data(as_text=True))
        failures = [value for value in ODD
                    if client.post(url, data={field: value, "loaded": loaded.group(1)}).status_code >= 500]
        assert failures == [], path
