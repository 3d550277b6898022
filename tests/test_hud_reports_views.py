"""The APR/CAPER page and downloads: roles and scoping, bad input beside its field, CSV and zip contents."""
import csv
import html
import io
import re
import zipfile
from datetime import date

import pytest

from forms.hud_reports import MIXED_FUNDING
from tests.conftest import make_agency
from tests.hud_report_data import household, member, project

URL = "/reports/hud"
PERIOD = {"start": "2025-01-01", "end": "2025-12-31"}


def login(client, user):
    client.post("/login", data={"username": user.username, "password": "correct horse battery"})


@pytest.fixture
def world(app):
    agency, projects, users = make_agency(projects=("Safe Shelter", "Second Shelter"))
    h = household(projects[0])
    member(h, dob=date(1990, 1, 1), entry=date(2025, 3, 1), exit=date(2025, 4, 1), destination=410)
    member(h, dob=date(2015, 1, 1), entry=date(2025, 3, 1), exit=date(2025, 4, 1), destination=410, relationship=2)
    member(household(projects[1]), dob=date(1980, 1, 1), entry=date(2025, 5, 1))
    other = make_agency("Other Agency", projects=("Other Shelter",))
    member(household(other[1][0]), dob=date(1980, 1, 1), entry=date(2025, 5, 1))
    return agency, projects, users, other


def errors_of(page, field):
    found = re.search(rf'<ul class="errors" id="{field}-errors">(.*?)</ul>', page, re.S)
    return html.unescape(found.group(1)) if found else ""


def persons_served(page):
    """Q5a's "Count of Clients" for the total, as the page shows it."""
    found = re.search(r"<th scope=\"row\">Total number of persons served</th><td>\d+</td><td>(\d+)</td>", page)
    return int(found.group(1))


@pytest.mark.parametrize("role", ["admin", "staff", "viewer"])
def test_every_role_sees_the_form_and_its_own_projects(client, world, role):
    _, projects, users, _ = world
    login(client, users[role])
    page = client.get(URL).get_data(as_text=True)
    assert "Report Start Date" in page and "Other Shelter" not in page
    assert ("Second Shelter" in page) == (role != "staff")  # staff: only the projects they are assigned to


def test_tables_for_the_agency_and_for_staff_only_their_projects(client, world):
    _, projects, users, _ = world
    login(client, users["admin"])
    page = client.get(URL, query_string=PERIOD).get_data(as_text=True)
    assert persons_served(page) == 3
    assert '<caption id="caption-Q7a">Q7a: Number of Persons Served</caption>' in page
    assert "<th scope=\"col\">With Children and Adults</th>" in page
    client.post("/logout")
    login(client, users["staff"])
    page = client.get(URL, query_string=PERIOD).get_data(as_text=True)
    assert persons_served(page) == 2  # Safe Shelter only
    second = {**PERIOD, "projects": str(projects[1].id)}
    response = client.get(URL, query_string=second)
    assert response.status_code == 422
    assert errors_of(response.get_data(as_text=True), "projects") == "<li>Choose among the projects listed.</li>"


@pytest.mark.parametrize("args, field, message", [
    ({"start": "2025-02-01", "end": "2025-01-01"}, "end", "The report end date must be on or after the start date."),
    ({"start": "2014-01-01", "end": "2025-01-01"}, "end", "A report can cover at most 10 years"),
    ({"start": "2025-13-01", "end": "2025-12-31"}, "start", "Enter a real date as YYYY-MM-DD"),
    ({"start": "", "end": "2025-12-31"}, "start", "Enter the report start date."),
    ({"start": "2025-01-01", "end": "31/12/2025"}, "end", "Enter a real date as YYYY-MM-DD"),
    ({**PERIOD, "projects": "abc"}, "projects", "Choose among the projects listed."),
    ({**PERIOD, "kind": "hopwa"}, "kind", "Not a valid choice."),
])
def test_bad_input_is_a_422_with_the_message_beside_the_field_and_the_typed_values_kept(client, world, args,
                                                                                         field, message):
    _, _, users, _ = world
    login(client, users["admin"])
    response = client.get(URL, query_string=args)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in errors_of(page, field)
    for name in ("start", "end"):
        if args.get(name):
            assert f'value="{args[name]}"' in page


def test_a_project_of_another_agency_is_refused_and_nothing_leaks(client, world):
    _, _, users, other = world
    login(client, users["admin"])
    foreign = other[1][0]
    for url in (URL, f"{URL}/table.csv", f"{URL}/report.zip"):
        response = client.get(url, query_string={**PERIOD, "projects": str(foreign.id), "question": "Q7a"})
        assert response.status_code == 422 and b"Other Shelter" not in response.data


def test_mixed_funding_asks_for_the_kind(client, world):
    agency, projects, users, _ = world
    project(agency, "CoC Rapid Re-Housing", 13, 3)
    login(client, users["admin"])
    response = client.get(URL, query_string=PERIOD)
    assert response.status_code == 422 and MIXED_FUNDING in html.unescape(errors_of(response.get_data(as_text=True),
                                                                                    "kind"))
    page = client.get(URL, query_string={**PERIOD, "kind": "apr"}).get_data(as_text=True)
    assert "CoC APR, 01/01/2025 to 12/31/2025" in page and "Q22a1" in page and "Q22a2" not in page


def test_an_empty_period_says_so(client, world):
    _, _, users, _ = world
    login(client, users["viewer"])
    page = client.get(URL, query_string={"start": "2020-01-01", "end": "2020-12-31"}).get_data(as_text=True)
    assert "Nobody was served in these projects in this period" in page


def test_one_table_as_csv(client, world):
    _, _, users, _ = world
    login(client, users["viewer"])
    response = client.get(f"{URL}/table.csv", query_string={**PERIOD, "question": "Q7a"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="Q7a.csv"'
    assert response.headers["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == [" ", "Total", "Without Children", "With Children and Adults", "With Only Children",
                       "Unknown Household Type"]
    assert rows[1] == ["Adults", "2", "1", "1", "", "0"]
    assert rows[5] == ["Total", "3", "1", "2", "0", "0"]
    assert client.get(f"{URL}/table.csv", query_string={**PERIOD, "question": "Q99"}).status_code == 404


def test_the_sage_zip_holds_one_csv_per_table(client, world):
    _, _, users, _ = world
    login(client, users["staff"])
    response = client.get(f"{URL}/report.zip", query_string=PERIOD)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == 'attachment; filename="caper-2025-01-01-2025-12-31.zip"'
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert archive.namelist() == ["Q4a.csv", "Q5a.csv", "Q6a.csv", "Q6b.csv", "Q6c.csv", "Q6d.csv", "Q6e.csv",
                                      "Q6f.csv", "Q7a.csv", "Q8a.csv", "Q11.csv", "Q12.csv", "Q14a.csv", "Q14b.csv",
                                      "Q15.csv", "Q22a2.csv", "Q22d.csv", "Q23c.csv", "Q24e.csv"]
        q6f = list(csv.reader(io.StringIO(archive.read("Q6f.csv").decode())))
        q5a = list(csv.reader(io.StringIO(archive.read("Q5a.csv").decode())))
    assert q5a[1] == ["Total number of persons served", "2", "2"]
    assert q6f == [["Data Element", "# of Records", "# of Inactive Records", "% of Inactive Records"],
                   ["Contact (Adults and Heads of Household in Street Outreach or PATH-funded SSO)", "0", "0",
                    "0.0000"],
                   ["Bed Night (All clients in ES \u2013 NbN)", "0", "0", "0.0000"]]


def test_the_data_quality_tables_say_how_the_app_fills_them(client, world):
    _, _, users, _ = world
    login(client, users["viewer"])
    page = html.unescape(client.get(URL, query_string=PERIOD).get_data(as_text=True))
    for name in ("Q6d", "Q6e", "Q6f"):
        assert f'id="table-{name}"' in page and f"Download {name}.csv" in page
    assert "record timestamps moved by the same number of days" in page
    assert "no Current Living Situation contacts" in page
    response = client.get(f"{URL}/table.csv", query_string={**PERIOD, "question": "Q6e"})
    assert response.get_data(as_text=True).splitlines()[0] == (
        '"Time for Record Entry","Number of Project Start Records","Number of Project Exit Records"')
    assert "timestamps" not in response.get_data(as_text=True)  # the note is for the page only


def test_the_page_links_each_download_with_the_same_choices(client, world):
    _, projects, users, _ = world
    login(client, users["admin"])
    args = {**PERIOD, "projects": str(projects[0].id)}
    page = html.unescape(client.get(URL, query_string=args).get_data(as_text=True))
    assert f"/reports/hud/table.csv?question=Q23c&start=2025-01-01&end=2025-12-31&projects={projects[0].id}" in page
    assert f"/reports/hud/report.zip?start=2025-01-01&end=2025-12-31&projects={projects[0].id}" in page
    assert "Download Q23c.csv" in page and "Download all (zip)" in page


def test_htmx_gets_the_report_region_alone(client, world):
    _, _, users, _ = world
    login(client, users["admin"])
    part = client.get(URL, query_string=PERIOD, headers={"HX-Request": "true"})
    assert b"<html" not in part.data and b'id="hud-report"' in part.data and "HX-Request" in part.headers["Vary"]
