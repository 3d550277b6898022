"""Reports: the agency's small-count suppression threshold, and indexes for the dashboard's queries."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    if not fake:
        _refuse_cascade(database, ('agency',))
    migrator.add_fields('agency', suppression_threshold=pw.SmallIntegerField(default=11))
    # The dashboard's active set: an agency's enrollments by start date, and each enrollment's live exit.
    migrator.add_index('enrollment', 'agency', 'entry_date')
    migrator.add_index('exit', 'enrollment', 'date_deleted')
    # Services given in a period, by type, read from the index alone (no row look-ups for 1,000,000 services).
    migrator.add_index('service', 'service_type', 'date_provided', 'enrollment', 'date_deleted', 'fa_amount')


def _refuse_cascade(database, tables):
    """On SQLite, adding these columns rebuilds each table (copy, DROP, rename), and with foreign keys on the DROP
    deletes every row of every child table. models.db.migrate() switches them off before its transaction; any
    other way of running this migration on a database with rows is refused. (Copied into each migration that
    rebuilds tables, so that each stays self-contained.)"""
    if not isinstance(getattr(database, "obj", database), pw.SqliteDatabase):
        return
    if database.execute_sql("PRAGMA foreign_keys").fetchone()[0] and any(
            database.execute_sql(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone() for table in tables):
        raise RuntimeError("This migration rebuilds tables holding rows with SQLite foreign keys on, which would "
                           "delete their child rows: run it with `flask --app app migrate`.")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.drop_index('service', 'service_type', 'date_provided', 'enrollment', 'date_deleted', 'fa_amount')
    migrator.drop_index('exit', 'enrollment', 'date_deleted')
    migrator.drop_index('enrollment', 'agency', 'entry_date')
    migrator.remove_fields('agency', 'suppression_threshold')
