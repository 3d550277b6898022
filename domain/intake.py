"""What HMIS stores for a household at project start, computed from what staff typed.

Real dates of birth and real dates of approximated households enter here and leave only as
stored values: January 1 of a nearby year, and dates moved by the household's offset.
"""
from dataclasses import dataclass
from datetime import date

from domain.ages import age_group, age_on, is_adult
from domain.dates import shift_date
from domain.dob import BirthInput, approximate_dob, estimated_dob


@dataclass(frozen=True)
class StoredBirth:
    dob: date
    adult: bool  # at project start, as reports compute it from stored values
    age_group: str


def stored_start(real_start: date, offset_days: int) -> date:
    """Project Start Date as stored: the real date, or moved by the household's offset."""
    return shift_date(real_start, offset_days) if offset_days else real_start


def real_adult(birth: BirthInput, real_start: date) -> bool:
    """Whether the person is an adult at the real project start (decides the questions asked)."""
    return is_adult(age_on(estimated_dob(birth), real_start))


def stored_birth(birth: BirthInput, *, real_start: date, offset_days: int, choice: int) -> StoredBirth:
    """The approximate DOB to store, with the adult/child status and age group reports will see."""
    start = stored_start(real_start, offset_days)
    dob = approximate_dob(birth, real_start=real_start, stored_start=start, choice=choice)
    age = age_on(dob, start)
    return StoredBirth(dob=dob, adult=is_adult(age), age_group=age_group(age))


@dataclass(frozen=True)
class MemberAnswers:
    """One member's intake answers as typed: real birth information and real dates."""
    birth: BirthInput
    dob_choice: int
    relationship_to_hoh: int
    race: frozenset[str]
    race_none: int | None
    sex: int
    disabling_condition: int
    veteran_status: int | None = None
    domestic_violence_survivor: int | None = None
    when_occurred: int | None = None
    currently_fleeing: int | None = None
    living_situation: int | None = None
    rental_subsidy_type: int | None = None
    length_of_stay: int | None = None
    previous_street_essh: int | None = None
    date_to_street_essh: date | None = None
    times_homeless_past_three_years: int | None = None
    months_homeless_past_three_years: int | None = None
    last_grade_completed: int | None = None

    @property
    def is_head(self) -> bool:
        return self.relationship_to_hoh == 1

    def asked_adult_questions(self, real_start: date) -> bool:
        """HUD asks 3.917 and 4.11 of the head of household and of every adult."""
        return self.is_head or real_adult(self.birth, real_start)
