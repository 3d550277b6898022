"""Canary: real dates of birth, real dates of approximated stays and smuggled PII fields must not reach
the database, the logs (application and access) or any page, wherever they are posted."""
import http.cookiejar
import logging
import re
import threading
import urllib.parse
import urllib.request

import pytest
from werkzeug.serving import make_server

from models import Client
from models.db import db
from models.dialect import is_sqlite
from tests.conftest import PASSWORD, make_agency, make_app
from tests.intake_helpers import ADULT, CHILD, intake_post

REAL_DOB = "1983-07-19"
REAL_CHILD_DOB = "2016-10-27"
REAL_START = "2026-02-03"
# More than the largest shift (92 days) before the start: shifted, it can never land on the real start's string.
REAL_HOMELESS_SINCE = "2025-08-14"
PII_FIELDS = ("first_name", "last_name", "ssn", "dob", "address", "phone", "email", "name", "zip")


def forbidden_strings():
    """Every way a canary value could be written down."""
    values = ["CANARY", "123-45-6789", "123456789", "555-0142", "canary@example.org"]
    for iso in (REAL_DOB, REAL_CHILD_DOB, REAL_START, REAL_HOMELESS_SINCE):
        year, month, day = iso.split("-")
        values += [iso, f"{month}/{day}/{year}", f"{year}{month}{day}"]
    return values


def database_text():
    """Everything stored: the SQLite file and its WAL as bytes, or every PostgreSQL row as text."""
    if is_sqlite():
        path = db.obj.database
        db.close()
        chunks = []
        for suffix in ("", "-wal"):
            try:
                with open(path + suffix, "rb") as f:
                    chunks.append(f.read().decode("latin-1"))
            except FileNotFoundError:
                pass
        return "".join(chunks)
    rows = []
    for table in db.get_tables():
        rows += [r[0] for r in db.execute_sql(f'SELECT t::text FROM "{table}" t').fetchall()]
    return "\n".join(rows)


@pytest.fixture
def server(database_url, tmp_path):
    """The app behind a real HTTP server, so that its access log is part of what is searched."""
    app = make_app(database_url, tmp_path)
    agency, projects, _ = make_agency()
    httpd = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", projects[0]
    httpd.shutdown()


def smuggled(prefix=""):
    return {f"{prefix}{name}": f"CANARY-{name}" for name in PII_FIELDS} | {
        f"{prefix}ssn": "123-45-6789", f"{prefix}phone": "555-0142", f"{prefix}email": "canary@example.org",
        f"{prefix}dob": REAL_DOB}


def test_nothing_identifying_is_kept(server, caplog):
    caplog.set_level(logging.DEBUG)
    base, project = server
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        with opener.open(base + path, body) as response:
            return response.read().decode()

    pages = [request("/login", {"username": "staff-1", "password": PASSWORD})]
    form = request(f"/projects/{project.id}/intake")
    token = re.search(r'name="household_token" type="hidden" value="([^"]+)"', form).group(1)
    head = {**ADULT, "birth_date": REAL_DOB, "date_to_street_essh": REAL_HOMELESS_SINCE, **smuggled()}
    child = {**CHILD, "birth_date": REAL_CHILD_DOB}
    data = {**intake_post(token, start=REAL_START, members=(head, child), approximate=True),
            **smuggled(), **smuggled("members-0-"), **smuggled("members-1-")}
    preview = request(f"/projects/{project.id}/intake/preview", data)
    assert "Stored in HMIS" in preview
    pages += [preview, request(f"/projects/{project.id}/intake", data)]  # follows the redirect to the household
    pages.append(request("/"))
    assert "saved with 2 people" in pages[2]

    stored = database_text()
    logs = caplog.text
    assert f"POST /projects/{project.id}/intake" in logs  # the access log was captured
    for value in forbidden_strings():
        assert value not in stored, f"{value!r} reached the database"
        assert value not in logs, f"{value!r} reached the logs"
        for page in pages:
            assert value not in page, f"{value!r} reached a page"
    # The approximate values are there, as expected.
    assert {c.dob.year for c in Client.select()} <= {1982, 1983, 1984, 2015, 2016, 2017}
