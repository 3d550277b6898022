"""The live check in the intake form, the one-tap proposal, "save anyway" and its audit record; both databases."""
import re
from datetime import date

import pytest

from domain.reidentification import DEFAULT_ELEMENTS
from models import Agency, AuditEvent, Client, Household, UserProject
from tests.intake_helpers import ADULT, intake_post, intake_token
from tests.reid_helpers import shelter, stored_household

SOLO = {**ADULT, "veteran_status": "1"}  # a veteran: nobody stored is one
CHECK = "/projects/{}/intake/privacy-check"


@pytest.fixture
def crowded(agency):
    """Four stored women of 35-44 (DOB 01/01/1987 at a 2026 start), alone, in February 2026, Veteran Status 9."""
    _, (project,), _ = agency
    for _ in range(4):
        stored_household(project, start=date(2026, 2, 10), members=({"dob": date(1987, 1, 1), "veteran_status": 9,
                                                                      "dv": 1},))
    return project


def _data(client, project, **kwargs):
    return intake_post(intake_token(client, project.id), members=(SOLO,), **kwargs)


def test_live_check_warns_and_proposes_withholding(client, auth, agency, crowded):
    auth.login("staff-1")
    page = client.post(CHECK.format(crowded.id), data=_data(client, crowded), headers={"HX-Request": "true"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Nobody else in Safe Shelter shares these answers yet: this record alone could identify her." in html
    assert "Set Veteran Status to “Client prefers not to answer”" in html and "makes the group 5" in html


def test_the_first_person_in_an_empty_project_is_not_blocked(client, auth, agency):
    auth.login("staff-1")
    _, (project,), _ = agency
    html = client.post(CHECK.format(project.id), data=_data(client, project)).get_data(as_text=True)
    assert "Nobody is stored in Safe Shelter yet" in html and "starts once 4 people are stored" in html
    assert client.post(f"/projects/{project.id}/intake", data=_data(client, project)).status_code == 303


def test_applying_the_proposal_sets_the_answer_to_9_and_reaches_k(client, auth, agency, crowded):
    auth.login("staff-1")
    data = _data(client, crowded)
    page = client.post(f"/projects/{crowded.id}/intake", data={**data, "apply_privacy": "members-0"},
                       headers={"HX-Request": "true"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert ('<input checked id="members-0-veteran_status-3" name="members-0-veteran_status" type="radio" value="9">'
            in html)
    assert "4 other people in Safe Shelter share these answers" in html
    saved = client.post(f"/projects/{crowded.id}/intake", data={**data, "members-0-veteran_status": "9"})
    assert saved.status_code == 303
    assert Client.select().where(Client.veteran_status == 9).count() == 5


def test_saving_at_risk_needs_the_proposal_or_a_reason(client, auth, agency, crowded):
    auth.login("staff-1")
    data = _data(client, crowded)
    refused = client.post(f"/projects/{crowded.id}/intake", data=data)
    assert refused.status_code == 422 and "tick “Save anyway” and give the reason" in refused.get_data(as_text=True)
    no_reason = client.post(f"/projects/{crowded.id}/intake", data={**data, "save_anyway": "y"})
    assert no_reason.status_code == 422 and "Give the reason for saving anyway." in no_reason.get_data(as_text=True)
    too_long = client.post(f"/projects/{crowded.id}/intake",
                           data={**data, "save_anyway": "y", "save_anyway_reason": "x" * 201})
    html = too_long.get_data(as_text=True)
    assert too_long.status_code == 422 and "Keep the reason to 200 characters." in html and "x" * 201 in html
    assert Household.select().count() == 4
    saved = client.post(f"/projects/{crowded.id}/intake",
                        data={**data, "save_anyway": "y", "save_anyway_reason": "Veteran services referral"})
    assert saved.status_code == 303
    event = AuditEvent.get(AuditEvent.action == "reid_override")
    assert event.reason == "Veteran services referral" and event.fields == "veteran_status"


def test_a_check_that_cannot_run_says_so_and_lets_staff_save(client, auth, agency, crowded, monkeypatch):
    import models.privacy_check

    def broken(**kwargs):
        raise RuntimeError("database went away")
    monkeypatch.setattr(models.privacy_check, "check_people", broken)
    auth.login("staff-1")
    data = _data(client, crowded)
    html = client.post(CHECK.format(crowded.id), data=data).get_data(as_text=True)
    assert "The privacy check could not run; you can still save." in html
    assert client.post(f"/projects/{crowded.id}/intake", data=data).status_code == 303


def test_approximating_is_proposed_when_the_shifted_month_is_crowded(client, auth, agency):
    """The stored month counts: with dates approximated (30-92 days) the start lands in March or April."""
    _, (project,), _ = agency
    for month in (3, 4, 5):
        for _ in range(4):
            stored_household(project, start=date(2026, month, 1 if month != 5 else 2),
                             members=({"dob": date(1987, 1, 1), "veteran_status": 1},))
    auth.login("staff-1")
    data = _data(client, project, start="2026-02-01")
    html = client.post(CHECK.format(project.id), data=data).get_data(as_text=True)
    assert "Approximate the household&#39;s dates" in html or "Approximate the household's dates" in html
    applied = client.post(f"/projects/{project.id}/intake", data={**data, "apply_privacy": "members-0"})
    assert re.search(r'<input checked id="approximate_dates" name="approximate_dates" type="checkbox"',
                     applied.get_data(as_text=True))


def test_an_identifying_reason_is_refused_beside_the_field_and_kept(client, auth, agency, crowded):
    auth.login("staff-1")
    reason = "Call her sister at 253 555 0142"
    response = client.post(f"/projects/{crowded.id}/intake",
                           data={**_data(client, crowded), "save_anyway": "y", "save_anyway_reason": reason})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    block = page.split('id="field-save_anyway_reason"')[1].split("</div>")[0]
    assert "This looks like a phone number" in block and f'value="{reason}"' in page
    assert Household.select().count() == 4
    assert not AuditEvent.select().where(AuditEvent.action == "reid_override").exists()


def test_without_the_project_an_empty_project_is_checked_against_the_agency(client, auth, agency, crowded):
    """The agency decides, and it holds people: the first person of a new project gets the check, not the wait."""
    ag, _, users = agency
    Agency.update(reid_elements=",".join(n for n in DEFAULT_ELEMENTS if n != "project")).where(
        Agency.id == ag.id).execute()
    empty = shelter(ag)
    UserProject.create(user=users["staff"], project=empty)
    auth.login("staff-1")
    html = client.post(CHECK.format(empty.id), data=_data(client, empty)).get_data(as_text=True)
    assert "Nobody is stored" not in html
    assert "Nobody else in Safe Harbor shares these answers yet" in html  # the veteran: no one stored is one
