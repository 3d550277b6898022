"""Answers collected at project start, update, annual assessment and exit (data collection stages)."""
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from peewee import CharField, DateField, DecimalField, ForeignKeyField, SmallIntegerField

from domain import codes
from domain.assessments import SINGLE_STAGES

from .audit import AuditEvent
from .clients import Enrollment, EnrollmentRecord, HealthAndDV
from .db import write_transaction
from .dialect import for_update


def snake(column):
    """HMIS CSV column name -> model field name: SSIAmount -> ssi_amount."""
    out = []
    for i, ch in enumerate(column):
        if ch.isupper() and i and (not column[i - 1].isupper() or (i + 1 < len(column) and column[i + 1].islower())):
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


class IncomeBenefits(EnrollmentRecord):
    """4.02 Income and Sources, 4.03 Non-Cash Benefits and 4.04 Health Insurance, one row per stage."""
    enrollment = ForeignKeyField(Enrollment, backref="income_benefits", on_delete="CASCADE")
    information_date = DateField()
    data_collection_stage = SmallIntegerField()
    income_from_any_source = SmallIntegerField(null=True)
    total_monthly_income = DecimalField(max_digits=10, decimal_places=2, null=True)
    other_income_source_identify = CharField(max_length=50, null=True)
    benefits_from_any_source = SmallIntegerField(null=True)
    other_benefits_source_identify = CharField(max_length=50, null=True)
    insurance_from_any_source = SmallIntegerField(null=True)
    other_insurance_identify = CharField(max_length=50, null=True)


# One flag (list 1.7) per source, and a monthly amount per income source.
for _flag, _amount, _ in codes.INCOME_SOURCES:
    IncomeBenefits._meta.add_field(snake(_flag), SmallIntegerField(null=True))
    IncomeBenefits._meta.add_field(snake(_amount), DecimalField(max_digits=10, decimal_places=2, null=True))
for _flag, _ in codes.BENEFIT_SOURCES + codes.INSURANCE_SOURCES:
    IncomeBenefits._meta.add_field(snake(_flag), SmallIntegerField(null=True))


class Disability(EnrollmentRecord):
    """4.05-4.10, one row per disability type per stage."""
    enrollment = ForeignKeyField(Enrollment, backref="disabilities", on_delete="CASCADE")
    information_date = DateField()
    data_collection_stage = SmallIntegerField()
    disability_type = SmallIntegerField()
    disability_response = SmallIntegerField()
    indefinite_and_impairs = SmallIntegerField(null=True)


# Model field names of each element's source flags (and income amounts), in HUD's order.
INCOME_FIELDS = tuple((snake(flag), snake(amount)) for flag, amount, _ in codes.INCOME_SOURCES)
BENEFIT_FIELDS = tuple(snake(flag) for flag, _ in codes.BENEFIT_SOURCES)
INSURANCE_FIELDS = tuple(snake(flag) for flag, _ in codes.INSURANCE_SOURCES)


class StaleRecord(Exception):
    """The record was saved by someone else after the form was loaded."""


class DuplicateRecord(Exception):
    """An update or annual assessment already exists for this member at this stage and date."""


@dataclass
class Record:
    """One assessment: an enrollment's rows at one stage (and, for updates, one Information Date)."""
    stage: int
    information_date: date | None = None
    income_benefits: IncomeBenefits | None = None
    dv: HealthAndDV | None = None
    disabilities: dict = field(default_factory=dict)  # disability type -> Disability

    @property
    def version(self):
        return self.income_benefits.version if self.income_benefits else None

    @property
    def has_rows(self):
        return bool(self.income_benefits or self.dv or self.disabilities)


@dataclass(frozen=True)
class StageValues:
    """What to store for one assessment, as model field values; None for an element not asked."""
    income_benefits: dict
    dv: dict | None = None
    disabilities: dict | None = None  # disability type -> {"disability_response": ..., "indefinite_and_impairs": ...}
    disabling_condition: int | None = None  # a new 3.08 for the enrollment, when staff chose to set it


def _live(model, enrollment_ids):
    return model.select().where(model.enrollment.in_(enrollment_ids), model.date_deleted.is_null())


def load_record(enrollment, stage, information_date=None):
    """The record of this enrollment at a stage; updates and annual assessments also by date."""
    record = Record(stage=stage, information_date=information_date)
    for model in (IncomeBenefits, HealthAndDV, Disability):
        query = _live(model, [enrollment.id]).where(model.data_collection_stage == stage)
        if stage not in SINGLE_STAGES:
            query = query.where(model.information_date == information_date)
        for row in query.order_by(model.id):
            _add_row(record, row)
    return record


def record_by_id(enrollment, assessment_id):
    """The record whose IncomeBenefits row has this id, if it belongs to the enrollment."""
    row = _live(IncomeBenefits, [enrollment.id]).where(IncomeBenefits.id == assessment_id).first()
    if row is None:
        return None
    return load_record(enrollment, row.data_collection_stage, row.information_date)


def latest_record(enrollment):
    """The most recent answers of each element, whatever their stage (None if there are none)."""
    record = Record(stage=0)
    for model in (IncomeBenefits, HealthAndDV, Disability):
        for row in _live(model, [enrollment.id]).order_by(model.information_date, model.id):
            _add_row(record, row, keep_latest=True)
    return record if record.has_rows else None


def records_for(enrollment_ids):
    """Every live record of these enrollments: {enrollment id: [Record, ...]} in date and stage order."""
    records = {}
    for model in (IncomeBenefits, HealthAndDV, Disability):
        for row in _live(model, enrollment_ids).order_by(model.id):
            stage = row.data_collection_stage
            key = (stage,) if stage in SINGLE_STAGES else (stage, row.information_date)
            by_key = records.setdefault(row.enrollment_id, {})
            record = by_key.setdefault(key, Record(stage=stage, information_date=row.information_date))
            _add_row(record, row)
    order = {1: 0, 2: 1, 5: 1, 3: 2}  # a project exit comes last even when dated like an update
    return {eid: sorted(by_key.values(), key=lambda r: (order.get(r.stage, 1), r.information_date))
            for eid, by_key in records.items()}


def _add_row(record, row, keep_latest=False):
    if isinstance(row, Disability):
        if keep_latest or row.disability_type not in record.disabilities:
            record.disabilities[row.disability_type] = row
        return
    name = "income_benefits" if isinstance(row, IncomeBenefits) else "dv"
    if keep_latest or getattr(record, name) is None:
        setattr(record, name, row)


def save_assessment(*, user, enrollment, stage, information_date, values, stamp, editing=None,
                    expected_version=None, privacy_override=None):
    """Store one assessment in one transaction: create its rows, or change them and bump their versions.

    `editing` is the Record being corrected (its IncomeBenefits version must still be
    `expected_version`). Without it, a Project start or exit record that exists is changed (one per
    enrollment), and an update or annual assessment on a date already used is a DuplicateRecord.
    privacy_override: (element names, reason) when staff saved past the re-identification guard's warning.
    """
    with write_transaction():
        locked = _locked(enrollment)
        target = load_record(enrollment, stage, information_date)
        if editing is None:
            record = target
            if stage not in SINGLE_STAGES and record.income_benefits is not None:
                raise DuplicateRecord()
        else:
            record = load_record(enrollment, editing.stage, editing.information_date)
            if record.version != expected_version:
                raise StaleRecord()
            if stage not in SINGLE_STAGES and target.income_benefits not in (None, record.income_benefits):
                raise DuplicateRecord()
        created = record.income_benefits is None
        changes = _write_rows(record, enrollment, stage, information_date, values, user, stamp)
        AuditEvent.record(user, "create" if created else "update", "assessment", record.income_benefits.id, changes,
                          at=stamp)
        if privacy_override:
            elements, reason = privacy_override
            AuditEvent.record(user, "reid_override", "assessment", record.income_benefits.id, elements, reason=reason,
                              at=stamp)
        if values.disabling_condition is not None and values.disabling_condition != locked.disabling_condition:
            locked.disabling_condition = values.disabling_condition
            locked.version += 1
            locked.date_updated, locked.user = stamp, user
            locked.save()
            AuditEvent.record(user, "update", "enrollment", locked.id, ["disabling_condition"], at=stamp)
    return record.income_benefits


def _locked(enrollment):
    """The enrollment, locked until the transaction ends so saves for it take turns."""
    return for_update(Enrollment.select().where(Enrollment.id == enrollment.id)).get()


def _write_rows(record, enrollment, stage, information_date, values, user, stamp):
    """Write the record's rows; returns the names of the fields written or changed (never values)."""
    base = {"data_collection_stage": stage, "information_date": information_date}
    write = partial(_write, enrollment=enrollment, user=user, stamp=stamp)
    changes = []
    if values.dv is not None:
        record.dv, names = write(HealthAndDV, record.dv, {**base, **values.dv})
        changes += [f"health_and_dv.{name}" for name in names]
    for disability_type, answers in (values.disabilities or {}).items():
        row, names = write(Disability, record.disabilities.get(disability_type),
                           {**base, "disability_type": disability_type, **answers})
        record.disabilities[disability_type] = row
        changes += [f"disability_{disability_type}.{name}" for name in names]
    # The IncomeBenefits row carries the record's version: it changes whenever any row of the record does.
    record.income_benefits, names = write(IncomeBenefits, record.income_benefits,
                                          {**base, **values.income_benefits}, bump=bool(changes))
    return changes + [f"income_benefits.{name}" for name in names]


def _write(model, row, values, *, enrollment, user, stamp, bump=False):
    """Create the row, or change the fields that differ and bump its version (also when `bump`)."""
    if row is None:
        row = model.create(enrollment=enrollment, **values, date_created=stamp, date_updated=stamp, user=user)
        return row, sorted(values)
    changed = sorted(name for name, value in values.items() if getattr(row, name) != value)
    if changed or bump:
        for name in changed:
            setattr(row, name, values[name])
        row.version += 1
        row.date_updated, row.user = stamp, user
        row.save()
    return row, changed
