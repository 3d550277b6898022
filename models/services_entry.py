"""Recording services: the lookups the service forms need, and each save in one transaction with its audit events."""
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from peewee import IntegrityError

from domain.dates import shift_datetime
from domain.record_codes import format_code
from domain.services import Head, Member

from .audit import AuditEvent
from .clients import Enrollment, Household
from .db import write_transaction
from .dialect import inserts_return_ids, lock_rows
from .exits import Exit
from .services import Service, ServiceType

SERVICE_FIELDS = ("enrollment", "service_type", "date_provided", "fa_amount")


@dataclass(frozen=True)
class NewService:
    enrollment_id: int
    date_provided: date  # as stored: moved by offset_days when the household's dates are approximated
    fa_amount: Decimal | None
    offset_days: int


class DuplicateService(Exception):
    """The same service (member, type, date and amount) is already recorded: most often a double submit."""

    def __init__(self, enrollment_ids):
        super().__init__("already recorded")
        self.enrollment_ids = enrollment_ids


class DuplicateName(Exception):
    """Another service type of the agency has this name."""


def _exit_dates(enrollment_ids):
    """enrollment id -> its live Project Exit Date (stored)."""
    return {row.enrollment_id: row.exit_date for row in Exit.live_for(enrollment_ids)}


def members_of(enrollments):
    """What the service form needs of each enrollment (enrollments must come with their clients)."""
    exits = _exit_dates(e.id for e in enrollments)
    return [Member(enrollment_id=e.id, code=format_code(e.client.code), relationship_to_hoh=e.relationship_to_hoh,
                   entry_date=e.entry_date, exit_date=exits.get(e.id)) for e in enrollments]


def heads_by_code(households, codes, offset_days):
    """{record code: Head} for the households of a scoped query with these codes that have a live head.

    offset_days(household) gives each household's date offset (0 when its dates are real).
    """
    heads = list(Enrollment.select(Enrollment, Household).join(Household)
                 .where(Household.id.in_(households.select(Household.id)), Household.code.in_(sorted(codes)),
                        Enrollment.relationship_to_hoh == 1, Enrollment.date_deleted.is_null()))
    exits = _exit_dates(e.id for e in heads)
    return {e.household.code: Head(household_id=e.household.id, code=format_code(e.household.code),
                                   enrollment_id=e.id, entry_date=e.entry_date, exit_date=exits.get(e.id),
                                   offset_days=offset_days(e.household))
            for e in heads}


def record_services(*, user, service_type, items: list[NewService], now: datetime):
    """Store services of one type, all or none. Returns the new services' ids."""
    enrollment_ids = sorted({item.enrollment_id for item in items})
    with write_transaction():
        # Saves for these members take turns.
        lock_rows(Enrollment.select(Enrollment.id).where(Enrollment.id.in_(enrollment_ids)).order_by(Enrollment.id))
        existing = set(Service.select(Service.enrollment, Service.date_provided, Service.fa_amount).where(
            Service.enrollment.in_(enrollment_ids), Service.service_type == service_type,
            Service.date_deleted.is_null(),
            Service.date_provided.in_(sorted({item.date_provided for item in items}))).tuples())
        taken = [item.enrollment_id for item in items
                 if (item.enrollment_id, item.date_provided, item.fa_amount) in existing]
        if taken:
            raise DuplicateService(taken)
        ids = _insert([{"enrollment": item.enrollment_id, "service_type": service_type,
                        "date_provided": item.date_provided, "fa_amount": item.fa_amount,
                        "date_created": shift_datetime(now, item.offset_days),
                        "date_updated": shift_datetime(now, item.offset_days), "user": user, "version": 1}
                       for item in items])
        AuditEvent.insert_many([{"agency": user.agency_id, "user": user, "action": "create", "record_type": "service",
                                 "record_id": row_id, "fields": ",".join(sorted(SERVICE_FIELDS)),
                                 "at": shift_datetime(now, item.offset_days)}
                                for row_id, item in zip(ids, items)]).execute()
    return ids


def _insert(rows):
    """Insert services; their ids in order. One statement where the database can: 50 bulk rows would otherwise be 50
    round trips."""
    if inserts_return_ids():
        return [row_id for row_id, in Service.insert_many(rows).returning(Service.id).tuples().execute()]
    return [Service.insert(row).execute() for row in rows]


def delete_service(*, user, service, offset_days: int, now: datetime) -> bool:
    """Mark a service deleted (HUD's DateDeleted); False if it already was (a double submit)."""
    stamp = shift_datetime(now, offset_days)
    with write_transaction():
        changed = (Service.update(date_deleted=stamp, date_updated=stamp, version=Service.version + 1)
                   .where(Service.id == service.id, Service.date_deleted.is_null()).execute())
        if changed:
            AuditEvent.record(user, "delete", "service", service.id, ["date_deleted"], at=stamp)
    return bool(changed)


def create_service_type(*, user, name, record_type, type_provided, financial_assistance):
    try:
        with write_transaction():
            row = ServiceType.create(agency=user.agency_id, name=name, record_type=record_type,
                                     type_provided=type_provided, financial_assistance=financial_assistance)
            AuditEvent.record(user, "create", "service_type", row.id,
                              ["name", "record_type", "type_provided", "financial_assistance"])
    except IntegrityError:  # the same name saved by someone else since the form was checked
        raise DuplicateName(name) from None
    return row


def rename_service_type(*, user, service_type, name):
    old_name = service_type.name
    if name == old_name:
        return
    try:
        with write_transaction():
            service_type.name = name
            service_type.save(only=[ServiceType.name])
            AuditEvent.record(user, "update", "service_type", service_type.id, ["name"])
    except IntegrityError:
        service_type.name = old_name
        raise DuplicateName(name) from None


def set_service_type_active(*, user, service_type, active: bool):
    """Deactivated types stay on the services already recorded but are no longer offered."""
    if service_type.active == active:
        return
    with write_transaction():
        service_type.active = active
        service_type.save(only=[ServiceType.active])
        AuditEvent.record(user, "update", "service_type", service_type.id, ["active"])
