"""Free text that looks identifying is refused beside its field, kept as typed, and nothing is saved."""
import html
import logging
import re

import pytest

import forms._screening
from domain import codes
from domain.identifying_text import NAME, PHONE, Finding
from forms._screening import screening_message
from models import Enrollment, Exit, IncomeBenefits, ServiceType
from models.assessments import snake
from models.services import DEFAULT_LOCAL_TYPES
from tests.test_assessments import answers, make_household
from tests.test_records import enter
from tests.intake_helpers import ADULT

PHONE_MESSAGE = "This looks like a phone number (“253 555 0142”). Remove it: never enter contact details."


def errors_beside(response, field_id):
    text = html.unescape(response.get_data(as_text=True))
    block = text.split(f'id="field-{field_id}"')[1].split('id="field-')[0]
    return " ".join(re.findall(r"<li>(.*?)</li>", block, re.S))


def typed_value(response, name):
    """The value attribute of the input called `name` (what the caseworker sees again)."""
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', response.get_data(as_text=True)).group()
    return html.unescape(re.search(r'value="([^"]*)"', tag).group(1))


# -- The message ----------------------------------------------------------------------------------

def test_one_finding_names_the_kind_and_the_fragment():
    assert screening_message([Finding(PHONE, 5, 17, "253 555 0142")]) == PHONE_MESSAGE


def test_several_findings_are_listed_once_per_kind():
    findings = [Finding(NAME, 0, 5, "Maria"), Finding(PHONE, 6, 18, "253 555 0142"), Finding(NAME, 19, 23, "Jose")]
    assert screening_message(findings) == ("This looks like a person's name (“Maria”) and a phone number "
                                           "(“253 555 0142”). Remove them: never enter names, contact details, "
                                           "ID numbers or exact dates.")


def test_two_of_one_kind_get_that_kinds_advice():
    findings = [Finding(NAME, 0, 5, "Maria"), Finding(NAME, 10, 14, "Jose")]
    assert screening_message(findings) == ("This looks like a person's name (“Maria”). "
                                           "Remove them: never enter a person's name.")


def test_the_default_service_types_pass():
    assert [name for name, _ in DEFAULT_LOCAL_TYPES
            if forms._screening.find_identifying(name)] == []


# -- Exits ----------------------------------------------------------------------------------------

@pytest.fixture
def staff(client, auth, agency):
    auth.login("staff-1")
    return agency[1][0]


def test_exit_other_destination_is_screened(client, staff):
    household, head, child = make_household(client, staff)
    data = {"exit-members": [str(head.id), str(child.id)], "exit-exit_date": "2026-03-19",
            "exit-destination": "17", "exit-reason_for_leaving": "1",
            "exit-other_destination": "her sister Maria in Tacoma"}
    response = client.post(f"/households/{household.id}/exit", data=data, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert errors_beside(response, "exit-other_destination") == (
        "This looks like a person's name (“Maria”). Remove it: never enter a person's name.")
    assert typed_value(response, "exit-other_destination") == "her sister Maria in Tacoma"
    assert Exit.select().count() == 0
    data["exit-other_destination"] = "A shared room at a relative's"
    assert client.post(f"/households/{household.id}/exit", data=data).status_code == 303
    assert [e.other_destination for e in Exit.select()] == ["A shared room at a relative's"] * 2


def test_bulk_exit_of_inactive_participants_is_screened(client, staff):
    first = enter(client, staff, start="2025-06-01", members=({**ADULT, "date_to_street_essh": "2025-01-01"},))
    enrollment = Enrollment.get(Enrollment.household == first)
    url = f"/projects/{staff.id}/inactive"
    data = {"enrollments": [str(enrollment.id)], "destination": "17", "reason_for_leaving": "8",
            "other_destination": "call 253 555 0142"}
    response = client.post(url, data=data)
    assert response.status_code == 422
    assert errors_beside(response, "other_destination") == PHONE_MESSAGE
    assert typed_value(response, "other_destination") == "call 253 555 0142"
    assert f'value="{enrollment.id}" id="exit-{enrollment.id}" checked' in response.get_data(as_text=True)
    assert Exit.select().count() == 0


# -- Assessments: the three "other source" answers --------------------------------------------------

OTHER_SOURCES = [
    ("income", {"other_income_source": "1", "other_income_amount": "20"}, "other_income_source_identify"),
    ("benefits", {"other_benefits_source": "1"}, "other_benefits_source_identify"),
    ("insurance", {"insurance_from_any_source": "1",
                   **{snake(flag): "0" for flag, _ in codes.INSURANCE_SOURCES}, "other_insurance": "1"},
     "other_insurance_identify"),
]


@pytest.mark.parametrize(("section", "flags", "field"), OTHER_SOURCES, ids=[s[0] for s in OTHER_SOURCES])
def test_assessment_other_source_is_screened(client, staff, section, flags, field):
    _, head, _ = make_household(client, staff)
    url = f"/enrollments/{head.id}/assessments/2"
    typed = "from Mark Johnson 3/14"
    response = client.post(url, data=answers(**flags, **{field: typed}))
    assert response.status_code == 422
    assert errors_beside(response, field) == (
        "This looks like a person's name (“Mark Johnson”) and an exact date (“3/14”). Remove them: never enter "
        "names, contact details, ID numbers or exact dates.")
    assert typed_value(response, field) == typed
    assert IncomeBenefits.select().count() == 0
    assert client.post(url, data=answers(**flags, **{field: "tribal per capita payment"})).status_code == 303
    assert [getattr(row, field) for row in IncomeBenefits.select()] == ["tribal per capita payment"]


# -- The agency's service catalog -----------------------------------------------------------------

@pytest.fixture
def admin(client, auth, agency):
    auth.login("admin-1")
    return agency[0]


def test_a_new_service_type_name_is_screened(client, admin):
    response = client.post("/admin/services/new", data={"name": "Motel for Jane", "hud_type": ""})
    assert response.status_code == 422
    assert errors_beside(response, "name") == (
        "This looks like a person's name (“Jane”). Remove it: never enter a person's name.")
    assert typed_value(response, "name") == "Motel for Jane"
    assert ServiceType.select().count() == len(DEFAULT_LOCAL_TYPES)


def test_a_renamed_service_type_is_screened(client, admin):
    client.get("/admin/services")  # the catalog starts with the default types
    rent = ServiceType.get(ServiceType.name == "Rent")
    response = client.post(f"/admin/services/{rent.id}/edit", data={"name": "Rent at 1420 S Yakima Ave"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert errors_beside(response, "name") == ("This looks like a street address (“1420 S Yakima Ave”). "
                                               "Remove it: never enter an address or other contact details.")
    assert ServiceType.get_by_id(rent.id).name == "Rent"


# -- A failing check never blocks saving ----------------------------------------------------------

def test_a_failing_check_lets_the_text_through_and_logs_only_the_type(client, admin, monkeypatch, caplog):
    def broken(text):
        raise RuntimeError(f"cannot read {text}")

    monkeypatch.setattr(forms._screening, "find_identifying", broken)
    with caplog.at_level(logging.ERROR, logger="hmis.screening"):
        response = client.post("/admin/services/new", data={"name": "Bed night voucher", "hud_type": ""})
    assert response.status_code == 303
    assert ServiceType.select().where(ServiceType.name == "Bed night voucher").count() == 1
    assert [r.getMessage() for r in caplog.records if r.name == "hmis.screening"] == [
        "Free-text screening failed with RuntimeError; the text was saved unchecked"]
    assert "Bed night voucher" not in caplog.text
