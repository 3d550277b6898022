"""Data quality findings for a household and the project's inactive enrollments, from stored records."""
from datetime import timedelta

from peewee import fn

from domain.ages import age_on, is_adult
from domain.data_quality import member_findings, stored_today

from .assessments import Disability, IncomeBenefits
from .clients import Client, Enrollment, HealthAndDV, Household
from .dialect import as_date
from .exits import live_exits
from .roster import current_enrollments
from .services import Service

ANNUAL_ASSESSMENT = 5  # 5.03.1 DataCollectionStage
INACTIVE_AFTER = timedelta(days=90)


def household_findings(enrollments, start_dv, offset_days, today):
    """Findings for each live enrollment; start_dv maps enrollment id -> its project-start 4.11 record."""
    ids = [e.id for e in enrollments]
    exits = live_exits(enrollments)
    annual = dict(IncomeBenefits.select(IncomeBenefits.enrollment, fn.MAX(IncomeBenefits.information_date))
                  .where(IncomeBenefits.enrollment.in_(ids), IncomeBenefits.data_collection_stage == ANNUAL_ASSESSMENT,
                         IncomeBenefits.date_deleted.is_null())
                  .group_by(IncomeBenefits.enrollment).tuples())
    findings = []
    for e in enrollments:
        client, adult = e.client, is_adult(age_on(e.client.dob, e.entry_date))
        answers = {"Relationship to Head of Household": e.relationship_to_hoh, "Sex": client.sex,
                   "Disabling Condition": e.disabling_condition}
        if not any(getattr(client, f) for f in ("am_ind_ak_native", "asian", "black_af_american", "hispanic_latinao",
                                                  "mid_east_n_african", "native_hi_pacific", "white")):
            answers["Race and Ethnicity"] = client.race_none
        if adult:
            answers["Veteran Status"] = client.veteran_status
        if adult or e.relationship_to_hoh == 1:
            answers["Prior Living Situation"] = e.living_situation
            dv = start_dv.get(e.id)
            answers["Domestic Violence Survivor"] = dv.domestic_violence_survivor if dv else None
        exit_row = exits.get(e.id)
        last_annual = annual.get(e.id)
        findings += member_findings(
            client.code, answers, exited=exit_row is not None,
            exit_destination=exit_row.destination if exit_row else None, entry_date=e.entry_date,
            last_annual=as_date(last_annual),
            today=stored_today(today, offset_days))
    return findings


def inactive_enrollments(project, offset_for, today):
    """Current participants with no service, assessment or update for 90 days (on their own time line).

    offset_for(household) gives each household's date offset, so approximated households compare fairly.
    """
    current = list(current_enrollments(project).select(Enrollment, Client, Household)
                   .join(Client).switch(Enrollment).join(Household))
    ids = [e.id for e in current]
    latest = {}
    for model, column in ((Service, Service.date_provided), (IncomeBenefits, IncomeBenefits.information_date),
                          (HealthAndDV, HealthAndDV.information_date), (Disability, Disability.information_date)):
        rows = (model.select(model.enrollment, fn.MAX(column)).where(model.enrollment.in_(ids),
                                                                      model.date_deleted.is_null())
                .group_by(model.enrollment).tuples())
        for enrollment_id, last in rows:
            last = as_date(last)
            latest[enrollment_id] = max(latest.get(enrollment_id, last), last)
    inactive = []
    for e in current:
        last = max(latest.get(e.id, e.entry_date), e.entry_date)
        if stored_today(today, offset_for(e.household)) - last >= INACTIVE_AFTER:
            inactive.append((e, last))
    return sorted(inactive, key=lambda pair: pair[1])
