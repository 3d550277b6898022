"""Counting people who share a combination of quasi-identifiers, as stored, with indexed SQL.

The live check is one query: the agency's live enrollments that started in the month (or the two months, when
approximating would move it) are grouped by, for each answer staff could withhold, whether the row matches the
answer as typed (1), as withheld (2) or neither (0). Every proposal's group size is then a sum over those few
groups; no record is read into Python.
"""
import calendar
import logging
from dataclasses import dataclass, replace
from datetime import date

from peewee import JOIN, SQL, Case, Cast, SqliteDatabase, fn

from domain import codes
from domain import reidentification as reid
from domain.ages import age_group, age_on
from domain.reidentification import (APPROXIMATE, DEFAULT_ELEMENTS, ELEMENTS, NOT_STORED, Check,
                                     age_group_bounds, levers_for, minimal_proposal, parse_elements,
                                     withheld_value)

from .clients import RACE_COLUMNS, Client, EmploymentEducation, Enrollment, HealthAndDV, Household
from .db import db
from .exits import Exit

log = logging.getLogger(__name__)
PROJECT_START = 1
DV = HealthAndDV.alias()
EDU = EmploymentEducation.alias()


@dataclass(frozen=True)
class Settings:
    k: int
    elements: tuple


def settings_for(agency):
    """The agency's k and elements; a stored name the catalogue does not know is ignored, with a warning."""
    elements, unknown = parse_elements(agency.reid_elements)
    if unknown:
        log.warning("Agency %s: ignoring %d unknown re-identification element name(s)", agency.id, len(unknown))
    k = agency.reid_k if agency.reid_k and agency.reid_k >= 2 else 5
    return Settings(k=k, elements=tuple(elements) if elements or not unknown else DEFAULT_ELEMENTS)


def _month_range(month):
    year, number = month
    return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])


def _year(field):
    if isinstance(db.obj, SqliteDatabase):
        return Cast(fn.strftime("%Y", field), "INTEGER")
    return Cast(fn.date_part("year", field), "INTEGER")


def _month(field):
    if isinstance(db.obj, SqliteDatabase):
        return Cast(fn.strftime("%m", field), "INTEGER")
    return Cast(fn.date_part("month", field), "INTEGER")


def _destination_codes(group):
    return [code for code in codes.DESTINATION if codes.living_situation_group(code) == group]


def _match(name, value, profile):
    """SQL: the row stores `value` for element `name` (a profile gives the month the age is taken at)."""
    if name == "sex":
        return Client.sex == value
    if name == "race":
        races, race_none = value
        condition = (Client.race_none.is_null() if race_none is None else Client.race_none == race_none)
        for column, field in RACE_COLUMNS.items():
            condition &= getattr(Client, field) == (column in races)
        return condition
    if name == "veteran_status":
        return Client.veteran_status == value
    if name == "disabling_condition":
        return Enrollment.disabling_condition == value
    if name == "education":
        return EDU.last_grade_completed.is_null() if value == NOT_STORED else EDU.last_grade_completed == value
    if name == "domestic_violence":
        return DV.domestic_violence_survivor.is_null() if value == NOT_STORED else DV.domestic_violence_survivor == value
    if name == "household_size":
        return Household.household_size == value
    if name == "household_type":
        return Household.household_type == value
    if name == "start_month":
        first, last = _month_range(value)
        return Enrollment.entry_date.between(first, last)
    if name == "age_group":
        low, high = age_group_bounds(value)
        if "start_month" in profile:  # DOBs are January 1: age at a start in year Y is Y minus the birth year
            year = profile["start_month"][0]
            condition = Client.dob <= date(year - low, 1, 1)
            return condition & (Client.dob >= date(year - high, 1, 1)) if high is not None else condition
        age = _year(Enrollment.entry_date) - _year(Client.dob)
        return (age >= low) & (age <= high) if high is not None else age >= low
    if name == "exit_month":
        first, last = _month_range(value)
        return Exit.exit_date.between(first, last)
    if name == "destination_group":
        return Exit.destination.in_(_destination_codes(value))
    raise ValueError(f"No rule for element {name!r}")


def _base(agency_id, with_exit, joins=("domestic_violence", "education")):
    """The agency's live enrollments with the tables their elements live in (assessment rows only if asked for)."""
    query = (Enrollment.select().join(Client, on=(Enrollment.client == Client.id))
             .switch(Enrollment).join(Household, on=(Enrollment.household == Household.id)))
    if "domestic_violence" in joins:
        query = query.switch(Enrollment).join(DV, JOIN.LEFT_OUTER, on=(
            (DV.enrollment == Enrollment.id) & (DV.data_collection_stage == PROJECT_START) & DV.date_deleted.is_null()))
    if "education" in joins:
        query = query.switch(Enrollment).join(EDU, JOIN.LEFT_OUTER, on=(
            (EDU.enrollment == Enrollment.id) & (EDU.data_collection_stage == PROJECT_START)
            & EDU.date_deleted.is_null()))
    if with_exit:
        query = query.switch(Enrollment).join(Exit, on=((Exit.enrollment == Enrollment.id) & Exit.date_deleted.is_null()))
    query = query.where(Enrollment.date_deleted.is_null(), Client.date_deleted.is_null(),
                        Household.date_deleted.is_null())
    return query if agency_id is None else query.where(Enrollment.agency == agency_id)


def _all(conditions):
    result = SQL("1 = 1")
    for condition in conditions:
        result &= condition
    return result


def _any(conditions):
    result = conditions[0]
    for condition in conditions[1:]:
        result |= condition
    return result


def check_person(*, agency_id, project_id, settings, variants, exclude_clients=(), stage="entry"):
    """The live check for one person: see check_people."""
    return check_people(agency_id=agency_id, project_id=project_id, settings=settings, people=[variants],
                        exclude_clients=exclude_clients, stage=stage)[0]


@dataclass
class _Person:
    variants: list
    levers: list
    answers: list  # the levers that are answers (not the dates)
    fixed: list  # elements that must be equal, not counted as shared by everyone


def check_people(*, agency_id, project_id, settings, people, exclude_clients=(), stage="entry"):
    """The live check for the members of one household, in one query. people[i] is a list of profiles:
    [0] as typed; [1], when given, as stored if the household's dates were approximated (the APPROXIMATE lever).

    The members share the rows worth reading (the same start months, household size and type), so one index range
    is read once: for each member, each profile variant gives a column "the fixed context matches" and each answer
    staff could withhold a column "matches as typed (1) / as withheld (2) / neither (0)"; rows are grouped by
    those columns and every proposal's group size is a sum over a few groups.
    """
    elements = [n for n in settings.elements if stage == "exit" or ELEMENTS[n].stage == "entry"]
    persons = []
    for variants in people:
        levers = levers_for(variants[0], elements, can_approximate=len(variants) > 1)
        answers = [name for name in levers if name != APPROXIMATE]
        fixed = [name for name in elements if name in variants[0] and name not in answers and name != "project"]
        persons.append(_Person(variants, levers, answers, fixed))
    shared = _shared_context(persons)
    columns = [Case(None, [(Enrollment.project == project_id, 1)], 0)]
    context_columns = []  # positions of the "fixed context matches" columns
    for person in persons:
        person.fixed = [name for name in person.fixed if name not in shared]
        each = [_all(_match(n, v[n], v) for n in person.fixed if n in v) for v in person.variants]
        context_columns += range(len(columns), len(columns) + len(each))
        columns += [Case(None, [(condition, 1)], 0) for condition in each]
        columns += [Case(None, [(_match(n, person.variants[0][n], person.variants[0]), 1),
                                (_match(n, withheld_value(n), person.variants[0]), 2)], 0) for n in person.answers]
    used = {n for person in persons for n in person.fixed + person.answers} | set(shared)
    query = _base(agency_id, with_exit=stage == "exit", joins=used)
    months = sorted({v["start_month"] for person in persons for v in person.variants
                     if "start_month" in v and "start_month" in elements})
    if months:  # index ranges first: only the months counted, not the weeks between them
        query = query.where(_any([Enrollment.entry_date.between(*_month_range(m)) for m in months]))
    for name, value in shared.items():
        query = query.where(_match(name, value, {}))
    if exclude_clients:
        query = query.where(Client.id.not_in(list(exclude_clients)))
    # Each condition is written once, in the inner select; the outer query keeps the rows someone matches.
    inner = query.select(*[column.alias(f"c{i}") for i, column in enumerate(columns)], Client.id.alias("person"))
    outer = [getattr(inner.c, f"c{i}") for i in range(len(columns))]
    rows = list(Enrollment.select(*outer, fn.COUNT(inner.c.person.distinct())).from_(inner)
                .where(_any([outer[i] == 1 for i in context_columns]))
                .group_by(*[SQL(str(i + 1)) for i in range(len(columns))]).tuples())
    checks, offset = [], 1
    for person in persons:
        width = len(person.variants) + len(person.answers)
        mine = [(row[0], row[offset:offset + len(person.variants)], row[offset + len(person.variants):offset + width],
                 row[-1]) for row in rows]
        offset += width
        checks.append(_person_check(person, mine, settings, "project" if "project" in elements else "agency"))
    return checks


def _shared_context(persons):
    """Fixed elements every member has, with one value in every profile: tested once in WHERE, on the index."""
    candidates = {"household_size", "household_type"}
    shared = {}
    for name in candidates:
        values = {v.get(name, NOT_STORED) for person in persons for v in person.variants}
        if len(values) == 1 and all(name in person.fixed for person in persons):
            shared[name] = values.pop()
    return shared


def _person_check(person, rows, settings, decisive):
    """Group sizes for one person from the grouped rows (project flag, variant flags, answer states, people)."""

    def size(chosen, in_project):
        v = 1 if APPROXIMATE in chosen else 0
        wanted = tuple(2 if n in chosen else 1 for n in person.answers)
        return 1 + sum(count for in_this, matches, states, count in rows
                       if matches[v] and (in_this or not in_project) and tuple(states) == wanted)

    check = Check(project_size=size(frozenset(), True), agency_size=size(frozenset(), False), k=settings.k,
                  decisive=decisive, proposal=None, levers=tuple(person.levers))
    if check.at_risk:
        group_size = (lambda chosen: size(chosen, decisive == "project"))
        check = replace(check, proposal=minimal_proposal(group_size, person.levers, settings.k))
    return check


def check_household(*, project_id, settings, size, kind, months, exclude_household=None):
    """How many other live households of the project share the size, type and start month (per month given)."""
    wanted = [n for n in ("household_size", "household_type", "start_month") if n in settings.elements]
    if not wanted or "project" not in settings.elements:
        return None
    heads = (Enrollment.select(Enrollment.household, Enrollment.entry_date)
             .join(Household, on=(Enrollment.household == Household.id))
             .where(Enrollment.project == project_id, Enrollment.relationship_to_hoh == 1,
                    Enrollment.date_deleted.is_null(), Household.date_deleted.is_null()))
    if "household_type" in wanted and kind is not None:
        heads = heads.where(Household.household_type == kind)
    if "household_size" in wanted:
        heads = heads.where(Household.household_size == size)
    if exclude_household is not None:
        heads = heads.where(Household.id != exclude_household)
    if "start_month" not in wanted:
        return [heads.count()] * len(months)
    ranges = [_month_range(m) for m in months]
    heads = heads.where(Enrollment.entry_date.between(min(r[0] for r in ranges), max(r[1] for r in ranges)))
    row = heads.select(*[fn.SUM(Case(None, [(Enrollment.entry_date.between(*r), 1)], 0)) for r in ranges]).tuples()
    return [int(n or 0) for n in row.get()]


def _age_group_index(age):
    starts = (5, 13, 18, 25, 35, 45, 55, 65)
    return Case(None, [(age < start, i) for i, start in enumerate(starts)], len(starts))


def _destination_group_index(destination):
    return Case(None, [((destination >= low) & (destination < low + 100), low // 100) for low in (100, 200, 300, 400)],
                0)


def stored_profiles(enrollment_ids):
    """enrollment id -> its entry elements as stored (the exit and assessment checks start from these)."""
    query = (_base(None, with_exit=False).where(Enrollment.id.in_(list(enrollment_ids)))
             .select(Enrollment.id, Enrollment.entry_date, Client.dob, Client.sex, Client.race_none,
                     Client.veteran_status, Enrollment.disabling_condition, EDU.last_grade_completed,
                     DV.domestic_violence_survivor, Household.household_size, Household.household_type,
                     *[getattr(Client, f) for f in RACE_COLUMNS.values()]).tuples())
    profiles = {}
    for (enrollment_id, start, dob, sex, race_none, veteran, disabling, education, dv, size, kind,
         *races) in query:
        start = date.fromisoformat(str(start)) if not isinstance(start, date) else start
        dob = date.fromisoformat(str(dob)) if not isinstance(dob, date) else dob
        ticked = frozenset(column for column, on in zip(RACE_COLUMNS, races) if on)
        profiles[enrollment_id] = {
            "start_month": reid.month_of(start), "age_group": age_group(age_on(dob, start)),
            "sex": sex, "race": (ticked, None if ticked else race_none), "veteran_status": veteran,
            "disabling_condition": disabling, "education": NOT_STORED if education is None else education,
            "domestic_violence": NOT_STORED if dv is None else dv, "household_size": size, "household_type": kind}
    return profiles


def _stored_columns(elements):
    """element name -> the SQL columns that hold it as stored (as the HMIS CSV would carry it)."""
    columns = {
        "age_group": [_age_group_index(_year(Enrollment.entry_date) - _year(Client.dob))],
        "sex": [Client.sex],
        "race": [getattr(Client, f) for f in RACE_COLUMNS.values()] + [Client.race_none],
        "veteran_status": [Client.veteran_status],
        "disabling_condition": [Enrollment.disabling_condition],
        "education": [EDU.last_grade_completed],
        "domestic_violence": [DV.domestic_violence_survivor],
        "household_size": [Household.household_size],
        "household_type": [Household.household_type],
        "start_month": [_year(Enrollment.entry_date) * 100 + _month(Enrollment.entry_date)],
        "exit_month": [_year(Exit.exit_date) * 100 + _month(Exit.exit_date)],
        "destination_group": [_destination_group_index(Exit.destination)],
    }
    return {name: columns[name] for name in elements if name in columns}


@dataclass
class Report:
    records: int
    bands: dict  # band label -> records
    below_k: list  # (household id, household code, client code, group size), smallest groups first
    below_k_total: int
    contributions: list  # (element name, below-k records that would reach k without it), most first


def project_report(project, settings, limit=100):
    """Equivalence classes of the project's live enrollments over every element, as stored; all counting in SQL."""
    columns = _stored_columns(settings.elements)
    every = [c for cols in columns.values() for c in cols]
    window = fn.COUNT(SQL("*")).over(partition_by=every) if every else fn.COUNT(SQL("*")).over()
    without = {name: (fn.COUNT(SQL("*")).over(partition_by=[c for n, cols in columns.items() if n != name
                                                            for c in cols]) if len(columns) > 1
                      else fn.COUNT(SQL("*")).over()).alias(f"w_{name}") for name in columns}
    base = _base(project.agency_id, with_exit=False).where(Enrollment.project == project.id)
    if "exit_month" in columns or "destination_group" in columns:
        base = base.switch(Enrollment).join(Exit, JOIN.LEFT_OUTER, on=(
            (Exit.enrollment == Enrollment.id) & Exit.date_deleted.is_null()))
    inner = base.select(Household.id.alias("household"), Household.code.alias("household_code"),
                        Client.code.alias("client_code"), window.alias("size"), *without.values())
    sizes = dict(Enrollment.select(inner.c.size, fn.COUNT(SQL("*"))).from_(inner).group_by(inner.c.size).tuples())
    bands = dict.fromkeys(reid.size_bands(settings.k), 0)
    for size, records in sizes.items():
        bands[reid.size_band(size, settings.k)] += records
    below_total = sum(records for size, records in sizes.items() if size < settings.k)
    contributions = []
    if below_total:  # per element: the records below k that would reach k without it, counted in SQL
        reached = (Enrollment.select(*[fn.SUM(Case(None, [(getattr(inner.c, f"w_{name}") >= settings.k, 1)], 0))
                                       for name in columns])
                   .from_(inner).where(inner.c.size < settings.k).tuples().get())
        contributions = sorted(((name, int(n or 0)) for name, n in zip(columns, reached)), key=lambda pair: -pair[1])
    below = []
    if limit and below_total:
        below = list(Enrollment.select(inner.c.household, inner.c.household_code, inner.c.client_code, inner.c.size)
                     .from_(inner).where(inner.c.size < settings.k).order_by(inner.c.size, inner.c.household)
                     .limit(limit).tuples())
    return Report(records=sum(sizes.values()), bands=bands, below_k=below, below_k_total=below_total,
                  contributions=[c for c in contributions if c[1]])
