"""A household's history for admins: who did what to it and its records, in order, without a real time beside a
shifted date."""
import re
from datetime import timedelta

import pytest

from domain.dates import household_offset_days
from models import AuditEvent, Exit
from models.accounts import utcnow
from models.history import household_history
from tests.test_exits import SHIFT_KEY, exit_data, make_household, post_exit


def rows(page):
    body = page.get_data(as_text=True).split("<tbody>")[1]
    return [[re.sub(r"<[^>]+>", " ", cell).split() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


@pytest.mark.parametrize("approximate", [False, True])
def test_history_lists_who_did_what_in_order(client, auth, agency, approximate):
    project = agency[1][0]
    auth.login("staff-1")
    before = utcnow()
    household, head, child = make_household(client, project, approximate=approximate)
    assert post_exit(client, household, exit_data(head, child)).status_code == 303
    assert client.get(f"/households/{household.id}/history").status_code == 403  # staff: admins only
    client.post("/logout")
    auth.login("admin-1")
    client.get(f"/households/{household.id}")  # an admin opens it: a view event
    page = client.get(f"/households/{household.id}/history")
    assert page.status_code == 200
    listed = [(cells[1], cells[2][0], cells[3][0]) for cells in rows(page)]
    assert listed == [(["staff-1"], "Create", "Household"), (["staff-1"], "Create", "Exit"),
                      (["staff-1"], "Create", "Exit"), (["admin-1"], "View", "Household")]
    events = list(household_history(household))
    assert [e.at for e in events] == sorted(e.at for e in events)
    # The times are the household's own stamps: its creation event is its DateCreated, exits their DateCreated.
    assert events[0].at == household.date_created
    assert {e.at for e in events[1:3]} == {x.date_created for x in Exit.select()}
    offset = household_offset_days(SHIFT_KEY, household.household_id) if approximate else 0
    assert abs(events[0].at - before - timedelta(days=offset)) < timedelta(minutes=1)  # moved, when approximated
    assert ("moved by the same number of days" in page.get_data(as_text=True)) == approximate
    # Opening the history is itself recorded, with the household's stamp.
    last = AuditEvent.get(AuditEvent.fields == "history")
    assert (last.action, last.fields, last.record_id) == ("view", "history", household.id)


def test_another_agencys_household_history_is_not_found(client, auth, agency, other_agency):
    auth.login("staff-1")
    household, _, _ = make_household(client, agency[1][0])
    client.post("/logout")
    auth.login(f"admin-{other_agency[0].id}")
    assert client.get(f"/households/{household.id}/history").status_code == 404
