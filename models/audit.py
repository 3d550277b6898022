"""The internal audit trail: who did what to which record, and when. Never exported.

An event about a household's records is stamped like the records themselves, shifted by the household's offset
when its dates are approximated: a real time beside a shifted date would give the offset away by subtraction.
The events of one household keep their order; the trail of accounts, projects and settings keeps real times."""
from peewee import BigIntegerField, CharField, DateTimeField, ForeignKeyField, TextField

from .accounts import Agency, User, utcnow
from .keys import UnorderedKeyModel

HOUSEHOLD_RECORDS = frozenset({"household", "enrollment", "exit", "service", "assessment"})


class AuditEvent(UnorderedKeyModel):
    agency = ForeignKeyField(Agency, on_delete="CASCADE")
    user = ForeignKeyField(User, null=True, on_delete="SET NULL")
    action = CharField(max_length=32)
    record_type = CharField(max_length=32)
    record_id = BigIntegerField(null=True)
    # Names of the fields changed, never their values.
    fields = TextField(default="")
    at = DateTimeField(default=utcnow, index=True)
    # Why staff saved past the re-identification guard (action "reid_override"); nothing else uses it.
    reason = CharField(max_length=200, null=True)

    @classmethod
    def record(cls, user, action, record_type, record_id=None, fields=(), reason=None, at=None):
        """at: the record's own timestamp, required for a household's records (see the module's docstring)."""
        if at is None:
            if record_type in HOUSEHOLD_RECORDS:
                raise ValueError(f"An event about a {record_type} takes the household's stamp (at=...).")
            at = utcnow()
        return cls.create(agency=user.agency_id, user=user, action=action, record_type=record_type,
                          record_id=record_id, fields=",".join(sorted(fields)), reason=reason, at=at)

    @classmethod
    def for_agency(cls, agency):
        return cls.select().where(cls.agency == agency).order_by(cls.at.desc(), cls.id.desc())
