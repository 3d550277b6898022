"""The attacker of tests/offset_attack.py against six months of a shelter's work, typed through the app's forms
under a controlled clock: monthly HMIS CSV exports, then a copy of the database without the date-shift key."""
import random
from datetime import date, datetime, time, timedelta, timezone
from statistics import median

import pytest
import time_machine

from domain.dates import household_offset_days
from models import AuditEvent, Enrollment, Exit, Household
from tests.conftest import PASSWORD, make_agency
from tests.intake_helpers import ADULT, CHILD, intake_post, intake_token
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
                households[n] = Household.select().order_by(Household.id.desc()).first()
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


def _database():
    """What a copy of the database shows, in the order of its ids (SQLite's rowid; PostgreSQL's heap order follows
    it), with the audit events of each household's records tied back to the household."""
    households = [(h.household_id, h.dates_approximated, h.date_created)
                  for h in Household.select().order_by(Household.id)]
    by_id = {h.id: h.household_id for h in Household.select()}
    of_enrollment = {e.id: by_id[e.household_id] for e in Enrollment.select()}
    of_exit = {x.id: of_enrollment[x.enrollment_id] for x in Exit.select()}
    about = {"household": by_id, "enrollment": of_enrollment, "exit": of_exit}
    events = [(about.get(e.record_type, {}).get(e.record_id), e.action, e.at)
              for e in AuditEvent.select().order_by(AuditEvent.id)]
    return households, events


def test_the_audit_trail_gives_no_offset_away(work):
    """The subtraction that once gave every offset exactly: a household's DateCreated minus the time of its
    creation event. Audit events of approximated households are stamped like their records now."""
    _, approximated, offsets, copy_time = work(exports=False)
    households, events = _database()
    left = database_candidates(households, events, copy_time, use_order=False)
    assert set(left) == approximated and all(offsets[h] in allowed for h, allowed in left.items())
    assert min(len(allowed) for allowed in left.values()) > 1, _report(left)


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="order at rest: sequential ids and insertion order still place an approximated household "
                          "among real-dated ones (docs/PRIVACY.md, open)")
def test_the_order_rows_are_kept_in_gives_no_offset_away(work):
    _, approximated, offsets, copy_time = work(exports=False)
    households, events = _database()
    left = database_candidates(households, events, copy_time, use_order=True)
    assert all(offsets[h] in allowed for h, allowed in left.items())
    assert min(len(allowed) for allowed in left.values()) > 1, _report(left)
