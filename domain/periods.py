"""Report and export periods: the one rule for how long a period may be, shared by every report and export."""
from datetime import date

from domain.dates import us_date

MAX_YEARS = 10
# HMIS data starts in the 1990s; the reports add days and years to these dates, which the far ends of the
# calendar (9999-12-31) cannot take.
EARLIEST, LATEST = date(1900, 1, 1), date(2099, 12, 31)


def period_problem(start: date | None, end: date | None, *, order_message: str, subject: str) -> str | None:
    """Why a period cannot be used, or None. `order_message` names the dates as the form labels them; `subject`
    ("A report", "An export") starts the length message."""
    if start is None or end is None:
        return None
    if not (EARLIEST <= start and end <= LATEST):
        return f"{subject} must fall between {us_date(EARLIEST)} and {us_date(LATEST)}."
    if end < start:
        return order_message
    if end > add_years(start, MAX_YEARS):
        return f"{subject} can cover at most {MAX_YEARS} years: choose a later start or an earlier end."
    return None


def export_range_problem(start: date | None, end: date | None) -> str | None:
    """Why an HMIS CSV export period cannot be used, or None (the form and the command line alike)."""
    return period_problem(start, end, order_message="The Export End Date must be on or after the Export Start Date.",
                          subject="An export")


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # February 29
        return day.replace(year=day.year + years, day=28)
