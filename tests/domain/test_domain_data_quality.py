from datetime import date

import pytest

from domain.data_quality import GAP, PRIVACY, UNKNOWN, member_findings


@pytest.mark.parametrize("code, kind", [(99, GAP), (None, GAP), (8, UNKNOWN), (9, PRIVACY), (0, None), (1, None)])
def test_answers_are_sorted_into_gaps_unknowns_and_privacy_choices(code, kind):
    findings = member_findings("ABCD1234", {"Sex": code})
    assert [f.kind for f in findings] == ([kind] if kind else [])


@pytest.mark.parametrize("destination, kind", [(None, GAP), (99, GAP), (30, GAP), (9, PRIVACY), (8, UNKNOWN),
                                               (410, None)])
def test_exit_destination(destination, kind):
    findings = member_findings("ABCD1234", {}, exited=True, exit_destination=destination)
    assert [(f.kind, f.fix) for f in findings] == ([(kind, "exit")] if kind else [])


@pytest.mark.parametrize("entry, last_annual, overdue", [
    (date(2025, 1, 1), None, True),
    (date(2025, 6, 1), None, False),
    (date(2024, 1, 1), date(2025, 3, 1), False),
    (date(2024, 1, 1), date(2024, 12, 1), True),
])
def test_stayers_past_a_year_need_an_annual_assessment(entry, last_annual, overdue):
    findings = member_findings("ABCD1234", {}, entry_date=entry, last_annual=last_annual, today=date(2026, 1, 15))
    assert bool(findings) == overdue


def test_leavers_need_no_annual_assessment():
    assert member_findings("ABCD1234", {}, exited=True, exit_destination=410, entry_date=date(2020, 1, 1),
                           today=date(2026, 1, 1)) == []
