"""The dashboard's SQL: one GROUP BY per table over the shared report universe (models.report_universe).

The universe follows HUD's rules (reference 6.3): active enrollments of the chosen projects, each person once on
the latest start, ages in whole years at the later of the report start and the start, household types from the
active members' ages. Households are counted through their active head-of-household enrollments, and services
through every active enrollment. Approximated households' dates are used as stored: their lengths of stay are real.
"""
import re
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from peewee import SQL, Case, fn

from domain.dashboard import LOS_BRACKETS, PRIOR_GROUPS, QUALITY_ELEMENTS, SITUATION_GROUPS
from domain.households import HOUSEHOLD_TYPES

from .clients import Enrollment, Household
from .db import db
from .dialect import is_sqlite
from .report_universe import (HOH, POSTGRES_SETTINGS, ReportEnrollment, ReportFilter, ReportHousehold, ReportPerson,
                              active_enrollments, build, drop)
from .services import Service, ServiceType

__all__ = ("ReportFilter", "UnknownCell", "all_counts", "drill_down")  # what the views use
DRILL_LIMIT = 200
E, H, P = ReportEnrollment, ReportHousehold, ReportPerson


def _missing(column):
    """Blank answers count with "Data not collected"."""
    return fn.COALESCE(column, 99)


ADULT = P.age >= 18
BUCKET = Case(None, [(P.age.is_null() | (P.age < 0), "unknown"), (ADULT, "adult")], "child")
PRIOR = Case(None, [((P.relationship == HOH) | ADULT, _missing(P.living_situation))])  # asked of HoH and adults
DESTINATION = Case(None, [(P.leaver == 1, _missing(P.destination))])
# Each data quality element's answer; NULL where it is not asked of this person.
QUALITY = {"name": P.name_dq, "ssn": P.ssn_dq, "dob": P.dob_dq,
           "race": Case(None, [(P.any_race == 1, 0)], _missing(P.race_none)), "sex": _missing(P.sex),
           "veteran": Case(None, [(ADULT, _missing(P.veteran))]), "disabling": _missing(P.disabling),
           "prior": PRIOR, "destination": DESTINATION}
# The answers the tables above read: the universe fills only these.
ANSWERS = ("name_dq", "ssn_dq", "dob_dq", "any_race", "race_none", "sex", "veteran", "disabling", "living_situation",
           "destination")


def people_counts():
    return {(b, t): n for b, t, n in P.select(BUCKET, P.household_type, fn.COUNT(P.id))
            .group_by(BUCKET, P.household_type).tuples()}


def household_counts():
    return dict(H.select(H.household_type, fn.COUNT(H.id)).where(H.heads > 0).group_by(H.household_type).tuples())


def prior_counts():
    return dict(P.select(PRIOR, fn.COUNT(P.id)).where(PRIOR.is_null(False)).group_by(PRIOR).tuples())


def length_of_stay_counts():
    return {(leaver == 1, days): n for leaver, days, n in P.select(P.leaver, P.los, fn.COUNT(P.id))
            .group_by(P.leaver, P.los).tuples()}


def destination_counts():
    return dict(P.select(DESTINATION, fn.COUNT(P.id)).where(P.leaver == 1).group_by(DESTINATION).tuples())


def quality_counts():
    """element -> (asked, 8s, 9s, 99s); blanks count as 99."""
    columns = []
    for key, *_ in QUALITY_ELEMENTS:
        column = QUALITY[key]
        columns.append(fn.COUNT(column))
        columns += [fn.COUNT(SQL("*")).filter(column == code) for code in (8, 9, 99)]  # cheaper than COUNT(CASE)
    row = P.select(*columns).tuples().get()
    return {key: tuple(int(v or 0) for v in row[i * 4:i * 4 + 4]) for i, (key, *_) in enumerate(QUALITY_ELEMENTS)}


def _in_range(f):
    """The live services of the agency's types given in the period. Naming the agency's service types lets the
    database read the (type, date) index type by type, instead of sorting every service of the year."""
    types = ServiceType.select(ServiceType.id).where(ServiceType.agency == f.agency_id)
    return (Service.service_type.in_(types), Service.date_deleted.is_null(),
            Service.date_provided.between(f.start, f.end))


def _services_in_range(f):
    return Service.select().join(E, on=(Service.enrollment == E.id)).where(*_in_range(f))


def _services_by_type(f):
    """(type_id, n, households, dollars) per service type, as a subquery."""
    if is_sqlite():  # read in type order from the (type, date) index: COUNT(DISTINCT) needs no sort of the services
        return (_services_in_range(f)
                .select(Service.service_type.alias("type_id"), fn.COUNT(Service.id).alias("n"),
                        fn.COUNT(fn.DISTINCT(E.household)).alias("households"),
                        fn.SUM(Service.fa_amount).alias("dollars"))
                .group_by(Service.service_type))
    # PostgreSQL counts them from the base tables (all_counts runs this on a connection of its own, beside the
    # universe): the services grouped per enrollment first, from the covering (date, type, enrollment) index, then
    # joined to the active enrollments (the universe's rows) and grouped by household, hashing where
    # COUNT(DISTINCT) would sort.
    per_enrollment = (Service.select(Service.service_type.alias("type_id"), Service.enrollment.alias("enrollment_id"),
                                     fn.COUNT(Service.id).alias("n"), fn.SUM(Service.fa_amount).alias("dollars"))
                      .where(*_in_range(f)).group_by(Service.service_type, Service.enrollment))
    pairs = (active_enrollments(f, per_enrollment.c.type_id, fn.SUM(per_enrollment.c.n).alias("n"),
                                fn.SUM(per_enrollment.c.dollars).alias("dollars"))
             .switch(Enrollment).join(per_enrollment, on=(per_enrollment.c.enrollment_id == Enrollment.id))
             .group_by(per_enrollment.c.type_id, Enrollment.household))
    return (pairs.select_from(pairs.c.type_id, fn.SUM(pairs.c.n).alias("n"), fn.COUNT(SQL("*")).alias("households"),
                              fn.SUM(pairs.c.dollars).alias("dollars"))
            .group_by(pairs.c.type_id))


def service_counts(f):
    """[(type id, name, is financial assistance, services, households, dollars)] for services given in the range."""
    by_type = _services_by_type(f)  # grouped on the type ids alone; the dozen names are joined after
    query = (ServiceType.select(ServiceType.id, ServiceType.name, ServiceType.financial_assistance, by_type.c.n,
                                by_type.c.households, by_type.c.dollars)
             .join(by_type, on=(by_type.c.type_id == ServiceType.id))
             .where(ServiceType.agency == f.agency_id)
             .order_by(ServiceType.financial_assistance.desc(), ServiceType.name))
    return [(i, name, bool(fa), int(count), households, _money(dollars))
            for i, name, fa, count, households, dollars in query.tuples()]


def _money(value):
    """SUM of a decimal column: a float on SQLite, a Decimal on PostgreSQL."""
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def all_counts(f):
    """Every table's counts, from one snapshot of the data."""
    if is_sqlite() or db.in_transaction():  # SQLite: two connections in one process slowed each other down
        with db.atomic():  # one connection (the temporary tables live on it)
            return _counts(f, lambda: service_counts(f))
    # PostgreSQL counts the services on a second connection while this one builds the universe: the two halves
    # take about as long, and the second connection imports this transaction's snapshot, so both read the same data.
    with db.atomic():
        db.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        (snapshot,) = db.execute_sql("SELECT pg_export_snapshot()").fetchone()
        with ThreadPoolExecutor(max_workers=1) as pool:
            services = pool.submit(_on_snapshot, snapshot, service_counts, f)
            return _counts(f, services.result)


def _counts(f, services):
    """The tables, on this connection's universe; services() gives the services' counts."""
    build(f, answers=ANSWERS)
    counts = {"people": people_counts(), "households": household_counts(), "prior": prior_counts(),
              "services": services(), "length_of_stay": length_of_stay_counts(),
              "destinations": destination_counts(), "quality": quality_counts()}
    drop()
    return counts


SNAPSHOT_ID = re.compile(r"[0-9A-F]+-[0-9A-F]+(-[0-9]+)?")


def _on_snapshot(snapshot, function, *args):
    """function(*args) on this thread's own connection, in a read-only transaction on an exported snapshot."""
    if not SNAPSHOT_ID.fullmatch(snapshot):  # the server's own id, checked before it is written into SQL
        raise ValueError("Unexpected snapshot id")
    with db.connection_context(), db.atomic():
        db.execute_sql(f"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; "
                       f"SET TRANSACTION SNAPSHOT '{snapshot}'; {POSTGRES_SETTINGS}")
        return function(*args)


# --- drill-down: the records behind one cell ---------------------------------------------------------------

_GROUP_RANGES = {group: (100 * (i + 1), 100 * (i + 2) - 1) for i, group in enumerate(SITUATION_GROUPS[:4])}
_BRACKETS = {key: (low, high) for key, _, low, high in LOS_BRACKETS}
# Each person table's universe: who its "Total" counts (households are counted apart, through their heads).
UNIVERSES = {
    "people": None,
    "prior": PRIOR.is_null(False),
    "length_of_stay": None,
    "destinations": P.leaver == 1,
    "quality": None,
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
    """The WHERE conditions on report_person of one cell key such as "age=adult;type=Without children"
    (UnknownCell if not one)."""
    if table not in UNIVERSES:
        raise UnknownCell(table)
    conditions = [] if UNIVERSES[table] is None else [UNIVERSES[table]]
    if key == "all":
        return conditions
    parts = dict(part.partition("=")[::2] for part in key.split(";"))
    if not parts or not set(parts) <= CELL_KEYS:
        raise UnknownCell(key)
    for name, value in parts.items():
        if name == "age" and value in ("adult", "child", "unknown"):
            conditions.append(BUCKET == value)
        elif name == "type" and value in HOUSEHOLD_TYPES:
            conditions.append(P.household_type == value)
        elif name == "prior" and value in PRIOR_GROUPS:
            conditions.append(_group_condition(PRIOR, value, {PRIOR_GROUPS[4]: (8, 9), PRIOR_GROUPS[5]: (99,)}))
        elif name == "destination" and value in SITUATION_GROUPS:
            conditions.append(_group_condition(DESTINATION, value, {}))
        elif name in ("prior_code", "destination_code"):
            conditions.append(QUALITY[name.split("_")[0]] == _int(value))
        elif name == "los" and value in _BRACKETS:
            low, high = _BRACKETS[value]
            conditions.append(P.los >= low if high is None else P.los.between(low, high))
        elif name == "leaver" and value in ("0", "1"):
            conditions.append(P.leaver == int(value))
        elif name == "quality" and value in QUALITY and "answer" not in parts:  # everyone asked
            conditions.append(QUALITY[value].is_null(False))
        elif name == "quality" and value in QUALITY and parts["answer"] in ("8", "9", "99"):
            conditions.append(QUALITY[value] == int(parts["answer"]))
        elif name != "answer" or "quality" not in parts:
            raise UnknownCell(key)
    return conditions


def _household_ids(f, table, key):
    """The households behind one cell (a query of ids), on the universe already built."""
    if table == "services":
        given = _services_in_range(f).select(E.household).distinct()
        if key == "all":
            return given
        if not key.startswith("service="):
            raise UnknownCell(key)
        return given.where(Service.service_type == _int(key.partition("=")[2]))
    if table == "households":
        household_type = key.partition("=")[2]
        if key != "all" and not (key.startswith("type=") and household_type in HOUSEHOLD_TYPES):
            raise UnknownCell(key)
        return H.select(H.id).where(H.heads > 0, *([] if key == "all" else [H.household_type == household_type]))
    conditions, households = cell_conditions(table, key), P.select(P.household).distinct()
    return households.where(*conditions) if conditions else households


def drill_down(f, table, key, user):
    """(households behind one cell, how many there are), among those the user may see, with their projects."""
    with db.atomic():
        build(f, answers=ANSWERS)
        matching = Household.visible_with_projects(user).where(Household.id.in_(_household_ids(f, table, key)))
        total = matching.count()
        rows = list(matching.order_by(Household.code).limit(DRILL_LIMIT))
        drop()
    return rows, total
