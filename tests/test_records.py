"""Finding anonymous records again: code search, rosters and recent records."""
from datetime import date, datetime, timedelta, timezone

import pytest
import time_machine

from domain.dates import household_offset_days
from models import Client, Enrollment, Exit, Household, Service, ServiceType
from tests.conftest import make_agency
from tests.intake_helpers import ADULT, CHILD, intake_post, intake_token

KEY = b"test-shift-key-0123456789abcdef"


@pytest.fixture
def staff(client, auth, agency):
    auth.login("staff-1")
    return agency[1][0]


def enter(client, project, **kwargs):
    token = intake_token(client, project.id)
    response = client.post(f"/projects/{project.id}/intake", data=intake_post(token, **kwargs))
    assert response.status_code == 303
    client.get(response.headers["Location"])  # as a browser would: shows (and clears) the flash message
    return Household.get(Household.id == int(response.headers["Location"].rsplit("/", 1)[1]))


def search(client, text):
    return client.post("/records/search", data={"code": text}, headers={"HX-Request": "true"}).get_data(as_text=True)


def test_search_finds_household_and_person_by_code(client, staff):
    household = enter(client, staff)
    person = Client.select().first()
    for text in (household.code, f"{household.code[:4]}-{household.code[4:]}".lower(), f" {household.code} "):
        assert f"/households/{household.id}" in search(client, text)
    result = search(client, person.code)
    assert f"/households/{household.id}" in result and "Person" in result


def test_a_typo_is_caught_not_matched_to_someone_else(client, staff):
    household = enter(client, staff)
    code = household.code
    typo = code[:3] + ("X" if code[3] != "X" else "Y") + code[4:]
    swapped = code[:2] + code[3] + code[2] + code[4:] if code[2] != code[3] else None
    for text in filter(None, (typo, swapped, "K7PM29Q", "!!!!")):
        result = search(client, text)
        assert "not a valid record code" in result and "/households/" not in result


def test_search_does_not_cross_agencies(app, client, staff):
    other_agency, other_projects, _ = make_agency("Other Agency", projects=("Other Shelter",))
    other = app.test_client()
    other.post("/login", data={"username": f"staff-{other_agency.id}", "password": "correct horse battery"})
    foreign = enter(other, other_projects[0])
    assert "No record with that code" in search(client, foreign.code)


def test_search_is_post_only(client, staff):
    assert client.get("/records/search?code=K7PM29QX").status_code == 405


def test_roster_lists_current_participants(client, staff):
    first = enter(client, staff, start="2026-01-10")
    second = enter(client, staff, start="2026-02-10", members=(ADULT,))
    exited = Enrollment.get(Enrollment.household == second)
    Exit.create(enrollment=exited, exit_date=date(2026, 3, 1), destination=410,
                date_created="2026-03-01 00:00:00", date_updated="2026-03-01 00:00:00")
    html = client.get(f"/projects/{staff.id}/roster").get_data(as_text=True)
    assert first.code[:4] in html and second.code[:4] not in html
    assert "1 household with current participants" in html
    assert "With children and adults" in html and "35–44" in html and "5–12" in html


def test_roster_does_not_give_away_the_offset_of_approximated_households(client, staff):
    household = enter(client, staff, start="2026-01-10", approximate=True)
    enter(client, staff, start="2026-01-10", members=(ADULT,))
    html = client.get(f"/projects/{staff.id}/roster").get_data(as_text=True)
    real_days = (date.today() - date(2026, 1, 10)).days
    assert html.count(f"<td>{real_days}</td>") == 1  # the real-dated household only
    assert "not shown" in html and "approx." in html
    stored = Enrollment.get(Enrollment.household == household).entry_date
    assert stored == date(2026, 1, 10) + timedelta(days=household_offset_days(KEY, household.household_id))


def test_roster_filters_sort_and_last_service(client, staff):
    family = enter(client, staff, start="2026-01-10")
    single = enter(client, staff, start="2026-02-10", members=(ADULT,))
    service_type = ServiceType.create(agency=staff.agency_id, name="Roster test rent", financial_assistance=True)
    Service.create(enrollment=Enrollment.get(Enrollment.household == single), service_type=service_type,
                   date_provided=date(2026, 3, 3), fa_amount=500, date_created="2026-03-03 00:00:00",
                   date_updated="2026-03-03 00:00:00")
    url = f"/projects/{staff.id}/roster"
    only_adults = client.get(url, query_string={"household_type": "Without children"}).get_data(as_text=True)
    assert single.code[:4] in only_adults and family.code[:4] not in only_adults
    newest_first = client.get(url, query_string={"sort": "start", "dir": "desc"}).get_data(as_text=True)
    assert newest_first.index(single.code[:4]) < newest_first.index(family.code[:4])
    assert "03/03/2026" in newest_first
    by_service = client.get(url, query_string={"sort": "last_service"}).get_data(as_text=True)
    assert by_service.index(single.code[:4]) < by_service.index(family.code[:4])  # none yet sorts last


@pytest.mark.parametrize("query", [{"sort": "'; DROP TABLE household; --"}, {"page": "-3"}, {"page": "abc"},
                                   {"household_type": "Nonsense"}, {"dir": "sideways"}, {"page": "²"}])
def test_roster_ignores_bad_parameters(client, staff, query):
    enter(client, staff)
    response = client.get(f"/projects/{staff.id}/roster", query_string=query)
    assert response.status_code == 200 and "1 household with current participants" in response.get_data(as_text=True)


def test_roster_pages(client, staff, monkeypatch):
    import views.records
    monkeypatch.setattr(views.records, "PAGE_SIZE", 2)
    for _ in range(3):
        enter(client, staff, members=(ADULT,))
    page1 = client.get(f"/projects/{staff.id}/roster").get_data(as_text=True)
    page2 = client.get(f"/projects/{staff.id}/roster", query_string={"page": 2}).get_data(as_text=True)
    assert "page 1 of 2" in page1 and "Next page" in page1 and "page 2 of 2" in page2
    assert client.get(f"/projects/{staff.id}/roster", query_string={"page": 9}).status_code == 404


def test_recent_records(client, staff):
    first = enter(client, staff, members=(ADULT,))
    second = enter(client, staff, members=(ADULT, CHILD))
    with time_machine.travel(datetime.now(timezone.utc) + timedelta(minutes=1)):
        client.get(f"/households/{first.id}")
        html = client.get("/records").get_data(as_text=True)
    assert html.index(first.code[:4]) < html.index(second.code[:4])  # opened most recently


def test_recent_records_are_in_real_order_whatever_the_offsets(client, staff):
    """The events of an approximated household are stamped up to three months ahead: the list still puts the
    household opened last first, by its real time."""
    real = enter(client, staff, members=(ADULT,))
    approximated = enter(client, staff, members=(ADULT,), approximate=True)
    with time_machine.travel(datetime.now(timezone.utc) + timedelta(minutes=1)):
        client.get(f"/households/{real.id}")
        html = client.get("/records").get_data(as_text=True)
    assert html.index(real.code[:4]) < html.index(approximated.code[:4])


def test_inactive_list_uses_each_households_own_time_line(client, staff):
    adult = {**ADULT, "date_to_street_essh": "2025-01-01"}
    old = enter(client, staff, start="2025-06-01", members=(adult,))
    recent_start = (date.today() - timedelta(days=20)).isoformat()
    enter(client, staff, start=recent_start, members=(adult,))
    served = enter(client, staff, start="2025-06-01", members=(adult,), approximate=True)
    service_type = ServiceType.create(agency=staff.agency_id, name="Inactive test", financial_assistance=False)
    enrollment = Enrollment.get(Enrollment.household == served)
    offset = household_offset_days(KEY, served.household_id)
    Service.create(enrollment=enrollment, service_type=service_type, date_created="2026-01-01 00:00:00",
                   date_updated="2026-01-01 00:00:00",
                   date_provided=date.today() - timedelta(days=30) + timedelta(days=offset))
    html = client.get(f"/projects/{staff.id}/inactive").get_data(as_text=True)
    assert old.code[:4] in html and served.code[:4] not in html and html.count('name="enrollments"') == 1


def test_inactive_participants_are_exited_together_on_their_last_activity(client, staff):
    adult = {**ADULT, "date_to_street_essh": "2025-01-01"}
    first = enter(client, staff, start="2025-06-01", members=(adult,))
    second = enter(client, staff, start="2025-07-01", members=(adult,), approximate=True)
    ids = [Enrollment.get(Enrollment.household == h).id for h in (first, second)]
    url = f"/projects/{staff.id}/inactive"
    missing = client.post(url, data={"destination": "435", "reason_for_leaving": "8"})
    text = missing.get_data(as_text=True)
    assert missing.status_code == 422 and "Tick at least one participant" in text and "Rental Subsidy Type" in text
    response = client.post(url, data={"enrollments": [str(i) for i in ids], "destination": "30",
                                      "reason_for_leaving": "8"})
    assert response.status_code == 303
    exits = {x.enrollment_id: x for x in Exit.select()}
    assert set(exits) == set(ids)
    for enrollment_id in ids:
        assert exits[enrollment_id].exit_date == Enrollment.get_by_id(enrollment_id).entry_date  # no activity since
        assert exits[enrollment_id].destination == 30
    assert "Everyone in" in client.get(url).get_data(as_text=True)
