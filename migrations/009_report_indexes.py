"""Indexes for the reports at statewide scale (1,000,000 services, 150,000 enrollments)."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    # Services given in a period, all types at once: one range scan of the index, no row look-ups.
    migrator.add_index('service', 'date_provided', 'service_type', 'enrollment', 'date_deleted', 'fa_amount')
    # Each active enrollment's live exit and destination, read from the index alone.
    migrator.add_index('exit', 'enrollment', 'date_deleted', 'exit_date', 'destination', 'destination_subsidy_type')
    # An agency's enrollments in the order of the "latest start per person" window: read in order, no sort.
    migrator.sql('CREATE INDEX enrollment_agency_latest_start ON enrollment '
                 '(agency_id, client_id, entry_date DESC, id DESC)')


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql('DROP INDEX enrollment_agency_latest_start')
    migrator.drop_index('exit', 'enrollment', 'date_deleted', 'exit_date', 'destination', 'destination_subsidy_type')
    migrator.drop_index('service', 'date_provided', 'service_type', 'enrollment', 'date_deleted', 'fa_amount')
