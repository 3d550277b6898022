"""Peewee models. The schema has no column for a name, SSN, address, contact detail or real date of birth."""
from .accounts import ROLES, Agency, Project, User, UserProject, utcnow
from .audit import AuditEvent
from .clients import Client, EmploymentEducation, Enrollment, HealthAndDV, Household
from .db import write_transaction

__all__ = ["ROLES", "Agency", "AuditEvent", "Client", "EmploymentEducation", "Enrollment", "HealthAndDV",
           "Household", "Project", "User", "UserProject", "utcnow",
           "write_transaction"]
