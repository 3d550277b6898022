"""The re-identification guard: each agency's k and quasi-identifiers, override reasons, what its counts read."""

import peewee as pw
from peewee_migrate import Migrator

from migrations._guards import refuse_cascade

DEFAULT_ELEMENTS = ("age_group,sex,race,veteran_status,disabling_condition,education,household_size,"
                    "household_type,project,start_month,exit_month,destination_group")

INDEXES = (
    ("enrollment_reid_agency_month", "enrollment",
     "agency_id, entry_date, date_deleted, project_id, household_id, client_id, disabling_condition"),
    ("enrollment_reid_project_heads", "enrollment",
     "project_id, entry_date, relationship_to_hoh, date_deleted, household_id"),
    ("employment_education_reid_entry", "employment_education",
     "enrollment_id, data_collection_stage, date_deleted, last_grade_completed"),
)


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    if not fake:
        refuse_cascade(database, ('agency', 'household'))
    migrator.add_fields('agency', reid_k=pw.SmallIntegerField(default=5),
                        reid_elements=pw.TextField(default=DEFAULT_ELEMENTS))
    # A "save anyway" past the guard keeps its reason (never the answers) in the audit trail.
    migrator.add_fields('audit_event', reason=pw.CharField(max_length=200, null=True))
    # The live check counts the agency's people who started in a month or two: index ranges that hold every
    # column the check reads from these tables, so no table row is read for them.
    for name, table, columns in INDEXES:
        migrator.sql(f'CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})')
    # Household size beside household type: the check compares a column instead of counting members per row.
    migrator.add_fields('household', household_size=pw.SmallIntegerField(default=0))
    migrator.sql('UPDATE household SET household_size = (SELECT COUNT(*) FROM enrollment '
                 'WHERE enrollment.household_id = household.id AND enrollment.date_deleted IS NULL)')


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('household', 'household_size')
    for name, _, _ in INDEXES:
        migrator.sql(f'DROP INDEX IF EXISTS {name}')
    migrator.remove_fields('audit_event', 'reason')
    migrator.remove_fields('agency', 'reid_k', 'reid_elements')
