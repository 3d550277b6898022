"""Database wiring: opening the database a URL names, a pooled connection per request, write transactions."""
from flask.cli import NoAppException
from playhouse.db_url import connect

from .base import BaseModel, db, one_or_404
from .dialect import is_sqlite

__all__ = ["BaseModel", "ConfigurationError", "DatabaseUrlError", "close_all", "db", "init_app", "one_or_404",
           "open_database", "write_transaction"]

# Reports: temporary tables in memory, and the database file read through a memory map, because each request's new
# connection starts with a cold page cache (copying 100,000s of rows' pages in was a third of a report's time).
SQLITE_PRAGMAS = {"foreign_keys": 1, "journal_mode": "wal", "busy_timeout": 5000, "temp_store": "memory",
                  "mmap_size": 1 << 30}
# PostgreSQL keeps temporary tables in per-session buffers (8 MB by default): the reports' universe fits in 64 MB.
# random_page_cost 1.1 (PostgreSQL's advice for SSDs and cached data; its default 4 assumes spinning disks) lets
# the planner look up the few clients a privacy check needs by key instead of scanning them all.
POSTGRES_OPTIONS = {"options": "-c temp_buffers=64MB -c random_page_cost=1.1"}
# The app's connections are kept between requests: a fresh PostgreSQL one costs a handshake, and a fresh one of
# either kind starts with cold caches (on SQLite, opening, reading the schema and closing were half a live check's
# time). More than waitress's threads, well under PostgreSQL's max_connections.
POOL = {"max_connections": 32, "stale_timeout": 300}


class ConfigurationError(NoAppException):
    """A setting or a database the app cannot start with; flask's CLI prints it as a one-line error, not a
    traceback. Defined here, not in config: the settings depend on the models, never the other way round."""


class DatabaseUrlError(ConfigurationError):
    """DATABASE_URL does not name a database this app can use."""


def open_database(url: str, pooled=False):
    """Connect to the database a URL names; SQLite gets WAL, foreign keys and a busy timeout, and either a
    connection pool when `pooled` (the app's own connections)."""
    scheme, _, rest = url.partition("://")
    if scheme not in ("sqlite", "postgresql", "postgres", "psycopg3"):
        raise DatabaseUrlError(
            f"DATABASE_URL must start with sqlite:/// or postgresql://, not {scheme or url!r}")
    options = {"pragmas": SQLITE_PRAGMAS} if scheme == "sqlite" else POSTGRES_OPTIONS
    if pooled:
        # A pooled SQLite connection serves one thread at a time, but not always the thread that opened it.
        extra = {"check_same_thread": False} if scheme == "sqlite" else {}
        url, options = f"{scheme}+pool://{rest}", {**options, **POOL, **extra}
    try:
        return connect(url, **options)
    except Exception as exc:  # noqa: BLE001 - playhouse raises several types for a malformed URL
        raise DatabaseUrlError(f"DATABASE_URL could not be read: {exc}") from None


def init_app(app):
    database = open_database(app.config["DATABASE_URL"], pooled=True)
    db.initialize(database)

    @app.before_request
    def _open_db():
        db.connect(reuse_if_open=True)

    @app.teardown_request
    def _close_db(exc):
        if not db.is_closed():
            db.close()


def close_all():
    """Close this thread's connection and, for a pool, every idle one (when a test or a benchmark is done)."""
    if not db.is_closed():
        db.close()
    if hasattr(db.obj, "close_all"):
        db.obj.close_all()


def write_transaction():
    """BEGIN IMMEDIATE on SQLite (no lock-upgrade races between writers); plain BEGIN elsewhere."""
    return db.atomic("IMMEDIATE") if is_sqlite() else db.atomic()
