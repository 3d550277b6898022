"""Peewee models. The schema has no column for a name, SSN, address, contact detail or real date of birth."""
from .accounts import ROLES, Agency, Project, User, UserProject, utcnow
from .audit import AuditEvent
from .assessments import Disability, IncomeBenefits
from .clients import Client, EmploymentEducation, Enrollment, HealthAndDV, Household
from .exits import Exit
from .services import Service, ServiceType
from .db import write_transaction

__all__ = ["ROLES", "Agency", "AuditEvent", "Client", "Disability", "EmploymentEducation", "Enrollment", "Exit",
           "HealthAndDV", "Household", "IncomeBenefits", "Project", "Service", "ServiceType", "User", "UserProject",
           "utcnow", "write_transaction"]
