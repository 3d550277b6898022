"""Rules of the program performance dashboard: HUD's brackets and groups, small-count suppression, percentages
and the geometry of its bar charts. No Flask, no Peewee: the counts come in as plain dicts from models.dashboard.

Reference: the team's HUD standards reference (hmis-standards.md) section 6 (APR/CAPER Q7a, Q8a, Q15, Q22a1/b, Q23c).
"""
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from domain import codes
from domain.households import HOUSEHOLD_TYPES
from domain.periods import period_problem

DEFAULT_THRESHOLD = 11
MIN_THRESHOLD, MAX_THRESHOLD = 1, 100  # what an agency may choose
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
        if lower is not None and seen > total // 2:  # lower is set by then: middle <= total // 2
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


HIDDEN = "suppressed"  # every hidden count reads the same: a different word for the extra ones would tell them apart


@dataclass(frozen=True)
class Suppression:
    """Counts below the threshold are hidden when the report leaves the agency ("for sharing"), and so are the
    counts that would let them be worked out from a total (complementary suppression)."""
    on: bool = False
    threshold: int = DEFAULT_THRESHOLD

    def small(self, count: int | None) -> bool:
        return self.on and count is not None and 0 < count < self.threshold

    def hidden(self, counts: Mapping[str, int], sums: Sequence[tuple[str, Sequence[str]]] = ()) -> "Hidden":
        """The cells of one table to hide. counts: {cell id: count}; sums: [(total id, part ids)], each total the
        sum of its parts as the table shows them. Whenever hidden parts of a shown total add up to less than the
        threshold, or a sum has a single hidden count (total or part), the smallest shown part is hidden too.
        Repeated until no sum changes, as one cell is in several sums (a row and a column)."""
        hidden = {cell for cell, n in counts.items() if self.small(n)}
        while self.on and (more := {cell for total, parts in sums
                                    if (cell := _complement(total, parts, counts, hidden, self.threshold))}):
            hidden |= more
        return Hidden(self, frozenset(hidden))


def _complement(total: str, parts: Sequence[str], counts: Mapping[str, int], hidden: set[str],
                threshold: int) -> str | None:
    """The next cell of one sum to hide, or None. A sum with one hidden term gives it away; so does a shown total
    whose hidden parts add up to less than the threshold (their sum is the total minus the parts shown)."""
    hidden_parts = [p for p in parts if p in hidden]
    hidden_sum = sum(counts[p] for p in hidden_parts)
    lone = len(hidden_parts) + (total in hidden) == 1
    if not (lone or (total not in hidden and 0 < hidden_sum < threshold)):
        return None
    shown = sorted((counts[p], p) for p in parts if p not in hidden and counts[p])
    if shown:
        return shown[0][1]
    return None if total in hidden else total  # the hidden parts are all there is: the total is one of them


@dataclass(frozen=True)
class Hidden:
    """One table's hidden cells."""
    suppression: Suppression
    cells: frozenset[str] = frozenset()

    def __call__(self, cell_id: str) -> bool:
        return cell_id in self.cells


@dataclass(frozen=True)
class Cell:
    count: int | None           # None: a cell HUD leaves blank (e.g. children in "Without children")
    text: str                   # what the page shows: "1,204", "suppressed", "12.5%", "34.0 days"
    csv: str                    # what the CSV holds (blank when suppressed)
    key: str | None = None      # the drill-down key of a count cell; None when there is nothing to open
    hidden: bool = False        # a count or a number based on one, suppressed for sharing


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    kind: str = "item"          # "item", "group" (a subtotal), "total" or "note"


@dataclass
class Table:
    key: str
    title: str
    columns: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)
    chart: "Chart | None" = None
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(c.count for r in self.rows for c in r.cells if c.count is not None)


SUPPRESSED = Cell(None, HIDDEN, "", hidden=True)


def count_cell(count: int | None, hidden: Hidden, key: str, cell_id: str | None = None) -> Cell:
    """A count; cell_id names it among the table's hidden cells when it is not its drill-down key."""
    if hidden(key if cell_id is None else cell_id):
        return Cell(count, HIDDEN, "", hidden=True)
    text = "" if count is None else f"{count:,}"
    return Cell(count, text, "" if count is None else str(count), key if count and not hidden.suppression.on else None)


def share_cell(part: int, whole: int, hidden: Hidden, part_id: str, whole_id: str) -> Cell:
    """A percentage, hidden when either count it is based on is."""
    if hidden(part_id) or hidden(whole_id):
        return SUPPRESSED
    text = percent(part, whole)
    return Cell(None, text, "" if text == "–" else text)


def number_cell(value: float | Decimal | None, hidden: Hidden, hidden_by: str | None = None, unit: str = "") -> Cell:
    """A derived number (days, dollars); hidden when the count it rests on (cell id hidden_by) is."""
    if value is None:
        return Cell(None, "–", "")
    if hidden_by is not None and hidden(hidden_by):
        return SUPPRESSED
    if isinstance(value, Decimal):
        return Cell(None, f"${value:,.2f}", f"{value:.2f}")
    return Cell(None, f"{value:,.1f}{unit}", f"{value:.2f}")


# --- tables from counts -------------------------------------------------------------------------------------

def _possible(bucket: str, household_type: str) -> bool:
    return not ((bucket == "child" and household_type == "Without children")
                or (bucket == "adult" and household_type == "With only children"))


def _two_way(cells: dict[str, int], rows_of: dict[str, list[str]], columns_of: dict[str, list[str]],
             s: Suppression) -> tuple[dict[str, int], int, Hidden]:
    """A table of cells with a total per row and per column and a grand total ("all"), each row's and column's
    cells named by id: (totals by id, grand total, hidden cells)."""
    totals = {key: sum(cells[c] for c in parts) for key, parts in (rows_of | columns_of).items()}
    grand = sum(cells.values())
    hidden = s.hidden({**cells, **totals, "all": grand},
                      [*(rows_of | columns_of).items(), ("all", list(rows_of)), ("all", list(columns_of))])
    return totals, grand, hidden


def people_table(counts: Mapping[tuple[str, str], int], s: Suppression) -> Table:
    """Q7a: counts[(bucket, household type)] of distinct people."""
    types, buckets = HOUSEHOLD_TYPES, [b for b, _ in AGE_BUCKETS]
    cells = {f"age={b};type={t}": counts.get((b, t), 0) for b in buckets for t in types if _possible(b, t)}
    rows_of = {f"age={b}": [f"age={b};type={t}" for t in types if _possible(b, t)] for b in buckets}
    columns_of = {f"type={t}": [f"age={b};type={t}" for b in buckets if _possible(b, t)] for t in types}
    totals, grand, hidden = _two_way(cells, rows_of, columns_of, s)
    rows = []
    for bucket, label in AGE_BUCKETS:
        row = [count_cell(totals[f"age={bucket}"], hidden, f"age={bucket}")]
        for t in types:
            key = f"age={bucket};type={t}"
            row.append(count_cell(cells[key], hidden, key) if key in cells else Cell(None, "", ""))
        rows.append(Row(label, tuple(row)))
    rows.append(Row("Total people served", (count_cell(grand, hidden, "all"),
                                            *(count_cell(totals[f"type={t}"], hidden, f"type={t}") for t in types)),
                    "total"))
    table = Table("people", "People served", ("Total", *types), rows)
    table.chart = bar_chart([(label, r.cells[0]) for (_, label), r in zip(AGE_BUCKETS, rows)])
    return table


def households_table(counts: Mapping[str, int], s: Suppression) -> Table:
    """Q8a: counts[household type] of households, counted through their heads."""
    cells = {f"type={t}": counts.get(t, 0) for t in HOUSEHOLD_TYPES}
    hidden = s.hidden({**cells, "all": sum(cells.values())}, [("all", list(cells))])
    rows = [Row(t, (count_cell(cells[f"type={t}"], hidden, f"type={t}"),)) for t in HOUSEHOLD_TYPES]
    rows.append(Row("Total households", (count_cell(sum(cells.values()), hidden, "all"),), "total"))
    table = Table("households", "Households served by type", ("Households",), rows)
    table.chart = bar_chart([(r.label, r.cells[0]) for r in rows[:-1]])
    return table


# A code is a 3.917 or a 3.12 answer; a 3.917 may be None, in a group that is never itemised (so never sorted).
def _grouped_rows(counts: Mapping[Any, int], groups: tuple[str, ...], group_of: Callable[[Any], str],
                  labels: Mapping[int, str], key: str, s: Suppression, itemised: tuple[str, ...] = SITUATION_GROUPS
                  ) -> tuple[list[Row], Hidden, dict[str, dict[Any, int]], int]:
    """A row per group, each followed by its codes' rows when the group is itemised; (rows, hidden, by group,
    total). The hidden cells are worked out over the groups, their codes and the total together."""
    by_group: dict[str, dict[Any, int]] = {g: {} for g in groups}
    for code, n in counts.items():
        by_group[group_of(code)][code] = n
    total = sum(counts.values())
    group_ids = {g: f"{key}={g}" for g in groups}
    code_ids = {g: {code: f"{key}_code={code}" for code in sorted(by_group[g])} for g in groups if g in itemised}
    cells = {"all": total, **{group_ids[g]: sum(by_group[g].values()) for g in groups},
             **{cid: by_group[g][code] for g, ids in code_ids.items() for code, cid in ids.items()}}
    hidden = s.hidden(cells, [("all", list(group_ids.values())),
                              *((group_ids[g], list(ids.values())) for g, ids in code_ids.items())])
    rows = []
    for group in groups:
        gid = group_ids[group]
        rows.append(Row(group, (count_cell(cells[gid], hidden, gid), share_cell(cells[gid], total, hidden, gid, "all")),
                        "group"))
        for code, cid in code_ids.get(group, {}).items():
            rows.append(Row(labels.get(code, str(code)),
                            (count_cell(cells[cid], hidden, cid), share_cell(cells[cid], total, hidden, cid, "all"))))
    return rows, hidden, by_group, total


def prior_table(counts: Mapping[int | None, int], s: Suppression) -> Table:
    """Q15: counts[3.917 code or None] of heads of household and adults."""
    rows, hidden, _, total = _grouped_rows(counts, PRIOR_GROUPS, prior_group, codes.PRIOR_LIVING_SITUATION, "prior",
                                           s)
    rows.append(Row("Total heads of household and adults",
                    (count_cell(total, hidden, "all"), share_cell(total, total, hidden, "all", "all")), "total"))
    table = Table("prior", "Prior Living Situation (heads of household and adults)", ("People", "Share"), rows)
    table.chart = bar_chart([(r.label, r.cells[0]) for r in rows if r.kind == "group"])
    return table


def services_table(rows_in: Sequence[tuple[int, str, bool, int, int, Decimal | None]], s: Suppression) -> Table:
    """Services and financial assistance by type: rows_in = [(type id, name, is FA, count, households, dollars)].

    The dollars of a type rest on its households: a hidden households count hides them. The types' dollars add up
    to the total shown, so their households are a sum too (of a total not shown), kept from giving one away."""
    counts = {f"service={t}": n for t, _, _, n, _, _ in rows_in}
    households = {f"service={t};households": h for t, _, _, _, h, _ in rows_in}
    fa_households = [f"service={t};households" for t, _, fa, _, _, _ in rows_in if fa]
    hidden = s.hidden({**counts, **households, "services": sum(counts.values()),
                       "fa_households": sum(households[h] for h in fa_households)},
                      [("services", list(counts)), ("fa_households", fa_households)])
    rows = []
    for type_id, name, fa, count, n_households, dollars in rows_in:
        key, households_id = f"service={type_id}", f"service={type_id};households"
        rows.append(Row(name, (count_cell(count, hidden, key), count_cell(n_households, hidden, key, households_id),
                               number_cell(Decimal(dollars), hidden, hidden_by=households_id)
                               if fa and dollars is not None else Cell(None, "–" if fa else "", ""))))
    dollars = sum((Decimal(r[5]) for r in rows_in if r[2] and r[5] is not None), Decimal(0))
    rows.append(Row("All services", (count_cell(sum(counts.values()), hidden, "all", "services"), Cell(None, "", ""),
                                     number_cell(dollars, hidden, hidden_by="fa_households")), "total"))
    table = Table("services", "Services and financial assistance", ("Services given", "Households", "Dollars"), rows)
    table.chart = bar_chart([(r.label, r.cells[0]) for r in rows[:-1]])
    table.notes.append("A household is counted once per type of service; dollars are financial assistance only.")
    return table


def length_of_stay_table(days: Mapping[tuple[bool, int], int], s: Suppression) -> Table:
    """Q22a1 and Q22b: days[(is leaver, length in days)] = people."""
    leavers = {d: n for (leaver, d), n in days.items() if leaver}
    stayers = {d: n for (leaver, d), n in days.items() if not leaver}
    cells: dict[str, int] = {}
    for key, _, _, _ in LOS_BRACKETS:
        for flag, group in (("1", leavers), ("0", stayers)):
            cells[f"los={key};leaver={flag}"] = sum(n for d, n in group.items() if los_bracket(d) == key)
    brackets = {f"los={k}": [f"los={k};leaver=1", f"los={k};leaver=0"] for k, *_ in LOS_BRACKETS}
    columns = {f"leaver={flag}": [f"los={k};leaver={flag}" for k, *_ in LOS_BRACKETS] for flag in ("1", "0")}
    totals, grand, hidden = _two_way(cells, brackets, columns, s)
    n_leavers, n_stayers = totals["leaver=1"], totals["leaver=0"]
    rows = [Row(label, tuple(count_cell(n, hidden, cid) for cid, n in
                             ((f"los={key}", totals[f"los={key}"]), *((c, cells[c]) for c in brackets[f"los={key}"]))))
            for key, label, _, _ in LOS_BRACKETS]
    rows.append(Row("Total", (count_cell(grand, hidden, "all"),
                              count_cell(n_leavers, hidden, "leaver=1"), count_cell(n_stayers, hidden, "leaver=0")),
                    "total"))
    both = {d: leavers.get(d, 0) + stayers.get(d, 0) for d in set(leavers) | set(stayers)}
    for name, fn in (("Average length in days", average), ("Median length in days", median)):
        rows.append(Row(name, (number_cell(fn(both), hidden, "all"), number_cell(fn(leavers), hidden, "leaver=1"),
                               number_cell(fn(stayers), hidden, "leaver=0")), "note"))
    table = Table("length_of_stay", "Length of stay", ("Total", "Leavers", "Stayers"), rows)
    pairs = [(f"{b[0]} days, {who}", r.cells[column]) for b, r in zip(LOS_BRACKETS, rows)
             for who, column in (("leavers", 1), ("stayers", 2))]
    table.chart = bar_chart(pairs, hatched=lambda i: i % 2 == 1)  # stayers hatched, beside the leavers
    table.notes.append("Length of stay = exit date (or the day after the report's end, for stayers) minus the "
                       "Project Start Date, from stored dates.")
    return table


def destinations_table(counts: Mapping[int, int], s: Suppression) -> Table:
    """Q23c: counts[3.12 code] of leavers, grouped, with the share exiting to permanent housing."""
    rows, hidden, by_group, total = _grouped_rows(counts, DESTINATION_GROUPS, destination_group, codes.DESTINATION,
                                                  "destination", s, itemised=DESTINATION_GROUPS)
    rows.append(Row("Total leavers", (count_cell(total, hidden, "all"), share_cell(total, total, hidden, "all", "all")),
                    "total"))
    permanent = sum(by_group["Permanent"].values())
    rows.append(Row("Share exiting to permanent housing",
                    (share_cell(permanent, total, hidden, "destination=Permanent", "all"), Cell(None, "", "")), "note"))
    table = Table("destinations", "Destinations of leavers", ("Leavers", "Share"), rows)
    table.chart = bar_chart([(r.label, r.cells[0]) for r in rows if r.kind == "group"])
    return table


def quality_table(counts: Mapping[str, tuple[int, int, int, int]], s: Suppression) -> Table:
    """Data quality: counts[element] = (asked, 8s, 9s, 99s or blanks). The answers not shown (the real ones) are
    part of every element's sum, so no count here can be worked out from the others."""
    cells: dict[str, int] = {}
    for key, *_ in QUALITY_ELEMENTS:
        asked, *answers = counts.get(key, (0, 0, 0, 0))
        cells[f"quality={key}"] = asked
        cells |= {f"quality={key};answer={code}": n for (code, _), n in zip(QUALITY_ANSWERS, answers)}
    hidden = s.hidden(cells)
    rows = []
    for key, label, who, by_design in QUALITY_ELEMENTS:
        asked_id = f"quality={key}"
        row = [count_cell(cells[asked_id], hidden, asked_id)]
        for code, _ in QUALITY_ANSWERS:
            cid = f"quality={key};answer={code}"
            row += [count_cell(cells[cid], hidden, cid), share_cell(cells[cid], cells[asked_id], hidden, cid, asked_id)]
        rows.append(Row(f"{label}, {who}" + (" — a privacy choice by design" if by_design else ""), tuple(row),
                        "note" if by_design else "item"))
    columns = ("Asked", "Doesn't know (8)", "Share", "Privacy choice (9)", "Share", "Gap: not collected (99) or blank",
               "Share")
    table = Table("quality", "Data quality", columns, rows)
    table.chart = bar_chart([(f"{label}: gaps", cell) for (_, label, _, by_design), row in zip(QUALITY_ELEMENTS, rows)
                             if not by_design for cell in row.cells[5:6]])
    table.notes.append("“Client prefers not to answer” (9) is a deliberate safety choice, shown apart from real gaps. "
                       "Name, SSN and date of birth are never stored, so their 9s are by design.")
    return table


def dashboard_tables(counts: Mapping[str, Any], suppression: Suppression) -> list[Table]:
    """Every table of the dashboard, in page order, from models.dashboard.all_counts()."""
    return [people_table(counts["people"], suppression), households_table(counts["households"], suppression),
            prior_table(counts["prior"], suppression), services_table(counts["services"], suppression),
            length_of_stay_table(counts["length_of_stay"], suppression),
            destinations_table(counts["destinations"], suppression), quality_table(counts["quality"], suppression)]


CELL_WORDS = {"age": "Age", "type": "Household type", "prior": "Prior living situation", "los": "Length of stay",
              "leaver": "Leaver or stayer", "destination": "Destination", "quality": "Element", "answer": "Answer",
              "service": "Service type", "prior_code": "Prior living situation", "destination_code": "Destination"}


def describe_cell(key: str, service_names: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
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
    bars: tuple[Bar, ...]
    height: int
    width: int = CHART_WIDTH
    label_width: int = LABEL_WIDTH


def bar_chart(items: Sequence[tuple[str, Cell]], hatched: Callable[[int], bool] | None = None) -> Chart:
    """A horizontal bar chart of (label, count cell): bar lengths scale to the largest count shown.

    Suppressed counts get no bar, only their "suppressed" label, so the chart gives away nothing the table hides.
    Bars for which hatched(index) is true are hatched: a second series told apart without colour."""
    shown = [c.count for _, c in items if c.count and not c.hidden]
    top = max(shown, default=0)
    room = CHART_WIDTH - LABEL_WIDTH - NUMBER_ROOM
    bars = []
    for i, (label, cell) in enumerate(items):
        width = max(1, round(room * cell.count / top)) if cell.count and not cell.hidden and top else 0
        bars.append(Bar(label, cell.text or "0", GAP + i * (BAR_HEIGHT + GAP), width, LABEL_WIDTH + width + 6,
                        bool(hatched and hatched(i))))
    return Chart(tuple(bars), GAP + len(items) * (BAR_HEIGHT + GAP))
