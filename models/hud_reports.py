"""The APR/CAPER tables' counts, aggregated in the database over the shared report universe (SQLite and PostgreSQL).

models.report_universe fills one row per person; each table is then one GROUP BY over it. A single table computes
only its own counts, and reads the assessment answers only when it needs them.
"""
from datetime import date, timedelta
from functools import cache, reduce

from peewee import SQL, Case, Tuple, fn

from domain import codes
from domain.hud_reports import chronic, questions, rules

from .accounts import Project
from .assessments import Disability
from .clients import Enrollment
from .db import db
from .exits import Exit
from .services import Service, ServiceType
from .dialect import add_years, date_value, day_of, days_between, month_day_of, year_of
from .report_universe import RACE_FIELDS, ReportEnrollment, ReportFilter, ReportPerson, build, drop, flag

SOFTWARE_NAME = "DV HMIS"
FAR_FUTURE = date(9999, 12, 31)
# The tables that count DV or income answers: only they need the universe's assessment columns.
ASSESSMENT_QUESTIONS = frozenset({"Q6c", "Q14a", "Q14b"})


def _whole_years(since, on):
    """Ordinary birthday arithmetic: on's year minus since's, less one before the anniversary."""
    return year_of(on) - year_of(since) - Case(None, ((month_day_of(on) < month_day_of(since), 1),), 0)


# --- Aggregates --------------------------------------------------------------------------------------------------

P = ReportPerson
ADULT = P.age >= 18
CHILD = (P.age >= 0) & (P.age < 18)
UNKNOWN_AGE = P.age.is_null() | (P.age < 0)
HEAD = P.relationship == 1
ADULT_OR_HEAD = ADULT | HEAD
LEAVER = P.leaver == 1
STAYER = P.leaver == 0
ENGAGED = P.project_type != rules.STREET_OUTREACH  # the app records no date of engagement for outreach
YOUTH = (P.age >= 12) & (P.age < 25)


def _grid(*categories, where=None):
    """{category (a tuple when several): {household type: persons}} from one GROUP BY."""
    query = P.select(*categories, P.household_type, fn.COUNT(P.id)).group_by(*categories, P.household_type)
    if where is not None:
        query = query.where(where)
    grid = {}
    for *keys, household_type, n in query.tuples():
        key = tuple(keys) if len(keys) > 1 else keys[0]
        grid.setdefault(key, {})[household_type] = n
    return grid


def _sums(where=None, **conditions):
    """{name: persons meeting the condition} in one pass; None when nobody is in the universe."""
    query = P.select(*(fn.COALESCE(fn.SUM(flag(c)), 0).alias(name) for name, c in conditions.items()))
    if where is not None:
        query = query.where(where)
    return query.dicts().get()


def _chronically_homeless():
    """domain.hud_reports.chronic.chronic_members: chronically homeless on one's own answers, or having started on
    the same day as a chronically homeless adult or head of household of one's household."""
    E = ReportEnrollment
    chronic_starts = E.select(E.household, E.entry_date).where(E.chronic == chronic.YES,
                                                               (E.age >= 18) | (E.relationship == 1))
    return (P.chronic == chronic.YES) | Tuple(P.household, P.entry_date).in_(chronic_starts)


def _q5a_counts(where):
    long_stayer = (P.head_long_stayer == 1) & STAYER & ADULT_OR_HEAD
    return _sums(
        where, persons=P.id.is_null(False), adults=ADULT, children=CHILD, unknown_age=UNKNOWN_AGE, leavers=LEAVER,
        adult_leavers=LEAVER & ADULT, adult_hoh_leavers=LEAVER & ADULT_OR_HEAD, stayers=STAYER,
        adult_stayers=STAYER & ADULT, veterans=ADULT & (P.veteran == 1), youth=YOUTH & (P.anyone_25_plus == 0),
        parenting_youth=YOUTH & ADULT_OR_HEAD & (P.all_youth == 1) & (P.youth_child == 1),
        adult_heads=ADULT & HEAD, child_unknown_heads=HEAD & (CHILD | UNKNOWN_AGE), long_stayers=long_stayer,
        chronically_homeless=_chronically_homeless())


def _q6a_counts():
    name_dkptr, name_missing, name_issue = P.name_dq.in_((8, 9)), P.name_dq == 99, P.name_dq == 2
    ssn_dkptr, ssn_missing, ssn_issue = P.ssn_dq.in_((8, 9)), P.ssn_dq == 99, P.ssn_dq == 2
    dob_dkptr = P.dob.is_null() & P.dob_dq.in_((8, 9))
    dob_missing = P.dob.is_null() & (P.dob_dq.is_null() | P.dob_dq.not_in((8, 9)))
    # A DOB with a "doesn't know/prefers not/not collected" DQ is inconsistent (reference 1.3): every DOB this app
    # stores with DQ 9 lands here, by design.
    dob_issue = P.dob.is_null(False) & (
        (P.dob_dq == 2) | P.dob_dq.in_((8, 9, 99)) | (P.dob < date_value(date(1915, 1, 1)))
        | (P.dob > P.client_created) | (HEAD & (P.dob > P.entry_date)))
    no_race = reduce(lambda a, b: a & b, [getattr(P, name) == 0 for name in RACE_FIELDS])
    race_dkptr = P.race_none.in_((8, 9))
    race_missing = (P.race_none == 99) | (no_race & P.race_none.is_null())
    name_any, ssn_any = name_dkptr | name_missing | name_issue, ssn_dkptr | ssn_missing | ssn_issue
    dob_any, race_any = dob_dkptr | dob_missing | dob_issue, race_dkptr | race_missing
    return _sums(ENGAGED, persons=P.id.is_null(False),
                 name_dkptr=name_dkptr, name_missing=name_missing, name_issues=name_issue, name_total=name_any,
                 ssn_dkptr=ssn_dkptr, ssn_missing=ssn_missing, ssn_issues=ssn_issue, ssn_total=ssn_any,
                 dob_dkptr=dob_dkptr, dob_missing=dob_missing, dob_issues=dob_issue, dob_total=dob_any,
                 race_dkptr=race_dkptr, race_missing=race_missing, race_total=race_any,
                 any_issue=name_any | ssn_any | dob_any | race_any)


def _q6b_counts(end):
    # Only this table looks up each person's other enrollments: index them here, not for every report.
    db.execute_sql("CREATE INDEX report_enrollment_client ON report_enrollment (client)")
    other = ReportEnrollment.alias()
    overlapping = fn.EXISTS(other.select(SQL("1")).where(
        other.client == P.client, other.project == P.project, other.id != P.id,
        other.entry_date < fn.COALESCE(P.exit_date, date_value(FAR_FUTURE)),
        fn.COALESCE(other.exit_date, date_value(FAR_FUTURE)) > P.entry_date))
    d = Disability
    disabling = (d.disability_type.in_((6, 8)) & (d.disability_response == 1)) | (
        (d.indefinite_and_impairs == 1)
        & ((d.disability_type.in_((5, 7, 9)) & (d.disability_response == 1))
           | ((d.disability_type == 10) & d.disability_response.in_((1, 2, 3)))))
    has_disabling = fn.EXISTS(d.select(SQL("1")).where(d.enrollment == P.id, d.date_deleted.is_null(),
                                                      d.information_date <= end, disabling))
    return _sums(ENGAGED, persons=P.id.is_null(False), known_age=~UNKNOWN_AGE, heads=HEAD,
                 veteran_dkptr=ADULT & P.veteran.in_((8, 9)),
                 veteran_missing=ADULT & (P.veteran.is_null() | (P.veteran == 99)),
                 veteran_issues=CHILD & (P.veteran == 1),
                 start_issues=overlapping,
                 relationship_missing=P.relationship.is_null(),
                 relationship_issues=P.relationship.not_in((1, 2, 3, 4, 5)) | (P.heads != 1),
                 coc_missing=HEAD & P.enrollment_coc.is_null(),
                 coc_issues=HEAD & P.enrollment_coc.not_in(tuple(codes.COC_CODES)),
                 disabling_dkptr=P.disabling.in_((8, 9)), disabling_missing=P.disabling == 99,
                 disabling_issues=(P.disabling == 0) & has_disabling)


def _income_conditions(prefix, universe, expected_date, in_window=None):
    any_source, record_date = getattr(P, f"{prefix}_any"), getattr(P, f"{prefix}_date")
    has_source = getattr(P, f"{prefix}_source")
    dkptr = any_source.in_((8, 9))
    date_wrong = record_date.is_null() | (record_date != expected_date if in_window is None else ~in_window)
    missing = date_wrong | any_source.is_null() | (any_source == 99)
    issues = ((any_source == 0) & (has_source == 1)) | ((any_source == 1) & (has_source == 0))
    return {f"{prefix}_expected": universe, f"{prefix}_dkptr": universe & dkptr,
            f"{prefix}_missing": universe & missing, f"{prefix}_issues": universe & issues,
            f"{prefix}_total": universe & (dkptr | missing | issues)}


def _q6c_counts(end):
    # Annual assessments are due for HoH and adult stayers of 365 days or more; one counts when dated within
    # 30 days of the enrollment's latest anniversary on or before the report end.
    anniversary = add_years(P.entry_date, _whole_years(P.entry_date, date_value(end)))
    gap = days_between(P.income_annual_date, anniversary)
    annual_window = (gap >= -30) & (gap <= 30)
    return _sums(ENGAGED, leavers=LEAVER,
                 destination_dkptr=LEAVER & P.destination.in_((8, 9)),
                 destination_missing=LEAVER & (P.destination.in_((30, 99)) | P.destination.is_null()),
                 destination_total=LEAVER & (P.destination.in_((8, 9, 30, 99)) | P.destination.is_null()),
                 **_income_conditions("income_start", ADULT_OR_HEAD, P.entry_date),
                 **_income_conditions("income_annual", ADULT_OR_HEAD & STAYER & (P.los >= 365), None,
                                      in_window=annual_window),
                 **_income_conditions("income_exit", ADULT_OR_HEAD & LEAVER, P.exit_date))


def _q6d_counts():
    """Q6d per project type, over the 3.917 answers of heads of household and adults (Green River
    dq/question_five.rb): which answers leave the chronic homelessness status unknown."""
    e = Enrollment
    missing = (8, 9, 99)
    literally_homeless = P.project_type.in_(tuple(codes.LITERALLY_HOMELESS_PROJECT_TYPES))  # 3.917A
    group = fn.COALESCE(P.living_situation, 99) / 100  # 3.917 groups: 1xx homeless, 2xx institution, ...; 8/9/99 0
    homeless, institution, housing = group == 1, group == 2, group.in_((0, 3, 4))
    stay = fn.COALESCE(e.length_of_stay, 99)
    street_before = fn.COALESCE(e.previous_street_essh, 99) == 1
    # Whose episode questions 3.917.3-.5 were due: everyone in 3.917A; in 3.917B, who came from a homeless
    # situation or from a short stay that followed a night on the street/ES/SH.
    episode_due = literally_homeless | homeless | (institution & stay.in_((10, 11, 2, 3)) & street_before) | (
        housing & stay.in_((10, 11)) & street_before)
    conditions = {
        "institution": ~literally_homeless & institution & stay.in_(missing),
        "housing": ~literally_homeless & housing & stay.in_(missing),
        "date": episode_due & e.date_to_street_essh.is_null(),
        "times": episode_due & fn.COALESCE(e.times_homeless_past_three_years, 99).in_(missing),
        "months": episode_due & fn.COALESCE(e.months_homeless_past_three_years, 99).in_(missing),
    }
    conditions["any"] = reduce(lambda a, b: a | b, conditions.values())
    query = (P.select(P.project_type, fn.COUNT(P.id), *(fn.SUM(flag(c)) for c in conditions.values()))
             .join(e, on=(e.id == P.id))
             .where(ENGAGED, ADULT_OR_HEAD, P.entry_date >= date_value(rules.CHRONIC_DQ_SINCE))
             .group_by(P.project_type))
    return {project_type: dict(zip(questions.Q6D_COUNTS, counts)) for project_type, *counts in query.tuples()}


def _q6e_days(start):
    """{days: records} from each Project Start Date in the period (and each exit) to the day its record was created.

    Approximated households store their timestamps moved like their dates, so the days between are the true ones."""
    starts = (P.select(days_between(day_of(Enrollment.date_created), P.entry_date).alias("days"), fn.COUNT(P.id))
              .join(Enrollment, on=(Enrollment.id == P.id))
              .where(ENGAGED, P.entry_date >= date_value(start)).group_by(SQL("days")))
    exits = (P.select(days_between(day_of(Exit.date_created), P.exit_date).alias("days"), fn.COUNT(P.id))
             .join(Exit, on=((Exit.enrollment == P.id) & Exit.date_deleted.is_null()))
             .where(ENGAGED, LEAVER).group_by(SQL("days")))
    return dict(starts.tuples()), dict(exits.tuples())


def _q6f_bed_nights(end):
    """ES night-by-night stayers who started 90 days or more before the end, and those of them with no bed night
    (4.14, RecordType 200) in the last 90 days of the period."""
    since = end - timedelta(days=rules.INACTIVE_DAYS)
    recent = fn.EXISTS(Service.select(SQL("1")).join(ServiceType).where(
        Service.enrollment == P.id, Service.date_deleted.is_null(), ServiceType.record_type == rules.BED_NIGHT,
        Service.date_provided.between(date_value(since), date_value(end))))
    counts = _sums((P.project_type == rules.ES_NIGHT_BY_NIGHT) & STAYER & (P.entry_date <= date_value(since)),
                   records=P.id.is_null(False), inactive=~recent)
    return counts["records"], counts["inactive"]


def _age_groups():
    """Q7a's classes and Q11's brackets in one GROUP BY on age and DOB data quality."""
    q7a, q11 = {}, {}
    for (age, dob_dq), counts in _grid(P.age, P.dob_dq).items():
        age_class = rules.age_class(age, dob_dq)
        bracket = age_class if age_class in ("dkptr", "dnc") else next(
            label for label, low in reversed(rules.AGE_BRACKETS) if age >= low)
        for target, key in ((q7a, age_class), (q11, bracket)):
            for household_type, n in counts.items():
                target.setdefault(key, {}).setdefault(household_type, 0)
                target[key][household_type] += n
    return q7a, q11


def _moved_in(end, where=None):
    moved = P.project_type.in_(tuple(rules.PSH_RRH)) & P.move_in_date.is_null(False) & (P.move_in_date <= end) & (
        P.exit_date.is_null() | (P.exit_date >= P.move_in_date))
    return _grid(SQL("1"), where=moved if where is None else moved & where).get(1, {})


def _projects(agency, project_ids):
    persons = dict(P.select(P.project, fn.COUNT(P.id)).group_by(P.project).tuples())
    heads = dict(P.select(P.project, fn.COUNT(P.id)).where(HEAD).group_by(P.project).tuples())
    return [{"organization_name": agency.name, "organization_id": agency.id, "name": p.name, "id": p.id,
             "project_type": p.project_type, "rrh_sub_type": p.rrh_sub_type, "coc_code": p.coc_code,
             "geocode": p.geocode,
             "victim_service_provider": int(agency.victim_service_provider), "persons": persons.get(p.id, 0),
             "households": heads.get(p.id, 0)}
            for p in Project.for_agency(agency).where(Project.id.in_(project_ids))]


def _stays():
    return {(bool(leaver), days): n for leaver, days, n in
            P.select(P.leaver, P.los, fn.COUNT(P.id)).group_by(P.leaver, P.los).tuples()}


def report_tables(agency, project_ids, start, end, kind, names=None):
    """The tables of the APR ("apr") or CAPER ("caper") for these projects and period, in HUD's order: all of
    them, or only those in `names` (a single CSV computes just its own counts)."""
    names = [name for name in questions.question_names(kind) if names is None or name in names]
    with db.atomic():  # one connection (the temporary tables live on it) and one consistent read
        build(ReportFilter(agency.id, tuple(project_ids), start, end),
              assessments=not ASSESSMENT_QUESTIONS.isdisjoint(names))
        try:
            return _tables(agency, project_ids, start, end, names)
        finally:
            drop()


def _races():
    return {(frozenset(rules.RACE_NUMBERS[f] for f, is_set in zip(RACE_FIELDS, key[:-1]) if is_set), key[-1]):
            counts for key, counts in _grid(*(getattr(P, f) for f in RACE_FIELDS), P.race_none).items()}


def _tables(agency, project_ids, start, end, names):
    age_groups, stays = cache(_age_groups), cache(_stays)  # each read by two or three tables
    tables = {
        "Q4a": lambda: questions.q4a(_projects(agency, project_ids), start, end, SOFTWARE_NAME),
        "Q5a": lambda: questions.q5a(_q5a_counts(ENGAGED), _q5a_counts(None)),
        "Q6a": lambda: questions.q6a(_q6a_counts()),
        "Q6b": lambda: questions.q6b(_q6b_counts(end)),
        "Q6c": lambda: questions.q6c(_q6c_counts(end)),
        "Q6d": lambda: questions.q6d(_q6d_counts()),
        "Q6e": lambda: questions.q6e(*_q6e_days(start)),
        "Q6f": lambda: questions.q6f(*_q6f_bed_nights(end)),
        "Q7a": lambda: questions.q7a(age_groups()[0], _moved_in(end)),
        "Q8a": lambda: questions.q8a(_grid(SQL("1"), where=HEAD).get(1, {}), _moved_in(end, HEAD)),
        "Q11": lambda: questions.q11(age_groups()[1]),
        "Q12": lambda: questions.q12(_races()),
        "Q14a": lambda: questions.q14a(_grid(P.dv, where=ADULT_OR_HEAD)),
        "Q14b": lambda: questions.q14b(_grid(P.dv_when, where=ADULT_OR_HEAD & (P.dv == 1))),
        "Q15": lambda: questions.q15(_grid(P.living_situation, where=ADULT_OR_HEAD)),
        "Q22a1": lambda: questions.q22a("apr", stays()),
        "Q22a2": lambda: questions.q22a("caper", stays()),
        "Q22b": lambda: questions.q22b(stays()),
        "Q22d": lambda: questions.q22d(_grid(P.los)),
        "Q23c": lambda: questions.q23c(_grid(P.destination, P.project_type, where=LEAVER)),
        "Q24e": lambda: questions.q24e(_grid(P.sex)),
    }
    return [tables[name]() for name in names]
