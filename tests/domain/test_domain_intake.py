"""Property tests for what intake stores: approximate DOB and shifted household dates together."""
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.ages import age_on, is_adult
from domain.dates import household_offset_days
from domain.dob import BirthInput
from domain.intake import MemberAnswers, stored_answers, stored_birth, stored_start

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


ADULT_ANSWERS = {"relationship_to_hoh": 1, "sex": 0, "veteran_status": 0, "disabling_condition": 1,
                 "domestic_violence_survivor": 0, "when_occurred": 2, "currently_fleeing": 1, "living_situation": 101,
                 "length_of_stay": 11, "rental_subsidy_type": 420, "date_to_street_essh": date(2026, 1, 5),
                 "times_homeless_past_three_years": 1, "months_homeless_past_three_years": 101,
                 "last_grade_completed": 5}


def member(**values):
    return MemberAnswers(birth=BirthInput(dob=date(1990, 5, 1)), dob_choice=0, race=frozenset({"White"}),
                         race_none=None, values={**ADULT_ANSWERS, **values})


def test_stored_answers_keep_what_is_asked_and_empty_the_rest():
    stored = stored_answers(member(), adult=True, project_type=0, project_flags=frozenset(), offset_days=30)
    assert stored["client"] == {"sex": 0, "veteran_status": 0}
    assert stored["enrollment"] == {
        "relationship_to_hoh": 1, "disabling_condition": 1, "living_situation": 101, "rental_subsidy_type": None,
        "length_of_stay": 11, "previous_street_essh": None, "date_to_street_essh": date(2026, 2, 4),
        "times_homeless_past_three_years": 1, "months_homeless_past_three_years": 101, "los_under_threshold": None}
    assert stored["health_and_dv"] == {"domestic_violence_survivor": 0, "when_occurred": None,
                                       "currently_fleeing": None}  # 4.11.A and B follow a Yes only
    assert "employment_education" not in stored  # the project does not collect it: no row, a stored one kept


def test_a_child_who_is_not_the_head_is_asked_none_of_the_adult_questions():
    child = member(relationship_to_hoh=2, living_situation=None)
    stored = stored_answers(child, adult=False, project_type=2, project_flags=frozenset({"collects_education"}),
                            offset_days=0)
    assert stored["client"]["veteran_status"] == 99
    assert stored["enrollment"]["living_situation"] is None and stored["enrollment"]["los_under_threshold"] is None
    assert stored["health_and_dv"] is None and stored["employment_education"] is None


def test_a_child_head_of_household_answers_all_but_veteran_status():
    head = member(domestic_violence_survivor=1, living_situation=410, length_of_stay=2)
    stored = stored_answers(head, adult=False, project_type=2, project_flags=frozenset({"collects_education"}),
                            offset_days=0)
    assert stored["client"]["veteran_status"] == 99
    assert stored["health_and_dv"] == {"domestic_violence_survivor": 1, "when_occurred": 2, "currently_fleeing": 1}
    assert stored["employment_education"] == {"last_grade_completed": 5}
    assert stored["enrollment"]["los_under_threshold"] == 0  # 3.917B: a week or more in a permanent situation
