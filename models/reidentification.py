"""Counting people who share a combination of quasi-identifiers, as stored, with indexed SQL.

The live check is one query for the whole form: the agency's live enrollments that started in the month (or the two
months, when approximating would move it) are grouped by, for each member and each answer staff could withhold,
whether the row matches the answer as typed (1), as withheld (2) or neither (0). Every proposal's group size is then
a sum over those few groups, plus the form's other members stored alike; no record is read into Python.
"""
import calendar
import logging
from collections.abc import Iterable, Sequence
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from peewee import JOIN, SQL, Case, fn

from domain import codes, elements
from domain import reidentification as reid
from domain.ages import age_group, age_on
from domain.reidentification import (APPROXIMATE, DEFAULT_ELEMENTS, ELEMENTS, NOT_STORED, Check,
                                     age_group_bounds, levers_for, minimal_proposal, parse_elements,
                                     stores_alike, withheld_value)

from .accounts import utcnow
from .audit import AuditEvent
from .clients import RACE_COLUMNS, Client, EmploymentEducation, Enrollment, HealthAndDV, Household, race_combination
from .db import db
from .db import write_transaction
from .dialect import keeps_reid_profile, with_placeholders, year_sql
from .dialect import month_of as _month, year_of as _year
from .exits import Exit

log = logging.getLogger(__name__)
PROJECT_START = 1
DV = HealthAndDV.alias()
EDU = EmploymentEducation.alias()


@dataclass(frozen=True)
class Settings:
    k: int
    elements: tuple


def settings_for(agency: Any) -> Settings:
    """The agency's k and elements; a stored name the catalogue does not know is ignored, with a warning."""
    elements, unknown = parse_elements(agency.reid_elements)
    if unknown:
        log.warning("Agency %s: ignoring %d unknown re-identification element name(s)", agency.id, len(unknown))
    k = agency.reid_k if agency.reid_k and agency.reid_k >= reid.MIN_K else reid.DEFAULT_K
    return Settings(k=k, elements=tuple(elements) if elements or not unknown else DEFAULT_ELEMENTS)


def _month_range(month):
    year, number = month
    return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])


def _destination_codes(group):
    return [code for code in codes.DESTINATION if codes.living_situation_group(code) == group]



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
        query = query.switch(Enrollment).join(Exit, on=((Exit.enrollment == Enrollment.id)
                                                        & Exit.date_deleted.is_null()))
    query = query.where(Enrollment.date_deleted.is_null(), Client.date_deleted.is_null(),
                        Household.date_deleted.is_null())
    return query if agency_id is None else query.where(Enrollment.agency == agency_id)


# The live check runs at every pause in typing, so its SQL is written as text with parameters: building it from
# peewee expressions took longer than the database took to answer it. It reads "p": one row per live enrollment
# with its answers as stored (the columns of migrations/012_reid_profile.py): PostgreSQL's reid_profile table, on
# SQLite the same rows joined from the base tables.
@dataclass(frozen=True)
class _Sql:
    text: str  # with ? placeholders
    params: tuple = ()


def _joined(pieces, separator):
    return _Sql(separator.join(p.text for p in pieces), tuple(value for p in pieces for value in p.params))


def _case(branches):
    """CASE WHEN condition THEN number ... ELSE 0 END, from (condition, number) pairs."""
    whens = _joined([_Sql(f"WHEN {condition.text} THEN {number}", condition.params)
                     for condition, number in branches], " ")
    return _Sql(f"CASE {whens.text} ELSE 0 END", whens.params)


_COLUMNS = {**{e.privacy: f"p.{e.name}" for e in elements.counted()},  # the answers, as domain.elements stores them
            "household_size": "p.household_size", "household_type": "p.household_type",
            "start_month": "p.entry_date", "exit_month": "p.exit_date"}
_OWN_ROW = frozenset(e.privacy for e in elements.counted() if e.record in elements.ROW_RECORDS)  # no row: NULL


def _condition(name, value, start_year=None):
    """SQL: the row stores `value` for element `name`. start_year: every row counted started in that year, so the
    age group is a range of stored DOBs (always January 1: the age at a start in year Y is Y minus the birth year);
    without it, each row's age is taken at its own start."""
    column = _COLUMNS.get(name)
    if name == "race":
        return _Sql("p.race_combination = ?", (race_combination(*value),))
    if name in _OWN_ROW and value == NOT_STORED:
        return _Sql(f"{column} IS NULL")
    if name in ("start_month", "exit_month"):
        return _Sql(f"{column} BETWEEN ? AND ?", _month_range(value))
    if name == "age_group":
        low, high = age_group_bounds(value)
        if start_year is None:
            age = f"{year_sql('p.entry_date')} - {year_sql('p.dob')}"
            return _Sql(f"{age} >= ?", (low,)) if high is None else _Sql(f"{age} BETWEEN ? AND ?", (low, high))
        if high is None:
            return _Sql("p.dob <= ?", (date(start_year - low, 1, 1),))
        return _Sql("p.dob BETWEEN ? AND ?", (date(start_year - high, 1, 1), date(start_year - low, 1, 1)))
    if name == "destination_group":
        group = _destination_codes(value)
        return _Sql(f"p.destination IN ({', '.join('?' * len(group))})", tuple(group))
    if column is None:
        raise ValueError(f"No rule for element {name!r}")
    return _Sql(f"{column} = ?", (value,))


def _from(joins, with_exit):
    """FROM the live enrollments as "p", with the answers the check compares; with_exit: only those with a live
    exit. SQLite joins the base tables (the DV and education rows only if counted), and flattens this subquery."""
    if keeps_reid_profile():
        return f"FROM reid_profile p WHERE {'p.exit_id IS NOT NULL' if with_exit else '1 = 1'}"
    columns = ("e.id AS enrollment_id, e.agency_id, e.project_id, e.client_id, e.entry_date, c.dob, c.sex, "
               "c.race_combination, c.veteran_status, e.disabling_condition, h.household_size, h.household_type")
    text = (f'FROM "{Enrollment._meta.table_name}" e JOIN "{Client._meta.table_name}" c ON c.id = e.client_id '
            f'JOIN "{Household._meta.table_name}" h ON h.id = e.household_id')
    for alias, model, name, column in (("dv", HealthAndDV, "domestic_violence", "domestic_violence_survivor"),
                                       ("edu", EmploymentEducation, "education", "last_grade_completed")):
        if name in joins:
            columns += f", {alias}.{column}"
            text += (f' LEFT JOIN "{model._meta.table_name}" {alias} ON {alias}.enrollment_id = e.id '
                     f'AND {alias}.data_collection_stage = {PROJECT_START} AND {alias}.date_deleted IS NULL')
    if with_exit:
        columns += ", x.exit_date, x.destination"
        text += f' JOIN "{Exit._meta.table_name}" x ON x.enrollment_id = e.id AND x.date_deleted IS NULL'
    return (f"FROM (SELECT {columns} {text} WHERE e.date_deleted IS NULL AND c.date_deleted IS NULL "
            f"AND h.date_deleted IS NULL) p WHERE 1 = 1")


def _execute(sql):
    return db.execute_sql(with_placeholders(sql.text), sql.params).fetchall()


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
    contexts: list = field(default_factory=list)  # SQL per variant: the row matches the fixed elements


def check_people(*, agency_id: int, project_id: int, settings: Settings, people: Sequence[Sequence[dict[str, Any]]],
                 exclude_clients: Iterable[int] = (), stage: str = "entry") -> list[Check]:
    """The live check for the members of one form (a household), in one query. people[i] is a list of profiles:
    [0] as typed; [1], when given, as stored if the household's dates were approximated (the APPROXIMATE lever).

    The members share the rows worth reading (the same start months, household size and type), so one index range
    is read once: for each member, each profile variant gives a flag "the fixed context matches" and each answer
    staff could withhold a state "matches as typed (1) / as withheld (2) / neither (0)", packed into one column per
    member; rows are grouped by those columns and every proposal's group size is a sum over a few groups. The other
    members of the form count too, where they would be stored alike: once saved, they are in each other's groups.
    """
    elements = [n for n in settings.elements if stage == "exit" or ELEMENTS[n].stage == "entry"]
    persons = []
    for variants in people:
        levers = levers_for(variants[0], elements, can_approximate=len(variants) > 1)
        answers = [name for name in levers if name != APPROXIMATE]
        fixed = [name for name in elements if name in variants[0] and name not in answers and name != "project"]
        persons.append(_Person(variants, levers, answers, fixed))
    shared = _shared_context(persons)
    by_month = "start_month" in elements  # then every row counted started in a profile's month
    columns = [_Sql("CASE WHEN p.project_id = ? THEN 1 ELSE 0 END", (project_id,))]
    contexts = []  # for each member and profile variant, the fixed context it must match
    for person in persons:
        person.fixed = [name for name in person.fixed if name not in shared]
        person.contexts = [_context(person, variant, by_month) for variant in person.variants]
        contexts += person.contexts
        columns.append(_member_column(person))
    months = sorted({v["start_month"] for person in persons for v in person.variants if by_month})
    # One index range per month counted, not the weeks between them: each term of the OR names the agency too,
    # or SQLite reads the agency's whole range.
    where = [_Sql(f"({' OR '.join(['(p.agency_id = ? AND p.entry_date BETWEEN ? AND ?)'] * len(months))})",
                  tuple(value for m in months for value in (agency_id, *_month_range(m))))
             if months else _Sql("p.agency_id = ?", (agency_id,))]
    where += [_condition(name, value) for name, value in shared.items()]
    # Rows nobody's context matches are dropped before the members' columns are worked out for them.
    anyone = _joined([_Sql(f"({c.text})", c.params) for c in contexts], " OR ")
    where.append(_Sql(f"({anyone.text})", anyone.params))
    if exclude_clients:
        where.append(_Sql(f"p.client_id NOT IN ({', '.join('?' * len(exclude_clients))})", tuple(exclude_clients)))
    used = {n for person in persons for n in person.fixed + person.answers}
    selected = _joined([_Sql(f"{c.text} AS c{i}", c.params) for i, c in enumerate(columns)], ", ")
    names = ", ".join(f"c{i}" for i in range(len(columns)))
    rows = _execute(_joined([
        _Sql(f"SELECT {names}, COUNT(DISTINCT person) FROM (SELECT"), selected,
        _Sql(f", p.client_id AS person {_from(used, stage == 'exit')} AND"), _joined(where, " AND "),
        _Sql(f") AS t GROUP BY {', '.join(str(i + 1) for i in range(len(columns)))}")], " "))
    checks = []
    decisive = "project" if "project" in elements else "agency"
    for i, person in enumerate(persons, start=1):
        states = {value: _member_states(person, value) for value in {row[i] for row in rows}}  # few distinct
        mine = [(row[0], *states[row[i]], row[-1]) for row in rows]
        typed_with = [other for other in persons if other is not person]
        checks.append(_person_check(person, mine, settings, decisive, typed_with, elements))
    return checks


def _context(person, variant, by_month):
    """SQL: the row matches the member's fixed elements in this profile variant."""
    year = variant["start_month"][0] if by_month else None
    context = _joined([_condition(n, variant[n], year) for n in person.fixed if n in variant], " AND ")
    return context if context.text else _Sql("1 = 1")


def _member_column(person):
    """SQL: one number per row for a member, so the rows are grouped by a few columns, not one per condition. Base-3
    digit a is the state of answer a (0 neither, 1 as typed, 2 as withheld); above them, bit v is set when the row
    matches the fixed context of profile variant v."""
    typed, base = person.variants[0], 3 ** len(person.answers)
    terms = [_case([(_condition(n, typed[n]), 3 ** a), (_condition(n, withheld_value(n)), 2 * 3 ** a)])
             for a, n in enumerate(person.answers)]
    terms += [_case([(context, base << v)]) for v, context in enumerate(person.contexts)]
    return _joined(terms, " + ")


def _member_states(person, value):
    """(context flags per variant, answer states) from a member's column."""
    flags, digits = divmod(value, 3 ** len(person.answers))
    return (tuple((flags >> v) & 1 for v in range(len(person.variants))),
            tuple(digits // 3 ** a % 3 for a in range(len(person.answers))))


def _shared_context(persons):
    """Fixed elements every member has, with one value in every profile: tested once in WHERE, on the index."""
    candidates = {"household_size", "household_type"}
    shared = {}
    for name in candidates:
        values = {v.get(name, NOT_STORED) for person in persons for v in person.variants}
        if len(values) == 1 and all(name in person.fixed for person in persons):
            shared[name] = values.pop()
    return shared


def _person_check(person, rows, settings, decisive, typed_with, elements):
    """Group sizes for one person from the grouped rows (project flag, variant flags, answer states, people) and
    from the members typed with them (in the same project, so in both counts)."""

    stored = Counter()  # (in the project only, profile variant, answer states) -> people stored so
    for in_this, matches, states, count in rows:
        for v in (v for v, matched in enumerate(matches) if matched):
            stored[False, v, states] += count
            if in_this:
                stored[True, v, states] += count

    def size(chosen, in_project):
        v = 1 if APPROXIMATE in chosen else 0
        wanted = tuple(2 if n in chosen else 1 for n in person.answers)
        typed = sum(1 for other in typed_with if stores_alike(person.variants[v], other.variants[v], elements, chosen))
        return 1 + stored[in_project, v, wanted] + typed

    check = Check(project_size=size(frozenset(), True), agency_size=size(frozenset(), False), k=settings.k,
                  decisive=decisive, proposal=None, levers=tuple(person.levers))
    if check.at_risk:
        group_size = (lambda chosen: size(chosen, decisive == "project"))  # noqa: E731
        check = replace(check, proposal=minimal_proposal(group_size, person.levers, settings.k))
    return check

def check_household(*, project: Any, settings: Settings, size: int, kind: str | None,
                    months: Sequence[tuple[int, int]]) -> list[int] | None:
    """How many other live households share the size, type and start month (per month given), in the project, or in
    the whole agency when the project is not counted."""
    wanted = [n for n in ("household_size", "household_type", "start_month") if n in settings.elements]
    if not wanted:
        return None
    scope = ("e.project_id", project.id) if "project" in settings.elements else ("e.agency_id", project.agency_id)
    where = [_Sql("e.relationship_to_hoh = 1 AND e.date_deleted IS NULL AND h.date_deleted IS NULL")]
    if "household_type" in wanted and kind is not None:
        where.append(_Sql("h.household_type = ?", (kind,)))
    if "household_size" in wanted:
        where.append(_Sql("h.household_size = ?", (size,)))
    if "start_month" in wanted:  # one index range of the heads per month, as in check_people
        ranges = [_month_range(m) for m in months]
        where.append(_Sql(f"({' OR '.join([f'({scope[0]} = ? AND e.entry_date BETWEEN ? AND ?)'] * len(ranges))})",
                          tuple(value for r in ranges for value in (scope[1], *r))))
        counts = _joined([_Sql("SUM(CASE WHEN e.entry_date BETWEEN ? AND ? THEN 1 ELSE 0 END)", r) for r in ranges],
                         ", ")
    else:
        where.append(_Sql(f"{scope[0]} = ?", (scope[1],)))
        counts = _Sql(", ".join(["COUNT(*)"] * len(months)))
    (row,) = _execute(_joined([_Sql(f"SELECT {counts.text} FROM \"{Enrollment._meta.table_name}\" e JOIN "
                                    f"\"{Household._meta.table_name}\" h ON h.id = e.household_id WHERE",
                                    counts.params), _joined(where, " AND ")], " "))
    return [int(n or 0) for n in row]


def _age_group_index(age):
    starts = (5, 13, 18, 25, 35, 45, 55, 65)
    return Case(None, [(age < start, i) for i, start in enumerate(starts)], len(starts))


def _destination_group_index(destination):
    return Case(None, [((destination >= low) & (destination < low + 100), low // 100) for low in (100, 200, 300, 400)],
                0)


def stored_profiles(enrollment_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
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
        "race": [Client.race_combination],  # one value per stored answer: the same groups as its 8 columns
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
    sizes = list(Enrollment.select(inner.c.size, fn.COUNT(SQL("*"))).from_(inner).group_by(inner.c.size).tuples())
    report = _summary(sizes, [], settings.k)
    if not report.below_k_total:
        return report
    # per element: the records below k that would reach k without it, counted in SQL
    reached = (Enrollment.select(*[fn.SUM(Case(None, [(getattr(inner.c, f"w_{name}") >= settings.k, 1)], 0))
                                   for name in columns])
               .from_(inner).where(inner.c.size < settings.k).tuples().get())
    below = []
    if limit:
        below = list(Enrollment.select(inner.c.household, inner.c.household_code, inner.c.client_code, inner.c.size)
                     .from_(inner).where(inner.c.size < settings.k).order_by(inner.c.size, inner.c.household)
                     .limit(limit).tuples())
    return replace(_summary(sizes, [(name, int(n or 0)) for name, n in zip(columns, reached)], settings.k),
                   below_k=below)


def agency_reports(agency_id, settings, project_ids, start=None, end=None, project_id=None):
    """project id -> its Report without the records list (the export page's summaries), as project_report counts
    it, for every project given, in one query over the agency: records are grouped into their classes (project and
    every element) once; each element's "without it" groups are then grouped from those classes, not from the
    records again (and GROUP BY sorts cheaper than a window per element). start, end and project_id: only the
    enrollments an export of that period and project carries (started on or before the end, no live exit before
    the start)."""
    columns = _stored_columns(settings.elements)
    every = [c for cols in columns.values() for c in cols]
    base = _base(agency_id, with_exit=False)
    if project_id is not None:
        base = base.where(Enrollment.project == project_id)
    if "exit_month" in columns or "destination_group" in columns or start is not None:
        base = base.switch(Enrollment).join(Exit, JOIN.LEFT_OUTER, on=(
            (Exit.enrollment == Enrollment.id) & Exit.date_deleted.is_null()))
    if end is not None:
        base = base.where(Enrollment.entry_date <= end)
    if start is not None:
        base = base.where(Exit.exit_date.is_null() | (Exit.exit_date >= start))
    classes, params = (base.select(Enrollment.project.alias("project"),
                                   *[c.alias(f"k{i}") for i, c in enumerate(every)], fn.COUNT(SQL("*")).alias("n"))
                       .group_by(*[SQL(str(i + 1)) for i in range(len(every) + 1)]).sql())
    keys, position = {}, 0  # element name -> its class columns
    for name, cols in columns.items():
        keys[name] = [f"k{i}" for i in range(position, position + len(cols))]
        position += len(cols)
    k = int(settings.k)
    parts = ["SELECT -1, project, n, SUM(n) FROM classes GROUP BY project, n"]  # records per group size
    for j, name in enumerate(columns):  # per element: the records below k that reach k without it
        rest = ", ".join(["project"] + [c for other, cols in keys.items() if other != name for c in cols])
        parts.append(f"SELECT {j}, project, 0, SUM(CASE WHEN w >= {k} THEN below ELSE 0 END) FROM (SELECT project, "
                     f"SUM(n) AS w, SUM(CASE WHEN n < {k} THEN n ELSE 0 END) AS below FROM classes "
                     f"GROUP BY {rest}) AS g{j} GROUP BY project")
    rows = db.execute_sql(f"WITH classes AS MATERIALIZED ({classes}) {' UNION ALL '.join(parts)}", params)
    sizes = {project_id: [] for project_id in project_ids}
    reached = {project_id: [0] * len(columns) for project_id in project_ids}
    for kind, project_id, size, total in rows:
        if project_id in sizes and kind < 0:
            sizes[project_id].append((size, int(total)))
        elif project_id in sizes:
            reached[project_id][kind] = int(total or 0)
    return {project_id: _summary(sizes[project_id], list(zip(columns, reached[project_id])), k)
            for project_id in project_ids}


def _summary(sizes, reached, k):
    """A Report from (group size, records in groups of that size) and (element, below-k records it holds)."""
    bands = dict.fromkeys(reid.size_bands(k), 0)
    for size, records in sizes:
        bands[reid.size_band(size, k)] += records
    below_total = sum(records for size, records in sizes if size < k)
    contributions = sorted(reached, key=lambda pair: -pair[1]) if below_total else []
    return Report(records=sum(records for _, records in sizes), bands=bands, below_k=[],
                  below_k_total=below_total, contributions=[c for c in contributions if c[1]])


def stored_at_least(project: Any, *, whole_agency: bool, enough: int) -> int:
    """How many live enrollments the project (or its whole agency) stores, counted up to `enough` only: the check
    needs to know whether there are enough, and counting all would scan the project."""
    scope = Enrollment.agency == project.agency_id if whole_agency else Enrollment.project == project.id
    return (Enrollment.select(Enrollment.id).where(scope, Enrollment.date_deleted.is_null())
            .limit(enough).count())


def clients_of(enrollment_ids: Iterable[int]) -> list[int]:
    """The clients of these enrollments (their own records are not counted against them)."""
    return [c for (c,) in Enrollment.select(Enrollment.client).where(Enrollment.id.in_(list(enrollment_ids))).tuples()]


def save_settings(user, agency, *, k, elements):
    """The agency's k and elements, with their audit event."""
    with write_transaction():
        agency.reid_k, agency.reid_elements = k, ",".join(elements)
        agency.date_updated = utcnow()
        agency.save()
        AuditEvent.record(user, "update", "agency", agency.id, ["reid_k", "reid_elements"])
