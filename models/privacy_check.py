"""The re-identification guard as every write path calls it: who would share a record's answers once saved.

Each data entry form (intake, exit, assessments, a member's corrections, and any later one) asks this module for a
Panel: one Result per member (and one for the household at intake), the proposals that would reach k, and whether
saving needs a reason. The counting is in models.reidentification; the rules in domain.reidentification.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

from domain import codes
from domain import reidentification as reid
from domain.ages import age_on, is_adult
from domain.exits import Stay
from domain.households import household_type
from domain.intake import stored_start

from .reidentification import (Settings, check_household, check_people, clients_of, settings_for,
                               stored_at_least, stored_profiles)

log = logging.getLogger(__name__)
PRONOUNS = {0: "her", 1: "him"}
ANSWER_LABELS = {"destination_group": "Destination"}  # the field staff change, where it is not the element
ENTRY_ANSWERS = tuple(n for n, e in reid.ELEMENTS.items() if e.withholdable and e.stage == "entry")
# What a form reads of its answers for the check; reading may fail on odd input, which the check survives.
TypedMembers = Callable[[date], Sequence[tuple[str, reid.TypedMember]]]


class Project(Protocol):
    """What the check reads of a project (models.accounts.Project)."""
    id: int
    agency_id: int
    name: str
    collects_education: bool
    agency: Any


class Enrollment(Protocol):
    """What the check reads of a saved member's enrollment (models.clients.Enrollment)."""
    id: int
    client_id: int
    entry_date: date
    project: Project
    client: Any


@dataclass
class Result:
    """One row of the panel: a member or the household."""
    target: str  # "members-0" ... or "household"
    label: str
    sentence: str
    at_risk: bool
    proposal: list[str] = field(default_factory=list)  # labels of the changes proposed
    reaches: int | None = None  # group size once the proposal is applied


@dataclass
class Panel:
    results: list[Result] = field(default_factory=list)
    waiting: str | None = None
    failed: bool = False
    k: int = reid.DEFAULT_K
    proposals: dict[str, reid.Proposal] = field(default_factory=dict)  # target -> Proposal
    note: str | None = None
    # False when the form changes none of the answers counted: a warning is shown but saving needs no reason.
    counted_change: bool = True

    @property
    def at_risk(self) -> bool:
        return not self.failed and self.counted_change and any(r.at_risk for r in self.results)

    def overridden_elements(self) -> list[str]:
        """What a "save anyway" keeps as typed: element names only, never answers."""
        names = {name for p in self.proposals.values() for name in p.levers}
        return sorted(names) or ["no change reaches k"]


def intake_panel(project: Project, *, real_start: date | None, typed_members: TypedMembers, offset: int | None,
                 approximate: bool) -> Panel:
    """A new household, member by member and as a household. offset: the household's offset were its dates
    approximated (None when the form's HouseholdID cannot be read); approximate: whether staff asked for it."""
    settings = settings_for(project.agency)
    panel = Panel(k=settings.k)
    if real_start is None:
        panel.waiting = "The privacy check runs once the Project Start Date is entered."
        return panel
    offsets = [offset] if approximate and offset else ([0, offset] if offset else [0])
    return _checked(panel, project, settings,
                    lambda: _check_intake(panel, project, settings, real_start, typed_members(real_start), offsets))


def exit_panel(project: Project, *, stays: Sequence[Stay], stored_exit: date | None,
               destination: int | None) -> Panel:
    """Exiting the members chosen (stays), as stored, with the exit month and destination group."""
    settings = settings_for(project.agency)
    panel = Panel(k=settings.k)
    if not {"exit_month", "destination_group"} & set(settings.elements):
        panel.waiting = "The agency's privacy settings count no exit answer, so there is nothing to check here."
        return panel
    if stored_exit is None or not stays:
        panel.waiting = "The privacy check runs once the members and the Project Exit Date are entered."
        return panel
    return _checked(panel, project, settings,
                    lambda: _check_exit(panel, project, settings, stays, stored_exit, destination))


def assessment_panel(enrollment: Enrollment, changes: Callable[[], Mapping[str, Any]]) -> Panel:
    """A saved member as stored, with the counted answers an assessment would change (changes(): as stored)."""
    project = enrollment.project
    settings = settings_for(project.agency)
    panel = Panel(k=settings.k)
    return _checked(panel, project, settings, lambda: _check_assessment(panel, enrollment, settings, changes()))


def member_panel(enrollment: Enrollment, *, offset: int, typed_member: Callable[[date], reid.TypedMember]) -> Panel:
    """A saved member's corrections: the member as stored, with the answers the corrections change."""
    project = enrollment.project
    settings = settings_for(project.agency)
    panel = Panel(k=settings.k)
    real_start = enrollment.entry_date - timedelta(days=offset)
    return _checked(panel, project, settings,
                    lambda: _check_member(panel, enrollment, settings, real_start, offset, typed_member(real_start)))


def _checked(panel: Panel, project: Project, settings: Settings, check: Callable[[], None]) -> Panel:
    """The panel after check(), unless too few people are stored yet. A failure is noted on the panel and
    only its type logged: the check must never stop staff from saving."""
    try:
        if not _too_few_stored(panel, project, settings):
            check()
    except Exception as exc:  # noqa: BLE001
        log.warning("Privacy check failed: %s", type(exc).__name__)
        panel.failed, panel.results = True, []
    return panel


def _place(project: Project, settings: Settings) -> str:
    """The group that decides: the project, or the whole agency when the project is not counted."""
    return str(project.name if "project" in settings.elements else project.agency.name)


def _too_few_stored(panel: Panel, project: Project, settings: Settings) -> bool:
    """True (and a note on the panel) while the group that decides holds fewer than k-1 people: no change can
    reach k."""
    stored = stored_at_least(project, whole_agency="project" not in settings.elements, enough=settings.k - 1)
    if stored >= settings.k - 1:
        return False
    place = _place(project, settings)
    who = "Nobody is" if not stored else f"Only {stored} {_people(stored)} {'is' if stored == 1 else 'are'}"
    panel.waiting = (f"{who} stored in {place} yet, so the first people are always unique: save as "
                     f"usual. The check starts once {settings.k - 1} people are stored.")
    return True


def _check_intake(panel: Panel, project: Project, settings: Settings, start: date,
                  members: Sequence[tuple[str, reid.TypedMember]], offsets: list[int]) -> None:
    variants = [reid.add_household([reid.entry_profile(m, real_start=start, offset_days=o,
                                                       collects_education=project.collects_education)
                                    for _, m in members]) for o in offsets]
    checks = check_people(agency_id=project.agency_id, project_id=project.id, settings=settings,
                          people=[[v[i] for v in variants] for i in range(len(members))])
    place = _place(project, settings)
    for i, ((target, member), check) in enumerate(zip(members, checks)):
        if check.proposal:
            panel.proposals[target] = check.proposal
        panel.results.append(_member_result(target, f"Member {i + 1}", check, place,
                                            _pronoun(member.sex)))
    ages = [p.get("_age") for p in variants[0]]
    kind = household_type(ages) if None not in ages else None
    months = [stored_start(start, o).timetuple()[:2] for o in offsets]
    counts = check_household(project=project, settings=settings, size=len(members), kind=kind, months=months)
    if counts is not None:
        panel.results.append(_household_result(panel, counts, settings.k, place, len(offsets) > 1))


def _check_exit(panel: Panel, project: Project, settings: Settings, stays: Sequence[Stay], stored_exit: date,
                destination: int | None) -> None:
    ids = [s.enrollment_id for s in stays]
    stored = stored_profiles(ids)
    # Entry answers are stored already: at exit only the destination can still be withheld.
    extra: dict[str, Any] = {"exit_month": reid.month_of(stored_exit), "_locked": ENTRY_ANSWERS}
    if destination is not None:
        extra["destination_group"] = codes.living_situation_group(destination)
    checks = check_people(agency_id=project.agency_id, project_id=project.id, settings=settings, stage="exit",
                          people=[[{**stored[i], **extra}] for i in ids], exclude_clients=clients_of(ids))
    place = _place(project, settings)
    for stay, check in zip(stays, checks):
        target = f"exit-{stay.enrollment_id}"
        if check.proposal:
            panel.proposals[target] = check.proposal
        panel.results.append(_member_result(target, f"Member {stay.code}", check, place,
                                            _pronoun(stored[stay.enrollment_id]["sex"])))


def _check_assessment(panel: Panel, enrollment: Enrollment, settings: Settings, typed: Mapping[str, Any]) -> None:
    stored = stored_profiles([enrollment.id])[enrollment.id]
    changes = {name: value for name, value in typed.items()
               if name in settings.elements and stored.get(name) != value}
    # Only the DV answer can be withheld from here; the Disabling Condition follows the disabilities answered.
    locked = tuple(name for name in ENTRY_ANSWERS if name != "domestic_violence" or name not in changes)
    _check_saved_member(panel, enrollment, settings, stored, changes, locked, "assessment",
                        "These answers change nothing the check counts, so they save as usual.")


def _check_member(panel: Panel, enrollment: Enrollment, settings: Settings, real_start: date, offset: int,
                  member: reid.TypedMember) -> None:
    stored = stored_profiles([enrollment.id])[enrollment.id]
    typed = reid.entry_profile(member, real_start=real_start, offset_days=offset,
                               collects_education=enrollment.project.collects_education,
                               known_adult=is_adult(age_on(enrollment.client.dob, enrollment.entry_date)))
    changes = {name: value for name, value in typed.items()
               if name in settings.elements and name in stored and stored[name] != value}
    _check_saved_member(panel, enrollment, settings, stored, changes, typed.get("_locked", ()), "member",
                        "These corrections change nothing the check counts, so they save as usual.")


def _check_saved_member(panel: Panel, enrollment: Enrollment, settings: Settings, stored: Mapping[str, Any],
                        changes: Mapping[str, Any], locked: tuple[str, ...], target: str,
                        unchanged_note: str) -> None:
    """One saved member's group with the stored answers a form changes (changes, as they would be stored; locked:
    the answers the form cannot withhold); the member's own records are not counted."""
    project, profile = enrollment.project, {**stored, **changes, "_locked": locked}
    (check,) = check_people(agency_id=project.agency_id, project_id=project.id, settings=settings,
                            people=[[profile]], exclude_clients=[enrollment.client_id])
    if check.proposal:
        panel.proposals[target] = check.proposal
    panel.results.append(_member_result(target, "This member", check, _place(project, settings),
                                        _pronoun(profile["sex"])))
    panel.counted_change = bool(changes)
    if not changes:
        panel.note = unchanged_note


def _proposal_labels(proposal: reid.Proposal) -> list[str]:
    labels = [f"Set {ANSWER_LABELS.get(n, reid.ELEMENTS[n].label)} to “Client prefers not to answer”"
              for n in proposal.withhold]
    if proposal.approximate:
        labels.append("Approximate the household's dates")
    return labels


def _member_result(target: str, label: str, check: reid.Check, place: str, pronoun: str) -> Result:
    if not check.at_risk:
        sentence = (f"{check.others} other people in {place} share these answers "
                    f"({check.agency_size - 1} in the agency): enough to stay unfindable.")
        return Result(target, label, sentence, False)
    result = Result(target, label, reid.describe_group(check.others, place, pronoun), True)
    if check.proposal:
        result.proposal, result.reaches = _proposal_labels(check.proposal), check.proposal.group_size
    return result


def _household_result(panel: Panel, counts: Sequence[int], k: int, place: str, can_approximate: bool) -> Result:
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


def _pronoun(sex: int | None) -> str:
    return PRONOUNS.get(sex, "them") if sex is not None else "them"


def _people(n: int) -> str:
    return "person" if n == 1 else "people"
