"""Project exit rules: destination groups and follow-ups, length of stay, and when an exit date or a
Housing Move-in Date fits a member's stay.

Every date of a household moves by the same offset, so each rule compares dates of one household on
the same footing (all real or all stored) and gives the same answer either way. Messages speak in
days between dates, never in dates, so they reveal nothing of an approximated household's real dates.
"""
from dataclasses import dataclass
from datetime import date

from domain import codes

SUBSIDY_DESTINATION = 435  # "Rental by client, with ongoing housing subsidy": asks 3.12.A
OTHER_DESTINATION = 17  # "Other": asks OtherDestination (S50)
OTHER_DESTINATION_MAX = 50


@dataclass(frozen=True)
class Stay:
    """What the exit rules need to know of one member's enrollment (stored dates)."""
    enrollment_id: int
    code: str  # record code as shown, e.g. "ABCD-1234"
    relationship_to_hoh: int
    start: date
    exit_date: date | None = None  # the live exit, if any
    last_service: date | None = None  # the latest live service
    move_in: date | None = None


def destination_group(code: int) -> str:
    """HUD's group of a 3.12 destination (Homeless, Institutional, Temporary, Permanent, Other)."""
    return codes.living_situation_group(code)


def asks_subsidy(destination: int | None) -> bool:
    return destination == SUBSIDY_DESTINATION


def asks_other_destination(destination: int | None) -> bool:
    return destination == OTHER_DESTINATION


def length_of_stay(start: date, exit_date: date) -> int:
    """Days from Project Start Date to Project Exit Date, as HUD's reports count them (Q22)."""
    return (exit_date - start).days


def days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def exit_date_problems(exit_date: date, stay: Stay) -> list[str]:
    """Why this exit date does not fit the member's stay; empty when it does."""
    problems = []
    if exit_date < stay.start:
        problems.append(f"{stay.code} started {days((stay.start - exit_date).days)} after this date: "
                        "the Project Exit Date cannot be before the Project Start Date.")
    if stay.last_service and stay.last_service > exit_date:
        problems.append(f"{stay.code} has a service {days((stay.last_service - exit_date).days)} after this date: "
                        "the Project Exit Date cannot be before the last service.")
    if stay.move_in and stay.move_in > exit_date:
        problems.append(f"{stay.code} moved in {days((stay.move_in - exit_date).days)} after this date: "
                        "the Project Exit Date cannot be before the Housing Move-in Date.")
    return problems


def move_in_problem(move_in: date, head: Stay) -> str | None:
    """Why this Housing Move-in Date does not fit the head of household's stay, or None."""
    if move_in < head.start:
        return (f"This is {days((head.start - move_in).days)} before the head of household's Project Start Date: "
                "the Housing Move-in Date cannot be earlier.")
    if head.exit_date and move_in > head.exit_date:
        return (f"This is {days((move_in - head.exit_date).days)} after the head of household's Project Exit Date: "
                "the Housing Move-in Date cannot be later.")
    return None


def head_of(stays: list[Stay]) -> Stay | None:
    return next((s for s in stays if s.relationship_to_hoh == 1), None)


def present_at_move_in(stay: Stay, move_in: date) -> bool:
    """Members already in the project when the head of household moves in share the head's date (3.20)."""
    return stay.start <= move_in and (stay.exit_date is None or stay.exit_date >= move_in)
