"""The live check in the exit form: the exit month and the destination group join the stored entry answers;
the one-tap proposal, "save anyway" and its audit record; both databases."""
import html
import re
from datetime import date

import pytest

from models import Agency, AuditEvent, Exit
from tests.reid_helpers import stored_household

CHECK = "/households/{}/exit/privacy-check"


@pytest.fixture
def leaving(client, auth, agency):
    """A woman of 36 who started in January 2026, about to exit in April; k = 4.

    Everyone below started in January 2026 with the same entry answers as hers:
      April, Permanent (410, 435): 2 people — with her, a group of 3, below 4.
      April, "Other" (9, 17, 30): 3 people — with her withheld Destination (9, "Other"), a group of 4.
      May, Permanent: another month. Not exited: not counted at exit.
    """
    _, (project,), _ = agency
    Agency.update(reid_k=4).execute()
    for exit_date, destination in ((date(2026, 4, 3), 410), (date(2026, 4, 20), 435), (date(2026, 4, 25), 9),
                                   (date(2026, 4, 26), 17), (date(2026, 4, 28), 30), (date(2026, 5, 2), 410)):
        stored_household(project, members=({"exit": (exit_date, destination)},))
    stored_household(project)
    (member,) = stored_household(project)
    auth.login("staff-1")
    return member


def exit_data(member, destination="411", **extra):
    return {"exit-members": [str(member.id)], "exit-exit_date": "2026-04-09", "exit-destination": destination,
            "exit-reason_for_leaving": "1", **{f"exit-{k}": v for k, v in extra.items()}}


def text(response):
    return html.unescape(response.get_data(as_text=True))


def test_exit_check_counts_the_exit_month_and_destination_group(client, leaving):
    response = client.post(CHECK.format(leaving.household_id), data=exit_data(leaving))
    page = text(response)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "Only 2 other people in Safe Shelter share these answers: this record could identify her." in page
    assert "Smallest change that makes the group 4: Set Destination to “Client prefers not to answer”." in page


def test_a_withheld_destination_is_counted_in_the_other_group(client, leaving):
    page = text(client.post(CHECK.format(leaving.household_id), data=exit_data(leaving, destination="9")))
    assert "3 other people in Safe Shelter share these answers" in page


def test_applying_the_proposal_withholds_the_destination(client, leaving):
    data = {**exit_data(leaving), "apply_privacy": f"exit-{leaving.id}"}
    page = text(client.post(f"/households/{leaving.household_id}/exit", data=data, headers={"HX-Request": "true"}))
    assert re.search(r'<option selected value="9">Client prefers not to answer</option>', page)
    assert "3 other people in Safe Shelter share these answers" in page


def test_saving_an_identifying_exit_needs_a_reason_that_goes_to_the_audit_trail(client, leaving):
    url = f"/households/{leaving.household_id}/exit"
    refused = client.post(url, data=exit_data(leaving))
    assert refused.status_code == 422 and "tick “Save anyway” and give the reason" in text(refused)
    assert Exit.select().count() == 6
    saved = client.post(url, data=exit_data(leaving, save_anyway="y", save_anyway_reason="Program rules"))
    assert saved.status_code == 303
    event = AuditEvent.get(AuditEvent.action == "reid_override")
    assert (event.record_type, event.fields, event.reason) == ("exit", "destination_group", "Program rules")
    assert Exit.get(Exit.enrollment == leaving.id).destination == 411


def test_a_withheld_destination_saves_without_a_reason(client, leaving):
    assert client.post(f"/households/{leaving.household_id}/exit", data=exit_data(leaving, destination="9")
                       ).status_code == 303
    assert not AuditEvent.select().where(AuditEvent.action == "reid_override").exists()


def test_an_exit_check_that_cannot_run_lets_staff_save(client, leaving, monkeypatch):
    import models.privacy_check

    def broken(**kwargs):
        raise RuntimeError("database went away")
    monkeypatch.setattr(models.privacy_check, "check_people", broken)
    page = text(client.post(CHECK.format(leaving.household_id), data=exit_data(leaving)))
    assert "The privacy check could not run; you can still save." in page
    assert client.post(f"/households/{leaving.household_id}/exit", data=exit_data(leaving)).status_code == 303
