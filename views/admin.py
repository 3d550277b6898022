"""Admin screens: the agency's HUD organization fields, its projects, its users and deleted records."""
from flask import Blueprint, flash, render_template, request, url_for
from flask_login import current_user

from domain import codes
from domain.record_codes import hyphenate
from forms.admin import (DUPLICATE_PROJECT, DUPLICATE_USERNAME, AgencyForm, NewUserForm, PasswordResetForm, ProjectForm,
                         UserForm)
from models import ROLES, Project, User
from models.admin import (DuplicateProject, DuplicateUsername, create_account, create_project, project_names_by_user,
                          reset_account_password, update_account, update_settings)
from models.db import one_or_404
from models.deletions import deleted_households, deleted_members, restore_household, restore_member

from ._access import get_project_or_404, get_user_or_404, role_required
from ._dates import household_stamp
from ._htmx import htmx_redirect, render_page_or_partial

bp = Blueprint("admin", __name__, url_prefix="/admin")
PROJECT_FIELDS = ("name", "project_type", "rrh_sub_type", "housing_type", "target_population",
                  "continuum_project", "coc_code", "geocode", "geography_type", "funding_source", "other_funder",
                  "grant_id", "operating_start_date", "operating_end_date", "gives_financial_assistance",
                  "collects_education")


def _copy_fields(form, record, names):
    """Copy declared form fields onto a model one by one; returns the names that changed."""
    changed = []
    for name in names:
        value = getattr(form, name).data
        if isinstance(value, str):
            value = value.strip() or None
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed.append(name)
    return changed


@bp.route("/agency", methods=("GET", "POST"))
@role_required("admin")
def agency():
    """Edit the agency's HUD organization fields and privacy settings."""
    record = current_user.agency
    form = AgencyForm(obj=record)
    if form.validate_on_submit():
        changed = _copy_fields(form, record, ("name", "organization_common_code", "victim_service_provider",
                                              "dob_data_quality", "suppression_threshold"))
        update_settings(current_user, record, "agency", changed)
        flash("Agency settings saved.")
        return htmx_redirect(url_for("admin.agency"))
    return render_page_or_partial("admin/agency.html", "admin/_agency_form.html", form=form,
                                  invalid=form.is_submitted())


@bp.route("/projects")
@role_required("admin")
def projects():
    """List the agency's projects."""
    return render_template("admin/projects.html", projects=Project.for_agency(current_user.agency_id),
                           project_types=codes.PROJECT_TYPE, funding_sources=codes.FUNDING_SOURCE)


@bp.route("/projects/new", methods=("GET", "POST"))
@role_required("admin")
def new_project():
    """Add a project to the agency."""
    form = ProjectForm(agency=current_user.agency_id)
    if form.validate_on_submit():
        project = Project(agency=current_user.agency_id)
        _copy_fields(form, project, PROJECT_FIELDS)
        try:
            create_project(current_user, project)
        except DuplicateProject:  # the same name saved by someone else after the form's own check
            form.name.errors.append(DUPLICATE_PROJECT)
        else:
            flash(f"Project “{project.name}” added.")
            return htmx_redirect(url_for("admin.projects"))
    return render_page_or_partial("admin/project_form.html", "admin/_project_form.html", form=form,
                                  project=None, coc_codes=codes.COC_CODES, invalid=form.is_submitted())


@bp.route("/projects/<int:project_id>/edit", methods=("GET", "POST"))
@role_required("admin")
def edit_project(project_id):
    """Change a project's HUD descriptor fields."""
    project = get_project_or_404(project_id)
    form = ProjectForm(obj=project, agency=current_user.agency_id, project=project)
    if form.validate_on_submit():
        update_settings(current_user, project, "project", _copy_fields(form, project, PROJECT_FIELDS))
        flash(f"Project “{project.name}” saved.")
        return htmx_redirect(url_for("admin.projects"))
    return render_page_or_partial("admin/project_form.html", "admin/_project_form.html", form=form,
                                  project=project, coc_codes=codes.COC_CODES, invalid=form.is_submitted())


def _project_choices():
    return [(p.id, p.name) for p in Project.for_agency(current_user.agency_id)]


@bp.route("/users")
@role_required("admin")
def users():
    """List the agency's user accounts."""
    users = list(User.for_agency(current_user.agency_id))
    names = project_names_by_user(current_user.agency_id)
    assigned = {u.id: names.get(u.id, []) for u in users}
    return render_template("admin/users.html", users=users, assigned=assigned, roles=ROLES)


@bp.route("/users/new", methods=("GET", "POST"))
@role_required("admin")
def new_user():
    """Create a user account in this agency."""
    form = NewUserForm(project_choices=_project_choices())
    if form.validate_on_submit():
        user = User(agency=current_user.agency_id, username=form.username.data, role=form.role.data,
                    active=form.active.data)
        user.set_password(form.password.data)
        try:
            create_account(current_user, user, form.projects.data or [])
        except DuplicateUsername:  # the same username taken by someone else after the form's own check
            form.username.errors.append(DUPLICATE_USERNAME)
        else:
            flash(f"Account “{user.username}” created.")
            return htmx_redirect(url_for("admin.users"))
    return render_page_or_partial("admin/user_new.html", "admin/_user_new_form.html", form=form,
                                  invalid=form.is_submitted())


@bp.route("/users/<int:user_id>/edit", methods=("GET", "POST"))
@role_required("admin")
def edit_user(user_id):
    """Change a user's role, projects or whether the account is active."""
    user = get_user_or_404(user_id)
    form = UserForm(obj=user, project_choices=_project_choices(),
                    data=None if request.method == "POST" else {"projects": user.assigned_project_ids()})
    if form.validate_on_submit():
        if user.id == current_user.id and (form.role.data != "admin" or not form.active.data):
            form.role.errors = list(form.role.errors) + [
                "You cannot remove your own admin role or deactivate yourself; ask another admin."]
        else:
            update_account(current_user, user, _copy_fields(form, user, ("role", "active")), form.projects.data or [])
            flash(f"Account “{user.username}” saved.")
            return htmx_redirect(url_for("admin.users"))
    return render_page_or_partial("admin/user_edit.html", "admin/_user_edit_form.html", form=form, user=user,
                                  invalid=form.is_submitted())


@bp.route("/users/<int:user_id>/password", methods=("GET", "POST"))
@role_required("admin")
def reset_password(user_id):
    """Set a new password for a user; their open sessions end and any lock is lifted."""
    user = get_user_or_404(user_id)
    form = PasswordResetForm()
    if form.validate_on_submit():
        reset_account_password(current_user, user, form.password.data)
        flash(f"New password set for “{user.username}”. Give it to them in person.")
        return htmx_redirect(url_for("admin.users"))
    return render_page_or_partial("admin/user_password.html", "admin/_user_password_form.html", form=form,
                                  user=user, invalid=form.is_submitted())


@bp.route("/deleted")
@role_required("admin")
def deleted():
    """Deleted households and members of this agency, which an admin can restore."""
    return render_template("admin/deleted.html", households=list(deleted_households(current_user.agency_id)),
                           members=list(deleted_members(current_user.agency_id)))


@bp.route("/deleted/households/<int:household_id>/restore", methods=("POST",))
@role_required("admin")
def restore_deleted_household(household_id):
    """Undo a household delete."""
    household = one_or_404(deleted_households(current_user.agency_id), household_id)
    restore_household(current_user, household, household_stamp(household))
    flash(f"Household {hyphenate(household.code)} restored.")
    return htmx_redirect(url_for("households.show", household_id=household.id))


@bp.route("/deleted/members/<int:enrollment_id>/restore", methods=("POST",))
@role_required("admin")
def restore_deleted_member(enrollment_id):
    """Undo a member delete."""
    enrollment = one_or_404(deleted_members(current_user.agency_id), enrollment_id)
    restore_member(current_user, enrollment, household_stamp(enrollment.household))
    flash(f"Member {hyphenate(enrollment.client.code)} restored.")
    return htmx_redirect(url_for("households.show", household_id=enrollment.household_id))
