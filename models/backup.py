"""Consistent, private copies of the whole database: before a migration, and on an admin's command.

A copy holds every client record, so it is written owner-only (0600), whole or not at all, and checked after
writing. It never holds the keys: they live in files or the environment, and are backed up apart.
"""
import os
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from peewee import SqliteDatabase

from .db import db


class BackupError(Exception):
    """A copy could not be written or does not read back as one."""


def write_backup(out: Path, database=None) -> Path:
    """Copy the database `db` points at (or `database`) to `out`, owner-only, and check the copy reads back.

    SQLite: the online backup API in one step, a single read transaction, so the copy is one consistent state
    (committed pages still in the WAL included) and writers are not blocked in WAL mode. PostgreSQL: pg_dump's
    custom format, one snapshot of the database."""
    database = database or db.obj
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)  # 0600, beside the target
    os.close(fd)
    try:
        if isinstance(database, SqliteDatabase):
            _copy_sqlite(Path(database.database), Path(tmp))
        else:
            _dump_postgres(database, Path(tmp))
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def _copy_sqlite(source: Path, target: Path) -> None:
    if not source.exists():
        raise BackupError(f"There is no database file at {source}.")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=5)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)  # pages=-1: all pages in one step, under one read snapshot
        problem = dst.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"The database at {source} could not be copied: {exc}.") from None
    finally:
        dst.close()
        src.close()
    if problem != "ok":
        raise BackupError(f"The copy of {source} failed its integrity check: {problem}.")


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


def _dump_postgres(database, target: Path) -> None:
    command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}",
               *postgres_dsn(database)]
    try:
        subprocess.run(command, check=True, capture_output=True, text=True, env=_postgres_env(database))
        subprocess.run(["pg_restore", "--list", str(target)], check=True, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError("pg_dump was not found: install PostgreSQL's client tools (Debian: postgresql-client) "
                          "in the same major version as the server.") from None
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{exc.cmd[0]} failed: {exc.stderr.strip()}") from None
