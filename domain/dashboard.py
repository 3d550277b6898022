"""Rules of the program performance dashboard: HUD's brackets and groups, small-count suppression, percentages
and the geometry of its bar charts. No Flask, no Peewee: the counts come in as plain dicts from models.dashboard.

Reference: the team's HUD standards reference (hmis-standards.md) section 6 (APR/CAPER Q7a, Q8a, Q15, Q22a1/b, Q23c).
"""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from domain import codes
from domain.households import HOUSEHOLD_TYPES
from domain.periods import period_problem

DEFAULT_THRESHOLD = 11
AGE_BUCKETS = (("adult", "Adults"), ("child", "Children"), ("unknown", "Age unknown"))
# Q22a1 length of participation: (key, label, first day, last day or None).
LOS_BRACKETS = (
    ("0-30", "30 days or less", 0, 30),
    ("31-60", "31 to 60 days", 31, 60),
    ("61-90", "61 to 90 days", 61, 90),
    ("91-180", "91 to 180 days", 91, 180),
    ("181-365", "181 to 365 days", 181, 365),
    ("366-730", "366 to 730 days (1-2 years)", 366, 730),
    ("731-1095", "731 to 1,095 days (2-3 years)", 731, 1095),
    ("1096-1460", "1,096 to 1,460 days (3-4 years)", 1096, 1460),
    ("1461-1825", "1,461 to 1,825 days (4-5 years)", 1461, 1825),
    ("1826+", "More than 1,825 days (more than 5 years)", 1826, None),
)
# Q15 and Q23c rows: HUD's groups by code range, then the missing-data answers apart.
SITUATION_GROUPS = ("Homeless", "Institutional", "Temporary", "Permanent", "Other")
PRIOR_GROUPS = ("Homeless", "Institutional", "Temporary", "Permanent", "Doesn't know or prefers not to answer",
                "Data not collected")
DESTINATION_GROUPS = ("Permanent", "Temporary", "Institutional", "Homeless", "Other")
# Data quality: (key, HUD element, who is asked); Name, SSN and DOB are privacy choices by design.
QUALITY_ELEMENTS = (
    ("name", "Name (3.01)", "everyone", True),
    ("ssn", "Social Security Number (3.02)", "everyone", True),
    ("dob", "Date of Birth (3.03)", "everyone", True),
    ("race", "Race and Ethnicity (3.04)", "everyone", False),
    ("sex", "Sex (4.21)", "everyone", False),
    ("veteran", "Veteran Status (3.07)", "adults", False),
    ("disabling", "Disabling Condition (3.08)", "everyone", False),
    ("prior", "Prior Living Situation (3.917)", "heads of household and adults", False),
    ("destination", "Destination (3.12)", "leavers", False),
)
QUALITY_ANSWERS = (("8", "Client doesn't know"), ("9", "Client prefers not to answer (privacy choice)"),
                   ("99", "Data not collected or blank (gap)"))


def range_problem(start: date | None, end: date | None) -> str | None:
    """Why a report period cannot be used, or None."""
    return period_problem(start, end, order_message="The end date must be on or after the start date.",
                          subject="A report")


def default_range(today: date) -> tuple[date, date]:
    """The last 12 months, today included."""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # February 29
        year_ago = today.replace(year=today.year - 1, day=28)
    return date.fromordinal(year_ago.toordinal() + 1), today


def los_bracket(days: int) -> str:
    """The Q22a1 bracket key for a length of stay in days."""
    for key, _, low, high in LOS_BRACKETS:
        if days >= low and (high is None or days <= high):
            return key
    raise ValueError(f"A length of stay cannot be negative ({days} days).")


def prior_group(code: int | None) -> str:
    """Q15 row group of a 3.917 Prior Living Situation code."""
    if code in (codes.CLIENT_DOESNT_KNOW, codes.PREFERS_NOT_TO_ANSWER):
        return PRIOR_GROUPS[4]
    if code is None or code == codes.DATA_NOT_COLLECTED:
        return PRIOR_GROUPS[5]
    return codes.living_situation_group(code)


def destination_group(code: int) -> str:
    """Q23c group of a 3.12 Destination; 8, 9, 17, 24, 30 and 99 are "Other"."""
    return codes.living_situation_group(code)


def median(counts: dict[int, int]) -> float | None:
    """Median of values given as value -> how many times it occurs (the mean of the middle two when even)."""
    total = sum(counts.values())
    if not total:
        return None
    middle, seen, lower = (total - 1) // 2, 0, None
    for value in sorted(counts):
        seen += counts[value]
        if lower is None and seen > middle:
            lower = value
        if seen > total // 2:
            return (lower + value) / 2
    raise AssertionError("unreachable")  # pragma: no cover


def average(counts: dict[int, int]) -> float | None:
    total = sum(counts.values())
    return sum(value * n for value, n in counts.items()) / total if total else None


def percent(part: int, whole: int) -> str:
    """A share with one decimal, "–" when there is nothing to divide by."""
    if not whole:
        return "–"
    return f"{Decimal(part * 100) / Decimal(whole):.1f}%"


@dataclass(frozen=True)
class Suppression:
    """Counts below the threshold are hidden when the report leaves the agency ("for sharing")."""
    on: bool = False
    threshold: int = DEFAULT_THRESHOLD

    def hides(self, count: int | None) -> bool:
        return self.on and count is not None and 0 < count < self.threshold

    def show(self, count: int | None) -> str:
        if count is None:
            return ""
        return f"<{self.threshold}" if self.hides(count) else f"{count:,}"

    def csv(self, count: int | None) -> str:
        return "" if count is None or self.hides(count) else str(count)


@dataclass(frozen=True)
class Cell:
    count: int | None           # None: a cell HUD leaves blank (e.g. children in "Without children")
    text: str                   # what the page shows: "1,204", "<11", "12.5%", "34.0 days"
    csv: str                    # what the CSV holds (blank when suppressed)
    key: str | None = None      # the drill-down key of a count cell; None when there is nothing to open


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple
    kind: str = "item"          # "item", "group" (a subtotal), "total" or "note"


@dataclass
class Table:
    key: str
    title: str
    columns: tuple
    rows: list = field(default_factory=list)
    chart: object = None
    notes: list = field(default_factory=list)

    @property
    def empty(self):
        return not any(c.count for r in self.rows for c in r.cells if c.count is not None)


def count_cell(count, suppression, key):
    return Cell(count, suppression.show(count), suppression.csv(count), key if count and not suppression.on else None)


def share_cell(part, whole, suppression):
    """A percentage, hidden when the count it is based on is suppressed."""
    if suppression.hides(part) or suppression.hides(whole):
        return Cell(None, "suppressed", "")
    text = percent(part, whole)
    return Cell(None, text, "" if text == "–" else text)


def number_cell(value, suppression, hidden_by=None, unit=""):
    """A derived number (days, dollars); hidden when the count it rests on is suppressed."""
    if value is None:
        return Cell(None, "–", "")
    if hidden_by is not None and suppression.hides(hidden_by):
        return Cell(None, "suppressed", "")
    if isinstance(value, Decimal):
        return Cell(None, f"${value:,.2f}", f"{value:.2f}")
    return Cell(None, f"{value:,.1f}{unit}", f"{value:.2f}")


# --- tables from counts -------------------------------------------------------------------------------------

def people_table(counts, s):
    """Q7a: counts[(bucket, household type)] of distinct people."""
    types = HOUSEHOLD_TYPES
    columns = ("Total", *types)
    rows = []
    for bucket, label in AGE_BUCKETS:
        per_type = [counts.get((bucket, t), 0) for t in types]
        cells = [count_cell(sum(per_type), s, f"age={bucket}")]
        for t, n in zip(types, per_type):
            impossible = (bucket == "child" and t == "Without children") or (
                bucket == "adult" and t == "With only children")
            cells.append(Cell(None, "", "") if impossible else count_cell(n, s, f"age={bucket};type={t}"))
        rows.append(Row(label, tuple(cells)))
    totals = [sum(counts.get((b, t), 0) for b, _ in AGE_BUCKETS) for t in types]
    rows.append(Row("Total people served", (count_cell(sum(totals), s, "all"),
                                            *(count_cell(n, s, f"type={t}") for t, n in zip(types, totals))),
                    "total"))
    table = Table("people", "People served", columns, rows)
    table.chart = bar_chart([(label, r.cells[0]) for (_, label), r in zip(AGE_BUCKETS, rows)], s)
    return table


def households_table(counts, s):
    """Q8a: counts[household type] of households, counted through their heads."""
    rows = [Row(t, (count_cell(counts.get(t, 0), s, f"type={t}"),)) for t in HOUSEHOLD_TYPES]
    rows.append(Row("Total households", (count_cell(sum(counts.values()), s, "all"),), "total"))
    table = Table("households", "Households served by type", ("Households",), rows)
    table.chart = bar_chart([(r.label, r.cells[0]) for r in rows[:-1]], s)
    return table


def _grouped_rows(counts, groups, group_of, labels, key, s, itemised=SITUATION_GROUPS):
    """A row per group, each followed by its codes' rows when the group is itemised; (rows, by group, total)."""
    by_group = {g: {} for g in groups}
    for code, n in counts.items():
        by_group[group_of(code)][code] = n
    total = sum(counts.values())
    rows = []
    for group in groups:
        group_total = sum(by_group[group].values())
        rows.append(Row(group, (count_cell(group_total, s, f"{key}={group}"), share_cell(group_total, total, s)),
                        "group"))
        if group in itemised:
            for code in sorted(by_group[group]):
                n = by_group[group][code]
                rows.append(Row(labels.get(code, str(code)),
                                (count_cell(n, s, f"{key}_code={code}"), share_cell(n, total, s))))
    return rows, by_group, total


def prior_table(counts, s):
    """Q15: counts[3.917 code or None] of heads of household and adults."""
    rows, _, total = _grouped_rows(counts, PRIOR_GROUPS, prior_group, codes.PRIOR_LIVING_SITUATION, "prior", s)
    rows.append(Row("Total heads of household and adults", (count_cell(total, s, "all"), share_cell(total, total, s)),
                    "total"))
    table = Table("prior", "Prior Living Situation (heads of household and adults)", ("People", "Share"), rows)
    table.chart = bar_chart([(r.label, r.cells[0]) for r in rows if r.kind == "group"], s)
    return table


def services_table(rows_in, s):
    """Services and financial assistance by type: rows_in = [(type id, name, is FA, count, households, dollars)]."""
    rows = []
    for type_id, name, fa, count, households, dollars in rows_in:
        rows.append(Row(name, (count_cell(count, s, f"service={type_id}"), count_cell(households, s, f"service={type_id}"),
                               number_cell(Decimal(dollars), s, hidden_by=households) if fa and dollars is not None
                               else Cell(None, "–" if fa else "", ""))))
    count = sum(r[3] for r in rows_in)
    dollars = sum((Decimal(r[5]) for r in rows_in if r[2] and r[5] is not None), Decimal(0))
    fa_services = sum(r[3] for r in rows_in if r[2])
    rows.append(Row("All services", (count_cell(count, s, None), Cell(None, "", ""),
                                     number_cell(dollars, s, hidden_by=fa_services)), "total"))
    table = Table("services", "Services and financial assistance", ("Services given", "Households", "Dollars"), rows)
    table.chart = bar_chart([(r.label, r.cells[0]) for r in rows[:-1]], s)
    table.notes.append("A household is counted once per type of service; dollars are financial assistance only.")
    return table


def length_of_stay_table(days, s):
    """Q22a1 and Q22b: days[(is leaver, length in days)] = people."""
    leavers = {d: n for (leaver, d), n in days.items() if leaver}
    stayers = {d: n for (leaver, d), n in days.items() if not leaver}
    rows = []
    for key, label, _, _ in LOS_BRACKETS:
        counts = [sum(n for d, n in group.items() if los_bracket(d) == key) for group in (leavers, stayers)]
        rows.append(Row(label, (count_cell(sum(counts), s, f"los={key}"),
                                count_cell(counts[0], s, f"los={key};leaver=1"),
                                count_cell(counts[1], s, f"los={key};leaver=0"))))
    n_leavers, n_stayers = sum(leavers.values()), sum(stayers.values())
    rows.append(Row("Total", (count_cell(n_leavers + n_stayers, s, "all"), count_cell(n_leavers, s, "leaver=1"),
                              count_cell(n_stayers, s, "leaver=0")), "total"))
    both = {d: leavers.get(d, 0) + stayers.get(d, 0) for d in set(leavers) | set(stayers)}
    for name, fn in (("Average length in days", average), ("Median length in days", median)):
        rows.append(Row(name, (number_cell(fn(both), s, n_leavers + n_stayers),
                               number_cell(fn(leavers), s, n_leavers), number_cell(fn(stayers), s, n_stayers)),
                        "note"))
    table = Table("length_of_stay", "Length of stay", ("Total", "Leavers", "Stayers"), rows)
    pairs = [(f"{b[0]} days, {who}", r.cells[column]) for b, r in zip(LOS_BRACKETS, rows)
             for who, column in (("leavers", 1), ("stayers", 2))]
    table.chart = bar_chart(pairs, s, hatched=lambda i: i % 2 == 1)  # stayers hatched, beside the leavers
    table.notes.append("Length of stay = exit date (or the day after the report's end, for stayers) minus the "
                       "Project Start Date, from stored dates.")
    return table


def destinations_table(counts, s):
    """Q23c: counts[3.12 code] of leavers, grouped, with the share exiting to permanent housing."""
    rows, by_group, total = _grouped_rows(counts, DESTINATION_GROUPS, destination_group, codes.DESTINATION,
                                          "destination", s, itemised=DESTINATION_GROUPS)
    rows.append(Row("Total leavers", (count_cell(total, s, "all"), share_cell(total, total, s)), "total"))
    permanent = sum(by_group["Permanent"].values())
    rows.append(Row("Share exiting to permanent housing", (share_cell(permanent, total, s), Cell(None, "", "")),
                    "note"))
    table = Table("destinations", "Destinations of leavers", ("Leavers", "Share"), rows)
    table.chart = bar_chart([(r.label, r.cells[0]) for r in rows if r.kind == "group"], s)
    return table


def quality_table(counts, s):
    """Data quality: counts[element] = (asked, 8s, 9s, 99s or blanks)."""
    rows = []
    for key, label, who, by_design in QUALITY_ELEMENTS:
        asked, *answers = counts.get(key, (0, 0, 0, 0))
        cells = [count_cell(asked, s, None)]
        for (code, _), n in zip(QUALITY_ANSWERS, answers):
            cells += [count_cell(n, s, f"quality={key};answer={code}"), share_cell(n, asked, s)]
        rows.append(Row(f"{label}, {who}" + (" — a privacy choice by design" if by_design else ""), tuple(cells),
                        "note" if by_design else "item"))
    columns = ("Asked", "Doesn't know (8)", "Share", "Privacy choice (9)", "Share", "Gap: not collected (99) or blank",
               "Share")
    table = Table("quality", "Data quality", columns, rows)
    table.chart = bar_chart([(f"{label}: gaps", cell) for (_, label, _, by_design), row in zip(QUALITY_ELEMENTS, rows)
                             if not by_design for cell in row.cells[5:6]], s)
    table.notes.append("“Client prefers not to answer” (9) is a deliberate safety choice, shown apart from real gaps. "
                       "Name, SSN and date of birth are never stored, so their 9s are by design.")
    return table


def dashboard_tables(counts, suppression):
    """Every table of the dashboard, in page order, from models.dashboard.all_counts()."""
    return [people_table(counts["people"], suppression), households_table(counts["households"], suppression),
            prior_table(counts["prior"], suppression), services_table(counts["services"], suppression),
            length_of_stay_table(counts["length_of_stay"], suppression),
            destinations_table(counts["destinations"], suppression), quality_table(counts["quality"], suppression)]


CELL_WORDS = {"age": "Age", "type": "Household type", "prior": "Prior living situation", "los": "Length of stay",
              "leaver": "Leaver or stayer", "destination": "Destination", "quality": "Element", "answer": "Answer",
              "service": "Service type", "prior_code": "Prior living situation", "destination_code": "Destination"}


def describe_cell(key: str, service_names: dict | None = None) -> list[tuple[str, str]]:
    """A drill-down key in words: [("Age", "Adults"), ...]; "all" is the whole table."""
    if key == "all":
        return [("Who", "Everyone the table counts")]
    values = {"adult": "Adults", "child": "Children", "unknown": "Age unknown"}
    words = []
    for part in key.split(";"):
        name, _, value = part.partition("=")
        if name == "leaver":
            value = "Leavers" if value == "1" else "Stayers"
        elif name == "prior_code":
            value = codes.PRIOR_LIVING_SITUATION.get(int(value), value) if value.isdigit() else value
        elif name == "destination_code":
            value = codes.DESTINATION.get(int(value), value) if value.isdigit() else value
        elif name == "los":
            value = next((label for k, label, *_ in LOS_BRACKETS if k == value), value)
        elif name == "quality":
            value = next((label for k, label, *_ in QUALITY_ELEMENTS if k == value), value)
        elif name == "answer":
            value = dict(QUALITY_ANSWERS).get(value, value)
        elif name == "service" and service_names:
            value = service_names.get(value, value)
        words.append((CELL_WORDS.get(name, name), values.get(value, value)))
    return words


# --- charts ------------------------------------------------------------------------------------------------

CHART_WIDTH, LABEL_WIDTH, BAR_HEIGHT, GAP = 640, 300, 22, 8
NUMBER_ROOM = 70  # px kept right of the longest bar for its number


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int
    width: int
    text_x: int
    patterned: bool


@dataclass(frozen=True)
class Chart:
    bars: tuple
    height: int
    width: int = CHART_WIDTH
    label_width: int = LABEL_WIDTH


def bar_chart(items, suppression, hatched=None):
    """A horizontal bar chart of (label, count cell): bar lengths scale to the largest count shown.

    Suppressed counts get no bar, only their "<11" label, so the chart gives away nothing the table hides.
    Bars for which hatched(index) is true are hatched: a second series told apart without colour."""
    shown = [c.count for _, c in items if c.count and not suppression.hides(c.count)]
    top = max(shown, default=0)
    room = CHART_WIDTH - LABEL_WIDTH - NUMBER_ROOM
    bars = []
    for i, (label, cell) in enumerate(items):
        visible = cell.count and not suppression.hides(cell.count) and top
        width = max(1, round(room * cell.count / top)) if visible else 0
        bars.append(Bar(label, cell.text or "0", GAP + i * (BAR_HEIGHT + GAP), width, LABEL_WIDTH + width + 6,
                        bool(hatched and hatched(i))))
    return Chart(tuple(bars), GAP + len(items) * (BAR_HEIGHT + GAP))
