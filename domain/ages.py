"""Ages as HUD reports compute them: whole years by ordinary birthday arithmetic."""

from bisect import bisect_right
from datetime import date

ADULT_AGE = 18

# APR/CAPER Q11 brackets, youngest first, with the lower bound of each.
AGE_GROUPS = ("Under 5", "5–12", "13–17", "18–24", "25–34", "35–44", "45–54", "55–64", "65+")
_AGE_GROUP_STARTS = (0, 5, 13, 18, 25, 35, 45, 55, 65)


def age_on(dob: date, on: date) -> int:
    """Whole years from dob to on; negative if dob is after on (HUD: unknown age).

    Comparing (month, day) pairs makes a Feb 29 birthday fall on Mar 1 in non-leap years.
    """
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def is_adult(age: int) -> bool:
    return age >= ADULT_AGE


def age_group(age: int) -> str:
    """The Q11 bracket label for a known, non-negative age."""
    if age < 0:
        raise ValueError(f"A negative age ({age}) is an unknown age and has no age group.")
    return AGE_GROUPS[bisect_right(_AGE_GROUP_STARTS, age) - 1]
