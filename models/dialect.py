"""What differs between SQLite and PostgreSQL, in one place: the SQL each writes its own way, and what one needs that
the other does without. Callers ask for what they mean (the year of a date, a row lock) rather than test which
database they are on; a new difference, or a third database, changes this module only."""
from datetime import date

import peewee
from peewee import SQL, Cast, SqliteDatabase, Value, fn

from .base import db


def is_sqlite(database=None):
    """Whether the app's database (or `database`: a backup's source, a restore's target) is SQLite; otherwise it is
    PostgreSQL, the only other one the app runs on."""
    return isinstance(db.obj if database is None else database, SqliteDatabase)


# --- Dates: SQLite stores them as ISO text, PostgreSQL as dates -------------------------------------------------

def date_value(value):
    """A date parameter: ISO text for SQLite (how it stores dates), a date for PostgreSQL."""
    return Value(value.isoformat() if is_sqlite() else value)


def as_date(value):
    """A date read back from an aggregate (MIN, MAX) over a date column: text on SQLite, a date on PostgreSQL."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def year_of(day):
    """The year of a date, as an integer."""
    return Cast(fn.strftime("%Y", day) if is_sqlite() else fn.date_part("year", day), "INTEGER")


def year_sql(column):
    """year_of for SQL written as text, `column` being the column's name there."""
    if is_sqlite():
        return f"CAST(strftime('%Y', {column}) AS INTEGER)"
    return f"CAST(date_part('year', {column}) AS INTEGER)"


def month_of(day):
    """The month of a date, as an integer (1 to 12)."""
    return Cast(fn.strftime("%m", day) if is_sqlite() else fn.date_part("month", day), "INTEGER")


def month_day_of(day):
    """A date's month and day as 'MM-DD' text (ordered like the dates within one year)."""
    return fn.strftime("%m-%d", day) if is_sqlite() else fn.to_char(day, "MM-DD")


def day_of(timestamp):
    """The calendar day of a timestamp."""
    return fn.date(timestamp) if is_sqlite() else timestamp.cast("DATE")


def add_years(day, years):
    """The date `years` after `day` (an expression for the years)."""
    if is_sqlite():
        return fn.date(day, fn.printf("+%d years", years))
    return (day + years * SQL("INTERVAL '1 year'")).cast("DATE")


def days_between(later, earlier):
    """Whole days from earlier to later."""
    if is_sqlite():
        return (fn.julianday(later) - fn.julianday(earlier)).cast("INTEGER")
    return later - earlier


def years_between(earlier, later):
    """Whole years from earlier to later, as birthdays count them (leap-year safe), for earlier on or before later."""
    if is_sqlite():  # on YYYYMMDD numbers (ISO text without its hyphens): the difference's ten-thousands
        return (fn.REPLACE(later, "-", "").cast("INTEGER") - fn.REPLACE(earlier, "-", "").cast("INTEGER")) / 10000
    return fn.date_part("year", fn.age(later, earlier)).cast("INTEGER")


def greatest(a, b):
    """The larger of two values in one row (SQLite's two-argument MAX is not an aggregate)."""
    return fn.MAX(a, b) if is_sqlite() else fn.GREATEST(a, b)


# --- Statements and transactions ---------------------------------------------------------------------------------

def with_placeholders(text):
    """SQL written with ? for its parameters, in the placeholder style of the database's driver (%s for psycopg)."""
    return text.replace("?", db.obj.param)


def keeps_reid_profile():
    """PostgreSQL keeps reid_profile, every live enrollment's quasi-identifiers in one table refreshed by triggers
    (migrations/012_reid_profile.py); SQLite has no such table and joins the base tables instead."""
    return not is_sqlite()


def for_update(query):
    """The query, locking the rows it reads until the transaction ends (PostgreSQL's FOR UPDATE). SQLite has no FOR
    UPDATE and needs none: its write transactions begin IMMEDIATE (write_transaction), so writers already take
    turns."""
    return query if is_sqlite() else query.for_update()


def lock_rows(query):
    """Lock the rows a query selects until the transaction ends, reading nothing else (see for_update)."""
    if not is_sqlite():
        list(query.for_update())


def inserts_return_ids():
    """Whether one INSERT of many rows can send their new ids back (RETURNING): PostgreSQL, and SQLite from 3.35."""
    return not is_sqlite() or peewee.__sqlite_version__ >= (3, 35, 0)


def read_one_snapshot():
    """At the start of a transaction: every later statement in it reads the same data. PostgreSQL's default (READ
    COMMITTED) takes a new snapshot per statement; SQLite's read transaction already is one snapshot."""
    if not is_sqlite():
        db.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


def analyze(*tables):
    """Give the planner the sizes of tables just filled: PostgreSQL's autovacuum never sees temporary tables (and
    would plan joins over them blind); SQLite's planner does without."""
    if not is_sqlite():
        db.execute_sql("; ".join(f"ANALYZE {table}" for table in tables))
