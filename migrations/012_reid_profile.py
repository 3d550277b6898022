"""PostgreSQL: the live privacy check's answers, one row per live enrollment, kept by triggers.

The check counts the agency's people who started in a month or two and share the answers being typed. On
PostgreSQL, joining each of those enrollments to its client, household, answers and exit by key was most of the
check's time; reid_profile holds those answers as stored, and its covering index on (agency, household type and
size, start) reads only the people of the same household shape, from the index alone. SQLite joins the base
tables in-process quickly enough and has no such table.

Statement-level triggers on every table the rows come from refresh the rows of the changed records in one
set-based statement (a bulk insert of 500 records refreshes once), so no write path can leave the table behind:
forms, bulk inserts, deletions and later migrations alike. A later migration that rebuilds one of these tables
must create its trigger again (TRIGGERS below).
"""

import peewee as pw
from peewee_migrate import Migrator

COLUMNS = ("enrollment_id", "agency_id", "project_id", "client_id", "household_id", "entry_date", "dob", "sex",
           "race_combination", "veteran_status", "disabling_condition", "last_grade_completed",
           "domestic_violence_survivor", "household_size", "household_type", "exit_id", "exit_date", "destination")
ANSWERS = ("project_id", "client_id", "dob", "sex", "race_combination", "veteran_status", "disabling_condition",
           "last_grade_completed", "domestic_violence_survivor", "exit_id", "exit_date", "destination")
START = 1  # data collection stage: project start

TABLE = """CREATE TABLE reid_profile (
    enrollment_id integer NOT NULL, agency_id integer NOT NULL, project_id integer NOT NULL,
    client_id integer NOT NULL, household_id integer NOT NULL, entry_date date NOT NULL, dob date, sex smallint,
    race_combination smallint, veteran_status smallint, disabling_condition smallint,
    last_grade_completed smallint, domestic_violence_survivor smallint, household_size smallint,
    household_type varchar(30), exit_id integer, exit_date date, destination smallint)"""

# The rows as the check reads them: live enrollments of live clients and households, with the project-start
# education and DV answers and the live exit (as models.reidentification joins them on SQLite).
SOURCE = f"""CREATE VIEW reid_profile_source AS
SELECT e.id AS enrollment_id, e.agency_id, e.project_id, e.client_id, e.household_id, e.entry_date, c.dob, c.sex,
       c.race_combination, c.veteran_status, e.disabling_condition, edu.last_grade_completed,
       dv.domestic_violence_survivor, h.household_size, h.household_type, x.id AS exit_id, x.exit_date,
       x.destination
FROM enrollment e
JOIN client c ON c.id = e.client_id
JOIN household h ON h.id = e.household_id
LEFT JOIN employment_education edu
       ON edu.enrollment_id = e.id AND edu.data_collection_stage = {START} AND edu.date_deleted IS NULL
LEFT JOIN health_and_dv dv
       ON dv.enrollment_id = e.id AND dv.data_collection_stage = {START} AND dv.date_deleted IS NULL
LEFT JOIN exit x ON x.enrollment_id = e.id AND x.date_deleted IS NULL
WHERE e.date_deleted IS NULL AND c.date_deleted IS NULL AND h.date_deleted IS NULL"""

INDEXES = (  # (name, key columns, the other columns it holds)
    # The check's range when household size and type are counted (the default), read from the index alone; and
    # the start months alone, when they are not (then the rows are read too).
    ("reid_profile_shape", "agency_id, household_type, household_size, entry_date", ANSWERS),
    ("reid_profile_month", "agency_id, entry_date", ()),
)
KEYS = ("enrollment_id", "client_id", "household_id")  # what the triggers refresh by

# Set for one transaction by a bulk load (models.reid_profile.rebuilt_after), which then rebuilds the rows of the
# agency it loaded in one statement: refreshing 500 rows at a time took a fifth of seed-demo's time.
PAUSED = "reid_profile.paused"
# table -> (the reid_profile column naming its rows, the table's column holding it, the events that matter). A new
# client or household has no enrollment yet, and a new enrollment no profile row: nothing to refresh or delete.
TRIGGERS = {
    "enrollment": ("enrollment_id", "id", ("INSERT", "UPDATE", "DELETE")),
    "client": ("client_id", "id", ("UPDATE", "DELETE")),
    "household": ("household_id", "id", ("UPDATE", "DELETE")),
    "employment_education": ("enrollment_id", "enrollment_id", ("INSERT", "UPDATE", "DELETE")),
    "health_and_dv": ("enrollment_id", "enrollment_id", ("INSERT", "UPDATE", "DELETE")),
    "exit": ("enrollment_id", "enrollment_id", ("INSERT", "UPDATE", "DELETE")),
}


def _refresh(column, keys, delete=True):
    names = ", ".join(COLUMNS)
    return ((f"DELETE FROM reid_profile WHERE {column} IN ({keys}); " if delete else "")
            + f"INSERT INTO reid_profile ({names}) SELECT {names} FROM reid_profile_source WHERE {column} IN ({keys});")


def _function(table, column, key):
    """A trigger function refreshing the profile rows of the changed records (old and new keys alike)."""
    return f"""CREATE FUNCTION reid_profile_from_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('{PAUSED}', true) = 'on' THEN  -- a bulk load that rebuilds its rows itself
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        {_refresh(column, f"SELECT {key} FROM new_rows", delete=table != "enrollment")}
    ELSIF TG_OP = 'UPDATE' THEN
        {_refresh(column, f"SELECT {key} FROM old_rows UNION SELECT {key} FROM new_rows")}
    ELSE
        {_refresh(column, f"SELECT {key} FROM old_rows")}
    END IF;
    RETURN NULL;
END $$"""


TRANSITION = {"INSERT": "NEW TABLE AS new_rows", "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
              "DELETE": "OLD TABLE AS old_rows"}


def _triggers(table, events):
    return [f"CREATE TRIGGER reid_profile_{table}_{event.lower()} AFTER {event} ON {table} "
            f"REFERENCING {TRANSITION[event]} FOR EACH STATEMENT EXECUTE FUNCTION reid_profile_from_{table}()"
            for event in events]


def _postgres(database):
    return isinstance(getattr(database, "obj", database), pw.PostgresqlDatabase)


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    if not _postgres(database):
        return
    migrator.sql(TABLE)
    migrator.sql(SOURCE)
    migrator.sql(f"INSERT INTO reid_profile ({', '.join(COLUMNS)}) SELECT {', '.join(COLUMNS)} "
                 f"FROM reid_profile_source")
    for name, columns, included in INDEXES:
        migrator.sql(f"CREATE INDEX {name} ON reid_profile ({columns})"
                     + (f" INCLUDE ({', '.join(included)})" if included else ""))
    for key in KEYS:
        migrator.sql(f"CREATE INDEX reid_profile_{key} ON reid_profile ({key})")
    for table, (column, key, events) in TRIGGERS.items():
        migrator.sql(_function(table, column, key))
        for trigger in _triggers(table, events):
            migrator.sql(trigger)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    if not _postgres(database):
        return
    for table in TRIGGERS:
        migrator.sql(f"DROP FUNCTION IF EXISTS reid_profile_from_{table}() CASCADE")  # and its triggers
    migrator.sql("DROP VIEW IF EXISTS reid_profile_source")
    migrator.sql("DROP TABLE IF EXISTS reid_profile")
