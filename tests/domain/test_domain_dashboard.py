"""The dashboard's pure rules: brackets, median, suppression, chart geometry."""
import statistics
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.dashboard import (LOS_BRACKETS, Suppression, bar_chart, count_cell, default_range, destination_group,
                              los_bracket, median, percent, prior_group, range_problem)


@pytest.mark.parametrize("days_, key", [(0, "0-30"), (30, "0-30"), (31, "31-60"), (90, "61-90"), (91, "91-180"),
                                        (365, "181-365"), (366, "366-730"), (1825, "1461-1825"), (1826, "1826+")])
def test_los_brackets_at_their_edges(days_, key):
    assert los_bracket(days_) == key


@given(st.integers(min_value=0, max_value=20_000))
def test_every_length_has_exactly_one_bracket(n):
    assert sum(1 for _, _, low, high in LOS_BRACKETS if n >= low and (high is None or n <= high)) == 1


@given(st.lists(st.integers(min_value=0, max_value=3000), min_size=1, max_size=60))
def test_median_from_counts_is_the_median(values):
    counts = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    assert median(counts) == statistics.median(values)


def test_groups():
    assert [prior_group(c) for c in (116, 207, 336, 435, 8, 9, 99, None)] == [
        "Homeless", "Institutional", "Temporary", "Permanent", "Doesn't know or prefers not to answer",
        "Doesn't know or prefers not to answer", "Data not collected", "Data not collected"]
    assert [destination_group(c) for c in (101, 215, 312, 422, 24, 30, 17, 8, 9, 99)] == [
        "Homeless", "Institutional", "Temporary", "Permanent", *["Other"] * 6]


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=100))
def test_suppression_hides_exactly_the_small_counts(count, threshold):
    s = Suppression(True, threshold)
    cell = count_cell(count, s, "all")
    hidden = 0 < count < threshold
    assert (cell.text == f"<{threshold}") == hidden and (cell.csv == "") == hidden
    assert cell.key is None  # no drill-down links in a report for sharing
    assert count_cell(count, Suppression(False, threshold), "all").text == f"{count:,}"


def test_suppressed_counts_get_no_bar():
    s = Suppression(True, 11)
    chart = bar_chart([("big", count_cell(200, s, None)), ("small", count_cell(3, s, None)),
                       ("half", count_cell(100, s, None))], s)
    big, small, half = chart.bars
    assert small.width == 0 and small.text == "<11"
    assert big.width == 270 and half.width == 135  # 640 - 300 label - 70 number room, scaled to the largest


def test_percent_and_ranges():
    assert percent(1, 3) == "33.3%" and percent(0, 0) == "–" and percent(2, 4) == "50.0%"
    assert range_problem(date(2025, 1, 2), date(2025, 1, 1)) and range_problem(date(2016, 2, 29), date(2026, 2, 28)) is None
    assert range_problem(date(2016, 2, 29), date(2026, 3, 1))
    start, end = default_range(date(2026, 3, 15))
    assert (start, end) == (date(2025, 3, 16), date(2026, 3, 15)) and end - start == timedelta(days=364)
    assert default_range(date(2024, 2, 29))[0] == date(2023, 3, 1)
