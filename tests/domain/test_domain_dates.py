from collections import Counter
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.dates import (SHIFT_MAX_DAYS, SHIFT_MIN_DAYS, household_offset_days, shift_date, shift_datetime, us_date,
                          us_datetime)

FAST = settings(max_examples=300, database=None, deadline=None)
KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
IDS = [f"household-{n}" for n in range(6300)]
household_ids = st.text(min_size=1, max_size=40)
real_dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


def test_shift_bounds():
    assert (SHIFT_MIN_DAYS, SHIFT_MAX_DAYS) == (30, 92)


@FAST
@given(household_ids)
def test_offset_is_in_range_and_stable_for_a_household(household_id):
    offset = household_offset_days(KEY, household_id)
    assert SHIFT_MIN_DAYS <= offset <= SHIFT_MAX_DAYS
    assert household_offset_days(KEY, household_id) == offset


def test_offsets_spread_uniformly_over_every_value():
    counts = Counter(household_offset_days(KEY, household_id) for household_id in IDS)
    assert set(counts) == set(range(SHIFT_MIN_DAYS, SHIFT_MAX_DAYS + 1))  # every value, both ends included
    expected = len(IDS) / len(counts)  # 100 per value
    assert all(0.6 * expected < count < 1.4 * expected for count in counts.values())


def test_offsets_depend_on_the_key():
    changed = sum(household_offset_days(KEY, i) != household_offset_days(OTHER_KEY, i) for i in IDS[:500])
    assert changed > 450  # 1 in 63 would match by chance


def test_short_keys_are_refused():
    with pytest.raises(ValueError, match="at least 16"):
        household_offset_days(b"", "h1")
    with pytest.raises(ValueError):
        household_offset_days(b"dev", "h1")


@FAST
@given(household_ids, real_dates, st.integers(min_value=0, max_value=3000))
def test_shifted_dates_keep_length_of_stay(household_id, entry, stay_days):
    offset = household_offset_days(KEY, household_id)
    exit_ = entry + timedelta(days=stay_days)
    stored_entry, stored_exit = shift_date(entry, offset), shift_date(exit_, offset)
    assert SHIFT_MIN_DAYS <= (stored_entry - entry).days <= SHIFT_MAX_DAYS
    assert (stored_exit - stored_entry).days == stay_days


def test_shift_date_crosses_month_and_year():
    assert shift_date(date(2025, 12, 15), 30) == date(2026, 1, 14)
    assert shift_date(date(2024, 1, 31), 29) == date(2024, 2, 29)


def test_shift_datetime_keeps_time_of_day_and_zone():
    real = datetime(2026, 3, 15, 14, 5, 11, tzinfo=timezone.utc)
    assert shift_datetime(real, 45) == datetime(2026, 4, 29, 14, 5, 11, tzinfo=timezone.utc)
    naive = datetime(2026, 12, 31, 23, 59, 59)
    assert shift_datetime(naive, 92) == datetime(2027, 4, 2, 23, 59, 59)


def test_us_date_is_month_day_year_and_blank_without_a_date():
    assert us_date(date(2026, 2, 1)) == "02/01/2026"
    assert us_date(date.max) == "12/31/9999"
    assert us_date(None) == ""


def test_us_datetime_adds_hours_and_minutes():
    assert us_datetime(datetime(2026, 2, 1, 9, 5, 59)) == "02/01/2026 09:05"
    assert us_datetime(None) == ""
