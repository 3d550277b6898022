"""Approximate dates of birth, as WA Commerce's DV guidance asks.

The stored DOB is January 1 of the real birth year moved by -1, 0 or +1 years. The move is
random, but limited so that reports still see the person as the adult or child they are, and
never as unborn at project start.

Known gap: a 17-year-old whose 18th birthday falls after the real start but in the same year,
when the date shift pushes the stored start into the next year, is 18 or older at the stored
start for every candidate (the youngest, Jan 1 of birth year + 1, gives exactly 18). No
approximation within one year can keep them a child, so the real year's January 1 is used.
Only an exact DOB can hit this: an age given on the real start, or a birth year, is placed mid-
range (see estimated_dob), so the 18th birthday is never both after the start and in its year
when the shift crosses New Year. Every other real age has an allowed move (see the tests).
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, timedelta

from domain.ages import age_on, is_adult

MAX_AGE = 120
ONE_KIND = "Give exactly one of: dob; age with as_of; year."
_YEAR_MOVES = (-1, 0, 1)


@dataclass(frozen=True)
class BirthInput:
    """What the client told us: exactly one of an exact DOB, an age on a date, or a birth year."""

    dob: date | None = None
    age: int | None = None
    as_of: date | None = None
    year: int | None = None

    def __post_init__(self) -> None:
        has_age = self.age is not None and self.as_of is not None
        half_age = (self.age is None) != (self.as_of is None)
        kinds = (self.dob is not None) + has_age + (self.year is not None)
        if kinds != 1 or half_age:
            raise ValueError(ONE_KIND)


def approximate_dob(birth: BirthInput, *, real_start: date, stored_start: date, choice: int) -> date:
    """The DOB to store: January 1 of the birth year moved by -1, 0 or +1.

    A move is allowed when the stored DOB keeps the person's real adult/child status at
    stored_start and is not after stored_start. `choice` (drawn once per form) picks among the
    allowed moves, in the order -1, 0, +1, so repeated calls give the same answer (see keyed_choice).
    """
    if choice < 0:
        raise ValueError("choice must be a non-negative integer.")
    estimate = estimated_dob(birth)
    real_adult = is_adult(age_on(estimate, real_start))
    allowed = [
        candidate
        for candidate in (date(estimate.year + move, 1, 1) for move in _YEAR_MOVES)
        if candidate <= stored_start and is_adult(age_on(candidate, stored_start)) == real_adult
    ]
    if allowed:
        return allowed[choice % len(allowed)]
    fallback = date(estimate.year, 1, 1)  # only in the known gap described above
    if fallback <= stored_start:
        return fallback
    # No dates in the message: it may reach a log, and the real birth year is sensitive.
    raise ValueError("No approximate date of birth is on or before the project start date.")


def keyed_choice(key: bytes, birth: BirthInput) -> int:
    """The `choice` for approximate_dob: HMAC-SHA256 of the (estimated) real DOB under the date-shift key.

    Keyed on the person, not drawn per form, so the same real DOB gives the same stored year in every entry,
    edit and preview: intersecting several forms' answers narrows nothing. Without the key the choice reveals
    nothing of the real DOB."""
    message = b"dob|" + estimated_dob(birth).isoformat().encode()
    return int.from_bytes(hmac.new(key, message, hashlib.sha256).digest()[:8], "big")


def estimated_dob(birth: BirthInput) -> date:
    """The real DOB, or the middle of the range of possible DOBs.

    For an age on a date the birth could be on any day from (as_of - age - 1 years + 1 day) to
    (as_of - age years); the middle of that range gives the most likely birth year and, when
    as_of is the real start, exactly the stated age there. For a year only, July 1.
    """
    if birth.dob is not None:
        return birth.dob
    if birth.year is not None:
        return date(birth.year, 7, 1)
    if birth.age is None or birth.as_of is None:  # BirthInput refuses this; said again for the type checker
        raise ValueError(ONE_KIND)
    latest = _years_before(birth.as_of, birth.age)  # birthday on as_of itself
    earliest = _years_before(birth.as_of, birth.age + 1) + timedelta(days=1)
    return earliest + (latest - earliest) // 2


def validate_real_dob(dob: date, today: date) -> str | None:
    if dob > today:
        return "Date of Birth cannot be in the future."
    if dob < _years_before(today, MAX_AGE):
        return f"Date of Birth cannot be more than {MAX_AGE} years ago."
    return None


def validate_age(age: int) -> str | None:
    if age < 0:
        return "Age cannot be negative."
    if age > MAX_AGE:
        return f"Age cannot be more than {MAX_AGE}."
    return None


def validate_birth_year(year: int, today: date) -> str | None:
    if year > today.year:
        return "Year of birth cannot be in the future."
    if year < today.year - MAX_AGE:
        return f"Year of birth cannot be more than {MAX_AGE} years ago."
    return None


def _years_before(day: date, years: int) -> date:
    """Same month and day `years` earlier; Feb 29 becomes Feb 28 in a non-leap year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
