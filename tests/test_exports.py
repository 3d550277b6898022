"""The HMIS CSV export: files and headers, anonymous rows, stable IDs, filters, refusals and the command line."""
import csv
import html
import io
import os
import re
import subprocess
import sys
import zipfile
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from domain.dates import SHIFT_MAX_DAYS
from domain.periods import export_range_problem
from exports.hmis_csv_columns import COLUMNS, REFERENCE_COUNTS
from models import AuditEvent, Client, Enrollment, Exit, Household, Project, Service, ServiceType
from models.db import db, open_database
from models.schema import migrate
from tests.conftest import make_agency
from tests.intake_helpers import ADULT, CHILD, intake_post, intake_token, saved_household

URL = "/admin/export/hmis-csv"
ROOT = Path(__file__).resolve().parent.parent
FILES_IN_5_1 = ("Export", "Organization", "User", "Project", "Funder", "ProjectCoC", "Inventory", "Affiliation",
                "HMISParticipation", "CEParticipation", "Client", "Enrollment", "Exit", "IncomeBenefits", "HealthAndDV",
                "EmploymentEducation", "Disabilities", "Services", "CurrentLivingSituation", "Assessment",
                "AssessmentQuestions", "AssessmentResults", "Event", "YouthEducationStatus")
WITH_ROWS_WHEN_EMPTY = {"Export.csv", "Organization.csv", "User.csv", "Project.csv", "Funder.csv", "ProjectCoC.csv",
                        "HMISParticipation.csv"}
STAMP = {"date_created": datetime(2026, 1, 1), "date_updated": datetime(2026, 1, 1)}


def test_column_lists_are_the_reference_files_and_counts():
    assert list(COLUMNS) == [f"{name}.csv" for name in FILES_IN_5_1]
    for name, count in REFERENCE_COUNTS.items():
        assert len(COLUMNS[name]) == count, name
    for name, columns in COLUMNS.items():
        assert len(set(columns)) == len(columns), name
        if name != "Export.csv":
            assert columns[-5:] == ("DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID") or (
                name == "User.csv" and columns[-4:] == ("DateCreated", "DateUpdated", "DateDeleted", "ExportID"))


@pytest.mark.parametrize("start, end, problem", [
    (None, date(2026, 1, 1), None),
    (date(2026, 1, 1), date(2026, 1, 1), None),
    (date(2026, 1, 2), date(2026, 1, 1), "on or after"),
    (date(2016, 3, 1), date(2026, 3, 1), None),
    (date(2016, 3, 1), date(2026, 3, 2), "at most 10 years"),
    (date(2016, 2, 29), date(2026, 2, 28), None),
    (date(2016, 2, 29), date(2026, 3, 1), "at most 10 years"),
    (date(2099, 1, 1), date(2099, 12, 31), None),
    (date(9999, 12, 31), date(9999, 12, 31), "between 01/01/1900 and 12/31/2099"),
    (date(9995, 1, 1), date(9999, 1, 1), "between 01/01/1900 and 12/31/2099"),
    (date(1, 1, 1), date(2, 1, 1), "between 01/01/1900 and 12/31/2099"),
])
def test_range_problem(start, end, problem):
    found = export_range_problem(start, end)
    assert found is None if problem is None else problem in found


def read_zip(data):
    """File name -> (header, rows as dicts)."""
    files = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            with archive.open(name) as raw:
                reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
                header = next(reader)
                files[name] = (header, [dict(zip(header, values)) for values in reader])
    return files


def export(client, **form):
    response = client.post(URL, data=form)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    assert response.headers["Cache-Control"] == "no-store" and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return read_zip(response.data), response.data


def rows(files, name):
    return files[name][1]


@pytest.fixture
def admin(client, auth, agency):
    auth.login("admin-1")
    return agency


def intake(client, project, approximate=False, start="2026-02-01"):
    """A household of two entered through the intake form by the agency's staff member; returns it."""
    client.post("/logout")
    client.post("/login", data={"username": f"staff-{project.agency_id}", "password": "correct horse battery"})
    token = intake_token(client, project.id)
    response = client.post(f"/projects/{project.id}/intake",
                           data=intake_post(token, start=start, members=(ADULT, CHILD), approximate=approximate))
    assert response.status_code == 303
    client.post("/logout")
    client.post("/login", data={"username": f"admin-{project.agency_id}", "password": "correct horse battery"})
    return saved_household(token)


def enrollment(project, entry, key):
    """A one-person household entered (stored) on `entry`."""
    household = Household.create(agency=project.agency_id, project=project, household_id=f"h-{key}",
                                 code=f"HH{key:>6}"[:8], **STAMP)
    person = Client.create(agency=project.agency_id, personal_id=f"p-{key}", code=f"CL{key:>6}"[:8],
                           dob=date(1990, 1, 1), dob_data_quality=9, sex=0, veteran_status=0, race_none=9, **STAMP)
    return Enrollment.create(agency=project.agency_id, project=project, household=household, client=person,
                             enrollment_id=f"e-{key}", relationship_to_hoh=1, entry_date=entry,
                             disabling_condition=0, **STAMP)


def test_empty_agency_has_every_file_with_its_exact_header(client, admin):
    files, _ = export(client)
    assert set(files) == set(COLUMNS)
    for name, (header, body) in files.items():
        assert tuple(header) == COLUMNS[name], name
        assert bool(body) == (name in WITH_ROWS_WHEN_EMPTY), name
    [row] = rows(files, "Export.csv")
    assert [row[c] for c in ("SourceType", "ExportDirective", "HashStatus", "ExportPeriodType")] == ["2", "2", "1", "4"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", row["ExportDate"])
    [org] = rows(files, "Organization.csv")
    assert org["VictimServiceProvider"] == "1" and org["OrganizationName"] == "Safe Harbor"
    [participation] = rows(files, "HMISParticipation.csv")
    assert participation["HMISParticipationType"] == "2" and participation["ProjectID"] == str(admin[1][0].id)


def exporting_at(monkeypatch, when):
    """Exports made as if the real time were `when` (naive UTC)."""
    monkeypatch.setattr("views.exports.utcnow", lambda: when)


def test_anonymous_clients_and_approximated_dates_are_exported_as_stored(client, admin, monkeypatch):
    project = admin[1][0]
    household = intake(client, project, approximate=True)
    exporting_at(monkeypatch, datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(days=SHIFT_MAX_DAYS + 1))
    files, _ = export(client)
    people = rows(files, "Client.csv")
    assert len(people) == 2
    for person in people:
        stored = Client.get(Client.personal_id == person["PersonalID"])
        assert person["FirstName"] == person["LastName"] == person["SSN"] == person["MiddleName"] == ""
        assert (person["NameDataQuality"], person["SSNDataQuality"]) == ("9", "9")
        assert person["DOB"] == stored.dob.isoformat() and person["DOB"].endswith("-01-01")
        assert person["DOBDataQuality"] == str(stored.dob_data_quality)
        assert person["White"] == "1" and person["RaceNone"] == "" and person["Asian"] == "0"
    head = Enrollment.get(Enrollment.household == household, Enrollment.relationship_to_hoh == 1)
    [row] = [r for r in rows(files, "Enrollment.csv") if r["EnrollmentID"] == head.enrollment_id]
    assert row["EntryDate"] == head.entry_date.isoformat() != "2026-02-01"
    assert row["HouseholdID"] == household.household_id and row["RelationshipToHoH"] == "1"
    assert row["EnrollmentCoC"] == "WA-501" and row["DateToStreetESSH"] == head.date_to_street_essh.isoformat()
    assert row["DateCreated"] == head.date_created.strftime("%Y-%m-%d %H:%M:%S")
    [dv] = rows(files, "HealthAndDV.csv")
    assert dv["InformationDate"] == row["EntryDate"] and dv["DomesticViolenceSurvivor"] == "1"
    everything = "".join(str(r) for _, body in files.values() for r in body)
    for real in ("2026-02-01", "2026-01-05", "1987-03-14", "2015-06-30"):
        assert real not in everything


def test_only_hud_typed_services_with_two_decimal_amounts(client, admin):
    project = admin[1][0]
    member = enrollment(project, date(2026, 1, 10), "a")
    hud = ServiceType.create(agency=admin[0], name="HOPWA rent", record_type=151, type_provided=1,
                             financial_assistance=True)
    local = ServiceType.create(agency=admin[0], name="Safety planning")
    paid = Service.create(enrollment=member, service_type=hud, date_provided=date(2026, 1, 12),
                          fa_amount=Decimal("1250.5"), **STAMP)
    Service.create(enrollment=member, service_type=local, date_provided=date(2026, 1, 13), **STAMP)
    files, _ = export(client)
    [row] = rows(files, "Services.csv")
    assert row["ServicesID"] == paid.hud_id and row["EnrollmentID"] == "e-a" and row["PersonalID"] == "p-a"
    assert (row["DateProvided"], row["RecordType"], row["TypeProvided"], row["FAAmount"]) == (
        "2026-01-12", "151", "1", "1250.50")


def test_ids_are_stable_across_exports_and_users_are_pseudonymous(client, admin):
    project = admin[1][0]
    intake(client, project)
    member = Enrollment.get(Enrollment.relationship_to_hoh == 1)
    Exit.create(enrollment=member, exit_date=date(2026, 3, 1), destination=410, **STAMP)
    first, first_data = export(client)
    second, _ = export(client)
    ids = {name: [{k: v for k, v in r.items() if k not in ("ExportID", "ExportDate")} for r in body]
           for name, (_, body) in first.items()}
    assert ids == {name: [{k: v for k, v in r.items() if k not in ("ExportID", "ExportDate")} for r in body]
                   for name, (_, body) in second.items()}
    export_ids = {r["ExportID"] for name, (_, body) in first.items() for r in body}
    assert len(export_ids) == 1 and export_ids != {r["ExportID"] for r in rows(second, "Export.csv")}
    [exit_row] = rows(first, "Exit.csv")
    assert re.fullmatch(r"[0-9a-f]{32}", exit_row["ExitID"]) and exit_row["Destination"] == "410"
    users = {r["UserID"] for r in rows(first, "User.csv")}
    assert all(re.fullmatch(r"[0-9a-f]{32}", u) for u in users)
    used = {r["UserID"] for name, (header, body) in first.items() if "UserID" in header for r in body}
    assert used <= users
    for username in ("admin-1", "staff-1", "viewer-1"):
        assert username.encode() not in first_data and all(
            username not in str(r) for _, body in first.values() for r in body)
    assert {r["UserFirstName"] + r["UserLastName"] + r["UserEmail"] for r in rows(first, "User.csv")} == {""}


CLIENT_LEVEL_IDS = {"Client.csv": "PersonalID", "Enrollment.csv": "EnrollmentID", "Exit.csv": "ExitID",
                    "Services.csv": "ServicesID", "IncomeBenefits.csv": "IncomeBenefitsID",
                    "HealthAndDV.csv": "HealthAndDVID", "EmploymentEducation.csv": "EmploymentEducationID",
                    "Disabilities.csv": "DisabilitiesID"}
WHEN = re.compile(r"\d{4}-\d\d-\d\d( \d\d:\d\d:\d\d)?")


def test_no_id_or_row_order_tells_when_a_record_was_created(client, admin):
    """Client-level IDs are random and each file is in the order of its ID: neither follows creation order."""
    project = admin[1][0]
    created = [enrollment(project, date(2026, 1, day), f"k{day:02}") for day in range(1, 13)]
    for member in created:
        Exit.create(enrollment=member, exit_date=date(2026, 2, 1), destination=410, **STAMP)
    files, _ = export(client)
    for name, column in CLIENT_LEVEL_IDS.items():
        ids = [r[column] for r in rows(files, name)]
        assert ids == sorted(ids), name
    exit_ids = {r["EnrollmentID"]: r["ExitID"] for r in rows(files, "Exit.csv")}
    in_creation_order = [exit_ids[m.enrollment_id] for m in created]
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in in_creation_order)
    assert in_creation_order != sorted(in_creation_order)  # 1 chance in 12! of failing by accident


def test_an_approximated_household_is_held_back_until_its_dates_have_come(client, admin, monkeypatch):
    """Its dates run ahead of the real ones by its offset: exported now, a date after the export time would prove an
    offset of at least that lead. So nothing dated after the real export time leaves; the page says how much waits."""
    project = admin[1][0]
    intake(client, project)  # real dates: exported at once
    household = intake(client, project, approximate=True)
    head = Enrollment.get(Enrollment.household == household, Enrollment.relationship_to_hoh == 1)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    summary = html.unescape(client.get("/admin/export/privacy-summary").get_data(as_text=True))
    assert "2 enrollments and 0 other records (exits, services, answers) are held back" in summary
    assert f"at most {SHIFT_MAX_DAYS} days from now" in summary
    files, _ = export(client)
    assert head.enrollment_id not in {r["EnrollmentID"] for r in rows(files, "Enrollment.csv")}
    assert len(rows(files, "Enrollment.csv")) == 2 and len(rows(files, "HealthAndDV.csv")) == 1
    [meta] = rows(files, "Export.csv")
    assert meta["ExportEndDate"] <= meta["ExportDate"][:10]
    for name, (_, body) in files.items():
        for row in body:
            for column, value in row.items():
                if WHEN.fullmatch(value) and column != "ExportDate":
                    assert value <= meta["ExportDate"], (name, column, value)
    exporting_at(monkeypatch, head.date_created + timedelta(seconds=1))
    files, _ = export(client)
    assert head.enrollment_id in {r["EnrollmentID"] for r in rows(files, "Enrollment.csv")}
    assert head.date_created > now  # shifted ahead: it had to wait
    exporting_at(monkeypatch, head.date_created - timedelta(seconds=1))
    files, _ = export(client)
    assert head.enrollment_id not in {r["EnrollmentID"] for r in rows(files, "Enrollment.csv")}


def test_soft_deleted_records_are_exported_with_date_deleted(client, admin):
    project = admin[1][0]
    member = enrollment(project, date(2026, 1, 10), "a")
    kept = enrollment(project, date(2026, 1, 10), "b")
    gone = datetime(2026, 2, 2, 9, 30)
    Enrollment.update(date_deleted=gone).where(Enrollment.id == member.id).execute()
    Exit.create(enrollment=kept, exit_date=date(2026, 2, 1), destination=410, date_deleted=gone, **STAMP)
    files, _ = export(client)
    deleted = {r["EnrollmentID"]: r["DateDeleted"] for r in rows(files, "Enrollment.csv")}
    assert deleted == {"e-a": "2026-02-02 09:30:00", "e-b": ""}
    assert [r["DateDeleted"] for r in rows(files, "Exit.csv")] == ["2026-02-02 09:30:00"]


def test_date_range_and_project_filters(client, admin):
    agency, (project,), _ = admin
    second = Project.create(agency=agency, name="Second", project_type=0, housing_type=1, coc_code="WA-501",
                            funding_source=8, operating_start_date="2020-01-01")
    enrollment(project, date(2025, 6, 1), "open")  # still enrolled: active in any later range
    exited = enrollment(project, date(2025, 6, 1), "exited")
    Exit.create(enrollment=exited, exit_date=date(2025, 12, 31), destination=410, **STAMP)  # before the start
    undone = enrollment(project, date(2025, 6, 1), "undone")  # its exit was undone: still enrolled
    Exit.create(enrollment=undone, exit_date=date(2025, 7, 1), destination=410, date_deleted=datetime(2025, 8, 1),
                **STAMP)
    enrollment(project, date(2026, 4, 1), "later")  # starts after the end
    enrollment(second, date(2026, 1, 15), "second")
    files, _ = export(client, start="2026-01-01", end="2026-03-31")
    assert {r["EnrollmentID"] for r in rows(files, "Enrollment.csv")} == {"e-open", "e-undone", "e-second"}
    assert {r["PersonalID"] for r in rows(files, "Client.csv")} == {"p-open", "p-undone", "p-second"}
    assert [r["DateDeleted"] != "" for r in rows(files, "Exit.csv")] == [True]
    [row] = rows(files, "Export.csv")
    assert (row["ExportStartDate"], row["ExportEndDate"], row["ExportPeriodType"]) == ("2026-01-01", "2026-03-31", "3")
    files, _ = export(client, project=str(second.id))
    assert [r["EnrollmentID"] for r in rows(files, "Enrollment.csv")] == ["e-second"]
    assert [r["ProjectID"] for r in rows(files, "Project.csv")] == [str(second.id)]
    assert [r["ProjectID"] for r in rows(files, "Funder.csv")] == [str(second.id)]


def test_project_coc_carries_the_geocode_and_no_address(client, admin):
    agency, (project,), _ = admin
    Project.update(geography_type=3).where(Project.id == project.id).execute()
    files, _ = export(client)
    [row] = rows(files, "ProjectCoC.csv")
    assert (row["CoCCode"], row["Geocode"], row["GeographyType"]) == ("WA-501", "539033", "3")
    assert all(row[column] == "" for column in ("Address1", "Address2", "City", "State", "Zip"))


def test_another_agencys_records_never_appear(client, admin, other_agency):
    enrollment(other_agency[1][0], date(2026, 1, 10), "theirs")
    enrollment(admin[1][0], date(2026, 1, 10), "ours")
    files, _ = export(client)
    assert [r["PersonalID"] for r in rows(files, "Client.csv")] == ["p-ours"]
    assert "Other" not in str(rows(files, "Project.csv")) and "Other Agency" not in str(rows(files, "Organization.csv"))
    assert len(rows(files, "User.csv")) == 4  # the agency's three users and the one for records no user entered


def test_export_is_audited_by_filter_names(client, admin):
    export(client, start="2026-01-01", project=str(admin[1][0].id))
    event = AuditEvent.get(AuditEvent.action == "export")
    assert (event.record_type, event.fields, event.user_id) == ("hmis_csv", "project,start", admin[2]["admin"].id)


def errors_beside(response, field_id):
    text = html.unescape(response.get_data(as_text=True))
    block = text.split(f'id="field-{field_id}"')[1].split('id="field-')[0]
    return " ".join(re.findall(r"<li>(.*?)</li>", block))


@pytest.mark.parametrize("form, field, message", [
    ({"start": "2026-03-01", "end": "2026-02-01"}, "end", "must be on or after the Export Start Date"),
    ({"start": "2010-01-01", "end": "2020-01-02"}, "end", "at most 10 years"),
    ({"start": "2026-02-30"}, "start", "Not a valid date value"),
    ({"project": "abc"}, "project", "Choose one of the answers listed."),
    ({"project": "999999"}, "project", "Choose one of your agency's projects."),
    ({"project": "OTHER"}, "project", "Choose one of your agency's projects."),
])
def test_bad_input_is_refused_beside_the_field(client, admin, other_agency, form, field, message):
    if form.get("project") == "OTHER":
        form = {"project": str(other_agency[1][0].id)}
    response = client.post(URL, data=form)
    assert response.status_code == 422 and message in errors_beside(response, field)
    assert not AuditEvent.select().where(AuditEvent.action == "export").exists()


def test_page_and_ten_years_exactly(client, admin):
    page = client.get(URL)
    assert page.status_code == 200 and b"Export Start Date" in page.data and b'name="project"' in page.data
    files, _ = export(client, start="2016-01-01", end="2026-01-01")
    assert rows(files, "Export.csv")[0]["ExportEndDate"] == "2026-01-01"


@pytest.mark.parametrize("role", ["staff", "viewer"])
def test_only_admins_export(client, auth, agency, role):
    auth.login(f"{role}-1")
    assert client.get(URL).status_code == 403
    assert client.post(URL, data={}).status_code == 403
    assert not AuditEvent.select().where(AuditEvent.action == "export").exists()


@pytest.fixture
def cli_database(tmp_path):
    """A SQLite file with one agency (and its project) for the command line."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    db.initialize(open_database(url))
    migrate()
    with db.connection_context():
        _, projects, _ = make_agency("Harbor DV")
        enrollment(projects[0], date(2026, 1, 10), "cli")
    yield url, projects[0]
    if not db.is_closed():
        db.close()


def _flask(url, *args):
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "cli-secret-key-0123456789",
           "DATE_SHIFT_KEY": "cli-shift-key-0123456789abcdef"}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)


def test_cli_writes_the_zip(cli_database, tmp_path):
    url, project = cli_database
    out = tmp_path / "upload.zip"
    result = _flask(url, "export-hmis-csv", "--out", str(out), "--start", "2026-01-01", "--end", "2026-12-31",
                    "--project", str(project.id))
    assert result.returncode == 0, result.stderr
    assert "Wrote" in result.stdout and not Path(f"{out}.part").exists()
    files = read_zip(out.read_bytes())
    assert set(files) == set(COLUMNS) and [r["PersonalID"] for r in rows(files, "Client.csv")] == ["p-cli"]
    with db.connection_context():
        assert AuditEvent.get(AuditEvent.action == "export").user_id is None


@pytest.mark.parametrize("args, message", [
    (["--start", "2026-03-01", "--end", "2026-02-01"], "must be on or after the Export Start Date"),
    (["--start", "2000-01-01", "--end", "2026-01-01"], "at most 10 years"),
    (["--start", "2026-13-01"], "Invalid value for '--start'"),
    (["--project", "999"], "Project 999 is not a project of 'Harbor DV'"),
    (["--agency", "Nobody"], "No agency is named 'Nobody'"),
    (["SECOND"], "Name the agency with --agency: this instance holds several agencies."),
])
def test_cli_refuses_bad_arguments(cli_database, tmp_path, args, message):
    url, _ = cli_database
    if args == ["SECOND"]:
        with db.connection_context():
            make_agency("Second Agency", projects=())
        args = []
    out = tmp_path / "upload.zip"
    result = _flask(url, "export-hmis-csv", "--out", str(out), *args)
    assert result.returncode != 0 and message in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()
