"""The re-identification guard: each agency's k and quasi-identifiers, override reasons, an index for its counts."""

import peewee as pw
from peewee_migrate import Migrator

DEFAULT_ELEMENTS = ("age_group,sex,race,veteran_status,disabling_condition,education,household_size,"
                    "household_type,project,start_month,exit_month,destination_group")


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields('agency', reid_k=pw.SmallIntegerField(default=5),
                        reid_elements=pw.TextField(default=DEFAULT_ELEMENTS))
    # A "save anyway" past the guard keeps its reason (never the answers) in the audit trail.
    migrator.add_fields('audit_event', reason=pw.CharField(max_length=200, null=True))
    # The live check counts the agency's people who started in a month or two: an index range, not a scan.
    migrator.sql('CREATE INDEX IF NOT EXISTS enrollment_agency_id_entry_date ON enrollment (agency_id, entry_date)')


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql('DROP INDEX IF EXISTS enrollment_agency_id_entry_date')
    migrator.remove_fields('audit_event', 'reason')
    migrator.remove_fields('agency', 'reid_k', 'reid_elements')
