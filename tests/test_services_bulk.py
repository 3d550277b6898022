"""Bulk entry: one service on one date for many households of a project, all saved or none."""
import html
from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain import services as rules
from domain.record_codes import ALPHABET
from forms.services import CODE_FORMAT, CODE_TYPO, DUPLICATE_ROW, FUTURE, NO_CODE, NO_ROWS, TOO_MANY_ROWS
from models import AuditEvent, Enrollment, Household, Project, Service
from tests.conftest import make_agency
from tests.test_services import errors_beside, exit_member, make_household, service_type
from views.services import ALREADY_RECORDED_HOUSEHOLD


def code_of(household):
    return f"{household.code[:4]}-{household.code[4:]}"


def bulk_data(type_id, day, rows):
    data = {"service_type": str(type_id), "date_provided": day}
    for index, (code, amount) in enumerate(rows):
        data[f"rows-{index}-household_code"] = code
        data[f"rows-{index}-fa_amount"] = amount
    return data


@pytest.fixture
def world(app):
    agency, projects, _ = make_agency()
    return agency, projects[0]


@pytest.fixture
def staff(client, auth, world):
    auth.login("staff-1")
    return world


def bulk(client, project, data, **headers):
    return client.post(f"/projects/{project.id}/services/bulk", data=data, headers=headers)


def test_bulk_page_and_partial(client, staff):
    _, project = staff
    page = client.get(f"/projects/{project.id}/services/bulk")
    part = client.get(f"/projects/{project.id}/services/bulk", headers={"HX-Request": "true"})
    assert page.status_code == 200 and b"<html" in page.data and b"<html" not in part.data
    text = page.get_data(as_text=True)
    assert [f"rows-{i}-household_code" in text for i in range(5)] == [True] * 5
    assert "Service Type" in text and "Date Provided" in text and "Household record code" in text


def test_fifty_households_in_one_submit(client, staff):
    agency, project = staff
    households = [make_household(project, approximated=i % 2 == 0) for i in range(50)]
    rent = service_type(agency, "Rent")
    rows = [(code_of(h).lower().replace("-", " ") if i == 7 else code_of(h), f"{800 + i}.50")
            for i, (h, _) in enumerate(households)]
    response = bulk(client, project, bulk_data(rent.id, "2026-03-01", rows))
    assert response.status_code == 303, errors_beside(response, "rows-0-household_code")
    assert response.headers["Location"] == f"/projects/{project.id}/services/bulk"
    services = {s.enrollment_id: s for s in Service.select()}
    assert len(services) == 50
    for i, (household, offset) in enumerate(households):
        head = Enrollment.get(Enrollment.household == household, Enrollment.relationship_to_hoh == 1)
        service = services[head.id]  # on the head of household
        assert service.date_provided == date(2026, 3, 1) + timedelta(days=offset)
        assert service.fa_amount == Decimal(f"{800 + i}.50") and service.service_type_id == rent.id
    assert AuditEvent.select().where(AuditEvent.record_type == "service", AuditEvent.action == "create").count() == 50
    assert "Rent recorded for 50 households." in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_bad_row_saves_nothing_and_keeps_everything(client, staff):
    agency, project = staff
    (first, _), (second, _) = make_household(project), make_household(project)
    _, foreign_projects, _ = make_agency("Other Agency", projects=("Other Shelter",))
    theirs, _ = make_household(foreign_projects[0])
    rows = [(code_of(first), "850"), (code_of(second), "900.25"), (code_of(theirs), "700")]
    response = bulk(client, project, bulk_data(service_type(agency, "Rent").id, "2026-03-01", rows))
    assert response.status_code == 422
    assert Service.select().count() == 0
    assert f"No household of {project.name} has the record code {code_of(theirs)}." in \
        errors_beside(response, "rows-2-household_code")
    assert errors_beside(response, "rows-0-household_code") == ""
    text = response.get_data(as_text=True)
    for code, amount in rows:
        assert f'value="{code}"' in text and f'value="{amount}"' in text
    assert "Nothing was saved" in text and "(1 row)" in text


def _typo(code):
    """The code with its first symbol replaced: the check symbol catches every single substitution."""
    return ALPHABET[(ALPHABET.index(code[0]) + 1) % 32] + code[1:]


@pytest.mark.parametrize("case, field, message", [
    ("format", "rows-0-household_code", CODE_FORMAT),
    ("typo", "rows-0-household_code", CODE_TYPO),
    ("no code", "rows-0-household_code", NO_CODE),
    ("twice", "rows-1-household_code", DUPLICATE_ROW),
    ("exited", "rows-0-household_code",
     "The Date Provided is after the head of household's Project Exit Date (stored as 02/20/2026)."),
    ("entered later", "rows-0-household_code",
     "The Date Provided is before the head of household's Project Start Date (stored as 04/01/2026)."),
    ("other project", "rows-0-household_code", "No household of Safe Shelter has the record code"),
    ("deleted household", "rows-0-household_code", "No household of Safe Shelter has the record code"),
    ("no amount", "rows-0-fa_amount", rules.AMOUNT_REQUIRED),
    ("bad amount", "rows-0-fa_amount", rules.NEGATIVE),
])
def test_bad_rows_are_explained_beside_the_row(client, staff, case, field, message):
    agency, project = staff
    household, _ = make_household(project, real_start=date(2026, 4, 1) if case == "entered later" else date(2026, 2, 1))
    code, amount = code_of(household), "850"
    if case == "format":
        code = "ABC"
    elif case == "typo":
        code = _typo(household.code)
    elif case == "no code":
        code = ""
    elif case == "exited":
        exit_member(Enrollment.get(Enrollment.household == household, Enrollment.relationship_to_hoh == 1),
                    date(2026, 2, 20))
    elif case == "other project":
        other = Project.create(agency=agency, name="Other", project_type=0, housing_type=1, coc_code="WA-501",
                               funding_source=8, operating_start_date="2020-01-01")
        code = code_of(make_household(other)[0])
    elif case == "deleted household":
        Household.update(date_deleted="2026-03-01 00:00:00").where(Household.id == household.id).execute()
    elif case == "no amount":
        amount = ""
    elif case == "bad amount":
        amount = "-5"
    rows = [(code, amount), (code_of(household), "100")] if case == "twice" else [(code, amount)]
    response = bulk(client, project, bulk_data(service_type(agency, "Rent").id, "2026-03-01", rows))
    assert response.status_code == 422
    assert message in errors_beside(response, field)
    assert Service.select().count() == 0


def test_a_service_that_is_not_financial_has_no_amount(client, staff):
    agency, project = staff
    (first, _), (second, _) = make_household(project), make_household(project)
    advocacy = service_type(agency, "Advocacy")
    response = bulk(client, project, bulk_data(advocacy.id, "2026-03-01", [(code_of(first), ""),
                                                                           (code_of(second), "20")]))
    assert response.status_code == 422
    assert rules.AMOUNT_NOT_ALLOWED in errors_beside(response, "rows-1-fa_amount")
    response = bulk(client, project, bulk_data(advocacy.id, "2026-03-01", [(code_of(first), ""),
                                                                           (code_of(second), ""), ("", "")]))
    assert response.status_code == 303 and Service.select().count() == 2  # the empty row is ignored


@pytest.mark.parametrize("day, rows, field, message", [
    ("2099-01-01", 1, "date_provided", FUTURE),
    ("", 1, "date_provided", "Enter the Date Provided."),
    ("2026-03-01", 0, None, NO_ROWS),
    ("2026-03-01", 101, None, TOO_MANY_ROWS),
])
def test_form_level_problems(client, staff, day, rows, field, message):
    agency, project = staff
    household, _ = make_household(project)
    data = bulk_data(service_type(agency, "Rent").id, day, [(code_of(household), "10")] * rows or [("", "")])
    response = bulk(client, project, data)
    assert response.status_code == 422
    if field:
        assert message in errors_beside(response, field)
    else:
        assert message in html.unescape(response.get_data(as_text=True))
    assert Service.select().count() == 0


def test_a_double_submit_is_refused_beside_each_row(client, staff):
    agency, project = staff
    (first, _), (second, _) = make_household(project), make_household(project)
    data = bulk_data(service_type(agency, "Rent").id, "2026-03-01", [(code_of(first), "850"), (code_of(second), "9")])
    assert bulk(client, project, data).status_code == 303
    again = bulk(client, project, data)
    assert again.status_code == 422
    assert ALREADY_RECORDED_HOUSEHOLD in errors_beside(again, "rows-0-household_code")
    assert ALREADY_RECORDED_HOUSEHOLD in errors_beside(again, "rows-1-household_code")
    assert Service.select().count() == 2


def test_add_a_row_with_htmx(client, staff):
    _, project = staff
    url = f"/projects/{project.id}/services/bulk/rows"
    response = client.post(url, data={"rows-0-household_code": "X", "rows-4-household_code": "", "service_type": ""})
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in text
    assert 'id="rows-5"' in text and 'name="rows-5-household_code"' in text and "autofocus" in text
    assert text.count('class="bulk-row"') == 1
    full = {f"rows-{i}-household_code": "" for i in range(100)}
    assert client.post(url, data=full).status_code == 422
    assert client.post(f"/projects/{project.id}/services/bulk/rows/remove").get_data() == b""


def test_add_and_remove_rows_without_javascript_keep_what_was_typed(client, staff):
    agency, project = staff
    rent = service_type(agency, "Rent")
    data = bulk_data(rent.id, "2026-03-01", [("AAAA-BBBB", "1"), ("CCCC-DDDD", "2"), ("EEEE-FFFF", "3")])
    added = bulk(client, project, dict(data, add_row="1"))
    text = added.get_data(as_text=True)
    assert added.status_code == 200 and "<html" in text
    assert all(f'value="{v}"' in text for v in ("AAAA-BBBB", "CCCC-DDDD", "EEEE-FFFF", "1", "2", "3", "2026-03-01"))
    assert 'name="rows-3-household_code"' in text
    assert "Nothing was saved" not in text and Service.select().count() == 0
    removed = bulk(client, project, dict(data, remove_row="1")).get_data(as_text=True)
    assert 'value="CCCC-DDDD"' not in removed and 'value="AAAA-BBBB"' in removed and 'value="EEEE-FFFF"' in removed


def test_preview_shows_each_rows_household_and_stored_date(client, staff):
    agency, project = staff
    (approximated, offset), (real, _) = make_household(project, approximated=True), make_household(project)
    data = bulk_data(service_type(agency, "Rent").id, "2026-03-01",
                     [(code_of(approximated), ""), (code_of(real), ""), ("ZZZ", ""), ("", "")])
    response = client.post(f"/projects/{project.id}/services/bulk/preview", data=data)
    text = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and text.count('hx-swap-oob="true"') == 4
    stored = (date(2026, 3, 1) + timedelta(days=offset)).strftime("%m/%d/%Y")
    first = text.split('id="rows-0-preview"')[1].split("</output>")[0]
    assert code_of(approximated) in first and f"<strong>{stored}</strong>, +{offset} days (approximated)" in first
    assert "<strong>03/01/2026</strong> (the real date)" in text.split('id="rows-1-preview"')[1].split("</output>")[0]
    assert CODE_FORMAT in text.split('id="rows-2-preview"')[1].split("</output>")[0]
    assert "Type the household's record code." in text.split('id="rows-3-preview"')[1]


@pytest.mark.parametrize("key", ["rows-²-household_code", f"rows-{'9' * 5000}-household_code", "rows--x", "rows"])
def test_malformed_row_keys_are_ignored(client, staff, key):
    _, project = staff
    for url in ("", "/preview", "/rows"):
        response = client.post(f"/projects/{project.id}/services/bulk{url}", data={key: "x"})
        assert response.status_code in (200, 422), (url, response.status_code)


def test_bulk_entry_is_scoped(app, client, auth, world):
    agency, project = world
    unassigned = Project.create(agency=agency, name="Unassigned", project_type=0, housing_type=1, coc_code="WA-501",
                                funding_source=8, operating_start_date="2020-01-01")
    _, foreign_projects, _ = make_agency("Other Agency", projects=("Other Shelter",))
    auth.login("viewer-1")
    assert client.get(f"/projects/{project.id}/services/bulk").status_code == 403
    auth.logout()
    auth.login("staff-1")
    for target in (unassigned, foreign_projects[0]):
        assert client.get(f"/projects/{target.id}/services/bulk").status_code == 404
        assert client.post(f"/projects/{target.id}/services/bulk/preview", data={}).status_code == 404
        assert client.post(f"/projects/{target.id}/services/bulk/rows", data={}).status_code == 404
