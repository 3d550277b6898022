"""2.03.3 Geocode and 2.03.4 Geography Type of a project (ProjectCoC.csv): the area it operates in, never its
address. Left empty on existing projects until an admin edits them (the form asks for the geocode)."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql('ALTER TABLE project ADD COLUMN geocode VARCHAR(6)')
    migrator.sql('ALTER TABLE project ADD COLUMN geography_type SMALLINT')


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql('ALTER TABLE project DROP COLUMN geography_type')
    migrator.sql('ALTER TABLE project DROP COLUMN geocode')
