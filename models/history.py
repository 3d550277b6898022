"""A household's history from the audit trail, for admins: who did what to it and its records, in which order."""
from peewee import JOIN, Case

from .accounts import User
from .assessments import IncomeBenefits
from .audit import AuditEvent
from .clients import Enrollment
from .exits import Exit
from .services import Service

RECORD_TABLES = (("exit", Exit), ("service", Service), ("assessment", IncomeBenefits))
# Stamps are to the second and keys carry no order: within one second, creations come first and views last, and
# a household before its members before their records.
SAME_SECOND = (Case(AuditEvent.action, (("create", 0), ("view", 2)), 1),
               Case(AuditEvent.record_type, (("household", 0), ("enrollment", 1)), 2))


def household_history(household):
    """Every audit event about the household, its members, exits, services and assessments, oldest first.
    Times are the household's own stamps: shifted with its dates when they are approximated, so that the events of
    one household keep their order and their spacing, but not the real day."""
    enrollments = Enrollment.select(Enrollment.id).where(Enrollment.household == household)
    about = (((AuditEvent.record_type == "household") & (AuditEvent.record_id == household.id))
             | ((AuditEvent.record_type == "enrollment") & AuditEvent.record_id.in_(enrollments)))
    for record_type, model in RECORD_TABLES:
        records = model.select(model.id).where(model.enrollment.in_(enrollments))
        about |= (AuditEvent.record_type == record_type) & AuditEvent.record_id.in_(records)
    return (AuditEvent.select(AuditEvent, User).join(User, JOIN.LEFT_OUTER)
            .where(AuditEvent.agency == household.agency_id, about)
            .order_by(AuditEvent.at, *SAME_SECOND, AuditEvent.id))
