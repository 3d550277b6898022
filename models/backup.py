"""Consistent, private copies of the whole database: before a migration, and on an admin's command.

A copy holds every client record, so it is written owner-only (0600), whole or not at all, and checked after
writing. It never holds the keys: they live in files or the environment, and are backed up apart.
"""
import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import backup_crypt, pg_script
from .db import db
from .dialect import is_sqlite

# The tables whose rows `backup` and `restore` count, so an admin sees at a glance that the copy holds the data.
MAIN_TABLES = ("agency", "app_user", "project", "household", "client", "enrollment", "service", "audit_event")
SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A copy could not be written or does not read back as one."""


def write_backup(out: Path, database=None) -> dict:
    """Copy the database `db` points at (or `database`) to `out`, owner-only, and check the copy reads back;
    returns the copy's row counts of MAIN_TABLES, as read back.

    SQLite: VACUUM INTO, a single read transaction, so the copy is one consistent state (committed pages still
    in the WAL included) and writers are not blocked in WAL mode. PostgreSQL: pg_dump's
    script of one snapshot of the database, gzipped, with each table's rows in an order that says nothing of when
    they were inserted (models.pg_script)."""
    database = database or db.obj
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)  # 0600, beside the target
    os.close(fd)
    try:
        if is_sqlite(database):
            _copy_sqlite(Path(database.database), Path(tmp))
            counts = sqlite_counts(Path(tmp))
        else:
            counts = _dump_postgres(database, Path(tmp))
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return counts


def _copy_sqlite(source: Path, target: Path) -> None:
    if not source.exists():
        raise BackupError(f"There is no database file at {source}.")
    src = sqlite3.connect(read_only_uri(source), uri=True, timeout=5)
    dst = None
    try:
        # Rebuilt rather than copied page for page: one read snapshot, written afresh in key order, so no page
        # keeps its rows in the order they were inserted, nor what deleted rows left in its free space.
        src.execute("VACUUM INTO ?", (str(target),))
        dst = sqlite3.connect(target)
        # One self-contained file: a copy left in WAL mode would grow -wal/-shm files beside it whenever opened.
        dst.execute("PRAGMA journal_mode=DELETE")
        # quick_check reads every page and record (1 s for 125 MB); integrity_check would also match every index
        # against its table (11 s), which only a database already corrupt in service could fail on a page-for-page
        # copy. `restore` runs the full check.
        problem = dst.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"The database at {source} could not be copied: {exc}.") from None
    finally:
        if dst is not None:
            dst.close()
        src.close()
    if problem != "ok":
        raise BackupError(f"The copy of {source} failed its check: {problem}.")


def read_only_uri(path: Path, immutable=False) -> str:
    """An SQLite URI opening `path` read-only; `immutable` for a copy nothing else writes (no lock, no -shm)."""
    return Path(path).resolve().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")


def postgres_dsn(database) -> list[str]:
    """pg_dump/pg_restore connection arguments for a peewee PostgreSQL database."""
    params = {"dbname": database.database, **database.connect_params}
    args = []
    for flag, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
        if params.get(key):
            args.append(f"{flag}={params[key]}")
    return args + [str(params["dbname"])]


def _postgres_env(database) -> dict:
    env = dict(os.environ)
    password = database.connect_params.get("password")
    if password:
        env["PGPASSWORD"] = str(password)  # never on the command line, where `ps` shows it
    options = database.connect_params.get("options")
    if options:
        env["PGOPTIONS"] = options
    return env


def _dump_postgres(database, target: Path) -> dict:
    command = ["pg_dump", "--format=plain", "--no-owner", "--no-privileges", *postgres_dsn(database)]
    try:
        pg_script.dump(command, _postgres_env(database), target)
        _, counts, _ = pg_script.read(target)  # reads it all back: a script cut short fails here
    except FileNotFoundError:
        raise BackupError("pg_dump was not found: install PostgreSQL's client tools (Debian: postgresql-client) "
                          "in the same major version as the server.") from None
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{exc.cmd[0]} failed: {exc.stderr.strip()}") from None
    except pg_script.ScriptError as exc:
        raise BackupError(f"The dump did not read back whole: {exc}.") from None
    return {t: counts[t] for t in MAIN_TABLES if t in counts}


@dataclass
class BackupResult:
    path: Path
    size: int
    encrypted: str | None  # "passphrase", "public key" or None
    counts: dict = field(default_factory=dict)  # table -> rows


def make_backup(out, *, database=None, force=False, passphrase=None, recipients=()) -> BackupResult:
    """The `backup` command: a verified copy at `out`, encrypted when given a passphrase or age recipients.

    An encrypted backup's plaintext copy is written to a private temporary folder beside the database (a disk
    that holds the same plaintext already, never the backup's destination) and removed once encrypted."""
    database = database or db.obj
    out = Path(out)
    if out.exists() and not force:
        raise BackupError(f"{out} already exists; choose another name, or pass --force to replace it.")
    if out.is_dir():
        raise BackupError(f"{out} is a folder; give the name of the file to write.")
    if passphrase is None and not recipients:
        counts = write_backup(out, database)
        return BackupResult(out, out.stat().st_size, None, counts)
    with private_folder(beside=_database_folder(database)) as folder:
        plain = folder / "copy"
        counts = write_backup(plain, database)
        out.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
        os.close(fd)
        try:
            backup_crypt.encrypt(plain, Path(tmp), passphrase=passphrase, recipients=recipients)
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    kind = "passphrase" if passphrase is not None else "public key"
    return BackupResult(out, out.stat().st_size, kind, counts)


def _database_folder(database):
    return Path(database.database).resolve().parent if is_sqlite(database) else None


@contextmanager
def private_folder(beside=None):
    """A 0700 temporary folder (in `beside` when given), removed with everything in it afterwards."""
    path = Path(tempfile.mkdtemp(prefix=".backup-", dir=beside))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def sqlite_counts(path: Path, tables=MAIN_TABLES) -> dict:
    """Row counts of the main tables in an SQLite file (tables it lacks are left out)."""
    conn = sqlite3.connect(read_only_uri(path, immutable=True), uri=True)
    try:
        present = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables if t in present}
    finally:
        conn.close()
