"""Instance-wide state shared by every app process: the sign-in throttle and instance settings."""
from peewee import CharField, DateTimeField, TextField

from .db import BaseModel


class SignInFailure(BaseModel):
    """One failed sign-in from a client address (the real client's, as the trusted proxy reports it)."""
    address = CharField(max_length=64)
    at = DateTimeField()


class InstanceSetting(BaseModel):
    """A named value the instance keeps about itself (never about a client)."""
    name = CharField(max_length=64, primary_key=True)
    value = TextField()
