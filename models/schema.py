"""Migrations at start-up: the schema brought up to date in one checked transaction, after a backup, and databases
that are not this app's (or are a newer version's) refused before anything touches them."""
import logging
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from peewee import DatabaseError
from peewee_migrate import Router

from .backup import BackupError, write_backup
from .db import ConfigurationError, db, write_transaction
from .dialect import is_sqlite

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
# peewee-migrate replays applied migrations with peewee.Database.execute_sql patched process-wide: another thread
# migrating meanwhile would read mock cursors. Threads of one process take turns; other processes wait on the
# database's own lock (see migrate()).
_ONE_THREAD_AT_A_TIME = threading.Lock()


class MigrationError(ConfigurationError):
    """The schema could not be brought up to date; the database is as it was (the message says why)."""


@dataclass
class Migration:
    applied: list[str] = field(default_factory=list)  # the migrations run, in order
    backup: Path | None = None  # the copy taken before them, when the database held data
    created: bool = False  # the database was empty: the schema was created from nothing

    def summary(self) -> str:
        if not self.applied:
            return "The schema is up to date."
        if self.created:
            return f"Created the database ({len(self.applied)} migrations, up to {self.applied[-1]})."
        return (f"Backed up the database to {self.backup}.\n" if self.backup else "") + \
            f"Applied {', '.join(self.applied)}."


def migrate(backup_dir: Path | None = None) -> Migration:
    """Bring the schema up to date, or create it on an empty database.

    A database that holds rows is first copied into `backup_dir` (refused without one). All pending migrations run
    in one transaction, which is rolled back, leaving the database as it was, if any check fails afterwards: rows
    lost from a table, and on SQLite broken foreign keys or a failed integrity check. On SQLite, foreign keys are
    switched off on the connection before that transaction begins (the pragma is ignored inside one): rebuilding a
    table (copy, DROP, rename) would otherwise cascade the DROP into every child table and delete their rows."""
    with _ONE_THREAD_AT_A_TIME:
        return _migrate(backup_dir)


def _migrate(backup_dir: Path | None) -> Migration:
    tables = _tables()  # connects
    sqlite, changed_pragma = is_sqlite(), False
    try:
        _refuse_foreign(tables)
        router = Router(db, migrate_dir=MIGRATIONS_DIR, logger=_quiet_logger())
        _refuse_unknown(router)
        if not router.diff:
            return Migration()
        counts = _row_counts(tables - {HISTORY})
        result = Migration(created=not any(counts.values()))
        if not result.created:
            result.backup = _backup(backup_dir, router.done)
        if sqlite:
            changed_pragma = True
            db.execute_sql("PRAGMA foreign_keys = OFF")  # outside any transaction, where it takes effect
            if db.execute_sql("PRAGMA foreign_keys").fetchone()[0]:
                raise MigrationError("Foreign keys could not be switched off for the migration (is a "
                                     "transaction open?): nothing was changed.")
        try:
            # One writer at a time: a second app process starting now waits, then finds nothing left to do.
            with write_transaction():
                if not sqlite:
                    db.execute_sql(f"LOCK TABLE {HISTORY} IN EXCLUSIVE MODE")
                counts = _row_counts(tables - {HISTORY})  # again, now that no one else writes
                result.applied = router.run()
                _check(counts, sqlite)
        except MigrationError:
            raise
        except Exception as exc:
            # The first line only: PostgreSQL's DETAIL line quotes the failing row, which may hold a date of birth.
            first_line = (str(exc).strip().splitlines() or [""])[0]
            raise MigrationError(f"Migration failed and was rolled back, nothing was changed: "
                                 f"{type(exc).__name__}: {first_line}") from exc
        return result
    finally:
        _release(changed_pragma)


HISTORY = "migratehistory"


def refuse_unusable() -> None:
    """Refuse, before anything reads or writes it, a database that is not this app's: unreadable, another
    application's, or migrated by a newer version (migrate() checks the same; this is for start-up checks that
    run before it)."""
    tables = _tables()
    _refuse_foreign(tables)
    if HISTORY in tables:
        _refuse_unknown(Router(db, migrate_dir=MIGRATIONS_DIR, logger=_quiet_logger()))


def _tables() -> set[str]:
    """The database's tables; a file that is not a database, or one that cannot be reached, is refused."""
    if is_sqlite():
        # Looked at read-only first: the app's connection switches the file to WAL mode, a change to a file
        # that may belong to another application.
        _refuse_foreign(_sqlite_tables(Path(db.obj.database)))
    try:
        db.connect(reuse_if_open=True)
        return set(db.get_tables())
    except DatabaseError as exc:  # on SQLite "file is not a database"; on PostgreSQL, cannot connect
        _discard_connection()
        raise MigrationError(f"The database could not be read ({str(exc).strip()}): is DATABASE_URL the right "
                             f"database? Nothing was changed.") from None


def _sqlite_tables(path: Path) -> set[str]:
    if not path.exists():
        return set()  # a new database
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return {name for name, in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise MigrationError(f"The database could not be read ({exc}): is DATABASE_URL the right file? Nothing "
                             f"was changed.") from None


def _refuse_foreign(tables: set[str]) -> None:
    """Tables but no migration history: another application's database, never ours to change."""
    if tables and HISTORY not in tables:
        names = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise MigrationError(f"The database holds tables that are not this app's ({names}) and no migration "
                             f"history: is DATABASE_URL the right database? Nothing was changed.")


def _refuse_unknown(router) -> None:
    """Migrations recorded in the database that this copy of the app does not have: a newer app's schema."""
    unknown = [name for name in router.done if name not in set(router.todo)]
    if unknown:
        raise MigrationError(f"The database was migrated by a newer version of this app ({', '.join(unknown)} "
                             f"is not in this version's migrations): run that version, or restore a backup taken "
                             f"before it. Nothing was changed.")


def _row_counts(tables) -> dict[str, int]:
    return {table: db.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in sorted(tables)}


def _backup(folder, done) -> Path:
    if folder is None:
        raise MigrationError("The database holds data and no folder for a backup was given: nothing was changed.")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    suffix = ".sqlite3" if is_sqlite() else ".sql.gz"
    path = Path(folder) / f"pre-migrate-{stamp}-{done[-1] if done else 'none'}{suffix}"
    try:
        write_backup(path)
        return path
    except (BackupError, OSError) as exc:
        raise MigrationError(f"The backup before migrating could not be written to {path} ({exc}): "
                             f"nothing was migrated.") from None


def _check(before: dict[str, int], sqlite: bool) -> None:
    """Raise (inside the transaction, so it rolls back) if the migrated database lost rows or is inconsistent."""
    after = _row_counts(before)
    lost = [f"{table} {before[table]} -> {after[table]}" for table in before if after[table] < before[table]]
    if lost:
        raise MigrationError(f"Migrating would have lost rows ({'; '.join(lost)}): rolled back, nothing was "
                             f"changed. Please report this.")
    if not sqlite:
        return  # PostgreSQL enforces foreign keys throughout, and its DDL never rebuilds a table
    broken = db.execute_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({row[0] for row in broken})
        raise MigrationError(f"Migrating would have left {len(broken)} rows pointing at missing rows (in "
                             f"{', '.join(tables)}): rolled back, nothing was changed. Please report this.")
    problems = [row[0] for row in db.execute_sql("PRAGMA integrity_check").fetchall()]
    if problems != ["ok"]:
        raise MigrationError(f"The migrated database failed its integrity check ({problems[0]}): rolled back, "
                             f"nothing was changed.")


def _release(changed_pragma: bool) -> None:
    """Foreign keys back on after a migration, and that connection closed for good rather than returned to the
    pool, so no pragma state of the migration can reach a request."""
    if not changed_pragma:
        db.close()
        return
    try:
        db.execute_sql("PRAGMA foreign_keys = ON")
    except DatabaseError:
        pass  # the connection is discarded either way
    _discard_connection()


def _discard_connection():
    try:
        if hasattr(db.obj, "manual_close"):
            db.obj.manual_close()
        else:
            db.close()
    except DatabaseError:
        pass  # a connection that failed to open


def pending_migrations():
    with db.connection_context():
        return Router(db, migrate_dir=MIGRATIONS_DIR, logger=_quiet_logger()).diff


def _quiet_logger():
    # peewee-migrate logs every statement at INFO, and a failure with its traceback: migrate() reports failures
    # itself, in one message.
    logging.getLogger("peewee_migrate").setLevel(logging.CRITICAL)
    return logging.getLogger("peewee_migrate")
