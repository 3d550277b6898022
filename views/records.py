"""Finding anonymous records again: record-code search, project rosters, and each user's recent records."""
from datetime import date

from flask import Blueprint, abort, flash, render_template, request, url_for
from flask_login import current_user

from domain.ages import age_group, age_on
from domain.households import HOUSEHOLD_TYPES
from domain.record_codes import format_code, is_valid
from forms._fields import choices
from forms.exits import InactiveExitForm
from models import Client, Household, utcnow
from models.exits import AlreadyExited, exit_inactive
from models.quality import inactive_enrollments
from models.roster import ROSTER_SORTS, find_by_code, members_of, recent_households, roster_page

from ._access import get_project_or_404, role_required
from ._dates import household_offset
from ._htmx import htmx_redirect, render_page_or_partial

bp = Blueprint("records", __name__)
PAGE_SIZE = 50


@bp.route("/records")
@role_required("admin", "staff")
def find():
    """Find a record by its code, and the records this user worked on lately."""
    return render_template("records/find.html", recent=recent_households(current_user, household_offset))


@bp.route("/records/search", methods=("POST",))
@role_required("admin", "staff")
def search():
    """Look up one record code (POST: codes stay out of URLs and access logs)."""
    text = request.form.get("code", "")[:40]
    if not text.strip():
        return render_template("records/_search_result.html", message=None, record=None)
    if not is_valid(text):
        message = ("That is not a valid record code: check each character (codes are 8 letters and digits, "
                   "like K7PM-29QX; I, L and O read as 1, 1 and 0).")
        return render_template("records/_search_result.html", message=message, record=None)
    record = find_by_code(current_user, text)
    if record is None:
        return render_template("records/_search_result.html", record=None,
                               message="No record with that code in your projects.")
    household = record if isinstance(record, Household) else record.enrollments[0].household
    return render_template("records/_search_result.html", record=record, household=household, message=None,
                           is_client=isinstance(record, Client))


def _month_bounds(today):
    start = today.replace(day=1)
    end = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    return start, end


@bp.route("/projects/<int:project_id>/roster")
@role_required("admin", "staff")
def project_roster(project_id):
    """Current participants of a project: filter, sort and page (GET: nothing sensitive in the URL)."""
    project = get_project_or_404(project_id)
    args = request.args
    household_type = args.get("household_type") if args.get("household_type") in HOUSEHOLD_TYPES else None
    sort = args.get("sort") if args.get("sort") in ROSTER_SORTS else "start"
    descending = args.get("dir") == "desc"
    page = args.get("page", "1")
    page = int(page) if page.isascii() and page.isdigit() and 0 < int(page) < 100000 else 1
    entered = args.get("entered") == "month"
    bounds = _month_bounds(date.today()) if entered else (None, None)
    households, total = roster_page(project, page, PAGE_SIZE, household_type=household_type, sort=sort,
                                    descending=descending, entered_from=bounds[0],
                                    entered_to=bounds[1] and date.fromordinal(bounds[1].toordinal() - 1))
    if households == [] and page > 1:
        abort(404)
    rows = _roster_rows(households)
    filters = {"household_type": household_type, "entered": "month" if entered else None}
    state = {**filters, "sort": sort, "dir": "desc" if descending else None}

    def url_with(**changes):
        """This roster's URL with some parameters changed (for sort headers and page links)."""
        params = {key: value for key, value in {**state, **changes}.items() if value}
        return url_for("records.project_roster", project_id=project.id, **params)

    return render_template("records/roster.html", project=project, rows=rows, total=total, page=page,
                           pages=max(1, -(-total // PAGE_SIZE)), sort=sort, descending=descending,
                           filters=filters, household_types=HOUSEHOLD_TYPES, url_with=url_with)


def _roster_rows(households):
    members = {}
    for enrollment in members_of(households):
        members.setdefault(enrollment.household_id, []).append(
            {"code": enrollment.client.code, "relationship": enrollment.relationship_to_hoh,
             "age_group": age_group(max(0, age_on(enrollment.client.dob, enrollment.entry_date)))})
    today = date.today()
    rows = []
    for h in households:
        rows.append({"household": h, "members": members.get(h.id, []), "start": h.start,
                     "last_service": h.last_service,
                     # Not shown for approximated households: beside the stored start, real days
                     # would give the offset away (and stored days would be wrong).
                     "days": (today - h.start).days})
    return rows



@bp.route("/projects/<int:project_id>/inactive", methods=("GET", "POST"))
@role_required("admin", "staff")
def inactive(project_id):
    """Current participants with no activity for 90 days: review them and exit them together."""
    project = get_project_or_404(project_id)
    found = inactive_enrollments(project, household_offset, date.today())
    form = InactiveExitForm(choices=choices([(e.id, format_code(e.client.code)) for e, _ in found]))
    if form.validate_on_submit():
        chosen = [(e, last) for e, last in found if e.id in set(form.enrollments.data)]
        try:
            exits = exit_inactive(current_user, chosen, form.answers(),
                                  utcnow(), household_offset)
        except AlreadyExited as exc:
            flash(f"Nothing was saved: {', '.join(exc.codes)} had been exited meanwhile. Review the list again.")
            return htmx_redirect(url_for("records.inactive", project_id=project.id))
        flash(f"{len(exits)} {'participant' if len(exits) == 1 else 'participants'} exited on their last "
              "activity date.")
        return htmx_redirect(url_for("records.inactive", project_id=project.id))
    rows = [{"enrollment": e, "last": last, "age_group": age_group(max(0, age_on(e.client.dob, e.entry_date)))}
            for e, last in found]
    return render_page_or_partial("records/inactive.html", "records/_inactive_form.html", project=project,
                                  rows=rows, form=form, invalid=form.is_submitted())
