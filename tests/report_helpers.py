"""A small crafted agency for the dashboard tests: every count below is worked out by hand in test_reports.py.

Period 2025-01-01 to 2025-12-31. "Safe Shelter" (staff-1's project) and "Unassigned Project".
"""
from datetime import date, datetime
from decimal import Decimal

from models import Client, Enrollment, Exit, Household, Service, ServiceType
from tests.conftest import make_agency

START, END = date(2025, 1, 1), date(2025, 12, 31)
STAMP = {"date_created": datetime(2025, 1, 1), "date_updated": datetime(2025, 1, 1)}
DELETED = datetime(2025, 6, 1)
_n = iter(range(1, 10_000))


def household(project, **extra):
    i = next(_n)
    return Household.create(agency=project.agency_id, project=project, household_id=f"hh{i}", code=f"HH{i:06d}",
                            **STAMP, **extra)


def person(agency, dob, **answers):
    i = next(_n)
    values = {"dob_data_quality": 9, "sex": 0, "veteran_status": 99, **answers}
    return Client.create(agency=agency, personal_id=f"pp{i}", code=f"CL{i:06d}", dob=dob, **values, **STAMP)


def stay(household, client, entry, relationship=1, exit=None, destination=None, exit_deleted=False, **answers):
    """An enrollment (and its exit, when given)."""
    i = next(_n)
    enrollment = Enrollment.create(agency=household.agency_id, project=household.project_id, household=household,
                                   client=client, enrollment_id=f"ee{i}", relationship_to_hoh=relationship,
                                   entry_date=entry, **{"disabling_condition": 0, **answers}, **STAMP)
    if exit:
        Exit.create(enrollment=enrollment, exit_date=exit, destination=destination,
                    date_deleted=DELETED if exit_deleted else None, **STAMP)
    return enrollment


def crafted_agency(name="Safe Harbor"):
    """The agency, its projects and users, and the service types {"Rent", "Advocacy"}."""
    agency, (shelter, unassigned), users = make_agency(name, projects=("Safe Shelter", "Unassigned Project"))
    a = agency.id
    rent = ServiceType.create(agency=agency, name="Rent", financial_assistance=True)
    advocacy = ServiceType.create(agency=agency, name="Advocacy")

    # H1: adult head and child, both left after 30 days to a rental (410).
    h1 = household(shelter, household_type="With children and adults")
    head = stay(h1, person(a, date(1990, 1, 1), white=True, veteran_status=0), date(2025, 3, 1), 1,
                date(2025, 3, 31), 410, living_situation=116)
    stay(h1, person(a, date(2015, 1, 1), race_none=9, sex=1), date(2025, 3, 1), 2, date(2025, 3, 31), 410)
    _service(head, rent, date(2025, 3, 5), "500.00")
    _service(head, rent, date(2025, 3, 20), "250.50")
    _service(head, advocacy, date(2025, 3, 6))

    # C2: a stayer in H2 since 2024-06-01, and a later 10-day stay in H10 (the unassigned project) that counts.
    c2 = person(a, date(1980, 1, 1), race_none=8, sex=9, veteran_status=9)
    h2 = household(shelter)
    second = stay(h2, c2, date(2024, 6, 1), 1, living_situation=410)
    _service(second, advocacy, date(2025, 5, 1))
    _service(second, advocacy, date(2024, 12, 31))  # before the period
    _service(second, advocacy, date(2025, 5, 2), deleted=True)
    h10 = household(unassigned)
    stay(h10, c2, date(2025, 1, 10), 1, date(2025, 1, 20), 101, living_situation=336, disabling_condition=99)

    # H3: a 15-year-old alone, prefers not to answer where they came from; died (24) after 76 days.
    h3 = household(shelter)
    stay(h3, person(a, date(2010, 1, 1)), date(2024, 12, 1), 1, date(2025, 2, 15), 24, living_situation=9,
         disabling_condition=9)

    # H4: a head who turns 18 on the day she enters, and a member born after that day (an unknown age).
    h4 = household(shelter)
    stay(h4, person(a, date(2007, 7, 1), asian=True, sex=99, veteran_status=8), date(2025, 7, 1), 1,
         date(2026, 2, 1), 410, living_situation=8, disabling_condition=8)
    stay(h4, person(a, date(2026, 1, 1), race_none=99), date(2025, 7, 1), 2)

    # H9: an adult since 2023 whose exit was undone (deleted): a stayer, prior living situation never recorded.
    h9 = household(unassigned)
    nine = stay(h9, person(a, date(1970, 1, 1), black_af_american=True, sex=1), date(2023, 1, 1), 1,
                date(2024, 5, 1), 207, exit_deleted=True, disabling_condition=1)
    _service(nine, rent, date(2025, 2, 1), "100.00")

    # Not in the period or not live: exited before the start, started after the end, deleted.
    stay(household(shelter), person(a, date(1988, 1, 1)), date(2024, 1, 1), 1, date(2024, 12, 31), 410)
    stay(household(shelter), person(a, date(1988, 1, 1)), date(2026, 1, 1), 1)
    gone = household(shelter, date_deleted=DELETED)
    stay(gone, person(a, date(1988, 1, 1), date_deleted=DELETED), date(2025, 4, 1), 1, date_deleted=DELETED)
    return agency, (shelter, unassigned), users


def _service(enrollment, service_type, day, amount=None, deleted=False):
    Service.create(enrollment=enrollment, service_type=service_type, date_provided=day,
                   fa_amount=Decimal(amount) if amount else None, date_deleted=DELETED if deleted else None, **STAMP)


def other_agency_with_data():
    """Another agency with a household in the period: none of it may show up."""
    agency, (project,), users = make_agency("Other Agency", projects=("Other Shelter",))
    h = household(project)
    stay(h, person(agency.id, date(1990, 1, 1)), date(2025, 2, 1), 1, date(2025, 2, 3), 410)
    return agency, project, users
