"""The person-level HUD data elements the intake asks, each declared once.

The intake form's fields, the answers it hands on, what is stored where, the HMIS CSV columns, the privacy check's
columns and the member template's questions are all read from INTAKE. Birth (3.03: a real date, an age or a year,
never stored as typed) and Race and Ethnicity (3.04: seven columns and a reason none is given) are not declared here:
their fields and storage are written by hand.
"""
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

from domain import codes

Answer = int | date | None

# Where an answer is stored: the record it belongs to, as the HMIS CSV file that carries it.
CLIENT: Final = "client"
ENROLLMENT: Final = "enrollment"
HEALTH_AND_DV: Final = "health_and_dv"  # one row per collection stage; intake writes the project start's
EMPLOYMENT_EDUCATION: Final = "employment_education"  # likewise
CSV_FILES: Final = {CLIENT: "Client.csv", ENROLLMENT: "Enrollment.csv", HEALTH_AND_DV: "HealthAndDV.csv",
                    EMPLOYMENT_EDUCATION: "EmploymentEducation.csv"}
# Records of their own, made at project start only for a member asked at least one of their elements.
ROW_RECORDS: Final = (HEALTH_AND_DV, EMPLOYMENT_EDUCATION)

# Who answers an element.
EVERYONE: Final = "everyone"
HEAD_AND_ADULTS: Final = "head and adults"
ADULTS: Final = "adults"

# How the form asks it.
RADIO: Final = "radio"  # a short list: "Client prefers not to answer" is one tap away
SELECT: Final = "select"  # a long list
DATE: Final = "date"

# Project settings that decide whether an element is asked at all.
PROJECT_FLAGS: Final = ("collects_education",)


@dataclass(frozen=True)
class Element:
    """One HUD data element (or sub-field) as the intake asks and stores it. `name` is the form field and the
    model column alike."""
    number: str
    name: str
    label: str  # as the form shows it (HUD's name, or HUD's question)
    code_list: Mapping[int, str] | None  # None for a date
    record: str
    csv_column: str
    asked_of: str = EVERYONE
    widget: str = RADIO
    required: bool = True  # must be answered whenever it is asked
    message: str | None = None  # the form's message when a required answer is missing, if not the usual one
    group: Callable[[int], str] | None = None  # a select's <optgroup> of a code
    privacy: str | None = None  # the re-identification check's element (domain.reidentification.ELEMENTS)
    withheld_clears: tuple[str, ...] = ()  # fields emptied when the privacy check withholds it (stored as 9)
    only_if: tuple[str, int] | None = None  # asked only when that element has that answer
    living_situation_followup: bool = False  # asked when domain.living_situation.followup_fields says so
    project_flag: str | None = None  # asked only in projects with this setting on
    not_asked: Answer = None  # stored for a member who is not asked (a child's Veteran Status is 99)
    own_layout: bool = False  # the member template places it by hand; otherwise its loop shows it

    @property
    def csv_file(self) -> str:
        return CSV_FILES[self.record]

    def asked(self, *, adult: bool | None, is_head: bool, project_flags: frozenset[str]) -> bool:
        """Whether this member is asked it in this project (adult: None while not known)."""
        if self.project_flag is not None and self.project_flag not in project_flags:
            return False
        if self.asked_of == ADULTS:
            return bool(adult)
        if self.asked_of == HEAD_AND_ADULTS:
            return bool(adult) or is_head
        return True


SURVIVOR = "domestic_violence_survivor"

# In the order the intake form asks them.
INTAKE: Final = (
    Element("3.15", "relationship_to_hoh", "Relationship to Head of Household", codes.RELATIONSHIP_TO_HOH,
            ENROLLMENT, "RelationshipToHoH", widget=SELECT,
            message="Choose the relationship to the head of household.", own_layout=True),
    Element("4.21", "sex", "Sex", codes.SEX, CLIENT, "Sex", privacy="sex"),
    Element("3.07", "veteran_status", "Veteran Status", codes.NO_YES_REASONS, CLIENT, "VeteranStatus",
            asked_of=ADULTS, privacy="veteran_status", not_asked=codes.DATA_NOT_COLLECTED, own_layout=True),
    Element("3.08", "disabling_condition", "Disabling Condition", codes.NO_YES_REASONS, ENROLLMENT,
            "DisablingCondition", privacy="disabling_condition"),
    Element("4.11.2", SURVIVOR, "Domestic Violence Survivor", codes.NO_YES_REASONS, HEALTH_AND_DV,
            "DomesticViolenceSurvivor", asked_of=HEAD_AND_ADULTS, privacy="domestic_violence",
            withheld_clears=("when_occurred", "currently_fleeing"), own_layout=True),
    Element("4.11.A", "when_occurred", "When Experience Occurred", codes.WHEN_DV_OCCURRED, HEALTH_AND_DV,
            "WhenOccurred", asked_of=HEAD_AND_ADULTS, widget=SELECT, only_if=(SURVIVOR, 1), own_layout=True),
    Element("4.11.B", "currently_fleeing", "Currently Fleeing", codes.NO_YES_REASONS, HEALTH_AND_DV,
            "CurrentlyFleeing", asked_of=HEAD_AND_ADULTS, only_if=(SURVIVOR, 1), own_layout=True),
    Element("3.917.1", "living_situation", "Prior Living Situation", codes.PRIOR_LIVING_SITUATION, ENROLLMENT,
            "LivingSituation", asked_of=HEAD_AND_ADULTS, widget=SELECT, group=codes.living_situation_group,
            own_layout=True),
    Element("3.917", "rental_subsidy_type", "Rental Subsidy Type", codes.RENTAL_SUBSIDY_TYPE, ENROLLMENT,
            "RentalSubsidyType", asked_of=HEAD_AND_ADULTS, widget=SELECT, living_situation_followup=True,
            own_layout=True),
    Element("3.917.2", "length_of_stay", "Length of Stay in Prior Living Situation",
            codes.RESIDENCE_PRIOR_LENGTH_OF_STAY, ENROLLMENT, "LengthOfStay", asked_of=HEAD_AND_ADULTS,
            widget=SELECT, living_situation_followup=True, own_layout=True),
    Element("3.917", "previous_street_essh",
            "On the night before, did you stay on the streets, in an emergency shelter or a safe haven?",
            codes.NO_YES_MISSING, ENROLLMENT, "PreviousStreetESSH", asked_of=HEAD_AND_ADULTS,
            living_situation_followup=True, own_layout=True),
    Element("3.917.3", "date_to_street_essh", "Approximate Date This Episode of Homelessness Started", None,
            ENROLLMENT, "DateToStreetESSH", asked_of=HEAD_AND_ADULTS, widget=DATE, living_situation_followup=True,
            own_layout=True),
    Element("3.917.4", "times_homeless_past_three_years",
            "Number of Times on the Streets, in Emergency Shelter, or Safe Haven in the Past Three Years",
            codes.TIMES_HOMELESS_PAST_THREE_YEARS, ENROLLMENT, "TimesHomelessPastThreeYears",
            asked_of=HEAD_AND_ADULTS, widget=SELECT, living_situation_followup=True, own_layout=True),
    Element("3.917.5", "months_homeless_past_three_years",
            "Total Number of Months Homeless on the Street, in Emergency Shelter, or Safe Haven in the Past Three "
            "Years", codes.MONTHS_HOMELESS_PAST_THREE_YEARS, ENROLLMENT, "MonthsHomelessPastThreeYears",
            asked_of=HEAD_AND_ADULTS, widget=SELECT, living_situation_followup=True, own_layout=True),
    Element("R4", "last_grade_completed", "Last Grade Completed", codes.LAST_GRADE_COMPLETED, EMPLOYMENT_EDUCATION,
            "LastGradeCompleted", asked_of=HEAD_AND_ADULTS, widget=SELECT, privacy="education",
            project_flag="collects_education"),
)
BY_NAME: Final = {element.name: element for element in INTAKE}

# Race and Ethnicity, withheld: RaceNone 9 and no race ticked (its fields are written by hand).
RACE_WITHHELD: Final = ("race_none", ("race",))


def stored_in(record: str) -> tuple[Element, ...]:
    """The elements stored in one record, in the form's order."""
    return tuple(element for element in INTAKE if element.record == record)


def counted() -> tuple[Element, ...]:
    """The elements the re-identification check counts (Race and Ethnicity, written by hand, besides)."""
    return tuple(element for element in INTAKE if element.privacy is not None)


def withhold_fields() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Withholding a counted element, as the intake form's fields spell it: privacy element name -> (the field
    set to "Client prefers not to answer", the fields emptied)."""
    fields = {element.privacy: (element.name, element.withheld_clears) for element in counted()
              if element.privacy is not None}
    return {**fields, "race": RACE_WITHHELD}


def flags_on(project: object) -> frozenset[str]:
    """The PROJECT_FLAGS a project has on."""
    return frozenset(flag for flag in PROJECT_FLAGS if getattr(project, flag))
