"""An attacker who wants a household's date offset, written as code so the suite can keep trying.

They know a household's dates were approximated (its ID), that offsets are whole days from SHIFT_MIN_DAYS to
SHIFT_MAX_DAYS, when each export was made, and (from watching the agency) what its working week looks like. Each
channel below returns the offsets it still allows for one household; an honest attack never excludes the true one.
"""
import re
from collections import defaultdict
from datetime import date, datetime, timedelta
from math import ceil

from domain.dates import SHIFT_MAX_DAYS, SHIFT_MIN_DAYS

OFFSETS = frozenset(range(SHIFT_MIN_DAYS, SHIFT_MAX_DAYS + 1))
DAY = timedelta(days=1)
_STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
# Dates that move with the household's offset (DOB is approximated another way; the export's own dates do not).
SHIFTED_COLUMNS = {"EntryDate", "MoveInDate", "DateToStreetESSH", "ExitDate", "InformationDate", "DateProvided",
                   "DateCreated", "DateUpdated"}


def parse(value):
    if _STAMP.fullmatch(value):
        return datetime.fromisoformat(value)
    if _DATE.fullmatch(value):
        return date.fromisoformat(value)
    return None


def household_values(files):
    """HouseholdID -> [(file, column, stored value)] for every shifted date or timestamp of its records."""
    household_of = {row["EnrollmentID"]: row["HouseholdID"] for row in files["Enrollment.csv"]}
    found = defaultdict(list)
    for name, rows in files.items():
        for row in rows:
            household = row.get("HouseholdID") or household_of.get(row.get("EnrollmentID", ""))
            if household is None:
                continue
            for column in SHIFTED_COLUMNS & row.keys():
                value = parse(row[column])
                if value is not None:
                    found[household].append((name, column, value))
    return found


def _not_after(value, moment):
    """Offsets under which this stored value was real no later than `moment`."""
    if isinstance(value, datetime):
        least = ceil((value - moment) / DAY)
    else:
        least = (value - moment.date()).days
    return {o for o in OFFSETS if o >= least}


def future_channel(values, export_time):
    """A stored value later than the real export time is shifted by at least the lead."""
    allowed = set(OFFSETS)
    for _, _, value in values:
        allowed &= _not_after(value, export_time)
    return allowed


def weekday_channel(values, columns=("DateCreated", "DateUpdated")):
    """Records are typed on working days: the real day of each timestamp falls Monday to Friday."""
    allowed = set(OFFSETS)
    for _, column, value in values:
        if column in columns:
            allowed &= {o for o in OFFSETS if (value - o * DAY).weekday() < 5}
    return allowed


def creation_order(rows):
    """True when a file's rows (in file order) look written in creation order: the real-dated rows' DateCreated
    almost never goes backwards. The attacker tests this before trusting the order."""
    stamps = [parse(r["DateCreated"]) for r in rows if r.get("DateCreated")]
    pairs = list(zip(stamps, stamps[1:]))
    return len(pairs) >= 5 and sum(a <= b for a, b in pairs) >= 0.9 * len(pairs)


def order_channel(rows, approximated, household_of):
    """HouseholdID -> offsets allowed: a shifted row written between two real-dated rows was really created
    between their (real) DateCreated. Used only on files whose order is creation order (see creation_order)."""
    real = [(i, parse(r["DateCreated"])) for i, r in enumerate(rows) if household_of(r) not in approximated]
    if not creation_order([r for r in rows if household_of(r) not in approximated]):
        return {}
    allowed = {}
    for i, row in enumerate(rows):
        household = household_of(row)
        if household not in approximated:
            continue
        stored = parse(row["DateCreated"])
        before = [t for j, t in real if j < i]
        after = [t for j, t in real if j > i]
        lo, hi = max(before, default=None), min(after, default=None)
        allowed[household] = allowed.get(household, set(OFFSETS)) & {
            o for o in OFFSETS if (lo is None or stored - o * DAY >= lo) and (hi is None or stored - o * DAY <= hi)}
    return allowed


def by_numeric_id(rows, column):
    """Rows in the order of the number in their ID, when IDs carry one (DV12, EX7): a second order to try."""
    numbers = [re.search(r"(\d+)$", r[column]) for r in rows]
    if not all(numbers):
        return None
    return [r for _, r in sorted(zip((int(m.group(1)) for m in numbers), rows), key=lambda pair: pair[0])]


def export_candidates(files, export_time, approximated, weekdays=False):
    """HouseholdID -> offsets left, from one export, for each approximated household in it."""
    values = household_values(files)
    household_of_enrollment = {row["EnrollmentID"]: row["HouseholdID"] for row in files["Enrollment.csv"]}
    left = {h: future_channel(values[h], export_time) for h in approximated if h in values}
    if weekdays:
        for h in left:
            left[h] &= weekday_channel(values[h])
    for rows in files.values():
        if not rows or "DateCreated" not in rows[0] or not ("HouseholdID" in rows[0] or "EnrollmentID" in rows[0]):
            continue
        of = lambda r: r.get("HouseholdID") or household_of_enrollment.get(r.get("EnrollmentID", ""))  # noqa: E731
        orders = [rows]
        id_column = next(iter(rows[0]))
        numeric = by_numeric_id(rows, id_column)
        if numeric is not None:
            orders.append(numeric)
        for order in orders:
            for h, allowed in order_channel(order, approximated, of).items():
                if h in left:
                    left[h] &= allowed
    return left


def first_appearance(candidates_by_export, exports):
    """Across exports made at increasing times: a household missing from an export although every stored value
    had come by then was created after it. exports: [(export_time, files)]."""
    left = {}
    for k, (_, files) in enumerate(exports):
        values = household_values(files)
        for h, allowed in candidates_by_export[k].items():
            left[h] = left.get(h, set(OFFSETS)) & allowed
            if k and h not in household_values(exports[k - 1][1]):
                earlier = exports[k - 1][0]
                created = min(v for _, c, v in values[h] if c == "DateCreated")
                if created <= earlier:  # not held back then, so not yet created: real creation after `earlier`
                    left[h] &= {o for o in OFFSETS if created - o * DAY > earlier}
    return left


def database_candidates(households, events, copy_time, use_order):
    """HouseholdID -> offsets left, for each approximated household, from a copy of the database without the key.

    households: (HouseholdID, dates approximated, date_created) in the order the file keeps them; events: the audit
    trail as (HouseholdID of the record it is about or None, action, at), in the order the file keeps them."""
    left = {}
    for household_id, approximated, created in households:
        if not approximated:
            continue
        left[household_id] = _not_after(created, copy_time)
        for about, action, at in events:
            lead = created - at  # the offset itself, if audit times were real
            if (about, action) == (household_id, "create") and lead % DAY == timedelta(0) and lead // DAY in OFFSETS:
                left[household_id] &= {lead // DAY}
    if use_order:
        of = lambda r: r["HouseholdID"]  # noqa: E731
        for rows in ([{"HouseholdID": h, "DateCreated": str(created)} for h, _, created in households],
                     [{"HouseholdID": about, "DateCreated": str(at)} for about, _, at in events]):
            for h, allowed in order_channel(rows, set(left), of).items():
                left[h] &= allowed
    return left
