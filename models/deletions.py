"""Soft deletes (HUD DateDeleted) of households and members, and undoing them."""
from .audit import AuditEvent
from .clients import Client, Enrollment, HealthAndDV, Household
from .db import write_transaction
from .intake import refresh_household_size_and_type


def delete_household(user, household, stamp):
    """Mark a household, its enrollments and their clients deleted, all with the same stamp."""
    with write_transaction():
        enrollments = list(Enrollment.select().where(Enrollment.household == household,
                                                     Enrollment.date_deleted.is_null()))
        for enrollment in enrollments:
            _delete_enrollment(enrollment, stamp)
        Household.update(date_deleted=stamp).where(Household.id == household.id).execute()
        AuditEvent.record(user, "delete", "household", household.id, at=stamp)


def delete_member(user, enrollment, stamp) -> bool:
    """Mark one member's enrollment deleted (their client too, if it has no other live enrollment). The last
    member takes the household along, with the same stamp, so that restoring the household brings them back.
    Returns whether the household was deleted."""
    with write_transaction():
        _delete_enrollment(enrollment, stamp)
        AuditEvent.record(user, "delete", "enrollment", enrollment.id, at=stamp)
        if Enrollment.select().where(Enrollment.household == enrollment.household_id,
                                     Enrollment.date_deleted.is_null()).exists():
            refresh_household_size_and_type(enrollment.household)
            return False
        Household.update(date_deleted=stamp).where(Household.id == enrollment.household_id).execute()
        AuditEvent.record(user, "delete", "household", enrollment.household_id, at=stamp)
        return True


def _delete_enrollment(enrollment, stamp):
    Enrollment.update(date_deleted=stamp).where(Enrollment.id == enrollment.id).execute()
    HealthAndDV.update(date_deleted=stamp).where(HealthAndDV.enrollment == enrollment,
                                                 HealthAndDV.date_deleted.is_null()).execute()
    others = Enrollment.select().where(Enrollment.client == enrollment.client_id, Enrollment.id != enrollment.id,
                                       Enrollment.date_deleted.is_null())
    if not others.exists():
        Client.update(date_deleted=stamp).where(Client.id == enrollment.client_id).execute()


def deleted_households(agency):
    return (Household.select().where(Household.agency == agency, Household.date_deleted.is_null(False))
            .order_by(Household.date_deleted.desc()))


def deleted_members(agency):
    """Members deleted on their own (their household is still live)."""
    return (Enrollment.select(Enrollment, Client, Household).join(Client).switch(Enrollment).join(Household)
            .where(Enrollment.agency == agency, Enrollment.date_deleted.is_null(False),
                   Household.date_deleted.is_null()).order_by(Enrollment.date_deleted.desc()))


def restore_household(user, household, now_stamp):
    """Undo a household delete: everything deleted with it comes back. now_stamp: now, as the household stamps it."""
    stamp = household.date_deleted
    with write_transaction():
        for enrollment in Enrollment.select().where(Enrollment.household == household,
                                                    Enrollment.date_deleted == stamp):
            _restore_enrollment(enrollment, stamp)
        Household.update(date_deleted=None).where(Household.id == household.id).execute()
        AuditEvent.record(user, "restore", "household", household.id, at=now_stamp)


def restore_member(user, enrollment, now_stamp):
    with write_transaction():
        _restore_enrollment(enrollment, enrollment.date_deleted)
        refresh_household_size_and_type(enrollment.household)
        AuditEvent.record(user, "restore", "enrollment", enrollment.id, at=now_stamp)


def _restore_enrollment(enrollment, stamp):
    Enrollment.update(date_deleted=None).where(Enrollment.id == enrollment.id).execute()
    HealthAndDV.update(date_deleted=None).where(HealthAndDV.enrollment == enrollment,
                                                HealthAndDV.date_deleted == stamp).execute()
    Client.update(date_deleted=None).where(Client.id == enrollment.client_id).execute()
