"""Household type (from members' ages at entry) on each household, for roster filters."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields(
        'household',
        household_type=pw.CharField(default='Unknown household type', max_length=30, index=True))
    migrator.run(_backfill)


def _backfill():
    """Existing households: compute the type from stored DOBs and stored start dates."""
    from domain.ages import age_on
    from domain.households import household_type
    from models.clients import Client, Enrollment, Household

    members = {}
    for enrollment in Enrollment.select(Enrollment.household, Enrollment.entry_date, Client.dob).join(Client):
        members.setdefault(enrollment.household_id, []).append(age_on(enrollment.client.dob, enrollment.entry_date))
    for household_id, ages in members.items():
        Household.update(household_type=household_type(ages)).where(Household.id == household_id).execute()


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('household', 'household_type')
