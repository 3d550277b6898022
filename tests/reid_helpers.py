"""Stored people for the re-identification tests, written straight to the tables (as stored, already shifted)."""
import itertools
from datetime import date, datetime

from models import Client, EmploymentEducation, Enrollment, Exit, HealthAndDV, Household, Project

_serial = itertools.count(1)
STAMP = datetime(2026, 1, 1)


def shelter(agency, name="Second Shelter"):
    """Another emergency shelter of the agency: people there count in the agency's groups, not the project's."""
    return Project.create(agency=agency, name=name, project_type=0, coc_code="WA-501", funding_source=8,
                          operating_start_date="2020-01-01")

def stored_household(project, start=date(2026, 1, 10), members=({},), kind="Without children", deleted=False):
    """A household of stored members; each member dict overrides the defaults below. Returns the enrollments."""
    n = next(_serial)
    stamps = {"date_created": STAMP, "date_updated": STAMP}
    household = Household.create(agency=project.agency_id, project=project, household_id=f"rh{n}", code=f"RH{n:06d}",
                                 household_type=kind, household_size=len(members),
                                 date_deleted=STAMP if deleted else None, **stamps)
    enrollments = []
    for i, member in enumerate(members):
        m = {"dob": date(1990, 1, 1), "sex": 0, "race": ("white",), "race_none": None, "veteran_status": 0,
             "disabling_condition": 0, "dv": 1, "education": None, "exit": None, **member}
        serial = next(_serial)
        client = Client.create(agency=project.agency_id, personal_id=f"rp{serial}", code=f"RP{serial:06d}",
                               dob=m["dob"], dob_data_quality=9, sex=m["sex"], veteran_status=m["veteran_status"],
                               race_none=m["race_none"], **{field: True for field in m["race"]}, **stamps)
        enrollment = Enrollment.create(agency=project.agency_id, project=project, household=household, client=client,
                                       enrollment_id=f"re{serial}", relationship_to_hoh=1 if i == 0 else 2,
                                       entry_date=m.get("start", start), disabling_condition=m["disabling_condition"],
                                       **stamps)
        if m["dv"] is not None:
            HealthAndDV.create(enrollment=enrollment, information_date=start, data_collection_stage=1,
                               domestic_violence_survivor=m["dv"], **stamps)
        if m["education"] is not None:
            EmploymentEducation.create(enrollment=enrollment, information_date=start, data_collection_stage=1,
                                       last_grade_completed=m["education"], **stamps)
        if m["exit"] is not None:
            exit_date, destination = m["exit"]
            Exit.create(enrollment=enrollment, exit_date=exit_date, destination=destination, **stamps)
        enrollments.append(enrollment)
    return enrollments
