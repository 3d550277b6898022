"""The re-identification guard's rules: which answers make a person findable, and the smallest change that hides them.

A person is as findable as the number of people who share their combination of quasi-identifiers, as stored
(k-anonymity): a group of 1 is the person alone. Staff can make a group larger by storing an answer as "Client
prefers not to answer" (9), which then matches only others stored as 9, or by approximating the household's dates,
which moves the stored months (and can move the age group computed from the stored DOB at the stored start).
"""
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Any

from domain import codes
from domain.ages import AGE_GROUPS, age_on
from domain.dob import BirthInput
from domain.households import household_type
from domain.intake import StoredBirth, real_adult, stored_birth, stored_start

DEFAULT_K = 5
MIN_K, MAX_K = 2, 1000
APPROXIMATE = "approximate_dates"  # the one lever that is not an answer


@dataclass(frozen=True)
class Element:
    label: str
    withholdable: bool  # staff may store it as "Client prefers not to answer"
    stage: str  # "entry" (intake and updates) or "exit"
    default: bool = True


# Order: as the intake form asks them. Withholdable answers are stored as 9 when withheld.
ELEMENTS = {
    "age_group": Element("Age group at project start", False, "entry"),
    "sex": Element("Sex", True, "entry"),
    "race": Element("Race and Ethnicity", True, "entry"),
    "veteran_status": Element("Veteran Status", True, "entry"),
    "disabling_condition": Element("Disabling Condition", True, "entry"),
    "education": Element("Last Grade Completed", True, "entry"),
    "domestic_violence": Element("Domestic Violence Survivor", True, "entry", default=False),
    "household_size": Element("Household size", False, "entry"),
    "household_type": Element("Household type", False, "entry"),
    "project": Element("Project", False, "entry"),
    "start_month": Element("Month of the Project Start Date", False, "entry"),
    "exit_month": Element("Month of the Project Exit Date", False, "exit"),
    "destination_group": Element("Destination group", True, "exit"),
}
DEFAULT_ELEMENTS = tuple(name for name, element in ELEMENTS.items() if element.default)
DATE_ELEMENTS = frozenset({"start_month", "exit_month", "age_group"})  # what approximating the dates can move

# Ties between equally small proposals: withhold first what HUD reports lean on least, so that sex and race (in
# nearly every APR/CAPER table) are kept when something else does the job; approximating the dates changes no
# answer, so it comes first.
PREFERENCE = (APPROXIMATE, "education", "domestic_violence", "disabling_condition", "veteran_status",
              "destination_group", "race", "sex")
WITHHELD = codes.PREFERS_NOT_TO_ANSWER
WITHHELD_RACE: tuple[frozenset[str], int] = (frozenset(), WITHHELD)  # no race column ticked, RaceNone 9
# A person's elements as HMIS would store them, by element name ("_age" and "_locked" travel with them).
Profile = dict[str, Any]


def parse_elements(text: str | None) -> tuple[list[str], list[str]]:
    """The element names stored for an agency: (known names in catalogue order, unknown names)."""
    names = [part.strip() for part in (text or "").split(",") if part.strip()]
    unknown = [name for name in names if name not in ELEMENTS]
    return [name for name in ELEMENTS if name in names], unknown


def k_problem(k: int | None) -> str | None:
    """What is wrong with a threshold, or None."""
    if k is None:
        return "Enter the group size, a whole number."
    if k < MIN_K:
        return f"The group size must be at least {MIN_K}: a group of 1 is the person alone."
    if k > MAX_K:
        return f"The group size can be at most {MAX_K}; larger groups than that cannot be reached in practice."
    return None


NOT_STORED = "not stored"  # the value of an answer HMIS does not keep for this person (a child's education)


WITHHELD_DESTINATION_GROUP = "Other"  # destination 9 "Client prefers not to answer" is in HUD's "Other" group


def withheld_value(name: str) -> str | int | tuple[frozenset[str], int]:
    if name == "destination_group":
        return WITHHELD_DESTINATION_GROUP
    return WITHHELD_RACE if name == "race" else WITHHELD


def age_group_bounds(group: str) -> tuple[int, int | None]:
    """(lowest, highest) age in a Q11 bracket; highest is None for the open "65+"."""
    starts = (0, 5, 13, 18, 25, 35, 45, 55, 65)
    i = AGE_GROUPS.index(group)
    return starts[i], (starts[i + 1] - 1 if i + 1 < len(starts) else None)


def month_of(day: date) -> tuple[int, int]:
    return (day.year, day.month)


@dataclass(frozen=True)
class Proposal:
    """The smallest change found: answers to store as 9 and/or approximate the dates; group size after it."""
    withhold: tuple[str, ...]  # element names, in catalogue order
    approximate: bool
    group_size: int

    @property
    def levers(self) -> frozenset[str]:
        return frozenset(self.withhold) | ({APPROXIMATE} if self.approximate else set())


_UNANSWERED = object()


def stores_alike(profile: Mapping[str, Any], other: Mapping[str, Any], elements: Iterable[str],
                 withheld: frozenset[str] = frozenset()) -> bool:
    """Whether `other` would be stored with the same value as `profile` for every element (of `elements`) that
    profile answers, those in `withheld` stored as withheld: saved together, the two would share a group. An
    element `other` has not answered yet matches nothing, as nobody knows yet how it will be stored."""
    return all(other.get(name, _UNANSWERED) == (withheld_value(name) if name in withheld else profile[name])
               for name in elements if name in profile)


def levers_for(profile: Mapping[str, Any], elements: Sequence[str], can_approximate: bool) -> list[str]:
    """The changes open to staff: withholdable answers given and not already 9, and the dates when they can move."""
    locked = profile.get("_locked", ())
    levers = [name for name in elements if ELEMENTS[name].withholdable and name in profile and name not in locked
              and profile[name] not in (None, NOT_STORED) and profile[name] != withheld_value(name)]
    if can_approximate and DATE_ELEMENTS & set(elements):
        levers.append(APPROXIMATE)
    return levers


def _rank(levers: frozenset[str]) -> tuple[int, list[int]]:
    return (len(levers), sorted(PREFERENCE.index(name) for name in levers))


def minimal_proposal(group_size: Callable[[frozenset[str]], int], levers: Sequence[str], k: int) -> Proposal | None:
    """The smallest set of levers whose group reaches k, or None if none does.

    group_size(frozenset of levers) -> the group's size (the person included) with those levers applied.
    Smallest means fewest levers; among equals, the PREFERENCE order decides. Without any lever the group is
    group_size(frozenset()), which the caller already knows is below k.
    """
    candidates = [frozenset(c) for size in range(1, len(levers) + 1) for c in combinations(levers, size)]
    for chosen in sorted(candidates, key=_rank):
        size = group_size(chosen)
        if size >= k:
            withhold = tuple(name for name in ELEMENTS if name in chosen)
            return Proposal(withhold=withhold, approximate=APPROXIMATE in chosen, group_size=size)
    return None


@dataclass(frozen=True)
class Check:
    """One person's live check: group sizes as it would be stored (the person included)."""
    project_size: int
    agency_size: int
    k: int
    decisive: str  # "project" when Project is an element, else "agency"
    proposal: Proposal | None
    levers: tuple[str, ...]

    @property
    def size(self) -> int:
        return self.project_size if self.decisive == "project" else self.agency_size

    @property
    def at_risk(self) -> bool:
        return self.size < self.k

    @property
    def others(self) -> int:
        return self.size - 1


def describe_group(others: int, place: str, pronoun: str = "them") -> str:
    """The panel's plain sentence, e.g. "Only 1 other person in Safe Shelter shares these answers"."""
    if others == 0:
        return f"Nobody else in {place} shares these answers yet: this record alone could identify {pronoun}."
    people = "person" if others == 1 else "people"
    verb = "shares" if others == 1 else "share"
    return f"Only {others} other {people} in {place} {verb} these answers: this record could identify {pronoun}."


def size_bands(k: int) -> list[str]:
    """The report's bands of group sizes, as labels: 1, 2, 3-4, 5..k-1 (those below k), then k or more."""
    labels = [_band_label(low, min(high, k - 1)) for low, high in ((1, 1), (2, 2), (3, 4), (5, k - 1)) if low < k]
    return labels + [f"{k} or more"]


def size_band(size: int, k: int) -> str:
    """The band label of a group size."""
    if size >= k:
        return f"{k} or more"
    for low, high in ((1, 1), (2, 2), (3, 4), (5, k - 1)):
        if low <= size <= high:
            return _band_label(low, min(high, k - 1))
    raise ValueError(f"A group has at least one member, not {size}.")


def _band_label(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


@dataclass(frozen=True)
class TypedMember:
    """What staff typed for one person so far (None: not answered yet); real birth information."""
    birth: BirthInput | None
    dob_choice: int | None
    is_head: bool
    race: frozenset[str]
    race_none: int | None
    sex: int | None
    veteran_status: int | None
    disabling_condition: int | None
    last_grade_completed: int | None
    domestic_violence_survivor: int | None


def entry_profile(member: TypedMember, *, real_start: date, offset_days: int, collects_education: bool,
                  known_adult: bool | None = None) -> Profile:
    """The member's entry elements as HMIS would store them. Unanswered elements are left out (they match anyone).
    known_adult: whether a saved member is an adult, for a correction that keeps the stored DOB (no birth typed).

    The stored start is shifted when the household is approximated, and the age group is that of the stored DOB
    at the stored start, as reports compute it. Children's veteran status is stored as 99, their education and
    DV answers not at all.
    """
    start = stored_start(real_start, offset_days)
    profile: Profile = {"start_month": month_of(start)}
    adult = None
    if member.birth is not None and member.dob_choice is not None:
        stored: StoredBirth | None
        try:
            stored = stored_birth(member.birth, real_start=real_start, offset_days=offset_days,
                                  choice=member.dob_choice)
        except (ValueError, OverflowError):  # birth data the form's own checks refuse
            stored = None
        if stored is not None:
            profile["age_group"] = stored.age_group
            profile["_age"] = age_on(stored.dob, start)
            adult = real_adult(member.birth, real_start)
    elif member.birth is None:
        adult = known_adult
    if member.sex is not None:
        profile["sex"] = member.sex
    if member.race:
        profile["race"] = (frozenset(member.race), None)
    elif member.race_none is not None:
        profile["race"] = (frozenset(), member.race_none)
    if member.disabling_condition is not None:
        profile["disabling_condition"] = member.disabling_condition
    if adult is not None:
        if not adult:  # not asked of children: stored as 99, which staff cannot change
            profile["veteran_status"] = codes.DATA_NOT_COLLECTED
            profile["_locked"] = ("veteran_status",)
        elif member.veteran_status is not None:
            profile["veteran_status"] = member.veteran_status
        asked = adult or member.is_head
        _answer(profile, "domestic_violence", member.domestic_violence_survivor, asked)
        _answer(profile, "education", member.last_grade_completed, asked and collects_education)
    return profile


def _answer(profile: Profile, name: str, value: int | None, asked: bool) -> None:
    if not asked:
        profile[name] = NOT_STORED
    elif value is not None:
        profile[name] = value


def add_household(profiles: list[Profile]) -> list[Profile]:
    """Household size, and type from the stored ages once every age is known, on each member's profile."""
    ages = [p.get("_age") for p in profiles]
    kind = {"household_type": household_type(ages)} if profiles and None not in ages else {}
    return [{**p, "household_size": len(profiles), **kind} for p in profiles]
