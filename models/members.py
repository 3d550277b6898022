"""Corrections to a saved member, with a check that nobody else changed it meanwhile."""
from datetime import timedelta

from domain import elements
from domain.ages import age_on, is_adult
from domain.elements import CLIENT, ENROLLMENT, HEALTH_AND_DV, ROW_RECORDS
from domain.intake import real_adult, stored_birth

from .audit import AuditEvent
from .clients import RACE_COLUMNS, RECORD_MODELS
from .db import write_transaction
from .intake import PROJECT_START, member_records, refresh_household_size_and_type

# The stored values a correction may change, by record: the declared elements' columns, and beside them the
# hand-written ones (the DOB, Race and Ethnicity, LOSUnderThreshold computed with 3.917's answers).
OTHER_COLUMNS = {CLIENT: ("race_none", *RACE_COLUMNS.values(), "dob"), ENROLLMENT: ("los_under_threshold",)}
COLUMNS = {record: (*(e.name for e in elements.stored_in(record)), *OTHER_COLUMNS.get(record, ()))
           for record in RECORD_MODELS}
LABELS = {**{e.name: e.label for e in elements.INTAKE}, "race_none": "Race and Ethnicity", "dob": "Date of Birth",
          **{field: "Race and Ethnicity" for field in RACE_COLUMNS.values()}}


class EditConflict(Exception):
    """Someone saved this member after the form was loaded; `fields` names what they changed."""

    def __init__(self, fields):
        super().__init__("conflict")
        self.fields = fields


def start_row(record, enrollment):
    """The member's live project-start row of a record of its own (4.11, R4), or None."""
    model = RECORD_MODELS[record]
    return (model.select().where(model.enrollment == enrollment, model.data_collection_stage == PROJECT_START,
                                 model.date_deleted.is_null()).first())


def start_dv(enrollment):
    return start_row(HEALTH_AND_DV, enrollment)


def _stored_records(enrollment):
    """record -> its stored row (None: no row)."""
    return {CLIENT: enrollment.client, ENROLLMENT: enrollment,
            **{record: start_row(record, enrollment) for record in ROW_RECORDS}}


def snapshot(enrollment):
    """The stored values the edit form shows, as plain text (for signing into the form)."""
    rows = _stored_records(enrollment)
    values = {f"{record}.{name}": getattr(rows[record], name) if rows[record] else None
              for record, names in COLUMNS.items() for name in names}
    return {key: None if value is None else str(value) for key, value in values.items()}


def form_data(enrollment):
    """The stored answers as the edit form's starting values (birth fields blank: the DOB stays). A date of an
    approximated household is stored shifted: staff retype the real date to change it."""
    rows, client = _stored_records(enrollment), enrollment.client
    member = {e.name: getattr(rows[e.record], e.name) for e in elements.INTAKE if rows[e.record] is not None}
    if enrollment.household.dates_approximated:
        member.update({e.name: None for e in elements.INTAKE if e.widget == elements.DATE})
    return {**member, "race_none": client.race_none,
            "race": [column for column, field in RACE_COLUMNS.items() if getattr(client, field)]}


def changed_labels(base, current):
    names = sorted({key.split(".", 1)[1] for key in current if base.get(key) != current[key]})
    return sorted({LABELS.get(name, name.replace("_", " ").capitalize()) for name in names})


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
        stored = member_records(project, answers, adult, offset_days)
        client.race_none = None if answers.race else answers.race_none
        for column, field in RACE_COLUMNS.items():
            setattr(client, field, column in answers.race)
        enrollment.enrollment_coc = project.coc_code if answers.is_head else None
        for record, row in ((CLIENT, client), (ENROLLMENT, enrollment)):
            for name, value in stored[record].items():
                setattr(row, name, value)
        for record in ROW_RECORDS:
            if record in stored:  # left out: the project collects none of it, so a stored row stays as it is
                _save_row(record, enrollment, stored[record], now_stamp, user)
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


def _save_row(record, enrollment, values, stamp, user):
    """Write a record of its own at project start: made, changed, or deleted when the member is no longer asked."""
    row = start_row(record, enrollment)
    if values is None:
        if row is not None:
            row.date_deleted = stamp
            row.save()
        return
    if row is None:
        RECORD_MODELS[record].create(enrollment=enrollment, information_date=enrollment.entry_date,
                                     data_collection_stage=PROJECT_START, date_created=stamp, date_updated=stamp,
                                     user=user, **values)
    else:
        for name, value in values.items():
            setattr(row, name, value)
        _save_versioned(row, stamp, user)


def _real_start(enrollment, offset_days):
    return enrollment.entry_date - timedelta(days=offset_days)


def _stored_adult(client, enrollment):
    return is_adult(age_on(client.dob, enrollment.entry_date))
