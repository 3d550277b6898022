"""seed-demo: synthetic households that obey the app's rules, reproducible, and rendered by its pages."""
import random
import re
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from peewee import JOIN

from domain.dates import household_offset_days
from domain.households import HOUSEHOLD_TYPES
from domain.living_situation import followup_fields
from domain.record_codes import format_code
from models import Agency, Client, Enrollment, Exit, HealthAndDV, Household, Project, Service, User
from models.accounts import AccountError
from models.db import db, open_database
from models.demo import DEMO_ADMIN, ensure_demo_agency, plan_households, seed_demo
from models.services import ServiceType
from tests.conftest import PASSWORD, make_agency
from tests.test_migrations_and_cli import _flask

SHIFT_KEY = b"test-shift-key-0123456789abcdef"  # the app fixture's DATE_SHIFT_KEY
TODAY = date(2026, 6, 15)
CLI_KEY = {"DATE_SHIFT_KEY": "cli-shift-key-0123456789abcdef"}  # the CLI tests' environment
FOLLOWUPS = ("rental_subsidy_type", "length_of_stay", "previous_street_essh", "date_to_street_essh",
             "times_homeless_past_three_years", "months_homeless_past_three_years")


@pytest.fixture
def demo(app):
    agency, password = ensure_demo_agency("Demo Agency", PASSWORD)
    assert password is None  # given, so not generated
    seed_demo(agency, clients=400, shift_key=SHIFT_KEY, seed=7, today=TODAY)
    return agency


def _plan(agency, seed, key=SHIFT_KEY, clients=200):
    ServiceType.ensure_defaults(agency)
    return plan_households(agency, list(Project.for_agency(agency)), list(ServiceType.active_for(agency)),
                           clients=clients, shift_key=key, rng=random.Random(seed), today=TODAY, taken=set())


def test_the_demo_agency_has_three_project_types_and_an_admin(demo):
    projects = {p.project_type: p for p in Project.for_agency(demo)}
    assert set(projects) == {0, 2, 13}
    assert (projects[13].housing_type, projects[13].rrh_sub_type) == (3, 2)
    admin = User.get(User.username == DEMO_ADMIN)
    assert admin.agency_id == demo.id and admin.role == "admin" and admin.check_password(PASSWORD)


def test_counts_and_one_head_per_household(demo):
    assert Client.select().where(Client.agency == demo).count() == 400
    assert Enrollment.select().where(Enrollment.agency == demo).count() == 400
    households = list(Household.select().where(Household.agency == demo))
    heads = Counter(e.household_id for e in Enrollment.select().where(Enrollment.relationship_to_hoh == 1))
    assert all(heads[h.id] == 1 for h in households)
    sizes = Counter(e.household_id for e in Enrollment.select())
    assert set(sizes.values()) <= {1, 2, 3, 4, 5}
    assert {h.household_type for h in households} <= set(HOUSEHOLD_TYPES)
    with_children = sum(h.household_type == "With children and adults" for h in households)
    assert 0.25 < with_children / len(households) < 0.55
    assert 0.02 < sum(h.dates_approximated for h in households) / len(households) < 0.25


def test_clients_are_anonymous_with_january_first_births(demo):
    clients = list(Client.select())
    assert all((c.dob.month, c.dob.day) == (1, 1) for c in clients)
    assert {(c.name_data_quality, c.ssn_data_quality, c.dob_data_quality) for c in clients} == {(9, 9, 9)}
    assert {9, 99} & {c.disabling_condition for c in Enrollment.select()}  # some "prefers not to answer"
    assert all(re.fullmatch(r"[0-9A-Z]{8}", c.code) and len(c.personal_id) == 32 for c in clients)


def test_services_and_exits_fall_within_each_stay(demo):
    rows = (Service.select(Service.date_provided, Enrollment.entry_date, Enrollment.relationship_to_hoh,
                           Exit.exit_date, ServiceType.financial_assistance, Service.fa_amount)
            .join(Enrollment).join(Exit, JOIN.LEFT_OUTER, on=(Exit.enrollment == Enrollment.id))
            .switch(Service).join(ServiceType).tuples())
    assert len(rows) > 100
    for provided, start, relationship, exit_date, financial, amount in rows:
        assert relationship == 1 and start <= provided and (exit_date is None or provided <= exit_date)
        assert (amount is not None and amount > 0) if financial else amount is None
    exits = list(Exit.select(Exit, Enrollment).join(Enrollment))
    assert 0.45 < len({e.enrollment.household_id for e in exits}) / Household.select().count() < 0.75
    assert all(e.exit_date > e.enrollment.entry_date for e in exits)
    assert all(e.exit_date - e.enrollment.entry_date <= timedelta(days=540) for e in exits)


def test_assessments_at_start_for_heads_and_adults_only(demo):
    health = {h.enrollment_id for h in HealthAndDV.select()}
    for enrollment in Enrollment.select(Enrollment, Client).join(Client):
        asked = enrollment.id in health
        assert asked == (enrollment.living_situation is not None)
        if enrollment.relationship_to_hoh == 1:
            assert asked and enrollment.enrollment_coc == "WA-501"
        if not asked:
            continue
        kept = {name for name in FOLLOWUPS if getattr(enrollment, name) is not None}
        expected = set(followup_fields(enrollment.project.project_type, enrollment.living_situation,
                                       enrollment.length_of_stay, enrollment.previous_street_essh))
        assert kept <= expected and "length_of_stay" not in expected - kept


def test_real_dates_are_never_in_the_future_and_timestamps_move_with_dates(demo):
    for household in Household.select():
        head = Enrollment.get(Enrollment.household == household, Enrollment.relationship_to_hoh == 1)
        offset = household_offset_days(SHIFT_KEY, household.household_id) if household.dates_approximated else 0
        assert TODAY - timedelta(days=3 * 365) <= head.entry_date - timedelta(days=offset) <= TODAY
        assert household.date_created.date() == head.entry_date  # stamped on the (stored) start day


def test_approximated_households_are_shifted_by_their_own_offset():
    """The same seed under two keys: only approximated households move, by the difference of their offsets."""
    agency = Agency(id=1, dob_data_quality=9)
    projects = [Project(id=1, project_type=0, coc_code="WA-501", collects_education=False, name="ES")]
    catalog = [ServiceType(id=1, name="Rent", financial_assistance=True)]
    other_key = b"another-shift-key-0123456789abcd"
    plans = [plan_households(agency, projects, catalog, clients=300, shift_key=key, rng=random.Random(5),
                             today=TODAY, taken=set()) for key in (SHIFT_KEY, other_key)]
    approximated = 0
    for first, second in zip(plans[0].households, plans[1].households):
        moved = (household_offset_days(other_key, first["household_id"])
                 - household_offset_days(SHIFT_KEY, first["household_id"])) if first["dates_approximated"] else 0
        approximated += first["dates_approximated"]
        assert second["date_created"] - first["date_created"] == timedelta(days=moved)
    assert approximated
    for first, second in zip(plans[0].services, plans[1].services):
        assert (second["date_created"] - first["date_created"]).days == (
            second["date_provided"] - first["date_provided"]).days


def test_the_same_seed_gives_the_same_data(app):
    agency, *_ = make_agency(projects=("Shelter", "Housing"))
    assert _plan(agency, 11) == _plan(agency, 11)
    assert _plan(agency, 11).households != _plan(agency, 12).households


def test_record_codes_avoid_codes_in_use(app):
    agency, *_ = make_agency()
    ServiceType.ensure_defaults(agency)
    first = _plan(agency, 3)
    taken = {row["code"] for row in first.households + first.clients}
    again = plan_households(agency, list(Project.for_agency(agency)), list(ServiceType.active_for(agency)),
                            clients=200, shift_key=SHIFT_KEY, rng=random.Random(3), today=TODAY, taken=set(taken))
    assert not taken & {row["code"] for row in again.households + again.clients}


def test_a_real_agency_is_never_filled(app):
    make_agency("Safe Harbor")
    with pytest.raises(AccountError, match="not a demo agency"):
        ensure_demo_agency("Safe Harbor", PASSWORD)
    assert Household.select().count() == 0


def test_roster_and_household_pages_render_seeded_data(demo, client, auth):
    assert auth.login(DEMO_ADMIN).status_code == 303
    for project in list(Project.for_agency(demo)):  # each request closes the connection when it ends
        response = client.get(f"/projects/{project.id}/roster")
        assert response.status_code == 200
        current = (Household.select().join(Enrollment).join(Exit, JOIN.LEFT_OUTER)
                   .where(Household.project == project, Exit.id.is_null()).first())
        assert format_code(current.code) in response.text
    picks = [Household.select().where(Household.dates_approximated).first(),
             Household.select().join(Enrollment).join(Exit).first(),
             Household.select().where(Household.household_type == "With children and adults").first()]
    for household in picks:
        response = client.get(f"/households/{household.id}")
        assert response.status_code == 200 and format_code(household.code) in response.text


def test_seed_demo_command(tmp_path):
    result = _flask("seed-demo", "--clients", "60", "--seed", "4", env=CLI_KEY, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Added 60 clients in" in result.stdout and "'Demo Agency'" in result.stdout
    password = re.search(r"with the password (\S+) \(shown only this once\)", result.stdout).group(1)
    again = _flask("seed-demo", "--clients", "5", env=CLI_KEY, tmp_path=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "password" not in again.stdout  # the agency and its admin exist already
    db.initialize(open_database(f"sqlite:///{tmp_path / 'cli.sqlite3'}"))
    with db.connection_context():
        assert User.get(User.username == DEMO_ADMIN).check_password(password)
        assert Client.select().count() == 65
        assert Household.select().where(Household.date_created > datetime(2000, 1, 1)).count() > 0


@pytest.mark.parametrize("args, env, message", [
    (["--clients", "0"], CLI_KEY, "0 is not in the range 1<=x<=1000000"),
    (["--clients", "1000001"], CLI_KEY, "1000001 is not in the range 1<=x<=1000000"),
    (["--clients", "many"], CLI_KEY, "'many' is not a valid integer"),
    (["--seed", "abc"], CLI_KEY, "'abc' is not a valid integer"),
    (["--agency", "", "--clients", "1"], CLI_KEY, "organization name must be 1 to 200 characters"),
    (["--clients", "1"], {"DATE_SHIFT_KEY": "cli-shift"}, "DATE_SHIFT_KEY must be at least 16 bytes"),
    (["--clients", "1"], {**CLI_KEY, "HMIS_ADMIN_PASSWORD": "short"}, "Passwords must be at least 12 characters"),
])
def test_seed_demo_command_refuses_bad_options(tmp_path, args, env, message):
    result = _flask("seed-demo", *args, env=env, tmp_path=tmp_path)
    assert result.returncode == 2 and message in result.stderr
