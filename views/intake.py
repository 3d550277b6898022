"""Household intake (project start), with live previews of what HMIS will store."""
import secrets
from datetime import date

from flask import Blueprint, current_app, flash, render_template, request, url_for
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from domain import codes
from domain.dates import household_offset_days, us_date
from domain.households import check_relationships
from domain.intake import real_adult, stored_birth, stored_start
from domain.record_codes import hyphenate
from forms._fields import list_indices, readable_list_data
from forms.intake import MAX_MEMBERS, IntakeForm, MemberForm
from models import utcnow
from models.intake import DuplicateHousehold, household_saved, record_intake
from models.privacy_check import intake_panel

from ._access import get_project_or_404, role_required
from ._htmx import htmx_redirect, render_page_or_partial
from .errors import render_error

bp = Blueprint("intake", __name__, url_prefix="/projects/<int:project_id>/intake")
EXPIRED = "This form has expired or was changed. Reload the page and enter the household again."


def _token_serializer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="household-intake")


def _household_id(form):
    """The HouseholdID this form will save under; signed so a crafted form cannot pick one."""
    try:
        return _token_serializer().loads(form.household_token.data or "")
    except BadSignature:
        return None


def _offset_if_approximated(household_id):
    """The offset this household's dates take when approximated (None when the HouseholdID cannot be read)."""
    if household_id is None:
        return None
    return household_offset_days(current_app.config["DATE_SHIFT_KEY"].encode(), household_id)


def _offset_days(form, household_id):
    return (_offset_if_approximated(household_id) or 0) if form.approximate_dates.data else 0


def _privacy_panel(form, project):
    """The live check of the household as typed, with the offset its dates would take if approximated."""
    return intake_panel(project, real_start=form.checked_start(), typed_members=form.typed_members,
                        offset=_offset_if_approximated(_household_id(form)),
                        approximate=bool(form.approximate_dates.data))


def _bind(project):
    formdata = readable_list_data(request.form, "members") if request.method == "POST" else None
    return IntakeForm(formdata=formdata, project=project, today=date.today())


def _context(form, project, panel=None):
    return {"form": form, "project": project, "codes": codes, "preview": _preview(form, project), "panel": panel,
            "apply_url": url_for("intake.new", project_id=project.id), "apply_target": "#intake-form"}


@bp.route("", methods=("GET", "POST"))
@role_required("admin", "staff")
def new(project_id):
    """Enter a whole household at project start."""
    project = get_project_or_404(project_id)
    form = _bind(project)
    if request.method == "GET":
        form.household_token.data = _token_serializer().dumps(secrets.token_hex(16))
    elif "add_member" in request.form or "remove_member" in request.form:
        _change_members_without_js(form)
        return render_page_or_partial("intake/new.html", "intake/_form.html", **_context(form, project))
    elif "apply_privacy" in request.form:
        # One tap on the guard's proposal: the same form comes back with those answers at 9 or the dates approximated.
        formdata = form.with_proposal(readable_list_data(request.form, "members"), _privacy_panel(form, project),
                                      request.form["apply_privacy"])
        form = IntakeForm(formdata=formdata, project=project, today=date.today())
        return render_page_or_partial("intake/new.html", "intake/_form.html",
                                      **_context(form, project, _privacy_panel(form, project)))
    elif form.validate_on_submit():
        household_id = _household_id(form)
        panel = _privacy_panel(form, project)
        if household_id is None:
            form.household_errors.append(EXPIRED)
        elif not household_saved(household_id) and form.blocked_by(panel):  # a double submit saves nothing twice
            return render_page_or_partial("intake/new.html", "intake/_form.html", invalid=True,
                                          **_context(form, project, panel))
        else:
            return _save(form, project, household_id, panel)
    return render_page_or_partial("intake/new.html", "intake/_form.html", invalid=form.is_submitted(),
                                  **_context(form, project, _privacy_panel(form, project) if form.is_submitted()
                                             else None))


def _save(form, project, household_id, panel):
    real_start = form.project_start_date.data
    members = [entry.form.answers(real_start) for entry in form.members]
    try:
        household = record_intake(user=current_user, project=project, household_id=household_id,
                                  real_start=real_start, offset_days=_offset_days(form, household_id),
                                  members=members, now=utcnow(), privacy_override=form.privacy_override(panel))
        flash(f"Household {hyphenate(household.code)} saved with {len(members)} "
              f"{'person' if len(members) == 1 else 'people'}.")
    except DuplicateHousehold as duplicate:
        household = duplicate.household
        flash("This household was already saved; it was not saved twice.")
    return htmx_redirect(url_for("households.show", household_id=household.id))


def _change_members_without_js(form):
    """The no-JavaScript path for the add and remove buttons: the whole form comes back."""
    if "add_member" in request.form:
        form.members.append_entry()
    else:
        name = f"members-{request.form.get('remove_member', '')}"
        form.members.entries = [e for e in form.members.entries if e.name != name] or form.members.entries


@bp.route("/privacy-check", methods=("POST",))
@role_required("admin", "staff")
def privacy_check(project_id):
    """The live check of the intake form as typed so far (POST: the answers never travel in a URL)."""
    project = get_project_or_404(project_id)
    form = _bind(project)
    return render_template("privacy/_risk_panel.html", panel=_privacy_panel(form, project), form=form,
                           apply_url=url_for("intake.new", project_id=project.id), apply_target="#intake-form")


@bp.route("/preview", methods=("POST",))
@role_required("admin", "staff")
def preview(project_id):
    """What HMIS will store for the dates typed so far (out-of-band swaps beside each field)."""
    project = get_project_or_404(project_id)
    form = _bind(project)
    return render_template("intake/_previews.html", **_context(form, project))


def _preview(form, project):
    """Stored start date and approximate DOBs for the values typed so far; None where not computable."""
    real_start = form.project_start_date.raw_data and _parse_date(form.project_start_date.raw_data[0])
    household_id = _household_id(form)
    offset = _offset_days(form, household_id)
    result = {"start": None, "offset": offset, "future": False, "members": {}}
    if real_start:
        stored = stored_start(real_start, offset)
        result.update(start=us_date(stored), future=stored > date.today())
    for entry in form.members:
        result["members"][entry.name] = _member_preview(entry.form, real_start, offset)
    relationships = [entry.form.relationship_to_hoh.data for entry in form.members]
    if all(r in codes.RELATIONSHIP_TO_HOH for r in relationships) and not form.household_errors:
        adults = [(m or {}).get("adult") for m in result["members"].values()]
        errors, warnings = check_relationships(relationships, adults)
        form.household_warnings = errors + warnings  # shown live; errors block only on save
    return result


def _member_preview(member, real_start, offset):
    birth = member.birth_input(real_start) if real_start else None
    if birth is None:
        return None
    try:
        stored = stored_birth(birth, real_start=real_start, offset_days=offset, choice=member.dob_choice(real_start))
    except (ValueError, OverflowError):  # birth data the form's own checks refuse
        return None
    # The one case approximation cannot keep (see domain/dob.py): say so while staff can still avoid it.
    miscounted = stored.adult != real_adult(birth, real_start)
    return {"dob": us_date(stored.dob), "age_group": stored.age_group, "adult": stored.adult,
            "miscounted": miscounted}


def _parse_date(text):
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


@bp.route("/members", methods=("POST",))
@role_required("admin", "staff")
def add_member(project_id):
    """One more member row; the rows already typed stay as they are in the page."""
    project = get_project_or_404(project_id)
    taken = list_indices(request.form, "members")
    index = max(taken, default=-1) + 1
    if len(taken) >= MAX_MEMBERS:
        return render_error(422, "Too many members", f"A household can have at most {MAX_MEMBERS} members here.")
    member = MemberForm(prefix=f"members-{index}-")
    return render_template("intake/_member.html", member=member, name=f"members-{index}", project=project,
                           codes=codes, member_preview=None, is_new=True)


@bp.route("/members/remove", methods=("POST",))
@role_required("admin", "staff")
def remove_member(project_id):
    """Remove a member row (the page drops it); nothing is stored until the household is saved."""
    get_project_or_404(project_id)
    return ""


@bp.route("/members/<int:index>/followups", methods=("POST",))
@role_required("admin", "staff")
def followups(project_id, index):
    """The Prior Living Situation follow-up questions that apply to the answers so far."""
    project = get_project_or_404(project_id)
    form = _bind(project)
    entry = next((e for e in form.members if e.name == f"members-{index}"), None)
    if entry is None:
        return "", 204  # the member was removed while the request was on its way
    return render_template("intake/_followups.html", member=entry.form, name=entry.name, project=project)
