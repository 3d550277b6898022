"""3.11 Project Exit Date and 3.12 Destination, with the local Reason for Leaving; 3.20 Housing Move-in Date."""
from peewee import CharField, DateField, ForeignKeyField, SmallIntegerField, fn

from domain.dates import shift_datetime
from domain.exits import Stay, present_at_move_in
from domain.record_codes import format_code

from .audit import AuditEvent
from .clients import MEMBER_ORDER, Client, Enrollment, EnrollmentRecord
from .db import write_transaction
from .dialect import lock_rows
from .services import Service

EXIT_ANSWERS = ("destination", "destination_subsidy_type", "other_destination", "reason_for_leaving")


class Exit(EnrollmentRecord):
    """One live exit per enrollment; an undone exit keeps its row with date_deleted set."""
    enrollment = ForeignKeyField(Enrollment, backref="exits", on_delete="CASCADE")
    exit_date = DateField()  # as stored (shifted with the household when approximated)
    destination = SmallIntegerField()
    destination_subsidy_type = SmallIntegerField(null=True)
    other_destination = CharField(max_length=50, null=True)
    reason_for_leaving = SmallIntegerField(null=True)

    @classmethod
    def live_for(cls, enrollment_ids):
        return cls.select().where(cls.enrollment.in_(list(enrollment_ids)), cls.date_deleted.is_null())


class AlreadyExited(Exception):
    """Someone else (or a double submit) exited these members first; `codes` are their record codes."""

    def __init__(self, codes):
        super().__init__("already exited")
        self.codes = codes


def live_enrollments(household):
    """The household's live enrollments with their clients, head of household first."""
    return list(Enrollment.select(Enrollment, Client).join(Client)
                .where(Enrollment.household == household, Enrollment.date_deleted.is_null())
                .order_by(*MEMBER_ORDER))


def live_exits(enrollments):
    """enrollment id -> its live Exit."""
    return {e.enrollment_id: e for e in Exit.live_for(x.id for x in enrollments)}


def live_exit(enrollment):
    """The enrollment's live Exit, or None (the latest, should two ever be live)."""
    return Exit.live_for([enrollment.id]).order_by(Exit.date_created.desc(), Exit.id.desc()).first()


def stays_for(enrollments, exits=None):
    """What the exit rules need of each enrollment (enrollments must come with their clients)."""
    ids = [e.id for e in enrollments]
    exits = live_exits(enrollments) if exits is None else exits
    last_services = dict(Service.select(Service.enrollment, fn.MAX(Service.date_provided))
                         .where(Service.enrollment.in_(ids), Service.date_deleted.is_null())
                         .group_by(Service.enrollment).tuples())
    return [Stay(enrollment_id=e.id, code=format_code(e.client.code), relationship_to_hoh=e.relationship_to_hoh,
                 start=e.entry_date, exit_date=exits[e.id].exit_date if e.id in exits else None,
                 last_service=last_services.get(e.id), move_in=e.move_in_date)
            for e in enrollments]


def _lock(*where):
    """Serialise writers on these enrollments."""
    lock_rows(Enrollment.select(Enrollment.id).where(*where))


def record_exits(*, user, stays, exit_date, answers, offset_days, now, privacy_override=None):
    """One exit per member, all in one transaction. `exit_date` is stored (shifted); `answers` the 3.12 values.

    privacy_override: (element names, reason) when staff saved past the re-identification guard's warning.
    """
    ids = [s.enrollment_id for s in stays]
    stamp = shift_datetime(now, offset_days)
    with write_transaction():
        _lock(Enrollment.id.in_(ids))
        taken = {e.enrollment_id for e in Exit.live_for(ids)}
        if taken:
            raise AlreadyExited([s.code for s in stays if s.enrollment_id in taken])
        exits = [Exit.create(enrollment=enrollment_id, exit_date=exit_date, date_created=stamp, date_updated=stamp,
                             user=user, **{name: answers[name] for name in EXIT_ANSWERS})
                 for enrollment_id in ids]
        for row in exits:
            AuditEvent.record(user, "create", "exit", row.id, ["exit_date", *EXIT_ANSWERS], at=stamp)
            if privacy_override:
                elements, reason = privacy_override
                AuditEvent.record(user, "reid_override", "exit", row.id, elements, reason=reason, at=stamp)
    return exits


def undo_exit(*, user, enrollment, offset_days, now):
    """Mark the member's live exit deleted, so they can be exited again. Returns it, or None if there was none."""
    stamp = shift_datetime(now, offset_days)
    with write_transaction():
        _lock(Enrollment.id == enrollment.id)
        row = Exit.live_for([enrollment.id]).first()
        if row is None:
            return None
        row.date_deleted = row.date_updated = stamp
        row.version += 1
        row.save(only=[Exit.date_deleted, Exit.date_updated, Exit.version])
        AuditEvent.record(user, "undo-exit", "exit", row.id, ["date_deleted"], at=stamp)
    return row


def record_move_in(*, user, household, move_in, offset_days, now):
    """Store the head of household's Housing Move-in Date (stored, shifted) on every member present then.

    Members who joined later get their own Project Start Date, and members who left before get none,
    as HUD's reports read the date (reference 2.9). Returns the number of enrollments changed.
    """
    stamp = shift_datetime(now, offset_days)
    with write_transaction():
        _lock(Enrollment.household == household)
        enrollments = live_enrollments(household)
        changed = 0
        for enrollment, stay in zip(enrollments, stays_for(enrollments)):
            value = move_in if present_at_move_in(stay, move_in) else (
                stay.start if stay.start > move_in else None)
            if enrollment.move_in_date != value:
                enrollment.move_in_date, enrollment.date_updated = value, stamp
                enrollment.version += 1
                enrollment.save(only=[Enrollment.move_in_date, Enrollment.date_updated, Enrollment.version])
                AuditEvent.record(user, "update", "enrollment", enrollment.id, ["move_in_date"], at=stamp)
                changed += 1
    return changed


def exit_inactive(user, chosen, answers, now, offset_for):
    """Exit inactive participants, each on their last activity date (already a stored date), in one transaction.

    chosen: (enrollment with its client and household, stored last activity date) pairs;
    offset_for(household) gives the household's date offset (for the shifted timestamps).
    """
    with write_transaction():
        exits = []
        for enrollment, last in chosen:
            stay = stays_for([enrollment])[0]
            exits += record_exits(user=user, stays=[stay], exit_date=last, answers=answers,
                                  offset_days=offset_for(enrollment.household), now=now)
    return exits
