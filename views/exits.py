"""Project exit for one member or the whole household, Housing Move-in Date, and undoing an exit."""
from datetime import date

from flask import Blueprint, flash, render_template, request, url_for
from flask_login import current_user

from domain import codes
from domain.dates import us_date
from domain.exits import days, destination_group, head_of, length_of_stay
from domain.record_codes import format_code
from forms.exits import ExitForm, MoveInForm
from models import utcnow
from models.exits import AlreadyExited, live_enrollments, live_exits, record_exits, record_move_in, stays_for, undo_exit
from models.privacy_check import exit_panel

from ._access import get_enrollment_or_404, get_household_or_404, role_required
from ._dates import household_offset
from ._household_page import household_section
from ._htmx import htmx_redirect, render_page_or_partial

bp = Blueprint("exits", __name__)
NOT_A_DATE = "This is not a valid date."
EXIT_PREFIX = "exit"  # the household page holds several areas' forms: keep this one's ids apart


def _exit_form(household, stays):
    form = ExitForm(prefix=EXIT_PREFIX, stays=stays, offset_days=household_offset(household), today=date.today())
    if not form.is_submitted():
        form.members.data = [value for value, _ in form.members.choices]  # everyone still enrolled
    return form


def _privacy_panel(form, household):
    """The live check of the exit as typed: each member chosen, with the exit month and Destination."""
    return exit_panel(household.project, stays=form.chosen(), stored_exit=form.checked_stored_exit_date(),
                      destination=form.destination.data)


def _move_in_form(household, stays):
    head = head_of(stays)
    loaded = head.move_in.isoformat() if head and head.move_in else ""
    return MoveInForm(project=household.project, stays=stays, offset_days=household_offset(household),
                      today=date.today(), data={"loaded": loaded})


@bp.route("/households/<int:household_id>/exit", methods=("GET", "POST"))
@role_required("admin", "staff")
def new(household_id):
    """Exit the members chosen (by default everyone still enrolled) on one date, in one transaction."""
    household = get_household_or_404(household_id)
    stays = stays_for(live_enrollments(household))
    form = _exit_form(household, stays)
    panel = None
    if "apply_privacy" in request.form:
        # One tap on the guard's proposal: the same form comes back with the Destination withheld.
        data = form.with_proposal(request.form, _privacy_panel(form, household), request.form["apply_privacy"])
        form = ExitForm(formdata=data, prefix=EXIT_PREFIX, stays=stays, offset_days=household_offset(household),
                        today=date.today())
        return _render_form(form, household, _privacy_panel(form, household), invalid=False)
    if form.validate_on_submit():
        chosen, panel = form.chosen(), _privacy_panel(form, household)
        if form.blocked_by(panel):
            return _render_form(form, household, panel, invalid=True)
        try:
            record_exits(user=current_user, stays=chosen, exit_date=form.stored_exit_date(), answers=form.answers(),
                         offset_days=form.offset_days, now=utcnow(), privacy_override=form.privacy_override(panel))
        except AlreadyExited as taken:
            form.members.errors.append(f"{', '.join(taken.codes)} exited while this form was open; nothing was saved.")
        else:
            flash(f"Exit saved for {', '.join(s.code for s in chosen)}.")
            return htmx_redirect(url_for("households.show", household_id=household.id))
    return _render_form(form, household, panel or (_privacy_panel(form, household) if form.is_submitted() else None),
                        invalid=form.is_submitted())


def _render_form(form, household, panel, invalid):
    return render_page_or_partial("exits/new.html", "exits/_form.html", invalid=invalid, form=form,
                                  household=household, project=household.project, preview=_exit_preview(form),
                                  panel=panel, apply_url=url_for("exits.new", household_id=household.id),
                                  apply_target="#exit-form")


@bp.route("/households/<int:household_id>/exit/privacy-check", methods=("POST",))
@role_required("admin", "staff")
def privacy_check(household_id):
    """The live check of the exit form as typed so far (POST: the answers never travel in a URL)."""
    household = get_household_or_404(household_id)
    form = _exit_form(household, stays_for(live_enrollments(household)))
    return render_template("privacy/_risk_panel.html", panel=_privacy_panel(form, household), form=form,
                           apply_url=url_for("exits.new", household_id=household.id), apply_target="#exit-form")


@bp.route("/households/<int:household_id>/exit/preview", methods=("POST",))
@role_required("admin", "staff")
def preview(household_id):
    """The stored exit date and length of stay for what is typed so far (out-of-band, beside the date)."""
    household = get_household_or_404(household_id)
    form = _exit_form(household, stays_for(live_enrollments(household)))
    return render_template("exits/_preview.html", preview=_exit_preview(form))


@bp.route("/households/<int:household_id>/exit/followups", methods=("POST",))
@role_required("admin", "staff")
def followups(household_id):
    """Rental Subsidy Type or Other Destination, when the Destination chosen asks for one (values kept)."""
    get_household_or_404(household_id)  # scope only: the follow-ups depend on the Destination alone
    form = ExitForm(prefix=EXIT_PREFIX, stays=[], offset_days=0, today=date.today())
    return render_template("exits/_followups.html", form=form)


def _exit_preview(form):
    """What HMIS will store for the exit date typed, the length of stay, and what is wrong with it."""
    field = form.exit_date
    result = {"stored": None, "offset": form.offset_days, "lengths": [], "problems": []}
    if field.data is None:
        if field.raw_data and field.raw_data[0]:
            result["problems"] = [NOT_A_DATE]
        return result
    stored = form.stored_exit_date()
    by_length = {}
    for stay in form.chosen():
        by_length.setdefault(length_of_stay(stay.start, stored), []).append(stay.code)
    # One length for the usual household that started together; per member otherwise.
    lengths = [(days(n), members if len(by_length) > 1 else []) for n, members in sorted(by_length.items())]
    result.update(stored=us_date(stored), lengths=lengths, problems=form.date_problems())
    return result


@bp.route("/enrollments/<int:enrollment_id>/exit/undo", methods=("POST",))
@role_required("admin", "staff")
def undo(enrollment_id):
    """Undo a member's exit (the row is kept, marked deleted); the member can then be exited again."""
    enrollment = get_enrollment_or_404(enrollment_id)
    household = enrollment.household
    undone = undo_exit(user=current_user, enrollment=enrollment, offset_days=household_offset(household), now=utcnow())
    code = format_code(enrollment.client.code)
    flash(f"The exit of {code} was undone; {code} is enrolled again." if undone else f"{code} has no exit to undo.")
    return htmx_redirect(url_for("households.show", household_id=household.id))


@bp.route("/households/<int:household_id>/move-in", methods=("GET", "POST"))
@role_required("admin", "staff")
def move_in(household_id):
    """Record or correct the head of household's Housing Move-in Date (permanent housing projects only)."""
    household = get_household_or_404(household_id)
    form = _move_in_form(household, stays_for(live_enrollments(household)))
    if form.validate_on_submit() and form.not_changed_meanwhile():
        changed = record_move_in(user=current_user, household=household, move_in=form.stored_move_in_date(),
                                 offset_days=form.offset_days, now=utcnow())
        flash("Housing Move-in Date saved." if changed else "The Housing Move-in Date was already this date.")
        return htmx_redirect(url_for("households.show", household_id=household.id))
    return render_page_or_partial("exits/move_in.html", "exits/_move_in_form.html", invalid=form.is_submitted(),
                                  form=form, household=household, project=household.project,
                                  preview=_move_in_preview(form))


@bp.route("/households/<int:household_id>/move-in/preview", methods=("POST",))
@role_required("admin", "staff")
def preview_move_in(household_id):
    """The stored Housing Move-in Date for the date typed so far, and what is wrong with it."""
    household = get_household_or_404(household_id)
    form = _move_in_form(household, stays_for(live_enrollments(household)))
    return render_template("exits/_move_in_preview.html", preview=_move_in_preview(form))


def _move_in_preview(form):
    field = form.move_in_date
    result = {"stored": None, "offset": form.offset_days, "after_start": None, "problem": None}
    if field.data is None:
        if field.raw_data and field.raw_data[0]:
            result["problem"] = NOT_A_DATE
        return result
    stored = form.stored_move_in_date()
    result.update(stored=us_date(stored), problem=form.date_problem())
    if form.head and stored >= form.head.start:
        result["after_start"] = days(length_of_stay(form.head.start, stored))
    return result


@household_section("exits")
def household_context(household, members):
    """What the household page shows for this area (members: the page's member rows)."""
    enrollments = [m["enrollment"] for m in members]
    exits = live_exits(enrollments)
    stays = stays_for(enrollments, exits)
    form = _exit_form(household, stays)
    rows = [_exit_row(e, exits[e.id]) for e in enrollments if e.id in exits]
    move_in_form = _move_in_form(household, stays)
    head = head_of(stays)
    return {"exits": rows, "approximated": household.dates_approximated,
            "form": form if form.members.choices else None, "preview": _exit_preview(form),
            "move_in_form": None if move_in_form.refusal else move_in_form,
            "move_in": us_date(head.move_in) if head and head.move_in else None,
            "move_in_preview": {"stored": None}}


def _exit_row(enrollment, row):
    return {"code": format_code(enrollment.client.code), "exit_date": us_date(row.exit_date),
            "destination": codes.DESTINATION.get(row.destination, row.destination),
            "group": destination_group(row.destination),
            "subsidy": codes.RENTAL_SUBSIDY_TYPE.get(row.destination_subsidy_type),
            "other_destination": row.other_destination,
            "reason": codes.REASON_FOR_LEAVING.get(row.reason_for_leaving),
            "length": days(length_of_stay(enrollment.entry_date, row.exit_date)),
            "undo_url": url_for("exits.undo", enrollment_id=enrollment.id)}
