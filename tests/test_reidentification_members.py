"""The live check when a saved member's answers are corrected: warned, proposed, refused without a reason, and
"save anyway" audited; both databases."""
from datetime import date

import pytest

from models import AuditEvent, Client, Enrollment
from tests.intake_helpers import ADULT, intake_post, intake_token, saved_household
from tests.reid_helpers import stored_household
from tests.test_members import base_of, edit_page, post_edit

VETERAN_WITHHELD = {**ADULT, "veteran_status": "9"}


@pytest.fixture
def member(client, auth, agency):
    """A woman of 35-44 alone in Safe Shelter in February 2026, Veteran Status 9, like four others stored: safe."""
    _, (project,), _ = agency
    for _ in range(4):
        stored_household(project, start=date(2026, 2, 10), members=({"dob": date(1987, 1, 1), "veteran_status": 9,
                                                                      "dv": 1},))
    auth.login("staff-1")
    token = intake_token(client, project.id)
    data = intake_post(token, members=(VETERAN_WITHHELD,))
    assert client.post(f"/projects/{project.id}/intake", data=data).status_code == 303
    return Enrollment.get(Enrollment.household == saved_household(token))


def _check(client, enrollment, **changes):
    answers = {**ADULT, "birth_date": "", **changes}
    return client.post(f"/members/{enrollment.id}/privacy-check",
                       data={f"member-{key}": value for key, value in answers.items()}).get_data(as_text=True)


def test_a_correction_that_singles_her_out_is_warned_with_the_smallest_change(client, member):
    assert "4 other people in Safe Shelter share these answers" in _check(client, member, veteran_status="9")
    html = _check(client, member, veteran_status="1")  # the DOB is kept: her stored age says she is an adult
    assert "Nobody else in Safe Shelter shares these answers yet: this record alone could identify her." in html
    assert "Set Veteran Status to “Client prefers not to answer”" in html and "makes the group 5" in html


def test_saving_it_needs_the_proposal_or_a_reason_and_the_reason_is_audited(client, member):
    page, _ = edit_page(client, member)
    refused = post_edit(client, member, base_of(page), veteran_status="1")
    assert refused.status_code == 422 and "These answers could identify someone" in refused.get_data(as_text=True)
    assert Client.get_by_id(member.client_id).veteran_status == 9  # nothing saved
    answers = {f"member-{key}": value for key, value in {**ADULT, "birth_date": "", "veteran_status": "1"}.items()}
    saved = client.post(f"/members/{member.id}/edit", data={"base": base_of(page), **answers, "save_anyway": "y",
                                                            "save_anyway_reason": "confirmed with the client"})
    assert saved.status_code == 303 and Client.get_by_id(member.client_id).veteran_status == 1
    override = AuditEvent.get(AuditEvent.action == "reid_override")
    assert (override.record_type, override.record_id) == ("enrollment", member.id)
    assert override.fields == "veteran_status" and override.reason == "confirmed with the client"


def test_applying_the_proposal_withholds_the_answer_and_saves_as_usual(client, member):
    page, _ = edit_page(client, member)
    answers = {**ADULT, "birth_date": "", "veteran_status": "1"}
    data = {"base": base_of(page), "apply_privacy": "member", **{f"member-{k}": v for k, v in answers.items()}}
    applied = client.post(f"/members/{member.id}/edit", data=data, headers={"HX-Request": "true"})
    html = applied.get_data(as_text=True)
    assert applied.status_code == 200 and 'checked id="member-veteran_status-3"' in html  # value 9
    assert "4 other people in Safe Shelter share these answers" in html
    assert post_edit(client, member, base_of(page), veteran_status="9").status_code == 303
    assert not AuditEvent.select().where(AuditEvent.action == "reid_override").exists()


def test_a_correction_of_answers_not_counted_needs_no_reason(client, member):
    html = _check(client, member, veteran_status="9", living_situation="116")
    assert "These corrections change nothing the check counts" in html
