"""Peewee models. The schema has no column for a name, SSN, address, contact detail or real date of birth."""
from .accounts import ROLES, Agency, Project, User, UserProject, utcnow
from .audit import AuditEvent
from .db import write_transaction

__all__ = ["ROLES", "Agency", "AuditEvent", "Project", "User", "UserProject", "utcnow",
           "write_transaction"]
