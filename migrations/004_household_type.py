"""Household type (from members' ages at entry) on each household, for roster filters.

Self-contained: the backfill reads the tables as they are at this point of the history, with a copy of the HUD
household-type rule as it was when this migration was written (domain.households.household_type), so later
changes to the app's models or rules cannot change what this migration does."""

from datetime import date

import peewee as pw
from peewee_migrate import Migrator

from migrations._guards import refuse_cascade

ADULT_AGE = 18
UNKNOWN = 'Unknown household type'
BATCH = 500  # household ids per UPDATE


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    if not fake:
        refuse_cascade(database, ('household',))
    migrator.add_fields(
        'household',
        household_type=pw.CharField(default=UNKNOWN, max_length=30, index=True))
    migrator.run(_backfill, database)


def _backfill(database):
    """Existing households: the type from each member's stored date of birth and start date (every enrollment,
    as the rule first ran)."""
    members = {}
    cursor = database.execute_sql('SELECT e.household_id, c.dob, e.entry_date FROM enrollment e '
                                  'JOIN client c ON c.id = e.client_id')
    for household_id, dob, entry_date in cursor.fetchall():
        members.setdefault(household_id, []).append(_age_on(_as_date(dob), _as_date(entry_date)))
    by_type = {}
    for household_id, ages in members.items():
        by_type.setdefault(household_type(ages), []).append(household_id)
    p = database.param
    for kind, ids in by_type.items():
        for start in range(0, len(ids), BATCH):
            batch = ids[start:start + BATCH]
            database.execute_sql(f'UPDATE household SET household_type = {p} WHERE id IN '
                                 f'({", ".join([p] * len(batch))})', [kind, *batch])


def _as_date(value):
    return date.fromisoformat(str(value)[:10]) if not isinstance(value, date) else value  # text on SQLite


def _age_on(dob, on):
    """Whole years from dob to on; negative if dob is after on (HUD: unknown age)."""
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def household_type(ages):
    """HUD household type from each member's age (negative = unknown age)."""
    known = [age for age in ages if age >= 0]
    has_adult = any(age >= ADULT_AGE for age in known)
    has_child = any(age < ADULT_AGE for age in known)
    if has_adult and has_child:
        return 'With children and adults'
    if len(known) < len(ages):
        return UNKNOWN
    return 'Without children' if has_adult else 'With only children'


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('household', 'household_type')
