"""Q5a's chronically homeless row and the Q6d, Q6e, Q6f data-quality tables on hand-made data, both databases."""
import random
from datetime import date, datetime, timedelta

import pytest

from domain.dates import SHIFT_MIN_DAYS
from domain.hud_reports.chronic import YES
from models import Enrollment, Household, Service, ServiceType
from models.db import db
from models.hud_reports import report_tables
from models.report_universe import ReportFilter, ReportPerson, build, drop
from models.accounts import utcnow  # naive UTC, as the app stores times
from tests.chronic_cases import CASES, ENTRY, ES, TH, answers, status
from tests.conftest import make_agency
from tests.hud_report_data import household, member, project
from tests.intake_helpers import ADULT, CHILD, intake_post, intake_token

START, END = date(2025, 1, 1), date(2025, 12, 31)
ADULT_DOB, CHILD_DOB = date(1985, 5, 5), date(2018, 5, 5)


def tables_for(agency, projects, kind="caper", start=START, end=END):
    return {t.name: t for t in report_tables(agency, [p.id for p in projects], start, end, kind)}


def universe_column(agency, projects):
    """{enrollment id: report_person.chronic} for the year."""
    with db.atomic():
        build(ReportFilter(agency.id, tuple(p.id for p in projects), START, END))
        try:
            return dict(ReportPerson.select(ReportPerson.id, ReportPerson.chronic).tuples())
        finally:
            drop()


def _random_answers(rng):
    pick = rng.choice
    return answers(disabling=pick((0, 1, 1, 1, 8, 9, 99)),
                   living=pick((None, 8, 99, 101, 116, 118, 204, 207, 302, 336, 410)),
                   los_under=pick((None, 0, 1, 99)), previous=pick((None, 0, 1, 99)),
                   since=pick((None, ENTRY - timedelta(days=rng.randint(300, 430)))),
                   times=pick((None, 1, 3, 4, 4, 8, 9, 99)), months=pick((None, 8, 9, 99, 101, 111, 112, 113)))


def test_the_universe_column_follows_the_rule_case_by_case(app):
    """Every hand-made case, and 300 drawn at random, stored and read back from report_person: SQL = the rule."""
    agency, _, _ = make_agency(projects=())
    projects = {ES: project(agency, "Shelter", ES, 8), TH: project(agency, "Transitional", TH, 8)}
    rng = random.Random(2026)
    drawn = [(f"drawn {n}", rng.choice((ES, TH)), _random_answers(rng), None) for n in range(300)]
    expected = {}
    for what, project_type, fields, _ in (*CASES, *drawn):
        enrollment = member(household(projects[project_type]), dob=ADULT_DOB, entry=ENTRY, **fields)
        expected[enrollment.id] = (what, status(project_type, fields))
    stored = universe_column(agency, projects.values())
    assert {i: (what, stored[i]) for i, (what, _) in expected.items()} == expected


@pytest.fixture
def chronic_households(app):
    """ES: H1 chronically homeless head + child, and a partner who joined later (not chronic).
    TH: H2 head from a friend's place for a week or more (a break) + child; H3 head not disabled, partner
    chronically homeless (four times, 12 months), child; street outreach: H4 chronically homeless head alone."""
    agency, _, _ = make_agency(projects=())
    es, th, so = project(agency, "Shelter", 0, 8), project(agency, "Transitional", 2, 8), project(agency, "SO", 4, 8)
    year = answers(since=date(2024, 1, 1))
    h1 = household(es)
    member(h1, dob=ADULT_DOB, entry=ENTRY, **year)
    member(h1, dob=CHILD_DOB, entry=ENTRY, relationship=2, living=None)
    member(h1, dob=ADULT_DOB, entry=date(2025, 4, 1), relationship=3, **answers(disabling=0))
    h2 = household(th)
    member(h2, dob=ADULT_DOB, entry=ENTRY, **answers(living=336, los_under=0, since=date(2020, 1, 1)))
    member(h2, dob=CHILD_DOB, entry=ENTRY, relationship=2, living=None)
    h3 = household(th)
    member(h3, dob=ADULT_DOB, entry=ENTRY, **answers(disabling=0))
    member(h3, dob=ADULT_DOB, entry=ENTRY, relationship=3, **answers(living=101, times=4, months=112))
    member(h3, dob=CHILD_DOB, entry=ENTRY, relationship=2, living=None)
    member(household(so), dob=ADULT_DOB, entry=ENTRY, **year)
    return agency, (es, th, so)


def test_q5a_counts_chronically_homeless_persons_and_who_started_with_them(chronic_households):
    agency, projects = chronic_households
    q5a = tables_for(agency, projects)["Q5a"]
    # H1 head and child (not the partner who came later), H3 partner, head and child, H4 head (outreach: not in DQ)
    assert q5a.cell("Number of chronically homeless persons", "Count of Clients") == 6
    assert q5a.cell("Number of chronically homeless persons", "Count of Clients for DQ") == 5


def test_q5a_head_status_alone_in_the_universe(chronic_households):
    agency, projects = chronic_households
    heads = (Enrollment.select(Enrollment.id).where(Enrollment.relationship_to_hoh == 1))
    stored = universe_column(agency, projects)
    assert sorted(stored[e.id] == YES for e in heads) == [False, False, True, True]  # H1, H4 / H2, H3


@pytest.mark.parametrize("days, chronic", [(365, 1), (364, 0)])
def test_an_approximated_household_is_judged_on_its_real_days_homeless(client, auth, agency, days, chronic):
    """Its start and 3.917.3 are both stored 30-92 days later: the 365-day test sees the real difference."""
    auth.login("staff-1")
    shelter = agency[1][0]
    start = utcnow().date() - timedelta(days=10)
    head = {**ADULT, "disabling_condition": "1", "date_to_street_essh": (start - timedelta(days=days)).isoformat(),
            "times_homeless_past_three_years": "1"}
    data = intake_post(intake_token(client, shelter.id), start=start.isoformat(), approximate=True,
                       members=(head, CHILD))
    assert client.post(f"/projects/{shelter.id}/intake", data=data).status_code == 303
    assert Enrollment.get(Enrollment.relationship_to_hoh == 1).entry_date >= start + timedelta(days=SHIFT_MIN_DAYS)
    q5a = tables_for(agency[0], [shelter], start=start, end=start + timedelta(days=120))["Q5a"]
    assert q5a.cell("Number of chronically homeless persons", "Count of Clients") == 2 * chronic  # with the child


@pytest.fixture
def dq_917(app):
    """HoH and adults whose 3.917 answers leave the chronic status unknown, per project type."""
    agency, _, _ = make_agency(projects=())
    es, th = project(agency, "Shelter", 0, 8), project(agency, "Transitional", 2, 3)
    rrh, other = project(agency, "Rapid Re-Housing", 13, 3), project(agency, "Other", 7, 3)
    complete = dict(since=date(2024, 6, 1), times=1, months=101)
    a = household(es)
    member(a, dob=ADULT_DOB, entry=ENTRY, **answers(times=8, months=101))  # date and times: unable
    member(a, dob=CHILD_DOB, entry=ENTRY, relationship=2, living=None)  # a child: not counted
    member(household(es), dob=ADULT_DOB, entry=ENTRY, length_of_stay=99, **answers(living=207, **complete))
    member(household(th), dob=ADULT_DOB, entry=ENTRY, length_of_stay=99, **answers(living=206))  # time in institution
    member(household(th), dob=ADULT_DOB, entry=ENTRY, length_of_stay=10,
           **answers(living=336, los_under=1, previous=1, times=4, months=99))  # date and months
    member(household(th), dob=ADULT_DOB, entry=ENTRY, **answers(living=116, since=date(2024, 6, 1), times=9,
                                                                months=112))  # times
    member(household(th), dob=ADULT_DOB, entry=ENTRY, length_of_stay=5, **answers(living=410, los_under=0))  # fine
    member(household(th), dob=ADULT_DOB, entry=date(2016, 9, 30), length_of_stay=99,
           **answers(living=206))  # before 3.917 took its current form: not counted
    member(household(rrh), dob=ADULT_DOB, entry=ENTRY, **answers(living=99))  # no length of stay: time in housing
    member(household(other), dob=ADULT_DOB, entry=ENTRY, **answers(living=99))  # "Other": in no row
    return agency, (es, th, rrh, other)


def test_q6d_chronic_homelessness_data_quality(dq_917):
    agency, projects = dq_917
    q6d = tables_for(agency, projects)["Q6d"]
    assert q6d.rows == (
        ("ES-EE, ES-NbN, SH, Street Outreach", (2, None, None, 1, 1, 0, "0.5000")),
        ("TH", (4, 1, 0, 1, 1, 1, "0.7500")),
        ("PH (all)", (1, 0, 1, 0, 0, 0, "1.0000")),
        ("CE", (0, 0, 0, 0, 0, 0, "0.0000")),
        ("SSO, Day Shelter, HP", (0, 0, 0, 0, 0, 0, "0.0000")),
        ("Total", (7, None, None, None, None, None, "0.7143")),
    )


def test_q6e_days_from_start_and_exit_to_their_records(app):
    agency, projects, _ = make_agency()
    es = projects[0]

    def on(day, hour=9):
        return datetime(2025, day.month, day.day, hour)
    march = date(2025, 3, 1)
    for created in (datetime(2025, 2, 27, 9), on(march, 10), datetime(2025, 3, 4, 23, 59), datetime(2025, 3, 11),
                    datetime(2025, 3, 12)):  # -2, 0, 3, 10 and 11 days
        member(household(es), dob=ADULT_DOB, entry=march, created=created)
    member(household(es), dob=ADULT_DOB, entry=march, created=on(march), exit=date(2025, 4, 1), destination=410,
           exit_created=datetime(2025, 4, 1, 17))  # exit recorded the same day
    member(household(es), dob=ADULT_DOB, entry=date(2024, 12, 1), created=datetime(2024, 12, 1),
           exit=date(2025, 2, 1), destination=410, exit_created=datetime(2025, 2, 6))  # started before: exit only
    member(household(es), dob=ADULT_DOB, entry=march, created=on(march), exit=date(2026, 1, 5), destination=410,
           exit_created=datetime(2026, 1, 5))  # leaves after the period: a stayer
    q6e = tables_for(agency, projects)["Q6e"]
    assert q6e.rows == (("< 0 days", (1, 0)), ("0 days", (3, 1)), ("1-3 days", (1, 0)), ("4-6 days", (0, 1)),
                        ("7-10 days", (1, 0)), ("11+ days", (1, 0)))


def test_q6e_counts_an_approximated_household_entered_on_its_real_start_as_0_days(client, auth, agency):
    """Its stored start is 30-92 days after the real one, and so are its record timestamps."""
    auth.login("staff-1")
    shelter = agency[1][0]
    today = utcnow().date()  # record timestamps are UTC
    token = intake_token(client, shelter.id)
    data = intake_post(token, start=today.isoformat(), approximate=True,
                       members=({**ADULT, "date_to_street_essh": today.isoformat()}, CHILD))
    assert client.post(f"/projects/{shelter.id}/intake", data=data).status_code == 303
    assert Household.get().dates_approximated and Enrollment.get().entry_date > today
    q6e = tables_for(agency[0], [shelter], start=today, end=today + timedelta(days=100))["Q6e"]
    assert q6e.cell("0 days", "Number of Project Start Records") == 2
    assert q6e.cell("< 0 days", "Number of Project Start Records") == 0
    assert "counted like every other record" in q6e.note


def test_q6f_night_by_night_stayers_without_a_recent_bed_night(app):
    agency, _, _ = make_agency(projects=())
    nbn, entry_exit = project(agency, "Night shelter", 1, 8), project(agency, "Shelter", 0, 8)
    bed_night = ServiceType.create(agency=agency, name="Bed night", record_type=200, type_provided=200)
    other = ServiceType.create(agency=agency, name="Advocacy")
    june = date(2025, 6, 1)

    def stay(entry, *nights, exit=None, kind=bed_night, deleted=False, relationship=1, home=None, dob=ADULT_DOB):
        e = member(home or household(nbn), dob=dob, entry=entry, exit=exit, destination=410 if exit else None,
                   relationship=relationship)
        for night in nights:
            Service.create(enrollment=e, service_type=kind, date_provided=night, date_created=datetime(2025, 1, 1),
                           date_updated=datetime(2025, 1, 1), date_deleted=datetime(2025, 12, 2) if deleted else None)
        return e
    x = stay(june, date(2025, 11, 15))  # active
    stay(june, date(2025, 12, 31), relationship=2, home=Household.get_by_id(x.household_id), dob=CHILD_DOB)  # active
    stay(june, date(2025, 9, 1))  # inactive: the last bed night 121 days before the end
    stay(june)  # inactive: no bed night at all
    stay(june, date(2025, 12, 1), deleted=True)  # inactive: its only recent bed night was deleted
    stay(june, date(2025, 12, 1), kind=other)  # inactive: a service, not a bed night
    stay(date(2025, 10, 2), date(2025, 10, 2))  # started exactly 90 days before the end; active on the edge
    stay(date(2025, 10, 3))  # fewer than 90 days: not counted
    stay(june, exit=date(2025, 12, 1))  # a leaver: not counted
    member(household(entry_exit), dob=ADULT_DOB, entry=june)  # not night-by-night
    q6f = tables_for(agency, (nbn, entry_exit))["Q6f"]
    assert q6f.rows[0][1] == (0, 0, "0.0000")
    assert q6f.rows[1][1] == (7, 4, "0.5714")
