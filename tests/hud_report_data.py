"""Small hand-made data sets for the APR/CAPER tests: households written row by row, every value chosen."""
from datetime import date, datetime
from itertools import count

from models import Client, Disability, Enrollment, Exit, HealthAndDV, Household, IncomeBenefits, Project

STAMP = {"date_created": datetime(2020, 1, 1), "date_updated": datetime(2020, 1, 1)}
_numbers = count(1)


def project(agency, name, project_type, funding_source):
    return Project.create(agency=agency, name=name, project_type=project_type, coc_code="WA-501", geocode="539033",
                          funding_source=funding_source, operating_start_date=date(2020, 1, 1))


def household(project_row):
    n = next(_numbers)
    return Household.create(agency=project_row.agency_id, project=project_row, household_id=f"hh{n}",
                            code=f"H{n:07d}", **STAMP)


def member(household_row, *, dob, entry, exit=None, destination=None, subsidy=None, relationship=1, dob_dq=9,
           sex=0, race=(), race_none=None, veteran=0, living=99, disabling=0, coc="WA-501", move_in=None,
           client=None, deleted=False, created=None, exit_created=None, **answers):
    """One person's enrollment in the household (a new client unless `client` is given), with its exit.

    `created`/`exit_created` are the records' DateCreated; `answers` more Enrollment fields (the 3.917 ones)."""
    n = next(_numbers)
    if client is None:
        client = Client.create(agency=household_row.agency_id, personal_id=f"p{n}", code=f"C{n:07d}",
                               dob=dob, dob_data_quality=dob_dq, sex=sex, veteran_status=veteran,
                               race_none=race_none, **{field: True for field in race}, **STAMP)
    enrollment = Enrollment.create(
        agency=household_row.agency_id, project=household_row.project_id, household=household_row, client=client,
        enrollment_id=f"e{n}", relationship_to_hoh=relationship, entry_date=entry, enrollment_coc=coc,
        move_in_date=move_in, date_deleted=datetime(2025, 6, 1) if deleted else None, **_stamp(created),
        **{"disabling_condition": disabling, "living_situation": living, **answers})
    if exit is not None:
        Exit.create(enrollment=enrollment, exit_date=exit, destination=destination,
                    destination_subsidy_type=subsidy, **_stamp(exit_created))
    return enrollment


def _stamp(created):
    return STAMP if created is None else {"date_created": created, "date_updated": created}


def dv(enrollment, on, survivor, when=None, stage=1):
    HealthAndDV.create(enrollment=enrollment, information_date=on, data_collection_stage=stage,
                       domestic_violence_survivor=survivor, when_occurred=when, **STAMP)


def income(enrollment, on, stage, any_source, **sources):
    IncomeBenefits.create(enrollment=enrollment, information_date=on, data_collection_stage=stage,
                          income_from_any_source=any_source, **sources, **STAMP)


def disability(enrollment, on, disability_type, response, indefinite=None):
    Disability.create(enrollment=enrollment, information_date=on, data_collection_stage=1,
                      disability_type=disability_type, disability_response=response,
                      indefinite_and_impairs=indefinite, **STAMP)
