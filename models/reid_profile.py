"""PostgreSQL's reid_profile (migrations/012_reid_profile.py) around bulk loads."""
from contextlib import contextmanager

from .db import db
from .dialect import keeps_reid_profile

PAUSED = "reid_profile.paused"  # the migration's trigger functions skip their refresh while it is on
COLUMNS = ("enrollment_id, agency_id, project_id, client_id, household_id, entry_date, dob, sex, race_combination, "
           "veteran_status, disabling_condition, last_grade_completed, domestic_violence_survivor, household_size, "
           "household_type, exit_id, exit_date, destination")


@contextmanager
def rebuilt_after(agency_id):
    """Bulk writes to one agency's records, in the caller's transaction: on PostgreSQL the per-statement refresh
    of the profile is paused for this transaction only (other sessions' writes refresh as always), and the
    agency's rows are rebuilt in one statement at the end. Nothing to do on SQLite, which has no profile."""
    if not keeps_reid_profile():
        yield
        return
    db.execute_sql(f"SET LOCAL {PAUSED} = 'on'")
    yield
    db.execute_sql(f"SET LOCAL {PAUSED} = 'off'")
    db.execute_sql("DELETE FROM reid_profile WHERE agency_id = %s", (agency_id,))
    db.execute_sql(f"INSERT INTO reid_profile ({COLUMNS}) SELECT {COLUMNS} FROM reid_profile_source "
                   "WHERE agency_id = %s", (agency_id,))
