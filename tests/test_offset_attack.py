"""The attacker of tests/offset_attack.py against six months of a shelter's work, typed through the app's forms
under a controlled clock: monthly HMIS CSV exports, then a copy of the database without the date-shift key."""
import random
import sqlite3
from datetime import date, datetime, time, timedelta, timezone
from statistics import median

import pytest
import time_machine
from peewee import SQL

from domain.dates import household_offset_days
from models import Enrollment
from models import pg_script
from models.backup import make_backup
from models.db import db
from models.dialect import is_sqlite
from tests.conftest import PASSWORD, make_agency
from tests.intake_helpers import ADULT, CHILD, intake_post, intake_token, saved_household
from tests.offset_attack import OFFSETS, database_candidates, export_candidates, first_appearance, parse
from tests.test_exports import URL, read_zip

SHIFT_KEY = b"test-shift-key-0123456789abcdef"
FIRST_DAY = date(2026, 3, 2)
HOUSEHOLDS = 24
HALF = len(OFFSETS) // 2 + 1  # 32 of 63: the attack may not narrow a household below half of the range


def working_day(day):
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def at_work(rng, day):
    """A moment in office hours on the first working day from `day` (records are typed then)."""
    return datetime.combine(working_day(day), time(rng.randint(9, 16), rng.randint(0, 59), rng.randint(0, 59)))


def plan(rng):
    """(moment typed, action, household number, real date): intakes of people who arrive any day of the week,
    exits for most, and a monthly export at 08:30 on the first working day of the month."""
    steps = []
    for n in range(HOUSEHOLDS):
        entry = FIRST_DAY + timedelta(days=rng.randint(0, 150))
        steps.append((at_work(rng, entry), "intake", n, entry))
        if rng.random() < 0.6:
            leaving = entry + timedelta(days=rng.randint(14, 60))
            steps.append((at_work(rng, leaving), "exit", n, leaving))
    for month in range(4, 15):  # until every shifted date has come, so that the last export holds nothing back
        first = date(2026 + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        steps.append((datetime.combine(working_day(first), time(8, 30)), "export", None, None))
    return sorted(steps, key=lambda step: step[0])


def sign_in(client, username):
    client.post("/logout")
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code in (302, 303)


@pytest.fixture
def work(client, app):
    """run(exports) runs the plan through the app (the monthly exports only when asked: they are the slow part).
    It returns (exports as [(time, files)], approximated HouseholdIDs, true offsets by HouseholdID, the moment the
    database is copied)."""
    return lambda exports: _run(client, exports)


def _run(client, with_exports):
    rng = random.Random(20261204)
    with time_machine.travel(datetime(2026, 1, 5, 10, tzinfo=timezone.utc), tick=False):  # set up before the work
        _, (project,), _ = make_agency()
    approximated, households, exports = set(), {}, []
    for moment, action, n, real in plan(rng):
        with time_machine.travel(moment.replace(tzinfo=timezone.utc), tick=False):
            if action == "export":
                if not with_exports:
                    continue
                sign_in(client, f"admin-{project.agency_id}")
                response = client.post(URL, data={})
                assert response.status_code == 200
                exports.append((moment, read_zip(response.data)))
                continue
            sign_in(client, f"staff-{project.agency_id}")
            if action == "intake":
                token = intake_token(client, project.id)
                data = intake_post(token, start=real.isoformat(), members=(ADULT, CHILD), approximate=n % 2 == 0)
                # A small shelter's first families stand out to the guard; staff save anyway, as they may.
                data.update(save_anyway="y", save_anyway_reason="Small program")
                assert client.post(f"/projects/{project.id}/intake", data=data).status_code == 303
                households[n] = saved_household(token)
                if n % 2 == 0:
                    approximated.add(households[n].household_id)
            else:
                members = Enrollment.select().where(Enrollment.household == households[n])
                data = {"exit-members": [str(m.id) for m in members], "exit-exit_date": real.isoformat(),
                        "exit-destination": "410", "exit-reason_for_leaving": "1"}
                data.update({"exit-save_anyway": "y", "exit-save_anyway_reason": "Small program"})
                assert client.post(f"/households/{households[n].id}/exit", data=data).status_code == 303
    offsets = {h: household_offset_days(SHIFT_KEY, h) for h in approximated}
    copy_time = max(m for m, action, _, _ in plan(random.Random(20261204)) if action != "export") + timedelta(hours=1)
    return exports, approximated, offsets, copy_time


def _files(exports):
    return [{name: rows for name, (_, rows) in files.items()} for _, files in exports]


def _report(left):
    sizes = sorted(len(v) for v in left.values())
    return f"candidates left: min {sizes[0]}, median {median(sizes)}, max {sizes[-1]} ({sizes})"


def test_the_exports_give_no_offset_away(work):
    exports, approximated, offsets, _ = work(exports=True)
    files = _files(exports)
    per_export = [export_candidates(f, moment, approximated) for (moment, _), f in zip(exports, files)]
    left = first_appearance(per_export, list(zip((m for m, _ in exports), files)))
    assert set(left) == approximated  # every approximated household was exported by the last month
    assert all(offsets[h] in allowed for h, allowed in left.items())  # the attack is sound
    assert min(len(allowed) for allowed in left.values()) >= HALF, _report(left)
    for moment, export in exports:
        _nothing_after(moment, export)
    # Records are typed on working days, so the weekday of a shifted DateCreated rules offsets out: a channel
    # docs/PRIVACY.md calls inherent to whole-day shifts. It narrows (to 9 at worst); it must not pin.
    (moment, _), last = exports[-1], files[-1]
    left = export_candidates(last, moment, approximated, weekdays=True)
    assert all(offsets[h] in allowed for h, allowed in left.items())
    assert min(len(allowed) for allowed in left.values()) > 1, _report(left)


def _nothing_after(moment, files):
    """No exported date or timestamp is later than the real export time."""
    [row] = files["Export.csv"][1]
    assert row["ExportEndDate"] <= moment.date().isoformat()
    for name, (_, rows) in files.items():
        for row in rows:
            for column, value in row.items():
                if column in ("DateCreated", "DateUpdated", "ExportDate") or parse(value) is not None:
                    assert value <= moment.isoformat(sep=" "), (name, column, value, moment)


def _file_order():
    """The order the database keeps rows in, whatever their ids: SQLite's rowid (a backup copies the file page
    for page), PostgreSQL's heap (on the server)."""
    return SQL("rowid") if is_sqlite() else SQL("ctid")


COLUMNS = {"household": ("id", "household_id", "dates_approximated", "date_created"),
           "enrollment": ("id", "household_id"), "exit": ("id", "enrollment_id"),
           "audit_event": ("record_type", "record_id", "action", "at")}


def _database():
    """The database's own rows, in the order it keeps them."""
    return {table: [tuple(str(v) for v in row) for row in db.execute_sql(
        f"SELECT {', '.join(columns)} FROM {table} ORDER BY {_file_order().sql}").fetchall()]
            for table, columns in COLUMNS.items()}


def _backup(tmp_path):
    """The rows of a copy made by the `backup` command, in the order its file lists them."""
    out = make_backup(tmp_path / "copy", database=db.obj).path
    if is_sqlite():
        conn = sqlite3.connect(out)
        try:
            return {table: [tuple(str(v) for v in row) for row in conn.execute(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid")] for table, columns in COLUMNS.items()}
        finally:
            conn.close()
    _, _, rows = pg_script.read(out, keep=tuple(COLUMNS))
    return {table: [tuple(row[c] for c in columns) for row in rows[table]] for table, columns in COLUMNS.items()}


def _attacker_view(copy):
    """What the attack reads from a copy (rows as text, in the copy's order): households and the audit trail,
    each event about a household's records tied back to its household."""
    households = [(h, approximated in ("1", "t", "True"), parse(created))
                  for _, h, approximated, created in copy["household"]]
    by_id = {key: h for key, h, _, _ in copy["household"]}
    of_enrollment = {key: by_id[household] for key, household in copy["enrollment"]}
    of_exit = {key: of_enrollment[enrollment] for key, enrollment in copy["exit"]}
    about = {"household": by_id, "enrollment": of_enrollment, "exit": of_exit}
    events = [(about.get(kind, {}).get(key), action, parse(at)) for kind, key, action, at in copy["audit_event"]]
    return households, events


def test_the_audit_trail_gives_no_offset_away(work):
    """The subtraction that once gave every offset exactly: a household's DateCreated minus the time of its
    creation event. Audit events of approximated households are stamped like their records now."""
    _, approximated, offsets, copy_time = work(exports=False)
    households, events = _attacker_view(_database())
    left = database_candidates(households, events, copy_time, use_order=False)
    assert set(left) == approximated and all(offsets[h] in allowed for h, allowed in left.items())
    assert min(len(allowed) for allowed in left.values()) > 1, _report(left)


def test_the_order_of_rows_in_a_backup_gives_no_offset_away(work, tmp_path):
    """Keys are random and a backup lists rows in key order (SQLite's file; PostgreSQL's sorted script): the
    order rows were created in is not in the copy an admin makes and keeps."""
    _, approximated, offsets, copy_time = work(exports=False)
    households, events = _attacker_view(_backup(tmp_path))
    left = database_candidates(households, events, copy_time, use_order=True)
    assert set(left) == approximated and all(offsets[h] in allowed for h, allowed in left.items())
    assert min(len(allowed) for allowed in left.values()) > 1, _report(left)


def test_the_live_database_keeps_no_order_of_creation(request, work):
    """SQLite: the rowid is the random key, so the file itself keeps rows in no order of creation. PostgreSQL
    keeps every row where, and with the transaction id (xmin) with which, it was inserted: on the server, the
    order stays readable to whoever can read the data files or run SQL as the app (docs/PRIVACY.md)."""
    if not is_sqlite():
        request.applymarker(pytest.mark.xfail(strict=True, raises=AssertionError,
                                              reason="PostgreSQL's heap order and xmin stay on the server"))
    _, approximated, offsets, copy_time = work(exports=False)
    households, events = _attacker_view(_database())
    left = database_candidates(households, events, copy_time, use_order=True)
    assert all(offsets[h] in allowed for h, allowed in left.items())
    assert min(len(allowed) for allowed in left.values()) > 1, _report(left)
