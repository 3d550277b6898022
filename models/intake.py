"""Saving a household at project start, all members in one transaction."""
import uuid
from datetime import datetime

from domain import elements
from domain.ages import age_on
from domain.dates import shift_datetime
from domain.elements import CLIENT, ENROLLMENT, ROW_RECORDS
from domain.households import household_type
from domain.intake import MemberAnswers, real_adult, stored_answers, stored_birth, stored_start
from domain.record_codes import new_code, normalize

from .audit import AuditEvent
from .clients import RACE_COLUMNS, RECORD_MODELS, Client, Enrollment, Household
from .db import write_transaction

PROJECT_START = 1  # 5.03.1 DataCollectionStage


class DuplicateHousehold(Exception):
    """This intake form was already saved (a double submit); `household` is the saved one."""

    def __init__(self, household):
        super().__init__("already saved")
        self.household = household


def unique_code(model):
    """A fresh record code; the space is 32**7, so a clash is a rare retry."""
    while True:
        code = normalize(new_code())
        if not model.select().where(model.code == code).exists():
            return code


def record_intake(*, user, project, household_id: str, real_start, offset_days: int,
                  members: list[MemberAnswers], now: datetime, privacy_override=None):
    """Store a household's project start. Real dates and real birth information are not kept.

    privacy_override: (element names, reason) when staff saved past the re-identification guard's warning.
    """
    start = stored_start(real_start, offset_days)
    stamp = shift_datetime(now, offset_days) if offset_days else now
    stamps = {"date_created": stamp, "date_updated": stamp, "user": user}
    with write_transaction():
        existing = Household.get_or_none(Household.household_id == household_id)
        if existing is not None:
            raise DuplicateHousehold(existing)
        household = Household.create(agency=project.agency_id, project=project, household_id=household_id,
                                      code=unique_code(Household), dates_approximated=bool(offset_days), **stamps)
        ages = [_record_member(household, project, answers, real_start, start, offset_days, stamps)
                for answers in members]
        household.household_type, household.household_size = household_type(ages), len(ages)
        household.save(only=[Household.household_type, Household.household_size])
        AuditEvent.record(user, "create", "household", household.id, ["members"], at=stamp)
        if privacy_override:
            elements, reason = privacy_override
            AuditEvent.record(user, "reid_override", "household", household.id, elements, reason=reason, at=stamp)
    return household


def _record_member(household, project, answers, real_start, start, offset_days, stamps):
    """Store one member; returns their age at entry as reports compute it from stored values."""
    birth = stored_birth(answers.birth, real_start=real_start, offset_days=offset_days, choice=answers.dob_choice)
    stored = member_records(project, answers, real_adult(answers.birth, real_start), offset_days)
    client = Client.create(
        agency=project.agency_id, personal_id=_new_id(), code=unique_code(Client),
        dob=birth.dob, dob_data_quality=project.agency.dob_data_quality,
        race_none=None if answers.race else answers.race_none,
        **{field: column in answers.race for column, field in RACE_COLUMNS.items()}, **stored[CLIENT], **stamps)
    enrollment = Enrollment.create(
        agency=project.agency_id, project=project, household=household, client=client, enrollment_id=_new_id(),
        entry_date=start, enrollment_coc=project.coc_code if answers.is_head else None, **stored[ENROLLMENT],
        **stamps)
    for record in ROW_RECORDS:
        if stored.get(record) is not None:
            RECORD_MODELS[record].create(enrollment=enrollment, information_date=start,
                                         data_collection_stage=PROJECT_START, **stored[record], **stamps)
    return age_on(birth.dob, start)


def member_records(project, answers, adult, offset_days):
    """What each record stores of a member's declared answers (domain.intake.stored_answers) in this project."""
    return stored_answers(answers, adult=adult, project_type=project.project_type,
                          project_flags=elements.flags_on(project), offset_days=offset_days)


def _new_id():
    return uuid.uuid4().hex


def refresh_household_size_and_type(household):
    """Recompute the stored household size (live members) and type after members or their ages changed."""
    ages = [age_on(e.client.dob, e.entry_date) for e in
            Enrollment.select(Enrollment, Client).join(Client)
            .where(Enrollment.household == household, Enrollment.date_deleted.is_null())]
    kind = {"household_type": household_type(ages)} if ages else {}  # no live member: keep the last known type
    Household.update(household_size=len(ages), **kind).where(Household.id == household.id).execute()


def household_saved(household_id):
    """Whether a household was saved under this HouseholdID already (the intake form submitted twice)."""
    return Household.select().where(Household.household_id == household_id).exists()
