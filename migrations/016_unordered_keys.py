"""Random primary keys for clients' records and the audit trail (models.keys): from now on a row's key says
nothing of when it was created. PostgreSQL: those keys, and every column that refers to one, become bigint (a
random key needs the room); the view the privacy check's triggers read is built on them, so it is dropped and made
again as it was. SQLite's INTEGER keys are 64-bit already: nothing changes there.

Rows already stored keep their keys: the order among them was in every copy made before."""

import peewee as pw
from peewee_migrate import Migrator

COLUMNS = {  # table -> its columns holding such a key
    "household": ("id",), "client": ("id",), "enrollment": ("id", "household_id", "client_id"),
    "exit": ("id", "enrollment_id"), "service": ("id", "enrollment_id"),
    "income_benefits": ("id", "enrollment_id"), "health_and_dv": ("id", "enrollment_id"),
    "employment_education": ("id", "enrollment_id"), "disability": ("id", "enrollment_id"),
    "audit_event": ("id", "record_id"),
    "reid_profile": ("enrollment_id", "client_id", "household_id", "exit_id"),
}
START = 1  # data collection stage: project start
# As migration 012 made it.
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


def _postgres(database):
    return isinstance(getattr(database, "obj", database), pw.PostgresqlDatabase)


def _alter(migrator, kind):
    migrator.sql("DROP VIEW reid_profile_source")
    for table, columns in COLUMNS.items():
        changes = ", ".join(f"ALTER COLUMN {column} TYPE {kind}" for column in columns)
        migrator.sql(f"ALTER TABLE {table} {changes}")
    migrator.sql(SOURCE)


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    if _postgres(database):
        _alter(migrator, "bigint")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    if _postgres(database):  # only while every key still fits an integer
        _alter(migrator, "integer")
