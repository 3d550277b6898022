"""The guard's rules: element settings, stored profiles, and the minimal proposal (brute force confirms it)."""
from datetime import date
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from domain import reidentification as reid
from domain.dob import BirthInput

ADULT = reid.TypedMember(birth=BirthInput(dob=date(1987, 3, 14)), dob_choice=1, is_head=True,
                         race=frozenset({"White"}), race_none=None, sex=0, veteran_status=0,
                         disabling_condition=1, last_grade_completed=5, domestic_violence_survivor=1)


def test_parse_elements_keeps_catalogue_order_and_names_unknown_ones():
    assert reid.parse_elements("sex, age_group,,shoe_size") == (["age_group", "sex"], ["shoe_size"])
    assert reid.parse_elements("") == ([], [])


def test_k_bounds():
    assert reid.k_problem(1).startswith("The group size must be at least 2")
    assert reid.k_problem(1001).startswith("The group size can be at most 1000")
    assert reid.k_problem(None) == "Enter the group size, a whole number."
    assert reid.k_problem(2) is None and reid.k_problem(1000) is None


def test_profile_is_as_stored_not_as_typed():
    real = reid.entry_profile(ADULT, real_start=date(2026, 1, 20), offset_days=0, collects_education=True)
    assert real["start_month"] == (2026, 1)
    assert real["race"] == (frozenset({"White"}), None) and real["veteran_status"] == 0
    # 60 days later the stored start is 03/21/2026; the stored DOB is 01/01/1986, 1987 or 1988 (choice 1 -> 1987).
    shifted = reid.entry_profile(ADULT, real_start=date(2026, 1, 20), offset_days=60, collects_education=True)
    assert shifted["start_month"] == (2026, 3)
    assert shifted["age_group"] == "35–44"  # 2026 - 1987 = 39
    withheld = reid.entry_profile(reid.TypedMember(**{**ADULT.__dict__, "race": frozenset(), "race_none": 9}),
                                  real_start=date(2026, 1, 20), offset_days=0, collects_education=False)
    assert withheld["race"] == reid.WITHHELD_RACE
    assert withheld["education"] == reid.NOT_STORED


def test_a_child_stores_99_for_veteran_status_and_nothing_for_dv():
    child = reid.TypedMember(**{**ADULT.__dict__, "birth": BirthInput(dob=date(2015, 6, 30)), "is_head": False,
                                "veteran_status": None})
    profile = reid.entry_profile(child, real_start=date(2026, 2, 1), offset_days=0, collects_education=True)
    assert profile["veteran_status"] == 99
    assert profile["domestic_violence"] == reid.NOT_STORED and profile["education"] == reid.NOT_STORED
    assert reid.levers_for(profile, reid.DEFAULT_ELEMENTS, can_approximate=False) == ["sex", "race",
                                                                                     "disabling_condition"]


def test_household_type_waits_for_every_age():
    adult = reid.entry_profile(ADULT, real_start=date(2026, 2, 1), offset_days=0, collects_education=False)
    unknown = {"start_month": (2026, 2)}
    assert "household_type" not in reid.add_household([adult, unknown])[0]
    both = reid.add_household([adult, adult])
    assert both[0]["household_type"] == "Without children" and both[1]["household_size"] == 2


def test_describe_group_in_plain_words():
    assert reid.describe_group(1, "Safe Shelter", "her") == (
        "Only 1 other person in Safe Shelter shares these answers: this record could identify her.")
    assert reid.describe_group(0, "Safe Shelter").startswith("Nobody else in Safe Shelter")
    assert "3 other people" in reid.describe_group(3, "X")


def test_proposal_prefers_fewer_levers_then_the_fixed_order():
    sizes = {frozenset(): 1, frozenset({"sex"}): 6, frozenset({"education"}): 5, frozenset({"race"}): 7}
    pick = reid.minimal_proposal(lambda chosen: sizes.get(chosen, 1), ["sex", "race", "education"], k=5)
    assert pick == reid.Proposal(withhold=("education",), approximate=False, group_size=5)
    assert reid.minimal_proposal(lambda chosen: 2, ["sex"], k=5) is None


def _brute_force(sizes, levers, k):
    """Every subset, smallest first: the size of the smallest one reaching k (None if none)."""
    for n in range(1, len(levers) + 1):
        if any(sizes[frozenset(c)] >= k for c in combinations(levers, n)):
            return n
    return None


LEVERS = ["sex", "race", "veteran_status", "education", reid.APPROXIMATE]


@st.composite
def size_tables(draw):
    levers = draw(st.lists(st.sampled_from(LEVERS), unique=True, max_size=5))
    subsets = [frozenset(c) for n in range(len(levers) + 1) for c in combinations(levers, n)]
    return levers, {s: draw(st.integers(1, 12)) for s in subsets}


@settings(max_examples=300)
@given(size_tables(), st.integers(2, 12))
def test_proposal_is_minimal_and_reaches_k(table, k):
    levers, sizes = table
    pick = reid.minimal_proposal(sizes.__getitem__, levers, k)
    smallest = _brute_force(sizes, levers, k)
    if smallest is None:
        assert pick is None
    else:
        assert len(pick.levers) == smallest  # no smaller set of changes reaches k
        assert sizes[pick.levers] >= k and pick.group_size == sizes[pick.levers]
