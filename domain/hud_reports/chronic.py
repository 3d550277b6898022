"""Chronically homeless at project start (HMIS Reporting Glossary), from 3.08 and 3.917 as this app stores them.

The FY2026 APR/CAPER programming specifications (Q5a row 12, Q26a, Q26b) defer to the Glossary, which could not
be read here; its flow as Green River implements it (hmis-warehouse, GrdaWarehouse::Hud::Enrollment
#chronically_homeless_at_start, whose comments number the Glossary's lines, and
HudReports::HouseholdLogic.calculate_chronic_status):
1. 3.08 Disabling Condition: No -> not chronically homeless; 8/9 -> doesn't know/prefers not to answer;
   99 or blank -> data not collected; Yes -> go on.
2. 3.917B (every project type but ES, SO and SH), from an institution or a temporary, permanent or other place:
   a stay long enough to break the episode (LOSUnderThreshold No) or no night on the street/ES/SH before it
   (PreviousStreetESSH No) -> not chronically homeless. 3.917A, and 3.917B from a homeless situation, go on.
3. 3.917.3 DateToStreetESSH at least 365 days before the Project Start Date -> chronically homeless.
4. Otherwise 3.917.4 TimesHomelessPastThreeYears 1-3 -> not; 8/9 -> doesn't know; 99/blank -> not collected;
   four or more -> 3.917.5 MonthsHomelessPastThreeYears 12 or more (112, 113) -> chronically homeless; 8/9, 99/blank
   likewise; fewer than 12 -> not.
Blank answers count as 99, as HUD counts a missing answer as "data not collected".

Household members: whoever started on the same day as a chronically homeless adult or head of household of their
household counts as chronically homeless too (Q26a: a household is chronically homeless through any of its adults or
heads of household; Green River passes that on to the members present at the household's start). Members who
joined later keep their own status.

Approximated households: 3.917.3 and the Project Start Date are stored moved by the same number of days, so the
days between them, and so the status, are the true ones.
"""
from dataclasses import dataclass
from datetime import date

from domain.codes import LITERALLY_HOMELESS_PROJECT_TYPES

# Status codes, as the report universe stores them: HUD's own numbers for the answers they stand for.
YES, NO, DKPTR, MISSING = 1, 0, 8, 99
A_YEAR = 365  # days, as the Glossary counts them
FOUR_OR_MORE_TIMES = 4
TWELVE_OR_MORE_MONTHS = (112, 113)  # 12 months, more than 12 months


def chronic_at_start(*, project_type: int, disabling_condition: int | None, living_situation: int | None,
                     los_under_threshold: int | None, previous_street_essh: int | None, entry_date: date,
                     date_to_street_essh: date | None, times_homeless: int | None,
                     months_homeless: int | None) -> int:
    """YES, NO, DKPTR or MISSING for one enrollment of a head of household or adult."""
    if disabling_condition == 0:
        return NO
    if disabling_condition in (8, 9):
        return DKPTR
    if disabling_condition != 1:
        return MISSING
    homeless_before = living_situation is not None and 100 <= living_situation < 200
    if project_type not in LITERALLY_HOMELESS_PROJECT_TYPES and not homeless_before:
        if los_under_threshold == 0 or previous_street_essh == 0:
            return NO
    if date_to_street_essh is not None and (entry_date - date_to_street_essh).days >= A_YEAR:
        return YES
    if times_homeless in (1, 2, 3):
        return NO
    if times_homeless in (8, 9):
        return DKPTR
    if times_homeless != FOUR_OR_MORE_TIMES:
        return MISSING
    if months_homeless in TWELVE_OR_MORE_MONTHS:
        return YES
    if months_homeless in (8, 9):
        return DKPTR
    if months_homeless in (None, 99):
        return MISSING
    return NO


@dataclass(frozen=True)
class Member:
    status: int  # chronic_at_start of the member's own answers
    adult_or_head: bool
    entry_date: date


def chronic_members(household: list[Member]) -> list[bool]:
    """Which members of one household count as chronically homeless (Q5a row 12)."""
    starts = {m.entry_date for m in household if m.adult_or_head and m.status == YES}
    return [m.status == YES or m.entry_date in starts for m in household]
