"""domain.hud_reports.chronic.chronic_at_start in SQL, over an Enrollment row (SQLite and PostgreSQL)."""
from peewee import Case, fn

from domain.codes import LITERALLY_HOMELESS_PROJECT_TYPES
from domain.hud_reports.chronic import (A_YEAR, DKPTR, FOUR_OR_MORE_TIMES, MISSING, NO, TWELVE_OR_MORE_MONTHS,
                                        YES)

from .accounts import Project
from .clients import Enrollment
from .dialect import days_between


def _days_homeless_before_start():
    """Whole days from 3.917.3 to the Project Start Date (both stored shifted alike when approximated)."""
    return days_between(Enrollment.entry_date, Enrollment.date_to_street_essh)


def chronic_at_start():
    """The status code (YES, NO, DKPTR, MISSING) of the enrollment's own answers."""
    e = Enrollment
    disabling = e.disabling_condition  # never blank: 3.08 is asked of everyone
    times, months = fn.COALESCE(e.times_homeless_past_three_years, 99), fn.COALESCE(
        e.months_homeless_past_three_years, 99)
    # A list of a few project ids, read once per query: cheaper than joining every enrollment to its project.
    literally_homeless = e.project.in_(Project.select(Project.id).where(
        Project.project_type.in_(tuple(LITERALLY_HOMELESS_PROJECT_TYPES))))
    living = fn.COALESCE(e.living_situation, 99)
    homeless_before = (living >= 100) & (living < 200)
    broken_episode = ~literally_homeless & ~homeless_before & (
        (fn.COALESCE(e.los_under_threshold, 99) == 0) | (fn.COALESCE(e.previous_street_essh, 99) == 0))
    return Case(None, (
        (disabling == 0, NO), (disabling.in_((8, 9)), DKPTR), (disabling != 1, MISSING),
        (broken_episode, NO),
        (e.date_to_street_essh.is_null(False) & (_days_homeless_before_start() >= A_YEAR), YES),
        (times.in_((1, 2, 3)), NO), (times.in_((8, 9)), DKPTR), (times != FOUR_OR_MORE_TIMES, MISSING),
        (months.in_(TWELVE_OR_MORE_MONTHS), YES), (months.in_((8, 9)), DKPTR), (months == 99, MISSING),
    ), NO)
