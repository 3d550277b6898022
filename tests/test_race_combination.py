"""The stored race_combination column follows the race columns everywhere clients are written; both databases."""
import importlib
from itertools import combinations

from models import Client
from models.clients import RACE_COLUMNS, race_combination
from models.db import db
from models.demo import ensure_demo_agency, seed_demo
from tests.intake_helpers import ADULT, CHILD, intake_post, intake_token
from tests.test_members import base_of, edit_page, post_edit

MIGRATION = importlib.import_module("migrations.010_race_combination")
EVERY_ANSWER = [(frozenset(races), None) for size in range(1, 8) for races in combinations(RACE_COLUMNS, size)] + \
               [(frozenset(), none) for none in (None, 8, 9, 99)]


def _inconsistent():
    return [(c.id, c.race_combination) for c in Client.select()
            if c.race_combination != race_combination(c.races(), c.race_none)]


def test_every_answer_has_its_own_value():
    values = {race_combination(races, none) for races, none in EVERY_ANSWER}
    assert len(values) == len(EVERY_ANSWER) == 131
    assert race_combination({"AmIndAKNative", "White"}, None) == 1 + 64
    assert race_combination(set(), 9) == 128 * 10  # "Client prefers not to answer": RaceNone 9


def test_intake_and_corrections_keep_it(client, auth, agency):
    auth.login("staff-1")
    project = agency[1][0]
    members = ({**ADULT, "race": ["Asian", "White"]}, {**CHILD, "race": [], "race_none": "9"})
    assert client.post(f"/projects/{project.id}/intake",
                       data=intake_post(intake_token(client, project.id), members=members)).status_code == 303
    assert sorted(c.race_combination for c in Client.select()) == [2 + 64, 1280] and not _inconsistent()
    head = Client.get(Client.race_combination == 2 + 64).enrollments.get()
    page, _ = edit_page(client, head)
    assert post_edit(client, head, base_of(page), race=["BlackAfAmerican"]).status_code == 303
    assert Client.get_by_id(head.client_id).race_combination == 4 and not _inconsistent()


def test_the_demo_seed_keeps_it(app):
    agency, _ = ensure_demo_agency("Demo Agency", "a long demo passphrase")
    seed_demo(agency, clients=200, shift_key=b"k" * 32, seed=3)
    assert Client.select().count() >= 200 and not _inconsistent()


def test_the_migration_fills_it_from_the_race_columns(agency):
    ag = agency[0]
    for i, (races, none) in enumerate(EVERY_ANSWER):
        Client.create(agency=ag, personal_id=f"p{i}", code=f"C{i:06d}", dob="1990-01-01", dob_data_quality=9,
                      sex=0, veteran_status=0, race_none=none, date_created="2026-01-01",
                      date_updated="2026-01-01", **{RACE_COLUMNS[column]: True for column in races})
    Client.update(race_combination=-1).execute()
    db.execute_sql(f"UPDATE client SET race_combination = {MIGRATION.VALUE}")
    assert Client.select().count() == 131 and not _inconsistent()
