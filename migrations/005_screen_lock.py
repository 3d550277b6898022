"""The screen lock kept on the server, per user."""

import peewee as pw
from peewee_migrate import Migrator

from migrations._guards import refuse_cascade


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    if not fake:
        refuse_cascade(database, ('app_user',))
    migrator.add_fields('app_user', screen_locked=pw.BooleanField(default=False))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('app_user', 'screen_locked')
