"""Schema migrations from an empty or older database, and the command-line interface."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from peewee_migrate import Router

from models import Agency, User
from models.db import MIGRATIONS_DIR, db, migrate, open_database

ROOT = Path(__file__).resolve().parent.parent
ALL_MIGRATIONS = sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py"))


@pytest.fixture(params=["sqlite", "postgres"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        database = open_database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    else:
        url = request.getfixturevalue("postgres_url")  # skips or fails as the run requires
        database = open_database(url)
        database.execute_sql("DROP SCHEMA IF EXISTS upgrade_test CASCADE; CREATE SCHEMA upgrade_test")
        database.close()
        database = open_database(url)
        database.connect_params["options"] = "-c search_path=upgrade_test"
    db.initialize(database)
    yield database
    if not database.is_closed():
        database.close()


def test_migrate_creates_the_schema_on_an_empty_database(empty_database, tmp_path):
    result = migrate(backup_dir=tmp_path)
    assert result.applied == ALL_MIGRATIONS and result.created and result.backup is None
    assert result.summary().startswith("Created the database")
    with db.connection_context():
        assert {"agency", "project", "app_user", "user_project", "audit_event"} <= set(db.get_tables())
    again = migrate(backup_dir=tmp_path)  # a second start changes nothing
    assert again.applied == [] and again.summary() == "The schema is up to date."
    assert not list(tmp_path.glob("pre-migrate-*"))  # nothing to back up


def test_migrate_upgrades_an_older_database(empty_database, tmp_path):
    with db.connection_context():
        Router(db, migrate_dir=MIGRATIONS_DIR).run(ALL_MIGRATIONS[0])
        # The columns of 001 only: the model has columns later migrations add.
        p = db.param
        db.execute_sql(f"INSERT INTO agency (name, victim_service_provider, dob_data_quality, date_created, "
                       f"date_updated) VALUES ({p}, {p}, {p}, {p}, {p})",
                       ("Kept Agency", True, 9, "2026-01-01 00:00:00", "2026-01-01 00:00:00"))
    result = migrate(backup_dir=tmp_path / "backups")
    assert result.applied == ALL_MIGRATIONS[1:] and not result.created
    assert result.backup.parent == tmp_path / "backups" and result.backup.stat().st_mode & 0o777 == 0o600
    assert result.backup.name.startswith("pre-migrate-") and ALL_MIGRATIONS[0] in result.backup.name
    assert result.summary() == f"Backed up the database to {result.backup}.\nApplied {', '.join(ALL_MIGRATIONS[1:])}."
    assert Agency.get(Agency.name == "Kept Agency")


def _flask(*args, env=None, tmp_path):
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
                   "SECRET_KEY": "cli-secret", "DATE_SHIFT_KEY": "cli-shift", **(env or {})}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)


def test_create_admin(tmp_path):
    result = _flask("create-admin", "--organization", "Harbor DV", "--username", "Boss",
                    env={"HMIS_ADMIN_PASSWORD": "a long passphrase"}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Created agency 'Harbor DV' with admin 'boss'" in result.stdout
    db.initialize(open_database(f"sqlite:///{tmp_path / 'cli.sqlite3'}"))
    with db.connection_context():
        user = User.get(User.username == "boss")
        assert user.role == "admin" and user.agency.name == "Harbor DV" and user.check_password("a long passphrase")


@pytest.mark.parametrize("args, env, message", [
    (["--organization", "Harbor DV"], {"HMIS_ADMIN_PASSWORD": "a long passphrase"}, "Missing option '--username'"),
    (["--organization", "", "--username", "boss"], {"HMIS_ADMIN_PASSWORD": "a long passphrase"},
     "organization name must be 1 to 200 characters"),
    (["--organization", "Harbor DV", "--username", "boss"], {"HMIS_ADMIN_PASSWORD": "short"},
     "Passwords must be at least 12 characters long."),
    (["--organization", "Harbor DV", "--username", "boss"], {}, "Set HMIS_ADMIN_PASSWORD"),
    (["--organization", "Harbor DV", "--username", "boss"],
     {"HMIS_ADMIN_PASSWORD": "a long passphrase", "DATABASE_URL": "mysql//nope"},
     "DATABASE_URL must start with sqlite:/// or postgresql://"),
    (["--organization", "Harbor DV", "--username", "boss"],
     {"HMIS_ADMIN_PASSWORD": "a long passphrase", "SESSION_IDLE_MINUTES": "forever"},
     "SESSION_IDLE_MINUTES must be a whole number"),
    (["--organization", "Harbor DV", "--username", "boss"],
     {"HMIS_ADMIN_PASSWORD": "a long passphrase", "PROXIES": "many"}, "PROXIES is the number of reverse proxies"),
])
def test_create_admin_refuses_bad_arguments(tmp_path, args, env, message):
    result = _flask("create-admin", *args, env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_create_admin_refuses_a_duplicate(tmp_path):
    env = {"HMIS_ADMIN_PASSWORD": "a long passphrase"}
    _flask("create-admin", "--organization", "Harbor DV", "--username", "boss", env=env, tmp_path=tmp_path)
    again = _flask("create-admin", "--organization", "Other DV", "--username", "BOSS", env=env, tmp_path=tmp_path)
    assert again.returncode != 0 and "The username 'boss' is taken." in again.stderr
    same = _flask("create-admin", "--organization", "Harbor DV", "--username", "x2", env=env, tmp_path=tmp_path)
    assert same.returncode != 0 and "An agency named 'Harbor DV' already exists." in same.stderr


def test_secrets_are_generated_once_owner_only(tmp_path):
    from config import from_environment
    first = from_environment(str(tmp_path), env={})
    second = from_environment(str(tmp_path), env={})
    assert first["SECRET_KEY"] == second["SECRET_KEY"] and first["DATE_SHIFT_KEY"] == second["DATE_SHIFT_KEY"]
    assert first["SECRET_KEY"] != first["DATE_SHIFT_KEY"]
    for name in ("secret_key", "date_shift_key"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600
