"""The internal audit trail: who did what to which record, at the real time. Never exported."""
from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from .accounts import Agency, User, utcnow
from .db import BaseModel


class AuditEvent(BaseModel):
    agency = ForeignKeyField(Agency, on_delete="CASCADE")
    user = ForeignKeyField(User, null=True, on_delete="SET NULL")
    action = CharField(max_length=32)
    record_type = CharField(max_length=32)
    record_id = IntegerField(null=True)
    # Names of the fields changed, never their values.
    fields = TextField(default="")
    at = DateTimeField(default=utcnow, index=True)
    # Why staff saved past the re-identification guard (action "reid_override"); nothing else uses it.
    reason = CharField(max_length=200, null=True)

    @classmethod
    def record(cls, user, action, record_type, record_id=None, fields=(), reason=None):
        return cls.create(agency=user.agency_id, user=user, action=action, record_type=record_type,
                          record_id=record_id, fields=",".join(sorted(fields)), reason=reason)

    @classmethod
    def for_agency(cls, agency):
        return cls.select().where(cls.agency == agency).order_by(cls.at.desc(), cls.id.desc())
