"""A saved household: its members and exactly what HMIS stores for them."""
from datetime import date

from flask import Blueprint, flash, render_template, url_for
from flask_login import current_user

from domain import codes
from domain.ages import age_group, age_on
from models import AuditEvent, HealthAndDV

from domain.data_quality import GAP, PRIVACY, UNKNOWN
from domain.record_codes import hyphenate
from forms.households import StartDateForm
from models.deletions import delete_household
from models.exits import live_enrollments
from models.start_dates import move_start_date, start_date_problems, starting_enrollments
from models.quality import household_findings

from ._access import get_household_or_404, role_required
from ._dates import household_offset, household_stamp, stored_date
from ._household_page import household_sections
from ._htmx import htmx_redirect, render_page_or_partial

bp = Blueprint("households", __name__, url_prefix="/households")


@bp.route("/<int:household_id>")
@role_required("admin", "staff")
def show(household_id):
    """Members of one household with their stored values."""
    household = get_household_or_404(household_id)
    enrollments = live_enrollments(household)
    dv = HealthAndDV.at_project_start(enrollments)
    AuditEvent.record(current_user, "view", "household", household.id, at=household_stamp(household))
    members = [{"enrollment": e, "client": e.client, "dv": dv.get(e.id),
                "age_group": age_group(age_on(e.client.dob, e.entry_date))} for e in enrollments]
    sections = household_sections(household, members)
    findings = household_findings(enrollments, dv, household_offset(household), date.today())
    quality = {kind: [f for f in findings if f.kind == kind] for kind in (GAP, UNKNOWN, PRIVACY)}
    fix_urls = {e.client.code: {"member": url_for("members.edit", enrollment_id=e.id)} for e in enrollments}
    return render_template("households/show.html", household=household, project=household.project,
                           members=members, codes=codes, sections=sections, quality=quality, fix_urls=fix_urls)


@bp.route("/<int:household_id>/delete", methods=("POST",))
@role_required("admin", "staff")
def delete(household_id):
    """Delete a household entered by mistake (soft: an admin can undo it)."""
    household = get_household_or_404(household_id)
    delete_household(current_user, household, household_stamp(household))
    flash(f"Household {hyphenate(household.code)} deleted. An admin can undo this under "
          "Admin → Deleted records.")
    return htmx_redirect(url_for("home.index"))


@bp.route("/<int:household_id>/start-date", methods=("GET", "POST"))
@role_required("admin", "staff")
def start_date(household_id):
    """Correct the Project Start Date of the members who started with the household."""
    household = get_household_or_404(household_id)
    project = household.project
    starting = starting_enrollments(household)
    current = starting[0].entry_date.isoformat() if starting else ""
    form = StartDateForm(project=project, today=date.today(), data={"loaded": current})
    if form.validate_on_submit():
        new_start = stored_date(household, form.project_start_date.data)
        problems = start_date_problems(starting, new_start)
        if form.loaded.data != current:
            problems.insert(0, "Someone else corrected the Project Start Date while you had this page open: "
                               "check the date stored now, then save again.")
            form.loaded.data = current
        if not problems:
            move_start_date(current_user, household, new_start, household_stamp(household))
            flash("Project Start Date corrected.")
            return htmx_redirect(url_for("households.show", household_id=household.id))
        form.project_start_date.errors.extend(problems)
    return render_page_or_partial("households/start_date.html", "households/_start_date_form.html", form=form,
                                  household=household, project=project,
                                  stored_start=starting[0].entry_date if starting else None,
                                  invalid=form.is_submitted())
