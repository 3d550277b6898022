"""HUD's report universe (reference 6.3), shared by the dashboard and the APR/CAPER tables (SQLite and PostgreSQL).

Three temporary tables, per connection, built for each report inside the caller's transaction:
- report_enrollment: every live enrollment in the chosen projects active in the period (start <= end, no live exit
  before the start), with its age at the later of the report start and its own start (whole years, -1 when born
  after that day), leaver flag, length of stay and the answers the tables count (read in the same pass, so
  that nothing joins the base tables again), indexed by person and start;
- report_household: per household, its HUD type from the ages of its active members, and the flags the youth,
  household and 365-day rows need;
- report_person: one row per person, on the latest active start, with its household's facts (and, when asked for,
  the DV and income answers).
Each table is then one GROUP BY over report_person (or report_household). Dates are used as stored: approximated
households are already shifted, with their lengths of stay kept.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce
from operator import or_

from peewee import JOIN, SQL, BigIntegerField, Case, CharField, DateField, DateTimeField, IntegerField, Tuple, fn

from domain import codes

from .accounts import Project
from .assessments import INCOME_FIELDS, IncomeBenefits
from .chronic import chronic_at_start
from .clients import RACE_COLUMNS, RACE_NONE_STEP, Client, Enrollment, HealthAndDV, Household
from .db import BaseModel, db
from .dialect import analyze, date_value, days_between, greatest, is_sqlite, years_between
from .exits import Exit

RACE_FIELDS = tuple(RACE_COLUMNS.values())
# 3.12.A codes: a 435 destination without one of these is reported as 99 (reference 6.3).
SUBSIDY_TYPES = tuple(codes.RENTAL_SUBSIDY_TYPE)
HOH = 1


def flag(condition):
    return Case(None, ((condition, 1),), 0)


@dataclass(frozen=True)
class ReportFilter:
    agency_id: int
    project_ids: tuple
    start: date
    end: date


class ReportEnrollment(BaseModel):
    id = BigIntegerField(primary_key=True)  # the enrollment's
    client = BigIntegerField()
    household = BigIntegerField()
    project = IntegerField()
    relationship = IntegerField()
    entry_date = DateField()
    created = DateTimeField()  # DateCreated: of two starts on one day, the later entered is the latest
    exit_date = DateField(null=True)
    leaver = IntegerField()
    los = IntegerField()  # length of stay in days
    age = IntegerField(null=True)

    class Meta:
        table_name = "report_enrollment"


class ReportHousehold(BaseModel):
    id = BigIntegerField(primary_key=True)
    household_type = CharField()
    heads = IntegerField()  # active head-of-household enrollments
    all_youth = IntegerField()  # every member of known age 0-24
    youth_child = IntegerField()  # a child (relationship 2) aged 0-24
    anyone_25_plus = IntegerField()
    head_long_stayer = IntegerField()  # a head of household staying 365 days or more

    class Meta:
        table_name = "report_household"


class ReportPerson(BaseModel):
    id = BigIntegerField()  # the latest enrollment's; no key: nothing looks a person up, and rows go in faster
    client = BigIntegerField()
    household = BigIntegerField()
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
    # Assessment answers: filled only when the report asks for them (the dashboard does not).
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
        table_name = "report_person"
        primary_key = False


def _answers():
    """The answers the tables count, read once with the active enrollments: {column: (field, expression)}."""
    destination = Case(None, (((Exit.destination == 435) & (Exit.destination_subsidy_type.is_null()
                                                             | Exit.destination_subsidy_type.not_in(SUBSIDY_TYPES)),
                               99),), Exit.destination)
    return {
        "dob": (DateField(null=True), Client.dob), "dob_dq": (IntegerField(null=True), Client.dob_data_quality),
        "name_dq": (IntegerField(null=True), Client.name_data_quality),
        "ssn_dq": (IntegerField(null=True), Client.ssn_data_quality), "sex": (IntegerField(null=True), Client.sex),
        "veteran": (IntegerField(null=True), Client.veteran_status),
        "race_none": (IntegerField(null=True), Client.race_none),
        "client_created": (DateTimeField(), Client.date_created),
        **{name: (IntegerField(), flag(getattr(Client, name) == True)) for name in RACE_FIELDS},  # noqa: E712
        # any race ticked: one of race_combination's race bits (one test per row instead of seven)
        "any_race": (IntegerField(), flag(Client.race_combination.bin_and(RACE_NONE_STEP - 1) != 0)),
        "disabling": (IntegerField(null=True), Enrollment.disabling_condition),
        "living_situation": (IntegerField(null=True), Enrollment.living_situation),
        "enrollment_coc": (CharField(null=True), Enrollment.enrollment_coc),
        "move_in_date": (DateField(null=True), Enrollment.move_in_date),
        "destination": (IntegerField(null=True), destination),
        "chronic": (IntegerField(), chronic_at_start()),  # domain.hud_reports.chronic's status of the own answers
    }


ANSWERS = tuple(_answers())
for _model in (ReportEnrollment, ReportPerson):
    for _name, (_field, _) in _answers().items():
        _field.null = True  # a report that does not count an answer leaves it NULL
        _model._meta.add_field(_name, _field)

TEMPORARY = (ReportEnrollment, ReportHousehold, ReportPerson)


def _age(dob, on):
    """Whole years from dob to on; -1 when born after on (ISO text, as SQLite stores dates, sorts in date order)."""
    return Case(None, ((dob > on, -1),), years_between(dob, on))


# --- Building the universe --------------------------------------------------------------------------------------

# PostgreSQL, for a report's transaction: hash joins and aggregates over 100,000s of rows stay in memory; no JIT: the
# per-person look-ups of the assessment answers are estimated dear enough to trigger it, and compiling took longer
# than running; and the temporary tables' statistics from a 3,000-row sample (not 30,000): enough to choose the
# joins, at a sixth of the time.
POSTGRES_SETTINGS = "SET LOCAL work_mem = '64MB'; SET LOCAL jit = off; SET LOCAL default_statistics_target = 10"


def build(f, assessments=False, answers=ANSWERS):
    """Fill the temporary tables for the filter's projects and period, with the `answers` a report counts (each
    column costs on every row; the others stay NULL); `assessments` adds the DV and income answers (dearer: a
    look-up per person in each assessment table)."""
    drop()
    if not is_sqlite():
        db.execute_sql(POSTGRES_SETTINGS)
    for model in TEMPORARY:
        model.create_table(safe=False, temporary=True)
    _fill_enrollments(f, answers)
    _fill_households()
    analyze("report_enrollment (household, client, project)", "report_household (id)")  # before the people join
    _fill_people(f.end, assessments, answers)
    # The tables only group people: their number is what the planner needs, and statistics on every one of the
    # forty-odd columns cost more than the grouping itself.
    analyze("report_person (household_type)")


def drop():
    for model in TEMPORARY:
        model.drop_table(safe=True)


def active_enrollments(f, *columns):
    """The live enrollments of the filter's projects active in its period (start on or before the end, no live
    exit before the start), joined to their client and live exit: the universe's rows, selecting `columns`."""
    live_exit = (Exit.enrollment == Enrollment.id) & Exit.date_deleted.is_null()
    deleted_households = Household.select(Household.id).where(Household.date_deleted.is_null(False))
    return (Enrollment.select(*columns)
            .join(Client).switch(Enrollment).join(Exit, JOIN.LEFT_OUTER, on=live_exit)
            .where(Enrollment.agency == f.agency_id, Enrollment.project.in_(list(f.project_ids)),
                   Enrollment.date_deleted.is_null(), Client.date_deleted.is_null(),
                   # deleted households are few: a NOT IN list is cheaper than joining every household
                   Enrollment.household.not_in(deleted_households),
                   Enrollment.entry_date <= f.end, Exit.exit_date.is_null() | (Exit.exit_date >= f.start)))


def _fill_enrollments(f, answers):
    E, expressions = ReportEnrollment, _answers()
    leaver = Exit.exit_date.is_null(False) & (Exit.exit_date <= f.end)
    stay_end = Case(None, ((leaver, Exit.exit_date),), date_value(f.end + timedelta(days=1)))
    active = active_enrollments(
        f, Enrollment.id, Enrollment.client, Enrollment.household, Enrollment.project, Enrollment.relationship_to_hoh,
        Enrollment.entry_date, Enrollment.date_created, Exit.exit_date, flag(leaver),
        days_between(stay_end, Enrollment.entry_date),
        _age(Client.dob, greatest(date_value(f.start), Enrollment.entry_date)),
        *(expressions[name][1] for name in answers))
    if is_sqlite():
        # In person order, through the (agency, client, start) index, the client look-ups walk the client table
        # in order instead of jumping about it (a third faster), and the index built below comes presorted.
        active = active.order_by(Enrollment.client)
    columns = [E.id, E.client, E.household, E.project, E.relationship, E.entry_date, E.created, E.exit_date, E.leaver,
               E.los, E.age, *(getattr(E, name) for name in answers)]
    E.insert_from(active, columns).as_rowcount().execute()  # a row count: no ids sent back
    # Each person's latest start: SQLite looks it up in this index (cheaper than a window over the wide rows);
    # PostgreSQL finds it with a hash anti-join, which needs none.
    if is_sqlite():
        db.execute_sql("CREATE INDEX report_enrollment_start ON report_enrollment (client, entry_date, created, id)")


def _fill_households():
    E = ReportEnrollment
    age = E.age
    adult, child = fn.MAX(flag(age >= 18)), fn.MAX(flag((age >= 0) & (age < 18)))
    unknown = fn.MAX(flag(age.is_null() | (age < 0)))
    household_type = Case(None, (((adult == 1) & (child == 1), "With children and adults"),
                                 (unknown == 1, "Unknown household type"), (adult == 1, "Without children")),
                          "With only children")
    head = E.relationship == HOH
    households = (E.select(E.household, household_type, fn.SUM(flag(head)),
                           fn.MIN(flag((age >= 0) & (age <= 24))),
                           fn.MAX(flag((E.relationship == 2) & (age >= 0) & (age <= 24))),
                           fn.MAX(flag(age >= 25)),
                           fn.MAX(flag(head & (E.leaver == 0) & (E.los >= 365))))
                  .group_by(E.household))
    H = ReportHousehold
    H.insert_from(households, [H.id, H.household_type, H.heads, H.all_youth, H.youth_child, H.anyone_25_plus,
                               H.head_long_stayer]).as_rowcount().execute()


def _fill_people(end, assessments, answers):
    """Each person's latest enrollment, with its household's facts: a copy between temporary tables."""
    E, H, P = ReportEnrollment, ReportHousehold, ReportPerson
    columns = {
        P.id: E.id, P.client: E.client, P.household: E.household, P.project: E.project,
        P.project_type: Project.project_type, P.relationship: E.relationship, P.entry_date: E.entry_date,
        P.exit_date: E.exit_date, P.leaver: E.leaver, P.los: E.los, P.age: E.age,
        P.household_type: H.household_type, P.heads: H.heads, P.all_youth: H.all_youth,
        P.youth_child: H.youth_child, P.anyone_25_plus: H.anyone_25_plus, P.head_long_stayer: H.head_long_stayer,
        **{getattr(P, name): getattr(E, name) for name in answers},
    }
    people = (E.select()
              .join(H, on=(H.id == E.household))
              .join(Project, on=(Project.id == E.project))
              .where(~fn.EXISTS(_later_start())))
    if assessments:
        people = _with_assessments(people, columns, end)
    P.insert_from(people.select(*columns.values()), list(columns)).as_rowcount().execute()


def _later_start():
    """The person's active enrollments that started after this one (or the same day, entered later; keys carry no
    order, they only break a tie of both)."""
    E, later = ReportEnrollment, ReportEnrollment.alias()
    return later.select(SQL("1")).where(later.client == E.client, Tuple(later.entry_date, later.created, later.id)
                                        > Tuple(E.entry_date, E.created, E.id))


def _latest(model, end, *where):
    """The id of the enrollment's latest live record in `model` dated on or before the report end (a scalar
    subquery): joined on it, the record's answers cost one look-up, not one per answer."""
    pick = model.alias()
    return (pick.select(pick.id)
            .where(pick.enrollment == ReportEnrollment.id, pick.date_deleted.is_null(), pick.information_date <= end,
                   *(condition(pick) for condition in where))
            .order_by(pick.information_date.desc(), pick.date_created.desc(), pick.id.desc()).limit(1))


def _has_source(record):
    return flag(reduce(or_, [getattr(record, name) == 1 for name, _ in INCOME_FIELDS]))


def _with_assessments(people, columns, end):
    """Add the latest DV answer and the income records at start, exit and the latest annual assessment."""
    P, E = ReportPerson, ReportEnrollment
    dv, annual = HealthAndDV.alias(), IncomeBenefits.alias()
    start_record, exit_record = IncomeBenefits.alias(), IncomeBenefits.alias()

    def at_stage(record, stage):
        return (record.enrollment == E.id) & (record.data_collection_stage == stage) & record.date_deleted.is_null()

    columns.update({
        P.dv: dv.domestic_violence_survivor, P.dv_when: dv.when_occurred,
        P.income_start_any: start_record.income_from_any_source,
        P.income_start_date: start_record.information_date,
        P.income_start_source: _has_source(start_record),
        P.income_exit_any: exit_record.income_from_any_source,
        P.income_exit_date: exit_record.information_date,
        P.income_exit_source: _has_source(exit_record),
        P.income_annual_any: annual.income_from_any_source,
        P.income_annual_date: annual.information_date,
        P.income_annual_source: _has_source(annual),
    })
    annual_stage = lambda record: record.data_collection_stage == 5  # noqa: E731
    return (people.switch(E).join(dv, JOIN.LEFT_OUTER, on=(dv.id == _latest(HealthAndDV, end)))
            .switch(E).join(annual, JOIN.LEFT_OUTER, on=(annual.id == _latest(IncomeBenefits, end, annual_stage)))
            .switch(E).join(start_record, JOIN.LEFT_OUTER, on=at_stage(start_record, 1))
            .switch(E).join(exit_record, JOIN.LEFT_OUTER, on=at_stage(exit_record, 3)))
