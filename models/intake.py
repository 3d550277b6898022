"""Saving a household at project start, all members in one transaction."""
import uuid
from datetime import datetime

from domain import codes
from domain.ages import age_on
from domain.dates import shift_datetime
from domain.households import household_type
from domain.intake import MemberAnswers, real_adult, stored_birth, stored_start
from domain.living_situation import followup_fields, los_under_threshold
from domain.record_codes import new_code, normalize

from .audit import AuditEvent
from .clients import RACE_COLUMNS, Client, EmploymentEducation, Enrollment, HealthAndDV, Household
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
    adult = real_adult(answers.birth, real_start)
    client = Client.create(
        agency=project.agency_id, personal_id=_new_id(), code=unique_code(Client),
        dob=birth.dob, dob_data_quality=project.agency.dob_data_quality,
        race_none=None if answers.race else answers.race_none,
        sex=answers.sex,
        veteran_status=answers.veteran_status if adult else codes.DATA_NOT_COLLECTED,
        **{field: column in answers.race for column, field in RACE_COLUMNS.items()}, **stamps)
    asked = answers.asked_adult_questions(real_start)
    enrollment = Enrollment.create(
        agency=project.agency_id, project=project, household=household, client=client, enrollment_id=_new_id(),
        relationship_to_hoh=answers.relationship_to_hoh, entry_date=start,
        enrollment_coc=project.coc_code if answers.is_head else None,
        disabling_condition=answers.disabling_condition,
        **(living_situation_fields(project, answers, offset_days) if asked else {}), **stamps)
    if asked:
        HealthAndDV.create(
            enrollment=enrollment, information_date=start, data_collection_stage=PROJECT_START,
            domestic_violence_survivor=answers.domestic_violence_survivor,
            when_occurred=answers.when_occurred if answers.domestic_violence_survivor == 1 else None,
            currently_fleeing=answers.currently_fleeing if answers.domestic_violence_survivor == 1 else None,
            **stamps)
        if project.collects_education:
            EmploymentEducation.create(enrollment=enrollment, information_date=start,
                                       data_collection_stage=PROJECT_START,
                                       last_grade_completed=answers.last_grade_completed, **stamps)
    return age_on(birth.dob, start)


def living_situation_fields(project, answers, offset_days):
    """3.917 as HUD's logic asks it: only the follow-ups that apply are kept."""
    asked = followup_fields(project.project_type, answers.living_situation, answers.length_of_stay,
                            answers.previous_street_essh)
    values = {name: getattr(answers, name) if name in asked else None
              for name in ("rental_subsidy_type", "length_of_stay", "previous_street_essh",
                           "times_homeless_past_three_years", "months_homeless_past_three_years")}
    real_date = answers.date_to_street_essh if "date_to_street_essh" in asked else None
    values["date_to_street_essh"] = stored_start(real_date, offset_days) if real_date else None
    if project.project_type not in codes.LITERALLY_HOMELESS_PROJECT_TYPES:
        values["los_under_threshold"] = los_under_threshold(answers.living_situation, answers.length_of_stay)
    return {"living_situation": answers.living_situation, **values}


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
