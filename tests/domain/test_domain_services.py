"""Property tests for the service rules: typed amounts, and dates within an enrollment."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain import codes
from domain import services as rules

cents = st.integers(1, 10_000_000)  # $0.01 .. $100,000.00


@settings(max_examples=300)
@given(amount=cents, dollar_sign=st.booleans(), thousands=st.booleans(), padding=st.sampled_from(["", " "]))
def test_every_amount_in_range_reads_back_to_the_cent(amount, dollar_sign, thousands, padding):
    dollars, cents_part = divmod(amount, 100)
    text = f"{dollars:,}" if thousands else str(dollars)
    text = f"{padding}{'$' if dollar_sign else ''}{text}.{cents_part:02d}{padding}"
    assert rules.parse_amount(text) == Decimal(amount) / 100


@settings(max_examples=500)
@given(text=st.text(max_size=30))
def test_any_text_gives_an_amount_in_range_or_a_message(text):
    try:
        amount = rules.parse_amount(text)
    except ValueError as problem:
        assert str(problem) in (rules.NOT_A_NUMBER, rules.NEGATIVE, rules.ZERO, rules.TOO_LARGE, rules.CENTS)
    else:
        assert Decimal("0.01") <= amount <= rules.MAX_AMOUNT and amount == amount.quantize(rules.CENT)


@given(amount=st.integers(1, 10_000_000 - 1), extra=st.integers(1, 9))
def test_fractions_of_a_cent_are_refused(amount, extra):
    with pytest.raises(ValueError, match="two decimal places"):
        rules.parse_amount(f"{amount // 100}.{amount % 100:02d}{extra}")


@pytest.mark.parametrize("text, message", [("abc", rules.NOT_A_NUMBER), ("-5", rules.NEGATIVE),
                                           ("1e9", rules.TOO_LARGE), ("12.345", rules.CENTS),
                                           ("0.00", rules.ZERO), ("1,2,3", rules.NOT_A_NUMBER),
                                           ("Infinity", rules.NOT_A_NUMBER), ("1_000", rules.NOT_A_NUMBER)])
def test_bad_amounts(text, message):
    with pytest.raises(ValueError) as problem:
        rules.parse_amount(text)
    assert str(problem.value) == message


def test_check_amount_by_kind_of_service():
    assert rules.check_amount("", financial=False) == (None, None)
    assert rules.check_amount("  ", financial=True) == (None, rules.AMOUNT_REQUIRED)
    assert rules.check_amount("5", financial=False) == (None, rules.AMOUNT_NOT_ALLOWED)
    assert rules.check_amount("5", financial=True) == (Decimal("5.00"), None)


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=300)
@given(entry=days, provided=st.integers(-400, 400), stay=st.one_of(st.none(), st.integers(0, 400)),
       offset=st.integers(30, 92))
def test_within_the_enrollment_whatever_the_offset(entry, provided, stay, offset):
    """Shifting the enrollment and the date by the household's offset never changes the verdict."""
    exit_date = entry + timedelta(days=stay) if stay is not None else None
    stored = entry + timedelta(days=provided)
    problem = rules.date_problem(stored, entry, exit_date)
    inside = provided >= 0 and (stay is None or provided <= stay)
    assert (problem is None) == inside
    shifted = rules.date_problem(stored + timedelta(days=offset), entry + timedelta(days=offset),
                                 exit_date and exit_date + timedelta(days=offset))
    assert (shifted is None) == inside


def test_hud_types_come_from_the_reference_lists():
    offered = {(record_type, code) for record_type, code, _ in rules.hud_types()}
    assert (200, 200) in offered and (152, 1) in offered and (300, 5) in offered
    assert offered.isdisjoint(rules.NEEDS_SUB_TYPE)
    assert {record_type for record_type, _ in offered} <= set(codes.RECORD_TYPE)
    assert all(rules.is_financial(rt) == (rt in (151, 152)) for rt in codes.RECORD_TYPE)
    assert rules.describe_hud_type(200, 200) == "Bed Night"
    assert rules.describe_hud_type(152, 1) == "SSVF Financial Assistance: Rental assistance"
    assert rules.describe_hud_type(None, None) == ""
