"""The dashboard's SQL: HUD's report universe computed once into a temporary table, then one GROUP BY per table.

The active set follows HUD's rules (reference 6.3): an enrollment of the chosen projects is active when its
stored Project Start Date is on or before the end and it has no live exit before the start; nothing
soft-deleted counts. Each person is reported once, on the enrollment with the latest start. Ages are whole years
from the stored DOB to the later of the report start and the stored start, computed on YYYYMMDD numbers so that
SQLite and PostgreSQL give the same answer. Approximated households' dates are used as stored: their lengths of
stay are real.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import reduce
from operator import or_

from peewee import (JOIN, Case, CharField, IntegerField, Select, SmallIntegerField, SqliteDatabase, Value, fn)

from domain.dashboard import ADULT_DAYS, LOS_BRACKETS, QUALITY_ELEMENTS, SITUATION_GROUPS, date_number

from .clients import RACE_COLUMNS, Client, Enrollment, Household
from .db import BaseModel, db
from .exits import Exit
from .services import Service, ServiceType

HOH = 1
DRILL_LIMIT = 200


@dataclass(frozen=True)
class ReportFilter:
    agency_id: int
    project_ids: tuple
    start: date
    end: date


class DashboardEnrollment(BaseModel):
    """Temporary: the report's active enrollments with everything the tables group by."""
    id = IntegerField(primary_key=True)
    client = IntegerField()
    household = IntegerField()
    relationship = SmallIntegerField()
    person = SmallIntegerField()  # 1 on the person's latest-start enrollment: the one that counts them
    bucket = CharField(max_length=7)  # adult, child, unknown
    htype = CharField(max_length=30)  # HUD household type from the ages of its active members
    leaver = SmallIntegerField()
    los = IntegerField()  # length of stay in days
    # The answers the data quality and Q15/Q23c tables read; NULL where the element is not asked of this person.
    prior = SmallIntegerField(null=True)
    destination = SmallIntegerField(null=True)
    name = SmallIntegerField(null=True)
    ssn = SmallIntegerField(null=True)
    dob = SmallIntegerField(null=True)
    race = SmallIntegerField(null=True)
    sex = SmallIntegerField(null=True)
    veteran = SmallIntegerField(null=True)
    disabling = SmallIntegerField(null=True)

    class Meta:
        table_name = "dashboard_enrollment"


def _sqlite():
    return isinstance(db.obj, SqliteDatabase)


def _date_number(column):
    """A date column as YYYYMMDD (an integer)."""
    if _sqlite():
        return fn.REPLACE(column, "-", "").cast("INTEGER")
    return fn.TO_CHAR(column, "YYYYMMDD").cast("INTEGER")


def _days(later, earlier):
    if _sqlite():
        return (fn.julianday(later) - fn.julianday(earlier)).cast("INTEGER")
    return later - earlier


def _date_value(day):
    return Value(day.isoformat() if _sqlite() else day)


def _missing(column):
    """Blank answers count with "Data not collected"."""
    return fn.COALESCE(column, 99)


def _active(f):
    """The active enrollments (CTE), one column per fact the tables need."""
    start_n = date_number(f.start)
    entry_n = _date_number(Enrollment.entry_date)
    age = Case(None, [(entry_n > start_n, entry_n)], Value(start_n)) - _date_number(Client.dob)
    bucket = Case(None, [(age < 0, "unknown"), (age >= ADULT_DAYS, "adult")], "child")
    is_leaver = Exit.exit_date.is_null(False) & (Exit.exit_date <= f.end)
    stay_end = Case(None, [(is_leaver, Exit.exit_date)], _date_value(f.end + timedelta(days=1)))
    any_race = reduce(or_, [getattr(Client, name) == True for name in RACE_COLUMNS.values()])  # noqa: E712
    adult = age >= ADULT_DAYS
    person = fn.ROW_NUMBER().over(partition_by=[Enrollment.client],
                                  order_by=[Enrollment.entry_date.desc(), Enrollment.id.desc()])
    return (Enrollment.select(
        Enrollment.id.alias("id"), Enrollment.client.alias("client"), Enrollment.household.alias("household"),
        Enrollment.relationship_to_hoh.alias("relationship"), person.alias("rn"), bucket.alias("bucket"),
        Case(None, [(is_leaver, 1)], 0).alias("leaver"), _days(stay_end, Enrollment.entry_date).alias("los"),
        Case(None, [((Enrollment.relationship_to_hoh == HOH) | adult, _missing(Enrollment.living_situation))])
        .alias("prior"),
        Case(None, [(is_leaver, _missing(Exit.destination))]).alias("destination"),
        Client.name_data_quality.alias("name"), Client.ssn_data_quality.alias("ssn"),
        Client.dob_data_quality.alias("dob"), Case(None, [(any_race, 0)], _missing(Client.race_none)).alias("race"),
        _missing(Client.sex).alias("sex"), Case(None, [(adult, _missing(Client.veteran_status))]).alias("veteran"),
        _missing(Enrollment.disabling_condition).alias("disabling"))
        .join(Client).switch(Enrollment)
        .join(Exit, JOIN.LEFT_OUTER, on=((Exit.enrollment == Enrollment.id) & Exit.date_deleted.is_null()))
        .where(Enrollment.agency == f.agency_id, Enrollment.project.in_(list(f.project_ids)),
               Enrollment.date_deleted.is_null(), Client.date_deleted.is_null(),
               # deleted households are few: a NOT IN list is cheaper than joining every household
               Enrollment.household.not_in(Household.select(Household.id).where(Household.date_deleted.is_null(False))),
               Enrollment.entry_date <= f.end, Exit.id.is_null() | (Exit.exit_date >= f.start))
        .cte("active"))


class DashboardHousehold(BaseModel):
    """Temporary: each active household's HUD type."""
    id = IntegerField(primary_key=True)
    htype = CharField(max_length=30)

    class Meta:
        table_name = "dashboard_household"


def _household_type(table):
    """HUD household type from the ages of a household's active members (an aggregate over its rows)."""
    def has(bucket):
        return fn.MAX(Case(None, [(table.bucket == bucket, 1)], 0)) == 1
    return Case(None, [(has("adult") & has("child"), "With children and adults"),
                       (has("unknown"), "Unknown household type"), (has("adult"), "Without children")],
                "With only children")


COLUMNS = ("id", "client", "household", "relationship", "bucket", "leaver", "los", "prior", "destination", "name",
           "ssn", "dob", "race", "sex", "veteran", "disabling")
TEMPORARY = (DashboardEnrollment, DashboardHousehold)


def fill(f):
    """Put the report's active enrollments into the temporary table (inside the caller's transaction).

    Three plain statements rather than one query joining two CTEs: SQLite runs such a join as nested loops."""
    drop()
    for model in TEMPORARY:
        model.create_table(safe=False, temporary=True)
    active = _active(f)
    query = Select((active,), [*(getattr(active.c, c) for c in COLUMNS), Case(None, [(active.c.rn == 1, 1)], 0),
                               Value("")]).with_cte(active)
    fields = [DashboardEnrollment._meta.fields[c] for c in COLUMNS]
    DashboardEnrollment.insert_from(query, fields + [DashboardEnrollment.person, DashboardEnrollment.htype]).execute()
    D, H = DashboardEnrollment, DashboardHousehold
    H.insert_from(D.select(D.household, _household_type(D)).group_by(D.household), [H.id, H.htype]).execute()
    D.update(htype=H.select(H.htype).where(H.id == D.household)).execute()
    if not _sqlite():  # PostgreSQL: give the planner the temporary tables' sizes
        db.execute_sql("ANALYZE dashboard_enrollment; ANALYZE dashboard_household")


def drop():
    for model in TEMPORARY:
        model.drop_table(safe=True)


D = DashboardEnrollment


def people_counts():
    return {(b, t): n for b, t, n in D.select(D.bucket, D.htype, fn.COUNT(D.id)).where(D.person == 1)
            .group_by(D.bucket, D.htype).tuples()}


def household_counts():
    return dict(D.select(D.htype, fn.COUNT(fn.DISTINCT(D.household))).where(D.relationship == HOH)
                .group_by(D.htype).tuples())


def prior_counts():
    return dict(D.select(D.prior, fn.COUNT(D.id)).where(D.person == 1, D.prior.is_null(False))
                .group_by(D.prior).tuples())


def length_of_stay_counts():
    return {(leaver == 1, days): n for leaver, days, n in D.select(D.leaver, D.los, fn.COUNT(D.id))
            .where(D.person == 1).group_by(D.leaver, D.los).tuples()}


def destination_counts():
    return dict(D.select(D.destination, fn.COUNT(D.id)).where(D.person == 1, D.leaver == 1)
                .group_by(D.destination).tuples())


def quality_counts():
    """element -> (asked, 8s, 9s, 99s); blanks were folded into 99 when the table was filled."""
    columns = []
    for key, *_ in QUALITY_ELEMENTS:
        column = getattr(D, key)
        columns.append(fn.COUNT(column))
        columns += [fn.SUM(Case(None, [(column == code, 1)], 0)) for code in (8, 9, 99)]
    row = D.select(*columns).where(D.person == 1).tuples().get()
    return {key: tuple(int(v or 0) for v in row[i * 4:i * 4 + 4]) for i, (key, *_) in enumerate(QUALITY_ELEMENTS)}


def _services_in_range(f):
    return (Service.select().join(D, on=(Service.enrollment == D.id))
            .where(Service.date_deleted.is_null(), Service.date_provided.between(f.start, f.end)))


def service_counts(f):
    """[(type id, name, is financial assistance, services, households, dollars)] for services given in the range."""
    query = (_services_in_range(f).select(ServiceType.id, ServiceType.name, ServiceType.financial_assistance,
                                          fn.COUNT(Service.id), fn.COUNT(fn.DISTINCT(D.household)),
                                          fn.SUM(Service.fa_amount))
             .switch(Service).join(ServiceType).where(ServiceType.agency == f.agency_id)
             .group_by(ServiceType.id, ServiceType.name, ServiceType.financial_assistance)
             .order_by(ServiceType.financial_assistance.desc(), ServiceType.name))
    return [(i, name, bool(fa), count, households, _money(dollars))
            for i, name, fa, count, households, dollars in query.tuples()]


def _money(value):
    """SUM of a decimal column: a float on SQLite, a Decimal on PostgreSQL."""
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def all_counts(f):
    """Every table's counts, from one snapshot of the data."""
    with db.atomic():
        fill(f)
        counts = {"people": people_counts(), "households": household_counts(), "prior": prior_counts(),
                  "services": service_counts(f), "length_of_stay": length_of_stay_counts(),
                  "destinations": destination_counts(), "quality": quality_counts()}
        drop()
    return counts


# --- drill-down: the records behind one cell ---------------------------------------------------------------

_GROUP_RANGES = {group: (100 * (i + 1), 100 * (i + 2) - 1) for i, group in enumerate(SITUATION_GROUPS[:4])}
_BRACKETS = {key: (low, high) for key, _, low, high in LOS_BRACKETS}
# Each table's universe: who its "Total" counts.
UNIVERSES = {
    "people": lambda: D.person == 1,
    "households": lambda: D.relationship == HOH,
    "prior": lambda: (D.person == 1) & D.prior.is_null(False),
    "length_of_stay": lambda: D.person == 1,
    "destinations": lambda: (D.person == 1) & (D.leaver == 1),
    "quality": lambda: D.person == 1,
}
CELL_KEYS = {"age", "type", "prior", "prior_code", "los", "leaver", "destination", "destination_code", "quality",
             "answer", "service"}


class UnknownCell(ValueError):
    """A drill-down key that names no cell of the table."""


def _group_condition(column, group, missing_groups):
    if group in _GROUP_RANGES:
        low, high = _GROUP_RANGES[group]
        return column.between(low, high)
    if group == "Other":  # destinations: everything outside 100-499
        return (column < 100) | (column > 499)
    if group in missing_groups:
        return column.in_(missing_groups[group])
    raise UnknownCell(group)


def _int(text):
    if not (text.isascii() and text.isdigit() and len(text) < 6):
        raise UnknownCell(text)
    return int(text)


def cell_conditions(table, key):
    """The WHERE conditions of one cell key such as "age=adult;type=Without children" (UnknownCell if not one)."""
    if table not in UNIVERSES:
        raise UnknownCell(table)
    conditions = [UNIVERSES[table]()]
    if key == "all":
        return conditions
    parts = dict(part.partition("=")[::2] for part in key.split(";"))
    if not parts or not set(parts) <= CELL_KEYS:
        raise UnknownCell(key)
    from domain.dashboard import PRIOR_GROUPS
    from domain.households import HOUSEHOLD_TYPES
    for name, value in parts.items():
        if name == "age" and value in ("adult", "child", "unknown"):
            conditions.append(D.bucket == value)
        elif name == "type" and value in HOUSEHOLD_TYPES:
            conditions.append(D.htype == value)
        elif name == "prior" and value in PRIOR_GROUPS:
            conditions.append(_group_condition(D.prior, value, {PRIOR_GROUPS[4]: (8, 9), PRIOR_GROUPS[5]: (99,)}))
        elif name == "destination" and value in SITUATION_GROUPS:
            conditions.append(_group_condition(D.destination, value, {}))
        elif name in ("prior_code", "destination_code"):
            conditions.append(getattr(D, name.split("_")[0]) == _int(value))
        elif name == "los" and value in _BRACKETS:
            low, high = _BRACKETS[value]
            conditions.append(D.los >= low if high is None else D.los.between(low, high))
        elif name == "leaver" and value in ("0", "1"):
            conditions.append(D.leaver == int(value))
        elif name == "quality" and value in {k for k, *_ in QUALITY_ELEMENTS} and parts.get("answer") in (
                "8", "9", "99"):
            conditions.append(getattr(D, value) == int(parts["answer"]))
        elif name != "answer" or "quality" not in parts:
            raise UnknownCell(key)
    return conditions


def drill_down(f, table, key, visible):
    """(households behind one cell, how many there are): Household rows limited to `visible` (a Household query)."""
    with db.atomic():
        fill(f)
        if table == "services":
            service_id = key.partition("=")[2]
            if not key.startswith("service="):
                raise UnknownCell(key)
            ids = (_services_in_range(f).select(D.household).where(Service.service_type == _int(service_id))
                   .distinct())
        else:
            ids = D.select(D.household).where(*cell_conditions(table, key)).distinct()
        matching = visible.where(Household.id.in_(ids))
        total = matching.count()
        rows = list(matching.order_by(Household.code).limit(DRILL_LIMIT))
        drop()
    return rows, total
