"""Each HUD question laid out as HUD lays it out, from counts the database has already aggregated.

A "grid" is {category: {household type: persons}}, household types as stored (rules.HOUSEHOLD_COLUMNS keys).
"""
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, TypeVar

from . import rules
from .layout import Cell, Table, average, median, percentage
from .rules import DATA_NOT_COLLECTED, DKPTR, HOUSEHOLD_COLUMNS, HOUSEHOLD_HEADER

_TYPES = tuple(HOUSEHOLD_COLUMNS)
Category = TypeVar("Category")  # a grid's row key: an answer code, an age class, a bracket...
Grid = Mapping[Category, Mapping[str, int]]
Row = tuple[str, tuple[Cell, ...]]


def _columns(counts: Mapping[str, int]) -> tuple[int, ...]:
    """Total then the four household-type columns."""
    return (sum(counts.values()), *(counts.get(t, 0) for t in _TYPES))


def _by_type(counts: Mapping[str, int], blank: tuple[str, ...] = ()) -> tuple[int | None, ...]:
    """Total then the four household-type columns; `blank` names the impossible columns."""
    return tuple(None if HOUSEHOLD_HEADER[i] in blank else value for i, value in enumerate(_columns(counts)))


def _merge(grid: Grid[Category], keys: Iterable[Category]) -> dict[str, int]:
    merged: defaultdict[str, int] = defaultdict(int)
    for key in keys:
        for household_type, n in grid.get(key, {}).items():
            merged[household_type] += n
    return merged


def _everyone(grid: Grid[Category]) -> dict[str, int]:
    return _merge(grid, list(grid))


def _coded_rows(grid: Grid[int | None],
                row_specs: Iterable[tuple[str, tuple[int | None, ...] | None]]) -> list[Row]:
    """Rows from (label, codes) specs: a None spec is a heading row with blank cells."""
    return [(label, (None,) * 5 if specs is None else _by_type(_merge(grid, specs))) for label, specs in row_specs]


def q4a(projects: Iterable[Mapping[str, Any]], start: date, end: date, software: str) -> Table:
    header = ("Organization Name", "Organization ID", "Project Name", "Project ID", "HMIS Project Type",
              "RRH Subtype", "Coordinated Entry Access Point", "Affiliated with a residential project",
              "Project IDs of affiliations", "CoC Number", "Geocode", "Victim Service Provider", "HMIS Software Name",
              "Report Start Date", "Report End Date", "Total Active Clients", "Total Active Households")
    rows = [(p["organization_name"], (p["organization_id"], p["name"], p["id"], p["project_type"], p["rrh_sub_type"],
                                      0, 0, None, p["coc_code"], p["geocode"], p["victim_service_provider"], software,
                                      start.isoformat(), end.isoformat(), p["persons"], p["households"]))
            for p in projects]
    return Table("Q4a", "Project Identifiers in HMIS", header, tuple(rows))


Q5A_ROWS = (
    ("Total number of persons served", "persons"),
    ("Number of adults (age 18 or over)", "adults"),
    ("Number of children (under age 18)", "children"),
    ("Number of persons with unknown age", "unknown_age"),
    ("Number of leavers", "leavers"),
    ("Number of adult leavers", "adult_leavers"),
    ("Number of adult and head of household leavers", "adult_hoh_leavers"),
    ("Number of stayers", "stayers"),
    ("Number of adult stayers", "adult_stayers"),
    ("Number of veterans", "veterans"),
    ("Number of chronically homeless persons", "chronically_homeless"),
    ("Number of youth under age 25", "youth"),
    ("Number of parenting youth under age 25 with children", "parenting_youth"),
    ("Number of adult heads of household", "adult_heads"),
    ("Number of child and unknown-age heads of household", "child_unknown_heads"),
    ("Heads of households and adult stayers in the project 365 days or more", "long_stayers"),
)


def q5a(for_dq: Mapping[str, int], everyone: Mapping[str, int]) -> Table:
    """Column B counts persons for data quality (street outreach: only engaged clients), C everyone.

    A key missing from the counts is a row the app cannot compute: its cells stay blank."""
    rows = [(label, (for_dq.get(key), everyone.get(key))) for label, key in Q5A_ROWS]
    return Table("Q5a", "Report Validations Table", ("Category", "Count of Clients for DQ", "Count of Clients"),
                 tuple(rows))


def _dq_row(label: str, dkptr: int | None, missing: int | None, issues: int | None, total: int,
            denominator: int) -> Row:
    return label, (dkptr, missing, issues, total, percentage(total, denominator))


def q6a(c: Mapping[str, int]) -> Table:
    """PII data quality; `c` holds per element dkptr/missing/issues/total counts, `any_issue` and `persons`."""
    header = ("Data Element", DKPTR, "Information Missing", "Data Issues", "Total", "% of Error Rate")
    n = c["persons"]
    rows = [_dq_row(label, c[f"{key}_dkptr"], c[f"{key}_missing"], c.get(f"{key}_issues"), c[f"{key}_total"], n)
            for label, key in (("Name (3.01)", "name"), ("Social Security Number (3.02)", "ssn"),
                               ("Date of Birth (3.03)", "dob"), ("Race/Ethnicity (3.04)", "race"))]
    rows.append(("Overall Score", (None, None, None, c["any_issue"], percentage(c["any_issue"], n))))
    return Table("Q6a", "Data Quality: Personally Identifying Information", header, tuple(rows))


def q6b(c: Mapping[str, int]) -> Table:
    header = ("Data Element", DKPTR, "Information Missing", "Data Issues", "Total", "% of Issue Rate")
    veteran_total = c["veteran_dkptr"] + c["veteran_missing"] + c["veteran_issues"]
    disabling_total = c["disabling_dkptr"] + c["disabling_missing"] + c["disabling_issues"]
    relationship_total = c["relationship_missing"] + c["relationship_issues"]
    coc_total = c["coc_missing"] + c["coc_issues"]
    rows = (
        _dq_row("Veteran Status (3.07)", c["veteran_dkptr"], c["veteran_missing"], c["veteran_issues"],
                veteran_total, c["known_age"]),
        _dq_row("Project Start Date (3.10)", None, None, c["start_issues"], c["start_issues"], c["persons"]),
        _dq_row("Relationship to Head of Household (3.15)", None, c["relationship_missing"],
                c["relationship_issues"], relationship_total, c["persons"]),
        _dq_row("Enrollment CoC (3.16)", None, c["coc_missing"], c["coc_issues"], coc_total, c["heads"]),
        _dq_row("Disabling Condition (3.08)", c["disabling_dkptr"], c["disabling_missing"], c["disabling_issues"],
                disabling_total, c["persons"]),
    )
    return Table("Q6b", "Data Quality: Universal Data Elements", header, rows)


def q6c(c: Mapping[str, int]) -> Table:
    header = ("Data Element", DKPTR, "Information Missing", "Data Issues", "Total", "% of Issue Rate")
    rows = (
        _dq_row("Destination (3.12)", c["destination_dkptr"], c["destination_missing"], None,
                c["destination_total"], c["leavers"]),
        *(_dq_row(label, c[f"{key}_dkptr"], c[f"{key}_missing"], c[f"{key}_issues"], c[f"{key}_total"],
                  c[f"{key}_expected"])
          for label, key in (("Income and Sources (4.02) at Start", "income_start"),
                             ("Income and Sources (4.02) at Annual Assessment", "income_annual"),
                             ("Income and Sources (4.02) at Exit", "income_exit"))),
    )
    return Table("Q6c", "Data Quality: Income and Housing Data Quality", header, rows)


Q6D_COUNTS = ("records", "institution", "housing", "date", "times", "months", "any")


def q6d(by_type: Mapping[int, Mapping[str, int]]) -> Table:
    """by_type: {project type: {Q6D_COUNTS name: HoH and adults}}; institution and housing are 0 for ES, SO, SH."""
    header = ("Entering into project type", "Count of total records", "Missing time in institution (3.917.2)",
              "Missing time in housing (3.917.2)",
              "Approximate date this episode started (3.917.3) DK/PNTA/missing",
              "Number of times (3.917.4) DK/PNTA/missing", "Number of months (3.917.5) DK/PNTA/missing",
              "% of records unable to calculate")
    rows: list[Row] = []
    total, unable = 0, 0
    for index, (label, types) in enumerate(rules.CHRONIC_DQ_GROUPS):
        c = {name: sum(by_type.get(t, {}).get(name, 0) for t in types) for name in Q6D_COUNTS}
        # HUD leaves 3.917.2 blank for ES, SO and SH (3.917A): their episode questions are asked of everyone.
        institution, housing = (None, None) if index == 0 else (c["institution"], c["housing"])
        rows.append((label, (c["records"], institution, housing, c["date"], c["times"], c["months"],
                             percentage(c["any"], c["records"]))))
        total, unable = total + c["records"], unable + c["any"]
    rows.append(("Total", (total, None, None, None, None, None, percentage(unable, total))))
    return Table("Q6d", "Data Quality: Chronic Homelessness", header, tuple(rows))


Q6E_NOTE = ("Households whose dates are approximated have their record timestamps moved by the same number of days "
            "as their dates, so the days from a start or exit to its record are the true ones: they are counted "
            "like every other record.")


def q6e(starts: Mapping[int, int], exits: Mapping[int, int]) -> Table:
    """starts, exits: {days from the Project Start (Exit) Date to the record's creation: records}."""
    def by_row(days_counts: Mapping[int, int]) -> defaultdict[str, int]:
        counts: defaultdict[str, int] = defaultdict(int)
        for days, n in days_counts.items():
            counts[rules.timeliness_row(days)] += n
        return counts
    start_rows, exit_rows = by_row(starts), by_row(exits)
    rows = tuple((label, (start_rows[label], exit_rows[label])) for label, _, _ in rules.TIMELINESS_ROWS)
    return Table("Q6e", "Data Quality: Timeliness",
                 ("Time for Record Entry", "Number of Project Start Records", "Number of Project Exit Records"),
                 rows, note=Q6E_NOTE)


Q6F_NOTE = ("This app records no Current Living Situation contacts and no Street Outreach Date of Engagement, so the "
            "contact row is always zero. The bed night row counts night-by-night shelter stayers who started 90 "
            "days or more before the report end, and those of them with no bed night in the last 90 days.")


def q6f(bed_nights: int, inactive: int) -> Table:
    """bed_nights: ES night-by-night stayers of 90 days or more; inactive: those with no recent bed night."""
    rows = (("Contact (Adults and Heads of Household in Street Outreach or PATH-funded SSO)", (0, 0, percentage(0, 0))),
            ("Bed Night (All clients in ES \u2013 NbN)", (bed_nights, inactive, percentage(inactive, bed_nights))))
    return Table("Q6f", "Data Quality: Inactive Records: Street Outreach and Emergency Shelter",
                 ("Data Element", "# of Records", "# of Inactive Records", "% of Inactive Records"), rows,
                 note=Q6F_NOTE)


def q7a(ages: Grid[str], moved_in: Mapping[str, int]) -> Table:
    """ages: {age class (rules.age_class): {household type: persons}}; moved_in: {household type: persons}."""
    rows = (
        ("Adults", _by_type(ages.get("adult", {}), blank=("With Only Children",))),
        ("Children", _by_type(ages.get("child", {}), blank=("Without Children",))),
        (DKPTR, _by_type(ages.get("dkptr", {}))),
        (DATA_NOT_COLLECTED, _by_type(ages.get("dnc", {}))),
        ("Total", _by_type(_everyone(ages))),
        ("For PSH & RRH - the total persons served who moved into housing", _by_type(moved_in)),
    )
    return Table("Q7a", "Number of Persons Served", (" ", *HOUSEHOLD_HEADER), rows)


def q8a(heads: Mapping[str, int], moved_in: Mapping[str, int]) -> Table:
    rows = (("Total Households", _by_type(heads)),
            ("For PSH & RRH - the total households served who moved into housing", _by_type(moved_in)))
    return Table("Q8a", "Number of Households Served", (" ", *HOUSEHOLD_HEADER), rows)


def q11(ages: Grid[str]) -> Table:
    """ages: {bracket label, "dkptr" or "dnc": {household type: persons}}."""
    rows = []
    for label, low in rules.AGE_BRACKETS:
        blank = ("Without Children",) if low < 18 else ("With Only Children",)
        rows.append((label, _by_type(ages.get(label, {}), blank=blank)))
    rows += [(DKPTR, _by_type(ages.get("dkptr", {}))), (DATA_NOT_COLLECTED, _by_type(ages.get("dnc", {}))),
             ("Total", _by_type(_everyone(ages)))]
    return Table("Q11", "Age", (" ", *HOUSEHOLD_HEADER), tuple(rows))


def q12(races: Grid[tuple[frozenset[int], int | None]]) -> Table:
    """races: {(frozenset of race numbers, RaceNone): {household type: persons}}."""
    by_row: defaultdict[str, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (numbers, race_none), counts in races.items():
        for household_type, n in counts.items():
            by_row[rules.race_row(numbers, race_none)][household_type] += n
    rows = [(label, _by_type(by_row.get(label, {}))) for label in rules.RACE_ROWS]
    rows.append(("Total", _by_type(_everyone(by_row))))
    return Table("Q12", "Race and Ethnicity", (" ", *HOUSEHOLD_HEADER), tuple(rows))


def q14a(answers: Grid[int | None]) -> Table:
    """answers: {latest 4.11 DomesticViolenceSurvivor of HoH and adults: {household type: persons}}."""
    rows = (("Yes", _by_type(answers.get(1, {}))), ("No", _by_type(answers.get(0, {}))),
            (DKPTR, _by_type(_merge(answers, (8, 9)))), (DATA_NOT_COLLECTED, _by_type(_merge(answers, (99, None)))),
            ("Total", _by_type(_everyone(answers))))
    return Table("Q14a", "Domestic Violence History", (" ", *HOUSEHOLD_HEADER), rows)


def q14b(when: Grid[int | None]) -> Table:
    """when: {WhenOccurred of HoH and adults who answered Yes: {household type: persons}}."""
    rows = (("Within the past three months", _by_type(when.get(1, {}))),
            ("Three to six months ago", _by_type(when.get(2, {}))),
            ("Six months to one year", _by_type(when.get(3, {}))),
            ("One year ago, or more", _by_type(when.get(4, {}))),
            (DKPTR, _by_type(_merge(when, (8, 9)))), (DATA_NOT_COLLECTED, _by_type(_merge(when, (99, None)))),
            ("Total", _by_type(_everyone(when))))
    return Table("Q14b", "Most recent experience of domestic violence, sexual assault, dating violence, stalking, "
                 "or human trafficking", (" ", *HOUSEHOLD_HEADER), rows)


def q15(situations: Grid[int | None]) -> Table:
    """situations: {3.917 LivingSituation of HoH and adults: {household type: persons}}."""
    rows = _coded_rows(situations, rules.LIVING_SITUATION_ROWS) + [("Total", _by_type(_everyone(situations)))]
    return Table("Q15", "Living Situation", (" ", *HOUSEHOLD_HEADER), tuple(rows))


def q22a(kind: str, stays: Mapping[tuple[bool, int], int]) -> Table:
    """stays: {(leaver?, length of stay in days): persons}; APR brackets (Q22a1) or CAPER brackets (Q22a2)."""
    brackets, name = (rules.LOS_APR, "Q22a1") if kind == "apr" else (rules.LOS_CAPER, "Q22a2")
    rows = []
    for label, low, high in brackets:
        leavers = sum(n for (leaver, days), n in stays.items() if leaver and rules.in_bracket(days, low, high))
        stayers = sum(n for (leaver, days), n in stays.items() if not leaver and rules.in_bracket(days, low, high))
        rows.append((label, (leavers + stayers, leavers, stayers)))
    leavers = sum(n for (leaver, _), n in stays.items() if leaver)
    stayers = sum(n for (leaver, _), n in stays.items() if not leaver)
    rows.append(("Total", (leavers + stayers, leavers, stayers)))
    title = "Length of Participation - CoC Projects" if kind == "apr" else "Length of Participation - ESG Projects"
    return Table(name, title, (" ", "Total", "Leavers", "Stayers"), tuple(rows))


def q22b(stays: Mapping[tuple[bool, int], int]) -> Table:
    """Average and median length of participation in days (APR only)."""
    leavers: defaultdict[int, int] = defaultdict(int)
    stayers: defaultdict[int, int] = defaultdict(int)
    for (leaver, days), n in stays.items():
        (leavers if leaver else stayers)[days] += n
    rows = (("Average Length", (average(leavers), average(stayers))),
            ("Median Length", (median(leavers), median(stayers))))
    return Table("Q22b", "Average and Median Length of Participation in Days", (" ", "Leavers", "Stayers"), rows)


def q22d(stays: Grid[int]) -> Table:
    """stays: {length of stay in days: {household type: persons}} (CAPER)."""
    rows = [(label, _by_type(_merge(stays, [days for days in stays if rules.in_bracket(days, low, high)])))
            for label, low, high in rules.LOS_BY_TYPE]
    rows.append(("Total", _by_type(_everyone(stays))))
    return Table("Q22d", "Length of Participation by Household Type", (" ", *HOUSEHOLD_HEADER), tuple(rows))


def q23c(destinations: Grid[tuple[int | None, int]]) -> Table:
    """destinations: {(destination as reported, project type): {household type: leavers}}."""
    by_code: defaultdict[int | None, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
    positive: defaultdict[str, int] = defaultdict(int)
    excluded: defaultdict[str, int] = defaultdict(int)
    for (destination, project_type), counts in destinations.items():
        for household_type, n in counts.items():
            by_code[destination][household_type] += n
            if rules.positive_destination(destination, project_type):
                positive[household_type] += n
            if rules.excluded_destination(destination, project_type):
                excluded[household_type] += n
    rows = _coded_rows(by_code, rules.DESTINATION_ROWS)
    total, positive_cells, excluded_cells = _columns(_everyone(by_code)), _columns(positive), _columns(excluded)
    rows += [("TOTAL", total),
             ("Total persons exiting to positive housing destinations", positive_cells),
             ("Total persons whose destinations excluded them from the calculation", excluded_cells),
             ("Percentage of persons exiting to positive housing destinations",
              tuple(percentage(p, t - x) for p, t, x in zip(positive_cells, total, excluded_cells)))]
    return Table("Q23c", "Exit Destination", (" ", *HOUSEHOLD_HEADER), tuple(rows))


def q24e(sexes: Grid[int | None]) -> Table:
    """sexes: {4.21 Sex: {household type: persons}}."""
    rows = (("Female", _by_type(sexes.get(0, {}))), ("Male", _by_type(sexes.get(1, {}))),
            (DKPTR, _by_type(_merge(sexes, (8, 9)))), ("Data not collected", _by_type(_merge(sexes, (99, None)))),
            ("Total", _by_type(_everyone(sexes))))
    return Table("Q24e", "Sex", (" ", *HOUSEHOLD_HEADER), rows)


def question_names(kind: str) -> tuple[str, ...]:
    """The tables of each report, in HUD's order."""
    q22 = ("Q22a1", "Q22b") if kind == "apr" else ("Q22a2", "Q22d")
    return ("Q4a", "Q5a", "Q6a", "Q6b", "Q6c", "Q6d", "Q6e", "Q6f", "Q7a", "Q8a", "Q11", "Q12", "Q14a", "Q14b",
            "Q15", *q22, "Q23c", "Q24e")
