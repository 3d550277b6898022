"""The rows of the upgrade tests (tests/test_upgrades.py), one entry per migration.

A database is built at the schema right after each migration and filled with ROWS rows in every table. Values
are generated from each column's type (see test_upgrades.generated_value) unless an entry here gives them: a
migration's entry gives the values its new tables and columns need to be realistic, chiefly those a later
migration computes something from, and `expect` gives what the migration itself must have computed or defaulted
in the rows of a database built before it (checked after the upgrade to the latest schema).

A value is either one value for every row or a list of ROWS values, row by row (ids 1, 2, 3 in insertion order);
an expectation may also be a function of the column's values that returns whether they are right.
Every migration needs an entry, even an empty one (say why): the test fails for a migration that has none.
"""
import re
from dataclasses import dataclass, field

ROWS = 3


@dataclass
class Fixture:
    values: dict = field(default_factory=dict)  # table -> column -> value or a list per row
    expect: dict = field(default_factory=dict)  # table -> column -> value or a list per row, after upgrading
    # An expectation on a table is checked when that table held rows before the upgrade, or the table named here.
    expect_from: dict = field(default_factory=dict)


HUD_ID_TABLES = ("exit", "service", "income_benefits", "health_and_dv", "employment_education", "disability")


def random_ids(values):
    """distinct random HUD IDs of 32 hex digits"""
    return len(set(values)) == len(values) and all(re.fullmatch(r"[0-9a-f]{32}", v or "") for v in values)


# Rows of every table: the last one soft-deleted, as deleted records are kept.
COMMON = {"date_deleted": [None, None, "2025-06-30 17:05:00"]}

FIXTURES = {
    "001_accounts": Fixture(values={
        "agency": {"name": ["Safe Harbor", "Hope House", "River DV Services"], "dob_data_quality": [1, 2, 9]},
        "app_user": {"role": ["admin", "staff", "viewer"], "active": [True, True, False],
                     "password_hash": "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
                     "locked_until": [None, None, "2025-05-01 10:15:00"], "failed_logins": [0, 2, 5]},
        "project": {"project_type": [0, 1, 13], "housing_type": [1, 2, 3], "coc_code": ["WA-501", "WA-502", "OR-500"],
                    "funding_source": [8, 9, 35], "operating_end_date": [None, None, "2025-12-31"],
                    "rrh_sub_type": [None, None, 2]},
        "audit_event": {"action": ["create", "update", "delete"], "record_type": ["client", "household", "exit"],
                        "fields": ["dob,sex", "", "exit_date"]},
    }),
    "002_intake": Fixture(values={
        # Household 1: a parent and a child; household 2: one adult (whose enrollment is deleted); household 3
        # (deleted): nobody. What 004 and 008 compute from these is in their `expect`.
        "client": {"dob": ["1985-03-02", "2015-07-20", "1990-11-30"], "dob_data_quality": [1, 1, 2],
                   "sex": [0, 1, 0], "veteran_status": [0, 99, 1], "race_none": [None, 8, None],
                   "am_ind_ak_native": False, "asian": [True, False, False], "black_af_american": [False, False, True],
                   "hispanic_latinao": [True, False, True], "mid_east_n_african": False, "native_hi_pacific": False,
                   "white": False, "personal_id": ["a1f0c2d9e8b7", "b2e1d3c0f9a8", "c3d2e4f1a0b9"],
                   "code": ["K7Q2MX", "P3ZR8D", "W9HT4B"]},
        "household": {"household_id": ["9f8e7d6c5b4a", "8e7d6c5b4a39", "7d6c5b4a3928"],
                      "code": ["H4KD9Q", "H8MZ2R", "H2PW7X"], "dates_approximated": [False, True, False]},
        "enrollment": {"household_id": [1, 1, 2], "client_id": [1, 2, 3], "relationship_to_hoh": [1, 2, 1],
                       "entry_date": ["2025-01-10", "2025-01-10", "2025-02-14"], "disabling_condition": [0, 0, 1],
                       "living_situation": [101, 101, 215], "enrollment_coc": "WA-501",
                       "date_to_street_essh": [None, None, "2024-12-01"]},
        "employment_education": {"enrollment_id": [1, 2, 3], "data_collection_stage": [1, 1, 3],
                                 "last_grade_completed": [7, 1, 10]},
        "health_and_dv": {"enrollment_id": [1, 2, 3], "data_collection_stage": [1, 1, 3],
                          "domestic_violence_survivor": [1, 1, 0], "when_occurred": [1, 2, None],
                          "currently_fleeing": [1, 0, None]},
    }),
    "003_lifecycle": Fixture(
        values={
            "client": {"version": [1, 2, 3]}, "household": {"version": [1, 1, 2]},
            "enrollment": {"version": [1, 2, 1], "move_in_date": [None, "2025-03-01", None]},
            "employment_education": {"version": [1, 1, 2]}, "health_and_dv": {"version": [1, 2, 1]},
            "service_type": {"name": ["Emergency shelter night", "Legal advocacy", "Rental assistance"],
                             "record_type": [200, 200, 144], "type_provided": [1, 9, 4],
                             "financial_assistance": [False, False, True]},
            "service": {"enrollment_id": [1, 1, 2], "service_type_id": [1, 2, 3], "fa_amount": [None, None, "850.00"],
                        "date_provided": ["2025-01-11", "2025-01-20", "2025-02-03"]},
            "exit": {"enrollment_id": [3, 1, 2], "destination": [410, 116, 435], "other_destination": None,
                     "destination_subsidy_type": [None, None, 419], "reason_for_leaving": [None, 1, None]},
            "income_benefits": {"enrollment_id": [1, 2, 3], "income_from_any_source": [1, 0, 99],
                                "total_monthly_income": ["1250.00", None, None], "earned": [1, 0, None],
                                "earned_amount": ["1250.00", None, None]},
            "disability": {"enrollment_id": [1, 2, 3], "disability_type": [5, 6, 10], "disability_response": [1, 0, 1]},
        },
        expect={"client": {"version": 1}, "household": {"version": 1},
                "enrollment": {"version": 1, "move_in_date": None},
                "employment_education": {"version": 1}, "health_and_dv": {"version": 1}}),
    "004_household_type": Fixture(
        values={"household": {"household_type": ["With children and adults", "Without children",
                                                  "Unknown household type"]}},
        # From members' ages at entry, every enrollment counted (the deleted one too), as the rule first ran.
        expect={"household": {"household_type": ["With children and adults", "Without children",
                                                 "Unknown household type"]}}),
    "005_screen_lock": Fixture(values={"app_user": {"screen_locked": [False, True, False]}},
                               expect={"app_user": {"screen_locked": False}}),
    "006_reports": Fixture(values={"agency": {"suppression_threshold": [11, 5, 20]}},
                           expect={"agency": {"suppression_threshold": 11}}),
    "008_reidentification": Fixture(
        values={"agency": {"reid_k": [5, 3, 11], "reid_elements": ["age_group,sex", "age_group,sex,race", "project"]},
                "audit_event": {"reason": [None, "Checked with the survivor", None]},
                "household": {"household_size": [2, 0, 0]}},
        # Live members per household: household 2's only enrollment is deleted.
        expect={"agency": {"reid_k": 5, "reid_elements": (
            "age_group,sex,race,veteran_status,disabling_condition,education,household_size,household_type,"
            "project,start_month,exit_month,destination_group")},
                "audit_event": {"reason": None}, "household": {"household_size": [2, 0, 0]}}),
    "009_report_indexes": Fixture(),  # indexes only
    "010_race_combination": Fixture(
        values={"client": {"race_combination": [10, 1152, 12]}},
        # Bit i for race field i (asian 2, black 4, hispanic 8), plus 128 * (race_none + 1).
        expect={"client": {"race_combination": [10, 1152, 12]}}),
    "011_reidentification_covering": Fixture(),  # indexes only
    # PostgreSQL only: one row per live enrollment of a live client and household (the triggers keep it, so
    # no rows are written to it directly).
    "012_reid_profile": Fixture(expect={"reid_profile": {"enrollment_id": [1, 2], "household_size": [2, 2]}},
                                expect_from={"reid_profile": "enrollment"}),
    "013_project_geocode": Fixture(values={"project": {"geocode": ["539033", "539035", None],
                                                       "geography_type": [1, 2, None]}},
                                   expect={"project": {"geocode": None, "geography_type": None}}),
    "014_instance_state": Fixture(values={
        "sign_in_failure": {"address": ["203.0.113.7", "198.51.100.23", "2001:db8::1"]},
        "instance_setting": {"name": ["date_shift_fingerprint", "created_by_version", "demo"],
                             "value": ["f3a9c1e0b2d4", "0.14", "no"]}}),
    "015_record_hud_ids": Fixture(
        values={table: {"hud_id": [f"{table[:2]}{n}".ljust(32, "0") for n in range(ROWS)]} for table in HUD_ID_TABLES},
        expect={table: {"hud_id": random_ids} for table in HUD_ID_TABLES}),
    # Only column types change (PostgreSQL: bigint): every row and key must be kept as it was, which the test
    # checks for every migration; the PostgreSQL suite then stores random keys in every widened column.
    "016_unordered_keys": Fixture(),
}

# Tables filled by the database itself (triggers), never written to directly.
DERIVED = {"reid_profile"}
