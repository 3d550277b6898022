"""The screen lock kept on the server, per user."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    if not fake:
        _refuse_cascade(database, ('app_user',))
    migrator.add_fields('app_user', screen_locked=pw.BooleanField(default=False))


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
    migrator.remove_fields('app_user', 'screen_locked')
