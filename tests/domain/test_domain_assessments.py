"""Income, benefit and insurance consistency rules, amounts, dates and the implied Disabling Condition."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain import codes
from domain.assessments import (NO, SECTIONS, YES, AmountError, DateRules, Source, asked_sections,
                                disabling_condition_conflict, implied_disabling_condition, income_problems,
                                parse_amount, source_problems, stored_income, total_monthly_income)

KEYS = [flag for flag, _, _ in codes.INCOME_SOURCES]
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)
missing = st.sampled_from([8, 9, 99])


@st.composite
def consistent_yes(draw):
    """Income from Any Source Yes: every source answered, at least one Yes with a positive amount."""
    yes = draw(st.sets(st.sampled_from(KEYS), min_size=1))
    return {key: Source(YES, draw(amounts)) if key in yes else Source(NO) for key in KEYS}


@settings(max_examples=300)
@given(sources=consistent_yes())
def test_consistent_income_has_no_problems_and_totals_the_amounts(sources):
    assert income_problems(YES, sources) == []
    total = total_monthly_income(YES, sources)
    assert total == sum(s.amount for s in sources.values() if s.flag == YES)
    stored = stored_income(YES, sources)
    assert sum(amount for _, amount in stored.values() if amount) == total
    assert all((flag == YES) == (amount is not None) for flag, amount in stored.values())


@settings(max_examples=200)
@given(sources=consistent_yes(), key=st.sampled_from(KEYS))
def test_a_yes_without_an_amount_is_a_problem_for_that_amount(sources, key):
    sources = {**sources, key: Source(YES, None)}
    problems = income_problems(YES, sources)
    assert [(p.source, p.part) for p in problems] == [(key, "amount")]


@settings(max_examples=200)
@given(from_any=st.one_of(st.just(NO), missing), yes=st.sets(st.sampled_from(KEYS), min_size=1))
def test_no_source_can_be_yes_unless_income_from_any_source_is_yes(from_any, yes):
    sources = {key: Source(YES if key in yes else NO) for key in KEYS}
    problems = income_problems(from_any, sources)
    assert {p.source for p in problems if p.part == "flag"} == yes
    stored = stored_income(from_any, {key: Source(NO) for key in KEYS})
    expected_flag = NO if from_any == NO else None
    assert set(stored.values()) == {(expected_flag, None)}
    assert total_monthly_income(from_any, sources) == (Decimal("0.00") if from_any == NO else None)


@settings(max_examples=100)
@given(flags=st.dictionaries(st.sampled_from(KEYS), st.sampled_from([NO, None]), min_size=1))
def test_yes_needs_at_least_one_source_yes(flags):
    problems = source_problems(YES, flags, "Income from Any Source")
    assert [p.message for p in problems if p.source is None] == [
        "Income from Any Source is Yes: mark at least one source Yes."]
    assert {p.source for p in problems if p.part == "flag"} == {k for k, v in flags.items() if v is None}


@settings(max_examples=300)
@given(amount=st.decimals(min_value=Decimal("0"), max_value=Decimal("100000"), places=2),
       dollar=st.booleans(), commas=st.booleans())
def test_amounts_read_back_exactly(amount, dollar, commas):
    text = f"{amount:,.2f}" if commas else f"{amount:.2f}"
    assert parse_amount(("$" if dollar else "") + text) == amount


@pytest.mark.parametrize(("text", "message"), [
    ("-1", "cannot be negative"), ("-$0.50", "cannot be negative"), ("12.345", "two decimal places"),
    ("100000.01", "More than $100,000"), ("1e5", "Enter the amount"), ("NaN", "Enter the amount"),
    ("1,25", "Enter the amount"), (".", "Enter the amount"), ("١٢", "Enter the amount"), ("12 34", "Enter the amount"),
])
def test_unreadable_amounts_say_why(text, message):
    with pytest.raises(AmountError, match=message.replace("$", r"\$")):
        parse_amount(text)


def test_blank_amount_is_none():
    assert parse_amount("  ") is None and parse_amount(".5") == Decimal("0.50")


@pytest.mark.parametrize(("answers", "implied"), [
    ({6: (1, None)}, YES),
    ({8: (1, None)}, YES),
    ({5: (1, 1)}, YES),
    ({10: (3, 1)}, YES),
    ({5: (1, 0), 6: (0, None)}, NO),
    ({10: (2, 0), 9: (0, None)}, NO),
    ({t: (0, None) for t in codes.DISABILITY_TYPE}, NO),
    ({5: (1, 8)}, None),
    ({5: (0, None), 7: (9, None)}, None),
    ({5: (None, None)}, None),
    ({}, None),
])
def test_implied_disabling_condition(answers, implied):
    assert implied_disabling_condition(answers) == implied


@pytest.mark.parametrize(("current", "implied", "conflict"), [
    (0, YES, True), (99, YES, True), (YES, YES, False), (YES, NO, True), (0, NO, False), (9, NO, False),
    (YES, None, False), (0, None, False),
])
def test_disabling_condition_conflict(current, implied, conflict):
    assert disabling_condition_conflict(current, implied) is conflict


def test_sections_follow_age_and_relationship():
    assert asked_sections(1, date(2015, 1, 1), date(2026, 3, 1)) == SECTIONS  # a child head of household
    assert asked_sections(2, date(2015, 1, 1), date(2026, 3, 1)) == ("insurance", "disabilities")
    assert asked_sections(2, date(2008, 1, 1), date(2026, 3, 1)) == SECTIONS


@settings(max_examples=200)
@given(entry=st.dates(date(2020, 1, 1), date(2030, 1, 1)), offset=st.sampled_from([0, 30, 61, 92]),
       days=st.integers(-400, 400), stay=st.one_of(st.none(), st.integers(0, 300)))
def test_information_date_must_fall_within_the_enrollment(entry, offset, days, stay):
    real_entry = entry - timedelta(days=offset)
    today = date(2031, 1, 1)
    rules = DateRules(entry=entry, exit=entry + timedelta(days=stay) if stay is not None else None, offset=offset,
                      today=today)
    real = real_entry + timedelta(days=days)
    assert rules.real(rules.stored(real)) == real
    inside = days >= 0 and (stay is None or days <= stay) and real <= today  # never in the future either
    assert (rules.problem(real) is None) == inside
