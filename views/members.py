"""Correcting one saved member's answers, without overwriting someone else's save."""
from datetime import date, timedelta

from flask import Blueprint, current_app, flash, render_template, request, url_for
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from domain import codes
from domain.ages import age_on, is_adult
from domain.households import check_relationships
from domain.record_codes import hyphenate
from forms.members import EditMemberForm
from models.deletions import delete_member
from models.exits import live_enrollments
from models.members import EditConflict, correct_member, form_data, snapshot
from models.privacy_check import member_panel

from ._access import get_enrollment_or_404, role_required
from ._dates import household_offset, household_stamp
from ._htmx import htmx_redirect, render_page_or_partial

bp = Blueprint("members", __name__, url_prefix="/members")


def _signer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="member-edit")


def _form_data(enrollment):
    """The stored answers as the edit form's starting values, and the signed version they were read from."""
    return {"member": form_data(enrollment), "base": _signer().dumps(snapshot(enrollment))}


@bp.route("/<int:enrollment_id>/edit", methods=("GET", "POST"))
@role_required("admin", "staff")
def edit(enrollment_id):
    """Correct a member's intake answers."""
    enrollment = get_enrollment_or_404(enrollment_id)
    household = enrollment.household
    form = EditMemberForm(data=_form_data(enrollment) if not EditMemberForm().is_submitted() else None)
    conflict = panel = None
    offset = household_offset(household)
    real_start = enrollment.entry_date - timedelta(days=offset)
    if "apply_privacy" in request.form:
        # One tap on the guard's proposal: the same form comes back with those answers withheld.
        form = EditMemberForm(formdata=form.with_proposal(request.form, _privacy_panel(form, enrollment), "member"))
        return _render(form, enrollment, panel=_privacy_panel(form, enrollment))
    # Cross-field checks run even when a field failed, so every problem shows at once.
    if form.is_submitted() and form.validate() & _check(form, enrollment, real_start):
        panel = _privacy_panel(form, enrollment)
        if form.blocked_by(panel):
            return _render(form, enrollment, panel=panel, invalid=True)
        try:
            base = _signer().loads(form.base.data or "")
        except BadSignature:
            base = None
        if base is None:
            conflict = ["the form was changed; reload the page"]
        else:
            try:
                stamp = household_stamp(household)
                correct_member(user=current_user, enrollment=enrollment, answers=form.member.form.answers(real_start),
                               base=base, offset_days=offset, now_stamp=stamp,
                               privacy_override=form.privacy_override(panel))
                flash("Member's answers saved.")
                return htmx_redirect(url_for("households.show", household_id=household.id))
            except EditConflict as exc:
                conflict = exc.fields
                form.base.data = _signer().dumps(snapshot(enrollment))  # a second save overwrites knowingly
    return _render(form, enrollment, conflict=conflict, panel=panel, invalid=form.is_submitted())


def _privacy_panel(form, enrollment):
    """The live check: the member as stored, with the answers the corrections change."""
    return member_panel(enrollment, offset=household_offset(enrollment.household),
                        typed_member=form.member.form.typed)


def _render(form, enrollment, conflict=None, panel=None, invalid=False):
    return render_page_or_partial("members/edit.html", "members/_form.html", form=form, enrollment=enrollment,
                                  household=enrollment.household, project=enrollment.project, conflict=conflict,
                                  codes=codes, panel=panel, invalid=invalid)


def _check(form, enrollment, real_start):
    """The intake rules, with the stored adult/child status when the DOB is not retyped."""
    member = form.member.form
    known_adult = is_adult(age_on(enrollment.client.dob, enrollment.entry_date))
    member.check(enrollment.project, real_start, date.today(), known_adult=known_adult)
    relationship = member.relationship_to_hoh
    if relationship.data in codes.RELATIONSHIP_TO_HOH and not relationship.errors:
        others = [e.relationship_to_hoh for e in live_enrollments(enrollment.household) if e.id != enrollment.id]
        errors, _ = check_relationships([relationship.data, *others], [None] * (len(others) + 1))
        relationship.errors.extend(errors)
    return not any(field.errors for field in member)


@bp.route("/<int:enrollment_id>/privacy-check", methods=("POST",))
@role_required("admin", "staff")
def privacy_check(enrollment_id):
    """The live check of a member's corrections as typed so far (POST: the answers never travel in a URL)."""
    enrollment = get_enrollment_or_404(enrollment_id)
    form = EditMemberForm()
    return render_template("privacy/_risk_panel.html", panel=_privacy_panel(form, enrollment), form=form)


@bp.route("/<int:enrollment_id>/followups", methods=("POST",))
@role_required("admin", "staff")
def followups(enrollment_id):
    """The Prior Living Situation follow-up questions for the answers typed so far."""
    enrollment = get_enrollment_or_404(enrollment_id)
    form = EditMemberForm()
    return render_template("intake/_followups.html", member=form.member.form, name="member", editing=True,
                           enrollment=enrollment, project=enrollment.project)


@bp.route("/<int:enrollment_id>/delete", methods=("POST",))
@role_required("admin", "staff")
def delete(enrollment_id):
    """Remove a member entered by mistake (soft: an admin can undo it)."""
    enrollment = get_enrollment_or_404(enrollment_id)
    household = enrollment.household
    others = [e for e in live_enrollments(household) if e.id != enrollment.id]
    if enrollment.relationship_to_hoh == 1 and others:
        flash("This is the head of household. Make another member the head of household first, "
              "or delete the whole household.")
    else:
        household_deleted = delete_member(current_user, enrollment, household_stamp(household))
        flash(f"Member {hyphenate(enrollment.client.code)} removed. An admin can undo this.")
        if household_deleted:
            return htmx_redirect(url_for("home.index"))
    return htmx_redirect(url_for("households.show", household_id=household.id))
