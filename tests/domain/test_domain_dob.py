import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from domain.ages import age_on, is_adult
from domain.dates import SHIFT_MAX_DAYS, SHIFT_MIN_DAYS
from domain.dob import (
    BirthInput,
    approximate_dob,
    estimated_dob,
    keyed_choice,
    validate_age,
    validate_birth_year,
    validate_real_dob,
)

FAST = settings(max_examples=400, database=None, deadline=None)
offsets = st.sampled_from([0, *range(SHIFT_MIN_DAYS, SHIFT_MAX_DAYS + 1)])
choices = st.integers(min_value=0, max_value=10**6)
births = st.dates(min_value=date(1910, 1, 1), max_value=date(2030, 12, 31))
days_after_birth = st.integers(min_value=0, max_value=110 * 365)


def store(birth, real_start, offset, choice):
    return approximate_dob(birth, real_start=real_start, stored_start=real_start + timedelta(days=offset),
                           choice=choice)


def in_known_gap(dob, real_start, stored_start):
    """17 at the real start, turns 18 later that year, and the shift crosses New Year."""
    return (
        age_on(dob, real_start) == 17
        and (dob.month, dob.day) > (real_start.month, real_start.day)
        and stored_start.year > real_start.year
    )


@FAST
@given(births, days_after_birth, offsets, choices)
@example(date(2008, 6, 1), (date(2026, 3, 1) - date(2008, 6, 1)).days, 45, 0)  # 17, stays a child
@example(date(2008, 2, 1), (date(2026, 3, 1) - date(2008, 2, 1)).days, 45, 1)  # 18, stays an adult
@example(date(2008, 12, 31), (date(2026, 12, 30) - date(2008, 12, 31)).days, SHIFT_MIN_DAYS, 0)  # the known gap
@example(date(2026, 12, 31), 0, SHIFT_MAX_DAYS, 2)  # newborn, shifted into the next year
def test_exact_dob_properties(dob, days, offset, choice):
    real_start = dob + timedelta(days=days)
    stored_start = real_start + timedelta(days=offset)
    birth = BirthInput(dob=dob)
    stored = store(birth, real_start, offset, choice)

    assert (stored.month, stored.day) == (1, 1)
    assert abs(stored.year - dob.year) <= 1
    assert stored <= stored_start  # never a negative ("unknown") age
    assert store(birth, real_start, offset, choice) == stored
    real_adult = is_adult(age_on(dob, real_start))
    if in_known_gap(dob, real_start, stored_start):
        assert stored == date(dob.year, 1, 1)
    else:
        assert is_adult(age_on(stored, stored_start)) == real_adult


@FAST
@given(births, days_after_birth, offsets)
@example(date(2008, 12, 31), (date(2026, 12, 30) - date(2008, 12, 31)).days, SHIFT_MIN_DAYS)
@example(date(2008, 10, 1), (date(2026, 9, 30) - date(2008, 10, 1)).days, SHIFT_MAX_DAYS)
def test_known_gap_is_real_not_a_selection_bug(dob, days, offset):
    """Exactly in the gap, no year move of -1, 0 or +1 keeps the real status."""
    real_start = dob + timedelta(days=days)
    stored_start = real_start + timedelta(days=offset)
    real_adult = is_adult(age_on(dob, real_start))
    keeps_status = [
        is_adult(age_on(date(dob.year + move, 1, 1), stored_start)) == real_adult
        and date(dob.year + move, 1, 1) <= stored_start
        for move in (-1, 0, 1)
    ]
    assert (not any(keeps_status)) == in_known_gap(dob, real_start, stored_start)


@FAST
@given(st.dates(min_value=date(1930, 1, 1), max_value=date(2040, 12, 31)), st.integers(0, 110), offsets, choices)
def test_age_on_the_real_start_always_keeps_status(real_start, age, offset, choice):
    birth = BirthInput(age=age, as_of=real_start)
    estimate = estimated_dob(birth)
    assert age_on(estimate, real_start) == age
    assert estimate.year in (real_start.year - age, real_start.year - age - 1)

    stored_start = real_start + timedelta(days=offset)
    stored = store(birth, real_start, offset, choice)
    assert (stored.month, stored.day) == (1, 1)
    assert abs(stored.year - estimate.year) <= 1
    assert stored <= stored_start
    assert is_adult(age_on(stored, stored_start)) == is_adult(age)


@FAST
@given(st.integers(1910, 2030), st.integers(0, 110 * 365), offsets, choices)
def test_year_only_uses_july_1_for_status(year, days, offset, choice):
    real_start = date(year, 7, 1) + timedelta(days=days)
    stored_start = real_start + timedelta(days=offset)
    stored = store(BirthInput(year=year), real_start, offset, choice)
    assert (stored.month, stored.day) == (1, 1)
    assert abs(stored.year - year) <= 1
    assert stored <= stored_start
    assert is_adult(age_on(stored, stored_start)) == is_adult(age_on(date(year, 7, 1), real_start))


@FAST
@given(births, st.one_of(st.integers(19, 110), st.integers(3, 14)), st.integers(0, 299), offsets)
def test_all_three_years_reachable_away_from_boundaries(dob, age, extra_days, offset):
    """Ages 19+ and 3-14: no move can cross 18 or make the person unborn."""
    real_start = dob.replace(year=dob.year + age, day=min(dob.day, 28)) + timedelta(days=extra_days)
    birth = BirthInput(dob=dob)
    by_choice = [store(birth, real_start, offset, choice) for choice in range(3)]
    assert by_choice == [date(dob.year - 1, 1, 1), date(dob.year, 1, 1), date(dob.year + 1, 1, 1)]


@FAST
@given(births, days_after_birth, offsets, st.integers(0, 1000))
def test_choice_is_taken_modulo_the_allowed_moves(dob, days, offset, choice):
    birth, real_start = BirthInput(dob=dob), dob + timedelta(days=days)
    assert store(birth, real_start, offset, choice) == store(birth, real_start, offset, choice + 6)


@pytest.mark.parametrize(
    ("dob", "real_start", "offset", "allowed"),
    [
        # 17 at the real start: only the youngest year keeps them under 18.
        (date(2008, 6, 1), date(2026, 3, 1), 45, [2009]),
        # 18 at the real start: the youngest year would make them 17.
        (date(2008, 2, 1), date(2026, 3, 1), 45, [2007, 2008]),
        # A newborn: next January 1 would be after the start.
        (date(2026, 3, 10), date(2026, 3, 15), 0, [2025, 2026]),
        # Shifted into next year, the newborn may move forward a year.
        (date(2026, 12, 1), date(2026, 12, 20), 30, [2025, 2026, 2027]),
    ],
)
def test_allowed_years_near_boundaries(dob, real_start, offset, allowed):
    results = {store(BirthInput(dob=dob), real_start, offset, choice).year for choice in range(6)}
    assert sorted(results) == allowed


def test_dob_far_after_the_start_is_refused():
    with pytest.raises(ValueError, match="on or before the project start"):
        store(BirthInput(dob=date(2030, 5, 1)), date(2026, 1, 1), 0, 0)


def test_negative_choice_is_refused():
    with pytest.raises(ValueError):
        store(BirthInput(year=1990), date(2026, 1, 1), 0, -1)


def test_age_estimate_with_feb_29_reference_date():
    assert age_on(estimated_dob(BirthInput(age=1, as_of=date(2024, 2, 29))), date(2024, 2, 29)) == 1
    assert estimated_dob(BirthInput(age=30, as_of=date(2026, 11, 15))).year == 1996
    assert estimated_dob(BirthInput(age=30, as_of=date(2026, 2, 15))).year == 1995


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"dob": date(1990, 5, 1), "year": 1990},
        {"age": 30},
        {"as_of": date(2026, 1, 1)},
        {"dob": date(1990, 5, 1), "age": 30, "as_of": date(2026, 1, 1)},
    ],
)
def test_birth_input_needs_exactly_one_kind(kwargs):
    with pytest.raises(ValueError):
        BirthInput(**kwargs)


def test_birth_input_is_frozen():
    birth = BirthInput(year=1990)
    with pytest.raises(dataclasses.FrozenInstanceError):
        birth.year = 1991


TODAY = date(2026, 3, 15)


@pytest.mark.parametrize(
    ("dob", "message"),
    [
        (date(2026, 3, 16), "Date of Birth cannot be in the future."),
        (date(2026, 3, 15), None),
        (date(1906, 3, 15), None),
        (date(1906, 3, 14), "Date of Birth cannot be more than 120 years ago."),
    ],
)
def test_validate_real_dob(dob, message):
    assert validate_real_dob(dob, TODAY) == message


def test_validate_real_dob_on_feb_29():
    # 1900 had no Feb 29, so "120 years before 2020-02-29" is 1900-02-28.
    assert validate_real_dob(date(1900, 2, 28), date(2020, 2, 29)) is None
    assert validate_real_dob(date(1900, 2, 27), date(2020, 2, 29)) is not None


@pytest.mark.parametrize(
    ("age", "message"),
    [(-1, "Age cannot be negative."), (0, None), (120, None), (121, "Age cannot be more than 120.")],
)
def test_validate_age(age, message):
    assert validate_age(age) == message


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (2027, "Year of birth cannot be in the future."),
        (2026, None),
        (1906, None),
        (1905, "Year of birth cannot be more than 120 years ago."),
    ],
)
def test_validate_birth_year(year, message):
    assert validate_birth_year(year, TODAY) == message


@FAST
@given(births, st.binary(min_size=16, max_size=64))
def test_keyed_choice_is_a_function_of_the_key_and_the_real_dob(dob, key):
    assert keyed_choice(key, BirthInput(dob=dob)) == keyed_choice(key, BirthInput(dob=dob))
    assert keyed_choice(key, BirthInput(dob=dob)) >= 0


def test_keyed_choice_spreads_over_the_allowed_moves():
    """Across people, each of the three moves is about equally likely (the year alone says nothing)."""
    key = b"k" * 32
    counts = [0, 0, 0]
    for days in range(3000):
        counts[keyed_choice(key, BirthInput(dob=date(1980, 1, 1) + timedelta(days=days))) % 3] += 1
    assert all(900 < count < 1100 for count in counts), counts
    assert keyed_choice(b"a" * 32, BirthInput(dob=date(1990, 6, 1))) != keyed_choice(b"b" * 32,
                                                                                   BirthInput(dob=date(1990, 6, 1)))
