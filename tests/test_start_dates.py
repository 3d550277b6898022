"""Correcting a household's Project Start Date."""
from datetime import date, timedelta

import pytest

from domain.dates import household_offset_days
from models import AuditEvent, Enrollment, Exit, HealthAndDV, Household
from tests.intake_helpers import ADULT, CHILD, intake_post, intake_token

KEY = b"test-shift-key-0123456789abcdef"


def enter(client, project, approximate=False):
    token = intake_token(client, project.id)
    data = intake_post(token, start="2026-02-01", members=(ADULT, CHILD), approximate=approximate)
    assert client.post(f"/projects/{project.id}/intake", data=data).status_code == 303
    return Household.get()


@pytest.fixture
def staff(client, auth, agency):
    auth.login("staff-1")
    return agency[1][0]


@pytest.mark.parametrize("approximate", [False, True])
def test_start_date_moves_with_project_start_answers(client, staff, approximate):
    household = enter(client, staff, approximate)
    offset = household_offset_days(KEY, household.household_id) if approximate else 0
    response = client.post(f"/households/{household.id}/start-date", data={"project_start_date": "2026-02-10"})
    assert response.status_code == 303
    stored = date(2026, 2, 10) + timedelta(days=offset)
    assert {e.entry_date for e in Enrollment.select()} == {stored}
    assert HealthAndDV.get().information_date == stored
    assert {e.version for e in Enrollment.select()} == {2}
    assert AuditEvent.get(AuditEvent.record_type == "household", AuditEvent.action == "update").fields == "entry_date"


@pytest.mark.parametrize("start, message", [
    ("", "Enter the Project Start Date."),
    ("2999-01-01", "cannot be in the future"),
    ("2019-01-01", "began operating on 01/01/2020"),
    ("2025-12-31", "The date homelessness started is after that date"),
])
def test_bad_start_date(client, staff, start, message):
    household = enter(client, staff)
    response = client.post(f"/households/{household.id}/start-date", data={"project_start_date": start})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert {e.entry_date for e in Enrollment.select()} == {date(2026, 2, 1)}


def test_start_date_cannot_pass_an_exit(client, staff):
    household = enter(client, staff)
    head = Enrollment.get(Enrollment.relationship_to_hoh == 1)
    Exit.create(enrollment=head, exit_date=date(2026, 2, 5), destination=410, date_created="2026-02-05 00:00:00",
                date_updated="2026-02-05 00:00:00")
    response = client.post(f"/households/{household.id}/start-date", data={"project_start_date": "2026-02-10"})
    assert response.status_code == 422 and "Project Exit Date before that date" in response.get_data(as_text=True)


def test_a_correction_based_on_an_older_date_is_a_conflict(client, staff):
    household = enter(client, staff)
    response = client.post(f"/households/{household.id}/start-date",
                           data={"project_start_date": "2026-02-10", "loaded": "2026-01-20"})
    assert response.status_code == 422 and "Someone else corrected the Project Start Date" in response.get_data(
        as_text=True)
    assert {e.entry_date for e in Enrollment.select()} == {date(2026, 2, 1)}
    again = client.post(f"/households/{household.id}/start-date",
                        data={"project_start_date": "2026-02-10", "loaded": "2026-02-01"})
    assert again.status_code == 303
