"""One column per client for the stored Race and Ethnicity answer, so the re-identification check compares one
value instead of eight (models.clients.race_combination)."""

import peewee as pw
from peewee_migrate import Migrator

RACE_FIELDS = ("am_ind_ak_native", "asian", "black_af_american", "hispanic_latinao", "mid_east_n_african",
               "native_hi_pacific", "white")  # models.clients.RACE_COLUMNS, in its order: bit i is field i
VALUE = (" + ".join(f"(CASE WHEN {field} THEN {1 << i} ELSE 0 END)" for i, field in enumerate(RACE_FIELDS))
         + f" + {1 << len(RACE_FIELDS)} * (COALESCE(race_none, -1) + 1)")


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    # Added in place (no table rebuild on SQLite), then filled from the race columns of every existing client.
    migrator.sql('ALTER TABLE client ADD COLUMN race_combination SMALLINT NOT NULL DEFAULT 0')
    migrator.sql(f'UPDATE client SET race_combination = {VALUE}')


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql('ALTER TABLE client DROP COLUMN race_combination')
