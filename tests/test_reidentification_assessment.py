"""The live check in assessments: the answers they would change (DV at project start) counted as stored, the
one-tap proposal, "save anyway" and its audit record; both databases."""
import html
import re

import pytest

from models import Agency, AuditEvent, HealthAndDV
from tests.reid_helpers import stored_household
from tests.test_assessments import answers

CHECK = "/enrollments/{}/assessments/{}/privacy-check"


@pytest.fixture
def member(client, auth, agency):
    """k = 3 over sex, DV, project and start month. Others, all women who started in January 2026:
    DV Yes: 1; DV "Client prefers not to answer": 2; DV No: 3. The member is stored with DV No."""
    _, (project,), _ = agency
    Agency.update(reid_k=3, reid_elements="sex,domestic_violence,project,start_month").execute()
    for dv, count in ((1, 1), (9, 2), (0, 3)):
        for _ in range(count):
            stored_household(project, members=({"dv": dv},))
    (enrollment,) = stored_household(project, members=({"dv": 0},))
    auth.login("staff-1")
    return enrollment


def text(response):
    return html.unescape(response.get_data(as_text=True))


def start_answers(**overrides):
    return answers(**{"domestic_violence_survivor": "1", "when_occurred": "2", "currently_fleeing": "0",
                      **overrides})


def test_a_changed_dv_answer_at_project_start_is_counted(client, member):
    response = client.post(CHECK.format(member.id, 1), data=start_answers())
    page = text(response)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "Only 1 other person in Safe Shelter shares these answers: this record could identify her." in page
    assert ("Smallest change that makes the group 3: Set Domestic Violence Survivor to “Client prefers not to "
            "answer”.") in page
    unchanged = text(client.post(CHECK.format(member.id, 1), data=start_answers(domestic_violence_survivor="0")))
    assert "3 other people in Safe Shelter share these answers" in unchanged


def test_applying_the_proposal_withholds_the_dv_answer(client, member):
    page = text(client.post(f"/enrollments/{member.id}/assessments/1",
                            data={**start_answers(), "apply_privacy": "assessment"}, headers={"HX-Request": "true"}))
    assert re.search(r'<input checked [^>]*name="domestic_violence_survivor" [^>]*value="9">', page)
    assert "2 other people in Safe Shelter share these answers" in page


def test_saving_it_needs_a_reason_that_goes_to_the_audit_trail(client, member):
    url = f"/enrollments/{member.id}/assessments/1"
    refused = client.post(url, data=start_answers())
    assert refused.status_code == 422 and "tick “Save anyway” and give the reason" in text(refused)
    saved = client.post(url, data=start_answers(save_anyway="y", save_anyway_reason="Survivor asked for it"))
    assert saved.status_code == 303
    event = AuditEvent.get(AuditEvent.action == "reid_override")
    assert (event.record_type, event.fields, event.reason) == ("assessment", "domestic_violence",
                                                               "Survivor asked for it")
    assert HealthAndDV.get(HealthAndDV.enrollment == member.id,
                           HealthAndDV.data_collection_stage == 1).domestic_violence_survivor == 1


def test_an_update_changes_nothing_counted_and_saves_as_usual(client, member):
    page = text(client.post(CHECK.format(member.id, 2), data=start_answers()))
    assert "These answers change nothing the check counts, so they save as usual." in page
    assert client.post(f"/enrollments/{member.id}/assessments/2", data=start_answers()).status_code == 303
    assert not AuditEvent.select().where(AuditEvent.action == "reid_override").exists()
