"""Chronically homeless at project start, and the Q6d/Q6e/Q6f layouts: hand-made cases and properties."""
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.codes import LITERALLY_HOMELESS_PROJECT_TYPES, PROJECT_TYPE
from domain.dates import SHIFT_MAX_DAYS, SHIFT_MIN_DAYS
from domain.hud_reports import questions, rules
from domain.hud_reports.chronic import DKPTR, MISSING, NO, YES, Member, chronic_members
from tests.chronic_cases import CASES, ENTRY, status


@pytest.mark.parametrize("what, project_type, fields, expected", CASES, ids=[c[0] for c in CASES])
def test_hand_made_cases(what, project_type, fields, expected):
    assert status(project_type, fields) == expected


def answer(*codes):
    return st.sampled_from((None, *codes))


ANSWERS = st.fixed_dictionaries({
    "disabling_condition": st.sampled_from((0, 1, 8, 9, 99)),
    "living_situation": answer(8, 9, 99, 101, 116, 118, 204, 207, 215, 302, 314, 336, 410, 435),
    "los_under_threshold": answer(0, 1, 99), "previous_street_essh": answer(0, 1, 8, 9, 99),
    "date_to_street_essh": st.one_of(st.none(), st.integers(0, 2000).map(lambda d: ENTRY - timedelta(days=d))),
    "times_homeless_past_three_years": answer(1, 2, 3, 4, 8, 9, 99),
    "months_homeless_past_three_years": answer(8, 9, 99, *range(101, 114)),
})
PROJECT_TYPES = st.sampled_from(sorted(PROJECT_TYPE))


@given(PROJECT_TYPES, ANSWERS, st.integers(SHIFT_MIN_DAYS, SHIFT_MAX_DAYS))
def test_approximated_dates_give_the_same_status(project_type, fields, offset):
    """Start and 3.917.3 stored moved by the household's offset: the status is the real one."""
    moved = {**fields, "date_to_street_essh": fields["date_to_street_essh"] and
             fields["date_to_street_essh"] + timedelta(days=offset)}
    assert status(project_type, moved, ENTRY + timedelta(days=offset)) == status(project_type, fields)


@given(PROJECT_TYPES, ANSWERS)
def test_only_a_disabling_condition_makes_anyone_chronically_homeless(project_type, fields):
    result = status(project_type, fields)
    assert result in (YES, NO, DKPTR, MISSING)
    if fields["disabling_condition"] != 1:
        assert result != YES
    if fields["disabling_condition"] == 0:
        assert result == NO


@given(ANSWERS, st.sampled_from(sorted(LITERALLY_HOMELESS_PROJECT_TYPES)))
def test_3917a_projects_ignore_the_break_test(fields, project_type):
    assert status(project_type, fields) == status(project_type, {**fields, "los_under_threshold": 0,
                                                                 "previous_street_essh": 0})


@given(PROJECT_TYPES, ANSWERS)
def test_a_year_homeless_with_a_disabling_condition_and_no_break_is_enough(project_type, fields):
    year = {**fields, "disabling_condition": 1, "living_situation": 116, "date_to_street_essh": ENTRY - timedelta(365)}
    assert status(project_type, year) == YES


MEMBERS = st.lists(st.builds(Member, st.sampled_from((YES, NO, DKPTR, MISSING)), st.booleans(),
                             st.sampled_from((date(2025, 1, 1), date(2025, 2, 1)))), max_size=6)


@given(MEMBERS)
def test_household_members_share_the_status_of_whom_they_started_with(household):
    counted = chronic_members(household)
    for member, chronic in zip(household, counted):
        started_with = any(o.adult_or_head and o.status == YES and o.entry_date == member.entry_date
                           for o in household)
        assert chronic == (member.status == YES or started_with)


def test_a_child_joining_later_does_not_inherit():
    head = Member(YES, True, date(2025, 1, 1))
    child_with, child_later = Member(MISSING, False, date(2025, 1, 1)), Member(NO, False, date(2025, 2, 1))
    partner = Member(NO, True, date(2025, 1, 1))
    assert chronic_members([head, child_with, child_later, partner]) == [True, True, False, True]
    assert chronic_members([Member(YES, False, date(2025, 1, 1)), Member(NO, False, date(2025, 1, 1))]) == [
        True, False]  # only an adult or head of household passes the status on


@given(st.integers(-5000, 5000))
def test_each_delay_falls_in_exactly_one_timeliness_row(days):
    rows = [label for label, low, high in rules.TIMELINESS_ROWS
            if (low is None or days >= low) and (high is None or days <= high)]
    assert rows == [rules.timeliness_row(days)]


@pytest.mark.parametrize("days, label", [(-1, "< 0 days"), (0, "0 days"), (1, "1-3 days"), (3, "1-3 days"),
                                         (4, "4-6 days"), (6, "4-6 days"), (7, "7-10 days"), (10, "7-10 days"),
                                         (11, "11+ days")])
def test_timeliness_boundaries(days, label):
    assert rules.timeliness_row(days) == label


def test_q6d_blanks_and_groups():
    table = questions.q6d({1: {"records": 2, "date": 1, "times": 1, "months": 0, "any": 1},
                           9: {"records": 1, "housing": 1, "any": 1}, 13: {"records": 1},
                           7: {"records": 5, "any": 5}})  # "Other" projects are in no row
    es = table.rows[0][1]
    assert es == (2, None, None, 1, 1, 0, "0.5000")
    assert table.cell("PH (all)", "Count of total records") == 2
    assert table.cell("PH (all)", "% of records unable to calculate") == "0.5000"
    assert table.rows[-1] == ("Total", (4, None, None, None, None, None, "0.5000"))
    assert [label for label, _ in table.rows] == [label for label, _ in rules.CHRONIC_DQ_GROUPS] + ["Total"]


def test_q6e_and_q6f_layouts():
    q6e = questions.q6e({-40: 2, 0: 1, 12: 1}, {5: 3})
    assert q6e.cell("< 0 days", "Number of Project Start Records") == 2
    assert q6e.cell("4-6 days", "Number of Project Exit Records") == 3
    assert q6e.cell("11+ days", "Number of Project Start Records") == 1 and q6e.note
    q6f = questions.q6f(4, 1)
    assert q6f.rows[0][1] == (0, 0, "0.0000")
    assert q6f.rows[1] == ("Bed Night (All clients in ES \u2013 NbN)", (4, 1, "0.2500"))
    assert "Q6f" not in q6f.to_csv().splitlines()[0] and q6f.note not in q6f.to_csv()
