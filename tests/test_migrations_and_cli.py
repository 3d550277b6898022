"""Schema migrations from an empty or older database, and the command-line interface."""
import os
import subprocess
import sys
from pathlib import Path

import shutil
import sqlite3

import pytest
from peewee_migrate import Router

import models.db
import models.schema
from app import create_app
from models import Agency, User
from models.db import db, open_database
from models.schema import MIGRATIONS_DIR, MigrationError, migrate
from tests.test_upgrades import empty_database  # noqa: F401 - the fixture

ROOT = Path(__file__).resolve().parent.parent
ALL_MIGRATIONS = sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py"))


def test_migrate_creates_the_schema_on_an_empty_database(empty_database, tmp_path):  # noqa: F811
    result = migrate(backup_dir=tmp_path)
    assert result.applied == ALL_MIGRATIONS and result.created and result.backup is None
    assert result.summary().startswith("Created the database")
    with db.connection_context():
        assert {"agency", "project", "app_user", "user_project", "audit_event"} <= set(db.get_tables())
    again = migrate(backup_dir=tmp_path)  # a second start changes nothing
    assert again.applied == [] and again.summary() == "The schema is up to date."
    assert not list(tmp_path.glob("pre-migrate-*"))  # nothing to back up


def test_migrate_upgrades_an_older_database(empty_database, tmp_path):  # noqa: F811
    _older_database_with_rows()
    result = migrate(backup_dir=tmp_path / "backups")
    assert result.applied == ALL_MIGRATIONS[1:] and not result.created
    assert result.backup.parent == tmp_path / "backups" and result.backup.stat().st_mode & 0o777 == 0o600
    assert result.backup.name.startswith("pre-migrate-") and ALL_MIGRATIONS[0] in result.backup.name
    assert result.summary() == f"Backed up the database to {result.backup}.\nApplied {', '.join(ALL_MIGRATIONS[1:])}."
    assert Agency.get(Agency.name == "Kept Agency")


def _older_database_with_rows():
    """The schema of 001 with an agency and its admin (written in 001's columns only)."""
    with db.connection_context():
        Router(db, migrate_dir=MIGRATIONS_DIR).run(ALL_MIGRATIONS[0])
        p = db.param
        db.execute_sql(f"INSERT INTO agency (name, victim_service_provider, dob_data_quality, date_created, "
                       f"date_updated) VALUES ({p}, {p}, {p}, {p}, {p})",
                       ("Kept Agency", True, 9, "2026-01-01 00:00:00", "2026-01-01 00:00:00"))
        db.execute_sql(f"INSERT INTO app_user (agency_id, username, password_hash, role, active, failed_logins, "
                       f"session_version, date_created) VALUES (1, 'kept', 'x', 'admin', {p}, 0, 0, "
                       f"'2026-01-01 00:00:00')", (True,))


def _state():
    """Everything migrate() could change: the tables, the migrations recorded, the rows."""
    with db.connection_context():
        tables = sorted(db.get_tables())
        history = [r[0] for r in db.execute_sql("SELECT name FROM migratehistory ORDER BY id")] \
            if "migratehistory" in tables else []
        rows = {t: db.execute_sql(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    return tables, history, rows


@pytest.fixture
def bad_migration(tmp_path, monkeypatch):
    """A copy of the migrations plus one more, written by the test, that the checks must catch."""
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(models.schema, "MIGRATIONS_DIR", folder)

    def write(sql):
        (folder / "999_bad.py").write_text(
            "def migrate(migrator, database, *, fake=False):\n"
            "    migrator.sql('ALTER TABLE agency ADD COLUMN extra INTEGER')\n"
            f"    migrator.sql({sql!r})\n")
    return write


def test_a_migration_losing_rows_is_rolled_back(empty_database, tmp_path, bad_migration):  # noqa: F811
    _older_database_with_rows()
    migrate(backup_dir=tmp_path / "first")
    bad_migration("DELETE FROM app_user")
    before = _state()
    with pytest.raises(MigrationError, match=r"would have lost rows \(app_user 1 -> 0\)"):
        migrate(backup_dir=tmp_path / "backups")
    assert _state() == before  # not even the new column
    assert len(list((tmp_path / "backups").glob(f"pre-migrate-*{ALL_MIGRATIONS[-1]}*"))) == 1


def test_a_migration_breaking_foreign_keys_is_rolled_back(empty_database, tmp_path, bad_migration):  # noqa: F811
    _older_database_with_rows()
    migrate(backup_dir=tmp_path / "first")
    bad_migration("UPDATE app_user SET agency_id = 999")  # SQLite: let through with foreign keys off
    before = _state()
    with pytest.raises(MigrationError, match="rolled back, nothing was changed"):
        migrate(backup_dir=tmp_path / "backups")
    assert _state() == before


def test_foreign_keys_are_on_again_for_the_app(tmp_path):
    """The pooled connection that ran the migrations never serves a request with foreign keys off."""
    url = f"sqlite:///{tmp_path / 'hmis.sqlite3'}"
    db.initialize(open_database(url))
    _older_database_with_rows()
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "test-secret-0123456789", "DATE_SHIFT_KEY": "k" * 32,
                      "TESTING": True}, instance_path=str(tmp_path / "instance"))
    result = app.extensions["migration"]
    assert result.applied == ALL_MIGRATIONS[1:] and result.backup.parent == tmp_path / "instance" / "backups"
    for _ in range(3):  # whichever pooled connection comes next
        with db.connection_context():
            assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    models.db.close_all()


def test_an_older_app_refuses_a_newer_schema(empty_database, tmp_path):  # noqa: F811
    migrate()
    with db.connection_context():
        db.execute_sql(f"INSERT INTO migratehistory (name, migrated_at) VALUES ({db.param}, {db.param})",
                       ("015_from_the_future", "2027-01-01 00:00:00"))
    before = _state()
    with pytest.raises(MigrationError, match=r"newer version of this app .015_from_the_future"):
        migrate(backup_dir=tmp_path)
    assert _state() == before


def test_another_applications_database_is_refused(empty_database, tmp_path):  # noqa: F811
    with db.connection_context():
        db.execute_sql("CREATE TABLE photos (id INTEGER, caption TEXT)")
        db.execute_sql("INSERT INTO photos (id, caption) VALUES (1, 'beach')")
    before = _state()
    with pytest.raises(MigrationError, match=r"tables that are not this app's \(photos\)"):
        migrate(backup_dir=tmp_path)
    assert _state() == before  # no migratehistory table either
    assert not list(tmp_path.glob("pre-migrate-*"))


def _flask(*args, env=None, tmp_path):
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
                   "SECRET_KEY": "cli-secret-key-0123456789", "DATE_SHIFT_KEY": "cli-shift-key-0123456789abcdef",
                   **(env or {})}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)


def test_migrate_command_creates_then_finds_nothing_to_do(tmp_path):
    def run_migrate():
        app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
                          "SECRET_KEY": "test-secret-0123456789", "DATE_SHIFT_KEY": "k" * 32},
                         instance_path=str(tmp_path / "instance"))
        result = app.test_cli_runner().invoke(args=["migrate"])
        models.db.close_all()
        return result
    first = run_migrate()  # the app migrates as it starts, and the command reports what that did
    assert first.exit_code == 0, first.output
    assert f"Created the database ({len(ALL_MIGRATIONS)} migrations, up to {ALL_MIGRATIONS[-1]})." in first.output
    second = run_migrate()
    assert second.exit_code == 0 and second.output.strip() == "The schema is up to date."


@pytest.mark.parametrize("content, message", [
    (b"PK\x03\x04 this is a zip file, not a database" * 100, "The database could not be read (file is not a "
                                                             "database)"),
    (None, "tables that are not this app's (photos)"),
])
def test_migrate_command_refuses_a_file_that_is_not_this_apps_database(tmp_path, content, message):
    path = tmp_path / "cli.sqlite3"
    if content is None:
        with sqlite3.connect(path) as other:
            other.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, caption TEXT)")
        other.close()
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    result = _flask("migrate", tmp_path=tmp_path)
    assert result.returncode != 0
    assert message in result.stderr and "Nothing was changed." in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


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
    (["--organization", "=1+2", "--username", "boss"], {"HMIS_ADMIN_PASSWORD": "a long passphrase"},
     "The organization name cannot start with '='"),
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
        assert (Path(f"{tmp_path}-keys") / name).stat().st_mode & 0o777 == 0o600


def test_two_processes_starting_at_once_migrate_once(tmp_path):
    """Two app processes starting together: one migrates, the other waits for it and finds nothing to do."""
    from concurrent.futures import ThreadPoolExecutor
    db.initialize(open_database(f"sqlite:///{tmp_path / 'hmis.sqlite3'}"))
    _older_database_with_rows()
    with ThreadPoolExecutor(2) as pool:  # each thread has its own connection
        results = list(pool.map(lambda n: migrate(backup_dir=tmp_path / f"backups{n}"), range(2)))
    assert sorted(len(r.applied) for r in results) == [0, len(ALL_MIGRATIONS) - 1]
    assert _state()[1] == ALL_MIGRATIONS


def test_a_failed_backup_stops_the_migration(empty_database, tmp_path):  # noqa: F811
    _older_database_with_rows()
    before = _state()
    (tmp_path / "not-a-folder").write_text("a file where the backups would go")
    with pytest.raises(MigrationError, match=r"backup before migrating could not be written .*nothing was migrated"):
        migrate(backup_dir=tmp_path / "not-a-folder")
    with pytest.raises(MigrationError, match="holds data and no folder for a backup was given"):
        migrate()
    assert _state() == before


def test_a_failing_migration_names_no_values(empty_database, tmp_path, bad_migration):  # noqa: F811
    """PostgreSQL quotes the failing row in its DETAIL line; the message keeps only the first line."""
    _older_database_with_rows()
    migrate(backup_dir=tmp_path / "first")
    bad_migration("UPDATE app_user SET username = NULL")
    with pytest.raises(MigrationError) as error:
        migrate(backup_dir=tmp_path / "backups")
    assert "rolled back, nothing was changed" in str(error.value)
    assert "kept" not in str(error.value) and "2026-01-01" not in str(error.value)


def test_running_the_migrations_another_way_cannot_delete_rows(tmp_path):
    """peewee-migrate's own runner, foreign keys on: the first table rebuild with rows refuses, nothing is lost."""
    db.initialize(open_database(f"sqlite:///{tmp_path / 'hmis.sqlite3'}"))
    _older_database_with_rows()
    with db.connection_context():
        with pytest.raises(RuntimeError, match="run it with `flask --app app migrate`"):
            Router(db, migrate_dir=MIGRATIONS_DIR, logger=models.schema._quiet_logger()).run()
    tables, history, rows = _state()
    assert history[-1] == "004_household_type"  # 005 rebuilds app_user, which holds a row
    assert rows["agency"] == 1 and rows["app_user"] == 1
