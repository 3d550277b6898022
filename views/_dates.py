"""Real dates typed for a saved household, turned into the dates it stores."""
from flask import current_app

from domain.dates import household_offset_days, shift_datetime
from models.accounts import utcnow
from domain.intake import stored_start


def household_offset(household):
    """The household's offset in days (0 when its dates are real). Derived, never stored."""
    if not household.dates_approximated:
        return 0
    return household_offset_days(current_app.config["DATE_SHIFT_KEY"].encode(), household.household_id)


def household_stamp(household):
    """Now, as this household's record timestamps and audit events store it: shifted like its dates."""
    return shift_datetime(utcnow(), household_offset(household))


def stored_date(household, real):
    """A real date of this household (a service, an exit, a move-in) as HMIS stores it."""
    return stored_start(real, household_offset(household))
