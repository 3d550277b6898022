"""Fixtures: every database test runs on SQLite and, where it answers, on PostgreSQL."""
import os
import shutil

import pytest

from argon2 import PasswordHasher

import models.accounts
import models.db
from app import create_app
from models import Agency, Project, User, UserProject
from models.db import close_all, db, open_database
from models.schema import migrate
from models.db import open_database as open_pool  # the real one, which _close_app_pools wraps

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
PASSWORD = "correct horse battery"


# Real argon2, cheaper parameters: the suite creates hundreds of accounts.
models.accounts._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
models.accounts._DUMMY_HASH = models.accounts._hasher.hash("not a real password")  # unknown usernames too


def _require(flag, reason):
    """Skip locally, fail in CI (where REQUIRE_* is set) so that a missing service is never silent."""
    if os.environ.get(flag) == "1":
        pytest.fail(f"{reason} ({flag}=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _close_app_pools(monkeypatch):
    """Close every connection pool the apps of a test opened. A server closes its pool at exit; a test drops its app
    with idle SQLite connections open, and Python 3.13 warns about each when it is collected, in a later test."""
    opened = []

    def tracked(url, pooled=False):
        database = open_pool(url, pooled)
        if pooled:
            opened.append(database)
        return database

    monkeypatch.setattr(models.db, "open_database", tracked)
    yield
    for database in opened:
        database.close_all()


def _use(database):
    db.initialize(database)
    return database


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A migrated SQLite file, copied for each test (faster than migrating every time)."""
    path = tmp_path_factory.mktemp("template") / "hmis.sqlite3"
    _use(open_database(f"sqlite:///{path}"))
    migrate()
    db.obj.close()
    return path


@pytest.fixture(scope="session")
def postgres_url():
    """A fresh PostgreSQL database for this run, beside TEST_DATABASE_URL, migrated from nothing.

    Each run gets its own database so that runs side by side do not empty each other's tables.
    """
    try:
        server = open_database(TEST_DATABASE_URL)
        server.connect()
    except Exception as exc:  # noqa: BLE001 - any failure to reach it means "not available"
        _require("REQUIRE_POSTGRES", f"PostgreSQL is not reachable at {TEST_DATABASE_URL}: {exc}")
    name = f"{server.database}_run{os.getpid()}"
    server.execute_sql(f'DROP DATABASE IF EXISTS "{name}"')
    server.execute_sql(f'CREATE DATABASE "{name}"')
    server.close()
    url = TEST_DATABASE_URL.rsplit("/", 1)[0] + f"/{name}"
    _use(open_database(url))
    migrate()
    db.close()
    yield url
    db.initialize(server)
    server.connect(reuse_if_open=True)
    server.execute_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.close()


def _empty_postgres(url):
    database = _use(open_database(url))
    with database.connection_context():
        tables = [t for t in database.get_tables() if t != "migratehistory"]
        database.execute_sql(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path, sqlite_template):
    if request.param == "sqlite":
        path = tmp_path / "hmis.sqlite3"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_url")
    _empty_postgres(url)
    return url


def make_app(database_url, tmp_path, **config):
    return create_app({
        "DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key-0123456789",
        "DATE_SHIFT_KEY": "test-shift-key-0123456789abcdef",
        "WTF_CSRF_ENABLED": False, "MIGRATE_ON_START": False, "TESTING": True, **config})


@pytest.fixture
def app(database_url, tmp_path):
    # No app context stays pushed: each request must get a fresh one, as in production.
    # Test code reaches the database through peewee's autoconnect.
    yield make_app(database_url, tmp_path)
    close_all()


@pytest.fixture
def client(app):
    return app.test_client()


def make_agency(name="Safe Harbor", projects=("Safe Shelter",)):
    """An agency with an admin, a staff member (assigned to the first project) and a viewer."""
    agency = Agency.create(name=name)
    made = [Project.create(agency=agency, name=p, project_type=0, housing_type=1, coc_code="WA-501",
                           geocode="539033", funding_source=8, operating_start_date="2020-01-01") for p in projects]
    users = {}
    for role in ("admin", "staff", "viewer"):
        user = User(agency=agency, username=f"{role}-{agency.id}", role=role)
        user.set_password(PASSWORD)
        user.save()
        users[role] = user
    if made:
        UserProject.create(user=users["staff"], project=made[0])
    return agency, made, users


@pytest.fixture
def agency(app):
    return make_agency()


@pytest.fixture
def other_agency(app):
    return make_agency("Other Agency", projects=("Other Shelter",))


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, username, password=PASSWORD):
        return self._client.post("/login", data={"username": username, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)
