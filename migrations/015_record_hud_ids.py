"""Random HUD IDs for the records that belong to an enrollment (ExitID, ServicesID, IncomeBenefitsID, HealthAndDVID,
EmploymentEducationID, DisabilitiesID). They were the primary key with a prefix ("EX42"): sequential, so an export
showed in which order records were created, and with it the offset of an approximated household. Existing rows get
random IDs now; the receiving HMIS takes them on the next full refresh."""

import peewee as pw
from peewee_migrate import Migrator

TABLES = ("exit", "service", "income_benefits", "health_and_dv", "employment_education", "disability")


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    # A nullable column is added in place; NOT NULL would make SQLite rebuild each table. The models always set it.
    random_id = ("lower(hex(randomblob(16)))" if isinstance(getattr(database, "obj", database), pw.SqliteDatabase)
                 else "replace(gen_random_uuid()::text, '-', '')")  # PostgreSQL 13+
    for table in TABLES:
        migrator.sql(f'ALTER TABLE {table} ADD COLUMN hud_id VARCHAR(32)')
        migrator.sql(f'UPDATE {table} SET hud_id = {random_id}')
        migrator.sql(f'CREATE UNIQUE INDEX {table}_hud_id ON {table} (hud_id)')


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    for table in TABLES:
        migrator.sql(f'DROP INDEX {table}_hud_id')
        migrator.sql(f'ALTER TABLE {table} DROP COLUMN hud_id')
