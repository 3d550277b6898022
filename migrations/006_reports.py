"""Reports: the agency's small-count suppression threshold, and indexes for the dashboard's queries."""

import peewee as pw
from peewee_migrate import Migrator

from migrations._guards import refuse_cascade


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    if not fake:
        refuse_cascade(database, ('agency',))
    migrator.add_fields('agency', suppression_threshold=pw.SmallIntegerField(default=11))
    # The dashboard's active set: an agency's enrollments by start date, and each enrollment's live exit.
    migrator.add_index('enrollment', 'agency', 'entry_date')
    migrator.add_index('exit', 'enrollment', 'date_deleted')
    # Services given in a period, by type, read from the index alone (no row look-ups for 1,000,000 services).
    migrator.add_index('service', 'service_type', 'date_provided', 'enrollment', 'date_deleted', 'fa_amount')


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.drop_index('service', 'service_type', 'date_provided', 'enrollment', 'date_deleted', 'fa_amount')
    migrator.drop_index('exit', 'enrollment', 'date_deleted')
    migrator.drop_index('enrollment', 'agency', 'entry_date')
    migrator.remove_fields('agency', 'suppression_threshold')
