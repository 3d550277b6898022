"""Answers collected at project start, update, annual assessment and exit (data collection stages)."""
from peewee import CharField, DateField, DecimalField, ForeignKeyField, SmallIntegerField

from domain import codes

from .clients import Enrollment, Timestamps


def snake(column):
    """HMIS CSV column name -> model field name: SSIAmount -> ssi_amount."""
    out = []
    for i, ch in enumerate(column):
        if ch.isupper() and i and (not column[i - 1].isupper() or (i + 1 < len(column) and column[i + 1].islower())):
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


class IncomeBenefits(Timestamps):
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


class Disability(Timestamps):
    """4.05-4.10, one row per disability type per stage."""
    enrollment = ForeignKeyField(Enrollment, backref="disabilities", on_delete="CASCADE")
    information_date = DateField()
    data_collection_stage = SmallIntegerField()
    disability_type = SmallIntegerField()
    disability_response = SmallIntegerField()
    indefinite_and_impairs = SmallIntegerField(null=True)
