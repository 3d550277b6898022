"""Property tests for what intake stores: approximate DOB and shifted household dates together."""
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.ages import age_on, is_adult
from domain.dates import household_offset_days
from domain.dob import BirthInput
from domain.intake import stored_birth, stored_start

KEY = b"property-test-key-0123456789"
starts = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))
household_ids = st.text(alphabet="0123456789abcdef", min_size=32, max_size=32)


@settings(max_examples=400)
@given(start=starts, age_days=st.integers(0, 100 * 366), household=household_ids,
       approximate=st.booleans(), choice=st.integers(0, 2**30))
def test_stored_dob_is_january_first_near_the_real_year_and_keeps_adult_status(
        start, age_days, household, approximate, choice):
    real_dob = start - timedelta(days=age_days)
    offset = household_offset_days(KEY, household) if approximate else 0
    stored = stored_birth(BirthInput(dob=real_dob), real_start=start, offset_days=offset, choice=choice)
    assert (stored.dob.month, stored.dob.day) == (1, 1)
    assert abs(stored.dob.year - real_dob.year) <= 1
    assert stored.dob <= stored_start(start, offset)
    real_adult = is_adult(age_on(real_dob, start))
    reported_adult = is_adult(age_on(stored.dob, stored_start(start, offset)))
    # The one case no year can keep: an exact DOB turning 18 later in a year the shift crosses into.
    crosses = stored_start(start, offset).year > start.year and age_on(real_dob, start) == 17
    assert reported_adult == real_adult or crosses
    assert stored.adult == reported_adult


@settings(max_examples=300)
@given(start=starts, stay=st.integers(0, 3000), other_date=st.integers(-2000, 0), household=household_ids)
def test_household_dates_move_together_and_keep_lengths(start, stay, other_date, household):
    offset = household_offset_days(KEY, household)
    exit_date, homeless_since = start + timedelta(days=stay), start + timedelta(days=other_date)
    shifted = [stored_start(d, offset) for d in (start, exit_date, homeless_since)]
    assert all(30 <= (s - d).days <= 92 for s, d in zip(shifted, (start, exit_date, homeless_since)))
    assert (shifted[1] - shifted[0]).days == stay
    assert (shifted[0] - shifted[2]).days == -other_date


@given(st.lists(household_ids, min_size=40, max_size=40, unique=True))
def test_offsets_differ_between_households(ids):
    assert len({household_offset_days(KEY, h) for h in ids}) > 10
