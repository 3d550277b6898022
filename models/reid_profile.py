"""PostgreSQL's reid_profile (made by migrations/012_reid_profile.py): its SQL from the declared elements, and its
upkeep around bulk loads.

The profile is a derived object: one row per live enrollment with the answers the privacy check counts, as stored.
Its columns, view, refresh functions and triggers are generated here from the counted elements (domain.elements),
so a migration that must make it again (a counted element added) runs recreate_sql() with the answers of its own
time, written out in the migration: (column, record) pairs, never today's declarations read at upgrade time.
"""
from contextlib import contextmanager

from domain import elements
from domain.elements import CLIENT, ENROLLMENT, ROW_RECORDS

from .db import db
from .dialect import keeps_reid_profile

PAUSED = "reid_profile.paused"  # the trigger functions skip their refresh while it is on
START = 1  # data collection stage: project start
# The counted answers as declared: (column, record).
ANSWERS = tuple((element.name, element.record) for element in elements.counted())
ALIASES = {CLIENT: "c", ENROLLMENT: "e", **{record: record for record in ROW_RECORDS}}
# What the check reads besides the answers: (the view's expression, the column, its type).
KEYS = (("e.id", "enrollment_id", "bigint NOT NULL"), ("e.agency_id", "agency_id", "integer NOT NULL"),
        ("e.project_id", "project_id", "integer NOT NULL"), ("e.client_id", "client_id", "bigint NOT NULL"),
        ("e.household_id", "household_id", "bigint NOT NULL"), ("e.entry_date", "entry_date", "date NOT NULL"),
        ("c.dob", "dob", "date"), ("c.race_combination", "race_combination", "smallint"))
OTHERS = (("h.household_size", "household_size", "smallint"),
          ("h.household_type", "household_type", "varchar(30)"), ("x.id", "exit_id", "bigint"),
          ("x.exit_date", "exit_date", "date"), ("x.destination", "destination", "smallint"))
INDEXED = ("project_id", "client_id", "dob", "race_combination", "exit_id", "exit_date", "destination")
REFRESH_KEYS = ("enrollment_id", "client_id", "household_id")
# table -> (the profile column naming its rows, the table's column holding it, the events that matter). A new client
# or household has no enrollment yet, and a new enrollment no profile row: nothing to refresh or delete.
BASE_TRIGGERS = {
    "enrollment": ("enrollment_id", "id", ("INSERT", "UPDATE", "DELETE")),
    "client": ("client_id", "id", ("UPDATE", "DELETE")),
    "household": ("household_id", "id", ("UPDATE", "DELETE")),
    "exit": ("enrollment_id", "enrollment_id", ("INSERT", "UPDATE", "DELETE")),
}
ROW_TRIGGER = ("enrollment_id", "enrollment_id", ("INSERT", "UPDATE", "DELETE"))
TRANSITION = {"INSERT": "NEW TABLE AS new_rows", "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
              "DELETE": "OLD TABLE AS old_rows"}


def column_names(answers=ANSWERS):
    return tuple(name for _, name, _ in KEYS) + tuple(column for column, _ in answers) + tuple(
        name for _, name, _ in OTHERS)


COLUMNS = ", ".join(column_names())


def _rows_of_their_own(answers):
    return [record for record in ROW_RECORDS if any(r == record for _, r in answers)]


def table_sql(answers=ANSWERS, types=None):
    """CREATE TABLE reid_profile. types: column -> SQL type of an answer, if not smallint (a date)."""
    columns = [f"{name} {kind}" for _, name, kind in KEYS]
    columns += [f"{column} {(types or {}).get(column, 'smallint')}" for column, _ in answers]
    columns += [f"{name} {kind}" for _, name, kind in OTHERS]
    return f"CREATE TABLE reid_profile ({', '.join(columns)})"


def source_sql(answers=ANSWERS):
    """The view of the rows as the check reads them: live enrollments of live clients and households, with their
    counted answers (a record of its own: its live project-start row) and the live exit."""
    selected = [f"{source} AS {name}" if source.split(".")[1] != name else source for source, name, _ in KEYS]
    selected += [f"{ALIASES[record]}.{column}" for column, record in answers]
    selected += [f"{source} AS {name}" if source.split(".")[1] != name else source for source, name, _ in OTHERS]
    joins = "".join(f"\nLEFT JOIN {record} {record} ON {record}.enrollment_id = e.id AND "
                    f"{record}.data_collection_stage = {START} AND {record}.date_deleted IS NULL"
                    for record in _rows_of_their_own(answers))
    return (f"CREATE VIEW reid_profile_source AS\nSELECT {', '.join(selected)}\nFROM enrollment e\n"
            f"JOIN client c ON c.id = e.client_id\nJOIN household h ON h.id = e.household_id{joins}\n"
            "LEFT JOIN exit x ON x.enrollment_id = e.id AND x.date_deleted IS NULL\n"
            "WHERE e.date_deleted IS NULL AND c.date_deleted IS NULL AND h.date_deleted IS NULL")


def triggers(answers=ANSWERS):
    """table -> (profile column, table column, events) of every table the rows come from."""
    return {**BASE_TRIGGERS, **{record: ROW_TRIGGER for record in _rows_of_their_own(answers)}}


def _refresh(names, column, keys, delete=True):
    return ((f"DELETE FROM reid_profile WHERE {column} IN ({keys}); " if delete else "")
            + f"INSERT INTO reid_profile ({names}) SELECT {names} FROM reid_profile_source WHERE {column} IN ({keys});")


def function_sql(table, column, key, answers=ANSWERS):
    """A trigger function refreshing the profile rows of the changed records (old and new keys alike)."""
    names = ", ".join(column_names(answers))
    return f"""CREATE FUNCTION reid_profile_from_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('{PAUSED}', true) = 'on' THEN  -- a bulk load that rebuilds its rows itself
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        {_refresh(names, column, f"SELECT {key} FROM new_rows", delete=table != "enrollment")}
    ELSIF TG_OP = 'UPDATE' THEN
        {_refresh(names, column, f"SELECT {key} FROM old_rows UNION SELECT {key} FROM new_rows")}
    ELSE
        {_refresh(names, column, f"SELECT {key} FROM old_rows")}
    END IF;
    RETURN NULL;
END $$"""


def create_sql(answers=ANSWERS, types=None):
    """Every statement making the profile, filled: table, view, rows, indexes, functions and triggers."""
    names = ", ".join(column_names(answers))
    included = [c for c in column_names(answers) if c in INDEXED or c in dict(answers)]
    statements = [table_sql(answers, types), source_sql(answers),
                  f"INSERT INTO reid_profile ({names}) SELECT {names} FROM reid_profile_source",
                  # The check's range when household size and type are counted (the default), read from the index
                  # alone; and the start months alone, when they are not (then the rows are read too).
                  "CREATE INDEX reid_profile_shape ON reid_profile (agency_id, household_type, household_size, "
                  f"entry_date) INCLUDE ({', '.join(included)})",
                  "CREATE INDEX reid_profile_month ON reid_profile (agency_id, entry_date)"]
    statements += [f"CREATE INDEX reid_profile_{key} ON reid_profile ({key})" for key in REFRESH_KEYS]
    for table, (column, key, events) in triggers(answers).items():
        statements.append(function_sql(table, column, key, answers))
        statements += [f"CREATE TRIGGER reid_profile_{table}_{event.lower()} AFTER {event} ON {table} "
                       f"REFERENCING {TRANSITION[event]} FOR EACH STATEMENT "
                       f"EXECUTE FUNCTION reid_profile_from_{table}()" for event in events]
    return statements


def drop_sql(tables):
    """Statements removing the profile; tables: those whose trigger functions exist (triggers go with them)."""
    return [*(f"DROP FUNCTION IF EXISTS reid_profile_from_{table}() CASCADE" for table in tables),
            "DROP VIEW IF EXISTS reid_profile_source", "DROP TABLE IF EXISTS reid_profile"]


def recreate_sql(old_answers, answers, types=None):
    """The profile made again for a changed set of counted answers (a migration passes both, written out)."""
    return [*drop_sql(triggers(old_answers)), *create_sql(answers, types)]


@contextmanager
def rebuilt_after(agency_id):
    """Bulk writes to one agency's records, in the caller's transaction: on PostgreSQL the per-statement refresh
    of the profile is paused for this transaction only (other sessions' writes refresh as always), and the
    agency's rows are rebuilt in one statement at the end. Nothing to do on SQLite, which has no profile."""
    if not keeps_reid_profile():
        yield
        return
    db.execute_sql(f"SET LOCAL {PAUSED} = 'on'")
    yield
    db.execute_sql(f"SET LOCAL {PAUSED} = 'off'")
    db.execute_sql("DELETE FROM reid_profile WHERE agency_id = %s", (agency_id,))
    db.execute_sql(f"INSERT INTO reid_profile ({COLUMNS}) SELECT {COLUMNS} FROM reid_profile_source "
                   "WHERE agency_id = %s", (agency_id,))
