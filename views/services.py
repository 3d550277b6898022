"""Services and financial assistance: the agency's catalog, services given, and bulk entry."""
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from domain import codes
from domain.dates import us_date
from domain.intake import stored_start
from domain.record_codes import format_code
from domain.services import describe_hud_type
from forms._fields import list_indices, readable_list_data
from forms.services import (MAX_ROWS, BulkRowForm, BulkServiceForm, ServiceForm, ServiceTypeForm,
                            ServiceTypeNameForm)
from models import Household, Service, ServiceType, utcnow
from models.db import one_or_404
from models.exits import live_enrollments
from models.services_entry import (DuplicateName, DuplicateService, NewService, create_service_type, delete_service,
                                   heads_by_code, members_of, record_services, rename_service_type,
                                   set_service_type_active)

from ._access import get_household_or_404, get_project_or_404, role_required
from ._dates import household_offset
from ._household_page import household_section
from ._htmx import htmx_redirect, render_page_or_partial, wants_partial

bp = Blueprint("services", __name__)
NAME_TAKEN = "Another service type of this agency was just given this name. Choose another name."
ALREADY_RECORDED = "This service is already recorded for this member on this date with this amount."
ALREADY_RECORDED_HOUSEHOLD = "This service is already recorded for this household on this date with this amount."
BULK_ROWS = 5  # rows a new bulk form starts with; empty rows are ignored
SHOWN_SERVICES = 100  # on the household page, most recent first


# The catalog (admins)

def _get_type_or_404(service_type_id):
    return one_or_404(ServiceType.for_agency(current_user.agency_id), service_type_id)


def _type_row(service_type):
    return {"type": service_type, "hud": describe_hud_type(service_type.record_type, service_type.type_provided)}


@bp.route("/admin/services")
@role_required("admin")
def catalog():
    """The agency's service types: its own and HUD-typed ones."""
    ServiceType.ensure_defaults(current_user.agency_id)
    types = sorted(ServiceType.for_agency(current_user.agency_id),
                   key=lambda t: (not t.active, not t.financial_assistance, t.name.lower()))
    return render_template("services/catalog.html", rows=[_type_row(t) for t in types])


@bp.route("/admin/services/new", methods=("GET", "POST"))
@role_required("admin")
def new_type():
    """Add a service type to the agency's catalog."""
    ServiceType.ensure_defaults(current_user.agency_id)  # before, so that a new name cannot clash with a default
    form = ServiceTypeForm(agency=current_user.agency_id)
    if form.validate_on_submit():
        try:
            row = create_service_type(user=current_user, name=form.name.data, record_type=form.record_type,
                                      type_provided=form.type_provided, financial_assistance=form.financial)
        except DuplicateName:
            form.name.errors.append(NAME_TAKEN)
        else:
            flash(f"Service type “{row.name}” added.")
            return htmx_redirect(url_for("services.catalog"))
    return render_page_or_partial("services/type_form.html", "services/_type_form.html", form=form,
                                  service_type=None, invalid=form.is_submitted())


@bp.route("/admin/services/<int:service_type_id>/edit", methods=("GET", "POST"))
@role_required("admin")
def edit_type(service_type_id):
    """Rename a service type; services already recorded keep it."""
    service_type = _get_type_or_404(service_type_id)
    form = ServiceTypeNameForm(obj=service_type, agency=current_user.agency_id, service_type=service_type)
    if form.validate_on_submit():
        try:
            rename_service_type(user=current_user, service_type=service_type, name=form.name.data)
        except DuplicateName:
            form.name.errors.append(NAME_TAKEN)
        else:
            flash(f"Service type “{service_type.name}” saved.")
            return htmx_redirect(url_for("services.catalog"))
    return render_page_or_partial("services/type_form.html", "services/_type_form.html", form=form,
                                  service_type=service_type, hud=_type_row(service_type)["hud"],
                                  invalid=form.is_submitted())


def _set_active(service_type_id, active):
    service_type = _get_type_or_404(service_type_id)
    set_service_type_active(user=current_user, service_type=service_type, active=active)
    if wants_partial():
        return render_template("services/_type_row.html", row=_type_row(service_type))
    flash(f"Service type “{service_type.name}” {'reactivated' if active else 'deactivated'}.")
    return redirect(url_for("services.catalog"), 303)


@bp.route("/admin/services/<int:service_type_id>/deactivate", methods=("POST",))
@role_required("admin")
def deactivate_type(service_type_id):
    """Stop offering a service type; services already recorded keep it."""
    return _set_active(service_type_id, False)


@bp.route("/admin/services/<int:service_type_id>/reactivate", methods=("POST",))
@role_required("admin")
def reactivate_type(service_type_id):
    """Offer a deactivated service type again."""
    return _set_active(service_type_id, True)


# One service for a member of a household

def _service_form(household, enrollments, fresh=False):
    """The service form for this household; `fresh` ignores what was posted (after a save)."""
    project = household.project
    ServiceType.ensure_defaults(project.agency_id)
    members = members_of(enrollments)
    # The prefix keeps this form's ids apart from the other sections' forms on the household page.
    form = ServiceForm(formdata=None if fresh else _posted(), prefix="service",
                       types=list(ServiceType.active_for(project.agency_id)),
                       members=members, offset_days=household_offset(household), today=date.today(),
                       financial_first=project.gives_financial_assistance)
    if fresh or request.method == "GET":
        form.enrollment.data = next((m.enrollment_id for m in members if m.is_head), None)
    return form


def _posted():
    return request.form if request.method == "POST" else None


def _preview(form):
    """The stored Date Provided for the date typed, and whether it falls within the member's enrollment."""
    real = form.date_provided.data
    if real is None:
        return None
    stored = form.stored_date()
    return {"date": us_date(stored), "offset": form.offset_days, "problem": form.date_problem()}


def _service_rows(household):
    """The most recent services (a year of bed nights would make a very long page), and how many there are."""
    services, total = Service.latest_for_household(household, SHOWN_SERVICES)
    rows = [{"id": s.id, "date": us_date(s.date_provided), "name": s.service_type.name,
             "hud": describe_hud_type(s.service_type.record_type, s.service_type.type_provided),
             "amount": f"${s.fa_amount:,.2f}" if s.fa_amount is not None else "",
             "member": format_code(s.enrollment.client.code)}
            for s in services]
    return rows, total


@household_section("services")
def household_context(household, members, form=None, notice=None):
    """What the household page shows for this area (members: the page's member rows)."""
    form = form or _service_form(household, [m["enrollment"] for m in members], fresh=True)
    services, total = _service_rows(household)
    return {"services": services, "total": total, "form": form, "preview": _preview(form), "notice": notice,
            "has_types": len(form.types) > 0,
            "has_financial_types": any(t.financial_assistance for t in form.types.values())}


def _render_section(household, enrollments, form, notice=None, invalid=False):
    members = [{"enrollment": e, "client": e.client} for e in enrollments]
    return render_page_or_partial("services/household.html", "households/_services.html", invalid=invalid,
                                  household=household, project=household.project, codes=codes,
                                  section=household_context(household, members, form, notice))


@bp.route("/households/<int:household_id>/services", methods=("POST",))
@role_required("admin", "staff")
def create(household_id):
    """Record one service for a member of the household."""
    household = get_household_or_404(household_id)
    enrollments = live_enrollments(household)
    form = _service_form(household, enrollments)
    if form.validate_on_submit():
        item = NewService(enrollment_id=form.chosen_member.enrollment_id, date_provided=form.stored_date(),
                          fa_amount=form.amount, offset_days=form.offset_days)
        try:
            record_services(user=current_user, service_type=form.chosen_type, items=[item], now=utcnow())
        except DuplicateService:
            form.date_provided.errors.append(ALREADY_RECORDED)
        else:
            notice = f"{form.chosen_type.name} recorded for {form.chosen_member.code}."
            if wants_partial():
                return _render_section(household, enrollments, _service_form(household, enrollments, fresh=True),
                                       notice)
            flash(notice)
            return redirect(url_for("households.show", household_id=household.id, _anchor="services-section"), 303)
    return _render_section(household, enrollments, form, invalid=True)


@bp.route("/households/<int:household_id>/services/preview", methods=("POST",))
@role_required("admin", "staff")
def preview(household_id):
    """The stored Date Provided for the real date typed so far (an out-of-band swap beside the field)."""
    household = get_household_or_404(household_id)
    form = _service_form(household, live_enrollments(household))
    return render_template("services/_date_preview.html", form=form, preview=_preview(form))


@bp.route("/services/<int:service_id>/delete", methods=("POST",))
@role_required("admin", "staff")
def delete(service_id):
    """Delete a service recorded in error (kept with its DateDeleted, as HUD's CSV expects)."""
    service = one_or_404(Service.visible_to(current_user), service_id)
    household = service.enrollment.household
    delete_service(user=current_user, service=service, offset_days=household_offset(household), now=utcnow())
    if wants_partial():
        return render_template("services/_deleted.html")  # the row goes; a notice lands in the alert region
    flash("Service deleted.")
    return redirect(url_for("households.show", household_id=household.id, _anchor="services-section"), 303)


# Bulk entry: one service on one date for many households of a project

def _bulk_form(project):
    ServiceType.ensure_defaults(project.agency_id)
    households = Household.in_project(current_user, project)
    form = BulkServiceForm(formdata=readable_list_data(request.form, "rows") if request.method == "POST" else None,
                           types=list(ServiceType.active_for(project.agency_id)),
                           find_heads=lambda wanted: heads_by_code(households, wanted, household_offset),
                           project=project, today=date.today())
    if request.method == "GET":
        for _ in range(BULK_ROWS - 1):
            form.rows.append_entry()
    return form


def _bulk_page(form, project, invalid=False):
    return render_page_or_partial("services/bulk.html", "services/_bulk_form.html", invalid=invalid, form=form,
                                  project=project, statuses=form.preview_statuses(), max_rows=MAX_ROWS,
                                  bad_rows=sum(1 for entry in form.rows if entry.errors))


@bp.route("/projects/<int:project_id>/services/bulk", methods=("GET", "POST"))
@role_required("admin", "staff")
def bulk(project_id):
    """Record the same service on the same date for many households of a project, each on its head."""
    project = get_project_or_404(project_id)
    form = _bulk_form(project)
    if "add_row" in request.form or "remove_row" in request.form:
        _change_rows_without_js(form)
        return _bulk_page(form, project)
    if form.validate_on_submit():
        saved = _save_bulk(form)
        if saved:
            flash(f"{form.chosen_type.name} recorded for {saved} {'household' if saved == 1 else 'households'}.")
            return htmx_redirect(url_for("services.bulk", project_id=project.id))
    return _bulk_page(form, project, invalid=form.is_submitted())


def _save_bulk(form):
    """Save every row, or none; returns how many were saved (0 when a row turned out to be already recorded)."""
    real = form.date_provided.data
    items = [NewService(enrollment_id=head.enrollment_id, date_provided=stored_start(real, head.offset_days),
                        fa_amount=amount, offset_days=head.offset_days) for _, head, amount in form.items]
    try:
        record_services(user=current_user, service_type=form.chosen_type, items=items, now=utcnow())
    except DuplicateService as duplicate:
        for entry, head, _ in form.items:
            if head.enrollment_id in duplicate.enrollment_ids:
                entry.form.household_code.errors.append(ALREADY_RECORDED_HOUSEHOLD)
        return 0
    return len(items)


def _change_rows_without_js(form):
    """The no-JavaScript path for the add and remove buttons: the whole form comes back."""
    if "add_row" in request.form:
        if len(form.rows) < MAX_ROWS:
            form.rows.append_entry()
    else:
        name = f"rows-{request.form.get('remove_row', '')}"
        form.rows.entries = [e for e in form.rows.entries if e.name != name] or form.rows.entries


@bp.route("/projects/<int:project_id>/services/bulk/rows", methods=("POST",))
@role_required("admin", "staff")
def add_bulk_row(project_id):
    """One more household row; the rows already typed stay as they are in the page."""
    get_project_or_404(project_id)
    taken = set(list_indices(request.form, "rows"))
    if len(taken) >= MAX_ROWS:
        abort(422)
    index = max(taken, default=-1) + 1
    row = BulkRowForm(prefix=f"rows-{index}-")
    return render_template("services/_bulk_row.html", row=row, name=f"rows-{index}", project_id=project_id,
                           status=None, is_new=True)


@bp.route("/projects/<int:project_id>/services/bulk/rows/remove", methods=("POST",))
@role_required("admin", "staff")
def remove_bulk_row(project_id):
    """Remove a household row (the page drops it); nothing is stored until the form is saved."""
    get_project_or_404(project_id)
    return ""


@bp.route("/projects/<int:project_id>/services/bulk/preview", methods=("POST",))
@role_required("admin", "staff")
def bulk_preview(project_id):
    """Each row's household and stored Date Provided for what is typed so far (out-of-band swaps)."""
    project = get_project_or_404(project_id)
    form = _bulk_form(project)
    return render_template("services/_bulk_previews.html", form=form, statuses=form.preview_statuses())
