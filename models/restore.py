"""Restoring a backup into an empty database. The file is decrypted and checked whole, and the target checked
empty, before anything is written; a refusal changes nothing."""
import gzip
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import backup_crypt, pg_script
from .backup import (MAIN_TABLES, PGDUMP_MAGIC, SQLITE_MAGIC, BackupError, _postgres_env, postgres_dsn,
                     private_folder, read_only_uri, sqlite_counts)
from .schema import MIGRATIONS_DIR
from .dialect import is_sqlite

# Tables about the instance itself, not its clients: the app fills them at start (the schema's history, the key
# fingerprint), so a database holding only these still counts as empty.
INSTANCE_TABLES = {"migratehistory", "instance_setting", "sign_in_failure"}


@dataclass
class Found:
    """What a plaintext backup file holds."""
    kind: str  # "sqlite" or "postgres"
    migrations: list
    counts: dict = field(default_factory=dict)
    script: bool = False  # a PostgreSQL backup as a gzipped script (custom-format dumps came before)


@dataclass
class Restored:
    target: str
    counts: dict
    pending: list  # this app's migrations the backup predates


def known_migrations() -> list:
    return sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py"))


def describe(database) -> str:
    if is_sqlite(database):
        return f"the SQLite database {database.database}"
    host = database.connect_params.get("host") or "localhost"
    return f"the PostgreSQL database {database.database!r} on {host}"


def confirmation_word(database) -> str:
    """What the admin types to confirm: the database file's name, or the PostgreSQL database's."""
    return Path(database.database).name if is_sqlite(database) else database.database


def check_target(database) -> None:
    """Refuse a database that holds data, naming what it holds."""
    held = database_rows(database)
    if held:
        listed = ", ".join(f"{table} {count:,}" for table, count in sorted(held.items()))
        raise BackupError(f"{describe(database)} is not empty (rows: {listed}); nothing was changed. A restore only "
                          "writes into an empty database: name a new one with --into, or move this one aside.")


def database_rows(database) -> dict:
    """Tables other than the instance's own that hold rows, with their counts."""
    if is_sqlite(database) and not Path(database.database).exists():
        return {}  # a file the restore will create
    try:
        with database.connection_context():
            tables = [t for t in database.get_tables() if t not in INSTANCE_TABLES]
            counts = {t: database.execute_sql(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    except Exception as exc:  # noqa: BLE001 - sqlite3 and psycopg2 errors alike: say what the database said
        raise BackupError(f"{describe(database)} could not be read: {str(exc).strip()}") from None
    return {t: n for t, n in counts.items() if n}


def inspect(plain: Path, name: str) -> Found:
    """Check a plaintext file is a whole backup of this app and read which migrations made it."""
    with open(plain, "rb") as f:
        head = f.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        found = _inspect_sqlite(plain, name)
    elif head.startswith(pg_script.GZIP_MAGIC):
        found = _inspect_pgscript(plain, name)
    elif head.startswith(PGDUMP_MAGIC):
        found = _inspect_pgdump(plain, name)
    else:
        raise BackupError(f"{name} is not a backup: it is neither an SQLite database, a PostgreSQL dump nor an "
                          "age-encrypted file.")
    unknown = [m for m in found.migrations if m not in set(known_migrations())]
    if unknown:
        raise BackupError(f"{name} was made by a newer version of this app (its schema has migrations this one "
                          f"does not know: {', '.join(unknown)}); nothing was changed. Upgrade the app, then "
                          "restore.")
    return found


def _inspect_sqlite(plain: Path, name: str) -> Found:
    try:
        conn = sqlite3.connect(read_only_uri(plain, immutable=True), uri=True)
        try:
            problem = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if problem != "ok":
                raise BackupError(f"{name} is damaged ({problem}); nothing was changed.")
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"migratehistory", "agency"} <= tables:
                raise BackupError(f"{name} is an SQLite database, but not one of this app (it has no "
                                  "migratehistory or agency table); nothing was changed.")
            migrations = [row[0] for row in conn.execute("SELECT name FROM migratehistory ORDER BY id")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{name} is damaged or cut short ({exc}); nothing was changed.") from None
    return Found("sqlite", migrations, sqlite_counts(plain))


def _pg_restore(*args) -> str:
    try:
        return subprocess.run(["pg_restore", *args], check=True, capture_output=True, text=True).stdout
    except FileNotFoundError:
        raise BackupError("pg_restore was not found: install PostgreSQL's client tools (Debian: "
                          "postgresql-client).") from None
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"pg_restore could not read it: {exc.stderr.strip()}") from None


def _inspect_pgdump(plain: Path, name: str) -> Found:
    try:
        _pg_restore("--file=/dev/null", str(plain))  # reads every block: a dump cut short fails here
    except BackupError as exc:
        raise BackupError(f"{name} is damaged or cut short; nothing was changed. {exc}") from None
    listing = _pg_restore("--list", str(plain))
    if not re.search(r" TABLE DATA \S+ migratehistory ", listing) or not re.search(r" TABLE \S+ agency ", listing):
        raise BackupError(f"{name} is a PostgreSQL dump, but not one of this app (it has no migratehistory or "
                          "agency table); nothing was changed.")
    script = _pg_restore("--data-only", "--table=migratehistory", "--file=-", str(plain))
    return Found("postgres", _copied_names(script))


def _inspect_pgscript(plain: Path, name: str) -> Found:
    try:
        created, counts, rows = pg_script.read(plain, keep=("migratehistory",))
    except pg_script.ScriptError as exc:
        raise BackupError(f"{name} is damaged or cut short ({exc}); nothing was changed.") from None
    if not {"migratehistory", "agency"} <= created or "migratehistory" not in rows:
        raise BackupError(f"{name} is a PostgreSQL dump, but not one of this app (it has no migratehistory or "
                          "agency table); nothing was changed.")
    migrations = [row["name"] for row in sorted(rows["migratehistory"], key=lambda r: int(r["id"]))]
    return Found("postgres", migrations, {t: counts.get(t, 0) for t in MAIN_TABLES if t in created}, script=True)


def _copied_names(script: str) -> list:
    """The `name` column of a COPY block in a pg_restore script."""
    names, columns = [], None
    for line in script.splitlines():
        if line.startswith("COPY "):
            columns = [c.strip() for c in line[line.index("(") + 1:line.index(")")].split(",")]
        elif line == "\\.":
            columns = None
        elif columns:
            names.append(line.split("\t")[columns.index("name")])
    return names


def restore(source: Path, database, *, passphrase=None, identities=(), confirm=lambda: True) -> Restored:
    """Restore the backup `source` into the empty `database`; `confirm()` is asked once every check passed."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"There is no file at {source}.")
    sqlite_target = is_sqlite(database)
    check_target(database)  # first, as it is quick: decrypting alone takes a second or more
    folder = Path(database.database).resolve().parent if sqlite_target else None
    if folder:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with private_folder(beside=folder) as scratch:
        plain = source
        if backup_crypt.is_encrypted(source):
            if passphrase is None and not identities:
                raise BackupError(f"{source} is encrypted: give --passphrase-file or --identity, or run this in a "
                                  "terminal to be asked for the passphrase.")
            plain = scratch / "plain"
            backup_crypt.decrypt(source, plain, passphrase=passphrase, identities=identities)
        found = inspect(plain, source.name)
        if found.kind == "sqlite" and not sqlite_target:
            raise BackupError(f"{source.name} is an SQLite backup: it cannot be restored into PostgreSQL. Restore "
                              "it into an SQLite file (--into sqlite:///path/hmis.sqlite3).")
        if found.kind == "postgres" and sqlite_target:
            raise BackupError(f"{source.name} is a PostgreSQL dump: restore it into an empty PostgreSQL database "
                              "(--into postgresql://user@host:5432/name).")
        if not confirm():
            raise BackupError("The name typed does not match; nothing was restored.")
        if sqlite_target:
            _restore_sqlite(plain, Path(database.database))
        else:
            _restore_postgres(plain, database, found.script)
    counts = _counts(database)
    if (sqlite_target or found.script) and counts != found.counts:
        raise BackupError(f"The restored database's rows {counts} differ from the backup's {found.counts}.")
    pending = [m for m in known_migrations() if m not in set(found.migrations)]
    return Restored(describe(database), counts, pending)


def _restore_sqlite(plain: Path, target: Path) -> None:
    if not target.exists():
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    src = sqlite3.connect(read_only_uri(plain, immutable=True), uri=True)
    dst = sqlite3.connect(target, timeout=5)
    try:
        dst.execute("PRAGMA journal_mode=WAL")  # as the app opens it; the copy arrives in one write transaction
        src.backup(dst)
        dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        problem = dst.execute("PRAGMA quick_check").fetchone()[0]  # the backup passed the full check above
        orphans = dst.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"The restore into {target} failed: {exc}.") from None
    finally:
        dst.close()
        src.close()
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{target}{suffix}")
        if part.exists():
            part.chmod(0o600)
    if problem != "ok" or orphans:
        raise BackupError(f"The restored database {target} failed its checks: {problem}, "
                          f"{len(orphans)} rows without their parent.")


def _restore_postgres(plain: Path, database, script: bool) -> None:
    # The tables the app created at start are empty (checked): they make way for the backup's own.
    with database.connection_context():
        with database.atomic():
            for table in database.get_tables():
                database.execute_sql(f'DROP TABLE IF EXISTS "{table}" CASCADE')
    target, env = [*postgres_dsn(database)[:-1], f"--dbname={database.database}"], _postgres_env(database)
    try:
        if script:
            _run_script(["psql", "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1", *target],
                        plain, env)
        else:
            subprocess.run(["pg_restore", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
                            *target, str(plain)], check=True, capture_output=True, env=env)
    except FileNotFoundError as exc:
        raise BackupError(f"{exc.filename} was not found: install PostgreSQL's client tools (Debian: "
                          "postgresql-client).") from None
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{exc.cmd[0]} failed, and the database is left empty (the app re-creates its tables "
                          f"when it starts): {exc.stderr.decode('utf-8', 'replace').strip()}") from None


def _run_script(command, plain: Path, env) -> None:
    """Feed the gzipped script to psql as it is read, never whole in memory."""
    with gzip.open(plain, "rb") as source, tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        try:
            shutil.copyfileobj(source, proc.stdin)
            proc.stdin.close()
        except BrokenPipeError:
            pass  # psql stopped at an error: its message follows
        if proc.wait():
            errors.seek(0)
            raise subprocess.CalledProcessError(proc.returncode, command, stderr=errors.read())


def _counts(database) -> dict:
    with database.connection_context():
        present = set(database.get_tables())
        return {t: database.execute_sql(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                for t in MAIN_TABLES if t in present}
