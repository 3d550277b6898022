"""PostgreSQL's reid_profile (migrations/012_reid_profile.py): after every kind of write, its rows are exactly the
rows computed from the base tables, so the live check there counts what SQLite counts by joining them."""
import re
from datetime import date, datetime

import pytest

from models import Client, EmploymentEducation, Enrollment, Exit, HealthAndDV, Household
from models.db import close_all, db
from models.demo import seed_demo
from models.reid_profile import COLUMNS, column_names, create_sql, drop_sql, triggers
from tests.conftest import _empty_postgres, make_agency, make_app

DELETED = datetime(2026, 6, 1)


@pytest.fixture
def seeded(postgres_url, tmp_path):
    _empty_postgres(postgres_url)
    make_app(postgres_url, tmp_path)
    agency, _, _ = make_agency("Profile Agency", projects=("Shelter", "Transitional"))
    seed_demo(agency, clients=80, shift_key=b"test-shift-key-0123456789abcdef", seed=4, today=date(2026, 3, 1))
    yield agency
    close_all()


def rows(source):
    return db.execute_sql(f"SELECT {COLUMNS} FROM {source} ORDER BY {COLUMNS}").fetchall()


def assert_in_step():
    profile, computed = rows("reid_profile"), rows("reid_profile_source")
    assert profile == computed
    return profile


def test_seed_demo_rebuilds_its_agency_at_once_and_the_triggers_run_again_after(seeded):
    profile = assert_in_step()
    assert len(profile) == Enrollment.select().where(Enrollment.date_deleted.is_null()).count() == 80
    Client.update(sex=9).execute()  # a later write in another transaction refreshes as always
    assert {row[column_names().index("sex")] for row in assert_in_step()} == {9}


def test_it_follows_updates_deletions_and_answers_of_every_table(seeded):
    enrollment = Enrollment.select().join(Exit).order_by(Enrollment.id).first()
    client, household = enrollment.client, enrollment.household
    Client.update(sex=9, veteran_status=9).where(Client.id == client.id).execute()
    assert_in_step()
    client.race_none, client.white = None, True
    client.save()  # race_combination recomputed by save
    assert_in_step()
    Household.update(household_size=Household.household_size + 1).where(Household.id == household.id).execute()
    assert_in_step()
    Exit.update(date_deleted=DELETED).where(Exit.enrollment == enrollment.id).execute()  # no live exit now
    assert_in_step()
    Exit.delete().where(Exit.enrollment == enrollment.id).execute()
    assert_in_step()
    HealthAndDV.update(domestic_violence_survivor=9).where(HealthAndDV.enrollment == enrollment.id).execute()
    EmploymentEducation.create(enrollment=enrollment, data_collection_stage=1, information_date=enrollment.entry_date,
                               last_grade_completed=9, date_created=DELETED, date_updated=DELETED)
    assert_in_step()
    other = Enrollment.select().where(Enrollment.id != enrollment.id).order_by(Enrollment.id.desc()).first()
    Enrollment.update(date_deleted=DELETED).where(Enrollment.id == other.id).execute()
    Household.update(date_deleted=DELETED).where(Household.id == household.id).execute()
    profile = assert_in_step()
    assert not [row for row in profile if row[0] in (enrollment.id, other.id)]  # gone with the household
    Household.update(date_deleted=None).where(Household.id == household.id).execute()  # restored
    assert [row[0] for row in assert_in_step()].count(enrollment.id) == 1


def catalogue():
    """What the database holds of the profile: columns with types, index definitions, triggers, and each trigger
    function's refreshed columns."""
    columns = {table: set(db.execute_sql(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = %s", (table,)).fetchall()) for table in ("reid_profile", "reid_profile_source")}
    indexes = {(keys, frozenset(included.strip(" ()").split(", ")))  # an INCLUDE list's order is no matter
               for keys, _, included in (row[0].partition(" INCLUDE ") for row in db.execute_sql(
                   "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                   "AND tablename = 'reid_profile'"))}
    fired = set(db.execute_sql("SELECT trigger_name, event_object_table, event_manipulation FROM "
                               "information_schema.triggers WHERE trigger_name LIKE 'reid_profile%%'").fetchall())
    refreshed = {name: frozenset(frozenset(c.strip() for c in listed.split(","))
                                   for listed in re.findall(r"INSERT INTO reid_profile \(([^)]*)\)", source))
                 for name, source in db.execute_sql(
                     "SELECT proname, prosrc FROM pg_proc WHERE proname LIKE 'reid_profile_from_%%'")}
    return columns, indexes, fired, refreshed


def test_the_profile_is_what_the_declared_elements_generate(seeded):
    columns, _, fired, refreshed = catalogue()
    assert {name for name, _ in columns["reid_profile"]} == set(column_names())
    assert columns["reid_profile"] == columns["reid_profile_source"]
    assert {table for _, table, _ in fired} == set(triggers())
    assert set(refreshed.values()) == {frozenset({frozenset(column_names())})}
    migrated = rows("reid_profile_source")
    with db.atomic() as transaction:  # made again from the generated SQL: the same objects, the same rows
        for statement in drop_sql(triggers()) + create_sql():
            db.execute_sql(statement)
        assert rows("reid_profile") == rows("reid_profile_source") == migrated
        regenerated = catalogue()
        transaction.rollback()
    assert regenerated == catalogue()
