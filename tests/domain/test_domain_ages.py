import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.ages import AGE_GROUPS, age_group, age_on, is_adult

FAST = settings(max_examples=300, database=None, deadline=None)
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


def birthday_in(year, dob):
    """The birthday that year; a Feb 29 birthday is celebrated on Mar 1 in other years."""
    if (dob.month, dob.day) == (2, 29) and not calendar.isleap(year):
        return date(year, 3, 1)
    return dob.replace(year=year)


@pytest.mark.parametrize(
    ("on", "age"),
    [
        (date(2024, 2, 29), 0),
        (date(2025, 2, 28), 0),
        (date(2025, 3, 1), 1),
        (date(2027, 2, 28), 2),
        (date(2027, 3, 1), 3),
        (date(2028, 2, 28), 3),
        (date(2028, 2, 29), 4),
    ],
)
def test_feb_29_birthday(on, age):
    assert age_on(date(2024, 2, 29), on) == age


def test_negative_age_when_born_after_the_date():
    assert age_on(date(2026, 5, 1), date(2026, 4, 30)) == -1


@FAST
@given(dates, dates)
def test_age_counts_birthdays_passed(dob, on):
    if on >= dob:
        passed = sum(birthday_in(year, dob) <= on for year in range(dob.year + 1, on.year + 1))
        assert age_on(dob, on) == passed
    else:
        assert age_on(dob, on) < 0


@FAST
@given(dates, st.integers(min_value=1, max_value=100))
def test_age_goes_up_exactly_on_the_birthday(dob, years):
    birthday = birthday_in(dob.year + years, dob)
    assert age_on(dob, birthday) == years
    assert age_on(dob, birthday - timedelta(days=1)) == years - 1


def test_is_adult_at_18():
    assert not is_adult(17)
    assert is_adult(18)


@pytest.mark.parametrize(
    ("age", "group"),
    [
        (0, "Under 5"), (4, "Under 5"), (5, "5–12"), (12, "5–12"), (13, "13–17"), (17, "13–17"),
        (18, "18–24"), (24, "18–24"), (25, "25–34"), (34, "25–34"), (35, "35–44"), (44, "35–44"),
        (45, "45–54"), (54, "45–54"), (55, "55–64"), (64, "55–64"), (65, "65+"), (120, "65+"),
    ],
)  # fmt: skip
def test_age_group_boundaries(age, group):
    assert age_group(age) == group


def test_age_groups_are_the_q11_rows_with_en_dashes():
    assert len(AGE_GROUPS) == 9
    assert AGE_GROUPS[1] == "5\u201312"
    assert [age_group(age) for age in range(0, 100)] == sorted(
        (age_group(age) for age in range(0, 100)), key=AGE_GROUPS.index
    )


def test_age_group_rejects_unknown_age():
    with pytest.raises(ValueError):
        age_group(-1)
