"""Correcting a household's Project Start Date: every date that hangs on it moves with it."""
from peewee import fn

from domain.ages import age_on, is_adult
from domain.record_codes import hyphenate

from .assessments import Disability, IncomeBenefits
from .audit import AuditEvent
from .clients import Client, EmploymentEducation, Enrollment, HealthAndDV
from .db import write_transaction
from .dialect import as_date
from .exits import Exit
from .intake import refresh_household_size_and_type
from .services import Service

PROJECT_START = 1
LATER_RECORDS = ((Service, Service.date_provided), (Exit, Exit.exit_date))


def starting_enrollments(household):
    """Live members who started with the household (those who joined later keep their own date)."""
    live = list(Enrollment.select(Enrollment, Client).join(Client)
                .where(Enrollment.household == household, Enrollment.date_deleted.is_null()))
    first = min((e.entry_date for e in live), default=None)
    return [e for e in live if e.entry_date == first]


def start_date_problems(enrollments, new_start):
    """Why the stored start date cannot move to new_start (messages give distances, never dates)."""
    ids = [e.id for e in enrollments]
    problems = []
    for model, column in LATER_RECORDS:
        earliest = (model.select(fn.MIN(column)).where(model.enrollment.in_(ids), model.date_deleted.is_null())
                    .scalar())
        if earliest is not None and as_date(earliest) < new_start:
            what = "a service" if model is Service else "a Project Exit Date"
            problems.append(f"This household has {what} before that date: the Project Start Date cannot be later.")
    later_answers = (IncomeBenefits.select(fn.MIN(IncomeBenefits.information_date))
                     .where(IncomeBenefits.enrollment.in_(ids), IncomeBenefits.data_collection_stage != PROJECT_START,
                            IncomeBenefits.date_deleted.is_null()).scalar())
    if later_answers is not None and as_date(later_answers) < new_start:
        problems.append("This household has an update or assessment before that date: move it first.")
    for e in enrollments:
        if e.move_in_date and e.move_in_date < new_start:
            problems.append("The Housing Move-in Date is before that date: correct it first.")
            break
        if e.date_to_street_essh and e.date_to_street_essh > new_start:
            problems.append("The date homelessness started is after that date: correct it on the member first.")
            break
        if is_adult(age_on(e.client.dob, e.entry_date)) != is_adult(age_on(e.client.dob, new_start)):
            problems.append(f"{hyphenate(e.client.code)} would change between child and adult: "
                            "correct their Date of Birth as well.")
    return problems


def move_start_date(user, household, new_start, stamp):
    """Move the start date of the household's starting members and their project-start records."""
    with write_transaction():
        enrollments = starting_enrollments(household)
        ids = [e.id for e in enrollments]
        old_start = enrollments[0].entry_date
        for model in (HealthAndDV, EmploymentEducation, IncomeBenefits, Disability):
            (model.update(information_date=new_start, date_updated=stamp, version=model.version + 1)
             .where(model.enrollment.in_(ids), model.data_collection_stage == PROJECT_START,
                    model.information_date == old_start).execute())
        (Enrollment.update(entry_date=new_start, date_updated=stamp, version=Enrollment.version + 1)
         .where(Enrollment.id.in_(ids)).execute())
        refresh_household_size_and_type(household)
        AuditEvent.record(user, "update", "household", household.id, ["entry_date"], at=stamp)
