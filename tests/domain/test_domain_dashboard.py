"""The dashboard's pure rules: brackets, median, suppression, chart geometry."""
import statistics
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.dashboard import (LOS_BRACKETS, Suppression, bar_chart, count_cell, default_range, destination_group,
                              los_bracket, median, percent, prior_group, range_problem, services_table)


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
    hidden = Suppression(True, threshold).hidden({"all": count})
    cell = count_cell(count, hidden, "all")
    small = 0 < count < threshold
    assert (cell.text == "suppressed") == small == cell.hidden and (cell.csv == "") == small
    assert cell.key is None  # no drill-down links in a report for sharing
    shown = count_cell(count, Suppression(False, threshold).hidden({"all": count}), "all")
    assert shown.text == f"{count:,}" and not shown.hidden


def test_suppressed_counts_get_no_bar():
    hidden = Suppression(True, 11).hidden({"big": 200, "small": 3, "half": 100})
    chart = bar_chart([(key, count_cell(n, hidden, key)) for key, n in (("big", 200), ("small", 3), ("half", 100))])
    big, small, half = chart.bars
    assert small.width == 0 and small.text == "suppressed"
    assert big.width == 270 and half.width == 135  # 640 - 300 label - 70 number room, scaled to the largest


@pytest.mark.parametrize("parts, hidden", [
    ({"a": 32, "b": 15, "c": 3}, {"b", "c"}),         # the total minus a and b would give c away: b goes too
    ({"a": 32, "b": 15, "c": 3, "d": 4}, {"c", "d", "b"}),  # c and d add up to 7, below 11: b goes too
    ({"a": 32, "b": 15, "c": 6, "d": 5}, {"c", "d"}),  # 11 between them: neither can be worked out
    ({"a": 32, "b": 0, "c": 3}, {"a", "c"}),          # a zero shows as 0 and hides nothing: a is next
    ({"a": 40, "b": 15}, set()),
])
def test_a_total_gives_no_hidden_count_away(parts, hidden):
    counts = {**parts, "total": sum(parts.values())}
    assert Suppression(True, 11).hidden(counts, [("total", list(parts))]).cells == hidden


def test_a_count_in_two_sums_is_worked_out_in_both():
    """A row and a column of a two-way table: hiding b1 for the row leaves it alone in its column, so a2 goes too."""
    cells = {"a1": 50, "b1": 20, "c1": 4, "a2": 30, "b2": 3}
    totals = {"row1": 74, "row2": 33, "col_a": 80, "col_b": 23, "col_c": 4}
    sums = [("row1", ["a1", "b1", "c1"]), ("row2", ["a2", "b2"]), ("col_a", ["a1", "a2"]), ("col_b", ["b1", "b2"]),
            ("col_c", ["c1"])]
    hidden = Suppression(True, 11).hidden({**cells, **totals}, sums).cells
    # c1, b2 and col_c are small; row1 then needs b1 and row2 needs a2; a2 alone in col_a would be col_a - a1
    # (and then b2 = row2 - a2), so a1 goes too.
    assert hidden == {"c1", "b2", "col_c", "b1", "a2", "a1"}


sums_of_parts = st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=8)


@given(st.lists(sums_of_parts, min_size=1, max_size=4), st.integers(min_value=2, max_value=15))
def test_no_hidden_count_can_be_worked_out_from_a_shown_total(tables, threshold):
    """Every count from 1 to threshold - 1 is hidden; no sum has a single hidden count; a shown total's hidden parts
    add up to 0 or at least the threshold. The sums share a grand total, as the rows of a table do."""
    counts, sums = {}, []
    for i, parts in enumerate(tables):
        names = [f"{i}.{j}" for j in range(len(parts))]
        counts |= dict(zip(names, parts)) | {f"{i}": sum(parts)}
        sums.append((f"{i}", names))
    counts["all"] = sum(sum(parts) for parts in tables)
    sums.append(("all", [f"{i}" for i in range(len(tables))]))
    hidden = Suppression(True, threshold).hidden(counts, sums).cells
    assert {cell for cell, n in counts.items() if 0 < n < threshold} <= hidden
    for total, parts in sums:
        hidden_sum = sum(counts[p] for p in parts if p in hidden)
        assert sum(1 for term in (total, *parts) if term in hidden) != 1
        assert total in hidden or hidden_sum == 0 or hidden_sum >= threshold


def test_percent_and_ranges():
    assert percent(1, 3) == "33.3%" and percent(0, 0) == "–" and percent(2, 4) == "50.0%"
    assert range_problem(date(2025, 1, 2), date(2025, 1, 1))
    assert range_problem(date(2016, 2, 29), date(2026, 2, 28)) is None
    assert range_problem(date(2016, 2, 29), date(2026, 3, 1))
    start, end = default_range(date(2026, 3, 15))
    assert (start, end) == (date(2025, 3, 16), date(2026, 3, 15)) and end - start == timedelta(days=364)
    assert default_range(date(2024, 2, 29))[0] == date(2023, 3, 1)


def test_services_for_sharing_give_no_small_type_away():
    """Deposit's 3 services and 3 households are small. 73 services - 40 - 30 would give its 3 away, so Rent's 30
    go too (the smaller of the others); its $1,500 would be $10,500 - $9,000, so Rent's households (on which its
    dollars rest) go too. Counseling and the totals stay."""
    rows_in = [(1, "Counseling", False, 40, 25, None), (2, "Deposit", True, 3, 3, Decimal("1500")),
               (3, "Rent", True, 30, 20, Decimal("9000"))]
    table = services_table(rows_in, Suppression(True, 11))
    assert {r.label: [c.text for c in r.cells] for r in table.rows} == {
        "Counseling": ["40", "25", ""], "Deposit": ["suppressed"] * 3, "Rent": ["suppressed"] * 3,
        "All services": ["73", "", "$10,500.00"]}
    plain = services_table(rows_in, Suppression(False, 11))
    assert [c.text for c in plain.rows[1].cells] == ["3", "3", "$1,500.00"]
