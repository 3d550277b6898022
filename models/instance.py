"""Instance-wide state shared by every app process: the sign-in throttle and instance settings."""
from datetime import timedelta

from peewee import CharField, DateTimeField, TextField

from .db import BaseModel, write_transaction

# Per-address throttle on failed sign-ins, on top of the per-account lock (which an attacker trying one
# password on many usernames would not trip). Kept in the database so every `serve` process shares it.
FAILURES_PER_ADDRESS = 20
FAILURE_WINDOW = timedelta(minutes=15)


class SignInFailure(BaseModel):
    """One failed sign-in from a client address (the real client's, as the trusted proxy reports it)."""
    address = CharField(max_length=64)
    at = DateTimeField()

    @classmethod
    def throttled(cls, address, now):
        """Whether this address failed FAILURES_PER_ADDRESS sign-ins within the last FAILURE_WINDOW."""
        recent = cls.select(cls.id).where((cls.address == address[:64]) & (cls.at > now - FAILURE_WINDOW))
        return recent.limit(FAILURES_PER_ADDRESS).count() >= FAILURES_PER_ADDRESS

    @classmethod
    def record(cls, address, now):
        """Count one failed sign-in, and forget those too old to count (the table stays small)."""
        with write_transaction():
            cls.delete().where(cls.at <= now - FAILURE_WINDOW).execute()
            cls.create(address=address[:64], at=now)


class InstanceSetting(BaseModel):
    """A named value the instance keeps about itself (never about a client)."""
    name = CharField(max_length=64, primary_key=True)
    value = TextField()
