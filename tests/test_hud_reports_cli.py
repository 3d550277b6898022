"""`flask hud-report`: one Q*.csv per table or the Sage zip, and a one-line error for each bad argument."""
import csv
import os
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import make_agency
from tests.hud_report_data import household, member, project

ROOT = Path(__file__).resolve().parent.parent
PERIOD = ["--start", "2025-01-01", "--end", "2025-12-31"]


@pytest.fixture
def shelter(app):
    agency, projects, _ = make_agency("Harbor DV")
    member(household(projects[0]), dob=date(1990, 1, 1), entry=date(2025, 3, 1), exit=date(2025, 4, 1),
           destination=410)
    return agency, projects[0]


def run(app, *args):
    return app.test_cli_runner().invoke(args=["hud-report", *args])


def test_one_csv_per_table(app, shelter, tmp_path):
    result = run(app, *PERIOD, "--out", str(tmp_path / "caper"))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "caper").iterdir())
    assert names == sorted(["Q4a.csv", "Q5a.csv", "Q6a.csv", "Q6b.csv", "Q6c.csv", "Q6d.csv", "Q6e.csv", "Q6f.csv",
                            "Q7a.csv", "Q8a.csv", "Q11.csv", "Q12.csv", "Q14a.csv", "Q14b.csv", "Q15.csv",
                            "Q22a2.csv", "Q22d.csv", "Q23c.csv", "Q24e.csv"])
    with open(tmp_path / "caper" / "Q23c.csv", newline="") as f:
        rows = {r[0]: r[1:] for r in csv.reader(f)}
    assert rows["Percentage of persons exiting to positive housing destinations"][0] == "1.0000"
    assert "Wrote the CAPER (19 tables)" in result.output


def test_zip_named_by_kind_and_period_with_an_explicit_kind(app, shelter, tmp_path):
    out = tmp_path / "sage"
    result = run(app, *PERIOD, "--kind", "apr", "--zip", "--out", str(out))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out / "apr-2025-01-01-2025-12-31.zip") as archive:
        names = archive.namelist()
    assert "Q22a1.csv" in names and "Q22b.csv" in names and "Q22a2.csv" not in names
    assert [p.name for p in out.iterdir()] == ["apr-2025-01-01-2025-12-31.zip"]  # no temporary file left


def test_an_empty_period_is_said_plainly(app, shelter, tmp_path):
    result = run(app, "--start", "2020-01-01", "--end", "2020-12-31", "--out", str(tmp_path))
    assert result.exit_code == 0 and "nobody was served in these projects in this period" in result.output


@pytest.mark.parametrize("args, message", [
    (["--start", "2025-03-01", "--end", "2025-02-01"], "The report end date must be on or after the start date."),
    (["--start", "2000-01-01", "--end", "2025-01-01"], "A report can cover at most 10 years"),
    (["--start", "2025-13-01", "--end", "2025-12-31"], "Invalid value for '--start'"),
    ([*PERIOD, "--project", "999"], "Project 999 is not a project of 'Harbor DV'."),
    ([*PERIOD, "--project", "OTHER"], "is not a project of 'Harbor DV'."),
    ([*PERIOD, "--agency", "Nobody"], "No agency is named 'Nobody'."),
    ([*PERIOD, "--agency", "Empty"], "'Empty' has no projects yet"),
    ([*PERIOD, "MIXED"], "not all CoC-funded or all ESG-funded: choose with --kind apr or --kind caper."),
    ([*PERIOD, "--kind", "hopwa"], "Invalid value for '--kind'"),
])
def test_bad_arguments_get_one_line_naming_the_problem(app, shelter, tmp_path, args, message):
    agency, _ = shelter
    other, _, _ = make_agency("Other Agency", projects=("Other Shelter",))
    make_agency("Empty", projects=())
    if "OTHER" in args:
        args = [*PERIOD, "--project", str(other.projects[0].id)]
    if "MIXED" in args:
        project(agency, "CoC Rapid Re-Housing", 13, 3)
        args = PERIOD
    if "--agency" not in args:
        args = [*args, "--agency", "Harbor DV"]
    result = run(app, *args, "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and message in result.output, result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_several_agencies_need_agency(app, shelter, tmp_path):
    make_agency("Second Agency", projects=())
    result = run(app, *PERIOD, "--out", str(tmp_path))
    assert result.exit_code == 2 and "Name the agency with --agency: this instance holds several agencies." in (
        result.output)


def test_the_installed_command_writes_the_sage_zip(sqlite_template, tmp_path):
    """The real `flask --app app hud-report`, as a scheduled job runs it."""
    import shutil
    from models.db import db, open_database
    path = tmp_path / "cli.sqlite3"
    shutil.copy(sqlite_template, path)
    db.initialize(open_database(f"sqlite:///{path}"))
    with db.connection_context():
        _, projects, _ = make_agency("Harbor DV")
        member(household(projects[0]), dob=date(1990, 1, 1), entry=date(2025, 3, 1))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "cli-secret-key-0123456789",
           "DATE_SHIFT_KEY": "cli-shift-key-0123456789abcdef"}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "hud-report", *PERIOD, "--zip",
                             "--out", str(tmp_path / "sage")], cwd=ROOT, env=env, capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=60)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "sage" / "caper-2025-01-01-2025-12-31.zip") as archive:
        q5a = list(csv.reader(archive.read("Q5a.csv").decode().splitlines()))
    assert q5a[1] == ["Total number of persons served", "1", "1"]
