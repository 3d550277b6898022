"""Instance-wide state shared by every app process: the sign-in throttle and instance settings."""
import hmac
from datetime import timedelta

from peewee import CharField, DateTimeField, TextField

from domain.dates import key_fingerprint

from .db import BaseModel, ConfigurationError, db, write_transaction

# Per-address throttle on failed sign-ins, on top of the per-account lock (which an attacker trying one
# password on many usernames would not trip). Kept in the database so every `serve` process shares it.
FAILURES_PER_ADDRESS = 20
FAILURE_WINDOW = timedelta(minutes=15)

SHIFT_KEY_FINGERPRINT = "date_shift_key_fingerprint"
KEY_MISMATCH = (
    "DATE_SHIFT_KEY is not the key this database was started with, so the app will not start. The dates of "
    "approximated households already stored were shifted with the other key; with this one, their new dates would "
    "get different offsets and their lengths of stay would no longer add up. Nothing was changed. Restore the "
    "right key from its separate backup (into the DATE_SHIFT_KEY environment variable or the keys folder's "
    "date_shift_key, instance-keys/ by default) and start again.")


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


class KeyMismatchError(ConfigurationError):
    """The date-shift key differs from the one whose fingerprint the database holds."""


def check_shift_key(key: bytes) -> None:
    """Remember the date-shift key's fingerprint at first start; refuse a different key afterwards.

    Insert-if-absent, then compare with what is stored: two processes starting together agree on one fingerprint.
    A database not migrated yet has no table to hold it; the first start that migrates records it."""
    fingerprint = key_fingerprint(key)
    with db.connection_context():
        if not InstanceSetting.table_exists():
            return
        InstanceSetting.insert(name=SHIFT_KEY_FINGERPRINT, value=fingerprint).on_conflict_ignore().execute()
        stored = InstanceSetting.get_by_id(SHIFT_KEY_FINGERPRINT).value
    if not hmac.compare_digest(stored, fingerprint):
        raise KeyMismatchError(KEY_MISMATCH)
