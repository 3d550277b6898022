"""The APR/CAPER universe and every table's counts, aggregated in the database (SQLite and PostgreSQL).

Three temporary tables, per connection, rebuilt for each report:
- hud_active: every live enrollment in the chosen projects active in the period (start <= end, no exit before the
  start), with its age at the later of the report start and its own start, leaver flag and length of stay;
- hud_household: per household, its HUD household type and the flags the youth and 365-day rows need;
- hud_person: one row per person, the active enrollment with the latest start (ROW_NUMBER), with the answers the
  tables count. Each table is then one GROUP BY over hud_person.
Dates are used as stored: approximated households are already shifted, with their lengths of stay kept.
"""
from datetime import date, timedelta
from functools import reduce
from operator import or_

from peewee import (JOIN, SQL, Case, CharField, DateField, DateTimeField, IntegerField, SqliteDatabase, Value, fn)

from domain import codes
from domain.hud_reports import questions, rules

from .accounts import Project
from .assessments import INCOME_FIELDS, Disability, IncomeBenefits
from .clients import RACE_COLUMNS, Client, Enrollment, HealthAndDV, Household
from .db import BaseModel, db
from .exits import Exit

SOFTWARE_NAME = "DV HMIS"
FAR_FUTURE = date(9999, 12, 31)
RACE_FIELDS = tuple(RACE_COLUMNS.values())
# 3.12.A codes: a 435 destination without one of these is reported as 99 (reference 6.3).
SUBSIDY_TYPES = tuple(codes.RENTAL_SUBSIDY_TYPE)


class HudActive(BaseModel):
    id = IntegerField(primary_key=True)  # the enrollment's
    client = IntegerField()
    household = IntegerField()
    project = IntegerField()
    relationship = IntegerField()
    entry_date = DateField()
    exit_date = DateField(null=True)
    leaver = IntegerField()
    los = IntegerField()
    age = IntegerField(null=True)
    latest = IntegerField()  # 1 for the person's active enrollment with the latest start

    class Meta:
        table_name = "hud_active"
        indexes = ((("client",), False),)  # Q6b looks up each person's other enrollments


class HudHousehold(BaseModel):
    id = IntegerField(primary_key=True)
    household_type = CharField()
    heads = IntegerField()
    all_youth = IntegerField()  # every member of known age 0-24
    youth_child = IntegerField()  # a child (relationship 2) aged 0-24
    anyone_25_plus = IntegerField()
    head_long_stayer = IntegerField()  # a head of household staying 365 days or more

    class Meta:
        table_name = "hud_household"


class HudPerson(BaseModel):
    id = IntegerField(primary_key=True)
    client = IntegerField()
    household = IntegerField()
    project = IntegerField()
    project_type = IntegerField()
    relationship = IntegerField()
    entry_date = DateField()
    exit_date = DateField(null=True)
    leaver = IntegerField()
    los = IntegerField()
    age = IntegerField(null=True)
    household_type = CharField()
    heads = IntegerField()
    all_youth = IntegerField()
    youth_child = IntegerField()
    anyone_25_plus = IntegerField()
    head_long_stayer = IntegerField()
    dob = DateField(null=True)
    dob_dq = IntegerField(null=True)
    name_dq = IntegerField(null=True)
    ssn_dq = IntegerField(null=True)
    sex = IntegerField(null=True)
    veteran = IntegerField(null=True)
    race_none = IntegerField(null=True)
    client_created = DateTimeField()
    disabling = IntegerField(null=True)
    living_situation = IntegerField(null=True)
    enrollment_coc = CharField(null=True)
    move_in_date = DateField(null=True)
    destination = IntegerField(null=True)
    dv = IntegerField(null=True)
    dv_when = IntegerField(null=True)
    income_start_any = IntegerField(null=True)
    income_start_date = DateField(null=True)
    income_start_source = IntegerField(null=True)
    income_exit_any = IntegerField(null=True)
    income_exit_date = DateField(null=True)
    income_exit_source = IntegerField(null=True)
    income_annual_any = IntegerField(null=True)
    income_annual_date = DateField(null=True)
    income_annual_source = IntegerField(null=True)

    class Meta:
        table_name = "hud_person"


for _field in RACE_FIELDS:
    HudPerson._meta.add_field(_field, IntegerField())

TEMPORARY = (HudActive, HudHousehold, HudPerson)


# --- SQL that differs between SQLite and PostgreSQL -------------------------------------------------------------

def _sqlite():
    return isinstance(db.obj, SqliteDatabase)


def _date(value):
    """A date parameter: ISO text for SQLite (how it stores dates), a date for PostgreSQL."""
    return Value(value.isoformat() if _sqlite() else value)


def _year(expr):
    return (fn.strftime("%Y", expr) if _sqlite() else fn.date_part("year", expr)).cast("INTEGER")


def _month_day(expr):
    return fn.strftime("%m-%d", expr) if _sqlite() else fn.to_char(expr, "MM-DD")


def _days(later, earlier):
    """Whole days from earlier to later."""
    if _sqlite():
        return (fn.julianday(later) - fn.julianday(earlier)).cast("INTEGER")
    return later - earlier


def _later(a, b):
    return fn.MAX(a, b) if _sqlite() else fn.GREATEST(a, b)


def _add_years(day, years):
    if _sqlite():
        return fn.date(day, fn.printf("+%d years", years))
    return (day + years * SQL("INTERVAL '1 year'")).cast("DATE")


def _whole_years(since, on):
    """Ordinary birthday arithmetic: on's year minus since's, less one before the anniversary."""
    return _year(on) - _year(since) - Case(None, ((_month_day(on) < _month_day(since), 1),), 0)


def _flag(condition):
    return Case(None, ((condition, 1),), 0)


# --- The universe ----------------------------------------------------------------------------------------------

def build_universe(agency, project_ids, start, end):
    """Fill the temporary tables for these projects of the agency and this period (stored dates)."""
    for model in TEMPORARY:
        model.drop_table(safe=True)
        model.create_table(safe=False, temporary=True)
    live_exit = (Exit.enrollment == Enrollment.id) & Exit.date_deleted.is_null()
    leaver = Exit.exit_date.is_null(False) & (Exit.exit_date <= end)
    stay_end = Case(None, ((leaver, Exit.exit_date),), _date(end + timedelta(days=1)))
    active = (Enrollment
              .select(Enrollment.id, Enrollment.client, Enrollment.household, Enrollment.project,
                      Enrollment.relationship_to_hoh, Enrollment.entry_date, Exit.exit_date, _flag(leaver),
                      _days(stay_end, Enrollment.entry_date),
                      _whole_years(Client.dob, _later(_date(start), Enrollment.entry_date)),
                      fn.ROW_NUMBER().over(partition_by=[Enrollment.client],
                                           order_by=[Enrollment.entry_date.desc(), Enrollment.id.desc()]))
              .join(Client).switch(Enrollment).join(Household)
              .switch(Enrollment).join(Exit, JOIN.LEFT_OUTER, on=live_exit)
              .where(Enrollment.agency == agency, Enrollment.project.in_(project_ids),
                     Enrollment.date_deleted.is_null(), Household.date_deleted.is_null(),
                     Client.date_deleted.is_null(), Enrollment.entry_date <= end,
                     Exit.exit_date.is_null() | (Exit.exit_date >= start)))
    HudActive.insert_from(active, [HudActive.id, HudActive.client, HudActive.household, HudActive.project,
                                   HudActive.relationship, HudActive.entry_date, HudActive.exit_date,
                                   HudActive.leaver, HudActive.los, HudActive.age, HudActive.latest]).execute()
    _fill_households()
    _fill_people(end)
    if not _sqlite():  # give the planner the temporary tables' sizes
        db.execute_sql("ANALYZE hud_active; ANALYZE hud_household; ANALYZE hud_person")


def _fill_households():
    age = HudActive.age
    adult, child = fn.MAX(_flag(age >= 18)), fn.MAX(_flag((age >= 0) & (age < 18)))
    unknown = fn.MAX(_flag(age.is_null() | (age < 0)))
    household_type = Case(None, (((adult == 1) & (child == 1), "With children and adults"),
                                 (unknown == 1, "Unknown household type"), (adult == 1, "Without children")),
                          "With only children")
    head = HudActive.relationship == 1
    households = (HudActive
                  .select(HudActive.household, household_type, fn.SUM(_flag(head)),
                          fn.MIN(_flag((age >= 0) & (age <= 24))),
                          fn.MAX(_flag((HudActive.relationship == 2) & (age >= 0) & (age <= 24))),
                          fn.MAX(_flag(age >= 25)),
                          fn.MAX(_flag(head & (HudActive.leaver == 0) & (HudActive.los >= 365))))
                  .group_by(HudActive.household))
    HudHousehold.insert_from(households, [HudHousehold.id, HudHousehold.household_type, HudHousehold.heads,
                                          HudHousehold.all_youth, HudHousehold.youth_child,
                                          HudHousehold.anyone_25_plus, HudHousehold.head_long_stayer]).execute()


def _latest(model, column, end, *where):
    """The enrollment's latest live answer in `model` dated on or before the report end (a scalar subquery)."""
    return (model.select(column)
            .where(model.enrollment == HudActive.id, model.date_deleted.is_null(), model.information_date <= end,
                   *where)
            .order_by(model.information_date.desc(), model.id.desc()).limit(1))


def _has_source(record):
    return _flag(reduce(or_, [getattr(record, flag) == 1 for flag, _ in INCOME_FIELDS]))


def _fill_people(end):
    start_record, exit_record = IncomeBenefits.alias(), IncomeBenefits.alias()
    annual = IncomeBenefits.alias()

    def at_stage(record, stage):
        return ((record.enrollment == HudActive.id) & (record.data_collection_stage == stage)
                & record.date_deleted.is_null())

    def latest_annual(column):
        return _latest(annual, column, end, annual.data_collection_stage == 5)

    destination = Case(None, (((Exit.destination == 435) & (Exit.destination_subsidy_type.is_null()
                                                             | Exit.destination_subsidy_type.not_in(SUBSIDY_TYPES)),
                               99),), Exit.destination)
    live_exit = (Exit.enrollment == HudActive.id) & Exit.date_deleted.is_null()
    columns = {
        HudPerson.id: HudActive.id, HudPerson.client: HudActive.client, HudPerson.household: HudActive.household,
        HudPerson.project: HudActive.project, HudPerson.project_type: Project.project_type,
        HudPerson.relationship: HudActive.relationship, HudPerson.entry_date: HudActive.entry_date,
        HudPerson.exit_date: HudActive.exit_date, HudPerson.leaver: HudActive.leaver, HudPerson.los: HudActive.los,
        HudPerson.age: HudActive.age, HudPerson.household_type: HudHousehold.household_type,
        HudPerson.heads: HudHousehold.heads, HudPerson.all_youth: HudHousehold.all_youth,
        HudPerson.youth_child: HudHousehold.youth_child, HudPerson.anyone_25_plus: HudHousehold.anyone_25_plus,
        HudPerson.head_long_stayer: HudHousehold.head_long_stayer,
        HudPerson.dob: Client.dob, HudPerson.dob_dq: Client.dob_data_quality,
        HudPerson.name_dq: Client.name_data_quality, HudPerson.ssn_dq: Client.ssn_data_quality,
        HudPerson.sex: Client.sex, HudPerson.veteran: Client.veteran_status, HudPerson.race_none: Client.race_none,
        HudPerson.client_created: Client.date_created,
        **{getattr(HudPerson, name): _flag(getattr(Client, name) == True) for name in RACE_FIELDS},  # noqa: E712
        HudPerson.disabling: Enrollment.disabling_condition, HudPerson.living_situation: Enrollment.living_situation,
        HudPerson.enrollment_coc: Enrollment.enrollment_coc, HudPerson.move_in_date: Enrollment.move_in_date,
        HudPerson.destination: destination,
        HudPerson.dv: _latest(HealthAndDV, HealthAndDV.domestic_violence_survivor, end),
        HudPerson.dv_when: _latest(HealthAndDV, HealthAndDV.when_occurred, end),
        HudPerson.income_start_any: start_record.income_from_any_source,
        HudPerson.income_start_date: start_record.information_date,
        HudPerson.income_start_source: _has_source(start_record),
        HudPerson.income_exit_any: exit_record.income_from_any_source,
        HudPerson.income_exit_date: exit_record.information_date,
        HudPerson.income_exit_source: _has_source(exit_record),
        HudPerson.income_annual_any: latest_annual(annual.income_from_any_source),
        HudPerson.income_annual_date: latest_annual(annual.information_date),
        HudPerson.income_annual_source: latest_annual(_has_source(annual)),
    }
    people = (HudActive.select(*columns.values())
              .join(HudHousehold, on=(HudHousehold.id == HudActive.household))
              .join(Enrollment, on=(Enrollment.id == HudActive.id))
              .join(Project, on=(Project.id == HudActive.project))
              .join(Client, on=(Client.id == HudActive.client))
              .join(Exit, JOIN.LEFT_OUTER, on=live_exit)
              .join(start_record, JOIN.LEFT_OUTER, on=at_stage(start_record, 1))
              .join(exit_record, JOIN.LEFT_OUTER, on=at_stage(exit_record, 3))
              .where(HudActive.latest == 1))
    HudPerson.insert_from(people, list(columns)).execute()


def drop_universe():
    for model in TEMPORARY:
        model.drop_table(safe=True)


# --- Aggregates --------------------------------------------------------------------------------------------------

P = HudPerson
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
    query = P.select(*(fn.COALESCE(fn.SUM(_flag(c)), 0).alias(name) for name, c in conditions.items()))
    if where is not None:
        query = query.where(where)
    return query.dicts().get()


def _q5a_counts(where):
    long_stayer = (P.head_long_stayer == 1) & STAYER & ADULT_OR_HEAD
    return _sums(
        where, persons=P.id.is_null(False), adults=ADULT, children=CHILD, unknown_age=UNKNOWN_AGE, leavers=LEAVER,
        adult_leavers=LEAVER & ADULT, adult_hoh_leavers=LEAVER & ADULT_OR_HEAD, stayers=STAYER,
        adult_stayers=STAYER & ADULT, veterans=ADULT & (P.veteran == 1), youth=YOUTH & (P.anyone_25_plus == 0),
        parenting_youth=YOUTH & ADULT_OR_HEAD & (P.all_youth == 1) & (P.youth_child == 1),
        adult_heads=ADULT & HEAD, child_unknown_heads=HEAD & (CHILD | UNKNOWN_AGE), long_stayers=long_stayer)


def _q6a_counts():
    name_dkptr, name_missing, name_issue = P.name_dq.in_((8, 9)), P.name_dq == 99, P.name_dq == 2
    ssn_dkptr, ssn_missing, ssn_issue = P.ssn_dq.in_((8, 9)), P.ssn_dq == 99, P.ssn_dq == 2
    dob_dkptr = P.dob.is_null() & P.dob_dq.in_((8, 9))
    dob_missing = P.dob.is_null() & (P.dob_dq.is_null() | P.dob_dq.not_in((8, 9)))
    # A DOB with a "doesn't know/prefers not/not collected" DQ is inconsistent (reference 1.3): every DOB this app
    # stores with DQ 9 lands here, by design.
    dob_issue = P.dob.is_null(False) & (
        (P.dob_dq == 2) | P.dob_dq.in_((8, 9, 99)) | (P.dob < _date(date(1915, 1, 1)))
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
    other = HudActive.alias()
    overlapping = fn.EXISTS(other.select(SQL("1")).where(
        other.client == P.client, other.project == P.project, other.id != P.id,
        other.entry_date < fn.COALESCE(P.exit_date, _date(FAR_FUTURE)),
        fn.COALESCE(other.exit_date, _date(FAR_FUTURE)) > P.entry_date))
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
    anniversary = _add_years(P.entry_date, _whole_years(P.entry_date, _date(end)))
    gap = _days(P.income_annual_date, anniversary)
    annual_window = (gap >= -30) & (gap <= 30)
    return _sums(ENGAGED, leavers=LEAVER,
                 destination_dkptr=LEAVER & P.destination.in_((8, 9)),
                 destination_missing=LEAVER & (P.destination.in_((30, 99)) | P.destination.is_null()),
                 destination_total=LEAVER & (P.destination.in_((8, 9, 30, 99)) | P.destination.is_null()),
                 **_income_conditions("income_start", ADULT_OR_HEAD, P.entry_date),
                 **_income_conditions("income_annual", ADULT_OR_HEAD & STAYER & (P.los >= 365), None,
                                      in_window=annual_window),
                 **_income_conditions("income_exit", ADULT_OR_HEAD & LEAVER, P.exit_date))


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
             "victim_service_provider": int(agency.victim_service_provider), "persons": persons.get(p.id, 0),
             "households": heads.get(p.id, 0)}
            for p in Project.for_agency(agency).where(Project.id.in_(project_ids))]


def _stays():
    return {(bool(leaver), days): n for leaver, days, n in
            P.select(P.leaver, P.los, fn.COUNT(P.id)).group_by(P.leaver, P.los).tuples()}


def report_tables(agency, project_ids, start, end, kind):
    """Every table of the APR ("apr") or CAPER ("caper") for these projects and period, in HUD's order."""
    with db.atomic():  # one connection (the temporary tables live on it) and one consistent read
        build_universe(agency, project_ids, start, end)
        try:
            return _tables(agency, project_ids, start, end, kind)
        finally:
            drop_universe()


def _tables(agency, project_ids, start, end, kind):
    ages, brackets = _age_groups()
    stays = _stays()
    races = {(frozenset(rules.RACE_NUMBERS[f] for f, flag in zip(RACE_FIELDS, key[:-1]) if flag), key[-1]): counts
             for key, counts in _grid(*(getattr(P, f) for f in RACE_FIELDS), P.race_none).items()}
    destinations = _grid(P.destination, P.project_type, where=LEAVER)
    everyone = _q5a_counts(None)
    for_dq = _q5a_counts(ENGAGED)
    tables = {
        "Q4a": questions.q4a(_projects(agency, project_ids), start, end, SOFTWARE_NAME),
        "Q5a": questions.q5a(for_dq, everyone),
        "Q6a": questions.q6a(_q6a_counts()),
        "Q6b": questions.q6b(_q6b_counts(end)),
        "Q6c": questions.q6c(_q6c_counts(end)),
        "Q7a": questions.q7a(ages, _moved_in(end)),
        "Q8a": questions.q8a(_grid(SQL("1"), where=HEAD).get(1, {}), _moved_in(end, HEAD)),
        "Q11": questions.q11(brackets),
        "Q12": questions.q12(races),
        "Q14a": questions.q14a(_grid(P.dv, where=ADULT_OR_HEAD)),
        "Q14b": questions.q14b(_grid(P.dv_when, where=ADULT_OR_HEAD & (P.dv == 1))),
        "Q15": questions.q15(_grid(P.living_situation, where=ADULT_OR_HEAD)),
        "Q22a1": questions.q22a("apr", stays),
        "Q22a2": questions.q22a("caper", stays),
        "Q22b": questions.q22b(stays),
        "Q23c": questions.q23c(destinations),
        "Q24e": questions.q24e(_grid(P.sex)),
    }
    return [tables[name] for name in questions.question_names(kind)]
