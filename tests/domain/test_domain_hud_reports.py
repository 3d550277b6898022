"""HUD report rules and layouts without a database: periods, kinds, rows, destinations, CSV."""
import csv
import io
import statistics
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.hud_reports import questions, rules
from domain.hud_reports.layout import Table, average, median, percentage


@pytest.mark.parametrize("start, end, problem", [
    (date(2025, 1, 1), date(2025, 1, 1), None),
    (date(2025, 1, 2), date(2025, 1, 1), "on or after"),
    (date(2016, 3, 1), date(2026, 3, 1), None),
    (date(2016, 3, 1), date(2026, 3, 2), "at most 10 years"),
    (date(2016, 2, 29), date(2026, 2, 28), None),
    (date(2016, 2, 29), date(2026, 3, 1), "at most 10 years"),
    (date(2099, 1, 1), date(2099, 12, 31), None),
    (date(9999, 12, 31), date(9999, 12, 31), "between 01/01/1900 and 12/31/2099"),
    (date(9995, 1, 1), date(9999, 1, 1), "between 01/01/1900 and 12/31/2099"),
    (date(1, 1, 1), date(2, 1, 1), "between 01/01/1900 and 12/31/2099"),
])
def test_period_problem(start, end, problem):
    found = rules.period_problem(start, end)
    assert found is None if problem is None else problem in found


@pytest.mark.parametrize("funders, kind", [
    ([3], "apr"), ([2, 5, 43], "apr"), ([8], "caper"), ([10, 53], "caper"),
    ([3, 8], None), ([46], None), ([8, 46], None), ([], None),
])
def test_kind_follows_the_funders(funders, kind):
    assert rules.kind_for(funders) == kind


@pytest.mark.parametrize("age, dq, expected", [
    (18, 9, "adult"), (17, 9, "child"), (0, 9, "child"), (None, 8, "dkptr"), (None, 9, "dkptr"),
    (-1, 9, "dkptr"), (None, 99, "dnc"), (None, 1, "dnc"), (-2, None, "dnc"),
])
def test_age_class(age, dq, expected):
    assert rules.age_class(age, dq) == expected


def test_race_rows():
    assert rules.race_row(frozenset(), 9) == rules.DKPTR
    assert rules.race_row(frozenset(), None) == rules.DATA_NOT_COLLECTED
    assert rules.race_row(frozenset({5}), None) == "White"
    assert rules.race_row(frozenset({5, 6}), None) == "White & Hispanic/Latina/e/o"
    assert rules.race_row(frozenset({2, 3}), None) == "Black, African American, or African & Asian or Asian American"
    assert rules.race_row(frozenset({1, 2, 6}), None) == rules.MULTI_WITH_HISPANIC
    assert rules.race_row(frozenset({1, 2, 3}), None) == rules.MULTI_WITHOUT_HISPANIC


@given(st.frozensets(st.integers(1, 7)), st.sampled_from([None, 8, 9, 99]))
def test_every_race_answer_has_exactly_one_row(numbers, race_none):
    assert rules.RACE_ROWS.count(rules.race_row(numbers, race_none)) == 1


@pytest.mark.parametrize("brackets", [rules.LOS_APR, rules.LOS_CAPER])
@given(days=st.integers(0, 20_000))
def test_each_length_of_stay_falls_in_exactly_one_bracket(brackets, days):
    assert sum(rules.in_bracket(days, low, high) for _, low, high in brackets) == 1


@pytest.mark.parametrize("destination, project_type, positive, excluded", [
    (410, 0, True, False), (435, 13, True, False), (426, 2, True, False),
    (332, 0, False, False), (332, 2, False, False), (332, 4, True, False),  # Host Home: positive for outreach only
    (101, 0, False, False), (101, 4, True, False), (116, 4, False, False),
    (206, 0, False, True), (215, 0, False, True), (225, 13, False, True), (24, 0, False, True),
    (215, 4, True, False), (329, 4, False, True), (99, 0, False, False),
])
def test_positive_and_excluded_destinations(destination, project_type, positive, excluded):
    assert rules.positive_destination(destination, project_type) is positive
    assert rules.excluded_destination(destination, project_type) is excluded


def test_q23c_percentage_leaves_out_excluded_destinations():
    leavers = {(410, 0): {"Without children": 3}, (332, 0): {"Without children": 1},
               (24, 0): {"Without children": 1}, (99, 0): {"With only children": 2}}
    table = questions.q23c(leavers)
    assert table.cell("TOTAL", "Total") == 7
    assert table.cell("Total persons exiting to positive housing destinations", "Total") == 3
    assert table.cell("Total persons whose destinations excluded them from the calculation", "Total") == 1
    pct = "Percentage of persons exiting to positive housing destinations"
    assert table.cell(pct, "Total") == "0.5000"  # 3 / (7 - 1)
    assert table.cell(pct, "Without Children") == "0.7500"  # 3 / (5 - 1)
    assert table.cell(pct, "With Only Children") == "0.0000"
    assert table.cell(pct, "With Children and Adults") == "0.0000"  # nobody: no division by zero


@given(st.dictionaries(st.integers(0, 3000), st.integers(1, 5), min_size=1))
def test_median_and_average_of_a_histogram(histogram):
    values = [value for value, n in histogram.items() for _ in range(n)]
    assert median(histogram) == f"{statistics.median(values):.2f}"
    assert average(histogram) == f"{statistics.mean(values):.2f}"


def test_percentage_has_four_decimals():
    assert percentage(1, 3) == "0.3333" and percentage(2, 3) == "0.6667" and percentage(0, 0) == "0.0000"


def test_csv_quotes_everything_and_leaves_impossible_cells_empty():
    table = Table("Q9z", "Example", (" ", "Total", "Leavers"), (("Adults", (2, None)), ("Rate", ("0.5000", 0))))
    text = table.to_csv()
    assert text == '" ","Total","Leavers"\n"Adults","2",""\n"Rate","0.5000","0"\n'
    assert list(csv.reader(io.StringIO(text)))[1] == ["Adults", "2", ""]


def test_q11_blank_cells_are_hud_impossible_ones():
    table = questions.q11({"Under 5": {"With only children": 1}, "65+": {"Without children": 2}})
    assert table.cell("Under 5", "Without Children") is None
    assert table.cell("65+", "With Only Children") is None
    assert table.cell("65+", "Without Children") == 2
    assert table.cell("Total", "Total") == 3


def test_question_lists():
    assert "Q22a1" in questions.question_names("apr") and "Q22b" in questions.question_names("apr")
    assert "Q22a2" in questions.question_names("caper") and "Q22b" not in questions.question_names("caper")
