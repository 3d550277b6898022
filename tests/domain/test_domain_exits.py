from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain import codes
from domain.dates import SHIFT_MAX_DAYS, SHIFT_MIN_DAYS, shift_date
from domain.exits import (Stay, asks_other_destination, asks_subsidy, destination_group, exit_date_problems, head_of,
                          length_of_stay, move_in_problem, present_at_move_in)

FAST = settings(max_examples=300, database=None, deadline=None)
real_dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
offsets = st.integers(SHIFT_MIN_DAYS, SHIFT_MAX_DAYS)
optional_dates = st.none() | real_dates


def stay(start, **kwargs):
    return Stay(enrollment_id=1, code="ABCD-1234", relationship_to_hoh=1, start=start, **kwargs)


def shifted(value, offset):
    return None if value is None else shift_date(value, offset)


@pytest.mark.parametrize("code, group", [
    (101, "Homeless"), (118, "Homeless"), (207, "Institutional"), (332, "Temporary"), (435, "Permanent"),
    (17, "Other"), (24, "Other"), (30, "Other"), (8, "Other"), (99, "Other"),
])
def test_destinations_fall_in_hud_groups(code, group):
    assert destination_group(code) == group


def test_every_destination_has_a_group_in_hud_order():
    groups = [name for name, _ in codes.grouped(codes.DESTINATION, destination_group)]
    assert groups == ["Homeless", "Institutional", "Temporary", "Permanent", "Other"]


def test_follow_ups_asked_only_for_their_destination():
    assert asks_subsidy(435) and not any(asks_subsidy(c) for c in codes.DESTINATION if c != 435)
    assert asks_other_destination(17) and not any(asks_other_destination(c) for c in codes.DESTINATION if c != 17)
    assert not asks_subsidy(None) and not asks_other_destination(None)


def test_length_of_stay_counts_days_from_start_to_exit():
    assert length_of_stay(date(2026, 2, 1), date(2026, 3, 19)) == 46
    assert length_of_stay(date(2026, 2, 1), date(2026, 2, 1)) == 0


@pytest.mark.parametrize("exit_date, kwargs, expected", [
    (date(2026, 2, 1), {}, []),
    (date(2026, 1, 29), {}, ["ABCD-1234 started 3 days after this date"]),
    (date(2026, 1, 31), {}, ["ABCD-1234 started 1 day after this date"]),
    (date(2026, 3, 1), {"last_service": date(2026, 3, 6)}, ["has a service 5 days after this date"]),
    (date(2026, 3, 6), {"last_service": date(2026, 3, 6)}, []),
    (date(2026, 3, 1), {"move_in": date(2026, 3, 2)}, ["moved in 1 day after this date"]),
])
def test_exit_date_problems(exit_date, kwargs, expected):
    problems = exit_date_problems(exit_date, stay(date(2026, 2, 1), **kwargs))
    assert len(problems) == len(expected)
    assert all(part in problem for part, problem in zip(expected, problems))


@pytest.mark.parametrize("move_in, exit_date, expected", [
    (date(2026, 2, 1), None, None),
    (date(2026, 1, 30), None, "2 days before the head of household's Project Start Date"),
    (date(2026, 3, 19), date(2026, 3, 19), None),
    (date(2026, 3, 20), date(2026, 3, 19), "1 day after the head of household's Project Exit Date"),
])
def test_move_in_must_fall_within_the_heads_stay(move_in, exit_date, expected):
    problem = move_in_problem(move_in, stay(date(2026, 2, 1), exit_date=exit_date))
    assert problem == expected or expected in problem


def test_who_shares_the_heads_move_in_date():
    move_in = date(2026, 3, 1)
    assert present_at_move_in(stay(date(2026, 2, 1)), move_in)
    assert present_at_move_in(stay(date(2026, 3, 1), exit_date=date(2026, 3, 1)), move_in)
    assert not present_at_move_in(stay(date(2026, 3, 2)), move_in)  # joined later
    assert not present_at_move_in(stay(date(2026, 2, 1), exit_date=date(2026, 2, 28)), move_in)  # left before


def test_head_of_household():
    child = Stay(enrollment_id=2, code="B", relationship_to_hoh=2, start=date(2026, 1, 1))
    head = Stay(enrollment_id=1, code="A", relationship_to_hoh=1, start=date(2026, 1, 1))
    assert head_of([child, head]) is head and head_of([child]) is None


@FAST
@given(real_dates, real_dates, offsets)
def test_length_of_stay_from_stored_dates_is_the_real_one(start, exit_date, offset):
    assert length_of_stay(shift_date(start, offset), shift_date(exit_date, offset)) == length_of_stay(start, exit_date)


@FAST
@given(real_dates, real_dates, optional_dates, optional_dates, offsets)
def test_exit_rules_answer_the_same_on_stored_dates(start, exit_date, last_service, move_in, offset):
    real = stay(start, last_service=last_service, move_in=move_in)
    stored = stay(shift_date(start, offset), last_service=shifted(last_service, offset),
                  move_in=shifted(move_in, offset))
    assert exit_date_problems(shift_date(exit_date, offset), stored) == exit_date_problems(exit_date, real)


@FAST
@given(real_dates, optional_dates, real_dates, offsets)
def test_move_in_rules_answer_the_same_on_stored_dates(start, exit_date, move_in, offset):
    real = stay(start, exit_date=exit_date)
    stored = stay(shift_date(start, offset), exit_date=shifted(exit_date, offset))
    assert move_in_problem(shift_date(move_in, offset), stored) == move_in_problem(move_in, real)
    assert present_at_move_in(stored, shift_date(move_in, offset)) == present_at_move_in(real, move_in)


def test_messages_name_no_dates():
    problems = exit_date_problems(date(2026, 1, 1), stay(date(2026, 2, 1), last_service=date(2026, 2, 3),
                                                           move_in=date(2026, 2, 2)))
    assert len(problems) == 3 and not any("2026" in p or "/" in p for p in problems)
