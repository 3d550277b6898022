"""Updates at the data collection stages: income, benefits, health insurance, domestic violence, disabilities."""
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from domain import codes
from domain.assessments import SECTIONS, SINGLE_STAGES, STAGES, DateRules, asked_sections, is_disability_yes
from domain.dates import shift_datetime, us_date
from domain.record_codes import hyphenate
from forms.assessments import SOURCE_SECTIONS, AssessmentForm, data_from_record
from models import utcnow
from models.assessments import (DuplicateRecord, StaleRecord, latest_record, load_record, record_by_id, records_for,
                                save_assessment)
from models.exits import live_exit, live_exits
from models.privacy_check import assessment_panel

from ._access import get_enrollment_or_404, role_required
from ._dates import household_offset
from ._household_page import household_section
from ._htmx import htmx_redirect, render_page_or_partial

bp = Blueprint("assessments", __name__, url_prefix="/enrollments/<int:enrollment_id>/assessments")
STALE = ("Someone else saved changes to this record while you were editing it. Reload the page to see "
         "their changes, then make yours again.")


@bp.route("/<int:stage>", methods=("GET", "POST"))
@role_required("admin", "staff")
def new(enrollment_id, stage):
    """Record one member's answers at a stage; a second project start or exit changes the first."""
    enrollment = get_enrollment_or_404(enrollment_id)
    if stage not in STAGES:
        abort(404)
    existing = load_record(enrollment, stage) if stage in SINGLE_STAGES else None
    if existing and existing.income_benefits and request.method == "GET":
        return redirect(url_for(".edit", enrollment_id=enrollment.id, assessment_id=existing.income_benefits.id))
    setup = _setup(enrollment, stage)
    if request.method == "GET":
        # A start or exit begins from its own rows (4.11 from intake); an update from the latest answers.
        prefill = existing if stage == 1 or (existing and existing.has_rows) else latest_record(enrollment)
        return _render(_form(setup, data=data_from_record(prefill)), setup,
                       prefilled=prefill is not existing and prefill is not None)
    return _submit(_form(setup), setup)


@bp.route("/<int:assessment_id>/edit", methods=("GET", "POST"))
@role_required("admin", "staff")
def edit(enrollment_id, assessment_id):
    """Correct a record: its answers and, for an update or annual assessment, its Information Date."""
    enrollment = get_enrollment_or_404(enrollment_id)
    record = record_by_id(enrollment, assessment_id)
    if record is None:
        abort(404)
    setup = _setup(enrollment, record.stage, record)
    if request.method == "GET":
        data = {**data_from_record(record), "version": record.version,
                "information_date": setup["rules"].real(record.information_date)}
        return _render(_form(setup, data=data), setup)
    return _submit(_form(setup), setup)


@bp.route("/<int:stage>/privacy-check", methods=("POST",))
@role_required("admin", "staff")
def privacy_check(enrollment_id, stage):
    """The live check of an assessment form as typed so far (POST: the answers never travel in a URL)."""
    enrollment = get_enrollment_or_404(enrollment_id)
    if stage not in STAGES:
        abort(404)
    form = _form(_setup(enrollment, stage))
    # The apply button then submits the assessment form itself, to its own action (a new record or a correction).
    return render_template("privacy/_risk_panel.html", panel=_privacy_panel(form, enrollment, stage), form=form)


@bp.route("/preview", methods=("POST",))
@role_required("admin", "staff")
def preview(enrollment_id):
    """The stored Information Date and the Total Monthly Income for what is typed (out-of-band swaps)."""
    enrollment = get_enrollment_or_404(enrollment_id)
    setup = _setup(enrollment, 2)
    form = _form(setup)
    return render_template("assessments/_previews.html", preview=_preview(form, setup["rules"]),
                           show_date="information_date" in request.form,
                           show_total="income_from_any_source" in request.form)


@bp.route("/sections/<section>", methods=("POST",))
@role_required("admin", "staff")
def section(enrollment_id, section):
    """One section again, showing the questions that follow from the answers so far (typed values kept)."""
    enrollment = get_enrollment_or_404(enrollment_id)
    if section not in SECTIONS:
        abort(404)
    setup = {**_setup(enrollment, 2), "sections": SECTIONS}
    return render_template(f"assessments/_{_template(section)}.html", **_context(_form(setup), setup),
                           section=section)


@household_section("assessments")
def household_context(household, members):
    """What the household page shows for this area (members: the page's member rows)."""
    enrollments = [m["enrollment"] for m in members]
    records = records_for([e.id for e in enrollments])
    exit_dates = {enrollment_id: row.exit_date for enrollment_id, row in live_exits(enrollments).items()}
    rows = []
    for member in members:
        enrollment = member["enrollment"]
        member_records = records.get(enrollment.id, [])
        rows.append({"code": hyphenate(member["client"].code),
                     "relationship": codes.RELATIONSHIP_TO_HOH.get(enrollment.relationship_to_hoh, ""),
                     "records": [_summary(enrollment, r, exit_dates.get(enrollment.id)) for r in member_records],
                     "actions": _actions(enrollment, member_records)})
    return {"members": rows}


# -- Helpers ---------------------------------------------------------------------------------------------------


def _setup(enrollment, stage, record=None):
    """Everything the form depends on for one member and stage: date rules and the sections asked."""
    household = enrollment.household
    exit_row = live_exit(enrollment)
    exit_date = exit_row.exit_date if exit_row else None
    fixed = enrollment.entry_date if stage == 1 else (exit_date if stage == 3 else None)
    rules = DateRules(entry=enrollment.entry_date, exit=exit_date, offset=household_offset(household),
                      today=date.today(), fixed=fixed)
    on = fixed or (record.information_date if record else _clamp(rules.stored(rules.today), rules))
    return {"enrollment": enrollment, "household": household, "client": enrollment.client, "stage": stage,
            "record": record, "rules": rules,
            "sections": asked_sections(enrollment.relationship_to_hoh, enrollment.client.dob, on)}


def _privacy_panel(form, enrollment, stage):
    """The live check: the member as stored, with the counted answers this form would change."""
    return assessment_panel(enrollment, lambda: form.counted_changes(stage))


def _clamp(day, rules):
    day = max(day, rules.entry)
    return min(day, rules.exit) if rules.exit else day


def _form(setup, data=None, formdata=None):
    extra = {} if formdata is None else {"formdata": formdata}
    return AssessmentForm(data=data, sections=setup["sections"], date_rules=setup["rules"],
                          disabling_condition=setup["enrollment"].disabling_condition, **extra)


def _submit(form, setup):
    """Save a valid form, or show it again: with the questions that now apply, or with its messages."""
    if "refresh" in request.form:  # the no-JavaScript way to reveal the questions that follow an answer
        return _render(form, setup)
    enrollment, stage = setup["enrollment"], setup["stage"]
    if "apply_privacy" in request.form:
        # One tap on the guard's proposal: the same form comes back with the DV answer withheld.
        data = form.with_proposal(request.form, _privacy_panel(form, enrollment, stage), "assessment")
        form = _form(setup, formdata=data)
        return _render(form, setup, panel=_privacy_panel(form, enrollment, stage))
    panel = None
    if form.validate_on_submit():
        panel = _privacy_panel(form, enrollment, stage)
        if form.blocked_by(panel):
            return _render(form, setup, invalid=True, panel=panel)
        rules, record = setup["rules"], setup["record"]
        information_date = rules.fixed or rules.stored(form.information_date.data)
        now = utcnow()
        try:
            save_assessment(user=current_user, enrollment=setup["enrollment"], stage=setup["stage"],
                            information_date=information_date, values=form.stage_values(),
                            stamp=shift_datetime(now, rules.offset), editing=record,
                            expected_version=form.version.data, privacy_override=form.privacy_override(panel))
        except DuplicateRecord:
            form.information_date.errors.append(
                f"This member already has an {STAGES[setup['stage']].lower()} on this date: correct that one "
                "from the household page instead.")
        except StaleRecord:
            form.record_errors.append(STALE)
        else:
            flash(f"{STAGES[setup['stage']]} of {us_date(information_date)} saved for member "
                  f"{hyphenate(setup['client'].code)}.")
            return htmx_redirect(url_for("households.show", household_id=setup["household"].id,
                                         _anchor="assessments"))
    return _render(form, setup, invalid=form.is_submitted(), panel=panel)


def _render(form, setup, invalid=False, prefilled=False, panel=None):
    return render_page_or_partial("assessments/form.html", "assessments/_form.html", invalid=invalid,
                                  prefilled=prefilled, panel=panel, **_context(form, setup))


def _context(form, setup):
    enrollment, record = setup["enrollment"], setup["record"]
    action = (url_for(".edit", enrollment_id=enrollment.id, assessment_id=record.income_benefits.id) if record
              else url_for(".new", enrollment_id=enrollment.id, stage=setup["stage"]))
    return {"form": form, "enrollment": enrollment, "household": setup["household"], "project": enrollment.project,
            "member_code": hyphenate(setup["client"].code), "stage": setup["stage"],
            "stage_label": STAGES[setup["stage"]],
            "editing": record is not None, "action": action, "rules": setup["rules"], "codes": codes,
            "source_sections": SOURCE_SECTIONS, "fixed_date": setup["rules"].fixed and
            us_date(setup["rules"].fixed), "preview": _preview(form, setup["rules"])}


def _template(section):
    return "sources" if section in SOURCE_SECTIONS else section


def _preview(form, rules):
    """The stored Information Date for the date typed so far, and why it cannot be used (if so)."""
    total = form.total_income()
    result = {"stored": None, "problem": None, "offset": rules.offset,
              "total": None if total is None else f"${total:,.2f}"}
    field = form.information_date if "information_date" in form else None
    real = _parse_date(field.raw_data[0]) if field is not None and field.raw_data else None
    if real is not None:
        result["problem"] = rules.problem(real)
        if real <= rules.today:  # a far-future date could not even be shifted
            result["stored"] = us_date(rules.stored(real))
    return result


def _parse_date(text):
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def _actions(enrollment, records):
    """Buttons under a member's records: what can be added (a project start or exit only once)."""
    recorded = {r.stage for r in records}
    actions = []
    for stage, label in ((1, "Add project start answers"), (2, "Add an update"), (5, "Add an annual assessment"),
                         (3, "Add exit answers")):
        if stage not in recorded or stage not in SINGLE_STAGES:
            actions.append({"label": label, "url": url_for("assessments.new", enrollment_id=enrollment.id,
                                                           stage=stage)})
    return actions


def _summary(enrollment, record, exit_date=None):
    """A record in a few words for the household page, with the link that corrects it."""
    ib, dv = record.income_benefits, record.dv
    if ib is not None:
        edit_url = url_for("assessments.edit", enrollment_id=enrollment.id, assessment_id=ib.id)
    else:  # a project start known only from intake's 4.11 answers: the start form fills them in
        edit_url = url_for("assessments.new", enrollment_id=enrollment.id, stage=record.stage)
    return {"date": us_date(record.information_date),
            "stage": STAGES.get(record.stage, codes.DATA_COLLECTION_STAGE.get(record.stage, "")),
            "income": _income_summary(ib), "benefits": _answer(ib and ib.benefits_from_any_source),
            "insurance": _answer(ib and ib.insurance_from_any_source), "dv": _dv_summary(dv),
            "disabilities": _disability_summary(record.disabilities), "edit_url": edit_url,
            # Exit answers recorded before the exit (or an exit date corrected later) keep their own date.
            "off_exit_date": record.stage == 3 and exit_date is not None and record.information_date != exit_date}


def _answer(code):
    return codes.NO_YES_REASONS.get(code, "—") if code is not None else "—"


def _income_summary(ib):
    if ib is None or ib.income_from_any_source is None:
        return "—"
    if ib.income_from_any_source == 1 and ib.total_monthly_income is not None:
        return f"${ib.total_monthly_income:,.2f} a month"
    if ib.income_from_any_source == 0:
        return "No income"
    return _answer(ib.income_from_any_source)


def _dv_summary(dv):
    if dv is None:
        return "—"
    text = _answer(dv.domestic_violence_survivor)
    return f"{text}, currently fleeing" if dv.currently_fleeing == 1 else text


def _disability_summary(rows):
    if not rows:
        return "—"
    yes = [codes.DISABILITY_TYPE[t] for t, row in sorted(rows.items()) if is_disability_yes(t, row.disability_response)]
    if yes:
        return ", ".join(yes)
    return "None" if all(row.disability_response == 0 for row in rows.values()) else "Not known"
