"""Corrections to a saved member, with a check that nobody else changed it meanwhile."""
from datetime import timedelta

from domain import codes
from domain.ages import age_on, is_adult
from domain.intake import real_adult, stored_birth

from .audit import AuditEvent
from .clients import RACE_COLUMNS, HealthAndDV
from .db import write_transaction
from .intake import PROJECT_START, living_situation_fields, refresh_household_size_and_type

CLIENT_FIELDS = ("sex", "veteran_status", "race_none", *RACE_COLUMNS.values())
ENROLLMENT_FIELDS = ("relationship_to_hoh", "disabling_condition", "living_situation", "rental_subsidy_type",
                     "length_of_stay", "los_under_threshold", "previous_street_essh", "date_to_street_essh",
                     "times_homeless_past_three_years", "months_homeless_past_three_years")
DV_FIELDS = ("domestic_violence_survivor", "when_occurred", "currently_fleeing")
LABELS = {"sex": "Sex", "veteran_status": "Veteran Status", "race_none": "Race and Ethnicity",
          "relationship_to_hoh": "Relationship to Head of Household", "disabling_condition": "Disabling Condition",
          "living_situation": "Prior Living Situation", "domestic_violence_survivor": "Domestic Violence Survivor",
          "when_occurred": "When Experience Occurred", "currently_fleeing": "Currently Fleeing", "dob": "Date of Birth"}


class EditConflict(Exception):
    """Someone saved this member after the form was loaded; `fields` names what they changed."""

    def __init__(self, fields):
        super().__init__("conflict")
        self.fields = fields


def start_dv(enrollment):
    return (HealthAndDV.select().where(HealthAndDV.enrollment == enrollment,
                                       HealthAndDV.data_collection_stage == PROJECT_START,
                                       HealthAndDV.date_deleted.is_null()).first())


def snapshot(enrollment):
    """The stored values the edit form shows, as plain text (for signing into the form)."""
    client, dv = enrollment.client, start_dv(enrollment)
    values = {f"client.{f}": getattr(client, f) for f in (*CLIENT_FIELDS, "dob")}
    values.update({f"enrollment.{f}": getattr(enrollment, f) for f in ENROLLMENT_FIELDS})
    values.update({f"dv.{f}": getattr(dv, f) if dv else None for f in DV_FIELDS})
    return {key: None if value is None else str(value) for key, value in values.items()}


def changed_labels(base, current):
    names = sorted({key.split(".", 1)[1] for key in current if base.get(key) != current[key]})
    return sorted({LABELS.get(name, "Race and Ethnicity" if name in RACE_COLUMNS.values() else
                   name.replace("_", " ").capitalize()) for name in names})


def correct_member(*, user, enrollment, answers, base, offset_days, now_stamp, privacy_override=None):
    """Save corrected answers for one member; raises EditConflict if the record changed since `base`.
    privacy_override: (element names, reason) when staff saved past the re-identification guard's warning."""
    project, client = enrollment.project, enrollment.client
    with write_transaction():
        current = snapshot(enrollment)
        if current != base:
            raise EditConflict(changed_labels(base, current))
        real_start = _real_start(enrollment, offset_days)
        if answers.birth is not None:
            client.dob = stored_birth(answers.birth, real_start=real_start, offset_days=offset_days,
                                      choice=answers.dob_choice).dob
        adult = real_adult(answers.birth, real_start) if answers.birth else _stored_adult(client, enrollment)
        client.sex, client.race_none = answers.sex, None if answers.race else answers.race_none
        client.veteran_status = answers.veteran_status if adult else codes.DATA_NOT_COLLECTED
        for column, field in RACE_COLUMNS.items():
            setattr(client, field, column in answers.race)
        asked = answers.is_head or adult
        enrollment.relationship_to_hoh = answers.relationship_to_hoh
        enrollment.enrollment_coc = project.coc_code if answers.is_head else None
        enrollment.disabling_condition = answers.disabling_condition
        living = living_situation_fields(project, answers, offset_days) if asked else {}
        for field in ENROLLMENT_FIELDS[2:]:
            setattr(enrollment, field, living.get(field))
        _save_dv(enrollment, answers if asked else None, now_stamp, user)
        changed = [key.split(".", 1)[1] for key, value in snapshot(enrollment).items() if base.get(key) != value]
        _save_versioned(client, now_stamp, user)
        _save_versioned(enrollment, now_stamp, user)
        refresh_household_size_and_type(enrollment.household)
        AuditEvent.record(user, "update", "enrollment", enrollment.id, changed, at=now_stamp)
        if privacy_override:
            elements, reason = privacy_override
            AuditEvent.record(user, "reid_override", "enrollment", enrollment.id, elements, reason=reason, at=now_stamp)
    return changed


def _save_versioned(record, stamp, user):
    record.version += 1
    record.date_updated, record.user = stamp, user
    record.save()


def _save_dv(enrollment, answers, stamp, user):
    dv = start_dv(enrollment)
    if answers is None:
        if dv is not None:
            dv.date_deleted = stamp
            dv.save()
        return
    values = {"domestic_violence_survivor": answers.domestic_violence_survivor,
              "when_occurred": answers.when_occurred if answers.domestic_violence_survivor == 1 else None,
              "currently_fleeing": answers.currently_fleeing if answers.domestic_violence_survivor == 1 else None}
    if dv is None:
        HealthAndDV.create(enrollment=enrollment, information_date=enrollment.entry_date,
                           data_collection_stage=PROJECT_START, date_created=stamp, date_updated=stamp, user=user,
                           **values)
    else:
        for name, value in values.items():
            setattr(dv, name, value)
        _save_versioned(dv, stamp, user)


def _real_start(enrollment, offset_days):
    return enrollment.entry_date - timedelta(days=offset_days)


def _stored_adult(client, enrollment):
    return is_adult(age_on(client.dob, enrollment.entry_date))
