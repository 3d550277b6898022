"""The re-identification guard: the agency's settings, the live check in intake, exit and assessments, the report."""
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, render_template, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from domain import codes
from domain import reidentification as reid
from domain.ages import age_on, is_adult
from domain.assessments import STAGES
from domain.dates import household_offset_days
from domain.households import household_type
from domain.intake import stored_start
from forms.privacy import PrivacySettingsForm
from models import AuditEvent, Enrollment, utcnow, write_transaction
from models.exits import live_enrollments, stays_for
from models.reidentification import check_household, check_people, settings_for, stored_profiles
from models.reidentification import project_report as build_report

from ._access import get_enrollment_or_404, get_household_or_404, get_project_or_404, role_required
from ._dates import household_offset
from ._htmx import htmx_redirect, render_page_or_partial

bp = Blueprint("privacy", __name__)
log = logging.getLogger(__name__)
COULD_NOT_RUN = "The privacy check could not run; you can still save."
# Withholding an element, as the intake form's fields spell it: (field to set to 9, fields to clear).
INTAKE_FIELDS = {"sex": ("sex", ()), "race": ("race_none", ("race",)), "veteran_status": ("veteran_status", ()),
                 "disabling_condition": ("disabling_condition", ()), "education": ("last_grade_completed", ()),
                 "domestic_violence": ("domestic_violence_survivor", ("when_occurred", "currently_fleeing"))}
PRONOUNS = {0: "her", 1: "him"}
PROJECT_START = 1
ANSWER_LABELS = {"destination_group": "Destination"}  # the field staff change, where it is not the element
ENTRY_ANSWERS = tuple(n for n, e in reid.ELEMENTS.items() if e.withholdable and e.stage == "entry")


@dataclass
class Result:
    """One row of the panel: a member or the household."""
    target: str  # "members-0" ... or "household"
    label: str
    sentence: str
    at_risk: bool
    proposal: list = field(default_factory=list)  # labels of the changes proposed
    reaches: int | None = None  # group size once the proposal is applied


@dataclass
class Panel:
    results: list = field(default_factory=list)
    waiting: str | None = None
    failed: bool = False
    k: int = reid.DEFAULT_K
    proposals: dict = field(default_factory=dict)  # target -> Proposal
    note: str | None = None
    # False when the form changes none of the answers counted: a warning is shown but saving needs no reason.
    counted_change: bool = True

    @property
    def at_risk(self):
        return not self.failed and self.counted_change and any(r.at_risk for r in self.results)

    def overridden_elements(self):
        """What a "save anyway" keeps as typed: element names only, never answers."""
        names = {name for p in self.proposals.values() for name in p.levers}
        return sorted(names) or ["no change reaches k"]


def _proposal_labels(proposal):
    labels = [f"Set {ANSWER_LABELS.get(n, reid.ELEMENTS[n].label)} to “Client prefers not to answer”"
              for n in proposal.withhold]
    if proposal.approximate:
        labels.append("Approximate the household's dates")
    return labels


def _member_result(target, label, check, place, pronoun):
    if not check.at_risk:
        sentence = (f"{check.others} other people in {place} share these answers "
                    f"({check.agency_size - 1} in the agency): enough to stay unfindable.")
        return Result(target, label, sentence, False)
    result = Result(target, label, reid.describe_group(check.others, place, pronoun), True)
    if check.proposal:
        result.proposal, result.reaches = _proposal_labels(check.proposal), check.proposal.group_size
    return result


def intake_panel(form, project):
    """The live check of an intake form's household, member by member and as a household."""
    settings = settings_for(project.agency)
    panel = Panel(k=settings.k)
    start = form.project_start_date.data if not form.project_start_date.errors else None
    if start is None:
        panel.waiting = "The privacy check runs once the Project Start Date is entered."
        return panel
    try:
        _check_intake(panel, form, project, settings, start)
    except Exception as exc:  # noqa: BLE001 - the check must never stop staff from saving
        log.warning("Privacy check failed: %s", type(exc).__name__)
        panel.failed, panel.results = True, []
    return panel


def _intake_offset(form):
    from .intake import _household_id  # the signed HouseholdID this form will save under
    household_id = _household_id(form)
    if household_id is None:
        return None
    return household_offset_days(current_app.config["DATE_SHIFT_KEY"].encode(), household_id)


def _check_intake(panel, form, project, settings, start):
    offset = _intake_offset(form)
    approximated = bool(form.approximate_dates.data)
    offsets = [offset] if approximated and offset else ([0, offset] if offset else [0])
    typed = [_typed(entry.form, start) for entry in form.members]
    variants = [reid.add_household([reid.entry_profile(m, real_start=start, offset_days=o,
                                                       collects_education=project.collects_education)
                                    for m in typed]) for o in offsets]
    place = _place(project, settings)
    if _too_few_stored(panel, project, settings):
        return
    checks = check_people(agency_id=project.agency_id, project_id=project.id, settings=settings,
                          people=[[v[i] for v in variants] for i in range(len(typed))])
    for i, (entry, check) in enumerate(zip(form.members, checks)):
        if check.proposal:
            panel.proposals[entry.name] = check.proposal
        panel.results.append(_member_result(entry.name, f"Member {i + 1}", check, place,
                                            PRONOUNS.get(typed[i].sex, "them")))
    ages = [p.get("_age") for p in variants[0]]
    kind = household_type(ages) if None not in ages else None
    months = [stored_start(start, o).timetuple()[:2] for o in offsets]
    counts = check_household(project=project, settings=settings, size=len(typed), kind=kind, months=months)
    if counts is not None:
        panel.results.append(_household_result(panel, counts, settings.k, place, len(offsets) > 1))


def _place(project, settings):
    """The group that decides: the project, or the whole agency when the project is not counted."""
    return project.name if "project" in settings.elements else project.agency.name


def _too_few_stored(panel, project, settings):
    """True (and a note on the panel) while the group that decides (the project, or the whole agency when the
    project is not counted) holds fewer than k-1 people: no change can reach k."""
    in_project = "project" in settings.elements  # as _place decides
    scope = Enrollment.project == project.id if in_project else Enrollment.agency == project.agency_id
    stored = (Enrollment.select(Enrollment.id).where(scope, Enrollment.date_deleted.is_null())
              .limit(settings.k - 1).count())  # enough to know; counting all would scan the project
    if stored >= settings.k - 1:
        return False
    place = _place(project, settings)
    who = "Nobody is" if not stored else f"Only {stored} {_people(stored)} {'is' if stored == 1 else 'are'}"
    panel.waiting = (f"{who} stored in {place} yet, so the first people are always unique: save as "
                     f"usual. The check starts once {settings.k - 1} people are stored.")
    return True


def exit_panel(form, household):
    """The live check of an exit form: each member chosen, as stored, with the exit month and destination group."""
    project = household.project
    settings = settings_for(project.agency)
    panel = Panel(k=settings.k)
    if not {"exit_month", "destination_group"} & set(settings.elements):
        panel.waiting = "The agency's privacy settings count no exit answer, so there is nothing to check here."
        return panel
    stored_exit = form.stored_exit_date() if form.exit_date.data and not form.exit_date.errors else None
    if stored_exit is None or not form.chosen():
        panel.waiting = "The privacy check runs once the members and the Project Exit Date are entered."
        return panel
    return _checked(panel, project, settings, lambda: _check_exit(panel, form, project, settings, stored_exit))


def _checked(panel, project, settings, check):
    """The panel after check(), unless too few people are stored yet. A failure is noted on the panel and
    only its type logged: the check must never stop staff from saving."""
    try:
        if not _too_few_stored(panel, project, settings):
            check()
    except Exception as exc:  # noqa: BLE001
        log.warning("Privacy check failed: %s", type(exc).__name__)
        panel.failed, panel.results = True, []
    return panel


def _check_exit(panel, form, project, settings, stored_exit):
    stays = form.chosen()
    ids = [s.enrollment_id for s in stays]
    stored = stored_profiles(ids)
    # Entry answers are stored already: at exit only the destination can still be withheld.
    extra = {"exit_month": reid.month_of(stored_exit), "_locked": ENTRY_ANSWERS}
    if form.destination.data is not None:
        extra["destination_group"] = codes.living_situation_group(form.destination.data)
    clients = [c for (c,) in Enrollment.select(Enrollment.client).where(Enrollment.id.in_(ids)).tuples()]
    checks = check_people(agency_id=project.agency_id, project_id=project.id, settings=settings, stage="exit",
                          people=[[{**stored[i], **extra}] for i in ids], exclude_clients=clients)
    place = _place(project, settings)
    for stay, check in zip(stays, checks):
        target = f"exit-{stay.enrollment_id}"
        if check.proposal:
            panel.proposals[target] = check.proposal
        panel.results.append(_member_result(target, f"Member {stay.code}", check, place,
                                            PRONOUNS.get(stored[stay.enrollment_id]["sex"], "them")))


def apply_exit_proposal(formdata, panel, target, prefix):
    """The posted exit form with the proposal for `target` applied: Destination "Client prefers not to answer"."""
    data = MultiDict(formdata)
    proposal = panel.proposals.get(target)
    if proposal and "destination_group" in proposal.withhold:
        for name in ("destination_subsidy_type", "other_destination"):
            data.poplist(f"{prefix}-{name}")
        data[f"{prefix}-destination"] = str(reid.WITHHELD)
    return data


def assessment_changes(form, stage):
    """The counted answers an assessment would store: DV at project start, the Disabling Condition when changed."""
    changes = {}
    if stage == PROJECT_START and "dv" in form.sections and form.domestic_violence_survivor.data is not None:
        changes["domestic_violence"] = form.domestic_violence_survivor.data
    implied = form.disabling_notice()
    if implied is not None and form.set_disabling_condition.data:
        changes["disabling_condition"] = implied
    return changes


def assessment_panel(form, enrollment, stage):
    """The live check of an assessment: the member as stored, with the answers this form would change."""
    project = enrollment.project
    settings = settings_for(project.agency)
    panel = Panel(k=settings.k)
    return _checked(panel, project, settings,
                    lambda: _check_assessment(panel, form, enrollment, stage, project, settings))


def _check_assessment(panel, form, enrollment, stage, project, settings):
    stored = stored_profiles([enrollment.id])[enrollment.id]
    changes = {name: value for name, value in assessment_changes(form, stage).items()
               if name in settings.elements and stored.get(name) != value}
    # Only the DV answer can be withheld from here; the Disabling Condition follows the disabilities answered.
    locked = tuple(name for name in ENTRY_ANSWERS if name != "domestic_violence" or name not in changes)
    _check_saved_member(panel, enrollment, settings, stored, changes, locked, "assessment",
                        "These answers change nothing the check counts, so they save as usual.")


def _check_saved_member(panel, enrollment, settings, stored, changes, locked, target, unchanged_note):
    """One saved member's group with the stored answers a form changes (changes, as they would be stored; locked:
    the answers the form cannot withhold); the member's own records are not counted."""
    project, profile = enrollment.project, {**stored, **changes, "_locked": locked}
    (check,) = check_people(agency_id=project.agency_id, project_id=project.id, settings=settings,
                            people=[[profile]], exclude_clients=[enrollment.client_id])
    if check.proposal:
        panel.proposals[target] = check.proposal
    panel.results.append(_member_result(target, "This member", check, _place(project, settings),
                                        PRONOUNS.get(profile["sex"], "them")))
    panel.counted_change = bool(changes)
    if not changes:
        panel.note = unchanged_note


def apply_assessment_proposal(formdata, panel):
    """The posted assessment with the proposal applied: Domestic Violence Survivor "Client prefers not to answer"."""
    data = MultiDict(formdata)
    proposal = panel.proposals.get("assessment")
    if proposal and "domestic_violence" in proposal.withhold:
        for name in ("when_occurred", "currently_fleeing"):
            data.poplist(name)
        data["domestic_violence_survivor"] = str(reid.WITHHELD)
    return data


def member_panel(form, enrollment):
    """The live check of a member's corrected answers: the member as stored, with the answers the form changes."""
    project = enrollment.project
    settings = settings_for(project.agency)
    panel = Panel(k=settings.k)
    return _checked(panel, project, settings, lambda: _check_member(panel, form, enrollment, project, settings))


def _check_member(panel, form, enrollment, project, settings):
    stored = stored_profiles([enrollment.id])[enrollment.id]
    offset = household_offset(enrollment.household)
    real_start = enrollment.entry_date - timedelta(days=offset)
    typed = reid.entry_profile(_typed(form.member.form, real_start), real_start=real_start, offset_days=offset,
                               collects_education=project.collects_education,
                               known_adult=is_adult(age_on(enrollment.client.dob, enrollment.entry_date)))
    changes = {name: value for name, value in typed.items()
               if name in settings.elements and name in stored and stored[name] != value}
    _check_saved_member(panel, enrollment, settings, stored, changes, typed.get("_locked", ()), "member",
                        "These corrections change nothing the check counts, so they save as usual.")


def _household_result(panel, counts, k, place, can_approximate):
    others = counts[0]
    people = "household" if others == 1 else "households"
    if others + 1 >= k:
        return Result("household", "Household", f"{others} other {people} in {place} have this size, type "
                                                f"and start month.", False)
    result = Result("household", "Household", f"Only {others} other {people} in {place} "
                    f"{'has' if others == 1 else 'have'} this size, type and start month: the household "
                    "could be recognised.", True)
    if can_approximate and counts[1] + 1 >= k:
        proposal = reid.Proposal(withhold=(), approximate=True, group_size=counts[1] + 1)
        panel.proposals["household"] = proposal
        result.proposal, result.reaches = _proposal_labels(proposal), proposal.group_size
    return result


def _people(n):
    return "person" if n == 1 else "people"


def _typed(member, start):
    return reid.TypedMember(
        birth=member.birth_input(start), dob_choice=member.dob_choice(start),
        is_head=member.relationship_to_hoh.data == 1, race=frozenset(member.race.data or ()),
        race_none=member.race_none.data, sex=member.sex.data, veteran_status=member.veteran_status.data,
        disabling_condition=member.disabling_condition.data,
        last_grade_completed=member.last_grade_completed.data,
        domestic_violence_survivor=member.domestic_violence_survivor.data)


def apply_proposal(formdata, panel, target):
    """The posted intake form with the proposal for `target` applied: answers set to 9, dates approximated."""
    proposal = panel.proposals.get(target)
    data = MultiDict(formdata)
    if proposal is None:
        return data
    for name in proposal.withhold:
        to_nine, cleared = INTAKE_FIELDS[name]
        for field_name in cleared:
            data.poplist(f"{target}-{field_name}")
        data[f"{target}-{to_nine}"] = str(reid.WITHHELD)
    if proposal.approximate:
        data["approximate_dates"] = "y"
    return data


@bp.route("/projects/<int:project_id>/intake/privacy-check", methods=("POST",))
@role_required("admin", "staff")
def intake_check(project_id):
    """The live check of the intake form as typed so far (POST: the answers never travel in a URL)."""
    from .intake import _bind
    project = get_project_or_404(project_id)
    form = _bind(project)
    return render_template("privacy/_risk_panel.html", panel=intake_panel(form, project), form=form,
                           apply_url=url_for("intake.new", project_id=project.id), apply_target="#intake-form")


@bp.route("/households/<int:household_id>/exit/privacy-check", methods=("POST",))
@role_required("admin", "staff")
def exit_check(household_id):
    """The live check of the exit form as typed so far (POST: the answers never travel in a URL)."""
    from .exits import _exit_form
    household = get_household_or_404(household_id)
    form = _exit_form(household, stays_for(live_enrollments(household)))
    return render_template("privacy/_risk_panel.html", panel=exit_panel(form, household), form=form,
                           apply_url=url_for("exits.new", household_id=household.id), apply_target="#exit-form")


@bp.route("/enrollments/<int:enrollment_id>/assessments/<int:stage>/privacy-check", methods=("POST",))
@role_required("admin", "staff")
def assessment_check(enrollment_id, stage):
    """The live check of an assessment form as typed so far (POST: the answers never travel in a URL)."""
    from .assessments import _form, _setup
    enrollment = get_enrollment_or_404(enrollment_id)
    if stage not in STAGES:
        abort(404)
    form = _form(_setup(enrollment, stage))
    # The apply button then submits the assessment form itself, to its own action (a new record or a correction).
    return render_template("privacy/_risk_panel.html", panel=assessment_panel(form, enrollment, stage), form=form)


@bp.route("/members/<int:enrollment_id>/privacy-check", methods=("POST",))
@role_required("admin", "staff")
def member_check(enrollment_id):
    """The live check of a member's corrections as typed so far (POST: the answers never travel in a URL)."""
    from forms.members import EditMemberForm
    enrollment = get_enrollment_or_404(enrollment_id)
    form = EditMemberForm()
    return render_template("privacy/_risk_panel.html", panel=member_panel(form, enrollment), form=form)


@bp.route("/admin/privacy", methods=("GET", "POST"))
@role_required("admin")
def settings():
    """Choose the answers counted together and the smallest group allowed."""
    agency = current_user.agency
    current = settings_for(agency)
    form = PrivacySettingsForm(data={"elements": list(current.elements), "k": current.k})
    unknown = reid.parse_elements(agency.reid_elements)[1]
    if form.validate_on_submit():
        with write_transaction():
            agency.reid_k, agency.reid_elements = form.k.data, ",".join(form.elements.data)
            agency.date_updated = utcnow()
            agency.save()
            AuditEvent.record(current_user, "update", "agency", agency.id, ["reid_k", "reid_elements"])
        flash("Privacy check settings saved.")
        return htmx_redirect(url_for("privacy.settings"))
    return render_page_or_partial("privacy/settings.html", "privacy/_settings_form.html", form=form,
                                  unknown=unknown, invalid=form.is_submitted())


@bp.route("/projects/<int:project_id>/privacy")
@role_required("admin", "staff", "viewer")
def project_report(project_id):
    """How findable the project's people are as exported: group sizes, records below k, what makes them unique."""
    project = get_project_or_404(project_id)
    settings = settings_for(project.agency)
    report = build_report(project, settings)
    return render_template("privacy/report.html", project=project, report=report, settings=settings,
                           show_records=current_user.role != "viewer", elements=reid.ELEMENTS)

