"""Backups and restores: consistent copies under concurrent writes, owner-only files without the keys, age
encryption, and a restore that refuses anything but a whole backup of this app into an empty database."""
import gzip
import os
import shutil
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path

import pyrage
import pytest

from models import AuditEvent, Household, write_transaction
from models.backup import BackupError, make_backup, postgres_dsn
from models import pg_script
from models.backup_crypt import CryptError
from models.db import db, open_database
from models.restore import known_migrations, restore
from tests.conftest import TEST_DATABASE_URL, make_agency, make_app

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "a long backup passphrase"
SECRET_KEY = "secret-key-that-must-stay-out-0123456789"
SHIFT_KEY = "shift-key-that-must-stay-out-0123456789"
STAMP = datetime(2026, 11, 30, 12, 0)
IDENTITY = pyrage.x25519.Identity.generate()


@pytest.fixture
def app(database_url, tmp_path):
    from models.db import close_all
    yield make_app(database_url, tmp_path, SECRET_KEY=SECRET_KEY, DATE_SHIFT_KEY=SHIFT_KEY)
    close_all()


@pytest.fixture
def target_url(database_url, tmp_path):
    """An empty database of the same kind to restore into."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored' / 'hmis.sqlite3'}"
        return
    server = open_database(TEST_DATABASE_URL)
    name = f"{server.database}_restore{os.getpid()}"
    server.execute_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.execute_sql(f'CREATE DATABASE "{name}"')
    yield TEST_DATABASE_URL.rsplit("/", 1)[0] + f"/{name}"
    server.execute_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.close()


def _household(agency, project, marker=""):
    token = uuid.uuid4().hex
    with write_transaction():
        household = Household.create(agency=agency, project=project, household_id=token, code=token[:8],
                                     date_created=STAMP, date_updated=STAMP)
        # Written in the same transaction: a consistent copy has both or neither.
        AuditEvent.create(agency=agency, action="create", record_type="household", record_id=household.id,
                          fields=marker)
    return household.id


def _restored(url):
    target = open_database(url)
    with target.connection_context():
        households = {row[0] for row in target.execute_sql("SELECT id FROM household")}
        audited = {row[0] for row in target.execute_sql(
            "SELECT record_id FROM audit_event WHERE record_type = 'household'")}
    return households, audited


def test_backup_under_concurrent_writes_holds_every_acknowledged_write(app, target_url, tmp_path):
    agency, (project,), _ = make_agency()
    acknowledged, lock, stop = [], threading.Lock(), threading.Event()
    errors = []

    def writer():
        try:
            with db.connection_context():
                while not stop.is_set():
                    new_id = _household(agency, project, marker="concurrent")
                    with lock:
                        acknowledged.append(new_id)
                    time.sleep(0.002)
        except Exception as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(6)]
    for thread in threads:
        thread.start()
    time.sleep(0.4)
    with lock:
        before = set(acknowledged)
    make_backup(tmp_path / "copy", database=db.obj)
    time.sleep(0.1)
    stop.set()
    for thread in threads:
        thread.join()
    assert not errors and len(before) > 20

    restore(tmp_path / "copy", open_database(target_url))
    households, audited = _restored(target_url)
    assert before <= households  # every write acknowledged before the backup began is in it
    assert households <= set(acknowledged)
    assert households == audited  # one snapshot: no household without its audit event, nor the reverse


def test_backup_is_owner_only_verified_and_holds_no_keys(app, tmp_path):
    agency, (project,), _ = make_agency()
    _household(agency, project)
    out = tmp_path / "backups" / "nightly.bak"
    result = make_backup(out, database=db.obj)
    assert result.path == out and result.size == out.stat().st_size > 0
    assert out.stat().st_mode & 0o777 == 0o600
    assert os.listdir(out.parent) == ["nightly.bak"]  # no temporary file left beside it
    content = out.read_bytes()
    if content.startswith(b"\x1f\x8b"):  # PostgreSQL: a gzipped script
        content = gzip.decompress(content)
    assert result.counts["household"] == 1 and result.counts["agency"] == 1
    assert b"Safe Harbor" in content  # the search below would find a value
    assert SECRET_KEY.encode() not in content and SHIFT_KEY.encode() not in content


def test_backup_refuses_to_overwrite_without_force(app, tmp_path):
    out = tmp_path / "b.bak"
    out.write_text("an older backup")
    with pytest.raises(BackupError, match="already exists"):
        make_backup(out, database=db.obj)
    assert out.read_text() == "an older backup"
    make_backup(out, database=db.obj, force=True)
    assert out.read_bytes().startswith((b"SQLite format 3", b"\x1f\x8b"))  # SQLite, or PostgreSQL's gzipped script


@pytest.mark.parametrize("how", ["passphrase", "recipient"])
def test_encrypted_round_trip(app, target_url, tmp_path, how):
    agency, (project,), _ = make_agency()
    made = {_household(agency, project) for _ in range(3)}
    identity = pyrage.x25519.Identity.generate()
    keys = {"passphrase": PASSPHRASE} if how == "passphrase" else {"recipients": [identity.to_public()]}
    out = tmp_path / "b.age"
    result = make_backup(out, database=db.obj, **keys)
    assert out.read_bytes().startswith(b"age-encryption.org/v1\n") and out.stat().st_mode & 0o777 == 0o600
    assert b"Safe Harbor" not in out.read_bytes()
    assert result.encrypted == ("passphrase" if how == "passphrase" else "public key")
    # The plaintext copy is gone: only the backup is left, beside the database and in the backup's folder.
    assert not list(tmp_path.rglob(".backup-*")) and os.listdir(tmp_path).count("b.age") == 1

    opened = {"passphrase": PASSPHRASE} if how == "passphrase" else {"identities": [identity]}
    restored = restore(out, open_database(target_url), **opened)
    assert restored.counts["household"] == 3 and restored.pending == []
    assert _restored(target_url)[0] == made


def test_wrong_passphrase_or_key_is_refused_and_nothing_written(tmp_path, sqlite_template):
    db.initialize(open_database(f"sqlite:///{sqlite_template}"))
    target_url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    target = open_database(target_url)
    out = make_backup(tmp_path / "p.age", database=db.obj, passphrase=PASSPHRASE).path
    with pytest.raises(CryptError, match="the passphrase is wrong"):
        restore(out, target, passphrase="not the right passphrase")
    with pytest.raises(BackupError, match="is encrypted: give --passphrase-file"):
        restore(out, target)
    stranger = pyrage.x25519.Identity.generate().to_public()
    out = make_backup(tmp_path / "k.age", database=db.obj, recipients=[stranger]).path
    with pytest.raises(CryptError, match="none of the keys given opens it"):
        restore(out, target, identities=[pyrage.x25519.Identity.generate()])
    _assert_untouched(target_url)


def _assert_untouched(url):
    if url.startswith("sqlite"):
        assert not Path(url.removeprefix("sqlite:///")).exists()
    else:
        target = open_database(url)
        with target.connection_context():
            assert target.get_tables() == []


def _truncated_copy(tmp_path, database):
    full = make_backup(tmp_path / "full", database=database).path
    cut = tmp_path / "cut"
    cut.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    return cut


def _foreign_sqlite(tmp_path, database):
    import sqlite3
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    return path


def _cut_age(tmp_path, database):
    out = make_backup(tmp_path / "full.age", database=database, recipients=[IDENTITY.to_public()]).path
    cut = tmp_path / "cut.age"
    cut.write_bytes(out.read_bytes()[:-100])
    return cut


@pytest.mark.parametrize("make, message", [
    (lambda tmp_path, _: _write(tmp_path / "random", os.urandom(5000)), "is not a backup"),
    (lambda tmp_path, _: _write(tmp_path / "notes.txt", b"hello\n"), "is not a backup"),
    (lambda tmp_path, _: _write(tmp_path / "empty", b""), "is not a backup"),
    (_truncated_copy, "damaged or cut short"),
    (_foreign_sqlite, "not one of this app"),
    (_cut_age, "could not be decrypted"),
])
def test_a_file_that_is_not_a_backup_is_refused(app, target_url, tmp_path, make, message):
    path = make(tmp_path, db.obj)
    with pytest.raises((BackupError, CryptError), match=message):
        restore(path, open_database(target_url), identities=[IDENTITY])
    _assert_untouched(target_url)


def _write(path, content):
    path.write_bytes(content)
    return path


def test_restore_into_a_database_with_data_is_refused_and_changes_nothing(app, database_url, tmp_path):
    agency, (project,), _ = make_agency()
    out = make_backup(tmp_path / "b", database=db.obj).path
    _household(agency, project)
    before = _restored(database_url)
    with pytest.raises(BackupError, match=r"is not empty \(rows: agency 1, app_user 3, audit_event 1, household 1"):
        restore(out, open_database(database_url))
    assert _restored(database_url) == before and len(before[0]) == 1


def test_a_backup_from_a_newer_schema_is_refused(app, target_url, tmp_path):
    with db.connection_context():
        db.execute_sql(f"INSERT INTO migratehistory (name, migrated_at) VALUES ('999_future', {db.param})",
                       ("2030-01-01 00:00:00",))
    try:
        out = make_backup(tmp_path / "b", database=db.obj).path
    finally:
        with db.connection_context():
            db.execute_sql("DELETE FROM migratehistory WHERE name = '999_future'")
    with pytest.raises(BackupError, match=r"newer version of this app .* 999_future"):
        restore(out, open_database(target_url))
    _assert_untouched(target_url)


def test_an_older_backup_is_restored_and_names_the_migrations_to_come(app, target_url, tmp_path):
    last = known_migrations()[-1]
    with db.connection_context():
        db.execute_sql(f"DELETE FROM migratehistory WHERE name = {db.param}", (last,))
    try:
        out = make_backup(tmp_path / "b", database=db.obj).path
    finally:
        with db.connection_context():
            db.execute_sql(f"INSERT INTO migratehistory (name, migrated_at) VALUES ({db.param}, {db.param})",
                           (last, "2026-01-01 00:00:00"))
    assert restore(out, open_database(target_url)).pending == [last]


def test_restored_sqlite_files_are_owner_only(tmp_path, sqlite_template):
    db.initialize(open_database(f"sqlite:///{sqlite_template}"))
    out = make_backup(tmp_path / "b", database=db.obj).path
    target = tmp_path / "restored" / "hmis.sqlite3"
    restore(out, open_database(f"sqlite:///{target}"))
    restored = open_database(f"sqlite:///{target}")
    with restored.connection_context():  # the app's WAL mode makes the -wal and -shm files
        restored.execute_sql("SELECT count(*) FROM agency")
        for suffix in ("", "-wal", "-shm"):
            assert Path(f"{target}{suffix}").stat().st_mode & 0o777 == 0o600, suffix


# The commands, as an admin runs them.

def _flask(*args, tmp_path, env=None):
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
                   "SECRET_KEY": SECRET_KEY, "DATE_SHIFT_KEY": SHIFT_KEY, **(env or {})}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)


def _passphrase_file(tmp_path, mode=0o600):
    path = tmp_path / "passphrase"
    path.write_text(PASSPHRASE + "\n")
    path.chmod(mode)
    return str(path)


def test_backup_and_restore_commands(tmp_path, sqlite_template):
    shutil.copy(sqlite_template, tmp_path / "cli.sqlite3")  # migrated already: each command starts faster
    db.initialize(open_database(f"sqlite:///{tmp_path / 'cli.sqlite3'}"))
    with db.connection_context():
        make_agency("Harbor DV")
    db.close()
    out = tmp_path / "nightly.age"
    backup = _flask("backup", "--out", str(out), "--passphrase-file", _passphrase_file(tmp_path), tmp_path=tmp_path)
    assert backup.returncode == 0, backup.stderr
    assert f"Wrote {out}" in backup.stdout and "encrypted with a passphrase" in backup.stdout
    assert "Rows: agency 1, app_user 3, project 1" in backup.stdout and "The keys are not in it" in backup.stdout

    into = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    unconfirmed = _flask("restore", str(out), "--into", into, tmp_path=tmp_path)
    assert unconfirmed.returncode != 0 and "Run this in a terminal to confirm, or pass --yes" in unconfirmed.stderr
    assert not (tmp_path / "restored.sqlite3").exists()

    restored = _flask("restore", str(out), "--into", into, "--yes", "--passphrase-file", _passphrase_file(tmp_path),
                      tmp_path=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert "its checks passed. Rows: agency 1, app_user 3, project 1" in restored.stdout

    into_data = _flask("restore", str(out), "--yes", tmp_path=tmp_path)
    assert into_data.returncode == 1 and "is not empty (rows: agency 1, app_user 3" in into_data.stderr
    assert "Traceback" not in unconfirmed.stderr + into_data.stderr


def test_backup_command_asks_for_a_passphrase_only_at_a_terminal(tmp_path, sqlite_template):
    shutil.copy(sqlite_template, tmp_path / "cli.sqlite3")
    result = _flask("backup", "--out", str(tmp_path / "b"), "--encrypt", tmp_path=tmp_path)
    assert result.returncode == 2 and "run this in a terminal to be asked for the passphrase" in result.stderr
    assert not (tmp_path / "b").exists()


@pytest.mark.parametrize("args, message", [
    (["--out", "{tmp}/b", "--passphrase-file", "{loose}"], "can be read by others (mode 644)"),
    (["--out", "{tmp}/b", "--passphrase-file", "{tmp}/missing"], "could not be read: No such file"),
    (["--out", "{tmp}/b", "--passphrase-file", "{short}"], "at least 12 characters"),
    (["--out", "{tmp}/b", "--recipient", "age1nope"], "'age1nope' is not an age public key"),
    (["--out", "{tmp}/b", "--recipient", "age1nope", "--encrypt"], "a passphrase or with public keys, not both"),
    (["--out", "{tmp}"], "is a directory"),
])
def test_backup_command_refuses_bad_arguments(app, tmp_path, args, message):
    loose = _passphrase_file(tmp_path, mode=0o644)
    short = tmp_path / "short"
    short.write_text("too short\n")
    short.chmod(0o600)
    args = [a.format(tmp=tmp_path, loose=loose, short=short) for a in args]
    result = app.test_cli_runner().invoke(args=["backup", *args])
    assert result.exit_code != 0 and message in result.output, result.output
    assert not (tmp_path / "b").exists()


def test_backup_command_refuses_to_overwrite(app, tmp_path):
    (tmp_path / "b").write_text("last night's")
    result = app.test_cli_runner().invoke(args=["backup", "--out", str(tmp_path / "b")])
    assert result.exit_code == 1 and "already exists; choose another name, or pass --force" in result.output
    assert (tmp_path / "b").read_text() == "last night's"


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_a_custom_format_dump_made_before_scripts_still_restores(app, target_url, tmp_path):
    """Backups were pg_dump's custom format until they became sorted scripts: those files still restore."""
    agency, (project,), _ = make_agency()
    household_id = _household(agency, project)
    old = tmp_path / "nightly-2026-11.dump"
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={old}",
                    *postgres_dsn(db.obj)], check=True, capture_output=True)
    restore(old, open_database(target_url))
    assert _restored(target_url) == ({household_id}, {household_id})


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_a_postgresql_backup_keeps_rows_in_no_order_of_creation(app, tmp_path):
    """The heap keeps rows in the order they were inserted; the backup script sorts each table's rows by their
    text, which starts with their random key."""
    agency, (project,), _ = make_agency()
    created = [_household(agency, project) for _ in range(30)]
    assert all(key >= 2 ** 31 for key in created)
    out = make_backup(tmp_path / "b", database=db.obj).path
    _, _, rows = pg_script.read(out, keep=("household",))
    in_file = [int(row["id"]) for row in rows["household"]]
    assert sorted(in_file) == sorted(created) and in_file != created
    assert in_file == sorted(created, key=str)


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_a_postgresql_backup_counts_the_apps_own_tables_beside_another_schema(app, target_url, tmp_path):
    agency, (project,), _ = make_agency()
    household_id = _household(agency, project)
    with db.connection_context():
        db.execute_sql("CREATE SCHEMA other; CREATE TABLE other.household (id integer); "
                       "INSERT INTO other.household VALUES (1), (2), (3)")
    try:
        result = make_backup(tmp_path / "b", database=db.obj)
    finally:
        with db.connection_context():
            db.execute_sql("DROP SCHEMA other CASCADE")
    assert result.counts["household"] == 1
    restore(result.path, open_database(target_url))
    assert _restored(target_url) == ({household_id}, {household_id})
