"""APR/CAPER tables on a hand-made data set, every expected value worked out by hand, on both databases.

The shelter (ES, ESG-funded) in 2025 holds, active in the period:
  H1  adult A1 (35) + child C1 (10), 2025-03-01 to 03-31, both to 410       -> with children and adults
  H2  adult A2 (44, veteran), 2024-11-01, still there (426 days)            -> without children
  H3  child C3 (16) alone, 2025-06-01 to 06-08, to 435 without a subsidy   -> with only children
  H4  adult A4 (40) + baby U4 born after the start (age unknown, DOB DQ 8), 2025-07-01 to 12-31
      (the last day: leavers), to 206 and 8                                -> unknown household type
  H8, H9  P (55): H8 from 2025-02-01 and never exited, then H9 from 2025-09-01 (the latest start counts)
and, not active: an exit the day before the period, a start after it, a deleted member, another agency's person.
"""
from datetime import date

import pytest

from models.hud_reports import report_tables
from tests.conftest import make_agency
from tests.hud_report_data import dv, disability, household, income, member, project

START, END = date(2025, 1, 1), date(2025, 12, 31)
TYPES = ("Total", "Without Children", "With Children and Adults", "With Only Children", "Unknown Household Type")


def row(table, label, nth=0):
    return [table.cell(label, column, nth) for column in TYPES]


@pytest.fixture
def shelter(app):
    agency, projects, _ = make_agency()
    es = projects[0]  # Safe Shelter: ES entry/exit, funder 8 (ESG)
    h1 = household(es)
    a1 = member(h1, dob=date(1990, 1, 1), entry=date(2025, 3, 1), exit=date(2025, 3, 31), destination=410,
                dob_dq=2, race=("white",), living=101, disabling=0)
    member(h1, dob=date(2015, 1, 1), entry=date(2025, 3, 1), exit=date(2025, 3, 31), destination=410,
           relationship=2, sex=1, race=("white", "hispanic_latinao"), veteran=1)
    dv(a1, date(2025, 3, 1), 0)
    income(a1, date(2025, 3, 1), 1, 1, earned=1)
    income(a1, date(2025, 3, 31), 3, 0)
    disability(a1, date(2025, 3, 1), 6, 1)  # developmental: disabling whatever the 3.08 answer (0)
    h2 = household(es)
    a2 = member(h2, dob=date(1980, 6, 15), entry=date(2024, 11, 1), race=("black_af_american",), veteran=1,
                living=116, disabling=8)
    dv(a2, date(2024, 11, 1), 1, when=1)
    income(a2, date(2024, 11, 1), 1, 0, earned=1)  # "no income" with a source: a data issue
    income(a2, date(2025, 10, 20), 5, 1)  # annual assessment, 12 days before the anniversary, no source
    h3 = household(es)
    member(h3, dob=date(2009, 1, 1), entry=date(2025, 6, 1), exit=date(2025, 6, 8), destination=435,
           race=("asian", "black_af_american", "white"), coc=None)
    h4 = household(es)
    a4 = member(h4, dob=date(1985, 1, 1), entry=date(2025, 7, 1), exit=date(2025, 12, 31), destination=206,
                sex=1, race_none=9, veteran=8, living=435, coc="XX-999")
    member(h4, dob=date(2025, 8, 1), entry=date(2025, 7, 1), exit=date(2025, 12, 31), destination=8,
           relationship=2, dob_dq=8, sex=9, race_none=99)
    dv(a4, date(2025, 7, 1), 8)
    income(a4, date(2025, 7, 1), 1, 9)
    income(a4, date(2025, 12, 30), 3, 0)  # not dated on the exit: missing
    first = member(household(es), dob=date(1970, 1, 1), entry=date(2025, 2, 1), dob_dq=1, sex=99, veteran=99,
                   living=336, disabling=99)
    p = member(household(es), dob=date(1970, 1, 1), entry=date(2025, 9, 1), client=first.client, living=336,
               disabling=99)
    dv(p, date(2025, 9, 1), 1, when=3)
    dv(p, date(2025, 10, 1), 0, stage=2)  # the latest answer on or before the end counts
    dv(p, date(2026, 2, 1), 1, when=1, stage=2)  # after the end: ignored
    income(p, date(2025, 9, 2), 1, 0)  # a day after the start: missing
    # Not in the report:
    member(household(es), dob=date(1990, 1, 1), entry=date(2024, 6, 1), exit=date(2024, 12, 31), destination=410)
    member(household(es), dob=date(1990, 1, 1), entry=date(2026, 1, 5))
    member(h2, dob=date(2010, 1, 1), entry=date(2025, 1, 1), relationship=2, deleted=True)
    _, others, _ = make_agency("Other Agency", projects=("Other Shelter",))
    member(household(others[0]), dob=date(2015, 1, 1), entry=date(2025, 5, 1))
    return agency, es


@pytest.fixture
def tables(shelter):
    agency, es = shelter
    return {t.name: t for t in report_tables(agency, [es.id], START, END, "apr")}


def test_q5a_report_validations(tables):
    q5a = tables["Q5a"]
    expected = {"Total number of persons served": 7, "Number of adults (age 18 or over)": 4,
                "Number of children (under age 18)": 2, "Number of persons with unknown age": 1,
                "Number of leavers": 5, "Number of adult leavers": 2,
                "Number of adult and head of household leavers": 3, "Number of stayers": 2,
                "Number of adult stayers": 2, "Number of veterans": 1, "Number of youth under age 25": 1,
                "Number of parenting youth under age 25 with children": 0, "Number of adult heads of household": 4,
                "Number of child and unknown-age heads of household": 1,
                "Heads of households and adult stayers in the project 365 days or more": 1}
    for label, n in expected.items():
        assert q5a.cell(label, "Count of Clients") == n, label
        assert q5a.cell(label, "Count of Clients for DQ") == n, label  # no street outreach
    # A2 (the only one homeless long enough) does not know about a disabling condition: nobody is.
    assert q5a.cell("Number of chronically homeless persons", "Count of Clients") == 0
    assert q5a.cell("Number of chronically homeless persons", "Count of Clients for DQ") == 0


def test_q7a_persons_by_age_and_household_type(tables):
    q7a = tables["Q7a"]
    assert row(q7a, "Adults") == [4, 2, 1, None, 1]
    assert row(q7a, "Children") == [2, None, 1, 1, 0]
    assert row(q7a, "Client Doesn\u2019t Know/Prefers Not to Answer") == [1, 0, 0, 0, 1]
    assert row(q7a, "Data Not Collected") == [0, 0, 0, 0, 0]
    assert row(q7a, "Total") == [7, 2, 2, 1, 2]
    assert row(q7a, "For PSH & RRH - the total persons served who moved into housing") == [0, 0, 0, 0, 0]


def test_q8a_households_counted_by_their_heads(tables):
    assert row(tables["Q8a"], "Total Households") == [5, 2, 1, 1, 1]


def test_q11_ages_with_hud_blanks(tables):
    q11 = tables["Q11"]
    assert row(q11, "5-12") == [1, None, 1, 0, 0]
    assert row(q11, "13-17") == [1, None, 0, 1, 0]
    assert row(q11, "35-44") == [3, 1, 1, None, 1]
    assert row(q11, "55-64") == [1, 1, 0, None, 0]
    assert row(q11, "65+") == [0, 0, 0, None, 0]
    assert row(q11, "Client Doesn\u2019t Know/Prefers Not to Answer") == [1, 0, 0, 0, 1]
    assert row(q11, "Total") == [7, 2, 2, 1, 2]


def test_q12_race_and_ethnicity(tables):
    q12 = tables["Q12"]
    assert row(q12, "White") == [1, 0, 1, 0, 0]
    assert row(q12, "Black, African American, or African") == [1, 1, 0, 0, 0]
    assert row(q12, "White & Hispanic/Latina/e/o") == [1, 0, 1, 0, 0]
    assert row(q12, "Multiracial \u2013 more than 2 races, where no option is Hispanic/Latina/e/o") == [1, 0, 0, 1, 0]
    assert row(q12, "Client Doesn\u2019t Know/Prefers Not to Answer") == [1, 0, 0, 0, 1]
    assert row(q12, "Data Not Collected") == [2, 1, 0, 0, 1]
    assert row(q12, "Total") == [7, 2, 2, 1, 2]


def test_q14_domestic_violence_latest_answer_of_heads_and_adults(tables):
    q14a, q14b = tables["Q14a"], tables["Q14b"]
    assert row(q14a, "Yes") == [1, 1, 0, 0, 0]
    assert row(q14a, "No") == [2, 1, 1, 0, 0]
    assert row(q14a, "Client Doesn\u2019t Know/Prefers Not to Answer") == [1, 0, 0, 0, 1]
    assert row(q14a, "Data Not Collected") == [1, 0, 0, 1, 0]
    assert row(q14a, "Total") == [5, 2, 1, 1, 1]
    assert row(q14b, "Within the past three months") == [1, 1, 0, 0, 0]
    assert row(q14b, "Total") == [1, 1, 0, 0, 0]


def test_q15_prior_living_situation_of_heads_and_adults(tables):
    q15 = tables["Q15"]
    assert row(q15, "Homeless Situations") == [None] * 5
    assert row(q15, "Place not meant for habitation") == [1, 1, 0, 0, 0]
    assert row(q15, "Subtotal", 0) == [2, 1, 1, 0, 0]  # homeless
    assert row(q15, "Subtotal", 1) == [0, 0, 0, 0, 0]  # institutional
    assert row(q15, "Staying or living in a friend's room, apartment or house") == [1, 1, 0, 0, 0]
    assert row(q15, "Rental by client, with ongoing housing subsidy") == [1, 0, 0, 0, 1]
    assert row(q15, "Data Not Collected") == [1, 0, 0, 1, 0]
    assert row(q15, "Total") == [5, 2, 1, 1, 1]


def test_q22_length_of_participation(shelter):
    agency, es = shelter
    apr = {t.name: t for t in report_tables(agency, [es.id], START, END, "apr")}
    caper = {t.name: t for t in report_tables(agency, [es.id], START, END, "caper")}
    assert "Q22a2" not in apr and "Q22a1" not in caper and "Q22b" not in caper
    q22a1, q22a2, q22b = apr["Q22a1"], caper["Q22a2"], apr["Q22b"]
    columns = ("Total", "Leavers", "Stayers")
    assert [q22a1.cell("30 days or less", c) for c in columns] == [3, 3, 0]
    assert [q22a1.cell("91 to 180 days", c) for c in columns] == [1, 0, 1]
    assert [q22a1.cell("181 to 365 days", c) for c in columns] == [2, 2, 0]
    assert [q22a1.cell("366 to 730 days (1-2 Yrs)", c) for c in columns] == [1, 0, 1]
    assert [q22a1.cell("Total", c) for c in columns] == [7, 5, 2]
    assert [q22a2.cell("0 to 7 days", c) for c in columns] == [1, 1, 0]
    assert [q22a2.cell("22 to 30 days", c) for c in columns] == [2, 2, 0]
    assert [q22a2.cell("8 to 14 days", c) for c in columns] == [0, 0, 0]
    # Q22d (CAPER), by household type (Total, without children, with children and adults, only children, unknown):
    # H3's youth alone 7 days; H1's two 30; p (adult alone) 122; H4's adult and baby (age unknown) 183; a2 426.
    q22d = caper["Q22d"]
    assert "Q22d" not in apr and q22d.title == "Length of Participation by Household Type"
    assert row(q22d, "7 days or less") == [1, 0, 0, 1, 0]
    assert row(q22d, "22 to 30 days") == [2, 0, 2, 0, 0]
    assert row(q22d, "91 to 180 days") == [1, 1, 0, 0, 0]
    assert row(q22d, "181 to 365 days") == [2, 0, 0, 0, 2]
    assert row(q22d, "366 to 730 days (1-2 Yrs)") == [1, 1, 0, 0, 0]
    assert row(q22d, "731 days or more") == [0, 0, 0, 0, 0]
    assert row(q22d, "Total") == [7, 2, 2, 1, 2]
    # leavers 7, 30, 30, 183, 183; stayers 122 (to the day after the end) and 426
    assert [q22b.cell("Average Length", c) for c in ("Leavers", "Stayers")] == ["86.60", "274.00"]
    assert [q22b.cell("Median Length", c) for c in ("Leavers", "Stayers")] == ["30.00", "274.00"]


def test_q23c_destinations_of_leavers(tables):
    q23c = tables["Q23c"]
    assert row(q23c, "Rental by client, no ongoing housing subsidy") == [2, 0, 2, 0, 0]
    assert row(q23c, "Rental by client, with ongoing housing subsidy") == [0, 0, 0, 0, 0]  # no subsidy: 99
    assert row(q23c, "Data Not Collected") == [1, 0, 0, 1, 0]
    assert row(q23c, "Client Doesn\u2019t Know/Prefers Not to Answer") == [1, 0, 0, 0, 1]
    assert row(q23c, "Hospital or other residential non-psychiatric medical facility") == [1, 0, 0, 0, 1]
    assert row(q23c, "Subtotal", 1) == [1, 0, 0, 0, 1]  # institutional
    assert row(q23c, "Subtotal", 3) == [2, 0, 2, 0, 0]  # permanent
    assert row(q23c, "Subtotal", 4) == [2, 0, 0, 1, 1]  # other
    assert row(q23c, "TOTAL") == [5, 0, 2, 1, 2]
    assert row(q23c, "Total persons exiting to positive housing destinations") == [2, 0, 2, 0, 0]
    assert row(q23c, "Total persons whose destinations excluded them from the calculation") == [1, 0, 0, 0, 1]
    assert row(q23c, "Percentage of persons exiting to positive housing destinations") == [
        "0.5000", "0.0000", "1.0000", "0.0000", "0.0000"]


def test_q24e_sex(tables):
    q24e = tables["Q24e"]
    assert row(q24e, "Female") == [3, 1, 1, 1, 0]
    assert row(q24e, "Male") == [2, 0, 1, 0, 1]
    assert row(q24e, "Client Doesn\u2019t Know/Prefers Not to Answer") == [1, 0, 0, 0, 1]
    assert row(q24e, "Data not collected") == [1, 1, 0, 0, 0]
    assert row(q24e, "Total") == [7, 2, 2, 1, 2]


def _dq(table, label):
    return [table.cell(label, c) for c in table.header[1:]]


def test_q6a_pii_scores_anonymous_entry_as_prefers_not_to_answer(tables):
    q6a = tables["Q6a"]
    assert _dq(q6a, "Name (3.01)") == [7, 0, 0, 7, "1.0000"]
    assert _dq(q6a, "Social Security Number (3.02)") == [7, 0, 0, 7, "1.0000"]
    # Every stored DOB with DQ 2, 8 or 9 is a data issue (reference 1.3); P's DQ 1 DOB is fine.
    assert _dq(q6a, "Date of Birth (3.03)") == [0, 0, 6, 6, "0.8571"]
    assert _dq(q6a, "Race/Ethnicity (3.04)") == [1, 2, None, 3, "0.4286"]
    assert _dq(q6a, "Overall Score") == [None, None, None, 7, "1.0000"]


def test_q6b_universal_data_elements(tables):
    q6b = tables["Q6b"]
    assert _dq(q6b, "Veteran Status (3.07)") == [1, 1, 1, 3, "0.5000"]  # of the 6 of known age
    assert _dq(q6b, "Project Start Date (3.10)") == [None, None, 1, 1, "0.1429"]  # P's two open stays overlap
    assert _dq(q6b, "Relationship to Head of Household (3.15)") == [None, 0, 0, 0, "0.0000"]
    assert _dq(q6b, "Enrollment CoC (3.16)") == [None, 1, 1, 2, "0.4000"]  # of the 5 heads
    assert _dq(q6b, "Disabling Condition (3.08)") == [1, 1, 1, 3, "0.4286"]


def test_q6c_destination_and_income(tables):
    q6c = tables["Q6c"]
    assert _dq(q6c, "Destination (3.12)") == [1, 1, None, 2, "0.4000"]
    assert _dq(q6c, "Income and Sources (4.02) at Start") == [1, 2, 1, 4, "0.8000"]
    assert _dq(q6c, "Income and Sources (4.02) at Annual Assessment") == [0, 0, 1, 1, "1.0000"]
    assert _dq(q6c, "Income and Sources (4.02) at Exit") == [0, 2, 0, 2, "0.6667"]


def test_q4a_project_identifiers(tables, shelter):
    agency, es = shelter
    q4a = tables["Q4a"]
    assert q4a.rows == (("Safe Harbor", (agency.id, "Safe Shelter", es.id, 0, None, 0, 0, None, "WA-501", "539033", 1,
                                         "DV HMIS", "2025-01-01", "2025-12-31", 7, 5)),)


def test_another_agencys_projects_count_nobody(shelter):
    agency, _ = shelter
    from models import Project
    foreign = Project.get(Project.name == "Other Shelter")
    tables = {t.name: t for t in report_tables(agency, [foreign.id], START, END, "caper")}
    assert tables["Q5a"].cell("Total number of persons served", "Count of Clients") == 0
    assert tables["Q4a"].rows == ()


def test_household_type_counts_only_members_active_in_the_period(app):
    agency, projects, _ = make_agency()
    h = household(projects[0])
    member(h, dob=date(1990, 1, 1), entry=date(2024, 1, 1))
    member(h, dob=date(2015, 1, 1), entry=date(2024, 1, 1), exit=date(2024, 6, 1), destination=410, relationship=2)
    q7a = next(t for t in report_tables(agency, [projects[0].id], START, END, "caper") if t.name == "Q7a")
    assert row(q7a, "Total") == [1, 1, 0, 0, 0]


def test_age_is_taken_at_the_later_of_report_start_and_project_start(app):
    agency, projects, _ = make_agency()
    # 17 on the report start, but started after turning 18: an adult; the other turns 18 in the period: a child.
    member(household(projects[0]), dob=date(2007, 3, 1), entry=date(2025, 3, 1))
    member(household(projects[0]), dob=date(2007, 3, 1), entry=date(2024, 12, 1))
    q7a = next(t for t in report_tables(agency, [projects[0].id], START, END, "caper") if t.name == "Q7a")
    assert q7a.cell("Adults", "Total") == 1 and q7a.cell("Children", "Total") == 1


def test_moved_into_housing_rows_for_rapid_rehousing(app):
    agency, _, _ = make_agency(projects=())
    rrh = project(agency, "Rapid Re-Housing", 13, 3)
    housed = household(rrh)
    member(housed, dob=date(1990, 1, 1), entry=date(2025, 2, 1), move_in=date(2025, 3, 1))
    member(housed, dob=date(2015, 1, 1), entry=date(2025, 2, 1), move_in=date(2025, 3, 1), relationship=2)
    member(household(rrh), dob=date(1990, 1, 1), entry=date(2025, 2, 1), move_in=date(2026, 2, 1))  # after the end
    member(household(rrh), dob=date(1990, 1, 1), entry=date(2025, 2, 1), exit=date(2025, 2, 15), destination=17,
           move_in=date(2025, 3, 1))  # left before moving in
    tables = {t.name: t for t in report_tables(agency, [rrh.id], START, END, "apr")}
    assert row(tables["Q7a"], "For PSH & RRH - the total persons served who moved into housing") == [2, 0, 2, 0, 0]
    assert row(tables["Q8a"], "For PSH & RRH - the total households served who moved into housing") == [
        1, 0, 1, 0, 0]
    assert row(tables["Q8a"], "Total Households") == [3, 2, 1, 0, 0]


def test_an_empty_agency_reports_zeros_not_errors(app):
    agency, projects, _ = make_agency()
    tables = report_tables(agency, [projects[0].id], START, END, "caper")
    assert [t.name for t in tables] == ["Q4a", "Q5a", "Q6a", "Q6b", "Q6c", "Q6d", "Q6e", "Q6f", "Q7a", "Q8a",
                                        "Q11", "Q12", "Q14a", "Q14b", "Q15", "Q22a2", "Q22d", "Q23c", "Q24e"]
    q23c = next(t for t in tables if t.name == "Q23c")
    assert row(q23c, "Percentage of persons exiting to positive housing destinations") == ["0.0000"] * 5


@pytest.mark.parametrize("names", [{"Q6c"}, {"Q14a", "Q7a"}, {"Q24e"}, {"Q22a2"}, {"Q5a"}, {"Q6d", "Q6e", "Q6f"}])
def test_a_few_tables_alone_count_as_in_the_whole_report(shelter, tables, names):
    agency, es = shelter
    alone = report_tables(agency, [es.id], START, END, "apr", names)
    assert [t.name for t in alone] == [n for n in tables if n in names]  # Q22a2 is not an APR table
    assert [t.to_csv() for t in alone] == [tables[t.name].to_csv() for t in alone]
