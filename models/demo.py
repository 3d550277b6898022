"""Synthetic demo households, so a newcomer (or a benchmark) sees a living system.

Every row follows the app's own rules: DOBs approximated and answers stored (3.917 follow-ups included) by
domain.intake, approximated households shifted by domain.dates. Rows go in with insert_many, in chunks, inside one
write transaction: 100,000 clients take seconds, not hours.
"""
import random
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from peewee import chunked

from domain import codes
from domain.ages import age_on
from domain.dates import household_offset_days, shift_datetime
from domain.dob import BirthInput
from domain.elements import CLIENT, ENROLLMENT, ROW_RECORDS
from domain.households import household_type
from domain.intake import MemberAnswers, real_adult, stored_birth, stored_start
from domain.record_codes import new_code, normalize

from .accounts import AccountError, Agency, Project, User, create_agency_with_admin
from .clients import RACE_COLUMNS, RECORD_MODELS, Client, Enrollment, Household, race_fields
from .db import write_transaction
from .exits import Exit
from .intake import PROJECT_START, member_records
from .reid_profile import rebuilt_after
from .services import Service, ServiceType

DEMO_ADMIN = "demo-admin"
DEMO_GEOCODE = "539033"  # a six-digit HUD geocode, as a demo project needs one
CHUNK = 500  # rows per INSERT: well under SQLite's and PostgreSQL's limits on bound parameters
HISTORY_DAYS = 3 * 365
APPROXIMATED_SHARE = 0.10
EXITED_SHARE = 0.60
WITH_CHILDREN_SHARE = 0.40
DEMO_PROJECTS = (  # (name, project type, housing type, RRH sub-type, funding source, share of households)
    ("Demo Emergency Shelter", 0, 1, None, 8, 0.5),
    ("Demo Transitional Housing", 2, 2, None, 5, 0.2),
    ("Demo Rapid Re-Housing", 13, 3, 2, 3, 0.3),
)
MAX_STAY_DAYS = {0: 120, 2: 540, 13: 365}  # by project type; others use 365
MISSING = (codes.CLIENT_DOESNT_KNOW, codes.PREFERS_NOT_TO_ANSWER, codes.DATA_NOT_COLLECTED)


@dataclass
class Plan:
    """Rows ready to insert, linked by HUD ids (household_id, personal_id, enrollment_id) until the ids exist."""
    households: list = field(default_factory=list)
    clients: list = field(default_factory=list)
    enrollments: list = field(default_factory=list)  # "household" and "client" hold HUD ids
    # The project-start rows of the records of their own (4.11, R4): record -> rows; "enrollment" holds the
    # enrollment_id.
    rows: dict = field(default_factory=lambda: {record: [] for record in ROW_RECORDS})
    services: list = field(default_factory=list)
    exits: list = field(default_factory=list)


def ensure_demo_agency(name: str, password: str | None):
    """The demo agency by this name, created with demo projects and the demo admin when missing.

    Returns (agency, generated password or None). An existing agency without the demo admin is real:
    refused, so that synthetic households never mix with real ones.
    """
    agency = Agency.get_or_none(Agency.name == name.strip())
    if agency is not None:
        if not User.select().where(User.agency == agency, User.username == DEMO_ADMIN).exists():
            raise AccountError(f"The agency {agency.name!r} is not a demo agency (it has no {DEMO_ADMIN!r}); "
                               "seed-demo only fills agencies it created.")
        return agency, None
    generated = None
    if password is None:
        password = generated = secrets.token_urlsafe(18)
    start = date.today().replace(month=1, day=1) - timedelta(days=5 * 365)
    with write_transaction():  # the agency, its admin and its projects together, or nothing
        agency, _ = create_agency_with_admin(name, DEMO_ADMIN, password)
        for title, project_type, housing, sub_type, funding, _ in DEMO_PROJECTS:
            Project.create(agency=agency, name=title, project_type=project_type, housing_type=housing,
                           rrh_sub_type=sub_type, coc_code="WA-501", geocode=DEMO_GEOCODE, funding_source=funding,
                           operating_start_date=start, gives_financial_assistance=project_type == 13)
    return agency, generated


def seed_demo(agency, *, clients: int, shift_key: bytes, seed: int | None = None, today: date | None = None):
    """Add `clients` synthetic clients in households to the agency's projects. Returns the Plan inserted."""
    projects = list(Project.for_agency(agency))
    if not projects:
        raise ValueError("The agency has no projects to seed.")
    ServiceType.ensure_defaults(agency)
    catalog = list(ServiceType.active_for(agency))
    taken = set(Household.select(Household.code).tuples()) | set(Client.select(Client.code).tuples())
    plan = plan_households(agency, projects, catalog, clients=clients, shift_key=shift_key,
                           rng=random.Random(seed), today=today or date.today(), taken={c for (c,) in taken})
    with write_transaction(), rebuilt_after(agency.id):
        _insert(plan)
    return plan


def plan_households(agency, projects, catalog, *, clients, shift_key, rng, today, taken):
    """Build every row in memory (no database access); `taken` holds record codes already in use."""
    plan = Plan()
    weights = [_project_share(p) for p in projects]
    remaining = clients
    while remaining > 0:
        project = rng.choices(projects, weights)[0]
        members = _household_members(rng)[:remaining]
        remaining -= len(members)
        _plan_household(plan, agency, project, catalog, members, shift_key, rng, today, taken)
    return plan


def _project_share(project):
    return next((share for title, *_, share in DEMO_PROJECTS if title == project.name), 0.2)


def _household_members(rng):
    """(relationship to HoH, age) per member, head first: ~40% with children, 1 to 5 members."""
    if rng.random() < 0.01:
        return [(1, rng.randint(15, 17))]  # an unaccompanied youth
    head = (1, rng.randint(18, 64))
    adults = [(rng.choice((3, 3, 4, 5)), rng.randint(18, 70))] if rng.random() < 0.2 else []
    if rng.random() >= WITH_CHILDREN_SHARE:
        return [head, *adults]
    children = [(rng.choice((2, 2, 2, 4)), rng.randint(0, 17)) for _ in range(rng.randint(1, 4 - len(adults)))]
    return [head, *adults, *children]


def _plan_household(plan, agency, project, catalog, members, shift_key, rng, today, taken):
    household_id = _hud_id(rng)
    offset = household_offset_days(shift_key, household_id) if rng.random() < APPROXIMATED_SHARE else 0
    real_start = today - timedelta(days=rng.randint(0, HISTORY_DAYS))
    real_exit = _real_exit(project, real_start, today, rng)
    start = stored_start(real_start, offset)
    stamp = _stamp(real_start, offset, rng)
    stamps = {"date_created": stamp, "date_updated": stamp, "version": 1}
    ages = []
    enrollment_ids = []
    for relationship, age in members:
        answers = _answers(relationship, age, real_start, rng)
        birth = stored_birth(answers.birth, real_start=real_start, offset_days=offset, choice=answers.dob_choice)
        stored = member_records(project, answers, real_adult(answers.birth, real_start), offset)
        ages.append(age_on(birth.dob, start))
        personal_id, enrollment_id = _hud_id(rng), _hud_id(rng)
        enrollment_ids.append(enrollment_id)
        plan.clients.append({
            "agency": agency.id, "personal_id": personal_id, "code": _code(rng, taken),
            "name_data_quality": codes.PREFERS_NOT_TO_ANSWER, "ssn_data_quality": codes.PREFERS_NOT_TO_ANSWER,
            "dob": birth.dob, "dob_data_quality": agency.dob_data_quality, **stored[CLIENT],
            **race_fields(answers.race, None if answers.race else answers.race_none), **stamps})
        plan.enrollments.append({
            "agency": agency.id, "project": project.id, "household": household_id, "client": personal_id,
            "enrollment_id": enrollment_id, "entry_date": start,
            "enrollment_coc": project.coc_code if answers.is_head else None, "move_in_date": None,
            **stored[ENROLLMENT], **stamps})
        for record, rows in plan.rows.items():  # 4.11 (and R4 where the project collects it), as intake records them
            if stored.get(record) is not None:
                rows.append({"enrollment": enrollment_id, "information_date": start,
                             "data_collection_stage": PROJECT_START, **stored[record], **stamps})
    plan.households.append({"agency": agency.id, "project": project.id, "household_id": household_id,
                            "code": _code(rng, taken), "dates_approximated": bool(offset),
                            "household_type": household_type(ages), "household_size": len(ages), **stamps})
    _plan_services(plan, catalog, enrollment_ids[0], real_start, real_exit or today, offset, rng)
    if real_exit:
        _plan_exits(plan, enrollment_ids, stored_start(real_exit, offset), _stamp(real_exit, offset, rng), rng)


def _answers(relationship, age, real_start, rng):
    """What staff might have typed for one member, with some 8/9/99 answers."""
    birth = (BirthInput(age=age, as_of=real_start) if rng.random() < 0.7
             else BirthInput(year=real_start.year - age))
    adult = age >= 18
    races = frozenset(rng.sample(list(RACE_COLUMNS), 2 if rng.random() < 0.1 else 1))
    no_race = rng.random() < 0.05
    survivor = _pick(rng, ((1, 80), (0, 12), (8, 2), (9, 4), (99, 2)))
    living = _pick(rng, ((101, 20), (116, 15), (335, 15), (336, 10), (410, 12), (435, 5), (314, 5),
                         (206, 3), (207, 3), (302, 4), (9, 4), (99, 4)))
    return MemberAnswers(
        birth=birth, dob_choice=rng.randrange(3),
        race=frozenset() if no_race else races, race_none=rng.choice(MISSING) if no_race else None, values=dict(
            relationship_to_hoh=relationship,
            sex=_pick(rng, ((0, 70), (1, 26), (8, 1), (9, 2), (99, 1))) if adult else rng.choice((0, 1)),
            disabling_condition=_pick(rng, ((0, 65), (1, 25), (8, 3), (9, 4), (99, 3))),
            veteran_status=_pick(rng, ((0, 90), (1, 3), (8, 2), (9, 3), (99, 2))),
            domestic_violence_survivor=survivor,
            when_occurred=_pick(rng, ((1, 50), (2, 20), (3, 15), (4, 10), (9, 5))) if survivor == 1 else None,
            currently_fleeing=_pick(rng, ((1, 60), (0, 35), (9, 5))) if survivor == 1 else None,
            living_situation=living,
            rental_subsidy_type=rng.choice(list(codes.RENTAL_SUBSIDY_TYPE)),
            length_of_stay=_pick(rng, ((10, 15), (11, 20), (2, 20), (3, 15), (4, 10), (5, 10), (8, 3), (9, 4),
                                       (99, 3))),
            previous_street_essh=rng.choice((0, 1)),
            date_to_street_essh=real_start - timedelta(days=rng.randint(0, 400)),
            times_homeless_past_three_years=_pick(rng, ((1, 50), (2, 20), (3, 10), (4, 10), (8, 4), (9, 6))),
            months_homeless_past_three_years=rng.choice((*range(101, 114), 8, 9)),
            last_grade_completed=rng.choice(list(codes.LAST_GRADE_COMPLETED))))


def _plan_services(plan, catalog, head_enrollment_id, real_start, real_end, offset, rng):
    """0 to 8 services on the head of household, between the start and the exit (or today)."""
    span = (real_end - real_start).days
    for _ in range(rng.choice((0, 1, 2, 2, 3, 4, 6, 8))):
        service_type = rng.choice(catalog)
        real_day = real_start + timedelta(days=rng.randint(0, span))
        stamp = _stamp(real_day, offset, rng)
        plan.services.append({
            "enrollment": head_enrollment_id, "service_type": service_type.id,
            "date_provided": stored_start(real_day, offset),
            "fa_amount": Decimal(rng.randint(2500, 250000)) / 100 if service_type.financial_assistance else None,
            "date_created": stamp, "date_updated": stamp, "version": 1})


def _real_exit(project, real_start, today, rng):
    """~60% of households have left, on a day after their start and not after today."""
    if rng.random() >= EXITED_SHARE or real_start >= today:
        return None
    stay = rng.randint(1, MAX_STAY_DAYS.get(project.project_type, 365))
    return min(real_start + timedelta(days=stay), today)


def _plan_exits(plan, enrollment_ids, exit_date, stamp, rng):
    destination = _pick(rng, ((410, 20), (435, 15), (422, 10), (312, 12), (313, 6), (101, 8), (116, 4),
                              (302, 5), (17, 2), (30, 8), (8, 2), (9, 4), (99, 4)))
    answers = {
        "destination": destination,
        "destination_subsidy_type": rng.choice(list(codes.RENTAL_SUBSIDY_TYPE)) if destination == 435 else None,
        "other_destination": "Moved out of state" if destination == 17 else None,
        "reason_for_leaving": rng.choice(list(codes.REASON_FOR_LEAVING)) if rng.random() < 0.8 else None}
    plan.exits.extend({"enrollment": enrollment_id, "exit_date": exit_date, **answers, "date_created": stamp,
                       "date_updated": stamp, "version": 1} for enrollment_id in enrollment_ids)


def _insert(plan):
    """Insert parents first, then swap each child row's HUD id for the new primary key."""
    household_pks = _insert_keyed(Household, Household.household_id, plan.households)
    client_pks = _insert_keyed(Client, Client.personal_id, plan.clients)
    enrollments = [{**row, "household": household_pks[row["household"]], "client": client_pks[row["client"]]}
                   for row in plan.enrollments]
    enrollment_pks = _insert_keyed(Enrollment, Enrollment.enrollment_id, enrollments)
    for model, rows in (*((RECORD_MODELS[record], rows) for record, rows in plan.rows.items()),
                        (Service, plan.services), (Exit, plan.exits)):
        _insert_rows(model, [{**row, "enrollment": enrollment_pks[row["enrollment"]]} for row in rows])


def _insert_keyed(model, key, rows):
    """Insert rows in chunks; returns HUD id -> primary key."""
    pks = {}
    for chunk in chunked(rows, CHUNK):
        _insert_rows(model, chunk)
        ids = [row[key.name] for row in chunk]
        pks.update(model.select(key, model.id).where(key.in_(ids)).tuples())
    return pks


def _insert_rows(model, rows):
    """insert_many with tuples and an explicit field list: peewee builds the SQL much faster than from dicts."""
    if not rows:
        return
    names = list(rows[0])
    fields = [model._meta.fields[name] for name in names]
    for chunk in chunked(rows, CHUNK):
        model.insert_many([tuple(row[name] for name in names) for row in chunk], fields=fields).execute()


def _hud_id(rng):
    """A uuid4 in hex (HUD's PersonalID/HouseholdID/EnrollmentID), drawn from rng so a seed reproduces it."""
    return uuid.UUID(int=rng.getrandbits(128), version=4).hex


def _code(rng, taken):
    """A record code no household or client has yet (the app's unique_code asks the database each time)."""
    while True:
        code = normalize(new_code(rng))
        if code not in taken:
            taken.add(code)
            return code


def _stamp(real_day, offset, rng):
    """A working-hours timestamp on the real day, shifted with the household's dates."""
    moment = datetime.combine(real_day, time(rng.randint(8, 17), rng.randint(0, 59)))
    return shift_datetime(moment, offset) if offset else moment


def _pick(rng, weighted):
    values, weights = zip(*weighted)
    return rng.choices(values, weights)[0]
