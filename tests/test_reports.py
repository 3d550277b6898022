"""The program performance dashboard on a crafted agency: every count worked out by hand (tests/report_helpers.py),
on SQLite and PostgreSQL; CSVs, drill-down, suppression, bad input, scoping, and the export's counts agreeing."""
import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal

import pytest

from models import Agency, Enrollment, Service, ServiceType, dashboard
from models.dashboard import ReportFilter, all_counts
from models.clients import random_hud_id
from models.db import db, open_database
from tests.conftest import PASSWORD, make_agency
from tests.report_helpers import END, START, crafted_agency, household, other_agency_with_data, person, stay
from tests.test_exports import read_zip

PERIOD = {"start": "2025-01-01", "end": "2025-12-31"}


@pytest.fixture
def world(app):
    other = other_agency_with_data()
    return crafted_agency(), other


def signed_in(app, user):
    client = app.test_client()
    assert client.post("/login", data={"username": user.username, "password": PASSWORD}).status_code == 303
    return client


def table_csv(client, table, **args):
    response = client.get(f"/reports/{table}.csv", query_string={**PERIOD, **args})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    return {row[0]: row[1:] for row in rows[4:]}, rows


def test_counts_by_hand(world):
    (agency, projects, _), _ = world
    counts = all_counts(ReportFilter(agency.id, tuple(p.id for p in projects), START, END))
    # 7 people: H1's head and child; C2 once, on the later H10 stay; H3's youth; H4's two; H9.
    assert counts["people"] == {("adult", "With children and adults"): 1, ("child", "With children and adults"): 1,
                                ("adult", "Without children"): 2, ("child", "With only children"): 1,
                                ("adult", "Unknown household type"): 1, ("unknown", "Unknown household type"): 1}
    # Households through their heads: H1; H2, H10, H9 (adults only); H3 (a child alone); H4 (an unknown age).
    assert counts["households"] == {"With children and adults": 1, "Without children": 3, "With only children": 1,
                                    "Unknown household type": 1}
    # Heads and adults: H1 116, C2 336 (its counted stay), H3 9, H4's head 8, H9 blank (not collected).
    assert counts["prior"] == {116: 1, 336: 1, 9: 1, 8: 1, 99: 1}
    # Leavers: H1 x2 (30 days), C2 (10), H3 (76). Stayers: H4 x2 (2025-07-01 to 2026-01-01: 184), H9 (1096).
    assert counts["length_of_stay"] == {(True, 30): 2, (True, 10): 1, (True, 76): 1, (False, 184): 2,
                                        (False, 1096): 1}
    assert counts["destinations"] == {410: 2, 101: 1, 24: 1}
    # Rent: H1 500.00 + 250.50, H9 100.00; Advocacy: H1 and H2 (the 2024 one and the deleted one do not count).
    rent, advocacy = counts["services"]
    assert rent[1:] == ("Rent", True, 3, 2, Decimal("850.50")) and advocacy[1:] == ("Advocacy", False, 2, 2, None)
    assert counts["quality"] == {"name": (7, 0, 7, 0), "ssn": (7, 0, 7, 0), "dob": (7, 0, 7, 0),
                                 "race": (7, 1, 1, 2), "sex": (7, 0, 1, 1), "veteran": (4, 1, 1, 1),
                                 "disabling": (7, 1, 1, 1), "prior": (5, 1, 1, 1), "destination": (4, 0, 0, 0)}


def test_a_service_saved_while_the_dashboard_counts_waits_for_the_next_one(app, world, monkeypatch):
    """The counts come from one snapshot, on PostgreSQL too, where the services are counted on a second connection:
    a service committed (by another connection) once the counting has begun is not in them."""
    (agency, projects, _), _ = world
    f = ReportFilter(agency.id, tuple(p.id for p in projects), START, END)
    rent = Service.select().join(ServiceType).where(ServiceType.agency == agency.id, ServiceType.name == "Rent",
                                                    Service.date_deleted.is_null()).order_by(Service.id.desc()).get()
    columns = ", ".join(f.column_name for f in Service._meta.sorted_fields if f.name not in ("id", "hud_id"))
    counted = dashboard.service_counts

    def saved_meanwhile(*args):
        writer = open_database(app.config["DATABASE_URL"])
        with writer.connection_context():
            writer.execute_sql(f"INSERT INTO service (hud_id, {columns}) SELECT {writer.param}, {columns} "
                               f"FROM service WHERE id = {rent.id}", (random_hud_id(),))
        return counted(*args)

    monkeypatch.setattr(dashboard, "service_counts", saved_meanwhile)
    rent_row = lambda counts: next(row for row in counts["services"] if row[1] == "Rent")  # noqa: E731
    assert rent_row(all_counts(f))[3] == 3
    monkeypatch.setattr(dashboard, "service_counts", counted)
    assert rent_row(all_counts(f))[3] == 4  # it was saved


def test_counts_inside_an_open_transaction_are_the_same(world):
    """Inside a caller's transaction (no snapshot to share on PostgreSQL) everything is counted on one connection."""
    (agency, projects, _), _ = world
    f = ReportFilter(agency.id, tuple(p.id for p in projects), START, END)
    alone = all_counts(f)
    with db.atomic():
        assert all_counts(f) == alone


def test_two_starts_on_one_day_count_the_person_once_on_the_later_record(app):
    agency, (shelter, _), _ = make_agency("Twin Starts", projects=("Safe Shelter", "Unassigned Project"))
    client = person(agency.id, date(1990, 1, 1))
    first = stay(household(shelter), client, date(2025, 5, 1), 1, living_situation=116)
    second = stay(household(shelter), client, date(2025, 5, 1), 1, living_situation=410)
    for enrollment, created in ((first, datetime(2025, 5, 1, 9)), (second, datetime(2025, 5, 1, 15))):
        Enrollment.update(date_created=created).where(Enrollment.id == enrollment.id).execute()
    counts = all_counts(ReportFilter(agency.id, (shelter.id,), START, END))
    assert counts["people"] == {("adult", "Without children"): 1}
    assert counts["prior"] == {410: 1}
    assert counts["households"] == {"Without children": 2}  # each household has its head


def test_every_table_as_csv(app, world):
    (_, _, users), _ = world
    client = signed_in(app, users["admin"])
    people, rows = table_csv(client, "people")
    assert rows[0] == ["People served"] and rows[1] == ["Period (stored dates)", "2025-01-01", "2025-12-31"]
    assert rows[2] == ["Projects", "Safe Shelter; Unassigned Project"]
    assert rows[3] == ["", "Total", "Without children", "With children and adults", "With only children",
                       "Unknown household type"]
    assert people["Adults"] == ["4", "2", "1", "", "1"]
    assert people["Children"] == ["2", "", "1", "1", "0"]
    assert people["Age unknown"] == ["1", "0", "0", "0", "1"]
    assert people["Total people served"] == ["7", "2", "2", "1", "2"]
    households, _ = table_csv(client, "households")
    assert households["Total households"] == ["6"] and households["Without children"] == ["3"]
    prior, _ = table_csv(client, "prior")
    assert prior["Homeless"] == ["1", "20.0%"] and prior["Temporary"] == ["1", "20.0%"]
    assert prior["Doesn't know or prefers not to answer"] == ["2", "40.0%"] and prior["Data not collected"] == ["1",
                                                                                                                "20.0%"]
    assert prior["Institutional"] == ["0", "0.0%"] and prior["Total heads of household and adults"][0] == "5"
    los, _ = table_csv(client, "length_of_stay")
    assert los["30 days or less"] == ["3", "3", "0"] and los["61 to 90 days"] == ["1", "1", "0"]
    assert los["181 to 365 days"] == ["2", "0", "2"] and los["1,096 to 1,460 days (3-4 years)"] == ["1", "0", "1"]
    assert los["Total"] == ["7", "4", "3"]
    # Leavers 10, 30, 30, 76: average 36.5, median 30. Stayers 184, 184, 1096: average 488, median 184.
    assert los["Average length in days"][1:] == ["36.50", "488.00"]
    assert los["Median length in days"][1:] == ["30.00", "184.00"]
    destinations, _ = table_csv(client, "destinations")
    assert destinations["Permanent"] == ["2", "50.0%"] and destinations["Homeless"] == ["1", "25.0%"]
    assert destinations["Other"] == ["1", "25.0%"] and destinations["Deceased"] == ["1", "25.0%"]
    assert destinations["Share exiting to permanent housing"][0] == "50.0%"
    services, _ = table_csv(client, "services")
    assert services["Rent"] == ["3", "2", "850.50"] and services["Advocacy"] == ["2", "2", ""]
    quality, _ = table_csv(client, "quality")
    assert quality["Veteran Status (3.07), adults"] == ["4", "1", "25.0%", "1", "25.0%", "1", "25.0%"]
    assert quality["Race and Ethnicity (3.04), everyone"] == ["7", "1", "14.3%", "1", "14.3%", "2", "28.6%"]


def test_page_shows_tables_charts_and_the_approximated_dates_note(app, world):
    (_, _, users), _ = world
    client = signed_in(app, users["admin"])
    page = client.get("/reports", query_string=PERIOD)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert text.count('role="img"') == 7 and text.count("<title id=") == 7
    assert "used as stored" in text and "lengths of stay" in text
    part = client.get("/reports", query_string=PERIOD, headers={"HX-Request": "true"})
    assert b"<html" not in part.data and b'id="dashboard"' in part.data and "HX-Request" in part.headers["Vary"]


def test_default_period_is_the_last_twelve_months(app, world):
    (_, _, users), _ = world
    text = signed_in(app, users["viewer"]).get("/reports").get_data(as_text=True)
    today = date.today()
    assert f'value="{today.isoformat()}"' in text


def test_staff_see_their_projects_only(app, world):
    (_, (shelter, unassigned), users), _ = world
    client = signed_in(app, users["staff"])
    people, rows = table_csv(client, "people")
    assert rows[2] == ["Projects", "Safe Shelter"]
    # Without the unassigned project: C2 counts on H2 (an adult stayer without children), H9 is gone.
    assert people["Total people served"] == ["6", "1", "2", "1", "2"]
    response = client.get("/reports", query_string={**PERIOD, "projects": str(unassigned.id)})
    assert response.status_code == 422
    assert f"Project {unassigned.id} is not one of your projects." in response.get_data(as_text=True)


def test_drill_down_lists_the_households_behind_a_count(app, world):
    (_, (shelter, unassigned), users), _ = world
    admin = signed_in(app, users["admin"])
    page = admin.get("/reports", query_string=PERIOD).get_data(as_text=True)
    assert "/reports/records?" in page
    response = admin.get("/reports/records", query_string={**PERIOD, "table": "people",
                                                            "cell": "age=adult;type=Without children"})
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "2 households" in text  # C2's H10 and H9
    assert text.count("/households/") == 2
    destinations = admin.get("/reports/records", query_string={**PERIOD, "table": "destinations",
                                                                "cell": "destination=Permanent"})
    assert "1 household" in destinations.get_data(as_text=True)  # H1's two leavers
    stayers = admin.get("/reports/records", query_string={**PERIOD, "table": "length_of_stay", "cell": "leaver=0"})
    assert "2 households" in stayers.get_data(as_text=True)  # H4, H9
    rent = admin.get("/reports/records", query_string={**PERIOD, "table": "services", "cell": "service=1"})
    assert "2 households" in rent.get_data(as_text=True) and "Rent" in rent.get_data(as_text=True)
    # Totals link too: everyone asked an element, and every household given a service.
    assert "table=quality&amp;cell=quality%3Dsex" in page and "table=services&amp;cell=all" in page
    def households(table, cell):
        page = admin.get("/reports/records", query_string={**PERIOD, "table": table, "cell": cell})
        return set(re.findall(r"/households/(\d+)", page.get_data(as_text=True)))
    assert households("quality", "quality=sex") == households("people", "all")  # asked of everyone
    assert households("quality", "quality=veteran") == households("people", "age=adult")  # asked of adults
    type_ids = [t.id for t in ServiceType.select().where(ServiceType.agency == users["admin"].agency_id)]
    given = [households("services", f"service={type_id}") for type_id in type_ids]
    assert households("services", "all") == set().union(*given) and len(households("services", "all")) >= 2
    # Staff: the same cell within their projects (H10 and H9 are in the unassigned project).
    staff = signed_in(app, users["staff"])
    mine = staff.get("/reports/records", query_string={**PERIOD, "table": "people",
                                                       "cell": "age=adult;type=Without children"})
    assert "1 household" in mine.get_data(as_text=True)  # C2's H2


@pytest.mark.parametrize("cell", ["age=old", "bogus=1", "los=9999", "prior_code=12345678", "quality=nonsense",
                                  "quality=sex;answer=7",
                                  "answer=9", "service=x", "type=<script>"])
def test_drill_down_refuses_unknown_cells(app, world, cell):
    (_, _, users), _ = world
    response = signed_in(app, users["admin"]).get("/reports/records",
                                                  query_string={**PERIOD, "table": "people", "cell": cell})
    assert response.status_code == 404


def test_viewers_get_plain_numbers(app, world):
    (_, _, users), _ = world
    viewer = signed_in(app, users["viewer"])
    page = viewer.get("/reports", query_string=PERIOD).get_data(as_text=True)
    assert "/reports/records" not in page and "/households/" not in page
    assert viewer.get("/reports/records", query_string={**PERIOD, "table": "people", "cell": "all"}).status_code == 403


def test_for_sharing_hides_counts_below_the_threshold(app, world):
    (agency, _, users), _ = world
    client = signed_in(app, users["admin"])
    page = client.get("/reports", query_string={**PERIOD, "sharing": "y"}).get_data(as_text=True)
    assert "suppressed" in page and "/reports/records" not in page and "complementary suppression" in page
    people, rows = table_csv(client, "people", sharing="y")
    assert people["Adults"] == ["", "", "", "", ""] and any("left blank (suppressed)" in r[0] for r in rows if r)
    los, _ = table_csv(client, "length_of_stay", sharing="y")
    assert los["Average length in days"] == ["", "", ""]  # rests on counts below 11
    Agency.update(suppression_threshold=3).where(Agency.id == agency.id).execute()
    people, _ = table_csv(client, "people", sharing="y")
    assert people["Adults"] == ["4", "", "", "", ""] and people["Total people served"] == ["7", "", "", "", ""]


def test_for_sharing_hides_the_counts_a_total_would_give_away(app, world):
    """Threshold 2 hides the 1s. Then 7 people - 4 adults - 2 children would give the 1 of unknown age away, so the
    children's 2 is hidden as well; in the bottom row, the only children's household of 1 would be 7 - 2 - 2 - 2,
    so the smallest other total (unknown household type's 2, the first in name order) goes too. Columns: Total,
    Without children, With children and adults, With only children, Unknown household type."""
    (agency, _, users), _ = world
    Agency.update(suppression_threshold=2).where(Agency.id == agency.id).execute()
    people, _ = table_csv(signed_in(app, users["admin"]), "people", sharing="y")
    assert people["Adults"] == ["4", "2", "", "", ""]
    assert people["Children"] == ["", "", "", "", "0"]
    assert people["Age unknown"] == ["", "0", "0", "0", ""]
    assert people["Total people served"] == ["7", "2", "2", "", ""]


@pytest.mark.parametrize("args, field, message", [
    ({"start": "2025-12-31", "end": "2025-01-01"}, "end", "The end date must be on or after the start date."),
    ({"start": "2010-01-01", "end": "2025-01-01"}, "end", "A report can cover at most 10 years"),
    ({"start": "2025-13-01", "end": "2025-12-31"}, "start", "Not a valid date value."),
    ({"start": "", "end": "2025-12-31"}, "start", "Enter the first day of the period."),
    ({**PERIOD, "projects": "abc"}, "projects", "Choose projects from the list."),
    ({**PERIOD, "projects": "99999"}, "projects", "Project 99999 is not one of your projects."),
])
def test_bad_filters_are_field_errors(app, world, args, field, message):
    (_, _, users), _ = world
    client = signed_in(app, users["admin"])
    response = client.get("/reports", query_string=args)
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and message in text
    assert f'id="field-{field}"' in text and f'id="{field}-errors"' in text  # the message beside its field
    if args["start"]:
        assert f'value="{args["start"]}"' in text  # what was typed is kept
    assert client.get("/reports/people.csv", query_string=args).status_code == 422


def test_another_agencys_project_is_not_one_of_yours(app, world):
    _, (_, foreign, _) = world
    (_, _, users), _ = world
    response = signed_in(app, users["admin"]).get("/reports", query_string={**PERIOD, "projects": str(foreign.id)})
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and "is not one of your projects" in text and "Other Shelter" not in text


def test_an_empty_agency_says_so(app):
    _, _, users = make_agency("Empty Agency", projects=())
    text = signed_in(app, users["admin"]).get("/reports", query_string=PERIOD).get_data(as_text=True)
    assert "This agency has no projects" in text
    _, _, busy = make_agency("Quiet Agency", projects=("Quiet Shelter",))
    text = signed_in(app, busy["viewer"]).get("/reports", query_string=PERIOD).get_data(as_text=True)
    assert "No one was served in these projects in this period." in text


def test_unknown_table_csv_is_not_found(app, world):
    (_, _, users), _ = world
    assert signed_in(app, users["admin"]).get("/reports/secrets.csv").status_code == 404


def test_agency_threshold_setting(app, world):
    (agency, _, users), _ = world
    client = signed_in(app, users["admin"])
    form = {"name": agency.name, "dob_data_quality": "9", "victim_service_provider": "y"}
    for value, message in (("0", "Enter a number from 1 to 100."), ("101", "Enter a number from 1 to 100."),
                           ("eleven", "Enter a whole number, like 11.")):
        response = client.post("/admin/agency", data={**form, "suppression_threshold": value})
        assert response.status_code == 422 and message in response.get_data(as_text=True)
        assert f'value="{value}"' in response.get_data(as_text=True)
    assert client.post("/admin/agency", data={**form, "suppression_threshold": "5"}).status_code == 303
    assert Agency.get_by_id(agency.id).suppression_threshold == 5


def test_export_counts_agree_with_the_dashboard(app, world):
    """Read the HMIS CSV export back and apply HUD's rules to its rows: the same people, leavers, destinations."""
    (_, _, users), _ = world
    client = signed_in(app, users["admin"])
    response = client.post("/admin/export/hmis-csv", data=PERIOD)
    files = read_zip(response.data)
    enrollments = [r for r in files["Enrollment.csv"][1] if not r["DateDeleted"]]
    exits = {r["EnrollmentID"]: r for r in files["Exit.csv"][1] if not r["DateDeleted"]}
    latest = {}
    for row in enrollments:  # one row per person: the latest start
        if row["PersonalID"] not in latest or row["EntryDate"] > latest[row["PersonalID"]]["EntryDate"]:
            latest[row["PersonalID"]] = row
    leavers = [exits[r["EnrollmentID"]] for r in latest.values()
               if r["EnrollmentID"] in exits and exits[r["EnrollmentID"]]["ExitDate"] <= PERIOD["end"]]
    permanent = [x for x in leavers if 400 <= int(x["Destination"]) < 500]
    heads = {r["HouseholdID"] for r in enrollments if r["RelationshipToHoH"] == "1"}

    people, _ = table_csv(client, "people")
    los, _ = table_csv(client, "length_of_stay")
    destinations, _ = table_csv(client, "destinations")
    households, _ = table_csv(client, "households")
    assert people["Total people served"][0] == str(len(latest)) == "7"
    assert los["Total"][1:] == [str(len(leavers)), str(len(latest) - len(leavers))] == ["4", "3"]
    assert destinations["Permanent"][0] == str(len(permanent)) and destinations["Total leavers"][0] == str(len(leavers))
    assert households["Total households"] == [str(len(heads))]
