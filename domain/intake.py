"""What HMIS stores for a household at project start, computed from what staff typed.

Real dates of birth and real dates of approximated households enter here and leave only as
stored values: January 1 of a nearby year, and dates moved by the household's offset.
"""
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from domain.ages import age_group, age_on, is_adult
from domain.dates import shift_date
from domain.codes import LITERALLY_HOMELESS_PROJECT_TYPES
from domain.dob import BirthInput, approximate_dob, estimated_dob
from domain.elements import CSV_FILES, ENROLLMENT, INTAKE, ROW_RECORDS, Answer, Element, stored_in
from domain.living_situation import followup_fields, los_under_threshold


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
    birth: BirthInput | None  # None when a correction keeps the stored DOB
    dob_choice: int
    race: frozenset[str]
    race_none: int | None
    values: Mapping[str, Answer]  # the declared elements' answers by name (domain.elements.INTAKE)

    def __getitem__(self, name: str) -> Answer:
        """The answer to a declared element; None when not answered (or not asked)."""
        return self.values.get(name)

    def code(self, name: str) -> int | None:
        """The answer to a coded element (any but a date)."""
        value = self[name]
        if isinstance(value, date):
            raise TypeError(f"{name} is answered with a date, not a code")
        return value

    @property
    def is_head(self) -> bool:
        return self["relationship_to_hoh"] == 1

    def asked_adult_questions(self, real_start: date) -> bool:
        """HUD asks 3.917 and 4.11 of the head of household and of every adult."""
        return self.is_head or (self.birth is not None and real_adult(self.birth, real_start))


def stored_answers(answers: MemberAnswers, *, adult: bool | None, project_type: int, project_flags: frozenset[str],
                   offset_days: int) -> dict[str, dict[str, Answer] | None]:
    """What each record stores of the declared elements: record -> column -> value. A record of its own (4.11, R4)
    is None when the member is not asked any of it (no row: a correction deletes it), and left out when the project
    collects none of it (no row at intake, a stored one kept). An element not asked is stored as its `not_asked`
    value, a follow-up that does not apply as empty, a date moved by the household's offset. LOSUnderThreshold is
    computed beside 3.917B's answers, never asked."""
    asked = {element.name: element.asked(adult=adult, is_head=answers.is_head, project_flags=project_flags)
             for element in INTAKE}
    followups = (followup_fields(project_type, answers.code("living_situation"), answers.code("length_of_stay"),
                                 answers.code("previous_street_essh")) if asked["living_situation"] else [])
    stored: dict[str, dict[str, Answer] | None] = {}
    for record in CSV_FILES:
        elements = stored_in(record)
        if record in ROW_RECORDS:
            if all(element.project_flag not in (None, *project_flags) for element in elements):
                continue
            if not any(asked[element.name] for element in elements):
                stored[record] = None
                continue
        stored[record] = {element.name: _stored_value(element, answers, asked[element.name], followups, offset_days)
                          for element in elements}
    enrollment = stored[ENROLLMENT]
    if enrollment is not None:
        enrollment["los_under_threshold"] = (
            los_under_threshold(answers.code("living_situation"), answers.code("length_of_stay"))
            if asked["living_situation"] and project_type not in LITERALLY_HOMELESS_PROJECT_TYPES else None)
    return stored


def _stored_value(element: Element, answers: MemberAnswers, asked: bool, followups: list[str],
                  offset_days: int) -> Answer:
    if not asked:
        return element.not_asked
    if element.only_if is not None and answers[element.only_if[0]] != element.only_if[1]:
        return None
    if element.living_situation_followup and element.name not in followups:
        return None
    value = answers[element.name]
    return stored_start(value, offset_days) if isinstance(value, date) else value
